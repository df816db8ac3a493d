// `npm run job -- <name> [--dry-run] [--force]`: runs one scheduled job by hand, now.
//   names: aup, training, leavers, passwords, policy-review, filtering-review, safer-internet-day, digest
//          (the governors' termly digest: --dry-run prints its figures, never a name), and
//          directory-sync when Graph is configured (GRAPH_AUTH or AZURE_*: see README)
//   --dry-run  queue nothing and record nothing: list who would be reminded, and why
//   --force    run again although this period's run is done (a reminder already queued is not queued twice)
// Settings: read as the bot reads them (src/config/env.ts): DATA_DIR (default ./data, the bot's database),
// SQLITE_JOURNAL_MODE (delete on App Service's /home, as the bot), SCHOOL_PROFILE (default the example school),
// GRAPH_AUTH / AZURE_*. No bot credentials are needed.
// The bot, when running, sends what was queued within half a minute.
// exit codes: 0 done, 1 the job failed, 2 a wrong name or setting.
import { parseArgs } from 'node:util';
import { complianceJobs } from '../src/app/compliance/jobs.js';
import { digestJob } from '../src/app/digest/digest-job.js';
import { graphFromConfig } from '../src/adapters/graph/graph-from-env.js';
import { GraphDirectory } from '../src/adapters/graph/graph-directory.js';
import { openSchoolStores } from '../src/adapters/open-stores.js';
import { loadConfig } from '../src/config/env.js';
import { loadSchoolProfile } from '../src/config/profile-loader.js';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const fail = (line: string, code: number): never => {
  process.stderr.write(`${line}\n`);
  process.exit(code);
};

const environment = process.env;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false }, force: { type: 'boolean', default: false } },
  });
  const config = loadConfig(environment, 'job');
  if (!config.ok) fail(`Fix these settings (see .env.example):\n${config.errors.map((e) => `  - ${e}`).join('\n')}`, 2);
  const cfg = config.ok ? config.value : undefined!;
  const profilePath = cfg.schoolProfilePath;
  const loaded = await loadSchoolProfile(profilePath);
  if (!loaded.ok) fail(`The school profile ${profilePath} has problems:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`, 2);
  const profile = loaded.ok ? loaded.value : undefined!;
  const stores = await openSchoolStores(cfg, { replicate: false });
  const { records, reminders } = stores;
  // the leaver scan and the directory sync read the directory through Graph, as the bot does, when configured
  const graph = graphFromConfig(cfg.graph, profile.school.name);
  if (graph.status === 'error') say(`(Graph sign-in is not usable, so the leaver scan cannot run: ${graph.error})`);
  const directory = graph.status === 'on' ? { directory: new GraphDirectory(graph.graph), mirror: stores.mirror } : {};
  const jobs = [
    ...complianceJobs({ profile, records, reminders, ...directory }),
    // queued for the governors' channel with the digest: the bot posts it (it holds the channel's address)
    digestJob({ store: stores.store, records, profile, now: () => new Date() }),
  ];
  const name = positionals[0];
  const job = jobs.find((j) => j.name === name);
  if (!job)
    fail(
      `Which job? npm run job -- <name> [--dry-run]. Names:\n${jobs.map((j) => `  ${j.name.padEnd(20)} ${j.description}`).join('\n')}`,
      2,
    );
  const now = new Date();
  const periodKey = job!.periodKey(now);
  const dryRun = values['dry-run'] === true;
  say(`${job!.name} for ${periodKey} (${profile.school.name})${dryRun ? ', dry run: nothing will be queued or recorded' : ''}`);
  const report = (line: string) => say(`  ${line}`);
  let claimed = false;
  const owner = `by-hand-${process.pid}`;
  const runs = stores.runs;
  try {
    if (dryRun) {
      const summary = await job!.run({ now, periodKey, dryRun: true, report, detail: report });
      say(`done (dry run): ${JSON.stringify(summary)}`);
      return;
    }
    claimed = (await runs.claim(job!.name, periodKey, owner, now, 30 * 60_000)) !== undefined;
    if (!claimed && !values.force) {
      say(`${periodKey} has already run (or is running in the bot). Use --force to run it again; nobody is reminded twice.`);
      return;
    }
    const summary = await job!.run({ now, periodKey, dryRun: false, report, detail: report });
    if (claimed) await runs.finish(job!.name, periodKey, owner, new Date(), summary);
    say(`done: ${JSON.stringify(summary)}. The bot sends the reminders within half a minute when it is running.`);
  } catch (error) {
    // release the period, so the bot's scheduler tries it again at its next tick
    if (claimed) await runs.fail(job!.name, periodKey, owner, new Date(), (error as Error).message);
    await stores.close();
    fail(`${job!.name} failed: ${(error as Error).message}`, 1);
  } finally {
    await stores.close();
  }
}

main().catch((error: unknown) => fail(`npm run job failed: ${(error as Error).stack ?? String(error)}`, 1));
