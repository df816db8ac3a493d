import { z } from 'zod';
import { GRAPH_KEYS, readGraphSettings, type GraphSettings } from './graph-settings.js';
// pure: how the provisioning script turns a site's address into Graph's look-up path, or why it cannot
import { siteLookupPath } from '../adapters/sharepoint/provision.js';

// the process environment, validated once at start-up by every entry point (the bot, npm run job,
// npm run provision:sharepoint). every problem is reported at once, naming the key.

export const BOT_MODES = ['local', 'production'] as const;
export type BotMode = (typeof BOT_MODES)[number];

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** a SharePoint site's Graph id, as npm run provision:sharepoint prints it: <host>,<site collection guid>,<web guid> */
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const SITE_ID = new RegExp(`^[a-z0-9.-]+,${GUID},${GUID}$`, 'i');
const optionalSiteId = optionalText.refine((v) => v === undefined || SITE_ID.test(v), {
  message: 'not a SharePoint site id: it looks like yourschool.sharepoint.com,<guid>,<guid> (npm run provision:sharepoint prints it)',
});

export const envSchema = z.object({
  BOT_MODE: z.enum(BOT_MODES).default('production'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3978),
  DATA_DIR: z.string().min(1).default('./data'),
  SCHOOL_PROFILE: optionalText,
  /** a trust's deployment: the file naming its schools (each with its own profile); SCHOOL_PROFILE is then not used */
  TRUST_FILE: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STORE: z.enum(['sqlite', 'sharepoint', 'postgres']).default('sqlite'),
  /** STORE=postgres: the shared database, postgres://user:password@host:5432/database (?sslmode=require in Azure) */
  DATABASE_URL: optionalText,
  /**
   * STORE=postgres: password (in DATABASE_URL) or entra (the managed identity signs in with a Microsoft Entra
   * token; DATABASE_URL then names the identity as the user and holds no password; AZURE_CLIENT_ID picks a
   * user-assigned identity)
   */
  DATABASE_AUTH: z
    .enum(['password', 'entra'], { message: 'must be password (a password in DATABASE_URL) or entra (the managed identity, no password)' })
    .default('password'),
  SHAREPOINT_SITE_ID: optionalText,
  /** the case team's own site: details, the decision log and cases about adults go only there */
  SHAREPOINT_RESTRICTED_SITE_ID: optionalSiteId,
  /** npm run provision:sharepoint only: the sites' addresses, instead of their ids */
  SHAREPOINT_SITE_URL: optionalText,
  SHAREPOINT_RESTRICTED_SITE_URL: optionalText,
  SCHEDULER: z.enum(['on', 'off']).default('on'),
  SQLITE_JOURNAL_MODE: z.enum(['wal', 'delete']).default('wal'),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.enum(['SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: optionalText,
  /**
   * the Teams app's id in your organisation's app catalogue (Teams admin centre, Manage apps, the app's
   * "App ID"): with Graph's TeamsAppInstallation.ReadWriteSelfForUser.All, the bot installs itself for
   * anyone it must be able to alert who has never opened it
   */
  TEAMS_APP_CATALOG_ID: optionalText.refine((v) => v === undefined || new RegExp(`^${GUID}$`, 'i').test(v), {
    message: "not an app id: it looks like 00000000-0000-0000-0000-000000000000 (Teams admin centre, Manage apps, the app's App ID)",
  }),
  /** Application Insights (infra/main.bicep sets it); absent: no telemetry is started at all */
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText.refine((v) => v === undefined || /(^|;)\s*InstrumentationKey=[^;]+/i.test(v), {
    message:
      'not an Application Insights connection string: it looks like InstrumentationKey=<guid>;IngestionEndpoint=https://... (Application Insights resource, Overview, Connection String)',
  }),
});

export type Env = z.infer<typeof envSchema>;

export interface BotCredentials {
  MicrosoftAppId: string;
  MicrosoftAppType: 'SingleTenant' | 'UserAssignedMSI';
  MicrosoftAppTenantId: string;
  MicrosoftAppPassword?: string;
}

export interface AppConfig {
  mode: BotMode;
  /** local mode listens on loopback only; production on every interface (App Service routes to it) */
  host: string;
  port: number;
  dataDir: string;
  schoolProfilePath: string;
  /** a trust's deployment: its trust file (the schools and their profiles) */
  trustFilePath?: string;
  logLevel: Env['LOG_LEVEL'];
  store: Env['STORE'];
  /** wal on a local disk; delete where DATA_DIR is a network share (App Service's /home), where WAL is unsafe */
  sqliteJournalMode: Env['SQLITE_JOURNAL_MODE'];
  /** STORE=postgres: the shared database's connection string (it may hold a password: never log it, see describeConfig) */
  databaseUrl?: string;
  /** STORE=postgres with DATABASE_AUTH=entra: sign in with an Entra token (AZURE_CLIENT_ID: a user-assigned identity) */
  databaseEntra?: { clientId?: string };
  /** present in production; absent in local mode, where inbound activities are not authenticated */
  credentials?: BotCredentials;
  /** the scheduled compliance jobs (reminders, scans); off for tests that must not be interrupted by them */
  scheduler?: boolean;
  /** STORE=sharepoint: summaries of the records are copied to this site's lists (the embedded store stays the first copy) */
  sharePointSiteId?: string;
  /**
   * STORE=sharepoint: the site only the case team can open, for the cases in full and the decision log.
   * absent: those are not copied to SharePoint at all (they stay in the embedded store)
   */
  sharePointRestrictedSiteId?: string;
  /**
   * how to sign in to Microsoft Graph (GRAPH_AUTH, AZURE_*), or what is wrong with it; absent when none of
   * GRAPH_AUTH, AZURE_CLIENT_ID, AZURE_TENANT_ID is set. the bot runs without it (no leaver scan) unless
   * STORE=sharepoint; the provisioning script needs it
   */
  graph?: GraphSettings;
  /** the Teams app's id in the org's app catalogue: with Graph, the bot installs itself for people it cannot reach yet */
  teamsAppCatalogId?: string;
  /** Application Insights' connection string: request telemetry and the (redacted) logs go there when set */
  telemetryConnectionString?: string;
  /** npm run provision:sharepoint only: the two sites, each by id or by address (the id wins) */
  provisioning?: { siteId?: string; siteUrl?: string; restrictedSiteId?: string; restrictedSiteUrl?: string };
}

/**
 * who is reading the settings: the bot needs its Teams credentials in production; a job run by hand
 * and the provisioning script do not talk to Teams, so they run with none (the example school by default)
 */
export type ConfigUse = 'bot' | 'job' | 'provision';

export const EXAMPLE_PROFILE_PATH = './profiles/example-school.yaml';

export type ConfigResult = { ok: true; value: AppConfig } | { ok: false; errors: string[] };

/** turns the raw environment into the app's configuration, or a list of every problem */
export function loadConfig(raw: Record<string, string | undefined>, use: ConfigUse = 'bot'): ConfigResult {
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`) };
  }
  const env = parsed.data;
  const errors: string[] = [];

  const graph = GRAPH_KEYS.some((key) => raw[key]?.trim()) ? readGraphSettings(raw) : undefined;

  if (use === 'bot' && env.BOT_MODE === 'production') {
    errors.push(...missingCredentialKeys(env));
    if (!env.SCHOOL_PROFILE && !env.TRUST_FILE)
      errors.push(
        'SCHOOL_PROFILE: required in production (the path of your school profile file; or TRUST_FILE for a trust of several schools)',
      );
  }
  if (env.TRUST_FILE && env.SCHOOL_PROFILE)
    errors.push('TRUST_FILE and SCHOOL_PROFILE: set one or the other (a trust file names each school’s profile itself)');
  if (env.TRUST_FILE && env.STORE === 'sharepoint')
    errors.push('TRUST_FILE: STORE=sharepoint is for one school; a trust names each school’s SharePoint sites in the trust file');
  if (env.STORE === 'sharepoint' && !env.SHAREPOINT_SITE_ID) {
    errors.push('SHAREPOINT_SITE_ID: required when STORE is sharepoint (the site id, e.g. contoso.sharepoint.com,<guid>,<guid>)');
  }
  if (
    env.STORE === 'sharepoint' &&
    env.SHAREPOINT_RESTRICTED_SITE_ID &&
    env.SHAREPOINT_RESTRICTED_SITE_ID.toLowerCase() === env.SHAREPOINT_SITE_ID?.toLowerCase()
  ) {
    errors.push(
      "SHAREPOINT_RESTRICTED_SITE_ID: must be a different site from SHAREPOINT_SITE_ID (it holds what the shared site's members must not read)",
    );
  }
  if (env.STORE === 'postgres') errors.push(...databaseUrlProblems(env.DATABASE_URL, env.DATABASE_AUTH));
  if (use === 'provision') errors.push(...provisioningProblems(env, graph));
  if (errors.length > 0) return { ok: false, errors };

  const credentials: BotCredentials | undefined =
    use === 'bot' && env.BOT_MODE === 'production'
      ? {
          MicrosoftAppId: env.MicrosoftAppId!,
          MicrosoftAppType: env.MicrosoftAppType!,
          MicrosoftAppTenantId: env.MicrosoftAppTenantId!,
          ...(env.MicrosoftAppPassword ? { MicrosoftAppPassword: env.MicrosoftAppPassword } : {}),
        }
      : undefined;

  return {
    ok: true,
    value: {
      mode: env.BOT_MODE,
      host: env.BOT_MODE === 'local' ? '127.0.0.1' : '0.0.0.0',
      port: env.PORT,
      dataDir: env.DATA_DIR,
      schoolProfilePath: env.SCHOOL_PROFILE ?? EXAMPLE_PROFILE_PATH,
      ...(env.TRUST_FILE ? { trustFilePath: env.TRUST_FILE } : {}),
      logLevel: env.LOG_LEVEL,
      store: env.STORE,
      sqliteJournalMode: env.SQLITE_JOURNAL_MODE,
      ...(env.STORE === 'postgres' && env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
      ...(env.STORE === 'postgres' && env.DATABASE_AUTH === 'entra'
        ? { databaseEntra: raw.AZURE_CLIENT_ID?.trim() ? { clientId: raw.AZURE_CLIENT_ID.trim() } : {} }
        : {}),
      credentials,
      ...(env.STORE === 'sharepoint' && env.SHAREPOINT_SITE_ID ? { sharePointSiteId: env.SHAREPOINT_SITE_ID } : {}),
      ...(env.STORE === 'sharepoint' && env.SHAREPOINT_RESTRICTED_SITE_ID
        ? { sharePointRestrictedSiteId: env.SHAREPOINT_RESTRICTED_SITE_ID }
        : {}),
      ...(env.SCHEDULER === 'off' ? { scheduler: false } : {}),
      ...(graph ? { graph } : {}),
      ...(env.TEAMS_APP_CATALOG_ID ? { teamsAppCatalogId: env.TEAMS_APP_CATALOG_ID } : {}),
      ...(env.APPLICATIONINSIGHTS_CONNECTION_STRING ? { telemetryConnectionString: env.APPLICATIONINSIGHTS_CONNECTION_STRING } : {}),
      ...(use === 'provision'
        ? {
            provisioning: {
              ...(env.SHAREPOINT_SITE_ID ? { siteId: env.SHAREPOINT_SITE_ID } : {}),
              ...(env.SHAREPOINT_SITE_URL ? { siteUrl: env.SHAREPOINT_SITE_URL } : {}),
              ...(env.SHAREPOINT_RESTRICTED_SITE_ID ? { restrictedSiteId: env.SHAREPOINT_RESTRICTED_SITE_ID } : {}),
              ...(env.SHAREPOINT_RESTRICTED_SITE_URL ? { restrictedSiteUrl: env.SHAREPOINT_RESTRICTED_SITE_URL } : {}),
            },
          }
        : {}),
    },
  };
}

/** STORE=postgres: DATABASE_URL must be there, and read as a PostgreSQL address */
function databaseUrlProblems(url: string | undefined, auth: Env['DATABASE_AUTH']): string[] {
  const example = 'e.g. postgres://onlinesafety@yourtrust.postgres.database.azure.com:5432/onlinesafety?sslmode=require';
  if (!url) return [`DATABASE_URL: required when STORE is postgres (the database's address, ${example})`];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [`DATABASE_URL: not an address the bot can read (${example})`];
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return [`DATABASE_URL: must start with postgres:// or postgresql:// (${example})`];
  }
  if (!parsed.hostname) return [`DATABASE_URL: names no server (${example})`];
  if (auth === 'entra' && parsed.password) {
    return [
      'DATABASE_URL: holds a password, but DATABASE_AUTH is entra (the managed identity signs in with a token): take the password out of the address',
    ];
  }
  if (auth === 'entra' && !parsed.username) {
    return [`DATABASE_URL: DATABASE_AUTH is entra, so the address must name the managed identity as the user (${example})`];
  }
  return [];
}

/** the database's address without its user name or password, safe to log */
function describeDatabaseUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '[unreadable]';
  }
}

