// what a store hands back is parsed when it is read, once, so a damaged row fails there, loudly and by
// name, instead of travelling on as a wrongly shaped object. every adapter reads its JSON columns
// through parseStoredJson; use cases read the store's opaque JSON (a plan, a digest) through parseStored
// with the domain's schema. the stored format is unchanged: this only reads it.
import { z } from 'zod';
import type { IncidentEvent, Json } from './incident-store.js';

export const jsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]),
);

/** where a stored value came from: the table (or list), the row's key and the column */
export interface StoredAt {
  table: string;
  row: string | number;
  column: string;
}

/**
 * a stored row that cannot be read as what it should hold. the message names the table, the row and
 * the column, and what is wrong where, never the stored value itself (it may hold names or a child's words)
 */
export class CorruptRecordError extends Error {
  constructor(
    readonly at: StoredAt,
    readonly problems: readonly string[],
  ) {
    super(`${at.table} row ${at.row}: ${at.column} cannot be read (${problems.join('; ')})`);
    this.name = 'CorruptRecordError';
  }
}

/** each issue as its path and what was expected (the schema's words, never the stored value's) */
function problemsOf(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): string[] {
  return issues.slice(0, 5).map((issue) => {
    const path = [...prefix, ...issue.path];
    const where = path.length > 0 ? path.map(String).join('.') : 'the value';
    if (issue.code === 'invalid_union' && issue.errors.length > 0)
      return `${where}: none of its shapes (${issue.errors.map((e) => problemsOf(e, path).join(', ')).join(' | ')})`;
    if (issue.code === 'invalid_value') return `${where}: expected one of ${issue.values.map(String).join(', ')}`;
    const expected = 'expected' in issue && typeof issue.expected === 'string' ? `, expected ${issue.expected}` : '';
    return `${where}: ${issue.code}${expected}`;
  });
}

/** a value already out of the store (a plan, a digest) as the schema's type, or CorruptRecordError */
export function parseStored<T>(schema: z.ZodType<T>, value: unknown, at: StoredAt): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CorruptRecordError(at, problemsOf(parsed.error.issues));
  return parsed.data;
}

/** a JSON column's text as the schema's type (jsonSchema for opaque JSON), or CorruptRecordError */
export function parseStoredJson<T>(schema: z.ZodType<T>, text: string, at: StoredAt): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CorruptRecordError(at, ['not JSON']);
  }
  return parseStored(schema, value, at);
}

/** who wrote an event of the trail: a person, or a part of the bot */
export const eventActorSchema: z.ZodType<IncidentEvent['actor']> = z.union([
  z.object({ aadObjectId: z.string(), displayName: z.string() }),
  z.object({ system: z.string() }),
]);

/** T when JSON.stringify keeps it as it is (no functions, dates, maps, bigints), else never */
export type JsonShaped<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends (...args: never[]) => unknown
    ? never
    : T extends Date | Map<unknown, unknown> | Set<unknown> | bigint
      ? never
      : T extends readonly (infer U)[]
        ? readonly JsonShaped<U>[]
        : { [K in keyof T]: JsonShaped<T[K]> };

/**
 * a domain value (a plan, facts, a digest) as the store's JSON. the type is checked at compile time, so
 * no cast is needed where it is called: an interface has no index signature, so TypeScript cannot see
 * for itself that a plan is JSON.
 */
export function toJson<T>(value: T & JsonShaped<T>): Json {
  return value as Json;
}
