// R1 by person (issue 13): an adult the reporter names as the one the concern is about is barred from
// the case at every layer, whatever role they hold. Sam reports that Tom Okafor, the deputy DSL, showed
// a pupil pornographic material: Tom is never told, cannot open or act on the case, and it never
// reaches the Safeguarding channel.
import { describe, expect, it } from 'vitest';
import { personalMessage } from '../support/activities.js';
import { FakeConnector } from '../support/fake-connector.js';
import { textOf, type AdaptiveCardContent, type BotSession } from '../support/test-bot.js';
import { PEOPLE, SAFEGUARDING, clickCard, eventTypes, said, schoolDay, storeOf, type Who } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);

const flowIdOf = (card: AdaptiveCardContent): string => (card.refresh as { action: { data: { flowId: string } } }).action.data.flowId;

/** Sam through the cards: a member of staff showed a pupil pornographic material; `about` answers "who is it about?" */
async function samReportsAbout(session: BotSession, about: string): Promise<{ review: string; card: AdaptiveCardContent; flowId: string }> {
  const replies = await session.send(personalMessage('report', PEOPLE.sam));
  let card = replies[0]!.attachments![0]!.content as AdaptiveCardContent;
  const flowId = flowIdOf(card);
  const click = async (inputs: Record<string, string> = {}) => {
    card = await session.click(PEOPLE.sam, 'report.next', { flowId, ...inputs });
    return textOf(card);
  };
  await click({ danger: 'no' });
  const aboutStep = await click({ victims: 'pupil', instigators: 'staff' });
  expect(aboutStep).toContain('Who is it about?');
  expect(aboutStep).toContain('Tom Okafor (Deputy safeguarding lead)');
  await click({ about });
  await click({ 'types-content': 'pornography' });
  await click({ deliberate: 'yes', illegalSuspected: 'no', outsideSchool: 'no' });
  const review = await click({
    date: '2026-11-23',
    description: 'Mr Okafor showed a Year 6 pupil a pornographic video on his phone in class.',
  });
  return { review, card, flowId };
}

async function submit(session: BotSession, flowId: string): Promise<string> {
  return textOf(await session.click(PEOPLE.sam, 'report.submit', { flowId }));
}

const sentTo = (session: BotSession, who: Who) => session.connector.sentTo(who.id).map(said).join('\n---\n');

