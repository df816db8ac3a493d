// issue 13: identity fails closed and no concern is turned away; a replayed card key cannot swallow a
// child's report; every reporter is rate-limited the same way (everything recorded, the team not paged
// without end).
import { describe, expect, it } from 'vitest';
import { AVA, personalMessage } from '../support/activities.js';
import { BotSession, exampleProfile, textOf, type AdaptiveCardContent } from '../support/test-bot.js';
import { PEOPLE, report, said, schoolDay, storeOf } from './support/casework.js';
import { identify } from '../../src/app/identity.js';
import type { SchoolProfile } from '../../src/domain/index.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);

const LEO = { id: 'user-pupil-leo', name: 'Leo Green', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000007' };
/** a parent's or guest's account in the tenant: on none of the school's lists */
const GUEST = { id: 'user-guest-gail', name: 'Gail Parent', aadObjectId: 'a1b2c3d4-0000-4000-8000-0000000000ee' };

const cardOf = (replies: { attachments?: { content?: unknown }[] }[]) => replies[0]!.attachments![0]!.content as AdaptiveCardContent;

describe('who someone is fails closed', () => {
  const profile = exampleProfile();
  const rosterOnly: SchoolProfile = { ...profile, pupils: { ...profile.pupils, userIds: [] } };
  const groupsOnly: SchoolProfile = { ...profile, pupils: { ...profile.pupils, userIds: [], roster: [] } };
  it.each([
    ['a pupil listed only in the roster', 'pupil', rosterOnly, AVA.aadObjectId],
    ['a member of a pupil group (from the directory copy)', 'pupil', groupsOnly, AVA.aadObjectId],
    ['a guest or parent account on no list', 'unknown', profile, GUEST.aadObjectId],
    ['a member of a staff group only', 'staff', profile, 'a1b2c3d4-0000-4000-8000-0000000000dd'],
    ['a teacher on the staff roster', 'staff', profile, PEOPLE.sam.aadObjectId],
  ] as const)('%s is %s', (_what, kind, p, id) => {
    const groups = { staff: new Set(['a1b2c3d4-0000-4000-8000-0000000000dd']), pupils: new Set([AVA.aadObjectId]) };
    const who = identify(p, id, _what.includes('group') ? groups : undefined);
    expect(who.kind).toBe(kind);
  });
});

describe('someone the school has not listed can still raise a concern, and nothing else', () => {
  it('a guest typing anything, report or aup gets the card for anyone; their worry is recorded as "not on the lists" and reaches the DSL 1:1', async () => {
    const session = await day.open();
    for (const typed of ['hello', 'report', 'aup', 'digest', 'cases']) {
      const card = cardOf(await session.send(personalMessage(typed, GUEST)));
      expect(textOf(card), typed).toContain('Tell Oakfield Primary School about a worry');
      expect(textOf(card), typed).toContain('Please ask the school office to add you.');
    }
    expect(textOf(await session.click(GUEST, 'report.start', {}))).toContain('Tell Oakfield Primary School about a worry');

    const empty = textOf(await session.click(GUEST, 'concern.send', { cardId: 'c1', words: '  ', danger: 'no' }));
    expect(empty).toContain('Write a few words about what worries you.');
    expect(await storeOf(session).listByReporter(GUEST.aadObjectId)).toEqual([]);

    const thanks = textOf(
      await session.click(GUEST, 'concern.send', {
        cardId: 'c1',
        words: 'My son says an older boy online keeps asking him for photos',
        danger: 'no',
      }),
    );
    expect(thanks).toContain('Thank you for telling us');
    const [record] = await storeOf(session).listByReporter(GUEST.aadObjectId);
    expect(record).toMatchObject({
      severity: 'medium',
      details: { reporterNotListed: true, description: 'My son says an older boy online keeps asking him for photos' },
    });
    await session.deliver();
    const toPriya = session.connector.sentTo(PEOPLE.priya.id).map(said).join('\n');
    expect(toPriya).toContain(record!.reference);
    expect(toPriya).toContain("Someone not on the school's lists is worried");
    expect(toPriya).toContain('My son says an older boy online keeps asking him for photos');
    // their own status, and nothing of anyone else's
    const status = textOf(cardOf(await session.send(personalMessage('status', GUEST))));
    expect(status).toContain(record!.reference);
  });

  it("a guest pressing a case card or the pupils' card is refused and nothing changes", async () => {
    const session = await day.open();
    const record = await report(session, 'grooming', T0);
    const refused = textOf(await session.click(GUEST, 'case.open', { caseId: record.id }));
    expect(refused).not.toContain(record.reference);
    const worry = textOf(await session.click(GUEST, 'worried.send', { cardId: 'x', choice: 'stranger', danger: 'yes' }));
    expect(worry).toContain('Tell Oakfield Primary School about a worry');
    expect(await storeOf(session).listByReporter(GUEST.aadObjectId)).toEqual([]);
  });
});

describe("a replayed card id cannot swallow a child's report", () => {
  it("Leo sending Ava's card id with danger now gets his own report, recorded and reaching the DSL", async () => {
    const session = await day.open();
    await session.send(personalMessage('hello', AVA));
    await session.send(personalMessage('hello', LEO));
    const form = await session.click(AVA, 'worried.start', {});
    const cardId = (form.actions![0]!.data as { cardId: string }).cardId;
    await session.click(AVA, 'worried.send', { cardId, choice: 'unkind', words: 'someone is mean to me', danger: 'no' });

    const leo = textOf(
      await session.click(LEO, 'worried.send', { cardId, choice: 'stranger', words: 'a man is outside my house', danger: 'yes' }),
    );
    expect(leo).toContain('You are not alone');
    const [leoRecord] = await storeOf(session).listByReporter(LEO.aadObjectId);
    expect(leoRecord).toMatchObject({
      severity: 'critical',
      reportedBy: { aadObjectId: LEO.aadObjectId },
      details: { description: 'a man is outside my house', dangerNow: true },
    });
    const [avaRecord] = await storeOf(session).listByReporter(AVA.aadObjectId);
    expect(avaRecord!.id).not.toBe(leoRecord!.id);
    await session.deliver();
    expect(session.connector.sentTo(PEOPLE.priya.id).map(said).join('\n')).toContain(leoRecord!.reference);
    // Ava's own double tap is still one report
    await session.click(AVA, 'worried.send', { cardId, choice: 'unkind', words: 'someone is mean to me', danger: 'no' });
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toHaveLength(1);
  });
});

describe('every reporter is rate-limited the way pupils are', () => {
  it('seven critical reports from one account in ten minutes: all seven recorded, the DSL paged 1:1 for the first five only', async () => {
    const session = await day.open();
    const records = [];
    for (let i = 0; i < 7; i++) records.push(await report(session, 'critical', T0));
    expect(new Set(records.map((r) => r.id)).size).toBe(7);
    await session.deliver();
    const alerts = session.connector
      .sentTo(PEOPLE.priya.id)
      .map(said)
      .filter((t) => /Critical/.test(t));
    const paged = records.filter((r) => alerts.some((a) => a.includes(r.reference)));
    expect(paged.map((r) => r.reference)).toEqual(records.slice(0, 5).map((r) => r.reference));
    expect(records[6]!.details).toMatchObject({ recentCount: 7 });
  });
});

describe('a fresh bot session keeps these rules after a restart', () => {
  it('the guest is still not staff after a restart', async () => {
    const session = new BotSession({ now: () => T0 });
    session.restart();
    expect(textOf(cardOf(await session.send(personalMessage('report', GUEST))))).toContain('about a worry');
    session.close();
  });
});

describe("a pupil's words longer than the card allows", () => {
  it('are refused kindly and nothing is recorded until they fit', async () => {
    const session = await day.open();
    const form = await session.click(AVA, 'worried.start', {});
    const cardId = (form.actions![0]!.data as { cardId: string }).cardId;
    const refused = textOf(
      await session.click(AVA, 'worried.send', { cardId, choice: 'unkind', words: 'x'.repeat(900_000), danger: 'no' }),
    );
    expect(refused).toContain('Please make it shorter (up to 2000 letters)');
    expect(await storeOf(session).listByReporter(AVA.aadObjectId)).toEqual([]);
  });
});
