// the governors' digest: `digest` from the DSL or headteacher posts the term's digest to the governors'
// channel, once a term (asked again, it says when it was posted and how many have read it, with "Post
// it again" for a post that was lost); each governor's "I have read this" is recorded, and the DSL
// sees who has read it.
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { londonDate, schoolCalendar, type Digest, type SchoolProfile } from '../../domain/index.js';
import type { ScheduledJob } from '../../app/scheduler/scheduler.js';
import { identify, personById } from '../../app/identity.js';
import { digestStatus, postDigestAgain, postTermDigest, type DigestPostingDeps, type DigestStatus } from '../../app/digest/post-digest.js';
import { digestPostedView, whenPosted } from '../../app/digest/digest-views.js';
import type { ComplianceRecords } from '../../ports/compliance-records.js';
import type { IncidentStore, Json } from '../../ports/incident-store.js';
import type { Logger } from '../../observability/logger.js';
import type { AdaptiveCard } from './cards/card.js';
import { onCardAction } from './card-actions.js';
import {
  VERB_DIGEST_READ,
  VERB_DIGEST_READERS,
  VERB_DIGEST_REPOST,
  VERB_DIGEST_REPOST_CONFIRM,
  VERB_DIGEST_STATUS,
  digestCard,
  digestPostedCard,
  digestRepostConfirmCard,
} from './cards/digest-card.js';
import { noticeCard } from './cards/compliance-cards.js';

export interface DigestRouteDeps {
  store: IncidentStore;
  records: ComplianceRecords;
  profile: SchoolProfile;
  logger: Logger;
  now: () => Date;
  /** posts a card to the profile's governors' channel */
  postToGovernors: (card: AdaptiveCard) => Promise<void>;
  /** the chart as a PNG data URI, when charts are available */
  chart?: (digest: Digest) => string | undefined;
}

const POST_FAILED = noticeCard({
  title: 'The digest could not be posted',
  lines: [
    'Sorry, something went wrong on our side and nothing was posted to the governors. Please try again in a few minutes. If it keeps happening, let whoever looks after the bot know: the details are in its log.',
  ],
});
const NOT_FOR_YOU = noticeCard({
  title: "You don't have permission to do that",
  lines: ['The digest is posted by the DSL or the headteacher and read by the governors. Nothing was changed.'],
});
const NOT_FOUND = noticeCard({ title: 'This digest could not be found', lines: ['Nothing was changed.'] });

const withChart = (deps: DigestRouteDeps, digest: Digest) => {
  const chart = deps.chart?.(digest);
  return chart ? { chartDataUri: chart } : {};
};

/** the use cases' dependencies: a digest reaches the channel as its card, with the chart */
const posting = (deps: DigestRouteDeps): DigestPostingDeps => ({
  store: deps.store,
  records: deps.records,
  profile: deps.profile,
  now: deps.now,
  publish: (digestId, digest) => deps.postToGovernors(digestCard({ digestId, digest, ...withChart(deps, digest) })),
});

/** the error's detail is for whoever runs the bot (a store's or Graph's wording, ids, paths); logged without anyone's name */
function logFailure(logger: Logger, event: string, error: unknown): void {
  const { name, message } = error instanceof Error ? error : { name: typeof error, message: String(error) };
  logger.error({ event, err: { name, message } }, 'could not post the digest');
}

