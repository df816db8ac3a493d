// `npm run doctor`: a checklist for the school's IT technician, in plain English. each line is one thing
// the bot needs (settings, profile, database, disk, who it can reach, channels, each Graph permission
// it uses), checked for real where it can be (one cheap Graph call per permission). a line marked
// problem would stop an alert reaching someone who must act; the script exits non-zero when there is one.
import type { ConfigResult, AppConfig } from '../config/env.js';
import type { TrustResult } from '../config/trust-file.js';
import type { ProfileTextCheck } from '../config/profile-problems.js';
import { describeProblem } from '../config/profile-problems.js';
import type { SchoolProfile } from '../domain/school-profile.js';
import type { AppInstaller } from '../ports/app-installer.js';
import type { ConversationDirectory } from '../ports/conversation-directory.js';
import { checkReachability, type Unreachable } from './reachability/check-reachability.js';
import { rolesInWords, stopsAlerts } from './reachability/people-to-reach.js';

export type CheckStatus = 'ok' | 'warning' | 'problem' | 'skipped';
export interface CheckLine {
  status: CheckStatus;
  text: string;
}

/** the one Graph call each check makes; a failure carries Graph's status (0: no answer, or no sign-in) */
export interface GraphProbe {
  send(request: { method: 'GET'; path: string; query?: Record<string, string> }): Promise<unknown>;
}

export interface DoctorTools {
  conversations: ConversationDirectory;
  /** the embedded database: takes its write lock and lets it go; throws when it cannot */
  databaseWritable?: () => Promise<void>;
  /** bytes free where the embedded database lives */
  freeBytes?: () => Promise<number>;
  /** where the embedded database lives (DATA_DIR, or a trust's school's folder in it) */
  databaseDir?: string;
  /**
   * STORE=postgres: connects and reads the schema version (undefined: no tables yet); throws the plain
   * reason it cannot (never the password)
   */
  postgres?: () => Promise<number | undefined>;
  graph: { status: 'off' } | { status: 'error'; error: string } | { status: 'on'; graph: GraphProbe };
  installer?: AppInstaller;
  /** STORE=sharepoint: finds the bot's lists on the sites; throws naming what is missing */
  sharePointLists?: () => Promise<unknown>;
}

export interface DoctorInput {
  config: ConfigResult;
  /** the school profile, checked (or why it could not be read); with a trust file, its schools' instead */
  profile: { path: string; check: ProfileTextCheck } | { path: string; unreadable: string };
  /** TRUST_FILE: the trust file, loaded with every school's profile */
  trust?: { path: string; result: TrustResult };
  /** builds what the remaining checks need, once the settings and the profile are fine (a trust's school: its id) */
  tools: (config: AppConfig, profile: SchoolProfile, schoolId?: string) => DoctorTools | Promise<DoctorTools>;
  now: () => Date;
}

const MB = 1024 * 1024;
/** below this the database cannot grow: a report could not be stored */
const DISK_PROBLEM = 50 * MB;
const DISK_WARNING = 500 * MB;

type Say = (status: CheckStatus, text: string) => void;

const RECORDS_IN = { sqlite: 'the embedded database', postgres: 'PostgreSQL', sharepoint: 'SharePoint' } as const;

