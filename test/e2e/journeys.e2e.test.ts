// end to end, issue 14's judged journeys (its "How it will be judged"), as a new user would try them:
// the built bot in local mode and THREE Agents Playgrounds pointed at it, one playing Ava Brown (a
// pupil, playground/pupil.yml), one Sam Taylor (a teacher, the staff seat), one Priya Shah (the DSL,
// playground/dsl.yml).
//   1. Ava types "a man on roblox keeps asking for pictures of me"; with two taps Priya has it 1:1, word for word.
//   2. Sam answers "Yes, a child is in danger": Priya's alert arrives in her Playground before his next screen.
//   3. Sam files the common grooming report in at most 3 screens and under 8 clicks; it reaches Priya.
//   4. A click on a stale card changes nothing.
//   5. Priya's `cases` lists what is open, most urgent first.
// What a person does is counted as they do it: a tap or click is any press, pick or tick (the Playground's
// "Send Message" included); typing is not a click. A screen is a card the person has to act on.
//
// Priya opens the Safeguarding channel first (the bot reaches a channel through the serviceUrl last seen
// there), then goes back to her personal chat, where the 1:1 messages are drawn as they arrive.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import { DATABASE_FILE } from '../../src/adapters/sqlite/database.js';
import type { PlaygroundDriver, PlaygroundLogItem } from './support/playground-driver.js';
import { QUESTIONS } from './support/report-steps.js';
import { openChannelAndWaitForBot, playgroundSeats, shoot } from './support/seats.js';

const PROFILE_PATH = join(repoRoot, 'profiles/example-school.yaml');
const PUPIL_CONFIG = join(repoRoot, 'playground/pupil.yml');
const STAFF_CONFIG = join(repoRoot, '.m365agentsplayground.yml');
const DSL_CONFIG = join(repoRoot, 'playground/dsl.yml');
const TENANT_ID = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const SAFEGUARDING_ID = '19:oakfield-safeguarding@thread.tacv2';

/** what Ava types, and what Priya must read exactly */
const AVA_WORDS = 'a man on roblox keeps asking for pictures of me';
const OFFER = 'Do you want me to send this to a grown-up who can help?';
const GROOMING = 'A pupil told me an adult online asked for pictures or to meet';
const BULLYING = 'Pupils being unkind online';
const DANGER_QUESTION = 'A child is in danger right now';
const ABOUT_QUESTION = 'What is it about?';
const SOURCE_LABEL = 'Does the danger come from an adult who works at or for the school?';
const SAFETY_HEADING = 'Act now: a child is in danger';
const STALE_NOTICE = 'That was an older card, so nothing was changed.';
const REFERENCE = /OS-\d{4}-\d{4}/;

const SCREENS_MAX = 3;
const CLICKS_UNDER = 8;
const TAPS_MAX = 2;

/** today in London, as the Playground shows a date input's value ("December 2, 2026") */
const londonToday = (): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/London', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date());

/** a Log Panel entry: Sam's Playground sending the bot a card click */
const isInvoke = (i: PlaygroundLogItem): boolean => i.from === 'Microsoft 365 Agents Playground' && i.activityName === 'invoke';
/** a Log Panel entry: the bot sending Priya's Playground the critical alert */
const isAlert = (i: PlaygroundLogItem): boolean =>
  i.from === 'User Application' && i.activityName === 'message' && i.request.includes('Urgent: critical case');

// ---- the bot's database, read-only (the bot keeps writing while the test reads) ---------------------

interface IncidentRow {
  reference: string;
  severity: string;
  status: string;
  reporter_kind: string;
  details: { description?: string; earlyAlert?: boolean; dangerNow?: boolean };
}

function withDb<T>(dataDir: string, f: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return f(db);
  } finally {
    db.close();
  }
}

const incidents = (dataDir: string): IncidentRow[] =>
  withDb(dataDir, (db) =>
    (
      db.prepare('SELECT reference, severity, status, reporter_kind, details FROM incidents ORDER BY reference').all() as (Omit<
        IncidentRow,
        'details'
      > & { details: string })[]
    ).map((r) => ({ ...r, details: JSON.parse(r.details) as IncidentRow['details'] })),
  );

