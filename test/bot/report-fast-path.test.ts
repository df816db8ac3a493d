// issue 14: help comes the moment danger is known, the common report takes three screens, and a click
// on a card that is not the current step changes nothing.
import { describe, expect, it } from 'vitest';
import { personalMessage } from '../support/activities.js';
import { BotSession, textOf, type AdaptiveCardContent } from '../support/test-bot.js';
import { PEOPLE, said, schoolDay, storeOf } from './support/casework.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);

/** Sam in his chat, counting what he does: each card shown is a screen, each press and each choice a click */
class Sam {
  card!: AdaptiveCardContent;
  flowId = '';
  screens = 0;
  clicks = 0;
  constructor(readonly session: BotSession) {}
  async report(): Promise<string> {
    const replies = await this.session.send(personalMessage('report', PEOPLE.sam));
    this.card = replies[0]!.attachments![0]!.content as AdaptiveCardContent;
    this.flowId = (this.card.refresh as { action: { data: { flowId: string } } }).action.data.flowId;
    this.screens++;
    return textOf(this.card);
  }
  /** presses a button of the current card with these inputs (each chosen input is a click; typed ones are not) */
  async press(verb: string, inputs: Record<string, string> = {}, chosen = 0): Promise<string> {
    const button = (this.card.actions ?? []).find((a) => a.verb === verb)!;
    this.card = await this.session.click(PEOPLE.sam, verb, { ...(button.data as object), ...inputs });
    this.clicks += 1 + chosen;
    this.screens++;
    return textOf(this.card);
  }
}

describe('a child in danger: the leads are alerted before the next screen', () => {
  it("Sam answers yes: Priya, Tom and Helen have the alert before his safety card; the finished report joins the alert's case", async () => {
    const session = await day.open();
    const sam = new Sam(session);
    await sam.report();
    const source = await sam.press('report.next', { danger: 'yes', preset: 'grooming' }, 2);
    expect(source).toContain('Does the danger come from someone at the school?');
    // nothing has gone yet: the one question comes first
    expect((await session.deliver()).filter((c) => c.op === 'send')).toEqual([]);

    const safety = await sam.press('report.next', { dangerSource: 'no' }, 1);
    expect(safety).toContain('Act now: a child is in danger');
    const alerts = await session.deliver();
    for (const who of [PEOPLE.priya, PEOPLE.tom, PEOPLE.helen]) {
      const text = alerts
        .filter((c) => c.conversationId === `personal-${who.id}`)
        .map(said)
        .join('\n');
      expect(text, who.name).toContain('Urgent: critical case OS-2026-0001');
    }
    const [alerted] = await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId);
    expect(alerted).toMatchObject({ reference: 'OS-2026-0001', severity: 'critical', details: { earlyAlert: true } });
    // the alert says a child is in danger now and who is reporting; no child's name, no detail
    expect(alerts.map(said).join('\n')).not.toContain('Roblox');

    await sam.press('report.next');
    const review = await sam.press(
      'report.next',
      {
        date: '2026-11-24',
        description: 'Ava says the man from Roblox is outside the school gate now.',
        illegalSuspected: 'unsure',
        outsideSchool: 'yes',
      },
      2,
    );
    expect(review).toContain('Check and send');
    const sent = await sam.press('report.submit');
    expect(sent).toContain('OS-2026-0001');
    const mine = await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      reference: 'OS-2026-0001',
      severity: 'critical',
      facts: { types: ['grooming'], immediateRisk: true },
      details: { description: 'Ava says the man from Roblox is outside the school gate now.' },
    });
    // the alerts are not sent twice when the report completes the case
    const after = await session.deliver();
    expect(after.filter((c) => c.op === 'send' && said(c).includes('Urgent: critical case'))).toEqual([]);
  });

  it("wired as in production, Priya's alert has been sent to Teams by the time Sam's click is answered", async () => {
    const session = new BotSession({ now: () => T0, sendAlertsInTurn: true });
    try {
      await session.send(personalMessage('hello', PEOPLE.priya));
      const sam = new Sam(session);
      await sam.report();
      await sam.press('report.next', { danger: 'yes', preset: 'grooming' }, 2);
      const before = session.connector.calls.length;
      const safety = await sam.press('report.next', { dangerSource: 'no' }, 1);
      expect(safety).toContain('Act now: a child is in danger');
      // no deliver() here: the answer came back, and the alert had already gone
      const sentDuringTheClick = session.connector.calls
        .slice(before)
        .filter((c) => c.conversationId === `personal-${PEOPLE.priya.id}`)
        .map(said);
      expect(sentDuringTheClick.join('\n')).toContain('Urgent: critical case OS-2026-0001');
    } finally {
      session.close();
    }
  });

  it('the danger comes from Tom, the deputy DSL: the alert reaches Priya and Helen, never Tom', async () => {
    const session = await day.open();
    const sam = new Sam(session);
    await sam.report();
    await sam.press('report.next', { danger: 'yes', preset: 'staff' }, 2);
    await sam.press('report.next', { dangerSource: PEOPLE.tom.aadObjectId }, 1);
    const alerts = await session.deliver();
    expect(alerts.filter((c) => c.conversationId === `personal-${PEOPLE.tom.id}`)).toEqual([]);
    expect(
      alerts
        .filter((c) => c.conversationId === `personal-${PEOPLE.priya.id}`)
        .map(said)
        .join('\n'),
    ).toContain('Urgent: critical case');
    expect(
      alerts
        .filter((c) => c.conversationId === `personal-${PEOPLE.helen.id}`)
        .map(said)
        .join('\n'),
    ).toContain('OS-2026-0001');
    expect(session.connector.channelCalls()).toEqual([]);
  });
});

