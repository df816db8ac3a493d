// what the casework views say, as tables of concrete cases: the reporter's status words, a referral
// replacing its "consider", who each route choice reaches, and the deadline words of the `cases` list
import { describe, expect, it } from 'vitest';
import {
  agenciesOf,
  reporterStateWords,
  routeChoices,
  routedNoticeView,
  teamTodo,
  guidanceForTheCase,
} from '../../src/app/casework/build-views.js';
import { readCase, type CaseFile } from '../../src/app/casework/case-file.js';
import { deadlineWords } from '../../src/app/casework/list-cases.js';
import type { IncidentEvent, IncidentRecord, Json } from '../../src/ports/incident-store.js';
import { exampleProfile } from '../support/test-bot.js';

const PRIYA = { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002', displayName: 'Priya Shah' };
const TOM = 'a1b2c3d4-0000-4000-8000-000000000003';

const PLAN = {
  severity: 'high',
  notify: ['dsl', 'it-support'],
  approver: 'dsl',
  exclude: [],
  referrals: [
    { agency: 'ceop', when: 'consider' },
    { agency: 'childrens-social-care', when: 'consider' },
  ],
  deadlines: [{ action: 'triage-decision', within: 'P0D' }],
  guidance: [
    'A child is in danger now: call 999, then tell the DSL. Stay with the child if you can.',
    'Preserve the evidence: do not delete the messages.',
  ],
  escalateIfUnacknowledged: [],
};

function caseOf(
  status: string,
  events: { type: string; at?: string; data?: Json }[] = [],
  overrides: { plan?: object; facts?: object } = {},
): CaseFile {
  const record: IncidentRecord = {
    id: 'case-1',
    reference: 'OS-2026-0001',
    reportedAt: '2026-11-24T10:00:00.000Z',
    reportedBy: { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001', displayName: 'Sam Taylor', kind: 'staff' },
    status,
    severity: 'high',
    facts: { reportedBy: 'staff', types: ['grooming'], ...overrides.facts } as Json,
    plan: { ...PLAN, ...overrides.plan } as Json,
    details: {},
    version: 1,
    updatedAt: '2026-11-24T10:00:00.000Z',
  };
  const trail: IncidentEvent[] = [{ type: 'reported', at: record.reportedAt }, ...events].map((e, i) => ({
    incidentId: record.id,
    seq: i + 1,
    type: e.type,
    at: e.at ?? '2026-11-24T10:05:00.000Z',
    actor: PRIYA,
    ...(e.data !== undefined ? { data: e.data } : {}),
  }));
  return readCase(record, trail);
}

describe("reporterStateWords: the reporter's status follows the case", () => {
  const table: [string, { type: string; data?: Json }[], string][] = [
    ['reported', [], 'Received'],
    ['awaiting-approval', [], 'With the safeguarding lead'],
    ['awaiting-approval', [{ type: 'acknowledged' }], 'Seen by the safeguarding lead, being decided'],
    [
      'awaiting-approval',
      [{ type: 'more-information-requested', data: { requestId: 'q1' } }],
      'Seen by the safeguarding lead, being decided',
    ],
    ['escalated', [{ type: 'acknowledged' }, { type: 'approved', data: { route: ['dsl'] } }], 'Being dealt with'],
    ['closed', [{ type: 'approved' }, { type: 'closed' }], 'Closed'],
  ];
  it.each(table)('%s after %j: "%s"', (status, events, words) => {
    expect(reporterStateWords(caseOf(status, events))).toBe(words);
  });

  it('never names anyone', () => {
    expect(reporterStateWords(caseOf('awaiting-approval', [{ type: 'acknowledged' }]))).not.toContain('Priya');
  });
});

describe('agencies: a recorded referral replaces its "consider"', () => {
  it('CEOP referred, social care still to consider, and a referral the plan did not name added after', () => {
    const file = caseOf('escalated', [
      { type: 'referral-recorded', data: { agency: 'ceop', madeAt: '2026-11-24T10:05:00.000Z', madeBy: 'Tom Okafor', reference: 'C-1' } },
      { type: 'referral-recorded', data: { agency: 'police', madeAt: '2026-11-24T11:40:00.000Z', madeBy: 'Tom Okafor' } },
    ]);
    expect(agenciesOf(file)).toEqual([
      { label: 'CEOP', when: 'referred', at: '24 Nov 10:05' },
      { label: expect.stringContaining('social care'), when: 'consider' },
      { label: 'Police', when: 'referred', at: '24 Nov 11:40' },
    ]);
  });

  it('the latest of two referrals to the same agency; in summer time, London time', () => {
    const file = caseOf('escalated', [
      { type: 'referral-recorded', data: { agency: 'ceop', madeAt: '2027-06-01T09:00:00.000Z', madeBy: 'Tom Okafor' } },
      { type: 'referral-recorded', data: { agency: 'ceop', madeAt: '2027-06-02T14:15:00.000Z', madeBy: 'Tom Okafor' } },
    ]);
    expect(agenciesOf(file)[0]).toEqual({ label: 'CEOP', when: 'referred', at: '2 Jun 15:15' });
  });
});

describe('what the case team is told to do, and the guidance they read', () => {
  it.each([
    ['waiting', caseOf('awaiting-approval'), ['Acknowledge now, then decide the route.']],
    [
      'a child in danger now',
      caseOf('awaiting-approval', [], { facts: { immediateRisk: true } }),
      ['Make sure 999 has been called and the child is safe.', 'Acknowledge now, then decide the route.'],
    ],
    ['acknowledged', caseOf('awaiting-approval', [{ type: 'acknowledged' }]), ['Decide the route.']],
    ['decided', caseOf('escalated', [{ type: 'approved' }]), []],
    ['closed, in danger', caseOf('closed', [{ type: 'approved' }, { type: 'closed' }], { facts: { immediateRisk: true } }), []],
  ] as const)('%s', (_name, file, todo) => {
    expect(teamTodo(file)).toEqual(todo);
  });

  it('lines meant for the reporter ("then tell the DSL", a pupil\'s thanks) are left out; the rest kept in order', () => {
    expect(
      guidanceForTheCase([
        ...PLAN.guidance,
        'Thank you for telling us. You did the right thing.',
        'If you have already been shown the image, tell the DSL or headteacher now.',
      ]),
    ).toEqual(['Preserve the evidence: do not delete the messages.']);
  });
});

describe('routeChoices: names beside roles, never anyone implicated', () => {
  const profile = exampleProfile();

  it('each role with its holders, a vacant role with its stand-in, the route ticked', () => {
    const choices = routeChoices(caseOf('awaiting-approval'), profile, ['dsl', 'it-support']);
    const byRole = Object.fromEntries(choices.map((c) => [c.role, [c.title, c.selected]]));
    expect(byRole).toMatchObject({
      dsl: ['Designated safeguarding lead (Priya Shah)', true],
      'deputy-dsl': ['Deputy safeguarding lead (Tom Okafor)', false],
      headteacher: ['Headteacher (Helen Marsh)', false],
      'it-support': ['IT support (Chris Patel)', true],
      'online-safety-lead': ['Online safety lead (nobody named: Priya Shah receives it instead)', false],
      'trust-ceo': ['Trust CEO (nobody named: David Rees receives it instead)', false],
    });
  });

  it('issue 16: a role only some schools name is offered only where the school names someone for it', () => {
    expect(routeChoices(caseOf('awaiting-approval'), profile, []).map((c) => c.role)).not.toContain('siro');
    const withSiro = {
      ...profile,
      roles: { ...profile.roles, siro: [{ aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000031', displayName: 'Sia Rowe' }] },
    };
    const offered = routeChoices(caseOf('awaiting-approval'), withSiro, []).map((c) => [c.role, c.title]);
    expect(offered).toContainEqual(['siro', 'Senior information risk owner (SIRO) (Sia Rowe)']);
    expect(offered.map(([role]) => role)).not.toContain('deputy-headteacher');
  });

  it('Tom implicated: his role is not offered and his name appears nowhere', () => {
    const file = caseOf('awaiting-approval', [], { plan: { exclude: ['deputy-dsl'], excludePeople: [TOM] } });
    const choices = routeChoices(file, profile, ['dsl']);
    expect(choices.map((c) => c.role)).not.toContain('deputy-dsl');
    expect(JSON.stringify(choices)).not.toContain('Tom Okafor');
  });
});

describe("deadlineWords: the `cases` list's deadline", () => {
  const now = new Date('2026-11-24T10:30:00Z');
  it.each([
    ['due today', { label: 'Decide', dueAt: '2026-11-24T18:00:00.000Z', overdue: false }, 'Decide by 18:00'],
    ['passed today', { label: 'Acknowledge', dueAt: '2026-11-24T10:20:00.000Z', overdue: true }, 'OVERDUE: Acknowledge by 10:20'],
    ['passed yesterday', { label: 'Decide', dueAt: '2026-11-23T18:00:00.000Z', overdue: true }, 'OVERDUE: Decide by Mon 23 Nov, 18:00'],
    [
      'due tomorrow',
      { label: 'Consult the LADO', dueAt: '2026-11-25T18:00:00.000Z', overdue: false },
      'Consult the LADO by Wed 25 Nov, 18:00',
    ],
    ['none', undefined, 'No deadline due'],
  ] as const)('%s: "%s"', (_name, next, words) => {
    expect(deadlineWords(next, now)).toBe(words);
  });

  it("in summer time the hour is London's", () => {
    expect(deadlineWords({ label: 'Decide', dueAt: '2027-06-01T17:00:00.000Z', overdue: false }, new Date('2027-06-01T08:00:00Z'))).toBe(
      'Decide by 18:00',
    );
  });
});

describe('R1 guidance names the accused role: only the people entitled to the details read it (issue 13)', () => {
  const aboutTheHead = {
    plan: {
      exclude: ['headteacher'],
      oneToOneOnly: true,
      guidance: [
        'Do not discuss this with the headteacher; the chair of governors deals with it.',
        'Preserve the evidence: do not delete the messages.',
      ],
    },
  };
  it.each([
    ['it-support', ['Preserve the evidence: do not delete the messages.']],
    [
      'chair-of-governors',
      [
        'Do not discuss this with the headteacher; the chair of governors deals with it.',
        'Preserve the evidence: do not delete the messages.',
      ],
    ],
  ] as const)('routed as %s', (role, expected) => {
    const file = caseOf('escalated', [{ type: 'approved', data: { route: ['chair-of-governors', 'it-support'] } }], aboutTheHead);
    const view = routedNoticeView(file, role, 'decided');
    expect(view.guidance).toEqual(expected);
    expect(JSON.stringify(view)).toContain(role === 'it-support' ? 'Preserve' : 'headteacher');
    if (role === 'it-support') expect(JSON.stringify(view)).not.toContain('headteacher');
  });
});