export async function runDoctor(input: DoctorInput): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  const say: Say = (status, text) => void lines.push({ status, text });

  if (!input.config.ok) {
    say('problem', 'Settings: the bot would not start. Fix these (see .env.example):');
    for (const e of input.config.errors) say('problem', `  ${e}`);
  } else {
    const c = input.config.value;
    say('ok', `Settings: valid (${c.mode} mode, records kept in ${RECORDS_IN[c.store]})`);
  }
  if (input.trust) return runTrustDoctor(input, input.trust, lines, say);
  const profile = input.profile;
  if ('unreadable' in profile) say('problem', `School profile ${profile.path}: cannot be read (${profile.unreadable})`);
  else if (!profile.check.ok || profile.check.problems.length > 0) {
    const { problems } = profile.check;
    // unknown keys alone let the bot start: a warning; anything else stops it
    say(
      profile.check.ok ? 'warning' : 'problem',
      `School profile ${profile.path}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`,
    );
    for (const p of problems) say(profile.check.ok ? 'warning' : 'problem', `  ${describeProblem(p, 'line-first')}`);
  } else say('ok', `School profile ${profile.path}: valid (${profile.check.value.school.name})`);

  if (!input.config.ok || 'unreadable' in profile || !profile.check.ok) {
    say('skipped', 'The other checks need valid settings and a valid profile.');
    return lines;
  }
  const config = input.config.value;
  const school = profile.check.value;
  await schoolChecks(await input.tools(config, school), config, school, say, input.now, '');
  return lines;
}

/** a trust: the trust file and each school's profile, then each school's own checks, each school named */
async function runTrustDoctor(input: DoctorInput, trust: NonNullable<DoctorInput['trust']>, lines: CheckLine[], say: Say) {
  const { result } = trust;
  if (!result.ok) {
    say('problem', `Trust file ${trust.path}: ${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}`);
    for (const e of result.errors) say('problem', `  ${e}`);
  } else {
    const names = result.value.schools.map((s) => s.profile.school.name);
    say('ok', `Trust file ${trust.path}: valid (${result.value.name}, ${names.length} school${names.length === 1 ? '' : 's'})`);
    for (const s of result.value.schools) say('ok', `School ${s.id}: ${s.profile.school.name}, profile valid`);
  }
  if (!input.config.ok || !result.ok) {
    say('skipped', 'The other checks need valid settings and a valid trust file.');
    return lines;
  }
  const config = input.config.value;
  // Graph is the tenant's, so its checks once (with the first school's staff group and DSL)
  for (const [n, s] of result.value.schools.entries())
    await schoolChecks(
      await input.tools(config, s.profile, s.id),
      config,
      s.profile,
      say,
      input.now,
      `${s.profile.school.name}: `,
      n === 0,
    );
  return lines;
}

/** one school's database, disk, people, channels and Graph; `prefix` names the school in a trust */
async function schoolChecks(
  tools: DoctorTools,
  config: AppConfig,
  school: SchoolProfile,
  say: Say,
  now: () => Date,
  prefix: string,
  graph = true,
) {
  if (tools.postgres) {
    try {
      const version = await tools.postgres();
      if (version === undefined) say('warning', `${prefix}PostgreSQL reachable, no tables yet (the bot makes them when it first starts)`);
      else say('ok', `${prefix}PostgreSQL reachable, schema version ${version}`);
    } catch (error) {
      say('problem', `${prefix}PostgreSQL not reachable (${(error as Error).message}): no report could be stored`);
      say('skipped', `${prefix}who the bot can reach, and the channels: they are read from the database`);
      if (graph) await graphChecks(tools, config, school, say);
      return;
    }
  }
  const dir = tools.databaseDir ?? config.dataDir;
  if (tools.databaseWritable) {
    try {
      await tools.databaseWritable();
      say('ok', `${prefix}Database in ${dir}: writable`);
    } catch (error) {
      say('problem', `${prefix}Database in ${dir}: not writable (${(error as Error).message}): no report could be stored`);
    }
  }
  if (tools.freeBytes) {
    try {
      const free = await tools.freeBytes();
      const text = `Disk space where the database lives: ${Math.floor(free / MB)} MB free`;
      say(free < DISK_PROBLEM ? 'problem' : free < DISK_WARNING ? 'warning' : 'ok', text);
    } catch (error) {
      say('warning', `Disk space: could not be read (${(error as Error).message})`);
    }
  }

  await reachability(tools, school, say, now, prefix);
  await channels(tools, school, say, prefix);
  if (graph) await graphChecks(tools, config, school, say);
}

