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
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import type { PlaygroundDriver } from './support/playground-driver.js';
import { openChannelAndWaitForBot, playgroundSeats, shoot } from './support/seats.js';

const PROFILE_PATH = join(repoRoot, 'profiles/example-school.yaml');
const PUPIL_CONFIG = join(repoRoot, 'playground/pupil.yml');
const DSL_CONFIG = join(repoRoot, 'playground/dsl.yml');
const SAFEGUARDING_ID = '19:oakfield-safeguarding@thread.tacv2';
const TENANT_ID = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const AVA_AAD = 'a1b2c3d4-0000-4000-8000-000000000006';

/** the choice a child taps: someone online told them to keep a secret (grooming, high severity, through the channel) */
const CHOICE = '🤫 Someone online told me to keep a secret';
/** what Ava writes in "Tell us in your own words" */
const WORDS = 'He said not to tell my mum';
/** the taps the issue allows from the welcome card to the thank-you card */
const TAP_TARGET = 3;
/** what must never reach the channel: the child's name and her words */
const SECRETS = ['Ava', 'Brown', WORDS, 'my mum'];

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('"I\'m worried" in two Playgrounds: Ava tells us in three taps, Priya is told first', () => {
  const seats = playgroundSeats({
    name: 'pupil',
    seats: [
      { name: 'pupil', person: 'Ava', config: PUPIL_CONFIG },
      { name: 'dsl', person: 'Priya', config: DSL_CONFIG },
    ],
    botEnv: { SCHOOL_PROFILE: PROFILE_PATH },
  });
  const { timed, onFailure } = seats;
  let ava: PlaygroundDriver;
  let priya: PlaygroundDriver;
  beforeAll(() => {
    ava = seats.driver('pupil');
    priya = seats.driver('dsl');
  });
  let reference = '';
  /** every tap (click, press, pick) Ava makes from the welcome card on; typing is not a tap */
  const taps: string[] = [];
  const tap = async (what: string, f: () => Promise<void>): Promise<void> => {
    taps.push(what);
    await f();
  };

  it('the two seats are Ava (a pupil) and Priya in the same tenant, with the same bot', () => {
    expect(ava.config.currentUser.name).toBe('Ava Brown');
    expect(ava.config.currentUser.aadObjectId).toBe(AVA_AAD);
    expect(priya.config.currentUser.name).toBe('Priya Shah');
    seats.expectSameTenantAndBot(TENANT_ID);
    expect(priya.config.teams.flatMap((t) => t.channels)).toContainEqual(
      expect.objectContaining({ id: SAFEGUARDING_ID, name: 'Safeguarding' }),
    );
  });

  it('Priya opens the Safeguarding channel, and the bot hears from it', { timeout: 30_000 }, async () => {
    onFailure('channel');
    await seats.allSaidHello();
    await timed('Priya opens Safeguarding', () => openChannelAndWaitForBot(priya, 'Safeguarding'));
    expect(await priya.activeConversation()).toBe('Oakfield Staff - Safeguarding');
  });

  it("Ava says hello in her personal chat and gets the pupils' welcome card, not the staff one", { timeout: 30_000 }, async () => {
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
    await expect
      .poll(() =>
        ava
          .latestCard()
          .getByRole('radio', { name: new RegExp(`${escapeRegExp(CHOICE)}$`) })
          .isChecked(),
      )
      .toBe(true);
    await shoot(ava.page, 'e2e-pupil-1-worried-card');

    await tap('Send', () => ava.clickCardButton('Send'));
    const thanks = await timed('tap 3 -> thank-you card', () => ava.waitForCard(/Thank you for telling us/, { timeoutMs: 15_000 }));
    seats.timings.push(['welcome card -> thank-you card (3 taps, typing included)', performance.now() - start]);
    expect(thanks).toContain('Thank you for telling us');
    expect(thanks).toContain('You did the right thing telling us.');
    expect(thanks).toContain('Mrs Shah or another adult you trust will talk to you soon.');
    expect(thanks).toContain('Please do not delete or send on any messages or pictures.');
    // the child is told nothing of the case: no reference, no severity
    expect(thanks).not.toMatch(/OS-\d{4}-\d{4}|Grooming|High/);
    expect(taps, taps.join(', ')).toHaveLength(TAP_TARGET);
    await shoot(ava.page, 'e2e-pupil-2-thank-you');
  });

  it(
    'the case card appears in Priya\'s Safeguarding channel: High, Grooming, "a pupil", and no name or words',
    { timeout: 30_000 },
    async () => {
      onFailure('channel-card');
      const thread = await timed('card reaches the channel', () =>
        priya.waitForChannelThread(/Online-safety case OS-\d{4}-\d{4}/, { timeoutMs: 20_000 }),
      );
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
      await shoot(priya.page, 'e2e-pupil-3-channel-card');
    },
  );

  it("Priya is told first, in her personal chat, with Ava's words exactly as written", { timeout: 30_000 }, async () => {
    onFailure('dsl-notice');
    expect(reference).not.toBe('');
    await priya.selectPersonalChat();
    const notice = await timed("DSL notice shows in Priya's chat", () =>
      priya.waitForBotMessage((t) => t.includes(`A pupil is worried: case ${reference}`), { timeoutMs: 20_000 }),
    );
    const text = await priya.messageText(notice);
    expect(text).toContain(`A pupil is worried: case ${reference}`);
    expect(text).toContain('Grooming');
    expect(text).toContain('High');
    // 1:1, the DSL reads the child's own words, verbatim
    expect(text).toContain(WORDS);
    await shoot(priya.page, 'e2e-pupil-4-priya-told');
    // Ava is told nothing more yet: nobody has decided
    await ava.waitForQuiet();
    expect((await ava.messages().allInnerTexts()).join('\n')).not.toContain(reference);
  });
});
