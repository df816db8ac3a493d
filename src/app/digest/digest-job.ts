// the termly digest as a scheduled job: on the last day of each term at 16:00 (London), and caught up
// the first time the bot runs after a term has ended. The period is the term, and the job asks the same
// once-a-term question as the `digest` command (postTermDigest), so a term posted by hand is not posted
// again. the post goes through the channel-post outbox: a bot restarted at any moment still posts once.
import { differenceInCalendarDays, parseISO } from 'date-fns';
import { digestRows, lastTermEnded, londonDate, schoolCalendar } from '../../domain/index.js';
import type { Json } from '../../ports/incident-store.js';
import type { Logger } from '../../observability/logger.js';
import type { ScheduledJob } from '../scheduler/scheduler.js';
import { collectDigest } from './collect.js';
import { whenPosted } from './digest-views.js';
import { digestStatus, postTermDigest, type DigestPostingDeps } from './post-digest.js';

/** a bot installed long after a term ended does not post that old term's digest out of the blue */
const CATCH_UP_DAYS = 14;

export function digestJob(deps: DigestPostingDeps & { logger?: Logger }): ScheduledJob {
  const calendar = schoolCalendar(deps.profile);
  return {
    name: 'digest',
    description:
      "On the last day of each term at 16:00: posts the governors' digest for the term to their channel, unless the term's digest was posted already (by `digest`).",
    cron: '0 16 * * 1-5',
    periodKey: (now) => `digest-${lastTermEnded(now, calendar)?.start ?? 'none'}`,
    run: async (context): Promise<Json> => {
      const term = lastTermEnded(context.now, calendar);
      if (!term) {
        context.report('no term has ended yet: nothing to post');
        return { posted: false, term: null };
      }
      if (differenceInCalendarDays(parseISO(londonDate(context.now)), parseISO(term.end)) > CATCH_UP_DAYS) {
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
      // the digest of that term: its last day at noon falls inside it
      const at = new Date(`${term.end}T12:00:00Z`);
      if (context.dryRun) {
        // figures only, as the governors would read them (small counts hidden): never a name
        const digest = await collectDigest({ store: deps.store, records: deps.records, profile: deps.profile, at, term });
        context.report(`would post the digest for ${term.name} to the governors channel:`);
        for (const row of digestRows(digest)) context.report(`  ${row.section}: ${row.label}: ${row.thisTerm}`);
        return { posted: false, term: term.name };
      }
      const result = await postTermDigest(deps, at, 'the bot, at the end of term');
      if (result.posted) {
        deps.logger?.info({ event: 'digest-posted', term: term.name }, 'governors digest posted');
        return { posted: true, term: term.name };
      }
      if (result.queued) {
        context.report(`the digest for ${term.name} is queued: Teams has not taken it yet, and the bot keeps trying`);
        return { posted: false, term: term.name, queued: true };
      }
      context.report(`the digest for ${term.name} was posted a moment ago by someone else: not posted again`);
      return { posted: false, term: term.name, postedAlready: true };
    },
  };
}
