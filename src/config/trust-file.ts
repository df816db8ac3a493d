// a trust's (or a local authority's) deployment: one small file naming its schools, each with the
// school's own profile file unchanged, and the people who work across schools: the trust CEO and the
// trust safeguarding lead (the trust-level digest goes to them), and staff who work in several schools.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { personSchema, type Person, type SchoolProfile } from '../domain/school-profile.js';
import { loadSchoolProfile } from './profile-loader.js';

/** a school's id in the trust file: its PostgreSQL schema (school_<id>) and SQLite folder are named from it */
export const SCHOOL_ID = /^[a-z][a-z0-9-]{0,30}$/;

const trustFileSchema = z.object({
  trust: z.object({
    name: z.string().trim().min(1),
    roles: z
      .object({
        'trust-ceo': z.array(personSchema).default([]),
        'trust-safeguarding-lead': z.array(personSchema).default([]),
      })
      .default({ 'trust-ceo': [], 'trust-safeguarding-lead': [] }),
    /** whose term dates the trust-level digest follows: a school's id (the first school's when not given) */
    calendarOf: z.string().optional(),
  }),
  schools: z
    .array(
      z.object({
        id: z.string().regex(SCHOOL_ID, 'lower-case letters, digits and -, starting with a letter (it names the school’s records)'),
        /** the school's profile file, relative to the trust file */
        profile: z.string().min(1),
        sharePoint: z.object({ siteId: z.string().min(1), restrictedSiteId: z.string().min(1).optional() }).optional(),
      }),
    )
    .min(1, 'name at least one school'),
  /** people who work in several of the trust's schools (a peripatetic teacher): staff at each school named */
  sharedStaff: z.array(personSchema.extend({ schools: z.array(z.string()).min(2) })).default([]),
});

export interface TrustSchool {
  id: string;
  profile: SchoolProfile;
  sharePoint?: { shared: string; restricted?: string };
}

export interface Trust {
  name: string;
  ceo: Person[];
  safeguardingLead: Person[];
  /** the school whose terms the trust digest follows */
  calendarOf: string;
  schools: TrustSchool[];
}

export type TrustResult = { ok: true; value: Trust } | { ok: false; errors: string[] };

/** reads the trust file and every school's profile, and checks that the schools cannot be confused */
export async function loadTrustFile(path: string): Promise<TrustResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, errors: [`TRUST_FILE: cannot read ${path}${code === 'ENOENT' ? ' (no such file)' : ` (${code ?? 'error'})`}`] };
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    return { ok: false, errors: [`TRUST_FILE: ${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  const parsed = trustFileSchema.safeParse(data);
  if (!parsed.success)
    return { ok: false, errors: parsed.error.issues.map((i) => `TRUST_FILE ${path}: ${i.path.join('.') || '(top)'}: ${i.message}`) };
  const file = parsed.data;
  const errors: string[] = [];
  const schools: TrustSchool[] = [];
  for (const entry of file.schools) {
    if (entry.id === 'trust') errors.push(`TRUST_FILE: "trust" is kept for the trust's own records; give the school another id`);
    const loaded = await loadSchoolProfile(resolve(dirname(path), entry.profile));
    if (!loaded.ok) {
      errors.push(...loaded.errors.map((e) => `school ${entry.id} (${entry.profile}): ${e}`));
      continue;
    }
    schools.push({
      id: entry.id,
      profile: loaded.value,
      ...(entry.sharePoint
        ? {
            sharePoint: {
              shared: entry.sharePoint.siteId,
              ...(entry.sharePoint.restrictedSiteId ? { restricted: entry.sharePoint.restrictedSiteId } : {}),
            },
          }
        : {}),
    });
  }
  errors.push(
    ...confusions(
      file.schools.map((s) => s.id),
      schools,
    ),
  );
  for (const person of file.sharedStaff)
    for (const id of person.schools)
      if (!file.schools.some((s) => s.id === id)) errors.push(`TRUST_FILE: sharedStaff ${person.displayName}: no school has the id ${id}`);
  const calendarOf = file.trust.calendarOf ?? file.schools[0]!.id;
  if (!file.schools.some((s) => s.id === calendarOf)) errors.push(`TRUST_FILE: trust.calendarOf: no school has the id ${calendarOf}`);
  if (errors.length > 0) return { ok: false, errors };
  const ceo = file.trust.roles['trust-ceo'];
  return {
    ok: true,
    value: {
      name: file.trust.name,
      ceo,
      safeguardingLead: file.trust.roles['trust-safeguarding-lead'],
      calendarOf,
      schools: schools.map((s) => ({ ...s, profile: withTrustPeople(s.id, s.profile, ceo, file.sharedStaff) })),
    },
  };
}

/** what would let one school's records or messages be taken for another's */
function confusions(ids: string[], schools: TrustSchool[]): string[] {
  const errors: string[] = [];
  const twice = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
  for (const id of new Set(twice(ids))) errors.push(`TRUST_FILE: two schools have the id ${id}`);
  for (const prefix of new Set(twice(schools.map((s) => s.profile.school.referencePrefix))))
    errors.push(`TRUST_FILE: two schools use the reference prefix ${prefix}: each school needs its own, so a reference names one school`);
  const channels = schools.flatMap((s) =>
    Object.values(s.profile.channels ?? {})
      .map((c) => c?.channelId)
      .filter((c): c is string => !!c),
  );
  for (const channel of new Set(twice(channels)))
    errors.push(`TRUST_FILE: two schools use the channel ${channel}: each school's cases go to its own safeguarding channel`);
  return errors;
}

/** the trust's CEO holds the trust-ceo role at each school that names nobody for it; shared staff are staff where they work */
function withTrustPeople(id: string, profile: SchoolProfile, ceo: Person[], sharedStaff: { schools: string[] }[]): SchoolProfile {
  const staffHere = sharedStaff
    .filter((p) => p.schools.includes(id))
    .map(({ schools: _schools, ...person }) => person as Person)
    .filter((p) => !profile.staff.some((s) => s.aadObjectId === p.aadObjectId));
  return {
    ...profile,
    roles: { ...profile.roles, 'trust-ceo': profile.roles['trust-ceo'].length > 0 ? profile.roles['trust-ceo'] : ceo },
    staff: [...profile.staff, ...staffHere],
  };
}
