import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';

// the package's ESM build has extensionless imports Node cannot resolve; its UMD bundle works
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

export interface CardCheck {
  /** parse errors and warnings reported by the official Adaptive Cards SDK */
  problems: string[];
  bytes: number;
}

/** parses a card with the Adaptive Cards SDK, as a Teams client would, and reports anything it complains about */
export function checkCard(card: unknown): CardCheck {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card as AdaptiveCards.AdaptiveCard, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  return { problems, bytes: Buffer.byteLength(JSON.stringify(card), 'utf8') };
}

/** every Action in a card, wherever it is nested */
export function actionsOf(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