async function reachability(tools: DoctorTools, profile: SchoolProfile, say: Say, now: () => Date, prefix: string) {
  say(
    'ok',
    tools.installer
      ? 'Installing the app for people who never opened the bot: on (TEAMS_APP_CATALOG_ID and Graph are set)'
      : 'Installing the app for people who never opened the bot: off (set TEAMS_APP_CATALOG_ID and sign in to Graph, or pre-install the app with a Teams app setup policy)',
  );
  const results = await checkReachability(
    { profile, conversations: tools.conversations, ...(tools.installer ? { installer: tools.installer } : {}), now },
    { repair: false },
  );
  const reasons = new Set<Unreachable>();
  for (const { person, reach } of results) {
    const who = `${prefix}${person.displayName} (${rolesInWords(person.roles)})`;
    if (reach.status !== 'unreachable') say('ok', `${who}: reachable in Teams`);
    else {
      reasons.add(reach.why);
      say(stopsAlerts(person) ? 'problem' : 'warning', `${who}: not reachable: ${SHORT[reach.why]}`);
    }
  }
  for (const why of reasons) say('warning', `  To fix: ${FIX[why]}`);
}

const SHORT: Record<Unreachable, string> = {
  'cannot-install': 'has never opened the bot',
  'no-permission': 'has never opened the bot; Graph refused to install it for them',
  'not-in-catalogue': 'has never opened the bot; the app is not in your app catalogue',
  failed: 'has never opened the bot; Graph did not answer about installing the app for them',
  'no-address': 'the app is installed, but Teams has not introduced the bot to them',
  'not-installed-yet': 'has never opened the bot; the bot installs the app for them when it next starts',
};
const FIX: Record<Unreachable, string> = {
  'cannot-install':
    'pre-install the app for them with a Teams app setup policy (see README), or set TEAMS_APP_CATALOG_ID and grant the Graph permission TeamsAppInstallation.ReadWriteSelfForUser.All so the bot installs itself; or ask them to open the bot in Teams once.',
  'no-permission': 'grant the application permission TeamsAppInstallation.ReadWriteSelfForUser.All, with admin consent.',
  'not-in-catalogue':
    "check TEAMS_APP_CATALOG_ID: it is the app's App ID in the Teams admin centre (Teams apps, Manage apps), after the app is uploaded.",
  failed: 'run npm run doctor again later; the bot also tries again every morning.',
  'no-address': 'check that Teams can reach the bot (its messaging endpoint), then restart it.',
  'not-installed-yet': 'start (or restart) the bot; it installs the app for them at once.',
};

async function channels(tools: DoctorTools, profile: SchoolProfile, say: Say, prefix: string) {
  const anywhere = await tools.conversations.serviceUrl();
  for (const [key, channel] of Object.entries(profile.channels)) {
    const name = `${prefix}${channel.name ?? key} channel`;
    if (await tools.conversations.serviceUrl(channel.channelId)) say('ok', `${name}: known (the bot has heard from it)`);
    else if (anywhere) say('ok', `${name}: the bot posts to it through the Teams address it last heard from`);
    else
      say('warning', `${name}: unknown until the bot hears from Teams once (add the app to the team, or open it in Teams and say hello)`);
  }
}

interface Permission {
  name: string;
  what: string;
  path?: string;
  query?: Record<string, string>;
  skip?: string;
}

