// `cases` (issue 14, item 5): the safeguarding team's desk. Priya and Tom type `cases` in their 1:1
// chats and see the open cases whose team they are on, most urgent first, each with Open; Sam, a
// teacher on no case team, is told he has none; a case that names Tom is never on his list.
import { describe, expect, it } from 'vitest';
import { submitReport } from '../../src/app/submit-report.js';
import type { ReportAnswers } from '../../src/app/report-flow/index.js';
import { parseCommand } from '../../src/adapters/teams/commands.js';
import { CASES_IN_PERSONAL_CHAT } from '../../src/adapters/teams/case-routes.js';
import { AVA, personalMessage } from '../support/activities.js';
import { cardText, exampleProfile, textOf, type AdaptiveCardContent, type BotSession } from '../support/test-bot.js';
import { actionsOf } from '../support/adaptive-card.js';
import { PEOPLE, channelPost, clickCard, clickInChannel, report, storeOf, schoolDay, type Who } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z'); // a Tuesday in the autumn term (GMT: London time is UTC)
const day = schoolDay(T0);
const { minutes } = day;

/** what someone types, and the card the bot answers with */
async function typed(session: BotSession, who: Who, words: string): Promise<{ text: string; card: AdaptiveCardContent }> {
  const replies = await session.send(personalMessage(words, who));
  expect(replies).toHaveLength(1);
  return { text: cardText(replies[0]!), card: replies[0]!.attachments![0]!.content as AdaptiveCardContent };
}

/** the references on a list card, in the order shown */
const references = (text: string): string[] => [...text.matchAll(/(OS-2026-\d{4}): /g)].map((m) => m[1]!);

let flows = 0;
/** Sam reports that Tom Okafor, the deputy DSL, showed a pupil pornographic material (as implicated-person.test.ts, through submitReport) */
async function reportAboutTom(session: BotSession, at: Date) {
  const answers: ReportAnswers = {
    victims: ['pupil'],
    instigators: ['staff'],
    about: PEOPLE.tom.aadObjectId,
    types: ['pornography'],
    deliberate: 'yes',
    illegalSuspected: 'no',
    outsideSchool: 'no',
    date: '2026-11-23',
    description: 'Mr Okafor showed a Year 6 pupil a pornographic video on his phone in class.',
  };
  return submitReport({
    store: storeOf(session),
    profile: exampleProfile(),
    draft: { flowId: `cases-about-tom-${++flows}`, step: 'review', startedAt: at.toISOString(), answers },
    reporter: { aadObjectId: PEOPLE.sam.aadObjectId, displayName: PEOPLE.sam.name, kind: 'staff' },
    now: at,
  });
}

