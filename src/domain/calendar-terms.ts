import { differenceInCalendarDays, format, parseISO, subYears } from 'date-fns';
import { inLondon, londonDate, type SchoolCalendar } from './calendar.js';
import type { Term } from './school-profile.js';

/** the term whose dates (half-term included) contain the instant's London date */
export function termContaining(instant: Date, calendar: SchoolCalendar): Term | undefined {
  const day = londonDate(instant);
  return calendar.terms.find((t) => t.start <= day && day <= t.end);
}

/** the last term that ended before `term` started */
export function previousTerm(term: Term, calendar: SchoolCalendar): Term | undefined {
  let found: Term | undefined;
  for (const t of calendar.terms) if (t.end < term.start && (!found || t.end > found.end)) found = t;
  return found;
}

/** the term that started closest to a year before `term`, within six weeks (terms drift year to year) */
export function sameTermLastYear(term: Term, calendar: SchoolCalendar): Term | undefined {
  const target = subYears(parseISO(term.start), 1);
  let best: { term: Term; distance: number } | undefined;
  for (const t of calendar.terms) {
    const distance = Math.abs(differenceInCalendarDays(parseISO(t.start), target));
    if (distance <= 42 && (!best || distance < best.distance)) best = { term: t, distance };
  }
  return best?.term;
}

/**
 * a term is over at 16:00 (London) on its last day: the end-of-term digest goes then, and a bot
 * started earlier that day must not take the term as over already
 */
export const TERM_ENDS_AT = '16:00';

/** the term that ended most recently at the instant, on the London wall clock (one ending today counts from TERM_ENDS_AT) */
export function lastTermEnded(instant: Date, calendar: SchoolCalendar): Term | undefined {
  const day = londonDate(instant);
  const clock = format(instant, 'HH:mm', { in: inLondon });
  let found: Term | undefined;
  for (const t of calendar.terms) {
    const over = t.end < day || (t.end === day && clock >= TERM_ENDS_AT);
    if (over && (!found || t.end > found.end)) found = t;
  }
  return found;
}
