import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { schoolProfileSchema, type SchoolProfile } from '../../../src/domain/index.js';

const dir = new URL('../../fixtures/profiles/', import.meta.url);

export const SEED_SCHOOLS = [
  'primary-online-safety-lead',
  'two-school-trust',
  'local-authority-model',
  'first-school-dsp',
  'primary-dsl-online-safety',
] as const;
export type SeedSchool = (typeof SEED_SCHOOLS)[number];

/** a seed school's fixture merged over the shared base, parsed by the real profile schema */
export function loadSeedProfile(name: SeedSchool | 'example-school'): SchoolProfile {
  if (name === 'example-school') {
    return schoolProfileSchema.parse(parse(readFileSync(new URL('../../../profiles/example-school.yaml', import.meta.url), 'utf8')));
  }
  const base = parse(readFileSync(new URL('_base.yaml', dir), 'utf8')) as object;
  const school = parse(readFileSync(new URL(`${name}.yaml`, dir), 'utf8')) as object;
  return schoolProfileSchema.parse({ ...base, ...school });
}

/** the display names of people, for readable expectations */
export const names = (people: readonly { displayName: string }[]) => people.map((p) => p.displayName);
