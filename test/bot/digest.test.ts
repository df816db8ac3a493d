import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { personalMessage } from '../support/activities.js';
import { cardText, exampleProfile, silentLogger, textOf, type AdaptiveCardContent, type BotSession } from '../support/test-bot.js';
import { FakeConnector, type ConnectorCall } from '../support/fake-connector.js';
import { checkCard } from '../support/adaptive-card.js';
import { DATABASE_FILE, openDatabase, openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { MIGRATIONS } from '../../src/adapters/sqlite/migrations.js';
import { SqliteJobRuns } from '../../src/adapters/sqlite/sqlite-job-runs.js';
import { Scheduler, type ScheduledJob } from '../../src/app/scheduler/scheduler.js';
import { postTermDigest } from '../../src/app/digest/post-digest.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { digestChannelMessage, digestRoutes } from '../../src/adapters/teams/digest-routes.js';
import { identify } from '../../src/app/identity.js';
import { digestJob } from '../../src/app/digest/digest-job.js';
import { DigestSender } from '../../src/app/digest/digest-sender.js';
import { SqliteChannelPostOutbox } from '../../src/adapters/sqlite/sqlite-channel-post-outbox.js';
import { DeliveryError } from '../../src/ports/messenger.js';
import { cardText as textOfCard } from '../../src/adapters/teams/cards/card-text.js';
import { CHILD_NAMES, DESCRIPTION, NEVER_IN_CHANNEL, PEOPLE, report, said, schoolDay, type Who } from './support/casework.js';

const dbOf = (session: BotSession) => session.db;

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
    for (const secret of [...NEVER_IN_CHANNEL, CHILD_NAMES, DESCRIPTION, 'Helen Marsh', 'Sam Taylor'])
      expect(json, secret).not.toContain(secret);
  });

  it('each governor records a read; the DSL sees who has read it; others are refused', async () => {
    const session = await day.open();
    await report(session, 'grooming', T0);
    await session.send(personalMessage('digest', PEOPLE.priya));
    const post = session.connector.calls.find((c) => c.op === 'create' && c.channelId === GOVERNORS)!;
    const digestId = (FakeConnector.card(post)!.actions as { data: { digestId: string } }[])[0]!.data.digestId;
    const where = { channelConversationId: post.conversationId };
    expect(textOf(await session.click(PEOPLE.david, 'digest.read', { digestId }, where))).toContain(
      'Thank you, David Rees: your reading is recorded.',
    );
    expect(textOf(await session.click(PEOPLE.priya, 'digest.read', { digestId }, where))).toContain('Read by: David Rees');
    expect(textOf(await session.click(PEOPLE.sam, 'digest.read', { digestId }, where))).toContain("You don't have permission");
    expect(cardText((await session.send(personalMessage('digest', PEOPLE.sam)))[0]!)).toContain("You don't have permission");
  });
});

