import { readFile } from 'node:fs/promises';
import { type SchoolProfile } from '../domain/school-profile.js';
import { checkProfileText, describeProblem, profileProblems } from './profile-problems.js';

export type ProfileResult = { ok: true; value: SchoolProfile } | { ok: false; errors: string[] };

/** validates a profile already parsed from YAML/JSON, listing every problem with its path */
export function parseSchoolProfile(data: unknown): ProfileResult {
  const result = profileProblems(data);
  // unknown keys alone do not stop the bot (zod ignores them); `npm run check-profile` names them
  if (result.value) return { ok: true, value: result.value };
  return { ok: false, errors: result.problems.map((p) => describeProblem(p)) };
}

/** reads the profile file (YAML or JSON: JSON is YAML) and validates it, naming the line of each problem */
export async function loadSchoolProfile(path: string): Promise<ProfileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, errors: [`SCHOOL_PROFILE: cannot read ${path}${code === 'ENOENT' ? ' (no such file)' : ` (${code ?? 'error'})`}`] };
  }
  const checked = checkProfileText(text);
  if (checked.ok) return { ok: true, value: checked.value };
  const errors = checked.problems.map((p) => describeProblem(p));
  return { ok: false, errors: checked.notYaml ? errors.map((e) => `SCHOOL_PROFILE: ${path} is not valid YAML or JSON: ${e}`) : errors };
}
