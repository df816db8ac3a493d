// the governors' digest: `digest` from the DSL or headteacher posts it to the governors' channel now;
// each governor's "I have read this" is recorded, and the DSL sees who has read it.
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { londonDate, schoolCalendar, type Digest, type SchoolProfile } from '../../domain/index.js';
import type { ScheduledJob } from '../../app/scheduler/scheduler.js';
import { identify, personById } from '../../app/identity.js';
import { collectDigest } from '../../app/digest/collect.js';
import type { ComplianceRecords } from '../../ports/compliance-records.js';
import type { IncidentStore, Json } from '../../ports/incident-store.js';
import type { Logger } from '../../observability/logger.js';
import type { AdaptiveCard } from './cards/card.js';
import { onCardAction } from './card-actions.js';
import { VERB_DIGEST_READ, digestCard } from './cards/digest-card.js';
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
  lines: ['Sorry, something went wrong on our side and nothing was posted to the governors. Please try again in a few minutes. If it keeps happening, let whoever looks after the bot know: the details are in its log.'],
});
const NOT_FOR_YOU = noticeCard({ title: "You don't have permission to do that", lines: ['The digest is posted by the DSL or the headteacher and read by the governors. Nothing was changed.'] });

/** makes, records and posts the digest for the term containing `at`; returns the card and its id */
export async function postDigest(deps: DigestRouteDeps, at: Date, by: string): Promise<{ id: string; digest: Digest; card: AdaptiveCard; chart?: string }> {
  const digest = await collectDigest({ store: deps.store, records: deps.records, profile: deps.profile, at });
  const id = randomUUID();
  await deps.records.saveDigest({ id, termName: digest.term.name, createdAt: at.toISOString(), createdBy: by, digest: digest as unknown as Json });
  const chart = deps.chart?.(digest);
  const card = digestCard({ digestId: id, digest, ...(chart ? { chartDataUri: chart } : {}) });
  await deps.postToGovernors(card);
  deps.logger.info({ event: 'digest-posted', term: digest.term.name }, 'governors digest posted');
  return { id, digest, card, ...(chart ? { chart } : {}) };
}

export function registerDigestRoutes(app: Application<TurnState>, deps: DigestRouteDeps): { digest(context: TurnContext): Promise<AdaptiveCard> } {
  const { profile } = deps;
  const nameOf = (id: string | undefined) =>
    personById(profile, id)?.displayName ?? 'Unknown';
  const isLead = (context: TurnContext) => identify(profile, context.activity.from?.aadObjectId).roles.some((r) => r === 'dsl' || r === 'deputy-dsl' || r === 'headteacher');
  const withChart = (digest: Digest) => {
    const chart = deps.chart?.(digest);
    return chart ? { chartDataUri: chart } : {};
  };
  const isGovernor = (context: TurnContext) => {
    const who = identify(profile, context.activity.from?.aadObjectId);
    return who.isGovernor || who.roles.includes('chair-of-governors');
  };

  onCardAction(app, VERB_DIGEST_READ, async (context, _state, data) => {
    const digestId = String((data as { digestId?: unknown } | undefined)?.digestId ?? '');
    const saved = await deps.records.digest(digestId);
    if (!saved) return noticeCard({ title: 'This digest could not be found', lines: ['Nothing was changed.'] });
    const digest = saved.digest as unknown as Digest;
    const id = context.activity.from?.aadObjectId;
    if (isGovernor(context) && id) {
      await deps.records.recordRead(digestId, { id, name: nameOf(id) }, deps.now());
      deps.logger.info({ event: 'digest-read', term: saved.termName }, 'a governor read the digest');
      return digestCard({ digestId, digest, ...withChart(digest), notice: `Thank you, ${nameOf(id)}: your reading is recorded.` });
    }
    if (isLead(context)) {
      const reads = await deps.records.reads(digestId);
      return digestCard({ digestId, digest, ...withChart(digest), readBy: reads.map((r) => r.personName) });
    }
    return NOT_FOR_YOU;
  });

  return {
    async digest(context) {
      if (!isLead(context)) return NOT_FOR_YOU;
      try {
        const posted = await postDigest(deps, deps.now(), nameOf(context.activity.from?.aadObjectId));
        return digestCard({ digestId: posted.id, digest: posted.digest, ...(posted.chart ? { chartDataUri: posted.chart } : {}), readBy: [], notice: 'Posted to the governors’ channel. Press "I have read this" here later to see who has read it.' });
      } catch (error) {
        // the detail is for whoever runs the bot: an error's text can carry a store's or Graph's wording,
        // ids or paths, none of it any use to the DSL. Logged without the name of the person who asked.
        const { name, message } = error instanceof Error ? error : { name: typeof error, message: String(error) };
        deps.logger.error({ event: 'digest-post-failed', err: { name, message } }, 'could not post the digest');
        return POST_FAILED;
      }
    },
  };
}

/**
 * the termly digest as a scheduled job: on the last day of each term at 16:00 (London), and caught up
 * the first time the bot runs after a term has ended. The period is the term, so each term posts once.
 */
export function digestJob(deps: DigestRouteDeps): ScheduledJob {
  const calendar = schoolCalendar(deps.profile);
  /** the term that ended most recently, counting a term that ends today */
  const lastEnded = (now: Date) => [...calendar.terms].reverse().find((t) => t.end <= londonDate(now));
  return {
    name: 'digest',
    description: "On the last day of each term at 16:00: posts the governors' digest for the term to their channel.",
    cron: '0 16 * * 1-5',
    periodKey: (now) => `digest-${lastEnded(now)?.start ?? 'none'}`,
    run: async (context) => {
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
      if (context.dryRun) {
        context.report(`would post the digest for ${term.name} to the governors channel`);
        return { posted: false, term: term.name };
      }
      // the digest of that term: its last day at noon falls inside it
      await postDigest(deps, new Date(`${term.end}T12:00:00Z`), 'the bot (end of term)');
      return { posted: true, term: term.name };
    },
  };
}
