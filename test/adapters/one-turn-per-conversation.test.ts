import { describe, expect, it } from 'vitest';
import type { TurnContext } from 'botbuilder';
import { oneTurnPerConversation } from '../../src/adapters/teams/one-turn-per-conversation.js';

const ctx = (conversation: string) => ({ activity: { conversation: { id: conversation } } }) as unknown as TurnContext;
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('oneTurnPerConversation', () => {
  it("runs one conversation's turns in order, others alongside, and goes on after a failing turn", async () => {
    const log: string[] = [];
    const run = oneTurnPerConversation(async (c: TurnContext) => {
      const id = c.activity.conversation.id;
      log.push(`start ${id}`);
      await tick();
      log.push(`end ${id}`);
      if (id === 'fails') throw new Error('boom');
    });
    const results = await Promise.allSettled([run(ctx('a')), run(ctx('a')), run(ctx('b')), run(ctx('fails')), run(ctx('fails'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    const a = log.filter((l) => l.endsWith(' a'));
    expect(a).toEqual(['start a', 'end a', 'start a', 'end a']);
    // b did not wait for a
    expect(log.indexOf('start b')).toBeLessThan(log.indexOf('end a'));
    expect(log.filter((l) => l.endsWith('fails'))).toEqual(['start fails', 'end fails', 'start fails', 'end fails']);
  });
});
