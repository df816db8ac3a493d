import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_COURSES, complianceCoverage, type CompliancePerson } from '../../src/domain/index.js';

// the coverage the DSL's card and the governors' digest both show, from one function
const TODAY = new Date('2026-11-24T10:00:00Z');
const AUP = { version: '2026-09', renewEveryMonths: 12, warnDays: 30 };
const person = (aadObjectId: string, group: CompliancePerson['group'], startedOn?: string): CompliancePerson => ({
  aadObjectId,
  displayName: aadObjectId,
  group,
  roles: [],
  startedOn,
});
const PEOPLE = [person('ann', 'staff', '2019-09-02'), person('ben', 'staff', '2026-11-02'), person('gov', 'governor', '2022-03-14')];
const AGREEMENTS = [
  { personId: 'ann', version: '2026-09', agreedAt: '2026-10-01T09:00:00Z' },
  { personId: 'gov', version: '2025-09', agreedAt: '2026-02-01T09:00:00Z' },
  { personId: 'pupil-1', version: 'pupils-2026', agreedAt: '2026-09-10T09:00:00Z' },
];
const TRAINING = [
  { personId: 'ann', courseId: 'induction', completedOn: '2019-09-20' },
  { personId: 'ann', courseId: 'online-safety-refresher', completedOn: '2026-06-01' },
];

describe('complianceCoverage', () => {
  it('counts each group by AUP state, the pupils confirmed for the year, and who is overdue on training', () => {
    const coverage = complianceCoverage(
      {
        people: PEOPLE,
        agreements: AGREEMENTS,
        training: TRAINING,
        courses: DEFAULT_TRAINING_COURSES,
        aup: AUP,
        pupils: { roster: [{ aadObjectId: 'pupil-1' }, { aadObjectId: 'pupil-2' }], schoolYear: '2026' },
      },
      TODAY,
    );
    expect(coverage.aup).toEqual({
      staff: { total: 2, valid: 1, expiring: 0, expired: 0, oldVersion: 0, missing: 1 },
      governor: { total: 1, valid: 0, expiring: 0, expired: 0, oldVersion: 1, missing: 0 },
    });
    expect(coverage.pupils).toEqual({ total: 2, valid: 1 });
    // ann is up to date, ben started this month (induction due 2 Dec), the governor never did theirs
    expect(coverage.training.total).toBe(3);
    expect(coverage.training.upToDate).toBe(2);
    expect(coverage.training.overdue.map((o) => [o.person.aadObjectId, o.overdue.map((c) => c.courseId)])).toEqual([
      ['gov', ['governor-online-safety']],
    ]);
  });

  it('no policy: no AUP coverage; no pupils on the roster: no pupil count', () => {
    const coverage = complianceCoverage(
      { people: PEOPLE, agreements: [], training: [], courses: DEFAULT_TRAINING_COURSES, pupils: { roster: [], schoolYear: '2026' } },
      TODAY,
    );
    expect(coverage.aup).toBeUndefined();
    expect(coverage.pupils).toBeUndefined();
    expect(coverage.training.upToDate).toBe(1);
  });
});
