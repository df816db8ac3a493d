// the cards of the compliance duties: the acceptable use agreement, training, leaver accounts, the
// yearly reviews and notices, and a person's reminders together in one card. staff and governors only;
// never anything about pupils.
import { COMPLIANCE_TEXT_LIMITS } from '../../../app/compliance/text-limits.js';
import { attention, card, execute, facts, heading, text, typed, type AdaptiveCard, type CardAction, type CardElement } from './card.js';

export const VERB_AUP_AGREE = 'aup.agree';
export const VERB_TRAINING_DONE = 'training.done';
export const VERB_LEAVER_DECIDE = 'leaver.decide';

// the limits are the use cases' (they refuse longer text); the cards' maxLength reads them
export { COMPLIANCE_TEXT_LIMITS };

const fieldProblem = (message: string | undefined): CardElement[] =>
  message ? [text(message, { color: 'Attention', size: 'Small', spacing: 'None' })] : [];

export interface AupView {
  version: string;
  summary: string;
  url?: string;
  /** why they are asked: 'missing', 'expiring' (with the date), 'new-version'... */
  why?: string;
}

export function aupCard(view: AupView): AdaptiveCard {
  const body: CardElement[] = [
    heading('Acceptable use agreement'),
    ...(view.why ? [attention(view.why)] : []),
    text(view.summary),
    facts([['Version', view.version]]),
    text(
      'By pressing the button you confirm that you have read the whole policy and agree to follow it. The school keeps a record of who agreed to which version, and when.',
      { isSubtle: true },
    ),
  ];
  const actions = [
    ...(view.url ? [{ type: 'Action.OpenUrl' as const, title: 'Read the whole policy', url: view.url }] : []),
    execute('I have read and agree', VERB_AUP_AGREE, { version: view.version }, 'positive'),
  ];
  return card(`Acceptable use agreement, version ${view.version}: please read it and agree in Teams.`, body, actions);
}

export function aupAgreedCard(view: { version: string; agreedOn: string; renewBy: string; name: string }): AdaptiveCard {
  return card(`Thank you, ${view.name}: your agreement to version ${view.version} is recorded.`, [
    heading('Thank you: recorded'),
    facts([
      ['Who', view.name],
      ['Version', view.version],
      ['Agreed', view.agreedOn],
      ['Renew by', view.renewBy],
    ]),
  ]);
}

export interface TrainingDueView {
  name: string;
  courses: { courseId: string; name: string; dueOn: string; state: 'overdue' | 'due-soon' | 'ok' | 'never-done' }[];
  today: string;
  error?: string;
  /** a problem with one field, shown under it */
  errors?: { provider?: string };
  values?: { course?: string; completedOn?: string; provider?: string };
}

const STATE_WORDS = { overdue: 'overdue', 'due-soon': 'due soon', ok: 'up to date', 'never-done': 'not done yet' } as const;

export function trainingCard(view: TrainingDueView): AdaptiveCard {
  const due = view.courses.filter((c) => c.state !== 'ok');
  return card(
    due.length > 0 ? `Training due: ${due.map((c) => c.name).join(', ')}.` : 'Your training is up to date.',
    [
      heading('Your training'),
      facts(view.courses.map((c) => [c.name, `${STATE_WORDS[c.state]} (due ${c.dueOn})`])),
      text('When you finish a course, record it here: the school keeps the record as evidence.', { isSubtle: true }),
      ...(view.error ? [attention(view.error)] : []),
      {
        type: 'Input.ChoiceSet',
        id: 'course',
        label: 'Which course did you complete?',
        isRequired: true,
        errorMessage: 'Choose the course.',
        choices: view.courses.map((c) => ({ title: c.name, value: c.courseId })),
        ...(view.values?.course ? { value: view.values.course } : due[0] ? { value: due[0].courseId } : {}),
      },
      {
        type: 'Input.Date',
        id: 'completedOn',
        label: 'When did you complete it?',
        isRequired: true,
        errorMessage: 'Give the date.',
        max: view.today,
        value: view.values?.completedOn ?? view.today,
      },
      {
        type: 'Input.Text',
        id: 'provider',
        label: 'Who provided it (optional)',
        maxLength: COMPLIANCE_TEXT_LIMITS.provider,
        ...(view.values?.provider ? { value: view.values.provider } : {}),
      },
      ...fieldProblem(view.errors?.provider),
    ],
    [execute("I've completed it", VERB_TRAINING_DONE, {}, 'positive')],
  );
}

