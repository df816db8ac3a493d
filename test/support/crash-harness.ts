// the bot as production runs it (`node dist/main.js`, local mode, SQLite in a temp folder, or several
// instances on one PostgreSQL), a recording Teams connector on loopback that can be slow to answer, and
// staff filing critical reports through the cards as Teams sends them. A process can be SIGKILLed at any
// moment and started again on the same folder; a report in progress carries on from the card its
// reporter last saw (on another instance when its own is down, as Azure's front end would send it).
// Used by the kill -9 test (test/process/kill-restart.test.ts), the two-instance test
// (test/process/two-instances.test.ts), the alert-latency bench and the PostgreSQL benches.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startBot, stopProcess, waitForHttp, type ManagedProcess } from '../../scripts/lib/processes.js';
import { makeTempDir } from './temp-dir.js';

const TENANT = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const BOT = { id: '28:online-safety-bot', name: 'Online Safety' };
/** the example profile's safeguarding leads and head: they open a chat with the bot first */
export const LEADS = {
  priya: { id: 'user-dsl-priya', name: 'Priya Shah', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002' },
  tom: { id: 'user-deputy-tom', name: 'Tom Okafor', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000003' },
  helen: { id: 'user-head-helen', name: 'Helen Marsh', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000004' },
};
type Person = { id: string; name: string; aadObjectId: string };

/** staff member n of the harness (added to the profile's staff roster) */
export const staffMember = (n: number): Person => {
  const nn = String(n).padStart(4, '0');
  return { id: `user-staff-${nn}`, name: `Staff Member ${nn}`, aadObjectId: `c0000000-0000-4000-8000-00000000${nn}` };
};

export interface Recorded {
  /** when the connector had the whole request: Teams has the message from then on */
  receivedAt: number;
  /** when it answered */
  at: number;
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/** a Bot Framework connector that records what the bot sends and answers after `delayMs(path)` */
async function recordingConnector(delayMs: (method: string, path: string) => number) {
  const sent: Recorded[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      const method = req.method ?? '';
      const id = ++n;
      const receivedAt = Date.now();
      setTimeout(
        () => {
          // recorded when answered: a request the bot died waiting for still reached Teams
          sent.push({ receivedAt, at: Date.now(), method, path, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
          res.setHeader('Content-Type', 'application/json');
          if (method === 'POST' && /^\/v3\/conversations\/?$/.test(path))
            res.end(JSON.stringify({ id: `19:safeguarding@thread.tacv2;messageid=${id}`, activityId: String(id) }));
          else res.end(JSON.stringify({ id: `sent-${id}` }));
        },
        delayMs(method, path),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface HarnessOptions {
  /** staff members added to the example profile */
  staff: number;
  /** how long the connector takes to answer each request (default: at once) */
  delayMs?: (method: string, path: string) => number;
  /** extra environment for the bot */
  env?: NodeJS.ProcessEnv;
  /** where the bot's log goes (default: nowhere) */
  output?: NodeJS.WritableStream | null;
  /** bot processes on the one store (default 1); more than one needs `databaseUrl` */
  instances?: number;
  /** STORE=postgres on this database instead of SQLite in the temp folder */
  databaseUrl?: string;
}

export type Harness = Awaited<ReturnType<typeof openHarness>>;

export async function openHarness(opts: HarnessOptions) {
  const tmp = makeTempDir();
  const profileFile = join(tmp.dir, 'profile.yaml');
  const extra = Array.from({ length: opts.staff }, (_, i) => {
    const p = staffMember(i + 1);
    return `  - { aadObjectId: "${p.aadObjectId}", displayName: "${p.name}", startedOn: "2020-09-01" }`;
  });
  const example = readFileSync('profiles/example-school.yaml', 'utf8');
  writeFileSync(profileFile, example.replace(/^staff:\n/m, `staff:\n${extra.join('\n')}\n`));
  const connector = await recordingConnector(opts.delayMs ?? (() => 0));
  const instances = opts.instances ?? 1;
  if (instances > 1 && !opts.databaseUrl) throw new Error('several instances share one store: give a databaseUrl');
  const urls: string[] = [];
  for (let i = 0; i < instances; i++) urls.push(`http://127.0.0.1:${await freePort()}`);
  const url = urls[0]!;
  const bots: Array<ManagedProcess | undefined> = [];
  /** each instance's raw log lines (JSON), since it was last started */
  const logs: string[][] = urls.map(() => []);
  let activityIds = 0;
  const store = opts.databaseUrl ? { STORE: 'postgres', DATABASE_URL: opts.databaseUrl } : {};

  /** starts instance `i` (default the first) and waits until it answers; when it was started */
  const start = async (i = 0): Promise<number> => {
    const startedAt = Date.now();
    const bot = startBot({
      port: Number(new URL(urls[i]!).port),
      output: opts.output ?? null,
      env: { DATA_DIR: tmp.dir, SCHOOL_PROFILE: profileFile, LOG_LEVEL: 'warn', SCHEDULER: 'off', ...store, ...opts.env },
    });
    bots[i] = bot;
    logs[i] = [];
    bot.subscribe((line) => logs[i]!.push(line));
    await waitForHttp(`${urls[i]}/healthz`, { timeoutMs: 30_000, intervalMs: 50, watch: [bot] });
    return startedAt;
  };

  const activity = (who: Person, fields: Record<string, unknown>) => ({
    id: `activity-${++activityIds}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: who,
    recipient: BOT,
    conversation: { id: `personal-${who.id}`, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
    channelData: { tenant: { id: TENANT } },
    ...fields,
  });

  /**
   * posts an activity to instance `i`, again and again while it is down (as a person pressing the button
   * again); with several instances, each try after a failed one goes to the next (a load balancer's failover)
   */
  const post = async (body: unknown, i = 0, deadlineMs = 60_000): Promise<{ status: number; json: unknown }> => {
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(`${urls[(i + attempt) % urls.length]}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        });
        const text = await res.text();
        return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
      } catch {
        // the bot is down (killed): try again shortly
      }
      if (Date.now() > deadline) throw new Error('the bot did not answer within the deadline');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const stopAll = async (): Promise<void> => {
    await Promise.all(bots.flatMap((bot) => (bot ? [stopProcess(bot)] : [])));
  };
  const talk = (i: number) => ({
    message: (who: Person, text: string) => post(activity(who, { type: 'message', text, textFormat: 'plain' }), i),
    invoke: (who: Person, verb: string, data: Record<string, unknown>) =>
      post(
        activity(who, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          // the message the card is in, as Teams sends it
          replyToId: `card-of-${who.id}`,
          value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
        }),
        i,
      ),
  });

  const harness = {
    url,
    urls,
    connector,
    dataDir: tmp.dir,
    logs,
    start,
    /** the process id of instance `i` (its leases carry it: host#pid#...) */
    pid: (i = 0): number | undefined => bots[i]?.child.pid,
    /** kill -9 of instance `i`: no shutdown, no flush; whatever was in flight is cut off */
    kill: async (i = 0): Promise<void> => {
      const bot = bots[i];
      if (!bot) return;
      bot.child.kill('SIGKILL');
      await bot.exited;
    },
    stop: stopAll,
    close: async (): Promise<void> => {
      await stopAll();
      await connector.close();
      tmp.remove();
    },
    ...talk(0),
    /** the last card the bot sent into a person's chat (not an invoke's answer) */
    lastCardSentTo: (who: Person): Record<string, unknown> | undefined => {
      const mine = connector.sent.filter((r) => r.method === 'POST' && r.path.startsWith(`/v3/conversations/personal-${who.id}/`));
      for (const r of mine.reverse()) {
        const content = (r.body.attachments as { content?: Record<string, unknown> }[] | undefined)?.[0]?.content;
        if (content) return content;
      }
      return undefined;
    },
  };
  type Talking = typeof harness & {
    /** the same harness, its people talking to instance `i` first */
    via: (i: number) => Talking;
  };
  const withVia = (talking: typeof harness): Talking => ({ ...talking, via: (i) => withVia({ ...harness, ...talk(i) }) });
  return withVia(harness);
}

/** every text of a card, joined by newlines */
export function cardWords(card: unknown): string {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if ((k === 'text' || k === 'title' || k === 'label') && typeof v === 'string') out.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return out.join('\n');
}

const yesterday = (): string => new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10);

/** what to send for the card that asks it; the flow goes on from whatever card the bot answered with */
const NEXT: Array<[RegExp, string, Record<string, string>]> = [
  [/Report sent: /, '', {}],
  [/Check and send/, 'report.submit', {}],
  [/The details/, 'report.next', { description: 'He is waiting outside the school gate for her now.', time: '10:15', platform: 'Roblox' }],
  [/A few more questions/, 'report.next', { illegalSuspected: 'unsure', outsideSchool: 'yes' }],
  [/What happened\?/, 'report.next', { 'types-content': '', 'types-contact': 'grooming', 'types-conduct': '' }],
  [/Who is involved\?/, 'report.next', { victims: 'pupil', instigators: 'unknown-adult' }],
  [/Act now: a child is in danger/, 'report.next', {}],
  [/Does the danger come from someone at the school\?/, 'report.next', { dangerSource: 'no' }],
  [/Is a child in danger right now\?/, 'report.next', { danger: 'yes' }],
];

export interface FiledReport {
  reference: string;
  /** when the reporter saw "Act now" (the early alert stored and owed to the leads) */
  alertOwedAt: number;
  /** when the reporter first pressed the answer that makes the case critical (a child in danger, from outside the school) */
  criticalSentAt: number;
}

/**
 * one member of staff files a critical report (a child in danger now) through the cards, carrying on
 * after the bot restarts from the last card they saw. `onAlertOwed` is called when "Act now" shows.
 */
export async function fileCriticalReport(h: Harness, who: Person, onAlertOwed: () => void = () => {}): Promise<FiledReport> {
  let answer = await h.message(who, 'report');
  let card = h.lastCardSentTo(who);
  const flowId = (card?.refresh as { action?: { data?: { flowId?: string } } } | undefined)?.action?.data?.flowId;
  if (!flowId) throw new Error(`${who.name}: the first card has no flowId (answer ${answer.status})`);
  let alertOwedAt = 0;
  let criticalSentAt = 0;
  for (let step = 0; step < 30; step++) {
    const words = cardWords(card);
    if (/Act now: a child is in danger/.test(words) && alertOwedAt === 0) {
      alertOwedAt = Date.now();
      onAlertOwed();
    }
    const sent = /Report sent: (OS-\d{4}-\d{4,})/.exec(words);
    if (sent) return { reference: sent[1]!, alertOwedAt, criticalSentAt };
    const next = NEXT.find(([re]) => re.test(words));
    if (!next) throw new Error(`${who.name}: a card the harness does not know: ${words.slice(0, 300).replace(/\n/g, ' | ')}`);
    const [, verb, inputs] = next;
    const data = { flowId, ...inputs, ...(verb === 'report.next' && 'description' in inputs ? { date: yesterday() } : {}) };
    if ('dangerSource' in inputs && criticalSentAt === 0) criticalSentAt = Date.now();
    answer = await h.invoke(who, verb, data);
    const body = (answer.json as { value?: unknown } | undefined)?.value;
    card = body && typeof body === 'object' ? (body as Record<string, unknown>) : card;
  }
  throw new Error(`${who.name}: the report did not finish in 30 steps`);
}

/** the first time Teams had the DSL's alert of the case (a request answered after the bot died still reached Teams) */
export function dslAlertOf(h: Harness, reference: string): Recorded | undefined {
  const chat = `/v3/conversations/personal-${LEADS.priya.id}/`;
  return h.connector.sent
    .filter((r) => r.path.startsWith(chat) && r.body.summary === `Urgent: case ${reference}`)
    .sort((a, b) => a.receivedAt - b.receivedAt)[0];
}

/** the case's cards posted to the safeguarding channel, in order */
export function channelCardsOf(h: Harness, reference: string): Recorded[] {
  return h.connector.sent.filter(
    (r) =>
      r.method === 'POST' &&
      /^\/v3\/conversations\/?$/.test(r.path) &&
      String((r.body.activity as { summary?: string } | undefined)?.summary).includes(reference),
  );
}

/** the note a card posted again after an unknown outcome carries (src/app/casework/build-views.ts) */
export const REPOSTED_NOTE = 'Card posted again after the bot restarted';

/** who was killed (-1: no instance held a lease within 20 s), how many sends it held, and when */
export interface LeaseHolderKill {
  victim: number;
  heldAtKill: number;
  killedAt: number;
}

/**
 * kill -9 whichever instance of a two-instance harness holds leases on pending notifications (sends Teams
 * is slow to answer), the moment one does; `pool` reads the shared PostgreSQL
 */
export async function killLeaseHolder(h: Harness, pool: { query: <R>(sql: string) => Promise<{ rows: R[] }> }): Promise<LeaseHolderKill> {
  let victim = -1;
  let heldAtKill = 0;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && victim < 0) {
    const { rows } = await pool.query<{ owner: string; n: number }>(
      `SELECT lease_owner AS owner, COUNT(*)::int AS n FROM notifications
       WHERE status = 'pending' AND lease_owner IS NOT NULL GROUP BY lease_owner`,
    );
    for (const row of rows) {
      const i = [0, 1].find((n) => row.owner.includes(`#${h.pid(n)}#`));
      if (i !== undefined) [victim, heldAtKill] = [i, row.n];
    }
    if (victim < 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const killedAt = Date.now();
  if (victim >= 0) await h.kill(victim);
  return { victim, heldAtKill, killedAt };
}
