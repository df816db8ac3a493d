// end to end, a pupil and the DSL at once: the built bot in local mode and TWO Agents Playgrounds
// pointed at it, one playing Ava Brown (a pupil, playground/pupil.yml), one Priya Shah (the DSL,
// playground/dsl.yml), each in its own headless Chromium page. Ava, in her personal chat, presses the
// welcome card's "I'm worried" button, taps what happened, writes a few words and sends it: three taps
// from the welcome card to "Thank you for telling us". The case card appears in the Safeguarding
// channel as Priya sees it, with no name and none of the child's words; Priya is told first, 1:1, with
// the child's words exactly as written.
//
// The bot reaches each Playground only through the serviceUrl it last saw from it, so Priya's page
// opens the Safeguarding channel before Ava speaks: that is how the bot learns to post the channel card
// through her Playground. Ava's seat lists the staff team too (every seat must: the Playground's config
// and test/config/profile.test.ts), but a pupil never opens it, and nothing here relies on her seeing it.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import { launchChromium, RESULTS_DIR, startLocalStack, type LocalStack } from './support/local-stack.js';
import { PlaygroundDriver } from './support/playground-driver.js';

const PROFILE_PATH = join(repoRoot, 'profiles/example-school.yaml');
const PUPIL_CONFIG = join(repoRoot, 'playground/pupil.yml');
const DSL_CONFIG = join(repoRoot, 'playground/dsl.yml');
const SAFEGUARDING_ID = '19:oakfield-safeguarding@thread.tacv2';
const TENANT_ID = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const AVA_AAD = 'a1b2c3d4-0000-4000-8000-000000000006';

/** the choice a child taps: an unknown adult (grooming, high severity, through the channel) */
const CHOICE = "🚫 Someone I don't know is talking to me, wants to meet me or asked for pictures";
/** what Ava writes in "Tell us in your own words" */
const WORDS = 'He said not to tell my mum';
/** the taps the issue allows from the welcome card to the thank-you card */
const TAP_TARGET = 3;
/** what must never reach the channel: the child's name and her words */
const SECRETS = ['Ava', 'Brown', WORDS, 'my mum'];

/** a Playground config's tenantId (its backend does not serve it back) */
function tenantOf(configPath: string): string | undefined {
  return /^tenantId:\s*"?([^"\s]+)"?\s*$/m.exec(readFileSync(configPath, 'utf8'))?.[1];
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** a screenshot of a page, never failing the test */
const shoot = (page: Page | undefined, name: string, fullPage = false) =>
  page?.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage }).catch(() => {});

