// the governors' digest: `digest` from the DSL or headteacher posts the term's digest to the governors'
// channel, once a term (asked again, it says when it was posted and how many have read it, with "Post
// it again" for a post that was lost); each governor's "I have read this" is recorded, and the DSL
// sees who has read it. the posting is the app's (src/app/digest): this file parses, calls and renders.
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Digest, SchoolProfile } from '../../domain/index.js';
import { identify, personById } from '../../app/identity.js';
import { digestStatus, postDigestAgain, postTermDigest, type DigestPostingDeps, type DigestStatus } from '../../app/digest/post-digest.js';
import { digestPostedView } from '../../app/digest/digest-views.js';
import type { SendOutcome } from '../../app/digest/digest-sender.js';
import type { ComplianceRecords } from '../../ports/compliance-records.js';
import type { IncidentStore } from '../../ports/incident-store.js';
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
  /** sends a digest post just queued in the outbox, now (DigestSender.sendNow): what Teams does not take now is retried */
  sendNow: (key: string) => Promise<SendOutcome>;
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

/** the use cases' dependencies: a digest is queued with its record and sent at once when Teams takes it */
const posting = (deps: DigestRouteDeps): DigestPostingDeps => ({
  store: deps.store,
  records: deps.records,
  profile: deps.profile,
  now: deps.now,
  sendNow: deps.sendNow,
});

/** the channel's card for a digest (the digest sender's compose), with the chart when there is one */
export function digestChannelMessage(chart?: (digest: Digest) => string | undefined) {
  return (digestId: string, digest: Digest) => {
    const uri = chart?.(digest);
    return { card: digestCard({ digestId, digest, ...(uri ? { chartDataUri: uri } : {}) }), summary: 'Online safety: the termly digest' };
  };
}

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
      if (result.queued) {
        deps.logger.warn({ event: 'digest-repost-queued', term: result.status.termName }, 'governors digest waits to be posted again');
        return postedCard(
          result.status,
          `Teams did not take it just now: the bot keeps trying to post it again to the ${channelName} channel.`,
        );
      }
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
        if (!result.posted && result.queued) {
          deps.logger.warn({ event: 'digest-queued', term: result.status.termName }, 'governors digest waits to be posted');
          const { digestId, digest } = result;
          return digestCard({
            digestId,
            digest,
            ...withChart(deps, digest),
            readBy: [],
            notice: `Teams did not take it just now: the bot keeps trying, and it will appear in the ${channelName} channel shortly.`,
          });
        }
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
