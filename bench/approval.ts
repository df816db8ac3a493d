// The approval bench: the DSL presses Approve on a case card in the safeguarding channel thread, run
// through the real bot app in-process as production runs it (botbuilder's TestAdapter in place of the
// HTTP server, one turn at a time per conversation, SQLite on a temp file in WAL mode, the outbox
// dispatcher kicked by each change and sending through the real TeamsMessenger to a stub connector in
// its own process, as the turns section's). Each approval is on its own new case, filed with submitReport and its channel card
// posted first (untimed). The baseline is the same invoke path with a trivial verb: Teams refreshing
// the card ('case.open', trigger automatic), which reads the case and draws the card but writes nothing.
// startCasework() is also the setup of the channel-429 bench (bench/channel-429.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { pino } from 'pino';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { repoRoot } from '../scripts/lib/processes.js';
import { openDatabase } from '../src/adapters/sqlite/database.js';
import { SqliteBotStorage } from '../src/adapters/sqlite/sqlite-bot-storage.js';
import { SqliteConversationDirectory } from '../src/adapters/sqlite/sqlite-conversation-directory.js';
import { SqliteIncidentStore } from '../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteNotificationOutbox } from '../src/adapters/sqlite/sqlite-notification-outbox.js';
import { createBotApp } from '../src/adapters/teams/bot-app.js';
import { caseMessages } from '../src/adapters/teams/case-messages.js';
import { cardText } from '../src/adapters/teams/cards/card-text.js';
import { oneTurnPerConversation } from '../src/adapters/teams/one-turn-per-conversation.js';
import { TeamsMessenger } from '../src/adapters/teams/teams-messenger.js';
import { OutboxDispatcher } from '../src/app/casework/dispatcher.js';
import { submitReport } from '../src/app/submit-report.js';
import { parseSchoolProfile } from '../src/config/profile-loader.js';
import type { IncidentRecord } from '../src/ports/incident-store.js';
import { createStubConnector, type StubOptions, type StubStats } from './stub-connector.js';
import { httpRequest } from './lib.js';

const TENANT = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const BOT = { id: '28:online-safety-bot', name: 'Online Safety' };
const TEAM = '19:oakfield-staff@thread.tacv2';
const SAFEGUARDING = '19:oakfield-safeguarding@thread.tacv2';
type Person = { id: string; name: string; aadObjectId: string };
const person = (id: string, name: string, n: string): Person => ({
  id: `29:bench-${id}`,
  name,
  aadObjectId: `a1b2c3d4-0000-4000-8000-0000000000${n}`,
});
/** the reporter and the example profile's people a grooming case reaches (profiles/example-school.yaml) */
const SAM = person('staff-sam', 'Sam Taylor', '01');
const PRIYA = person('dsl-priya', 'Priya Shah', '02');
const PEOPLE = [
  SAM,
  PRIYA,
  person('deputy-tom', 'Tom Okafor', '03'),
  person('head-helen', 'Helen Marsh', '04'),
  person('it-chris', 'Chris Patel', '08'),
  person('dpo-jo', 'Jo Evans', '09'),
];

/** a database on a temp dir, the example profile, the outbox dispatcher and a stub connector to send
 * to: the one at `stubUrl` (ending in /), else one started in this process with `stub`'s options */
