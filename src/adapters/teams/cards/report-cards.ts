import { INCIDENT_TYPE_GROUPS, INCIDENT_TYPE_INFO, PARTY_INFO, RISK_AREA_INFO, DATA_SECURITY_GROUP } from '../../../domain/index.js';
import {
  ABOUT_IN_PERSON,
  ABOUT_NOT_LISTED,
  LIMITS,
  PRESETS,
  PRESET_INFO,
  STAFF_PARTIES,
  followUpsFor,
  followUpsOnDetails,
  meetingAskedOn,
  presetOf,
  stepsFor,
  type FieldErrors,
  type FollowUp,
  type ReportDraft,
  type ReviewView,
} from '../../../app/report-flow/index.js';
import {
  attention,
  card,
  execute,
  facts,
  heading,
  text,
  typed,
  typedFacts,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './card.js';
import { referralFacts } from './report-result-cards.js';

// the staff report flow's cards: one per step, each replacing the last. Card data carries the
// draft's flowId only; the answers live in the bot's state and are re-read on every action.

export const VERB_REPORT_NEXT = 'report.next';
export const VERB_REPORT_BACK = 'report.back';
export const VERB_REPORT_CANCEL = 'report.cancel';
export const VERB_REPORT_CANCEL_YES = 'report.cancel.yes';
export const VERB_REPORT_CANCEL_NO = 'report.cancel.no';
export const VERB_REPORT_SUBMIT = 'report.submit';
export const VERB_REPORT_REFRESH = 'report.refresh';

export interface SafetyContacts {
  schoolPhone?: string;
  dsl: { name: string; phone?: string }[];
  deputies: { name: string; phone?: string }[];
}

export interface StepView {
  draft: ReportDraft;
  /** the reporter's Teams user id: the refresh is for them only */
  userId?: string;
  errors?: FieldErrors;
  /** what the reporter typed, shown back with the errors */
  values?: Record<string, string>;
  safety: SafetyContacts;
  /** the review step's content */
  review?: ReviewView;
  /** the school's adults, for "who is it about?": "Tom Okafor (Deputy DSL)" and their Entra object id */
  people?: { title: string; value: string }[];
  /** who the early danger alert went to, by name */
  alerted?: string[];
  /** shown above the card: e.g. a click came from an older card */
  notice?: string;
}

// the shared Action.Execute (with its Action.Submit fallback), keeping the typed answers out of
// Back and Cancel so an unfinished step is not validated on the way out
// each click names the step its card showed: a click from an older card changes nothing (report-routes.ts)
const act = (
  title: string,
  verb: string,
  draft: Pick<ReportDraft, 'flowId' | 'step' | 'confirmingCancel'>,
  options: { style?: 'positive' | 'destructive'; withInputs?: boolean } = {},
): CardAction => {
  const base = execute(title, verb, { flowId: draft.flowId, step: draft.confirmingCancel ? 'cancel' : draft.step }, options.style);
  if (options.withInputs) return base;
  return { ...base, associatedInputs: 'none', fallback: { ...(base.fallback as object), associatedInputs: 'none' } };
};

const problem = (message: string | undefined): CardElement[] =>
  message ? [text(message, { color: 'Attention', size: 'Small', spacing: 'None' })] : [];

const progress = (n: number, of: number, title: string): CardElement[] => [
  text(`Report a concern: step ${n} of ${of}`, { isSubtle: true, size: 'Small' }),
  heading(title),
];

const who = (c: { name: string; phone?: string }) => (c.phone ? `${c.name} (${c.phone})` : c.name);

function withRefresh(c: AdaptiveCard, view: StepView): AdaptiveCard {
  return {
    ...c,
    refresh: {
      action: { type: 'Action.Execute', title: 'Refresh', verb: VERB_REPORT_REFRESH, data: { flowId: view.draft.flowId } },
      ...(view.userId ? { userIds: [view.userId] } : {}),
    },
  };
}

/** the value to show in an input: what was just typed, else the stored answer */
function shown(view: StepView, id: string, stored: string | readonly string[] | boolean | undefined): string | undefined {
  if (view.values && id in view.values) return view.values[id];
  if (Array.isArray(stored)) return stored.length > 0 ? stored.join(',') : undefined;
  if (typeof stored === 'boolean') return stored ? 'yes' : 'no';
  return typeof stored === 'string' ? stored : undefined;
}

const choiceSet = (
  id: string,
  label: string,
  choices: [string, string][],
  value: string | undefined,
  multi = false,
  style: 'expanded' | 'compact' = 'expanded',
): CardElement => ({
  type: 'Input.ChoiceSet',
  id,
  label,
  style,
  isMultiSelect: multi,
  wrap: true,
  choices: choices.map(([title, v]) => ({ title, value: v })),
  ...(value !== undefined ? { value } : {}),
});

const textInput = (
  id: string,
  label: string,
  maxLength: number,
  value: string | undefined,
  options: Record<string, unknown> = {},
): CardElement => ({
  type: 'Input.Text',
  id,
  label,
  maxLength,
  ...(value !== undefined ? { value } : {}),
  ...options,
});

const TRI_CHOICES: [string, string][] = [
  ['Yes', 'yes'],
  ['No', 'no'],
  ['Not sure', 'unsure'],
];
const FOLLOW_UP_QUESTION: Record<FollowUp, string> = {
  deliberate: 'Was it done on purpose (not an accident)?',
  repeated: 'Has it carried on after someone was told to stop?',
  illegalSuspected: 'Do you think something illegal happened or was shared?',
  outsideSchool: 'Did it happen outside school (not on school devices or networks)?',
};
const MEETING_QUESTION = 'Has a meeting been arranged with the adult?';

/** grooming: the meeting question, on the card that asks it (Camden 4.7: a yes alerts the leads at once) */
function meetingQuestion(view: StepView, step: 'followups' | 'details'): CardElement[] {
  if (meetingAskedOn(view.draft.answers) !== step) return [];
  return [
    choiceSet('meetingArranged', MEETING_QUESTION, TRI_CHOICES, shown(view, 'meetingArranged', view.draft.answers.meetingArranged)),
    ...problem(view.errors?.meetingArranged),
    text('If yes, the safeguarding leads are alerted the moment you press Next, before the rest of the report.', {
      isSubtle: true,
      size: 'Small',
      spacing: 'None',
    }),
  ];
}

function dangerCard(view: StepView, of: number): AdaptiveCard {
  const { answers } = view.draft;
  return card(
    'Report a concern. Is a child in danger right now? Answer yes or no, then choose what it is about.',
    [
      ...progress(1, of, 'Is a child in danger right now?'),
      text(
        'For example: a child is about to meet someone they met online, or is at risk of harming themselves. If yes, the safeguarding leads are alerted the moment you press Next.',
      ),
      choiceSet(
        'danger',
        'A child is in danger right now',
        [
          ['Yes', 'yes'],
          ['No', 'no'],
        ],
        shown(view, 'danger', answers.immediateRisk),
      ),
      ...problem(view.errors?.danger),
      choiceSet(
        'preset',
        'What is it about?',
        PRESETS.map((p) => [PRESET_INFO[p].title, p]),
        shown(view, 'preset', answers.preset),
      ),
      ...problem(view.errors?.preset),
    ],
    [act('Next', VERB_REPORT_NEXT, view.draft, { style: 'positive', withInputs: true }), act('Cancel', VERB_REPORT_CANCEL, view.draft)],
  );
}

/** a searchable choice of the school's adults (and the honest ways out), with what was chosen before */
function personChoice(
  view: StepView,
  id: 'about' | 'dangerSource',
  label: string,
  errorMessage: string,
  choices: { title: string; value: string }[],
): CardElement {
  const value = shown(view, id, view.draft.answers[id]);
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    style: 'filtered',
    isRequired: true,
    errorMessage,
    choices,
    ...(value !== undefined ? { value } : {}),
  };
}

