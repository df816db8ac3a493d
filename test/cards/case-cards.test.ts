import { describe, expect, it } from 'vitest';
import type {
  CaseAlertView,
  CaseDetailsView,
  CaseSummaryView,
  OpenCasesView,
  ReporterQuestionView,
  RoleChoice,
  RoutedNoticeView,
} from '../../src/app/casework/case-views.js';
import {
  VERB_CASE_ACKNOWLEDGE,
  VERB_CASE_ANSWER_SUBMIT,
  VERB_CASE_APPROVE,
  VERB_CASE_ASK,
  VERB_CASE_ASK_SUBMIT,
  VERB_CASE_CLOSE,
  VERB_CASE_CLOSE_SUBMIT,
  VERB_CASE_DETAILS,
  VERB_CASE_OPEN,
  VERB_CASE_REFERRAL,
  VERB_CASE_REFERRAL_SUBMIT,
  VERB_CASE_ROUTE,
  VERB_CASE_ROUTE_SUBMIT,
  approverCard,
  caseActionsCard,
  caseAlertCard,
  caseDetailsCard,
  caseNotFoundCard,
  caseStatusCard,
  noPermissionCard,
  reporterUpdateCard,
  routedNoticeCard,
} from '../../src/adapters/teams/cards/case-cards.js';
import {
  answerThanksCard,
  askReporterCard,
  changeRouteCard,
  closeCaseCard,
  referralCard,
  reporterQuestionCard,
} from '../../src/adapters/teams/cards/case-form-cards.js';
import { openCasesCard } from '../../src/adapters/teams/cards/case-list-cards.js';
import type { AdaptiveCard } from '../../src/adapters/teams/cards/card.js';
import { cardText } from '../../src/adapters/teams/cards/card-text.js';
import { actionsOf, checkCard, fallbacksOf } from '../support/adaptive-card.js';

const CASE_ID = '7d9e2c41-2222-4000-8000-000000000007';
const FORM_ID = 'f-0001';
const REQUEST_ID = 'q-0001';

const SUMMARY: CaseSummaryView = {
  caseId: CASE_ID,
  reference: 'OS-2026-0007',
  types: ['Cyberbullying', 'Sharing images without consent'],
  severity: 'high',
  severityLabel: 'High',
  reportedAt: 'Tue 24 Nov 2026, 09:15',
  reportedBy: 'a member of staff',
  route: ['Designated safeguarding lead', 'Headteacher'],
  routeChanged: false,
  agencies: [{ label: 'Police', when: 'consider' }],
  deadlines: [
    { label: 'Decide', due: 'Tue 24 Nov, 18:00', state: 'open' },
    { label: 'Tell the parents', due: 'Wed 25 Nov, 17:00', state: 'open' },
  ],
  state: 'awaiting-approval',
  status: 'Waiting for a decision',
  acknowledged: 'Acknowledged by Priya Shah at 09:16',
  notes: ['Information requested from the reporter (09:21)', 'Could not reach Chris Patel (IT support): tell them directly'],
  teamUserIds: ['aad-priya', 'aad-tom'],
};

const ESCALATED: CaseSummaryView = {
  ...SUMMARY,
  state: 'escalated',
  status: 'Approved by Priya Shah, Tue 24 Nov 09:20',
  route: ['Designated safeguarding lead', 'Headteacher', 'IT support'],
  routeChanged: true,
  deadlines: [
    { label: 'Decide', due: 'Tue 24 Nov, 18:00', state: 'met' },
    { label: 'Tell the parents', due: 'Wed 25 Nov, 17:00', state: 'overdue' },
  ],
  agencies: [
    { label: 'Police', when: 'referred', at: '24 Nov 10:05' },
    { label: 'CEOP', when: 'consider' },
  ],
};

const CLOSED: CaseSummaryView = {
  ...ESCALATED,
  state: 'closed',
  status: 'Closed by Priya Shah, Fri 27 Nov 15:00',
  severity: 'medium',
  severityLabel: 'Medium',
};
/** a high case, closed: its severity no longer stands out */
const CLOSED_HIGH: CaseSummaryView = { ...CLOSED, severity: 'high', severityLabel: 'High' };

const SECRET_DESCRIPTION = 'Ava showed me messages calling her names in the Year 5 group chat.';
const SECRET_CHILDREN = 'Ava Thompson (Year 5)';
const SECRET_REPORTER = 'Sam Reporter';

