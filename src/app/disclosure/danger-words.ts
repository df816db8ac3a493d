// words in a typed message that mean someone may be in danger now: the bot offers the danger help on
// the same reply, before anyone has pressed anything. a match only adds help (999, Childline, the DSL
// in person); it never sends, records or decides anything, so the list leans towards matching.
//
// matching is on whole words after normalising (lower case, apostrophes dropped, anything but letters
// and digits a single space), by substring search over at most DANGER_TEXT_LIMIT characters: linear in
// the text, with no regular expression run over what was typed.

/** how much of a message is examined: a disclosure states its danger early, and the cost stays bounded */
export const DANGER_TEXT_LIMIT = 4000;

/** each phrase as a person would type it; matched on word boundaries after normalise() */
export const DANGER_PHRASES: readonly string[] = [
  // harm to themselves
  'kill myself',
  'killing myself',
  'kms',
  'unalive myself',
  'want to die',
  'wanna die',
  'going to die',
  'end my life',
  'end it all',
  'suicide',
  'suicidal',
  "don't want to live",
  "don't want to be alive",
  'hurt myself',
  'hurting myself',
  'cut myself',
  'cutting myself',
  'self harm',
  // someone close by, or about to be
  "he's outside",
  'he is outside',
  "she's outside",
  'she is outside',
  "they're outside",
  'they are outside',
  'outside my house',
  'outside my home',
  'outside my school',
  'at my door',
  'coming to my house',
  'coming to get me',
  'knows where i live',
  'going to meet',
  'meet him',
  'meet her',
  'meet them',
  'meeting him',
  'meeting her',
  'meet up',
  // being hurt or threatened
  'hurt me',
  'hurts me',
  'hurting me',
  'hit me',
  'hits me',
  'touched me',
  'threatened me',
  'threatening me',
  'kill me',
  'in danger',
  'not safe',
  'scared',
  'frightened',
  'terrified',
  'help me now',
  'help me please',
  'please help me',
];

const APOSTROPHES = new Set(["'", '\u2018', '\u2019', '`', '\u02BC']);
const isWordChar = (ch: string): boolean => /^[\p{L}\p{N}]$/u.test(ch);

/** lower case, apostrophes dropped, every run of other characters one space, padded with a space each side */
export function normalise(text: string, limit = DANGER_TEXT_LIMIT): string {
  let out = ' ';
  // Array.from walks code points, so a cut never splits a surrogate pair
  for (const ch of Array.from(text.slice(0, limit).toLowerCase())) {
    if (APOSTROPHES.has(ch)) continue;
    if (isWordChar(ch)) out += ch;
    else if (!out.endsWith(' ')) out += ' ';
  }
  return out.endsWith(' ') ? out : `${out} `;
}

const NORMALISED = DANGER_PHRASES.map((phrase) => ({ phrase, key: normalise(phrase) }));

/** the phrases from DANGER_PHRASES found in the text, in list order */
export function dangerWordsIn(text: string | undefined): string[] {
  if (!text) return [];
  const haystack = normalise(text);
  return NORMALISED.filter(({ key }) => haystack.includes(key)).map(({ phrase }) => phrase);
}

/** does the message hold any danger words? */
export const hasDangerWords = (text: string | undefined): boolean => dangerWordsIn(text).length > 0;