function dangerSourceCard(view: StepView, n: number, of: number): AdaptiveCard {
  return card(
    'A child is in danger. Does the danger come from an adult who works at or for the school?',
    [
      ...progress(n, of, 'Does the danger come from someone at the school?'),
      text('One question before the safeguarding leads are alerted, so the alert never reaches the person the danger comes from.'),
      personChoice(
        view,
        'dangerSource',
        'Does the danger come from an adult who works at or for the school? (type to search)',
        'Choose No, Not sure, or the adult it comes from',
        [{ title: 'No', value: 'no' }, { title: 'Not sure', value: 'unsure' }, ...(view.people ?? [])],
      ),
      ...problem(view.errors?.dangerSource),
    ],
    [
      act('Alert the safeguarding leads now', VERB_REPORT_NEXT, view.draft, { style: 'positive', withInputs: true }),
      act('Back', VERB_REPORT_BACK, view.draft),
    ],
  );
}

export function safetyCard(view: StepView): AdaptiveCard {
  const { safety } = view;
  const dsl = safety.dsl.map(who).join(', ') || 'the designated safeguarding lead';
  const alerted = view.alerted ?? [];
  return card(
    `A child is in danger: call 999 now. Tell ${dsl} in person now.`,
    [
      heading('Act now: a child is in danger'),
      attention('Call 999 now if you have not already.'),
      text(`Tell the designated safeguarding lead in person now: ${dsl}.`, { weight: 'Bolder' }),
      ...(safety.deputies.length > 0 ? [text(`If you cannot reach them: ${safety.deputies.map(who).join(', ')}.`)] : []),
      ...(safety.schoolPhone ? [text(`School office: ${safety.schoolPhone}.`)] : []),
      ...(alerted.length > 0
        ? [text(`Alerted now, in their own chats: ${alerted.join(', ')}.`, { weight: 'Bolder' })]
        : [text('The safeguarding leads are being alerted now.', { weight: 'Bolder' })]),
      text('Stay with the child if you can. Do not wait for anyone to reply.'),
      text('Then finish the report: it joins the alert, so the safeguarding lead has the whole picture.', { isSubtle: true }),
    ],
    [act('Continue the report', VERB_REPORT_NEXT, view.draft, { style: 'positive' }), act('Cancel', VERB_REPORT_CANCEL, view.draft)],
  );
}

