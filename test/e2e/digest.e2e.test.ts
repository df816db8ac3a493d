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
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import type { PlaygroundDriver } from './support/playground-driver.js';
import { openChannelAndWaitForBot, playgroundSeats, shoot } from './support/seats.js';

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

describe("the governors' digest in two Playgrounds: Priya posts it, David reads it in the Governors channel", () => {
  const seats = playgroundSeats({
    name: 'digest',
    seats: [
      { name: 'governor', person: 'David', config: GOVERNOR_CONFIG },
      { name: 'dsl', person: 'Priya', config: DSL_CONFIG },
    ],
    botEnv: { SCHOOL_PROFILE: PROFILE_PATH },
  });
  const { timed, onFailure } = seats;
  let david: PlaygroundDriver;
  let priya: PlaygroundDriver;
  beforeAll(() => {
    david = seats.driver('governor');
    priya = seats.driver('dsl');
  });
  /** the term the digest names, as Priya's copy shows it */
  let term = '';

  it('the two seats are David and Priya in the same tenant, with the same bot and team, and David has the Governors channel', () => {
    expect(david.config.currentUser.name).toBe('David Rees');
    expect(david.config.currentUser.aadObjectId).toBe('a1b2c3d4-0000-4000-8000-000000000005');
    expect(priya.config.currentUser.name).toBe('Priya Shah');
    seats.expectSameTenantAndBot(TENANT_ID);
    for (const d of [david, priya]) expect(d.config.teams.find((t) => t.id === TEAM_ID)?.name).toBe('Oakfield Staff');
    const team = david.config.teams.find((t) => t.id === TEAM_ID);
    expect(team?.channels).toContainEqual(expect.objectContaining({ id: GOVERNORS_ID, name: 'Governors' }));
  });

  it('David opens the Governors channel, and the bot hears from it', { timeout: 30_000 }, async () => {
    onFailure('channel');
    await seats.allSaidHello();
    await timed('David opens Governors', () => openChannelAndWaitForBot(david, 'Governors'));
    expect(await david.activeConversation()).toBe('Oakfield Staff - Governors');
  });

  it('Priya types digest in her personal chat and is told it was posted to the governors’ channel', { timeout: 45_000 }, async () => {
    onFailure('posted');
    expect(await priya.activeConversation()).toBe('Personal Chat');
    // the welcome card sent on opening the chat must not be taken for the reply
    await priya.waitForQuiet();
    await priya.sendMessage('digest');
    const reply = await timed("digest -> Priya's copy", () =>
      priya.waitForBotMessage((t) => t.includes('Posted to the governors’ channel'), { timeoutMs: 30_000 }),
    );
    const text = await priya.messageText(reply);
    term = HEADING.exec(text)?.[1] ?? '';
    expect(term, `Priya's copy names no term:\n${text.slice(0, 400)}`).not.toBe('');
    expect(text).toContain('Not read by any governor yet.');
    for (const name of PUPIL_NAMES) expect(text, `Priya's copy shows "${name}"`).not.toContain(name);
    await shoot(priya.page, 'e2e-digest-1-priya-posted');
  });

  it("the digest card appears in David's Governors channel with its chart, and no pupil's name", { timeout: 30_000 }, async () => {
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
      .poll(() => chart.first().evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth), {
        timeout: 10_000,
      })
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
    await shoot(david.page, 'e2e-digest-2-david-channel-card');
  });

  it('David presses "I have read this" and his reading is recorded', { timeout: 30_000 }, async () => {
    onFailure('david-read');
    const heading = `Online safety: ${term}`;
    const thread = await david.waitForChannelThread(heading);
    await timed('David reads -> thanked', async () => {
      await david.clickButtonIn(thread, READ);
      await david.waitForChannelThread((t) => t.includes(heading) && t.includes('Thank you, David Rees: your reading is recorded.'), {
        timeoutMs: 15_000,
      });
    });
    const text = await david.cardIn(thread).innerText();
    expect(text).toContain('Thank you, David Rees: your reading is recorded.');
    for (const name of PUPIL_NAMES) expect(text, `the thanked card shows "${name}"`).not.toContain(name);
    // the notice is under the heading, at the top of a long card: show that part
    await david.cardIn(thread).getByText('your reading is recorded', { exact: false }).scrollIntoViewIfNeeded();
    await shoot(david.page, 'e2e-digest-3-david-read');
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
    await shoot(priya.page, 'e2e-digest-4-priya-read-by');
  });
});
