// the pure parts of `npm run package`: settings from the environment, placeholder substitution,
// offline schema validation, icon checks and the zip bytes. no file or network access here,
// so the tests call exactly what the script runs.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { strToU8, zipSync } from 'fflate';
import { decodePng, readPngHeader } from './png.js';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

/** Optional settings and their defaults; example.org is reserved, so a default can never point at a real site. */
export const OPTIONAL_DEFAULTS = {
  DEVELOPER_NAME: 'Online Safety Reporting',
  APP_WEBSITE_URL: 'https://example.org/online-safety',
  APP_PRIVACY_URL: 'https://example.org/online-safety/privacy',
  APP_TERMS_URL: 'https://example.org/online-safety/terms',
} as const;

export type PlaceholderValues = Record<'BOT_ID' | 'TEAMS_APP_ID' | keyof typeof OPTIONAL_DEFAULTS, string>;

export const ICON_SIZES = { 'color.png': 192, 'outline.png': 32 } as const;

/** Reads BOT_ID (required), TEAMS_APP_ID (defaults to BOT_ID) and the optional developer details. */
export function readPackageSettings(env: Record<string, string | undefined>): Result<PlaceholderValues> {
  const problems: string[] = [];
  const botId = env.BOT_ID?.trim() ?? '';
  if (!botId) problems.push("BOT_ID is missing: set it to the bot's Microsoft App ID (a GUID), in the environment or in .env");
  else if (!GUID.test(botId)) problems.push(`BOT_ID must be a GUID like 00000000-0000-0000-0000-000000000000, got "${botId}"`);
  const teamsAppId = env.TEAMS_APP_ID?.trim() || botId;
  if (env.TEAMS_APP_ID?.trim() && !GUID.test(teamsAppId)) {
    problems.push(`TEAMS_APP_ID must be a GUID when set, got "${teamsAppId}"`);
  }
  const optional = { ...OPTIONAL_DEFAULTS } as Record<keyof typeof OPTIONAL_DEFAULTS, string>;
  for (const key of Object.keys(OPTIONAL_DEFAULTS) as (keyof typeof OPTIONAL_DEFAULTS)[]) {
    const value = env[key]?.trim();
    if (!value) continue;
    if (key.endsWith('_URL') && !value.startsWith('https://')) problems.push(`${key} must start with https://, got "${value}"`);
    optional[key] = value;
  }
  if (problems.length > 0) return { ok: false, error: problems.join('\n') };
  return { ok: true, value: { BOT_ID: botId, TEAMS_APP_ID: teamsAppId, ...optional } };
}

/** Replaces every ${{NAME}} in the manifest text; a placeholder without a value is an error, never left in. */
export function substitutePlaceholders(template: string, values: Record<string, string>): Result<string> {
  const unknown = new Set<string>();
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      unknown.add(name);
      return whole;
    }
    // the values land inside JSON strings, so escape them as JSON would
    return JSON.stringify(value).slice(1, -1);
  });
  if (unknown.size > 0) return { ok: false, error: `manifest placeholders without a value: ${[...unknown].join(', ')}` };
  return { ok: true, value: text };
}

/**
 * Validates against a Teams manifest schema. The schemas declare draft-04, which Ajv 8 cannot load,
 * but they use none of draft-04's own constructs (see draft04OnlyConstructs), so Ajv's default
 * draft-07 dialect gives the same verdict; `$schema` is dropped so Ajv does not look for the draft-04 meta-schema.
 * Returns one readable line per problem; empty means valid.
 */
export function validateManifest(manifest: unknown, schema: Record<string, unknown>): string[] {
  const validate = compiledValidator(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(describeError);
}

// compiling the 88 KB schema takes a noticeable moment; do it once per schema object
const compiled = new WeakMap<object, ValidateFunction>();

function compiledValidator(schema: Record<string, unknown>): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const { $schema: _declaredDraft, ...body } = schema;
  // strictTypes is off because the published schema omits "type" beside some keywords; unknown keywords still throw
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  addFormats(ajv);
  const validate = ajv.compile(body);
  compiled.set(schema, validate);
  return validate;
}

// ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose .default is the plugin
const addFormats = addFormatsModule.default;

// ajv's messages leave out the offending name or the allowed values; put them back for the reader
const DETAIL_PARAM: Record<string, string> = {
  additionalProperties: 'additionalProperty',
  const: 'allowedValue',
  enum: 'allowedValues',
};

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const param = DETAIL_PARAM[error.keyword];
  const detail = param === undefined ? '' : ` (${JSON.stringify((error.params as Record<string, unknown>)[param])})`;
  return `${where} ${error.message ?? error.keyword}${detail}`;
}

