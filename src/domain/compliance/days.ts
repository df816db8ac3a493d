import { tz } from '@date-fns/tz';
import { addDays, addMonths, differenceInCalendarDays, format } from 'date-fns';
import { londonDate } from '../calendar.js';

// calendar-date arithmetic on YYYY-MM-DD strings (London dates, as profiles and records write them).
// the sums are done on UTC midnights so the server's own zone and clock changes never move a day.
const inUtc = tz('UTC');
const midnight = (day: string): Date => new Date(`${day}T00:00:00Z`);
const show = (d: Date): string => format(d, 'yyyy-MM-dd', { in: inUtc });

/** date-fns addMonths: 2024-02-29 + 12 months is 2025-02-28, 2025-08-31 + 6 is 2026-02-28 */
export const addMonthsTo = (day: string, months: number): string => show(addMonths(midnight(day), months, { in: inUtc }));
export const addDaysTo = (day: string, days: number): string => show(addDays(midnight(day), days, { in: inUtc }));
/** whole days from `from` to `to`: negative when `to` is earlier */
export const daysBetween = (from: string, to: string): number => differenceInCalendarDays(midnight(to), midnight(from), { in: inUtc });

/** the London date of an ISO instant, refusing text that is not one */
export function londonDayOf(instant: string, what: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new RangeError(`${what}: "${instant}" is not an ISO instant`);
  return londonDate(at);
}
