import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSchoolProfile } from '../../src/config/profile-loader.js';
import { complianceRoster, courseApplies, trainingDue, type TrainingCourse, type TrainingPerson } from '../../src/domain/index.js';

// issue 16: a training course's audience may be any role id besides staff, governor and dsl. Camden 3.5.1:
// the online-safety co-ordinator receives recognised CEOP training; Bawtry "PREVENT": staff are all
// trained on the Channel programme, which is then just a course in the profile.
const at = (iso: string) => new Date(iso);
const person = (id: string, group: TrainingPerson['group'], roles: TrainingPerson['roles'] = [], startedOn?: string): TrainingPerson => ({
  aadObjectId: id,
  displayName: id,
  group,
  roles,
  startedOn,
});
const CEOP: TrainingCourse = { id: 'ceop', name: 'CEOP training', audience: ['online-safety-lead'], everyMonths: 36 };
const LICENCES: TrainingCourse = {
  id: 'licences',
  name: 'Software licensing',
  audience: ['business-manager', 'it-support'],
  atInduction: true,
};
const SAFEGUARDING_GOVERNOR: TrainingCourse = {
  id: 'os-governor',
  name: 'Online-safety governor briefing',
  audience: ['online-safety-governor'],
  everyMonths: 12,
};
const DEPUTIES: TrainingCourse = { id: 'deputy', name: 'Deputy DSL refresher', audience: ['deputy-dsl'], everyMonths: 24 };

describe('who a role-audience course is for', () => {
  it.each([
    ['the online-safety lead is due the CEOP course (Camden 3.5.1)', CEOP, person('lead', 'staff', ['online-safety-lead']), true],
    ['a teacher is not', CEOP, person('teacher', 'staff'), false],
    ['the DSL is not, unless they also lead online safety', CEOP, person('dsl', 'staff', ['dsl']), false],
    ['the DSL who is also the online-safety lead is', CEOP, person('dsl', 'staff', ['dsl', 'online-safety-lead']), true],
    ['the business manager is due the licensing course', LICENCES, person('bm', 'staff', ['business-manager']), true],
    ['so is IT support', LICENCES, person('it', 'staff', ['it-support']), true],
    ['the headteacher is not', LICENCES, person('head', 'staff', ['headteacher']), false],
    [
      'the online-safety governor is due their briefing',
      SAFEGUARDING_GOVERNOR,
      person('gov', 'governor', ['online-safety-governor']),
      true,
    ],
    ['another governor is not', SAFEGUARDING_GOVERNOR, person('gov2', 'governor'), false],
    ['"deputy-dsl" is the deputies only', DEPUTIES, person('deputy', 'staff', ['deputy-dsl']), true],
    ['not the DSL ("dsl" is the DSL and deputies)', DEPUTIES, person('dsl', 'staff', ['dsl']), false],
  ] as const)('%s', (_name, course, who, applies) => {
    expect(courseApplies(course, who)).toBe(applies);
  });

  it('on the roster: only the business manager and IT support are due the licensing course, 30 days after starting', () => {
    const roster = complianceRoster({
      staff: [{ aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000010', displayName: 'Teacher', startedOn: '2026-11-02' }],
      governors: [],
      roles: {
        dsl: [{ aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002', displayName: 'DSL' }],
        'deputy-dsl': [],
        headteacher: [{ aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000004', displayName: 'Head' }],
        'chair-of-governors': [],
        'online-safety-lead': [],
        dpo: [],
        'it-support': [{ aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000006', displayName: 'IT' }],
        'business-manager': [{ aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000007', displayName: 'Business manager' }],
        'trust-ceo': [],
        'deputy-headteacher': [],
        'online-safety-governor': [],
        siro: [],
      },
    });
    const due = roster.map((p) => [
      p.displayName,
      trainingDue(p, [LICENCES], [], at('2026-11-24T09:00:00Z')).map((d) => `${d.courseId} ${d.state} ${d.dueOn}`),
    ]);
    expect(due).toEqual([
      ['Teacher', []],
      ['DSL', []],
      ['Head', []],
      ['IT', ['licences overdue 2026-11-24']],
      ['Business manager', ['licences overdue 2026-11-24']],
    ]);
  });
});

describe('the profile takes role audiences and says plainly what is wrong', () => {
  const withCourses = (courses: unknown[]) =>
    parseSchoolProfile({ ...(parse(readFileSync('profiles/example-school.yaml', 'utf8')) as object), training: { courses } });

  it("takes a Prevent/Channel course for all staff (Bawtry, PREVENT) and the co-ordinator's CEOP course", () => {
    const result = withCourses([
      { id: 'prevent-channel', name: 'Channel general awareness (Prevent)', audience: ['staff'], atInduction: true },
      { id: 'ceop', name: 'CEOP training', audience: ['online-safety-lead'], everyMonths: 36 },
    ]);
    expect(result.ok && result.value.training.courses.map((c) => [c.id, c.audience])).toEqual([
      ['prevent-channel', ['staff']],
      ['ceop', ['online-safety-lead']],
    ]);
  });

  it('names an audience that is neither a group nor a role', () => {
    const result = withCourses([{ id: 'ceop', name: 'CEOP training', audience: ['co-ordinator'], everyMonths: 36 }]);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).toContain(
      'training.courses.0.audience.0: must be one of: staff, dsl, governor, deputy-dsl, headteacher, chair-of-governors, online-safety-lead, dpo, it-support, business-manager, trust-ceo, deputy-headteacher, online-safety-governor, siro',
    );
  });
});
