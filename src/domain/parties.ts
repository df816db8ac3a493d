import { z } from 'zod';

/** who can be involved in an incident (the trust policy's step 1, widened to the other seeds) */
export const PARTIES = [
  'pupil',
  'staff',
  'headteacher',
  'dsl',
  'governor',
  'chair-of-governors',
  'parent',
  'unknown-adult',
  'other',
] as const;
export const partySchema = z.enum(PARTIES);
export type Party = z.infer<typeof partySchema>;

/** the part a party played: the first school's log marks target (victim) and offender (instigator) */
export const PARTS = ['victim', 'instigator', 'witness'] as const;
export const partSchema = z.enum(PARTS);
export type Part = z.infer<typeof partSchema>;

export interface PartyInfo {
  label: string;
  description: string;
  /** the words a 6-11 year old sees on the "I'm worried" card */
  pupilLabel: string;
}

export const PARTY_INFO: Readonly<Record<Party, PartyInfo>> = {
  pupil: { label: 'Pupil', description: 'A child at the school.', pupilLabel: 'A child' },
  staff: {
    label: 'Member of staff',
    description: 'A teacher, teaching assistant, office worker, volunteer or contractor.',
    pupilLabel: 'A grown-up who works at school',
  },
  headteacher: { label: 'Headteacher', description: 'The headteacher of the school.', pupilLabel: 'The head teacher' },
  dsl: {
    label: 'Designated safeguarding lead',
    description: 'The DSL (or DSP) named in the school profile.',
    pupilLabel: 'The grown-up who keeps children safe',
  },
  governor: { label: 'Governor', description: 'A member of the governing board.', pupilLabel: 'A school governor' },
  'chair-of-governors': {
    label: 'Chair of governors',
    description: 'The chair of the governing board.',
    pupilLabel: 'The chair of governors',
  },
  parent: { label: 'Parent or carer', description: 'Any adult with legal responsibility for a child.', pupilLabel: 'A mum, dad or carer' },
  'unknown-adult': {
    label: 'Adult not known to the school',
    description: 'An adult met online or otherwise unknown to the school.',
    pupilLabel: 'A grown-up I do not know',
  },
  other: { label: 'Someone else', description: 'Anyone not listed above.', pupilLabel: 'Someone else' },
};

export const PART_INFO: Readonly<Record<Part, PartyInfo>> = {
  victim: { label: 'Target', description: 'The person harmed or put at risk.', pupilLabel: 'It happened to them' },
  instigator: { label: 'Instigator', description: 'The person who did it or is alleged to have done it.', pupilLabel: 'They did it' },
  witness: { label: 'Witness', description: 'The person who saw or heard about it.', pupilLabel: 'They saw it' },
};
