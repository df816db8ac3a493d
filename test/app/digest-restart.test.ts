import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteChannelPostOutbox } from '../../src/adapters/sqlite/sqlite-channel-post-outbox.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteJobRuns } from '../../src/adapters/sqlite/sqlite-job-runs.js';
import { digestChannelMessage } from '../../src/adapters/teams/digest-routes.js';
import { cardText } from '../../src/adapters/teams/cards/card-text.js';
import { digestJob } from '../../src/app/digest/digest-job.js';
import { DigestSender } from '../../src/app/digest/digest-sender.js';
import { Scheduler } from '../../src/app/scheduler/scheduler.js';
import { DeliveryError, type ChannelTarget, type Messenger, type OutgoingMessage } from '../../src/ports/messenger.js';
import { exampleProfile, silentLogger } from '../support/test-bot.js';
import { makeTempDir } from '../support/temp-dir.js';

// issue 15: the termly digest no longer depends on memory. Each "instance" is the bot after a restart:
// its own database connection on the same file, its own scheduler, sender and (empty) memory.
const profile = exampleProfile();
const GOVERNORS = profile.channels.governors.channelId;
const SERVICE_URL = 'https://smba.invalid/uk/';
const LAST_DAY = (time: string) => new Date(`2026-12-18T${time}Z`); // Autumn 2026's last day; London is on GMT

/** a Teams stub that records each channel post, or fails with the next queued error */
class RecordingMessenger implements Messenger {
  readonly posts: { target: ChannelTarget; text: string }[] = [];
  readonly failures: DeliveryError[] = [];
  async postToChannel(target: ChannelTarget, message: OutgoingMessage) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.posts.push({ target, text: cardText(message.card) });
    return {
      conversationId: `${target.channelId};messageid=${this.posts.length}`,
      activityId: `${this.posts.length}`,
      serviceUrl: target.serviceUrl,
    };
  }
  async update(): Promise<void> {}
  async send(): Promise<void> {}
}

