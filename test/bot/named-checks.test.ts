// issue 16: a school's own recurring check (Bentley 3.4's monthly ICT security check) reaches its audience
// 1:1 through the reminder outbox with "I've done it"; only the check's audience may record it (checked on
// the server), and a check done in its month is not asked again that month.
import { afterEach, describe, expect, it } from 'vitest';
import { TeamsAdapter } from '@microsoft/teams-ai';
import { personalMessage } from '../support/activities.js';
import { BotSession, exampleProfile, silentLogger, textOf } from '../support/test-bot.js';
import { FakeConnector } from '../support/fake-connector.js';
import { actionsOf } from '../support/adaptive-card.js';
import { PEOPLE } from './support/casework.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { SqliteReminderOutbox } from '../../src/adapters/sqlite/sqlite-reminder-outbox.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { TeamsMessenger } from '../../src/adapters/teams/teams-messenger.js';
import { reminderMessages } from '../../src/adapters/teams/reminder-messages.js';
import { ReminderDispatcher } from '../../src/app/compliance/reminder-dispatcher.js';
import { complianceJobs } from '../../src/app/compliance/jobs.js';
import type { SchoolProfile } from '../../src/domain/index.js';

const base = exampleProfile();
const profile: SchoolProfile = {
  ...base,
  checks: [{ id: 'ict-security', name: 'ICT security check', every: 'monthly', audience: ['it-support'] }],
};

let sessions: BotSession[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});

describe('a named recurring check in Teams', () => {
  it("IT support gets the monthly ICT security check with I've done it; the headteacher is refused; done in April, 16 April asks nobody", async () => {
    let clock = new Date('2027-04-01T07:20:00Z');
    const now = () => clock;
    const session = new BotSession({ now, profile });
    sessions.push(session);
    for (const p of [PEOPLE.chris, PEOPLE.helen]) await session.send(personalMessage('help', p));
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
    const job = complianceJobs({ profile, records, reminders: outbox }).find((j) => j.name === 'check-ict-security')!;
    expect(job.cron).toBe('20 8 * * *');
    const run = async () => {
      const lines: string[] = [];
      await job.run({ now: clock, periodKey: job.periodKey(clock), dryRun: false, report: (l) => lines.push(l) });
      return lines;
    };

    expect(await run()).toEqual(['reminding 1 person']);
    expect((await outbox.list()).map((r) => [r.recipient, r.kind, r.key])).toEqual([
      [PEOPLE.chris.aadObjectId, 'check:ict-security', `check:ict-security:2027-04-01:first:${PEOPLE.chris.aadObjectId}`],
    ]);
    const before = session.connector.calls.length;
    await dispatcher.runOnce();
    const sent = session.connector.calls.slice(before);
    expect(sent.map((c) => c.conversationId)).toEqual([`personal-${PEOPLE.chris.id}`]);
    const card = FakeConnector.card(sent[0]!)!;
    expect(textOf(card)).toContain('Time for the ICT security check');
    expect(textOf(card)).toContain('The school asks for the ICT security check every month.');
    expect(textOf(card)).toContain('Please do it before 1 May 2027.');
    expect(actionsOf(card).map((a) => [a.title, a.verb, a.data])).toEqual([
      ["I've done it", 'review.done', { review: 'check:ict-security' }],
    ]);

    clock = new Date('2027-04-05T09:30:00Z');
    expect(textOf(await session.click(PEOPLE.helen, 'review.done', { review: 'check:ict-security' }))).toContain(
      'Only the people it is asked of can record the ICT security check. Nothing was recorded.',
    );
    expect(await records.latestReview('check:ict-security')).toBeUndefined();
    expect(textOf(await session.click(PEOPLE.chris, 'review.done', { review: 'check:nothing-like-it' }))).toContain(
      'Nothing was recorded.',
    );
    const recorded = textOf(await session.click(PEOPLE.chris, 'review.done', { review: 'check:ict-security' }));
    expect(recorded).toContain('Recorded: thank you');
    expect(recorded).toContain('Next one due from');
    expect(recorded).toContain('1 May 2027');
    expect(await records.latestReview('check:ict-security')).toEqual({
      review: 'check:ict-security',
      reviewedOn: '2027-04-05',
      personId: PEOPLE.chris.aadObjectId,
      personName: 'Chris Patel',
      recordedAt: '2027-04-05T09:30:00.000Z',
    });

    clock = new Date('2027-04-16T07:20:00Z');
    expect(await run()).toEqual(['done on 2027-04-05, in this period (from 2027-04-01): nothing to send']);
    clock = new Date('2027-05-01T07:20:00Z');
    expect(await run()).toEqual(['reminding 1 person']);
    expect((await outbox.list()).map((r) => r.key.split(':').slice(0, 4).join(':'))).toEqual([
      'check:ict-security:2027-04-01:first',
      'check:ict-security:2027-05-01:first',
    ]);
  });

  it("pressed in IT support's card of reminders, it records the check and redraws the filtering review still to do", async () => {
    const session = new BotSession({ now: () => new Date('2027-09-24T09:00:00Z'), profile });
    sessions.push(session);
    await session.send(personalMessage('help', PEOPLE.chris));
    const answer = await session.click(PEOPLE.chris, 'review.done', {
      review: 'check:ict-security',
      group: 'filtering-review,check:ict-security',
    });
    const text = textOf(answer);
    expect(text).toContain('Recorded: thank you');
    expect(text).toContain('The ICT security check is done every month: this one is recorded.');
    expect(text).toContain('Review filtering and monitoring');
    expect(actionsOf(answer).map((a) => a.data)).toEqual([{ review: 'filtering', group: 'filtering-review,check:ict-security' }]);
    expect(await new SqliteComplianceRecords(session.db).latestReview('check:ict-security')).toMatchObject({
      reviewedOn: '2027-09-24',
      personName: 'Chris Patel',
    });
  });
});
