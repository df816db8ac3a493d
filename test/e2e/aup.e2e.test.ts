// end to end, the scheduled acceptable use (AUP) reminder: the built bot in local mode with its
// scheduler on, the Agents Playground as Sam Taylor (a teacher, the staff seat, the repo's default
// config), headless Chromium. At start the scheduler catches up this month's jobs and queues the AUP
// reminder for everyone on the staff and governor roster who has not agreed; Sam's reminder waits
// until the bot can reach him. When his page opens, the Playground says hello from his personal chat,
// the bot learns the chat and sends what was waiting for him. He presses "I have read and agree" on
// the card, which turns into "Thank you: recorded". The record is then checked the way a person
// would: `npm run job -- aup --dry-run` no longer lists Sam (and still lists Priya, who has not
// agreed), and the database holds his agreement.
//
// Other reminders (training due, the password notice) arrive in the same chat, in no fixed order:
// the AUP card is found by its text, never taken to be the newest message.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import { DATABASE_FILE } from '../../src/adapters/sqlite/database.js';
import { launchChromium, RESULTS_DIR, startLocalStack, type LocalStack } from './support/local-stack.js';
import { PlaygroundDriver } from './support/playground-driver.js';

const STAFF_CONFIG = join(repoRoot, '.m365agentsplayground.yml');
const SAM_AAD = 'a1b2c3d4-0000-4000-8000-000000000001';
/** profiles/example-school.yaml's aup.version (the bot and the CLI both use that profile by default) */
const VERSION = '2026-09';
const AGREE = 'I have read and agree';
/** the reminder's card, told apart from the welcome card and the other reminders by its words */
const isAupCard = (t: string): boolean =>
  t.includes('Acceptable use agreement') && t.includes(VERSION) && t.includes('We have no record of you agreeing') && t.includes(AGREE);
/** a Log Panel line for a message the bot posted (a reply in a turn, or one it sent on its own) */
const BOT_POSTED = /User Application -> Microsoft 365 Agents Playground message 201/;
const isAgreedCard = (t: string): boolean => t.includes('Thank you: recorded') && t.includes('Renew by');

const execFileAsync = promisify(execFile);

/** `npm run job -- aup --dry-run` against the bot's database, as a person would run it (no SCHOOL_PROFILE: the example school) */
async function aupDryRun(dataDir: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.SCHOOL_PROFILE;
  const { stdout } = await execFileAsync(process.execPath, [join(repoRoot, 'node_modules/.bin/tsx'), 'scripts/run-job.ts', 'aup', '--dry-run'], {
    cwd: repoRoot,
    env,
    timeout: 60_000,
  });
  return stdout;
}

/** a screenshot of a page, never failing the test */
const shoot = (page: Page | undefined, name: string, fullPage = false) =>
  page?.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage }).catch(() => {});

