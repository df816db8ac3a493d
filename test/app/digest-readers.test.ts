import { describe, expect, it } from 'vitest';
import { governorIds } from '../../src/app/digest/post-digest.js';
import { schoolProfileSchema } from '../../src/domain/index.js';
import { loadSeedProfile } from '../domain/support/seed-profiles.js';

describe('governorIds: who the digest counts as its readers', () => {
  it("the example school's governors, the chair among them", () => {
    expect([...governorIds(loadSeedProfile('example-school'))]).toEqual(['a1b2c3d4-0000-4000-8000-000000000005']);
  });

  it('Bentley 3.1, issue 16: an online-safety governor named only as a role is a reader too', () => {
    const base = loadSeedProfile('primary-dsl-online-safety');
    const governor = { aadObjectId: '5eed0004-0000-4000-8000-000000000016', displayName: 'Online Safety Governor' };
    const profile = schoolProfileSchema.parse({ ...base, roles: { ...base.roles, 'online-safety-governor': [governor] } });
    expect([...governorIds(profile)]).toEqual([
      '5eed0004-0000-4000-8000-000000000004',
      '5eed0004-0000-4000-8000-000000000006',
      '5eed0004-0000-4000-8000-000000000016',
    ]);
  });
});
