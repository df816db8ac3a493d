import { TeamsAdapter } from '@microsoft/teams-ai';
import { describeConfig, loadConfig } from './config/env.js';
import { loadSchoolProfile } from './config/profile-loader.js';
import { createLogger } from './observability/logger.js';
import { openDatabase } from './adapters/sqlite/database.js';
import { SqliteIncidentStore } from './adapters/sqlite/sqlite-incident-store.js';
import { SqliteBotStorage } from './adapters/sqlite/sqlite-bot-storage.js';
import { createBotApp } from './adapters/teams/bot-app.js';
import { createHttpServer } from './adapters/http/server.js';
import { botResponse } from './adapters/http/bot-response.js';

// composition root: configuration -> adapters -> bot -> HTTP server. production is the default;
// only `npm start` (scripts/start-local.ts) sets BOT_MODE=local.

function fail(title: string, problems: string[]): never {
  process.stderr.write(`${title}\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.ok) fail('Cannot start the Online Safety bot. Fix these settings (see .env.example):', config.errors);
  const cfg = config.value;
  const logger = createLogger(cfg.logLevel);

  const profile = await loadSchoolProfile(cfg.schoolProfilePath);
  if (!profile.ok) fail(`Cannot start: the school profile ${cfg.schoolProfilePath} has problems:`, profile.errors);

  const db = openDatabase(cfg.dataDir);
  const store = new SqliteIncidentStore(db);
  const storage = new SqliteBotStorage(db);

  const adapter = new TeamsAdapter(cfg.credentials ? { ...cfg.credentials } : {});
  const app = createBotApp({
    adapter,
    storage,
    profile: profile.value,
    logger,
    tenantId: cfg.credentials?.MicrosoftAppTenantId,
    botAppId: cfg.credentials?.MicrosoftAppId,
  });

  const server = createHttpServer({
    mode: cfg.mode,
    logger,
    processActivity: (req, res, logic) => adapter.process(req, botResponse(res), logic),
    runTurn: (context) => app.run(context),
    checkReady: () => store.ping(),
  });

  server.on('error', (err: NodeJS.ErrnoException) => {
    const why = err.code === 'EADDRINUSE' ? `port ${cfg.port} is already in use (is the bot already running? set PORT to use another)` : err.message;
    logger.fatal({ code: err.code }, `cannot listen: ${why}`);
    process.stderr.write(`Cannot start the Online Safety bot: ${why}\n`);
    process.exit(1);
  });

  server.listen(cfg.port, cfg.host, () => {
    logger.info({ config: describeConfig(cfg), school: profile.value.school.name }, 'listening');
    if (cfg.mode === 'local') {
      logger.warn(`local mode: inbound activities are NOT authenticated; accepting them only on loopback (http://${cfg.host}:${cfg.port}/api/messages). Never use local mode in production.`);
    }
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // finish the turns in flight, then close the store; give up after 10 s rather than hang
    const timer = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    server.close(() => {
      void store.close().then(() => {
        logger.info('stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`The Online Safety bot failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
