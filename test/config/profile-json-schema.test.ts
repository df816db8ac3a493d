import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { PROFILE_JSON_SCHEMA_FILE, profileJsonSchemaText } from '../../src/config/profile-json-schema.js';

// the JSON Schema editors use to complete and check a profile (VS Code's YAML extension reads the
// profile's first line). it is generated from the zod schema and committed, so it must never go stale.

const addFormats = addFormatsModule.default;

function validator() {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(PROFILE_JSON_SCHEMA_FILE, 'utf8')) as object);
}

const example = () => parse(readFileSync('profiles/example-school.yaml', 'utf8')) as Record<string, Record<string, unknown>>;

describe('the school profile JSON Schema', () => {
  it('is what the zod schema generates now (after changing the schema run `npm run profile-schema`)', () => {
    expect(readFileSync(PROFILE_JSON_SCHEMA_FILE, 'utf8')).toBe(profileJsonSchemaText());
  });

  it('accepts the example school', () => {
    const validate = validator();
    expect(validate(example())).toBe(true);
    expect(validate.errors).toBeNull();
  });

  it('marks what an editor should: a misspelt key, a wrong GUID, a missing DSL, keys left to their defaults are optional', () => {
    const validate = validator();
    const broken = example();
    broken.reviews!.passwordEveryMonth = broken.reviews!.passwordEveryMonths;
    delete broken.reviews!.passwordEveryMonths;
    const roles = broken.roles as Record<string, { aadObjectId: string }[]>;
    roles['it-support']![0]!.aadObjectId = 'a1b2c3d4-0000-4000-8000-00000000008';
    delete roles.dsl;
    delete roles['trust-ceo'];
    delete broken.training;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => [e.instancePath, e.keyword, e.params])).toEqual(
      expect.arrayContaining([
        ['/roles', 'required', { missingProperty: 'dsl' }],
        ['/roles/it-support/0/aadObjectId', 'format', { format: 'uuid' }],
        ['/reviews', 'additionalProperties', { additionalProperty: 'passwordEveryMonth' }],
      ]),
    );
    // trust-ceo and training have defaults: leaving them out is fine
    expect(validate.errors?.filter((e) => e.keyword === 'required').map((e) => e.params.missingProperty as string)).toEqual(['dsl']);
  });
});
