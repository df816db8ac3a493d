// a trust's deployment: one Teams endpoint and one sender for the tenant, one runtime per school (each on
// its own stores), the router that sends each turn to its school, and the trust's own small store (who
// chose which school, the trust digest and its job runs).
import type { AppConfig } from './config/env.js';
import type { Trust } from './config/trust-file.js';
import type { Logger } from './observability/logger.js';
import { SchoolBotAdapter } from './adapters/teams/school-bot-adapter.js';
import { TeamsMessenger } from './adapters/teams/teams-messenger.js';
import { RateLimitedMessenger } from './adapters/teams/rate-limited-messenger.js';
import { graphFromConfig } from './adapters/graph/graph-from-env.js';
import { openSchoolStores } from './adapters/open-stores.js';
import { openSchool, type SchoolRuntime } from './school-runtime.js';
import { listen, type RunningBot } from './bootstrap.js';
import { schoolRouter } from './adapters/teams/school-router.js';
import { taggingMessenger } from './adapters/teams/school-tag.js';
import { ReminderDispatcher } from './app/compliance/reminder-dispatcher.js';
import { Scheduler } from './app/scheduler/scheduler.js';
import { TRUST_DIGEST_KIND, trustDigestJob } from './app/trust/trust-digest-job.js';
import { trustDigestCard } from './adapters/teams/cards/trust-cards.js';
import type { ConversationDirectory } from './ports/conversation-directory.js';
import type { TrustDigestView } from './domain/index.js';

/** each school's PostgreSQL connections: a trust of ten schools on two instances stays well inside a server's limit */
const POOL_PER_SCHOOL = 4;

export async function startTrust(cfg: AppConfig, trust: Trust, logger: Logger): Promise<RunningBot> {
  const adapter = new SchoolBotAdapter(cfg.credentials ? { ...cfg.credentials } : {});
  const graph = graphFromConfig(cfg.graph, trust.name);
  const messenger = new RateLimitedMessenger(new TeamsMessenger(adapter, cfg.credentials?.MicrosoftAppId ?? ''), {
    onThrottle: (e) => logger.warn({ event: 'teams-throttled', ...e }, 'Teams asked the bot to slow down'),
  });
  const schools: SchoolRuntime[] = [];
  const own = await openSchoolStores(cfg, { replicate: false, schoolId: 'trust', poolSize: 2 });
  // every school's messages, from every instance, within the tenant's one rate (PostgreSQL: the trust's store)
  messenger.shareTenantBudget(own.rateBudget(messenger.tenantLimits));
  try {
    for (const school of trust.schools) {
      schools.push(
        await openSchool(
          { id: school.id, profile: school.profile, ...(school.sharePoint ? { sharePoint: school.sharePoint } : {}) },
          { cfg, logger, adapter, messenger, graph, poolSize: POOL_PER_SCHOOL, tagMessenger: (m) => taggingMessenger(m, school.id) },
        ),
      );
    }
  } catch (error) {
    for (const school of schools) await school.stop();
    await own.close();
    throw error;
  }
  logger.info({ event: 'trust', trust: trust.name, schools: trust.schools.map((s) => s.id) }, 'serving the trust’s schools');

  const trustPeople = [...trust.ceo, ...trust.safeguardingLead];
  // the trust's people are reached where they last spoke to the bot: the trust's record, else any school's
  const reachable: ConversationDirectory = {
    remember: (c) => own.conversations.remember(c),
    find: async (id) => {
      for (const directory of [own.conversations, ...schools.map((s) => s.stores.conversations)]) {
        const found = await directory.find(id);
        if (found) return found;
      }
      return undefined;
    },
    rememberServiceUrl: (url, channel, at) => own.conversations.rememberServiceUrl(url, channel, at),
    serviceUrl: (channel) => own.conversations.serviceUrl(channel),
  };
  const digests = new ReminderDispatcher({
    outbox: own.reminders,
    messenger: messenger.bulk(),
    conversations: reachable,
    compose: (reminders) => {
      const latest = reminders.filter((r) => r.kind === TRUST_DIGEST_KIND).at(-1);
      const view = latest?.data as unknown as TrustDigestView;
      return { card: trustDigestCard(view), summary: `${trust.name}: online-safety digest for the term` };
    },
    logger,
    now: () => new Date(),
  });
  const calendarSchool = trust.schools.find((s) => s.id === trust.calendarOf)!;
  const scheduler = new Scheduler({
    jobs: [
      trustDigestJob({
        trust: trust.name,
        calendar: calendarSchool.profile,
        schools: schools.map((s) => ({ profile: s.profile, store: s.stores.store, records: s.stores.records })),
        recipients: trustPeople,
        reminders: own.reminders,
      }),
    ],
    runs: own.runs,
    logger,
  });
  const route = schoolRouter({
    trustName: trust.name,
    schools,
    state: own.storage,
    trustConversations: own.conversations,
    trustPeople: new Set(trustPeople.map((p) => p.aadObjectId)),
    logger,
  });
  const bot = await listen(cfg, logger, adapter, schools, route, {
    checkReady: () => own.store.ping(),
    stop: async () => {
      await scheduler.stop();
      await digests.stop();
      await own.close();
    },
  });
  digests.start(30_000);
  // what someone at two schools wrote before choosing may name a child: wiped a week after it was last written
  const sweep = (): void => {
    own.storage
      .sweepExpired(new Date())
      .catch((error: unknown) => logger.error({ err: { message: (error as Error).message } }, 'could not wipe expired trust state'));
  };
  sweep();
  const sweeper = setInterval(sweep, 60 * 60_000);
  sweeper.unref();
  // on PostgreSQL a digest queued by another instance (or npm run job) wakes this one's sender at once
  const wake = await own.onWork?.((queue) => {
    if (queue === 'reminders') digests.kick();
  });
  if (cfg.scheduler !== false) scheduler.start();
  return {
    ...bot,
    stop: async () => {
      clearInterval(sweeper);
      await wake?.stop().catch(() => undefined);
      await bot.stop();
    },
  };
}
