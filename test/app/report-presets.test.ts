// issue 14: each preset routes exactly as the long path does for the same answers; a preset's short
// path asks only the follow-ups the engine still needs, on the details card.
import { describe, expect, it } from 'vitest';
import {
  PRESETS,
  PRESET_INFO,
  followUpsOnDetails,
  newDraft,
  nextStep,
  planFor,
  stepsFor,
  type ReportAnswers,
  type ReportDraft,
} from '../../src/app/report-flow/index.js';
import { exampleProfile } from '../support/test-bot.js';

const NOW = new Date('2026-11-24T09:00:00Z');
const profile = exampleProfile();
const TOM = 'a1b2c3d4-0000-4000-8000-000000000003';
const DETAILS = { date: '2026-11-24', description: 'What the teacher saw and what the pupil said.' };

/** the answers as someone on the long path would give them: who, what, the follow-ups, the details */
const LONG_PATH: Record<(typeof PRESETS)[number], ReportAnswers> = {
  grooming: { victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'], illegalSuspected: 'unsure', outsideSchool: 'yes' },
  bullying: {
    victims: ['pupil'],
    instigators: ['pupil'],
    types: ['cyberbullying'],
    deliberate: 'yes',
    repeated: 'yes',
    illegalSuspected: 'no',
    outsideSchool: 'yes',
  },
  upsetting: { victims: ['pupil'], types: ['inappropriate-website'], deliberate: 'no', illegalSuspected: 'no', outsideSchool: 'no' },
  device: { victims: ['pupil'], types: ['inappropriate-website'], deliberate: 'yes', illegalSuspected: 'no', outsideSchool: 'no' },
  staff: {
    victims: ['pupil'],
    instigators: ['staff'],
    about: TOM,
    types: ['pornography'],
    deliberate: 'yes',
    illegalSuspected: 'no',
    outsideSchool: 'no',
  },
  other: { victims: ['pupil'], types: ['scam-or-phishing'], illegalSuspected: 'no', outsideSchool: 'no' },
};

/** walks a draft through the cards with these inputs per step */
function walk(inputs: Record<string, Record<string, string>>): ReportDraft {
  let d = newDraft('flow-p', NOW, 'a1b2c3d4-0000-4000-8000-000000000001');
  for (let i = 0; i < 10 && d.step !== 'review'; i++) {
    const r = nextStep(d, inputs[d.step] ?? {}, NOW, new Set([TOM]));
    if (!r.ok) throw new Error(`${d.step}: ${JSON.stringify(r.errors)}`);
    d = r.draft;
  }
  return d;
}

const tri = (a: ReportAnswers) =>
  Object.fromEntries(
    (['deliberate', 'repeated', 'illegalSuspected', 'outsideSchool'] as const).filter((f) => a[f]).map((f) => [f, a[f] as string]),
  );

describe('presets: the same plan as the long path', () => {
  it.each(PRESETS.filter((p) => p !== 'other'))('%s', (preset) => {
    const long = LONG_PATH[preset];
    const d = walk({
      danger: { danger: 'no', preset },
      about: { about: TOM },
      what: { types: (long.types ?? []).join(',') },
      details: { ...DETAILS, ...tri(long) },
    });
    expect(d.step).toBe('review');
    const expected = planFor({ ...long, ...DETAILS }, profile);
    expect(planFor(d.answers, profile)).toEqual(expected);
  });

  it('the grooming preset takes three screens (start, details, review) and asks only two questions', () => {
    expect(stepsFor({ preset: 'grooming', ...PRESET_INFO.grooming.answers })).toEqual(['danger', 'details', 'review']);
    expect(followUpsOnDetails({ preset: 'grooming', ...PRESET_INFO.grooming.answers })).toEqual(['illegalSuspected', 'outsideSchool']);
    // on a school device, whether it was outside school is already known
    expect(followUpsOnDetails({ preset: 'device', ...PRESET_INFO.device.answers })).toEqual(['deliberate', 'illegalSuspected']);
  });

  it('"About a member of staff" asks who, then what happened, then the details', () => {
    expect(stepsFor({ preset: 'staff', ...PRESET_INFO.staff.answers })).toEqual(['danger', 'about', 'what', 'details', 'review']);
  });

  it('"Something else" is the long path, with every step', () => {
    expect(stepsFor({ preset: 'other' })).toEqual(['danger', 'involved', 'what', 'details', 'review']);
    expect(stepsFor({ preset: 'other', victims: ['pupil'], instigators: ['staff'], types: ['grooming'] })).toEqual([
      'danger',
      'involved',
      'about',
      'what',
      'followups',
      'details',
      'review',
    ]);
  });

  it('choosing another preset replaces what the first filled in', () => {
    const first = nextStep(newDraft('f', NOW), { danger: 'no', preset: 'bullying' }, NOW);
    expect(first.ok && first.draft.answers.types).toEqual(['cyberbullying']);
    if (!first.ok) return;
    const again = nextStep({ ...first.draft, step: 'danger' }, { danger: 'no', preset: 'grooming' }, NOW);
    expect(again.ok && again.draft.answers).toMatchObject({ preset: 'grooming', types: ['grooming'], instigators: ['unknown-adult'] });
  });

  it('danger yes: who the danger comes from comes first, and naming a member of staff makes them who it is about', () => {
    const d = walk({
      danger: { danger: 'yes', preset: 'grooming' },
      'danger-source': { dangerSource: TOM },
      details: { ...DETAILS, illegalSuspected: 'no', outsideSchool: 'no' },
    });
    expect(d.answers).toMatchObject({ immediateRisk: true, dangerSource: TOM, about: TOM, instigators: ['unknown-adult', 'staff'] });
    expect(planFor(d.answers, profile)).toMatchObject({ severity: 'critical', excludePeople: [TOM], exclude: ['deputy-dsl'] });
  });
});
