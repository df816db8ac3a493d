// end to end, the governors' termly digest with two people at once: the built bot in local mode and TWO
// Agents Playgrounds pointed at it, one playing David Rees (chair of governors, playground/governor.yml,
// whose team has the Governors channel), one Priya Shah (the DSL, playground/dsl.yml), each in its own
// headless Chromium page. Priya types `digest` in her personal chat; the digest card (a chart and the
// figures, never a pupil's name) appears in David's Governors channel; he presses "I have read this" and
// his reading is recorded; Priya presses the same button on her copy and sees that David has read it.
//
// The bot reaches each Playground only through the serviceUrl it last saw from it, so David's page opens
// the Governors channel before Priya asks for the digest: the digest goes through the serviceUrl last
// seen in that channel, i.e. through David's Playground.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import { launchChromium, RESULTS_DIR, startLocalStack, type LocalStack } from './support/local-stack.js';
import { PlaygroundDriver } from './support/playground-driver.js';

const PROFILE_PATH = join(repoRoot, 'profiles/example-school.yaml');
const GOVERNOR_CONFIG = join(repoRoot, 'playground/governor.yml');
const DSL_CONFIG = join(repoRoot, 'playground/dsl.yml');
const TEAM_ID = '19:oakfield-staff@thread.tacv2';
const GOVERNORS_ID = '19:oakfield-governors@thread.tacv2';
const TENANT_ID = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const READ = 'I have read this';
/** the heading of the digest card, naming its term */
const HEADING = /Online safety: ([A-Z][a-z]+ \d{4})/;
/** pupils' names (in the seats' mock tenant and the example school): never on a card for governors */
const PUPIL_NAMES = ['Ava', 'Leo', 'Brown', 'Green'];

/** a Playground config's tenantId (its backend does not serve it back) */
function tenantOf(configPath: string): string | undefined {
  return /^tenantId:\s*"?([^"\s]+)"?\s*$/m.exec(readFileSync(configPath, 'utf8'))?.[1];
}

/** a screenshot of a page, never failing the test */
const shoot = (page: Page | undefined, name: string, fullPage = false) =>
  page?.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage }).catch(() => {});