describe("`cases`: the safeguarding team's open cases, most urgent first (issue 14, item 5)", () => {
  it('"cases", "my cases" and "open cases" are the command, however typed', () => {
    for (const words of ['cases', 'my cases', 'Open cases', '/cases', 'My Cases.']) expect(parseCommand(words), words).toBe('cases');
    expect(parseCommand('show me the cases about Ava')).toBeUndefined();
  });

  it('Priya sees her open cases: critical first, then high with the overdue and nearest deadline first, each with its deadline words and Open; closed cases are gone', async () => {
    const session = await day.open();
    const yesterday = await report(session, 'grooming', new Date('2026-11-23T10:00:00Z')); // high: decide by Mon 18:00, missed
    const aboutTheHead = await report(session, 'aboutTheHead', minutes(-60)); // high, 09:00: decide by 18:00, then the LADO by Wed
    const grooming = await report(session, 'grooming', T0); // high: decide by 18:00
    const critical = await report(session, 'critical', minutes(5)); // critical: acknowledge by 10:20
    const closedOne = await report(session, 'grooming', minutes(6));
    day.set(minutes(8));
    const post = channelPost((await session.deliver()).filter((c) => JSON.stringify(c.activity).includes(closedOne.id)));
    // the chair decides the case about the head: its next deadline is the LADO, tomorrow
    expect(textOf(await clickCard(session, PEOPLE.david, 'case.approve', { caseId: aboutTheHead.id }))).toContain('Approved.');
    // and the fifth case is approved and closed
    await clickInChannel(session, PEOPLE.priya, 'case.approve', { caseId: closedOne.id }, post);
    const closeForm = await clickCard(session, PEOPLE.priya, 'case.close', { caseId: closedOne.id }, post);
    const formId = (closeForm.actions!.find((a) => a.title === 'Close case')!.data as { formId: string }).formId;
    await clickCard(
      session,
      PEOPLE.priya,
      'case.close.submit',
      { caseId: closedOne.id, formId, outcome: 'Parents told; account blocked.', sanction: 'none' },
      post,
    );
    expect((await storeOf(session).get(closedOne.id))!.status).toBe('closed');

    day.set(minutes(30)); // 10:30: the critical case's acknowledgement is overdue
    const { text, card } = await typed(session, PEOPLE.priya, 'cases');
    expect(text).toContain('Your open cases (4)');
    expect(references(text)).toEqual([critical.reference, yesterday.reference, grooming.reference, aboutTheHead.reference]);
    expect(text).not.toContain(closedOne.reference);
    const lines = text.split('\n');
    const lineOf = (reference: string) => {
      const at = lines.findIndex((l) => l.startsWith(`${reference}:`));
      return lines.slice(at, at + 4);
    };
    expect(lineOf(critical.reference)).toEqual([
      `${critical.reference}: Critical`,
      'Grooming',
      'OVERDUE: Acknowledge by 10:20',
      'Waiting for a decision',
    ]);
    expect(lineOf(yesterday.reference)).toEqual([
      `${yesterday.reference}: High`,
      'Grooming',
      'OVERDUE: Decide by Mon 23 Nov, 18:00',
      'Waiting for a decision',
    ]);
    expect(lineOf(grooming.reference)).toEqual([`${grooming.reference}: High`, 'Grooming', 'Decide by 18:00', 'Waiting for a decision']);
    expect(lineOf(aboutTheHead.reference)).toEqual([
      `${aboutTheHead.reference}: High`,
      'Sexual harassment',
      'Consult the LADO by Wed 25 Nov, 18:00',
      'Approved by David Rees, Tue 24 Nov, 10:08',
    ]);
    // each Open carries the case id alone, on the existing verb
    const opens = actionsOf(card).filter((a) => a.title === 'Open');
    expect(opens.map((a) => [a.verb, a.data])).toEqual(
      [critical, yesterday, grooming, aboutTheHead].map((r) => ['case.open', { caseId: r.id }]),
    );
    // nothing from the reports themselves: the list is the channel card's summary
    for (const secret of ['Ava', 'Steve', 'Roblox', 'Sam Taylor']) expect(JSON.stringify(card)).not.toContain(secret);
    // Open shows the case and its actions in place, in the 1:1 chat, and is the acknowledgement
    const opened = textOf(await clickCard(session, PEOPLE.priya, 'case.open', { caseId: critical.id }));
    expect(opened).toContain(`Online-safety case ${critical.reference}`);
    expect(opened).toContain('Approve route');
    expect(opened).toContain('Acknowledged by Priya Shah, Tue 24 Nov, 10:30');
    const again = (await typed(session, PEOPLE.priya, 'cases')).text;
    expect(again).toContain('Acknowledged by Priya Shah, Tue 24 Nov, 10:30');
    expect(again).not.toContain('OVERDUE: Acknowledge');
  });

  it("Tom, the deputy, sees the same cases; a case that names him is on Priya's list and never on his", async () => {
    const session = await day.open();
    const grooming = await report(session, 'grooming', T0);
    const aboutTom = await reportAboutTom(session, minutes(2));
    expect((aboutTom.plan as { excludePeople: string[] }).excludePeople).toEqual([PEOPLE.tom.aadObjectId]);
    day.set(minutes(3));
    await session.deliver();
    day.set(minutes(20));
    const tom = (await typed(session, PEOPLE.tom, 'my cases')).text;
    expect(references(tom)).toEqual([grooming.reference]);
    expect(tom).toContain('Your open cases (1)');
    expect(tom).toContain('Decide by 18:00');
    expect(tom).not.toContain(aboutTom.reference);
    const priya = (await typed(session, PEOPLE.priya, 'cases')).text;
    expect(references(priya).sort()).toEqual([grooming.reference, aboutTom.reference].sort());
    // and Tom cannot open it from a list he never saw
    expect(textOf(await clickCard(session, PEOPLE.tom, 'case.open', { caseId: aboutTom.id }))).not.toContain(aboutTom.reference);
  });

  it("Sam, a teacher on no case team, is told he has no open cases, never anyone else's", async () => {
    const session = await day.open();
    const record = await report(session, 'grooming', T0);
    await session.deliver();
    const { text, card } = await typed(session, PEOPLE.sam, 'cases');
    expect(text).toContain('You have no open cases.');
    expect(text).not.toContain(record.reference);
    expect(actionsOf(card)).toEqual([]);
    // nor the IT technician, who receives some cases' part but is on no case team
    expect((await typed(session, PEOPLE.chris, 'open cases')).text).toContain('You have no open cases.');
  });

  it('a pupil typing "cases" gets the pupil help, and the command in a channel is refused there', async () => {
    const session = await day.open();
    const record = await report(session, 'grooming', T0);
    const post = channelPost(await session.deliver());
    const ava = await typed(session, AVA, 'cases');
    expect(ava.text).not.toContain(record.reference);
    expect(ava.text).not.toContain('open cases');
    const inChannel = await session.send({
      ...personalMessage('cases', PEOPLE.priya),
      conversation: {
        id: post.conversationId,
        conversationType: 'channel',
        isGroup: true,
        tenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
        name: '',
      },
    });
    expect(inChannel.map((a) => a.text)).toEqual([CASES_IN_PERSONAL_CHAT]);
    expect(JSON.stringify(inChannel)).not.toContain(record.reference);
  });
});
