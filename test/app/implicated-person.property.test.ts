// R1 by person, as a property (issue 13): over random school profiles (one person holding several
// roles, vacancies, a trust CEO) and random reports about an adult of the school, the person named as
// the one the concern is about is never told, never on the case team or in refresh.userIds, never an
// outbox target, and every case verb refuses them and changes nothing.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ROLES,
  planEscalation,
  profileRoles,
  resolveRecipients,
  type IncidentFacts,
  type Person,
  type Role,
  type SchoolProfile,
} from '../../src/domain/index.js';
import { identify, rolesOf } from '../../src/app/identity.js';
import { summaryView } from '../../src/app/casework/build-views.js';
import { caseTeam, loadCase } from '../../src/app/casework/case-file.js';
import { routeRecipients, submissionOutbox } from '../../src/app/casework/case-outbox.js';
import { Casework } from '../../src/app/casework/case-actions.js';
import { migrate, openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { validFacts } from '../domain/support/arbitraries.js';
import { exampleProfile } from '../support/test-bot.js';

const POOL: Person[] = Array.from({ length: 8 }, (_, i) => ({
  aadObjectId: `b0000000-0000-4000-8000-00000000000${i}`,
  displayName: `Adult ${i}`,
}));
const pick = (ids: number[]) => ids.map((i) => POOL[i]!);

/** a profile whose roles are filled at random from eight adults: shared roles, vacancies, sometimes a trust CEO */
const profileArb: fc.Arbitrary<SchoolProfile> = fc
  .record({
    roles: fc.record(
      Object.fromEntries(ROLES.map((r) => [r, fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 2 })])) as Record<
        Role,
        fc.Arbitrary<number[]>
      >,
    ),
    dsl: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 2 }),
    head: fc.integer({ min: 0, max: 7 }),
    staff: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 4 }),
    governors: fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 3 }),
  })
  .map(({ roles, dsl, head, staff, governors }) => {
    const base = exampleProfile();
    const filled = Object.fromEntries(ROLES.map((r) => [r, pick(roles[r])])) as Record<Role, Person[]>;
    filled.dsl = pick(dsl);
    filled.headteacher = [POOL[head]!];
    return { ...base, roles: filled, staff: pick(staff), governors: pick(governors) };
  });

/** a report about an adult of the school, naming one of the eight */
const caseArb = fc.record({
  profile: profileArb,
  facts: validFacts.map((f): IncidentFacts => ({
    ...f,
    reportedBy: 'staff',
    involved: [...f.involved.filter((e) => e.party !== 'staff'), { party: 'staff', part: 'instigator' }],
  })),
  named: fc.integer({ min: 0, max: 7 }),
});

const db = openDatabaseFile(':memory:');
migrate(db);
const store = new SqliteIncidentStore(db);
afterAll(() => db.close());

let n = 0;
const NOW = new Date('2026-11-24T10:00:00Z');

describe('R1 by person: the named adult is barred at every layer, whatever the profile', () => {
  it('never told, never on the team or in refresh.userIds, never an outbox target, refused by every verb', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ profile, facts, named }) => {
        const id = POOL[named]!.aadObjectId;
        const withPerson: IncidentFacts = { ...facts, implicatedPeople: [{ aadObjectId: id, roles: rolesOf(profile, id) }] };
        const plan = planEscalation(withPerson, profileRoles(profile));
        expect(plan.excludePeople).toEqual([id]);
        expect(plan.oneToOneOnly).toBe(true);

        // who is told and who approves
        const resolved = resolveRecipients(plan, profile);
        const value = resolved.ok ? resolved.value : resolved.error.partial;
        expect(value.recipients.map((r) => r.person.aadObjectId)).not.toContain(id);
        expect(value.approvers.map((p) => p.aadObjectId)).not.toContain(id);
        for (const route of [plan.notify, [...ROLES], plan.escalateIfUnacknowledged]) {
          expect(routeRecipients({ plan }, route, profile).map((r) => r.person.aadObjectId)).not.toContain(id);
        }
        // the case team, and every message the report queues
        expect(caseTeam({ plan }, profile).map((p) => p.aadObjectId)).not.toContain(id);
        const outbox = submissionOutbox(plan, profile, NOW);
        expect(outbox.map((i) => i.recipient)).not.toContain(id);
        expect(outbox.filter((i) => i.kind === 'channel-card')).toEqual([]);

        // the stored case: refresh.userIds and every verb, as the named person
        const record = await store.create(
          {
            idempotencyKey: `property-${++n}`,
            reportedAt: NOW.toISOString(),
            reportedBy: { aadObjectId: 'c0000000-0000-4000-8000-000000000000', displayName: 'Reporter', kind: 'staff' },
            status: 'awaiting-approval',
            severity: plan.severity,
            facts: withPerson as never,
            plan: plan as never,
            details: { description: 'what the reporter saw', date: '2026-11-24' },
          },
          {
            type: 'reported',
            at: NOW.toISOString(),
            actor: { aadObjectId: 'c0000000-0000-4000-8000-000000000000', displayName: 'Reporter' },
          },
          'OS',
        );
        const file = (await loadCase(store, record.id))!;
        expect(summaryView(file, profile, NOW).teamUserIds).not.toContain(id);
        const casework = new Casework({ store, profile, now: () => NOW });
        const actor = { who: identify(profile, id), displayName: 'Named adult' };
        expect(casework.mayOpen(file, actor)).toBe(false);
        const results = [
          await casework.open(record.id, actor),
          await casework.openDetails(record.id, actor, 'chat'),
          await casework.acknowledge(record.id, actor),
          await casework.approve(record.id, actor),
          await casework.approve(record.id, actor, { route: 'dsl', reason: 'I decide' }),
          await casework.askReporter(record.id, actor, { question: 'Who else saw it?', formId: 'f1' }),
          await casework.recordReferral(record.id, actor, { formId: 'f2', agency: 'lado', date: '2026-11-24', madeBy: 'Me' }),
          await casework.close(record.id, actor, { formId: 'f3', outcome: 'Nothing to see' }),
        ];
        for (const r of results) expect(r.ok).toBe(false);
        expect((await store.events(record.id)).map((e) => e.type)).toEqual(['reported']);
      }),
      { numRuns: 300 },
    );
  });
});
