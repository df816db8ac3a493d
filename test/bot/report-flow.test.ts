import { describe, expect, it } from 'vitest';
import { SAM, TENANT, personalMessage } from '../support/activities.js';
import { submitReport } from '../../src/app/submit-report.js';
import { BotSession, cardText, exampleProfile, invokeActivity, textOf, type AdaptiveCardContent } from '../support/test-bot.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';

const NOW = new Date('2026-11-24T09:00:00Z');
const TOM = { id: 'user-staff-tom', name: 'Tom Okafor', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000003' };
type Person = typeof SAM;

const flowIdOf = (card: AdaptiveCardContent | Record<string, unknown>): string => {
  const refresh = card.refresh as { action: { data: { flowId: string } } };
  return refresh.action.data.flowId;
};

/** a person typing report and clicking through the cards */
class Reporter {
  flowId = '';
  card!: AdaptiveCardContent;
  constructor(
    readonly session: BotSession,
    readonly who: Person = SAM,
  ) {}

  async start(): Promise<string> {
    const replies = await this.session.send(personalMessage('report', this.who));
    expect(replies).toHaveLength(1);
    this.card = replies[0]!.attachments![0]!.content as AdaptiveCardContent;
    this.flowId = flowIdOf(this.card);
    return textOf(this.card);
  }

  async click(verb: string, inputs: Record<string, string> = {}): Promise<string> {
    this.card = await this.session.click(this.who, verb, { flowId: this.flowId, ...inputs });
    return textOf(this.card);
  }
}

const DETAILS = {
  date: '2026-11-23',
  time: '10:15',
  platform: 'YouTube',
  evidence: 'Still on the laptop screen',
  actionTaken: 'Closed the lid',
};

async function reportThrough(
  r: Reporter,
  steps: { danger: 'yes' | 'no'; involved: Record<string, string>; types: string; followups?: Record<string, string>; description: string },
): Promise<string> {
  await r.start();
  let text = await r.click('report.next', { danger: steps.danger });
  if (steps.danger === 'yes') {
    expect(text).toContain('Does the danger come from someone at the school?');
    text = await r.click('report.next', { dangerSource: 'no' });
    expect(text).toContain('Call 999 now');
    text = await r.click('report.next');
  }
  expect(text).toContain('Who is involved?');
  text = await r.click('report.next', steps.involved);
  expect(text).toContain('What happened?');
  text = await r.click('report.next', {
    'types-content': '',
    'types-contact': '',
    'types-conduct': '',
    ...Object.fromEntries(steps.types.split(';').map((kv) => kv.split('=') as [string, string])),
  });
  if (steps.followups) {
    expect(text).toContain('A few more questions');
    text = await r.click('report.next', steps.followups);
  }
  expect(text).toContain('The details');
  return r.click('report.next', { ...DETAILS, description: steps.description });
}

describe('bot turns: a member of staff reports a concern', () => {
  it('low: accidental access to an inappropriate website, through to a reference number', async () => {
    const session = new BotSession({ now: () => NOW });
    const r = new Reporter(session);
    const review = await reportThrough(r, {
      danger: 'no',
      involved: { victims: 'pupil' },
      types: 'types-content=inappropriate-website',
      followups: { deliberate: 'no', illegalSuspected: 'no', outsideSchool: 'no' },
      description: 'A Year 3 pupil clicked an advert and a gambling site opened.',
    });
    expect(review).toContain('Check and send');
    expect(review).toContain('Low: Dealt with within a week.');
    expect(review).toContain('Priya Shah (Designated safeguarding lead)');

    const sent = await r.click('report.submit');
    expect(sent).toContain('Report sent: OS-2026-0001');
    expect(sent).toContain('severity: Low');

    const store = new SqliteIncidentStore(session.db);
    const record = await store.getByReference('OS-2026-0001');
    expect(record).toMatchObject({
      status: 'awaiting-approval',
      severity: 'low',
      reportedBy: { aadObjectId: SAM.aadObjectId, displayName: 'Sam Taylor', kind: 'staff' },
      facts: {
        reportedBy: 'staff',
        involved: [{ party: 'pupil', part: 'victim' }],
        types: ['inappropriate-website'],
        deliberate: false,
        illegalSuspected: false,
        outsideSchool: false,
      },
      details: {
        date: '2026-11-23',
        time: '10:15',
        platform: 'YouTube',
        description: 'A Year 3 pupil clicked an advert and a gambling site opened.',
      },
    });
    expect((record!.plan as { rationale: string[] }).rationale.length).toBeGreaterThan(0);
    const events = await store.events(record!.id);
    // the trail: each step as the reporter completed it, then the report with the engine's route
    expect(events.map((e) => [e.type, (e.data as { step?: string } | undefined)?.step ?? null])).toEqual([
      ['step-completed', 'danger'],
      ['step-completed', 'involved'],
      ['step-completed', 'what'],
      ['step-completed', 'followups'],
      ['step-completed', 'details'],
      ['reported', null],
    ]);
    expect(
      events.every((e) => JSON.stringify(e.actor) === JSON.stringify({ aadObjectId: SAM.aadObjectId, displayName: 'Sam Taylor' })),
    ).toBe(true);
    expect(events[5]!.data).toMatchObject({ severity: 'low', notify: expect.arrayContaining(['dsl']) as unknown });
  });

  it('medium: pupil cyberbullying', async () => {
    const session = new BotSession({ now: () => NOW });
    const r = new Reporter(session);
    const review = await reportThrough(r, {
      danger: 'no',
      involved: { victims: 'pupil', instigators: 'pupil', childNames: 'Ava B (5R), Leo M (5R)' },
      types: 'types-conduct=cyberbullying',
      followups: { deliberate: 'yes', repeated: 'no', illegalSuspected: 'no', outsideSchool: 'yes' },
      description: 'Ava showed me messages in the class group chat calling her names.',
    });
    expect(review).toContain('Medium: Dealt with by the end of the next working day.');
    expect(await r.click('report.submit')).toContain('Report sent: OS-2026-0001');
    const record = await new SqliteIncidentStore(session.db).getByReference('OS-2026-0001');
    expect(record?.severity).toBe('medium');
    expect(record?.details).toMatchObject({ childNames: 'Ava B (5R), Leo M (5R)' });
  });

  it('high: an unknown adult grooming a pupil, with CEOP on the review', async () => {
    const r = new Reporter(new BotSession({ now: () => NOW }));
    const review = await reportThrough(r, {
      danger: 'no',
      involved: { victims: 'pupil', instigators: 'unknown-adult' },
      types: 'types-contact=grooming',
      followups: { illegalSuspected: 'unsure', outsideSchool: 'yes' },
      description: 'A pupil told me a man she met in a game wants to meet her on Saturday.',
    });
    expect(review).toContain('High: Dealt with the same school day.');
    expect(review).toContain('CEOP');
    expect(await r.click('report.submit')).toContain('severity: High');
  });

  it('critical: a child in danger now gets the safety card with the DSL, deputies and school numbers', async () => {
    const r = new Reporter(new BotSession({ now: () => NOW }));
    await r.start();
    const source = await r.click('report.next', { danger: 'yes' });
    expect(source).toContain('Does the danger come from someone at the school?');
    const safety = await r.click('report.next', { dangerSource: 'no' });
    expect(safety).toContain('Act now: a child is in danger');
    expect(safety).toContain(
      'Alerted now, in their own chats: Priya Shah (Designated safeguarding lead), Tom Okafor (Deputy safeguarding lead), Helen Marsh (Headteacher).',
    );
    expect(safety).toContain('Priya Shah (01632 960001)');
    expect(safety).toContain('Tom Okafor (01632 960002)');
    expect(safety).toContain('School office: 01632 960000');
    await r.click('report.next');
    await r.click('report.next', { victims: 'pupil', instigators: 'unknown-adult' });
    await r.click('report.next', { 'types-contact': 'grooming' });
    await r.click('report.next', { illegalSuspected: 'unsure', outsideSchool: 'yes' });
    const review = await r.click('report.next', { ...DETAILS, description: 'He is waiting outside the school gate for her now.' });
    expect(review).toContain('Critical: The DSL must acknowledge within 15 minutes.');
    const sent = await r.click('report.submit');
    expect(sent).toContain('severity: Critical');
    expect(sent).toContain('call 999');
  });

  it("shows each step's errors on the card, keeps the values, changes nothing", async () => {
    const r = new Reporter(new BotSession({ now: () => NOW }));
    await r.start();
    expect(await r.click('report.next', {})).toContain('Answer yes or no');
    await r.click('report.next', { danger: 'no' });
    expect(await r.click('report.next', { victims: '', instigators: '', witnesses: '' })).toContain('Choose at least one person involved');
    await r.click('report.next', { witnesses: 'staff' });
    expect(await r.click('report.next', {})).toContain('Choose at least one thing that happened');
    await r.click('report.next', { 'types-data-security': 'lost-device' });
    const text = await r.click('report.next', { date: '2026-11-25', description: 'A laptop' });
    expect(text).toContain('The date cannot be in the future');
    expect(text).toContain('at least 10 characters');
    expect(JSON.stringify(r.card)).toContain('"value":"2026-11-25"');
    expect(text).toContain('The details');
  });

  it('Back keeps the answers; Cancel asks, No keeps going, Yes discards and records nothing', async () => {
    const session = new BotSession({ now: () => NOW });
    const r = new Reporter(session);
    await r.start();
    await r.click('report.next', { danger: 'no' });
    await r.click('report.next', { victims: 'pupil', childNames: 'Mia' });
    expect(await r.click('report.back')).toContain('Who is involved?');
    expect(JSON.stringify(r.card)).toContain('"value":"Mia"');
    expect(await r.click('report.cancel')).toContain('Discard this report?');
    expect(await r.click('report.cancel.no')).toContain('Who is involved?');
    await r.click('report.cancel');
    expect(await r.click('report.cancel.yes')).toContain('Nothing was recorded');
    expect(await r.click('report.next', { victims: 'pupil' })).toContain('This report was already sent or cancelled');
    expect(await new SqliteIncidentStore(session.db).listByReporter(SAM.aadObjectId)).toEqual([]);
  });

  it('resumes after a restart: a new app on the same database continues the same draft', async () => {
    const session = new BotSession({ now: () => NOW });
    const r = new Reporter(session);
    await r.start();
    await r.click('report.next', { danger: 'no' });
    await r.click('report.next', { victims: 'pupil' });
    session.restart();
    expect(await r.click('report.refresh')).toContain('What happened?');
    const replies = await session.send(personalMessage('report'));
    expect(cardText(replies[0]!)).toContain('What happened?');
    expect(flowIdOf(replies[0]!.attachments![0]!.content as Record<string, unknown>)).toBe(r.flowId);
  });

  it('refuses an attachment mid-flow and leaves the draft as it was', async () => {
    const session = new BotSession({ now: () => NOW });
    const r = new Reporter(session);
    await r.start();
    await r.click('report.next', { danger: 'no' });
    const replies = await session.send({
      ...personalMessage(''),
      attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://smba.invalid/x.jpg', name: 'x.jpg' }],
    });
    expect(replies.map((a) => a.text)).toEqual([expect.stringContaining('I have not kept that picture or file.')]);
    expect(await r.click('report.refresh')).toContain('Who is involved?');
  });

  it('a Submit clicked twice creates one incident and shows the same reference both times', async () => {
    const session = new BotSession({ now: () => NOW });
    const r = new Reporter(session);
    await reportThrough(r, {
      danger: 'no',
      involved: { victims: 'pupil' },
      types: 'types-data-security=lost-device',
      description: 'A school iPad was left on the bus.',
    });
    expect(await r.click('report.submit')).toContain('Report sent: OS-2026-0001');
    expect(await r.click('report.submit')).toContain('Report sent: OS-2026-0001');
    expect(await new SqliteIncidentStore(session.db).listByReporter(SAM.aadObjectId)).toHaveLength(1);
  });

  it('two Submits racing on the same draft (two devices) still create one incident', async () => {
    const session = new BotSession({ now: () => NOW });
    const r = new Reporter(session);
    await reportThrough(r, {
      danger: 'no',
      involved: { victims: 'pupil' },
      types: 'types-data-security=lost-device',
      description: 'A school iPad was left on the bus.',
    });
    const store = new SqliteIncidentStore(session.db);
    const draft = {
      flowId: r.flowId,
      step: 'review' as const,
      startedAt: NOW.toISOString(),
      answers: {
        victims: ['pupil' as const],
        types: ['lost-device' as const],
        date: '2026-11-23',
        description: 'A school iPad was left on the bus.',
      },
    };
    const reporter = { aadObjectId: SAM.aadObjectId, displayName: SAM.name, kind: 'staff' as const };
    const [a, b] = await Promise.all([0, 1].map(() => submitReport({ store, profile: exampleProfile(), draft, reporter, now: NOW })));
    expect(a!.reference).toBe('OS-2026-0001');
    expect(b!.reference).toBe('OS-2026-0001');
    expect(await store.listByReporter(SAM.aadObjectId)).toHaveLength(1);
  });

  it('two Submit clicks arriving together through the bot both see the same reference, and one incident exists', async () => {
    const session = new BotSession({ now: () => NOW });
    const r = new Reporter(session);
    await reportThrough(r, {
      danger: 'no',
      involved: { victims: 'pupil' },
      types: 'types-data-security=lost-device',
      description: 'A school iPad was left on the bus.',
    });
    const [a, b] = await Promise.all([0, 1].map(() => session.click(SAM, 'report.submit', { flowId: r.flowId })));
    expect(textOf(a)).toContain('Report sent: OS-2026-0001');
    expect(textOf(b)).toContain('Report sent: OS-2026-0001');
    expect(await new SqliteIncidentStore(session.db).listByReporter(SAM.aadObjectId)).toHaveLength(1);
  });

  it("status lists only the person's own reports, in plain English", async () => {
    const session = new BotSession({ now: () => NOW });
    expect(cardText((await session.send(personalMessage('status')))[0]!)).toContain('You have not made any reports yet.');
    const sam = new Reporter(session);
    await reportThrough(sam, {
      danger: 'no',
      involved: { victims: 'pupil' },
      types: 'types-data-security=lost-device',
      description: 'A school iPad was left on the bus.',
    });
    await sam.click('report.submit');
    const tom = new Reporter(session, TOM);
    await reportThrough(tom, {
      danger: 'no',
      involved: { victims: 'pupil' },
      types: 'types-data-security=lost-device',
      description: 'A memory stick is missing from 4B.',
    });
    await tom.click('report.submit');

    const samsList = cardText((await session.send(personalMessage('my reports')))[0]!);
    expect(samsList).toContain('OS-2026-0001: With the safeguarding lead');
    expect(samsList).not.toContain('Seen by the safeguarding lead');
    expect(samsList).toContain('Lost or stolen device');
    expect(samsList).toContain('24 Nov 2026');
    expect(samsList).not.toContain('OS-2026-0002');
    // the DSL acknowledges Sam's report: his list follows the case's real state
    const [samsRecord] = await new SqliteIncidentStore(session.db).listByReporter(SAM.aadObjectId);
    await session.click(
      { id: 'user-dsl-priya', name: 'Priya Shah', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000002' },
      'case.acknowledge',
      { caseId: samsRecord!.id },
    );
    expect(cardText((await session.send(personalMessage('status')))[0]!)).toContain(
      'OS-2026-0001: Seen by the safeguarding lead, being decided',
    );
    const tomsList = textOf(await session.click(TOM, 'status.show', {}));
    expect(tomsList).toContain('OS-2026-0002');
    expect(tomsList).not.toContain('OS-2026-0001');
  });

  it("the welcome card's Report a concern button starts the flow", async () => {
    const session = new BotSession({ now: () => NOW });
    const card = await session.click(SAM, 'report.start', {});
    expect(textOf(card)).toContain('Is a child in danger right now?');
  });

  it('an action from someone else on a report changes nothing', async () => {
    const session = new BotSession({ now: () => NOW });
    const r = new Reporter(session);
    await r.start();
    const intruder = {
      ...invokeActivity(TOM, 'report.next', { flowId: r.flowId, danger: 'no' }),
      conversation: { id: `personal-${SAM.id}`, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
    };
    const replies = await session.send(intruder);
    expect(JSON.stringify(replies)).toContain('This report was already sent or cancelled');
    expect(await r.click('report.refresh')).toContain('Is a child in danger right now?');
  });

  it('typed report in a channel points to the 1:1 chat and starts nothing there', async () => {
    const session = new BotSession({ now: () => NOW });
    const inChannel = {
      ...personalMessage('report'),
      conversation: { id: '19:staff@thread.tacv2', conversationType: 'channel', tenantId: TENANT, isGroup: true, name: 'General' },
    };
    const replies = await session.send(inChannel);
    expect(replies.map((a) => a.text)).toEqual([expect.stringContaining('Reports are made in a private 1:1 chat with me')]);
  });
});

describe('clients without Universal Actions (the Action.Submit fallback)', () => {
  it('a submitted fallback button moves the same draft on, and the answer card arrives as a message', async () => {
    const session = new BotSession({ now: () => NOW });
    const r = new Reporter(session);
    await r.start();
    // what an older client sends for the danger step's Next: a message whose value holds the verb, the ids and the inputs
    const submit = { ...personalMessage('', SAM), text: undefined, value: { verb: 'report.next', flowId: r.flowId, danger: 'no' } };
    const replies = await session.send(submit);
    expect(replies).toHaveLength(1);
    const next = textOf(replies[0]!.attachments![0]!.content);
    expect(next).toContain('Who is involved?');
    expect(next).not.toContain("Sorry, I didn't understand");
    // the Universal Action path sees the same draft, now at the next step
    expect(await r.click('report.back')).toContain('Is a child in danger right now?');
  });
});
