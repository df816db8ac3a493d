// the pupils' cards: short sentences a six to eleven year old can read, every input labelled, words
// always beside any emoji, no blame, no leading questions, and never a request for pictures.
import { WORRY_CHOICES, WORRY_CHOICE_INFO } from '../../../app/worried/worry-choices.js';
import { attention, card, execute, heading, text, type AdaptiveCard, type CardElement } from './card.js';
import { VERB_WORRIED_START } from './welcome-card.js';

export const VERB_WORRIED_SEND = 'worried.send';

export interface WorriedCardView {
  cardId: string;
  /** "Choose one." when Send was pressed with nothing chosen */
  error?: string;
  values?: { choice?: string; words?: string; danger?: string };
}

const DANGER = 'If you are in danger right now, tell an adult near you or call 999.';
const NOT_IN_TROUBLE = 'You are not in trouble.';
const offered = (choice: string | undefined): choice is string => (WORRY_CHOICES as readonly string[]).includes(choice ?? '');

/** where a child says it in their own words (optional): the worry card's and the reported message's */
export function pupilWordsInput(words: string | undefined): CardElement {
  return {
    type: 'Input.Text',
    id: 'words',
    label: 'Tell us in your own words. You can skip this.',
    isMultiline: true,
    maxLength: 2000,
    ...(words ? { value: words } : {}),
  };
}

export function worriedCard(view: WorriedCardView): AdaptiveCard {
  const chosen = view.values?.choice;
  const body: CardElement[] = [
    heading("I'm worried"),
    text(NOT_IN_TROUBLE, { weight: 'Bolder' }),
    text('Tell us what happened. Tap the one that fits best.'),
    {
      type: 'Input.ChoiceSet',
      id: 'choice',
      label: 'What happened?',
      style: 'expanded',
      isRequired: true,
      errorMessage: 'Tap the one that fits best.',
      choices: WORRY_CHOICES.map((c) => ({ title: `${WORRY_CHOICE_INFO[c].emoji} ${WORRY_CHOICE_INFO[c].words}`, value: c })),
      // a retired choice from an old card is not preselected: the child taps one of today's
      ...(offered(chosen) ? { value: chosen } : {}),
    },
    ...(view.error ? [attention(view.error)] : []),
    pupilWordsInput(view.values?.words),
    {
      type: 'Input.Toggle',
      id: 'danger',
      label: 'Is this happening right now? Are you in danger?',
      title: 'Yes, I am in danger now',
      valueOn: 'yes',
      valueOff: 'no',
      value: view.values?.danger === 'yes' ? 'yes' : 'no',
    },
    text(DANGER, { isSubtle: true }),
  ];
  return card(`I'm worried. ${NOT_IN_TROUBLE} Tell us what happened and a grown-up will help you. ` + DANGER, body, [
    execute('Send', VERB_WORRIED_SEND, { cardId: view.cardId }, 'positive'),
  ]);
}

/**
 * the grown-up who will talk to them, named as pupils know them ("Mrs Shah": the profile's pupilName,
 * else the first name), or "A grown-up at school"
 */
const who = (adultName: string | undefined) => adultName ?? 'A grown-up at school';

const DO_NOT_DELETE = 'Please do not delete or send on any messages or pictures. Just leave them where they are.';

export function thankYouCard(adultName?: string): AdaptiveCard {
  return card(
    `Thank you. You did the right thing telling us. ${NOT_IN_TROUBLE} ${who(adultName)} or another adult you trust will talk to you soon.`,
    [
      heading('Thank you for telling us'),
      text(`You did the right thing telling us. ${NOT_IN_TROUBLE}`),
      text(`${who(adultName)} or another adult you trust will talk to you soon.`),
      text(DO_NOT_DELETE),
      text(DANGER, { isSubtle: true }),
    ],
    [execute('Tell us something else', VERB_WORRIED_START)],
  );
}

export function dangerCard(adultName?: string): AdaptiveCard {
  return card('Tell an adult near you right now. Call Childline on 0800 1111. In an emergency call 999.', [
    heading('You are not alone'),
    attention('Tell an adult near you right now.'),
    text('You can call Childline on **0800 1111**. It is free.'),
    text('In an emergency, call **999**.'),
    text(`We have told ${adultName ?? 'a grown-up at school'} straight away. You did the right thing telling us.`),
    text(DO_NOT_DELETE),
  ]);
}

/** more than five in ten minutes: still recorded, and the child is not made to feel in trouble */
export function tooManyCard(adultName?: string): AdaptiveCard {
  return card(`A grown-up has your messages. ${NOT_IN_TROUBLE} ${who(adultName)} will talk to you soon.`, [
    heading('We have your messages'),
    text(`A grown-up has your messages. ${NOT_IN_TROUBLE}`),
    text(`${who(adultName)} will talk to you soon. You do not need to send any more.`),
    text(DANGER, { isSubtle: true }),
  ]);
}

/** a member of staff pressing a pupil's button */
export function pupilsOnlyCard(): AdaptiveCard {
  return card('This card is for pupils. To report a concern, type report.', [
    heading('This card is for pupils'),
    text('To report a concern about a child, type **report**.'),
  ]);
}

/** a pupil's own report moved on: no names, no case words */
export function pupilUpdateCard(view: { stateWords: string; message: string }): AdaptiveCard {
  return card(
    view.message,
    [heading('Your message'), text(view.stateWords, { weight: 'Bolder' }), text(view.message), text(DANGER, { isSubtle: true })],
    [execute('Tell us something else', VERB_WORRIED_START)],
  );
}

export const PUPIL_UPDATES: Readonly<Record<string, { stateWords: string; message: string }>> = {
  escalated: {
    stateWords: 'A grown-up is helping',
    message: 'A grown-up has read your message. They are helping and will talk to you soon.',
  },
  closed: {
    stateWords: 'Finished',
    message: 'A grown-up has finished helping with this. If you feel worried again, you can tell us any time.',
  },
};
