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

export const attention = (value: string): CardElement => ({
  type: 'Container',
  style: 'attention',
  items: [text(value, { weight: 'Bolder' })],
});

/** a Universal Action; only an opaque verb and small ids go in data, never the record */
export const execute = (title: string, verb: string, data: Record<string, string> = {}, style?: 'positive' | 'destructive'): CardAction => ({
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
