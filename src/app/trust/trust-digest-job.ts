// the trust-level digest as a scheduled job: after the trust's term ends (the calendar of the school the
// trust file names), each school's digest for its own last term is collected from that school's records
// (the same suppression as its governors see), put side by side, and queued 1:1 for the trust's CEO and
// safeguarding lead, once per term (the reminder key names the term and the person).
import { differenceInCalendarDays, parseISO } from 'date-fns';
import {
  lastTermEnded,
  londonDate,
  schoolCalendar,
  trustDigest,
  TRUST_DIGEST_COLUMNS,
  type Person,
  type SchoolProfile,
  type TrustDigestColumn,
} from '../../domain/index.js';
import type { Json } from '../../ports/incident-store.js';
import type { IncidentStore } from '../../ports/incident-store.js';
import type { ComplianceRecords } from '../../ports/compliance-records.js';
import type { ReminderOutbox } from '../../ports/reminder-outbox.js';
import type { ScheduledJob } from '../scheduler/scheduler.js';
import { collectDigest } from '../digest/collect.js';

export const TRUST_DIGEST_KIND = 'trust-digest';
const CATCH_UP_DAYS = 14;

export interface TrustDigestDeps {
  trust: string;
  /** whose term dates the trust follows */
  calendar: SchoolProfile;
  schools: readonly { profile: SchoolProfile; store: IncidentStore; records: ComplianceRecords }[];
  recipients: readonly Person[];
  reminders: ReminderOutbox;
  /** the clock the digest is queued by (it goes at once); the job's own `now` picks the term */
  clock?: () => Date;
}

/** each school's figures for its last ended term, side by side (figures only: never a name) */
export async function collectTrustDigest(deps: Pick<TrustDigestDeps, 'trust' | 'schools'>, now: Date) {
  const entries = [];
  for (const school of deps.schools) {
    const term = lastTermEnded(now, schoolCalendar(school.profile));
    if (!term) continue;
    const digest = await collectDigest({
      store: school.store,
      records: school.records,
      profile: school.profile,
      at: new Date(`${term.end}T12:00:00Z`),
      term,
    });
    entries.push({ school: school.profile.school.name, digest });
  }
  return trustDigest(deps.trust, entries);
}

export function trustDigestJob(deps: TrustDigestDeps): ScheduledJob {
  const calendar = schoolCalendar(deps.calendar);
  return {
    name: 'trust-digest',
    description: "On the last day of each term at 16:30: sends the trust's CEO and safeguarding lead each school's figures for the term.",
    cron: '30 16 * * 1-5',
    periodKey: (now) => `trust-digest-${lastTermEnded(now, calendar)?.start ?? 'none'}`,
    run: async (context): Promise<Json> => {
      const term = lastTermEnded(context.now, calendar);
      if (!term) {
        context.report('no term has ended yet: nothing to send');
        return { queued: 0, term: null };
      }
      if (differenceInCalendarDays(parseISO(londonDate(context.now)), parseISO(term.end)) > CATCH_UP_DAYS) {
        context.report(`${term.name} ended on ${term.end}, more than two weeks ago: not sent`);
        return { queued: 0, term: term.name };
      }
      const view = await collectTrustDigest(deps, context.now);
      if (context.dryRun) {
        // as the trust's CEO and safeguarding lead would read it: figures only, small numbers hidden
        const line = (figures: Record<TrustDigestColumn, string>) =>
          TRUST_DIGEST_COLUMNS.map((c) => `${c.label} ${figures[c.key]}`).join('; ');
        for (const s of view.schools)
          context.report(`${s.school} (${s.term}): ${line(s.figures)}; median hours to a decision ${s.medianHours}`);
        context.report(`Trust totals: ${line(view.totals)}`);
        return { queued: 0, term: term.name, schools: view.schools.length };
      }
      const queuedAt = (deps.clock ?? (() => context.now))();
      const queued = await deps.reminders.enqueue(
        deps.recipients.map((p) => ({
          key: `trust-digest-${term.start}:${p.aadObjectId}`,
          kind: TRUST_DIGEST_KIND,
          recipient: p.aadObjectId,
          notBefore: queuedAt.toISOString(),
          data: view as unknown as Json,
        })),
        queuedAt,
      );
      return { queued, term: term.name, schools: view.schools.length };
    },
  };
}