export function trainingRecordedCard(view: { name: string; course: string; completedOn: string; nextDueOn?: string }): AdaptiveCard {
  return card(`Recorded: ${view.course} completed on ${view.completedOn}.`, [
    heading('Training recorded'),
    facts([
      ['Who', view.name],
      ['Course', view.course],
      ['Completed', view.completedOn],
      ...(view.nextDueOn ? [['Next due', view.nextDueOn] as [string, string]] : []),
    ]),
  ]);
}

export interface LeaverView {
  periodKey: string;
  /** decision: "keep (Chris Patel: Left in July)", the reason as typed */
  accounts: { id: string; name: string; userPrincipalName?: string; reasons: string[]; decision?: string }[];
  notice?: string;
  /** a problem with an account's reason, by account id, shown under the reason */
  errors?: Record<string, string>;
  /** what was typed as an account's reason, by account id */
  values?: Record<string, string>;
}

/** IT support or the business manager decides each account; the bot disables nothing by itself */
export function leaversCard(view: LeaverView): AdaptiveCard {
  const open = view.accounts.filter((a) => !a.decision);
  return card(`${open.length} account(s) to review: leavers or accounts not used. Decide each in Teams.`, [
    heading('Leaver and unused accounts to review'),
    ...(view.notice ? [attention(view.notice)] : []),
    text(
      'For each account, choose Disable (you then disable it in Entra) or Keep, and give the reason. Nothing is disabled without a person deciding.',
      { isSubtle: true },
    ),
    ...view.accounts.map((a): CardElement => ({
      type: 'Container',
      separator: true,
      items: [
        // names from the directory and the typed reason: plain text, never markdown
        typed(a.userPrincipalName ? `${a.name} (${a.userPrincipalName})` : a.name, { weight: 'Bolder' }),
        text(a.reasons.join('; '), { isSubtle: true }),
        ...(a.decision
          ? [typed(a.decision, {}, { text: 'Decided: ' })]
          : [
              {
                type: 'Input.Text',
                id: `reason-${a.id}`,
                label: `Reason for ${a.name}`,
                maxLength: COMPLIANCE_TEXT_LIMITS.leaverReason,
                ...(view.values?.[a.id] ? { value: view.values[a.id] } : {}),
              },
              ...fieldProblem(view.errors?.[a.id]),
              {
                type: 'ActionSet',
                actions: [
                  execute(
                    'Disable',
                    VERB_LEAVER_DECIDE,
                    { accountId: a.id, periodKey: view.periodKey, decision: 'disable' },
                    'destructive',
                  ),
                  execute('Keep', VERB_LEAVER_DECIDE, { accountId: a.id, periodKey: view.periodKey, decision: 'keep' }),
                ],
              },
            ]),
      ],
    })),
  ]);
}

/** a yearly or half-yearly duty: a password change, a policy or filtering review, Safer Internet Day */
export function noticeCard(view: { title: string; lines: string[] }): AdaptiveCard {
  return card(`${view.title}. ${view.lines[0] ?? ''}`, [heading(view.title), ...view.lines.map((l) => text(l))]);
}

export interface CoverageView {
  aup: { group: string; total: number; valid: number; expiring: number; missing: number }[];
  trainingOverdue: { name: string; courses: string[] }[];
}

/** for the DSL and the headteacher: how many have agreed and who is overdue on training */
export function coverageCard(view: CoverageView): AdaptiveCard {
  return card(`Acceptable use agreements and training: ${view.aup.map((g) => `${g.group} ${g.valid}/${g.total}`).join(', ')}.`, [
    heading('Agreements and training'),
    text('Acceptable use agreements', { weight: 'Bolder' }),
    facts(view.aup.map((g) => [g.group, `${g.valid} of ${g.total} up to date; ${g.expiring} expiring soon; ${g.missing} missing`])),
    text('Training overdue', { weight: 'Bolder', spacing: 'Medium' }),
    ...(view.trainingOverdue.length > 0
      ? [facts(view.trainingOverdue.map((p) => [p.name, p.courses.join(', ')]))]
      : [text('Nobody is overdue.')]),
  ]);
}

export const VERB_PUPIL_AUP_CONFIRM = 'pupil-aup.confirm';

export interface PupilAupView {
  /** '2026' for 2026-27 */
  schoolYear: string;
  missing: { id: string; name: string; className?: string }[];
  notice?: string;
}

