import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { GraphAppInstaller } from '../../src/adapters/graph/graph-app-installer.js';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { loadConfig } from '../../src/config/env.js';
import { checkProfileText } from '../../src/config/profile-problems.js';
import { doctorExitCode, formatChecklist, runDoctor, type DoctorTools } from '../../src/app/doctor.js';

const GRAPH = 'https://graph.microsoft.com';
const CATALOG_ID = 'b1c2d3e4-0000-4000-8000-00000000c0de';
const STAFF_GROUP = 'c0ffee00-0000-4000-8000-000000000001';
const PRIYA = 'a1b2c3d4-0000-4000-8000-000000000002';
const TOM = 'a1b2c3d4-0000-4000-8000-000000000003';
const EVERYONE_BUT_TOM = ['02', '04', '05', '08', '09'].map((n) => `a1b2c3d4-0000-4000-8000-0000000000${n}`);
const FIND = { $expand: 'teamsApp', $filter: `teamsApp/id eq '${CATALOG_ID}'` };
const ENV = {
  BOT_MODE: 'local',
  DATA_DIR: '/school/data',
  AZURE_TENANT_ID: 'a1b2c3d4-0000-4000-8000-0000000000aa',
  AZURE_CLIENT_ID: 'a1b2c3d4-0000-4000-8000-0000000000bb',
  AZURE_CLIENT_SECRET: 'not-a-real-secret',
  TEAMS_APP_CATALOG_ID: CATALOG_ID,
};
const profileText =
  readFileSync('profiles/example-school.yaml', 'utf8').replace(/^staffGroupIds:.*$/m, '') + `\nstaffGroupIds: ["${STAFF_GROUP}"]\n`;

const signedIn: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};
const noSignIn: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    throw new Error('AADSTS7000215: Invalid client secret provided.');
  },
};

