// one school's bot: its stores, its Teams application, its outbox and reminder senders, its scheduled
// jobs. A single school runs one of these; a trust runs one per school in the same process, each on its
// own stores (a PostgreSQL schema or a SQLite folder of its own), behind one Teams endpoint.
import type { TurnContext } from 'botbuilder';
import type { AppConfig } from './config/env.js';
import type { SchoolProfile } from './domain/school-profile.js';
import type { Logger } from './observability/logger.js';
import { createBotApp } from './adapters/teams/bot-app.js';
import type { SchoolBotAdapter } from './adapters/teams/school-bot-adapter.js';
import type { RateLimitedMessenger } from './adapters/teams/rate-limited-messenger.js';
import { caseMessages } from './adapters/teams/case-messages.js';
import { OutboxDispatcher } from './app/casework/dispatcher.js';
import type { GraphFromConfig } from './adapters/graph/graph-from-env.js';
import { SharePointReplicator } from './adapters/sharepoint/replicator.js';
import { resolveListIds, type SharePointSites } from './adapters/sharepoint/list-ids.js';
import { ReminderDispatcher } from './app/compliance/reminder-dispatcher.js';
import { reminderMessages } from './adapters/teams/reminder-messages.js';
import { complianceJobs } from './app/compliance/jobs.js';
import { Scheduler } from './app/scheduler/scheduler.js';
import { GraphDirectory } from './adapters/graph/graph-directory.js';
import { digestChannelMessage } from './adapters/teams/digest-routes.js';
import { digestJob } from './app/digest/digest-job.js';
import { DigestSender } from './app/digest/digest-sender.js';
import { digestChartDataUri } from './adapters/charts/digest-chart-uri.js';
import { LiveGroupMembership } from './app/group-membership.js';
import { GraphAppInstaller } from './adapters/graph/graph-app-installer.js';
import { ReachabilityCheck, reachabilityJob } from './app/reachability/reachability-job.js';
import { openSchoolStores, type SchoolStores } from './adapters/open-stores.js';
import type { Messenger } from './ports/messenger.js';
import type { ScheduledJob } from './app/scheduler/scheduler.js';

export interface SchoolSettings {
  /** the trust file's id for the school; none for a single school (its stores stay where they always were) */
  id?: string;
  profile: SchoolProfile;
  /** the school's SharePoint sites (a single school: SHAREPOINT_SITE_ID; a trust: the trust file's entry) */
  sharePoint?: SharePointSites;
}

export interface SharedParts {
  cfg: AppConfig;
  logger: Logger;
  adapter: SchoolBotAdapter;
  /** the tenant's one polite sender: every school's messages share Teams' per-tenant limit */
  messenger: RateLimitedMessenger;
  graph: GraphFromConfig;
  /** wraps what this school sends unprompted (a trust tags its cards with the school) */
  tagMessenger?: (messenger: Messenger) => Messenger;
  /** PostgreSQL connections for each school */
  poolSize?: number;
}

export interface SchoolRuntime {
  id: string | undefined;
  profile: SchoolProfile;
  stores: SchoolStores;
  groups: LiveGroupMembership;
  /** the school's Teams application: runs one turn */
  run(context: TurnContext): Promise<void>;
  /** after a turn: what waited for the person it welcomed goes now */
  afterTurn(aadObjectId: string | undefined): void;
  /** pings the store; answers what is due and waiting in each queue (for the log) */
  checkReady(): Promise<{ outbox: { due: number }; reminders: { due: number }; channelPosts: { due: number }; sharePointCopy?: object }>;
  /** starts the senders and, when asked, the scheduled jobs */
  start(options: { scheduler: boolean }): void;
  stop(): Promise<void>;
}

