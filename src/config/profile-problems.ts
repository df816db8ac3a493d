import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { schoolProfileSchema, type SchoolProfile } from '../domain/school-profile.js';

// every problem of a school profile in plain words, with where it is in the file. shared by the loader
// (`npm start` names the line) and `npm run check-profile` (a technician checks a file before using it).

export type ProfilePath = readonly PropertyKey[];
/** path: where in the profile (empty: the profile as a whole); none for a YAML syntax error */
export type ProfileProblem = { path?: ProfilePath; message: string; line?: number; column?: number };

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;
type Def = { type: string; innerType?: AnySchema; in?: AnySchema; element?: AnySchema; valueType?: AnySchema; options?: AnySchema[] };
type ObjectDef = { type: 'object'; shape: Record<string, AnySchema>; catchall?: AnySchema };

const defOf = (s: AnySchema): Def => s._zod.def as unknown as Def;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** the schema under the wrappers (default, optional, pipe ...) that do not change a value's shape */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let d = defOf(s); ; d = defOf(s)) {
    const inner = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
    if (!inner) return s;
    s = inner;
  }
}

/** the object schema a path leads to, when there is exactly one (not through a union) */
function objectAt(schema: AnySchema, path: ProfilePath): ObjectDef | undefined {
  let s = unwrap(schema);
  for (const key of path) {
    const d = defOf(s);
    if (d.type === 'object') {
      const next = (d as unknown as ObjectDef).shape[String(key)];
      if (!next) return undefined;
      s = unwrap(next);
    } else if (d.type === 'array' && d.element) s = unwrap(d.element);
    else if (d.type === 'record' && d.valueType) s = unwrap(d.valueType);
    else return undefined;
  }
  const d = defOf(s);
  return d.type === 'object' ? (d as unknown as ObjectDef) : undefined;
}

function unknownKeyProblem(path: ProfilePath, key: string): ProfileProblem {
  const allowed = Object.keys(objectAt(schoolProfileSchema, path)?.shape ?? {});
  const hint = allowed.length ? `; the keys allowed here are ${allowed.join(', ')}` : '';
  return { path: [...path, key], message: `"${key}" is not a key the profile knows${hint}` };
}

/**
 * keys zod strips without a word (every object but the strict ones): a typo there would leave a setting
 * silently at its default, so the checker names them. strict objects are left to zod's own issue.
 */
function strippedKeys(schema: AnySchema, value: unknown, path: ProfilePath, out: ProfileProblem[]): void {
  const s = unwrap(schema);
  const d = defOf(s);
  if (d.type === 'array' && d.element && Array.isArray(value)) value.forEach((v, i) => strippedKeys(d.element!, v, [...path, i], out));
  else if (d.type === 'record' && d.valueType && isPlainObject(value))
    for (const [k, v] of Object.entries(value)) strippedKeys(d.valueType, v, [...path, k], out);
  else if (d.type === 'union' && d.options) {
    // follow the one option the value fits, if any; otherwise zod reports the union itself
    const fits = d.options.find((o) => z.safeParse(o, value).success);
    if (fits) strippedKeys(fits, value, path, out);
  } else if (d.type === 'object' && isPlainObject(value)) {
    const { shape, catchall } = d as unknown as ObjectDef;
    for (const [k, v] of Object.entries(value)) {
      if (shape[k]) strippedKeys(shape[k], v, [...path, k], out);
      else if (!catchall) out.push(unknownKeyProblem(path, k));
    }
  }
}

