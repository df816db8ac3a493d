// end to end, R1 by person (issue 13): the built bot in local mode and THREE Agents Playgrounds pointed
// at it, one playing Sam Taylor (a teacher), one Tom Okafor (the deputy DSL, playground/deputy.yml), one
// Helen Marsh (the headteacher, playground/head.yml). Sam reports that Tom showed a pupil pornographic
// material, and names him on "Who is it about?". Tom's Playground receives nothing about it (no channel
// card, no 1:1, nothing queued for him in the outbox, reminders included); Helen gets the case 1:1 and
// approves it; Tom sending the case's verbs with its id, and pressing a forwarded copy of Helen's card,
// is refused every time and changes nothing in the case's trail.
//
// Tom opens the Safeguarding channel first: the bot reaches a channel through the serviceUrl last seen
// there, so if it wrongly posted the case to the channel, the post would come through Tom's Playground.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/lib/processes.js';
import { DATABASE_FILE } from '../../src/adapters/sqlite/database.js';
import type { PlaygroundDriver } from './support/playground-driver.js';
import { QUESTIONS, reportUpToReview, type ReportClicks } from './support/report-steps.js';
import { openChannelAndWaitForBot, playgroundSeats, shoot } from './support/seats.js';

const PROFILE_PATH = join(repoRoot, 'profiles/example-school.yaml');
const STAFF_CONFIG = join(repoRoot, '.m365agentsplayground.yml');
const DEPUTY_CONFIG = join(repoRoot, 'playground/deputy.yml');
const HEAD_CONFIG = join(repoRoot, 'playground/head.yml');
const TEAM_ID = '19:oakfield-staff@thread.tacv2';
const SAFEGUARDING_ID = '19:oakfield-safeguarding@thread.tacv2';
const TENANT_ID = 'a1b2c3d4-0000-4000-8000-0000000000aa';

const DESCRIPTION = 'Mr Okafor showed a Year 6 pupil a pornographic video on his phone in class.';
/**
 * what Sam clicks: the first card's "About a member of staff" (a pupil harmed, a member of staff did it),
 * then Tom from the school's adults, then what happened; the follow-ups come on the details card
 */
const REPORT: ReportClicks = {
  preset: 'About a member of staff',
  involved: [],
  about: 'Tom Okafor (Deputy safeguarding lead)',
  type: /^Pornography$/,
  followUps: [
    [QUESTIONS.onPurpose, 'Yes'],
    [QUESTIONS.illegal, 'No'],
    [QUESTIONS.outside, 'No'],
  ],
  description: DESCRIPTION,
};

/** a Log Panel line for an invoke this seat sent (it appears once the bot has answered) */
const INVOKE = /-> User Application invoke \d+/;
/** a Log Panel line for anything the bot sent this seat: a message, a new post, a card update */
const FROM_BOT = /User Application -> Microsoft 365 Agents Playground/;
const NO_PERMISSION = "You don't have permission to do that";

interface CaseRow {
  status: string;
  facts: { implicatedPeople?: unknown };
  plan: { excludePeople?: unknown; exclude?: unknown };
  events: { seq: number; type: string; actor: string }[];
  notifications: { kind: string; recipient: string | null; status: string; not_before: string }[];
  channelPosts: number;
  /** the people the bot can reach 1:1 (it holds their personal chat) */
  reachable: string[];
}

