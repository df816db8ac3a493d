import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadSchoolProfile, parseSchoolProfile } from '../../src/config/profile-loader.js';

const example = () => parse(readFileSync('profiles/example-school.yaml', 'utf8')) as Record<string, unknown>;

describe('school profile', () => {
  it('loads the example school with its roles, terms and channels', async () => {
    const result = await loadSchoolProfile('profiles/example-school.yaml');
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const p = result.value;
    expect(p.school).toEqual({ name: 'Oakfield Primary School', referencePrefix: 'OS', timezone: 'Europe/London', phone: '01632 960000' });
    expect(p.roles.dsl.map((x) => x.displayName)).toEqual(['Priya Shah']);
    expect(p.roles['deputy-dsl'].map((x) => x.displayName)).toEqual(['Tom Okafor']);
    expect(p.roles['online-safety-lead']).toEqual([]);
    expect(p.terms.map((t) => t.name)).toEqual(['Autumn 2026', 'Spring 2027', 'Summer 2027']);
    expect(p.channels.safeguarding.channelId).toBe('19:oakfield-safeguarding@thread.tacv2');
    expect(p.pupils.userIds).toHaveLength(2);
  });

  it('matches the people and channels of the Agents Playground tenant', () => {
    const playground = parse(readFileSync('.m365agentsplayground.yml', 'utf8')) as {
      currentUser: { aadObjectId: string };
      users: { aadObjectId: string; name: string }[];
      team: { id: string; channels: { id: string; name: string }[] };
    };
    const profile = example() as { roles: Record<string, { aadObjectId: string; displayName: string }[]>; channels: Record<string, { teamId: string; channelId: string }> };
    const playgroundPeople = new Map(playground.users.map((u) => [u.aadObjectId, u.name]));
    for (const people of Object.values(profile.roles)) {
      for (const person of people) expect(playgroundPeople.get(person.aadObjectId)).toBe(person.displayName);
    }
    expect(playground.team.channels.map((c) => c.id)).toEqual([profile.channels.safeguarding!.channelId, profile.channels.governors!.channelId]);
    expect(profile.channels.safeguarding!.teamId).toBe(playground.team.id);
  });

  it('reports every problem at once, naming each key', () => {
    const broken = example();
    (broken.roles as Record<string, unknown>).dsl = [];
    (broken.roles as Record<string, unknown>).headteacher = [{ aadObjectId: 'not-a-guid', displayName: 'Head' }];
    broken.terms = [{ name: 'Autumn', start: '2026-12-18', end: '2026-09-02' }];
    delete (broken.contacts as Record<string, unknown>).lado;
    const result = parseSchoolProfile(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'roles.dsl: a school must name at least one designated safeguarding lead',
        'roles.headteacher.0.aadObjectId: must be an Entra object id (a GUID)',
        'terms.0.end: a term must end on or after the day it starts',
        expect.stringMatching(/^contacts\.lado: /),
      ]),
    );
  });

  it('names the file when it is missing', async () => {
    expect(await loadSchoolProfile('profiles/no-such-school.yaml')).toEqual({
      ok: false,
      errors: ['SCHOOL_PROFILE: cannot read profiles/no-such-school.yaml (no such file)'],
    });
  });
});