describe('R1 by person: the named adult never sees the case (issue 13)', () => {
  it('Sam names Tom, the deputy DSL: no channel card, Tom gets nothing, Priya and Helen get it 1:1 and Helen approves', async () => {
    const session = await day.open();
    const before = session.connector.calls.length;
    const { review, flowId } = await samReportsAbout(session, PEOPLE.tom.aadObjectId);
    expect(review).toContain('Tom Okafor will not be told, and cannot open or act on this case. It never goes to a shared channel.');
    expect(review).toContain('Helen Marsh (Headteacher)');
    expect(review).toContain('Priya Shah (Designated safeguarding lead)');
    expect(review).not.toContain('Tom Okafor (Deputy');

    const submitted = await submit(session, flowId);
    const reference = /OS-2026-\d{4}/.exec(submitted)![0];
    const [record] = await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId, 1);
    expect(record!.reference).toBe(reference);
    expect((record!.facts as { implicatedPeople: unknown }).implicatedPeople).toEqual([
      { aadObjectId: PEOPLE.tom.aadObjectId, roles: ['deputy-dsl'] },
    ]);
    expect((record!.plan as { excludePeople: unknown }).excludePeople).toEqual([PEOPLE.tom.aadObjectId]);
    expect((record!.plan as { exclude: unknown }).exclude).toEqual(['deputy-dsl']);

    const calls = await session.deliver();
    expect(calls.filter((c) => c.channelId === SAFEGUARDING)).toEqual([]);
    expect(session.connector.calls.slice(before).filter((c) => c.conversationId.includes('thread'))).toEqual([]);
    expect(sentTo(session, PEOPLE.tom)).not.toContain(reference);
    expect(sentTo(session, PEOPLE.tom)).not.toContain('Okafor');
    const toHelen = sentTo(session, PEOPLE.helen);
    expect(toHelen).toContain(reference);
    expect(sentTo(session, PEOPLE.priya)).toContain(reference);

    // Helen approves from her 1:1 card
    const helenCard = FakeConnector.card(session.connector.sentTo(PEOPLE.helen.id).find((c) => said(c).includes(reference))!)!;
    expect(textOf(helenCard)).not.toContain('Tom Okafor');
    day.set(day.minutes(5));
    const opened = textOf(await clickCard(session, PEOPLE.helen, 'case.open', { caseId: record!.id }));
    expect(opened).toContain('Approve route');
    const approved = textOf(await clickCard(session, PEOPLE.helen, 'case.approve', { caseId: record!.id }));
    expect(approved).toContain('Approved');
    expect((await storeOf(session).get(record!.id))!.status).toBe('escalated');

    await session.deliver();
    expect(sentTo(session, PEOPLE.tom)).not.toContain(reference);
    expect(session.connector.channelCalls()).toEqual([]);
  });

  it('Tom sending invokes with the case id (open, details, approve, close), or pressing a forwarded card, is refused and changes nothing', async () => {
    const session = await day.open();
    const { flowId } = await samReportsAbout(session, PEOPLE.tom.aadObjectId);
    await submit(session, flowId);
    const [record] = await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId, 1);
    await session.deliver();
    const trail = await eventTypes(session, record!.id);
    const sentBefore = session.connector.calls.length;

    for (const [verb, data] of [
      ['case.open', {}],
      ['case.details', {}],
      ['case.approve', {}],
      ['case.close', { outcome: 'No further action', reason: 'Nothing in it' }],
      ['case.ask', { question: 'Who else saw it?' }],
    ] as const) {
      const card = textOf(await clickCard(session, PEOPLE.tom, verb, { caseId: record!.id, ...data }));
      expect(card, verb).not.toContain(record!.reference);
      expect(card, verb).not.toContain('pornographic');
    }
    expect(await eventTypes(session, record!.id)).toEqual(trail);
    expect((await storeOf(session).get(record!.id))!.status).toBe('awaiting-approval');
    await session.deliver();
    expect(sentTo(session, PEOPLE.tom)).not.toContain(record!.reference);
    expect(session.connector.calls.slice(sentBefore).filter((c) => c.op === 'send' && c.conversationId.includes(PEOPLE.tom.id))).toEqual(
      [],
    );
  });

  it('"I\'d rather tell the headteacher in person": only Helen receives it, the DSL and deputy are not told, nothing in the channel', async () => {
    const session = await day.open();
    const { review, flowId } = await samReportsAbout(session, 'in-person');
    expect(review).toContain('Only Helen Marsh will receive this');
    expect(review).toContain('Please speak to the headteacher in person today and name the adult.');
    await submit(session, flowId);
    const [record] = await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId, 1);
    await session.deliver();
    expect(session.connector.channelCalls()).toEqual([]);
    expect(sentTo(session, PEOPLE.helen)).toContain(record!.reference);
    expect(sentTo(session, PEOPLE.priya)).not.toContain(record!.reference);
    expect(sentTo(session, PEOPLE.tom)).not.toContain(record!.reference);
    expect(sentTo(session, PEOPLE.chris)).not.toContain(record!.reference);
  });

  it('"Someone not on this list": the review says the bot cannot keep it from them by name, and it still never reaches the channel', async () => {
    const session = await day.open();
    const { review } = await samReportsAbout(session, 'not-listed');
    expect(review).toContain("You did not choose them from the school's list, so the bot cannot keep this from them by name.");
  });

  it('a made-up id in "who is it about?" is refused at the field and the draft stays on that step', async () => {
    const session = await day.open();
    const replies = await session.send(personalMessage('report', PEOPLE.sam));
    const flowId = flowIdOf(replies[0]!.attachments![0]!.content as AdaptiveCardContent);
    await session.click(PEOPLE.sam, 'report.next', { flowId, danger: 'no' });
    await session.click(PEOPLE.sam, 'report.next', { flowId, victims: 'pupil', instigators: 'staff' });
    const refused = textOf(await session.click(PEOPLE.sam, 'report.next', { flowId, about: 'ffffffff-0000-4000-8000-000000000000' }));
    expect(refused).toContain('Who is it about?');
    expect(refused).toContain('Choose from the list');
  });
});