describe("the governors' digest in two Playgrounds: Priya posts it, David reads it in the Governors channel", () => {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;
  let davidPage: Page | undefined;
  let priyaPage: Page | undefined;
  let david: PlaygroundDriver;
  let priya: PlaygroundDriver;
  /** the term the digest names, as Priya's copy shows it */
  let term = '';
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

  /** on a failure: both pages' screenshots and the ends of their Log Panels (every request to and from the bot) */
  const onFailure = (step: string) =>
    onTestFailed(async () => {
      await shoot(davidPage, `e2e-digest-${step}-failed-david`, true);
      await shoot(priyaPage, `e2e-digest-${step}-failed-priya`, true);
      for (const [who, d] of [['David', david], ['Priya', priya]] as const) {
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
          name: 'digest',
          seats: [{ name: 'governor', config: GOVERNOR_CONFIG }, { name: 'dsl', config: DSL_CONFIG }],
          botEnv: { SCHOOL_PROFILE: PROFILE_PATH },
        }),
      );
      // a context each: each page blocks the cloud on its own, and nothing is shared between them
      davidPage = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
      priyaPage = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
      [david, priya] = await timed('open both pages', () =>
        Promise.all([PlaygroundDriver.open(davidPage!, stack!.seat('governor').url), PlaygroundDriver.open(priyaPage!, stack!.seat('dsl').url)]),
      );
    } catch (err) {
      await cleanUp();
      throw err;
    }
  });

  afterAll(async () => {
    if (timings.length > 0) console.log(`digest e2e timings:\n${timings.map(([s, ms]) => `  ${s}: ${(ms / 1000).toFixed(2)} s`).join('\n')}`);
    await cleanUp();
  });

  it('the two seats are David and Priya in the same tenant, with the same bot and team, and David has the Governors channel', () => {
    expect(david.config.currentUser.name).toBe('David Rees');
    expect(david.config.currentUser.aadObjectId).toBe('a1b2c3d4-0000-4000-8000-000000000005');
    expect(priya.config.currentUser.name).toBe('Priya Shah');
    expect(priya.config.bot).toEqual(david.config.bot);
    expect(tenantOf(GOVERNOR_CONFIG)).toBe(TENANT_ID);
    expect(tenantOf(DSL_CONFIG)).toBe(TENANT_ID);
    for (const d of [david, priya]) expect(d.config.teams.find((t) => t.id === TEAM_ID)?.name).toBe('Oakfield Staff');
    const team = david.config.teams.find((t) => t.id === TEAM_ID);
    expect(team?.channels).toContainEqual(expect.objectContaining({ id: GOVERNORS_ID, name: 'Governors' }));
    expect(stack!.seat('governor').url).not.toBe(stack!.seat('dsl').url);
  });

  it('David opens the Governors channel, and the bot hears from it', { timeout: 30_000 }, async () => {
    onFailure('channel');
    // each page has said hello from its personal chat on loading: the bot can reach both people 1:1
    await david.waitForLogLine(/-> User Application installationUpdate 200/, { timeoutMs: 15_000 });
    await priya.waitForLogLine(/-> User Application installationUpdate 200/, { timeoutMs: 15_000 });
    const installs = (await david.logLines(/-> User Application installationUpdate/)).length;
    const updates = (await david.logLines(/-> User Application conversationUpdate/)).length;
    await timed('David opens Governors', async () => {
      await david.selectChannel('Governors');
      // the first visit to a channel installs the app there: the bot has seen that channel's serviceUrl once this is logged
      await david.waitForLogLine(/-> User Application installationUpdate 200/, { after: installs, timeoutMs: 15_000 });
      await david.waitForLogLine(/-> User Application conversationUpdate 200/, { after: updates, timeoutMs: 15_000 });
    });
    expect(await david.activeConversation()).toBe('Oakfield Staff - Governors');
  });

  it('Priya types digest in her personal chat and is told it was posted to the governors’ channel', { timeout: 45_000 }, async () => {
    onFailure('posted');
    expect(await priya.activeConversation()).toBe('Personal Chat');
    // the welcome card sent on opening the chat must not be taken for the reply
    await priya.waitForQuiet();
    await priya.sendMessage('digest');
    const reply = await timed('digest -> Priya\'s copy', () =>
      priya.waitForBotMessage((t) => t.includes('Posted to the governors’ channel'), { timeoutMs: 30_000 }),
    );
    const text = await priya.messageText(reply);
    term = HEADING.exec(text)?.[1] ?? '';
    expect(term, `Priya's copy names no term:\n${text.slice(0, 400)}`).not.toBe('');
    expect(text).toContain('Not read by any governor yet.');
    for (const name of PUPIL_NAMES) expect(text, `Priya's copy shows "${name}"`).not.toContain(name);
    await shoot(priyaPage, 'e2e-digest-1-priya-posted');
  });

  it('the digest card appears in David\'s Governors channel with its chart, and no pupil\'s name', { timeout: 30_000 }, async () => {
    onFailure('channel-card');
    expect(term).not.toBe('');
    const heading = `Online safety: ${term}`;
    const thread = await timed('card reaches the channel', () => david.waitForChannelThread(heading, { timeoutMs: 20_000 }));
    const card = david.cardIn(thread);
    const text = await card.innerText();
    expect(text).toContain(heading);
    expect(text).toContain(`Figures for ${term}`);
    for (const name of PUPIL_NAMES) expect(text, `the channel card shows "${name}"`).not.toContain(name);
    // the chart: an image drawn from the PNG the bot put in the card
    const chart = card.locator('img[src^="data:image/png"]');
    await expect.poll(() => chart.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => chart.first().evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => thread.getByRole('button', { name: READ, exact: true }).isVisible()).toBe(true);
    // it came in through David's Playground as a new post in the Governors channel, and not through Priya's
    const created = await david.logRequests(/-> Microsoft 365 Agents Playground createConversation 201/);
    expect(created).toHaveLength(1);
    const sent = JSON.stringify(created[0]);
    expect(sent).toContain(GOVERNORS_ID);
    for (const name of PUPIL_NAMES) expect(sent, `the channel post carries "${name}"`).not.toContain(name);
    expect(await priya.logLines(/createConversation/)).toEqual([]);
    await card.scrollIntoViewIfNeeded();
    await shoot(davidPage, 'e2e-digest-2-david-channel-card');
  });

  it('David presses "I have read this" and his reading is recorded', { timeout: 30_000 }, async () => {
    onFailure('david-read');
    const heading = `Online safety: ${term}`;
    const thread = await david.waitForChannelThread(heading);
    await timed('David reads -> thanked', async () => {
      await david.clickButtonIn(thread, READ);
      await david.waitForChannelThread((t) => t.includes(heading) && t.includes('Thank you, David Rees: your reading is recorded.'), { timeoutMs: 15_000 });
    });
    const text = await david.cardIn(thread).innerText();
    expect(text).toContain('Thank you, David Rees: your reading is recorded.');
    for (const name of PUPIL_NAMES) expect(text, `the thanked card shows "${name}"`).not.toContain(name);
    // the notice is under the heading, at the top of a long card: show that part
    await david.cardIn(thread).getByText('your reading is recorded', { exact: false }).scrollIntoViewIfNeeded();
    await shoot(davidPage, 'e2e-digest-3-david-read');
  });

  it('Priya presses "I have read this" on her copy and sees that David has read it', { timeout: 30_000 }, async () => {
    onFailure('read-by');
    const copy = await priya.waitForBotMessage((t) => t.includes('Posted to the governors’ channel'));
    await timed('Priya checks -> read by', async () => {
      await priya.clickButtonIn(copy, READ);
      await priya.waitForCard((t) => t.includes(`Online safety: ${term}`) && t.includes('Read by: David Rees'), { timeoutMs: 15_000 });
    });
    const text = await priya.latestCardText();
    expect(text).toContain('Read by: David Rees');
    expect(text).not.toContain('Not read by any governor yet.');
    await shoot(priyaPage, 'e2e-digest-4-priya-read-by');
  });
});
