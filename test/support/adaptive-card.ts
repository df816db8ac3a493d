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

/** every Action in a card, wherever it is nested, but not the fallbacks of other actions */
export function actionsOf(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Action.')) out.push(o);
      for (const [key, value] of Object.entries(o)) if (key !== 'fallback') walk(value);
    }
  };
  walk(card);
  return out;
}

/**
 * the buttons of a card (not its refresh) as a client without Universal Actions sees them: each
 * Action.Execute falls back to an Action.Submit with the same title and ids plus the verb
 */
export function fallbacksOf(card: { actions?: unknown[]; body?: unknown[] }): { execute: Record<string, unknown>; fallback: unknown }[] {
  return actionsOf({ body: card.body, actions: card.actions })
    .filter((a) => a.type === 'Action.Execute')
    .map((a) => ({ execute: a, fallback: a.fallback }));
}
