import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRAINING_COURSES,
  complianceRoster,
  overdueByPerson,
  trainingDue,
  type TrainingPerson,
  type TrainingRecord,
} from '../../src/domain/index.js';
import { loadSeedProfile } from './support/seed-profiles.js';

// Bentley 11: all new staff are trained at induction; every member of staff has refresher training at
// least once each academic year; the DSL is trained at least every 2 years and updates their knowledge
// at least annually; governors as part of their safeguarding training. Camden 3.5.1: staff and governors
// at induction.
const courses = DEFAULT_TRAINING_COURSES;
const at = (iso: string) => new Date(iso);
const done = (personId: string, courseId: string, completedOn: string): TrainingRecord => ({ personId, courseId, completedOn });
const staff = (id: string, startedOn?: string, roles: TrainingPerson['roles'] = []): TrainingPerson => ({
  aadObjectId: id,
  displayName: id,
  group: 'staff',
  roles,
  startedOn,
});
const governor = (id: string, startedOn?: string): TrainingPerson => ({
  aadObjectId: id,
  displayName: id,
  group: 'governor',
  roles: [],
  startedOn,
});

// Tuesday 24 November 2026
const today = at('2026-11-24T09:00:00Z');

describe('the default catalogue (Bentley 11, Camden 3.5.1)', () => {
  it('is induction, a yearly refresher, DSL training every 2 years with a yearly update, and governors at induction', () => {
    expect(courses.map((c) => [c.id, c.audience.join('+'), c.everyMonths ?? 'once', c.atInduction ? 'at induction' : ''])).toEqual([
      ['induction', 'staff', 'once', 'at induction'],
      ['online-safety-refresher', 'staff', 12, ''],
      ['dsl-training', 'dsl', 24, ''],
      ['dsl-update', 'dsl', 12, ''],
      ['governor-online-safety', 'governor', 'once', 'at induction'],
    ]);
  });
});

