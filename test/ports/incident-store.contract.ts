import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import {
  ConcurrencyError,
  NotFoundError,
  type IncidentStore,
  type NewIncident,
  type NewIncidentEvent,
} from '../../src/ports/incident-store.js';

// the contract every IncidentStore adapter must keep; run it against each adapter.

export const staffReporter = { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001', displayName: 'Sam Taylor', kind: 'staff' as const };

export function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    idempotencyKey: `flow-${Math.random().toString(36).slice(2)}`,
    reportedAt: '2026-11-24T09:15:00.000Z',
    reportedBy: staffReporter,
    status: 'awaiting-approval',
    severity: 'high',
    facts: { reportedBy: 'staff', types: ['cyberbullying'], involved: [{ party: 'pupil', part: 'victim' }] },
    plan: { severity: 'high', notify: ['dsl'] },
    details: { description: 'Messages in a class group chat calling a pupil names.' },
    ...overrides,
  };
}

export const reportedEvent: NewIncidentEvent = {
  type: 'reported',
  at: '2026-11-24T09:15:00.000Z',
  actor: { aadObjectId: staffReporter.aadObjectId, displayName: staffReporter.displayName },
};

export function incidentStoreContract(
  adapterName: string,
  open: () => Promise<{ store: IncidentStore; cleanup: () => Promise<void> }>,
): void {
  describe(`IncidentStore contract: ${adapterName}`, () => {
    let store: IncidentStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await open()));
    afterEach(async () => cleanup());

    it('allocates references per prefix and year in order: OS-2026-0001, OS-2026-0002, then OS-2027-0001', async () => {
      const a = await store.create(newIncident(), reportedEvent, 'OS');
      const b = await store.create(newIncident(), reportedEvent, 'OS');
      const c = await store.create(newIncident({ reportedAt: '2027-01-04T08:00:00.000Z' }), reportedEvent, 'OS');
      const d = await store.create(newIncident(), reportedEvent, 'ST');
      expect([a.reference, b.reference, c.reference, d.reference]).toEqual([
        'OS-2026-0001',
        'OS-2026-0002',
        'OS-2027-0001',
        'ST-2026-0001',
      ]);
    });

    it('returns what was stored, with version 1 and the first event as seq 1', async () => {
      const input = newIncident();
      const created = await store.create(input, reportedEvent, 'OS');
      expect(created).toMatchObject({
        reportedAt: input.reportedAt,
        reportedBy: staffReporter,
        status: 'awaiting-approval',
        severity: 'high',
        facts: input.facts,
        plan: input.plan,
        details: input.details,
        version: 1,
      });
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.getByReference(created.reference)).toEqual(created);
      expect(await store.events(created.id)).toEqual([{ ...reportedEvent, incidentId: created.id, seq: 1 }]);
    });

    it('creates one incident when the same submission arrives twice (idempotency key)', async () => {
      const input = newIncident({ idempotencyKey: 'flow-double-click' });
      const first = await store.create(input, reportedEvent, 'OS');
      const second = await store.create(input, reportedEvent, 'OS');
      expect(second.id).toBe(first.id);
      expect(second.reference).toBe('OS-2026-0001');
      expect(await store.events(first.id)).toHaveLength(1);
      expect(await store.listByReporter(staffReporter.aadObjectId)).toHaveLength(1);
    });

    it("a key already used by someone else is no key: the second reporter's report is recorded as its own", async () => {
      const first = await store.create(newIncident({ idempotencyKey: 'worry:card-1' }), reportedEvent, 'OS');
      const other = { aadObjectId: 'a1b2c3d4-0000-4000-8000-0000000000ff', displayName: 'Leo Green', kind: 'pupil' as const };
      const second = await store.create(
        { ...newIncident({ idempotencyKey: 'worry:card-1' }), reportedBy: other, details: { description: 'danger now' } },
        reportedEvent,
        'OS',
      );
      expect(second.id).not.toBe(first.id);
      expect(second.reference).toBe('OS-2026-0002');
      expect(second.reportedBy).toEqual(other);
      expect(second.details).toEqual({ description: 'danger now' });
      expect(await store.listByReporter(other.aadObjectId)).toHaveLength(1);
      // each reporter's own repeat is still recognised as a repeat
      expect((await store.create({ ...newIncident({ idempotencyKey: 'worry:card-1' }), reportedBy: other }, reportedEvent, 'OS')).id).toBe(
        second.id,
      );
      expect((await store.create(newIncident({ idempotencyKey: 'worry:card-1' }), reportedEvent, 'OS')).id).toBe(first.id);
    });

    it('writes the opening events with the incident, in order, and none again on a repeat', async () => {
      const step = (n: number): NewIncidentEvent => ({
        type: 'step-completed',
        at: `2026-11-24T09:1${n}:00.000Z`,
        actor: reportedEvent.actor,
        data: { step: `s${n}` },
      });
      const input = newIncident({ idempotencyKey: 'flow-trail' });
      const created = await store.create(input, [step(1), step(2), reportedEvent], 'OS');
      await store.create(input, [step(1), step(2), reportedEvent], 'OS');
      expect((await store.events(created.id)).map((e) => [e.seq, e.type, e.data ?? null])).toEqual([
        [1, 'step-completed', { step: 's1' }],
        [2, 'step-completed', { step: 's2' }],
        [3, 'reported', null],
      ]);
    });

    it("lists only the reporter's own incidents, newest first", async () => {
      const older = await store.create(newIncident({ reportedAt: '2026-11-20T10:00:00.000Z' }), reportedEvent, 'OS');
      const newer = await store.create(newIncident({ reportedAt: '2026-11-23T10:00:00.000Z' }), reportedEvent, 'OS');
      await store.create(
        newIncident({ reportedBy: { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000003', displayName: 'Tom Okafor', kind: 'staff' } }),
        reportedEvent,
        'OS',
      );
      const mine = await store.listByReporter(staffReporter.aadObjectId);
      expect(mine.map((i) => i.id)).toEqual([newer.id, older.id]);
      expect(await store.listByReporter('a1b2c3d4-0000-4000-8000-0000000000ff')).toEqual([]);
    });

    it("a report completing its early danger alert's case replaces the facts, plan and details", async () => {
      const created = await store.create(newIncident({ idempotencyKey: 'danger:flow-early' }), reportedEvent, 'OS');
      const facts = { reportedBy: 'staff', involved: [{ party: 'pupil', part: 'victim' }], types: ['grooming'], immediateRisk: true };
      const updated = await store.update(
        created.id,
        created.version,
        { facts, details: { description: 'the whole report' } },
        { ...reportedEvent, type: 'report-completed', at: '2026-11-24T09:20:00.000Z' },
      );
      expect(updated.facts).toEqual(facts);
      expect((await store.get(created.id))!.facts).toEqual(facts);
      expect((await store.get(created.id))!.details).toEqual({ description: 'the whole report' });
      expect(updated.reference).toBe(created.reference);
    });

    it('updates with the version it read, appending the event, and refuses a stale version', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS');
      const approve: NewIncidentEvent = {
        type: 'approved',
        at: '2026-11-24T09:20:00.000Z',
        actor: { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002', displayName: 'Priya Shah' },
        reason: 'Route as proposed',
      };
      const updated = await store.update(created.id, 1, { status: 'escalated' }, approve);
      expect(updated).toMatchObject({ status: 'escalated', severity: 'high', version: 2, updatedAt: approve.at, details: created.details });
      await expect(store.update(created.id, 1, { status: 'closed' }, approve)).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store.get(created.id))!.status).toBe('escalated');
      expect((await store.events(created.id)).map((e) => [e.seq, e.type, e.reason])).toEqual([
        [1, 'reported', undefined],
        [2, 'approved', 'Route as proposed'],
      ]);
    });

    it('appends events in order and rejects events for an unknown incident', async () => {
      const created = await store.create(newIncident(), reportedEvent, 'OS');
      const e = await store.appendEvent(created.id, {
        type: 'note',
        at: '2026-11-24T10:00:00.000Z',
        actor: { system: 'scheduler' },
        data: { n: 1 },
      });
      expect(e).toEqual({
        type: 'note',
        at: '2026-11-24T10:00:00.000Z',
        actor: { system: 'scheduler' },
        data: { n: 1 },
        incidentId: created.id,
        seq: 2,
      });
      await expect(store.appendEvent('no-such-incident', reportedEvent)).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.update('no-such-incident', 1, {}, reportedEvent)).rejects.toBeInstanceOf(NotFoundError);
      expect(await store.get('no-such-incident')).toBeUndefined();
    });

    it('lists the cases not yet closed, oldest report first, up to the limit', async () => {
      const middle = await store.create(
        newIncident({
          reportedAt: '2026-11-22T10:00:00.000Z',
          reportedBy: { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000003', displayName: 'Tom Okafor', kind: 'staff' },
        }),
        reportedEvent,
        'OS',
      );
      const newest = await store.create(newIncident({ reportedAt: '2026-11-23T10:00:00.000Z', status: 'escalated' }), reportedEvent, 'OS');
      const oldest = await store.create(newIncident({ reportedAt: '2026-11-20T10:00:00.000Z' }), reportedEvent, 'OS');
      const closed = await store.create(newIncident({ reportedAt: '2026-11-19T10:00:00.000Z' }), reportedEvent, 'OS');
      await store.update(closed.id, 1, { status: 'closed' }, { ...reportedEvent, type: 'closed', at: '2026-11-24T10:00:00.000Z' });
      expect((await store.listOpen()).map((i) => i.id)).toEqual([oldest.id, middle.id, newest.id]);
      expect((await store.listOpen(2)).map((i) => i.id)).toEqual([oldest.id, middle.id]);
    });

    it('lists the cases reported in a period, from inclusive to exclusive, oldest first', async () => {
      const before = await store.create(newIncident({ reportedAt: '2026-08-31T23:59:59.000Z' }), reportedEvent, 'OS');
      const first = await store.create(newIncident({ reportedAt: '2026-09-01T00:00:00.000Z' }), reportedEvent, 'OS');
      const last = await store.create(newIncident({ reportedAt: '2026-12-18T15:00:00.000Z' }), reportedEvent, 'OS');
      await store.create(newIncident({ reportedAt: '2027-01-05T08:00:00.000Z' }), reportedEvent, 'OS');
      const term = await store.listReportedBetween('2026-09-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z');
      expect(term.map((i) => i.id)).toEqual([first.id, last.id]);
      expect(term.map((i) => i.id)).not.toContain(before.id);
      expect(await store.listReportedBetween('2025-09-01T00:00:00.000Z', '2025-12-20T00:00:00.000Z')).toEqual([]);
    });

    it('keeps words exactly as typed, even a NUL, an emoji and a right-to-left mark, in the report and in a reason', async () => {
      const words = 'he said \u0000 "meet me" 😀 \u202e at 5\n';
      const created = await store.create(newIncident({ details: { description: words } }), reportedEvent, 'OS');
      await store.appendEvent(created.id, { ...reportedEvent, type: 'note', reason: words });
      expect((await store.get(created.id))!.details).toEqual({ description: words });
      expect((await store.events(created.id))[1]!.reason).toBe(words);
    });

    it('answers ping when reachable', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
