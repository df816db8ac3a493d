// the answer to a typed message the bot does not recognise: it may be a disclosure. a pupil is asked, in
// a child's words, whether to send it to a grown-up; a member of staff whether to report it. what they
// typed is shown back as plain text (typed(), never markdown) and rides in the button's data, so nothing
// is kept unless they press it. danger words put the danger help first, on this same card.
import { attention, card, execute, heading, text, typed, type AdaptiveCard, type CardAction, type CardElement } from './card.js';
import { VERB_WORRIED_START } from './welcome-card.js';

export const VERB_DISCLOSURE_SEND = 'disclosure.send';
export const VERB_DISCLOSURE_REPORT = 'disclosure.report';
export const VERB_DISCLOSURE_DISMISS = 'disclosure.dismiss';

/** in the dismiss button's data when the offer showed the danger help: "No thanks" keeps it on screen */
export const DANGER_HELP = 'danger';

export interface OfferCardView {
  offerId: string;
  /** what they typed */
  words: string;
  /** danger words were found: the danger help comes first */
  dangerHelp: boolean;
  /** within the limit: shown as typed; otherwise in a box to shorten */
  fits: boolean;
  limit: number;
  /** why the card came back */
  error?: string;
}

export interface PupilOfferView extends OfferCardView {
  /** the "Are you in danger right now?" toggle: on when danger words were found */
  dangerNow: boolean;
}

export interface StaffOfferView extends OfferCardView {
  safety: { dsl: { name: string; phone?: string }[]; deputies: { name: string; phone?: string }[]; schoolPhone?: string };
}

/** a button that sends none of the card's inputs (the toggle, a box being edited) */
const withoutInputs = (a: CardAction): CardAction => ({
  ...a,
  associatedInputs: 'none',
  fallback: { ...(a.fallback as object), associatedInputs: 'none' },
});

/** the words they typed, shown back; or, when too long, in a box to make shorter (never cut) */
function yourWords(view: OfferCardView, label: string, lead: string): CardElement[] {
  if (view.fits) return [text(lead, { isSubtle: true }), typed(view.words)];
  return [{ type: 'Input.Text', id: 'words', label, isMultiline: true, value: view.words }];
}

/** the button's data: the words ride along only when they are shown as typed (else the box sends them) */
const offerData = (view: OfferCardView): Record<string, string> => ({ offerId: view.offerId, ...(view.fits ? { words: view.words } : {}) });

const dismissData = (view: OfferCardView): Record<string, string> => ({
  offerId: view.offerId,
  ...(view.dangerHelp ? { help: DANGER_HELP } : {}),
});

// ---- pupils ---------------------------------------------------------------------------------------

const PUPIL_DANGER_HELP: CardElement[] = [
  heading('You are not alone'),
  attention('Tell an adult near you right now.'),
  text('You can call Childline on **0800 1111**. It is free.'),
  text('In an emergency, call **999**.'),
];

const PUPIL_DANGER_LINE = 'If you are in danger right now, tell an adult near you or call 999.';

export function pupilOfferCard(view: PupilOfferView): AdaptiveCard {
  const question = 'Do you want me to send this to a grown-up who can help?';
  const tooLong = `That is a lot of words! Please make it shorter (up to ${view.limit} letters), then press Send.`;
  const body: CardElement[] = [
    ...(view.dangerHelp ? PUPIL_DANGER_HELP : []),
    heading(question),
    text('You are not in trouble.', { weight: 'Bolder' }),
    ...yourWords(view, 'Your words', 'You wrote:'),
    ...(!view.fits ? [attention(tooLong)] : view.error ? [attention(view.error)] : []),
    text('I will only send it if you press Send.'),
    {
      type: 'Input.Toggle',
      id: 'danger',
      label: 'Are you in danger right now?',
      title: 'Yes, I am in danger now',
      valueOn: 'yes',
      valueOff: 'no',
      value: view.dangerNow ? 'yes' : 'no',
    },
    ...(view.dangerHelp ? [] : [text(PUPIL_DANGER_LINE, { isSubtle: true })]),
  ];
  return card(
    `${view.dangerHelp ? 'You are not alone. Tell an adult near you right now. Call Childline on 0800 1111. In an emergency call 999. ' : ''}${question} Press Send or No thanks.`,
    body,
    [
      execute('Send', VERB_DISCLOSURE_SEND, offerData(view), 'positive'),
      withoutInputs(execute('No thanks', VERB_DISCLOSURE_DISMISS, dismissData(view))),
    ],
  );
}