export function registerDigestRoutes(
  app: Application<TurnState>,
  deps: DigestRouteDeps,
): { digest(context: TurnContext): Promise<AdaptiveCard> } {
  const { profile } = deps;
  const nameOf = (id: string | undefined) => personById(profile, id)?.displayName ?? 'Unknown';
  const isLead = (context: TurnContext) =>
    identify(profile, context.activity.from?.aadObjectId).roles.some((r) => r === 'dsl' || r === 'deputy-dsl' || r === 'headteacher');
  const isGovernor = (context: TurnContext) => {
    const who = identify(profile, context.activity.from?.aadObjectId);
    return who.isGovernor || who.roles.includes('chair-of-governors');
  };
  const channelName = profile.channels.governors.name ?? 'governors’';
  const digestIdOf = (data: unknown) => String((data as { digestId?: unknown } | undefined)?.digestId ?? '');
  const postedCard = (status: DigestStatus, notice?: string) => digestPostedCard(digestPostedView(status, deps.now(), channelName, notice));
  /** the read-receipt view: the digest as posted, and who has read it (any copy) */
  const readers = async (digestId: string, digest: Digest) => {
    const reads = await deps.records.reads(digestId);
    return digestCard({ digestId, digest, ...withChart(deps, digest), readBy: reads.map((r) => r.personName) });
  };

  onCardAction(app, VERB_DIGEST_READ, async (context, _state, data) => {
    const digestId = digestIdOf(data);
    const saved = await deps.records.digest(digestId);
    if (!saved) return NOT_FOUND;
    const digest = saved.digest as unknown as Digest;
    const id = context.activity.from?.aadObjectId;
    if (isGovernor(context) && id) {
      await deps.records.recordRead(digestId, { id, name: nameOf(id) }, deps.now());
      deps.logger.info({ event: 'digest-read', term: saved.termName }, 'a governor read the digest');
      return digestCard({ digestId, digest, ...withChart(deps, digest), notice: `Thank you, ${nameOf(id)}: your reading is recorded.` });
    }
    if (isLead(context)) return readers(digestId, digest);
    return NOT_FOR_YOU;
  });

  onCardAction(app, VERB_DIGEST_READERS, async (context, _state, data) => {
    if (!isLead(context)) return NOT_FOR_YOU;
    const saved = await deps.records.digest(digestIdOf(data));
    return saved ? readers(saved.id, saved.digest as unknown as Digest) : NOT_FOUND;
  });

  onCardAction(app, VERB_DIGEST_STATUS, async (context, _state, data) => {
    if (!isLead(context)) return NOT_FOR_YOU;
    const saved = await deps.records.digest(digestIdOf(data));
    return saved ? postedCard(await digestStatus(deps, saved)) : NOT_FOUND;
  });

  onCardAction(app, VERB_DIGEST_REPOST, async (context, _state, data) => {
    if (!isLead(context)) return NOT_FOR_YOU;
    const saved = await deps.records.digest(digestIdOf(data));
    return saved ? digestRepostConfirmCard(digestPostedView(await digestStatus(deps, saved), deps.now(), channelName)) : NOT_FOUND;
  });

  onCardAction(app, VERB_DIGEST_REPOST_CONFIRM, async (context, _state, data) => {
    if (!isLead(context)) return NOT_FOR_YOU;
    const seen = Number((data as { posts?: unknown } | undefined)?.posts);
    if (!Number.isInteger(seen) || seen < 1) return NOT_FOUND;
    try {
      const result = await postDigestAgain(posting(deps), digestIdOf(data), seen, nameOf(context.activity.from?.aadObjectId));
      if (!result.ok && result.why === 'not-found') return NOT_FOUND;
      if (!result.ok) return postedCard(result.status, 'It had just been posted again: nothing more was posted.');
      deps.logger.info({ event: 'digest-reposted', term: result.status.termName }, 'governors digest posted again');
      return postedCard(result.status, `Posted again to the ${channelName} channel.`);
    } catch (error) {
      logFailure(deps.logger, 'digest-repost-failed', error);
      return POST_FAILED;
    }
  });

  return {
    async digest(context) {
      if (!isLead(context)) return NOT_FOR_YOU;
      try {
        const result = await postTermDigest(posting(deps), deps.now(), nameOf(context.activity.from?.aadObjectId));
        if (!result.posted) {
          deps.logger.info(
            { event: 'digest-posted-already', term: result.status.termName },
            'governors digest posted already this term: not posted again',
          );
          return postedCard(result.status);
        }
        deps.logger.info({ event: 'digest-posted', term: result.digest.term.name }, 'governors digest posted');
        const { digestId, digest } = result;
        return digestCard({
          digestId,
          digest,
          ...withChart(deps, digest),
          readBy: [],
          notice: 'Posted to the governors’ channel. Press "I have read this" here later to see who has read it.',
        });
      } catch (error) {
        logFailure(deps.logger, 'digest-post-failed', error);
        return POST_FAILED;
      }
    },
  };
}

/**
 * the termly digest as a scheduled job: on the last day of each term at 16:00 (London), and caught up
 * the first time the bot runs after a term has ended. The period is the term, and the job asks the same
 * once-a-term question as the `digest` command (postTermDigest), so a term posted by hand is not posted again.
 */
export function digestJob(deps: DigestRouteDeps): ScheduledJob {
  const calendar = schoolCalendar(deps.profile);
  /** the term that ended most recently, counting a term that ends today */
  const lastEnded = (now: Date) => [...calendar.terms].reverse().find((t) => t.end <= londonDate(now));
  return {
    name: 'digest',
    description:
      "On the last day of each term at 16:00: posts the governors' digest for the term to their channel, unless the term's digest was posted already (by `digest`).",
    cron: '0 16 * * 1-5',
    periodKey: (now) => `digest-${lastEnded(now)?.start ?? 'none'}`,
    run: async (context): Promise<Json> => {
      const term = lastEnded(context.now);
      if (!term) {
        context.report('no term has ended yet: nothing to post');
        return { posted: false, term: null };
      }
      // a bot installed long after a term ended does not post that old term's digest out of the blue
      if (Date.parse(`${londonDate(context.now)}T00:00:00Z`) - Date.parse(`${term.end}T00:00:00Z`) > 14 * 86_400_000) {
        context.report(`${term.name} ended on ${term.end}, more than two weeks ago: not posted (the DSL can type digest)`);
        return { posted: false, term: term.name };
      }
      // the same once-a-term check as the `digest` command: a term posted by hand is not posted again
      const known = await deps.records.digestForTerm(term.start);
      if (known) {
        const { first } = await digestStatus(deps, known);
        context.report(
          `the digest for ${term.name} was posted already (${whenPosted(first.postedAt ?? first.startedAt, context.now)}): not posted again`,
        );
        return { posted: false, term: term.name, postedAlready: true };
      }
      if (context.dryRun) {
        context.report(`would post the digest for ${term.name} to the governors channel`);
        return { posted: false, term: term.name };
      }
      // the digest of that term: its last day at noon falls inside it
      const result = await postTermDigest(posting(deps), new Date(`${term.end}T12:00:00Z`), 'the bot, at the end of term');
      if (!result.posted) {
        context.report(`the digest for ${term.name} was posted a moment ago by someone else: not posted again`);
        return { posted: false, term: term.name, postedAlready: true };
      }
      deps.logger.info({ event: 'digest-posted', term: term.name }, 'governors digest posted');
      return { posted: true, term: term.name };
    },
  };
}