/** for the online-safety lead: pupils whose paper agreement for this school year is not confirmed yet */
export function pupilAupCard(view: PupilAupView): AdaptiveCard {
  const year = `${view.schoolYear}-${String(Number(view.schoolYear) + 1).slice(2)}`;
  if (view.missing.length === 0) {
    return card(`Every pupil's acceptable use agreement for ${year} is confirmed.`, [
      heading("Pupils' acceptable use agreements"),
      ...(view.notice ? [text(view.notice, { weight: 'Bolder' })] : []),
      text(`Every pupil's agreement for ${year} is confirmed. Thank you.`),
    ]);
  }
  return card(
    `${view.missing.length} pupils' acceptable use agreements for ${year} are not confirmed yet.`,
    [
      heading("Pupils' acceptable use agreements"),
      ...(view.notice ? [text(view.notice, { weight: 'Bolder' })] : []),
      text(
        `Pupils sign with their parents on paper. Tick each pupil whose signed agreement for ${year} you have seen; the others stay on this list for class teachers to follow up.`,
      ),
      {
        type: 'Input.ChoiceSet',
        id: 'signed',
        label: `Not confirmed yet (${view.missing.length})`,
        isMultiSelect: true,
        style: 'expanded',
        choices: view.missing.map((p) => ({ title: p.className ? `${p.name} (${p.className})` : p.name, value: p.id })),
      },
    ],
    [execute('Confirm the ticked pupils', VERB_PUPIL_AUP_CONFIRM, { schoolYear: view.schoolYear }, 'positive')],
  );
}

// ---- the yearly reviews, and a person's reminders together in one card -----------------------------

export const VERB_REVIEW_DONE = 'review.done';

/** the policy review, the filtering review, or a named check of the school's (check:<its id>) */
export type ReviewKindView = 'policy' | 'filtering' | `check:${string}`;

export interface ReviewView {
  review: ReviewKindView;
  /** a named check's name, e.g. "ICT security check" */
  name?: string;
  /** the latest review on record, YYYY-MM-DD, and who recorded it (none: the profile's date) */
  last?: { on: string; by?: string };
  /** YYYY-MM-DD: a cycle (a year unless the profile sets another) after the last review */
  dueOn?: string;
  /** the profile's cycle when it is not a year, e.g. "every term" or "every 24 months" */
  every?: string;
  /** done within the year: shown as done, with no button */
  done?: boolean;
  /** just recorded by the person looking at it */
  justRecorded?: boolean;
}

const REVIEW_WORDS: Record<'policy' | 'filtering', { title: string; every: string }> = {
  policy: { title: 'Review the online-safety policy', every: 'The online-safety policy is reviewed every year with the governors' },
  filtering: {
    title: 'Review filtering and monitoring',
    every: 'Filtering and monitoring are reviewed every year by IT support, the DSL and the governors',
  },
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 2026-07-08 -> 8 Jul 2026 */
const dayOf = (iso: string): string => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return MONTHS[m - 1] ? `${d} ${MONTHS[m - 1]} ${y}` : iso;
};

/** a part of a card: its title, what it says and its buttons (a card's own, or a section's) */
interface Part {
  title: string;
  body: CardElement[];
  actions: CardAction[];
}

/** a button that sends no inputs: another section's required boxes never stop it */
const alone = (a: CardAction): CardAction => ({
  ...a,
  associatedInputs: 'none',
  fallback: { ...(a.fallback as object), associatedInputs: 'none' },
});

function reviewPart(view: ReviewView, group: Record<string, string> = {}): Part {
  if (view.review !== 'policy' && view.review !== 'filtering') return checkPart(view, group);
  const yearly = REVIEW_WORDS[view.review];
  const words = view.every ? { ...yearly, every: yearly.every.replace('every year', view.every) } : yearly;
  // "every term" -> next term, "every 24 months" -> 24 months later, "every month" -> a month later
  const again = !view.every
    ? 'a year later'
    : view.every === 'every term'
      ? 'next term'
      : `${view.every.replace(/^every (\D)/, 'every a $1').replace(/^every /, '')} later`;
  if (view.done && view.last) {
    return {
      title: view.justRecorded ? 'Recorded: thank you' : words.title,
      body: [
        text(
          view.justRecorded
            ? `${words.every}: this one is recorded.`
            : `${words.every}: ${view.every ? 'the latest is' : "this year's is"} done.`,
        ),
        facts([
          ['Reviewed', dayOf(view.last.on)],
          ['Recorded by', view.last.by ?? 'the school profile'],
          ...(view.dueOn ? [['Next review due', dayOf(view.dueOn)] as [string, string]] : []),
        ]),
        ...(view.dueOn ? [text('The bot asks again when the next one is due.', { isSubtle: true })] : []),
      ],
      actions: [],
    };
  }
  const last = view.last ? `; it was last reviewed on ${dayOf(view.last.on)}${view.last.by ? ` (recorded by ${view.last.by})` : ''}` : '';
  return {
    title: words.title,
    body: [
      text(`${words.every}${last}.`),
      ...(view.last ? [] : [text('There is no review on record yet.')]),
      text(`When the review is done, press I've done it: the bot records who and when, and asks again ${again}.`, { isSubtle: true }),
    ],
    actions: [alone(execute("I've done it", VERB_REVIEW_DONE, { review: view.review, ...group }, 'positive'))],
  };
}

