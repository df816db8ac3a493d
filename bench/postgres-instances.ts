// The PostgreSQL benches with the bot as production runs it (node dist/main.js, a recording stub connector:
// test/support/crash-harness.ts), on an embedded PostgreSQL the bench starts (test/support/postgres.ts):
//   throughput: staff filing critical reports through the cards at once, at one instance on SQLite and at
//     two instances on one PostgreSQL (reporters alternating), same machine, same run: reports a second
//     and each card step's time (an invoke's answer), p50 / p99;
//   failover: two instances on PostgreSQL, Teams slow to answer the leads' chats and channel posts, one
//     instance SIGKILLed the moment it holds leases on sends: acknowledged reports stored, alerts and
//     channel cards delivered (once each, or a marked second copy), job periods run once each.
import { performance } from 'node:perf_hooks';
import { openPostgresPool } from '../src/adapters/postgres/database.js';
import {
  cardWords,
  channelCardsOf,
  dslAlertOf,
  fileCriticalReport,
  LEADS,
  killLeaseHolder,
  openHarness,
  REPOSTED_NOTE,
  staffMember,
  type Harness,
  type LeaseHolderKill,
} from '../test/support/crash-harness.js';
import { startTestPostgres, type TestPostgres } from '../test/support/postgres.js';
import { percentile } from './lib.js';

export interface ThroughputFigures {
  reports: number;
  elapsedMs: number;
  perSecond: number;
  /** every card step but the one that waits for the DSL's alert to reach Teams, one reporter at a time */
  stepMs: { n: number; p50: number; p99: number; max: number };
  /** the answer that makes a case critical: it waits for the alert to be at Teams (the DSL's chat lane: 7 a second) */
  alertStepMs: { n: number; p50: number; p99: number; max: number };
  /** every card step but that one, all the reporters at once (queueing behind one another on the machine) */
  loadedStepMs: { n: number; p50: number; p99: number; max: number };
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
};

/** `reports` critical reports filed at once, reporter n at instance n % instances; every invoke timed */
async function fileAll(
  h: Harness,
  instances: number,
  first: number,
  reports: number,
  steps?: { card: number[]; alert: number[] },
): Promise<string[]> {
  const filed = await Promise.all(
    Array.from({ length: reports }, (_, i) => {
      const at = h.via(i % instances);
      const timed: Harness = {
        ...at,
        invoke: async (who, verb, data) => {
          const t = performance.now();
          const answer = await at.invoke(who, verb, data);
          steps?.['dangerSource' in data ? 'alert' : 'card'].push(performance.now() - t);
          return answer;
        },
      };
      return fileCriticalReport(timed, staffMember(first + i));
    }),
  );
  return filed.map((f) => f.reference);
}

/** reports filed one at a time after the throughput run, for the card step's own time */
const SEQUENTIAL = 12;

async function throughputOf(opts: {
  reports: number;
  warmup: number;
  instances: number;
  databaseUrl?: string;
}): Promise<ThroughputFigures> {
  const h = await openHarness({
    staff: opts.reports + opts.warmup + SEQUENTIAL,
    instances: opts.instances,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  });
  try {
    await Promise.all(Array.from({ length: opts.instances }, (_, i) => h.start(i)));
    for (const lead of Object.values(LEADS)) await h.message(lead, 'hi');
    await fileAll(h, opts.instances, 1, opts.warmup);
    const steps = { card: [] as number[], alert: [] as number[] };
    const started = performance.now();
    const references = await fileAll(h, opts.instances, opts.warmup + 1, opts.reports, steps);
    const elapsedMs = performance.now() - started;
    if (new Set(references).size !== opts.reports)
      throw new Error(`${opts.reports} reports filed but ${new Set(references).size} references`);
    // then one reporter at a time, at each instance in turn: a step's own time, without the queue
    const alone = { card: [] as number[], alert: [] as number[] };
    for (let i = 0; i < SEQUENTIAL; i++) await fileAll(h.via(i % opts.instances), 1, opts.warmup + opts.reports + 1 + i, 1, alone);
    return {
      reports: opts.reports,
      elapsedMs,
      perSecond: (opts.reports * 1000) / elapsedMs,
      stepMs: stats(alone.card),
      alertStepMs: stats(steps.alert),
      loadedStepMs: stats(steps.card),
    };
  } finally {
    await h.close();
  }
}

export async function benchPostgresThroughput(opts: { reports: number; warmup: number }) {
  const sqlite = await throughputOf({ ...opts, instances: 1 });
  const pg = await startTestPostgres();
  try {
    const database = await pg.database();
    const postgres = await throughputOf({ ...opts, instances: 2, databaseUrl: database.url });
    return { sqlite, postgres };
  } finally {
    await pg.stop();
  }
}

