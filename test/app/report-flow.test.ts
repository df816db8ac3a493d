import { describe, expect, it } from 'vitest';
import {
  askToCancel,
  buildFacts,
  followUpsFor,
  inWords,
  keepGoing,
  newDraft,
  parseDraft,
  nextStep,
  planFor,
  previousStep,
  reviewOf,
  type ReportAnswers,
  type ReportDraft,
  type Step,
} from '../../src/app/report-flow/index.js';
import { exampleProfile } from '../support/test-bot.js';

const NOW = new Date('2026-11-24T09:00:00Z');
const at = (step: Step, answers: ReportDraft['answers'] = {}): ReportDraft => ({ ...newDraft('flow-1', NOW), step, answers });
const DETAILS = {
  date: '2026-11-23',
  time: '14:30',
  platform: 'YouTube',
  description: 'A pupil opened a video not suitable for Year 3.',
  evidence: 'Screen left open',
  actionTaken: 'Closed the laptop',
};

describe('report flow: each step validates its card inputs', () => {
  it.each([
    ['danger', {}, { danger: 'Answer yes or no' }],
    ['danger', { danger: 'maybe' }, { danger: 'Answer yes or no' }],
    ['involved', {}, { victims: 'Choose at least one person involved' }],
    ['involved', { victims: 'pupil,alien' }, { victims: 'Choose from the list' }],
    [
      'involved',
      { victims: 'headteacher', instigators: 'headteacher' },
      { instigators: 'The headteacher cannot be both the person harmed and the person it is about' },
    ],
    ['involved', { victims: 'pupil', childNames: 'x'.repeat(501) }, { childNames: 'Names is too long: keep it under 500 characters' }],
    ['what', { types: '' }, { types: 'Choose at least one thing that happened' }],
    ['what', { types: 'grooming,made-up' }, { types: 'Choose from the list' }],
    ['details', { ...DETAILS, description: '' }, { description: 'Describe what happened' }],
    [
      'details',
      { ...DETAILS, description: 'short' },
      { description: 'Describe what happened in a little more detail (at least 10 characters)' },
    ],
    [
      'details',
      { ...DETAILS, description: 'y'.repeat(4001) },
      { description: 'The description is too long: keep it under 4000 characters' },
    ],
    ['details', { ...DETAILS, date: '2026-11-25' }, { date: 'The date cannot be in the future' }],
    ['details', { ...DETAILS, date: '2026-02-30' }, { date: 'That is not a real date' }],
    ['details', { ...DETAILS, date: '24/11/2026' }, { date: 'Enter the date as a date, for example 2026-11-24' }],
    ['details', { ...DETAILS, date: '' }, { date: 'Enter the date it happened' }],
    ['details', { ...DETAILS, time: '25:00' }, { time: 'Enter the time as hours and minutes, for example 14:30' }],
    ['details', { ...DETAILS, platform: 'p'.repeat(101) }, { platform: 'The app or website is too long: keep it under 100 characters' }],
  ] as const)('%s %j -> %j, the draft unchanged and the values kept', (step, inputs, errors) => {
    const draft = at(step, { types: ['cyberbullying'] });
    const result = nextStep(draft, { flowId: 'flow-1', ...inputs }, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(errors);
    expect(result.draft).toBe(draft);
    for (const [k, v] of Object.entries(inputs)) expect(result.values[k]).toBe(v);
  });

  it('refuses "accidental" for something repeated after warnings, on the deliberate question', () => {
    const result = nextStep(
      at('followups', { types: ['cyberbullying'] }),
      { deliberate: 'no', repeated: 'yes', illegalSuspected: 'no', outsideSchool: 'no' },
      NOW,
    );
    expect(result.ok ? {} : result.errors).toEqual({
      deliberate: 'You said it carried on after warnings, so it cannot have been an accident',
    });
  });

  it('today in London counts as not in the future, just after midnight BST/GMT', () => {
    const result = nextStep(at('details'), { ...DETAILS, date: '2026-11-24' }, new Date('2026-11-24T00:05:00Z'));
    expect(result.ok).toBe(true);
  });
});

describe('report flow: the order of the steps', () => {
  const walk = (draft: ReportDraft, inputs: Record<string, string>): ReportDraft => {
    const r = nextStep(draft, inputs, NOW);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.draft;
  };

  it('danger no -> involved -> what -> follow-ups -> details -> review', () => {
    let d = newDraft('flow-1', NOW);
    const seen: Step[] = [d.step];
    d = walk(d, { danger: 'no' });
    seen.push(d.step);
    d = walk(d, { victims: 'pupil', instigators: 'pupil', childNames: 'Ava B' });
    seen.push(d.step);
    d = walk(d, { types: 'cyberbullying' });
    seen.push(d.step);
    d = walk(d, { deliberate: 'yes', repeated: 'no', illegalSuspected: 'unsure', outsideSchool: 'yes' });
    seen.push(d.step);
    d = walk(d, DETAILS);
    seen.push(d.step);
    expect(seen).toEqual(['danger', 'involved', 'what', 'followups', 'details', 'review']);
    expect(d.answers).toMatchObject({
      immediateRisk: false,
      victims: ['pupil'],
      instigators: ['pupil'],
      witnesses: [],
      childNames: 'Ava B',
      types: ['cyberbullying'],
      deliberate: 'yes',
      date: '2026-11-23',
    });
  });

  it('danger yes asks who the danger comes from (before the alert), shows the safety card, then continues flagged as immediate risk', () => {
    const asked = walk(newDraft('flow-1', NOW), { danger: 'yes' });
    expect(asked.step).toBe('danger-source');
    const d = walk(asked, { dangerSource: 'no' });
    expect(d.step).toBe('safety');
    expect(walk(d, {}).step).toBe('involved');
    expect(buildFacts({ ...d.answers, types: ['grooming'] }).immediateRisk).toBe(true);
  });

  it('skips the follow-ups when no question matters (a lost device)', () => {
    expect(followUpsFor(['lost-device'])).toEqual([]);
    expect(walk(at('what'), { types: 'lost-device' }).step).toBe('details');
  });

  it.each([
    [['grooming'], ['illegalSuspected', 'outsideSchool']],
    [['inappropriate-website'], ['deliberate', 'illegalSuspected', 'outsideSchool']],
    [['cyberbullying'], ['deliberate', 'repeated', 'illegalSuspected', 'outsideSchool']],
    [['child-abuse-images'], ['deliberate', 'outsideSchool']],
    [['data-breach'], ['deliberate']],
  ] as const)('asks only the follow-ups that matter for %j', (types, asked) => {
    expect(followUpsFor(types)).toEqual(asked);
  });

  it('Back keeps every answer and skips the safety card', () => {
    const answers = { immediateRisk: true, victims: ['pupil' as const], types: ['grooming' as const], illegalSuspected: 'yes' as const };
    // before the alert, Back returns to who the danger comes from; once it has gone, to the start
    expect(previousStep(at('involved', answers)).step).toBe('danger-source');
    expect(previousStep(at('involved', { ...answers, alertCaseId: 'case-1' })).step).toBe('danger');
    expect(previousStep(at('details', answers))).toMatchObject({ step: 'followups', answers });
    expect(previousStep(at('details', { ...answers, types: ['lost-device'] })).step).toBe('what');
    expect(previousStep(at('danger')).step).toBe('danger');
  });

  it('Cancel asks first; No goes back to the same step with the answers', () => {
    const d = at('details', { types: ['grooming'] });
    expect(askToCancel(d)).toEqual({ ...d, confirmingCancel: true });
    expect(keepGoing(askToCancel(d))).toEqual({ ...d, confirmingCancel: false });
  });
});

describe('report flow: facts for the engine', () => {
  it('builds involved parties, types and only the follow-ups asked; "not sure" stays unknown', () => {
    expect(
      buildFacts({
        immediateRisk: false,
        victims: ['pupil'],
        instigators: ['unknown-adult'],
        witnesses: ['staff'],
        types: ['grooming'],
        deliberate: 'yes', // not asked for grooming: ignored
        illegalSuspected: 'unsure',
      }),
    ).toEqual({
      reportedBy: 'staff',
      involved: [
        { party: 'pupil', part: 'victim' },
        { party: 'unknown-adult', part: 'instigator' },
        { party: 'staff', part: 'witness' },
      ],
      types: ['grooming'],
    });
    expect(buildFacts({ immediateRisk: true, victims: ['pupil'], types: ['cyberbullying'], repeated: 'yes', outsideSchool: 'no' })).toEqual(
      {
        reportedBy: 'staff',
        involved: [{ party: 'pupil', part: 'victim' }],
        types: ['cyberbullying'],
        immediateRisk: true,
        repeated: true,
        outsideSchool: false,
      },
    );
  });

  it.each([
    [
      'accidental access to an inappropriate website',
      { victims: ['pupil'], types: ['inappropriate-website'], deliberate: 'no', illegalSuspected: 'no', outsideSchool: 'no' },
      'low',
    ],
    [
      'pupil cyberbullying',
      {
        victims: ['pupil'],
        instigators: ['pupil'],
        types: ['cyberbullying'],
        deliberate: 'yes',
        repeated: 'no',
        illegalSuspected: 'no',
        outsideSchool: 'yes',
      },
      'medium',
    ],
    [
      'an unknown adult grooming a pupil',
      { victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'], illegalSuspected: 'unsure' },
      'high',
    ],
    ['a child in danger now', { immediateRisk: true, victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'] }, 'critical'],
  ] as const)('%s: the review shows severity %s', (_name, answers, severity) => {
    const profile = exampleProfile();
    const review = reviewOf(planFor(answers as unknown as ReportAnswers, profile), profile);
    expect(review.severity).toBe(severity);
    expect(review.toldPeople).toContain('Priya Shah (Designated safeguarding lead)');
    expect(review.unreachable).toBe(false);
  });

  it('a concern about the DSL is not sent to the DSL and says so without naming anyone', () => {
    const profile = exampleProfile();
    const review = reviewOf(planFor({ victims: ['pupil'], instigators: ['dsl'], types: ['sexual-harassment'] }, profile), profile);
    expect(review.implicatedNotTold).toBe(true);
    expect(review.toldPeople.join()).not.toContain('Priya Shah');
  });

  it.each([
    ['PT15M', 'within 15 minutes'],
    ['P0D', 'today'],
    ['P1D', 'within 1 working day'],
    ['P1W', 'within 1 week'],
    ['PT72H', 'within 72 hours'],
  ])('%s reads "%s"', (iso, words) => {
    expect(inWords(iso)).toBe(words);
  });
});

describe('report flow: the stored draft', () => {
  it('reads back a draft as stored, and drops one that no longer fits the shape', () => {
    const draft = { ...at('details', { victims: ['pupil'], types: ['grooming'], illegalSuspected: 'unsure' }), reporter: 'a1' };
    expect(parseDraft(JSON.parse(JSON.stringify(draft)))).toEqual(draft);
    expect(parseDraft({ ...draft, step: 'gone' })).toBeUndefined();
    expect(parseDraft({ ...draft, answers: { types: ['not-a-type'] } })).toBeUndefined();
    expect(parseDraft(undefined)).toBeUndefined();
  });
});
