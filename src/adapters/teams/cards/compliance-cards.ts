// the cards of the compliance duties: the acceptable use agreement, training, leaver accounts and the
// yearly notices. staff and governors only; never anything about pupils.
import { attention, card, execute, facts, heading, text, typed, type AdaptiveCard, type CardElement } from './card.js';

export const VERB_AUP_AGREE = 'aup.agree';
export const VERB_TRAINING_DONE = 'training.done';
export const VERB_LEAVER_DECIDE = 'leaver.decide';

/**
 * the longest text each compliance card takes: the Input.Text maxLength here and the routes' zod check
 * (compliance-routes.ts) both read it
 */
export const COMPLIANCE_TEXT_LIMITS = {
  /** training: who provided it */
  provider: 100,
  /** a leaver account: the reason for disabling or keeping it */
  leaverReason: 300,
} as const;

const fieldProblem = (message: string | undefined): CardElement[] => (message ? [text(message, { color: 'Attention', size: 'Small', spacing: 'None' })] : []);

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
    text('By pressing the button you confirm that you have read the whole policy and agree to follow it. The school keeps a record of who agreed to which version, and when.', { isSubtle: true }),
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
      text("When you finish a course, record it here: the school keeps the record as evidence.", { isSubtle: true }),
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
      { type: 'Input.Date', id: 'completedOn', label: 'When did you complete it?', isRequired: true, errorMessage: 'Give the date.', max: view.today, value: view.values?.completedOn ?? view.today },
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
    facts([['Who', view.name], ['Course', view.course], ['Completed', view.completedOn], ...(view.nextDueOn ? [['Next due', view.nextDueOn] as [string, string]] : [])]),
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
  return card(
    `${open.length} account(s) to review: leavers or accounts not used. Decide each in Teams.`,
    [
      heading('Leaver and unused accounts to review'),
      ...(view.notice ? [attention(view.notice)] : []),
      text('For each account, choose Disable (you then disable it in Entra) or Keep, and give the reason. Nothing is disabled without a person deciding.', { isSubtle: true }),
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
                    execute('Disable', VERB_LEAVER_DECIDE, { accountId: a.id, periodKey: view.periodKey, decision: 'disable' }, 'destructive'),
                    execute('Keep', VERB_LEAVER_DECIDE, { accountId: a.id, periodKey: view.periodKey, decision: 'keep' }),
                  ],
                },
              ]),
        ],
      })),
    ],
  );
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
    ...(view.trainingOverdue.length > 0 ? [facts(view.trainingOverdue.map((p) => [p.name, p.courses.join(', ')]))] : [text('Nobody is overdue.')]),
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
      text(`Pupils sign with their parents on paper. Tick each pupil whose signed agreement for ${year} you have seen; the others stay on this list for class teachers to follow up.`),
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
