import { afterEach, describe, expect, it } from 'vitest';
import { personalMessage } from '../support/activities.js';
import { textOf, cardText, type BotSession } from '../support/test-bot.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { ReminderDispatcher } from '../../src/app/compliance/reminder-dispatcher.js';
import { reminderMessages } from '../../src/adapters/teams/reminder-messages.js';
import { TeamsMessenger } from '../../src/adapters/teams/teams-messenger.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { complianceJobs } from '../../src/app/compliance/jobs.js';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { PEOPLE, schoolSession } from './support/casework.js';
import { exampleProfile, silentLogger } from '../support/test-bot.js';
import { FakeConnector } from '../support/fake-connector.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const now = () => T0;
let sessions: BotSession[] = [];
const open = async () => {
  const s = await schoolSession(now);
  sessions.push(s);
  return s;
};
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

describe('the acceptable use agreement', () => {
  it('a member of staff reads the card, agrees, and the record shows who, which version and when', async () => {
    const session = await open();
    const card = cardText((await session.send(personalMessage('aup', PEOPLE.sam)))[0]!);
    expect(card).toContain('Acceptable use agreement');
    expect(card).toContain('2026-09');
    const agreed = textOf(await session.click(PEOPLE.sam, 'aup.agree', { version: '2026-09' }));
    expect(agreed).toContain('Thank you: recorded');
    expect(agreed).toContain('Renew by');
    expect(agreed).toContain('2027-11-24');
    expect(await new SqliteComplianceRecords(session.db).agreements(PEOPLE.sam.aadObjectId)).toEqual([
      { personId: PEOPLE.sam.aadObjectId, personName: 'Sam Taylor', version: '2026-09', agreedAt: T0.toISOString() },
    ]);
    // a second press records nothing new; an old card for another version shows the current one instead
    await session.click(PEOPLE.sam, 'aup.agree', { version: '2026-09' });
    expect(textOf(await session.click(PEOPLE.sam, 'aup.agree', { version: '2025-09' }))).toContain(
      'The policy has changed since this card was sent',
    );
    expect(await new SqliteComplianceRecords(session.db).agreements(PEOPLE.sam.aadObjectId)).toHaveLength(1);
  });

  it('the DSL sees coverage; a teacher is refused', async () => {
    const session = await open();
    await session.click(PEOPLE.sam, 'aup.agree', { version: '2026-09' });
    const coverage = cardText((await session.send(personalMessage('coverage', PEOPLE.priya)))[0]!);
    expect(coverage).toContain('1 of 8 up to date');
    expect(cardText((await session.send(personalMessage('coverage', PEOPLE.sam)))[0]!)).toContain("You don't have permission to do that");
  });

  it('the monthly job reminds people 1:1 with the card they can agree from; someone who never opened the bot is kept waiting, not dropped', async () => {
    const session = await open();
    const db = session.db;
    const reminders = new SqliteReminderOutbox(db);
    const aup = complianceJobs({ profile: exampleProfile(), records: new SqliteComplianceRecords(db), reminders }).find(
      (j) => j.name === 'aup',
    )!;
    await aup.run({ now: T0, periodKey: 'aup-2026-11', dryRun: false, report: () => {} });
    await aup.run({ now: T0, periodKey: 'aup-2026-11', dryRun: false, report: () => {} });
    expect((await reminders.list({ kind: 'aup' })).length).toBe(9);
    const connector = session.connector;
    const before = connector.calls.length;
    const sender = new ReminderDispatcher({
      outbox: reminders,
      messenger: new TeamsMessenger(new TeamsAdapter({}), ''),
      conversations: new SqliteConversationDirectory(db),
      compose: reminderMessages(),
      logger: silentLogger,
      now,
    });
    const counts = await sender.runOnce();
    // Nia Jones and Omar Ali have never opened the bot in these tests
    expect(counts).toEqual({ sent: 7, retrying: 0, unreachable: 2 });
    const toSam = connector.calls.slice(before).find((c) => c.conversationId === `personal-${PEOPLE.sam.id}`)!;
    expect(textOf(FakeConnector.card(toSam))).toContain('I have read and agree');
    const waiting = (await reminders.list({ kind: 'aup' })).filter((r) => r.status === 'pending');
    expect(waiting).toHaveLength(2);
  });
});

