import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { pino } from 'pino';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { openDatabaseFile, type SqliteDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteBotStorage } from '../../src/adapters/sqlite/sqlite-bot-storage.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { parseSchoolProfile } from '../../src/config/profile-loader.js';
import type { SchoolProfile } from '../../src/domain/school-profile.js';
import { createBotApp } from '../../src/adapters/teams/bot-app.js';
import { cardText as textOfCard } from '../../src/adapters/teams/cards/card-text.js';
import { oneTurnPerConversation } from '../../src/adapters/teams/one-turn-per-conversation.js';
import { SqliteNotificationOutbox } from '../../src/adapters/sqlite/sqlite-notification-outbox.js';
import { TeamsMessenger } from '../../src/adapters/teams/teams-messenger.js';
import { caseMessages } from '../../src/adapters/teams/case-messages.js';
import { OutboxDispatcher, type DispatchCounts } from '../../src/app/casework/dispatcher.js';
import type { AppConfig } from '../../src/config/env.js';
import { FakeConnector, type ConnectorCall } from './fake-connector.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { digestChartDataUri } from '../../src/adapters/charts/digest-chart-uri.js';
import { DigestSender } from '../../src/app/digest/digest-sender.js';
import { SqliteChannelPostOutbox } from '../../src/adapters/sqlite/sqlite-channel-post-outbox.js';
import { digestChannelMessage } from '../../src/adapters/teams/digest-routes.js';

export function exampleProfile(): SchoolProfile {
  const result = parseSchoolProfile(parse(readFileSync('profiles/example-school.yaml', 'utf8')));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.value;
}

export const silentLogger = pino({ level: 'silent' });

/** the whole bot in local mode on a temp folder, any free port, the example school, no scheduled jobs
 * (their reminders would be sent into the conversations under test) */
export const localConfig = (dataDir: string): AppConfig => ({
  mode: 'local',
  host: '127.0.0.1',
  port: 0,
  dataDir,
  schoolProfilePath: 'profiles/example-school.yaml',
  logLevel: 'silent',
  store: 'sqlite',
  sqliteJournalMode: 'wal',
  scheduler: false,
});

/** runs activities through the real bot app on botbuilder's TestAdapter and collects the replies */
export async function converse(
  activity: Partial<Activity>,
  options: { tenantId?: string; profile?: SchoolProfile; db?: SqliteDatabase } = {},
): Promise<Partial<Activity>[]> {
  const db = options.db ?? openDatabaseFile(':memory:');
  const app = createBotApp({
    adapter: new TeamsAdapter({}),
    storage: new SqliteBotStorage(db),
    conversations: new SqliteConversationDirectory(db),
    store: new SqliteIncidentStore(db),
    profile: options.profile ?? exampleProfile(),
    logger: silentLogger,
    tenantId: options.tenantId,
  });
  const adapter = new TestAdapter(async (context) => {
    await app.run(context);
  });
  await adapter.processActivity(activity);
  return adapter.activeQueue.splice(0);
}

/** what a person reads on the cards of an activity */
export function cardText(activity: Partial<Activity>): string {
  return textOfCard(activity.attachments?.map((a) => a.content));
}

/**
 * people's chats with the bot across several turns: one database, an app that can be restarted, and
 * the outbox dispatcher sending through the real Teams messenger to a nock-played connector
 */
export class BotSession {
  readonly db: SqliteDatabase;
  readonly connector: FakeConnector;
  dispatcher!: OutboxDispatcher;
  digests!: DigestSender;
  private adapter!: TestAdapter;
  private ids = 0;
  private delivered = 0;

  constructor(
    private readonly options: {
      profile?: SchoolProfile;
      now?: () => Date;
      db?: SqliteDatabase;
      connector?: FakeConnector;
      sendAlertsInTurn?: boolean;
    } = {},
  ) {
    this.db = options.db ?? openDatabaseFile(':memory:');
    this.connector = options.connector ?? new FakeConnector();
    this.restart();
  }

