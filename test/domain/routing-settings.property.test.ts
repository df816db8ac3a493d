// issue 16: a school's routing settings (approvers by type included) can never reach an implicated role or person. Over random
// profiles (shared roles, vacancies, the roles some schools name), random settings (every incident, by
// type, by severity) and random reports naming people of the school, R1 still has the last word; and
// where nobody is implicated the settings do reach the roles they name.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APPROVER_ROLES,
  INCIDENT_TYPES,
  ROLES,
  SEVERITIES,
  planEscalation,
  profileRoles,
  resolveRecipients,
  type IncidentFacts,
  type IncidentType,
  type Person,
  type Role,
  type RoutingSettings,
  type SchoolProfile,
} from '../../src/domain/index.js';
import { validFacts } from './support/arbitraries.js';
import { loadSeedProfile } from './support/seed-profiles.js';

const POOL: Person[] = Array.from({ length: 8 }, (_, i) => ({
  aadObjectId: `c0000000-0000-4000-8000-00000000000${i}`,
  displayName: `Adult ${i}`,
}));
const someOf = (max: number, min = 0) => fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: min, maxLength: max });
const BASE = loadSeedProfile('example-school');

const profileArb: fc.Arbitrary<SchoolProfile> = fc
  .record(
    Object.fromEntries(ROLES.map((r) => [r, someOf(2, r === 'dsl' || r === 'headteacher' ? 1 : 0)])) as Record<
      Role,
      fc.Arbitrary<number[]>
    >,
  )
  .map((picked) => ({
    ...BASE,
    roles: Object.fromEntries(ROLES.map((r) => [r, picked[r].map((i) => POOL[i]!)])) as SchoolProfile['roles'],
  }));

const rolesArb = fc.uniqueArray(fc.constantFrom(...ROLES), { maxLength: 4 });
const keyed = <K extends string>(keys: readonly K[]) =>
  fc
    .uniqueArray(fc.tuple(fc.constantFrom(...keys), rolesArb), { maxLength: 4, selector: ([k]) => k })
    .map((entries) => Object.fromEntries(entries) as Partial<Record<K, Role[]>>);
const approversArb = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...INCIDENT_TYPES), fc.constantFrom(...APPROVER_ROLES)), { maxLength: 4, selector: ([k]) => k })
  .map((entries) => Object.fromEntries(entries) as Partial<Record<IncidentType, (typeof APPROVER_ROLES)[number]>>);
const routingArb: fc.Arbitrary<RoutingSettings> = fc.record(
  { alwaysInform: rolesArb, byType: keyed(INCIDENT_TYPES), bySeverity: keyed(SEVERITIES), approverByType: approversArb },
  { requiredKeys: ['alwaysInform', 'byType', 'bySeverity'] },
);

const rolesHeld = (profile: SchoolProfile, id: string): Role[] => ROLES.filter((r) => profile.roles[r].some((p) => p.aadObjectId === id));

const caseArb = fc
  .record({
    profile: profileArb,
    routing: routingArb,
    facts: validFacts,
    named: someOf(2),
    inPerson: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(({ profile, routing, facts, named, inPerson }) => {
    const withSettings: SchoolProfile = { ...profile, routing };
    const implicatedPeople = named.map((i) => ({ aadObjectId: POOL[i]!.aadObjectId, roles: rolesHeld(profile, POOL[i]!.aadObjectId) }));
    const f: IncidentFacts = { ...facts };
    if (implicatedPeople.length > 0) f.implicatedPeople = implicatedPeople;
    if (inPerson !== undefined) f.adultNamedInPerson = inPerson;
    return { profile: withSettings, facts: f };
  });

const RUNS = { numRuns: 400 };

describe('routing settings and R1', () => {
  it('a setting never reaches an implicated role or person, at the plan or among the people told', () => {
    fc.assert(
      fc.property(caseArb, ({ profile, facts }) => {
        const plan = planEscalation(facts, profileRoles(profile));
        for (const role of plan.exclude) {
          expect(plan.notify).not.toContain(role);
          expect(plan.escalateIfUnacknowledged).not.toContain(role);
        }
        if (plan.approver !== null) expect(plan.exclude).not.toContain(plan.approver);
        const named = (facts.implicatedPeople ?? []).map((p) => p.aadObjectId);
        for (const p of facts.implicatedPeople ?? []) for (const role of p.roles) expect(plan.exclude).toContain(role);
        for (const id of named) expect(plan.excludePeople).toContain(id);

        const resolved = resolveRecipients(plan, profile);
        const value = resolved.ok ? resolved.value : resolved.error.partial;
        const barred = new Set([...named, ...plan.exclude.flatMap((r) => profile.roles[r].map((p) => p.aadObjectId))]);
        for (const person of [...value.recipients.map((r) => r.person), ...value.approvers]) {
          expect(barred.has(person.aadObjectId), `${person.displayName} is implicated`).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('where the adult is not to be named in person, every role a setting names is told unless implicated or vacant', () => {
    fc.assert(
      fc.property(caseArb, ({ profile, facts }) => {
        fc.pre(facts.adultNamedInPerson !== true);
        const plan = planEscalation(facts, profileRoles(profile));
        const routing = profile.routing;
        const asked = [
          ...routing.alwaysInform,
          ...facts.types.flatMap((t) => routing.byType[t] ?? []),
          ...(routing.bySeverity[plan.severity] ?? []),
        ];
        for (const role of asked) {
          if (plan.exclude.includes(role) || profile.roles[role].length === 0) continue;
          expect(plan.notify).toContain(role);
        }
      }),
      RUNS,
    );
  });

  it('an approver by type approves, or the rationale says why not; never one implicated, vacant or over an adult of the school', () => {
    fc.assert(
      fc.property(caseArb, ({ profile, facts }) => {
        const plan = planEscalation(facts, profileRoles(profile));
        const { approverByType: _dropped, ...informOnly } = profile.routing;
        const before = planEscalation(facts, profileRoles({ ...profile, routing: informOnly }));
        const type = INCIDENT_TYPES.find((t) => facts.types.includes(t) && profile.routing.approverByType?.[t] !== undefined);
        const adultOfSchool = facts.involved.some(
          (e) => e.part === 'instigator' && ['staff', 'headteacher', 'dsl', 'governor', 'chair-of-governors'].includes(e.party),
        );
        if (type === undefined || adultOfSchool) {
          expect(plan.approver).toBe(before.approver);
          return;
        }
        const role = profile.routing.approverByType![type]!;
        if (plan.exclude.includes(role)) expect(plan.approver).not.toBe(role);
        const implicated = plan.exclude.length > 0 || (plan.excludePeople ?? []).length > 0 || facts.adultNamedInPerson === true;
        if (implicated || plan.approver === role) return;
        // declined (a safeguarding concern, a vacant role): the rationale names the setting and the reason, and the rules' approver stands
        expect(plan.rationale.filter((l) => l.startsWith('Profile: the ') && l.includes(` approves ${type} (routing), but `))).toHaveLength(
          1,
        );
        expect(plan.approver).toBe(before.approver);
      }),
      RUNS,
    );
  });

  it('empty settings give the plan the profile gave before it had settings', () => {
    fc.assert(
      fc.property(caseArb, ({ profile, facts }) => {
        const empty: SchoolProfile = { ...profile, routing: { alwaysInform: [], byType: {}, bySeverity: {} } };
        const { routing: _ignored, ...rolesOnly } = profile;
        expect(planEscalation(facts, profileRoles(empty))).toEqual(planEscalation(facts, profileRoles(rolesOnly as SchoolProfile)));
      }),
      RUNS,
    );
  });
});
