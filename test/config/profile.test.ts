import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadSchoolProfile, parseSchoolProfile } from '../../src/config/profile-loader.js';
import { routingSchema } from '../../src/domain/school-profile.js';

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

  it('is played in full by the Agents Playground seats, and every seat plays only people of the school', () => {
    type Seat = {
      currentUser: { aadObjectId: string; name: string };
      users: { aadObjectId: string; name: string }[];
      team: { id: string; channels: { id: string }[] };
    };
    const seats = ['.m365agentsplayground.yml', 'playground/dsl.yml', 'playground/pupil.yml', 'playground/governor.yml'].map(
      (f) => parse(readFileSync(f, 'utf8')) as Seat,
    );
    const profile = example() as {
      roles: Record<string, { aadObjectId: string; displayName: string }[]>;
      pupils: { userIds: string[] };
      channels: Record<string, { teamId: string; channelId: string }>;
    };
    const played = new Map<string, string>();
    for (const seat of seats) {
      // the Playground's own limits (config 0.1.1): five other users, one channel besides General
      expect(seat.users).toHaveLength(5);
      expect(seat.team.channels).toHaveLength(1);
      expect(seat.team.id).toBe(profile.channels.safeguarding!.teamId);
      for (const p of [seat.currentUser, ...seat.users]) played.set(p.aadObjectId, p.name);
    }
    const staff = 'a1b2c3d4-0000-4000-8000-000000000001';
    const school = new Map<string, string>([[staff, 'Sam Taylor']]);
    for (const people of Object.values(profile.roles)) for (const p of people) school.set(p.aadObjectId, p.displayName);
    for (const [id, name] of played)
      expect(school.has(id) || profile.pupils.userIds.includes(id), `${name} is not in the profile`).toBe(true);
    // the issue's mock school: a member of staff, DSL, deputy, headteacher, chair of governors and two pupils
    for (const id of ['01', '02', '03', '04', '05', '06', '07']) expect(played.has(`a1b2c3d4-0000-4000-8000-0000000000${id}`)).toBe(true);
    for (const role of ['dsl', 'deputy-dsl', 'headteacher', 'chair-of-governors'])
      for (const p of profile.roles[role]!) expect(played.get(p.aadObjectId)).toBe(p.displayName);
    const channels = seats.flatMap((s) => s.team.channels.map((c) => c.id));
    expect(channels).toContain(profile.channels.safeguarding!.channelId);
    expect(channels).toContain(profile.channels.governors!.channelId);
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

  it('reads the compliance settings: staff roster, AUP, default training and review dates', async () => {
    const result = await loadSchoolProfile('profiles/example-school.yaml');
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const p = result.value;
    expect(p.staff.map((x) => [x.displayName, x.startedOn])).toEqual([
      ['Sam Taylor', '2019-09-02'],
      ['Nia Jones', '2026-11-02'],
      ['Omar Ali', '2024-09-03'],
      ['Priya Shah', '2015-01-05'],
    ]);
    expect(p.staff[0]?.aadObjectId).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(p.governors).toEqual([
      { aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000005', displayName: 'David Rees', startedOn: '2022-03-14' },
    ]);
    expect(p.aup).toMatchObject({
      version: '2026-09',
      url: 'https://www.example.org/oakfield/policies/acceptable-use-2026-09.pdf',
      renewEveryMonths: 12,
      warnDays: 30,
    });
    expect(p.training.courses.map((c) => c.id)).toEqual([
      'induction',
      'online-safety-refresher',
      'dsl-training',
      'dsl-update',
      'governor-online-safety',
    ]);
    expect(p.reviews).toEqual({
      policyReviewedOn: '2026-07-08',
      filteringReviewedOn: '2026-09-23',
      passwordEveryMonths: 6,
      dormantAfterDays: 90,
    });
  });

  it('reports bad compliance settings with their paths', () => {
    const broken = example();
    broken.aup = {
      version: '2026-09',
      summary: 'Use school systems for school work.',
      url: 'not a web address',
      renewEveryMonths: -12,
      warnDays: 2.5,
    };
    broken.staff = [{ aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000010', displayName: 'Nia Jones', startedOn: '02/11/2026' }];
    broken.governors = [{ aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000005', displayName: 'David Rees', startedOn: '2026-02-30' }];
    broken.reviews = { policyReviewedOn: 'July 2026', passwordEveryMonths: 0 };
    broken.training = {
      courses: [
        { id: 'induction', name: 'Induction', audience: ['staff'], atInduction: true },
        { id: 'induction', name: 'Induction again', audience: ['pupil'], everyMonths: 12 },
        { id: 'Refresher 1', name: 'Refresher', audience: ['staff'], includes: ['no-such-course'] },
      ],
    };
    const result = parseSchoolProfile(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'aup.url: must be a web address starting https:// or http://',
        'aup.renewEveryMonths: renewEveryMonths must be 1 month or more',
        'aup.warnDays: warnDays must be a whole number of days',
        'staff.0.startedOn: must be a date written YYYY-MM-DD',
        'governors.0.startedOn: must be a date written YYYY-MM-DD',
        'reviews.policyReviewedOn: must be a date written YYYY-MM-DD',
        'reviews.passwordEveryMonths: passwordEveryMonths must be 1 month or more',
        expect.stringMatching(/^training\.courses\.1\.audience\.0: /),
        'training.courses.2.id: must be lower-case words joined by hyphens, e.g. dsl-update',
        'training.courses.2.everyMonths: a course needs everyMonths, atInduction: true, or both',
      ]),
    );
  });

  it('checks course ids across the list: no id twice, includes only names listed courses', () => {
    const profile = example();
    profile.training = {
      courses: [
        { id: 'dsl-training', name: 'DSL training', audience: ['dsl'], everyMonths: 24, includes: ['dsl-update', 'dsl-refresher'] },
        { id: 'dsl-update', name: 'DSL update', audience: ['dsl'], everyMonths: 12 },
        { id: 'dsl-update', name: 'DSL update (again)', audience: ['dsl'], everyMonths: 12 },
      ],
    };
    expect(parseSchoolProfile(profile)).toEqual({
      ok: false,
      errors: [
        'training.courses.0.includes.1: "dsl-refresher" is not a course in this list',
        'training.courses.2.id: course id "dsl-update" is listed twice',
      ],
    });
  });

  it('keeps older profiles valid: no staff, no aup, default training and review periods', () => {
    const old = example();
    for (const key of ['staff', 'aup', 'training', 'reviews']) delete old[key];
    old.governors = [{ aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000005', displayName: 'David Rees' }];
    const result = parseSchoolProfile(old);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.value.staff).toEqual([]);
    expect(result.value.aup).toBeUndefined();
    expect(result.value.training.courses).toHaveLength(5);
    expect(result.value.reviews).toEqual({ passwordEveryMonths: 6, dormantAfterDays: 90 });
    const defaults = parseSchoolProfile({ ...old, aup: { version: '2027-09', summary: 'Be safe online.' }, training: {} });
    if (!defaults.ok) throw new Error(defaults.errors.join('\n'));
    expect(defaults.value.aup).toEqual({ version: '2027-09', summary: 'Be safe online.', renewEveryMonths: 12, warnDays: 30 });
    expect(defaults.value.training.courses).toHaveLength(5);
  });

  it('names the DSL, deputy and head as pupils know them (pupilName), optional for everyone else', async () => {
    const result = await loadSchoolProfile('profiles/example-school.yaml');
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const p = result.value;
    expect([p.roles.dsl[0]?.pupilName, p.roles['deputy-dsl'][0]?.pupilName, p.roles.headteacher[0]?.pupilName]).toEqual([
      'Mrs Shah',
      'Mr Okafor',
      'Mrs Marsh',
    ]);
    expect(p.roles.dpo[0]?.pupilName).toBeUndefined();
  });

  it('reports a blank or overlong pupilName with its path', () => {
    const broken = example();
    const roles = broken.roles as Record<string, Record<string, unknown>[]>;
    roles.dsl![0]!.pupilName = '  ';
    roles['deputy-dsl']![0]!.pupilName = 'Mr Okafor, deputy designated safeguarding lead for the school';
    const result = parseSchoolProfile(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'roles.dsl.0.pupilName: must not be empty',
        'roles.deputy-dsl.0.pupilName: keep it short (40 characters at most), e.g. "Mrs Shah"',
      ]),
    );
  });

  it('routing: empty by default (nobody beyond the engine), and reads who else a school tells', () => {
    const plain = parseSchoolProfile(example());
    if (!plain.ok) throw new Error(plain.errors.join('\n'));
    expect(plain.value.routing).toEqual({ alwaysInform: [], byType: {}, bySeverity: {} });

    const bawtry = example();
    // Bawtry "Safe Use: Incidents": every incident to the head teacher and the online safety officer
    bawtry.routing = {
      alwaysInform: ['headteacher', 'online-safety-lead'],
      byType: { 'data-breach': ['siro'] },
      bySeverity: { high: ['deputy-dsl'] },
    };
    const read = parseSchoolProfile(bawtry);
    if (!read.ok) throw new Error(read.errors.join('\n'));
    expect(read.value.routing).toEqual({
      alwaysInform: ['headteacher', 'online-safety-lead'],
      byType: { 'data-breach': ['siro'] },
      bySeverity: { high: ['deputy-dsl'] },
    });
  });

  it('routing: reports each problem with its path in plain words', () => {
    const broken = example();
    broken.routing = {
      alwaysInform: ['headteacher', 'head-teacher'],
      byType: { grooming: 'dsl' },
      bySeverity: { high: ['dsl', 'deputy-dsl', 'dsl'] },
    };
    const result = parseSchoolProfile(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const roleIds =
      'dsl, deputy-dsl, headteacher, chair-of-governors, online-safety-lead, dpo, it-support, business-manager, trust-ceo, deputy-headteacher, online-safety-governor, siro';
    expect(result.errors.filter((e) => e.startsWith('routing'))).toEqual([
      `routing.alwaysInform.1: "head-teacher" is not a role id; use one of ${roleIds}`,
      'routing.byType.grooming: must be a list of role ids, e.g. [headteacher, online-safety-lead]',
      'routing.bySeverity.high.2: "dsl" is listed twice',
    ]);
  });

  it('routing: an unknown incident type, severity or key is named by the schema', () => {
    // the schema's own words; the profile checker may put unknown keys in its own words
    const parsed = routingSchema.safeParse({ byType: { cyberbulling: ['dsl'] }, bySeverity: { urgent: ['dsl'] }, alwaysinform: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'byType: "cyberbulling" is not an incident type; ids are written like cyberbullying or data-breach (src/domain/incident-types.ts lists them)',
      'bySeverity: "urgent" is not a severity; use one of critical, high, medium, low',
      ': Unrecognized key: "alwaysinform"',
    ]);
  });

  it('roles: the roles some schools name (deputy headteacher, online-safety governor, SIRO) are optional', () => {
    const withThem = example();
    const roles = withThem.roles as Record<string, unknown>;
    roles['deputy-headteacher'] = [{ aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000021', displayName: 'Deputy Head' }];
    roles.siro = [{ aadObjectId: 'not-a-guid', displayName: 'SIRO' }];
    const result = parseSchoolProfile(withThem);
    expect(result).toEqual({ ok: false, errors: ['roles.siro.0.aadObjectId: must be an Entra object id (a GUID)'] });
    const plain = parseSchoolProfile(example());
    if (!plain.ok) throw new Error(plain.errors.join('\n'));
    expect([plain.value.roles['deputy-headteacher'], plain.value.roles['online-safety-governor'], plain.value.roles.siro]).toEqual([
      [],
      [],
      [],
    ]);
  });

  it('names the file when it is missing', async () => {
    expect(await loadSchoolProfile('profiles/no-such-school.yaml')).toEqual({
      ok: false,
      errors: ['SCHOOL_PROFILE: cannot read profiles/no-such-school.yaml (no such file)'],
    });
  });
});