describe('the digest when posting fails', () => {
  it("tells the DSL kindly that nothing was posted; the error goes to the log only, with no one's name", async () => {
    const db = openDatabaseFile(':memory:');
    const lines: string[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write: (chunk: Buffer, _enc, done) => {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    const records = new SqliteComplianceRecords(db);
    const refused = async (): Promise<never> => {
      throw new DeliveryError('channel 19:oakfield-governors@thread.tacv2 answered 403 Forbidden (request a1b2-c3d4)', false, 403);
    };
    const sender = new DigestSender({
      outbox: new SqliteChannelPostOutbox(db),
      records,
      messenger: { postToChannel: refused, update: refused, send: refused },
      conversations: { serviceUrl: async () => 'https://smba.invalid' },
      profile: exampleProfile(),
      compose: digestChannelMessage(),
      logger,
      now: () => T0,
    });
    const routes = digestRoutes({
      store: new SqliteIncidentStore(db),
      records,
      profile: exampleProfile(),
      logger,
      now: () => T0,
      sendNow: (key) => sender.sendNow(key),
    });
    const card = await routes.digest(identify(exampleProfile(), PEOPLE.priya.aadObjectId));
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

// issue 14, item 8: one digest a term, however many ask and however often
describe("the governors' digest, once a term", () => {
  const governorPosts = (session: BotSession) => session.connector.calls.filter((c) => c.op === 'create' && c.channelId === GOVERNORS);
  const digestIdIn = (post: ConnectorCall) => (FakeConnector.card(post)!.actions as { data: { digestId: string } }[])[0]!.data.digestId;
  const replyCard = (replies: Partial<Activity>[]) => replies[0]!.attachments![0]!.content as AdaptiveCardContent;
  const buttons = (card: AdaptiveCardContent) => (card.actions ?? []).map((a) => [a.title, a.verb, a.data]);
  const typeDigest = async (session: BotSession, who: Who) => replyCard(await session.send(personalMessage('digest', who)));
  const END_OF_TERM = new Date('2026-12-18T16:00:00Z'); // Autumn 2026's last day, 16:00 in London
  const minutesAfter = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

  it('a second `digest` posts nothing: it says when and by whom the term was posted and how many governors have read it', async () => {
    day.set(END_OF_TERM);
    const session = await day.open();
    await report(session, 'grooming', T0);
    expect(textOf(await typeDigest(session, PEOPLE.priya))).toContain('Posted to the governors’ channel');
    const [post] = governorPosts(session);
    const digestId = digestIdIn(post!);
    await session.click(PEOPLE.david, 'digest.read', { digestId }, { channelConversationId: post!.conversationId });

    day.set(minutesAfter(END_OF_TERM, 40));
    const again = await typeDigest(session, PEOPLE.priya);
    const text = textOf(again);
    expect(text).toContain('Digest for Autumn 2026: posted already');
    expect(text).toContain('The digest for Autumn 2026 was posted on 18 Dec at 16:00 by Priya Shah.');
    expect(text).toContain('So far it has been read by 1 of 1 governor.');
    expect(text).toContain('Nothing was posted just now.');
    expect(governorPosts(session)).toHaveLength(1);
    expect(buttons(again)).toEqual([
      ['Who has read it', 'digest.readers', { digestId }],
      ['Post it again', 'digest.repost', { digestId }],
    ]);
    expect(checkCard(again).problems).toEqual([]);
    // "Who has read it" is the read-receipt view
    expect(textOf(await session.click(PEOPLE.priya, 'digest.readers', { digestId }))).toContain('Read by: David Rees');

    // in the holidays the head asks: still Autumn's digest, posted already (now with its year)
    day.set(new Date('2027-01-02T09:00:00Z'));
    const inTheHolidays = textOf(await typeDigest(session, PEOPLE.helen));
    expect(inTheHolidays).toContain('The digest for Autumn 2026 was posted on 18 Dec 2026 at 16:00 by Priya Shah.');
    expect(governorPosts(session)).toHaveLength(1);
    // and only the DSL, deputies and head may see it or post it again
    for (const verb of ['digest.readers', 'digest.status', 'digest.repost', 'digest.repost.confirm']) {
      expect(textOf(await session.click(PEOPLE.sam, verb, { digestId, posts: '1' })), verb).toContain("You don't have permission");
    }
    expect(governorPosts(session)).toHaveLength(1);
  });

  it('two `digest` at the same moment post once, from two people or from one', async () => {
    const session = await day.open();
    const replies = (
      await Promise.all([session.send(personalMessage('digest', PEOPLE.priya)), session.send(personalMessage('digest', PEOPLE.helen))])
    ).flat();
    expect(governorPosts(session)).toHaveLength(1);
    const texts = replies.map((r) => cardText(r));
    expect(texts.filter((t) => t.includes('Posted to the governors’ channel'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Digest for Autumn 2026: posted already'))).toHaveLength(1);
    await Promise.all([session.send(personalMessage('digest', PEOPLE.priya)), session.send(personalMessage('digest', PEOPLE.priya))]);
    expect(governorPosts(session)).toHaveLength(1);
  });

  it('many at once through the use case: the term is claimed once, in one transaction under a unique key', async () => {
    const db = openDatabaseFile(':memory:');
    const records = new SqliteComplianceRecords(db);
    const published: string[] = [];
    const deps = {
      store: new SqliteIncidentStore(db),
      records,
      profile: exampleProfile(),
      now: () => T0,
      sendNow: async (key: string) => {
        await new Promise((r) => setTimeout(r, 5));
        published.push(key);
        return { outcome: 'sent' as const };
      },
    };
    const results = await Promise.all(['Priya Shah', 'Helen Marsh', 'Tom Okafor', 'Priya Shah'].map((by) => postTermDigest(deps, T0, by)));
    expect(results.filter((r) => r.posted)).toHaveLength(1);
    expect(published).toHaveLength(1);
    expect(db.prepare('SELECT COUNT(*) AS n FROM digests').get()).toEqual({ n: 1 });
    // the same term key a second time is refused by the table itself
    expect(() =>
      db
        .prepare(
          "INSERT INTO digests (id, term_name, term_key, created_at, created_by, digest) VALUES ('x', 'Autumn 2026', '2026-09-02', '', '', '{}')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it('"Post it again", confirmed, posts the same digest once more: the same id and one read list', async () => {
    const session = await day.open();
    await typeDigest(session, PEOPLE.priya);
    const [first] = governorPosts(session);
    const digestId = digestIdIn(first!);
    // David reads the first copy
    await session.click(PEOPLE.david, 'digest.read', { digestId }, { channelConversationId: first!.conversationId });

    await typeDigest(session, PEOPLE.priya);
    const confirm = await session.click(PEOPLE.priya, 'digest.repost', { digestId });
    expect(textOf(confirm)).toContain('Post the digest for Autumn 2026 again?');
    expect(textOf(confirm)).toContain('so far it has been read by 1 of 1 governor');
    expect(buttons(confirm)).toEqual([
      ['Yes, post it again', 'digest.repost.confirm', { digestId, posts: '1' }],
      ['Cancel', 'digest.status', { digestId }],
    ]);
    expect(checkCard(confirm).problems).toEqual([]);
    // Cancel goes back and posts nothing
    expect(textOf(await session.click(PEOPLE.priya, 'digest.status', { digestId }))).toContain('Digest for Autumn 2026: posted already');
    expect(governorPosts(session)).toHaveLength(1);

    day.set(day.minutes(5));
    const done = textOf(await session.click(PEOPLE.priya, 'digest.repost.confirm', { digestId, posts: '1' }));
    expect(done).toContain('Posted again to the Governors channel.');
    expect(done).toContain('Posted again on 24 Nov at 10:05 by Priya Shah.');
    expect(done).toContain('So far it has been read by 1 of 1 governor.');
    expect(done).not.toContain('Nothing was posted');
    const posts = governorPosts(session);
    expect(posts).toHaveLength(2);
    expect(digestIdIn(posts[1]!)).toBe(digestId);
    expect(said(posts[1]!)).toContain('Online safety: Autumn 2026');
    // the same confirmation pressed twice posts once
    expect(textOf(await session.click(PEOPLE.priya, 'digest.repost.confirm', { digestId, posts: '1' }))).toContain(
      'It had just been posted again: nothing more was posted.',
    );
    expect(governorPosts(session)).toHaveLength(2);

    // one read list: the second copy shows David's reading of the first, and his reading it again counts once
    expect(
      textOf(await session.click(PEOPLE.priya, 'digest.read', { digestId }, { channelConversationId: posts[1]!.conversationId })),
    ).toContain('Read by: David Rees');
    await session.click(PEOPLE.david, 'digest.read', { digestId }, { channelConversationId: posts[1]!.conversationId });
    expect(textOf(await session.click(PEOPLE.priya, 'digest.status', { digestId }))).toContain(
      'So far it has been read by 1 of 1 governor.',
    );
    expect(dbOf(session).prepare('SELECT COUNT(*) AS n FROM digests').get()).toEqual({ n: 1 });
    expect(
      (await new SqliteComplianceRecords(session.db).digestPosts(digestId)).map((p) => [p.seq, p.by, p.postedAt !== undefined]),
    ).toEqual([
      [1, 'Priya Shah', true],
      [2, 'Priya Shah', true],
    ]);
  });

  it('a post that failed leaves nothing behind: asked again, the digest is posted', async () => {
    const session = await day.open();
    session.connector.failNext(1, 403);
    expect(textOf(await typeDigest(session, PEOPLE.priya))).toContain('The digest could not be posted');
    expect(governorPosts(session)).toHaveLength(0);
    expect(dbOf(session).prepare('SELECT COUNT(*) AS n FROM digests').get()).toEqual({ n: 0 });
    expect(textOf(await typeDigest(session, PEOPLE.priya))).toContain('Posted to the governors’ channel');
    expect(governorPosts(session)).toHaveLength(1);
  });

  describe('the termly job shares the once-a-term check', () => {
    const jobFor = (session: BotSession, now: () => Date) => {
      return digestJob({
        store: new SqliteIncidentStore(session.db),
        records: new SqliteComplianceRecords(session.db),
        profile: exampleProfile(),
        logger: silentLogger,
        now,
        sendNow: (key) => session.digests.sendNow(key),
      });
    };
    const scheduler = (session: BotSession, job: ScheduledJob, now: () => Date) =>
      new Scheduler({ jobs: [job], runs: new SqliteJobRuns(session.db), logger: silentLogger, now });

    it('after a manual post for the term, the end-of-term run and its start-up catch-up post nothing', async () => {
      const session = await day.open();
      await typeDigest(session, PEOPLE.priya); // 24 Nov, in the autumn term
      expect(governorPosts(session)).toHaveLength(1);
      day.set(END_OF_TERM);
      const job = jobFor(session, day.now);
      const lines: string[] = [];
      await job.run({ now: END_OF_TERM, periodKey: job.periodKey(END_OF_TERM), dryRun: true, report: (l) => lines.push(l) });
      expect(lines.join('\n')).toContain('the digest for Autumn 2026 was posted already (24 Nov at 10:00): not posted again');
      expect(lines.join('\n')).not.toContain('Priya');
      expect(await scheduler(session, job, day.now).tick(job)).toEqual({
        ran: true,
        summary: { posted: false, term: 'Autumn 2026', postedAlready: true },
      });
      // the catch-up after a restart in the holidays: the period is done
      day.set(new Date('2026-12-21T08:00:00Z'));
      expect(await scheduler(session, job, day.now).tick(job)).toEqual({ ran: false, why: 'done-already' });
      expect(governorPosts(session)).toHaveLength(1);
    });

    it('after the end-of-term post, `digest` says the bot posted it and posts nothing', async () => {
      day.set(END_OF_TERM);
      const session = await day.open();
      const job = jobFor(session, day.now);
      expect(await scheduler(session, job, day.now).tick(job)).toEqual({ ran: true, summary: { posted: true, term: 'Autumn 2026' } });
      expect(governorPosts(session)).toHaveLength(1);
      day.set(minutesAfter(END_OF_TERM, 5));
      expect(textOf(await typeDigest(session, PEOPLE.priya))).toContain(
        'The digest for Autumn 2026 was posted on 18 Dec at 16:00 by the bot, at the end of term.',
      );
      expect(governorPosts(session)).toHaveLength(1);
    });
  });

  it('a database with a term posted twice before this rule upgrades: the first keeps the term, both copies stay readable', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'digest-upgrade-'));
    try {
      const file = join(tmp, DATABASE_FILE);
      const old = new Database(file);
      const before = MIGRATIONS.findIndex((m) => m.includes('digests_one_per_term'));
      for (const sql of MIGRATIONS.slice(0, before)) old.exec(sql);
      old.pragma(`user_version = ${before}`);
      const term = JSON.stringify({ term: { name: 'Autumn 2026', start: '2026-09-02', end: '2026-12-18' } });
      const insert = old.prepare('INSERT INTO digests (id, term_name, created_at, created_by, digest) VALUES (?, ?, ?, ?, ?)');
      insert.run('d-first', 'Autumn 2026', '2026-11-24T10:00:00.000Z', 'Priya Shah', term);
      insert.run('d-second', 'Autumn 2026', '2026-11-24T10:01:00.000Z', 'Priya Shah', term);
      old
        .prepare(
          "INSERT INTO digest_reads (digest_id, person_id, person_name, read_at) VALUES ('d-second', 'g', 'David Rees', '2026-11-25T08:00:00.000Z')",
        )
        .run();
      old.close();

      const db = openDatabase(tmp);
      const records = new SqliteComplianceRecords(db);
      expect((await records.digestForTerm('2026-09-02'))?.id).toBe('d-first');
      expect((await records.digest('d-second'))?.termKey).toBeUndefined();
      expect(await records.digestPosts('d-first')).toEqual([
        { seq: 1, by: 'Priya Shah', startedAt: '2026-11-24T10:00:00.000Z', postedAt: '2026-11-24T10:00:00.000Z' },
      ]);
      expect(await records.reads('d-second')).toEqual([{ personId: 'g', personName: 'David Rees', readAt: '2026-11-25T08:00:00.000Z' }]);
      db.close();
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
