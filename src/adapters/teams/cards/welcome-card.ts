import { attention, card, execute, facts, heading, text, type AdaptiveCard } from './card.js';

export interface WelcomeView {
  schoolName: string;
  /** 'welcome' the first time we meet someone, 'help' when they ask */
  variant: 'welcome' | 'help';
  dslNames: string[];
  deputyNames: string[];
  /** a safeguarding lead or the headteacher: they are told about `cases` */
  caseTeam?: boolean;
}

export const VERB_REPORT_START = 'report.start';
export const VERB_STATUS_SHOW = 'status.show';
export const VERB_WORRIED_START = 'worried.start';

const list = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** what staff see when they first open the bot or type help */
export function staffWelcomeCard(view: WelcomeView): AdaptiveCard {
  const dsl = view.dslNames.length > 0 ? list(view.dslNames) : 'the designated safeguarding lead';
  const deputies = view.deputyNames.length > 0 ? ` (deputies: ${list(view.deputyNames)})` : '';
  const title = view.variant === 'welcome' ? `Welcome to Online Safety at ${view.schoolName}` : 'Online Safety: help';
  return card(
    `Online Safety at ${view.schoolName}. Type report to report a concern, status to see your reports, help for this message. If a child is in immediate danger, call 999 now and tell ${dsl} in person.`,
    [
      heading(title),
      text(
        "Use this chat to report an online-safety concern: something you saw on a screen, something a pupil told you, or something about an adult's conduct online. The bot asks a few questions, then tells you exactly what to do next.",
      ),
      attention(`If a child is in immediate danger, call 999 now and tell ${dsl} in person.`),
      text('Who is told', { weight: 'Bolder', spacing: 'Medium' }),
      text(
        `Your report goes to the designated safeguarding lead, ${dsl}${deputies}, and to others only where the school's policy says so. If a concern is about one of them, it goes to the next person up instead, never to them.`,
      ),
      text('What to type', { weight: 'Bolder', spacing: 'Medium' }),
      facts([
        ['report', 'report a concern'],
        ['status', 'see the reports you have made'],
        ...(view.caseTeam ? ([['cases', 'the open cases you deal with, most urgent first']] as [string, string][]) : []),
        ['help', 'show this message'],
      ]),
      text('Describe evidence in words. Do not send screenshots or photos of it here: the bot does not keep them.', {
        isSubtle: true,
        size: 'Small',
      }),
    ],
    [execute('Report a concern', VERB_REPORT_START, {}, 'positive'), execute('My reports', VERB_STATUS_SHOW)],
  );
}

/** what pupils see: short sentences a seven-year-old can read */
export function pupilWelcomeCard(view: Pick<WelcomeView, 'schoolName'>): AdaptiveCard {
  return card(
    'If something online has worried or upset you, type worried. A grown-up at school will help you. If you are in danger right now, tell an adult near you or call 999.',
    [
      heading('Hello! 👋'),
      text(`This is ${view.schoolName}'s "I'm worried" helper.`),
      text('If something online has worried or upset you, you can tell us here. A grown-up at school will help you.'),
      text('Type **worried** or press the button.'),
      attention('If you are in danger right now, tell an adult near you or call 999.'),
    ],
    [execute("I'm worried", VERB_WORRIED_START, {}, 'positive')],
  );
}