describe('trainingDue: each course that applies, on a London date', () => {
  it.each([
    [
      'a teacher who started this month: induction within 30 days of starting, the refresher a year on',
      staff('nia', '2026-11-02'),
      [],
      [
        { courseId: 'induction', name: 'Online safety induction', dueOn: '2026-12-02', state: 'never-done' },
        { courseId: 'online-safety-refresher', name: 'Online safety refresher', dueOn: '2027-11-02', state: 'never-done' },
      ],
    ],
    [
      'induction not done 30 days after starting: overdue from the 31st day',
      staff('lee', '2026-10-24'),
      [],
      [
        { courseId: 'induction', name: 'Online safety induction', dueOn: '2026-11-23', state: 'overdue' },
        { courseId: 'online-safety-refresher', name: 'Online safety refresher', dueOn: '2027-10-24', state: 'never-done' },
      ],
    ],
    [
      'induction due today: still never-done',
      staff('kim', '2026-10-25'),
      [],
      [
        { courseId: 'induction', name: 'Online safety induction', dueOn: '2026-11-24', state: 'never-done' },
        { courseId: 'online-safety-refresher', name: 'Online safety refresher', dueOn: '2027-10-25', state: 'never-done' },
      ],
    ],
    [
      'inducted long ago, refresher due in 7 days: due-soon; a one-off course once done has no due date',
      staff('sam', '2019-09-02'),
      [done('sam', 'induction', '2019-09-10'), done('sam', 'online-safety-refresher', '2025-12-01')],
      [
        { courseId: 'induction', name: 'Online safety induction', lastCompletedOn: '2019-09-10', state: 'ok' },
        {
          courseId: 'online-safety-refresher',
          name: 'Online safety refresher',
          lastCompletedOn: '2025-12-01',
          dueOn: '2026-12-01',
          state: 'due-soon',
        },
      ],
    ],
    [
      'refresher last done in October 2025: overdue since 15 October 2026',
      staff('omar', '2024-09-03'),
      [done('omar', 'induction', '2024-09-20'), done('omar', 'online-safety-refresher', '2025-10-15')],
      [
        { courseId: 'induction', name: 'Online safety induction', lastCompletedOn: '2024-09-20', state: 'ok' },
        {
          courseId: 'online-safety-refresher',
          name: 'Online safety refresher',
          lastCompletedOn: '2025-10-15',
          dueOn: '2026-10-15',
          state: 'overdue',
        },
      ],
    ],
    [
      "the latest record counts, and other people's records do not",
      staff('sam'),
      [
        done('sam', 'online-safety-refresher', '2024-11-01'),
        done('sam', 'online-safety-refresher', '2026-09-02'),
        done('omar', 'induction', '2026-09-02'),
      ],
      [
        { courseId: 'induction', name: 'Online safety induction', dueOn: '2026-11-24', state: 'overdue' },
        {
          courseId: 'online-safety-refresher',
          name: 'Online safety refresher',
          lastCompletedOn: '2026-09-02',
          dueOn: '2027-09-02',
          state: 'ok',
        },
      ],
    ],
    [
      'never done and no startedOn: everything overdue, due today (a deputy DSL with no records)',
      staff('tom', undefined, ['deputy-dsl']),
      [],
      [
        { courseId: 'induction', name: 'Online safety induction', dueOn: '2026-11-24', state: 'overdue' },
        { courseId: 'online-safety-refresher', name: 'Online safety refresher', dueOn: '2026-11-24', state: 'overdue' },
        { courseId: 'dsl-training', name: 'DSL child protection and online safety training', dueOn: '2026-11-24', state: 'overdue' },
        { courseId: 'dsl-update', name: 'DSL online safety update', dueOn: '2026-11-24', state: 'overdue' },
      ],
    ],
    [
      'a governor appointed in 2022 with no record: governor training overdue since 30 days after starting (Camden 3.5.1)',
      governor('david', '2022-03-14'),
      [],
      [{ courseId: 'governor-online-safety', name: 'Online safety training for governors', dueOn: '2022-04-13', state: 'overdue' }],
    ],
    [
      'a governor appointed this month',
      governor('ruth', '2026-11-10'),
      [],
      [{ courseId: 'governor-online-safety', name: 'Online safety training for governors', dueOn: '2026-12-10', state: 'never-done' }],
    ],
    [
      'a trained governor: ok, no cycle in the seeds',
      governor('ann'),
      [done('ann', 'governor-online-safety', '2023-10-05')],
      [{ courseId: 'governor-online-safety', name: 'Online safety training for governors', lastCompletedOn: '2023-10-05', state: 'ok' }],
    ],
  ] as const)('%s', (_name, person, records, want) => {
    expect(trainingDue(person, courses, records, today)).toEqual(want);
  });

  // Bentley 11: DSL training at least every 2 years, an online-safety update at least annually
  const priya = staff('priya', '2015-01-05', ['dsl']);
  const priyaRecords = [
    done('priya', 'induction', '2015-01-20'),
    done('priya', 'online-safety-refresher', '2026-09-01'),
    done('priya', 'dsl-training', '2025-03-10'),
    done('priya', 'dsl-update', '2026-03-02'),
  ];
  const dsl = (records: readonly TrainingRecord[], on: string) =>
    trainingDue(priya, courses, records, at(on))
      .filter((d) => d.courseId.startsWith('dsl-'))
      .map((d) => [d.courseId, d.lastCompletedOn, d.dueOn, d.state]);

  it.each([
    [
      'November 2026: both in date',
      '2026-11-24T09:00:00Z',
      [
        ['dsl-training', '2025-03-10', '2027-03-10', 'ok'],
        ['dsl-update', '2026-03-02', '2027-03-02', 'ok'],
      ],
    ],
    [
      '10 February 2027: the update due in 20 days, the 2-yearly training in 28',
      '2027-02-10T09:00:00Z',
      [
        ['dsl-training', '2025-03-10', '2027-03-10', 'due-soon'],
        ['dsl-update', '2026-03-02', '2027-03-02', 'due-soon'],
      ],
    ],
    [
      '5 March 2027: the annual update is overdue, the training not yet',
      '2027-03-05T09:00:00Z',
      [
        ['dsl-training', '2025-03-10', '2027-03-10', 'due-soon'],
        ['dsl-update', '2026-03-02', '2027-03-02', 'overdue'],
      ],
    ],
    [
      '11 March 2027: both overdue',
      '2027-03-11T09:00:00Z',
      [
        ['dsl-training', '2025-03-10', '2027-03-10', 'overdue'],
        ['dsl-update', '2026-03-02', '2027-03-02', 'overdue'],
      ],
    ],
  ] as const)("the DSL's 2-year cycle with an annual update: %s", (_name, on, want) => {
    expect(dsl(priyaRecords, on)).toEqual(want);
  });

  it("the DSL's 2-yearly training counts as that year's update", () => {
    const trained = [...priyaRecords, done('priya', 'dsl-training', '2027-03-08')];
    expect(dsl(trained, '2027-03-09T09:00:00Z')).toEqual([
      ['dsl-training', '2027-03-08', '2029-03-08', 'ok'],
      ['dsl-update', '2027-03-08', '2028-03-08', 'ok'],
    ]);
    // an update alone does not count as the 2-yearly training
    expect(dsl([...priyaRecords, done('priya', 'dsl-update', '2027-03-01')], '2027-03-11T09:00:00Z')).toEqual([
      ['dsl-training', '2025-03-10', '2027-03-10', 'overdue'],
      ['dsl-update', '2027-03-01', '2028-03-01', 'ok'],
    ]);
  });

  it.each([
    [
      'leap day: done 29 February 2024, due 28 February 2025, overdue on 1 March',
      '2024-02-29',
      '2025-03-01T09:00:00Z',
      '2025-02-28',
      'overdue',
    ],
    [
      'done 28 February 2027, due 28 February 2028, still due-soon on leap day',
      '2027-02-28',
      '2028-02-28T09:00:00Z',
      '2028-02-28',
      'due-soon',
    ],
    [
      'year boundary: done 31 December 2025, 30 days before due on 1 December 2026',
      '2025-12-31',
      '2026-12-01T12:00:00Z',
      '2026-12-31',
      'due-soon',
    ],
    ['year boundary: 31 days before due on 30 November 2026', '2025-12-31', '2026-11-30T12:00:00Z', '2026-12-31', 'ok'],
    ["year boundary: New Year's Day 2027 is a day late", '2025-12-31', '2027-01-01T00:30:00Z', '2026-12-31', 'overdue'],
    ['23:30 UTC on 31 October 2026 is 31 October in London (GMT)', '2025-10-31', '2026-10-31T23:30:00Z', '2026-10-31', 'due-soon'],
    ['23:30 UTC on 30 September 2026 is already 1 October in London (BST)', '2025-09-30', '2026-09-30T23:30:00Z', '2026-09-30', 'overdue'],
  ])('the refresher, %s', (_name, completedOn, on, dueOn, state) => {
    const [, refresher] = trainingDue(
      staff('sam'),
      courses,
      [done('sam', 'induction', '2019-09-10'), done('sam', 'online-safety-refresher', completedOn)],
      at(on),
    );
    expect(refresher).toEqual({
      courseId: 'online-safety-refresher',
      name: 'Online safety refresher',
      lastCompletedOn: completedOn,
      dueOn,
      state,
    });
  });

  it("uses the school's own catalogue: a governor refresher every year", () => {
    const own = [
      { id: 'governor-update', name: 'Governor online safety update', audience: ['governor' as const], everyMonths: 12, atInduction: true },
    ];
    expect(trainingDue(governor('ann', '2020-01-06'), own, [], today)).toEqual([
      { courseId: 'governor-update', name: 'Governor online safety update', dueOn: '2020-02-05', state: 'overdue' },
    ]);
    expect(trainingDue(governor('ann'), own, [done('ann', 'governor-update', '2026-01-15')], today)).toEqual([
      {
        courseId: 'governor-update',
        name: 'Governor online safety update',
        lastCompletedOn: '2026-01-15',
        dueOn: '2027-01-15',
        state: 'ok',
      },
    ]);
    expect(trainingDue(staff('sam'), own, [], today)).toEqual([]);
  });
});

