// issue 18: everyone who must act is reachable before the first case. a school where the DSL has never
// opened the bot: at start-up the bot installs its Teams app for her through Graph (played by nock),
// keeps the chat Graph gives back, and a critical report's alert then reaches her there.
import nock from 'nock';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { GraphClient } from '../../src/adapters/graph/graph-client.js';
import { GraphAppInstaller } from '../../src/adapters/graph/graph-app-installer.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { ReachabilityCheck } from '../../src/app/reachability/reachability-job.js';
import { countReach } from '../../src/app/reachability/check-reachability.js';
import type { BotSession } from '../support/test-bot.js';
import { exampleProfile } from '../support/test-bot.js';
import { PEOPLE, report, said, schoolDay } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);

const GRAPH = 'https://graph.microsoft.com';
const CATALOG_ID = 'b1c2d3e4-0000-4000-8000-00000000c0de';
const TENANT = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const BOT_APP_ID = 'b0b0b0b0-0000-4000-8000-000000000b07';
const PRIYAS_CHAT = '19:priya-and-the-bot@unq.gbl.spaces';
const installedApps = (id: string) => `/v1.0/users/${id}/teamwork/installedApps`;
const BIND = { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${CATALOG_ID}` };
const FIND = { $expand: 'teamsApp', $filter: `teamsApp/id eq '${CATALOG_ID}'` };

const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: 'token', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

/** the check as src/bootstrap.ts wires it at start-up: Graph may install the app when TEAMS_APP_CATALOG_ID is set */
function startUpCheck(session: BotSession, opts: { graph: boolean; logLines?: string[] }) {
  const graph = new GraphClient({ credential, userAgent: 'NONISV|Oakfield Primary|OnlineSafetyBot/0.1.0' });
  const logger = pino({ level: 'info' }, { write: (line: string) => void opts.logLines?.push(line) });
  return new ReachabilityCheck({
    profile: exampleProfile(),
    conversations: new SqliteConversationDirectory(session.db),
    ...(opts.graph ? { installer: new GraphAppInstaller(graph, CATALOG_ID) } : {}),
    botAppId: BOT_APP_ID,
    tenantId: TENANT,
    reminders: new SqliteReminderOutbox(session.db),
    logger,
    now: day.now,
  });
}

describe('the DSL has never opened the bot', () => {
  it('at start-up Graph installs the app for Priya; the critical alert then reaches her in that chat', async () => {
    nock.disableNetConnect();
    const session = await day.open({ unreachable: [PEOPLE.priya] });
    const graph = nock(GRAPH, { reqheaders: { authorization: 'Bearer token' } })
      .post(installedApps(PEOPLE.priya.aadObjectId), BIND)
      .reply(201)
      .get(installedApps(PEOPLE.priya.aadObjectId))
      .query(FIND)
      .reply(200, { value: [{ id: 'installation-priya', teamsApp: { id: CATALOG_ID } }] })
      .get(`${installedApps(PEOPLE.priya.aadObjectId)}/installation-priya/chat`)
      .reply(200, { id: PRIYAS_CHAT, chatType: 'oneOnOne' });

    const results = await startUpCheck(session, { graph: true }).run();
    graph.done();
    expect(countReach(results)).toEqual({ reachable: 5, repaired: 1, installed: 0, unreachable: 0 });
    expect(results.find((r) => r.person.aadObjectId === PEOPLE.priya.aadObjectId)!.reach).toEqual({
      status: 'repaired',
      install: 'installed',
    });

    const record = await report(session, 'critical', T0);
    const sent = (await session.deliver()).filter((c) => c.op === 'send');
    const toPriya = sent.filter((c) => c.conversationId === PRIYAS_CHAT);
    expect(toPriya).toHaveLength(1);
    expect(said(toPriya[0]!)).toContain(`Urgent: critical case ${record.reference}`);
    // nobody is told she cannot be reached: she can
    expect(await new SqliteReminderOutbox(session.db).list({ kind: 'reachability' })).toEqual([]);
  });

  it('Graph refuses (403, no permission): Graph is asked once, IT support is told once a day, the log holds counts only', async () => {
    nock.disableNetConnect();
    const session = await day.open({ unreachable: [PEOPLE.priya, PEOPLE.tom] });
    const graph = nock(GRAPH)
      .post(installedApps(PEOPLE.priya.aadObjectId), BIND)
      .reply(403, { error: { code: 'Forbidden', message: 'Missing role permissions on the request.' } });
    const logLines: string[] = [];
    const check = startUpCheck(session, { graph: true, logLines });
    const results = await check.run();
    graph.done();
    expect(countReach(results)).toEqual({ reachable: 4, repaired: 0, installed: 0, unreachable: 2, 'no-permission': 2 });
    // the same day's second check (the scheduler's, after the one at start-up) tells nobody again
    nock(GRAPH)
      .post(installedApps(PEOPLE.priya.aadObjectId), BIND)
      .reply(403, { error: { code: 'Forbidden' } });
    await check.run();

    const notices = await new SqliteReminderOutbox(session.db).list({ kind: 'reachability' });
    expect(notices.map((n) => [n.key, n.recipient])).toEqual([
      ['reachability-2026-11-24:' + PEOPLE.chris.aadObjectId, PEOPLE.chris.aadObjectId],
    ]);
    expect(notices[0]!.data).toEqual({
      title: 'People the bot cannot reach',
      lines: [
        'Priya Shah (DSL) has never opened the bot, and Microsoft Graph refused to install it for them: grant the application permission TeamsAppInstallation.ReadWriteSelfForUser.All, with admin consent.',
        'Tom Okafor (deputy DSL) has never opened the bot, and Microsoft Graph refused to install it for them: grant the application permission TeamsAppInstallation.ReadWriteSelfForUser.All, with admin consent.',
        'Until this is fixed, an alert to them cannot reach them in Teams. Run npm run doctor to check again.',
      ],
    });
    const log = logLines.join('\n');
    expect(log).toContain('"unreachable":2');
    expect(log).not.toMatch(/Priya|Tom|Shah|Okafor/);
    expect(log).not.toContain(PEOPLE.priya.aadObjectId);
  });

  it('without Graph (no TEAMS_APP_CATALOG_ID): nothing is installed, and IT support is told how to fix it', async () => {
    nock.disableNetConnect();
    const session = await day.open({ unreachable: [PEOPLE.priya] });
    const results = await startUpCheck(session, { graph: false }).run();
    expect(countReach(results)).toEqual({ reachable: 5, repaired: 0, installed: 0, unreachable: 1, 'cannot-install': 1 });
    const [notice] = await new SqliteReminderOutbox(session.db).list({ kind: 'reachability' });
    expect((notice!.data as { lines: string[] }).lines[0]).toBe(
      'Priya Shah (DSL) has never opened the bot, and the bot cannot install itself for them (set TEAMS_APP_CATALOG_ID and give its Graph sign-in TeamsAppInstallation.ReadWriteSelfForUser.All, or pre-install the app with a Teams app setup policy).',
    );
  });
});