/** a named check (the ICT security check, the licence check): due each period; "I've done it" records who and when */
function checkPart(view: ReviewView, group: Record<string, string>): Part {
  const name = view.name ?? 'check';
  const every = view.every ?? 'regularly';
  if (view.done && view.last) {
    return {
      title: view.justRecorded ? 'Recorded: thank you' : name,
      body: [
        text(`The ${name} is done ${every}: ${view.justRecorded ? 'this one is recorded' : 'it is done for now'}.`),
        facts([
          ['Done', dayOf(view.last.on)],
          ['Recorded by', view.last.by ?? '-'],
          ...(view.dueOn ? [['Next one due from', dayOf(view.dueOn)] as [string, string]] : []),
        ]),
        text('The bot asks again when the next one is due.', { isSubtle: true }),
      ],
      actions: [],
    };
  }
  const last = view.last ? ` It was last done on ${dayOf(view.last.on)}${view.last.by ? ` (recorded by ${view.last.by})` : ''}.` : '';
  return {
    title: `Time for the ${name}`,
    body: [
      text(`The school asks for the ${name} ${every}.${last}`),
      ...(view.dueOn ? [text(`Please do it before ${dayOf(view.dueOn)}.`)] : []),
      text(
        "When it is done, press I've done it: the bot records who and when, and stops reminding everyone asked until the next one is due.",
        {
          isSubtle: true,
        },
      ),
    ],
    actions: [alone(execute("I've done it", VERB_REVIEW_DONE, { review: view.review, ...group }, 'positive'))],
  };
}

/** the policy or filtering review on its own: "I've done it" records it (who and when) */
export function reviewCard(view: ReviewView): AdaptiveCard {
  const part = reviewPart(view);
  return card(`${part.title}.`, [heading(part.title), ...part.body], part.actions);
}

/** training due, in a card of reminders: the course, the date and "I've completed it" (the training.done route) */
export interface TrainingPartView {
  /** the courses due; one the profile no longer has comes without an id and is only listed */
  courses: { courseId?: string; name: string; dueOn: string; state: string }[];
  /** YYYY-MM-DD, filled in as the date */
  today: string;
  /** just recorded */
  recorded?: { course: string; completedOn: string };
  error?: string;
  errors?: { provider?: string };
  values?: { course?: string; completedOn?: string; provider?: string };
}

function trainingPart(view: TrainingPartView, group: Record<string, string>): Part {
  const recorded = view.recorded ? [attention(`Recorded: ${view.recorded.course} completed on ${dayOf(view.recorded.completedOn)}.`)] : [];
  if (view.courses.length === 0) return { title: 'Your training', body: [...recorded, text('Your training is up to date.')], actions: [] };
  const choices = view.courses.filter((c) => c.courseId);
  const stateOf = (c: { state: string; dueOn: string }) =>
    `${c.state === 'overdue' ? 'overdue' : 'due'}${c.dueOn && c.dueOn !== '-' ? ` (by ${dayOf(c.dueOn)})` : ''}`;
  return {
    title: 'Training due',
    body: [
      ...recorded,
      facts(view.courses.map((c) => [c.name, stateOf(c)])),
      ...(view.error ? [attention(view.error)] : []),
      ...(choices.length === 0
        ? [text('When you have done it, type training to record it.')]
        : [
            text('When you finish a course, record it here: the school keeps the record as evidence.', { isSubtle: true }),
            {
              type: 'Input.ChoiceSet',
              id: 'course',
              label: 'Which course did you complete?',
              isRequired: true,
              errorMessage: 'Choose the course.',
              choices: choices.map((c) => ({ title: c.name, value: c.courseId! })),
              value: view.values?.course || choices[0]!.courseId!,
            },
            {
              type: 'Input.Date',
              id: 'completedOn',
              label: 'When did you complete it?',
              isRequired: true,
              errorMessage: 'Give the date.',
              value: view.values?.completedOn || view.today,
            },
            {
              type: 'Input.Text',
              id: 'provider',
              label: 'Who provided it (optional)',
              maxLength: COMPLIANCE_TEXT_LIMITS.provider,
              ...(view.values?.provider ? { value: view.values.provider } : {}),
            },
            ...fieldProblem(view.errors?.provider),
          ]),
    ],
    actions: choices.length === 0 ? [] : [execute("I've completed it", VERB_TRAINING_DONE, { ...group }, 'positive')],
  };
}

