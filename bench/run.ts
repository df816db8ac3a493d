// `npm run bench [-- --json --concurrency 8 --n 2000 --rounds 10 --warmup 100 --self-test --skip-build
//   --only turns,engine,cardflow,approval,channel-429,sharepoint,reminders,alerts --card-flow-reports 200 --approvals 300
//   --channel-429-reports 200 --throttle-every 3 --sharepoint-reports 200 --sharepoint-tasks 2000 --alert-reports 20
//   --pg-reports 24 --failover-reports 16 --pg-reminders 3000]`
// (postgres, failover, reminders-pg: two instances on an embedded PostgreSQL the bench starts; reminders-pg
// alone takes its floor, about 150 s for 3,000: give --time-limit-s 600 when running it with others)
// sends the same 'help' messages over loopback to our bot and to a bare botbuilder echo bot (each its
// own process, replies going to a stub connector process), and reports latency and throughput for
// both and their ratios. More figures: add a section to `sections` at the bottom.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  build,
  freePort,
  repoRoot,
  spawnWithPrefix,
  startBot,
  stopProcesses,
  waitForHttp,
  type ManagedProcess,
} from '../scripts/lib/processes.js';
import { loadConfig } from '../src/config/env.js';
import { httpRequest, percentile } from './lib.js';
import type { PhaseCounts } from './sharepoint.js';
import type { StubStats } from './stub-connector.js';

// the environment the bench runs in; the bot and the helpers it starts inherit it (less what startOurBot takes out)
const environment = process.env;

const { values: flags } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    n: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '10' },
    'time-limit-s': { type: 'string', default: '300' },
    // echo bot against echo bot: checks the harness itself (ratios should be near 1)
    'self-test': { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    // run only these sections (comma-separated names: turns, engine, cardflow, approval, channel-429, sharepoint, reminders, alerts, directory, digest)
    only: { type: 'string' },
    // complete reports timed by the card-flow section (after 20 untimed)
    'card-flow-reports': { type: 'string', default: '200' },
    // approvals timed by the approval section (each on a new case, after 30 untimed)
    approvals: { type: 'string', default: '300' },
    // reports whose channel cards the channel-429 section posts, and which posts its stub throttles
    'channel-429-reports': { type: 'string', default: '200' },
    'throttle-every': { type: 'string', default: '3' },
    // reports (and approvals) the sharepoint section copies one at a time, and the backlog it drains
    'sharepoint-reports': { type: 'string', default: '200' },
    'sharepoint-tasks': { type: 'string', default: '2000' },
    // critical reports timed in each phase of the alerts section
    'alert-reports': { type: 'string', default: '20' },
    // reports filed at once in the postgres section (each setup, after 4 untimed), and in the failover section
    'pg-reports': { type: 'string', default: '24' },
    'failover-reports': { type: 'string', default: '16' },
    // reminders sent across two instances in the reminders-pg section
    'pg-reminders': { type: 'string', default: '3000' },
  },
});

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}
const opts = {
  n: positiveInt('n', flags.n),
  concurrency: positiveInt('concurrency', flags.concurrency),
  warmup: positiveInt('warmup', flags.warmup),
  rounds: positiveInt('rounds', flags.rounds),
  timeLimitMs: positiveInt('time-limit-s', flags['time-limit-s']) * 1000,
  cardFlowReports: positiveInt('card-flow-reports', flags['card-flow-reports']),
  approvals: positiveInt('approvals', flags.approvals),
  channel429Reports: positiveInt('channel-429-reports', flags['channel-429-reports']),
  throttleEvery: positiveInt('throttle-every', flags['throttle-every']),
  sharepointReports: positiveInt('sharepoint-reports', flags['sharepoint-reports']),
  sharepointTasks: positiveInt('sharepoint-tasks', flags['sharepoint-tasks']),
};

/** what we started and have not stopped yet (scripts/lib/processes.ts also kills them if we exit first) */
const children: ManagedProcess[] = [];
const stopChildren = (graceMs: number): Promise<void> => stopProcesses(children.splice(0), graceMs);
const cleanups: Array<() => void> = [];
const note = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};
const round2 = (x: number): number => Math.round(x * 100) / 100;

type Figures = Record<string, number>;
interface SectionResult {
  lines: string[];
  figures: Figures;
}
interface Section {
  name: string;
  run: () => Promise<SectionResult>;
}

// --- the turn latency section --------------------------------------------------------------------

