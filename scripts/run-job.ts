// `npm run job -- <name> [--dry-run] [--force] [--school <id>] [--at <date>]`: runs one scheduled job by hand, now.
//   names: aup, training, leavers, passwords, policy-review, filtering-review, safer-internet-day, digest
//          (the governors' termly digest: --dry-run prints its figures, never a name), and
//          directory-sync when Graph is configured (GRAPH_AUTH or AZURE_*: see README);
//          with TRUST_FILE also trust-digest (the trust's CEO and safeguarding lead: each school's figures)
//   --school <id> with TRUST_FILE: the school (its id in the trust file) whose job runs, on its own records
//   --dry-run  queue nothing and record nothing: list who would be reminded, and why
//   --at <date> with --dry-run: as if it were that day (YYYY-MM-DD, at noon) or instant (ISO 8601), e.g. to
//              see a term's digest before the term ends
//   --force    run again although this period's run is done (a reminder already queued is not queued twice)
// Settings: read as the bot reads them (src/config/env.ts): DATA_DIR (default ./data, the bot's database),
// SQLITE_JOURNAL_MODE (delete on App Service's /home, as the bot), SCHOOL_PROFILE (default the example school)
// or TRUST_FILE, STORE and DATABASE_URL, GRAPH_AUTH / AZURE_*. No bot credentials are needed.
// The bot, when running, sends what was queued within half a minute.
// exit codes: 0 done, 1 the job failed, 2 a wrong name or setting.
import { parseArgs } from 'node:util';
import { complianceJobs } from '../src/app/compliance/jobs.js';
import { digestJob } from '../src/app/digest/digest-job.js';
import { graphFromConfig } from '../src/adapters/graph/graph-from-env.js';
import { GraphDirectory } from '../src/adapters/graph/graph-directory.js';
import { openSchoolStores, type SchoolStores } from '../src/adapters/open-stores.js';
import { trustDigestJob } from '../src/app/trust/trust-digest-job.js';
import type { ScheduledJob } from '../src/app/scheduler/scheduler.js';
import type { JobRunStore } from '../src/ports/job-runs.js';
import type { SchoolProfile } from '../src/domain/school-profile.js';
import { loadConfig, type AppConfig } from '../src/config/env.js';
import { loadTrustFile, type Trust } from '../src/config/trust-file.js';
import { loadSchoolProfile } from '../src/config/profile-loader.js';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const fail = (line: string, code: number): never => {
  process.stderr.write(`${line}\n`);
  process.exit(code);
};

const environment = process.env;

/** what a run needs: the jobs to choose from, whose they are, where runs are recorded, and how to let go */
interface Opened {
  whose: string;
  jobs: ScheduledJob[];
  runs: JobRunStore;
  close: () => Promise<void>;
}

/** one school's jobs on its stores (a trust's school: `schoolId`, its own schema or folder) */
async function schoolJobs(cfg: AppConfig, profile: SchoolProfile, schoolId?: string): Promise<Opened> {
  const stores = await openSchoolStores(cfg, { replicate: false, ...(schoolId ? { schoolId } : {}) });
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
  return { whose: profile.school.name, jobs, runs: stores.runs, close: () => stores.close() };
}

