// the trust file (src/config/trust-file.ts): the seed trust loads; anything that would let one school's
// records or messages be taken for another's is refused, naming the problem.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTrustFile } from '../../src/config/trust-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** a trust file in a temp folder beside copies of the seed profiles (edited by `edit`) */
function trustFile(text: string, edit: (name: string, profile: string) => string = (_n, p) => p): string {
  const dir = mkdtempSync(join(tmpdir(), 'osb-trust-'));
  dirs.push(dir);
  for (const name of ['000-bawtry.yaml', '001-trust.yaml', '004-bentley.yaml'])
    writeFileSync(join(dir, name), edit(name, readFileSync(`profiles/${name}`, 'utf8')));
  copyFileSync('profiles/school-profile.schema.json', join(dir, 'school-profile.schema.json'));
  writeFileSync(join(dir, 'trust.yaml'), text);
  return join(dir, 'trust.yaml');
}

const TWO = `trust:
  name: Test Trust
  roles:
    trust-ceo: [{ aadObjectId: "7e5f0001-0000-4000-8000-000000000006", displayName: "Simon Achebe" }]
schools:
  - { id: rowan, profile: 001-trust.yaml }
  - { id: larch-hill, profile: 000-bawtry.yaml }
`;

describe('the trust file', () => {
  it("loads the seed trust: two schools, the CEO in each school's trust-ceo role, shared staff at both", async () => {
    const loaded = await loadTrustFile('profiles/trust.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    const trust = loaded.value;
    expect(trust.name).toBe('Aspire Learning Trust');
    expect(trust.schools.map((s) => [s.id, s.profile.school.name, s.profile.school.referencePrefix])).toEqual([
      ['rowan', 'Rowan Federation Primary School', 'RF'],
      ['larch-hill', 'Larch Hill Primary School', 'LH'],
    ]);
    expect(trust.calendarOf).toBe('rowan');
    expect(trust.ceo.map((p) => p.displayName)).toEqual(['Simon Achebe']);
    expect(trust.safeguardingLead.map((p) => p.displayName)).toEqual(['Grace Okafor']);
    // Larch Hill's profile names no trust CEO: the trust's fills it; Rowan's names him already
    for (const school of trust.schools) expect(school.profile.roles['trust-ceo'].map((p) => p.displayName)).toEqual(['Simon Achebe']);
    for (const school of trust.schools) expect(school.profile.staff.map((p) => p.displayName)).toContain('Rhian Hughes');
  });

  it('takes every seed profile unchanged: a local authority of all six schools loads, each school as its own file says', async () => {
    const names = ['example-school', '000-bawtry', '001-trust', '002-camden-model', '003-first-school', '004-bentley'];
    const dir = mkdtempSync(join(tmpdir(), 'osb-trust-'));
    dirs.push(dir);
    const file = join(dir, 'la.yaml');
    writeFileSync(
      file,
      `trust:\n  name: Example Local Authority\nschools:\n${names.map((n, i) => `  - { id: school-${i}, profile: ${join(process.cwd(), 'profiles', `${n}.yaml`)} }`).join('\n')}\n`,
    );
    const loaded = await loadTrustFile(file);
    if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
    expect(loaded.value.schools.map((s) => s.profile.school.referencePrefix)).toEqual(['OS', 'LH', 'RF', 'ES', 'HG', 'AV']);
    // with no trust CEO in the file, each school keeps its own (only Rowan's profile names one)
    expect(loaded.value.schools.map((s) => s.profile.roles['trust-ceo'].length)).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it.each([
    ['two schools with one id', TWO.replace('id: larch-hill', 'id: rowan'), 'TRUST_FILE: two schools have the id rowan'],
    [
      'the id kept for the trust',
      TWO.replace('id: larch-hill', 'id: trust'),
      'TRUST_FILE: "trust" is kept for the trust\'s own records; give the school another id',
    ],
    [
      'an id that could not name a schema',
      TWO.replace('id: larch-hill', 'id: "Larch Hill"'),
      'schools.1.id: lower-case letters, digits and -',
    ],
    ['a missing profile', TWO.replace('000-bawtry.yaml', 'nowhere.yaml'), 'school larch-hill (nowhere.yaml): SCHOOL_PROFILE: cannot read'],
    ['no schools', 'trust:\n  name: Empty\nschools: []\n', 'schools: name at least one school'],
    [
      'shared staff at an unknown school',
      `${TWO}sharedStaff:\n  - { aadObjectId: "a5a50000-0000-4000-8000-000000000002", displayName: "Rhian Hughes", schools: [rowan, elsewhere] }\n`,
      'TRUST_FILE: sharedStaff Rhian Hughes: no school has the id elsewhere',
    ],
    [
      'a calendar of no school',
      TWO.replace('  name: Test Trust\n', '  name: Test Trust\n  calendarOf: nowhere\n'),
      'TRUST_FILE: trust.calendarOf: no school has the id nowhere',
    ],
  ])('refuses %s', async (_what, text, problem) => {
    const loaded = await loadTrustFile(trustFile(text));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.errors.some((e) => e.includes(problem))).toBe(true);
  });

  it("refuses two schools with one reference prefix or one safeguarding channel: a reference or a card could be taken for the other school's", async () => {
    const samePrefix = await loadTrustFile(
      trustFile(TWO, (name, p) => (name === '000-bawtry.yaml' ? p.replace('referencePrefix: LH', 'referencePrefix: RF') : p)),
    );
    expect(samePrefix).toEqual({
      ok: false,
      errors: ['TRUST_FILE: two schools use the reference prefix RF: each school needs its own, so a reference names one school'],
    });
    const sameChannel = await loadTrustFile(
      trustFile(TWO, (name, p) =>
        name === '000-bawtry.yaml' ? p.replace('19:larchhill-safeguarding@thread.tacv2', '19:rowan-safeguarding@thread.tacv2') : p,
      ),
    );
    expect(sameChannel).toEqual({
      ok: false,
      errors: [
        "TRUST_FILE: two schools use the channel 19:rowan-safeguarding@thread.tacv2: each school's cases go to its own safeguarding channel",
      ],
    });
  });

  it('says plainly when the file cannot be read or is not YAML', async () => {
    expect(await loadTrustFile('/nonexistent/trust.yaml')).toEqual({
      ok: false,
      errors: ['TRUST_FILE: cannot read /nonexistent/trust.yaml (no such file)'],
    });
    const notYaml = await loadTrustFile(trustFile('trust: [unclosed'));
    expect(notYaml.ok).toBe(false);
    if (!notYaml.ok) expect(notYaml.errors[0]).toMatch(/^TRUST_FILE: .*trust\.yaml is not valid YAML: /);
  });
});
