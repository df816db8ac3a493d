import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../src/adapters/sqlite/database.js';
import {
  cardWords,
  fileCriticalReport,
  LEADS,
  openHarness,
  staffMember,
  type FiledReport,
  type Harness,
  channelCardsOf,
  dslAlertOf,
  REPOSTED_NOTE,
} from '../support/crash-harness.js';

// kill -9 in the middle of concurrent critical reports, then start again on the same folder, as a
// machine that loses power or an App Service restart would. Teams (the stub connector) answers the
// leads' chats and channel posts slowly, so alerts and posts are in flight when the process dies.
// Afterwards: every report a reporter was given a reference for is stored once, every report went on
// from where its reporter was, each critical case's alert reached the DSL (within 10 s of the restart
// when it was still owed at the kill), and no case card shows twice without saying so.

const REPORTERS = 10;
const KILL_AFTER_ALERTS = [2, 6];
const TARGET_MS = 10_000;

describe('kill -9 during concurrent critical reports', () => {
  let h: Harness;
  afterAll(async () => h?.close());

  it('loses no report, leaves no draft behind, and the DSL is alerted of every case within 10 s of the restart', async () => {
    h = await openHarness({
      staff: REPORTERS,
      // Teams is slow to answer the leads' chats and new channel posts: alerts and posts are in flight at each kill
      delayMs: (method, path) => (path.startsWith('/v3/conversations/personal-user-staff') ? 0 : method === 'POST' ? 400 : 50),
    });
    await h.start();
    for (const lead of Object.values(LEADS)) expect((await h.message(lead, 'hi')).status).toBe(200);

    const kills: Array<{ killedAt: number; restartedAt: number }> = [];
    let owed = 0;
    let crashing = Promise.resolve();
    const onAlertOwed = (): void => {
      owed++;
      if (!KILL_AFTER_ALERTS.includes(owed)) return;
      crashing = crashing.then(async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const killedAt = Date.now();
        await h.kill();
        const restartedAt = await h.start();
        kills.push({ killedAt, restartedAt });
      });
    };
    const filed: FiledReport[] = await Promise.all(
      Array.from({ length: REPORTERS }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 60));
        return fileCriticalReport(h, staffMember(i + 1), onAlertOwed);
      }),
    );
    await crashing;
    expect(kills).toHaveLength(KILL_AFTER_ALERTS.length);

    // every reporter was given a reference, each a different one: no report lost or merged
    const references = filed.map((f) => f.reference);
    expect(new Set(references).size).toBe(REPORTERS);

    // the outbox drains: wait until the DSL has every case's alert and every case has a card (at most 20 s)
    const alertOf = (reference: string) => dslAlertOf(h, reference);
    const postsOf = (reference: string) => channelCardsOf(h, reference);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !references.every((r) => alertOf(r) && postsOf(r).length > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    const lastRestartBefore = (at: number) => kills.filter((k) => k.restartedAt <= at).at(-1);
    for (const reference of references) {
      const alert = alertOf(reference);
      expect(alert, `the DSL's alert for ${reference}`).toBeDefined();
      // an alert that had not reached Teams when the process died goes within the target of the restart
      const restart = lastRestartBefore(alert!.receivedAt);
      if (restart) expect(alert!.receivedAt - restart.restartedAt, `${reference}: alert after the restart`).toBeLessThan(TARGET_MS);
      // one card per case; a second only when the first post's outcome was unknown, and it says so
      const posts = postsOf(reference);
      expect(posts.length, `${reference}: channel cards`).toBeGreaterThanOrEqual(1);
      const unmarked = posts.filter((p) => !cardWords(p.body.activity).includes(REPOSTED_NOTE));
      expect(unmarked.length, `${reference}: cards that do not say they may be a second copy`).toBeLessThanOrEqual(1);
    }

    // the store: every reference once, nothing half-written, the trail of each case intact
    await h.stop();
    const db = new Database(join(h.dataDir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = db.prepare<[], { reference: string }>('SELECT reference FROM incidents ORDER BY reference').all();
      expect(stored.map((r) => r.reference)).toEqual([...references].sort());
      // no report is left as an open draft: each reporter's flow finished (a draft lost would have failed the flow)
      const reported = db
        .prepare<[], { n: number }>(`SELECT COUNT(DISTINCT incident_id) AS n FROM incident_events WHERE type = 'reported'`)
        .get();
      expect(reported?.n).toBe(REPORTERS);
    } finally {
      db.close();
    }
  }, 180_000);
});