function involvedCard(view: StepView, n: number, of: number): AdaptiveCard {
  const { answers } = view.draft;
  const parties: [string, string][] = STAFF_PARTIES.map((p) => [PARTY_INFO[p].label, p]);
  return card(
    'Report a concern: who is involved?',
    [
      ...progress(n, of, 'Who is involved?'),
      text('Choose everyone who applies in each list. The same kind of person can be in more than one.'),
      choiceSet('victims', 'Who was harmed or put at risk?', parties, shown(view, 'victims', answers.victims), true, 'compact'),
      ...problem(view.errors?.victims),
      choiceSet(
        'instigators',
        'Who did it, or who is it about?',
        parties,
        shown(view, 'instigators', answers.instigators),
        true,
        'compact',
      ),
      ...problem(view.errors?.instigators),
      choiceSet('witnesses', 'Who saw it or told you?', parties, shown(view, 'witnesses', answers.witnesses), true, 'compact'),
      ...problem(view.errors?.witnesses),
      textInput('childNames', 'Names of children involved (optional)', LIMITS.childNames, shown(view, 'childNames', answers.childNames), {
        placeholder: 'First name and class',
      }),
      ...problem(view.errors?.childNames),
      text('Names go into the safeguarding record only. They are never posted anywhere else.', { isSubtle: true, size: 'Small' }),
    ],
    [
      act('Next', VERB_REPORT_NEXT, view.draft, { style: 'positive', withInputs: true }),
      act('Back', VERB_REPORT_BACK, view.draft),
      act('Cancel', VERB_REPORT_CANCEL, view.draft),
    ],
  );
}

function aboutCard(view: StepView, n: number, of: number): AdaptiveCard {
  return card(
    'Report a concern: who is it about?',
    [
      ...progress(n, of, 'Who is it about?'),
      text('You said an adult who works at or for the school is involved. Choose them, so they are never told and cannot see this report.'),
      personChoice(view, 'about', 'The adult it is about (type to search)', 'Choose who it is about, or one of the last two choices', [
        ...(view.people ?? []),
        { title: 'Someone not on this list', value: ABOUT_NOT_LISTED },
        { title: "I'd rather tell the headteacher in person", value: ABOUT_IN_PERSON },
      ]),
      ...problem(view.errors?.about),
      text('Their name goes into the safeguarding record only, so the bot can keep the report from them.', {
        isSubtle: true,
        size: 'Small',
      }),
    ],
    [
      act('Next', VERB_REPORT_NEXT, view.draft, { style: 'positive', withInputs: true }),
      act('Back', VERB_REPORT_BACK, view.draft),
      act('Cancel', VERB_REPORT_CANCEL, view.draft),
    ],
  );
}

