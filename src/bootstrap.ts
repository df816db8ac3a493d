import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { TurnContext } from 'botbuilder';
import type { AppConfig } from './config/env.js';
import type { SchoolProfile } from './domain/school-profile.js';
import type { Logger } from './observability/logger.js';
import { createHttpServer } from './adapters/http/server.js';
import { SchoolBotAdapter } from './adapters/teams/school-bot-adapter.js';
import { oneTurnPerConversation } from './adapters/teams/one-turn-per-conversation.js';
import { TeamsMessenger } from './adapters/teams/teams-messenger.js';
import { RateLimitedMessenger } from './adapters/teams/rate-limited-messenger.js';
import { graphFromConfig } from './adapters/graph/graph-from-env.js';
import { openSchool, type SchoolRuntime } from './school-runtime.js';
import type { Routed } from './adapters/teams/school-router.js';

export interface RunningBot {
  server: Server;
  /** e.g. http://127.0.0.1:3978 */
  url: string;
  /** stops accepting requests, lets turns in flight finish, closes the store */
  stop: () => Promise<void>;
}

/** wires configuration -> adapters -> bot -> HTTP server and starts listening (one school) */
export async function startBot(cfg: AppConfig, profile: SchoolProfile, logger: Logger): Promise<RunningBot> {
  const sharePoint = cfg.sharePointSiteId
    ? { shared: cfg.sharePointSiteId, ...(cfg.sharePointRestrictedSiteId ? { restricted: cfg.sharePointRestrictedSiteId } : {}) }
    : undefined;
  const adapter = new SchoolBotAdapter(cfg.credentials ? { ...cfg.credentials } : {});
  // one Graph client (one token cache) for the SharePoint copy and the directory, when configured
  const graph = graphFromConfig(cfg.graph, profile.school.name);
  // one polite sender for everything the bot says unprompted: Teams' per-conversation and per-tenant limits
  const messenger = new RateLimitedMessenger(new TeamsMessenger(adapter, cfg.credentials?.MicrosoftAppId ?? ''), {
    onThrottle: (e) => logger.warn({ event: 'teams-throttled', ...e }, 'Teams asked the bot to slow down'),
  });
  const school = await openSchool({ profile, ...(sharePoint ? { sharePoint } : {}) }, { cfg, logger, adapter, messenger, graph });
  // the tenant's windows kept where the store is: shared by every instance on one PostgreSQL
  messenger.shareTenantBudget(school.stores.rateBudget(messenger.tenantLimits));
  return listen(cfg, logger, adapter, [school], () => ({ school }));
}

/** the HTTP server in front of the schools: each turn goes to the school `route` picks, one turn per conversation at a time */
export async function listen(
  cfg: AppConfig,
  logger: Logger,
  adapter: SchoolBotAdapter,
  schools: SchoolRuntime[],
  route: (context: TurnContext) => Promise<Routed | undefined> | Routed | undefined,
  extra: { checkReady?: () => Promise<void>; stop?: () => Promise<void> } = {},
): Promise<RunningBot> {
  const runTurn = oneTurnPerConversation(async (context: TurnContext) => {
    const routed = await route(context);
    if (!routed) return;
    const { school } = routed;
    try {
      await school.run(context);
      await routed.afterRun?.();
    } finally {
      school.afterTurn(context.activity.from?.aadObjectId);
    }
  });
  const closeAll = async (): Promise<void> => {
    for (const school of schools) await school.stop();
    await extra.stop?.();
  };
  const server = createHttpServer({
    mode: cfg.mode,
    logger,
    handleActivity: (activity, authHeader) => adapter.processAuthenticated(activity, authHeader, runTurn),
    checkReady: async () => {
      await extra.checkReady?.();
      // the probe answers ready or not to anyone; the backlogs are for the operator, in the log
      for (const school of schools) {
        const backlog = await school.checkReady();
        const due = backlog.outbox.due > 0 || backlog.reminders.due > 0 || backlog.channelPosts.due > 0;
        const fields = { event: 'backlog', ...(school.id ? { school: school.id } : {}), ...backlog };
        if (due) logger.info(fields, 'messages are due and waiting to be sent');
        else logger.debug(fields, 'nothing due to be sent');
      }
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await closeAll();
    throw err;
  });
  const { port } = server.address() as AddressInfo;
  for (const school of schools) school.start({ scheduler: cfg.scheduler !== false });

  const stop = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await closeAll();
  };
  return { server, url: `http://${cfg.host}:${port}`, stop };
}