function provisioningProblems(env: Env, graph: GraphSettings | undefined): string[] {
  const errors: string[] = [];
  if (!env.SHAREPOINT_SITE_ID && !env.SHAREPOINT_SITE_URL) {
    errors.push(
      'SHAREPOINT_SITE_ID or SHAREPOINT_SITE_URL: required. Give the address of the SharePoint site for the summaries, e.g. SHAREPOINT_SITE_URL=https://yourschool.sharepoint.com/sites/online-safety',
    );
  }
  // an address is used only when its site's id is not given
  for (const [id, url, key] of [
    [env.SHAREPOINT_SITE_ID, env.SHAREPOINT_SITE_URL, 'SHAREPOINT_SITE_URL'],
    [env.SHAREPOINT_RESTRICTED_SITE_ID, env.SHAREPOINT_RESTRICTED_SITE_URL, 'SHAREPOINT_RESTRICTED_SITE_URL'],
  ] as const) {
    const lookup = !id && url ? siteLookupPath(url, key) : undefined;
    if (lookup && 'error' in lookup) errors.push(lookup.error);
  }
  // provisioning signs in to Graph or does nothing: a missing sign-in is a setting to fix
  const signIn = graph ?? readGraphSettings({});
  if ('error' in signIn) errors.push(signIn.error);
  return errors;
}