export async function openSchool(school: SchoolSettings, shared: SharedParts): Promise<SchoolRuntime> {
  const { cfg, logger: baseLogger, adapter, graph } = shared;
  const logger = school.id ? baseLogger.child({ school: school.id }) : baseLogger;
  const stores = await openSchoolStores(cfg, {
    replicate: school.sharePoint !== undefined,
    ...(school.id ? { schoolId: school.id } : {}),
    ...(shared.poolSize ? { poolSize: shared.poolSize } : {}),
  });
  try {
    return await assemble(school, shared, stores, logger, graph, adapter);
  } catch (error) {
    await stores.close();
    throw error;
  }
}

async function assemble(
  school: SchoolSettings,
  shared: SharedParts,
  stores: SchoolStores,
  logger: Logger,
  graph: GraphFromConfig,
  adapter: SchoolBotAdapter,
): Promise<SchoolRuntime> {
  const { cfg } = shared;
  const { profile } = school;
  // what a process that died on this machine held (a critical alert it was sending among it) is due
  // again now, not when its lease would have lapsed
  const takenBack = await stores.takeBack(new Date());
  if (Object.keys(takenBack).length > 0)
    logger.warn({ event: 'work-taken-back', ...takenBack }, 'took back messages a stopped process was sending: they go now');
  const { store, storage, conversations, outbox, records, channelPosts } = stores;
  const replicator = school.sharePoint ? sharePointReplicator(stores, school.sharePoint, graph, logger, school.id) : undefined;
  const now = () => new Date();
  const tag = shared.tagMessenger ?? ((m: Messenger) => m);
  const tenant = cfg.credentials?.MicrosoftAppTenantId ? { tenantId: cfg.credentials.MicrosoftAppTenantId } : {};
  // the outbox: channel cards, notices and timed alerts, sent after the change that caused them is stored
  const dispatcher = new OutboxDispatcher({
    outbox,
    store,
    messenger: tag(shared.messenger),
    conversations,
    profile,
    compose: caseMessages(profile, now),
    logger,
    now,
    // stored, not remembered: a channel card owed after a restart goes before anyone writes to the bot
    serviceUrl: (channelId) => conversations.serviceUrl(channelId),
    ...tenant,
  });
  const reminders = new ReminderDispatcher({
    outbox: stores.reminders,
    // reminders can wait: they never take the last quarter of the tenant's rate, which alerts keep
    messenger: tag(shared.messenger.bulk()),
    conversations,
    compose: reminderMessages({ courses: profile.training.courses, now }),
    logger,
    now,
  });
  // the governors' digest: each post queued with the digest in the channel-post outbox, sent by its own sender
  const digests = new DigestSender({
    outbox: channelPosts,
    records,
    messenger: tag(shared.messenger.bulk()),
    conversations,
    profile,
    compose: digestChannelMessage(digestChartDataUri),
    logger,
    now,
    ...tenant,
  });
  const sendDigest = (key: string) => digests.sendNow(key);
  // the leaver scan reads the tenant's directory when the bot can sign in to Graph (GRAPH_AUTH or AZURE_*)
  if (graph.status === 'error') logger.warn({ event: 'directory-off', why: graph.error }, 'the leaver scan cannot sign in to Graph');
  const directory = graph.status === 'on' ? new GraphDirectory(graph.graph) : undefined;
  // the staff and pupil groups' members from the directory copy: read now, and again after each sync
  const groups = new LiveGroupMembership(stores.mirror, profile);
  await groups.refresh();
  // everyone the bot may have to alert, checked (and the app installed for them, when Graph allows) at start and daily
  const reachability = new ReachabilityCheck({
    profile,
    conversations,
    ...(graph.status === 'on' && cfg.teamsAppCatalogId ? { installer: new GraphAppInstaller(graph.graph, cfg.teamsAppCatalogId) } : {}),
    ...(cfg.credentials?.MicrosoftAppId ? { botAppId: cfg.credentials.MicrosoftAppId } : {}),
    ...tenant,
    reminders: stores.reminders,
    logger,
    now,
  });
  const jobs: ScheduledJob[] = [
    ...complianceJobs({
      profile,
      records,
      reminders: stores.reminders,
      groupsChanged: () => groups.refresh(),
      ...(directory ? { directory, mirror: stores.mirror } : {}),
    }),
    digestJob({ store, records, profile, logger, now, sendNow: sendDigest }),
    reachabilityJob(reachability),
  ];
  const scheduler = new Scheduler({ jobs, runs: stores.runs, logger });
  const arrived = new Set<string>();
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
      // (the welcome first), then goes at once as one card (afterTurn)
      if (arrived.has(id)) return;
      arrived.add(id);
      reminders.hold(id);
    },
  });

  let botStateSweep: NodeJS.Timeout | undefined;
  let wake: { stop: () => Promise<void> } | undefined;
  let scheduled = false;
  return {
    id: school.id,
    profile,
    stores,
    groups,
    run: (context) => app.run(context).then(() => undefined),
    afterTurn(id) {
      if (!id || !reminders.isHeld(id)) return;
      reminders
        .release(id)
        .catch((error: unknown) => logger.error({ err: { message: (error as Error).message } }, 'could not send waiting reminders'));
    },
    async checkReady() {
      await store.ping();
      const at = new Date();
      return {
        outbox: await outbox.backlog(at),
        reminders: await stores.reminders.backlog(at),
        channelPosts: await channelPosts.backlog(at),
        ...(replicator ? { sharePointCopy: await replicator.queue.backlog(at) } : {}),
      };
    },
    start(options) {
      // timers fall due while nobody is talking to the bot: look every 15 seconds (and at once, for
      // whatever was left from before a restart). Beside other instances, every 5: an alert another
      // instance held when it died is free when its 15 s lease lapses, and no word of that comes
      dispatcher.start(stores.kind === 'postgres' ? 5_000 : 15_000);
      dispatcher.kick();
      replicator?.worker.start(10_000);
      if (options.scheduler) {
        scheduled = true;
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
      // several instances on one PostgreSQL: work another instance queued wakes this one's senders at once
      // (the polls above stay, for a word lost with a dropped connection)
      stores
        .onWork?.((queue) => {
          if (queue === 'notifications') dispatcher.kick();
          else if (queue === 'reminders') reminders.kick();
          else digests.kick();
        })
        .then(
          (listening) => (wake = listening),
          (error: unknown) => logger.warn({ err: { message: (error as Error).message } }, 'cannot listen for new work; polling instead'),
        );
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
      botStateSweep = setInterval(sweepBotState, 60 * 60_000);
    },
    async stop() {
      if (botStateSweep) clearInterval(botStateSweep);
      await wake?.stop().catch(() => undefined);
      await dispatcher.stop();
      if (scheduled) await scheduler.stop();
      await reminders.stop();
      await digests.stop();
      await replicator?.worker.stop();
      await stores.close();
    },
  };
}

/** a school's SharePoint copy: a worker copying the store's queued changes to the site's lists */
function sharePointReplicator(stores: SchoolStores, sites: SharePointSites, graph: GraphFromConfig, logger: Logger, schoolId?: string) {
  if (graph.status !== 'on') {
    const where = schoolId ? `the trust file's SharePoint sites for ${schoolId}` : 'STORE=sharepoint';
    throw new Error(`${where}: ${graph.status === 'error' ? graph.error : graph.why}`);
  }
  logger.info(
    { event: 'sharepoint', siteId: sites.shared, restrictedSiteId: sites.restricted, signIn: graph.signIn },
    'records are copied to SharePoint',
  );
  // warns once, here at start-up, when there is no restricted site (and so no copy of the details)
  const worker = new SharePointReplicator({
    queue: stores.replication,
    source: stores.store,
    graph: graph.graph,
    sites,
    listIds: () => resolveListIds(graph.graph, sites),
    logger,
    now: () => new Date(),
  });
  return { queue: stores.replication, worker };
}
