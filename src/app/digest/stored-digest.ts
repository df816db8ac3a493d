import { digestSchema, type Digest } from '../../domain/index.js';
import type { DigestRecord } from '../../ports/compliance-records.js';
import { parseStored } from '../../ports/stored-data.js';

/** the digest as it was posted; a damaged one is a CorruptRecordError naming it, never wrong figures */
export const digestOf = (record: Pick<DigestRecord, 'id' | 'digest'>): Digest =>
  parseStored(digestSchema, record.digest, { table: 'digests', row: record.id, column: 'digest' });
