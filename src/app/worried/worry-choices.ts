// the "I'm worried" card's choices, and the facts each gives the escalation engine (R15: a pupil's
// report reaches the DSL first; contact, sexual and self-harm concerns are high).
import type { IncidentFacts } from '../../domain/index.js';

export const WORRY_CHOICES = ['unkind', 'upset', 'stranger', 'picture', 'friend', 'something-else'] as const;
export type WorryChoice = (typeof WORRY_CHOICES)[number];

export interface WorryChoiceInfo {
  /** a picture to help, never the only cue: the words say it all */
  emoji: string;
  /** a short sentence a 6 to 11 year old can read */
  words: string;
  facts: Pick<IncidentFacts, 'involved' | 'types'>;
}

const me = { party: 'pupil', part: 'victim' } as const;

export const WORRY_CHOICE_INFO: Readonly<Record<WorryChoice, WorryChoiceInfo>> = {
  unkind: { emoji: '😢', words: 'Someone was unkind to me online', facts: { involved: [me], types: ['cyberbullying'] } },
  upset: { emoji: '😟', words: 'I saw something that upset me', facts: { involved: [me], types: ['inappropriate-website'] } },
  stranger: {
    emoji: '🚫',
    words: "Someone I don't know is talking to me, wants to meet me or asked for pictures",
    facts: { involved: [me, { party: 'unknown-adult', part: 'instigator' }], types: ['grooming'] },
  },
  picture: { emoji: '📷', words: 'Someone shared a picture of me', facts: { involved: [me], types: ['images-without-consent'] } },
  // the friend is the one it happened to; the pupil telling us saw or heard it
  friend: { emoji: '🤝', words: "I'm worried about a friend", facts: { involved: [{ party: 'pupil', part: 'victim' }, { party: 'pupil', part: 'witness' }], types: ['pupil-worry'] } },
  'something-else': { emoji: '💬', words: 'Something else', facts: { involved: [me], types: ['pupil-worry'] } },
};

export const isWorryChoice = (v: unknown): v is WorryChoice => typeof v === 'string' && (WORRY_CHOICES as readonly string[]).includes(v);