describe('the termly digest across restarts (stored addresses, the outbox, the real scheduler)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let clock: Date;
  const now = () => clock;
  const messenger = new RecordingMessenger();
  const open: SqliteDatabase[] = [];
  beforeEach(() => {
    tmp = makeTempDir('digest-restart-');
    messenger.posts.length = 0;
    messenger.failures.length = 0;
  });
  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    tmp.remove();
  });

  /** the bot started now: nothing in memory, everything from the database file */
  const startInstance = async () => {
    const db = openDatabase(tmp.dir);
    open.push(db);
    const records = new SqliteComplianceRecords(db);
    const conversations = new SqliteConversationDirectory(db);
    const sender = new DigestSender({
      outbox: new SqliteChannelPostOutbox(db),
      records,
      messenger,
      conversations,
      profile,
      compose: digestChannelMessage(),
      logger: silentLogger,
      now,
      random: () => 0.5,
    });
    const job = digestJob({
      store: new SqliteIncidentStore(db),
      records,
      profile,
      logger: silentLogger,
      now,
      sendNow: (key) => sender.sendNow(key),
    });
    const scheduler = new Scheduler({ jobs: [job], runs: new SqliteJobRuns(db), logger: silentLogger, now });
    // as bootstrap starts them: the scheduler's start-up catch-up, and whatever the outbox owes from before
    scheduler.start();
    await sender.runOnce();
    return {
      db,
      records,
      conversations,
      sender,
      /** the cron's 16:00 firing, as croner would call it */
      cron: () => scheduler.tick(job),
      stop: async () => {
        await scheduler.stop();
        await sender.stop();
        db.close();
      },
    };
  };

  it('restarted at 15:59 on the last day of term with no Teams activity since, the bot posts the digest at 16:00, once', async () => {
    clock = LAST_DAY('09:00:00');
    const first = await startInstance();
    // someone writes to the bot 1:1 in the morning: Teams' service URL is seen (and stored)
    await first.conversations.rememberServiceUrl(SERVICE_URL, undefined, now());
    clock = LAST_DAY('15:59:00');
    expect(await first.cron()).toEqual({ ran: false, why: 'done-already' }); // the term is not over at 15:59
    await first.stop();
    expect(messenger.posts).toEqual([]);

    // restarted at 15:59:30: fresh memory, and nobody writes to the bot before 16:00
    clock = LAST_DAY('15:59:30');
    const second = await startInstance();
    expect(messenger.posts).toEqual([]);
    clock = LAST_DAY('16:00:00');
    expect(await second.cron()).toEqual({ ran: true, summary: { posted: true, term: 'Autumn 2026' } });
    expect(messenger.posts).toHaveLength(1);
    const [post] = messenger.posts;
    expect(post!.target).toEqual({ teamId: profile.channels.governors.teamId, channelId: GOVERNORS, serviceUrl: SERVICE_URL });
    expect(post!.text).toContain('Online safety: Autumn 2026');
    for (const name of ['Priya Shah', 'Helen Marsh', 'David Rees']) expect(post!.text).not.toContain(name);
    const digest = await second.records.digestForTerm('2026-09-02');
    expect(await second.records.digestPosts(digest!.id)).toEqual([
      {
        seq: 1,
        by: 'the bot, at the end of term',
        startedAt: LAST_DAY('16:00:00').toISOString(),
        postedAt: LAST_DAY('16:00:00').toISOString(),
      },
    ]);
    await second.stop();

    // a third start later that day: the term's run is done and the outbox owes nothing
    clock = LAST_DAY('16:30:00');
    const third = await startInstance();
    expect(await third.cron()).toEqual({ ran: false, why: 'done-already' });
    expect(messenger.posts).toHaveLength(1);
    await third.stop();
  });

  it('a post Teams does not take (503) is retried, and the digest is recorded as posted only when it goes', async () => {
    clock = LAST_DAY('09:00:00');
    const first = await startInstance();
    await first.conversations.rememberServiceUrl(SERVICE_URL, GOVERNORS, now());
    await first.stop();

    clock = LAST_DAY('15:59:30');
    const second = await startInstance();
    messenger.failures.push(new DeliveryError('Teams answered 503', true, 503));
    clock = LAST_DAY('16:00:00');
    expect(await second.cron()).toEqual({ ran: true, summary: { posted: false, term: 'Autumn 2026', queued: true } });
    expect(messenger.posts).toEqual([]);
    const digest = await second.records.digestForTerm('2026-09-02');
    expect((await second.records.digestPosts(digest!.id)).map((p) => p.postedAt)).toEqual([undefined]);

    // backoff: 5 s for the first retry (jitter 0.5 keeps it at 5 s); not before
    clock = LAST_DAY('16:00:04');
    expect(await second.sender.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    await second.stop();
    // the bot restarts meanwhile: the post is still owed, and goes from the stored address
    clock = LAST_DAY('16:00:05');
    const third = await startInstance();
    expect(messenger.posts).toHaveLength(1);
    expect(messenger.posts[0]!.target.serviceUrl).toBe(SERVICE_URL);
    expect((await third.records.digestPosts(digest!.id)).map((p) => p.postedAt)).toEqual([LAST_DAY('16:00:05').toISOString()]);
    expect(await third.sender.runOnce()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(messenger.posts).toHaveLength(1);
    await third.stop();
  });

  it('with no Teams address stored yet the post waits in the outbox (not lost, not marked posted) and goes once one is seen', async () => {
    clock = LAST_DAY('15:59:30');
    const bot = await startInstance();
    clock = LAST_DAY('16:00:00');
    expect(await bot.cron()).toEqual({ ran: true, summary: { posted: false, term: 'Autumn 2026', queued: true } });
    await bot.conversations.rememberServiceUrl(SERVICE_URL, GOVERNORS, now());
    clock = LAST_DAY('16:00:05');
    expect(await bot.sender.runOnce()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(messenger.posts.map((p) => p.target.serviceUrl)).toEqual([SERVICE_URL]);
    await bot.stop();
  });

  it('npm run job -- digest --dry-run: the figures the governors would read, queued and recorded nothing', async () => {
    clock = LAST_DAY('16:00:00');
    const db = openDatabase(tmp.dir);
    open.push(db);
    const records = new SqliteComplianceRecords(db);
    const job = digestJob({ store: new SqliteIncidentStore(db), records, profile, now });
    const lines: string[] = [];
    const summary = await job.run({ now: clock, periodKey: job.periodKey(clock), dryRun: true, report: (l) => lines.push(l) });
    expect(summary).toEqual({ posted: false, term: 'Autumn 2026' });
    expect(lines[0]).toBe('would post the digest for Autumn 2026 to the governors channel:');
    expect(lines).toContain('  Incidents: Incidents reported: 0');
    expect(await records.digestForTerm('2026-09-02')).toBeUndefined();
    expect(db.prepare('SELECT COUNT(*) AS n FROM channel_outbox').get()).toEqual({ n: 0 });
  });
});
