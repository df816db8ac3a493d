// issue 14 item 7: a person's reminders come together, in one card with a section each, and what they
// press there is recorded as from the reminder's own card; the yearly reviews are recorded in Teams
// ("I've done it") and asked again a year later, never by editing the profile.
import { afterEach, describe, expect, it } from 'vitest';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { personalMessage } from '../support/activities.js';
import { BotSession, exampleProfile, silentLogger, textOf } from '../support/test-bot.js';
import { FakeConnector, type ConnectorCall } from '../support/fake-connector.js';
import { actionsOf } from '../support/adaptive-card.js';
import { PEOPLE } from './support/casework.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { TeamsMessenger } from '../../src/adapters/teams/teams-messenger.js';
import { reminderMessages } from '../../src/adapters/teams/reminder-messages.js';
import { ReminderDispatcher } from '../../src/app/compliance/reminder-dispatcher.js';
import { complianceJobs } from '../../src/app/compliance/jobs.js';
import { collectDigest } from '../../src/app/digest/collect.js';
import type { JobName } from '../../src/domain/index.js';

const NIA = { id: 'user-staff-nia', name: 'Nia Jones', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000010' };
const profile = exampleProfile();

let sessions: BotSession[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

/** a school on a clock the test moves; the people named have opened their chat with the bot */
async function school(start: string, people: { id: string; name: string; aadObjectId: string }[]) {
  let clock = new Date(start);
  const now = () => clock;
  const session = new BotSession({ now });
  sessions.push(session);
  for (const p of people) await session.send(personalMessage('help', p));
  const records = new SqliteComplianceRecords(session.db);
  const outbox = new SqliteReminderOutbox(session.db);
  const dispatcher = new ReminderDispatcher({
    outbox,
    messenger: new TeamsMessenger(new TeamsAdapter({}), ''),
    conversations: new SqliteConversationDirectory(session.db),
    compose: reminderMessages({ courses: profile.training.courses, now }),
    logger: silentLogger,
    now,
    random: () => 0.5,
  });
  const jobs = complianceJobs({ profile, records, reminders: outbox });
  const run = async (name: JobName, periodKey: string) => {
    const lines: string[] = [];
    await jobs.find((j) => j.name === name)!.run({ now: clock, periodKey, dryRun: false, report: (l) => lines.push(l) });
    return lines;
  };
  /** runs the dispatcher once: the calls it made to the connector */
  const deliver = async () => {
    const before = session.connector.calls.length;
    const counts = await dispatcher.runOnce();
    return { counts, calls: session.connector.calls.slice(before) };
  };
  return { session, records, outbox, dispatcher, run, deliver, setClock: (at: string) => (clock = new Date(at)) };
}

const buttons = (card: unknown) =>
  actionsOf(card).map((a) => ({
    title: a.title as string,
    verb: a.verb as string | undefined,
    data: a.data as Record<string, string> | undefined,
  }));
const button = (card: unknown, title: string) => buttons(card).find((b) => b.title === title)!;

describe("a new teacher's reminders come in one card", () => {
  it('Nia gets ONE card with her AUP and induction, each with its own button; agreeing and completing are recorded there', async () => {
    const { session, records, outbox, run, deliver, setClock } = await school('2026-11-24T10:00:00Z', [NIA]);
    await run('aup', 'aup-2026-11');
    await run('training', 'training-2026-11');
    const hers = await outbox.list({ recipient: NIA.aadObjectId });
    expect(hers.map((r) => r.kind)).toEqual(['aup', 'training']);

    const { counts, calls } = await deliver();
    const toNia = calls.filter((c) => c.conversationId === `personal-${NIA.id}`);
    expect(toNia).toHaveLength(1);
    // each reminder's outcome is kept on its own
    expect((await outbox.list({ recipient: NIA.aadObjectId })).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(counts.sent).toBeGreaterThanOrEqual(2);
    expect(toNia[0]!.activity.summary).toBe('Your reminders: acceptable use agreement, training');
    const card = FakeConnector.card(toNia[0]!)!;
    const text = textOf(card);
    expect(text).toContain('2 things the school asks of you, each with its own button.');
    expect(text).toContain('Welcome! Everyone agrees to the acceptable use policy when they start.');
    expect(text.indexOf('Acceptable use agreement')).toBeLessThan(text.indexOf('Online safety induction'));
    expect(buttons(card).map((b) => [b.title, b.verb])).toEqual([
      ['Read the whole policy', undefined],
      ['I have read and agree', 'aup.agree'],
      ["I've completed it", 'training.done'],
    ]);

    // "I have read and agree" in the card: the agreement is recorded, and the training is still there to do
    setClock('2026-11-25T08:30:00Z');
    const agreed = await session.click(NIA, 'aup.agree', button(card, 'I have read and agree').data!);
    expect(await records.agreements(NIA.aadObjectId)).toEqual([
      { personId: NIA.aadObjectId, personName: 'Nia Jones', version: '2026-09', agreedAt: '2026-11-25T08:30:00.000Z' },
    ]);
    expect(textOf(agreed)).toContain('Thank you: recorded');
    expect(textOf(agreed)).toContain('Renew by');
    expect(textOf(agreed)).toContain('Online safety induction');
    expect(buttons(agreed).map((b) => b.title)).toEqual(["I've completed it"]);

    // a date in the future is refused in the same card, beside the rest; then the induction is recorded
    const inputs = { course: 'induction', provider: 'Oakfield induction day' };
    const future = await session.click(NIA, 'training.done', {
      ...button(agreed, "I've completed it").data,
      ...inputs,
      completedOn: '2026-12-01',
    });
    expect(textOf(future)).toContain('Give the date you completed it (not in the future).');
    expect(textOf(future)).toContain('Thank you: recorded');
    const done = await session.click(NIA, 'training.done', {
      ...button(agreed, "I've completed it").data,
      ...inputs,
      completedOn: '2026-11-20',
    });
    expect(textOf(done)).toContain('Recorded: Online safety induction completed on 20 Nov 2026.');
    expect(textOf(done)).toContain('Thank you: recorded');
    expect(await records.training(NIA.aadObjectId)).toEqual([
      {
        personId: NIA.aadObjectId,
        personName: 'Nia Jones',
        courseId: 'induction',
        completedOn: '2026-11-20',
        provider: 'Oakfield induction day',
      },
    ]);
  });

  it('while the turn welcoming her runs, her reminders are held; released, they go at once as one card', async () => {
    const { outbox, dispatcher, run, deliver } = await school('2026-11-24T10:00:00Z', [NIA]);
    await run('aup', 'aup-2026-11');
    await run('training', 'training-2026-11');
    dispatcher.hold(NIA.aadObjectId);
    const held = await deliver();
    expect(held.calls.filter((c) => c.conversationId === `personal-${NIA.id}`)).toEqual([]);
    expect((await outbox.list({ recipient: NIA.aadObjectId })).map((r) => r.status)).toEqual(['pending', 'pending']);
    const before = sessions[0]!.connector.calls.length;
    await dispatcher.release(NIA.aadObjectId);
    const released = sessions[0]!.connector.calls.slice(before);
    expect(released.map((c) => c.conversationId)).toEqual([`personal-${NIA.id}`]);
    expect(textOf(FakeConnector.card(released[0]!))).toContain('Online safety induction');
    expect(dispatcher.isHeld(NIA.aadObjectId)).toBe(false);
  });

  it('throttled, her reminders wait and are tried again together; never reached, they all wait for her', async () => {
    const { session, outbox, run, deliver } = await school('2026-11-24T10:00:00Z', [NIA]);
    await run('aup', 'aup-2026-11');
    await run('training', 'training-2026-11');
    session.connector.failNext(4, 429, { 'Retry-After': '0' }); // the connector client retries three times itself
    const first = await deliver();
    const hers = await outbox.list({ recipient: NIA.aadObjectId });
    expect(hers.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    expect(new Set(hers.map((r) => r.nextAttemptAt)).size).toBe(1);
    expect(first.counts.retrying).toBe(2);
    // nobody else here has opened the bot: Omar's reminders wait for him, all until the same time
    const omar = await outbox.list({ recipient: 'a1b2c3d4-0000-4000-8000-000000000011' });
    expect(omar.map((r) => r.kind)).toEqual(['aup', 'training']);
    expect(omar.every((r) => r.status === 'pending' && r.nextAttemptAt === omar[0]!.nextAttemptAt)).toBe(true);
  });
});

describe('the yearly reviews remember when they were done', () => {
  const PRIYA = PEOPLE.priya;
  const reminded = (calls: ConnectorCall[], who: { id: string }) => calls.filter((c) => c.conversationId === `personal-${who.id}`);

  it("the DSL presses I've done it: recorded with who and when; others are refused; next September waits a year from that day", async () => {
    const { session, records, outbox, run, deliver, setClock } = await school('2027-09-01T08:00:00Z', Object.values(PEOPLE));
    // the profile's policyReviewedOn is 2026-07-08: a year on, it is due
    expect(await run('policy-review', 'policy-review-2027')).toEqual(['last reviewed on 2026-07-08; due now', 'reminding 2 people']);
    const first = await deliver();
    const toPriya = reminded(first.calls, PRIYA);
    expect(toPriya).toHaveLength(1);
    expect(reminded(first.calls, PEOPLE.helen)).toHaveLength(1);
    const card = FakeConnector.card(toPriya[0]!)!;
    expect(textOf(card)).toContain(
      'The online-safety policy is reviewed every year with the governors; it was last reviewed on 8 Jul 2026.',
    );
    expect(textOf(card)).not.toContain('school profile');
    expect(buttons(card)).toEqual([{ title: "I've done it", verb: 'review.done', data: { review: 'policy' } }]);

    setClock('2027-09-03T09:30:00Z');
    // not the DSL or the headteacher: refused on the server, nothing recorded
    for (const who of [PEOPLE.sam, PEOPLE.david, PEOPLE.chris]) {
      expect(textOf(await session.click(who, 'review.done', { review: 'policy' }))).toContain(
        'Only the DSL or the headteacher can record this review. Nothing was recorded.',
      );
    }
    expect(await records.latestReview('policy')).toBeUndefined();
    const recorded = textOf(await session.click(PRIYA, 'review.done', { review: 'policy' }));
    expect(recorded).toContain('Recorded: thank you');
    expect(recorded).toMatch(/Reviewed\n3 Sep 2027\nRecorded by\nPriya Shah\nNext review due\n3 Sep 2028/);
    expect(await records.latestReview('policy')).toEqual({
      review: 'policy',
      reviewedOn: '2027-09-03',
      personId: PRIYA.aadObjectId,
      personName: 'Priya Shah',
      recordedAt: '2027-09-03T09:30:00.000Z',
    });
    // the digest's "when reviews are due" reads it too (filtering: still the profile's 2026-09-23)
    const digest = await collectDigest({
      store: new SqliteIncidentStore(session.db),
      records,
      profile,
      at: new Date('2027-12-01T12:00:00Z'),
    });
    expect(digest.reviews).toEqual({ policyDueOn: '2028-09-03', filteringDueOn: '2027-09-23' });

    // the next September: queued, but it waits for 3 September (09:00 London), a year after the review
    setClock('2028-09-01T08:00:00Z');
    expect(await run('policy-review', 'policy-review-2028')).toEqual([
      'last reviewed on 2027-09-03; the reminder waits until 2028-09-03',
      'reminding 2 people',
    ]);
    expect(reminded((await deliver()).calls, PRIYA)).toEqual([]);
    // opening the bot wakes what waits to reach her, not what waits for its day
    expect(await outbox.wake(PRIYA.aadObjectId, new Date('2028-09-01T08:05:00Z'))).toBe(0);
    setClock('2028-09-03T07:59:00Z');
    expect(reminded((await deliver()).calls, PRIYA)).toEqual([]);
    setClock('2028-09-03T08:00:00Z');
    const due = reminded((await deliver()).calls, PRIYA);
    expect(due).toHaveLength(1);
    expect(textOf(FakeConnector.card(due[0]!))).toContain('it was last reviewed on 3 Sep 2027 (recorded by Priya Shah).');
  });

  it('filtering: IT support records it; the headteacher (not asked about filtering) is refused', async () => {
    const { session, records } = await school('2027-09-23T08:00:00Z', [PEOPLE.chris, PEOPLE.helen]);
    expect(textOf(await session.click(PEOPLE.helen, 'review.done', { review: 'filtering' }))).toContain(
      'Only IT support, the DSL or a governor can record this review. Nothing was recorded.',
    );
    expect(await records.latestReview('filtering')).toBeUndefined();
    expect(textOf(await session.click(PEOPLE.chris, 'review.done', { review: 'filtering' }))).toContain('Next review due');
    expect(await records.latestReview('filtering')).toMatchObject({ reviewedOn: '2027-09-23', personName: 'Chris Patel' });
    expect(textOf(await session.click(PEOPLE.chris, 'review.done', { review: 'everything' }))).toContain('Nothing was recorded.');
  });

  it("in the DSL's card of reminders, I've done it records the policy review and leaves the others to do", async () => {
    // both reviews due: the policy's was on 8 July, filtering's on 23 September (the profile's dates)
    const { session, records, run, deliver, setClock } = await school('2027-09-24T08:00:00Z', [PRIYA]);
    await run('policy-review', 'policy-review-2027');
    await run('filtering-review', 'filtering-review-2027');
    await run('aup', 'aup-2027-09');
    const toPriya = reminded((await deliver()).calls, PRIYA);
    expect(toPriya).toHaveLength(1);
    const card = FakeConnector.card(toPriya[0]!)!;
    expect(textOf(card)).toContain("Pupils' acceptable use agreements");
    expect(buttons(card).map((b) => b.title)).toEqual(["I've done it", "I've done it", 'Read the whole policy', 'I have read and agree']);
    setClock('2027-09-27T10:00:00Z');
    const after = await session.click(PRIYA, 'review.done', buttons(card)[0]!.data!);
    expect(await records.latestReview('policy')).toMatchObject({ reviewedOn: '2027-09-27', personName: 'Priya Shah' });
    expect(await records.latestReview('filtering')).toBeUndefined();
    const text = textOf(after);
    expect(text).toContain('Recorded: thank you');
    expect(text).toContain('Review filtering and monitoring');
    expect(buttons(after).map((b) => [b.title, b.data?.review ?? b.data?.version])).toEqual([
      ["I've done it", 'filtering'],
      ['Read the whole policy', undefined],
      ['I have read and agree', '2026-09'],
    ]);
  });
});
