// the governors' digest: `digest` from the DSL or headteacher posts the term's digest to the governors'
// channel, once a term (asked again, it says when it was posted and how many have read it, with "Post
// it again" for a post that was lost); each governor's "I have read this" is recorded, and the DSL
// sees who has read it. the posting is the app's (src/app/digest): this file parses, calls and renders.
import { z } from 'zod';
import { may, type Digest, type SchoolProfile } from '../../domain/index.js';
import { personById, type Identity } from '../../app/identity.js';
import {
  digestOf,
  digestStatus,
  postDigestAgain,
  postTermDigest,
  type DigestPostingDeps,
  type DigestStatus,
} from '../../app/digest/post-digest.js';
import { digestPostedView } from '../../app/digest/digest-views.js';
import type { SendOutcome } from '../../app/digest/digest-sender.js';
import type { ComplianceRecords } from '../../ports/compliance-records.js';
import type { IncidentStore } from '../../ports/incident-store.js';
import type { Logger } from '../../observability/logger.js';
import type { AdaptiveCard } from './cards/card.js';
import { cardRoute, type CardRoute } from './turn.js';
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

// what the digest cards send: the digest's id, and on "post it again" how many posts its card had seen
const onDigest = z.object({ digestId: z.string().default('') });
const repost = onDigest.extend({ posts: z.coerce.number().optional() });

export interface DigestRoutes {
  routes: CardRoute[];
  /** `digest`, typed by the DSL or the headteacher: the term's digest posted once, or how it stands */
  digest(who: Identity): Promise<AdaptiveCard>;
}

export function digestRoutes(deps: DigestRouteDeps): DigestRoutes {
  const { profile } = deps;
  const nameOf = (id: string | undefined) => personById(profile, id)?.displayName ?? 'Unknown';
  const isLead = (who: Identity) => may(who, 'post-digest');
  const channelName = profile.channels.governors.name ?? 'governors’';
  const postedCard = (status: DigestStatus, notice?: string) => digestPostedCard(digestPostedView(status, deps.now(), channelName, notice));
  /** the read-receipt view: the digest as posted, and who has read it (any copy) */
  const readers = async (digestId: string, digest: Digest) => {
    const reads = await deps.records.reads(digestId);
    return digestCard({ digestId, digest, ...withChart(deps, digest), readBy: reads.map((r) => r.personName) });
  };

  const read = cardRoute(VERB_DIGEST_READ, onDigest, async ({ who }, { digestId }) => {
    const saved = await deps.records.digest(digestId);
    if (!saved) return NOT_FOUND;
    const digest = digestOf(saved);
    const id = who.aadObjectId;
    if (may(who, 'read-digest') && id) {
      await deps.records.recordRead(digestId, { id, name: nameOf(id) }, deps.now());
      deps.logger.info({ event: 'digest-read', term: saved.termName }, 'a governor read the digest');
      return digestCard({ digestId, digest, ...withChart(deps, digest), notice: `Thank you, ${nameOf(id)}: your reading is recorded.` });
    }
    if (isLead(who)) return readers(digestId, digest);
    return NOT_FOR_YOU;
  });

  const whoRead = cardRoute(VERB_DIGEST_READERS, onDigest, async ({ who }, { digestId }) => {
    if (!isLead(who)) return NOT_FOR_YOU;
    const saved = await deps.records.digest(digestId);
    return saved ? readers(saved.id, digestOf(saved)) : NOT_FOUND;
  });

  const status = cardRoute(VERB_DIGEST_STATUS, onDigest, async ({ who }, { digestId }) => {
    if (!isLead(who)) return NOT_FOR_YOU;
    const saved = await deps.records.digest(digestId);
    return saved ? postedCard(await digestStatus(deps, saved)) : NOT_FOUND;
  });

  const again = cardRoute(VERB_DIGEST_REPOST, onDigest, async ({ who }, { digestId }) => {
    if (!isLead(who)) return NOT_FOR_YOU;
    const saved = await deps.records.digest(digestId);
    return saved ? digestRepostConfirmCard(digestPostedView(await digestStatus(deps, saved), deps.now(), channelName)) : NOT_FOUND;
  });

  const againConfirmed = cardRoute(VERB_DIGEST_REPOST_CONFIRM, repost, async ({ who }, { digestId, posts: seen }) => {
    if (!isLead(who)) return NOT_FOR_YOU;
    if (seen === undefined || !Number.isInteger(seen) || seen < 1) return NOT_FOUND;
    try {
      const result = await postDigestAgain(posting(deps), digestId, seen, nameOf(who.aadObjectId));
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

  /** the term's digest just posted (or queued to be), read by nobody yet */
  const fresh = ({ digestId, digest }: { digestId: string; digest: Digest }, notice: string) =>
    digestCard({ digestId, digest, ...withChart(deps, digest), readBy: [], notice });

  return {
    routes: [read, whoRead, status, again, againConfirmed],
    async digest(who) {
      if (!isLead(who)) return NOT_FOR_YOU;
      try {
        const result = await postTermDigest(posting(deps), deps.now(), nameOf(who.aadObjectId));
        if (!result.posted && result.queued) {
          deps.logger.warn({ event: 'digest-queued', term: result.status.termName }, 'governors digest waits to be posted');
          return fresh(
            result,
            `Teams did not take it just now: the bot keeps trying, and it will appear in the ${channelName} channel shortly.`,
          );
        }
        if (!result.posted) {
          deps.logger.info(
            { event: 'digest-posted-already', term: result.status.termName },
            'governors digest posted already this term: not posted again',
          );
          return postedCard(result.status);
        }
        deps.logger.info({ event: 'digest-posted', term: result.digest.term.name }, 'governors digest posted');
        return fresh(result, 'Posted to the governors’ channel. Press "I have read this" here later to see who has read it.');
      } catch (error) {
        logFailure(deps.logger, 'digest-post-failed', error);
        return POST_FAILED;
      }
    },
  };
}
