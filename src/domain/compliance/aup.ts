import { z } from 'zod';
import { londonDate } from '../calendar.js';
import type { AupPolicy } from '../school-profile.js';
import { addMonthsTo, daysBetween, londonDayOf } from './days.js';
import { COMPLIANCE_GROUPS, type ComplianceGroup, type CompliancePerson } from './roster.js';

// acceptable use agreements for staff and governors: signed on appointment (Camden 3.3, first school
// 12 "new staff sign ... as part of their induction"), by governors too (Camden 2.3.2, Bentley 3.1), and
// again every year (Camden 3.3: "on an annual basis"); a changed policy is signed again (Bawtry:
// "upon review all members of staff will sign"). Pupils', parents' and visitors' agreements are not here.

/** one agreement as recorded: who agreed which version, when */
export const aupAgreementSchema = z.object({
  personId: z.string().min(1),
  version: z.string().min(1),
  /** ISO instant; its London date is the day of the agreement */
  agreedAt: z.iso.datetime({ offset: true }),
});
export type AupAgreement = z.infer<typeof aupAgreementSchema>;

export type AupPerson = Pick<CompliancePerson, 'aadObjectId' | 'displayName' | 'group' | 'startedOn'>;

/** the renewal terms the status needs: a profile's `aup` */
export type AupTerms = Pick<AupPolicy, 'version' | 'renewEveryMonths' | 'warnDays'>;

export const AUP_STATES = ['missing', 'old-version', 'expired', 'expiring', 'valid'] as const;
export type AupState = (typeof AUP_STATES)[number];

/**
 * - missing: no agreement at all;
 * - expired: the latest agreement (to the current version if there is one) is past its expiry;
 * - old-version: the latest agreement is in date but to an earlier version (any other version string);
 * - expiring: agreed to the current version, expiring within warnDays (expiresOn itself included);
 * - valid: agreed to the current version, expiring later than that.
 * An agreement is good up to and including expiresOn = the London date agreed + renewEveryMonths.
 */
export type AupStatus =
  | { state: 'missing' }
  | {
      state: Exclude<AupState, 'missing'>;
      version: string;
      /** YYYY-MM-DD, London */
      agreedOn: string;
      /** YYYY-MM-DD, London: the last day the agreement counts */
      expiresOn: string;
      /** days from today to expiresOn; negative once expired */
      daysLeft: number;
    };

/** one person's AUP status on today's London date, from their agreements (in any order) */
export function aupStatus(agreements: readonly AupAgreement[], policy: AupTerms, today: Date): AupStatus {
  const current = agreements.filter((a) => a.version === policy.version);
  const latest = latestOf(current.length > 0 ? current : agreements);
  if (!latest) return { state: 'missing' };
  const agreedOn = londonDayOf(latest.agreedAt, `the agreement of ${latest.personId}`);
  const expiresOn = addMonthsTo(agreedOn, policy.renewEveryMonths);
  const daysLeft = daysBetween(londonDate(today), expiresOn);
  const state: AupState =
    daysLeft < 0 ? 'expired' : latest.version !== policy.version ? 'old-version' : daysLeft <= policy.warnDays ? 'expiring' : 'valid';
  return { state, version: latest.version, agreedOn, expiresOn, daysLeft };
}

function latestOf(agreements: readonly AupAgreement[]): AupAgreement | undefined {
  let latest: AupAgreement | undefined;
  for (const a of agreements) if (!latest || Date.parse(a.agreedAt) > Date.parse(latest.agreedAt)) latest = a;
  return latest;
}

export const AUP_REMINDER_REASONS = ['missing', 'new-starter', 'expiring', 'expired', 'new-version'] as const;
export type AupReminderReason = (typeof AUP_REMINDER_REASONS)[number];

export interface AupReminder<P extends AupPerson = AupPerson> {
  person: P;
  reason: AupReminderReason;
  status: AupStatus;
}

/** a missing agreement is a new starter's when they started within this many days, or start later */
export const AUP_NEW_STARTER_DAYS = 30;

/**
 * Who to remind and why, in the order of `people`: missing (new-starter when startedOn is within the
 * last 30 days or still to come: sign on appointment, Camden 3.3), expired, new-version (agreed an
 * earlier version), expiring. Valid agreements need no reminder.
 */
export function aupReminders<P extends AupPerson>(
  people: readonly P[],
  agreements: readonly AupAgreement[],
  policy: AupTerms,
  today: Date,
): AupReminder<P>[] {
  const byPerson = groupByPerson(agreements);
  const day = londonDate(today);
  const reminders: AupReminder<P>[] = [];
  for (const person of people) {
    const status = aupStatus(byPerson.get(person.aadObjectId) ?? [], policy, today);
    const reason = reasonFor(status, person.startedOn !== undefined && daysBetween(person.startedOn, day) <= AUP_NEW_STARTER_DAYS);
    if (reason) reminders.push({ person, reason, status });
  }
  return reminders;
}

function reasonFor(status: AupStatus, newStarter: boolean): AupReminderReason | undefined {
  switch (status.state) {
    case 'missing':
      return newStarter ? 'new-starter' : 'missing';
    case 'old-version':
      return 'new-version';
    case 'expired':
    case 'expiring':
      return status.state;
    case 'valid':
      return undefined;
  }
}

/** one group's agreements; each person counted once, in their state, so the counts add up to total */
export interface AupCounts {
  total: number;
  valid: number;
  expiring: number;
  expired: number;
  oldVersion: number;
  missing: number;
}

/** the AUP coverage the headteacher and governors see, per group (staff, governor) */
export function aupCoverage(
  people: readonly AupPerson[],
  agreements: readonly AupAgreement[],
  policy: AupTerms,
  today: Date,
): Record<ComplianceGroup, AupCounts> {
  const byPerson = groupByPerson(agreements);
  const empty = (): AupCounts => ({ total: 0, valid: 0, expiring: 0, expired: 0, oldVersion: 0, missing: 0 });
  const coverage = Object.fromEntries(COMPLIANCE_GROUPS.map((g) => [g, empty()])) as Record<ComplianceGroup, AupCounts>;
  const key = { valid: 'valid', expiring: 'expiring', expired: 'expired', 'old-version': 'oldVersion', missing: 'missing' } as const;
  for (const person of people) {
    const counts = coverage[person.group];
    counts.total += 1;
    counts[key[aupStatus(byPerson.get(person.aadObjectId) ?? [], policy, today).state]] += 1;
  }
  return coverage;
}

function groupByPerson(agreements: readonly AupAgreement[]): Map<string, AupAgreement[]> {
  const byPerson = new Map<string, AupAgreement[]>();
  for (const a of agreements) byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), a]);
  return byPerson;
}