describe('training and leaver accounts', () => {
  it('records a completed course with its date and provider, and refuses a date in the future', async () => {
    const session = await open();
    const card = cardText((await session.send(personalMessage('training', PEOPLE.sam)))[0]!);
    expect(card).toContain('Your training');
    const future = textOf(
      await session.click(PEOPLE.sam, 'training.done', { course: 'online-safety-refresher', completedOn: '2026-12-01', provider: '' }),
    );
    expect(future).toContain('not in the future');
    const course = exampleProfile().training.courses[1]!;
    const done = textOf(
      await session.click(PEOPLE.sam, 'training.done', { course: course.id, completedOn: '2026-11-20', provider: 'National College' }),
    );
    expect(done).toContain('Training recorded');
    expect(await new SqliteComplianceRecords(session.db).training(PEOPLE.sam.aadObjectId)).toEqual([
      {
        personId: PEOPLE.sam.aadObjectId,
        personName: 'Sam Taylor',
        courseId: course.id,
        completedOn: '2026-11-20',
        provider: 'National College',
      },
    ]);
  });

  it('only IT support or the business manager decide a leaver account, with a reason; nothing is disabled by the bot', async () => {
    const session = await open();
    const records = new SqliteComplianceRecords(session.db);
    await records.recordFinding({ accountId: 'acc-1', accountName: 'Old Supply Teacher', periodKey: 'leavers-2026-11', reasons: ['left'] });
    expect(cardText((await session.send(personalMessage('leavers', PEOPLE.sam)))[0]!)).toContain("You don't have permission");
    const list = cardText((await session.send(personalMessage('leavers', PEOPLE.chris)))[0]!);
    expect(list).toContain('Old Supply Teacher');
    const noReason = textOf(
      await session.click(PEOPLE.chris, 'leaver.decide', { accountId: 'acc-1', periodKey: 'leavers-2026-11', decision: 'keep' }),
    );
    expect(noReason).toContain('Give the reason for your decision');
    expect((await records.findings())[0]!.decision).toBeUndefined();
    const kept = textOf(
      await session.click(PEOPLE.chris, 'leaver.decide', {
        accountId: 'acc-1',
        periodKey: 'leavers-2026-11',
        decision: 'disable',
        'reason-acc-1': 'Left in July',
      }),
    );
    expect(kept).toContain('Recorded: disable. Now disable the account in Entra.');
    expect((await records.findings())[0]).toMatchObject({ decision: 'disable', decidedBy: 'Chris Patel', decisionReason: 'Left in July' });
  });

  it("the online-safety lead (here the DSL, as the school has none) ticks off pupils' paper agreements; others are refused", async () => {
    const session = await open();
    expect(cardText((await session.send(personalMessage('pupils', PEOPLE.sam)))[0]!)).toContain("You don't have permission");
    const list = cardText((await session.send(personalMessage('pupils', PEOPLE.priya)))[0]!);
    expect(list).toContain('Ava Brown (Year 5)');
    expect(list).toContain('Leo Green (Year 3)');
    const after = textOf(
      await session.click(PEOPLE.priya, 'pupil-aup.confirm', {
        schoolYear: '2026',
        signed: 'a1b2c3d4-0000-4000-8000-000000000006,not-a-pupil',
      }),
    );
    expect(after).toContain('Recorded 1 signed agreement.');
    expect(after).toContain('Leo Green (Year 3)');
    expect(after).not.toContain('Ava Brown');
    expect(await new SqliteComplianceRecords(session.db).agreements('a1b2c3d4-0000-4000-8000-000000000006')).toMatchObject([
      { personName: 'Ava Brown', version: 'pupils-2026' },
    ]);
    expect(await new SqliteComplianceRecords(session.db).agreements('not-a-pupil')).toEqual([]);
    expect(
      textOf(await session.click(PEOPLE.sam, 'pupil-aup.confirm', { schoolYear: '2026', signed: 'a1b2c3d4-0000-4000-8000-000000000007' })),
    ).toContain("You don't have permission");
  });
});
