// issue 15: every card verb's data is parsed by its schema before anything runs. a click whose data
// is not the shape its card sends (an altered or broken client) gets a kind card, and nothing changes.
import { describe, expect, it } from 'vitest';
import { AVA, personalMessage } from '../support/activities.js';
import { textOf } from '../support/test-bot.js';
import { PEOPLE, eventTypes, outboxOf, report, schoolDay, storeOf } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);
const ADULT_WORDS = 'Sorry, I could not read what that card sent, so nothing was changed.';
const PUPIL_WORDS = 'Sorry, that did not work. Nothing was sent.';

describe('a click the bot cannot read', () => {
  it('a case form with a number for its question: the DSL is told kindly, and nothing reaches the trail or the outbox', async () => {
    const session = await day.open();
    const record = await report(session, 'grooming', T0);
    const eventsBefore = await eventTypes(session, record.id);
    const queuedBefore = (await outboxOf(session).backlog(T0)).due;

    const card = await session.click(PEOPLE.priya, 'case.ask.submit', { caseId: record.id, formId: 'f-1', question: 42 });

    expect(textOf(card)).toContain(ADULT_WORDS);
    expect(textOf(card)).toContain('tell the designated safeguarding lead in person now');
    expect(await eventTypes(session, record.id)).toEqual(eventsBefore);
    expect((await outboxOf(session).backlog(T0)).due).toBe(queuedBefore);
  });

  it('a case id that is not text: the same card, not a crash, and the case is untouched', async () => {
    const session = await day.open();
    const record = await report(session, 'grooming', T0);
    const card = await session.click(PEOPLE.priya, 'case.approve', { caseId: { $ne: null } });
    expect(textOf(card)).toContain(ADULT_WORDS);
    expect((await storeOf(session).get(record.id))!.version).toBe(record.version);
  });

  it("a pupil's card with words that are not text: the simplest words, and no report is made", async () => {
    const session = await day.open();
    await session.send(personalMessage('hello', AVA));
    const card = await session.click(AVA, 'worried.send', { cardId: 'c-1', choice: 'unkind', words: ['a', 'b'], danger: 'no' });
    expect(textOf(card)).toContain(PUPIL_WORDS);
    expect(textOf(card)).toContain('tell a grown-up you trust');
    expect(await storeOf(session).listByReporter(AVA.aadObjectId, 10)).toEqual([]);
  });

  it('a report step whose flow id is a number: the reporter is told kindly and the draft is unchanged', async () => {
    const session = await day.open();
    const first = await session.click(PEOPLE.sam, 'report.start', {});
    const card = await session.click(PEOPLE.sam, 'report.next', { flowId: 7, step: 'danger', immediateRisk: 'no' });
    expect(textOf(card)).toContain(ADULT_WORDS);
    // the report is where it was: the same first step again when asked
    expect(textOf(await session.click(PEOPLE.sam, 'report.start', {}))).toBe(textOf(first));
  });
});