/** the trust digest, as src/trust-runtime.ts runs it: the trust's own store, and every school's records */
async function trustJobs(cfg: AppConfig, trust: Trust): Promise<Opened> {
  const opened: SchoolStores[] = [];
  const close = async () => {
    for (const s of opened) await s.close().catch(() => undefined);
  };
  try {
    const own = await openSchoolStores(cfg, { replicate: false, schoolId: 'trust' });
    opened.push(own);
    const schools = [];
    for (const school of trust.schools) {
      const stores = await openSchoolStores(cfg, { replicate: false, schoolId: school.id });
      opened.push(stores);
      schools.push({ profile: school.profile, store: stores.store, records: stores.records });
    }
    const job = trustDigestJob({
      trust: trust.name,
      calendar: trust.schools.find((s) => s.id === trust.calendarOf)!.profile,
      schools,
      recipients: [...trust.ceo, ...trust.safeguardingLead],
      reminders: own.reminders,
    });
    return { whose: trust.name, jobs: [job], runs: own.runs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

const listed = (jobs: readonly ScheduledJob[]) => jobs.map((j) => `  ${j.name.padEnd(20)} ${j.description}`).join('\n');

/** --at: a day (at noon, UK time near enough) or an instant */
function parseAt(raw: string): Date | undefined {
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T12:00:00Z` : raw);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        school: { type: 'string' },
        at: { type: 'string' },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\nnpm run job -- <name> [--dry-run] [--force] [--school <id>] [--at <date>]`, 2);
  }
  const { values, positionals } = parsed;
  const dryRun = values['dry-run'] === true;
  let now = new Date();
  if (values.at !== undefined) {
    const at = parseAt(values.at);
    if (!at) fail(`--at ${values.at}: not a date (YYYY-MM-DD) or an ISO 8601 instant`, 2);
    if (!dryRun) fail('--at goes with --dry-run only: a real run is for today', 2);
    now = at!;
  }
  const config = loadConfig(environment, 'job');
  if (!config.ok) fail(`Fix these settings (see .env.example):\n${config.errors.map((e) => `  - ${e}`).join('\n')}`, 2);
  const cfg = config.ok ? config.value : undefined!;
  const name = positionals[0];

  let opened: Opened;
  if (cfg.trustFilePath) {
    const loaded = await loadTrustFile(cfg.trustFilePath);
    if (!loaded.ok) fail(`The trust file ${cfg.trustFilePath} has problems:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`, 2);
    const trust = loaded.ok ? loaded.value : undefined!;
    const ids = trust.schools.map((s) => `  ${s.id.padEnd(20)} ${s.profile.school.name}`).join('\n');
    if (name === 'trust-digest') {
      if (values.school !== undefined) fail('trust-digest is the trust’s own job, for every school: leave out --school', 2);
      opened = await trustJobs(cfg, trust);
    } else {
      const school = trust.schools.find((s) => s.id === values.school);
      if (!school)
        fail(
          `${values.school === undefined ? `Which school? ` : `No school in ${cfg.trustFilePath} has the id ${values.school}. `}npm run job -- ${name ?? '<name>'} --school <id>, or npm run job -- trust-digest. ${trust.name}'s schools:\n${ids}`,
          2,
        );
      opened = await schoolJobs(cfg, school!.profile, school!.id);
    }
  } else {
    if (values.school !== undefined) fail('--school is for a trust’s schools (TRUST_FILE): this is one school’s deployment', 2);
    const profilePath = cfg.schoolProfilePath;
    const loaded = await loadSchoolProfile(profilePath);
    if (!loaded.ok) fail(`The school profile ${profilePath} has problems:\n${loaded.errors.map((e) => `  - ${e}`).join('\n')}`, 2);
    opened = await schoolJobs(cfg, loaded.ok ? loaded.value : undefined!);
  }
  const job = opened.jobs.find((j) => j.name === name);
  if (!job) {
    await opened.close();
    fail(`Which job? npm run job -- <name> [--dry-run]. Names:\n${listed(opened.jobs)}`, 2);
  }
  const periodKey = job!.periodKey(now);
  say(`${job!.name} for ${periodKey} (${opened.whose})${dryRun ? ', dry run: nothing will be queued or recorded' : ''}`);
  const report = (line: string) => say(`  ${line}`);
  let claimed = false;
  const owner = `by-hand-${process.pid}`;
  const runs = opened.runs;
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
    await opened.close();
    fail(`${job!.name} failed: ${(error as Error).message}`, 1);
  } finally {
    await opened.close();
  }
}

main().catch((error: unknown) => fail(`npm run job failed: ${(error as Error).stack ?? String(error)}`, 1));