describe("overdueByPerson: the headteacher's list", () => {
  it("lists the example school's people with overdue courses, only those courses, in roster order", () => {
    const profile = loadSeedProfile('example-school');
    const roster = complianceRoster(profile);
    const id = (n: string) => `a1b2c3d4-0000-4000-8000-0000000000${n}`;
    // everyone on staff inducted and refreshed this September, except Omar (last refreshed September 2025)
    const records = [
      ...roster.filter((p) => p.group === 'staff').map((p) => done(p.aadObjectId, 'induction', '2020-01-06')),
      ...roster
        .filter((p) => p.group === 'staff' && p.aadObjectId !== id('11'))
        .map((p) => done(p.aadObjectId, 'online-safety-refresher', '2026-09-02')),
      done(id('11'), 'online-safety-refresher', '2025-09-01'),
      // Priya (DSL) trained in February; Tom (deputy) last trained in June 2024, updated in June 2026
      done(id('02'), 'dsl-training', '2026-02-02'),
      done(id('03'), 'dsl-training', '2024-06-10'),
      done(id('03'), 'dsl-update', '2026-06-10'),
    ];
    expect(
      overdueByPerson(roster, profile.training.courses, records, today).map((o) => [
        o.person.displayName,
        o.overdue.map((d) => `${d.courseId} due ${d.dueOn}`),
      ]),
    ).toEqual([
      ['Omar Ali', ['online-safety-refresher due 2026-09-01']],
      ['Tom Okafor', ['dsl-training due 2026-06-10']],
      // the chair of governors is a governor: governor training, 30 days after his startedOn in the governors list
      ['David Rees', ['governor-online-safety due 2022-04-13']],
    ]);
    expect(overdueByPerson(roster.slice(0, 1), profile.training.courses, records, today)).toEqual([]);
  });
});
