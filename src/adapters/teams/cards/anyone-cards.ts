// the card for anyone the school has not listed (a guest, a parent, a pupil nobody added yet): they can
// still tell the school about a worry, in plain words, and are told kindly how to be added. nothing else.
import { card, execute, heading, text, type AdaptiveCard, type CardElement } from './card.js';

export const VERB_CONCERN_SEND = 'concern.send';
export const CONCERN_WORDS_LIMIT = 2000;

const DANGER = 'If someone is in danger right now, call 999.';
const NOT_LISTED =
  "You are not on this school's lists yet, so this is all the bot can do for you. Please ask the school office to add you.";

export interface ConcernCardView {
  cardId: string;
  schoolName: string;
  error?: string;
  values?: { words?: string; danger?: string };
}

export function concernCard(view: ConcernCardView): AdaptiveCard {
  const body: CardElement[] = [
    heading(`Tell ${view.schoolName} about a worry`),
    text(
      "If you are worried about a child, or about something you saw or heard online, tell us here. The school's safeguarding lead will read it.",
    ),
    {
      type: 'Input.Text',
      id: 'words',
      label: 'What are you worried about?',
      isMultiline: true,
      isRequired: true,
      maxLength: CONCERN_WORDS_LIMIT,
      errorMessage: 'Write a few words about what worries you.',
      ...(view.values?.words ? { value: view.values.words } : {}),
    },
    ...(view.error ? [text(view.error, { color: 'Attention', weight: 'Bolder' })] : []),
    {
      type: 'Input.Toggle',
      id: 'danger',
      label: 'Is someone in danger right now?',
      title: 'Yes, someone is in danger now',
      valueOn: 'yes',
      valueOff: 'no',
      value: view.values?.danger === 'yes' ? 'yes' : 'no',
    },
    text(DANGER, { isSubtle: true }),
    text(NOT_LISTED, { isSubtle: true, size: 'Small' }),
  ];
  return card(`Tell ${view.schoolName} about a worry. ${DANGER}`, body, [
    execute('Send', VERB_CONCERN_SEND, { cardId: view.cardId }, 'positive'),
  ]);
}

export function concernThanksCard(view: { schoolName: string; danger: boolean; reference: string }): AdaptiveCard {
  return card(`Thank you. ${view.schoolName}'s safeguarding lead has your message.`, [
    heading('Thank you for telling us'),
    text(`${view.schoolName}'s safeguarding lead has your message (reference ${view.reference}) and will follow it up.`),
    ...(view.danger
      ? [
          text(
            'You said someone is in danger now: call **999** if you have not already. We have told the safeguarding lead straight away.',
            { weight: 'Bolder' },
          ),
        ]
      : []),
    text('Please do not delete or forward any messages or pictures: leave them where they are.'),
    text(NOT_LISTED, { isSubtle: true }),
  ]);
}