const DETAILS: CaseDetailsView = {
  ...SUMMARY,
  reporterName: SECRET_REPORTER,
  happenedAt: '23 Nov 2026 at 15:10',
  description: SECRET_DESCRIPTION,
  childNames: SECRET_CHILDREN,
  platform: 'WhatsApp',
  evidence: 'Screenshots on her phone, kept in the office',
  actionTaken: 'Reassured Ava and told her mum',
  guidance: ['Keep the device safe.', 'Do not view the images.'],
  trail: ['Tue 24 Nov 09:16 Priya Shah: Acknowledged.', 'Tue 24 Nov 09:21 Priya Shah: Asked the reporter for more.'],
  referralRecords: [{ agency: 'Police', at: 'Tue 24 Nov 10:05', madeBy: 'PC Typed Name', reference: 'CAD-123' }],
};

const ROLE_CHOICES: RoleChoice[] = [
  { role: 'dsl', title: 'Designated safeguarding lead', selected: true },
  { role: 'headteacher', title: 'Headteacher', selected: true },
  { role: 'it-support', title: 'IT support', selected: false },
];
const AGENCIES = [
  { value: 'police', title: 'Police' },
  { value: 'mash', title: 'Children’s social care (MASH)' },
];
const SANCTIONS = [
  { value: 'detention', title: 'Detention' },
  { value: 'exclusion', title: 'Suspension' },
];
const REFERRAL_DEFAULTS = { date: '2026-11-24', time: '10:05', madeBy: 'Priya Shah' };

const ROUTED_DECIDED: RoutedNoticeView = {
  caseId: CASE_ID,
  reference: 'OS-2026-0007',
  asRole: 'IT support',
  severityLabel: 'High',
  types: ['Cyberbullying'],
  stage: 'decided',
  decidedBy: 'Priya Shah',
  reason: 'The messages were sent on the school network.',
  guidance: ['Check the filtering logs for the class group.'],
};
const ROUTED_ALERT_WITH_DETAILS: RoutedNoticeView = {
  caseId: CASE_ID,
  reference: 'OS-2026-0008',
  asRole: 'Deputy designated safeguarding lead',
  severityLabel: 'Critical',
  types: ['Contact from an unknown adult'],
  stage: 'alert',
  todo: ['Make sure 999 has been called and the child is safe.', 'Acknowledge now, then decide the route.'],
  guidance: ['Find the child and keep them safe.'],
  details: {
    description: SECRET_DESCRIPTION,
    childNames: SECRET_CHILDREN,
    platform: 'Roblox',
    evidence: 'Chat on the tablet',
    actionTaken: 'Took the tablet',
    happenedAt: '24 Nov 2026 at 08:50',
    reporterName: SECRET_REPORTER,
  },
};
const QUESTION: ReporterQuestionView = {
  caseId: CASE_ID,
  reference: 'OS-2026-0007',
  requestId: REQUEST_ID,
  question: 'Which app were the messages sent in?',
};
const ALERT_UNACK: CaseAlertView = {
  caseId: CASE_ID,
  reference: 'OS-2026-0008',
  kind: 'unacknowledged',
  message: 'OS-2026-0008 is critical and nobody has acknowledged it for 15 minutes.',
  severityLabel: 'Critical',
  types: ['Contact from an unknown adult'],
  todo: ['Make sure 999 has been called and the child is safe.', 'Acknowledge now, then decide the route.'],
};

const OPEN_CASES: OpenCasesView = {
  cases: [
    {
      caseId: CASE_ID,
      reference: 'OS-2026-0008',
      types: ['Contact from an unknown adult'],
      severity: 'critical',
      severityLabel: 'Critical',
      deadline: 'OVERDUE: Acknowledge by 10:15',
      overdue: true,
      status: 'Waiting for a decision',
    },
    {
      caseId: CASE_ID,
      reference: 'OS-2026-0007',
      types: ['Cyberbullying'],
      severity: 'high',
      severityLabel: 'High',
      deadline: 'Decide by 18:00',
      overdue: false,
      status: 'Acknowledged by Priya Shah, Tue 24 Nov, 10:03',
    },
  ],
  more: 0,
};