function valueAt(data: unknown, path: ProfilePath): unknown {
  let v = data;
  for (const key of path) v = isPlainObject(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** the schema of the key a path names, when it is a key of one object schema */
function fieldAt(path: ProfilePath): AnySchema | undefined {
  const key = path[path.length - 1];
  return key === undefined ? undefined : objectAt(schoolProfileSchema, path.slice(0, -1))?.shape[String(key)];
}

/** a missing list says what the schema asks of it when it is empty ("a school must name at least one ...") */
function missingMessage(path: ProfilePath, want: string): string {
  const field = fieldAt(path);
  const empty = field && defOf(unwrap(field)).type === 'array' ? z.safeParse(field, []) : undefined;
  const why = empty && !empty.success && empty.error.issues.length === 1 ? empty.error.issues[0]!.message : undefined;
  return why ? `is missing: ${why}` : `is missing (it should be ${want})`;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a group of keys',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** zod's own wording for a wrong type reads like a stack trace; the schema's custom messages are kept as they are */
function issueProblems(issue: Issue, data: unknown): ProfileProblem[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => unknownKeyProblem(issue.path, k));
  if (issue.code === 'invalid_type') {
    const found = valueAt(data, issue.path);
    const want = TYPE_WORDS[issue.expected] ?? issue.expected;
    // a schema's own words for a missing key ("is needed: ...") are kept; zod's default is replaced
    if (found === undefined && !issue.message.startsWith('Invalid input')) return [{ path: issue.path, message: issue.message }];
    if (found === undefined) return [{ path: issue.path, message: missingMessage(issue.path, want) }];
    const was = found === null ? 'empty' : Array.isArray(found) ? 'a list' : (TYPE_WORDS[typeof found] ?? typeof found);
    if (issue.message.startsWith('Invalid input')) return [{ path: issue.path, message: `must be ${want}, not ${was}` }];
  }
  // zod's defaults where the schema gives no message of its own
  if (issue.code === 'invalid_value' && issue.message.startsWith('Invalid option'))
    return [{ path: issue.path, message: `must be one of: ${issue.values.map(String).join(', ')}` }];
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1 && issue.message.startsWith('Too small'))
    return [{ path: issue.path, message: 'must not be empty' }];
  return [{ path: issue.path, message: issue.message }];
}

export type ProfileProblems = { value: SchoolProfile; problems: ProfileProblem[] } | { value?: undefined; problems: ProfileProblem[] };

/**
 * validates a profile already parsed from YAML/JSON. `value` is set when the bot can run on it; `problems`
 * lists everything wrong, and also, when it is otherwise fine, the unknown keys the bot would ignore.
 */
export function profileProblems(data: unknown): ProfileProblems {
  const parsed = schoolProfileSchema.safeParse(data);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((i) => issueProblems(i, data));
  strippedKeys(schoolProfileSchema, data, [], problems);
  return parsed.success ? { value: parsed.data, problems } : { problems };
}

/** where a path is in the document: a key's own position, or the nearest parent that is there (for a missing key) */
function locate(doc: Document, lines: LineCounter, path: ProfilePath): { line: number; column: number } {
  let node: unknown = doc.contents;
  let at = 0; // a key missing from the top level: the file as a whole, from line 1
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
      if (!pair) break;
      at = (pair.key as { range?: [number] } | null)?.range?.[0] ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
      node = node.items[key];
      at = (node as { range?: [number] }).range?.[0] ?? at;
    } else break;
  }
  const { line, col } = lines.linePos(at);
  return { line, column: col };
}

export type ProfileTextCheck =
  | { ok: true; value: SchoolProfile; problems: ProfileProblem[] }
  | { ok: false; notYaml: true; problems: ProfileProblem[] }
  | { ok: false; notYaml: false; problems: ProfileProblem[] };

/** parses the profile's text (YAML or JSON: JSON is YAML) and places every problem on its line, in file order */
export function checkProfileText(text: string): ProfileTextCheck {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) {
    // only the first: yaml carries on after a syntax error and the rest are mostly its echoes (one
    // line indented wrongly makes every key after it "not at the same column")
    const problems = doc.errors.slice(0, 1).map((e) => ({
      // yaml's message repeats the position and quotes the lines; the first sentence is the reason
      message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
      line: e.linePos?.[0].line,
      column: e.linePos?.[0].col,
    }));
    return { ok: false, notYaml: true, problems };
  }
  const result = profileProblems(doc.toJS());
  const problems = result.problems
    .map((p) => ({ ...p, ...locate(doc, lines, p.path ?? []) }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
  return result.value ? { ok: true, value: result.value, problems } : { ok: false, notYaml: false, problems };
}

/**
 * one problem as a line of text. 'line-first' for the checker, whose list runs in file order:
 * "line 32, column 3: roles.dsl: a school must name ..."; 'path-first' for the bot's start-up errors,
 * which have always begun with the key: "roles.dsl: a school must name ... (line 32, column 3)".
 */
export function describeProblem(p: ProfileProblem, style: 'line-first' | 'path-first' = 'path-first'): string {
  const at = p.line === undefined ? undefined : `line ${p.line}${p.column === undefined ? '' : `, column ${p.column}`}`;
  const path = !p.path ? '' : p.path.length ? `${p.path.map(String).join('.')}: ` : '(top level): ';
  if (style === 'line-first') return `${at ? `${at}: ` : ''}${path}${p.message}`;
  return `${path}${p.message}${at ? ` (${at})` : ''}`;
}
