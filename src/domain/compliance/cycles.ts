import { differenceInCalendarMonths } from 'date-fns';
import { tz } from '@date-fns/tz';
import type { RecurringCheck, SchoolProfile, Term } from '../school-profile.js';
import { addMonthsTo } from './days.js';

// the cycles a school sets in its profile (issue 16): how often a duty comes round. a cycle of whole
// months is cut into blocks counted from an anchor month (January for passwords, September for the
// policy review, so 6 months is January-June and July-December, 24 months is two school years); a
// termly cycle follows the profile's own terms.

export type ReviewCycle = { kind: 'months'; everyMonths: number } | { kind: 'termly'; terms: readonly Pick<Term, 'start' | 'end'>[] };

export const YEARLY: ReviewCycle = Object.freeze({ kind: 'months', everyMonths: 12 });

/** a block of a cycle: the first day it covers and the first day of the next (YYYY-MM-DD); next is absent after the last listed term */
export interface CycleBlock {
  startsOn: string;
  nextStartsOn?: string;
}

const inUtc = tz('UTC');
const midnight = (day: string): Date => new Date(`${day}T00:00:00Z`);

/** the block of `everyMonths` months, counted from the anchor month (YYYY-MM), that a London day falls in */
export function monthBlock(day: string, everyMonths: number, anchor: string): Required<CycleBlock> {
  const first = `${anchor}-01`;
  const index = Math.floor(differenceInCalendarMonths(midnight(day), midnight(first), { in: inUtc }) / everyMonths);
  return { startsOn: addMonthsTo(first, index * everyMonths), nextStartsOn: addMonthsTo(first, (index + 1) * everyMonths) };
}

/** the term a London day falls in, else the latest term that started before it; before the first term, the time up to it */
export function termBlock(day: string, terms: readonly Pick<Term, 'start' | 'end'>[]): CycleBlock {
  const starts = terms.map((t) => t.start).sort();
  const started = starts.filter((s) => s <= day);
  const next = starts.find((s) => s > day);
  return { startsOn: started.at(-1) ?? '0000-01-01', ...(next ? { nextStartsOn: next } : {}) };
}

/** the policy review's cycle: termly when the profile says so, else every policyEveryMonths months (12 unless set) */
export function policyReviewCycle(profile: Pick<SchoolProfile, 'reviews' | 'terms'>): ReviewCycle {
  if (profile.reviews.policyReview === 'termly') return { kind: 'termly', terms: profile.terms };
  return { kind: 'months', everyMonths: profile.reviews.policyEveryMonths ?? 12 };
}

/**
 * When a review last done on `lastOn` is due again: `everyMonths` later (date-fns addMonths), or, termly,
 * on the first day of the next term the profile lists (the review is asked for once in each term).
 * With no later term listed, a termly review is due 4 months on (about a term) rather than never.
 */
export function nextReviewOn(lastOn: string, cycle: ReviewCycle): string {
  if (cycle.kind === 'months') return addMonthsTo(lastOn, cycle.everyMonths);
  return termBlock(lastOn, cycle.terms).nextStartsOn ?? addMonthsTo(lastOn, 4);
}

/** a named check's cycle: monthly, termly (the profile's terms) or every N months */
export function checkCycle(check: Pick<RecurringCheck, 'every'>, terms: readonly Pick<Term, 'start' | 'end'>[]): ReviewCycle {
  if (check.every === 'termly') return { kind: 'termly', terms };
  return { kind: 'months', everyMonths: check.every === 'monthly' ? 1 : check.every.months };
}

/** the period of a cycle a London day falls in: blocks of months counted from September (a school year), or the term */
export const cycleBlock = (day: string, cycle: ReviewCycle): CycleBlock =>
  cycle.kind === 'termly' ? termBlock(day, cycle.terms) : monthBlock(day, cycle.everyMonths, '2000-09');

/**
 * the day a check's reminder comes again in a period when nobody has done it: halfway through (a monthly
 * check's on the 16th of a 30-day month); a last term with no next one listed, four weeks on
 */
export function halfwayThrough(block: CycleBlock): string {
  const start = midnight(block.startsOn).getTime();
  const end = block.nextStartsOn ? midnight(block.nextStartsOn).getTime() : start + 56 * 86_400_000;
  const days = Math.floor((end - start) / 86_400_000 / 2);
  return new Date(start + days * 86_400_000).toISOString().slice(0, 10);
}
