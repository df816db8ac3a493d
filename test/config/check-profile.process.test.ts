import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../support/temp-dir.js';

// `npm run check-profile -- <file>` as a technician runs it: the real script in its own process

const checkProfile = (file: string) =>
  spawnSync('npx', ['tsx', 'scripts/check-profile.ts', file], {
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    timeout: 60_000,
  });

const EXAMPLE = readFileSync('profiles/example-school.yaml', 'utf8');
const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('npm run check-profile', () => {
  it('the example school: exit 0 and a one-line summary', { timeout: 60_000 }, () => {
    const run = checkProfile('profiles/example-school.yaml');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      'profiles/example-school.yaml is fine. Oakfield Primary School: 9 staff and governors, 2 pupils, 3 terms (2026-09-02 to 2027-07-21)\n',
    );
  });

  it('a broken copy: exit 1 and every problem with its line, in file order', { timeout: 60_000 }, () => {
    const tmp = makeTempDir();
    try {
      const file = join(tmp.dir, 'school.yaml');
      const text = EXAMPLE.replace('  deputy-dsl:\n', '  deputy-dls:\n')
        .replace('"a1b2c3d4-0000-4000-8000-000000000008"', '"a1b2c3d4-0000-4000-8000-00000000008"')
        .replace('  dsl:\n', '  dsl: []\n  former-dsl:\n');
      writeFileSync(file, text);
      const run = checkProfile(file);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(1);
      expect(run.stdout.split('\n')).toEqual([
        `${file} has 4 problems:`,
        `  line ${lineOf(text, 'dsl: []')}, column 3: roles.dsl: a school must name at least one designated safeguarding lead`,
        `  line ${lineOf(text, 'former-dsl:')}, column 3: roles.former-dsl: "former-dsl" is not a key the profile knows; the keys allowed here are dsl, deputy-dsl, headteacher, chair-of-governors, online-safety-lead, dpo, it-support, business-manager, trust-ceo, deputy-headteacher, online-safety-governor, siro`,
        `  line ${lineOf(text, 'deputy-dls:')}, column 3: roles.deputy-dls: "deputy-dls" is not a key the profile knows; the keys allowed here are dsl, deputy-dsl, headteacher, chair-of-governors, online-safety-lead, dpo, it-support, business-manager, trust-ceo, deputy-headteacher, online-safety-governor, siro`,
        `  line ${lineOf(text, '00000000008"')}, column 9: roles.it-support.0.aadObjectId: must be an Entra object id (a GUID)`,
        '',
      ]);
    } finally {
      tmp.remove();
    }
  });

  it('not YAML: exit 2 with the line of the YAML error; no file: exit 2', { timeout: 60_000 }, () => {
    const tmp = makeTempDir();
    try {
      const file = join(tmp.dir, 'school.yaml');
      writeFileSync(file, EXAMPLE.replace('  deputy-dsl:\n', ' deputy-dsl:\n'));
      const run = checkProfile(file);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `${file} is not valid YAML:\n  line ${lineOf(EXAMPLE, '  deputy-dsl:')}, column 1: All mapping items must start at the same column\n`,
      );
      const missing = checkProfile(join(tmp.dir, 'no-such-school.yaml'));
      expect(missing.status).toBe(2);
      expect(missing.stderr).toBe(`Cannot read ${join(tmp.dir, 'no-such-school.yaml')} (no such file)\n`);
    } finally {
      tmp.remove();
    }
  });
});