const STAFF = { id: '29:bench-staff-sam', name: 'Sam Taylor', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001' };
const BOT = { id: '28:a1b2c3d4-0000-4000-8000-0000000000b0', name: 'Online Safety' };
const TENANT = 'a1b2c3d4-0000-4000-8000-0000000000aa';

interface Target {
  name: 'bot' | 'baseline';
  url: string;
  agent: http.Agent;
  sentByConversation: Map<string, number>;
  latenciesMs: number[];
  measuredMs: number;
  errors: string[];
  seq: number;
}

function messageActivity(target: Target, conversationId: string, serviceUrl: string): object {
  const now = new Date().toISOString();
  return {
    type: 'message',
    id: `bench-${target.name}-${++target.seq}`,
    timestamp: now,
    localTimestamp: now,
    locale: 'en-GB',
    channelId: 'msteams',
    serviceUrl,
    text: 'help',
    textFormat: 'plain',
    from: STAFF,
    recipient: BOT,
    conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    entities: [{ type: 'clientInfo', locale: 'en-GB', country: 'GB', platform: 'Web', timezone: 'Europe/London' }],
  };
}

/** send `count` activities with `concurrency` workers, each worker in its own personal chat */
async function drive(target: Target, count: number, serviceUrl: string, measure: boolean): Promise<void> {
  let next = 0;
  const worker = async (w: number): Promise<void> => {
    const conversationId = `a:bench-${target.name}-${w}`;
    while (next < count) {
      next++;
      target.sentByConversation.set(conversationId, (target.sentByConversation.get(conversationId) ?? 0) + 1);
      const body = JSON.stringify(messageActivity(target, conversationId, serviceUrl));
      const start = performance.now();
      try {
        const res = await httpRequest(target.url, { method: 'POST', body, agent: target.agent, timeoutMs: 10_000 });
        if (res.status < 200 || res.status >= 300) target.errors.push(`HTTP ${res.status} ${res.body.slice(0, 200)}`);
      } catch (err) {
        target.errors.push(String(err));
      }
      if (measure) target.latenciesMs.push(performance.now() - start);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  if (measure) target.measuredMs += performance.now() - start;
}

async function startHelper(name: string, script: string, port: number): Promise<void> {
  // progress and child output go to stderr, so that --json keeps stdout for the report
  const child = spawnWithPrefix({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', join(repoRoot, script)],
    cwd: repoRoot,
    env: { ...environment, PORT: String(port) },
    ipc: true,
    output: process.stderr,
  });
  children.push(child);
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 30_000, intervalMs: 100, watch: [child] });
}

async function buildBot(): Promise<void> {
  if (!existsSync(join(repoRoot, 'src/main.ts'))) {
    throw new Error('src/main.ts does not exist yet, so there is no bot to measure (try --self-test to check the harness)');
  }
  if (flags['skip-build']) return;
  note('building (tsc -p tsconfig.json)');
  const code = await build(process.stderr);
  if (code !== 0) throw new Error(`tsc -p tsconfig.json: exited with ${code}`);
}

/** our bot as in local mode, on a fresh data dir, without any credentials from our environment */
async function startOurBot(port: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-data-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  // measure the default embedded store, and never let a developer's shell send the bot to the cloud
  // (startBot puts env over process.env; a key set to undefined is left out of the child's environment)
  for (const key of Object.keys(environment)) if (/^microsoftapp|^store$|client_?secret|bot_?password/i.test(key)) env[key] = undefined;
  // the settings the bot will read, checked as it checks them: a bad one is named here, not found as a bot that never answers
  const settings = Object.fromEntries(Object.entries({ ...environment, ...env }).filter(([, value]) => value !== undefined));
  const config = loadConfig({ ...settings, BOT_MODE: 'local', PORT: String(port) });
  if (!config.ok) throw new Error(`the bot's settings are not valid:\n${config.errors.map((e) => `  - ${e}`).join('\n')}`);
  const child = startBot({ port, env, output: process.stderr, pretty: false });
  children.push(child);
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, { timeoutMs: 60_000, intervalMs: 100, watch: [child] });
}

/** every activity must have had a reply at the stub; replies may land just after the POST returns */
async function checkReplies(stubUrl: string, targets: Target[]): Promise<string[]> {
  const missingReplies = (stats: StubStats, target: Target): number =>
    [...target.sentByConversation].reduce((sum, [id, sent]) => sum + Math.max(0, sent - (stats.conversations[id]?.messages ?? 0)), 0);
  const readStats = async () => JSON.parse((await httpRequest(`${stubUrl}/_stats`)).body) as StubStats;
  let stats = await readStats();
  for (let attempt = 0; attempt < 20 && targets.some((t) => missingReplies(stats, t) > 0); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    stats = await readStats();
  }
  const problems: string[] = [];
  for (const target of targets) {
    const count = (key: 'messages' | 'cards') =>
      [...target.sentByConversation.keys()].reduce((sum, id) => sum + (stats.conversations[id]?.[key] ?? 0), 0);
    note(`${target.name}: ${target.seq} activities sent, ${count('messages')} message replies, ${count('cards')} with a card`);
    const missing = missingReplies(stats, target);
    if (missing > 0) problems.push(`${target.name}: ${missing} of ${target.seq} activities got no reply at the stub connector`);
    if (target.errors.length > 0) problems.push(`${target.name}: ${target.errors.length} requests failed, first: ${target.errors[0]}`);
  }
  if (stats.unhandledCount > 0) note(`the stub connector had no route for ${stats.unhandledCount} calls: ${stats.unhandled.join(', ')}`);
  return problems;
}