function whatCard(view: StepView, n: number, of: number): AdaptiveCard {
  const { answers } = view.draft;
  const chosen = new Set((shown(view, 'types', answers.types) ?? '').split(','));
  for (const group of INCIDENT_TYPE_GROUPS) for (const id of (view.values?.[`types-${group.group}`] ?? '').split(',')) chosen.add(id);
  const body: CardElement[] = [
    ...progress(n, of, 'What happened?'),
    text('Choose everything that fits, in as many of the lists as you need.'),
  ];
  body.push(...problem(view.errors?.types));
  for (const group of INCIDENT_TYPE_GROUPS) {
    const info = group.group === 'data-security' ? DATA_SECURITY_GROUP : RISK_AREA_INFO[group.group];
    const value = group.types.filter((t) => chosen.has(t)).join(',');
    body.push(
      choiceSet(
        `types-${group.group}`,
        `${info.label}: ${info.description}`,
        group.types.map((t) => [INCIDENT_TYPE_INFO[t].label, t]),
        value || undefined,
        true,
        'compact',
      ),
    );
  }
  return card('Report a concern: what happened?', body, [
    act('Next', VERB_REPORT_NEXT, view.draft, { style: 'positive', withInputs: true }),
    act('Back', VERB_REPORT_BACK, view.draft),
    act('Cancel', VERB_REPORT_CANCEL, view.draft),
  ]);
}

function followUpsCard(view: StepView, n: number, of: number): AdaptiveCard {
  const { answers } = view.draft;
  const body: CardElement[] = [
    ...progress(n, of, 'A few more questions'),
    text('These decide who is told and how quickly. "Not sure" is a fine answer.'),
  ];
  for (const f of followUpsFor(answers.types ?? [])) {
    body.push(choiceSet(f, FOLLOW_UP_QUESTION[f], TRI_CHOICES, shown(view, f, answers[f])), ...problem(view.errors?.[f]));
  }
  body.push(...meetingQuestion(view, 'followups'));
  return card('Report a concern: a few more questions.', body, [
    act('Next', VERB_REPORT_NEXT, view.draft, { style: 'positive', withInputs: true }),
    act('Back', VERB_REPORT_BACK, view.draft),
    act('Cancel', VERB_REPORT_CANCEL, view.draft),
  ]);
}

function detailsCard(view: StepView, n: number, of: number, today: string): AdaptiveCard {
  const { answers } = view.draft;
  const v = (id: keyof typeof answers & string) => shown(view, id, answers[id] as string | undefined);
  const questions = [
    ...followUpsOnDetails(answers).flatMap((f) => [
      choiceSet(f, FOLLOW_UP_QUESTION[f], TRI_CHOICES, shown(view, f, answers[f])),
      ...problem(view.errors?.[f]),
    ]),
    ...meetingQuestion(view, 'details'),
  ];
  return card(
    'Report a concern: the details.',
    [
      ...progress(n, of, 'The details'),
      ...(questions.length > 0
        ? [text('These decide who is told and how quickly. "Not sure" is a fine answer.', { isSubtle: true }), ...questions]
        : []),
      { type: 'Input.Date', id: 'date', label: 'When did it happen (or when were you told)?', max: today, value: v('date') ?? today },
      ...problem(view.errors?.date),
      { type: 'Input.Time', id: 'time', label: 'Time (optional)', ...(v('time') ? { value: v('time') } : {}) },
      ...problem(view.errors?.time),
      textInput('platform', 'App, website or game (optional)', LIMITS.platform, v('platform'), {
        placeholder: 'For example Snapchat, Roblox, YouTube',
      }),
      ...problem(view.errors?.platform),
      textInput('description', 'What happened, in your own words', LIMITS.description, v('description'), {
        isMultiline: true,
        placeholder: "If a child told you, write down the child's own words.",
      }),
      ...problem(view.errors?.description),
      textInput('evidence', 'Evidence: describe it (optional)', LIMITS.evidence, v('evidence'), {
        isMultiline: true,
        placeholder: 'What it is and where it is now',
      }),
      ...problem(view.errors?.evidence),
      text('Do not upload, copy or forward images or screenshots. Describe them, and keep the device safe for the DSL.', {
        isSubtle: true,
        size: 'Small',
      }),
      textInput('actionTaken', 'What have you done so far? (optional)', LIMITS.actionTaken, v('actionTaken'), { isMultiline: true }),
      ...problem(view.errors?.actionTaken),
    ],
    [
      act('Next', VERB_REPORT_NEXT, view.draft, { style: 'positive', withInputs: true }),
      act('Back', VERB_REPORT_BACK, view.draft),
      act('Cancel', VERB_REPORT_CANCEL, view.draft),
    ],
  );
}

