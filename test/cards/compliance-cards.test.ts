import { describe, expect, it } from 'vitest';
import {
  aupAgreedCard,
  aupCard,
  coverageCard,
  leaversCard,
  noticeCard,
  pupilAupCard,
  remindersCard,
  reviewCard,
  trainingCard,
  trainingRecordedCard,
} from '../../src/adapters/teams/cards/compliance-cards.js';
import { cardText } from '../../src/adapters/teams/cards/card-text.js';
import { actionsOf, checkCard } from '../support/adaptive-card.js';

const CARDS = {
  aup: aupCard({
    version: '2026-09',
    summary: 'School devices are for school work.',
    url: 'https://www.example.org/aup.pdf',
    why: 'We have no record of you agreeing.',
  }),
  'aup agreed': aupAgreedCard({ name: 'Sam Taylor', version: '2026-09', agreedOn: '24 Nov 2026', renewBy: '2027-11-24' }),
  training: trainingCard({
    name: 'Sam Taylor',
    today: '2026-11-24',
    courses: [
      { courseId: 'induction', name: 'Induction', dueOn: '2026-10-01', state: 'overdue' },
      { courseId: 'refresher', name: 'Annual refresher', dueOn: '2027-09-01', state: 'ok' },
    ],
  }),
  'training with an error': trainingCard({
    name: 'Sam Taylor',
    today: '2026-11-24',
    courses: [{ courseId: 'induction', name: 'Induction', dueOn: '2026-10-01', state: 'overdue' }],
    error: 'Give the date.',
    values: { course: 'induction', completedOn: '2026-12-01' },
  }),
  'training recorded': trainingRecordedCard({
    name: 'Sam Taylor',
    course: 'Induction',
    completedOn: '2026-11-20',
    nextDueOn: '2027-11-20',
  }),
  leavers: leaversCard({
    periodKey: 'leavers-2026-11',
    accounts: [
      { id: 'a1', name: 'Old Supply Teacher', userPrincipalName: 'old@oakfield.example', reasons: ['left'] },
      { id: 'a2', name: 'Kept Account', userPrincipalName: 'kept@oakfield.example', reasons: ['dormant'], decision: 'keep' },
    ],
  }),
  'pupil agreements': pupilAupCard({ schoolYear: '2026', missing: [{ id: 'p1', name: 'Ava Brown', className: 'Year 5' }] }),
  'pupil agreements, all done': pupilAupCard({ schoolYear: '2026', missing: [], notice: 'Recorded 1 signed agreement.' }),
  notice: noticeCard({ title: 'Time to change your password', lines: ['Please change it now.'] }),
  coverage: coverageCard({
    aup: [{ group: 'Staff', total: 8, valid: 1, expiring: 0, missing: 7 }],
    trainingOverdue: [{ name: 'Sam Taylor', courses: ['Induction'] }],
  }),
  'policy review': reviewCard({ review: 'policy', last: { on: '2026-07-08' }, dueOn: '2027-07-08' }),
  'filtering review, none on record': reviewCard({ review: 'filtering' }),
  'policy review recorded': reviewCard({
    review: 'policy',
    last: { on: '2027-09-03', by: 'Priya Shah' },
    dueOn: '2028-09-03',
    done: true,
    justRecorded: true,
  }),
  reminders: remindersCard({
    sections: [
      {
        kind: 'aup',
        aup: {
          version: '2026-09',
          summary: 'School devices are for school work.',
          url: 'https://www.example.org/aup.pdf',
          why: 'Welcome! Everyone agrees to the acceptable use policy when they start.',
        },
      },
      {
        kind: 'training',
        training: {
          today: '2026-11-24',
          courses: [{ courseId: 'induction', name: 'Online safety induction', dueOn: '2026-12-02', state: 'never-done' }],
        },
      },
      { kind: 'review', review: { review: 'policy', last: { on: '2026-07-08' }, dueOn: '2027-07-08' } },
      { kind: 'notice', title: 'Time to change your password', lines: ['Please change it now.'] },
    ],
  }),
  'reminders after a click': remindersCard({
    sections: [
      { kind: 'aup-agreed', agreed: { name: 'Nia Jones', version: '2026-09', agreedOn: '24 Nov 2026', renewBy: '2027-11-24' } },
      {
        kind: 'training',
        training: { today: '2026-11-24', courses: [], recorded: { course: 'Online safety induction', completedOn: '2026-11-20' } },
      },
    ],
  }),
};