const cards: Record<string, AdaptiveCard> = {
  'status, awaiting approval': caseStatusCard(SUMMARY),
  'status, escalated': caseStatusCard(ESCALATED),
  'status, closed': caseStatusCard(CLOSED),
  'status, closed, high': caseStatusCard(CLOSED_HIGH),
  'actions, closed, high': caseActionsCard(CLOSED_HIGH),
  'details, closed': caseDetailsCard({ ...DETAILS, ...CLOSED_HIGH }),
  'approver, not acknowledged': approverCard({ ...SUMMARY, acknowledged: undefined }, 'You are asked to decide on this case.', [
    'Acknowledge now, then decide the route.',
  ]),
  'approver, acknowledged': approverCard(SUMMARY, 'You are asked to decide on this case.', ['Decide the route.']),
  'open cases': openCasesCard(OPEN_CASES),
  'open cases, none': openCasesCard({ cases: [], more: 0 }),
  'open cases, more': openCasesCard({ ...OPEN_CASES, more: 3 }),
  'actions, awaiting approval': caseActionsCard(SUMMARY),
  'actions, escalated with a notice': caseActionsCard(ESCALATED, 'Approved. The routed people are being told.'),
  'actions, closed': caseActionsCard(CLOSED),
  'change route': changeRouteCard(SUMMARY, ROLE_CHOICES, FORM_ID),
  'change route with errors': changeRouteCard(
    SUMMARY,
    ROLE_CHOICES,
    FORM_ID,
    { reason: 'Say why you changed the route', route: 'Choose at least one person' },
    { route: 'dsl,it-support', reason: '' },
  ),
  'ask the reporter': askReporterCard(SUMMARY, FORM_ID),
  'ask the reporter with errors': askReporterCard(
    SUMMARY,
    FORM_ID,
    { question: 'Write your question', form: 'This case has changed since you opened the form' },
    { question: '' },
  ),
  referral: referralCard(ESCALATED, AGENCIES, REFERRAL_DEFAULTS, FORM_ID),
  'referral with errors': referralCard(
    ESCALATED,
    AGENCIES,
    REFERRAL_DEFAULTS,
    FORM_ID,
    { agency: 'Choose the agency', date: 'The date cannot be in the future' },
    { date: '2026-12-01', reference: 'CAD-9' },
  ),
  close: closeCaseCard(ESCALATED, SANCTIONS, FORM_ID),
  'close with errors': closeCaseCard(
    ESCALATED,
    SANCTIONS,
    FORM_ID,
    { outcome: 'Write the outcome' },
    { outcome: '', parentsInformed: 'true', sanction: 'detention', policyReview: 'false' },
  ),
  'no permission': noPermissionCard(),
  'no permission with the case': noPermissionCard(SUMMARY),
  'not found': caseNotFoundCard(),
  details: caseDetailsCard(DETAILS),
  'routed, decided, no details': routedNoticeCard(ROUTED_DECIDED),
  'routed, alert, with details': routedNoticeCard(ROUTED_ALERT_WITH_DETAILS),
  'routed, alert, acknowledged': routedNoticeCard({
    ...ROUTED_ALERT_WITH_DETAILS,
    todo: ['Decide the route.'],
    acknowledged: 'Acknowledged by Priya Shah, Tue 24 Nov, 10:03',
  }),
  'reporter update': reporterUpdateCard({
    reference: 'OS-2026-0007',
    stateWords: 'Being dealt with',
    message: 'The safeguarding team is dealing with your report. Thank you for telling us.',
  }),
  'reporter question': reporterQuestionCard(QUESTION),
  'reporter question with error': reporterQuestionCard(QUESTION, { answer: 'Write your answer' }, { answer: '' }),
  'answer thanks': answerThanksCard('OS-2026-0007'),
  'alert, unacknowledged': caseAlertCard(ALERT_UNACK),
  'alert, overdue': caseAlertCard({
    ...ALERT_UNACK,
    kind: 'overdue',
    message: 'The deadline "Tell the parents" for OS-2026-0007 has passed.',
    severityLabel: 'High',
  }),
};

const titles = (c: AdaptiveCard) => (c.actions ?? []).map((a) => a.title);
const dataKeys = new Set(['caseId', 'formId', 'requestId']);
const input = (c: AdaptiveCard, id: string) => (c.body as Record<string, unknown>[]).find((e) => e.id === id);

