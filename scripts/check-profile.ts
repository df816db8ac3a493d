// `npm run check-profile -- <file>`: checks a school profile before the bot uses it and prints every
// problem with its line and column, in file order. Exit 0 when it is fine (with a one-line summary),
// 1 when it has problems, 2 when the file cannot be read or is not YAML.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkProfileText, describeProblem } from '../src/config/profile-problems.js';
import type { SchoolProfile } from '../src/domain/school-profile.js';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(2);
}

/** "Oakfield Primary School: 9 staff and governors, 2 pupils, 3 terms (2026-09-02 to 2027-07-21)" */
function summary(p: SchoolProfile): string {
  const adults = new Set([...Object.values(p.roles).flat(), ...p.staff, ...p.governors].map((x) => x.aadObjectId));
  const pupils = new Set([...p.pupils.userIds, ...p.pupils.roster.map((x) => x.aadObjectId)]);
  const first = p.terms.map((t) => t.start).sort()[0];
  const last = p.terms.map((t) => t.end).sort()[p.terms.length - 1];
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${p.school.name}: ${adults.size} staff and governors, ${plural(pupils.size, 'pupil')}, ${plural(p.terms.length, 'term')} (${first} to ${last})`;
}

const file = process.argv[2];
if (!file || process.argv.length > 3) fail('Usage: npm run check-profile -- <profile.yaml>');

let text = '';
try {
  // npm runs scripts from the repo root; a path is meant from where the technician typed it
  text = readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file!), 'utf8');
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  fail(`Cannot read ${file}${code === 'ENOENT' ? ' (no such file)' : ` (${code ?? (err as Error).message})`}`);
}

const checked = checkProfileText(text);
if (!checked.ok && checked.notYaml)
  fail(`${file} is not valid YAML:\n${checked.problems.map((p) => `  ${describeProblem(p, 'line-first')}`).join('\n')}`);
if (!checked.ok || checked.problems.length) {
  const n = checked.problems.length;
  say(`${file} has ${n} problem${n === 1 ? '' : 's'}:`);
  for (const p of checked.problems) say(`  ${describeProblem(p, 'line-first')}`);
  // unknown keys alone let the bot start, but the setting they were meant to be is not applied
  if (checked.ok) say('The bot would start with this profile, but ignores the keys above: check their spelling.');
  process.exit(1);
}
say(`${file} is fine. ${summary(checked.value)}`);
