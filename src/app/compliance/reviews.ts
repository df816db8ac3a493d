// the reviews (the online-safety policy, yearly unless the profile sets another cycle; filtering and monitoring): who is asked, and so who may
// record one as done; when each was last done (the latest recorded, else the profile's starting date)
// and when it is due again. nobody edits the profile after a review: "I've done it" records it.
import { governorsMay, londonDate, rolesThatMay, type Permission, type SchoolProfile } from '../../domain/index.js';
import { YEARLY, nextReviewOn, policyReviewCycle, type ReviewCycle } from '../../domain/compliance/cycles.js';
import type { ComplianceRecords, ReviewKind, ReviewRecord } from '../../ports/compliance-records.js';

export const REVIEW_KINDS: readonly ReviewKind[] = ['policy', 'filtering'];

export const isReviewKind = (value: unknown): value is ReviewKind => value === 'policy' || value === 'filtering';

const RECORDS: Record<ReviewKind, Permission> = { policy: 'record-policy-review', filtering: 'record-filtering-review' };

/** as the permission table says: the policy, the DSL and headteacher; filtering and monitoring, IT support, the DSL and the governors */
export function reviewers(profile: SchoolProfile, review: ReviewKind): { id: string; name: string }[] {
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
  const fromProfile = review === 'policy' ? profile.reviews.policyReviewedOn : profile.reviews.filteringReviewedOn;
  const recorded = await records?.latestReview(review);
  if (recorded && (!fromProfile || recorded.reviewedOn >= fromProfile)) return { on: recorded.reviewedOn, by: recorded.personName };
  return fromProfile ? { on: fromProfile } : undefined;
}

/** how often a review comes round: the policy's as the profile sets it (yearly unless it says otherwise), filtering yearly */
export const reviewCycle = (profile: Pick<SchoolProfile, 'reviews' | 'terms'>, review: ReviewKind): ReviewCycle =>
  review === 'policy' ? policyReviewCycle(profile) : YEARLY;

/** the cycle in words for the cards, e.g. "every term"; undefined for a year, which the cards already say */
export function reviewEvery(profile: Pick<SchoolProfile, 'reviews' | 'terms'>, review: ReviewKind): string | undefined {
  const cycle = reviewCycle(profile, review);
  if (cycle.kind === 'termly') return 'every term';
  if (cycle.everyMonths === 12) return undefined;
  return cycle.everyMonths === 1 ? 'every month' : `every ${cycle.everyMonths} months`;
}

/** a review is due a cycle after it was last done (a year unless the profile says otherwise); never done: due now (undefined) */
export const reviewDueOn = (last: LastReview | undefined, cycle: ReviewCycle = YEARLY): string | undefined =>
  last ? nextReviewOn(last.on, cycle) : undefined;

export type RecordReviewResult = { ok: true; value: { record: ReviewRecord; dueOn: string } } | { ok: false; error: 'not-a-reviewer' };

/** "I've done it": the review is recorded as done today by this person, when they are one it is asked of */
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
  return { ok: true, value: { record, dueOn: nextReviewOn(record.reviewedOn, reviewCycle(deps.profile, review)) } };
}
