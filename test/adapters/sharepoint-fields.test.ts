import { describe, expect, it } from 'vitest';
import { keptOffSharedSite, scopedIdempotencyKey, summaryFields } from '../../src/adapters/sharepoint/fields.js';
import { planEscalation, type IncidentFacts } from '../../src/domain/index.js';
import type { IncidentRecord, Json } from '../../src/ports/incident-store.js';

// what may reach the shared SharePoint site: a table of cases -> kept off or not, and the summary line

const pupilOnPupil = {
  reportedBy: 'staff',
  types: ['cyberbullying'],
  involved: [
    { party: 'pupil', part: 'victim' },
    { party: 'pupil', part: 'instigator' },
  ],
};
const plainPlan = { severity: 'high', riskAreas: ['conduct'], notify: ['dsl'], exclude: [], approver: 'dsl' };

describe('keptOffSharedSite', () => {
  it.each([
    ['a pupil-on-pupil case', pupilOnPupil, plainPlan, false],
    [
      'an unknown adult grooming a pupil (nobody at school implicated)',
      {
        ...pupilOnPupil,
        types: ['grooming'],
        involved: [
          { party: 'pupil', part: 'victim' },
          { party: 'unknown-adult', part: 'instigator' },
        ],
      },
      plainPlan,
      false,
    ],
    ['a member of staff as instigator', { ...pupilOnPupil, involved: [{ party: 'staff', part: 'instigator' }] }, plainPlan, true],
    ['the headteacher as instigator', { ...pupilOnPupil, involved: [{ party: 'headteacher', part: 'instigator' }] }, plainPlan, true],
    ['a governor as instigator', { ...pupilOnPupil, involved: [{ party: 'governor', part: 'instigator' }] }, plainPlan, true],
    [
      'a member of staff as victim only',
      {
        ...pupilOnPupil,
        involved: [
          { party: 'staff', part: 'victim' },
          { party: 'pupil', part: 'instigator' },
        ],
      },
      plainPlan,
      false,
    ],
    ['a plan that excludes a role', pupilOnPupil, { ...plainPlan, exclude: ['dsl'] }, true],
    ['a plan that excludes a person by id', pupilOnPupil, { ...plainPlan, excludePeople: ['a1b2c3d4-0000-4000-8000-000000000077'] }, true],
    ['a plan with an empty excludePeople', pupilOnPupil, { ...plainPlan, excludePeople: [] }, false],
    ['a plan whose exclude cannot be read', pupilOnPupil, { ...plainPlan, exclude: 'dsl' }, true],
    ['a plan that is not an object', pupilOnPupil, 'high', true],
    ['facts whose people cannot be read', { ...pupilOnPupil, involved: 'staff' }, plainPlan, true],
  ] as [string, Json, Json, boolean][])('%s -> %s', (_case, facts, plan, expected) => {
    expect(keptOffSharedSite({ facts, plan })).toBe(expected);
  });

  it("the engine's own plan for an allegation against staff keeps it off (R2)", () => {
    const facts: IncidentFacts = {
      reportedBy: 'staff',
      types: ['inappropriate-website'],
      involved: [{ party: 'staff', part: 'instigator' }],
      deliberate: true,
      illegalSuspected: true,
    };
    const plan = planEscalation(facts);
    expect(keptOffSharedSite({ facts: facts as unknown as Json, plan: plan as unknown as Json })).toBe(true);
  });
});

describe('summaryFields', () => {
  const record = (reportedAt: string): IncidentRecord => ({
    id: 'c0ffee00-0000-4000-8000-000000000001',
    reference: 'OS-2026-0007',
    reportedAt,
    reportedBy: { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001', displayName: 'Sam Taylor', kind: 'staff' },
    status: 'awaiting-approval',
    severity: 'medium',
    facts: { ...pupilOnPupil, types: ['cyberbullying', 'impersonation'] },
    plan: { ...plainPlan, riskAreas: ['conduct', 'contact'], rationale: ['R7 ...'] },
    details: { description: 'About Jamie Doe', childNames: 'Jamie Doe' },
    version: 3,
    updatedAt: reportedAt,
  });

  it('is the reference, the London date, the types, severity, status and risk areas: nothing else', () => {
    expect(summaryFields(record('2026-06-30T23:30:00.000Z'))).toEqual({
      Title: 'OS-2026-0007',
      IncidentId: 'c0ffee00-0000-4000-8000-000000000001',
      // half past midnight in London (BST) is already the 1st of July there
      ReportedOn: '2026-07-01T00:00:00Z',
      IncidentTypes: 'cyberbullying, impersonation',
      Severity: 'medium',
      Status: 'awaiting-approval',
      RiskAreas: 'conduct, contact',
    });
    expect(summaryFields(record('2026-12-31T23:30:00.000Z')).ReportedOn).toBe('2026-12-31T00:00:00Z');
  });

  it("an idempotency key is the reporter's own", () => {
    expect(scopedIdempotencyKey('a1b2', 'flow-1')).not.toBe(scopedIdempotencyKey('c3d4', 'flow-1'));
  });
});
