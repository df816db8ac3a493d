import { z } from 'zod';
import { londonDate } from '../calendar.js';
import type { Role } from '../roles.js';
import type { TrainingAudience, TrainingCourse } from '../school-profile.js';
import { addDaysTo, addMonthsTo, daysBetween } from './days.js';
import type { CompliancePerson } from './roster.js';

// who needs which online-safety training when (Bentley 11; Camden 3.5.1). The catalogue is the
// profile's `training.courses`, DEFAULT_TRAINING_COURSES unless the school lists its own.

/** one completed course as recorded */
export const trainingRecordSchema = z.object({
  personId: z.string().min(1),
  courseId: z.string().min(1),
  /** YYYY-MM-DD, London */
  completedOn: z.iso.date(),
});
export type TrainingRecord = z.infer<typeof trainingRecordSchema>;

export type TrainingPerson = Pick<CompliancePerson, 'aadObjectId' | 'displayName' | 'roles' | 'group' | 'startedOn'>;

export const TRAINING_STATES = ['overdue', 'due-soon', 'ok', 'never-done'] as const;
export type TrainingState = (typeof TRAINING_STATES)[number];

export interface TrainingDue {
  courseId: string;
  name: string;
  /** YYYY-MM-DD: the latest completion of the course, or of a course that includes it */
  lastCompletedOn?: string;
  /** YYYY-MM-DD, the last day it counts as on time; absent once a one-off course is done */
  dueOn?: string;
  state: TrainingState;
}

/** an induction course is due this many days after startedOn */
export const INDUCTION_DAYS = 30;
/** a course due within this many days (dueOn included) is due-soon */
export const DUE_SOON_DAYS = 30;

const DSL_ROLES: readonly Role[] = ['dsl', 'deputy-dsl'];

/**
 * whether a course is for this person: their group is in its audience, or 'dsl' is and they are a DSL or
 * deputy, or a role they hold is (e.g. online-safety-lead for the co-ordinator's CEOP training)
 */
export function courseApplies(course: Pick<TrainingCourse, 'audience'>, person: Pick<TrainingPerson, 'group' | 'roles'>): boolean {
  return course.audience.some(
    (a: TrainingAudience) =>
      a === person.group || (a === 'dsl' ? person.roles.some((r) => DSL_ROLES.includes(r)) : person.roles.includes(a as Role)),
  );
}

/**
 * Each course that applies to the person, in catalogue order, with when it is due on today's London date:
 * - done before: due `everyMonths` after the last completion (a one-off course, without everyMonths, is then ok
 *   for good); overdue after dueOn, due-soon within 30 days of it, ok otherwise;
 * - never done, with startedOn: an induction course is due 30 days after startedOn, a repeated one
 *   `everyMonths` after it (the induction covers the first cycle); 'never-done' until then, overdue after;
 * - never done, no startedOn: overdue, due today.
 * A record of a course counts for the courses it `includes` too (the DSL's 2-yearly training is that year's update).
 */
export function trainingDue(
  person: TrainingPerson,
  courses: readonly TrainingCourse[],
  records: readonly TrainingRecord[],
  today: Date,
): TrainingDue[] {
  const day = londonDate(today);
  const last = lastCompletions(person.aadObjectId, courses, records);
  return courses
    .filter((course) => courseApplies(course, person))
    .map((course) => {
      const lastCompletedOn = last.get(course.id);
      const base = { courseId: course.id, name: course.name };
      if (lastCompletedOn !== undefined) {
        if (course.everyMonths === undefined) return { ...base, lastCompletedOn, state: 'ok' as const };
        const dueOn = addMonthsTo(lastCompletedOn, course.everyMonths);
        return { ...base, lastCompletedOn, dueOn, state: stateOn(day, dueOn) };
      }
      if (person.startedOn === undefined) return { ...base, dueOn: day, state: 'overdue' as const };
      const dueOn =
        course.atInduction || course.everyMonths === undefined
          ? addDaysTo(person.startedOn, INDUCTION_DAYS)
          : addMonthsTo(person.startedOn, course.everyMonths);
      return { ...base, dueOn, state: daysBetween(day, dueOn) < 0 ? ('overdue' as const) : ('never-done' as const) };
    });
}

function stateOn(day: string, dueOn: string): TrainingState {
  const left = daysBetween(day, dueOn);
  return left < 0 ? 'overdue' : left <= DUE_SOON_DAYS ? 'due-soon' : 'ok';
}

/** the latest completion per course id for one person, a course's record also counting for what it includes */
function lastCompletions(personId: string, courses: readonly TrainingCourse[], records: readonly TrainingRecord[]): Map<string, string> {
  const last = new Map<string, string>();
  const note = (courseId: string, on: string) => {
    const seen = last.get(courseId);
    if (seen === undefined || on > seen) last.set(courseId, on);
  };
  for (const r of records) {
    if (r.personId !== personId) continue;
    note(r.courseId, r.completedOn);
    for (const included of courses.find((c) => c.id === r.courseId)?.includes ?? []) note(included, r.completedOn);
  }
  return last;
}

export interface OverdueTraining<P extends TrainingPerson = TrainingPerson> {
  person: P;
  overdue: TrainingDue[];
}

/** the headteacher's list: everyone with at least one overdue course, in the order of `people`, with those courses */
export function overdueByPerson<P extends TrainingPerson>(
  people: readonly P[],
  courses: readonly TrainingCourse[],
  records: readonly TrainingRecord[],
  today: Date,
): OverdueTraining<P>[] {
  return people
    .map((person) => ({ person, overdue: trainingDue(person, courses, records, today).filter((d) => d.state === 'overdue') }))
    .filter((entry) => entry.overdue.length > 0);
}
