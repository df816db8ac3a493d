import { describe, expect, it } from 'vitest';
import { aupAgreedCard, aupCard, coverageCard, leaversCard, noticeCard, pupilAupCard, trainingCard, trainingRecordedCard } from '../../src/adapters/teams/cards/compliance-cards.js';
import { cardText } from '../../src/adapters/teams/cards/card-text.js';
import { actionsOf, checkCard } from '../support/adaptive-card.js';

const CARDS = {
  aup: aupCard({ version: '2026-09', summary: 'School devices are for school work.', url: 'https://www.example.org/aup.pdf', why: 'We have no record of you agreeing.' }),
  'aup agreed': aupAgreedCard({ name: 'Sam Taylor', version: '2026-09', agreedOn: '24 Nov 2026', renewBy: '2027-11-24' }),
  training: trainingCard({ name: 'Sam Taylor', today: '2026-11-24', courses: [{ courseId: 'induction', name: 'Induction', dueOn: '2026-10-01', state: 'overdue' }, { courseId: 'refresher', name: 'Annual refresher', dueOn: '2027-09-01', state: 'ok' }] }),
  'training with an error': trainingCard({ name: 'Sam Taylor', today: '2026-11-24', courses: [{ courseId: 'induction', name: 'Induction', dueOn: '2026-10-01', state: 'overdue' }], error: 'Give the date.', values: { course: 'induction', completedOn: '2026-12-01' } }),
  'training recorded': trainingRecordedCard({ name: 'Sam Taylor', course: 'Induction', completedOn: '2026-11-20', nextDueOn: '2027-11-20' }),
  leavers: leaversCard({ periodKey: 'leavers-2026-11', accounts: [{ id: 'a1', name: 'Old Supply Teacher', userPrincipalName: 'old@oakfield.example', reasons: ['left'] }, { id: 'a2', name: 'Kept Account', userPrincipalName: 'kept@oakfield.example', reasons: ['dormant'], decision: 'keep' }] }),
  'pupil agreements': pupilAupCard({ schoolYear: '2026', missing: [{ id: 'p1', name: 'Ava Brown', className: 'Year 5' }] }),
  'pupil agreements, all done': pupilAupCard({ schoolYear: '2026', missing: [], notice: 'Recorded 1 signed agreement.' }),
  notice: noticeCard({ title: 'Time to change your password', lines: ['Please change it now.'] }),
  coverage: coverageCard({ aup: [{ group: 'Staff', total: 8, valid: 1, expiring: 0, missing: 7 }], trainingOverdue: [{ name: 'Sam Taylor', courses: ['Induction'] }] }),
};

describe('compliance cards', () => {
  it.each(Object.entries(CARDS))('%s parses without problems, v1.5, under 40 KB, buttons with fallbacks', (_name, c) => {
    const { problems, bytes } = checkCard(c);
    expect(problems).toEqual([]);
    expect(c.version).toBe('1.5');
    expect(bytes).toBeLessThan(40_000);
    for (const a of actionsOf(c).filter((x) => x.type === 'Action.Execute')) expect((a.fallback as { type: string }).type).toBe('Action.Submit');
  });

  it('the AUP button carries only the version, and the link opens the whole policy', () => {
    const actions = actionsOf(CARDS.aup);
    expect(actions.map((a) => [a.type, a.title])).toEqual([['Action.OpenUrl', 'Read the whole policy'], ['Action.Execute', 'I have read and agree']]);
    expect(actions[1]!.data).toEqual({ version: '2026-09' });
  });

  it('the leaver card asks a reason per open account and shows decided ones without buttons', () => {
    const text = cardText([CARDS.leavers]);
    expect(text).toContain('Old Supply Teacher (old@oakfield.example)');
    expect(text).toContain('Decided: keep');
    expect(actionsOf(CARDS.leavers).map((a) => a.title)).toEqual(['Disable', 'Keep']);
    expect(JSON.stringify(CARDS.leavers)).toContain('"id":"reason-a1"');
  });
});
