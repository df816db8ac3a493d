import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresPool } from '../../src/adapters/postgres/database.js';
import { PostgresReminderOutbox } from '../../src/adapters/postgres/pg-reminder-outbox.js';
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
  type FiledReport,
  type Harness,
  type LeaseHolderKill,
  type Recorded,
} from '../support/crash-harness.js';
import { stopTestPostgres, testPostgres } from '../support/postgres.js';

// two bot processes (dist/main.js) on one PostgreSQL, as an App Service plan of two instances runs it,
// staff filing critical reports at both. First with both up: every message the bot queues reaches Teams
// (the stub connector) once, and every job period runs once though both schedulers start together.
// Then one instance is SIGKILLed while Teams is slow to answer its sends (it holds leases on them): its
// reporters go on at the other instance, and the other sends what the dead one held once the 15 s
// leases lapse: every acknowledged report stored, every DSL alert and channel card delivered once (a
// second copy only of a send Teams had when the instance died, the card saying so).

const LEASE_MS = 15_000;
const MARGIN_MS = 15_000;

afterAll(stopTestPostgres);

/** the proactive sends (not a turn's own replies): the leads' chats and new channel posts, as path and body */
const proactive = (h: Harness): Recorded[] =>
  h.connector.sent.filter(
    (r) =>
      r.method === 'POST' &&
      (/^\/v3\/conversations\/?$/.test(r.path) ||
        Object.values(LEADS).some((l) => r.path.startsWith(`/v3/conversations/personal-${l.id}/`))),
  );

async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !done()) await new Promise((resolve) => setTimeout(resolve, 200));
}

/** each line of a pino log that is one of `event`, parsed */
const events = (lines: readonly string[], event: string) =>
  lines.flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as { event?: string; job?: string; periodKey?: string };
      return parsed.event === event ? [parsed] : [];
    } catch {
      return [];
    }
  });

