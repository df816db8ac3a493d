import { londonDate } from '../calendar.js';

// the scheduled compliance jobs as data: when each runs (a croner pattern on the London clock, run by
// the app's scheduler), what it is for, and the period each run covers. A period key names the job and
// its period (aup-2026-09); the job-run store keys on it, so each period runs once.

export const JOB_NAMES = ['aup', 'training', 'leavers', 'passwords', 'policy-review', 'filtering-review', 'safer-internet-day'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface ComplianceJob {
  name: JobName;
  /** croner pattern (minute hour day-of-month month day-of-week), evaluated in Europe/London */
  cron: string;
  /** what it does and when, in plain English */
  description: string;
  /** the seed sections the duty comes from */
  source: string;
  /** the period an instant falls in, e.g. aup-2026-09 */
  periodKey(instant: Date): string;
}

type Period = 'month' | 'half-year' | 'school-year' | 'year';

const parts = (instant: Date) => {
  const [y, m] = londonDate(instant).split('-').map(Number) as [number, number];
  return { y, m };
};

const KEY_OF: Record<Period, (instant: Date) => string> = {
  month: (instant) => londonDate(instant).slice(0, 7),
  'half-year': (instant) => {
    const { y, m } = parts(instant);
    return `${y}-${m <= 6 ? 'H1' : 'H2'}`;
  },
  // a school year runs from 1 September and is named by the year it starts in
  'school-year': (instant) => {
    const { y, m } = parts(instant);
    return String(m >= 9 ? y : y - 1);
  },
  year: (instant) => String(parts(instant).y),
};

const SHAPE_OF: Record<Period, RegExp> = {
  month: /^\d{4}-(0[1-9]|1[0-2])$/,
  'half-year': /^\d{4}-H[12]$/,
  'school-year': /^\d{4}$/,
  year: /^\d{4}$/,
};

const job = (name: JobName, period: Period, cron: string, description: string, source: string): ComplianceJob & { period: Period } => ({
  name,
  period,
  cron,
  description,
  source,
  periodKey: (instant) => `${name}-${KEY_OF[period](instant)}`,
});

const JOBS = [
  job(
    'aup',
    'month',
    '0 8 1 * *',
    'Monthly, at 08:00 on the 1st: asks staff and governors to agree the acceptable use policy when they have not, when a new version is out, or when their agreement has expired or expires within the warning days.',
    'Camden 3.3 (annually, and on appointment), Bentley 3.1 and 7, first school 4 and 12',
  ),
  job(
    'training',
    'month',
    '5 8 1 * *',
    'Monthly, at 08:05 on the 1st: reminds people of online-safety training that is due or overdue, and sends the headteacher the list of who is overdue.',
    'Bentley 11, Camden 3.5.1',
  ),
  job(
    'leavers',
    'month',
    '10 8 1 * *',
    'Monthly, at 08:10 on the 1st: lists accounts of people who have left or have not signed in for a long time, for IT support to disable or keep.',
    'first school 19 (zombie accounts), Bentley 3.4 (monthly security check), Camden 3.5.3',
  ),
  job(
    'passwords',
    'half-year',
    '15 8 1 * *',
    'Checked monthly, at 08:15 on the 1st, run once each half-year (January to June, July to December): reminds staff to change their password.',
    'Camden 3.1 (every 6 months)',
  ),
  job(
    'policy-review',
    'school-year',
    '0 9 1 9 *',
    'Yearly, at 09:00 on 1 September: reminds the DSL and headteacher to review the online-safety policy with the governors.',
    'Camden 2.3.2, Bentley 3.1 and 12, Bawtry',
  ),
  job(
    'filtering-review',
    'school-year',
    '5 9 1 9 *',
    'Yearly, at 09:05 on 1 September: reminds IT support, the DSL and the governors to review filtering and monitoring.',
    'Camden 2.3.2',
  ),
  job(
    'safer-internet-day',
    'year',
    '0 8 1 2 *',
    'Yearly, at 08:00 on 1 February: tells staff the date of Safer Internet Day so lessons can be planned; not sent once the day has passed.',
    'first school 12, Bentley 3.3',
  ),
];

export const COMPLIANCE_JOBS: Readonly<Record<JobName, ComplianceJob>> = Object.freeze(
  Object.fromEntries(JOBS.map(({ period: _period, ...j }) => [j.name, j])) as Record<JobName, ComplianceJob>,
);

/**
 * Safer Internet Day, YYYY-MM-DD: the Tuesday of the second week of February, i.e. the first Tuesday on
 * or after 5 February (2023-02-07, 2024-02-06, 2025-02-11, 2026-02-10, 2027-02-09). Not always the
 * second Tuesday: in 2024 it was the first.
 */
export function saferInternetDay(year: number): string {
  const fifth = new Date(Date.UTC(year, 1, 5));
  const tuesday = 5 + ((2 - fifth.getUTCDay() + 7) % 7);
  return `${year}-02-${String(tuesday).padStart(2, '0')}`;
}

/**
 * The period keys to run now, at most one: the current period, unless it has finished already. After
 * downtime the current period is run once; periods missed entirely are not replayed one by one (this
 * month's reminder replaces last month's). Safer Internet Day's run is only due from 1 February to the
 * day itself. Throws when lastFinishedPeriod is not a period of this job (a programming error).
 */
export function dueRuns(job: JobName, lastFinishedPeriod: string | undefined, now: Date): string[] {
  const spec = JOBS.find((j) => j.name === job);
  if (!spec) throw new Error(`"${job}" is not a compliance job`);
  if (lastFinishedPeriod !== undefined) {
    const prefix = `${job}-`;
    if (!lastFinishedPeriod.startsWith(prefix) || !SHAPE_OF[spec.period].test(lastFinishedPeriod.slice(prefix.length))) {
      throw new Error(`"${lastFinishedPeriod}" is not a period of the ${job} job`);
    }
  }
  const current = spec.periodKey(now);
  // keys of one job sort by time (4-digit years, 2-digit months, H1 before H2)
  if (lastFinishedPeriod !== undefined && lastFinishedPeriod >= current) return [];
  if (job === 'safer-internet-day') {
    const day = londonDate(now);
    const year = Number(day.slice(0, 4));
    if (day < `${year}-02-01` || day > saferInternetDay(year)) return [];
  }
  return [current];
}