async function turnLatencySection(): Promise<SectionResult> {
  const [stubPort, basePort, botPort] = [await freePort(), await freePort(), await freePort()];
  const stubUrl = `http://127.0.0.1:${stubPort}`;
  const target = (name: Target['name'], port: number): Target => ({
    name,
    url: `http://127.0.0.1:${port}/api/messages`,
    agent: new http.Agent({ keepAlive: true, maxSockets: opts.concurrency }),
    sentByConversation: new Map(),
    latenciesMs: [],
    measuredMs: 0,
    errors: [],
    seq: 0,
  });
  const baseline = target('baseline', basePort);
  const bot = target('bot', botPort);
  if (!flags['self-test']) await buildBot();
  try {
    await startHelper('stub', 'bench/stub-connector.ts', stubPort);
    await startHelper('baseline', 'bench/echo-bot.ts', basePort);
    if (flags['self-test']) await startHelper('bot', 'bench/echo-bot.ts', botPort);
    else await startOurBot(botPort);

    note(`warming up (${opts.warmup} each)`);
    for (const t of [baseline, bot]) await drive(t, opts.warmup, `${stubUrl}/`, false);
    // rounds in ABBA order so drift in machine load hits both targets alike
    note(`measuring: ${opts.n} each in ${opts.rounds} rounds`);
    for (let round = 0; round < opts.rounds; round++) {
      const size = Math.floor(opts.n / opts.rounds) + (round < opts.n % opts.rounds ? 1 : 0);
      const order = round % 2 === 0 ? [baseline, bot] : [bot, baseline];
      for (const t of order) await drive(t, size, `${stubUrl}/`, true);
    }
    const problems = await checkReplies(stubUrl, [baseline, bot]);
    if (problems.length > 0) throw new Error(`replies missing, figures not reported:\n  ${problems.join('\n  ')}`);
  } finally {
    for (const t of [baseline, bot]) t.agent.destroy();
    await stopChildren(3000);
  }

  const summary = (t: Target) => {
    const sorted = [...t.latenciesMs].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), throughput: (sorted.length / t.measuredMs) * 1000 };
  };
  const b = summary(bot);
  const base = summary(baseline);
  const figures: Figures = {
    p50Ratio: b.p50 / base.p50,
    p99Ratio: b.p99 / base.p99,
    throughputRatio: b.throughput / base.throughput,
    p50: b.p50,
    p99: b.p99,
    throughput: b.throughput,
    baselineP50: base.p50,
    baselineP99: base.p99,
    baselineThroughput: base.throughput,
    n: opts.n,
    concurrency: opts.concurrency,
    rounds: opts.rounds,
    warmup: opts.warmup,
  };
  const row = (label: string, a: string, c: string, d: string) =>
    `  ${label.padEnd(22)}${a.padStart(10)}${c.padStart(10)}${d.padStart(16)}`;
  const lines = [
    `turns: ${opts.n} 'help' messages per target, concurrency ${opts.concurrency}, ${opts.rounds} rounds (ABBA), warm-up ${opts.warmup}${flags['self-test'] ? ', SELF-TEST: the bot is the echo bot' : ''}`,
    row('', 'p50 ms', 'p99 ms', 'activities/s'),
    row('bot', b.p50.toFixed(2), b.p99.toFixed(2), b.throughput.toFixed(1)),
    row('baseline (echo bot)', base.p50.toFixed(2), base.p99.toFixed(2), base.throughput.toFixed(1)),
    row(
      'ratio bot/baseline',
      (figures.p50Ratio ?? 0).toFixed(2),
      (figures.p99Ratio ?? 0).toFixed(2),
      (figures.throughputRatio ?? 0).toFixed(2),
    ),
  ];
  return { lines, figures };
}

// --- the planning engine section (bench/engine.ts is written separately; optional) --------------

async function engineSection(): Promise<SectionResult> {
  const file = new URL('./engine.ts', import.meta.url);
  if (!existsSync(file)) return { lines: ['engine: skipped (bench/engine.ts does not exist yet)'], figures: {} };
  const mod = (await import(file.href)) as { benchEngine?: unknown };
  if (typeof mod.benchEngine !== 'function') throw new Error('bench/engine.ts does not export benchEngine()');
  const result = (await Promise.resolve((mod.benchEngine as () => unknown)())) as { plansPerSecond?: unknown; iterations?: unknown };
  if (typeof result?.plansPerSecond !== 'number' || typeof result.iterations !== 'number') {
    throw new Error(`benchEngine() should return { plansPerSecond, iterations }, got ${JSON.stringify(result)}`);
  }
  return {
    lines: [`engine: ${result.plansPerSecond.toFixed(0)} plans/s over ${result.iterations} iterations`],
    figures: { enginePlansPerSecond: result.plansPerSecond, engineIterations: result.iterations },
  };
}

// --- the card-flow section: complete reports in-process (bench/card-flow.ts) ------------------------

const CARD_FLOW_STEP_TARGET_MS = 50;

async function cardFlowSection(): Promise<SectionResult> {
  const { benchCardFlow, p, STEP_ORDER } = await import('./card-flow.js');
  note(`card flow: ${opts.cardFlowReports} complete reports in-process (after 20 untimed)`);
  const r = await benchCardFlow({ reports: opts.cardFlowReports, warmup: 20 });
  const row = (label: string, count: string, p50: string, p99: string, max: string) =>
    `  ${label.padEnd(22)}${count.padStart(8)}${p50.padStart(10)}${p99.padStart(10)}${max.padStart(10)}`;
  const stats = (label: string, xs: number[]) =>
    row(label, String(xs.length), p(xs, 50).toFixed(2), p(xs, 99).toFixed(2), p(xs, 100).toFixed(2));
  const stepP99 = p(r.allStepsMs, 99);
  const lines = [
    `card flow: ${r.reports} complete reports in-process (TestAdapter, in-memory SQLite, one user and chat each; 4 scenarios in turn), ${r.warmup} untimed first, ${(r.elapsedMs / 1000).toFixed(1)} s in all`,
    row('', 'n', 'p50 ms', 'p99 ms', 'max ms'),
    ...[...r.stepMs].sort(([a], [b]) => STEP_ORDER.indexOf(a) - STEP_ORDER.indexOf(b)).map(([name, xs]) => stats(`step: ${name}`, xs)),
    stats('every step', r.allStepsMs),
    stats('whole report (wall)', r.reportMs),
    `  step p99 ${stepP99.toFixed(2)} ms: ${stepP99 < CARD_FLOW_STEP_TARGET_MS ? 'within' : 'OVER'} the ${CARD_FLOW_STEP_TARGET_MS} ms target; references ${r.references[0]} to ${r.references.at(-1)}`,
  ];
  return {
    lines,
    figures: {
      cardFlowStepP50: p(r.allStepsMs, 50),
      cardFlowStepP99: stepP99,
      cardFlowReportP50: p(r.reportMs, 50),
      cardFlowReportP99: p(r.reportMs, 99),
      cardFlowReports: r.reports,
    },
  };
}

