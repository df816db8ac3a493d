import { aupCoverage, type AupAgreement, type AupCounts, type AupTerms } from './aup.js';
import { pupilsWithoutAgreement } from './pupil-agreements.js';
import type { ComplianceGroup } from './roster.js';
import { overdueByPerson, type OverdueTraining, type TrainingPerson, type TrainingRecord } from './training.js';
import type { TrainingCourse } from '../school-profile.js';

// how far the school's compliance duties are met on a day: what the DSL's `coverage` card and the
// governors' digest both show, worked out here once.

export interface ComplianceCoverageInput<P extends TrainingPerson> {
  /** the staff and governors (complianceRoster) */
  people: readonly P[];
  /** every agreement recorded: staff's, governors' and pupils' */
  agreements: readonly AupAgreement[];
  training: readonly TrainingRecord[];
  courses: readonly TrainingCourse[];
  /** the school's acceptable use policy; without one there is no AUP coverage */
  aup?: AupTerms | undefined;
  /** the pupils whose paper agreements for a school year count (the version `pupils-<year>`) */
  pupils?: { roster: readonly { aadObjectId: string }[]; schoolYear: string };
}

export interface ComplianceCoverage<P extends TrainingPerson> {
  /** per group; absent without a policy */
  aup?: Record<ComplianceGroup, AupCounts>;
  /** pupils with a confirmed agreement for the year; absent without pupils on the roster */
  pupils?: { total: number; valid: number };
  /** everyone with at least one overdue course, in the order of `people` */
  training: { total: number; upToDate: number; overdue: OverdueTraining<P>[] };
}

export function complianceCoverage<P extends TrainingPerson>(input: ComplianceCoverageInput<P>, today: Date): ComplianceCoverage<P> {
  const overdue = overdueByPerson(input.people, input.courses, input.training, today);
  const coverage: ComplianceCoverage<P> = {
    training: { total: input.people.length, upToDate: input.people.length - overdue.length, overdue },
  };
  if (input.aup) coverage.aup = aupCoverage(input.people, input.agreements, input.aup, today);
  const pupils = input.pupils;
  if (pupils && pupils.roster.length > 0) {
    const missing = pupilsWithoutAgreement(pupils.roster, input.agreements, pupils.schoolYear);
    coverage.pupils = { total: pupils.roster.length, valid: pupils.roster.length - missing.length };
  }
  return coverage;
}
