// the "I'm worried" card's choices, and the facts each gives the escalation engine (R15: a pupil's
// report reaches the DSL first; contact, sexual and self-harm concerns are high).
// the choices say what happened, not whether the child knows the person: a groomed child often
// believes the adult is a friend, so "someone I don't know" would miss them.
import type { IncidentFacts } from '../../domain/index.js';

/** offered on the card, in this order */
export const WORRY_CHOICES = [
  'asked-for-pictures',
  'asked-to-meet',
  'keep-secret',
  'unkind',
  'picture',
  'upset',
  'friend',
  'something-else',
] as const;
/** no longer offered, still read: past records and old copies of the card left in a child's chat */
export const RETIRED_WORRY_CHOICES = ['stranger'] as const;
export type WorryChoice = (typeof WORRY_CHOICES)[number] | (typeof RETIRED_WORRY_CHOICES)[number];

export interface WorryChoiceInfo {
  /** a picture to help, never the only cue: the words say it all */
  emoji: string;
  /** a short sentence a 6 to 11 year old can read */
  words: string;
  facts: Pick<IncidentFacts, 'involved' | 'types'>;
}

const me = { party: 'pupil', part: 'victim' } as const;
// grooming by someone the child may call a friend: 'other', so it is not assumed to be an unknown adult
const contact = (): WorryChoiceInfo['facts'] => ({ involved: [me, { party: 'other', part: 'instigator' }], types: ['grooming'] });

export const WORRY_CHOICE_INFO: Readonly<Record<WorryChoice, WorryChoiceInfo>> = {
  'asked-for-pictures': { emoji: '📷', words: 'Someone online asked me for pictures', facts: contact() },
  'asked-to-meet': { emoji: '📍', words: 'Someone online asked me to meet them', facts: contact() },
  'keep-secret': { emoji: '🤫', words: 'Someone online told me to keep a secret', facts: contact() },
  unkind: { emoji: '😢', words: 'Someone is being unkind to me', facts: { involved: [me], types: ['cyberbullying'] } },
  // a picture of the child passed on by someone else: not grooming, the DSL reads the words and may recategorise
  picture: { emoji: '🖼️', words: 'Someone shared a picture of me', facts: { involved: [me], types: ['images-without-consent'] } },
  upset: { emoji: '😟', words: 'I saw something that upset me', facts: { involved: [me], types: ['inappropriate-website'] } },
  // the friend is the one it happened to; the pupil telling us saw or heard it
  friend: {
    emoji: '🤝',
    words: "I'm worried about a friend",
    facts: {
      involved: [
        { party: 'pupil', part: 'victim' },
        { party: 'pupil', part: 'witness' },
      ],
      types: ['pupil-worry'],
    },
  },
  'something-else': { emoji: '💬', words: 'Something else', facts: { involved: [me], types: ['pupil-worry'] } },
  // retired: the card offered it until the choices above replaced it
  stranger: {
    emoji: '🚫',
    words: "Someone I don't know is talking to me, wants to meet me or asked for pictures",
    facts: { involved: [me, { party: 'unknown-adult', part: 'instigator' }], types: ['grooming'] },
  },
};

const KNOWN: readonly string[] = [...WORRY_CHOICES, ...RETIRED_WORRY_CHOICES];

/** any choice we can read, retired ones too: an old card's Send must never lose a child's report */
export const isWorryChoice = (v: unknown): v is WorryChoice => typeof v === 'string' && KNOWN.includes(v);
