// `npm run profile-schema`: writes profiles/school-profile.schema.json from the zod schema of a school
// profile. Run it after changing src/domain/school-profile.ts; a test fails while the file is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILE_JSON_SCHEMA_FILE, profileJsonSchemaText } from '../src/config/profile-json-schema.js';

const repoRoot = join(import.meta.dirname, '..');
writeFileSync(join(repoRoot, PROFILE_JSON_SCHEMA_FILE), profileJsonSchemaText());
process.stdout.write(`wrote ${PROFILE_JSON_SCHEMA_FILE}\n`);
