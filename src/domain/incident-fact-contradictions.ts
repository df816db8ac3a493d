import type { FactProblem } from './incident-facts.js';
import type { IncidentType } from './incident-types.js';
import type { Party } from './parties.js';

const quoted = (v: unknown) => (typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v)));

/** the same person cannot be both the target and the instigator when the role has one holder */
const SINGLE_HOLDER_PARTIES: readonly Party[] = ['headteacher', 'chair-of-governors'];
/** these types say "deliberately" in the first school's form (app. 9): they cannot be accidental */
const DELIBERATE_BY_DEFINITION: readonly IncidentType[] = ['bypassing-security', 'impersonation'];

/**
 * Contradictions between fields, checked on whatever part of the input is well formed so that every
 * problem is reported at once. Not checked on purpose: a child in immediate danger with no child
 * listed -- in an emergency the bot never bounces a report over a missing detail.
 */
export function factContradictions(input: Record<string, unknown>): FactProblem[] {
  const problems: FactProblem[] = [];
  const types = Array.isArray(input.types) ? input.types : [];
  const involved = Array.isArray(input.involved) ? (input.involved as unknown[]) : [];
  const entries = involved.filter(
    (e): e is { party: unknown; part: unknown } => typeof e === 'object' && e !== null && 'party' in e && 'part' in e,
  );

  types.forEach((type, i) => {
    if (types.indexOf(type) !== i) problems.push({ path: `types.${i}`, message: `${quoted(type)} is listed more than once` });
  });
  entries.forEach((e, i) => {
    if (entries.findIndex((o) => o.party === e.party && o.part === e.part) !== i) {
      problems.push({
        path: `involved.${involved.indexOf(e)}`,
        message: `${quoted(e.party)} as ${quoted(e.part)} is listed more than once`,
      });
    }
  });
  for (const party of SINGLE_HOLDER_PARTIES) {
    const parts = entries.filter((e) => e.party === party).map((e) => e.part);
    if (parts.includes('victim') && parts.includes('instigator')) {
      problems.push({ path: 'involved', message: `the ${party} cannot be both the target and the instigator` });
    }
  }
  if (input.reportedBy === 'pupil' && !entries.some((e) => e.party === 'pupil')) {
    problems.push({ path: 'involved', message: 'a pupil report must list the pupil (as victim, instigator or witness)' });
  }
  if (input.repeated === true && input.deliberate === false) {
    problems.push({ path: 'deliberate', message: 'something repeated after warnings cannot be accidental (deliberate: false)' });
  }
  if (input.deliberate === false) {
    for (const type of DELIBERATE_BY_DEFINITION) {
      if (types.includes(type))
        problems.push({ path: 'deliberate', message: `${quoted(type)} is deliberate by definition; it cannot be accidental` });
    }
  }
  return problems;
}
