// end to end, two people at once: the built bot in local mode and TWO Agents Playgrounds pointed at it,
// one playing Sam Taylor (a teacher, the staff seat), one Priya Shah (the DSL, playground/dsl.yml),
// each in its own headless Chromium page. Sam reports a concern in his personal chat; the case card
// appears in the Safeguarding channel as Priya sees it; she opens it and approves the route; Sam is
// told his report is being dealt with and Priya is passed the case in her own chat.
//
// The bot reaches each Playground only through the serviceUrl it last saw from it, so Priya's page
// opens the Safeguarding channel before Sam reports: that is how the bot learns to post the channel
// card through her Playground (a channel card goes through the serviceUrl last seen in that channel).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import type { PlaygroundDriver } from './support/playground-driver.js';
import { QUESTIONS, reportUpToReview, type ReportClicks } from './support/report-steps.js';
import { openChannelAndWaitForBot, playgroundSeats, shoot } from './support/seats.js';

const PROFILE_PATH = join(repoRoot, 'profiles/example-school.yaml');
const STAFF_CONFIG = join(repoRoot, '.m365agentsplayground.yml');
const DSL_CONFIG = join(repoRoot, 'playground/dsl.yml');
const TEAM_ID = '19:oakfield-staff@thread.tacv2';
const SAFEGUARDING_ID = '19:oakfield-safeguarding@thread.tacv2';
const TENANT_ID = 'a1b2c3d4-0000-4000-8000-0000000000aa';

/** the grooming seed scenario: an unknown adult wants to meet a pupil (high severity, through the channel) */
const CHILD = 'Ava Brown';
const REPORT: ReportClicks = {
  involved: [
    [QUESTIONS.harmed, 'Pupil'],
    [QUESTIONS.didIt, 'Adult not known to the school'],
  ],
  childNames: `${CHILD} (Year 5)`,
  type: /Grooming: /,
  followUps: [
    [QUESTIONS.illegal, 'Not sure'],
    [QUESTIONS.outside, 'Yes'],
  ],
  platform: 'Roblox',
  description: 'A man called Steve messaged her in a game and wants to meet her at the park on Saturday.',
};
/** a Log Panel line for a card the bot replaced: an invoke's answer, or the bot's PUT */
const CARD_UPDATED = /User Application -> Microsoft 365 Agents Playground message 200/;
/** words of the report that must never reach the channel */
const SECRETS = [CHILD, 'Ava', 'Year 5', 'Steve', REPORT.description, 'Roblox'];

