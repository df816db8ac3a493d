// end to end, a trust of two schools behind one bot (issue 20): the built bot on TRUST_FILE=profiles/trust.yaml
// (Rowan Federation Primary School and Larch Hill Primary School, SQLite per school) and THREE Agents
// Playgrounds, the seats `npm start -- --trust profiles/trust.yaml --as trust-ceo,shared-staff,rowan:pupil`
// plays (written from the trust file by scripts/lib/trust-seats.ts, here into a temp folder):
// - Simon Achebe, the trust's CEO, at both schools: "hello" brings "Which school is this about?" with a
//   button per school; he presses Larch Hill's and gets its help card, naming its DSL Fiona Hart.
// - Rhian Hughes, staff at both: danger words before choosing bring the 999 line at once, then the choice
//   card saying her words are kept; she presses Rowan's and Rowan's danger offer names Amira Haddad and
//   quotes her words.
// - Isla Morgan, a pupil at Rowan only: never asked which school; "I'm worried" works as at one school and
//   the thank-you names Rowan's trusted adult (Mrs Haddad).
// The choice buttons are Action.Submit (a message back with the card's data), not Action.Execute.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import { seatFileText } from '../../scripts/lib/playground-seats.js';
import { trustSeats } from '../../scripts/lib/trust-seats.js';
import { loadTrustFile } from '../../src/config/trust-file.js';
import type { PlaygroundDriver } from './support/playground-driver.js';
import { playgroundSeats, shoot } from './support/seats.js';

const TRUST_FILE = join(repoRoot, 'profiles/trust.yaml');
const ROWAN = 'Rowan Federation Primary School';
const LARCH_HILL = 'Larch Hill Primary School';
const CHOOSER = 'Which school is this about?';
const DANGER_FIRST =
  'If anyone is in immediate danger, call 999 now. Then choose the school below: what you wrote goes to its safeguarding lead straight away.';
const KEPT = 'I have kept what you wrote. It goes to the school you choose as soon as you choose.';
/** what Rhian types before choosing a school: danger words */
const DANGER_WORDS = 'he is outside the school gate now';
const CHOICE = '😢 Someone is being unkind to me';

/** the trust's seats as npm start writes them, into a folder of this run's own (not devTools/, which npm start rewrites) */
async function writeTrustSeats(seats: string[]): Promise<{ dir: string; files: Record<string, string> }> {
  const loaded = await loadTrustFile(TRUST_FILE);
  if (!loaded.ok) throw new Error(`profiles/trust.yaml does not load:\n${loaded.errors.join('\n')}`);
  const all = trustSeats(loaded.value);
  const dir = mkdtempSync(join(tmpdir(), 'osb-e2e-trust-seats-'));
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const seat of seats) {
    const s = all[seat];
    if (!s) throw new Error(`the trust has no seat ${seat} (seats: ${Object.keys(all).join(', ')})`);
    files[seat] = join(dir, `trust-${seat.replace(':', '-')}.yml`);
    writeFileSync(files[seat], seatFileText('profiles/trust.yaml', seat, s));
  }
  return { dir, files };
}

const seatFiles = await writeTrustSeats(['trust-ceo', 'shared-staff', 'rowan:pupil']);