describe('case cards', () => {
  it.each(Object.entries(cards))('%s parses without problems, v1.5, under 40 KB', (_name, c) => {
    const check = checkCard(c);
    expect(check.problems).toEqual([]);
    expect(c.version).toBe('1.5');
    expect(check.bytes).toBeLessThan(40_000);
    expect(c.fallbackText.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(cards))(
    '%s: every button is an Action.Execute with an Action.Submit fallback, data only small ids',
    (_name, c) => {
      for (const action of actionsOf(c)) {
        expect(action.type).toBe('Action.Execute');
        for (const key of Object.keys(action.data as object)) expect(dataKeys).toContain(key);
        for (const value of Object.values(action.data as object)) expect([CASE_ID, FORM_ID, REQUEST_ID]).toContain(value);
      }
      for (const { execute, fallback } of fallbacksOf(c)) {
        expect(fallback).toMatchObject({
          type: 'Action.Submit',
          title: execute.title,
          data: { ...(execute.data as object), verb: execute.verb },
          ...(execute.style ? { style: execute.style } : {}),
        });
        expect(Object.keys((fallback as { data: object }).data).sort()).toEqual([...Object.keys(execute.data as object), 'verb'].sort());
      }
    },
  );

  it.each(Object.entries(cards))('%s: the fallback text gives no details of the report', (_name, c) => {
    for (const secret of [SECRET_DESCRIPTION, SECRET_CHILDREN, SECRET_REPORTER, 'Ava', QUESTION.question])
      expect(c.fallbackText).not.toContain(secret);
  });
});

describe('the shared channel card', () => {
  it('shows the reference, types, route, agencies, deadlines and status, and one Open case button', () => {
    const t = cardText(cards['status, escalated']);
    for (const s of [
      'Online-safety case OS-2026-0007',
      'Cyberbullying, Sharing images without consent',
      'Designated safeguarding lead, Headteacher, IT support (changed by the approver)',
      'Police: referred 24 Nov 10:05, CEOP (consider)',
      'Decide: Tue 24 Nov, 18:00 (met)',
      'Tell the parents: Wed 25 Nov, 17:00 (OVERDUE)',
      'Approved by Priya Shah, Tue 24 Nov 09:20',
      'a member of staff',
      'Only the safeguarding team can act on this case.',
    ])
      expect(t).toContain(s);
    // a recorded referral replaces its "consider"
    expect(t).not.toContain('Police (consider)');
    // who made a referral and its reference are typed: the channel card carries no typed text
    expect(t).not.toContain('made by');
    expect(t).not.toContain('reference');
    expect(titles(cards['status, escalated']!)).toEqual(['Open case']);
    expect(cards['status, escalated']!.actions![0]).toMatchObject({ verb: VERB_CASE_OPEN, data: { caseId: CASE_ID } });
  });

  it('makes high and critical severity stand out', () => {
    expect(JSON.stringify(cards['status, awaiting approval'])).toContain('"style":"attention"');
    expect(JSON.stringify(cards['status, closed'])).not.toContain('"style":"attention"');
    const t = cardText(cards['status, awaiting approval']);
    expect(t).toContain('Severity: High');
    expect(t).toContain('Acknowledged by Priya Shah at 09:16');
    expect(t).toContain('- Could not reach Chris Patel (IT support): tell them directly');
  });

  it('refreshes for the safeguarding team, opening the case, and has no refresh when there is no team', () => {
    for (const c of [caseStatusCard(SUMMARY), caseActionsCard(SUMMARY)]) {
      expect(c.refresh?.userIds).toEqual(SUMMARY.teamUserIds);
      expect(c.refresh?.action).toMatchObject({ type: 'Action.Execute', verb: VERB_CASE_OPEN, data: { caseId: CASE_ID } });
    }
    for (const c of [caseStatusCard({ ...SUMMARY, teamUserIds: [] }), caseActionsCard({ ...SUMMARY, teamUserIds: [] })]) {
      expect(c.refresh).toBeUndefined();
      expect(checkCard(c).problems).toEqual([]);
    }
  });

  it.each([
    ['status', (v: CaseSummaryView) => caseStatusCard(v)],
    ['actions', (v: CaseSummaryView) => caseActionsCard(v, 'Approved.')],
    ['no permission', (v: CaseSummaryView) => noPermissionCard(v)],
  ])('the %s card built from a full CaseDetailsView still shows only the summary', (_name, build) => {
    const c = build(DETAILS);
    const json = JSON.stringify(c);
    for (const secret of [
      SECRET_DESCRIPTION,
      SECRET_CHILDREN,
      SECRET_REPORTER,
      'WhatsApp',
      DETAILS.evidence!,
      DETAILS.actionTaken!,
      DETAILS.trail[1]!,
      DETAILS.guidance[0]!,
      'PC Typed Name',
      'CAD-123',
    ]) {
      expect(json).not.toContain(secret);
    }
    const t = cardText(c);
    for (const s of ['OS-2026-0007', 'Cyberbullying', 'Designated safeguarding lead, Headteacher', 'Waiting for a decision'])
      expect(t).toContain(s);
    expect(JSON.stringify(c)).toBe(JSON.stringify(build(SUMMARY)));
  });
});

describe('the safeguarding team card', () => {
  it.each([
    [
      'actions, awaiting approval',
      ['Approve route', 'Change route', 'Ask the reporter for more', 'Open details'],
      [VERB_CASE_APPROVE, VERB_CASE_ROUTE, VERB_CASE_ASK, VERB_CASE_DETAILS],
    ],
    [
      'actions, escalated with a notice',
      ['Record referral', 'Close case', 'Open details'],
      [VERB_CASE_REFERRAL, VERB_CASE_CLOSE, VERB_CASE_DETAILS],
    ],
    ['actions, closed', ['View details'], [VERB_CASE_DETAILS]],
  ])('%s: exactly the buttons for the state, in order, each with the caseId alone', (name, expected, verbs) => {
    const c = cards[name]!;
    expect(titles(c)).toEqual(expected);
    expect(c.actions!.map((a) => a.verb)).toEqual(verbs);
    for (const a of c.actions!) expect(a.data).toEqual({ caseId: CASE_ID });
  });

  it('Approve route is the positive button', () => {
    expect(cards['actions, awaiting approval']!.actions![0]).toMatchObject({ style: 'positive' });
  });

  it('shows the notice first, and the same case as the channel card', () => {
    const c = cards['actions, escalated with a notice']!;
    expect(c.body[0]).toMatchObject({ type: 'Container', style: 'good' });
    expect(cardText(c.body[0]).trim()).toBe('Approved. The routed people are being told.');
    expect(JSON.stringify(c.body.slice(1))).toBe(JSON.stringify(caseStatusCard(ESCALATED).body.slice(0, -1)));
    const t = cardText(c);
    for (const s of ['OS-2026-0007', 'Cyberbullying', 'IT support', 'Approved by Priya Shah']) expect(t).toContain(s);
  });
});

describe('the forms', () => {
  it('change route: a multi-select of roles, ticked as routed, and a reason', () => {
    const c = cards['change route']!;
    expect(input(c, 'route')).toMatchObject({
      type: 'Input.ChoiceSet',
      isMultiSelect: true,
      style: 'expanded',
      label: 'Who should receive this case',
      value: 'dsl,headteacher',
    });
    expect(input(c, 'reason')).toMatchObject({ type: 'Input.Text', isMultiline: true, label: 'Why (required when you change the route)' });
    expect(titles(c)).toEqual(['Approve this route', 'Back']);
    expect(c.actions![0]).toMatchObject({ verb: VERB_CASE_ROUTE_SUBMIT, data: { caseId: CASE_ID, formId: FORM_ID } });
    expect(c.actions![1]).toMatchObject({ verb: VERB_CASE_OPEN, data: { caseId: CASE_ID } });
  });

  it.each(['change route', 'ask the reporter', 'referral', 'close'])('%s: the submit sends the inputs, Back does not', (name) => {
    const [submit, back] = cards[name]!.actions!;
    expect(submit!.associatedInputs).toBeUndefined(); // Action.Execute's default, 'auto', as in report-cards.ts
    expect(back).toMatchObject({ title: 'Back', verb: VERB_CASE_OPEN, associatedInputs: 'none', fallback: { associatedInputs: 'none' } });
  });

  it('change route with errors: the errors next to the fields, what was typed kept', () => {
    const c = cards['change route with errors']!;
    const t = cardText(c);
    expect(t).toContain('Say why you changed the route');
    expect(t).toContain('Choose at least one person');
    expect(input(c, 'route')).toMatchObject({ value: 'dsl,it-support' });
  });

  it('ask the reporter: a required question, and says where it goes', () => {
    const c = cards['ask the reporter']!;
    expect(input(c, 'question')).toMatchObject({
      type: 'Input.Text',
      isRequired: true,
      isMultiline: true,
      label: 'Your question for the person who reported it',
    });
    expect(cardText(c)).toContain('in their chat with the bot');
    expect(c.actions![0]).toMatchObject({ title: 'Send question', verb: VERB_CASE_ASK_SUBMIT, data: { caseId: CASE_ID, formId: FORM_ID } });
    const withErrors = cardText(cards['ask the reporter with errors']);
    expect(withErrors).toContain('Write your question');
    expect(withErrors).toContain('This case has changed since you opened the form');
  });

  it('referral: agency, date, time, who and reference, with the defaults filled in', () => {
    const c = cards.referral!;
    expect(input(c, 'agency')).toMatchObject({
      type: 'Input.ChoiceSet',
      style: 'compact',
      isRequired: true,
      choices: [{ value: 'police', title: 'Police' }, { value: 'mash' }],
    });
    expect(input(c, 'date')).toMatchObject({ type: 'Input.Date', value: '2026-11-24' });
    expect(input(c, 'time')).toMatchObject({ type: 'Input.Time', value: '10:05' });
    expect(input(c, 'madeBy')).toMatchObject({ type: 'Input.Text', label: 'Who made the referral', value: 'Priya Shah' });
    expect(input(c, 'reference')).toMatchObject({ type: 'Input.Text', label: "The agency's reference (if given)" });
    expect(c.actions![0]).toMatchObject({
      title: 'Record referral',
      verb: VERB_CASE_REFERRAL_SUBMIT,
      data: { caseId: CASE_ID, formId: FORM_ID },
    });
    const e = cards['referral with errors']!;
    expect(input(e, 'date')).toMatchObject({ value: '2026-12-01' });
    expect(input(e, 'reference')).toMatchObject({ value: 'CAD-9' });
    expect(cardText(e)).toContain('The date cannot be in the future');
  });

  it('close: outcome, parents informed, sanction (No sanction first), support, policy review; Close case is destructive', () => {
    const c = cards.close!;
    expect(input(c, 'outcome')).toMatchObject({ type: 'Input.Text', isRequired: true, isMultiline: true, label: 'Outcome' });
    expect(input(c, 'parentsInformed')).toMatchObject({
      type: 'Input.Toggle',
      title: 'Parents or carers informed',
      valueOn: 'true',
      valueOff: 'false',
      value: 'false',
    });
    expect(input(c, 'sanction')).toMatchObject({ type: 'Input.ChoiceSet', style: 'compact', value: 'none' });
    expect((input(c, 'sanction')!.choices as { value: string }[]).map((x) => x.value)).toEqual(['none', 'detention', 'exclusion']);
    expect(input(c, 'support')).toMatchObject({ type: 'Input.Text', label: 'Support offered' });
    expect(input(c, 'policyReview')).toMatchObject({ type: 'Input.Toggle', title: 'The policy needs reviewing' });
    expect(c.actions![0]).toMatchObject({
      title: 'Close case',
      verb: VERB_CASE_CLOSE_SUBMIT,
      style: 'destructive',
      data: { caseId: CASE_ID, formId: FORM_ID },
    });
    const e = cards['close with errors']!;
    expect(cardText(e)).toContain('Write the outcome');
    expect(input(e, 'parentsInformed')).toMatchObject({ value: 'true' });
    expect(input(e, 'sanction')).toMatchObject({ value: 'detention' });
  });

  it('the forms show the case without its details', () => {
    for (const name of ['change route', 'ask the reporter', 'referral', 'close']) {
      const json = JSON.stringify(cards[name]);
      expect(json).toContain('OS-2026-0007');
      for (const secret of [SECRET_DESCRIPTION, SECRET_CHILDREN, SECRET_REPORTER]) expect(json).not.toContain(secret);
    }
    const fromDetails = JSON.stringify(changeRouteCard(DETAILS, ROLE_CHOICES, FORM_ID));
    for (const secret of [SECRET_DESCRIPTION, SECRET_CHILDREN, SECRET_REPORTER]) expect(fromDetails).not.toContain(secret);
  });
});

describe('the details card', () => {
  it('has the whole record, marked confidential, and the decision buttons, so the team can act where they read it', () => {
    const c = cards.details!;
    const t = cardText(c);
    for (const s of [
      'Case OS-2026-0007: details',
      SECRET_REPORTER,
      '23 Nov 2026 at 15:10',
      SECRET_DESCRIPTION,
      SECRET_CHILDREN,
      'WhatsApp',
      DETAILS.evidence!,
      DETAILS.actionTaken!,
      '- Keep the device safe.',
      DETAILS.trail[0]!,
      DETAILS.trail[1]!,
      'Confidential: do not copy or forward.',
      'Cyberbullying',
      'Designated safeguarding lead, Headteacher',
      'Children involved: Ava Thompson (Year 5)',
      'Platform: WhatsApp',
      'Police: Tue 24 Nov 10:05, made by PC Typed Name, reference CAD-123',
    ]) {
      expect(t).toContain(s);
    }
    expect(titles(c)).toEqual(['Approve route', 'Change route', 'Ask the reporter for more']);
    expect(c.actions!.map((a) => a.verb)).toEqual([VERB_CASE_APPROVE, VERB_CASE_ROUTE, VERB_CASE_ASK]);
  });
});

describe('the notice to a person on the route', () => {
  it('decided, without details: who decided, the role, the reason, what to do, and no details', () => {
    const c = cards['routed, decided, no details']!;
    const t = cardText(c);
    for (const s of [
      'Case OS-2026-0007 passed to you',
      'Priya Shah decided you receive this case as IT support.',
      'The messages were sent on the school network.',
      'What you need to do',
      '- Check the filtering logs for the class group.',
      'You are told only what you need for your part. Ask the designated safeguarding lead if you need more.',
    ]) {
      expect(t).toContain(s);
    }
    for (const secret of [SECRET_DESCRIPTION, SECRET_CHILDREN, SECRET_REPORTER, 'Details']) expect(t).not.toContain(secret);
    expect(c.fallbackText).toBe('Case OS-2026-0007 has been passed to you.');
  });

  it('an alert with details, for an entitled person', () => {
    const c = cards['routed, alert, with details']!;
    const t = cardText(c);
    for (const s of [
      'Urgent: critical case OS-2026-0008',
      'You are alerted as Deputy designated safeguarding lead. Nobody has decided the route yet.',
      'Severity: Critical',
      'Details',
      SECRET_DESCRIPTION,
      SECRET_CHILDREN,
      SECRET_REPORTER,
      'Roblox',
      'Confidential: do not copy or forward.',
    ]) {
      expect(t).toContain(s);
    }
    expect(t).not.toContain('You are told only what you need');
  });

  it('an alert to the case team says what to do first, never "tell the DSL", and carries Acknowledge and Open case', () => {
    const c = cards['routed, alert, with details']!;
    const t = cardText(c);
    expect(t).toContain(
      'What to do now\n- Make sure 999 has been called and the child is safe.\n- Acknowledge now, then decide the route.',
    );
    expect(t.indexOf('What to do now')).toBeLessThan(t.indexOf('Severity: Critical'));
    expect(t).not.toMatch(/tell the DSL/i);
    expect(titles(c)).toEqual(['Acknowledge', 'Open case']);
    expect(c.actions!.map((a) => [a.verb, a.data])).toEqual([
      [VERB_CASE_ACKNOWLEDGE, { caseId: CASE_ID }],
      [VERB_CASE_OPEN, { caseId: CASE_ID }],
    ]);
    // once someone has acknowledged, it says who and offers Open case alone
    const seen = cards['routed, alert, acknowledged']!;
    expect(cardText(seen)).toContain('Acknowledged\nAcknowledged by Priya Shah, Tue 24 Nov, 10:03');
    expect(titles(seen)).toEqual(['Open case']);
    // a decided notice to someone on the route has no buttons
    expect(cards['routed, decided, no details']!.actions).toBeUndefined();
  });
});

describe('the reporter cards', () => {
  it('an update: the reference, the status in words, the message, and My reports', () => {
    const c = cards['reporter update']!;
    const t = cardText(c);
    for (const s of ['Your report OS-2026-0007', 'Status: Being dealt with', 'Thank you for telling us.']) expect(t).toContain(s);
    expect(c.actions).toEqual([expect.objectContaining({ title: 'My reports', verb: 'status.show', data: {} })]);
  });

  it('a question: quoted, asked by "the designated safeguarding lead", answered in a required box, naming no member of staff', () => {
    const c = cards['reporter question']!;
    const t = cardText(c);
    for (const s of [
      'A question about your report OS-2026-0007',
      'The designated safeguarding lead asks:',
      '"Which app were the messages sent in?"',
    ])
      expect(t).toContain(s);
    expect(input(c, 'answer')).toMatchObject({ type: 'Input.Text', isRequired: true, isMultiline: true, label: 'Your answer' });
    expect(c.actions).toEqual([
      expect.objectContaining({ title: 'Send answer', verb: VERB_CASE_ANSWER_SUBMIT, data: { caseId: CASE_ID, requestId: REQUEST_ID } }),
    ]);
    for (const name of ['Priya', 'Shah', 'Tom', 'Chris Patel', SECRET_REPORTER]) expect(JSON.stringify(c)).not.toContain(name);
    expect(cardText(cards['reporter question with error'])).toContain('Write your answer');
  });

  it('thanks for an answer', () => {
    expect(cardText(cards['answer thanks'])).toContain('Thank you. Your answer was added to report OS-2026-0007.');
  });
});

describe('the alerts', () => {
  it.each([
    ['alert, unacknowledged', 'Critical case not acknowledged', 'nobody has acknowledged it for 15 minutes'],
    ['alert, overdue', 'Deadline passed', 'has passed'],
  ])('%s: a heading by kind, the message, severity and types, Open case', (name, title, message) => {
    const c = cards[name]!;
    const t = cardText(c);
    for (const s of [title, message, 'Contact from an unknown adult']) expect(t).toContain(s);
    expect(c.actions!.at(-1)).toEqual(expect.objectContaining({ title: 'Open case', verb: VERB_CASE_OPEN, data: { caseId: CASE_ID } }));
  });

  it('the unacknowledged alert says what to do and offers Acknowledge first; the overdue reminder only Open case', () => {
    const c = cards['alert, unacknowledged']!;
    expect(cardText(c)).toContain('- Make sure 999 has been called and the child is safe.\n- Acknowledge now, then decide the route.');
    expect(c.actions!.map((a) => [a.title, a.verb])).toEqual([
      ['Acknowledge', VERB_CASE_ACKNOWLEDGE],
      ['Open case', VERB_CASE_OPEN],
    ]);
    expect(titles(caseAlertCard({ ...ALERT_UNACK, acknowledged: 'Acknowledged by Tom Okafor, Tue 24 Nov, 10:16' }))).toEqual(['Open case']);
    expect(titles(cards['alert, overdue']!)).toEqual(['Open case']);
  });
});

describe('the approver card, 1:1', () => {
  it('says what to do, shows the case as the channel would, and offers Acknowledge, the decision and Open case, with no refresh', () => {
    const c = cards['approver, not acknowledged']!;
    const t = cardText(c);
    for (const s of [
      'You are asked to decide on this case.',
      'What to do now',
      '- Acknowledge now, then decide the route.',
      'Online-safety case OS-2026-0007',
    ])
      expect(t).toContain(s);
    expect(c.actions!.map((a) => [a.title, a.verb])).toEqual([
      ['Acknowledge', VERB_CASE_ACKNOWLEDGE],
      ['Approve route', VERB_CASE_APPROVE],
      ['Change route', VERB_CASE_ROUTE],
      ['Open case', VERB_CASE_OPEN],
    ]);
    expect(c.refresh).toBeUndefined();
    expect(titles(cards['approver, acknowledged']!)).toEqual(['Approve route', 'Change route', 'Open case']);
  });
});

describe('a closed case looks closed', () => {
  it('no attention colour, a Closed heading with who closed it and when, no deadlines, and View details as the only button', () => {
    for (const name of ['status, closed, high', 'actions, closed, high']) {
      const c = cards[name]!;
      const t = cardText(c);
      expect(JSON.stringify(c), name).not.toContain('"style":"attention"');
      expect(t).toContain('Closed: online-safety case OS-2026-0007');
      expect(t).toContain('Status\nClosed by Priya Shah, Fri 27 Nov 15:00');
      expect(t).toContain('Severity: High');
      expect(t).not.toContain('OVERDUE');
      expect(t).not.toContain('Open case');
      expect(c.actions!.map((a) => [a.title, a.verb, a.style])).toEqual([['View details', VERB_CASE_DETAILS, undefined]]);
      expect(c.refresh).toBeUndefined();
    }
    expect(cardText(cards['status, closed, high'])).toContain('This case is closed. Only the safeguarding team can view its details.');
  });

  it('its details card has no attention banner and no buttons', () => {
    const c = cards['details, closed']!;
    expect(JSON.stringify(c)).not.toContain('"style":"attention"');
    expect(cardText(c)).toContain('Closed case OS-2026-0007: details');
    expect(cardText(c)).toContain('Confidential: do not copy or forward.');
    expect(c.actions).toBeUndefined();
  });
});

describe('the open cases list', () => {
  it('one line a case in the order given: reference and severity, types, the deadline words, the status, and Open with the caseId alone', () => {
    const c = cards['open cases']!;
    const t = cardText(c);
    expect(t).toContain('Your open cases (2)');
    expect(t.indexOf('OS-2026-0008: Critical')).toBeLessThan(t.indexOf('OS-2026-0007: High'));
    for (const s of [
      'Contact from an unknown adult',
      'OVERDUE: Acknowledge by 10:15',
      'Decide by 18:00',
      'Acknowledged by Priya Shah, Tue 24 Nov, 10:03',
    ])
      expect(t).toContain(s);
    const opens = actionsOf(c);
    expect(opens.map((a) => [a.title, a.verb, a.data, a.tooltip])).toEqual([
      ['Open', VERB_CASE_OPEN, { caseId: CASE_ID }, 'Open case OS-2026-0008'],
      ['Open', VERB_CASE_OPEN, { caseId: CASE_ID }, 'Open case OS-2026-0007'],
    ]);
    expect(c.fallbackText).toBe('You have 2 open cases. The most urgent is OS-2026-0008 (Critical): OVERDUE: Acknowledge by 10:15.');
  });

  it('none: "You have no open cases", no buttons; more than shown: says how many more', () => {
    const none = cards['open cases, none']!;
    expect(cardText(none)).toContain('You have no open cases.');
    expect(actionsOf(none)).toEqual([]);
    expect(cardText(cards['open cases, more'])).toContain('Your open cases (5)');
    expect(cardText(cards['open cases, more'])).toContain('And 3 more, less urgent.');
  });
});

describe('not allowed, not found', () => {
  it('no permission: says nothing was changed, no buttons; with a view, the summary only', () => {
    const c = cards['no permission with the case']!;
    const t = cardText(c);
    expect(t).toContain("You don't have permission to do that");
    expect(t).toContain('Only the safeguarding team for this case can act on it. Nothing was changed.');
    expect(t).toContain('OS-2026-0007');
    expect(c.actions).toBeUndefined();
    expect(actionsOf(c)).toEqual([]);
    expect(cards['no permission']!.actions).toBeUndefined();
  });

  it('not found says nothing was changed', () => {
    expect(cardText(cards['not found'])).toContain('This case could not be found. Nothing was changed.');
  });
});
