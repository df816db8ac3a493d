// what teachers actually meet, as one tap each: a preset fills the categorisation (who, what, and any
// answer it settles) and the report asks only what the engine still needs. "Something else" is the
// long path, where every route stays reachable. A table test holds each preset to the plan the long
// path gives for the same answers.
import type { FollowUp, ReportAnswers } from './draft.js';

export const PRESETS = ['grooming', 'bullying', 'upsetting', 'device', 'staff', 'other'] as const;
export type Preset = (typeof PRESETS)[number];

export interface PresetInfo {
  /** the words on the card */
  title: string;
  /** the answers it gives; the rest are asked */
  answers: Pick<ReportAnswers, 'victims' | 'instigators' | 'witnesses' | 'types' | FollowUp>;
  /**
   * short: the details (with the few questions the engine still needs) and the review; staff: who it is
   * about and what happened first; long: every step
   */
  path: 'short' | 'staff' | 'long';
}

export const PRESET_INFO: Readonly<Record<Preset, PresetInfo>> = {
  grooming: {
    title: 'A pupil told me an adult online asked for pictures or to meet',
    answers: { victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'] },
    path: 'short',
  },
  bullying: {
    title: 'Pupils being unkind online',
    answers: { victims: ['pupil'], instigators: ['pupil'], types: ['cyberbullying'] },
    path: 'short',
  },
  upsetting: {
    title: 'A pupil saw something upsetting',
    answers: { victims: ['pupil'], types: ['inappropriate-website'] },
    path: 'short',
  },
  device: {
    title: 'Something on a school device',
    answers: { victims: ['pupil'], types: ['inappropriate-website'], outsideSchool: 'no' },
    path: 'short',
  },
  staff: {
    title: 'About a member of staff',
    answers: { victims: ['pupil'], instigators: ['staff'] },
    path: 'staff',
  },
  other: { title: 'Something else', answers: {}, path: 'long' },
};

export const isPreset = (v: unknown): v is Preset => typeof v === 'string' && (PRESETS as readonly string[]).includes(v);
