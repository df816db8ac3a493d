import { z } from 'zod';
import { schoolProfileSchema } from '../domain/school-profile.js';

// the JSON Schema of a school profile, generated from the zod schema so the two never disagree. profiles
// name it on their first line (`# yaml-language-server: $schema=./school-profile.schema.json`), so VS
// Code's YAML extension completes keys and marks mistakes as a technician types.

export const PROFILE_JSON_SCHEMA_FILE = 'profiles/school-profile.schema.json';

/** the schema as written to profiles/school-profile.schema.json (`npm run profile-schema`) */
export function profileJsonSchemaText(): string {
  const schema = z.toJSONSchema(schoolProfileSchema, {
    // what a technician writes: keys with defaults may be left out
    io: 'input',
    // draft-07 is the version editors' YAML support knows best
    target: 'draft-7',
    override: ({ zodSchema, jsonSchema }) => {
      // zod ignores unknown keys; an editor should mark them, as `npm run check-profile` does, since a
      // misspelt optional key would otherwise leave its setting at the default without a word
      if (zodSchema._zod.def.type === 'object' && jsonSchema.additionalProperties === undefined) jsonSchema.additionalProperties = false;
    },
  });
  const titled = {
    ...schema,
    title: 'School profile of the Online Safety bot',
    description:
      'Generated from src/domain/school-profile.ts by `npm run profile-schema`; check a profile with `npm run check-profile -- <file>`.',
  };
  return `${JSON.stringify(titled, null, 2)}\n`;
}
