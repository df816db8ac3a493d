// The SharePoint bench: what copying the embedded store to the SharePoint lists costs. Reports are filed
// with submitReport (the example profile, a grooming report with the trail of the steps the reporter
// went through: several events each) into SqliteIncidentStore(db, { replicate: true }) on a temp file
// (openDatabase, WAL and synchronous FULL as in production), and the real SharePointReplicator copies
// them through the real GraphClient to a stand-in for Graph at `graphUrl` (bench/stub-graph.ts, in its
// own process). Each incident goes to two lists in one $batch: the case in full to the restricted site,
// its summary line to the shared site (the bench's grooming report by an unknown adult has one). Four
// measurements:
// - requests per new incident: each report drained as soon as it is filed (a quiet school: the worker
//   runs every 10 s), counted by the replicator and checked against what the stand-in got;
// - requests per approval: the DSL approves each of those cases (Casework.approve), each drained;
// - drain rate: `tasks` copies queued (reports filed, nothing drained), then one timed runOnce();
//   its baseline is the same Graph requests (same bodies, same grouping) sent straight through the
//   GraphClient, so the ratio is what the queue and the store add around the HTTP;
// - the write path: filing a report with the copy queued in its transaction against filing the same
//   report into a store without replication (its own file in the same directory), interleaved.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { pino } from 'pino';
import { parse } from 'yaml';
import { repoRoot } from '../scripts/lib/processes.js';
import { GraphClient, type GraphRequest } from '../src/adapters/graph/graph-client.js';
import { detailFields, eventFields, keptOffSharedSite, summaryFields } from '../src/adapters/sharepoint/fields.js';
import { LISTS, type ListKey } from '../src/adapters/sharepoint/lists.js';
import { SharePointReplicator, type ReplicationCounts } from '../src/adapters/sharepoint/replicator.js';
import { openDatabase, type SqliteDatabase } from '../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteReplicationQueue } from '../src/adapters/sqlite/sqlite-replication-queue.js';
import { Casework } from '../src/app/casework/case-actions.js';
import { identify } from '../src/app/identity.js';
import { stepsFor, type ReportAnswers } from '../src/app/report-flow/index.js';
import { submitReport } from '../src/app/submit-report.js';
import { parseSchoolProfile } from '../src/config/profile-loader.js';
import type { IncidentRecord, IncidentStore } from '../src/ports/incident-store.js';
import { httpRequest } from './lib.js';
import type { StubGraphStats } from './stub-graph.js';

const SITE = 'oakfield.sharepoint.com,0b1d7c5a-1111-4c1e-9a39-1f2a3b4c5d6e,7e6d5c4b-2222-4a3b-8c9d-0e1f2a3b4c5d';
const RESTRICTED = 'oakfield.sharepoint.com,5f0e2a11-3333-4d2c-8e4f-6a7b8c9d0e1f,9a8b7c6d-4444-4e5f-9a0b-1c2d3e4f5a6b';
const SAM = { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001', displayName: 'Sam Taylor', kind: 'staff' as const };
const PRIYA_AAD = 'a1b2c3d4-0000-4000-8000-000000000002';
const ANSWERS: ReportAnswers = {
  victims: ['pupil'],
  instigators: ['unknown-adult'],
  types: ['grooming'],
  date: '2026-11-23',
  time: '19:30',
  platform: 'Roblox',
  description: 'A man messaged a pupil in a game asking to meet, and asked them to keep it secret.',
};
const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'bench-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export interface PhaseCounts {
  /** the replicator's own count of Graph requests */
  requests: number;
  /** at the stand-in: item creates sent alone, field PATCHes, look-ups, $batches and the creates they carried (incident lists and the decision log) */
  creates: number;
  patches: number;
  lookups: number;
  batches: number;
  batchedCreates: number;
  copied: number;
}

export interface SharePointResult {
  warmup: number;
  /** events each report opens with (the trail of the steps, then 'reported') */
  eventsPerReport: number;
  /** new incidents, each drained as soon as filed */
  newIncidents: PhaseCounts & { incidents: number };
  /** approvals, each drained as soon as made */
  approvals: PhaseCounts & { approvals: number };
  /** one timed drain of a backlog */
  drain: PhaseCounts & { tasks: number; incidents: number; ms: number };
  /** the drain's Graph requests sent straight through the GraphClient */
  baseline: { requests: number; ms: number };
  /** filing one report: with the copy queued, and into a store without replication */
  fileReplicatedMs: number[];
  filePlainMs: number[];
  /** everything that should not be: retries, items missing at the stand-in, counts that disagree */
  problems: string[];
}

function exampleProfile() {
  const parsed = parseSchoolProfile(parse(readFileSync(join(repoRoot, 'profiles/example-school.yaml'), 'utf8')));
  if (!parsed.ok) throw new Error(`profiles/example-school.yaml: ${parsed.errors.join('; ')}`);
  return parsed.value;
}

const countRows = (db: SqliteDatabase, table: 'incidents' | 'incident_events'): number =>
  db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get()!.n;

