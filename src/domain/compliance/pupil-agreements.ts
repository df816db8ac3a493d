import { londonDate } from '../calendar.js';

// pupils sign their acceptable use agreement on paper with their parents, once a school year; the
// online-safety lead confirms each one, recorded as an agreement to the version `pupils-<year>`.

/** the school year an instant falls in, named by the year it starts: from 1 September */
export function schoolYearOf(instant: Date): string {
  const [y, m] = londonDate(instant).split('-').map(Number) as [number, number];
  return String(m >= 9 ? y : y - 1);
}

/** the agreement version a pupil's confirmed paper agreement for a school year is recorded as */
export const pupilAgreementVersion = (schoolYear: string): string => `pupils-${schoolYear}`;

/** the pupils on the roster whose agreement for the school year is not confirmed, in roster order */
export function pupilsWithoutAgreement<P extends { aadObjectId: string }>(
  roster: readonly P[],
  agreements: readonly { personId: string; version: string }[],
  schoolYear: string,
): P[] {
  const version = pupilAgreementVersion(schoolYear);
  const confirmed = new Set(agreements.filter((a) => a.version === version).map((a) => a.personId));
  return roster.filter((p) => !confirmed.has(p.aadObjectId));
}
