import { describe, expect, it } from 'vitest';
import { spawnSync, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { holderIsGone, LEASE_OWNER, takeBackFromDeadHolders } from '../../src/adapters/sqlite/claim-due.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteNotificationOutbox } from '../../src/adapters/sqlite/sqlite-notification-outbox.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { newIncident, reportedEvent } from '../ports/incident-store.contract.js';

/** the pid of a process that has run and exited on this machine */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(run.stdout);
}

const at = (time: string): Date => new Date(`2026-11-24T${time}.000Z`);
const here = hostname();

describe('leases held by a process that died', () => {
  it('tells a dead holder on this machine from a live one, another machine and this process', () => {
    const me = `${here}#${process.pid}#aaaa1111`;
    expect(holderIsGone(`${here}#${deadPid()}#bbbb2222`, me)).toBe(true);
    // the same pid started again (pid 1 in a container) is a new process: the old start is gone
    expect(holderIsGone(`${here}#${process.pid}#cccc3333`, me)).toBe(true);
    expect(holderIsGone(me, me)).toBe(false);
    expect(holderIsGone(`${here}#${process.ppid}#dddd4444`, me)).toBe(false);
    // another machine's holder keeps its lease until it lapses: its heartbeat stops when it dies
    expect(holderIsGone(`other-host#${deadPid()}#eeee5555`, me)).toBe(false);
    expect(holderIsGone('not an owner', me)).toBe(false);
    expect(LEASE_OWNER.startsWith(`${here}#${process.pid}#`)).toBe(true);
  });

  it('on start-up, what a dead process held is due at once; a live holder and a Retry-After wait are left alone', async () => {
    const db = openDatabaseFile(':memory:');
    const store = new SqliteIncidentStore(db);
    const dead = `${here}#${deadPid()}#0dead000`;
    const live = `${here}#${process.ppid}#11ve0000`;
    const alert = (key: string) => ({
      key,
      kind: 'routed' as const,
      recipient: key,
      notBefore: at('09:15:00').toISOString(),
      data: { stage: 'alert' },
    });
    await store.create(newIncident(), reportedEvent, 'OS', { outbox: [alert('held-by-dead'), alert('throttled')] });
    await store.create(newIncident(), reportedEvent, 'OS', { outbox: [alert('held-by-live')] });
    const crashed = new SqliteNotificationOutbox(db, dead);
    const running = new SqliteNotificationOutbox(db, live);
    const [held, throttled] = await crashed.claimDue(at('09:15:01'), 2, 15_000);
    await crashed.retryLater(throttled!.id, at('09:15:02'), at('09:20:00'), 'Teams answered 429');
    await running.claimDue(at('09:15:01'), 10, 15_000);
    // and a reminder the dead process was sending
    const reminders = new SqliteReminderOutbox(db);
    await reminders.enqueue(
      [{ key: 'aup:sam', kind: 'aup', recipient: 'sam', notBefore: at('09:00:00').toISOString(), data: {} }],
      at('09:00:00'),
    );
    db.prepare(`UPDATE reminders SET lease_owner = ?, next_attempt_at = ?`).run(dead, at('09:25:00').toISOString());

    const me = LEASE_OWNER;
    expect(takeBackFromDeadHolders(db, at('09:15:03'), me)).toEqual({ notifications: 1, reminders: 1 });
    const next = new SqliteNotificationOutbox(db, me);
    expect((await next.claimDue(at('09:15:03'), 10, 15_000)).map((n) => n.key)).toEqual(['held-by-dead']);
    expect(held!.key).toBe('held-by-dead');
    const rows = db.prepare<[], { key: string; next_attempt_at: string; lease_owner: string | null }>(
      'SELECT key, next_attempt_at, lease_owner FROM notifications ORDER BY id',
    );
    expect(rows.all()).toEqual([
      { key: 'held-by-dead', next_attempt_at: at('09:15:18').toISOString(), lease_owner: me },
      { key: 'throttled', next_attempt_at: at('09:20:00').toISOString(), lease_owner: null },
      { key: 'held-by-live', next_attempt_at: at('09:15:16').toISOString(), lease_owner: live },
    ]);
    expect((await reminders.claimDue(at('09:15:03'), 10, 60_000)).map((r) => r.key)).toEqual(['aup:sam']);
    // nothing more to take back
    expect(takeBackFromDeadHolders(db, at('09:15:04'), me)).toEqual({});
    db.close();
  });

  it('a process killed while holding messages releases them to its successor at once (a real SIGKILL)', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const pid = child.pid!;
    const holder = `${here}#${pid}#c0ffee00`;
    const me = `${here}#${process.pid}#5e1f0001`;
    expect(holderIsGone(holder, me)).toBe(false);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(holderIsGone(holder, me)).toBe(true);
  });
});
