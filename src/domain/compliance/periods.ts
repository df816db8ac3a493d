import { londonDate } from '../calendar.js';
import type { SchoolProfile } from '../school-profile.js';
import { YEARLY, monthBlock, policyReviewCycle, termBlock, type CycleBlock, type ReviewCycle } from './cycles.js';

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
  /** the first day of that period and of the next (YYYY-MM-DD, London) */
  periodOf(instant: Date): CycleBlock;
}

/** what a profile sets about the jobs' cycles; the defaults are the cycles before issue 16 */
export interface JobCycles {
  passwordEveryMonths: number;
  policyReview: ReviewCycle;
}

export const DEFAULT_JOB_CYCLES: JobCycles = Object.freeze({ passwordEveryMonths: 6, policyReview: YEARLY });

export const jobCyclesOf = (profile: Pick<SchoolProfile, 'reviews' | 'terms'>): JobCycles => ({
  passwordEveryMonths: profile.reviews.passwordEveryMonths,
  policyReview: policyReviewCycle(profile),
});

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

interface JobSpec extends ComplianceJob {
  shape: RegExp;
}

const blockOf: Record<Period, (day: string) => CycleBlock> = {
  month: (day) => monthBlock(day, 1, '2000-01'),
  'half-year': (day) => monthBlock(day, 6, '2000-01'),
  'school-year': (day) => monthBlock(day, 12, '2000-09'),
  year: (day) => monthBlock(day, 12, '2000-01'),
};

const job = (name: JobName, period: Period, cron: string, description: string, source: string): JobSpec => ({
  name,
  cron,
  description,
  source,
  shape: SHAPE_OF[period],
  periodKey: (instant) => `${name}-${KEY_OF[period](instant)}`,
  periodOf: (instant) => blockOf[period](londonDate(instant)),
});

/** a job whose period is a block of n months from the anchor month, keyed by the block's first month (passwords-2026-04) */
const everyMonthsJob = (name: JobName, months: number, anchor: string, cron: string, description: string, source: string): JobSpec => ({
  name,
  cron,
  description,
  source,
  shape: SHAPE_OF.month,
  periodKey: (instant) => `${name}-${monthBlock(londonDate(instant), months, anchor).startsOn.slice(0, 7)}`,
  periodOf: (instant) => monthBlock(londonDate(instant), months, anchor),
});

const every = (months: number) => (months === 1 ? 'month' : `${months} months`);

// the password change: half-yearly keeps its H1/H2 keys; any other cycle is keyed by its first month
const passwordsJob = (months: number): JobSpec =>
  months === 6
    ? job(
        'passwords',
        'half-year',
        '15 8 1 * *',
        'Checked monthly, at 08:15 on the 1st, run once each half-year (January to June, July to December): reminds staff to change their password.',
        'Camden 3.1 (every 6 months)',
      )
    : everyMonthsJob(
        'passwords',
        months,
        '2000-01',
        '15 8 1 * *',
        `Checked monthly, at 08:15 on the 1st, run once every ${every(months)} (counted from January): reminds staff to change their password.`,
        `Camden 3.1 (every 6 months), here every ${every(months)} as the school profile says`,
      );

const POLICY_SOURCE = 'Camden 2.3.2, Bentley 3.1 and 12, Bawtry';
const POLICY_WHAT = 'reminds the DSL and headteacher to review the online-safety policy with the governors';

// the policy review: yearly keeps its school-year keys; termly follows the profile's terms (checked daily,
// so the first school day of a term starts it); other cycles count blocks of months from September
const policyJob = (cycle: ReviewCycle): JobSpec => {
  if (cycle.kind === 'termly') {
    const { terms } = cycle;
    return {
      name: 'policy-review',
      cron: '0 9 * * *',
      description: `Checked daily at 09:00, run once each term of the school profile: ${POLICY_WHAT} (a light-touch review each term).`,
      source: 'Bentley 3.1 (termly light-touch reviews)',
      shape: /^term-\d{4}-\d{2}-\d{2}$/,
      periodKey: (instant) => `policy-review-term-${termBlock(londonDate(instant), terms).startsOn}`,
      periodOf: (instant) => termBlock(londonDate(instant), terms),
    };
  }
  if (cycle.everyMonths === 12)
    return job('policy-review', 'school-year', '0 9 1 9 *', `Yearly, at 09:00 on 1 September: ${POLICY_WHAT}.`, POLICY_SOURCE);
  const yearly = cycle.everyMonths % 12 === 0;
  return everyMonthsJob(
    'policy-review',
    cycle.everyMonths,
    '2000-09',
    yearly ? '0 9 1 9 *' : '0 9 1 * *',
    `${yearly ? 'Checked yearly, at 09:00 on 1 September' : 'Checked monthly, at 09:00 on the 1st'}, run once every ${every(cycle.everyMonths)} (counted from September): ${POLICY_WHAT}.`,
    `${POLICY_SOURCE}; first school (every 24 months); here every ${every(cycle.everyMonths)} as the school profile says`,
  );
};

/** the jobs as a profile's cycles make them */
export function complianceJobsFor(cycles: JobCycles = DEFAULT_JOB_CYCLES): Readonly<Record<JobName, ComplianceJob>> {
  return Object.fromEntries(jobSpecs(cycles).map(({ shape: _shape, ...j }) => [j.name, j])) as Record<JobName, ComplianceJob>;
}

const jobSpecs = (cycles: JobCycles): JobSpec[] => [
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
  passwordsJob(cycles.passwordEveryMonths),
  policyJob(cycles.policyReview),
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

/** the jobs with the default cycles (a school that sets none) */
export const COMPLIANCE_JOBS: Readonly<Record<JobName, ComplianceJob>> = Object.freeze(complianceJobsFor());

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
export function dueRuns(job: JobName, lastFinishedPeriod: string | undefined, now: Date, cycles: JobCycles = DEFAULT_JOB_CYCLES): string[] {
  const spec = jobSpecs(cycles).find((j) => j.name === job);
  if (!spec) throw new Error(`"${job}" is not a compliance job`);
  if (lastFinishedPeriod !== undefined) {
    const prefix = `${job}-`;
    if (!lastFinishedPeriod.startsWith(prefix) || !spec.shape.test(lastFinishedPeriod.slice(prefix.length))) {
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
