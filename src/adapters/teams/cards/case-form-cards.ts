import {
  CASE_TEXT_LIMITS,
  type CaseSummaryView,
  type CaseTextField,
  type FormErrors,
  type FormValues,
  type ReporterQuestionView,
  type RoleChoice,
} from '../../../app/casework/case-views.js';
import { card, execute, facts, heading, text, typed, typedFacts, type AdaptiveCard, type CardAction, type CardElement } from './card.js';
import {
  VERB_CASE_ANSWER_SUBMIT,
  VERB_CASE_ASK_SUBMIT,
  VERB_CASE_CLOSE_SUBMIT,
  VERB_CASE_OPEN,
  VERB_CASE_REFERRAL_SUBMIT,
  VERB_CASE_ROUTE_SUBMIT,
  section,
  severityLine,
} from './case-cards.js';

// the forms of a case: the safeguarding team's (change the route, ask the reporter, record a referral,
// close) and the reporter's answer. Each submit carries the caseId and a formId (the reporter's answer:
// the requestId) and sends the inputs; Back sends none, so an unfinished form is not validated on the way
// out. What was typed comes back in `values` with the `errors` next to each field.

type Ids = Record<string, string>;

const submit = (title: string, verb: string, data: Ids, style?: 'positive' | 'destructive'): CardAction =>
  execute(title, verb, data, style);

const back = (caseId: string): CardAction => {
  const base = execute('Back', VERB_CASE_OPEN, { caseId });
  return { ...base, associatedInputs: 'none', fallback: { ...(base.fallback as object), associatedInputs: 'none' } };
};

const problem = (message: string | undefined): CardElement[] =>
  message ? [text(message, { color: 'Attention', size: 'Small', spacing: 'None' })] : [];

/** errors for no field of this form (a stale form, a clash) go at the top, so none is lost */
const otherProblems = (errors: FormErrors | undefined, fields: readonly string[]): CardElement[] =>
  Object.entries(errors ?? {})
    .filter(([key]) => !fields.includes(key))
    .map(([, message]) => text(message, { color: 'Attention', weight: 'Bolder' }));

/** what was just typed, else the default */
const shown = (values: FormValues | undefined, id: string, fallback?: string): string | undefined =>
  values && id in values ? values[id] : fallback;

const withValue = (value: string | undefined): Record<string, string> => (value !== undefined && value !== '' ? { value } : {});

/** a typed field, as long as the server takes (CASE_TEXT_LIMITS, checked again in case-actions.ts) */
const textInput = (id: CaseTextField, label: string, value: string | undefined, options: Record<string, unknown> = {}): CardElement => ({
  type: 'Input.Text',
  id,
  label,
  maxLength: CASE_TEXT_LIMITS[id],
  ...withValue(value),
  ...options,
});

const required = (errorMessage: string) => ({ isRequired: true, errorMessage });

const choiceSet = (
  id: string,
  label: string,
  choices: { value: string; title: string }[],
  value: string | undefined,
  options: Record<string, unknown>,
): CardElement => ({
  type: 'Input.ChoiceSet',
  id,
  label,
  wrap: true,
  choices: choices.map((c) => ({ title: c.title, value: c.value })),
  ...withValue(value),
  ...options,
});

const toggle = (id: string, title: string, value: string | undefined): CardElement => ({
  type: 'Input.Toggle',
  id,
  title,
  valueOn: 'true',
  valueOff: 'false',
  wrap: true,
  value: value === 'true' ? 'true' : 'false',
});

/** the case the form is about, in a line or two: reference, severity, kinds. nothing from the report */
const about = (view: CaseSummaryView, title: string): CardElement[] => [
  heading(`${title}: ${view.reference}`),
  severityLine(view.severity, view.severityLabel),
  facts([['What', view.types.join(', ')]]),
];

export function changeRouteCard(
  view: CaseSummaryView,
  choices: RoleChoice[],
  formId: string,
  errors?: FormErrors,
  values?: FormValues,
): AdaptiveCard {
  const selected = choices
    .filter((c) => c.selected)
    .map((c) => c.role)
    .join(',');
  return card(
    `Change the route of case ${view.reference}.`,
    [
      ...about(view, 'Change the route'),
      ...otherProblems(errors, ['route', 'reason']),
      choiceSet(
        'route',
        'Who should receive this case',
        choices.map((c) => ({ value: c.role, title: c.title })),
        shown(values, 'route', selected),
        {
          isMultiSelect: true,
          style: 'expanded',
        },
      ),
      ...problem(errors?.route),
      textInput('reason', 'Why (required when you change the route)', shown(values, 'reason'), { isMultiline: true }),
      ...problem(errors?.reason),
      text('People the concern is about are never offered here.', { isSubtle: true, size: 'Small' }),
    ],
    [submit('Approve this route', VERB_CASE_ROUTE_SUBMIT, { caseId: view.caseId, formId }, 'positive'), back(view.caseId)],
  );
}

export function askReporterCard(view: CaseSummaryView, formId: string, errors?: FormErrors, values?: FormValues): AdaptiveCard {
  return card(
    `Ask the reporter of case ${view.reference} for more.`,
    [
      ...about(view, 'Ask the reporter for more'),
      ...otherProblems(errors, ['question']),
      textInput('question', 'Your question for the person who reported it', shown(values, 'question'), {
        isMultiline: true,
        ...required('Write your question'),
      }),
      ...problem(errors?.question),
      text(
        'The reporter gets your question in their chat with the bot. Their answer is added to the record and the safeguarding team is told.',
        {
          isSubtle: true,
        },
      ),
    ],
    [submit('Send question', VERB_CASE_ASK_SUBMIT, { caseId: view.caseId, formId }, 'positive'), back(view.caseId)],
  );
}

