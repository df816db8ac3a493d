// end to end: the built bot in local mode, the Agents Playground pointed at it, headless Chromium.
// a person opens the personal chat, types help and sees the bot's help card.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchChromium, RESULTS_DIR, startLocalStack, type LocalStack } from './support/local-stack.js';
import { PlaygroundDriver } from './support/playground-driver.js';

describe('the bot in the Agents Playground (Teams-like client)', () => {
  let stack: LocalStack | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let driver: PlaygroundDriver;

  const cleanUp = async (): Promise<void> => {
    await browser?.close().catch(() => {});
    browser = undefined;
    await stack?.stop();
  };

  beforeAll(async () => {
    try {
      browser = await launchChromium(); // first: fails at once, with how to install it, when it is missing
      stack = await startLocalStack({ name: 'playground' });
      page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      driver = await PlaygroundDriver.open(page, stack.playgroundUrl);
    } catch (err) {
      await cleanUp(); // afterAll would too, but not if this hook timed out mid-way
      throw err;
    }
  });

  afterAll(cleanUp);

  it('answers help in the personal chat with the Online Safety help', { timeout: 30_000 }, async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    onTestFailed(async () => {
      await page.screenshot({ path: join(RESULTS_DIR, 'e2e-help-failed.png') }).catch(() => {});
    });

    await driver.selectPersonalChat();
    expect(await driver.activeConversation()).toBe('Personal Chat');
    await driver.waitForQuiet(); // let the welcome card sent on opening the chat arrive first

    await driver.sendMessage('help');

    // the first reply after "help" (a welcome card sent when the chat opened does not count)
    const reply = await driver.waitForBotMessage((t) => t.includes('Online Safety') && /\breport/i.test(t));
    const text = await driver.messageText(reply);
    expect(text).toContain('Online Safety');
    expect(text).toMatch(/\breport\b/i);
    await expect.poll(() => reply.isVisible()).toBe(true);

    await page.screenshot({ path: join(RESULTS_DIR, 'e2e-help.png') });
  });

  it('a member of staff clicks through a report and sees its reference number', { timeout: 60_000 }, async () => {
    onTestFailed(async () => {
      await page.screenshot({ path: join(RESULTS_DIR, 'e2e-report-failed.png'), fullPage: true }).catch(() => {});
    });
    await driver.selectPersonalChat();
    await driver.waitForQuiet();
    await driver.sendMessage('report');
    await driver.waitForBotMessage((t) => t.includes('Is a child in danger right now?'));

    await driver.chooseOnCard('No');
    await driver.clickCardButton('Next');
    await driver.waitForCard(/Who is involved\?/);
    await driver.chooseOnCard('Pupil', 'checkbox');
    await driver.clickCardButton('Next');
    await driver.waitForCard(/What happened\?/);
    await driver.chooseOnCard(/Lost or stolen device/, 'checkbox');
    await driver.clickCardButton('Next');
    await driver.waitForCard(/The details/);
    const yesterday = new Date(Date.now() - 36 * 3600_000).toISOString().slice(0, 10);
    await driver.fillOnCard('When did it happen', yesterday);
    await driver.fillOnCard('What happened, in your own words', 'A school iPad was left on the bus after the trip.');
    await driver.clickCardButton('Next');
    const review = await driver.waitForCard(/Check and send/);
    expect(review).toContain('Priya Shah');
    await page.screenshot({ path: join(RESULTS_DIR, 'e2e-report-review.png') });
    await driver.clickCardButton('Submit');
    const sent = await driver.waitForCard(/Report sent: OS-\d{4}-\d{4}/);
    expect(sent).toMatch(/Report sent: OS-\d{4}-0001/);
    await page.screenshot({ path: join(RESULTS_DIR, 'e2e-report-sent.png') });
  });
});