  /** a new app instance on the same database, as after a bot restart */
  restart(): void {
    const profile = this.options.profile ?? exampleProfile();
    const now = this.options.now ?? (() => new Date());
    const store = new SqliteIncidentStore(this.db);
    const conversations = new SqliteConversationDirectory(this.db);
    this.dispatcher = new OutboxDispatcher({
      outbox: new SqliteNotificationOutbox(this.db),
      store,
      messenger: new TeamsMessenger(new TeamsAdapter({}), ''),
      conversations,
      profile,
      compose: caseMessages(profile, now),
      logger: silentLogger,
      now,
      // as in production, where the bot has heard from Teams before its first case: the stored address, else the fake connector's
      serviceUrl: async (channelId) => (await conversations.serviceUrl(channelId)) ?? this.connector.serviceUrl,
      random: () => 0.5,
    });
    // the governors' digest goes through its outbox, addressed from the connector's service URL
    this.digests = new DigestSender({
      outbox: new SqliteChannelPostOutbox(this.db),
      records: new SqliteComplianceRecords(this.db),
      messenger: new TeamsMessenger(new TeamsAdapter({}), ''),
      conversations: { serviceUrl: async () => this.connector.serviceUrl },
      profile,
      compose: digestChannelMessage(digestChartDataUri),
      logger: silentLogger,
      now,
      random: () => 0.5,
    });
    const app = createBotApp({
      records: new SqliteComplianceRecords(this.db),
      chart: digestChartDataUri,
      sendDigest: (key) => this.digests.sendNow(key),
      adapter: new TeamsAdapter({}),
      storage: new SqliteBotStorage(this.db),
      conversations: new SqliteConversationDirectory(this.db),
      store: new SqliteIncidentStore(this.db),
      profile: this.options.profile ?? exampleProfile(),
      logger: silentLogger,
      now: this.options.now,
      newId: () => `flow-${++this.ids}`,
      // as in production (src/bootstrap.ts): a danger alert is sent before the reporter's answer
      ...(this.options.sendAlertsInTurn ? { deliverNow: () => this.dispatcher.sendNow() } : {}),
    });
    // as in production (src/bootstrap.ts): one turn at a time per conversation
    const run = oneTurnPerConversation((context: TurnContext) => app.run(context));
    this.adapter = new TestAdapter(async (context) => {
      await run(context);
    });
  }

  /** runs the outbox once (what a change queued, and timers now due): the connector calls it made */
  async deliver(): Promise<ConnectorCall[] & { counts?: DispatchCounts }> {
    const counts = await this.dispatcher.runOnce();
    const calls: ConnectorCall[] & { counts?: DispatchCounts } = this.connector.calls.slice(this.delivered);
    this.delivered = this.connector.calls.length;
    calls.counts = counts;
    return calls;
  }

  close(): void {
    this.connector.close();
  }

  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await this.adapter.processActivity(activity);
    return this.adapter.activeQueue.splice(0);
  }

  /** clicks an Action.Execute button: returns the card the bot answers with (it replaces the old one) */
  async click(
    from: { id: string; name: string; aadObjectId: string },
    verb: string,
    data: Record<string, unknown>,
    where: InvokeWhere = {},
  ): Promise<AdaptiveCardContent> {
    const replies = await this.send(invokeActivity(from, verb, data, where));
    const response = replies.find((r) => r.type === 'invokeResponse');
    const body = (response?.value as { status: number; body: { statusCode: number; type: string; value: AdaptiveCardContent } } | undefined)
      ?.body;
    if (!body || body.type !== 'application/vnd.microsoft.card.adaptive')
      throw new Error(`no card in the invoke response to ${verb}: ${JSON.stringify(replies)}`);
    return body.value;
  }
}

export type AdaptiveCardContent = Record<string, unknown> & { body: unknown[]; actions?: Record<string, unknown>[] };

/** the text a person reads on a card (as cardText, for a card rather than an activity) */
export const textOf = (card: unknown): string =>
  cardText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });

export interface InvokeWhere {
  /** a channel thread's conversation id (default: the person's 1:1 chat) */
  channelConversationId?: string;
  /** 'automatic' for a Universal Actions refresh */
  trigger?: 'manual' | 'automatic';
}

export function invokeActivity(
  from: { id: string; name: string; aadObjectId: string },
  verb: string,
  data: Record<string, unknown>,
  where: InvokeWhere = {},
): Partial<Activity> {
  const conversation = where.channelConversationId
    ? {
        id: where.channelConversationId,
        conversationType: 'channel',
        tenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
        isGroup: true,
        name: '',
      }
    : {
        id: `personal-${from.id}`,
        conversationType: 'personal',
        tenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
        isGroup: false,
        name: '',
      };
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl: 'https://smba.invalid/',
    from,
    recipient: { id: '28:online-safety-bot', name: 'Online Safety' },
    conversation,
    channelData: {
      tenant: { id: 'a1b2c3d4-0000-4000-8000-0000000000aa' },
      ...(where.channelConversationId ? { channel: { id: where.channelConversationId.split(';')[0] } } : {}),
    },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: where.trigger ?? 'manual' },
  };
}