describe('a trust of two schools in three Playgrounds: the CEO and a shared teacher choose a school, a pupil is never asked', () => {
  afterAll(() => rmSync(seatFiles.dir, { recursive: true, force: true }));
  const seats = playgroundSeats({
    name: 'trust',
    seats: [
      { name: 'trust-ceo', person: 'Simon', config: seatFiles.files['trust-ceo']! },
      { name: 'shared-staff', person: 'Rhian', config: seatFiles.files['shared-staff']! },
      { name: 'rowan:pupil', person: 'Isla', config: seatFiles.files['rowan:pupil']! },
    ],
    // SCHOOL_PROFILE empty: a trust file names each school's profile itself (as npm start -- --trust does)
    botEnv: { TRUST_FILE, SCHOOL_PROFILE: '' },
    openTimeoutMs: 60_000,
  });
  const { timed, onFailure } = seats;
  let simon: PlaygroundDriver;
  let rhian: PlaygroundDriver;
  let isla: PlaygroundDriver;
  beforeAll(() => {
    simon = seats.driver('trust-ceo');
    rhian = seats.driver('shared-staff');
    isla = seats.driver('rowan:pupil');
  });

  /**
   * the choice card that answers what I typed: it says my words are kept (the one sent on opening the chat
   * does not, and my own message may not show yet when the wait starts)
   */
  const keptChooser = async (d: PlaygroundDriver): Promise<string> =>
    d.messageText(await d.waitForBotMessage((t) => t.includes(CHOOSER) && t.includes(KEPT), { timeoutMs: 15_000 }));

  it(
    'the seats are Simon (the CEO), Rhian (at both schools) and Isla (a Rowan pupil), all with the same bot',
    { timeout: 30_000 },
    async () => {
      onFailure('setup');
      expect(simon.config.currentUser.name).toBe('Simon Achebe');
      expect(rhian.config.currentUser.name).toBe('Rhian Hughes');
      expect(isla.config.currentUser.name).toBe('Isla Morgan');
      seats.expectSameTenantAndBot('a1b2c3d4-0000-4000-8000-0000000000aa');
      await seats.allSaidHello();
    },
  );

  it(
    `the CEO says hello, is asked which school, presses "${LARCH_HILL}" and gets Larch Hill's help naming Fiona Hart`,
    { timeout: 45_000 },
    async () => {
      onFailure('ceo');
      await simon.selectPersonalChat();
      await simon.waitForQuiet();
      // opening the chat already asked him, before he typed anything; nothing of his is kept yet
      const opening = (await simon.messages().allInnerTexts()).filter((t) => t.includes(CHOOSER));
      expect(opening).toHaveLength(1);
      expect(opening[0]).not.toContain(KEPT);
      await simon.sendMessage('hello');
      const card = await timed('hello -> school choice', () => keptChooser(simon));
      expect(card).toContain(CHOOSER);
      expect(card).toContain('You are listed at more than one school in Aspire Learning Trust.');
      const chooser = simon.latestCard();
      for (const name of [ROWAN, LARCH_HILL])
        await expect.poll(() => chooser.getByRole('button', { name, exact: true }).isVisible()).toBe(true);
      await shoot(simon.page, 'e2e-trust-1-ceo-choice');
      await simon.waitForQuiet();

      const SUBMIT = /-> User Application message 200\s*$/;
      const submits = (await simon.logLines(SUBMIT)).length;
      await simon.clickCardButton(LARCH_HILL);
      // an Action.Submit: the Playground sends the bot a message carrying the button's data, and no text
      await simon.waitForLogLine(SUBMIT, { after: submits, timeoutMs: 15_000 });
      const [submitted] = await simon.logRequests(SUBMIT, { last: 1 });
      expect(submitted).toMatchObject({ type: 'message', value: { verb: 'trust.choose-school', choice: 'larch-hill' } });
      const thanks = await timed('Larch Hill pressed -> "talking to"', () =>
        simon.waitForBotMessage((t) => t.includes(`You are talking to ${LARCH_HILL} now`), { timeoutMs: 15_000 }),
      );
      expect(await simon.messageText(thanks)).toBe(`Thank you. You are talking to ${LARCH_HILL} now. Type school to change it.`);
      const help = await simon.messageText(await simon.waitForBotMessage((t) => t.includes('Fiona Hart'), { timeoutMs: 15_000 }));
      expect(help).toContain('Online Safety: help');
      expect(help).toContain('If a child is in immediate danger, call 999 now and tell Fiona Hart in person.');
      expect(help).toContain('Your report goes to the designated safeguarding lead, Fiona Hart (deputies: Ken Ashworth)');
      expect(help).not.toContain('Amira Haddad');
      await shoot(simon.page, 'e2e-trust-2-ceo-larch-hill');
    },
  );

  it(
    'Rhian types danger words before choosing: the 999 line at once, then the choice with her words kept',
    { timeout: 45_000 },
    async () => {
      onFailure('shared-danger');
      await rhian.selectPersonalChat();
      await rhian.waitForQuiet();
      await rhian.sendMessage(DANGER_WORDS);
      const first = await timed('danger words -> 999 line', () => rhian.waitForBotMessage(DANGER_FIRST, { timeoutMs: 15_000 }));
      expect(await rhian.messageText(first)).toBe(DANGER_FIRST);
      const card = await keptChooser(rhian);
      expect(card).toContain(KEPT);
      expect(card).toContain(ROWAN);
      expect(card).toContain(LARCH_HILL);
      // the 999 line comes before the card
      const said = (await rhian.messages().allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
      const mine = said.map((t) => t.includes(DANGER_WORDS)).lastIndexOf(true);
      const after = said.slice(mine + 1);
      expect(after.findIndex((t) => t.includes('call 999 now'))).toBeLessThan(after.findIndex((t) => t.includes(CHOOSER)));
      await shoot(rhian.page, 'e2e-trust-3-shared-danger');
    },
  );

  it(`Rhian presses "${ROWAN}": Rowan's danger offer names Amira Haddad and quotes her words`, { timeout: 45_000 }, async () => {
    onFailure('shared-rowan');
    await rhian.waitForQuiet();
    await rhian.clickCardButton(ROWAN);
    await timed('Rowan pressed -> "talking to"', () =>
      rhian.waitForBotMessage(`Thank you. You are talking to ${ROWAN} now. Type school to change it.`, { timeoutMs: 15_000 }),
    );
    const offer = await rhian.messageText(
      await rhian.waitForBotMessage((t) => t.includes('Amira Haddad') && t.includes('You wrote'), { timeoutMs: 15_000 }),
    );
    expect(offer).toContain('Call 999 now if a child is in immediate danger.');
    expect(offer).toContain('Tell the designated safeguarding lead in person now: Amira Haddad (01632 960551).');
    expect(offer).toContain('You wrote:');
    expect(offer).toContain(DANGER_WORDS);
    expect(offer).toContain('Report this as a concern?');
    expect(offer).not.toContain('Fiona Hart');
    await shoot(rhian.page, 'e2e-trust-4-shared-rowan-offer');
  });

  it(`Rhian types school: the choice comes back, saying she is talking to ${ROWAN}`, { timeout: 30_000 }, async () => {
    onFailure('shared-school');
    await rhian.waitForQuiet();
    await rhian.sendMessage('school');
    // by the words only this card has: her own "school" may not show yet, and an older choice card is above it
    const card = await rhian.messageText(
      await rhian.waitForBotMessage((t) => t.includes('At the moment you are talking to'), { timeoutMs: 15_000 }),
    );
    expect(card).toContain(CHOOSER);
    expect(card).toContain(`At the moment you are talking to ${ROWAN}. Type school to change it at any time.`);
    expect(card).not.toContain(KEPT);
    const chooser = rhian.latestCard();
    for (const name of [ROWAN, LARCH_HILL])
      await expect.poll(() => chooser.getByRole('button', { name, exact: true }).isVisible()).toBe(true);
  });

  it(
    'Isla, a pupil at Rowan only, is never asked which school; "I\'m worried" thanks her naming Mrs Haddad',
    { timeout: 60_000 },
    async () => {
      onFailure('pupil');
      await isla.selectPersonalChat();
      await isla.waitForBotMessage((t) => t.includes("I'm worried"), { timeoutMs: 15_000 });
      await isla.waitForQuiet();
      await isla.sendMessage('hello');
      const welcome = await isla.messageText(
        await isla.waitForBotMessage((t) => t.includes('"I\'m worried" helper'), { timeoutMs: 15_000 }),
      );
      expect(welcome).toContain(`This is ${ROWAN}'s "I'm worried" helper.`);
      await isla.waitForQuiet();
      await isla.clickCardButton("I'm worried");
      const form = await timed('"I\'m worried" -> form', () => isla.waitForCard(/Tell us what happened\. Tap the one that fits best\./));
      expect(form).toContain('Tell us in your own words. You can skip this.');
      await isla.chooseOnCard(new RegExp(`${CHOICE}$`));
      await isla.fillOnCard('Tell us in your own words', 'they keep posting about me');
      await isla.clickCardButton('Send');
      const thanks = await timed('Send -> thank-you', () => isla.waitForCard(/Thank you for telling us/, { timeoutMs: 15_000 }));
      expect(thanks).toContain('You did the right thing telling us.');
      expect(thanks).toContain('Mrs Haddad or another adult you trust will talk to you soon.');
      expect(thanks).not.toContain('Mrs Hart');
      const all = (await isla.messages().allInnerTexts()).join('\n');
      expect(all).not.toContain(CHOOSER);
      expect(all).not.toContain(LARCH_HILL);
      await shoot(isla.page, 'e2e-trust-5-pupil-thanks');
    },
  );
});