export async function benchSharePoint(opts: {
  reports: number;
  tasks: number;
  graphUrl: string;
  warmup?: number;
}): Promise<SharePointResult> {
  const warmup = opts.warmup ?? 20;
  const dir = mkdtempSync(join(tmpdir(), 'bench-sharepoint-'));
  const db = openDatabase(join(dir, 'replicated')); // WAL and synchronous FULL, as in production
  const plainDb = openDatabase(join(dir, 'plain'));
  try {
    const profile = exampleProfile();
    const store = new SqliteIncidentStore(db, { replicate: true });
    const plain = new SqliteIncidentStore(plainDb);
    const queue = new SqliteReplicationQueue(db);
    const graph = new GraphClient({ credential, userAgent: 'NONISV|Oakfield Primary|OnlineSafetyBot/bench', baseUrl: opts.graphUrl });
    const listIds = Object.fromEntries(LISTS.map((spec) => [spec.key, `bench-${spec.key}`])) as Record<ListKey, string>;
    const replicator = new SharePointReplicator({
      queue,
      source: store,
      graph,
      sites: { shared: SITE, restricted: RESTRICTED },
      listIds: async () => listIds,
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
      random: () => 0.5,
    });
    const stats = async (): Promise<StubGraphStats> => JSON.parse((await httpRequest(`${opts.graphUrl}/_stats`)).body) as StubGraphStats;
    const problems: string[] = [];

    let flows = 0;
    const file = (into: IncidentStore, flowId = `bench-sp-${++flows}`): Promise<IncidentRecord> => {
      const now = new Date();
      const startedAt = new Date(now.getTime() - 4 * 60_000);
      // the trail the report card leaves: one 'step-completed' per step passed, a few seconds apart
      const completed = stepsFor(ANSWERS)
        .filter((s) => s !== 'review')
        .map((step, i) => ({ step, at: new Date(startedAt.getTime() + (i + 1) * 30_000).toISOString() }));
      return submitReport({
        store: into,
        profile,
        now,
        draft: { flowId, step: 'review', startedAt: startedAt.toISOString(), answers: ANSWERS, completed },
        reporter: SAM,
      });
    };
    const total = (a: ReplicationCounts, b: ReplicationCounts): ReplicationCounts => ({
      copied: a.copied + b.copied,
      withheld: a.withheld + b.withheld,
      retrying: a.retrying + b.retrying,
      requests: a.requests + b.requests,
    });
    const zero = (): ReplicationCounts => ({ copied: 0, withheld: 0, retrying: 0, requests: 0 });
    /** what the stand-in got between two snapshots, on the bench's lists */
    const delta = (before: StubGraphStats, after: StubGraphStats, counts: ReplicationCounts): PhaseCounts => {
      const sum = (s: StubGraphStats, field: 'creates' | 'patches' | 'lookups' | 'batchedCreates') =>
        (['summary', 'details', 'events'] as const).reduce((n, key) => n + (s.lists[listIds[key]]?.[field] ?? 0), 0);
      const change = (field: 'creates' | 'patches' | 'lookups' | 'batchedCreates') => sum(after, field) - sum(before, field);
      const requests = after.requests - before.requests;
      if (requests !== counts.requests)
        problems.push(`the replicator counted ${counts.requests} Graph requests, the stand-in got ${requests}`);
      if (counts.retrying > 0) problems.push(`${counts.retrying} copies put off for a retry`);
      if (counts.withheld > 0) problems.push(`${counts.withheld} copies withheld (the bench has a restricted site: nothing should be)`);
      return {
        requests: counts.requests,
        creates: change('creates') - change('batchedCreates'),
        patches: change('patches'),
        lookups: change('lookups'),
        batches: after.batches - before.batches,
        batchedCreates: change('batchedCreates'),
        copied: counts.copied,
      };
    };

    // warm-up: reports filed, approved and drained one by one, untimed and uncounted
    const caseWork = new Casework({ store, profile, now: () => new Date() });
    const priya = { who: identify(profile, PRIYA_AAD), displayName: 'Priya Shah' };
    let warm = zero();
    for (let i = 0; i < warmup; i++) {
      const record = await file(store);
      await file(plain);
      warm = total(warm, await replicator.runOnce());
      await caseWork.approve(record.id, priya);
      warm = total(warm, await replicator.runOnce());
    }
    if (warm.retrying > 0) problems.push(`warm-up: ${warm.retrying} copies put off for a retry`);
    const eventsPerReport = (await plain.events((await file(plain)).id)).length;

    // requests per new incident: each report copied as soon as it is filed
    let before = await stats();
    let counts = zero();
    const records: IncidentRecord[] = [];
    for (let i = 0; i < opts.reports; i++) {
      records.push(await file(store));
      counts = total(counts, await replicator.runOnce());
    }
    const newIncidents = { incidents: opts.reports, ...delta(before, await stats(), counts) };

    // requests per approval: the DSL approves each of those cases, each copied as soon as it is made
    before = await stats();
    counts = zero();
    for (const record of records) {
      const approved = await caseWork.approve(record.id, priya);
      if (!approved.ok) throw new Error(`${record.reference}: the approval was refused: ${JSON.stringify(approved).slice(0, 200)}`);
      counts = total(counts, await replicator.runOnce());
    }
    const approvals = { approvals: records.length, ...delta(before, await stats(), counts) };

    // the backlog: reports filed (each also into the plain store, the write path's baseline) until
    // `tasks` copies are queued, nothing drained
    const fileReplicatedMs: number[] = [];
    const filePlainMs: number[] = [];
    const backlogIds: string[] = [];
    while ((await queue.backlog()).pending < opts.tasks) {
      const order =
        backlogIds.length % 2 === 0
          ? ([
              [store, fileReplicatedMs],
              [plain, filePlainMs],
            ] as const)
          : ([
              [plain, filePlainMs],
              [store, fileReplicatedMs],
            ] as const);
      for (const [into, times] of order) {
        const t0 = performance.now();
        const record = await file(into);
        times.push(performance.now() - t0);
        if (into === store) backlogIds.push(record.id);
      }
    }
    const queued = (await queue.backlog()).pending;

    // the baseline's requests: the drain's, in its grouping (claims of 100 in queue order, incidents
    // first, events 20 to a $batch), with the same bodies, to lists of their own (read untimed)
    const rows = db
      .prepare<[], { kind: 'incident' | 'event'; incident_id: string; seq: number }>(
        `SELECT kind, incident_id, seq FROM replication_queue WHERE status = 'pending' ORDER BY next_attempt_at, id`,
      )
      .all();
    const baseItems = (key: ListKey) => `/sites/${key === 'summary' ? SITE : RESTRICTED}/lists/baseline-${key}/items`;
    const plan: (() => Promise<unknown>)[] = [];
    for (let i = 0; i < rows.length; i += 100) {
      const claim = rows.slice(i, i + 100);
      for (const row of claim.filter((r) => r.kind === 'incident')) {
        const record = (await store.get(row.incident_id))!;
        const requests: (GraphRequest & { id: string })[] = [
          { id: '1', method: 'POST', path: baseItems('details'), body: { fields: detailFields(record, `replica:${record.id}`) } },
        ];
        if (!keptOffSharedSite(record))
          requests.push({ id: '2', method: 'POST', path: baseItems('summary'), body: { fields: summaryFields(record) } });
        plan.push(() => (requests.length === 1 ? graph.send(requests[0]!) : graph.batch(requests)));
      }
      const events = claim.filter((r) => r.kind === 'event');
      for (let j = 0; j < events.length; j += 20) {
        const requests = await Promise.all(
          events.slice(j, j + 20).map(async (row, k) => {
            const event = (await store.events(row.incident_id)).find((e) => e.seq === row.seq)!;
            return {
              id: String(k),
              method: 'POST' as const,
              path: baseItems('events'),
              body: { fields: eventFields(row.incident_id, row.seq, event) },
            };
          }),
        );
        plan.push(() => graph.batch(requests));
      }
    }
    // a few untimed first, to the baseline's own warm-up lists
    for (let i = 0; i < 5; i++)
      await graph.send({ method: 'POST', path: `/sites/${SITE}/lists/baseline-warmup/items`, body: { fields: { Title: `w-${i}` } } });
    const b0 = performance.now();
    for (const send of plan) await send();
    const baseline = { requests: plan.length, ms: performance.now() - b0 };

    // the drain: one run, as the worker's timer makes it
    before = await stats();
    const d0 = performance.now();
    const drained = await replicator.runOnce();
    const drainMs = performance.now() - d0;
    const drain = { tasks: queued, incidents: backlogIds.length, ms: drainMs, ...delta(before, await stats(), drained) };
    if (drained.copied !== queued) problems.push(`the drain copied ${drained.copied} of ${queued} queued copies`);

    // everything in the embedded store is at the stand-in, once
    const after = await stats();
    const pending = (await queue.backlog()).pending;
    if (pending > 0) problems.push(`${pending} copies still queued at the end`);
    const at = (key: ListKey) => after.lists[listIds[key]];
    const [incidents, events] = [countRows(db, 'incidents'), countRows(db, 'incident_events')];
    if (at('details')?.items !== incidents)
      problems.push(`${incidents} incidents stored, ${at('details')?.items ?? 0} cases at the stand-in`);
    if (at('summary')?.items !== incidents)
      problems.push(`${incidents} incidents stored, ${at('summary')?.items ?? 0} summary lines at the stand-in`);
    if (at('events')?.items !== events) problems.push(`${events} events stored, ${at('events')?.items ?? 0} at the stand-in`);
    const conflicts = Object.values(after.lists).reduce((sum, l) => sum + l.conflicts, 0);
    if (conflicts > 0) problems.push(`${conflicts} creates refused as duplicates`);
    if (after.unhandledCount > 0)
      problems.push(`the stand-in had no route for ${after.unhandledCount} requests: ${after.unhandled.join(', ')}`);
    if (baseline.requests !== drain.requests) problems.push(`the baseline sent ${baseline.requests} requests, the drain ${drain.requests}`);

    return { warmup, eventsPerReport, newIncidents, approvals, drain, baseline, fileReplicatedMs, filePlainMs, problems };
  } finally {
    db.close();
    plainDb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
