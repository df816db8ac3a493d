import { describe, expect, it } from 'vitest';
import { newDraft, planFor, reviewOf, type ReportAnswers, type ReportDraft, type Step } from '../../src/app/report-flow/index.js';
import { reportStepCard, safetyCard, type StepView } from '../../src/adapters/teams/cards/report-cards.js';
import { cancelledCard, staleCard, statusCard, submittedCard } from '../../src/adapters/teams/cards/report-result-cards.js';
import type { AdaptiveCard } from '../../src/adapters/teams/cards/card.js';
import { actionsOf, checkCard, fallbacksOf } from '../support/adaptive-card.js';
import { exampleProfile } from '../support/test-bot.js';

const profile = exampleProfile();
const SAFETY = {
  schoolPhone: '01632 960000',
  dsl: [{ name: 'Priya Shah', phone: '01632 960001' }],
  deputies: [{ name: 'Tom Okafor', phone: '01632 960002' }],
};
const FULL: ReportAnswers = {
  immediateRisk: false,
  victims: ['pupil'],
  instigators: ['pupil'],
  witnesses: ['staff'],
  childNames: 'Ava (Year 5)',
  types: ['cyberbullying', 'images-without-consent'],
  deliberate: 'yes',
  repeated: 'unsure',
  illegalSuspected: 'no',
  outsideSchool: 'yes',
  date: '2026-11-23',
  time: '15:10',
  platform: 'WhatsApp',
  description: 'Ava showed me messages calling her names in the class group chat.',
  evidence: 'Messages on her phone',
  actionTaken: 'Reassured Ava',
};
const GROOMING: ReportAnswers = { victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'] };
const MEETING: ReportAnswers = {
  ...GROOMING,
  illegalSuspected: 'unsure',
  outsideSchool: 'yes',
  meetingArranged: 'yes',
  date: '2026-11-24',
  description: 'Ava says the man from the game has arranged to meet her on Saturday.',
};
const view = (step: Step, answers: ReportAnswers = FULL, extra: Partial<StepView> = {}): StepView => ({
  draft: { ...newDraft('9f1c6a7e-1111-4000-8000-000000000001', new Date('2026-11-24T09:00:00Z')), step, answers } satisfies ReportDraft,
  userId: '29:user-staff-sam',
  safety: SAFETY,
  ...extra,
});
const review = (answers: ReportAnswers) => reviewOf(planFor(answers, profile), profile);
const step = (s: Step, answers?: ReportAnswers, extra?: Partial<StepView>) => reportStepCard(view(s, answers, extra), '2026-11-24');

const flowCards: Record<string, AdaptiveCard> = {
  danger: step('danger', {}),
  'danger with error': step('danger', {}, { errors: { danger: 'Answer yes or no' }, values: {} }),
  safety: step('safety', { immediateRisk: true }),
  involved: step('involved'),
  'involved with errors': step(
    'involved',
    {},
    { errors: { victims: 'Choose at least one person involved', childNames: 'too long' }, values: { childNames: 'x'.repeat(600) } },
  ),
  what: step('what'),
  'what with error': step('what', {}, { errors: { types: 'Choose at least one thing that happened' }, values: {} }),
  followups: step('followups'),
  'followups with error': step('followups', FULL, { errors: { deliberate: 'You said it carried on after warnings' } }),
  details: step('details'),
  'details with errors': step('details', FULL, {
    errors: { date: 'The date cannot be in the future', description: 'Describe what happened' },
    values: { date: '2026-12-01', description: '' },
  }),
  'review, medium': step('review', FULL, { review: review(FULL) }),
  'review, low': step(
    'review',
    { victims: ['pupil'], types: ['inappropriate-website'], deliberate: 'no' },
    { review: review({ victims: ['pupil'], types: ['inappropriate-website'], deliberate: 'no' }) },
  ),
  'review, high grooming': step(
    'review',
    { victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'] },
    { review: review({ victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'] }) },
  ),
  'review, critical': step(
    'review',
    { immediateRisk: true, victims: ['pupil'], types: ['grooming'] },
    { review: review({ immediateRisk: true, victims: ['pupil'], types: ['grooming'] }) },
  ),
  'review, about the DSL': step(
    'review',
    { victims: ['pupil'], instigators: ['dsl'], types: ['sexual-harassment'] },
    { review: review({ victims: ['pupil'], instigators: ['dsl'], types: ['sexual-harassment'] }) },
  ),
  'followups, grooming': step('followups', GROOMING),
  'followups, grooming with error': step('followups', GROOMING, {
    errors: { meetingArranged: 'Choose yes, no or not sure' },
    values: { meetingArranged: 'maybe' },
  }),
  'details, grooming preset': step('details', { preset: 'grooming', ...GROOMING }),
  'review, meeting arranged': step('review', MEETING, { review: review(MEETING) }),
  'review, meeting arranged after the danger alert': step(
    'review',
    { ...MEETING, immediateRisk: true, alertCaseId: 'case-1' },
    { review: review({ ...MEETING, immediateRisk: true, alertCaseId: 'case-1' }) },
  ),
  'confirm cancel': reportStepCard({ ...view('details'), draft: { ...view('details').draft, confirmingCancel: true } }, '2026-11-24'),
};
const otherCards: Record<string, AdaptiveCard> = {
  submitted: submittedCard({
    reference: 'OS-2026-0001',
    severityLabel: 'Medium',
    toldPeople: ['Helen Marsh (Headteacher)', 'Priya Shah (Designated safeguarding lead)'],
    guidance: ['Keep the messages.'],
    critical: false,
  }),
  'submitted, critical': submittedCard({
    reference: 'OS-2026-0002',
    severityLabel: 'Critical',
    toldPeople: ['Priya Shah (Designated safeguarding lead)'],
    guidance: [],
    critical: true,
  }),
  cancelled: cancelledCard(),
  stale: staleCard(),
  'status, none': statusCard([]),
  'status, two': statusCard([
    { reference: 'OS-2026-0002', date: '24 Nov 2026', types: 'Grooming', severity: 'High', state: 'Waiting for the DSL to decide' },
    { reference: 'OS-2026-0001', date: '23 Nov 2026', types: 'Online bullying', severity: 'Medium', state: 'Closed' },
  ]),
};

const ALL_FOR_FALLBACK = { ...flowCards, ...otherCards };

describe('report cards', () => {
  it.each(Object.entries({ ...flowCards, ...otherCards }))('%s parses without problems, v1.5, under 40 KB', (_name, card) => {
    const check = checkCard(card);
    expect(check.problems).toEqual([]);
    expect(card.version).toBe('1.5');
    expect(check.bytes).toBeLessThan(40_000);
  });

  it.each(Object.entries(flowCards))(
    '%s: Action.Execute only, data is the flowId and the step the card shows, refreshes for the reporter',
    (name, card) => {
      const actions = actionsOf(card);
      expect(actions.length).toBeGreaterThan(0);
      // the step, so a click from an older card is recognised and changes nothing
      const step = name === 'confirm cancel' ? 'cancel' : name.split(/[ ,]/)[0];
      for (const action of actions) {
        expect(action.type).toBe('Action.Execute');
        // the refresh asks for the current card, whatever step it is at
        expect(action.data).toEqual(
          action.verb === 'report.refresh'
            ? { flowId: '9f1c6a7e-1111-4000-8000-000000000001' }
            : { flowId: '9f1c6a7e-1111-4000-8000-000000000001', step },
        );
      }
      expect(card.refresh).toEqual({
        action: {
          type: 'Action.Execute',
          title: 'Refresh',
          verb: 'report.refresh',
          data: { flowId: '9f1c6a7e-1111-4000-8000-000000000001' },
        },
        userIds: ['29:user-staff-sam'],
      });
    },
  );

  it.each(Object.entries(otherCards))('%s: Action.Execute only, no data', (_name, card) => {
    for (const action of actionsOf(card)) {
      expect(action.type).toBe('Action.Execute');
      expect(action.data).toEqual({});
    }
  });

  it('shows errors next to the fields and keeps what was typed', () => {
    const json = JSON.stringify(flowCards['details with errors']);
    expect(json).toContain('The date cannot be in the future');
    expect(json).toContain('"value":"2026-12-01"');
    expect(json).toContain('"max":"2026-11-24"');
  });

  it('the safety card gives 999, the DSL and deputies with phone numbers and the school phone', () => {
    const json = JSON.stringify(safetyCard(view('safety')));
    for (const s of [
      'Call 999 now',
      'Priya Shah (01632 960001)',
      'Tom Okafor (01632 960002)',
      'School office: 01632 960000',
      'Continue the report',
    ])
      expect(json).toContain(s);
  });

  it('a review about the DSL says the people concerned are not told, names no one excluded', () => {
    const json = JSON.stringify(flowCards['review, about the DSL']);
    expect(json).toContain('People the concern is about are not told.');
    expect(json).not.toContain('Priya Shah');
  });

  it('the what-happened card groups the types by the 4Cs, then data security', () => {
    const labels = (flowCards.what!.body as { type: string; label?: string }[])
      .filter((e) => e.type === 'Input.ChoiceSet')
      .map((e) => e.label?.split(':')[0]);
    expect(labels).toEqual(['Content', 'Contact', 'Conduct', 'Commerce', 'Data security']);
  });

  it('the involved card keeps earlier answers ticked (Back keeps answers)', () => {
    const json = JSON.stringify(flowCards.involved);
    expect(json).toContain('"id":"victims"');
    const witnesses = (flowCards.involved!.body as { id?: string; value?: string }[]).find((e) => e.id === 'witnesses');
    expect(witnesses?.value).toBe('staff');
    expect(json).toContain('"value":"Ava (Year 5)"');
  });
});

describe('grooming: "Has a meeting been arranged?" (Camden 4.7)', () => {
  const meetingInput = (c: AdaptiveCard) =>
    (c.body as { type: string; id?: string }[]).find((e) => e.id === 'meetingArranged') as Record<string, unknown> | undefined;

  it('is asked with the follow-ups on the long path, yes / no / not sure, not required, after the other questions', () => {
    const input = meetingInput(flowCards['followups, grooming']!);
    expect(input).toEqual({
      type: 'Input.ChoiceSet',
      id: 'meetingArranged',
      label: 'Has a meeting been arranged with the adult?',
      style: 'expanded',
      isMultiSelect: false,
      wrap: true,
      choices: [
        { title: 'Yes', value: 'yes' },
        { title: 'No', value: 'no' },
        { title: 'Not sure', value: 'unsure' },
      ],
    });
    const ids = (flowCards['followups, grooming']!.body as { id?: string }[]).map((e) => e.id).filter(Boolean);
    expect(ids).toEqual(['illegalSuspected', 'outsideSchool', 'meetingArranged']);
    expect(JSON.stringify(flowCards['followups, grooming'])).toContain(
      'If yes, the safeguarding leads are alerted the moment you press Next, before the rest of the report.',
    );
  });

  it("is asked on the details card on the grooming preset's short path, and not for other concerns", () => {
    expect(meetingInput(flowCards['details, grooming preset']!)).toMatchObject({ id: 'meetingArranged' });
    expect(meetingInput(flowCards.followups!)).toBeUndefined();
    expect(meetingInput(flowCards.details!)).toBeUndefined();
  });

  it('keeps what was chosen and shows the error beside it', () => {
    const c = flowCards['followups, grooming with error']!;
    expect(meetingInput(c)).toMatchObject({ value: 'maybe' });
    expect(JSON.stringify(c)).toContain('Choose yes, no or not sure');
  });

  it('a yes: the review says critical, who is alerted at once, the police now, and shows the answer', () => {
    const json = JSON.stringify(flowCards['review, meeting arranged']);
    expect(json).toContain('Critical: The DSL must acknowledge within 15 minutes.');
    expect(json).toContain(
      'Alerted at once, in their own chats, when you press Submit: Priya Shah (Designated safeguarding lead), Tom Okafor (Deputy safeguarding lead), Helen Marsh (Headteacher).',
    );
    expect(json).toContain('A meeting with the adult has been arranged: tell the DSL in person now.');
    expect(json).toContain(
      '{"type":"TextRun","text":"Has a meeting been arranged with the adult?: ","weight":"Bolder"},{"type":"TextRun","text":"Yes"}',
    );
  });

  it('after the danger alert the review says the leads already have it', () => {
    const json = JSON.stringify(flowCards['review, meeting arranged after the danger alert']);
    expect(json).toContain(
      'Already alerted, in their own chats: Priya Shah (Designated safeguarding lead), Tom Okafor (Deputy safeguarding lead), Helen Marsh (Headteacher). This report joins that alert.',
    );
    expect(json).not.toContain('Alerted at once');
  });

  it('a review that is not critical names nobody as alerted at once', () => {
    expect(JSON.stringify(flowCards['review, high grooming'])).not.toContain('Alerted at once');
  });
});

describe('the submitted card', () => {
  it('says the case is on its way to the safeguarding team and not to wait on a reply when a child may be at risk', () => {
    const text = JSON.stringify(
      submittedCard({
        reference: 'OS-2026-0003',
        severityLabel: 'High',
        toldPeople: ['Priya Shah (Designated safeguarding lead)'],
        guidance: [],
        critical: false,
      }),
    );
    expect(text).toContain('The safeguarding team is being sent the case now');
    expect(text).toContain('tell them in person as well: do not wait for a reply.');
    expect(text).not.toContain('does not alert anyone');
  });
});

describe('report cards for clients without Universal Actions', () => {
  it.each(Object.entries(ALL_FOR_FALLBACK))(
    '%s: every button falls back to Action.Submit with the same ids and its verb',
    (_name, card) => {
      const pairs = fallbacksOf(card);
      expect(pairs.length).toBeGreaterThan(0);
      for (const { execute, fallback } of pairs) {
        expect(fallback).toMatchObject({
          type: 'Action.Submit',
          title: execute.title,
          data: { ...(execute.data as object), verb: execute.verb },
          ...(execute.style ? { style: execute.style } : {}),
        });
      }
    },
  );
});