function reviewCard(view: StepView, n: number, of: number): AdaptiveCard {
  const r = view.review;
  const body: CardElement[] = [...progress(n, of, 'Check and send'), ...yourAnswers(view)];
  if (r) {
    body.push(text('What happens when you press Submit', { weight: 'Bolder', spacing: 'Medium' }));
    body.push(facts([['Severity', `${r.severityLabel}: ${r.severityDescription}`]]));
    if (r.alertedAtOnce.length > 0) {
      // critical: the leads hear at once (case-outbox); after a yes to danger they already have
      body.push(
        attention(
          view.draft.answers.alertCaseId
            ? `Already alerted, in their own chats: ${r.alertedAtOnce.join(', ')}. This report joins that alert.`
            : `Alerted at once, in their own chats, when you press Submit: ${r.alertedAtOnce.join(', ')}.`,
        ),
      );
    }
    body.push(text('Who will be told', { weight: 'Bolder', spacing: 'Medium' }));
    body.push(text(r.toldPeople.length > 0 ? r.toldPeople.join('\n\n') : 'Nobody in the school profile can receive this.'));
    if (r.aboutNote) body.push(text(r.aboutNote, { weight: 'Bolder' }));
    else if (r.implicatedNotTold) body.push(text('People the concern is about are not told.', { isSubtle: true }));
    if (r.unreachable)
      body.push(attention('The school profile has nobody to receive this report. Tell the designated safeguarding lead in person now.'));
    if (r.guidance.length > 0) {
      body.push(text('What to do now', { weight: 'Bolder', spacing: 'Medium' }));
      body.push(text(r.guidance.map((g) => `- ${g}`).join('\n')));
    }
    if (r.referrals.length > 0) {
      body.push(text('Outside agencies', { weight: 'Bolder', spacing: 'Medium' }));
      body.push(referralFacts(r.referrals));
    }
    body.push(text('Deadlines', { weight: 'Bolder', spacing: 'Medium' }));
    body.push(text(r.deadlines.join('\n\n')));
  }
  return card('Report a concern: check and send.', body, [
    act('Submit', VERB_REPORT_SUBMIT, view.draft, { style: 'positive' }),
    act('Back', VERB_REPORT_BACK, view.draft),
    act('Cancel', VERB_REPORT_CANCEL, view.draft),
  ]);
}

const partyWords = (parties: readonly string[] | undefined) =>
  (parties ?? []).map((p) => PARTY_INFO[p as keyof typeof PARTY_INFO]?.label ?? p).join(', ');
const TRI_WORDS: Record<string, string> = { yes: 'Yes', no: 'No', unsure: 'Not sure' };

