import { tz } from '@date-fns/tz';
import { addBusinessDays, format, isBefore, isWeekend, set } from 'date-fns';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './calendar-bank-holidays.js';
import type { SchoolProfile, Term } from './school-profile.js';

export const SCHOOL_TIME_ZONE = 'Europe/London';
/** every calendar question is asked on the London wall clock, whatever the server's zone */
export const inLondon = tz(SCHOOL_TIME_ZONE);

/**
 * A school's days: weekends, bank holidays and closure days are not working days; school days are
 * working days inside a term and outside its half-term. The end of the school day is when a "same
 * school day" deadline falls due; 18:00 by default, after clubs and the office close.
 */
export interface SchoolCalendar {
  bankHolidays: ReadonlySet<string>;
  closureDays: ReadonlySet<string>;
  /** sorted by start date */
  terms: readonly Term[];
  endOfDay: { hours: number; minutes: number };
}

export const DEFAULT_END_OF_DAY = { hours: 18, minutes: 0 } as const;

export function schoolCalendar(
  profile: Pick<SchoolProfile, 'terms' | 'closureDays'> & { bankHolidays?: readonly string[] | undefined },
  options: { endOfDay?: { hours: number; minutes: number } } = {},
): SchoolCalendar {
  return {
    bankHolidays: new Set(profile.bankHolidays ?? ENGLAND_AND_WALES_BANK_HOLIDAYS),
    closureDays: new Set(profile.closureDays),
    terms: [...profile.terms].sort((a, b) => a.start.localeCompare(b.start)),
    endOfDay: options.endOfDay ?? DEFAULT_END_OF_DAY,
  };
}

/** the London calendar date of an instant, as YYYY-MM-DD (the form profiles use) */
export function londonDate(instant: Date): string {
  return format(instant, 'yyyy-MM-dd', { in: inLondon });
}

/** Monday to Friday, not a bank holiday, not one of the school's closure days */
export function isWorkingDay(instant: Date, calendar: SchoolCalendar): boolean {
  if (isWeekend(instant, { in: inLondon })) return false;
  const day = londonDate(instant);
  return !calendar.bankHolidays.has(day) && !calendar.closureDays.has(day);
}

/** a working day inside a term and outside that term's half-term */
export function isSchoolDay(instant: Date, calendar: SchoolCalendar): boolean {
  if (!isWorkingDay(instant, calendar)) return false;
  const day = londonDate(instant);
  return calendar.terms.some((t) => t.start <= day && day <= t.end && !(t.halfTerm && t.halfTerm.start <= day && day <= t.halfTerm.end));
}

// TZDate does the arithmetic on the London wall clock; callers get plain Date instants back
const toInstant = (d: Date): Date => new Date(d.getTime());

/** the same London wall-clock time on the next working day */
export function nextWorkingDay(from: Date, calendar: SchoolCalendar): Date {
  let day = addBusinessDays(from, 1, { in: inLondon });
  while (!isWorkingDay(day, calendar)) day = addBusinessDays(day, 1, { in: inLondon });
  return toInstant(day);
}

/** `amount` working days later, same London wall-clock time (0: the instant itself) */
export function addWorkingDays(from: Date, amount: number, calendar: SchoolCalendar): Date {
  let day = from;
  for (let i = 0; i < amount; i++) day = nextWorkingDay(day, calendar);
  return day;
}

/** the end of the school day (London) on the instant's London date */
export function endOfSchoolDay(on: Date, calendar: SchoolCalendar): Date {
  const { hours, minutes } = calendar.endOfDay;
  return toInstant(set(on, { hours, minutes, seconds: 0, milliseconds: 0 }, { in: inLondon }));
}

/**
 * The working day a report counts as received on: the same day when it arrives on a working day
 * before the end of the school day, otherwise the next working day (an evening, weekend or
 * holiday report is picked up when the school next works).
 */
export function receivedOnWorkingDay(at: Date, calendar: SchoolCalendar): Date {
  if (isWorkingDay(at, calendar) && isBefore(at, endOfSchoolDay(at, calendar))) return at;
  return nextWorkingDay(at, calendar);
}