export interface FailoverFigures {
  reports: number;
  acknowledged: number;
  stored: number;
  heldAtKill: number;
  /** from the kill until every alert and card was at Teams */
  recoveredMs: number;
  alertsDelivered: number;
  alertSecondCopies: number;
  cases: number;
  /** at least one card, and at most one without the repost note: one card the DSL knows to act on */
  casesWithOneCardToActOn: number;
  /** of those, cases whose only card carries the note (the first post was killed before it could be known to have left) */
  casesOnlyReposted: number;
  cardSecondCopiesMarked: number;
  jobPeriods: number;
  jobPeriodsRunOnce: number;
}

const jobEvents = (lines: readonly string[], event: string) =>
  lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as { event?: string; job?: string; periodKey?: string };
      return parsed.event === event ? [`${parsed.job} ${parsed.periodKey}`] : [];
    } catch {
      return [];
    }
  });

export async function benchFailover(opts: { reports: number; deadlineMs?: number }): Promise<FailoverFigures> {
  const pg: TestPostgres = await startTestPostgres();
  const database = await pg.database();
  const pool = openPostgresPool(database.url, { max: 2 });
  const h = await openHarness({
    staff: opts.reports,
    instances: 2,
    databaseUrl: database.url,
    env: { SCHEDULER: 'on', LOG_LEVEL: 'info' },
    delayMs: (method, path) => (path.startsWith('/v3/conversations/personal-user-staff') ? 0 : method === 'POST' ? 400 : 50),
  });
  try {
    await Promise.all([h.start(0), h.start(1)]);
    for (const lead of Object.values(LEADS)) await h.message(lead, 'hi');
    // killed: whichever instance holds leases on sends Teams is slow to answer, the moment it does
    let owed = 0;
    let kill: Promise<LeaseHolderKill> | undefined;
    const onAlertOwed = (): void => {
      if (++owed === 3) kill = killLeaseHolder(h, pool);
    };
    const filed = await Promise.all(
      Array.from({ length: opts.reports }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 60));
        return fileCriticalReport(h.via(i % 2), staffMember(i + 1), onAlertOwed);
      }),
    );
    const { victim, heldAtKill, killedAt } = await (kill ?? Promise.resolve({ victim: -1, heldAtKill: 0, killedAt: Date.now() }));
    const references = filed.map((f) => f.reference);
    const holder = `%#${h.pid(victim)}#%`;
    // done when Teams has every alert and card and no row is still leased to the dead instance: what it
    // held (its leases lapse after 15 s) has been taken over by the other
    const pending = async () =>
      (
        await pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM notifications WHERE status = 'pending' AND lease_owner LIKE $1`, [
          holder,
        ])
      ).rows[0]!.n;
    const delivered = async () => references.every((r) => dslAlertOf(h, r) && channelCardsOf(h, r).length > 0) && (await pending()) === 0;
    const deadline = Date.now() + (opts.deadlineMs ?? 40_000);
    while (Date.now() < deadline && !(await delivered())) await new Promise((resolve) => setTimeout(resolve, 100));
    const recoveredMs = Date.now() - killedAt;
    // a second copy would come soon after: wait a little before counting
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const dsl = `/v3/conversations/personal-${LEADS.priya.id}/`;
    const alerts = references.map(
      (r) => h.connector.sent.filter((s) => s.path.startsWith(dsl) && s.body.summary === `Urgent: case ${r}`).length,
    );
    const cards = references.map((r) => channelCardsOf(h, r));
    const unmarked = cards.map((cs) => cs.filter((c) => !cardWords(c.body.activity).includes(REPOSTED_NOTE)).length);
    const { rows: stored } = await pool.query<{ reference: string }>('SELECT reference FROM incidents');
    const storedSet = new Set(stored.map((r) => r.reference));
    const { rows: runs } = await pool.query<{ job: string; period_key: string }>(
      `SELECT job, period_key FROM job_runs WHERE status = 'done'`,
    );
    const finished = [...jobEvents(h.logs[0]!, 'job-finished'), ...jobEvents(h.logs[1]!, 'job-finished')];
    return {
      reports: opts.reports,
      acknowledged: new Set(references).size,
      stored: references.filter((r) => storedSet.has(r)).length,
      heldAtKill,
      recoveredMs,
      alertsDelivered: alerts.filter((n) => n >= 1).length,
      alertSecondCopies: alerts.filter((n) => n > 1).length,
      cases: references.length,
      casesWithOneCardToActOn: cards.filter((cs, i) => cs.length >= 1 && unmarked[i]! <= 1).length,
      casesOnlyReposted: cards.filter((cs, i) => cs.length >= 1 && unmarked[i] === 0).length,
      cardSecondCopiesMarked: cards.reduce((n, cs, i) => n + cs.length - unmarked[i]!, 0),
      jobPeriods: runs.length,
      jobPeriodsRunOnce: runs.filter((r) => finished.filter((f) => f === `${r.job} ${r.period_key}`).length === 1).length,
    };
  } finally {
    await h.close();
    await pool.end();
    await pg.stop();
  }
}
