// issue 16: grooming asks "Has a meeting been arranged?" (Camden 4.7: a child arranging to meet an
// adult they met online is at immediate risk). A yes makes the case critical; the review says who is
// alerted at once. Left unanswered it is "not sure": the report is never bounced over it.
import { describe, expect, it } from 'vitest';
import {
  PRESET_INFO,
  buildFacts,
  meetingAskedOn,
  newDraft,
  nextStep,
  parseDraft,
  planFor,
  reviewOf,
  type ReportAnswers,
  type ReportDraft,
  type Step,
} from '../../src/app/report-flow/index.js';
import { exampleProfile } from '../support/test-bot.js';

const NOW = new Date('2026-11-24T09:00:00Z');
const profile = exampleProfile();
const GROOMING: ReportAnswers = { immediateRisk: false, victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'] };
const DETAILS = { date: '2026-11-24', description: 'Ava says the man from the game has arranged to meet her on Saturday.' };
const at = (step: Step, answers: ReportAnswers): ReportDraft => ({ ...newDraft('flow-m', NOW), step, answers });
const LEADS = ['Priya Shah (Designated safeguarding lead)', 'Tom Okafor (Deputy safeguarding lead)', 'Helen Marsh (Headteacher)'];

describe('report flow: "Has a meeting been arranged?" (Camden 4.7)', () => {
  it.each([
    ['the long path, with the follow-ups', GROOMING, 'followups'],
    ['the grooming preset, on the details card', { preset: 'grooming', ...PRESET_INFO.grooming.answers }, 'details'],
    [
      '"About a member of staff" who grooms a pupil, on the details card',
      { preset: 'staff', ...PRESET_INFO.staff.answers, types: ['grooming'] },
      'details',
    ],
    ['grooming among other concerns', { ...GROOMING, types: ['cyberbullying', 'grooming'] }, 'followups'],
    ['not asked for bullying', { victims: ['pupil'], instigators: ['pupil'], types: ['cyberbullying'] }, undefined],
    ['not asked before anything is chosen', {}, undefined],
  ] as const)('%s', (_name, answers, step) => {
    expect(meetingAskedOn(answers as ReportAnswers)).toBe(step);
  });

  it('yes on the follow-ups card: the fact reaches the engine and the plan is critical, police now, the leads alerted at once', () => {
    const r = nextStep(at('followups', GROOMING), { illegalSuspected: 'unsure', outsideSchool: 'yes', meetingArranged: 'yes' }, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.draft.step).toBe('details');
    expect(r.draft.answers.meetingArranged).toBe('yes');
    expect(buildFacts(r.draft.answers)).toEqual({
      reportedBy: 'staff',
      involved: [
        { party: 'pupil', part: 'victim' },
        { party: 'unknown-adult', part: 'instigator' },
      ],
      types: ['grooming'],
      outsideSchool: true,
      meetingArranged: true,
    });
    const plan = planFor({ ...r.draft.answers, ...DETAILS }, profile);
    expect(plan).toMatchObject({
      severity: 'critical',
      approver: 'dsl',
      notify: ['dsl', 'deputy-dsl', 'headteacher'],
    });
    expect(plan.referrals[0]).toEqual({ agency: 'police', when: 'now' });
    const review = reviewOf(plan, profile);
    expect(review.severityLabel).toBe('Critical');
    expect(review.alertedAtOnce).toEqual(LEADS);
    expect(review.deadlines).toEqual(['Acknowledge: within 15 minutes', 'Decide: today']);
  });

  it.each([
    ['no', false, 'high'],
    ['unsure', undefined, 'high'],
    ['', undefined, 'high'],
  ] as const)('answer %j: meetingArranged %s, the plan stays %s, nobody alerted at once', (given, fact, severity) => {
    const r = nextStep(at('followups', GROOMING), { illegalSuspected: 'unsure', outsideSchool: 'yes', meetingArranged: given }, NOW);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(buildFacts(r.draft.answers).meetingArranged).toBe(fact);
    const plan = planFor(r.draft.answers, profile);
    expect(plan.severity).toBe(severity);
    expect(reviewOf(plan, profile).alertedAtOnce).toEqual([]);
  });

  it('an answer not on the card is refused beside the question, with the other errors, the draft unchanged', () => {
    const draft = at('followups', GROOMING);
    const r = nextStep(draft, { outsideSchool: 'yes', meetingArranged: 'maybe' }, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({ illegalSuspected: 'Choose yes, no or not sure', meetingArranged: 'Choose yes, no or not sure' });
    expect(r.draft).toBe(draft);
    expect(r.values.meetingArranged).toBe('maybe');
  });

  it('the grooming preset asks it on the details card: yes makes the case critical in three screens', () => {
    let d: ReportDraft = newDraft('flow-m', NOW, 'a1b2c3d4-0000-4000-8000-000000000001');
    const first = nextStep(d, { danger: 'no', preset: 'grooming' }, NOW);
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    d = first.draft;
    expect(d.step).toBe('details');
    const second = nextStep(d, { ...DETAILS, illegalSuspected: 'unsure', outsideSchool: 'yes', meetingArranged: 'yes' }, NOW);
    if (!second.ok) throw new Error(JSON.stringify(second.errors));
    expect(second.draft.step).toBe('review');
    expect(planFor(second.draft.answers, profile).severity).toBe('critical');
  });

  it('is not read for a concern that is not grooming, and a new preset clears it', () => {
    expect(buildFacts({ victims: ['pupil'], types: ['cyberbullying'], meetingArranged: 'yes' }).meetingArranged).toBeUndefined();
    const r = nextStep(
      at('danger', { ...GROOMING, preset: 'grooming', meetingArranged: 'yes' }),
      { danger: 'no', preset: 'bullying' },
      NOW,
    );
    expect(r.ok && r.draft.answers.meetingArranged).toBeUndefined();
  });

  it('the stored draft keeps the answer', () => {
    const draft = at('details', { ...GROOMING, meetingArranged: 'unsure' });
    expect(parseDraft(JSON.parse(JSON.stringify(draft)))).toEqual(draft);
    expect(parseDraft({ ...draft, answers: { ...draft.answers, meetingArranged: 'perhaps' } })).toBeUndefined();
  });
});