describe('the common report in three screens', () => {
  it('a pupil told Sam an adult online asked for pictures: 3 screens, under 8 clicks, routed as the long path routes it', async () => {
    const session = await day.open();
    const sam = new Sam(session);
    await sam.report();
    const details = await sam.press('report.next', { danger: 'no', preset: 'grooming' }, 2);
    expect(details).toContain('The details');
    expect(details).toContain('step 2 of 3');
    expect(JSON.stringify(sam.card)).toContain('"value":"2026-11-24"'); // today, prefilled
    const review = await sam.press(
      'report.next',
      {
        date: '2026-11-24',
        description: 'Ava says a man on Roblox asked her for pictures.',
        illegalSuspected: 'unsure',
        outsideSchool: 'yes',
      },
      2,
    );
    expect(review).toContain('step 3 of 3');
    expect(review).toContain('Your answers');
    expect(review).toContain('A pupil told me an adult online asked for pictures or to meet');
    expect(review).toContain('Ava says a man on Roblox asked her for pictures.');
    const sent = await sam.press('report.submit');
    expect(sent).toContain('OS-2026-0001');
    expect(sam.screens - 1).toBe(3); // the three report screens before the reference
    expect(sam.clicks).toBeLessThan(8);
    const [record] = await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId);
    expect(record).toMatchObject({
      severity: 'high',
      facts: {
        types: ['grooming'],
        involved: [
          { party: 'pupil', part: 'victim' },
          { party: 'unknown-adult', part: 'instigator' },
        ],
      },
    });
  });

  it('a missing answer is said at the field and again just above the buttons', async () => {
    const session = await day.open();
    const sam = new Sam(session);
    await sam.report();
    await sam.press('report.next', { danger: 'no', preset: 'grooming' }, 2);
    const refused = await sam.press('report.next', { date: '2026-11-24', description: '' });
    expect(refused).toContain('Describe what happened');
    expect(refused).toContain('Please check');
  });
});

describe('each click belongs to its step', () => {
  it('report typed twice, then "Yes, danger" + Next on the older card after moving on: nothing changes and the current card is shown', async () => {
    const session = await day.open();
    const older = new Sam(session);
    await older.report();
    const newer = new Sam(session);
    await newer.report();
    await newer.press('report.next', { danger: 'no', preset: 'bullying' }, 2);
    const stale = await older.press('report.next', { danger: 'yes', preset: 'grooming' }, 2);
    expect(stale).toContain('That was an older card, so nothing was changed.');
    expect(stale).toContain('The details');
    expect(await storeOf(session).listByReporter(PEOPLE.sam.aadObjectId)).toEqual([]);
    // the draft is as the newer card left it: no danger, bullying
    const review = await newer.press('report.next', {
      date: '2026-11-24',
      description: 'Pupils in Year 6 are sharing mean posts about Leo.',
      deliberate: 'yes',
      repeated: 'no',
      illegalSuspected: 'no',
      outsideSchool: 'yes',
    });
    expect(review).toContain('Online bullying');
    expect(review).not.toContain('Critical');
  });
});