/** "No thanks": nothing was sent or kept; the danger help stays if it was shown */
export function pupilNoThanksCard(view: { dangerHelp: boolean }): AdaptiveCard {
  return card(
    `That's OK. I have not sent it. ${view.dangerHelp ? 'Tell an adult near you right now. Call Childline on 0800 1111 or 999.' : PUPIL_DANGER_LINE}`,
    [
      ...(view.dangerHelp ? PUPIL_DANGER_HELP : []),
      heading("That's OK"),
      text('I have not sent it to anyone.'),
      text('You can talk to a grown-up you trust at any time. Or tap the button to tell us here.'),
      ...(view.dangerHelp ? [] : [text(PUPIL_DANGER_LINE, { isSubtle: true })]),
    ],
    [execute("I'm worried", VERB_WORRIED_START)],
  );
}

// ---- staff ----------------------------------------------------------------------------------------

const contact = (c: { name: string; phone?: string }) => (c.phone ? `${c.name} (${c.phone})` : c.name);

/** the report flow's safety card's words (call 999, the DSL in person, by name), before anything else */
function staffDangerHelp(safety: StaffOfferView['safety']): CardElement[] {
  const dsl = safety.dsl.map(contact).join(', ') || 'the designated safeguarding lead';
  return [
    heading('If a child is in danger: act now'),
    attention('Call 999 now if a child is in immediate danger.'),
    text(`Tell the designated safeguarding lead in person now: ${dsl}.`, { weight: 'Bolder' }),
    ...(safety.deputies.length > 0 ? [text(`If you cannot reach them: ${safety.deputies.map(contact).join(', ')}.`)] : []),
    ...(safety.schoolPhone ? [text(`School office: ${safety.schoolPhone}.`)] : []),
    text('Stay with the child if you can. Do not wait for a report to reach anyone.'),
  ];
}

export function staffOfferCard(view: StaffOfferView): AdaptiveCard {
  const dsl = view.safety.dsl.map((c) => c.name).join(', ') || 'the designated safeguarding lead';
  const body: CardElement[] = [
    ...(view.dangerHelp ? staffDangerHelp(view.safety) : []),
    heading('Report this as a concern?'),
    ...yourWords(view, `Your words (up to ${view.limit} characters)`, 'You wrote:'),
    ...(!view.fits
      ? [
          attention(
            `This is longer than a report's description can be (${view.limit} characters). Please shorten it, then press the button. Nothing has been recorded.`,
          ),
        ]
      : []),
    ...(view.error ? [attention(view.error)] : []),
    text("Your words become the report's description; you can change them. Nothing is recorded unless you report it.", { isSubtle: true }),
  ];
  return card(
    `${view.dangerHelp ? `If a child is in danger: call 999 now and tell ${dsl} in person now. ` : ''}Report this as a concern?`,
    body,
    [
      execute('Report this as a concern', VERB_DISCLOSURE_REPORT, offerData(view), 'positive'),
      withoutInputs(execute('No, thanks', VERB_DISCLOSURE_DISMISS, dismissData(view))),
    ],
  );
}

export function staffNoThanksCard(view: { dangerHelp: boolean; safety: StaffOfferView['safety'] }): AdaptiveCard {
  return card('Nothing was reported or recorded. Type report to report a concern, or help to see what I can do.', [
    ...(view.dangerHelp ? staffDangerHelp(view.safety) : []),
    heading('Nothing was reported'),
    text('Nothing has been recorded. Type **report** at any time to report a concern, or **help** to see what I can do.'),
  ]);
}