function missingCredentialKeys(env: Env): string[] {
  const errors: string[] = [];
  if (!env.MicrosoftAppId) errors.push("MicrosoftAppId: required in production (the bot's Entra app or managed identity client id)");
  if (!env.MicrosoftAppType) errors.push('MicrosoftAppType: required in production (SingleTenant or UserAssignedMSI)');
  if (!env.MicrosoftAppTenantId) errors.push("MicrosoftAppTenantId: required in production (your school's Entra tenant id)");
  if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppPassword) {
    errors.push("MicrosoftAppPassword: required when MicrosoftAppType is SingleTenant (the app registration's client secret)");
  }
  if (env.MicrosoftAppType === 'UserAssignedMSI' && env.MicrosoftAppPassword) {
    errors.push('MicrosoftAppPassword: must not be set when MicrosoftAppType is UserAssignedMSI (the managed identity needs no secret)');
  }
  return errors;
}

/** a summary safe to log: secrets redacted */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  return {
    mode: config.mode,
    listen: `${config.host}:${config.port}`,
    dataDir: config.dataDir,
    ...(config.trustFilePath ? { trustFile: config.trustFilePath } : { schoolProfile: config.schoolProfilePath }),
    store: config.store,
    sharePointSite: config.sharePointSiteId,
    sharePointRestrictedSite: config.sharePointRestrictedSiteId,
    sqliteJournalMode: config.sqliteJournalMode,
    database: describeDatabaseUrl(config.databaseUrl),
    appId: config.credentials?.MicrosoftAppId,
    appType: config.credentials?.MicrosoftAppType,
    tenantId: config.credentials?.MicrosoftAppTenantId,
    appPassword: config.credentials?.MicrosoftAppPassword ? '[redacted]' : undefined,
    teamsAppCatalogId: config.teamsAppCatalogId,
    // the connection string is a key: say only whether telemetry is on
    telemetry: config.telemetryConnectionString ? 'Application Insights' : 'off',
  };
}
