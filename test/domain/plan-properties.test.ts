import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IMPLICATED_ROLES,
  InvalidIncidentFactsError,
  VACANCY_STAND_INS,
  isWellFormedFacts,
  incidentFactsSchema,
  parseIncidentFacts,
  planEscalation,
  type IncidentFacts,
  type Role,
} from '../../src/domain/index.js';
import { profileRolesArb, validFacts } from './support/arbitraries.js';

const implicated = (f: IncidentFacts): Role[] =>
  f.involved.flatMap((e) => (e.part === 'instigator' && IMPLICATED_ROLES[e.party] ? [IMPLICATED_ROLES[e.party] as Role] : []));

const RUNS = { numRuns: 2_000 };

describe('planEscalation invariants', () => {
  it('R1: an implicated role is excluded, never notified, never the approver, never escalated to', () => {
    fc.assert(
      fc.property(validFacts, fc.option(profileRolesArb, { nil: undefined }), (f, roles) => {
        const plan = planEscalation(f, roles);
        expect(new Set(plan.exclude)).toEqual(new Set(implicated(f)));
        for (const role of plan.exclude) {
          expect(plan.notify).not.toContain(role);
          expect(plan.escalateIfUnacknowledged).not.toContain(role);
          expect(plan.approver).not.toBe(role);
        }
      }),
      RUNS,
    );
  });

  it('R16: every plan reaches the DSL or the online-safety lead unless both are implicated', () => {
    fc.assert(
      fc.property(validFacts, (f) => {
        const plan = planEscalation(f);
        const bothImplicated = plan.exclude.includes('dsl') && plan.exclude.includes('online-safety-lead');
        if (!bothImplicated) expect(plan.notify.includes('dsl') || plan.notify.includes('online-safety-lead')).toBe(true);
      }),
      RUNS,
    );
  });

  it('R4: immediate risk is always critical with the police called now', () => {
    fc.assert(
      fc.property(validFacts, (f) => {
        const plan = planEscalation({ ...f, immediateRisk: true });
        expect(plan.severity).toBe('critical');
        expect(plan.referrals).toContainEqual({ agency: 'police', when: 'now' });
        expect(plan.deadlines[0]).toEqual({ action: 'acknowledge', within: 'PT15M' });
      }),
      RUNS,
    );
  });

  it('R5 (Camden 4.7): a meeting arranged with an adult met online is always critical with the police called now', () => {
    fc.assert(
      fc.property(validFacts, fc.option(profileRolesArb, { nil: undefined }), (f, roles) => {
        const plan = planEscalation({ ...f, meetingArranged: true }, roles);
        expect(plan.severity).toBe('critical');
        expect(plan.referrals).toContainEqual({ agency: 'police', when: 'now' });
        expect(plan.rationale.some((l) => l.startsWith('R5 grooming / unknown adult contact (Camden 4.7): critical: a meeting'))).toBe(
          true,
        );
      }),
      RUNS,
    );
  });

  it("the rationale says the severity of the plan: the highest level a rule states is the plan's, and R9 states exactly it", () => {
    const ORDER = ['low', 'medium', 'high', 'critical'] as const;
    // the level a line states: the first severity word after the rule's citation
    const stated = (line: string) =>
      /^R\d{1,2} [^:]*\): .*?\b(critical|high|medium|low)\b/.exec(line)?.[1] as (typeof ORDER)[number] | undefined;
    fc.assert(
      fc.property(validFacts, fc.option(profileRolesArb, { nil: undefined }), (f, roles) => {
        const plan = planEscalation(f, roles);
        const levels = plan.rationale.map(stated).filter((l) => l !== undefined);
        const highest = levels.reduce<(typeof ORDER)[number]>((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), 'low');
        expect(highest).toBe(plan.severity);
        const r9 = plan.rationale.find((l) => l.startsWith('R9 '));
        if (r9) expect(stated(r9)).toBe(plan.severity);
      }),
      RUNS,
    );
  });

  it('R15: a pupil report reaches the DSL first (unless the DSL is implicated) and is at least medium', () => {
    fc.assert(
      fc.property(
        validFacts.filter((f) => f.reportedBy === 'pupil'),
        fc.option(profileRolesArb, { nil: undefined }),
        (f, roles) => {
          const plan = planEscalation(f, roles);
          if (!plan.exclude.includes('dsl')) expect(plan.notify[0]).toBe('dsl');
          expect(['critical', 'high', 'medium']).toContain(plan.severity);
        },
      ),
      RUNS,
    );
  });

  it('is deterministic and does not mutate its input', () => {
    fc.assert(
      fc.property(validFacts, fc.option(profileRolesArb, { nil: undefined }), (f, roles) => {
        const before = structuredClone(f);
        const first = planEscalation(f, roles);
        expect(f).toEqual(before);
        first.notify.push('trust-ceo');
        first.guidance.length = 0;
        (first.deadlines[0] as { within: string }).within = 'P99D';
        expect(planEscalation(structuredClone(f), roles)).toEqual(planEscalation(f, roles));
        expect(planEscalation(f, roles).guidance.length).toBeGreaterThan(0);
        expect(planEscalation(f, roles).deadlines[0]?.within).not.toBe('P99D');
      }),
      { numRuns: 500 },
    );
  });

  it('is well formed: no duplicates, the approver is notified, every rationale line cites a rule', () => {
    fc.assert(
      fc.property(validFacts, fc.option(profileRolesArb, { nil: undefined }), (f, roles) => {
        const plan = planEscalation(f, roles);
        expect(new Set(plan.notify).size).toBe(plan.notify.length);
        expect(new Set(plan.referrals.map((r) => r.agency)).size).toBe(plan.referrals.length);
        expect(plan.notify.length).toBeGreaterThan(0);
        if (plan.approver !== null) expect(plan.notify).toContain(plan.approver);
        if (plan.notify[0] !== plan.approver && plan.approver !== null) expect(plan.notify[0]).toBe('dsl');
        for (const line of plan.rationale) expect(line).toMatch(/^(R\d{1,2} .+\(.+\)|Profile: )/);
        expect(plan.rationale.at(-1)?.startsWith('R16') || plan.rationale.at(-1)?.startsWith('Profile:')).toBe(true);
        if (plan.severity !== 'critical') expect(plan.escalateIfUnacknowledged).toEqual([]);
      }),
      RUNS,
    );
  });

  it('with a profile, a vacant role is only kept when no one can stand in for it', () => {
    fc.assert(
      fc.property(validFacts, profileRolesArb, (f, roles) => {
        const plan = planEscalation(f, roles);
        for (const role of plan.notify) {
          if (roles[role]) continue;
          const open = VACANCY_STAND_INS[role].filter((r) => roles[r] && !plan.exclude.includes(r));
          expect(open).toEqual([]);
        }
        if (!roles['deputy-dsl']) expect(plan.notify).not.toContain('deputy-dsl');
      }),
      RUNS,
    );
  });
});

describe('invalid facts', () => {
  const anyInput = fc.oneof(
    fc.anything(),
    validFacts.map((f) => ({ ...f, types: [...f.types, 'unknown-type'] })),
    validFacts.map((f) => ({ ...f, involved: [...f.involved, { party: 'alien', part: 'victim' }] })),
    validFacts.map((f) => ({ ...f, extra: 1 })),
    validFacts.map((f) => ({ ...f, deliberate: 'yes' })),
    validFacts.map((f) => ({ ...f, types: [] })),
    validFacts,
  );

  it('isWellFormedFacts agrees with the zod schema on any input', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        expect(isWellFormedFacts(input)).toBe(incidentFactsSchema.safeParse(input).success);
      }),
      RUNS,
    );
  });

  it('planEscalation throws InvalidIncidentFactsError exactly when parseIncidentFacts rejects the input', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const parsed = parseIncidentFacts(input);
        if (parsed.ok) expect(() => planEscalation(input as IncidentFacts)).not.toThrow();
        else expect(() => planEscalation(input as IncidentFacts)).toThrow(InvalidIncidentFactsError);
      }),
      RUNS,
    );
  });
});
