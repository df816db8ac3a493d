// who is a pupil or staff is read from the profile's groups through the directory copy (issue 13:
// pupils.groupIds was accepted and never used, so a pupil known only by group was taken for staff)
import { describe, expect, it } from 'vitest';
import { migrate, openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteDirectoryMirror } from '../../src/adapters/sqlite/sqlite-directory-mirror.js';
import { LiveGroupMembership } from '../../src/app/group-membership.js';
import { identify } from '../../src/app/identity.js';
import { exampleProfile } from '../support/test-bot.js';

const PUPILS_GROUP = 'c1000000-0000-4000-8000-000000000001';
const STAFF_GROUP = 'c2000000-0000-4000-8000-000000000002';
const MIA = 'd0000000-0000-4000-8000-00000000000a'; // a pupil on no list but the pupils' group
const RAJ = 'd0000000-0000-4000-8000-00000000000b'; // a new teaching assistant in the staff group
const AT = new Date('2026-11-24T06:00:00Z');

describe('the staff and pupil groups decide who is who', () => {
  it('a pupils-group member is a pupil, a staff-group member is staff, anyone else unknown; pupils never count as staff', async () => {
    const db = openDatabaseFile(':memory:');
    migrate(db);
    const mirror = new SqliteDirectoryMirror(db);
    const profile = { ...exampleProfile(), staffGroupIds: [STAFF_GROUP], pupils: { ...exampleProfile().pupils, groupIds: [PUPILS_GROUP] } };
    const groups = new LiveGroupMembership(mirror, profile);
    await groups.refresh();
    expect(identify(profile, MIA, groups).kind).toBe('unknown');
    expect(identify(profile, RAJ, groups).kind).toBe('unknown');

    await mirror.updateGroup(PUPILS_GROUP, [{ id: MIA, displayName: 'Mia' }], AT);
    await mirror.updateGroup(STAFF_GROUP, [{ id: RAJ, displayName: 'Raj' }], AT);
    await groups.refresh();
    expect(identify(profile, MIA, groups)).toEqual({ aadObjectId: MIA, kind: 'pupil', roles: [], isGovernor: false });
    expect(identify(profile, RAJ, groups)).toEqual({ aadObjectId: RAJ, kind: 'staff', roles: [], isGovernor: false });
    expect((await mirror.groupMembers(profile.staffGroupIds)).map((m) => m.id)).toEqual([RAJ]);
    db.close();
  });
});
