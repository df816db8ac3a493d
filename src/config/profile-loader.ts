import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { schoolProfileSchema, type SchoolProfile } from '../domain/school-profile.js';

export type ProfileResult = { ok: true; value: SchoolProfile } | { ok: false; errors: string[] };

/** validates a profile already parsed from YAML/JSON, listing every problem with its path */
export function parseSchoolProfile(data: unknown): ProfileResult {
  const parsed = schoolProfileSchema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`),
  };
}

/** reads the profile file (YAML or JSON: JSON is YAML) and validates it */
export async function loadSchoolProfile(path: string): Promise<ProfileResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, errors: [`SCHOOL_PROFILE: cannot read ${path}${code === 'ENOENT' ? ' (no such file)' : ` (${code ?? 'error'})`}`] };
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    return { ok: false, errors: [`SCHOOL_PROFILE: ${path} is not valid YAML or JSON: ${(err as Error).message}`] };
  }
  return parseSchoolProfile(data);
}