describe('two instances on one PostgreSQL', () => {
  let h: Harness | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await h?.close();
    await drop?.();
  });

  it('sends each message once, runs each job period once, and loses nothing when one is SIGKILLed mid-send', async () => {
    const database = await (await testPostgres()).database();
    drop = database.drop;
    const reporters = { before: 6, during: 8 };
    h = await openHarness({
      staff: reporters.before + reporters.during,
      instances: 2,
      databaseUrl: database.url,
      // both schedulers start at once: every job's current period is due at start-up
      env: { SCHEDULER: 'on', LOG_LEVEL: 'info' },
      // Teams is slow to answer the leads' chats and new channel posts: sends are in flight (leased) at the kill
      delayMs: (method, path) => (path.startsWith('/v3/conversations/personal-user-staff') ? 0 : method === 'POST' ? 400 : 50),
    });
    const harness = h;
    await Promise.all([harness.start(0), harness.start(1)]);
    for (const lead of Object.values(LEADS)) expect((await harness.message(lead, 'hi')).status).toBe(200);

    // --- both up: reports at both instances ---------------------------------------------------------
    const first: FiledReport[] = await Promise.all(
      Array.from({ length: reporters.before }, (_, i) => fileCriticalReport(harness.via(i % 2), staffMember(i + 1))),
    );
    const firstRefs = first.map((f) => f.reference);
    expect(new Set(firstRefs).size).toBe(reporters.before);
    await until(() => firstRefs.every((r) => dslAlertOf(harness, r) && channelCardsOf(harness, r).length > 0), 20_000);
    // what was owed has gone; a second copy would come within the poll interval, so give it time
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const reference of firstRefs) {
      expect(dslAlertOf(harness, reference), `the DSL's alert for ${reference}`).toBeDefined();
      // the DSL's and the other leads' alerts: one each
      const alerts = harness.connector.sent.filter((r) => r.body.summary === `Urgent: case ${reference}`).map((r) => r.path);
      expect(alerts.length, `${reference}: alerts`).toBeGreaterThanOrEqual(1);
      expect(new Set(alerts).size, `${reference}: alerts sent twice to one lead`).toBe(alerts.length);
      expect(channelCardsOf(harness, reference), `${reference}: channel cards`).toHaveLength(1);
    }
    const sends = proactive(harness).map((r) => `${r.path} ${JSON.stringify(r.body)}`);
    expect(sends.length).toBeGreaterThanOrEqual(reporters.before * 2);
    expect(
      sends.filter((s, i) => sends.indexOf(s) !== i),
      'messages Teams got twice',
    ).toEqual([]);

    // reminders queued in the shared outbox go once each, whichever instance claims them
    const pool = openPostgresPool(database.url, { max: 2 });
    try {
      const queuedAt = Date.now();
      const people = Array.from({ length: reporters.before }, (_, i) => staffMember(i + 1));
      await new PostgresReminderOutbox(pool, 'the-test').enqueue(
        people.map((p) => ({
          key: `aup-two-instances:${p.aadObjectId}`,
          kind: 'aup',
          recipient: p.aadObjectId,
          notBefore: new Date(queuedAt).toISOString(),
          data: { version: '2026.1', summary: 'Use school devices and accounts safely.', why: 'No record.', reason: 'missing' },
        })),
        new Date(queuedAt),
      );
      const remindersTo = (id: string) =>
        harness.connector.sent.filter(
          (r) => r.receivedAt >= queuedAt && r.method === 'POST' && r.path.startsWith(`/v3/conversations/personal-${id}/`),
        );
      await until(() => people.every((p) => remindersTo(p.id).length > 0), 20_000);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      for (const p of people) expect(remindersTo(p.id), `reminders to ${p.id}`).toHaveLength(1);
      const { rows: reminderRows } = await pool.query<{ status: string }>(
        `SELECT status FROM reminders WHERE key LIKE 'aup-two-instances:%'`,
      );
      expect(reminderRows.map((r) => r.status)).toEqual(Array<string>(reporters.before).fill('sent'));

      // every job period the two schedulers met at start-up was run by one of them, once
      const { rows: runs } = await pool.query<{ job: string; period_key: string; status: string }>(
        'SELECT job, period_key, status FROM job_runs ORDER BY job',
      );
      expect(runs.length).toBeGreaterThan(0);
      const finished = [...events(harness.logs[0]!, 'job-finished'), ...events(harness.logs[1]!, 'job-finished')];
      const started = [...events(harness.logs[0]!, 'job-started'), ...events(harness.logs[1]!, 'job-started')];
      for (const run of runs.filter((r) => r.status === 'done')) {
        const mine = (e: { job?: string; periodKey?: string }) => e.job === run.job && e.periodKey === run.period_key;
        expect(finished.filter(mine), `${run.job} ${run.period_key}: finished`).toHaveLength(1);
        expect(started.filter(mine), `${run.job} ${run.period_key}: started`).toHaveLength(1);
      }

      // --- one instance SIGKILLed while it holds leases on slow sends ---------------------------------
      // killed: whichever instance holds leases on sends Teams is slow to answer, the moment it does; its
      // reporters go on at the other (the harness's failover)
      let owed = 0;
      let kill: Promise<LeaseHolderKill> | undefined;
      const onAlertOwed = (): void => {
        if (++owed === 3) kill = killLeaseHolder(harness, pool);
      };
      const second: FiledReport[] = await Promise.all(
        Array.from({ length: reporters.during }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i * 60));
          return fileCriticalReport(harness.via(i % 2), staffMember(reporters.before + i + 1), onAlertOwed);
        }),
      );
      const { victim, heldAtKill, killedAt } = await (kill ?? Promise.resolve({ victim: -1, heldAtKill: 0, killedAt: Date.now() }));
      expect(killedAt).toBeGreaterThan(0);
      expect(heldAtKill, 'sends the killed instance held').toBeGreaterThan(0);
      const holder = `%#${harness.pid(victim)}#%`;
      const refs = second.map((f) => f.reference);
      expect(new Set([...firstRefs, ...refs]).size).toBe(reporters.before + reporters.during);

      // done when Teams has every alert and card and no row is still leased to the dead instance: what it
      // held (its leases lapse after 15 s) has been taken over by the other
      let drained = false;
      const delivered = () => drained && refs.every((r) => dslAlertOf(harness, r) && channelCardsOf(harness, r).length > 0);
      const deadline = Date.now() + LEASE_MS + MARGIN_MS;
      while (Date.now() < deadline && !delivered()) {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT COUNT(*)::int AS n FROM notifications WHERE status = 'pending' AND lease_owner LIKE $1`,
          [holder],
        );
        drained = rows[0]!.n === 0;
        if (!delivered()) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const doneAt = Date.now();
      expect(delivered(), 'every alert and card delivered by the instance left, nothing left with the dead one').toBe(true);
      expect(doneAt - killedAt).toBeLessThan(LEASE_MS + MARGIN_MS);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      for (const reference of refs) {
        // a second copy only of a send Teams had before the instance died (its outcome was lost with it)
        const alerts = harness.connector.sent
          .filter(
            (r) => r.path.startsWith(`/v3/conversations/personal-${LEADS.priya.id}/`) && r.body.summary === `Urgent: case ${reference}`,
          )
          .sort((a, b) => a.receivedAt - b.receivedAt);
        expect(alerts.length, `${reference}: DSL alerts`).toBeGreaterThanOrEqual(1);
        if (alerts.length > 1) {
          expect(alerts, `${reference}: DSL alerts`).toHaveLength(2);
          expect(alerts[0]!.receivedAt, `${reference}: the first alert was in flight at the kill`).toBeLessThanOrEqual(killedAt);
        }
        const cards = channelCardsOf(harness, reference);
        expect(cards.length, `${reference}: channel cards`).toBeGreaterThanOrEqual(1);
        const unmarked = cards.filter((c) => !cardWords(c.body.activity).includes(REPOSTED_NOTE));
        // one card to act on: at most one without the note (a post killed before it left is posted again
        // with the note, and is then the only one: the bot cannot know whether Teams had the first)
        expect(unmarked.length, `${reference}: cards that do not say they may be a second copy`).toBeLessThanOrEqual(1);
      }

      // every acknowledged report is stored, once, with its trail
      const { rows: stored } = await pool.query<{ reference: string }>('SELECT reference FROM incidents ORDER BY reference');
      expect(stored.map((r) => r.reference)).toEqual([...firstRefs, ...refs].sort());
      const { rows: reported } = await pool.query<{ n: number }>(
        `SELECT COUNT(DISTINCT incident_id)::int AS n FROM incident_events WHERE type = 'reported'`,
      );
      expect(reported[0]!.n).toBe(reporters.before + reporters.during);
    } finally {
      await pool.end();
    }
  }, 240_000);
});
