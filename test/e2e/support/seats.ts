// the setup every Playground e2e file shares: the bot and one Playground per seat, a browser context and
// page each, step timings, and what to keep when a test fails. Call playgroundSeats inside a describe.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, onTestFailed } from 'vitest';
import { launchChromium, RESULTS_DIR, startLocalStack, type LocalStack } from './local-stack.js';
import { PlaygroundDriver } from './playground-driver.js';

export interface Seat {
  /** the stack's seat name (names its log files), e.g. "staff", "dsl" */
  name: string;
  /** whom it plays, as failure output names them, e.g. "Sam" */
  person: string;
  /** its Playground config */
  config: string;
}

export interface SeatsOptions {
  /** names the log files, screenshots and timings; one per test file */
  name: string;
  seats: Seat[];
  botEnv?: NodeJS.ProcessEnv;
  /**
   * how long each page may take to load and show its conversation list (default 30 s); every seat is
   * a Playground server and a Chromium page, so three or four on two busy cores need longer
   */
  openTimeoutMs?: number;
}

export interface PlaygroundSeats {
  /** the running stack (from beforeAll on) */
  readonly stack: LocalStack;
  /** the driver of the seat with this name (from beforeAll on) */
  driver(seat: string): PlaygroundDriver;
  /** [step, ms], printed after all */
  readonly timings: [string, number][];
  /** runs f, recording how long it took under step */
  timed<T>(step: string, f: () => Promise<T>): Promise<T>;
  /** on this test's failure: every page's screenshot and the end of its Log Panel (every request to and from the bot) */
  onFailure(step: string): void;
  /** waits until every page has said hello from its personal chat (done on loading): the bot can reach each person 1:1 */
  allSaidHello(): Promise<void>;
  /** every seat's config is in tenantId, and they all play against the same bot, each in its own Playground */
  expectSameTenantAndBot(tenantId: string): void;
}

/** a Playground config's tenantId (its backend does not serve it back) */
export function tenantOf(configPath: string): string | undefined {
  return /^tenantId:\s*"?([^"\s]+)"?\s*$/m.exec(readFileSync(configPath, 'utf8'))?.[1];
}

/** a screenshot of a page, never failing the test */
export const shoot = (page: Page | undefined, name: string, fullPage = false) =>
  page?.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage }).catch(() => {});

const INSTALLED = /-> User Application installationUpdate 200/;

/**
 * opens a channel and waits until the bot has heard from it: the first visit installs the app there, and
 * the bot reaches a channel only through the serviceUrl last seen in it
 */
export async function openChannelAndWaitForBot(driver: PlaygroundDriver, channel: string): Promise<void> {
  const installs = (await driver.logLines(/-> User Application installationUpdate/)).length;
  const updates = (await driver.logLines(/-> User Application conversationUpdate/)).length;
  await driver.selectChannel(channel);
  await driver.waitForLogLine(INSTALLED, { after: installs, timeoutMs: 15_000 });
  await driver.waitForLogLine(/-> User Application conversationUpdate 200/, { after: updates, timeoutMs: 15_000 });
}

export function playgroundSeats(opts: SeatsOptions): PlaygroundSeats {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;
  const drivers = new Map<string, PlaygroundDriver>();
  const timings: [string, number][] = [];
  const timed = async <T>(step: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await f();
    timings.push([step, performance.now() - t]);
    return result;
  };
  const started = (): LocalStack => {
    if (!stack) throw new Error(`${opts.name}: the stack has not started`);
    return stack;
  };
  const driver = (seat: string): PlaygroundDriver => {
    const found = drivers.get(seat);
    if (!found) throw new Error(`${opts.name}: no open page for seat "${seat}"`);
    return found;
  };

  const cleanUp = async (): Promise<void> => {
    await browser?.close().catch(() => {});
    browser = undefined;
    await stack?.stop();
  };

  beforeAll(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    try {
      browser = await launchChromium();
      const n = opts.seats.length;
      stack = await timed(`start bot + ${n === 1 ? 'Playground' : `${n} Playgrounds`}`, () =>
        startLocalStack({ name: opts.name, seats: opts.seats.map(({ name, config }) => ({ name, config })), botEnv: opts.botEnv }),
      );
      // a context each: each page blocks the cloud on its own, and nothing is shared between them
      const pages: Page[] = [];
      for (let i = 0; i < n; i++) pages.push(await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage());
      const opened = await timed(n === 1 ? `open ${opts.seats[0]!.person}'s page` : n === 2 ? 'open both pages' : `open ${n} pages`, () =>
        Promise.all(
          opts.seats.map((s, i) => PlaygroundDriver.open(pages[i]!, started().seat(s.name).url, { timeoutMs: opts.openTimeoutMs })),
        ),
      );
      opts.seats.forEach((s, i) => drivers.set(s.name, opened[i]!));
    } catch (err) {
      await cleanUp();
      throw err;
    }
  });

  afterAll(async () => {
    if (timings.length > 0)
      console.log(`${opts.name} e2e timings:\n${timings.map(([s, ms]) => `  ${s}: ${(ms / 1000).toFixed(2)} s`).join('\n')}`);
    await cleanUp();
  });

  const onFailure = (step: string): void =>
    onTestFailed(async () => {
      const one = opts.seats.length === 1;
      for (const s of opts.seats)
        await shoot(drivers.get(s.name)?.page, `e2e-${opts.name}-${step}-failed${one ? '' : `-${s.person.toLowerCase()}`}`, true);
      for (const s of opts.seats) {
        const d = drivers.get(s.name);
        const lines = d ? await d.logLines().catch(() => []) : [];
        console.log(
          `${s.person}'s Playground log panel, last lines:\n${lines
            .slice(-15)
            .map((l) => `  ${l}`)
            .join('\n')}`,
        );
      }
      if (stack) console.log(`logs: ${stack.logs.bot}, ${stack.seats.map((s) => s.logs.output).join(', ')}`);
    });

  return {
    get stack() {
      return started();
    },
    driver,
    timings,
    timed,
    onFailure,
    allSaidHello: async () => {
      for (const s of opts.seats) await driver(s.name).waitForLogLine(INSTALLED, { timeoutMs: 15_000 });
    },
    expectSameTenantAndBot: (tenantId) => {
      for (const s of opts.seats) expect(tenantOf(s.config), `${s.person}'s tenant`).toBe(tenantId);
      const [first, ...others] = opts.seats.map((s) => driver(s.name));
      for (const d of others) expect(d.config.bot).toEqual(first!.config.bot);
      const urls = started().seats.map((s) => s.url);
      expect(new Set(urls).size, `the seats' Playgrounds: ${urls.join(', ')}`).toBe(urls.length);
    },
  };
}