describe('the AUP reminder in the Playground: Sam receives it, agrees, and the record shows it', () => {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;
  let samPage: Page | undefined;
  let sam: PlaygroundDriver;
  let aupMessage: Locator | undefined;
  const timings: [string, number][] = [];
  const timed = async <T,>(step: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await f();
    timings.push([step, performance.now() - t]);
    return result;
  };

  const cleanUp = async (): Promise<void> => {
    await browser?.close().catch(() => {});
    browser = undefined;
    await stack?.stop();
  };

  /** on a failure: the page's screenshot and the end of its Log Panel (every request to and from the bot) */
  const onFailure = (step: string) =>
    onTestFailed(async () => {
      await shoot(samPage, `e2e-aup-${step}-failed`, true);
      const lines = sam ? await sam.logLines().catch(() => []) : [];
      console.log(`Sam's Playground log panel, last lines:\n${lines.slice(-15).map((l) => `  ${l}`).join('\n')}`);
      if (stack) console.log(`logs: ${stack.logs.bot}, ${stack.logs.playground}`);
    });

  beforeAll(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    try {
      browser = await launchChromium();
      stack = await timed('start bot (scheduler on) + Playground', () =>
        startLocalStack({
          name: 'aup',
          seats: [{ name: 'staff', config: STAFF_CONFIG }],
          // the scheduler's catch-up at start queues this month's reminders, the AUP one among them
          botEnv: { SCHEDULER: 'on' },
        }),
      );
      samPage = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
      sam = await timed('open Sam\'s page', () => PlaygroundDriver.open(samPage!, stack!.seat('staff').url));
    } catch (err) {
      await cleanUp();
      throw err;
    }
  });

  afterAll(async () => {
    if (timings.length > 0) console.log(`aup e2e timings:\n${timings.map(([s, ms]) => `  ${s}: ${(ms / 1000).toFixed(2)} s`).join('\n')}`);
    await cleanUp();
  });

  it('the seat is Sam Taylor, and before he agrees the dry run would remind him', { timeout: 60_000 }, async () => {
    expect(sam.config.currentUser.name).toBe('Sam Taylor');
    expect(sam.config.currentUser.aadObjectId).toBe(SAM_AAD);
    const before = await timed('dry run (before)', () => aupDryRun(stack!.dataDir));
    expect(before).toContain('would remind Sam Taylor');
    expect(before).toContain('would remind Priya Shah');
  });

  it('the waiting AUP reminder reaches Sam\'s personal chat once his page opens', { timeout: 90_000 }, async () => {
    onFailure('card');
    // the page said hello from the personal chat on loading: the bot has his chat and wakes his reminders
    await sam.waitForLogLine(/-> User Application installationUpdate 200/, { timeoutMs: 15_000 });
    expect(await sam.activeConversation()).toBe('Personal Chat');
    // the jobs queued it before his page opened; his arrival sends what waits for him at once (the
    // generous timeout also covers a slow start, when the jobs finish after he arrives: the next round)
    aupMessage = await timed('AUP card reaches Sam', () => sam.waitForBotMessage(isAupCard, { timeoutMs: 60_000 }));
    const text = await sam.messageText(aupMessage);
    expect(text).toContain('Acceptable use agreement');
    expect(text).toContain(VERSION);
    expect(text).toContain('We have no record of you agreeing');
    await expect.poll(() => aupMessage!.getByRole('button', { name: AGREE, exact: true }).isVisible()).toBe(true);
    // unprompted: Sam has typed nothing, and the bot posted the card to his personal chat once, on its own
    expect(await sam.logLines(/-> User Application message/)).toEqual([]);
    const sent = await sam.logRequests(BOT_POSTED);
    const aupSent = sent.filter((a) => JSON.stringify(a).includes('Acceptable use agreement'));
    expect(aupSent).toHaveLength(1);
    expect((aupSent[0]!.conversation as { id?: unknown } | undefined)?.id).toBe(sam.config.personalChat.id);
    expect(JSON.stringify(aupSent[0])).toContain(`"verb":"aup.agree","data":{"version":"${VERSION}"}`);
    await shoot(samPage, 'e2e-aup-1-card', true);
  });

  it('Sam presses "I have read and agree" and the card says "Thank you: recorded"', { timeout: 30_000 }, async () => {
    onFailure('agree');
    expect(aupMessage).toBeDefined();
    const invokes = (await sam.logLines(/-> User Application invoke \d+/)).length;
    await timed('agree -> thank you', async () => {
      await sam.clickButtonIn(aupMessage!, AGREE);
      await sam.waitForLogLine(/-> User Application invoke 200/, { after: invokes, timeoutMs: 15_000 });
      // the answer replaces the card in place: the same message now says thank you
      await sam.waitForBotMessage(isAgreedCard, { timeoutMs: 15_000 });
    });
    const agreed = await sam.messageText(await sam.waitForBotMessage(isAgreedCard));
    expect(agreed).toContain('Thank you: recorded');
    expect(agreed).toContain('Sam Taylor');
    expect(agreed).toContain(VERSION);
    expect(agreed).toMatch(/Renew by\s*\S/);
    // no AUP card is left to press (other reminders may still be in the chat)
    const texts = await sam.messages().evaluateAll((els) => els.map((el) => (el as unknown as { innerText: string }).innerText));
    expect(texts.filter(isAupCard)).toEqual([]);
    await shoot(samPage, 'e2e-aup-2-recorded', true);
  });

  it('the record shows it: the dry run no longer lists Sam but still lists Priya, and the database holds his agreement', { timeout: 60_000 }, async () => {
    onFailure('record');
    const after = await timed('dry run (after)', () => aupDryRun(stack!.dataDir));
    expect(after).not.toContain('would remind Sam Taylor');
    expect(after).toContain('would remind Priya Shah');

    const db = new Database(join(stack!.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT person_id, person_name, version, agreed_at FROM aup_agreements WHERE person_id = ?').all(SAM_AAD) as {
        person_id: string;
        person_name: string;
        version: string;
        agreed_at: string;
      }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ person_name: 'Sam Taylor', version: VERSION });
      expect(Date.now() - Date.parse(rows[0]!.agreed_at)).toBeLessThan(10 * 60_000);
    } finally {
      db.close();
    }
  });
});