export async function startCasework(opts: { now: () => Date; stub?: StubOptions; stubUrl?: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-casework-'));
  const db = openDatabase(dir); // WAL, as in production
  const parsed = parseSchoolProfile(parse(readFileSync(join(repoRoot, 'profiles/example-school.yaml'), 'utf8')));
  if (!parsed.ok) throw new Error(`profiles/example-school.yaml: ${parsed.errors.join('; ')}`);
  const profile = parsed.value;
  const stub = opts.stubUrl === undefined ? createStubConnector(opts.stub) : undefined;
  if (stub) await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const stubUrl = opts.stubUrl ?? `http://127.0.0.1:${(stub!.address() as AddressInfo).port}/`;
  const store = new SqliteIncidentStore(db);
  const outbox = new SqliteNotificationOutbox(db);
  const conversations = new SqliteConversationDirectory(db);
  const logger = pino({ level: 'silent' });
  const dispatcher = new OutboxDispatcher({
    outbox,
    store,
    conversations,
    profile,
    logger,
    now: opts.now,
    random: () => 0.5,
    messenger: new TeamsMessenger(new TeamsAdapter({}), ''),
    compose: caseMessages(profile, opts.now),
    serviceUrl: () => stubUrl,
  });
  let flows = 0;
  return {
    db,
    profile,
    store,
    outbox,
    conversations,
    logger,
    dispatcher,
    stubUrl,
    /** a grooming report by Sam (High: the DSL approves, in the channel), as the report cards submit it */
    fileReport: (): Promise<IncidentRecord> =>
      submitReport({
        store,
        profile,
        now: opts.now(),
        draft: {
          flowId: `bench-case-${++flows}`,
          step: 'review',
          startedAt: opts.now().toISOString(),
          answers: {
            victims: ['pupil'],
            instigators: ['unknown-adult'],
            types: ['grooming'],
            date: '2026-11-23',
            time: '19:30',
            platform: 'Roblox',
            description: 'A man messaged a pupil in a game asking to meet.',
          },
        },
        reporter: { aadObjectId: SAM.aadObjectId, displayName: SAM.name, kind: 'staff' },
      }),
    stubStats: async (): Promise<StubStats> => JSON.parse((await httpRequest(`${stubUrl}_stats`)).body) as StubStats,
    close: async (): Promise<void> => {
      await dispatcher.stop();
      if (stub) await new Promise<void>((resolve) => stub.close(() => resolve()));
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function activity(
  from: Person,
  conversation: Partial<Activity['conversation']>,
  serviceUrl: string,
  fields: Partial<Activity>,
): Partial<Activity> {
  const inChannel = conversation.conversationType === 'channel';
  return {
    channelId: 'msteams',
    serviceUrl,
    from,
    recipient: BOT,
    timestamp: new Date(),
    conversation: { tenantId: TENANT, name: '', isGroup: inChannel, ...conversation } as Activity['conversation'],
    channelData: { tenant: { id: TENANT }, ...(inChannel ? { channel: { id: SAFEGUARDING }, team: { id: TEAM } } : {}) },
    ...fields,
  };
}

export interface ApprovalResult {
  approvalsMs: number[];
  baselineMs: number[];
  warmup: number;
  elapsedMs: number;
  posts: number;
  messages: number;
  updates: number;
}

/** `warmup` untimed then `approvals` timed approvals, each on a new case; throws on the first that does not come back approved */
export async function benchApproval(opts: { approvals: number; warmup: number; stubUrl?: string }): Promise<ApprovalResult> {
  const now = () => new Date();
  const cw = await startCasework({ now, ...(opts.stubUrl ? { stubUrl: opts.stubUrl } : {}) });
  try {
    const app = createBotApp({
      adapter: new TeamsAdapter({}),
      storage: new SqliteBotStorage(cw.db),
      conversations: cw.conversations,
      store: cw.store,
      profile: cw.profile,
      logger: cw.logger,
      now,
      delivered: () => cw.dispatcher.kick(),
    });
    const run = oneTurnPerConversation((context: TurnContext) => app.run(context));
    const adapter = new TestAdapter(async (context) => {
      await run(context);
    });
    /** until the outbox has nothing due: what the last change queued is sent before the next is timed */
    const settle = async () => {
      for (let i = 0; i < 10; i++) if (Object.values(await cw.dispatcher.runOnce()).every((n) => n === 0)) return;
    };

    // everyone the case reaches has a chat with the bot, so the notices after an approval are sent
    for (const p of PEOPLE) {
      await adapter.processActivity(
        activity(p, { id: `a:bench-chat-${p.id}`, conversationType: 'personal' }, cw.stubUrl, { type: 'message', text: 'help' }),
      );
    }
    adapter.activeQueue.splice(0);

    const result: ApprovalResult = {
      approvalsMs: [],
      baselineMs: [],
      warmup: opts.warmup,
      elapsedMs: 0,
      posts: 0,
      messages: 0,
      updates: 0,
    };
    const started = performance.now();
    for (let i = 0; i < opts.warmup + opts.approvals; i++) {
      const record = await cw.fileReport();
      await settle();
      const thread = { id: `${SAFEGUARDING};messageid=${1_000_000 + i}`, conversationType: 'channel' };
      const invoke = (verb: string, trigger: 'manual' | 'automatic') =>
        activity(PRIYA, thread, cw.stubUrl, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb, data: { caseId: record.id } }, trigger },
        });
      const turns = [
        { name: 'baseline', sent: invoke('case.open', 'automatic'), expect: record.reference, times: result.baselineMs },
        {
          name: 'approve',
          sent: invoke('case.approve', 'manual'),
          expect: 'Approved. The people on the route are being told',
          times: result.approvalsMs,
        },
      ];
      // half the cases refresh before the approval, half after, so neither always runs on a cold case
      for (const turn of i % 2 === 0 ? turns : turns.reverse()) {
        const t0 = performance.now();
        await adapter.processActivity(turn.sent);
        const ms = performance.now() - t0;
        const replies = adapter.activeQueue.splice(0);
        const response = replies.find((r) => r.type === 'invokeResponse')?.value as
          { status?: number; body?: { type?: string; value?: unknown } } | undefined;
        const text = response?.body?.type === 'application/vnd.microsoft.card.adaptive' ? cardText(response.body.value) : '';
        if (response?.status !== 200 || !text.includes(turn.expect)) {
          throw new Error(
            `case ${i + 1} (${record.reference}), ${turn.name}: expected a card with "${turn.expect}", got: ${JSON.stringify(replies).slice(0, 300)}`,
          );
        }
        if (i >= opts.warmup) turn.times.push(ms);
      }
      await settle();
    }
    result.elapsedMs = performance.now() - started;
    const stats = await cw.stubStats();
    const cases = opts.warmup + opts.approvals;
    result.posts = stats.created;
    result.updates = Object.values(stats.conversations).reduce((sum, c) => sum + c.updates, 0);
    result.messages = Object.values(stats.conversations).reduce((sum, c) => sum + c.messages, 0);
    if (stats.created !== cases) throw new Error(`${cases} cases but ${stats.created} channel posts at the stub connector`);
    return result;
  } finally {
    await cw.close();
  }
}
