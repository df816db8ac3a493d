import { differenceInCalendarDays, parseISO, subYears } from 'date-fns';
import { londonDate, type SchoolCalendar } from './calendar.js';
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
