import { z } from 'zod';
import { ROLES } from './roles.js';

// what a school sets for closing a case (issue 16): its own sanctions per category, and who keeps the
// incident log. both default to what the bot did before, so a profile without them changes nothing.

/** the sanction categories the close form records (Camden 5.1 pupils A-D, 5.2 staff A-B), as the digest counts them */
export const SANCTION_CATEGORIES = ['pupil-A', 'pupil-B', 'pupil-C', 'pupil-D', 'staff-A', 'staff-B'] as const;
export type SanctionCategoryId = (typeof SANCTION_CATEGORIES)[number];

/** each category as the close form and the incident log name it */
export const SANCTION_CATEGORY_LABELS: Readonly<Record<SanctionCategoryId, string>> = {
  'pupil-A': 'Pupil, category A',
  'pupil-B': 'Pupil, category B',
  'pupil-C': 'Pupil, category C',
  'pupil-D': 'Pupil, category D',
  'staff-A': 'Staff, category A (misconduct)',
  'staff-B': 'Staff, category B (gross misconduct)',
};

const sanctionList = z
  .array(
    z.string({ error: 'must be a sanction in words' }).trim().min(1, 'must not be empty').max(120, 'keep it to 120 characters at most'),
    {
      error: 'must be a list of sanctions, e.g. [Referral to the class teacher, Contact with parents]',
    },
  )
  .superRefine((list, ctx) => {
    list.forEach((s, i) => {
      if (list.indexOf(s) !== i) ctx.addIssue({ code: 'custom', message: `"${s}" is listed twice`, path: [i] });
    });
  })
  .default([]);

/** an object's own message, naming any key it does not take */
const strictObject = <T extends z.core.$ZodLooseShape>(shape: T, what: string, known: string) =>
  z
    .object(shape, {
      // zod's types leave out the keys an unrecognized_keys issue carries
      error: (issue) => {
        const { code, keys } = issue as unknown as { code: string; keys?: PropertyKey[] };
        if (code === 'unrecognized_keys' && keys)
          return `${keys.map((k) => `"${String(k)}"`).join(', ')} cannot go here: only ${known} can go under ${what}`;
        return `must be ${what}: ${known}`;
      },
    })
    .strict();

/**
 * each category's sanctions in the school's words (Camden 5: "schools may record their own detailed list of
 * breaches and corresponding sanctions"). a category with no list is offered as the category alone, as before.
 */
export const sanctionsSchema = strictObject(
  {
    pupil: strictObject(
      { A: sanctionList, B: sanctionList, C: sanctionList, D: sanctionList },
      'the pupil sanctions',
      'A, B, C and D',
    ).default(() => ({ A: [], B: [], C: [], D: [] })),
    staff: strictObject({ A: sanctionList, B: sanctionList }, 'the staff sanctions', 'A and B').default(() => ({ A: [], B: [] })),
  },
  'the sanctions',
  'pupil and staff',
).default(() => ({ pupil: { A: [], B: [], C: [], D: [] }, staff: { A: [], B: [] } }));
export type SanctionSettings = z.infer<typeof sanctionsSchema>;

/** who keeps the incident log (first school 3.2, 13.2): they get each closed case's summary, no names */
export const incidentLogSchema = strictObject(
  { keeper: z.enum(ROLES, { error: (i) => `"${String(i.input)}" is not a role id; use one of ${ROLES.join(', ')}` }).optional() },
  'the incident log',
  'keeper (a role id)',
).default({});
export type IncidentLogSettings = z.infer<typeof incidentLogSchema>;

/** one sanction the close form offers: the category it is counted under, and the school's words (none: the category alone) */
export interface SanctionChoice {
  /** what the card sends back: the category, or "category:words" */
  value: string;
  category: SanctionCategoryId;
  words?: string;
}

/** the school's sanctions in the order the form shows them */
export function sanctionChoices(settings: SanctionSettings): SanctionChoice[] {
  return SANCTION_CATEGORIES.flatMap((category): SanctionChoice[] => {
    const [subject, letter] = category.split('-') as ['pupil' | 'staff', string];
    const list: string[] = (settings[subject] as Record<string, string[]>)[letter] ?? [];
    return list.length === 0 ? [{ value: category, category }] : list.map((words) => ({ value: `${category}:${words}`, category, words }));
  });
}

/** the school's sanction a card sent back, or undefined when it is not on the school's list (stale or forged) */
export const findSanction = (settings: SanctionSettings, value: string): SanctionChoice | undefined =>
  sanctionChoices(settings).find((c) => c.value === value);
