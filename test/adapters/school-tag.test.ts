// a trust's cards carry their school on every button (src/adapters/teams/school-tag.ts), and the tag is
// taken off before the school's app reads the click.
import { describe, expect, it } from 'vitest';
import { SCHOOL_TAG, tagActions, takeSchoolTag, taggingMessenger } from '../../src/adapters/teams/school-tag.js';
import { execute, card, text } from '../../src/adapters/teams/cards/card.js';
import type { Messenger, OutgoingMessage } from '../../src/ports/messenger.js';

describe('school tags on cards', () => {
  it('tags every Execute and Submit, their fallbacks, refresh actions and show-card actions, and nothing else', () => {
    const c = {
      ...card(
        'x',
        [text('hi'), { type: 'ActionSet', actions: [execute('Acknowledge', 'case.ack', { caseId: 'c1' })] }],
        [
          { type: 'Action.OpenUrl', title: 'Open', url: 'https://example.invalid' },
          { type: 'Action.ShowCard', title: 'More', card: card('y', [], [{ type: 'Action.Submit', title: 'Send' }]) },
        ],
      ),
      refresh: { action: { type: 'Action.Execute', verb: 'report.refresh', data: { flowId: 'f1' } } },
    };
    tagActions(c, 'rowan');
    const json = JSON.stringify(c);
    expect(json.match(/"osbSchool":"rowan"/g)).toHaveLength(4);
    expect((c.body[1] as unknown as { actions: { data: object; fallback: { data: object } }[] }).actions[0]!.data).toEqual({
      caseId: 'c1',
      osbSchool: 'rowan',
    });
    expect((c.body[1] as unknown as { actions: { fallback: { data: object } }[] }).actions[0]!.fallback.data).toEqual({
      caseId: 'c1',
      verb: 'case.ack',
      osbSchool: 'rowan',
    });
    expect(c.actions![0]).toEqual({ type: 'Action.OpenUrl', title: 'Open', url: 'https://example.invalid' });
    expect(c.refresh.action.data).toEqual({ flowId: 'f1', osbSchool: 'rowan' });
  });

  it('reads and removes the tag from an Execute invoke, a message-back submit and a dialog submit', () => {
    const invoke = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'case.ack', data: { caseId: 'c1', [SCHOOL_TAG]: 'larch-hill' } } },
    };
    expect(takeSchoolTag(invoke)).toBe('larch-hill');
    expect(invoke.value.action.data).toEqual({ caseId: 'c1' });
    const submit = { type: 'message', value: { verb: 'case.ack', caseId: 'c1', [SCHOOL_TAG]: 'rowan' } };
    expect(takeSchoolTag(submit)).toBe('rowan');
    expect(submit.value).toEqual({ verb: 'case.ack', caseId: 'c1' });
    const dialog = { type: 'invoke', name: 'composeExtension/submitAction', value: { data: { words: 'x', [SCHOOL_TAG]: 'rowan' } } };
    expect(takeSchoolTag(dialog)).toBe('rowan');
    expect(dialog.value.data).toEqual({ words: 'x' });
    // a tag that is not text routes nowhere, and is still taken off
    const odd = { type: 'message', value: { verb: 'v', [SCHOOL_TAG]: { $ne: 1 } } };
    expect(takeSchoolTag(odd)).toBeUndefined();
    expect(odd.value).toEqual({ verb: 'v' });
    expect(takeSchoolTag({ type: 'message', text: 'hello' })).toBeUndefined();
  });

  it("tags what a school sends unprompted without changing the card it was given (a composer's copy stays clean)", async () => {
    const seen: OutgoingMessage[] = [];
    const inner: Messenger = {
      send: async (_r, m) => void seen.push(m),
      postToChannel: async (_t, m) => (seen.push(m), { conversationId: 'c', activityId: 'a', serviceUrl: 's' }),
      update: async (_p, m) => void seen.push(m),
    };
    const original = card('x', [], [execute('Go', 'go', {})]);
    await taggingMessenger(inner, 'rowan').send({}, { card: original, summary: 's' });
    expect(JSON.stringify(seen[0]!.card)).toContain('"osbSchool":"rowan"');
    expect(JSON.stringify(original)).not.toContain('osbSchool');
  });
});
