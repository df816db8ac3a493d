import { describe, expect, it } from 'vitest';
import { personalMessage } from '../support/activities.js';
import { cardText, textOf } from '../support/test-bot.js';
import { FakeConnector } from '../support/fake-connector.js';
import { CHILD_NAMES, DESCRIPTION, NEVER_IN_CHANNEL, PEOPLE, report, said, schoolDay } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z'); // in the autumn term 2026
const day = schoolDay(T0);
const GOVERNORS = '19:oakfield-governors@thread.tacv2';

describe("the governors' digest", () => {
  it('the DSL posts it to the governors channel: aggregates only, fewer than 3 suppressed, no names or report words', async () => {
    const session = await day.open();
    for (let i = 0; i < 3; i++) await report(session, 'grooming', T0);
    await report(session, 'aboutTheHead', T0);
    const answer = cardText((await session.send(personalMessage('digest', PEOPLE.priya)))[0]!);
    expect(answer).toContain('Posted to the governors’ channel');
    const posts = session.connector.calls.filter((c) => c.op === 'create' && c.channelId === GOVERNORS);
    expect(posts).toHaveLength(1);
    const text = said(posts[0]!);
    expect(text).toContain('Online safety: Autumn 2026');
    expect(text).toMatch(/Grooming\n3 ·/);
    expect(text).toMatch(/Sexual harassment\nfewer than 3 ·/);
    // coverage: staff and governors' agreements, and pupils' paper ones for the school year
    expect(text).toContain('AUP agreed: staff');
    expect(text).toContain('AUP signed: pupils');
    // the chart is in the card as a PNG, with the same figures as text beside it
    const image = JSON.stringify(FakeConnector.card(posts[0]!)).match(/"url":"data:image\/png;base64,([^"]+)"/);
    expect(image).not.toBeNull();
    expect(Buffer.from(image![1]!, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const json = JSON.stringify(posts[0]!.activity).replace(/data:image\/png;base64,[^"]+/, '');
    for (const secret of [...NEVER_IN_CHANNEL, CHILD_NAMES, DESCRIPTION, 'Helen Marsh', 'Sam Taylor']) expect(json, secret).not.toContain(secret);
  });

  it('each governor records a read; the DSL sees who has read it; others are refused', async () => {
    const session = await day.open();
    await report(session, 'grooming', T0);
    await session.send(personalMessage('digest', PEOPLE.priya));
    const post = session.connector.calls.find((c) => c.op === 'create' && c.channelId === GOVERNORS)!;
    const digestId = ((FakeConnector.card(post)!.actions as { data: { digestId: string } }[])[0]!.data).digestId;
    const where = { channelConversationId: post.conversationId };
    expect(textOf(await session.click(PEOPLE.david, 'digest.read', { digestId }, where))).toContain('Thank you, David Rees: your reading is recorded.');
    expect(textOf(await session.click(PEOPLE.priya, 'digest.read', { digestId }, where))).toContain('Read by: David Rees');
    expect(textOf(await session.click(PEOPLE.sam, 'digest.read', { digestId }, where))).toContain("You don't have permission");
    expect(cardText((await session.send(personalMessage('digest', PEOPLE.sam)))[0]!)).toContain("You don't have permission");
  });
});