/** the case as the bot's database holds it, read-only (the bot keeps writing while the test reads) */
function readCase(dataDir: string, reference: string): CaseRow & { id: string } {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const incident = db.prepare('SELECT id, status, facts, plan FROM incidents WHERE reference = ?').get(reference) as
      { id: string; status: string; facts: string; plan: string } | undefined;
    if (!incident) throw new Error(`no case ${reference} in the database`);
    const events = db
      .prepare('SELECT seq, type, actor FROM incident_events WHERE incident_id = ? ORDER BY seq')
      .all(incident.id) as CaseRow['events'];
    const notifications = db
      .prepare('SELECT kind, recipient, status, not_before FROM notifications WHERE incident_id = ? ORDER BY id')
      .all(incident.id) as CaseRow['notifications'];
    const { n } = db.prepare('SELECT count(*) AS n FROM channel_posts WHERE incident_id = ?').get(incident.id) as { n: number };
    const reachable = (db.prepare('SELECT aad_object_id FROM personal_conversations').all() as { aad_object_id: string }[]).map(
      (r) => r.aad_object_id,
    );
    return {
      id: incident.id,
      status: incident.status,
      facts: JSON.parse(incident.facts) as CaseRow['facts'],
      plan: JSON.parse(incident.plan) as CaseRow['plan'],
      events,
      notifications,
      channelPosts: n,
      reachable,
    };
  } finally {
    db.close();
  }
}

/**
 * the case once the outbox has done what is due: a message that cannot be delivered (Priya has no seat
 * here, so no chat with the bot) writes "notification-unreachable" to the trail a moment after the change
 * that queued it, and a snapshot taken before then would see the trail change under Tom's invokes
 */
