// the school's own contacts, through the bot: the report's review and submitted cards, the referral form
// and the notices the safeguarding team get 1:1
import { describe, expect, it } from 'vitest';
import { SAM, personalMessage } from '../support/activities.js';
import { exampleProfile, textOf, type AdaptiveCardContent } from '../support/test-bot.js';
import { PEOPLE, channelPost, report, schoolDay, storeOf } from './support/casework.js';
import { outsideContacts } from '../../src/adapters/teams/case-messages.js';
import { readCase } from '../../src/app/casework/case-file.js';
import { submitReport } from '../../src/app/submit-report.js';

const PREVENT = 'Local authority Prevent lead, 01632 960300, prevent@example.org';
const MASH = "Children's social care (MASH), 01632 960200";
const LADO = 'Local authority LADO, 01632 960100, lado@example.org';
const ADVICE = 'NSPCC helpline for professionals, 0808 800 5000';
const CEOP = 'CEOP Safety Centre, https://www.ceop.police.uk/Safety-Centre/';

describe('bot turns: the school own contacts', () => {
  const day = schoolDay(new Date('2026-11-24T10:00:00Z'));

  it("a report of radicalisation: the review and the submitted card give the school's Prevent lead", async () => {
    const session = await day.open();
    const replies = await session.send(personalMessage('report', SAM));
    const first = replies[0]!.attachments![0]!.content as AdaptiveCardContent;
    const flowId = (first.refresh as { action: { data: { flowId: string } } }).action.data.flowId;
    const click = async (verb: string, inputs: Record<string, string> = {}) =>
      textOf(await session.click(SAM, verb, { flowId, ...inputs }));
    await click('report.next', { danger: 'no' });
    await click('report.next', { victims: 'pupil', instigators: 'unknown-adult' });
    let text = await click('report.next', { 'types-content': '', 'types-contact': 'radicalisation', 'types-conduct': '' });
    if (text.includes('A few more questions')) text = await click('report.next', { illegalSuspected: 'no', outsideSchool: 'yes' });
    expect(text).toContain('The details');
    const review = await click('report.next', {
      date: '2026-11-23',
      time: '10:15',
      description: 'A pupil showed me videos a man sends him praising an extremist group.',
    });
    expect(review).toContain('Prevent (Channel)');
    expect(review).toContain(`To consider. ${PREVENT}`);
    expect(review).toContain(`To consider. ${MASH}`);
    const sent = await click('report.submit');
    expect(sent).toContain('Report sent: OS-2026-0001');
    expect(sent).toContain('Outside agencies');
    expect(sent).toContain(`To consider. ${PREVENT}`);
  });

  it("the referral form gives the plan's agencies and every agency the school has its own contact for, and the advice line", async () => {
    const session = await day.open();
    const record = await report(session, 'grooming', new Date('2026-11-24T10:00:00Z'));
    const post = channelPost(await session.deliver());
    const where = { channelConversationId: post.conversationId };
    await session.click(PEOPLE.priya, 'case.approve', { caseId: record.id }, where);
    const form = textOf(await session.click(PEOPLE.tom, 'case.referral', { caseId: record.id }, where));
    expect(form).toContain('How to reach them');
    for (const words of [
      CEOP,
      MASH,
      LADO,
      PREVENT,
      ADVICE,
      'Call 999 if a child is in immediate danger; otherwise Police (non-emergency), 101',
    ])
      expect(form).toContain(words);
    // the platform's report route has no school contact and is not in the plan: chosen from the list only
    expect(form).not.toContain("Use the platform's own report button");
  });

  it('the routed notices: the DSL reads the agencies and the advice line, IT support the agencies only', async () => {
    const session = await day.open();
    const record = await report(session, 'grooming', new Date('2026-11-24T10:00:00Z'));
    const post = channelPost(await session.deliver());
    await session.click(PEOPLE.priya, 'case.approve', { caseId: record.id }, { channelConversationId: post.conversationId });
    await session.deliver();
    const toPriya = session.connector
      .sentTo(PEOPLE.priya.id)
      .map((c) => textOf(c.activity.attachments![0]!.content as AdaptiveCardContent));
    const passed = toPriya.find((t) => t.includes(`Case ${record.reference} passed to you`))!;
    expect(passed).toContain(`To consider. ${CEOP}`);
    expect(passed).toContain(ADVICE);
    const toChris = session.connector
      .sentTo(PEOPLE.chris.id)
      .map((c) => textOf(c.activity.attachments![0]!.content as AdaptiveCardContent));
    const chris = toChris.find((t) => t.includes('decided you receive this case as IT support'))!;
    expect(chris).toContain(`To consider. ${CEOP}`);
    expect(chris).not.toContain(ADVICE);
  });

  it("an allegation against staff: the overdue LADO reminder to the headteacher gives the school's LADO number", async () => {
    const session = await day.open();
    const record = await submitReport({
      store: storeOf(session),
      profile: exampleProfile(),
      draft: {
        flowId: 'contacts-allegation',
        step: 'review',
        startedAt: '2026-11-24T10:00:00.000Z',
        answers: { victims: ['pupil'], instigators: ['staff'], types: ['sexual-harassment'], date: '2026-11-23', description: 'x' },
      },
      reporter: { aadObjectId: PEOPLE.sam.aadObjectId, displayName: PEOPLE.sam.name, kind: 'staff' },
      now: new Date('2026-11-24T10:00:00Z'),
    });
    expect(record.plan).toMatchObject({ deadlines: expect.arrayContaining([{ action: 'lado-consult', within: 'P1D' }]) });
    await session.deliver();
    const toHelen = () =>
      session.connector.sentTo(PEOPLE.helen.id).map((c) => textOf(c.activity.attachments![0]!.content as AdaptiveCardContent));
    day.set(new Date('2026-11-24T19:00:00Z')); // only the decision is overdue: no agency to call yet
    await session.deliver();
    const decide = toHelen().filter((t) => t.includes('Deadline passed'));
    expect(decide).toHaveLength(1);
    expect(decide[0]).toContain('Decide (due Tue 24 Nov, 18:00) has passed');
    expect(decide[0]).not.toContain('How to reach them');
    day.set(new Date('2026-11-26T09:00:00Z')); // past the end of the next working day
    await session.deliver();
    const reminders = toHelen()
      .filter((t) => t.includes('Deadline passed'))
      .slice(1);
    expect(reminders.length).toBeGreaterThan(0);
    for (const reminder of reminders) {
      expect(reminder).toContain('Consult the LADO (due Wed 25 Nov, 18:00)');
      expect(reminder).toContain(`How to reach them\nLADO: ${LADO}`);
    }
  });

  it('a case kept out of the channel (an adult implicated): only the people entitled to its details read its agencies', async () => {
    const session = await day.open();
    const record = await report(session, 'aboutTheHead', new Date('2026-11-24T10:00:00Z'));
    const file = readCase(record, await storeOf(session).events(record.id));
    expect(file.plan.oneToOneOnly).toBe(true);
    const profile = exampleProfile();
    expect(outsideContacts(file, 'it-support', profile)).toEqual({ referrals: [] });
    const forChair = outsideContacts(file, 'chair-of-governors', profile);
    expect(forChair.referrals).toContainEqual({ label: 'LADO', when: 'now', howToContact: LADO });
    expect(forChair.adviceLine).toBe(ADVICE);
  });
});