describe('"I\'m worried" in two Playgrounds: Ava tells us in three taps, Priya is told first', () => {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;
  let avaPage: Page | undefined;
  let priyaPage: Page | undefined;
  let ava: PlaygroundDriver;
  let priya: PlaygroundDriver;
  let reference = '';
  const timings: [string, number][] = [];
  const timed = async <T,>(step: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await f();
    timings.push([step, performance.now() - t]);
    return result;
  };
  /** every tap (click, press, pick) Ava makes from the welcome card on; typing is not a tap */
  const taps: string[] = [];
  const tap = async (what: string, f: () => Promise<void>): Promise<void> => {
    taps.push(what);
    await f();
  };

  const cleanUp = async (): Promise<void> => {
    await browser?.close().catch(() => {});
    browser = undefined;
    await stack?.stop();
  };

  /** on a failure: both pages' screenshots and the ends of their Log Panels (every request to and from the bot) */
  const onFailure = (step: string) =>
    onTestFailed(async () => {
      await shoot(avaPage, `e2e-pupil-${step}-failed-ava`, true);
      await shoot(priyaPage, `e2e-pupil-${step}-failed-priya`, true);
      for (const [who, d] of [['Ava', ava], ['Priya', priya]] as const) {
        const lines = d ? await d.logLines().catch(() => []) : [];
        console.log(`${who}'s Playground log panel, last lines:\n${lines.slice(-15).map((l) => `  ${l}`).join('\n')}`);
      }
      if (stack) console.log(`logs: ${stack.logs.bot}, ${stack.seats.map((s) => s.logs.output).join(', ')}`);
    });

  beforeAll(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    try {
      browser = await launchChromium();
      stack = await timed('start bot + 2 Playgrounds', () =>
        startLocalStack({
          name: 'pupil',
          seats: [{ name: 'pupil', config: PUPIL_CONFIG }, { name: 'dsl', config: DSL_CONFIG }],
          botEnv: { SCHOOL_PROFILE: PROFILE_PATH },
        }),
      );
      // a context each: each page blocks the cloud on its own, and nothing is shared between them
      avaPage = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
      priyaPage = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
      [ava, priya] = await timed('open both pages', () =>
        Promise.all([PlaygroundDriver.open(avaPage!, stack!.seat('pupil').url), PlaygroundDriver.open(priyaPage!, stack!.seat('dsl').url)]),
      );
    } catch (err) {
      await cleanUp();
      throw err;
    }
  });

  afterAll(async () => {
    if (timings.length > 0) console.log(`pupil e2e timings:\n${timings.map(([s, ms]) => `  ${s}: ${(ms / 1000).toFixed(2)} s`).join('\n')}`);
    await cleanUp();
  });

  it('the two seats are Ava (a pupil) and Priya in the same tenant, with the same bot', () => {
    expect(ava.config.currentUser.name).toBe('Ava Brown');
    expect(ava.config.currentUser.aadObjectId).toBe(AVA_AAD);
    expect(priya.config.currentUser.name).toBe('Priya Shah');
    expect(ava.config.bot).toEqual(priya.config.bot);
    expect(tenantOf(PUPIL_CONFIG)).toBe(TENANT_ID);
    expect(tenantOf(DSL_CONFIG)).toBe(TENANT_ID);
    expect(priya.config.teams.flatMap((t) => t.channels)).toContainEqual(expect.objectContaining({ id: SAFEGUARDING_ID, name: 'Safeguarding' }));
    expect(stack!.seat('pupil').url).not.toBe(stack!.seat('dsl').url);
  });

  it('Priya opens the Safeguarding channel, and the bot hears from it', { timeout: 30_000 }, async () => {
    onFailure('channel');
    // each page has said hello from its personal chat on loading: the bot can reach both people 1:1
    await ava.waitForLogLine(/-> User Application installationUpdate 200/, { timeoutMs: 15_000 });
    await priya.waitForLogLine(/-> User Application installationUpdate 200/, { timeoutMs: 15_000 });
    const before = (await priya.logLines(/-> User Application installationUpdate/)).length;
    await timed('Priya opens Safeguarding', async () => {
      await priya.selectChannel('Safeguarding');
      // the first visit to a channel installs the app there: the bot has seen that channel's serviceUrl once this is logged
      await priya.waitForLogLine(/-> User Application installationUpdate 200/, { after: before, timeoutMs: 15_000 });
    });
    expect(await priya.activeConversation()).toBe('Oakfield Staff - Safeguarding');
  });

  it('Ava says hello in her personal chat and gets the pupils\' welcome card, not the staff one', { timeout: 30_000 }, async () => {
    onFailure('welcome');
    await ava.selectPersonalChat();
    // opening the chat sent a welcome: wait for it, so it is not taken for the reply
    await ava.waitForBotMessage((t) => t.includes("I'm worried"), { timeoutMs: 15_000 });
    await ava.waitForQuiet();
    await ava.sendMessage('hello');
    const welcome = await timed('hello -> welcome card', () => ava.waitForBotMessage((t) => t.includes('"I\'m worried" helper')));
    const text = await ava.messageText(welcome);
    expect(text).toContain('Hello!');
    expect(text).toContain('This is Oakfield Primary School\'s "I\'m worried" helper.');
    expect(text).toContain('If you are in danger right now, tell an adult near you or call 999.');
    await expect.poll(() => welcome.getByRole('button', { name: "I'm worried", exact: true }).isVisible()).toBe(true);
    // as a person reads it before tapping: a tap on a card the moment it shows can land on the welcome
    // card above it (seen once: the first welcome card was replaced, not the one tapped)
    await ava.waitForQuiet();
    // no staff words anywhere in a pupil's chat
    const all = (await ava.messages().allInnerTexts()).join('\n');
    expect(all).not.toContain('Report a concern');
    expect(all).not.toContain('designated safeguarding lead');
  });

  it('Ava taps "I\'m worried", what happened and Send, writes a few words, and is thanked: three taps', { timeout: 45_000 }, async () => {
    onFailure('worried');
    const start = performance.now();
    await tap('"I\'m worried" on the welcome card', () => ava.clickCardButton("I'm worried"));
    const form = await timed('tap 1 -> worried card', () =>
      ava.waitForCard(/Tell us what happened\. Tap the one that fits best\./).catch(async (err: Error) => {
        // the Playground once put the answer in place of the first welcome card, not the one tapped
        const cards = (await ava.page.locator('.ac-adaptiveCard').allInnerTexts()).map((t) => t.split('\n')[0]);
        throw new Error(`${err.message}\n(the cards in Ava's chat, oldest first, begin: ${JSON.stringify(cards)})`);
      }),
    );
    expect(form).toContain(CHOICE);
    expect(form).toContain('Tell us in your own words. You can skip this.');
    expect(form).toContain('If you are in danger right now, tell an adult near you or call 999.');
    // a child is never asked to send pictures or screenshots of what happened
    expect(form).not.toMatch(/screenshot|upload|attach|send (us )?(a |the )?(picture|photo)/i);

    await tap(`"${CHOICE}"`, () => ava.chooseOnCard(new RegExp(`${escapeRegExp(CHOICE)}$`)));
    await ava.fillOnCard('Tell us in your own words', WORDS);
    await expect.poll(() => ava.latestCard().getByRole('radio', { name: new RegExp(`${escapeRegExp(CHOICE)}$`) }).isChecked()).toBe(true);
    await shoot(avaPage, 'e2e-pupil-1-worried-card');

    await tap('Send', () => ava.clickCardButton('Send'));
    const thanks = await timed('tap 3 -> thank-you card', () => ava.waitForCard(/Thank you for telling us/, { timeoutMs: 15_000 }));
    timings.push(['welcome card -> thank-you card (3 taps, typing included)', performance.now() - start]);
    expect(thanks).toContain('Thank you for telling us');
    expect(thanks).toContain('You did the right thing telling us.');
    expect(thanks).toContain('Priya or another adult you trust will talk to you soon.');
    expect(thanks).toContain('Please do not delete or send on any messages or pictures.');
    // the child is told nothing of the case: no reference, no severity
    expect(thanks).not.toMatch(/OS-\d{4}-\d{4}|Grooming|High/);
    expect(taps, taps.join(', ')).toHaveLength(TAP_TARGET);
    await shoot(avaPage, 'e2e-pupil-2-thank-you');
  });

  it('the case card appears in Priya\'s Safeguarding channel: High, Grooming, "a pupil", and no name or words', { timeout: 30_000 }, async () => {
    onFailure('channel-card');
    const thread = await timed('card reaches the channel', () => priya.waitForChannelThread(/Online-safety case OS-\d{4}-\d{4}/, { timeoutMs: 20_000 }));
    const text = await priya.cardIn(thread).innerText();
    reference = /OS-\d{4}-\d{4}/.exec(text)![0];
    expect(reference).toBe('OS-2026-0001');
    expect(text).toContain('Severity: High');
    expect(text).toContain('Grooming');
    expect(text).toContain('by a pupil');
    expect(text).toContain('Waiting for a decision');
    for (const secret of SECRETS) expect(text, `the channel card shows "${secret}"`).not.toContain(secret);
    await expect.poll(() => thread.getByRole('button', { name: 'Open case', exact: true }).isVisible()).toBe(true);
    // the card came in through Priya's Playground, as a new post, and never through Ava's
    const created = await priya.logRequests(/-> Microsoft 365 Agents Playground createConversation 201/);
    expect(created).toHaveLength(1);
    expect(await ava.logLines(/createConversation/)).toEqual([]);
    // nothing the bot sent (hidden card data included) names the child or carries her words
    const sent = JSON.stringify(created[0]);
    expect(sent).toContain(SAFEGUARDING_ID);
    for (const secret of [...SECRETS, AVA_AAD]) expect(sent, `the channel post carries "${secret}"`).not.toContain(secret);
    await shoot(priyaPage, 'e2e-pupil-3-channel-card');
  });

  it('Priya is told first, in her personal chat, with Ava\'s words exactly as written', { timeout: 30_000 }, async () => {
    onFailure('dsl-notice');
    expect(reference).not.toBe('');
    await priya.selectPersonalChat();
    const notice = await timed('DSL notice shows in Priya\'s chat', () =>
      priya.waitForBotMessage((t) => t.includes(`A pupil is worried: case ${reference}`), { timeoutMs: 20_000 }),
    );
    const text = await priya.messageText(notice);
    expect(text).toContain(`A pupil is worried: case ${reference}`);
    expect(text).toContain('Grooming');
    expect(text).toContain('High');
    // 1:1, the DSL reads the child's own words, verbatim
    expect(text).toContain(WORDS);
    await shoot(priyaPage, 'e2e-pupil-4-priya-told');
    // Ava is told nothing more yet: nobody has decided
    await ava.waitForQuiet();
    expect((await ava.messages().allInnerTexts()).join('\n')).not.toContain(reference);
  });
});
