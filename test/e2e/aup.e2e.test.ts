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
// The welcome comes first; the reminders waiting for him follow in one card, a section each (the AUP
// with its button, training due, the password notice), or, when a job finishes after he arrives, in a
// card of their own at the next round: the AUP card is found by its text, never taken to be the newest
// message. Agreeing answers with that card again, the AUP section now "Thank you: recorded".
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import { DATABASE_FILE } from '../../src/adapters/sqlite/database.js';
import type { PlaygroundDriver } from './support/playground-driver.js';
import { playgroundSeats, shoot } from './support/seats.js';

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
  const { stdout } = await execFileAsync(
    process.execPath,
    [join(repoRoot, 'node_modules/.bin/tsx'), 'scripts/run-job.ts', 'aup', '--dry-run'],
    {
      cwd: repoRoot,
      env,
      timeout: 60_000,
    },
  );
  return stdout;
}

describe('the AUP reminder in the Playground: Sam receives it, agrees, and the record shows it', () => {
  const seats = playgroundSeats({
    name: 'aup',
    seats: [{ name: 'staff', person: 'Sam', config: STAFF_CONFIG }],
    // the scheduler's catch-up at start queues this month's reminders, the AUP one among them
    botEnv: { SCHEDULER: 'on' },
  });
  const { timed, onFailure } = seats;
  let sam: PlaygroundDriver;
  beforeAll(() => {
    sam = seats.driver('staff');
  });
  let aupMessage: Locator | undefined;

  it('the seat is Sam Taylor, and before he agrees the dry run would remind him', { timeout: 60_000 }, async () => {
    expect(sam.config.currentUser.name).toBe('Sam Taylor');
    expect(sam.config.currentUser.aadObjectId).toBe(SAM_AAD);
    const before = await timed('dry run (before)', () => aupDryRun(seats.stack.dataDir));
    expect(before).toContain('would remind Sam Taylor');
    expect(before).toContain('would remind Priya Shah');
  });

  it("the waiting AUP reminder reaches Sam's personal chat once his page opens", { timeout: 90_000 }, async () => {
    onFailure('card');
    // the page said hello from the personal chat on loading: the bot has his chat and wakes his reminders
    await seats.allSaidHello();
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
    // the button carries the version (and, in the card of reminders, which sections it holds)
    expect(JSON.stringify(aupSent[0])).toContain(`"verb":"aup.agree","data":{"version":"${VERSION}"`);
    await shoot(sam.page, 'e2e-aup-1-card', true);
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
    await shoot(sam.page, 'e2e-aup-2-recorded', true);
  });

  it(
    'the record shows it: the dry run no longer lists Sam but still lists Priya, and the database holds his agreement',
    { timeout: 60_000 },
    async () => {
      onFailure('record');
      const after = await timed('dry run (after)', () => aupDryRun(seats.stack.dataDir));
      expect(after).not.toContain('would remind Sam Taylor');
      expect(after).toContain('would remind Priya Shah');

      const db = new Database(join(seats.stack.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
      try {
        const rows = db
          .prepare('SELECT person_id, person_name, version, agreed_at FROM aup_agreements WHERE person_id = ?')
          .all(SAM_AAD) as {
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
    },
  );
});
