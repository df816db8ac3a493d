// which school a turn goes to (src/app/trust/which-school.ts), on the seed trust's two schools.
import { beforeAll, describe, expect, it } from 'vitest';
import { routeTurn, schoolOfChannel, schoolsOf, type SchoolListing } from '../../src/app/trust/which-school.js';
import { NO_GROUPS } from '../../src/app/identity.js';
import { seedTrust, TRUST_PEOPLE as P, ROWAN_CHANNEL, LARCH_CHANNEL } from '../support/trust-bot.js';

let schools: SchoolListing[];
beforeAll(async () => {
  schools = (await seedTrust()).schools.map((s) => ({ id: s.id, profile: s.profile, groups: NO_GROUPS }));
});

describe('which school a turn belongs to', () => {
  it('finds the schools that list a person', () => {
    expect(schoolsOf(schools, P.amira.aadObjectId)).toEqual(['rowan']);
    expect(schoolsOf(schools, P.mia.aadObjectId)).toEqual(['larch-hill']);
    expect(schoolsOf(schools, P.simon.aadObjectId)).toEqual(['rowan', 'larch-hill']);
    expect(schoolsOf(schools, P.rhian.aadObjectId)).toEqual(['rowan', 'larch-hill']);
    expect(schoolsOf(schools, P.grace.aadObjectId)).toEqual([]);
    expect(schoolsOf(schools, undefined)).toEqual([]);
  });

  it("finds a channel's school by the channel, or by the team when only one school uses it", () => {
    expect(schoolOfChannel(schools, ROWAN_CHANNEL)).toBe('rowan');
    expect(schoolOfChannel(schools, LARCH_CHANNEL)).toBe('larch-hill');
    expect(schoolOfChannel(schools, '19:rowan-governors@thread.tacv2')).toBe('rowan');
    expect(schoolOfChannel(schools, '19:general@thread.tacv2', '19:larchhill-staff@thread.tacv2')).toBe('larch-hill');
    expect(schoolOfChannel(schools, '19:general@thread.tacv2', '19:unknown@thread.tacv2')).toBeUndefined();
  });

  it.each([
    [
      'a card comes back to the school that sent it',
      { personal: true, aadObjectId: P.simon.aadObjectId, tagged: 'larch-hill' },
      { to: 'larch-hill' },
    ],
    ['a tag naming no school is ignored', { personal: true, aadObjectId: P.amira.aadObjectId, tagged: 'elsewhere' }, { to: 'rowan' }],
    [
      "a school's channel is that school's, whoever writes",
      { personal: false, channelId: LARCH_CHANNEL, aadObjectId: P.amira.aadObjectId },
      { to: 'larch-hill' },
    ],
    ['someone at one school, in their chat', { personal: true, aadObjectId: P.hannah.aadObjectId }, { to: 'rowan' }],
    [
      'a chosen school is kept only if it is theirs',
      { personal: true, aadObjectId: P.hannah.aadObjectId, chosen: 'larch-hill' },
      { to: 'rowan' },
    ],
    ['someone at two schools who chose', { personal: true, aadObjectId: P.rhian.aadObjectId, chosen: 'larch-hill' }, { to: 'larch-hill' }],
    [
      'someone at two schools who has not chosen is asked',
      { personal: true, aadObjectId: P.simon.aadObjectId },
      { choose: ['rowan', 'larch-hill'] },
    ],
    [
      'someone no school lists is asked, among all of them',
      { personal: true, aadObjectId: P.guest.aadObjectId },
      { choose: ['rowan', 'larch-hill'] },
    ],
    [
      'outside a 1:1 chat, nobody is asked: the first of theirs answers',
      { personal: false, channelId: '19:other@thread.tacv2', aadObjectId: P.simon.aadObjectId },
      { to: 'rowan' },
    ],
  ] as const)('%s', (_what, place, expected) => {
    expect(routeTurn(schools, place)).toEqual(expected);
  });
});