describe('compliance cards', () => {
  it.each(Object.entries(CARDS))('%s parses without problems, v1.5, under 40 KB, buttons with fallbacks', (_name, c) => {
    const { problems, bytes } = checkCard(c);
    expect(problems).toEqual([]);
    expect(c.version).toBe('1.5');
    expect(bytes).toBeLessThan(40_000);
    for (const a of actionsOf(c).filter((x) => x.type === 'Action.Execute'))
      expect((a.fallback as { type: string }).type).toBe('Action.Submit');
  });

  it('the AUP button carries only the version, and the link opens the whole policy', () => {
    const actions = actionsOf(CARDS.aup);
    expect(actions.map((a) => [a.type, a.title])).toEqual([
      ['Action.OpenUrl', 'Read the whole policy'],
      ['Action.Execute', 'I have read and agree'],
    ]);
    expect(actions[1]!.data).toEqual({ version: '2026-09' });
  });

  it('the leaver card asks a reason per open account and shows decided ones without buttons', () => {
    const text = cardText([CARDS.leavers]);
    expect(text).toContain('Old Supply Teacher (old@oakfield.example)');
    expect(text).toContain('Decided: keep');
    expect(actionsOf(CARDS.leavers).map((a) => a.title)).toEqual(['Disable', 'Keep']);
    expect(JSON.stringify(CARDS.leavers)).toContain('"id":"reason-a1"');
  });

  it('the reminders card: one section a reminder, each with its own buttons, keeping their verbs and data', () => {
    const c = CARDS.reminders;
    const text = cardText([c]);
    expect(text.indexOf('Acceptable use agreement')).toBeLessThan(text.indexOf('Training due'));
    expect(text).toContain('4 things the school asks of you, each with its own button.');
    expect(text).toContain('Time to change your password');
    const sections = c.body.filter((e) => e.type === 'Container' && e.separator === true);
    expect(sections).toHaveLength(4);
    expect(actionsOf(c).map((a) => [a.title, a.verb ?? a.url])).toEqual([
      ['Read the whole policy', 'https://www.example.org/aup.pdf'],
      ['I have read and agree', 'aup.agree'],
      ["I've completed it", 'training.done'],
      ["I've done it", 'review.done'],
    ]);
    const [, agree, completed, done] = actionsOf(c);
    // the data each route reads, and the card they came from (`group`) so the answer is this card again
    const group = 'aup,training,policy-review';
    expect(agree!.data).toEqual({ version: '2026-09', group });
    expect(completed!.data).toEqual({ group });
    expect(done!.data).toEqual({ review: 'policy', group });
    // agreeing needs no training date: those buttons send no inputs, so a required box elsewhere never stops them
    expect([agree!.associatedInputs, done!.associatedInputs, completed!.associatedInputs]).toEqual(['none', 'none', undefined]);
    expect((agree!.fallback as { associatedInputs?: string }).associatedInputs).toBe('none');
    expect(JSON.stringify(c)).toContain('"id":"course"');
    expect(JSON.stringify(c)).toContain(
      '"id":"completedOn","label":"When did you complete it?","isRequired":true,"errorMessage":"Give the date.","value":"2026-11-24"',
    );
  });

  it('after a click the reminders card shows what is recorded, without its buttons', () => {
    const text = cardText([CARDS['reminders after a click']]);
    expect(text).toContain('Thank you: recorded');
    expect(text).toContain('Renew by');
    expect(text).toContain('Recorded: Online safety induction completed on 20 Nov 2026.');
    expect(text).toContain('Your training is up to date.');
    expect(actionsOf(CARDS['reminders after a click'])).toEqual([]);
  });

  it('the policy review asks for "I\'ve done it" with the last date, and once recorded says who, when and when next', () => {
    expect(cardText([CARDS['policy review']])).toContain(
      'The online-safety policy is reviewed every year with the governors; it was last reviewed on 8 Jul 2026.',
    );
    expect(actionsOf(CARDS['policy review']).map((a) => [a.title, a.verb, a.data])).toEqual([
      ["I've done it", 'review.done', { review: 'policy' }],
    ]);
    expect(cardText([CARDS['filtering review, none on record']])).toContain('There is no review on record yet.');
    const recorded = cardText([CARDS['policy review recorded']]);
    expect(recorded).toMatch(/Reviewed\n3 Sep 2027\nRecorded by\nPriya Shah\nNext review due\n3 Sep 2028/);
    expect(actionsOf(CARDS['policy review recorded'])).toEqual([]);
  });
});
