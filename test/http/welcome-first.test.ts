// issue 14 item 7, through the real wiring (src/bootstrap.ts, over /api/messages, a stub connector):
// a new teacher opening the bot is welcomed first; the reminders that waited for her follow, in one card.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBot, type RunningBot } from '../../src/bootstrap.js';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { complianceJobs } from '../../src/app/compliance/jobs.js';
import { ReminderDispatcher } from '../../src/app/compliance/reminder-dispatcher.js';
import { reminderMessages } from '../../src/adapters/teams/reminder-messages.js';
import type { Messenger } from '../../src/ports/messenger.js';
import type { AppConfig } from '../../src/config/env.js';
import { membersAdded, personalMessage } from '../support/activities.js';
import { exampleProfile, silentLogger, textOf } from '../support/test-bot.js';
import { startStubConnector } from '../support/stub-connector.js';
import { makeTempDir } from '../support/temp-dir.js';

const NIA = { id: 'user-staff-nia', name: 'Nia Jones', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000010' };

const post = (url: string, body: unknown) =>
  fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const cardOf = (body: Record<string, unknown>) => (body.attachments as { content: unknown }[] | undefined)?.[0]?.content;

describe('first open: the welcome comes first, then one card of reminders', () => {
  const tmp = makeTempDir();
  let bot: RunningBot;
  let connector: Awaited<ReturnType<typeof startStubConnector>>;
  const config = (): AppConfig => ({
    mode: 'local',
    host: '127.0.0.1',
    port: 0,
    dataDir: tmp.dir,
    schoolProfilePath: 'profiles/example-school.yaml',
    logLevel: 'silent',
    store: 'sqlite',
    sqliteJournalMode: 'wal',
    scheduler: false,
  });

  beforeAll(async () => {
    connector = await startStubConnector();
    // this month's jobs ran before Nia ever opened the bot: her AUP and induction wait for her
    const db = openDatabase(tmp.dir);
    const outbox = new SqliteReminderOutbox(db);
    const jobs = complianceJobs({ profile: exampleProfile(), records: new SqliteComplianceRecords(db), reminders: outbox });
    const earlier = new Date(Date.now() - 60 * 60_000);
    for (const name of ['aup', 'training'] as const)
      await jobs.find((j) => j.name === name)!.run({ now: earlier, periodKey: `${name}-now`, dryRun: false, report: () => {} });
    // the dispatcher's round found nobody to send them to: they wait (for hours) until people open the bot
    const nobody: Messenger = {
      send: () => Promise.reject(new Error('no chat')),
      postToChannel: () => Promise.reject(new Error('no')),
      update: () => Promise.reject(new Error('no')),
    };
    await new ReminderDispatcher({
      outbox,
      messenger: nobody,
      conversations: new SqliteConversationDirectory(db),
      compose: reminderMessages(),
      logger: silentLogger,
      now: () => new Date(),
    }).runOnce();
    expect((await outbox.list({ recipient: NIA.aadObjectId })).map((r) => [r.kind, r.status, r.attempts])).toEqual([
      ['aup', 'pending', 1],
      ['training', 'pending', 1],
    ]);
    db.close();
    bot = await startBot(config(), exampleProfile(), silentLogger);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.close();
    tmp.remove();
  });

  it('Nia opens the bot: the welcome, then ONE card with her AUP and induction, and nothing else', async () => {
    const opened = membersAdded(NIA, connector.url);
    expect((await post(bot.url, opened)).status).toBe(200);
    // her reminders are marked sent once the card has gone: then everything the bot will send is here
    const outbox = openDatabase(tmp.dir);
    try {
      await vi.waitFor(
        async () =>
          expect((await new SqliteReminderOutbox(outbox).list({ recipient: NIA.aadObjectId })).map((r) => r.status)).toEqual([
            'sent',
            'sent',
          ]),
        { timeout: 10_000, interval: 20 },
      );
    } finally {
      outbox.close();
    }
    expect(connector.sent).toHaveLength(2);
    const [welcome, reminders] = connector.sent as [(typeof connector.sent)[0], (typeof connector.sent)[0]];
    // the reply to her opening turn, then a message of its own into the same chat
    expect(welcome.path).toBe(`/v3/conversations/personal-${NIA.id}/activities/${opened.id}`);
    expect(textOf(cardOf(welcome.body))).toContain('Welcome to Online Safety at Oakfield Primary School');
    expect(reminders.path.startsWith(`/v3/conversations/personal-${NIA.id}/activities`)).toBe(true);
    expect(reminders.path).not.toBe(welcome.path);
    const text = textOf(cardOf(reminders.body));
    expect(text).toContain('Your reminders');
    expect(text).toContain('Acceptable use agreement');
    expect(text).toContain('Online safety induction');
    expect(JSON.stringify(reminders.body)).toContain('"verb":"aup.agree"');
    expect(JSON.stringify(reminders.body)).toContain('"verb":"training.done"');
  });

  it('what she says next gets its answer alone: the reminders came once', async () => {
    connector.sent.splice(0);
    expect((await post(bot.url, personalMessage('help', NIA, connector.url))).status).toBe(200);
    expect(connector.sent).toHaveLength(1);
    expect(textOf(cardOf(connector.sent[0]!.body))).toContain('Online Safety: help');
  });
});