/**
 * Places where a schema relies on draft-04 meanings that draft-07 reads differently:
 * boolean exclusiveMinimum/exclusiveMaximum, `id` as a schema identifier, and real keywords beside `$ref`
 * (ignored in draft-04, applied by Ajv). Empty means validating as draft-07 is faithful.
 */
export function draft04OnlyConstructs(schema: unknown, path = '#'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((item, i) => draft04OnlyConstructs(item, `${path}/${i}`));
  if (typeof schema !== 'object' || schema === null) return [];
  const found: string[] = [];
  const node = schema as Record<string, unknown>;
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum']) {
    if (typeof node[key] === 'boolean') found.push(`${path}/${key} is a draft-04 boolean`);
  }
  // a property called "id" maps to a schema object; only a string-valued id is a draft-04 identifier
  if (typeof node.id === 'string') found.push(`${path}/id is a draft-04 schema identifier`);
  if ('$ref' in node) {
    const annotations = new Set(['$ref', 'description', 'title', 'default', 'examples']);
    const siblings = Object.keys(node).filter((key) => !annotations.has(key));
    if (siblings.length > 0) found.push(`${path} has keywords beside $ref: ${siblings.join(', ')}`);
  }
  for (const [key, value] of Object.entries(node)) {
    found.push(...draft04OnlyConstructs(value, `${path}/${key}`));
  }
  return found;
}

/** Checks the icons Teams insists on: exact sizes, and an outline that is white on transparent. */
export function checkIcons(icons: Record<keyof typeof ICON_SIZES, Uint8Array>): string[] {
  const problems: string[] = [];
  for (const [name, size] of Object.entries(ICON_SIZES) as [keyof typeof ICON_SIZES, number][]) {
    const header = readPngHeader(icons[name]);
    if (!header.ok) problems.push(`${name}: ${header.error}`);
    else if (header.value.width !== size || header.value.height !== size) {
      problems.push(`${name} must be ${size}x${size}, it is ${header.value.width}x${header.value.height}`);
    }
  }
  const outline = decodePng(icons['outline.png']);
  if (!outline.ok) problems.push(`outline.png: ${outline.error}`);
  else if (!isWhiteOnTransparent(outline.value.rgba)) {
    problems.push('outline.png must be white on a transparent background (every visible pixel pure white)');
  }
  return problems;
}

function isWhiteOnTransparent(rgba: Uint8Array): boolean {
  let visible = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] === 0) continue;
    visible++;
    if (rgba[i] !== 255 || rgba[i + 1] !== 255 || rgba[i + 2] !== 255) return false;
  }
  return visible > 0;
}

export interface AppPackageInputs {
  manifestTemplate: string;
  schema: Record<string, unknown>;
  colorPng: Uint8Array;
  outlinePng: Uint8Array;
}

export interface AppPackage {
  manifest: Record<string, unknown>;
  zip: Uint8Array;
}

// a fixed timestamp keeps two builds of the same inputs byte-identical
const ZIP_ENTRY_TIME = new Date(2025, 0, 1);

/** Substitutes, validates, checks the icons and zips; any problem stops the build with every reason listed. */
export function buildAppPackage(inputs: AppPackageInputs, values: PlaceholderValues): Result<AppPackage> {
  const text = substitutePlaceholders(inputs.manifestTemplate, values);
  if (!text.ok) return text;
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(text.value) as Record<string, unknown>;
  } catch (error) {
    return { ok: false, error: `manifest.json is not valid JSON: ${(error as Error).message}` };
  }
  const problems = [
    ...validateManifest(manifest, inputs.schema).map((line) => `manifest.json ${line}`),
    ...checkIcons({ 'color.png': inputs.colorPng, 'outline.png': inputs.outlinePng }),
    ...iconPathProblems(manifest),
  ];
  if (problems.length > 0) return { ok: false, error: problems.join('\n') };
  const zip = zipSync(
    {
      'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
      'color.png': inputs.colorPng,
      'outline.png': inputs.outlinePng,
    },
    { level: 9, mtime: ZIP_ENTRY_TIME },
  );
  return { ok: true, value: { manifest, zip } };
}

// the package holds exactly color.png and outline.png at its root, so the manifest must name those
function iconPathProblems(manifest: Record<string, unknown>): string[] {
  const icons = manifest.icons as { color?: unknown; outline?: unknown } | undefined;
  const problems: string[] = [];
  if (icons?.color !== 'color.png') problems.push('manifest.json icons.color must be "color.png"');
  if (icons?.outline !== 'outline.png') problems.push('manifest.json icons.outline must be "outline.png"');
  return problems;
}
