import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { GraphDirectory } from '../../src/adapters/graph/graph-directory.js';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { SqliteDirectoryMirror } from '../../src/adapters/sqlite/sqlite-directory-mirror.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { complianceJobs } from '../../src/app/compliance/jobs.js';
import { exampleProfile } from '../support/test-bot.js';

const GRAPH = 'https://graph.microsoft.com';
const STAFF_GROUP = '5ec0ffee-0000-4000-8000-000000000001';
const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** Graph answering the users delta (nothing changed) and the staff group's members, in two pages */
function graphWith(members: { id: string; displayName: string }[]) {
  nock(GRAPH)
    .get('/v1.0/users/delta')
    .query(true)
    .reply(200, { value: [], '@odata.deltaLink': `${GRAPH}/v1.0/users/delta?$deltatoken=t-next` });
  nock(GRAPH).get('/v1.0/users').query(true).reply(200, { value: [] });
  const half = Math.ceil(members.length / 2);
  nock(GRAPH)
    .get(`/v1.0/groups/${STAFF_GROUP}/members/microsoft.graph.user`)
    .query({ $select: 'id,displayName', $top: '999' })
    .reply(200, {
      value: members.slice(0, half),
      '@odata.nextLink': `${GRAPH}/v1.0/groups/${STAFF_GROUP}/members/microsoft.graph.user?$skiptoken=p2`,
    })
    .get(`/v1.0/groups/${STAFF_GROUP}/members/microsoft.graph.user`)
    .query({ $skiptoken: 'p2' })
    .reply(200, { value: members.slice(half) });
}

describe('the acceptable use agreement on appointment', () => {
  it('someone new in the staff group is asked the next morning; the staff already there are not, and the monthly run includes them', async () => {
    const db = openDatabaseFile(':memory:');
    const profile = { ...exampleProfile(), staffGroupIds: [STAFF_GROUP] };
    const records = new SqliteComplianceRecords(db);
    const reminders = new SqliteReminderOutbox(db);
    const directory = new GraphDirectory(new GraphClient({ credential, userAgent: 'NONISV|Oakfield Primary|OnlineSafetyBot/0.1.0' }));
    const jobs = complianceJobs({ profile, records, reminders, directory, mirror: new SqliteDirectoryMirror(db) });
    const sync = jobs.find((j) => j.name === 'directory-sync')!;
    const existing = [
      { id: 'staff-1', displayName: 'Rita Long-Serving' },
      { id: 'staff-2', displayName: 'Ben Steady' },
    ];

    graphWith(existing);
    const day1 = new Date('2026-11-23T07:00:00Z');
    expect(await sync.run({ now: day1, periodKey: sync.periodKey(day1), dryRun: false, report: () => {} })).toMatchObject({
      kind: 'full',
      appointed: 0,
      reminded: 0,
    });

    graphWith([...existing, { id: 'staff-3', displayName: 'Nadia New' }]);
    const day2 = new Date('2026-11-24T07:00:00Z');
    const lines: string[] = [];
    const named: string[] = [];
    expect(
      await sync.run({
        now: day2,
        periodKey: sync.periodKey(day2),
        dryRun: false,
        report: (l) => lines.push(l),
        detail: (l) => named.push(l),
      }),
    ).toMatchObject({ kind: 'delta', appointed: 1, reminded: 1 });
    // the name goes to whoever runs npm run job, never to the log the scheduler writes
    expect(named).toContain('new in a staff group: Nadia New');
    expect(lines).toContain('1 new in the staff groups');
    expect(lines.join('\n')).not.toContain('Nadia');
    const asked = await reminders.list({ kind: 'aup' });
    expect(asked.map((r) => [r.recipient, (r.data as { reason: string }).reason])).toEqual([['staff-3', 'new-starter']]);

    // the monthly run counts the staff group as staff, and asks Nadia once more (another period), not the others twice
    const aup = jobs.find((j) => j.name === 'aup')!;
    const dec = new Date('2026-12-01T08:00:00Z');
    await aup.run({ now: dec, periodKey: aup.periodKey(dec), dryRun: false, report: () => {} });
    const december = (await reminders.list({ kind: 'aup' })).filter((r) => r.key.startsWith('aup-2026-12:')).map((r) => r.recipient);
    expect(december.filter((id) => id.startsWith('staff-')).sort()).toEqual(['staff-1', 'staff-2', 'staff-3']);
    expect(new Set(december).size).toBe(december.length);
  });
});