// --- the approval section: the DSL's Approve in the channel thread, in-process (bench/approval.ts) ----

const APPROVAL_P99_TARGET_MS = 50;

async function approvalSection(): Promise<SectionResult> {
  const { benchApproval } = await import('./approval.js');
  const { p } = await import('./card-flow.js');
  note(`approval: ${opts.approvals} approvals in-process (after 30 untimed)`);
  // the connector in its own process, as Teams is: its work does not share the bot's event loop
  const stubPort = await freePort();
  let r;
  try {
    await startHelper('stub', 'bench/stub-connector.ts', stubPort);
    r = await benchApproval({ approvals: opts.approvals, warmup: 30, stubUrl: `http://127.0.0.1:${stubPort}/` });
  } finally {
    await stopChildren(3000);
  }
  const row = (label: string, ...cells: string[]) => `  ${label.padEnd(30)}${cells.map((c) => c.padStart(9)).join('')}`;
  const stats = (label: string, xs: number[]) => row(label, ...[50, 95, 99, 100].map((q) => p(xs, q).toFixed(2)));
  const p99 = p(r.approvalsMs, 99);
  const baseP99 = p(r.baselineMs, 99);
  const pass = p99 < APPROVAL_P99_TARGET_MS;
  const lines = [
    `approval: ${opts.approvals} 'case.approve' invokes by the DSL in the channel thread, each on a new case (TestAdapter, one turn per conversation, SQLite WAL on a temp file, outbox dispatcher kicked by each change, stub connector in its own process), ${r.warmup} untimed first, ${(r.elapsedMs / 1000).toFixed(1)} s in all`,
    row('', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'),
    stats('approve', r.approvalsMs),
    stats('baseline (card refresh)', r.baselineMs),
    row('ratio approve/baseline', ...[50, 95, 99, 100].map((q) => (p(r.approvalsMs, q) / p(r.baselineMs, q)).toFixed(2))),
    `  approve p99 ${p99.toFixed(2)} ms: ${pass ? 'PASS' : 'FAIL'} (target p99 < ${APPROVAL_P99_TARGET_MS} ms); p99/baseline p99 ${(p99 / baseP99).toFixed(2)}; the stub got ${r.posts} channel posts, ${r.updates} card updates, ${r.messages} 1:1 notices`,
  ];
  return {
    lines,
    figures: {
      approvalP50: p(r.approvalsMs, 50),
      approvalP95: p(r.approvalsMs, 95),
      approvalP99: p99,
      approvalBaselineP50: p(r.baselineMs, 50),
      approvalBaselineP99: baseP99,
      approvalP99Ratio: p99 / baseP99,
      approvalPass: pass ? 1 : 0,
      approvals: opts.approvals,
    },
  };
}

// --- the channel-429 section: channel cards against a throttling connector (bench/channel-429.ts) ------

async function channel429Section(): Promise<SectionResult> {
  const { benchChannel429 } = await import('./channel-429.js');
  note(
    `channel-429: ${opts.channel429Reports} channel cards, 1 post in ${opts.throttleEvery} answered 429 (Retry-After: 1, which the connector client waits out for real)`,
  );
  const r = await benchChannel429({ reports: opts.channel429Reports, throttleEvery: opts.throttleEvery });
  const waits = [...new Set(r.dispatcherWaitsMs)].join(', ') || 'none';
  const lines = [
    `channel-429: ${r.reports} reports, their channel cards posted by the outbox dispatcher through TeamsMessenger to a stub answering 1 post in ${opts.throttleEvery} with 429 Retry-After: 1 (1 in ${opts.throttleEvery * 10} four times in a row, beyond the client's own retries)`,
    `  ${r.posts} posts, ${r.throttled} 429s answered, ${r.clientRetries} retries by the connector client, ${r.dispatcherRetries} by the dispatcher (put off by ${waits} ms, on a clock moved on ${r.clockJumps} times), ${(r.elapsedMs / 1000).toFixed(1)} s`,
    r.problems.length === 0 ? `  PASS: each of the ${r.reports} cases posted exactly once` : `  FAIL: ${r.problems.join('; ')}`,
  ];
  if (r.problems.length > 0) throw new Error(lines.join('\n'));
  return {
    lines,
    figures: {
      channel429Reports: r.reports,
      channel429Posts: r.posts,
      channel429Throttled: r.throttled,
      channel429ClientRetries: r.clientRetries,
      channel429DispatcherRetries: r.dispatcherRetries,
      channel429ElapsedMs: r.elapsedMs,
    },
  };
}

// --- the sharepoint section: the embedded store copied to SharePoint lists (bench/sharepoint.ts) ---------

const SHAREPOINT_REQUESTS_PER_INCIDENT_TARGET = 2;

async function sharePointSection(): Promise<SectionResult> {
  const { benchSharePoint } = await import('./sharepoint.js');
  const { p } = await import('./card-flow.js');
  note(
    `sharepoint: ${opts.sharepointReports} reports and approvals copied one at a time, then a backlog of ${opts.sharepointTasks} copies drained`,
  );
  // the stand-in for Graph in its own process, as Graph is: its work does not share the replicator's event loop
  const graphPort = await freePort();
  let r;
  try {
    await startHelper('graph', 'bench/stub-graph.ts', graphPort);
    r = await benchSharePoint({ reports: opts.sharepointReports, tasks: opts.sharepointTasks, graphUrl: `http://127.0.0.1:${graphPort}` });
  } finally {
    await stopChildren(3000);
  }
  if (r.problems.length > 0) throw new Error(`the copy went wrong, figures not reported:\n  ${r.problems.join('\n  ')}`);
  const perIncident = r.newIncidents.requests / r.newIncidents.incidents;
  const perApproval = r.approvals.requests / r.approvals.approvals;
  const backlogPerIncident = r.drain.requests / r.drain.incidents;
  const pass = perIncident <= SHAREPOINT_REQUESTS_PER_INCIDENT_TARGET && backlogPerIncident <= SHAREPOINT_REQUESTS_PER_INCIDENT_TARGET;
  const tasksPerSecond = (r.drain.tasks / r.drain.ms) * 1000;
  const incidentsPerSecond = (r.drain.incidents / r.drain.ms) * 1000;
  const drainRatio = r.drain.ms / r.baseline.ms;
  const fileRatio = p(r.fileReplicatedMs, 50) / p(r.filePlainMs, 50);
  const fmt = (x: number) => x.toFixed(2);
  const requestsOf = (c: PhaseCounts, what: string) =>
    `${c.requests} for ${what}: ${c.creates} item creates, ${c.patches} PATCHes, ${c.lookups} look-ups, ${c.batches} $batches carrying ${c.batchedCreates} item creates (cases, summary lines, events)`;
  const lines = [
    `sharepoint: reports filed with submitReport (${r.eventsPerReport} events each) into SqliteIncidentStore { replicate: true } (WAL on a temp file), copied by SharePointReplicator through GraphClient (baseUrl) to a stand-in for Graph in its own process (bench/stub-graph.ts), ${r.warmup} untimed first`,
    `  new incidents, each copied as filed: ${fmt(perIncident)} requests each (${requestsOf(r.newIncidents, `${r.newIncidents.incidents} incidents`)})`,
    `  approvals, each copied as made:      ${fmt(perApproval)} requests each (${requestsOf(r.approvals, `${r.approvals.approvals} approvals`)})`,
    `  backlog of ${r.drain.tasks} copies (${r.drain.incidents} new incidents) drained in one run: ${(r.drain.ms / 1000).toFixed(2)} s, ${tasksPerSecond.toFixed(0)} copies/s, ${incidentsPerSecond.toFixed(1)} incidents/s, ${fmt(backlogPerIncident)} requests per incident (${requestsOf(r.drain, `${r.drain.incidents} incidents`)})`,
    `  baseline: the same ${r.baseline.requests} requests straight through GraphClient: ${(r.baseline.ms / 1000).toFixed(2)} s (${fmt(r.baseline.ms / r.baseline.requests)} ms each); ratio drain/baseline ${fmt(drainRatio)}`,
    `  filing a report, p50: ${fmt(p(r.fileReplicatedMs, 50))} ms with the copy queued, ${fmt(p(r.filePlainMs, 50))} ms without (p99 ${fmt(p(r.fileReplicatedMs, 99))} / ${fmt(p(r.filePlainMs, 99))}); ratio ${fmt(fileRatio)}`,
    `  ${pass ? 'PASS' : 'FAIL'}: ${fmt(perIncident)} requests per new incident copied as filed, ${fmt(backlogPerIncident)} in a backlog (target <= ${SHAREPOINT_REQUESTS_PER_INCIDENT_TARGET}); every incident and event at the stand-in once`,
  ];
  return {
    lines,
    figures: {
      sharepointRequestsPerIncident: perIncident,
      sharepointRequestsPerApproval: perApproval,
      sharepointBacklogRequestsPerIncident: backlogPerIncident,
      sharepointDrainTasksPerSecond: tasksPerSecond,
      sharepointDrainIncidentsPerSecond: incidentsPerSecond,
      sharepointDrainMs: r.drain.ms,
      sharepointBaselineMs: r.baseline.ms,
      sharepointDrainRatio: drainRatio,
      sharepointFileP50: p(r.fileReplicatedMs, 50),
      sharepointFilePlainP50: p(r.filePlainMs, 50),
      sharepointFileRatio: fileRatio,
      sharepointPass: pass ? 1 : 0,
      sharepointReports: r.newIncidents.incidents,
      sharepointTasks: r.drain.tasks,
    },
  };
}

// --- the reminders section: 1:1 reminders through the rate-limited sender (bench/reminders-429.ts) ------

const REMINDERS_RATIO_TARGET = 1.2;

async function remindersSection(): Promise<SectionResult> {
  const { benchReminders, fullWorkloadFloorMs } = await import('./reminders-429.js');
  note('reminders: 1:1 reminders through RateLimitedMessenger(TeamsMessenger) to a stub answering some sends 429, on the real clock');
  const r = await benchReminders();
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const limits = (windows: ReadonlyArray<{ windowMs: number; max: number }>) =>
    windows.map((w) => `${w.max} in ${w.windowMs / 1000} s`).join(', ');
  const pass = r.ratio <= REMINDERS_RATIO_TARGET;
  const full = fullWorkloadFloorMs();
  const lines = [
    `reminders: ${r.reminders} 1:1 reminders, all asked for at once, through RateLimitedMessenger(TeamsMessenger) to a stub connector answering 1 send in ${r.throttleEvery} with 429 Retry-After: ${r.retryAfterSeconds} (and 3 past the connector client's retries); limits per chat ${limits(r.limits.conversation)}, per tenant ${limits(r.limits.tenant)} (90% of Microsoft's)`,
    ...r.phases.map(
      (p) =>
        `  ${p.name}: ${p.conversations} chats x ${p.perConversation}: ${s(p.elapsedMs)} for a floor of ${s(p.floorMs)} (chat ${s(p.conversationFloorMs)}, tenant ${s(p.tenantFloorMs)}), ratio ${(p.elapsedMs / p.floorMs).toFixed(2)}; ${p.delivered} delivered; ${p.throttled} 429s: ${p.clientRetries} retried by the connector client, ${p.senderRetries} by the sender (${p.tenantPauses} pausing the tenant)`,
    ),
    `  ${pass ? 'PASS' : 'FAIL'}: ${s(r.elapsedMs)} for a floor of ${s(r.floorMs)}, ratio ${r.ratio.toFixed(2)} (target <= ${REMINDERS_RATIO_TARGET}); ${r.problems.length === 0 ? "every reminder at the stub exactly once, each chat's in order" : r.problems.join('; ')}`,
    `  (5,000 reminders in 250 chats cannot take less than ${s(full.floor)} under these limits: chat ${s(full.conversation)}, tenant ${s(full.tenant)})`,
  ];
  if (r.problems.length > 0) throw new Error(lines.join('\n'));
  return {
    lines,
    figures: {
      remindersSent: r.reminders,
      remindersElapsedMs: r.elapsedMs,
      remindersFloorMs: r.floorMs,
      remindersRatio: r.ratio,
      remindersThrottled: r.phases.reduce((n, p) => n + p.throttled, 0),
      remindersSenderRetries: r.phases.reduce((n, p) => n + p.senderRetries, 0),
      remindersPass: pass ? 1 : 0,
    },
  };
}

// --- the alert-latency section: a critical answer to the DSL's alert, quiet, behind 1,000 reminders, after a crash --

const BACKLOG_P99_TARGET_MS = 2_000;
const CRASH_TARGET_MS = 10_000;

async function alertLatencySection(): Promise<SectionResult> {
  const { benchAlertLatency } = await import('./alert-latency.js');
  note(
    'alerts: critical reports through the built bot (node dist/main.js) to a recording stub connector: quiet, behind 1,000 reminders, and across a kill -9',
  );
  const r = await benchAlertLatency({ reports: Number(flags['alert-reports']), reminders: 1000 });
  const ms = (x: number) => `${Math.round(x)} ms`;
  const backlogPass = r.backlog.p99 < BACKLOG_P99_TARGET_MS && r.backlog.remindersDelivered === r.backlog.reminders;
  const crashPass = r.crash.owedAtKill > 0 && r.crash.max < CRASH_TARGET_MS && r.crash.unmarkedSecondCopies === 0;
  const lines = [
    `alerts: from the answer that makes a case critical to the DSL's 1:1 alert at Teams (${r.quiet.reports} reports a phase)`,
    `  quiet (baseline): p50 ${ms(r.quiet.p50)}, p99 ${ms(r.quiet.p99)}, max ${ms(r.quiet.max)}`,
    `  behind ${r.backlog.reminders} reminders (${r.backlog.remindersSentDuring} sent meanwhile; all ${r.backlog.remindersDelivered} delivered at ${r.backlog.drainPerSecond.toFixed(1)}/s): p50 ${ms(r.backlog.p50)}, p99 ${ms(r.backlog.p99)}, max ${ms(r.backlog.max)}; p99 ${(r.backlog.p99 / Math.max(1, r.quiet.p99)).toFixed(2)}x the quiet p99`,
    `  ${backlogPass ? 'PASS' : 'FAIL'}: p99 behind the backlog ${ms(r.backlog.p99)} (target < ${ms(BACKLOG_P99_TARGET_MS)})`,
    `  after kill -9: ${r.crash.owedAtKill} alerts owed at the kill reached the DSL ${ms(r.crash.p50)} (p50), ${ms(r.crash.max)} (max) after the restart began; the restart itself took ${ms(r.crash.startupMs)} to answer /healthz (max ${(r.crash.max / Math.max(1, r.crash.startupMs)).toFixed(2)}x)`,
    `  channel cards across the kill: ${r.crash.secondCopies} of ${r.crash.cases} cases have a second copy (a post in flight at the kill), ${r.crash.unmarkedSecondCopies} of them without the note saying so`,
    `  ${crashPass ? 'PASS' : 'FAIL'}: ${r.crash.owedAtKill === 0 ? 'no alert was owed at the kill: the phase measured nothing' : `every owed alert within ${ms(r.crash.max)} of the restart (target < ${ms(CRASH_TARGET_MS)})`}`,
  ];
  if (!backlogPass || !crashPass) throw new Error(lines.join('\n'));
  return {
    lines,
    figures: {
      alertQuietP99Ms: r.quiet.p99,
      alertBacklogP99Ms: r.backlog.p99,
      alertBacklogRatio: r.backlog.p99 / Math.max(1, r.quiet.p99),
      alertAfterCrashMaxMs: r.crash.max,
      alertOwedAtKill: r.crash.owedAtKill,
      channelSecondCopies: r.crash.secondCopies,
      channelUnmarkedSecondCopies: r.crash.unmarkedSecondCopies,
      restartMs: r.crash.startupMs,
    },
  };
}

// --- the PostgreSQL sections: two instances on one database (bench/postgres-instances.ts, bench/postgres-reminders.ts) ---

const PG_STEP_P99_TARGET_MS = 50;
const PG_REMINDERS_RATIO_TARGET = 1.15;
let built: Promise<void> | undefined;
const buildOnce = (): Promise<void> => (built ??= buildBot());

async function postgresSection(): Promise<SectionResult> {
  await buildOnce();
  const { benchPostgresThroughput } = await import('./postgres-instances.js');
  const reports = positiveInt('pg-reports', flags['pg-reports']);
  note(`postgres: ${reports} critical reports at once, one instance on SQLite, then two instances on one PostgreSQL (node dist/main.js)`);
  const { sqlite, postgres } = await benchPostgresThroughput({ reports, warmup: 4 });
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const ratio = postgres.perSecond / sqlite.perSecond;
  const pass = postgres.stepMs.p99 < PG_STEP_P99_TARGET_MS;
  const lines = [
    `postgres: ${reports} critical reports filed through the cards at once (4 untimed first), the built bot, a stub connector, same machine`,
    `  one instance on SQLite:       ${sqlite.perSecond.toFixed(2)} reports/s (${(sqlite.elapsedMs / 1000).toFixed(2)} s); card step, one reporter at a time: p50 ${ms(sqlite.stepMs.p50)}, p99 ${ms(sqlite.stepMs.p99)}, max ${ms(sqlite.stepMs.max)} (${sqlite.stepMs.n} steps)`,
    `  two instances on PostgreSQL: ${postgres.perSecond.toFixed(2)} reports/s (${(postgres.elapsedMs / 1000).toFixed(2)} s); card step, one reporter at a time: p50 ${ms(postgres.stepMs.p50)}, p99 ${ms(postgres.stepMs.p99)}, max ${ms(postgres.stepMs.max)} (${postgres.stepMs.n} steps)`,
    `  card step p99 with all ${reports} reporters at once (queueing on this 2-core machine): SQLite ${ms(sqlite.loadedStepMs.p99)}, PostgreSQL ${ms(postgres.loadedStepMs.p99)}`,
    `  the step that makes a case critical waits for the DSL's alert to be at Teams (one chat: 7 a second): SQLite p99 ${ms(sqlite.alertStepMs.p99)}, PostgreSQL p99 ${ms(postgres.alertStepMs.p99)}`,
    `  reports/s two on PostgreSQL / one on SQLite: ${ratio.toFixed(2)}x; card step p99 PostgreSQL / SQLite: ${(postgres.stepMs.p99 / Math.max(0.01, sqlite.stepMs.p99)).toFixed(2)}x`,
    `  ${pass ? 'PASS' : 'FAIL'}: card step p99 on PostgreSQL ${ms(postgres.stepMs.p99)} one reporter at a time (target < ${PG_STEP_P99_TARGET_MS} ms)`,
  ];
  if (!pass) throw new Error(lines.join('\n'));
  return {
    lines,
    figures: {
      pgReportsPerSecond: postgres.perSecond,
      sqliteReportsPerSecond: sqlite.perSecond,
      pgReportsRatio: ratio,
      pgStepP99Ms: postgres.stepMs.p99,
      sqliteStepP99Ms: sqlite.stepMs.p99,
      pgLoadedStepP99Ms: postgres.loadedStepMs.p99,
      sqliteLoadedStepP99Ms: sqlite.loadedStepMs.p99,
    },
  };
}

async function failoverSection(): Promise<SectionResult> {
  await buildOnce();
  const { benchFailover } = await import('./postgres-instances.js');
  const reports = positiveInt('failover-reports', flags['failover-reports']);
  note(`failover: ${reports} critical reports at two instances on PostgreSQL, one SIGKILLed while it holds leases on slow sends`);
  const r = await benchFailover({ reports });
  const pass =
    r.heldAtKill > 0 &&
    r.stored === r.acknowledged &&
    r.acknowledged === r.reports &&
    r.alertsDelivered === r.cases &&
    r.casesWithOneCardToActOn === r.cases &&
    r.jobPeriodsRunOnce === r.jobPeriods;
  const lines = [
    `failover: ${r.reports} critical reports at two instances on one PostgreSQL (Teams answering the leads' chats and channel posts in 400 ms); one instance SIGKILLed holding leases on ${r.heldAtKill} sends`,
    `  acknowledged reports stored: ${r.stored} of ${r.acknowledged}`,
    `  DSL alerts delivered: ${r.alertsDelivered} of ${r.cases} (${r.alertSecondCopies} with a second copy: a send Teams had when the instance died); every alert and card at Teams ${(r.recoveredMs / 1000).toFixed(1)} s after the kill (leases 15 s)`,
    `  channel cards: ${r.casesWithOneCardToActOn} of ${r.cases} cases with one card to act on (at most one without the repost note; ${r.casesOnlyReposted} whose only card has it); ${r.cardSecondCopiesMarked} copies saying they may be a second`,
    `  job periods run once: ${r.jobPeriodsRunOnce} of ${r.jobPeriods} (both schedulers started together)`,
    `  ${pass ? 'PASS' : 'FAIL'}`,
  ];
  if (!pass) throw new Error(lines.join('\n'));
  return {
    lines,
    figures: {
      failoverStored: r.stored,
      failoverAcknowledged: r.acknowledged,
      failoverHeldAtKill: r.heldAtKill,
      failoverRecoveredMs: r.recoveredMs,
      failoverAlertSecondCopies: r.alertSecondCopies,
      failoverCardSecondCopies: r.cardSecondCopiesMarked,
      failoverJobPeriods: r.jobPeriods,
      failoverJobPeriodsRunOnce: r.jobPeriodsRunOnce,
    },
  };
}

async function remindersPgSection(): Promise<SectionResult> {
  const { benchPostgresReminders } = await import('./postgres-reminders.js');
  const reminders = positiveInt('pg-reminders', flags['pg-reminders']);
  note(
    `reminders-pg: ${reminders} reminders across two instances sharing the tenant budget in PostgreSQL (and, one after the other, one instance and two unshared)`,
  );
  const r = await benchPostgresReminders({ reminders });
  const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
  const ratio = r.shared.elapsedMs / r.floorMs;
  const pass = ratio <= PG_REMINDERS_RATIO_TARGET && r.shared.throttled <= r.one.throttled && r.shared.wrong === 0 && r.one.wrong === 0;
  const row = (x: typeof r.one, what: string) =>
    `  ${what}: ${s(x.elapsedMs)} (${(x.elapsedMs / r.floorMs).toFixed(2)}x the floor), ${x.throttled} 429s from Teams, ${x.wrong} chats without exactly one reminder, ${x.failed} sends failed`;
  const lines = [
    `reminders-pg: ${reminders} 1:1 reminders (bulk: 75% of 27/s), to a stub answering 429 beyond Microsoft's 30 calls a second; floor ${s(r.floorMs)}`,
    row(r.one, 'one instance                     '),
    row(r.shared, 'two instances, budget in PostgreSQL'),
    row(r.apart, 'two instances, each its own budget '),
    `  ${pass ? 'PASS' : 'FAIL'}: two instances ${ratio.toFixed(2)}x the floor (target <= ${PG_REMINDERS_RATIO_TARGET}), ${r.shared.throttled} 429s against ${r.one.throttled} with one instance`,
  ];
  if (!pass) throw new Error(lines.join('\n'));
  return {
    lines,
    figures: {
      pgRemindersElapsedMs: r.shared.elapsedMs,
      pgRemindersFloorMs: r.floorMs,
      pgRemindersRatio: ratio,
      pgReminders429s: r.shared.throttled,
      oneInstanceReminders429s: r.one.throttled,
      unsharedReminders429s: r.apart.throttled,
    },
  };
}

// --- runner ----------------------------------------------------------------------------------------

/** each section runs on its own: one failing is reported and fails the run, the others still report */
const sections: Section[] = [
  { name: 'turns', run: turnLatencySection },
  { name: 'engine', run: engineSection },
  { name: 'cardflow', run: cardFlowSection },
  { name: 'approval', run: approvalSection },
  { name: 'channel-429', run: channel429Section },
  { name: 'sharepoint', run: sharePointSection },
  { name: 'reminders', run: remindersSection },
  { name: 'alerts', run: alertLatencySection },
  // the leaver account scan's Graph requests against 50,000 users served by nock (bench/directory.ts)
  { name: 'directory', run: async () => (await import('./directory.js')).directorySection() },
  // the governors' termly digest over 100,000 generated cases, under one second (bench/digest.ts)
  { name: 'digest', run: async () => (await import('./digest.js')).digestSection() },
  // two instances on one PostgreSQL: throughput and card step p99 against SQLite, a SIGKILL failover, 3,000 reminders
  { name: 'postgres', run: postgresSection },
  { name: 'failover', run: failoverSection },
  { name: 'reminders-pg', run: remindersPgSection },
];

function selectedSections(): Section[] {
  if (flags.only === undefined) return sections;
  const names = flags.only
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const unknown = names.filter((n) => !sections.some((s) => s.name === n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(
      `--only: unknown section ${unknown.join(', ') || '(none given)'}; the sections are ${sections.map((s) => s.name).join(', ')}`,
    );
  }
  return sections.filter((s) => names.includes(s.name));
}

async function main(): Promise<number> {
  const figures: Figures = {};
  const failures: string[] = [];
  const lines: string[] = [];
  for (const section of selectedSections()) {
    try {
      const result = await section.run();
      lines.push(...result.lines);
      Object.assign(figures, result.figures);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      failures.push(`${section.name}: ${message}`);
      lines.push(`${section.name}: FAILED - ${message}`);
    }
  }
  console.log(lines.join('\n'));
  if (failures.length > 0) console.error(`bench: FAILED\n  ${failures.join('\n  ')}`);
  if (flags.json) {
    const rounded = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round2(v)]));
    const extra = { ...(flags['self-test'] ? { selfTest: true } : {}), ...(failures.length > 0 ? { failures } : {}) };
    console.log(JSON.stringify({ ok: failures.length === 0, ...rounded, ...extra }));
  }
  return failures.length === 0 ? 0 : 1;
}

const hardLimit = setTimeout(() => {
  note(`aborted: the run took longer than ${opts.timeLimitMs / 1000} s (--time-limit-s)`);
  process.exit(124);
}, opts.timeLimitMs);
hardLimit.unref();
// scripts/lib/processes.ts SIGKILLs any child still running on exit (its handler runs before this one)
process.on('exit', () => {
  for (const cleanup of cleanups) cleanup();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    note(`${signal}: stopping`);
    void stopChildren(1000).finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('bench:', err);
    process.exit(1);
  },
);
