// issue 16: `npm start -- --profile <seed>` seats the Playground with that school's own people.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { profileSeats, seatFileText } from '../../scripts/lib/playground-seats.js';
import { ROLES, schoolProfileSchema, type SchoolProfile } from '../../src/domain/index.js';

const load = (file: string): SchoolProfile => schoolProfileSchema.parse(parse(readFileSync(`profiles/${file}`, 'utf8')));
const SEEDS = ['000-bawtry.yaml', '001-trust.yaml', '002-camden-model.yaml', '003-first-school.yaml', '004-bentley.yaml'];

describe('Playground seats from a school profile', () => {
  it('the first school: a teacher with no role, the DSP, a deputy, the head, the chair and one of its two fictional pupils', () => {
    const seats = profileSeats(load('003-first-school.yaml'));
    expect(Object.fromEntries(Object.entries(seats).map(([seat, s]) => [seat, s.describes]))).toEqual({
      staff: 'Isla Grant, a member of staff',
      dsl: 'Gillian Moss, the DSL',
      deputy: 'Peter Lindqvist, a deputy DSL',
      head: 'Eleanor Walsh, the headteacher',
      pupil: 'Poppy Hughes, a pupil',
      governor: 'Hugh Pemberton, the chair of governors',
    });
    const staff = seats.staff!.config;
    expect(staff.currentUser).toEqual({
      id: 'user-f1e50003-0000-4000-8000-000000000020',
      name: 'Isla Grant',
      userPrincipleName: 'isla.grant@hazel-green-first-school.example',
      aadObjectId: 'f1e50003-0000-4000-8000-000000000020',
      givenName: 'Isla',
      surname: 'Grant',
      email: 'isla.grant@hazel-green-first-school.example',
    });
    // the other seats' people come first, so whoever you play can see the others in the team
    expect(staff.users.map((u) => u.name).slice(0, 5)).toEqual([
      'Gillian Moss',
      'Peter Lindqvist',
      'Eleanor Walsh',
      'Poppy Hughes',
      seats.governor!.config.currentUser.name,
    ]);
    expect(staff.team.channels).toEqual([{ id: '19:hazelgreen-safeguarding@thread.tacv2', name: 'Safeguarding' }]);
    expect(seats.governor!.config.team.channels).toEqual([{ id: '19:hazelgreen-governors@thread.tacv2', name: 'Governors' }]);
  });

  it("the example school's own people, with a pupil seat: Ava Brown, on the pupils' domain", () => {
    const seats = profileSeats(load('example-school.yaml'));
    expect(seats.staff!.describes).toBe('Sam Taylor, a member of staff');
    expect(seats.dsl!.describes).toBe('Priya Shah, the DSL');
    expect(seats.pupil!.describes).toBe('Ava Brown, a pupil');
    expect(seats.pupil!.config.currentUser.email).toBe('ava.brown@pupils.oakfield-primary-school.example');
  });

  it.each(SEEDS)('%s: a teacher, the DSL and the head to play; every seat within the Playground limits and the school', (file) => {
    const profile = load(file);
    const seats = profileSeats(profile);
    const ofSchool = new Set(
      [...ROLES.flatMap((r) => profile.roles[r]), ...profile.staff, ...profile.governors, ...profile.pupils.roster].map(
        (p) => p.aadObjectId,
      ),
    );
    expect(seats.staff && profile.staff.some((p) => p.aadObjectId === seats.staff!.config.currentUser.aadObjectId)).toBe(true);
    expect(seats.dsl!.config.currentUser.aadObjectId).toBe(profile.roles.dsl[0]!.aadObjectId);
    expect(seats.head!.config.currentUser.aadObjectId).toBe(profile.roles.headteacher[0]!.aadObjectId);
    expect('pupil' in seats).toBe(profile.pupils.roster.length + profile.pupils.userIds.length > 0);
    for (const [seat, s] of Object.entries(seats)) {
      const { currentUser, users, team } = s.config;
      expect(users).toHaveLength(5);
      expect(new Set([currentUser, ...users].map((u) => u.aadObjectId)).size).toBe(6);
      for (const u of [currentUser, ...users]) expect(ofSchool.has(u.aadObjectId)).toBe(true);
      expect(team.channels).toHaveLength(1);
      expect(team.id).toBe(profile.channels.safeguarding.teamId);
      // what the file says is what the Playground reads
      expect(parse(seatFileText(`profiles/${file}`, seat as 'staff', s))).toEqual(s.config);
    }
  });
});
