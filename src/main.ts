import { pino } from 'pino';
import { describeConfig, loadConfig } from './config/env.js';
import { loadSchoolProfile } from './config/profile-loader.js';
import { loadTrustFile } from './config/trust-file.js';
import { createLogger } from './observability/logger.js';
import { startTelemetry } from './observability/telemetry.js';

// the process entry: read the environment, start the bot, stop cleanly on a signal. production is the
// default; only `npm start` (scripts/start-local.ts) sets BOT_MODE=local.

function fail(title: string, problems: string[]): never {
  process.stderr.write(`${title}\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.ok) fail('Cannot start the Online Safety bot. Fix these settings (see .env.example):', config.errors);
  const cfg = config.value;
  // Application Insights only when its connection string is set, and before the server's modules load so
  // their http module is instrumented; the logs go to stdout as always, and also to it
  const telemetry = await startTelemetry(cfg.telemetryConnectionString);
  const logger = telemetry
    ? createLogger(
        cfg.logLevel,
        pino.multistream([
          { stream: process.stdout, level: cfg.logLevel },
          { stream: telemetry.logs, level: cfg.logLevel },
        ]),
      )
    : createLogger(cfg.logLevel);
  const { startBot } = await import('./bootstrap.js');

  let bot;
  let serving: string;
  try {
    if (cfg.trustFilePath) {
      const trust = await loadTrustFile(cfg.trustFilePath);
      if (!trust.ok) fail(`Cannot start: the trust file ${cfg.trustFilePath} has problems:`, trust.errors);
      const { startTrust } = await import('./trust-runtime.js');
      bot = await startTrust(cfg, trust.value, logger);
      serving = `${trust.value.name} (${trust.value.schools.map((s) => s.profile.school.name).join(', ')})`;
    } else {
      const profile = await loadSchoolProfile(cfg.schoolProfilePath);
      if (!profile.ok) fail(`Cannot start: the school profile ${cfg.schoolProfilePath} has problems:`, profile.errors);
      bot = await startBot(cfg, profile.value, logger);
      serving = profile.value.school.name;
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'EADDRINUSE' ? `port ${cfg.port} is already in use (is the bot already running? set PORT to use another)` : e.message;
    fail('Cannot start the Online Safety bot:', [why]);
  }
  logger.info({ config: describeConfig(cfg), school: serving, url: bot.url }, 'listening');
  if (cfg.mode === 'local') {
    logger.warn(
      `local mode: inbound activities are NOT authenticated; accepting them only from this machine, as application/json, addressed to localhost or 127.0.0.1 and not through a proxy or tunnel (${bot.url}/api/messages). Never use local mode in production.`,
    );
  }

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // let turns in flight finish, then close the store; give up after 10 s rather than hang
    setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, 10_000).unref();
    bot.stop().then(
      async () => {
        await telemetry?.stop().catch(() => undefined);
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err: { message: (err as Error).message } }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`The Online Safety bot failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
