// closing a case with the school's own sanctions (issue 16, Camden model section 5) and the incident-log
// keeper's copy (first school 3.2): what the close form offers, a forged or stale sanction refused with
// nothing changed, and the keeper's copy, without names, never to a person the case is about
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_ON_THE_LIST } from '../../src/app/casework/case-actions.js';
import type { SchoolProfile } from '../../src/domain/index.js';
import { personalMessage } from '../support/activities.js';
import { BotSession, exampleProfile, textOf } from '../support/test-bot.js';
import { CHILD_NAMES, DESCRIPTION, PEOPLE, channelPost, eventTypes, outboxOf, report, said, storeOf } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z');

/** the example school, with its own category C list and Jo Evans (the business manager) keeping the incident log */
function schoolWithOwnSanctions(keeper: SchoolProfile['incidentLog']['keeper'] | null = 'business-manager'): SchoolProfile {
  const profile = exampleProfile();
  profile.sanctions.pupil.C = ['Referral to the head teacher', 'Contact with parents'];
  profile.incidentLog = keeper ? { keeper } : {};
  return profile;
}

let sessions: BotSession[] = [];
afterEach(() => {
  for (const s of sessions) s.close();
  sessions = [];
});
async function open(profile: SchoolProfile): Promise<BotSession> {
  const session = new BotSession({ now: () => T0, profile });
  sessions.push(session);
  for (const p of Object.values(PEOPLE)) await session.send(personalMessage('help', p));
  return session;
}

describe("closing a case: the school's sanctions and its incident log", () => {
  it("the close form offers the school's list for category C; a forged sanction is refused and the case stays open", async () => {
    const session = await open(schoolWithOwnSanctions());
    const record = await report(session, 'grooming', T0);
    const where = { channelConversationId: channelPost(await session.deliver()).conversationId };
    await session.click(PEOPLE.priya, 'case.approve', { caseId: record.id }, where);

    const form = await session.click(PEOPLE.priya, 'case.close', { caseId: record.id }, where);
    const sanctions = (JSON.stringify(form).match(/"title":"(Pupil|Staff|No sanction)[^"]*"/g) ?? []).map((t) => t.slice(9, -1));
    expect(sanctions).toEqual([
      'No sanction',
      'Pupil, category A',
      'Pupil, category B',
      'Pupil, category C: Referral to the head teacher',
      'Pupil, category C: Contact with parents',
      'Pupil, category D',
      'Staff, category A (misconduct)',
      'Staff, category B (gross misconduct)',
    ]);
    expect(textOf(form)).toContain('The outcome and sanction are copied to the incident log the business manager keeps');
    const formId = (form.actions!.find((a) => a.title === 'Close case')!.data as { formId: string }).formId;

    for (const forged of ['pupil-C', 'pupil-C:Expelled for ever', 'pupil-C:referral to the head teacher']) {
      const refused = textOf(
        await session.click(PEOPLE.priya, 'case.close.submit', { caseId: record.id, formId, outcome: 'Done.', sanction: forged }, where),
      );
      expect(refused).toContain(NOT_ON_THE_LIST);
      expect(refused).not.toContain('Case closed.');
    }
    expect(await eventTypes(session, record.id)).not.toContain('closed');
    expect((await storeOf(session).get(record.id))!.status).toBe('escalated');
    expect((await outboxOf(session).forIncident(record.id)).filter((n) => n.kind === 'incident-log')).toEqual([]);

    const closed = textOf(
      await session.click(
        PEOPLE.priya,
        'case.close.submit',
        { caseId: record.id, formId, outcome: 'CEOP report made; parents told.', sanction: 'pupil-C:Contact with parents' },
        where,
      ),
    );
    expect(closed).toContain('Case closed.');
    expect((await storeOf(session).events(record.id)).at(-1)).toMatchObject({
      type: 'closed',
      data: { sanction: 'pupil-C', sanctionWords: 'Contact with parents' },
    });

    await session.deliver();
    const toJo = session.connector.sentTo(PEOPLE.jo.id).map(said).join('\n---\n');
    expect(toJo).toContain(`For the incident log: case ${record.reference} is closed.`);
    expect(toJo).toContain('Outcome: CEOP report made; parents told.');
    expect(toJo).toContain('Sanction: Pupil, category C: Contact with parents');
    for (const secret of [CHILD_NAMES, DESCRIPTION, 'Roblox']) expect(toJo).not.toContain(secret);
  });

  it('no keeper named: closing sends no log copy, as before', async () => {
    const session = await open(schoolWithOwnSanctions(null));
    const record = await report(session, 'grooming', T0);
    const where = { channelConversationId: channelPost(await session.deliver()).conversationId };
    await session.click(PEOPLE.priya, 'case.approve', { caseId: record.id }, where);
    const form = await session.click(PEOPLE.priya, 'case.close', { caseId: record.id }, where);
    expect(textOf(form)).not.toContain('incident log');
    const formId = (form.actions!.find((a) => a.title === 'Close case')!.data as { formId: string }).formId;
    await session.click(PEOPLE.priya, 'case.close.submit', { caseId: record.id, formId, outcome: 'Done.', sanction: 'none' }, where);
    expect((await outboxOf(session).forIncident(record.id)).map((n) => n.kind)).not.toContain('incident-log');
  });

  it('the keeper is the adult the case is about: the dispatcher checks again at the send and the copy is cancelled', async () => {
    // the headteacher keeps the log and the concern is about the headteacher: closing queues nothing for
    // Helen; a copy queued for her anyway (an older profile, a bug) is stopped by the per-send check
    const session = await open(schoolWithOwnSanctions('headteacher'));
    const record = await report(session, 'aboutTheHead', T0);
    await session.deliver();
    await storeOf(session).appendEvent(
      record.id,
      { type: 'test-queued', at: T0.toISOString(), actor: { system: 'test' } },
      { outbox: [{ key: 'incident-log:forced', kind: 'incident-log', recipient: PEOPLE.helen.aadObjectId, notBefore: T0.toISOString() }] },
    );
    await session.deliver();
    const copy = (await outboxOf(session).forIncident(record.id)).find((n) => n.kind === 'incident-log')!;
    expect(copy).toMatchObject({ status: 'cancelled', note: 'the person is implicated in the case' });
    expect(session.connector.sentTo(PEOPLE.helen.id)).toEqual([]);
  });
});