describe('casework in two Playgrounds: Sam reports, Priya approves in the Safeguarding channel', () => {
  const seats = playgroundSeats({
    name: 'casework',
    seats: [
      { name: 'staff', person: 'Sam', config: STAFF_CONFIG },
      { name: 'dsl', person: 'Priya', config: DSL_CONFIG },
    ],
    botEnv: { SCHOOL_PROFILE: PROFILE_PATH },
  });
  const { timed, onFailure } = seats;
  let sam: PlaygroundDriver;
  let priya: PlaygroundDriver;
  beforeAll(() => {
    sam = seats.driver('staff');
    priya = seats.driver('dsl');
  });
  let reference = '';
  /** the case's id (the card's button data) and the channel post's message id, as Priya's Playground saw them */
  let caseId = '';
  let messageId = '';

  /**
   * clicks "Open case" on the channel card until the DSL's actions stay. Teams would keep them: the
   * bot's update after the acknowledgement carries refresh.userIds, and Teams refreshes the card for
   * those users. The Playground does not ("User specific view is not supported yet"): it shows the
   * shared card again, so the first click's actions are replaced at once, and a person clicks again
   * (an acknowledged case is not updated again). Returns the number of clicks.
   */
  const openCaseForActions = async (card: string): Promise<number> => {
    for (let clicks = 1; clicks <= 3; clicks++) {
      const thread = await priya.waitForChannelThread(card);
      const before = (await priya.logLines(CARD_UPDATED)).length;
      await priya.clickButtonIn(thread, 'Open case');
      // the first click: the click's answer and the bot's update for everyone; later ones: the answer
      await priya.waitForLogLine(CARD_UPDATED, { after: before + (clicks === 1 ? 1 : 0), timeoutMs: 15_000 });
      await priya.waitForChannelThread((t) => t.includes(card) && t.includes('Acknowledged by Priya Shah'));
      await priya.waitForQuietThreads();
      const text = await priya.cardIn(await priya.waitForChannelThread(card)).innerText();
      if (text.includes('Approve route')) return clicks;
    }
    throw new Error('the actions never stayed on the channel card after three clicks on "Open case"');
  };

  it('the two seats are Sam and Priya in the same tenant, with the same bot, team and Safeguarding channel', () => {
    expect(sam.config.currentUser.name).toBe('Sam Taylor');
    expect(priya.config.currentUser.name).toBe('Priya Shah');
    expect(priya.config.currentUser.aadObjectId).toBe('a1b2c3d4-0000-4000-8000-000000000002');
    seats.expectSameTenantAndBot(TENANT_ID);
    for (const d of [sam, priya]) {
      const team = d.config.teams.find((t) => t.id === TEAM_ID);
      expect(team?.name).toBe('Oakfield Staff');
      expect(team?.channels).toContainEqual(expect.objectContaining({ id: SAFEGUARDING_ID, name: 'Safeguarding' }));
    }
  });

  it('Priya opens the Safeguarding channel, and the bot hears from it', { timeout: 30_000 }, async () => {
    onFailure('channel');
    await seats.allSaidHello();
    await timed('Priya opens Safeguarding', () => openChannelAndWaitForBot(priya, 'Safeguarding'));
    expect(await priya.activeConversation()).toBe('Oakfield Staff - Safeguarding');
  });

  it('Sam reports an unknown adult grooming a pupil in his personal chat and gets OS-2026-0001', { timeout: 90_000 }, async () => {
    onFailure('report');
    const review = await timed('Sam reports (report -> review)', () => reportUpToReview(sam, REPORT));
    expect(review).toContain('Priya Shah');
    await sam.clickCardButton('Submit');
    const sent = await timed('Sam submits', () => sam.waitForCard(/Report sent: OS-\d{4}-\d{4}/));
    reference = /OS-\d{4}-\d{4}/.exec(sent)![0];
    expect(reference).toBe('OS-2026-0001');
    await shoot(sam.page, 'e2e-casework-1-sam-report-sent');
  });

  it(
    "the case card appears in Priya's Safeguarding channel, waiting for a decision, with no names or details",
    { timeout: 30_000 },
    async () => {
      onFailure('channel-card');
      expect(reference).not.toBe('');
      const thread = await timed('card reaches the channel', () =>
        priya.waitForChannelThread(`Online-safety case ${reference}`, { timeoutMs: 20_000 }),
      );
      const text = await priya.cardIn(thread).innerText();
      expect(text).toContain(`Online-safety case ${reference}`);
      expect(text).toContain('Waiting for a decision');
      expect(text).toContain('Grooming');
      for (const secret of SECRETS) expect(text, `the channel card shows "${secret}"`).not.toContain(secret);
      await expect.poll(() => thread.getByRole('button', { name: 'Open case', exact: true }).isVisible()).toBe(true);
      // the card came in through Priya's Playground, as a new post (the bot created the thread), and not through Sam's
      const created = await priya.logRequests(/-> Microsoft 365 Agents Playground createConversation 201/);
      expect(created).toHaveLength(1);
      expect(await sam.logLines(/createConversation/)).toEqual([]);
      // nothing in what the bot sent (hidden card data included) names the child or tells the story
      const sent = JSON.stringify(created[0]);
      expect(sent).toContain(SAFEGUARDING_ID);
      for (const secret of SECRETS) expect(sent, `the channel post carries "${secret}"`).not.toContain(secret);
      caseId = String(/"verb":"case\.open","data":\{"caseId":"([^"]+)"/.exec(sent)?.[1] ?? '');
      const [posted] = await priya.logRequests(/-> Microsoft 365 Agents Playground createConversation 201/, { tab: 'Response' });
      messageId = String(posted?.activityId ?? '');
      expect(caseId).not.toBe('');
      expect(messageId).not.toBe('');
      await shoot(priya.page, 'e2e-casework-2-priya-channel-card');
    },
  );

  it(
    'Sam, not on the safeguarding team, is refused when he clicks Approve on a copy of the card, and nothing changes',
    { timeout: 30_000 },
    async () => {
      onFailure('refused');
      expect(caseId).not.toBe('');
      const priyaUpdates = (await priya.logLines(CARD_UPDATED)).length;
      const samInvokes = (await sam.logLines(/-> User Application invoke \d+/)).length;
      // what a click on the channel card's button sends (Sam's Playground has no such card: the bot posted
      // it through Priya's), sent from Sam's Playground as Sam
      await sam.sendCustomActivity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        conversation: { id: `${SAFEGUARDING_ID};messageid=${messageId}`, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
        channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID }, channel: { id: SAFEGUARDING_ID } },
        replyToId: messageId,
        value: { action: { type: 'Action.Execute', verb: 'case.approve', data: { caseId } }, trigger: 'manual' },
      });
      await sam.waitForLogLine(/-> User Application invoke \d+/, { after: samInvokes, timeoutMs: 10_000 });
      const [answer] = await sam.logRequests(/-> User Application invoke \d+/, { tab: 'Response', last: 1 });
      const json = JSON.stringify(answer);
      expect(json).toContain("You don't have permission to do that");
      expect(json).not.toContain('Approve route');
      for (const secret of SECRETS) expect(json, `the refusal shows "${secret}"`).not.toContain(secret);
      // the case is as it was: no update of the channel card, still waiting for a decision
      expect(await priya.logLines(CARD_UPDATED)).toHaveLength(priyaUpdates);
      const thread = await priya.waitForChannelThread(`Online-safety case ${reference}`);
      expect(await priya.cardIn(thread).innerText()).toContain('Waiting for a decision');
      await shoot(sam.page, 'e2e-casework-2b-sam-refused');
    },
  );

  it('Priya opens the case and approves the route: the card changes in place', { timeout: 45_000 }, async () => {
    onFailure('approve');
    const card = `Online-safety case ${reference}`;
    const threadsBefore = await priya.channelThreads().count();
    const thread = await priya.waitForChannelThread(card);
    const clicks = await timed('Open case -> actions', () => openCaseForActions(card));
    console.log(`Priya clicked "Open case" ${clicks} time(s) before the actions stayed`);
    const actions = await priya.cardIn(thread).innerText();
    expect(actions).toContain('Change route');
    expect(actions).toContain('Acknowledged by Priya Shah');
    await shoot(priya.page, 'e2e-casework-3-priya-actions');

    const updatesBefore = (await priya.logLines(CARD_UPDATED)).length;
    await timed('Approve route -> card updated', async () => {
      await priya.clickButtonIn(thread, 'Approve route');
      // the click's answer ("Approved. The people on the route are being told...") replaces the card,
      // and the bot's PUT draws it again for everyone, with the decision in its status
      await priya.waitForLogLine(CARD_UPDATED, { after: updatesBefore + 1, timeoutMs: 20_000 });
      await priya.waitForChannelThread((t) => t.includes(card) && t.includes('Approved by Priya Shah'), { timeoutMs: 20_000 });
    });
    const approved = await priya.cardIn(thread).innerText();
    expect(approved).toContain('Approved by Priya Shah');
    expect(approved).not.toContain('Waiting for a decision');
    expect(approved).not.toContain('Approve route');
    for (const secret of SECRETS) expect(approved, `the updated channel card shows "${secret}"`).not.toContain(secret);
    // in place: still one thread for the case, and no new post
    expect(await priya.channelThreads().count()).toBe(threadsBefore);
    expect(await priya.logLines(/-> Microsoft 365 Agents Playground createConversation/)).toHaveLength(1);
    await shoot(priya.page, 'e2e-casework-4-priya-approved');

    // which card the page ends on depends on which lands last, the click's answer or the bot's PUT (both
    // say "Approved by Priya Shah"); the PUT itself is in the Log Panel: the channel's card, updated by id
    const updates = (await priya.logRequests(CARD_UPDATED)).filter((a) => String(a.summary ?? '').includes('Approved by Priya Shah'));
    expect(updates).toHaveLength(1);
    const put = updates[0]!;
    const conversationId = String((put.conversation as { id?: unknown } | undefined)?.id ?? '');
    expect(conversationId).toBe(`${SAFEGUARDING_ID};messageid=${String(put.id)}`);
    const putJson = JSON.stringify(put);
    expect(putJson).toContain('Only the safeguarding team can act on this case.');
    for (const secret of SECRETS) expect(putJson, `the channel update carries "${secret}"`).not.toContain(secret);
  });

  it('Sam is told in his personal chat that his report is being dealt with', { timeout: 30_000 }, async () => {
    onFailure('reporter-update');
    const update = await timed('reporter update reaches Sam', () =>
      sam.waitForBotMessage((t) => t.includes(`Your report ${reference}`) && t.includes('Being dealt with'), { timeoutMs: 20_000 }),
    );
    const text = await sam.messageText(update);
    expect(text).toContain('Status: Being dealt with');
    expect(text).not.toContain('Priya');
    expect(await sam.activeConversation()).toBe('Personal Chat');
    await shoot(sam.page, 'e2e-casework-5-sam-update');
  });

  it('Priya finds the case passed to her in her personal chat', { timeout: 30_000 }, async () => {
    onFailure('routed');
    await priya.selectPersonalChat();
    const notice = await timed("routed notice shows in Priya's chat", () =>
      priya.waitForBotMessage((t) => t.includes(`Case ${reference} passed to you`), { timeoutMs: 20_000 }),
    );
    const text = await priya.messageText(notice);
    expect(text).toContain('passed to you');
    expect(text).toContain('Designated safeguarding lead');
    // 1:1, the DSL is entitled to the details the channel never shows
    expect(text).toContain(REPORT.description);
    await shoot(priya.page, 'e2e-casework-6-priya-passed-to-you');
  });
});