async function graphChecks(tools: DoctorTools, config: AppConfig, profile: SchoolProfile, say: (s: CheckStatus, t: string) => void) {
  const g = tools.graph;
  if (g.status === 'off') {
    say('skipped', 'Microsoft Graph: not set up (no leaver scan, no SharePoint copy, no installing the app for people)');
    return;
  }
  if (g.status === 'error') {
    say(config.store === 'sharepoint' ? 'problem' : 'warning', `Microsoft Graph: the sign-in settings are wrong: ${g.error}`);
    return;
  }
  const status = (error: unknown): number => (error as { status?: number }).status ?? 0;
  const staffGroup = profile.staffGroupIds[0];
  const dsl = profile.roles.dsl[0]?.aadObjectId;
  const permissions: Permission[] = [
    { name: 'User.Read.All', what: 'reading accounts (the leaver scan)', path: '/users', query: { $top: '1', $select: 'id' } },
    {
      name: 'GroupMember.Read.All',
      what: 'reading the staff groups',
      ...(staffGroup
        ? { path: `/groups/${staffGroup}/members`, query: { $top: '1', $select: 'id' } }
        : { skip: 'no staffGroupIds in the profile' }),
    },
    { name: 'AuditLog.Read.All', what: 'last sign-ins (dormant accounts)', path: '/auditLogs/signIns', query: { $top: '1' } },
    ...[config.sharePointSiteId, config.sharePointRestrictedSiteId]
      .filter((id): id is string => id !== undefined)
      .map((id) => ({ name: 'Sites.Selected', what: `the SharePoint site ${id}`, path: `/sites/${id}` })),
  ];
  // the first call also proves the sign-in: no answer or 401 means the rest cannot work either
  let signedIn = false;
  for (const p of permissions) {
    if (p.skip || !p.path) {
      say('skipped', `Graph ${p.name} (${p.what}): ${p.skip}`);
      continue;
    }
    try {
      await g.graph.send({ method: 'GET', path: p.path, ...(p.query ? { query: p.query } : {}) });
      if (!signedIn) say('ok', 'Microsoft Graph sign-in: works');
      signedIn = true;
      say('ok', `Graph ${p.name} (${p.what}): works`);
    } catch (error) {
      const s = status(error);
      if (!signedIn && (s === 0 || s === 401)) {
        say(config.store === 'sharepoint' ? 'problem' : 'warning', `Microsoft Graph sign-in: fails (${(error as Error).message})`);
        return;
      }
      if (!signedIn) say('ok', 'Microsoft Graph sign-in: works');
      signedIn = true;
      say(
        'warning',
        `Graph ${p.name} (${p.what}): ${s === 403 ? 'refused: grant this application permission, with admin consent' : `failed (${s})`}`,
      );
    }
  }
  if (tools.installer && dsl) {
    const probed = await tools.installer.probe(dsl);
    const name = 'Graph TeamsAppInstallation.ReadWriteSelfForUser.All (installing the app for people)';
    if (probed.outcome === 'no-permission') say('warning', `${name}: refused: grant this application permission, with admin consent`);
    else if (probed.outcome === 'not-in-catalogue')
      say('warning', `${name}: no app with the id in TEAMS_APP_CATALOG_ID in your app catalogue`);
    else if (probed.outcome === 'failed') say('warning', `${name}: failed (${probed.status})`);
    else say('ok', `${name}: works`);
  }
  if (tools.sharePointLists) {
    try {
      await tools.sharePointLists();
      say('ok', 'SharePoint lists: all present');
    } catch (error) {
      say('warning', `SharePoint lists: ${(error as Error).message}`);
    }
  }
}

const MARK: Record<CheckStatus, string> = { ok: '[ok]     ', warning: '[warning]', problem: '[problem]', skipped: '[skipped]' };

/** the checklist as the technician reads it, with the verdict last */
export function formatChecklist(lines: readonly CheckLine[], school?: string): string {
  const problems = lines.filter((l) => l.status === 'problem' && !l.text.startsWith('  ')).length;
  const verdict =
    problems === 0
      ? 'Nothing here would stop an alert reaching the people who must act.'
      : `${problems} ${problems === 1 ? 'problem' : 'problems'} would stop an alert reaching the people who must act: fix the lines marked [problem] first.`;
  return [
    `Online Safety bot: checks${school ? ` for ${school}` : ''}`,
    ...lines.map((l) => `${MARK[l.status]} ${l.text}`),
    '',
    verdict,
    '',
  ].join('\n');
}

export const doctorExitCode = (lines: readonly CheckLine[]): number => (lines.some((l) => l.status === 'problem') ? 1 : 0);