function aupPart(view: AupView, group: Record<string, string>): Part {
  return {
    title: 'Acceptable use agreement',
    body: [
      ...(view.why ? [attention(view.why)] : []),
      text(view.summary),
      facts([['Version', view.version]]),
      text(
        'By pressing the button you confirm that you have read the whole policy and agree to follow it. The school keeps a record of who agreed to which version, and when.',
        { isSubtle: true },
      ),
    ],
    actions: [
      ...(view.url ? [{ type: 'Action.OpenUrl' as const, title: 'Read the whole policy', url: view.url }] : []),
      alone(execute('I have read and agree', VERB_AUP_AGREE, { version: view.version, ...group }, 'positive')),
    ],
  };
}

function aupAgreedPart(view: { version: string; agreedOn: string; renewBy: string; name: string }): Part {
  return {
    title: 'Acceptable use agreement',
    body: [
      text('Thank you: recorded', { weight: 'Bolder', color: 'Good' }),
      facts([
        ['Who', view.name],
        ['Version', view.version],
        ['Agreed', view.agreedOn],
        ['Renew by', view.renewBy],
      ]),
    ],
    actions: [],
  };
}

/** one reminder in the card of a person's reminders */
export type ReminderSection =
  | { kind: 'aup'; aup: AupView }
  | { kind: 'aup-agreed'; agreed: { version: string; agreedOn: string; renewBy: string; name: string } }
  | { kind: 'training'; training: TrainingPartView }
  | { kind: 'review'; review: ReviewView }
  | { kind: 'notice'; title: string; lines: string[] };

const groupKind = (s: ReminderSection): string | undefined =>
  s.kind === 'aup' || s.kind === 'aup-agreed'
    ? 'aup'
    : s.kind === 'training'
      ? 'training'
      : s.kind === 'review'
        ? s.review.review.startsWith('check:')
          ? s.review.review
          : `${s.review.review}-review`
        : undefined;

/**
 * a person's reminders in one card, a section each with its own buttons. every button also carries
 * `group`, the kinds of the sections the routes can draw again from the records (aup, training,
 * policy-review, filtering-review, check:<id>), so a click answers with this card as it now stands, not one part
 */
export function remindersCard(view: { sections: ReminderSection[] }): AdaptiveCard {
  const kinds = [...new Set(view.sections.map(groupKind).filter((k): k is string => k !== undefined))];
  const group: Record<string, string> = kinds.length > 0 ? { group: kinds.join(',') } : {};
  const parts = view.sections.map((s): Part => {
    switch (s.kind) {
      case 'aup':
        return aupPart(s.aup, group);
      case 'aup-agreed':
        return aupAgreedPart(s.agreed);
      case 'training':
        return trainingPart(s.training, group);
      case 'review':
        return reviewPart(s.review, group);
      case 'notice':
        return { title: s.title, body: s.lines.map((l) => text(l)), actions: [] };
    }
  });
  return card(`Your reminders: ${parts.map((p) => p.title).join('; ')}.`, [
    heading('Your reminders'),
    text(
      parts.length === 1 ? 'One thing the school asks of you.' : `${parts.length} things the school asks of you, each with its own button.`,
      { isSubtle: true },
    ),
    ...parts.map((p): CardElement => ({
      type: 'Container',
      separator: true,
      spacing: 'Large',
      items: [
        text(p.title, { size: 'Medium', weight: 'Bolder' }),
        ...p.body,
        ...(p.actions.length > 0 ? [{ type: 'ActionSet', actions: p.actions }] : []),
      ],
    })),
  ]);
}
