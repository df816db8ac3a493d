// the reviews (the online-safety policy, yearly unless the profile sets another cycle; filtering and monitoring)
// and the school's named checks (check:<id>, issue 16): who is asked, and so who may record one as done;
// when each was last done (the latest recorded, else the profile's starting date) and when it is due again.
// nobody edits the profile after a review: "I've done it" records it.
import {
  complianceRoster,
  courseApplies,
  governorsMay,
  londonDate,
  rolesThatMay,
  type Permission,
  type RecurringCheck,
  type SchoolProfile,
  type TrainingAudience,
} from '../../domain/index.js';
import { YEARLY, checkCycle, cycleBlock, nextReviewOn, policyReviewCycle, type ReviewCycle } from '../../domain/compliance/cycles.js';
import type { ComplianceRecords, ReviewKind, ReviewRecord } from '../../ports/compliance-records.js';

export const REVIEW_KINDS: readonly ReviewKind[] = ['policy', 'filtering'];

export const isReviewKind = (value: unknown): value is ReviewKind =>
  value === 'policy' || value === 'filtering' || (typeof value === 'string' && /^check:[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value));

const RECORDS: Record<'policy' | 'filtering', Permission> = { policy: 'record-policy-review', filtering: 'record-filtering-review' };

/** the profile's check a review kind names (check:<id>), if it is one */
export const checkOf = (profile: Pick<SchoolProfile, 'checks'>, review: ReviewKind): RecurringCheck | undefined =>
  review.startsWith('check:') ? profile.checks.find((c) => `check:${c.id}` === review) : undefined;

/** the reminder kind a review is queued as (policy-review, filtering-review, check:<id>), and back */
export const reminderKindOf = (review: ReviewKind): string => (review.startsWith('check:') ? review : `${review}-review`);
export const reviewOfReminderKind = (kind: string): ReviewKind | undefined =>
  kind === 'policy-review'
    ? 'policy'
    : kind === 'filtering-review'
      ? 'filtering'
      : kind.startsWith('check:') && isReviewKind(kind)
        ? kind
        : undefined;

/** the people of the roster an audience names (as for a training course: staff, governor, dsl with deputies, a role) */
const audienceOf = (profile: SchoolProfile, audience: readonly TrainingAudience[]) =>
  complianceRoster(profile)
    .filter((p) => courseApplies({ audience: [...audience] }, p))
    .map((p) => ({ id: p.aadObjectId, name: p.displayName }));

/**
 * who is asked, and may record it: a check's audience; the policy's reviews.policyReviewers when set (the trust's
 * board); else as the permission table says: the policy, the DSL and headteacher; filtering and monitoring,
 * IT support, the DSL and the governors. a check the profile does not name: nobody
 */
export function reviewers(profile: SchoolProfile, review: ReviewKind): { id: string; name: string }[] {
  if (review !== 'policy' && review !== 'filtering') {
    const check = checkOf(profile, review);
    return check ? audienceOf(profile, check.audience) : [];
  }
  if (review === 'policy' && profile.reviews.policyReviewers) return audienceOf(profile, profile.reviews.policyReviewers);
  const permission = RECORDS[review];
  const people = [
    ...rolesThatMay(permission).flatMap((role) => profile.roles[role]),
    ...(governorsMay(permission) ? profile.governors : []),
  ];
  const seen = new Map<string, string>();
  for (const p of people) if (!seen.has(p.aadObjectId)) seen.set(p.aadObjectId, p.displayName);
  return [...seen].map(([id, name]) => ({ id, name }));
}

export interface LastReview {
  /** YYYY-MM-DD */
  on: string;
  /** who recorded it; absent for the profile's date */
  by?: string;
}

/** the later of the latest recorded review and the profile's reviews.policyReviewedOn / filteringReviewedOn */
export async function lastReview(
  records: ComplianceRecords | undefined,
  profile: SchoolProfile,
  review: ReviewKind,
): Promise<LastReview | undefined> {
  const fromProfile =
    review === 'policy' ? profile.reviews.policyReviewedOn : review === 'filtering' ? profile.reviews.filteringReviewedOn : undefined;
  const recorded = await records?.latestReview(review);
  if (recorded && (!fromProfile || recorded.reviewedOn >= fromProfile)) return { on: recorded.reviewedOn, by: recorded.personName };
  return fromProfile ? { on: fromProfile } : undefined;
}

