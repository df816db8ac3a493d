// issue 16: Camden 4.7, "the police should always be contacted if there is a concern that the child is
// at immediate risk, for example if they are arranging to meet the adult". A teacher who answers that a
// meeting is arranged sends a critical case: the DSL, the deputy and the headteacher are alerted at once.
import { describe, expect, it } from 'vitest';
import { personalMessage } from '../support/activities.js';
import { textOf, type AdaptiveCardContent, type BotSession } from '../support/test-bot.js';
import { PEOPLE, said, schoolDay, storeOf } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);

/** Sam in his 1:1 chat, pressing the buttons of the card he was last shown */
class Sam {
  card!: AdaptiveCardContent;
  constructor(readonly session: BotSession) {}
  async report(): Promise<string> {
    const replies = await this.session.send(personalMessage('report', PEOPLE.sam));
    this.card = replies[0]!.attachments![0]!.content as AdaptiveCardContent;
    return textOf(this.card);
  }
  async press(verb: string, inputs: Record<string, string> = {}): Promise<string> {
    const button = (this.card.actions ?? []).find((a) => a.verb === verb)!;
    this.card = await this.session.click(PEOPLE.sam, verb, { ...(button.data as object), ...inputs });
    return textOf(this.card);
  }
}

const alertsTo = (calls: Awaited<ReturnType<BotSession['deliver']>>, who: { id: string }) =>
  calls
    .filter((c) => c.conversationId === `personal-${who.id}`)
    .map(said)
    .join('\n');

describe('grooming with a meeting arranged (Camden 4.7)', () => {
  it('Sam answers "yes, a meeting is arranged": the review says critical and who is alerted; on Submit Priya, Tom and Helen are alerted at once', async () => {
    const session = await day.open();
    const sam = new Sam(session);
    await sam.report();
    const details = await sam.press('report.next', { danger: 'no', preset: 'grooming' });
    expect(details).toContain('The details');
    expect(JSON.stringify(sam.card)).toContain('"id":"meetingArranged","label":"Has a meeting been arranged with the adult?"');

    const review = await sam.press('report.next', {
      date: '2026-11-24',
      description: 'Ava says the man from Roblox has arranged to meet her at the park on Saturday.',
      illegalSuspected: 'unsure',
      outsideSchool: 'yes',
      meetingArranged: 'yes',
    });
    expect(review).toContain('Critical: The DSL must acknowledge within 15 minutes.');
    // help comes the moment the meeting is known: the leads were alerted when Sam pressed Next, not at Submit
    expect(review).toContain(
      'Already alerted, in their own chats: Priya Shah (Designated safeguarding lead), Tom Okafor (Deputy safeguarding lead), Helen Marsh (Headteacher). This report joins that alert.',
    );
    expect(review).toContain('A meeting with the adult has been arranged: tell the DSL in person now.');
    const alerts = await session.deliver();
    for (const who of [PEOPLE.priya, PEOPLE.tom, PEOPLE.helen]) {
      expect(alertsTo(alerts, who), who.name).toContain('Urgent: critical case OS-2026-0001');
    }

    const sent = await sam.press('report.submit');
    expect(sent).toContain('Report sent: OS-2026-0001');
    expect(sent).toContain('severity: Critical');
    // the finished report joins the alert's case: nobody is alerted twice
    expect((await session.deliver()).filter((c) => c.op === 'send' && said(c).includes('Urgent: critical case'))).toEqual([]);
    // the 1:1 alerts carry the case; the shared channel never does (schoolDay checks every post)

    const [record] = await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId);
    expect(record).toMatchObject({
      reference: 'OS-2026-0001',
      severity: 'critical',
      facts: { types: ['grooming'], meetingArranged: true, outsideSchool: true },
    });
    expect(record!.facts).not.toHaveProperty('immediateRisk');
    const plan = record!.plan as { referrals: unknown[]; escalateIfUnacknowledged: string[] };
    expect(plan.referrals[0]).toEqual({ agency: 'police', when: 'now' });
  });

  it('"No" keeps the case high: nobody is alerted at once', async () => {
    const session = await day.open();
    const sam = new Sam(session);
    await sam.report();
    await sam.press('report.next', { danger: 'no', preset: 'grooming' });
    const review = await sam.press('report.next', {
      date: '2026-11-24',
      description: 'Ava says a man on Roblox keeps messaging her; no meeting.',
      illegalSuspected: 'unsure',
      outsideSchool: 'yes',
      meetingArranged: 'no',
    });
    expect(review).toContain('High: Dealt with the same school day.');
    expect(review).not.toContain('Alerted at once');
    await sam.press('report.submit');
    const alerts = await session.deliver();
    expect(alertsTo(alerts, PEOPLE.tom)).not.toContain('Urgent: critical case');
    const [record] = await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId);
    expect(record).toMatchObject({ severity: 'high', facts: { meetingArranged: false } });
  });
});
