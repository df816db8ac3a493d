import fc from 'fast-check';
import {
  INCIDENT_TYPES,
  PARTIES,
  PARTS,
  ROLES,
  parseIncidentFacts,
  type IncidentFacts,
  type Role,
  type SchoolProfileRoles,
} from '../../../src/domain/index.js';

const flag = fc.option(fc.boolean(), { nil: undefined });

/** facts of every shape the cards can send, kept to the valid ones (parseIncidentFacts decides) */
export const validFacts: fc.Arbitrary<IncidentFacts> = fc
  .record(
    {
      reportedBy: fc.constantFrom('staff' as const, 'pupil' as const),
      involved: fc.uniqueArray(fc.record({ party: fc.constantFrom(...PARTIES), part: fc.constantFrom(...PARTS) }), {
        maxLength: 5,
        selector: (e) => `${e.party}:${e.part}`,
      }),
      types: fc.uniqueArray(fc.constantFrom(...INCIDENT_TYPES), { minLength: 1, maxLength: 4 }),
      deliberate: flag,
      repeated: flag,
      immediateRisk: flag,
      illegalSuspected: flag,
      outsideSchool: flag,
      meetingArranged: flag,
    },
    { requiredKeys: ['reportedBy', 'involved', 'types'] },
  )
  .map((f) => {
    // a pupil's own card always records the pupil; add them rather than discard most pupil reports
    if (f.reportedBy === 'pupil' && !f.involved.some((e) => e.party === 'pupil')) {
      return { ...f, involved: [...f.involved, { party: 'pupil' as const, part: 'victim' as const }] };
    }
    return f;
  })
  .filter((f) => parseIncidentFacts(f).ok) as fc.Arbitrary<IncidentFacts>;

/** a school's filled roles; the schema requires a DSL and a headteacher */
export const profileRolesArb: fc.Arbitrary<SchoolProfileRoles> = fc
  .record(Object.fromEntries(ROLES.map((r) => [r, fc.boolean()])) as Record<Role, fc.Arbitrary<boolean>>)
  .map((roles) => ({ ...roles, dsl: true, headteacher: true }));