type CycleSettings = Pick<SchoolProfile, 'reviews' | 'terms' | 'checks'>;

/** how often a review comes round: the policy's as the profile sets it (yearly unless it says otherwise), filtering yearly, a check its own */
export function reviewCycle(profile: CycleSettings, review: ReviewKind): ReviewCycle {
  if (review === 'policy') return policyReviewCycle(profile);
  const check = checkOf(profile, review);
  return check ? checkCycle(check, profile.terms) : YEARLY;
}

/** the cycle in words for the cards, e.g. "every term"; undefined for a year, which the cards already say (a check says it too) */
export function reviewEvery(profile: CycleSettings, review: ReviewKind): string | undefined {
  const cycle = reviewCycle(profile, review);
  if (cycle.kind === 'termly') return 'every term';
  if (cycle.everyMonths === 12) return review.startsWith('check:') ? 'every year' : undefined;
  return cycle.everyMonths === 1 ? 'every month' : `every ${cycle.everyMonths} months`;
}

/** a review is due a cycle after it was last done (a year unless the profile says otherwise); never done: due now (undefined) */
export const reviewDueOn = (last: LastReview | undefined, cycle: ReviewCycle = YEARLY): string | undefined =>
  last ? nextReviewOn(last.on, cycle) : undefined;

/**
 * a review as it stands on a London day: when it was last done, when it is next due and whether it is done
 * for now. a review is due a cycle after it was last done; a check is due each period (month, term or
 * block of months) and is done when someone recorded it in the current one
 */
export async function reviewNow(
  records: ComplianceRecords | undefined,
  profile: SchoolProfile,
  review: ReviewKind,
  today: string,
): Promise<{ last?: LastReview; dueOn?: string; done: boolean; every?: string }> {
  const last = await lastReview(records, profile, review);
  const cycle = reviewCycle(profile, review);
  const every = reviewEvery(profile, review);
  const base = { ...(last ? { last } : {}), ...(every ? { every } : {}) };
  if (!checkOf(profile, review)) {
    const dueOn = reviewDueOn(last, cycle);
    return { ...base, ...(dueOn ? { dueOn } : {}), done: dueOn !== undefined && dueOn > today };
  }
  const period = cycleBlock(today, cycle);
  const done = last !== undefined && last.on >= period.startsOn;
  const dueOn = done ? (period.nextStartsOn ?? nextReviewOn(last.on, cycle)) : undefined;
  return { ...base, ...(dueOn ? { dueOn } : {}), done };
}

export type RecordReviewResult = { ok: true; value: { record: ReviewRecord; dueOn: string } } | { ok: false; error: 'not-a-reviewer' };

/** "I've done it": the review or check is recorded as done today by this person, when they are one it is asked of (checked here, on the server) */
export async function recordReview(
  deps: { records: ComplianceRecords; profile: SchoolProfile; now: Date },
  review: ReviewKind,
  aadObjectId: string | undefined,
): Promise<RecordReviewResult> {
  const person = reviewers(deps.profile, review).find((p) => p.id === aadObjectId);
  if (!person) return { ok: false, error: 'not-a-reviewer' };
  const record = await deps.records.recordReview({
    review,
    reviewedOn: londonDate(deps.now),
    personId: person.id,
    personName: person.name,
    recordedAt: deps.now.toISOString(),
  });
  const cycle = reviewCycle(deps.profile, review);
  // a check is next due when its next period starts; a review a cycle after this one
  const next = checkOf(deps.profile, review) ? cycleBlock(record.reviewedOn, cycle).nextStartsOn : undefined;
  return { ok: true, value: { record, dueOn: next ?? nextReviewOn(record.reviewedOn, cycle) } };
}
