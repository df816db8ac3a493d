import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { AppConfig } from './config/env.js';
import type { SchoolProfile } from './domain/school-profile.js';
import type { Logger } from './observability/logger.js';
import { openBotDatabase } from './adapters/sqlite/database.js';
import { SqliteIncidentStore } from './adapters/sqlite/sqlite-incident-store.js';
import { SqliteBotStorage } from './adapters/sqlite/sqlite-bot-storage.js';
import { SqliteConversationDirectory } from './adapters/sqlite/sqlite-conversation-directory.js';
import { createBotApp } from './adapters/teams/bot-app.js';
import { createHttpServer } from './adapters/http/server.js';
import { SchoolBotAdapter } from './adapters/teams/school-bot-adapter.js';
import { oneTurnPerConversation } from './adapters/teams/one-turn-per-conversation.js';
import { SqliteNotificationOutbox } from './adapters/sqlite/sqlite-notification-outbox.js';
import { TeamsMessenger } from './adapters/teams/teams-messenger.js';
import { RateLimitedMessenger } from './adapters/teams/rate-limited-messenger.js';
import { caseMessages } from './adapters/teams/case-messages.js';
import { OutboxDispatcher } from './app/casework/dispatcher.js';
import { SqliteReplicationQueue } from './adapters/sqlite/sqlite-replication-queue.js';
import type { SqliteDatabase } from './adapters/sqlite/database.js';
import { graphFromConfig, type GraphFromConfig } from './adapters/graph/graph-from-env.js';
import { SharePointReplicator } from './adapters/sharepoint/replicator.js';
import { resolveListIds, type SharePointSites } from './adapters/sharepoint/list-ids.js';
import { SqliteComplianceRecords } from './adapters/sqlite/sqlite-compliance-records.js';
import { SqliteReminderOutbox } from './adapters/sqlite/sqlite-reminder-outbox.js';
import { SqliteJobRuns } from './adapters/sqlite/sqlite-job-runs.js';
import { ReminderDispatcher } from './app/compliance/reminder-dispatcher.js';
import { reminderMessages } from './adapters/teams/reminder-messages.js';
import { complianceJobs } from './app/compliance/jobs.js';
import { Scheduler } from './app/scheduler/scheduler.js';
import { GraphDirectory } from './adapters/graph/graph-directory.js';
import { digestChannelMessage } from './adapters/teams/digest-routes.js';
import { digestJob } from './app/digest/digest-job.js';
import { DigestSender } from './app/digest/digest-sender.js';
import { SqliteChannelPostOutbox } from './adapters/sqlite/sqlite-channel-post-outbox.js';
import { digestChartDataUri } from './adapters/charts/digest-chart-uri.js';
import { SqliteDirectoryMirror } from './adapters/sqlite/sqlite-directory-mirror.js';
import { takeBackFromDeadHolders } from './adapters/sqlite/claim-due.js';
import { LiveGroupMembership } from './app/group-membership.js';
import { GraphAppInstaller } from './adapters/graph/graph-app-installer.js';
import { ReachabilityCheck, reachabilityJob } from './app/reachability/reachability-job.js';

export interface RunningBot {
  server: Server;
  /** e.g. http://127.0.0.1:3978 */
  url: string;
  /** stops accepting requests, lets turns in flight finish, closes the store */
  stop: () => Promise<void>;
}