/** the school's database: everyone but `missing` has opened the bot (and the bot has heard from Teams) */
async function tools(credential: TokenCredential, missing: string[] = [TOM]): Promise<DoctorTools> {
  const db = openDatabaseFile(':memory:');
  const conversations = new SqliteConversationDirectory(db);
  for (const id of EVERYONE_BUT_TOM.concat(TOM).filter((id) => !missing.includes(id)))
    await conversations.remember({
      aadObjectId: id,
      reference: { conversation: { id: `personal-${id}` } },
      updatedAt: '2026-11-24T09:00:00Z',
    });
  await conversations.rememberServiceUrl('https://smba.invalid/', undefined, new Date('2026-11-24T09:00:00Z'));
  const graph = new GraphClient({ credential, userAgent: 'NONISV|Oakfield Primary|OnlineSafetyBot/0.1.0' });
  return {
    conversations,
    databaseWritable: async () => undefined,
    freeBytes: async () => 2048 * 1024 * 1024,
    graph: { status: 'on', graph },
    installer: new GraphAppInstaller(graph, CATALOG_ID),
  };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('npm run doctor: the checklist', () => {
  it('Graph set up: one cheap call per permission; the refused one is named; Tom is not reachable yet; exit 0', async () => {
    const built = await tools(signedIn);
    const scope = nock(GRAPH, { reqheaders: { authorization: 'Bearer token' } })
      .get('/v1.0/users')
      .query({ $top: '1', $select: 'id' })
      .reply(200, { value: [{ id: 'u1' }] })
      .get(`/v1.0/groups/${STAFF_GROUP}/members`)
      .query({ $top: '1', $select: 'id' })
      .reply(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } })
      .get('/v1.0/auditLogs/signIns')
      .query({ $top: '1' })
      .reply(200, { value: [] })
      // Tom: the app is not installed for him yet (the bot installs it when it starts)
      .get(`/v1.0/users/${TOM}/teamwork/installedApps`)
      .query(FIND)
      .reply(200, { value: [] })
      // the permission itself, tried on the DSL
      .get(`/v1.0/users/${PRIYA}/teamwork/installedApps`)
      .query(FIND)
      .reply(200, { value: [{ id: 'installation-priya' }] });
    const lines = await runDoctor({
      config: loadConfig(ENV),
      profile: { path: 'school.yaml', check: checkProfileText(profileText) },
      tools: () => built,
      now: () => new Date('2026-11-24T10:00:00Z'),
    });
    scope.done();
    expect(formatChecklist(lines, 'Oakfield Primary School').split('\n')).toEqual([
      'Online Safety bot: checks for Oakfield Primary School',
      '[ok]      Settings: valid (local mode, records kept in the embedded database)',
      '[ok]      School profile school.yaml: valid (Oakfield Primary School)',
      '[ok]      Database in /school/data: writable',
      '[ok]      Disk space where the database lives: 2048 MB free',
      '[ok]      Installing the app for people who never opened the bot: on (TEAMS_APP_CATALOG_ID and Graph are set)',
      '[ok]      Priya Shah (DSL): reachable in Teams',
      '[warning] Tom Okafor (deputy DSL): not reachable: has never opened the bot; the bot installs the app for them when it next starts',
      '[ok]      Helen Marsh (headteacher): reachable in Teams',
      '[ok]      David Rees (chair of governors and governor): reachable in Teams',
      '[ok]      Jo Evans (DPO and business manager): reachable in Teams',
      '[ok]      Chris Patel (IT support): reachable in Teams',
      '[warning]   To fix: start (or restart) the bot; it installs the app for them at once.',
      '[ok]      Safeguarding channel: the bot posts to it through the Teams address it last heard from',
      '[ok]      Governors channel: the bot posts to it through the Teams address it last heard from',
      '[ok]      Microsoft Graph sign-in: works',
      '[ok]      Graph User.Read.All (reading accounts (the leaver scan)): works',
      '[warning] Graph GroupMember.Read.All (reading the staff groups): refused: grant this application permission, with admin consent',
      '[ok]      Graph AuditLog.Read.All (last sign-ins (dormant accounts)): works',
      '[ok]      Graph TeamsAppInstallation.ReadWriteSelfForUser.All (installing the app for people): works',
      '',
      'Nothing here would stop an alert reaching the people who must act.',
      '',
    ]);
    expect(doctorExitCode(lines)).toBe(0);
  });

  it('the sign-in fails: the DSL who never opened the bot is a problem (exit 1), and the failed sign-in stops the Graph checks', async () => {
    const built = await tools(noSignIn, [PRIYA]);
    // no token: Graph is never reached, and nothing else is asked of it
    const lines = await runDoctor({
      config: loadConfig(ENV),
      profile: { path: 'school.yaml', check: checkProfileText(profileText) },
      tools: () => built,
      now: () => new Date('2026-11-24T10:00:00Z'),
    });
    const text = lines.map((l) => `${l.status}: ${l.text}`);
    expect(text).toContain(
      'problem: Priya Shah (DSL): not reachable: has never opened the bot; Graph did not answer about installing the app for them',
    );
    expect(text.find((l) => l.startsWith('warning: Microsoft Graph sign-in: fails'))).toMatch(
      /AADSTS7000215: Invalid client secret provided/,
    );
    expect(text.filter((l) => l.includes('Graph User.Read.All'))).toEqual([]);
    expect(doctorExitCode(lines)).toBe(1);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('settings the bot would refuse and a broken profile: both are problems, and nothing else is checked', async () => {
    const lines = await runDoctor({
      config: loadConfig({ BOT_MODE: 'production', TEAMS_APP_CATALOG_ID: 'the-teams-app' }),
      profile: { path: 'school.yaml', check: checkProfileText('school: {}\n') },
      tools: () => {
        throw new Error('not reached');
      },
      now: () => new Date('2026-11-24T10:00:00Z'),
    });
    const text = formatChecklist(lines);
    expect(text).toContain('[problem] Settings: the bot would not start. Fix these (see .env.example):');
    expect(text).toContain(
      "[problem]   TEAMS_APP_CATALOG_ID: not an app id: it looks like 00000000-0000-0000-0000-000000000000 (Teams admin centre, Manage apps, the app's App ID)",
    );
    expect(text).toMatch(/\[problem\] School profile school\.yaml: \d+ problems/);
    expect(text).toContain('[skipped] The other checks need valid settings and a valid profile.');
    expect(text).toContain('2 problems would stop an alert reaching the people who must act: fix the lines marked [problem] first.');
    expect(doctorExitCode(lines)).toBe(1);
  });

  it('a trust file with problems: each one listed, and nothing else is checked', async () => {
    const lines = await runDoctor({
      config: loadConfig({ BOT_MODE: 'local', TRUST_FILE: 'trust.yaml' }),
      profile: { path: 'unused.yaml', unreadable: 'no such file' },
      trust: { path: 'trust.yaml', result: { ok: false, errors: ['TRUST_FILE: two schools have the id rowan'] } },
      tools: () => {
        throw new Error('not reached');
      },
      now: () => new Date('2026-11-24T10:00:00Z'),
    });
    expect(formatChecklist(lines).split('\n')).toEqual([
      'Online Safety bot: checks',
      '[ok]      Settings: valid (local mode, records kept in the embedded database)',
      '[problem] Trust file trust.yaml: 1 problem',
      '[problem]   TRUST_FILE: two schools have the id rowan',
      '[skipped] The other checks need valid settings and a valid trust file.',
      '',
      '1 problem would stop an alert reaching the people who must act: fix the lines marked [problem] first.',
      '',
    ]);
    expect(doctorExitCode(lines)).toBe(1);
  });

  it('PostgreSQL refuses: a problem naming the reason; the people and channels are not read from an empty database', async () => {
    const lines = await runDoctor({
      config: loadConfig({ BOT_MODE: 'local', STORE: 'postgres', DATABASE_URL: 'postgres://x:y@db.invalid:5432/bot' }),
      profile: { path: 'school.yaml', check: checkProfileText(profileText) },
      tools: () => ({
        conversations: new SqliteConversationDirectory(openDatabaseFile(':memory:')),
        postgres: () => Promise.reject(new Error('no such host: db.invalid:5432/bot')),
        graph: { status: 'off' },
      }),
      now: () => new Date('2026-11-24T10:00:00Z'),
    });
    expect(lines.map((l) => `${l.status}: ${l.text}`)).toEqual([
      'ok: Settings: valid (local mode, records kept in PostgreSQL)',
      'ok: School profile school.yaml: valid (Oakfield Primary School)',
      'problem: PostgreSQL not reachable (no such host: db.invalid:5432/bot): no report could be stored',
      'skipped: who the bot can reach, and the channels: they are read from the database',
      'skipped: Microsoft Graph: not set up (no leaver scan, no SharePoint copy, no installing the app for people)',
    ]);
  });
});