/** the report draft the bot keeps for Sam's personal chat (its conversation state), or undefined */
const samsDraft = (dataDir: string): { flowId: string; step: string; answers: Record<string, unknown> } | undefined =>
  withDb(dataDir, (db) => {
    const rows = db.prepare("SELECT value FROM bot_state WHERE key LIKE '%personal-chat-sam%'").all() as { value: string }[];
    for (const r of rows) {
      const draft = (JSON.parse(r.value) as { reportDraft?: { flowId: string; step: string; answers: Record<string, unknown> } })
        .reportDraft;
      if (draft) return draft;
    }
    return undefined;
  });

/** the outbox rows (what the bot owes people) */
const outboxCount = (dataDir: string): number =>
  withDb(dataDir, (db) => (db.prepare('SELECT count(*) AS n FROM notifications').get() as { n: number }).n);

// ---- the bot's own log (pino JSON lines, prefixed "[bot] " by the stack) -----------------------------

interface BotEvent {
  at: number;
  event?: string;
  kind?: string;
  activityType?: string;
  msg?: string;
}

/**
 * the bot's log entries from the last one with this event on, once one matching `until` has been
 * written after it (the log is written as it goes; waits up to 10 s)
 */
async function botEventsAfter(logFile: string, event: string, until: (e: BotEvent) => boolean): Promise<BotEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const entries = readFileSync(logFile, 'utf8')
      .split('\n')
      .map((line) => line.slice(line.indexOf('{')))
      .flatMap((json) => {
        try {
          const e = JSON.parse(json) as Omit<BotEvent, 'at'> & { time?: string };
          return typeof e.time === 'string' ? [{ ...e, at: Date.parse(e.time) }] : [];
        } catch {
          return [];
        }
      });
    const from = entries.map((e) => e.event).lastIndexOf(event);
    const after = from >= 0 ? entries.slice(from) : [];
    if (after.some(until)) return after.slice(0, after.findIndex(until) + 1);
    if (Date.now() > deadline)
      throw new Error(
        `the bot's log has no ${event} followed by what was awaited; it ends:\n${entries
          .slice(-8)
          .map((e) => JSON.stringify(e))
          .join('\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// ---- when a page first showed something (the pages share the machine's clock) ---------------------

interface WatchWindow {
  __shownAt?: Record<string, number>;
  document: { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }>; body: unknown };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void; disconnect(): void };
}

/**
 * from now on, the page notes the time (Date.now(), in the page, the moment the DOM changes) at which
 * one of its Adaptive Cards first shows `text`; fails if one already does
 */
async function watchFor(page: Page, key: string, text: string): Promise<void> {
  const already = await page.evaluate(
    ([key, text]) => {
      const w = globalThis as unknown as WatchWindow;
      const shows = () => Array.from(w.document.querySelectorAll('.ac-adaptiveCard')).some((el) => (el.textContent ?? '').includes(text));
      if (shows()) return true;
      w.__shownAt = w.__shownAt ?? {};
      const seen = w.__shownAt;
      const observer = new w.MutationObserver(() => {
        if (seen[key] === undefined && shows()) {
          seen[key] = Date.now();
          observer.disconnect();
        }
      });
      observer.observe(w.document.body, { childList: true, subtree: true, characterData: true });
      return false;
    },
    [key, text] as const,
  );
  if (already) throw new Error(`a card already shows "${text}" before the watch began`);
}

/** the time the page first showed what watchFor(key) watched for (waits up to timeoutMs) */
async function shownAt(page: Page, key: string, timeoutMs = 20_000): Promise<number> {
  const handle = await page.waitForFunction((k) => (globalThis as unknown as WatchWindow).__shownAt?.[k], key, { timeout: timeoutMs });
  return (await handle.jsonValue()) as number;
}

describe("issue 14's judged journeys in three Playgrounds: Ava, Sam and Priya", () => {
  const seats = playgroundSeats({
    name: 'journeys',
    seats: [
      { name: 'pupil', person: 'Ava', config: PUPIL_CONFIG },
      { name: 'staff', person: 'Sam', config: STAFF_CONFIG },
      { name: 'dsl', person: 'Priya', config: DSL_CONFIG },
    ],
    botEnv: { SCHOOL_PROFILE: PROFILE_PATH },
    // three Playgrounds and three pages on two cores: the UI has taken 30 s to load here
    openTimeoutMs: 90_000,
  });
  const { timed, onFailure } = seats;
  let ava: PlaygroundDriver;
  let sam: PlaygroundDriver;
  let priya: PlaygroundDriver;
  beforeAll(() => {
    ava = seats.driver('pupil');
    sam = seats.driver('staff');
    priya = seats.driver('dsl');
  });
  const dataDir = () => seats.stack.dataDir;
  /** the references of the journeys, as the bot gave them */
  const refs = { ava: '', danger: '', grooming: '' };
  /** what each journey measured, printed after all */
  const figures: string[] = [];

  /** Sam's clicks and screens in one report, each named as he does it */
  class Counter {
    readonly clicks: string[] = [];
    readonly screens: string[] = [];
    screen(name: string): void {
      this.screens.push(name);
    }
    async click(what: string, f: () => Promise<void>): Promise<void> {
      this.clicks.push(what);
      await f();
    }
  }

  /** Sam types `report` in his chat; returns the step-1 card's message */
  const samTypesReport = async (): Promise<Locator> => {
    await sam.sendMessage('report');
    const message = await sam.waitForBotMessage((t) => t.includes('Is a child in danger right now?'), { timeoutMs: 15_000 });
    expect(await sam.messageText(message)).toMatch(/Report a concern: step 1 of \d/);
    return message;
  };

  it('the seats are Ava (a pupil), Sam (a teacher) and Priya (the DSL), in one tenant with the same bot', () => {
    expect(ava.config.currentUser.name).toBe('Ava Brown');
    expect(sam.config.currentUser.name).toBe('Sam Taylor');
    expect(priya.config.currentUser.name).toBe('Priya Shah');
    seats.expectSameTenantAndBot(TENANT_ID);
    expect(priya.config.teams.flatMap((t) => t.channels)).toContainEqual(
      expect.objectContaining({ id: SAFEGUARDING_ID, name: 'Safeguarding' }),
    );
  });

  it(
    'everyone says hello; Priya opens the Safeguarding channel, then her personal chat; Ava and Sam open theirs',
    { timeout: 60_000 },
    async () => {
      onFailure('setup');
      await seats.allSaidHello();
      await timed('Priya opens Safeguarding', () => openChannelAndWaitForBot(priya, 'Safeguarding'));
      for (const d of [ava, sam, priya]) {
        await d.selectPersonalChat();
        // opening a chat brings the welcome (and any reminders): wait until it has all arrived
        await d.waitForQuiet({ timeoutMs: 15_000 });
      }
      expect(incidents(dataDir())).toEqual([]);
    },
  );

  it(`1. Ava types "${AVA_WORDS}": with two taps Priya has it 1:1, word for word`, { timeout: 60_000 }, async () => {
    onFailure('1-disclosure');
    const taps: string[] = [];
    // typing is not a tap; sending it is
    taps.push('"Send Message" under her typed words');
    await ava.sendMessage(AVA_WORDS);
    const offerMessage = await timed('Ava types -> offer card', () =>
      ava.waitForBotMessage((t) => t.includes(OFFER), { timeoutMs: 15_000 }),
    );
    const offer = await ava.messageText(offerMessage);
    expect(offer).toContain('You are not in trouble.');
    expect(offer).toContain(AVA_WORDS);
    expect(offer).not.toMatch(/did not understand/i);
    await expect.poll(() => offerMessage.getByRole('button', { name: 'Send', exact: true }).isVisible()).toBe(true);
    await expect.poll(() => offerMessage.getByRole('button', { name: 'No thanks', exact: true }).isVisible()).toBe(true);
    // nothing is recorded (so nothing is owed to anyone) before she chooses
    expect(incidents(dataDir())).toEqual([]);
    await shoot(ava.page, 'e2e-journeys-1a-ava-offer');

    await watchFor(priya.page, 'ava', AVA_WORDS);
    taps.push('Send on the offer card');
    const sentAt = Date.now();
    await ava.clickButtonIn(offerMessage, 'Send');
    const thanks = await timed('Send -> thank-you card', async () => {
      await expect.poll(() => ava.messageText(offerMessage), { timeout: 15_000 }).toContain('You did the right thing telling us.');
      return ava.messageText(offerMessage);
    });
    expect(thanks).toContain('Mrs Shah or another adult you trust will talk to you soon.');
    expect(thanks).not.toMatch(REFERENCE);
    await shoot(ava.page, 'e2e-journeys-1b-ava-thanks');

    // Priya's 1:1 chat: the card with Ava's words, exactly as typed
    const notice = await timed("Ava's words show in Priya's 1:1", () =>
      priya.waitForBotMessage((t) => t.includes('A pupil is worried: case') && t.includes(AVA_WORDS), { timeoutMs: 20_000 }),
    );
    const shown = await shownAt(priya.page, 'ava');
    const text = await priya.messageText(notice);
    refs.ava = REFERENCE.exec(text)![0];
    // word for word: the card's text holds her sentence as a line of its own, same case, nothing added
    expect(text.split('\n').map((l) => l.trim())).toContain(AVA_WORDS);
    await expect.poll(() => priya.cardIn(notice).getByRole('button', { name: 'Acknowledge', exact: true }).isVisible()).toBe(true);
    // and as the bot sent it (what the Playground received, before any drawing)
    const sent = (await priya.logRequests(/User Application -> Microsoft 365 Agents Playground message 20\d/, { last: 3 })).filter((a) =>
      JSON.stringify(a).includes(refs.ava),
    );
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(sent)).toContain(JSON.stringify(AVA_WORDS).slice(1, -1));
    await shoot(priya.page, 'e2e-journeys-1c-priya-has-it');

    const [record] = incidents(dataDir());
    expect(record).toMatchObject({ reference: refs.ava, reporter_kind: 'pupil', details: { description: AVA_WORDS } });
    expect(taps.length, taps.join(', ')).toBeLessThanOrEqual(TAPS_MAX);
    figures.push(
      `1. Ava: ${taps.length} taps (${taps.join('; ')}); from her Send to her words on Priya's screen ${shown - sentAt} ms; case ${refs.ava} (${record!.severity})`,
    );
  });

  it(
    '2. Sam answers "Yes, a child is in danger": Priya\'s alert arrives in her Playground before his next screen',
    { timeout: 90_000 },
    async () => {
      onFailure('2-danger');
      const count = new Counter();
      const step1 = await samTypesReport();
      count.screen('step 1 (in danger now? what is it about?)');
      const card1 = sam.cardIn(step1);
      await count.click(`"${DANGER_QUESTION}": Yes`, () => sam.chooseUnderQuestion(DANGER_QUESTION, 'Yes', 'radio', card1));
      await count.click(`"${ABOUT_QUESTION}": ${GROOMING}`, () => sam.chooseUnderQuestion(ABOUT_QUESTION, GROOMING, 'radio', card1));
      // nothing has gone to anyone yet: the one question about where the danger comes from is first
      const before = outboxCount(dataDir());
      await count.click('Next', () => sam.clickButtonIn(step1, 'Next'));
      await timed('Yes + Next -> "Does the danger come from someone at the school?"', () =>
        sam.waitForCard((t) => t.includes('Does the danger come from someone at the school?'), { timeoutMs: 15_000 }),
      );
      count.screen('Does the danger come from someone at the school?');
      expect(
        await priya
          .messages()
          .allInnerTexts()
          .then((m) => m.join('\n')),
      ).not.toContain('Urgent: critical case');
      expect(incidents(dataDir()).filter((r) => r.severity === 'critical')).toEqual([]);
      expect(outboxCount(dataDir())).toBe(before);
      await shoot(sam.page, 'e2e-journeys-2a-sam-danger-source');

      // a searchable list: a click to open it, then one on "No" (the test types "No" in it to find it)
      count.clicks.push('open the searchable list');
      await count.click('"No"', () => sam.pickFromList(SOURCE_LABEL, 'No', 'No'));
      await expect
        .poll(() => sam.latestCard().getByRole('button', { name: 'Alert the safeguarding leads now', exact: true }).isVisible())
        .toBe(true);
      // from here on, each page notes the moment it shows its card
      await watchFor(priya.page, 'alert', 'Urgent: critical case OS-');
      await watchFor(sam.page, 'safety', SAFETY_HEADING);
      const samInvokes = sam.logItems(isInvoke).length;
      const clickedAt = Date.now();
      await count.click('Alert the safeguarding leads now', () => sam.clickCardButton('Alert the safeguarding leads now'));
      const [alertShown, safetyShown] = await timed('Alert the safeguarding leads now -> both cards shown', () =>
        Promise.all([shownAt(priya.page, 'alert'), shownAt(sam.page, 'safety')]),
      );
      count.screen(SAFETY_HEADING);
      // the Log Panels, with their servers' ms times: when Priya's Playground took the bot's alert, and
      // when Sam's sent his click (its entry reaches his page once the bot has answered)
      await expect.poll(() => sam.logItems(isInvoke).length, { timeout: 10_000 }).toBeGreaterThan(samInvokes);
      await expect.poll(() => priya.logItems(isAlert).length, { timeout: 10_000 }).toBeGreaterThan(0);
      const invoke = sam.logItems(isInvoke)[samInvokes]!;
      const alertIn = priya.logItems(isAlert)[0]!;
      const at = (t: number) => `${t - clickedAt >= 0 ? '+' : ''}${t - clickedAt} ms`;
      const order =
        `from the click on "Alert the safeguarding leads now": ` +
        `Sam's Playground sent the invoke at ${at(invoke.timestamp)} (Log Panel), its answer was on his screen at ${at(safetyShown)}; ` +
        `Priya's Playground took the alert at ${at(alertIn.timestamp)} (Log Panel), on her screen at ${at(alertShown)}`;
      // and the bot's own log: when it answered Sam's click, when it sent the alert to a chat
      // from the case being opened to the bot answering Sam's click (the alert must be sent in between)
      const bot = await botEventsAfter(seats.stack.logs.bot, 'danger-alert', (e) => e.activityType === 'invoke');
      const answered = bot.find((e) => e.activityType === 'invoke');
      const alertSent = bot.find((e) => e.event === 'notification-sent' && e.kind === 'routed');
      const botOrder =
        `the bot's log: danger-alert recorded at ${at(bot[0]!.at)}, Sam's invoke answered at ${answered ? at(answered.at) : '?'}, ` +
        `the 1:1 alert sent at ${alertSent ? at(alertSent.at) : '?'} (${bot.map((e) => `${e.event ?? e.msg}${e.kind ? ` ${e.kind}` : ''} ${at(e.at)}`).join(', ')})`;
      figures.push(`2. danger: ${order}\n   ${botOrder}`);
      console.log(`${order}\n${botOrder}`);

      const alert = await priya.waitForBotMessage((t) => t.includes('Urgent: critical case OS-'), { timeoutMs: 5_000 });
      const alertText = await priya.messageText(alert);
      refs.danger = REFERENCE.exec(alertText)![0];
      await shoot(priya.page, 'e2e-journeys-2b-priya-alert');
      const safety = await sam.latestCardText();
      expect(safety).toContain(SAFETY_HEADING);
      expect(safety).toContain('Call 999 now');
      expect(safety).toContain('Priya Shah');
      await shoot(sam.page, 'e2e-journeys-2c-sam-safety');
      // the early alert tells who is reporting and that a child is in danger now: no child, no detail
      expect(alertText).toContain('Critical');
      expect(alertText).not.toContain('Ava');
      await expect.poll(() => priya.cardIn(alert).getByRole('button', { name: 'Acknowledge', exact: true }).isVisible()).toBe(true);
      await expect.poll(() => priya.cardIn(alert).getByRole('button', { name: 'Open case', exact: true }).isVisible()).toBe(true);

      figures.push(`   Sam to the alert: ${count.screens.length} screens, ${count.clicks.length} clicks (${count.clicks.join('; ')})`);
      // the order: Priya's alert had arrived in her Playground before Sam's next screen was on his. On
      // screens the two are a few tens of ms apart, so a race could pass by luck: the bot's own order is
      // held too (the alert on its way to her before Sam's click is answered), which is what makes it so
      expect(
        alertSent && answered && alertSent.at <= answered.at,
        `the bot answered Sam's click before it sent the alert: ${botOrder}`,
      ).toBe(true);
      expect(alertIn.timestamp, `Priya's alert arrived after Sam's next screen: ${order}; ${botOrder}`).toBeLessThanOrEqual(safetyShown);
    },
  );

  it("2b. Sam finishes that report: it joins the alert's case, and Priya is not alerted twice", { timeout: 60_000 }, async () => {
    onFailure('2b-finish');
    expect(refs.danger).not.toBe('');
    const urgent = async () => (await priya.messages().allInnerTexts()).filter((m) => m.includes('Urgent: critical case')).length;
    const alertsBefore = await urgent();
    await sam.clickCardButton('Continue the report');
    const details = await sam.waitForCard(/The details/, { timeoutMs: 15_000 });
    expect(details).toContain(QUESTIONS.illegal);
    await sam.chooseUnderQuestion(QUESTIONS.illegal, 'Not sure');
    await sam.chooseUnderQuestion(QUESTIONS.outside, 'Yes');
    await sam.fillOnCard('What happened, in your own words', 'Ava says the man from Roblox is outside the school gate now.');
    await sam.clickCardButton('Next');
    const review = await sam.waitForCard(/Check and send/, { timeoutMs: 15_000 });
    expect(review).toContain('A child in danger now');
    await sam.clickCardButton('Submit');
    const sent = await timed('danger report submitted', () => sam.waitForCard(REFERENCE, { timeoutMs: 15_000 }));
    expect(REFERENCE.exec(sent)![0]).toBe(refs.danger);
    const critical = incidents(dataDir()).filter((r) => r.severity === 'critical');
    expect(critical).toHaveLength(1);
    expect(critical[0]!.details.description).toBe('Ava says the man from Roblox is outside the school gate now.');
    await priya.waitForQuiet();
    expect(await urgent()).toBe(alertsBefore);
  });

  it(
    `3. Sam files the common grooming report: at most ${SCREENS_MAX} screens and under ${CLICKS_UNDER} clicks, and it reaches Priya`,
    { timeout: 90_000 },
    async () => {
      onFailure('3-grooming');
      const count = new Counter();
      const description = 'Ava told me a man on Roblox keeps asking her for pictures and wants to meet her.';
      const start = performance.now();
      const step1 = await samTypesReport();
      count.screen('step 1 (in danger now? what is it about?)');
      await count.click(`"${DANGER_QUESTION}": No`, () => sam.chooseUnderQuestion(DANGER_QUESTION, 'No', 'radio', sam.cardIn(step1)));
      await count.click(`"${ABOUT_QUESTION}": ${GROOMING}`, () =>
        sam.chooseUnderQuestion(ABOUT_QUESTION, GROOMING, 'radio', sam.cardIn(step1)),
      );
      await count.click('Next', () => sam.clickButtonIn(step1, 'Next'));

      const details = await sam.waitForCard(/The details/, { timeoutMs: 15_000 });
      count.screen('The details');
      expect(details).toMatch(/step 2 of 3/);
      expect(details).toContain(QUESTIONS.illegal);
      expect(details).toContain(QUESTIONS.outside);
      // today's date is already there
      expect(await sam.latestCard().getByLabel('When did it happen', { exact: false }).first().inputValue()).toBe(londonToday());
      await count.click(`"${QUESTIONS.illegal}": Not sure`, () => sam.chooseUnderQuestion(QUESTIONS.illegal, 'Not sure'));
      await count.click(`"${QUESTIONS.outside}": Yes`, () => sam.chooseUnderQuestion(QUESTIONS.outside, 'Yes'));
      const typed = ['What happened, in your own words'];
      await sam.fillOnCard(typed[0]!, description);
      await shoot(sam.page, 'e2e-journeys-3a-sam-details');
      await count.click('Next', () => sam.clickCardButton('Next'));

      const review = await sam.waitForCard(/Check and send/, { timeoutMs: 15_000 });
      count.screen('Check and send');
      expect(review).toMatch(/step 3 of 3/);
      // his own answers, as he gave them
      expect(review).toContain('Your answers');
      expect(review).toContain(GROOMING);
      expect(review).toContain(description);
      expect(review).toContain('Not sure');
      expect(review).toContain('Priya Shah');
      await shoot(sam.page, 'e2e-journeys-3b-sam-check-and-send');
      await count.click('Submit', () => sam.clickCardButton('Submit'));
      const sent = await timed('grooming: Submit -> reference', () =>
        sam.waitForCard(/Report sent: OS-\d{4}-\d{4}/, { timeoutMs: 15_000 }),
      );
      refs.grooming = REFERENCE.exec(sent)![0];
      const ms = performance.now() - start;
      await shoot(sam.page, 'e2e-journeys-3c-sam-reference');

      expect(count.screens.length, count.screens.join(' / ')).toBeLessThanOrEqual(SCREENS_MAX);
      expect(count.clicks.length, count.clicks.join('; ')).toBeLessThan(CLICKS_UNDER);
      figures.push(
        `3. grooming: ${count.screens.length} screens (${count.screens.join(' / ')}), ${count.clicks.length} clicks (${count.clicks.join('; ')}), ` +
          `${typed.length} typed field (the date prefilled), ${(ms / 1000).toFixed(1)} s from "report" to ${refs.grooming}`,
      );
      const record = incidents(dataDir()).find((r) => r.reference === refs.grooming);
      expect(record).toMatchObject({ severity: 'high', reporter_kind: 'staff', details: { description } });

      // it reaches Priya: the case card in the Safeguarding channel she opened
      await priya.selectChannel('Safeguarding');
      const thread = await timed('grooming card reaches the channel', () =>
        priya.waitForChannelThread(`Online-safety case ${refs.grooming}`, { timeoutMs: 20_000 }),
      );
      const card = await priya.cardIn(thread).innerText();
      expect(card).toContain('Grooming');
      expect(card).toContain('Waiting for a decision');
      for (const secret of ['Ava', 'Roblox', description]) expect(card, `the channel card shows "${secret}"`).not.toContain(secret);
      await shoot(priya.page, 'e2e-journeys-3d-priya-channel-card');
      // no channel post (hidden card data included) carries Ava's words or name, nor Sam's details
      const posts = JSON.stringify(await priya.logRequests(/-> Microsoft 365 Agents Playground createConversation 201/));
      for (const secret of [AVA_WORDS, 'roblox', 'Roblox', 'Ava', 'Brown', description])
        expect(posts, `a channel post carries "${secret}"`).not.toContain(secret);
      await priya.selectPersonalChat();
    },
  );

  it(
    '4. a click on a stale card changes nothing: report twice, move on with the newer card, Next on the older one',
    { timeout: 60_000 },
    async () => {
      onFailure('4-stale');
      const older = await samTypesReport();
      const newer = await samTypesReport();
      const olderCard = sam.cardIn(older);
      const newerCard = sam.cardIn(newer);
      // two step-1 cards, one draft
      expect(await olderCard.innerText()).toContain('Is a child in danger right now?');
      const draft = samsDraft(dataDir());
      expect(draft?.step).toBe('danger');

      await sam.chooseUnderQuestion(DANGER_QUESTION, 'No', 'radio', newerCard);
      await sam.chooseUnderQuestion(ABOUT_QUESTION, BULLYING, 'radio', newerCard);
      await sam.clickButtonIn(newer, 'Next');
      await expect.poll(() => sam.messageText(newer), { timeout: 15_000 }).toContain('The details');
      const moved = samsDraft(dataDir());
      expect(moved).toMatchObject({ flowId: draft!.flowId, step: 'details', answers: { preset: 'bullying' } });
      expect(moved!.answers.immediateRisk).not.toBe(true);

      const stored = incidents(dataDir());
      const owed = outboxCount(dataDir());
      const urgent = (await priya.messages().allInnerTexts()).filter((m) => m.includes('Urgent: critical case')).length;
      let outcome: string;
      if ((await olderCard.innerText()).includes('Is a child in danger right now?')) {
        // on the older card: "Yes, a child is in danger" and Next
        await sam.chooseUnderQuestion(DANGER_QUESTION, 'Yes', 'radio', olderCard);
        await sam.chooseUnderQuestion(ABOUT_QUESTION, GROOMING, 'radio', olderCard);
        await sam.clickButtonIn(older, 'Next');
        await expect.poll(() => sam.messageText(older), { timeout: 15_000 }).toContain(STALE_NOTICE);
        const reply = await sam.messageText(older);
        // it says so and shows the current step (the details of the bullying report), not the next one
        expect(reply).toContain('The details');
        expect(reply).not.toContain('Does the danger come from someone at the school?');
        expect(reply).not.toContain(SAFETY_HEADING);
        outcome = `the older card answered "${STALE_NOTICE}" and showed "The details"`;
      } else {
        // the Playground sometimes refreshes the older card itself (Universal Actions refresh): it then
        // already shows the current step, so no click on it can act as step 1 (the stale click itself is
        // covered in test/bot/report-fast-path.test.ts)
        const refreshed = await olderCard.innerText();
        expect(refreshed).toContain('The details');
        expect(refreshed).not.toContain('Is a child in danger right now?');
        outcome = 'the Playground refreshed the older card to the current step ("The details") before it could be pressed';
      }
      await shoot(sam.page, 'e2e-journeys-4-sam-stale');
      // nothing stored: no case, nothing owed to anyone, the draft as the newer card left it
      expect(incidents(dataDir())).toEqual(stored);
      expect(outboxCount(dataDir())).toBe(owed);
      expect(samsDraft(dataDir())).toEqual(moved);
      await priya.waitForQuiet();
      expect((await priya.messages().allInnerTexts()).filter((m) => m.includes('Urgent: critical case'))).toHaveLength(urgent);
      figures.push(`4. stale: ${outcome}; the draft, the cases and the outbox unchanged`);
    },
  );

  it('5. Priya types `cases`: what is open, the references from the journeys above, most urgent first', { timeout: 45_000 }, async () => {
    onFailure('5-cases');
    for (const r of Object.values(refs)) expect(r, 'a journey above did not give its reference').not.toBe('');
    await priya.selectPersonalChat();
    await priya.waitForQuiet();
    await priya.sendMessage('cases');
    const list = await timed('cases -> list', () => priya.waitForBotMessage((t) => t.includes('Your open cases'), { timeoutMs: 15_000 }));
    const text = await priya.messageText(list);
    await shoot(priya.page, 'e2e-journeys-5-priya-cases', true);
    const shown = [...text.matchAll(/(OS-\d{4}-\d{4}): (\w+)/g)].map((m) => ({ reference: m[1]!, severity: m[2]! }));
    const open = incidents(dataDir()).filter((r) => r.status !== 'closed');
    expect(text).toContain(`Your open cases (${open.length})`);
    expect(shown.map((s) => s.reference).sort()).toEqual(open.map((r) => r.reference).sort());
    for (const r of Object.values(refs)) expect(shown.map((s) => s.reference)).toContain(r);
    // most urgent first: the critical danger case, then by severity
    const rank: Record<string, number> = { Critical: 0, High: 1, Medium: 2, Low: 3 };
    expect(shown[0]!.reference).toBe(refs.danger);
    const ranks = shown.map((s) => rank[s.severity] ?? 9);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    await expect.poll(() => list.getByRole('button', { name: /^Open/ }).count()).toBe(shown.length);
    figures.push(`5. cases: ${shown.map((s) => `${s.reference} ${s.severity}`).join(', ')}`);
    console.log(`journeys e2e figures:\n${figures.map((f) => `  ${f}`).join('\n')}`);
  });
});
