// the dialog opened from a Teams message's "..." menu: the message itself, then the few answers the report
// needs. A dialog only takes Action.Submit (no Universal Actions), and its data carries the message's id only.
import { MESSAGE_KINDS, MESSAGE_KIND_INFO, type ListedAuthor } from '../../../app/message-report/report-message.js';
import type { CapturedMessage } from '../../../app/message-report/captured-message.js';
import { pupilWordsInput } from './worried-cards.js';
import { attention, card, heading, text, typed, typedFacts, type AdaptiveCard, type CardAction, type CardElement } from './card.js';

/** the steps of the dialog, sent back in each Submit's data */
export const STEP_FIRST = 'first';
export const STEP_SECOND = 'second';
export const STEP_PUPIL = 'pupil';

/** shown only where Teams can put it: in the dialog, to the reporter */
export const ONLY_YOU = 'Only you can see this. Nothing is posted in the chat, and the person who wrote the message is not told.';
export const LEFT_IN_TEAMS =
  'The picture or file in this message has not been copied: it is left where it is in Teams. Do not delete it and do not forward it to anyone. The safeguarding lead will look at it there if they need to.';
export const PUPIL_LEFT_IN_TEAMS = 'The picture in this message is not sent. Leave it where it is. Do not delete it or send it on.';

const WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

const submit = (title: string, data: Record<string, string>): CardAction => ({ type: 'Action.Submit', title, data, style: 'positive' });

/** the message as captured: what the reporter checks before sending */
function messageBox(message: CapturedMessage): CardElement[] {
  return [
    {
      type: 'Container',
      style: 'emphasis',
      items: [
        typedFacts([
          ['Posted by', message.authorName ?? 'Not given by Teams'],
          ['When', message.postedAt ? WHEN.format(new Date(message.postedAt)) : 'Not given by Teams'],
          ['Where', message.where],
        ]),
        typed(message.text || '(No words: only a picture or a file)'),
      ],
    },
    ...(message.leftInTeams > 0 ? [attention(LEFT_IN_TEAMS)] : []),
  ];
}

const choices = (id: string, label: string, options: [title: string, value: string][], value?: string, error?: string): CardElement => ({
  type: 'Input.ChoiceSet',
  id,
  label,
  style: 'expanded',
  isRequired: true,
  errorMessage: error ?? 'Choose one',
  choices: options.map(([title, v]) => ({ title, value: v })),
  ...(value ? { value } : {}),
});

export interface FirstScreenView {
  message: CapturedMessage;
  author?: ListedAuthor;
  error?: string;
}

/** the message, "is a child in danger now?" and, when the author is on the school's lists, "is it about them?" */
export function staffFirstCard(view: FirstScreenView): AdaptiveCard {
  const { message, author } = view;
  const body: CardElement[] = [
    heading('Report a concern about this message'),
    text(ONLY_YOU, { isSubtle: true }),
    ...messageBox(message),
    ...(view.error ? [attention(view.error)] : []),
    choices('danger', 'Is a child in danger right now?', [
      ['Yes, a child is in danger right now', 'yes'],
      ['No', 'no'],
    ]),
  ];
  if (author) {
    body.push(
      choices('about', 'Who is it about?', [
        [`${author.name}, who posted it (${author.kind === 'pupil' ? 'a pupil' : 'an adult at the school'})`, 'author'],
        ['Someone else, or I am not sure', 'someone-else'],
      ]),
    );
  }
  return card('Report a concern about this message.', body, [submit('Next', { step: STEP_FIRST, messageId: message.id })]);
}

export interface SecondScreenView {
  messageId: string;
  /** the leads were alerted at once (a child in danger now) */
  alerted: boolean;
  error?: string;
  values?: { kind?: string; words?: string };
}

/** what kind of concern, and anything the reporter wants to add */
export function staffSecondCard(view: SecondScreenView): AdaptiveCard {
  const body: CardElement[] = [heading('About the concern')];
  if (view.alerted) {
    body.push(
      attention('The safeguarding leads have been alerted now. If a child is in immediate danger, call 999.'),
      text('Finish the report below so they have the details.'),
    );
  }
  if (view.error) body.push(attention(view.error));
  body.push(
    choices(
      'kind',
      'What kind of concern is it?',
      MESSAGE_KINDS.map((k) => [MESSAGE_KIND_INFO[k].title, k]),
      view.values?.kind,
    ),
    {
      type: 'Input.Text',
      id: 'words',
      label: 'Anything to add? (You can leave this empty)',
      isMultiline: true,
      maxLength: 4000,
      ...(view.values?.words ? { value: view.values.words } : {}),
    },
  );
  return card('About the concern: what kind it is, and anything to add.', body, [
    submit('Send report', { step: STEP_SECOND, messageId: view.messageId }),
  ]);
}

export function staffSentCard(view: { reference: string; duplicate: boolean; leftInTeams: number; critical: boolean }): AdaptiveCard {
  const body: CardElement[] = view.duplicate
    ? [
        heading('You have already reported this message'),
        text(`Your reference is **${view.reference}**. Nothing new was recorded.`),
        text('To add something, type **status** in your chat with the bot, or tell the designated safeguarding lead.'),
      ]
    : [
        heading('Report sent'),
        text(`Your reference is **${view.reference}**.`),
        text(
          view.critical
            ? 'The safeguarding leads have been alerted and will act now.'
            : 'The designated safeguarding lead has it, with the message and a link back to it.',
        ),
        text('Type **status** in your chat with the bot to follow it.'),
      ];
  if (view.leftInTeams > 0) body.push(attention(LEFT_IN_TEAMS));
  body.push(text(ONLY_YOU, { isSubtle: true }));
  return card(view.duplicate ? `You have already reported this message: ${view.reference}.` : `Report sent: ${view.reference}.`, body);
}

/** a pupil: the message, their own words if they want, and Send */
export function pupilMessageCard(view: { message: CapturedMessage; error?: string; values?: { words?: string } }): AdaptiveCard {
  const { message } = view;
  const body: CardElement[] = [
    heading("I'm worried about this message"),
    text('You are not in trouble.', { weight: 'Bolder' }),
    text('Only you can see this. Nobody in the chat is told.'),
    { type: 'Container', style: 'emphasis', items: [typed(message.text || '(A picture or a file)')] },
    ...(message.leftInTeams > 0 ? [attention(PUPIL_LEFT_IN_TEAMS)] : []),
    ...(view.error ? [attention(view.error)] : []),
    pupilWordsInput(view.values?.words),
    {
      type: 'Input.Toggle',
      id: 'danger',
      label: 'Are you in danger right now?',
      title: 'Yes, I am in danger now',
      valueOn: 'yes',
      valueOff: 'no',
      value: 'no',
    },
  ];
  return card("I'm worried about this message. You are not in trouble.", body, [
    submit('Send', { step: STEP_PUPIL, messageId: message.id }),
  ]);
}

/** someone the school has not listed, or a dialog whose state has gone */
export const notListedCard = (schoolName: string): AdaptiveCard =>
  card(`This is for ${schoolName}'s pupils and staff.`, [
    heading('Report a concern'),
    text(`This is for ${schoolName}'s pupils and staff. If you are worried, open a chat with Online Safety and tell us there.`),
  ]);

export const expiredDialogCard = (): AdaptiveCard =>
  card('This report was not finished in time. Close it and choose Report a concern on the message again.', [
    heading('Please start again'),
    text('This report was not finished in time, so nothing was sent. Close this and choose **Report a concern** on the message again.'),
  ]);
