import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkProfileText, describeProblem } from '../../src/config/profile-problems.js';
import { loadSchoolProfile, parseSchoolProfile } from '../../src/config/profile-loader.js';
import { makeTempDir } from '../support/temp-dir.js';

// a technician's copy of the example profile with one mistake: the checker names its line and column.
// the expected line is found by searching the copy's text, so the tests hold when the example grows.

const EXAMPLE = readFileSync('profiles/example-school.yaml', 'utf8');

/** the example with `from` (which must occur exactly once) replaced */
function copyWith(from: string, to: string): string {
  expect(EXAMPLE.split(from)).toHaveLength(2);
  return EXAMPLE.replace(from, to);
}

/** the 1-based line on which `needle` (which must occur exactly once) starts */
function lineOf(text: string, needle: string): number {
  expect(text.split(needle)).toHaveLength(2);
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

const printed = (text: string): string[] => checkProfileText(text).problems.map((p) => describeProblem(p, 'line-first'));

const DSL =
  '  dsl:\n    - { aadObjectId: "a1b2c3d4-0000-4000-8000-000000000002", displayName: "Priya Shah", pupilName: "Mrs Shah", phone: "01632 960001" }\n';
const ROLE_KEYS =
  'dsl, deputy-dsl, headteacher, chair-of-governors, online-safety-lead, dpo, it-support, business-manager, trust-ceo, deputy-headteacher, online-safety-governor, siro';

describe('the profile checker names the line of every problem', () => {
  it('passes the example school with no problems', () => {
    const checked = checkProfileText(EXAMPLE);
    expect(checked.ok && checked.problems).toEqual([]);
  });

  it('(a) a misspelt role: names the key and the keys allowed (roles are strict: the bot will not start)', () => {
    const text = copyWith('  deputy-dsl:\n', '  deputy-dls:\n');
    const line = lineOf(text, 'deputy-dls:');
    expect(printed(text)).toEqual([
      `line ${line}, column 3: roles.deputy-dls: "deputy-dls" is not a key the profile knows; the keys allowed here are ${ROLE_KEYS}`,
    ]);
    expect(checkProfileText(text).ok).toBe(false);
  });

  it('(a) a misspelt setting the bot would silently ignore: the checker still names it', () => {
    const text = copyWith('  passwordEveryMonths: 6\n', '  passwordEveryMonth: 6\n');
    const checked = checkProfileText(text);
    // the bot starts (passwordEveryMonths falls back to its default), which is why the checker must say
    expect(checked.ok).toBe(true);
    expect(checked.problems.map((p) => describeProblem(p, 'line-first'))).toEqual([
      `line ${lineOf(text, 'passwordEveryMonth:')}, column 3: reviews.passwordEveryMonth: "passwordEveryMonth" is not a key the profile knows; the keys allowed here are policyReviewedOn, filteringReviewedOn, policyEveryMonths, policyReview, policyReviewers, passwordEveryMonths, dormantAfterDays`,
    ]);
  });

  it('(b) a wrong GUID: the line and column of its aadObjectId', () => {
    const text = copyWith('"a1b2c3d4-0000-4000-8000-000000000008"', '"a1b2c3d4-0000-4000-8000-00000000008"');
    const line = lineOf(text, '00000000008"');
    expect(printed(text)).toEqual([`line ${line}, column 9: roles.it-support.0.aadObjectId: must be an Entra object id (a GUID)`]);
  });

  it('(c) no DSL: an empty list on its own line, a missing key on the line of roles', () => {
    const empty = copyWith(DSL, '  dsl: []\n');
    expect(printed(empty)).toEqual([
      `line ${lineOf(empty, 'dsl: []')}, column 3: roles.dsl: a school must name at least one designated safeguarding lead`,
    ]);
    const missing = copyWith(DSL, '');
    expect(printed(missing)).toEqual([
      `line ${lineOf(missing, '\nroles:\n') + 1}, column 1: roles.dsl: is missing: a school must name at least one designated safeguarding lead`,
    ]);
  });

  it('(d) bad indentation: a YAML error with its line, nothing else checked', () => {
    const text = copyWith('  deputy-dsl:\n', ' deputy-dsl:\n');
    const checked = checkProfileText(text);
    expect(checked).toMatchObject({ ok: false, notYaml: true });
    expect(checked.problems.map((p) => describeProblem(p, 'line-first'))).toEqual([
      `line ${lineOf(text, ' deputy-dsl:')}, column 1: All mapping items must start at the same column`,
    ]);
  });

  it('lists several problems in file order, a missing section at line 1', () => {
    const text = copyWith('"a1b2c3d4-0000-4000-8000-000000000008"', '"not-a-guid"')
      .replace('  deputy-dsl:\n', '  deputy-dls:\n')
      .replace(/\ncontacts:\n[\s\S]*$/, '\n');
    const lines = printed(text);
    expect(lines.map((l) => l.replace(/: .*/, ''))).toEqual([
      `line 1, column 1`,
      `line ${lineOf(text, 'deputy-dls:')}, column 3`,
      `line ${lineOf(text, '"not-a-guid"')}, column 9`,
    ]);
    expect(lines[0]).toBe(
      "line 1, column 1: contacts: is needed: the school's LADO, police non-emergency, children's social care (MASH) and CEOP contacts",
    );
  });

  it('the loader gives the same lines, so `npm start` with a broken profile says where', async () => {
    const tmp = makeTempDir();
    try {
      const file = join(tmp.dir, 'school.yaml');
      const text = copyWith(DSL, '  dsl: []\n');
      writeFileSync(file, text);
      // the key first, as the start-up errors always were, then where it is
      expect(await loadSchoolProfile(file)).toEqual({
        ok: false,
        errors: [`roles.dsl: a school must name at least one designated safeguarding lead (line ${lineOf(text, 'dsl: []')}, column 3)`],
      });
      writeFileSync(file, copyWith('  deputy-dsl:\n', ' deputy-dsl:\n'));
      expect(await loadSchoolProfile(file)).toEqual({
        ok: false,
        errors: [
          `SCHOOL_PROFILE: ${file} is not valid YAML or JSON: All mapping items must start at the same column (line ${lineOf(EXAMPLE, '  deputy-dsl:')}, column 1)`,
        ],
      });
    } finally {
      tmp.remove();
    }
  });

  it('parsed data without its text: the same messages, by path', () => {
    const result = parseSchoolProfile({ school: { name: 'X' }, terms: [], roles: { dsl: [], dls: [] } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'terms: list at least one term',
        'roles.dsl: a school must name at least one designated safeguarding lead',
        'roles.headteacher: is missing: a school must name its headteacher',
        `roles.dls: "dls" is not a key the profile knows; the keys allowed here are ${ROLE_KEYS}`,
        'channels: is missing (it should be a group of keys)',
      ]),
    );
  });

  it("zod's own wording, where the schema has none, in plain words", () => {
    const text = EXAMPLE.replace('  name: Oakfield Primary School\n', '  name: 42\n')
      .replace('lado: { name: "Local authority LADO"', 'lado: { name: ""')
      .replace(
        '# `training: { courses: [...] }` to use your own.\n',
        'training:\n  courses:\n    - { id: pupils, name: Pupils, audience: [pupil], everyMonths: 12 }\n',
      );
    expect(printed(text)).toEqual([
      `line ${lineOf(text, 'name: 42')}, column 3: school.name: must be text, not a number`,
      `line ${lineOf(text, 'audience: [pupil]')}, column 46: training.courses.0.audience.0: must be one of: staff, dsl, governor, deputy-dsl, headteacher, chair-of-governors, online-safety-lead, dpo, it-support, business-manager, trust-ceo, deputy-headteacher, online-safety-governor, siro`,
      `line ${lineOf(text, 'lado: {')}, column 11: contacts.lado.name: must not be empty`,
    ]);
  });

  it('every profile in profiles/ names the JSON Schema on its first line and checks clean', () => {
    // trust.yaml is the seed trust's file, not a school's profile (test/config/trust-file.test.ts loads it)
    const files = readdirSync('profiles').filter((f) => f.endsWith('.yaml') && f !== 'trust.yaml');
    // the example and one ready profile per seed policy (README, "Set it up for your school")
    expect(files).toEqual(
      expect.arrayContaining([
        'example-school.yaml',
        '000-bawtry.yaml',
        '001-trust.yaml',
        '002-camden-model.yaml',
        '003-first-school.yaml',
        '004-bentley.yaml',
      ]),
    );
    for (const f of files) {
      const text = readFileSync(join('profiles', f), 'utf8');
      expect(text.split('\n')[0], f).toBe('# yaml-language-server: $schema=./school-profile.schema.json');
      expect(printed(text), f).toEqual([]);
    }
  });
});
