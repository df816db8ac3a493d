// the small vocabulary of Adaptive Card 1.5 elements our cards use. builders return plain JSON.

export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: 'Action.Execute' | 'Action.Submit' | 'Action.OpenUrl' | 'Action.ShowCard' };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  fallbackText: string;
  body: CardElement[];
  actions?: CardAction[];
  speak?: string;
  /** Universal Actions: the client asks for the current card when it shows this one (every device) */
  refresh?: { action: CardAction; userIds?: string[] };
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function card(fallbackText: string, body: CardElement[], actions?: CardAction[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText,
    body,
    ...(actions && actions.length > 0 ? { actions } : {}),
  };
}

export const heading = (text: string): CardElement => ({
  type: 'TextBlock',
  text,
  size: 'Large',
  weight: 'Bolder',
  wrap: true,
  style: 'heading',
});

export const text = (value: string, options: Record<string, unknown> = {}): CardElement => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...options,
});

export const facts = (pairs: [string, string][]): CardElement => ({
  type: 'FactSet',
  facts: pairs.map(([title, value]) => ({ title, value })),
});

// ---- words a person typed ------------------------------------------------------------------------
// Teams reads markdown in a TextBlock and in a fact's title and value: a reporter's
// "[Open the screenshots (sign in)](https://...)" would be a working link in the DSL's card. So anything a
// person typed (a report's words, a question, an answer, a reason, a name they gave) is drawn with the
// helpers below and never with text() or facts(): a RichTextBlock of TextRuns, whose text Adaptive Cards
// never treat as markdown (the spec, and the SDK sets it as plain text). That shows the words exactly as
// they were typed, a child's words included, where backslash-escaping would depend on each client
// honouring the escapes and could leave stray backslashes in the record. A client may still turn
// something that looks like an address into a link by itself, so unlinked() also puts an invisible word
// joiner inside "://" and between a dot and the letter after it.

/** U+2060 WORD JOINER: invisible, never a line break, and part of no address */
export const WORD_JOINER = '\u2060';

/** the same words, looking the same, that no client can take for a web or mail address */
export const unlinked = (value: string): string =>
  value.replace(/:\/\//g, `:${WORD_JOINER}//`).replace(/(?<=[\p{L}\p{N}])\.(?=[\p{L}\p{N}])/gu, `.${WORD_JOINER}`);

export interface RunStyle {
  weight?: 'Bolder';
  isSubtle?: boolean;
  italic?: boolean;
  size?: 'Small';
  color?: 'Attention' | 'Good';
}

/** a TextRun: its text is never markdown */
export const run = (value: string, style: RunStyle = {}): CardElement => ({ type: 'TextRun', text: unlinked(value), ...style });

const paragraphs = (value: string): string[] =>
  value
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');

/**
 * what a person typed, as a paragraph of plain text (a RichTextBlock per paragraph, in a Container
 * when there are several); `before` is our own words in front of it, such as "Reason: "
 */
export function typed(value: string, style: RunStyle = {}, before?: { text: string; style?: RunStyle }): CardElement {
  const lines = paragraphs(value);
  const block = (line: string, first: boolean): CardElement => ({
    type: 'RichTextBlock',
    inlines: [...(first && before ? [run(before.text, before.style)] : []), run(line, style)],
  });
  if (lines.length <= 1) return block(lines[0] ?? '', true);
  return { type: 'Container', items: lines.map((line, i) => block(line, i === 0)) };
}

/** label and typed value, one pair a line ("Children involved: Ava"): a FactSet would read the value as markdown */
export const typedFacts = (pairs: [string, string][]): CardElement => ({
  type: 'Container',
  items: pairs.map(([title, value]) => ({
    type: 'RichTextBlock',
    inlines: [run(`${title}: `, { weight: 'Bolder' }), run(paragraphs(value).join(' '))],
  })),
});

/** lines one under another, each holding typed words (a decision trail quoting reasons and answers) */
export const typedLines = (items: readonly string[]): CardElement => ({
  type: 'Container',
  items: items.map((line) => ({ type: 'RichTextBlock', inlines: [run(paragraphs(line).join(' '))] })),
});

export const attention = (value: string): CardElement => ({
  type: 'Container',
  style: 'attention',
  items: [text(value, { weight: 'Bolder' })],
});

/** a Universal Action; only an opaque verb and small ids go in data, never the record */
export const execute = (
  title: string,
  verb: string,
  data: Record<string, string> = {},
  style?: 'positive' | 'destructive',
): CardAction => ({
  type: 'Action.Execute',
  title,
  verb,
  data,
  ...(style ? { style } : {}),
  // a client without Universal Actions sends the same verb and ids as a message instead (card-actions.ts)
  fallback: { type: 'Action.Submit', title, data: { ...data, verb }, ...(style ? { style } : {}) },
});

export function asAttachment(c: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: c };
}