/**
 * record a referral. each agency with a `contact` is listed with it above the choice ("LADO: Camden LADO,
 * 020 7974 3317"), so whoever makes the call has the school's own number on the form; `adviceLine` is
 * where to ask when unsure. plain text, as on every case card: no links of ours where typed words are shown
 */
export function referralCard(
  view: CaseSummaryView,
  agencies: { value: string; title: string; contact?: string }[],
  defaults: { date: string; time: string; madeBy: string },
  formId: string,
  errors?: FormErrors,
  values?: FormValues,
  adviceLine?: string,
): AdaptiveCard {
  const contacts = agencies.flatMap((a): [string, string][] => (a.contact ? [[a.title, a.contact]] : []));
  if (adviceLine) contacts.push(['Advice if unsure', adviceLine]);
  return card(
    `Record a referral for case ${view.reference}.`,
    [
      ...about(view, 'Record a referral'),
      ...(contacts.length > 0 ? [section('How to reach them'), typedFacts(contacts)] : []),
      ...otherProblems(errors, ['agency', 'date', 'time', 'madeBy', 'reference']),
      choiceSet('agency', 'Which agency', agencies, shown(values, 'agency'), {
        style: 'compact',
        placeholder: 'Choose the agency',
        ...required('Choose the agency'),
      }),
      ...problem(errors?.agency),
      {
        type: 'Input.Date',
        id: 'date',
        label: 'Date of the referral',
        ...withValue(shown(values, 'date', defaults.date)),
        ...required('Give the date'),
      },
      ...problem(errors?.date),
      { type: 'Input.Time', id: 'time', label: 'Time of the referral', ...withValue(shown(values, 'time', defaults.time)) },
      ...problem(errors?.time),
      textInput('madeBy', 'Who made the referral', shown(values, 'madeBy', defaults.madeBy), required('Say who made the referral')),
      ...problem(errors?.madeBy),
      textInput('reference', "The agency's reference (if given)", shown(values, 'reference')),
      ...problem(errors?.reference),
    ],
    [submit('Record referral', VERB_CASE_REFERRAL_SUBMIT, { caseId: view.caseId, formId }, 'positive'), back(view.caseId)],
  );
}

export function closeCaseCard(
  view: CaseSummaryView,
  sanctions: { value: string; title: string }[],
  formId: string,
  errors?: FormErrors,
  values?: FormValues,
  /** who keeps the incident log the outcome is copied to, when the school names one */
  logKeeper?: string,
): AdaptiveCard {
  const choices = [{ value: 'none', title: 'No sanction' }, ...sanctions.filter((s) => s.value !== 'none')];
  return card(
    `Close case ${view.reference}.`,
    [
      ...about(view, 'Close the case'),
      ...otherProblems(errors, ['outcome', 'parentsInformed', 'sanction', 'support', 'policyReview']),
      textInput('outcome', 'Outcome', shown(values, 'outcome'), { isMultiline: true, ...required('Write the outcome') }),
      ...problem(errors?.outcome),
      ...(logKeeper
        ? [
            text(
              `The outcome and sanction are copied to the incident log the ${logKeeper} keeps: please do not name pupils in the outcome.`,
              { isSubtle: true, size: 'Small' },
            ),
          ]
        : []),
      toggle('parentsInformed', 'Parents or carers informed', shown(values, 'parentsInformed')),
      ...problem(errors?.parentsInformed),
      choiceSet('sanction', 'Sanction', choices, shown(values, 'sanction', 'none'), { style: 'compact' }),
      ...problem(errors?.sanction),
      textInput('support', 'Support offered', shown(values, 'support'), { isMultiline: true }),
      ...problem(errors?.support),
      toggle('policyReview', 'The policy needs reviewing', shown(values, 'policyReview')),
      ...problem(errors?.policyReview),
      text('Closing ends the case. The decision trail is kept.', { isSubtle: true, size: 'Small' }),
    ],
    [submit('Close case', VERB_CASE_CLOSE_SUBMIT, { caseId: view.caseId, formId }, 'destructive'), back(view.caseId)],
  );
}

/** to the reporter: a question from the safeguarding team, saying no more about who asked */
export function reporterQuestionCard(view: ReporterQuestionView, errors?: FormErrors, values?: FormValues): AdaptiveCard {
  return card(
    `A question about your report ${view.reference}. Open Teams to answer it.`,
    [
      heading(`A question about your report ${view.reference}`),
      text('The designated safeguarding lead asks:'),
      // the DSL's words, typed: shown as plain text
      { type: 'Container', style: 'emphasis', items: [typed(`"${view.question}"`)] },
      ...otherProblems(errors, ['answer']),
      textInput('answer', 'Your answer', shown(values, 'answer'), { isMultiline: true, ...required('Write your answer') }),
      ...problem(errors?.answer),
      text('Your answer is added to your report.', { isSubtle: true, size: 'Small' }),
    ],
    [submit('Send answer', VERB_CASE_ANSWER_SUBMIT, { caseId: view.caseId, requestId: view.requestId }, 'positive')],
  );
}

export function answerThanksCard(reference: string): AdaptiveCard {
  return card(`Thank you. Your answer was added to report ${reference}.`, [
    heading('Thank you'),
    text(`Thank you. Your answer was added to report ${reference}.`),
  ]);
}
