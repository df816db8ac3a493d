import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { describe, expect, it } from 'vitest';
import { personalMessage } from '../support/activities.js';
import { cardText, exampleProfile, textOf } from '../support/test-bot.js';
import { FakeConnector } from '../support/fake-connector.js';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { registerDigestRoutes } from '../../src/adapters/teams/digest-routes.js';
import { cardText as textOfCard } from '../../src/adapters/teams/cards/card-text.js';
import { CHILD_NAMES, DESCRIPTION, NEVER_IN_CHANNEL, PEOPLE, report, said, schoolDay } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z'); // in the autumn term 2026
const day = schoolDay(T0);
const GOVERNORS = '19:oakfield-governors@thread.tacv2';

describe("the governors' digest", () => {
  it('the DSL posts it to the governors channel: aggregates only, small counts hidden even from subtraction, no names or report words', async () => {
    const session = await day.open();
    for (let i = 0; i < 3; i++) await report(session, 'grooming', T0);
    await report(session, 'aboutTheHead', T0);
    const answer = cardText((await session.send(personalMessage('digest', PEOPLE.priya)))[0]!);
    expect(answer).toContain('Posted to the governors’ channel');
    const posts = session.connector.calls.filter((c) => c.op === 'create' && c.channelId === GOVERNORS);
    expect(posts).toHaveLength(1);
    const text = said(posts[0]!);
    expect(text).toContain('Online safety: Autumn 2026');
    // issue 13: 4 incidents with grooming 3 shown gave the one sexual harassment away; now neither is shown,
    // nor their areas (contact 3, conduct 1)
    expect(text).toMatch(/Incidents reported\n4 ·/);
    for (const row of ['Contact', 'Conduct', 'Grooming', 'Sexual harassment']) expect(text).toMatch(new RegExp(`\\n${row}\\nnot shown ·`));
    expect(text).toContain('where one could be worked out from a total and the figures beside it, those figures read "not shown"');
    // the staff row is always there, and reads the same for none as for one or two
    expect(text).toMatch(/Staff \(misconduct or gross misconduct\)\nfewer than 3 ·/);
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

describe('the digest when posting fails', () => {
  it('tells the DSL kindly that nothing was posted; the error goes to the log only, with no one\'s name', async () => {
    const db = openDatabaseFile(':memory:');
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _enc, done) => { lines.push(chunk.toString()); done(); } }));
    const app = { adaptiveCards: { actionExecute: () => undefined, actionSubmit: () => undefined } } as unknown as Application<TurnState>;
    const routes = registerDigestRoutes(app, {
      store: new SqliteIncidentStore(db),
      records: new SqliteComplianceRecords(db),
      profile: exampleProfile(),
      logger,
      now: () => T0,
      postToGovernors: async () => {
        throw new Error('channel 19:oakfield-governors@thread.tacv2 answered 403 Forbidden (request a1b2-c3d4)');
      },
    });
    const card = await routes.digest({ activity: { from: { aadObjectId: PEOPLE.priya.aadObjectId, name: PEOPLE.priya.name } } } as unknown as TurnContext);
    const shown = textOfCard(card);
    expect(shown).toContain('The digest could not be posted');
    expect(shown).toContain('nothing was posted to the governors. Please try again in a few minutes.');
    expect(shown).not.toMatch(/403|Forbidden|19:oakfield|request/);
    const logged = lines.join('');
    expect(logged).toContain('"event":"digest-post-failed"');
    expect(logged).toContain('403 Forbidden');
    expect(logged).not.toContain('Priya');
  });
});