/** "Check and send" shows the reporter their own answers first, as they gave them */
function yourAnswers(view: StepView): CardElement[] {
  const a = view.draft.answers;
  const preset = presetOf(a);
  const pairs: [string, string][] = [];
  pairs.push(['A child in danger now', a.immediateRisk ? 'Yes' : 'No']);
  if (preset) pairs.push(['About', preset.title]);
  if ((a.types ?? []).length > 0) pairs.push(['What happened', (a.types ?? []).map((t) => INCIDENT_TYPE_INFO[t].label).join(', ')]);
  if ((a.victims ?? []).length > 0) pairs.push(['Harmed or at risk', partyWords(a.victims)]);
  if ((a.instigators ?? []).length > 0) pairs.push(['Did it', partyWords(a.instigators)]);
  if ((a.witnesses ?? []).length > 0) pairs.push(['Saw it or told you', partyWords(a.witnesses)]);
  for (const f of ['deliberate', 'repeated', 'illegalSuspected', 'outsideSchool'] as const)
    if (a[f]) pairs.push([FOLLOW_UP_QUESTION[f], TRI_WORDS[a[f]] ?? a[f]]);
  if (a.meetingArranged && meetingAskedOn(a)) pairs.push([MEETING_QUESTION, TRI_WORDS[a.meetingArranged] ?? a.meetingArranged]);
  pairs.push(['When', [a.date, a.time].filter(Boolean).join(' ')]);
  if (a.platform) pairs.push(['App, website or game', a.platform]);
  if (a.childNames) pairs.push(['Children', a.childNames]);
  const out: CardElement[] = [text('Your answers', { weight: 'Bolder', spacing: 'Medium' }), typedFacts(pairs)];
  if (a.description) out.push(text('In your words', { weight: 'Bolder', size: 'Small' }), typed(a.description));
  if (a.evidence) out.push(text('Evidence', { weight: 'Bolder', size: 'Small' }), typed(a.evidence));
  if (a.actionTaken) out.push(text('What you have done', { weight: 'Bolder', size: 'Small' }), typed(a.actionTaken));
  return out;
}

export function confirmCancelCard(view: StepView): AdaptiveCard {
  if (view.draft.answers.alertCaseId) {
    return card(
      'Stop writing this report? The danger alert already sent stays on record.',
      [
        heading('Stop writing this report?'),
        text('The danger alert you sent is on record and stays with the safeguarding leads. What you have written since is not kept.'),
      ],
      [
        act('Yes, stop here', VERB_REPORT_CANCEL_YES, view.draft, { style: 'destructive' }),
        act('No, keep going', VERB_REPORT_CANCEL_NO, view.draft),
      ],
    );
  }
  return card(
    'Discard this report? Nothing will be recorded.',
    [heading('Discard this report?'), text('Nothing will be recorded.')],
    [
      act('Yes, discard it', VERB_REPORT_CANCEL_YES, view.draft, { style: 'destructive' }),
      act('No, keep going', VERB_REPORT_CANCEL_NO, view.draft),
    ],
  );
}

/** the card for the draft's current step (or the cancel question over it), with the refresh */
export function reportStepCard(view: StepView, today: string): AdaptiveCard {
  const numbered: string[] = stepsFor(view.draft.answers).filter((s) => s !== 'safety');
  const n = Math.max(1, numbered.indexOf(view.draft.step) + 1);
  const of = numbered.length;
  if (view.draft.confirmingCancel) return withRefresh(confirmCancelCard(view), view);
  const c = ((): AdaptiveCard => {
    switch (view.draft.step) {
      case 'danger':
        return dangerCard(view, of);
      case 'safety':
        return safetyCard(view);
      case 'danger-source':
        return dangerSourceCard(view, n, of);
      case 'involved':
        return involvedCard(view, n, of);
      case 'about':
        return aboutCard(view, n, of);
      case 'what':
        return whatCard(view, n, of);
      case 'followups':
        return followUpsCard(view, n, of);
      case 'details':
        return detailsCard(view, n, of, today);
      case 'review':
        return reviewCard(view, n, of);
    }
  })();
  // what went wrong is said again just above the buttons, so a long card never seems to do nothing
  const problems = [...new Set(Object.values(view.errors ?? {}))];
  const body: CardElement[] = [
    ...(view.notice ? [attention(view.notice)] : []),
    ...c.body,
    ...(problems.length > 0
      ? [
          text(`Please check ${problems.length === 1 ? 'this' : 'these'}: ${problems.join(' ')}`, {
            color: 'Attention',
            weight: 'Bolder',
            spacing: 'Medium',
          }),
        ]
      : []),
  ];
  return withRefresh({ ...c, body }, view);
}