/** wires configuration -> adapters -> bot -> HTTP server and starts listening */
export async function startBot(cfg: AppConfig, profile: SchoolProfile, logger: Logger): Promise<RunningBot> {
  const db = openBotDatabase(cfg);
  // what a process that died on this machine held (a critical alert it was sending among it) is due
  // again now, not when its lease would have lapsed
  const takenBack = takeBackFromDeadHolders(db, new Date());
  if (Object.keys(takenBack).length > 0)
    logger.warn({ event: 'work-taken-back', ...takenBack }, 'took back messages a stopped process was sending: they go now');
  // the embedded store is always the first copy; with SharePoint it also queues a copy of every change
  const store = new SqliteIncidentStore(db, { replicate: cfg.sharePointSiteId !== undefined });
  // one Graph client (one token cache) for the SharePoint copy and the directory, when configured
  const graph = graphFromConfig(cfg.graph, profile.school.name);
  let replicator: ReturnType<typeof sharePointReplicator> | undefined;
  try {
    const sites = cfg.sharePointSiteId
      ? { shared: cfg.sharePointSiteId, ...(cfg.sharePointRestrictedSiteId ? { restricted: cfg.sharePointRestrictedSiteId } : {}) }
      : undefined;
    replicator = sites ? sharePointReplicator(db, store, sites, graph, logger) : undefined;
  } catch (error) {
    db.close();
    throw error;
  }
  const storage = new SqliteBotStorage(db);

  const conversations = new SqliteConversationDirectory(db);
  const adapter = new SchoolBotAdapter(cfg.credentials ? { ...cfg.credentials } : {});
  const now = () => new Date();
  // the outbox: channel cards, notices and timed alerts, sent after the change that caused them is stored
  const outbox = new SqliteNotificationOutbox(db);
  // one polite sender for everything the bot says unprompted: Teams' per-conversation and per-tenant limits
  const messenger = new RateLimitedMessenger(new TeamsMessenger(adapter, cfg.credentials?.MicrosoftAppId ?? ''), {
    onThrottle: (e) => logger.warn({ event: 'teams-throttled', ...e }, 'Teams asked the bot to slow down'),
  });
  const dispatcher = new OutboxDispatcher({
    outbox,
    store,
    messenger,
    conversations,
    profile,
    compose: caseMessages(profile, now),
    logger,
    now,
    // stored, not remembered: a channel card owed after a restart goes before anyone writes to the bot
    serviceUrl: (channelId) => conversations.serviceUrl(channelId),
    ...(cfg.credentials?.MicrosoftAppTenantId ? { tenantId: cfg.credentials.MicrosoftAppTenantId } : {}),
  });
  // compliance: records, the reminders the scheduled jobs queue, and their polite sender
  const records = new SqliteComplianceRecords(db);
  const reminderOutbox = new SqliteReminderOutbox(db);
  const reminders = new ReminderDispatcher({
    outbox: reminderOutbox,
    // reminders can wait: they never take the last quarter of the tenant's rate, which alerts keep
    messenger: messenger.bulk(),
    conversations,
    compose: reminderMessages({ courses: profile.training.courses, now }),
    logger,
    now,
  });
  // the governors' digest: each post queued with the digest in the channel-post outbox, sent by its own sender
  const channelPosts = new SqliteChannelPostOutbox(db);
  const digests = new DigestSender({
    outbox: channelPosts,
    records,
    messenger: messenger.bulk(),
    conversations,
    profile,
    compose: digestChannelMessage(digestChartDataUri),
    logger,
    now,
    ...(cfg.credentials?.MicrosoftAppTenantId ? { tenantId: cfg.credentials.MicrosoftAppTenantId } : {}),
  });
  const sendDigest = (key: string) => digests.sendNow(key);
  // the leaver scan reads the tenant's directory when the bot can sign in to Graph (GRAPH_AUTH or AZURE_*)
  if (graph.status === 'error') logger.warn({ event: 'directory-off', why: graph.error }, 'the leaver scan cannot sign in to Graph');
  const directory = graph.status === 'on' ? new GraphDirectory(graph.graph) : undefined;
  // the staff and pupil groups' members from the directory copy: read now, and again after each sync
  const mirror = new SqliteDirectoryMirror(db);
  const groups = new LiveGroupMembership(mirror, profile);
  await groups.refresh();
  // everyone the bot may have to alert, checked (and the app installed for them, when Graph allows) at start and daily
  const reachability = new ReachabilityCheck({
    profile,
    conversations,
    ...(graph.status === 'on' && cfg.teamsAppCatalogId ? { installer: new GraphAppInstaller(graph.graph, cfg.teamsAppCatalogId) } : {}),
    ...(cfg.credentials?.MicrosoftAppId ? { botAppId: cfg.credentials.MicrosoftAppId } : {}),
    ...(cfg.credentials?.MicrosoftAppTenantId ? { tenantId: cfg.credentials.MicrosoftAppTenantId } : {}),
    reminders: reminderOutbox,
    logger,
    now,
  });
  const scheduler = new Scheduler({
    jobs: [
      ...complianceJobs({
        profile,
        records,
        reminders: reminderOutbox,
        groupsChanged: () => groups.refresh(),
        ...(directory ? { directory, mirror } : {}),
      }),
      digestJob({ store, records, profile, logger, now, sendNow: sendDigest }),
      reachabilityJob(reachability),
    ],
    runs: new SqliteJobRuns(db),
    logger,
  });
  const arrived = new Set<string>();
  // the turn has sent its replies: the reminders of someone it welcomed follow them now
  const sendHeldReminders = (id: string | undefined): void => {
    if (!id || !reminders.isHeld(id)) return;
    reminders
      .release(id)
      .catch((error: unknown) => logger.error({ err: { message: (error as Error).message } }, 'could not send waiting reminders'));
  };
  const app = createBotApp({
    groups,
    records,
    sendDigest,
    chart: digestChartDataUri,
    adapter,
    storage,
    conversations,
    store,
    profile,
    logger,
    tenantId: cfg.credentials?.MicrosoftAppTenantId,
    botAppId: cfg.credentials?.MicrosoftAppId,
    delivered: () => dispatcher.kick(),
    deliverNow: () => dispatcher.sendNow(),
    personArrived: (id) => {
      // once per person per process: what waited for them is held until this turn has answered them
      // (the welcome first), then goes at once as one card (sendHeldReminders, after the turn)
      if (arrived.has(id)) return;
      arrived.add(id);
      reminders.hold(id);
    },
  });

  const runTurn = oneTurnPerConversation(async (context: Parameters<typeof app.run>[0]) => {
    try {
      await app.run(context);
    } finally {
      sendHeldReminders(context.activity.from?.aadObjectId);
    }
  });
  const server = createHttpServer({
    mode: cfg.mode,
    logger,
    handleActivity: (activity, authHeader) => adapter.processAuthenticated(activity, authHeader, runTurn),
    checkReady: async () => {
      await store.ping();
      // the probe answers ready or not to anyone; the backlogs are for the operator, in the log
      const now = new Date();
      const backlog = {
        outbox: await outbox.backlog(now),
        reminders: await reminderOutbox.backlog(now),
        channelPosts: await channelPosts.backlog(now),
        ...(replicator ? { sharePointCopy: await replicator.queue.backlog(now) } : {}),
      };
      if (backlog.outbox.due > 0 || backlog.reminders.due > 0 || backlog.channelPosts.due > 0)
        logger.info({ event: 'backlog', ...backlog }, 'messages are due and waiting to be sent');
      else logger.debug({ event: 'backlog', ...backlog }, 'nothing due to be sent');
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const { port } = server.address() as AddressInfo;
  // timers fall due while nobody is talking to the bot: look every 15 seconds (and at once, for
  // whatever was left from before a restart)
  dispatcher.start(15_000);
  dispatcher.kick();
  replicator?.worker.start(10_000);
  if (cfg.scheduler !== false) {
    // after listening, never before: Graph may be slow, and Teams must reach the bot meanwhile
    reachability
      .run()
      .catch((error: unknown) => logger.error({ err: { message: (error as Error).message } }, 'the reachability check failed'));
    scheduler.start();
  }
  reminders.start(30_000);
  // a digest post owed from before a restart goes now, then whatever waits for a retry
  digests.start(30_000);
  digests.runOnce().catch((error: unknown) => logger.error({ err: { message: (error as Error).message } }, 'digest post run failed'));
  // a draft someone walked away from names children: wipe state nobody has written for a week, hourly
  const sweepBotState = (): void => {
    storage.sweepExpired(new Date()).then(
      (wiped) => {
        if (wiped > 0) logger.info({ event: 'bot-state-expired', wiped }, 'wiped conversation state unused for a week');
      },
      (error: unknown) => logger.error({ err: { message: (error as Error).message } }, 'could not wipe expired conversation state'),
    );
  };
  sweepBotState();
  const botStateSweep = setInterval(sweepBotState, 60 * 60_000);

  const stop = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    clearInterval(botStateSweep);
    await dispatcher.stop();
    await scheduler.stop();
    await reminders.stop();
    await digests.stop();
    await replicator?.worker.stop();
    await store.close();
  };
  return { server, url: `http://${cfg.host}:${port}`, stop };
}

/** STORE=sharepoint: a worker copying the embedded store's changes to the site's lists */
function sharePointReplicator(
  db: SqliteDatabase,
  store: SqliteIncidentStore,
  sites: SharePointSites,
  graph: GraphFromConfig,
  logger: Logger,
) {
  if (graph.status !== 'on') {
    throw new Error(`STORE=sharepoint: ${graph.status === 'error' ? graph.error : graph.why}`);
  }
  logger.info(
    { event: 'sharepoint', siteId: sites.shared, restrictedSiteId: sites.restricted, signIn: graph.signIn },
    'records are copied to SharePoint',
  );
  const queue = new SqliteReplicationQueue(db);
  // warns once, here at start-up, when there is no restricted site (and so no copy of the details)
  const worker = new SharePointReplicator({
    queue,
    source: store,
    graph: graph.graph,
    sites,
    listIds: () => resolveListIds(graph.graph, sites),
    logger,
    now: () => new Date(),
  });
  return { queue, worker };
}
