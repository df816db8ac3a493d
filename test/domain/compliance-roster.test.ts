import { describe, expect, it } from 'vitest';
import { complianceRoster, schoolProfileSchema } from '../../src/domain/index.js';
import { loadSeedProfile } from './support/seed-profiles.js';

const show = (profile: Parameters<typeof complianceRoster>[0]) =>
  complianceRoster(profile).map((p) => [p.displayName, p.group, p.roles.join('+'), p.startedOn ?? '']);

describe('complianceRoster: the staff and governors the reminders go to, each once', () => {
  it("is the example school's staff list, then its role holders, then its governors", () => {
    expect(show(loadSeedProfile('example-school'))).toEqual([
      ['Sam Taylor', 'staff', '', '2019-09-02'],
      ['Nia Jones', 'staff', '', '2026-11-02'],
      ['Omar Ali', 'staff', '', '2024-09-03'],
      // listed as staff to give her start date; her role comes from the roles
      ['Priya Shah', 'staff', 'dsl', '2015-01-05'],
      ['Tom Okafor', 'staff', 'deputy-dsl', ''],
      ['Helen Marsh', 'staff', 'headteacher', ''],
      // the chair of governors is a governor, with the start date from the governors list
      ['David Rees', 'governor', 'chair-of-governors', '2022-03-14'],
      // one person, two roles
      ['Jo Evans', 'staff', 'dpo+business-manager', ''],
      ['Chris Patel', 'staff', 'it-support', ''],
    ]);
  });

  it('counts a staff governor (here the headteacher) as staff, once', () => {
    const base = loadSeedProfile('example-school');
    const profile = schoolProfileSchema.parse({
      ...base,
      staff: [],
      governors: [
        ...base.governors,
        { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000004', displayName: 'Helen Marsh', startedOn: '2018-04-16' },
        { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000012', displayName: 'Ruth Green', startedOn: '2026-11-10' },
      ],
    });
    expect(show(profile)).toEqual([
      ['Priya Shah', 'staff', 'dsl', ''],
      ['Tom Okafor', 'staff', 'deputy-dsl', ''],
      ['Helen Marsh', 'staff', 'headteacher', '2018-04-16'],
      ['David Rees', 'governor', 'chair-of-governors', '2022-03-14'],
      ['Jo Evans', 'staff', 'dpo+business-manager', ''],
      ['Chris Patel', 'staff', 'it-support', ''],
      ['Ruth Green', 'governor', '', '2026-11-10'],
    ]);
  });

  it('Bentley 3.1: the governor who oversees online safety is on the roster with the chair; the DPO holds a role so is staff', () => {
    expect(show(loadSeedProfile('primary-dsl-online-safety'))).toEqual([
      ['DSL', 'staff', 'dsl', ''],
      ['Headteacher', 'staff', 'headteacher', ''],
      ['Chair', 'governor', 'chair-of-governors', ''],
      ['DPO', 'staff', 'dpo', ''],
      ['ICT Support Officer', 'staff', 'it-support', ''],
      ['Online Safety Governor', 'governor', '', ''],
    ]);
  });

  it('Bentley 3.1, issue 16: the online-safety governor named as a role is a governor, not staff', () => {
    const base = loadSeedProfile('primary-dsl-online-safety');
    const governor = { aadObjectId: '5eed0004-0000-4000-8000-000000000006', displayName: 'Online Safety Governor' };
    const profile = schoolProfileSchema.parse({ ...base, roles: { ...base.roles, 'online-safety-governor': [governor] }, governors: [] });
    expect(show(profile).at(-1)).toEqual(['Online Safety Governor', 'governor', 'online-safety-governor', '']);
  });
});
