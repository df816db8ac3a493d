import { addHours, addMinutes, addSeconds } from 'date-fns';
import { addWorkingDays, endOfSchoolDay, receivedOnWorkingDay, type SchoolCalendar } from './calendar.js';
import type { Deadline } from './escalation-plan.js';
import { parseIsoDuration } from './iso-duration.js';

/**
 * When a deadline falls due, as a UTC instant (store it with toISOString()).
 *
 * - Hours, minutes and seconds are clock time, day or night, weekend or not: critical 'PT15M',
 *   the ICO's 'PT72H'. They are added to the instant, so a clock change does not stretch them.
 * - Days and weeks are working days (a week is five) ending at the end of the school day (18:00
 *   London by default): 'P0D' is the end of the day the report counts as received on (the same
 *   school day), 'P1D' the end of the next working day (medium, the LADO), 'P1W' five working days
 *   on (low). A report after the end of the day, or on a weekend, bank holiday or closure day,
 *   counts as received on the next working day.
 *
 * Throws on a duration outside that vocabulary (a programming error: plans only carry
 * DEADLINE_ACTIONS with the durations above) or one mixing days with clock time.
 */
export function dueBy(deadline: Pick<Deadline, 'within'> | string, from: Date, calendar: SchoolCalendar): Date {
  const within = typeof deadline === 'string' ? deadline : deadline.within;
  const parsed = parseIsoDuration(within);
  if (!parsed.ok) throw new Error(parsed.error);
  const { weeks, days, hours, minutes, seconds } = parsed.value;
  const workingDays = weeks * 5 + days;
  const clock = hours > 0 || minutes > 0 || seconds > 0;
  if (clock && workingDays > 0) throw new Error(`"${within}" mixes working days with clock time; use one or the other`);
  if (clock) return addSeconds(addMinutes(addHours(from, hours), minutes), seconds);
  const start = receivedOnWorkingDay(from, calendar);
  return endOfSchoolDay(addWorkingDays(start, workingDays, calendar), calendar);
}