async function settledCase(dataDir: string, reference: string): Promise<CaseRow & { id: string }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const row = readCase(dataDir, reference);
    const due = row.notifications.filter((n) => n.status === 'pending' && Date.parse(n.not_before) <= Date.now());
    if (due.length === 0) return row;
    if (Date.now() > deadline)
      throw new Error(`the outbox still owes ${due.map((n) => `${n.kind}->${n.recipient ?? 'channel'}`).join(', ')} after 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

type Person = { aadObjectId: string; displayName: string };
const profileRoles = (): Record<string, Person[]> =>
  (parse(readFileSync(PROFILE_PATH, 'utf8')) as { roles: Record<string, Person[]> }).roles;

describe('R1 by person in three Playgrounds: Sam names Tom, the deputy DSL; Tom gets nothing and cannot act, Helen approves 1:1', () => {
  const seats = playgroundSeats({
    name: 'implicated',
    seats: [
      { name: 'staff', person: 'Sam', config: STAFF_CONFIG },
      { name: 'deputy', person: 'Tom', config: DEPUTY_CONFIG },
      { name: 'head', person: 'Helen', config: HEAD_CONFIG },
    ],
    botEnv: { SCHOOL_PROFILE: PROFILE_PATH },
    // three Playgrounds and three pages on two cores: the UI has taken 30 s to load here
    openTimeoutMs: 90_000,
  });
  const { timed, onFailure } = seats;
  let sam: PlaygroundDriver;
  let tom: PlaygroundDriver;
  let helen: PlaygroundDriver;
  beforeAll(() => {
    sam = seats.driver('staff');
    tom = seats.driver('deputy');
    helen = seats.driver('head');
  });
  let reference = '';
  let caseId = '';
  const TOM = { aad: '', name: 'Tom Okafor' };
  /** the "Approve route" action of the card the bot sent Helen, exactly as it sent it */
  let helensApprove: Record<string, unknown> | undefined;

  /**
   * sends, from Tom's Playground as Tom in his personal chat, what a click on a card's Action.Execute
   * sends; returns the bot's answer to the invoke (from Tom's Log Panel) as JSON text
   */
  const tomInvokes = async (action: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> => {
    const before = (await tom.logLines(INVOKE)).length;
    await tom.sendCustomActivity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      conversation: { id: tom.config.personalChat.id, conversationType: 'personal', tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID } },
      value: { action, trigger: 'manual' },
      ...extra,
    });
    const line = await tom.waitForLogLine(INVOKE, { after: before, timeoutMs: 15_000 });
    // the request first: it is what reached the bot (Tom, the verb), and it moves the details pane off
    // the previous answer, which logRequests could not tell from this one when both are the same refusal
    const [sent] = await tom.logRequests(INVOKE, { tab: 'Request', last: 1 });
    expect(sent).toMatchObject({ type: 'invoke', from: { aadObjectId: TOM.aad }, value: { action: { verb: action.verb } } });
    const [answer] = await tom.logRequests(INVOKE, { tab: 'Response', last: 1 });
    return `${line}\n${JSON.stringify(answer)}`;
  };

  const expectRefused = (answer: string, what: string): void => {
    expect(answer, `${what}: the bot's answer`).toContain(NO_PERMISSION);
    for (const secret of [reference, DESCRIPTION, 'Approve route', 'Close case', 'Open details', 'Pornography'])
      expect(answer, `${what}: the refusal shows "${secret}"`).not.toContain(secret);
  };

  it('the seats are Sam, Tom (the deputy DSL) and Helen (the headteacher), in one tenant with the same bot, team and Safeguarding channel', () => {
    const roles = profileRoles();
    const deputy = roles['deputy-dsl']![0]!;
    const head = roles.headteacher![0]!;
    expect(sam.config.currentUser.name).toBe('Sam Taylor');
    expect(tom.config.currentUser).toMatchObject({ name: deputy.displayName, aadObjectId: deputy.aadObjectId });
    expect(helen.config.currentUser).toMatchObject({ name: head.displayName, aadObjectId: head.aadObjectId });
    expect(deputy.displayName).toBe('Tom Okafor');
    expect(head.displayName).toBe('Helen Marsh');
    TOM.aad = deputy.aadObjectId;
    seats.expectSameTenantAndBot(TENANT_ID);
    for (const d of [sam, tom, helen]) {
      const team = d.config.teams.find((t) => t.id === TEAM_ID);
      expect(team?.name).toBe('Oakfield Staff');
      expect(team?.channels).toContainEqual(expect.objectContaining({ id: SAFEGUARDING_ID, name: 'Safeguarding' }));
    }
  });

  it(
    'everyone says hello, and Tom opens the Safeguarding channel: the bot could post there through his Playground',
    { timeout: 45_000 },
    async () => {
      onFailure('channel');
      await seats.allSaidHello();
      await timed('Tom opens Safeguarding', () => openChannelAndWaitForBot(tom, 'Safeguarding'));
      expect(await tom.activeConversation()).toBe('Oakfield Staff - Safeguarding');
      await tom.waitForQuietThreads();
      expect(await tom.channelThreads().count()).toBe(0);
    },
  );

  it(
    'Sam reports through the cards and names Tom on "Who is it about?": the review says Tom will not be told, Helen will',
    { timeout: 90_000 },
    async () => {
      onFailure('report');
      const review = await timed('Sam reports (report -> review, Tom picked from the list)', () => reportUpToReview(sam, REPORT));
      expect(review).toContain('Tom Okafor will not be told, and cannot open or act on this case. It never goes to a shared channel.');
      expect(review).toContain('Helen Marsh (Headteacher)');
      expect(review).toContain('Priya Shah (Designated safeguarding lead)');
      expect(review).not.toContain('Tom Okafor (Deputy');
      await shoot(sam.page, 'e2e-implicated-1-sam-review');
      await sam.clickCardButton('Submit');
      const sent = await timed('Sam submits', () => sam.waitForCard(/Report sent: OS-\d{4}-\d{4}/, { timeoutMs: 15_000 }));
      reference = /OS-\d{4}-\d{4}/.exec(sent)![0];
      expect(reference).toMatch(/^OS-\d{4}-0001$/);

      // the record names Tom as the one it is about, and the plan bars him by id
      const db = readCase(seats.stack.dataDir, reference);
      caseId = db.id;
      expect(db.status).toBe('awaiting-approval');
      expect(db.facts.implicatedPeople).toEqual([{ aadObjectId: TOM.aad, roles: ['deputy-dsl'] }]);
      expect(db.plan.excludePeople).toEqual([TOM.aad]);
      await shoot(sam.page, 'e2e-implicated-2-sam-report-sent');
    },
  );

  it('Helen gets the case 1:1, to decide on, and nothing in it names Tom', { timeout: 45_000 }, async () => {
    onFailure('helen-card');
    expect(reference).not.toBe('');
    await helen.selectPersonalChat();
    const message = await timed('approver card reaches Helen', () =>
      helen.waitForBotMessage((t) => t.includes(`Online-safety case ${reference}`) && t.includes('Approve route'), { timeoutMs: 30_000 }),
    );
    const text = await helen.messageText(message);
    expect(text).toContain('You are asked to decide on this case.');
    expect(text).toContain('Waiting for a decision');
    expect(text).not.toContain('Tom Okafor');
    await shoot(helen.page, 'e2e-implicated-3-helen-card');

    // the card as the bot sent it: its buttons carry the case id alone
    const sentToHelen = (await helen.logRequests(/User Application -> Microsoft 365 Agents Playground message 20\d/)).filter((a) =>
      JSON.stringify(a).includes(`Online-safety case ${reference}`),
    );
    expect(sentToHelen).toHaveLength(1);
    expect(JSON.stringify(sentToHelen[0])).not.toContain('Okafor');
    const attachments = (sentToHelen[0]!.attachments ?? []) as { content?: { actions?: Record<string, unknown>[] } }[];
    helensApprove = attachments[0]?.content?.actions?.find((a) => a.title === 'Approve route');
    expect(helensApprove).toMatchObject({ type: 'Action.Execute', verb: 'case.approve', data: { caseId } });
  });

  it(
    'before Helen decides, Tom pressing a forwarded copy of her card ("Approve route") and opening the case by its id are refused, and nothing changes',
    { timeout: 60_000 },
    async () => {
      onFailure('tom-before');
      expect(caseId, 'the report was never filed').not.toBe('');
      expect(helensApprove).toBeDefined();
      const before = await settledCase(seats.stack.dataDir, reference);
      const { title, verb, data } = helensApprove!;
      // a forwarded card sits in Tom's own chat; its button sends the card's action from there
      const forwarded = await timed('Tom presses a forwarded "Approve route"', () =>
        tomInvokes({ type: 'Action.Execute', title, verb, data }, { replyToId: `forwarded-${Date.now()}` }),
      );
      expectRefused(forwarded, 'forwarded Approve route');
      expectRefused(
        await timed('Tom sends case.open', () => tomInvokes({ type: 'Action.Execute', verb: 'case.open', data: { caseId } })),
        'case.open',
      );

      const after = await settledCase(seats.stack.dataDir, reference);
      expect(after.events).toEqual(before.events);
      expect(after.status).toBe('awaiting-approval');
      // Helen's card still waits for her decision
      const card = await helen.messageText(await helen.waitForBotMessage((t) => t.includes(`Online-safety case ${reference}`)));
      expect(card).toContain('Waiting for a decision');
      await shoot(tom.page, 'e2e-implicated-4-tom-refused');
    },
  );

  it('Helen approves the route from her 1:1 card: the card shows it approved, and the case moves on', { timeout: 45_000 }, async () => {
    onFailure('helen-approves');
    expect(caseId, 'the report was never filed').not.toBe('');
    const message = await helen.waitForBotMessage((t) => t.includes(`Online-safety case ${reference}`) && t.includes('Approve route'));
    const invokes = (await helen.logLines(INVOKE)).length;
    await timed('Helen: Approve route -> card approved', async () => {
      await helen.clickButtonIn(message, 'Approve route');
      await helen.waitForLogLine(INVOKE, { after: invokes, timeoutMs: 20_000 });
      // the answer replaces the card in place (other messages may follow it: Helen is on the route)
      await expect.poll(() => helen.messageText(message), { timeout: 20_000 }).toContain('Approved by Helen Marsh');
    });
    const card = await helen.messageText(message);
    expect(card).toContain('Approved by Helen Marsh');
    expect(card).not.toContain('Waiting for a decision');
    expect(card).not.toContain('Approve route');
    expect(card).not.toContain('Tom Okafor');
    await shoot(helen.page, 'e2e-implicated-5-helen-approved');

    const db = readCase(seats.stack.dataDir, reference);
    expect(db.status).toBe('escalated');
    const approved = db.events.filter((e) => e.type === 'approved');
    expect(approved).toHaveLength(1);
    expect(JSON.parse(approved[0]!.actor)).toMatchObject({ displayName: 'Helen Marsh' });
    // and the reporter is told
    await timed('reporter update reaches Sam', () =>
      sam.waitForBotMessage((t) => t.includes(`Your report ${reference}`) && t.includes('Being dealt with'), { timeoutMs: 20_000 }),
    );
  });

  it(
    'after the decision, Tom opening the details and closing the case by its id are refused, and nothing changes',
    { timeout: 60_000 },
    async () => {
      onFailure('tom-after');
      expect(caseId, 'the report was never filed').not.toBe('');
      const before = await settledCase(seats.stack.dataDir, reference);
      expect(before.status).toBe('escalated');
      for (const [verb, data] of [
        ['case.details', { caseId }],
        ['case.close', { caseId }],
        ['case.close.submit', { caseId, formId: `close-${Date.now()}`, outcome: 'Nothing in it', sanction: 'none' }],
      ] as const) {
        expectRefused(await timed(`Tom sends ${verb}`, () => tomInvokes({ type: 'Action.Execute', verb, data })), verb);
      }
      const after = await settledCase(seats.stack.dataDir, reference);
      expect(after.events).toEqual(before.events);
      expect(after.status).toBe('escalated');
    },
  );

  it(
    "Tom's Playground got nothing about the case: no channel post, no 1:1, and nothing is queued for him (reminders included)",
    { timeout: 60_000 },
    async () => {
      onFailure('tom-nothing');
      expect(caseId, 'the report was never filed').not.toBe('');
      // everything the bot sent Tom's Playground, the answers to his invokes included
      const fromBot = await timed("read everything the bot sent Tom's Playground", () => tom.logRequests(FROM_BOT));
      const sentToTom = JSON.stringify(fromBot);
      for (const secret of [reference, caseId, DESCRIPTION, 'needs your decision', 'Online-safety case'])
        expect(sentToTom, `the bot sent Tom's Playground "${secret}"`).not.toContain(secret);
      // no post in any channel, through his Playground or anyone's
      for (const d of [tom, sam, helen]) expect(await d.logLines(/createConversation/)).toEqual([]);
      await tom.selectChannel('Safeguarding');
      await tom.waitForQuietThreads();
      expect(await tom.channelThreads().count()).toBe(0);
      await shoot(tom.page, 'e2e-implicated-6-tom-channel-empty', true);
      await tom.selectPersonalChat();
      await tom.waitForQuiet();
      const chat = (await tom.messages().allInnerTexts()).join('\n');
      expect(chat).not.toContain(reference);
      expect(chat).not.toContain('Online-safety case');
      await shoot(tom.page, 'e2e-implicated-7-tom-chat', true);

      // the outbox: nothing for Tom now or later (the overdue and unacknowledged reminders wait there),
      // no channel card, no channel post; Helen's card is there
      const db = await settledCase(seats.stack.dataDir, reference);
      const name = (id: string | null) =>
        [sam, tom, helen].find((d) => d.config.currentUser.aadObjectId === id)?.config.currentUser.name ?? id ?? 'the channel';
      console.log(
        `${reference} trail: ${db.events.map((e) => e.type).join(', ')}\n` +
          `${reference} outbox: ${db.notifications.map((n) => `${n.kind} -> ${name(n.recipient)} (${n.status}, from ${n.not_before})`).join('; ')}`,
      );
      // the bot could have reached Tom 1:1 (his Playground said hello), and did not
      expect(db.reachable).toContain(TOM.aad);
      expect(db.notifications.filter((n) => n.recipient === TOM.aad)).toEqual([]);
      expect(db.notifications.filter((n) => n.kind === 'channel-card')).toEqual([]);
      expect(db.channelPosts).toBe(0);
      expect(db.notifications).toContainEqual(
        expect.objectContaining({ kind: 'approver-card', recipient: helen.config.currentUser.aadObjectId, status: 'sent' }),
      );
      // and no trace of Tom in the case's trail
      expect(db.events.map((e) => e.actor).join('\n')).not.toContain(TOM.aad);
    },
  );
});
