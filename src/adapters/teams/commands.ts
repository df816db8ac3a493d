// what people type to the bot. matching is on the whole message, so "report" starts a report but a
// sentence that merely contains the word does not.

export const COMMANDS = [
  'help',
  'report',
  'worried',
  'status',
  'aup',
  'training',
  'coverage',
  'leavers',
  'pupils',
  'digest',
  'cases',
] as const;
export type Command = (typeof COMMANDS)[number];

const SYNONYMS: Record<string, Command> = {
  help: 'help',
  '?': 'help',
  hi: 'help',
  hello: 'help',
  start: 'help',
  menu: 'help',
  report: 'report',
  'report a concern': 'report',
  'new report': 'report',
  worried: 'worried',
  "i'm worried": 'worried',
  'im worried': 'worried',
  'i am worried': 'worried',
  'help me': 'worried',
  status: 'status',
  'my reports': 'status',
  aup: 'aup',
  'acceptable use': 'aup',
  agreement: 'aup',
  training: 'training',
  coverage: 'coverage',
  leavers: 'leavers',
  pupils: 'pupils',
  digest: 'digest',
  'pupil agreements': 'pupils',
  cases: 'cases',
  'my cases': 'cases',
  'open cases': 'cases',
};

export function parseCommand(text: string | undefined): Command | undefined {
  if (!text) return undefined;
  const normalised = text
    .replace(/<at>.*?<\/at>/gi, ' ') // a mention of the bot left in by a channel post
    .replace(/<[^>]*>/g, ' ') // other html from the Teams compose box
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase()
    .replace(/[.!,;:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\//, '');
  return SYNONYMS[normalised];
}
