// what people type to the bot. matching is on the whole message, so "report" starts a report but a
// sentence that merely contains the word does not. everything here runs in time linear in the text:
// one hostile message (a string of "<") must never stall the turns, alerts and probes of everyone else.

/** longer than any Teams message (about 28 KB): refused kindly, never parsed or kept (bot-app.ts) */
export const MESSAGE_CHAR_LIMIT = 30_000;

/** no command is longer than this once its markup is gone; a longer text is not looked up at all */
const COMMAND_TEXT_LIMIT = 2_000;

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

// a Map, so typed text such as "constructor" or "__proto__" can never find an inherited key
const SYNONYMS = new Map<string, Command>(
  Object.entries({
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
  } satisfies Record<string, Command>),
);

/** the first `</at>` (any case) at or after `from`, or -1 */
function mentionCloseFrom(text: string, from: number): number {
  for (let at = text.indexOf('</', from); at !== -1; at = text.indexOf('</', at + 2)) {
    if (text.slice(at + 2, at + 5).toLowerCase() === 'at>') return at;
  }
  return -1;
}

/** the text with each bot mention (`<at>…</at>`, name and all) and every other tag replaced by a space, in one pass */
export function stripMarkup(text: string): string {
  let out = '';
  let from = 0;
  // where the next `</at>` is: searched again only once passed, so the whole strip stays one pass
  let mentionClose = -2;
  for (let open = text.indexOf('<'); open !== -1; open = text.indexOf('<', from)) {
    let close = -1;
    if (text.slice(open, open + 4).toLowerCase() === '<at>') {
      if (mentionClose !== -1 && mentionClose < open + 4) mentionClose = mentionCloseFrom(text, open + 4);
      // a mention's name goes with it
      if (mentionClose !== -1) close = mentionClose + 4;
    }
    if (close === -1) close = text.indexOf('>', open + 1);
    // no ">" after this "<": none after any later "<" either, so the rest is plain text
    if (close === -1) break;
    out += `${text.slice(from, open)} `;
    from = close + 1;
  }
  return out + text.slice(from);
}

export function parseCommand(text: string | undefined): Command | undefined {
  if (!text || text.length > COMMAND_TEXT_LIMIT) return undefined;
  // a mention of the bot left in by a channel post, and other html from the Teams compose box
  const normalised = stripMarkup(text)
    .replace(/[\u2018\u2019]/g, "'")
    .toLowerCase()
    .replace(/[.!,;:]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\//, '');
  return SYNONYMS.get(normalised);
}
