// tracker issue 13: whatever a person typed is inert in every card (never a link, emphasis, a list or a
// heading), and every typed field of every card verb is limited on the server to what its card states.
import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';
import { describe, expect, it } from 'vitest';
import { submitReport } from '../../src/app/submit-report.js';
import type { ReportAnswers } from '../../src/app/report-flow/index.js';
import { CASE_TEXT_LIMITS } from '../../src/app/casework/case-views.js';
import { COMPLIANCE_TEXT_LIMITS } from '../../src/adapters/teams/cards/compliance-cards.js';
import { WORD_JOINER, unlinked } from '../../src/adapters/teams/cards/card.js';
import { routedNoticeCard } from '../../src/adapters/teams/cards/case-cards.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { FakeConnector } from '../support/fake-connector.js';
import { exampleProfile, textOf, type AdaptiveCardContent, type BotSession } from '../support/test-bot.js';
import { checkCard } from '../support/adaptive-card.js';
import { PEOPLE, channelPost, outboxOf, schoolDay, storeOf, type Who } from './support/casework.js';

const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

const T0 = new Date('2026-11-24T10:00:00Z');
const day = schoolDay(T0);

// ---- what a reporter, the DSL and the reporter's answer might type -------------------------------------

const LINK = '[Open the screenshots (sign in)](https://evil.example/x)';
const DESCRIPTION = [LINK, '**bold**', '# Heading', '- item', 'https://evil.example'].join('\n');
const TYPED = {
  description: DESCRIPTION,
  childNames: '_Zed_ and <b>Yusuf</b>',
  platform: 'www.evil.example',
  evidence: '![picture](https://evil.example/p.png) kept on the tablet',
  actionTaken: '1. Told *mum*\n> quoted',
  question: 'Please [reply here](https://evil.example/q) or **call**',
  answer: '**Urgent**: see https://evil.example/a',
  reason: 'Head asked: [details](https://evil.example/r)',
  madeBy: '[PC Bloggs](https://evil.example/pc)',
  reference: '**REF-1**',
  outcome: '# Closed [x](https://evil.example/c)',
};

/** what a markdown renderer would make of a string, as Teams reads TextBlocks and facts */
function markdownFeatures(s: string): string[] {
  const found: string[] = [];
  if (/\[[^\]]*\]\([^)]*\)/.test(s)) found.push('link');
  // a linkifier wants "scheme://", or "www." or "name.tld" with a letter straight after the dot
  if (/https?:\/\/|www\.[\p{L}\p{N}]|\b[\w-]+\.(?:example|com|org|uk)\b/iu.test(s)) found.push('autolink');
  if (/\*\*[^*]+\*\*|(^|\W)_[^_\s][^_]*_(\W|$)|(^|\s)\*[^*\s][^*]*\*/m.test(s)) found.push('emphasis');
  if (/^\s{0,3}#{1,6}\s/m.test(s)) found.push('heading');
  if (/^\s{0,3}>/m.test(s)) found.push('quote');
  return found;
}

/** the strings of a card a client reads as markdown (TextBlock text, fact titles and values), and the TextRuns it shows as plain text */
function surfaces(card: unknown): { markdown: string[]; runs: string[] } {
  const markdown: string[] = [];
  const runs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock') markdown.push(String(o.text));
    if (o.type === 'FactSet') for (const f of o.facts as { title: string; value: string }[]) markdown.push(f.title, f.value);
    if (o.type === 'TextRun') runs.push(String(o.text));
    for (const [key, value] of Object.entries(o)) if (key !== 'fallback' && key !== 'refresh') walk(value);
  };
  walk((card as { body?: unknown }).body);
  return { markdown, runs };
}

/** every word a person typed that a card shows: present, only in TextRuns, and unable to form a link there */
function expectInert(card: AdaptiveCardContent, typed: string[]): void {
  expect(checkCard(card).problems).toEqual([]);
  const { markdown, runs } = surfaces(card);
  for (const words of typed) {
    for (const line of words.split('\n')) {
      // shown, exactly as typed (give or take the invisible joiners)
      expect(textOf(card), `"${line}" is shown`).toContain(line);
      expect(
        markdown.some((m) => m.includes(line)),
        `"${line}" is in markdown text`,
      ).toBe(false);
    }
  }
  for (const m of markdown) expect(markdownFeatures(m), `our own text: ${m}`).not.toContain('link');
  for (const m of markdown) expect(markdownFeatures(m), `our own text: ${m}`).not.toContain('autolink');
  // TextRuns are never markdown; what is left is a client finding addresses in plain text by itself
  for (const r of runs) {
    expect(r).not.toMatch(/:\/\//);
    expect(r).not.toMatch(/[\p{L}\p{N}]\.[\p{L}\p{N}]/u);
    expect(markdownFeatures(r)).not.toContain('autolink');
  }
}

let flows = 0;
async function reportTyped(session: BotSession, reporter: Who = PEOPLE.sam) {
  const answers: ReportAnswers = {
    victims: ['pupil'],
    instigators: ['unknown-adult'],
    types: ['grooming'],
    date: '2026-11-23',
    time: '19:30',
    platform: TYPED.platform,
    description: TYPED.description,
    childNames: TYPED.childNames,
    evidence: TYPED.evidence,
    actionTaken: TYPED.actionTaken,
  };
  return submitReport({
    store: storeOf(session),
    profile: exampleProfile(),
    draft: { flowId: `typed-flow-${++flows}`, step: 'review', startedAt: T0.toISOString(), answers },
    reporter: { aadObjectId: reporter.aadObjectId, displayName: reporter.name, kind: 'staff' },
    now: T0,
  });
}

const cardOf = (call: { activity: unknown } | undefined) => FakeConnector.card(call as never) as AdaptiveCardContent;
const formIdOf = (card: AdaptiveCardContent, title: string) =>
  (card.actions!.find((a) => a.title === title)!.data as { formId: string }).formId;

describe('unlinked: the invisible joiners', () => {
  it.each([
    ['https://evil.example/x', `https:${WORD_JOINER}//evil.${WORD_JOINER}example/x`],
    ['www.evil.example', `www.${WORD_JOINER}evil.${WORD_JOINER}example`],
    ['jo@school.uk', `jo@school.${WORD_JOINER}uk`],
    ['The end. Next line', 'The end. Next line'],
    ['3.5 km', `3.${WORD_JOINER}5 km`],
    ['**bold** [a](b)', '**bold** [a](b)'],
  ])('%s', (input, expected) => {
    expect(unlinked(input)).toBe(expected);
    expect(unlinked(input).replaceAll(WORD_JOINER, '')).toBe(input);
  });
});

describe('typed text is plain text in every card', () => {
  it("the reporter's link, bold, heading, list and address reach the DSL's details card as the words they typed", async () => {
    const session = await day.open();
    const record = await reportTyped(session);
    await session.deliver();
    const details = await session.click(PEOPLE.priya, 'case.details', { caseId: record.id });
    expectInert(details, [TYPED.description, TYPED.childNames, TYPED.platform, TYPED.evidence, TYPED.actionTaken]);
    // the description, a paragraph a line, each one TextRun with the words exactly as typed
    const { runs } = surfaces(details);
    for (const line of [
      `[Open the screenshots (sign in)](https:${WORD_JOINER}//evil.${WORD_JOINER}example/x)`,
      '**bold**',
      '# Heading',
      '- item',
      `https:${WORD_JOINER}//evil.${WORD_JOINER}example`,
    ]) {
      expect(runs).toContain(line);
    }
    // no markdown text carries any of it: the TextBlocks and facts hold only our own words
    const { markdown } = surfaces(details);
    expect(markdown.join('\n')).not.toMatch(/evil|Open the screenshots|\*\*bold\*\*|# Heading|Zed|Yusuf/);
  });

  it('the Adaptive Cards SDK reads the typed words as TextRuns, which it never passes to markdown', async () => {
    const session = await day.open();
    const record = await reportTyped(session);
    await session.deliver();
    const details = await session.click(PEOPLE.priya, 'case.details', { caseId: record.id });
    const parsed = new AC.AdaptiveCard();
    parsed.parse(details as never, new AC.SerializationContext());
    const textBlocks: string[] = [];
    const textRuns: string[] = [];
    const visit = (el: AdaptiveCards.CardElement): void => {
      if (el instanceof AC.TextBlock) textBlocks.push(el.text ?? '');
      if (el instanceof AC.RichTextBlock)
        for (let i = 0; i < el.getInlineCount(); i++) {
          const inline = el.getInlineAt(i);
          if (inline instanceof AC.TextRun) textRuns.push(inline.text ?? '');
        }
      if (el instanceof AC.FactSet) for (const f of el.facts) textBlocks.push(f.name ?? '', f.value ?? '');
      if (el instanceof AC.CardElementContainer) for (let i = 0; i < el.getItemCount(); i++) visit(el.getItemAt(i));
    };
    visit(parsed);
    // the SDK renders a TextBlock through its markdown hook (useMarkdown) and a TextRun as plain text
    expect(new AC.TextBlock().useMarkdown).toBe(true);
    expect('useMarkdown' in new AC.TextRun()).toBe(false);
    expect(textRuns.join('\n')).toContain('**bold**');
    expect(textBlocks.join('\n')).not.toMatch(/evil|\*\*bold\*\*|# Heading/);
  });

  it("the DSL's question, the reporter's answer, a changed route's reason, a referral and the outcome stay plain text wherever they are shown", async () => {
    const session = await day.open();
    const record = await reportTyped(session);
    const post = channelPost(await session.deliver());
    const where = { channelConversationId: post.conversationId };

    // the DSL asks: the reporter's card shows the question as plain text
    const ask = await session.click(PEOPLE.priya, 'case.ask', { caseId: record.id }, where);
    await session.click(
      PEOPLE.priya,
      'case.ask.submit',
      { caseId: record.id, formId: formIdOf(ask, 'Send question'), question: TYPED.question },
      where,
    );
    const delivered = await session.deliver();
    const question = cardOf(delivered.find((c) => c.conversationId === `personal-${PEOPLE.sam.id}`));
    expectInert(question, [`"${TYPED.question}"`]);
    const requestId = (question.actions![0]!.data as { requestId: string }).requestId;
    await session.click(PEOPLE.sam, 'case.answer.submit', { caseId: record.id, requestId, answer: TYPED.answer });
    await session.deliver();

    // a changed route with a reason: the people told read the reason as plain text
    const route = await session.click(PEOPLE.priya, 'case.route', { caseId: record.id }, where);
    await session.click(
      PEOPLE.priya,
      'case.route.submit',
      { caseId: record.id, formId: formIdOf(route, 'Approve this route'), route: 'dsl,it-support,headteacher', reason: TYPED.reason },
      where,
    );
    await session.deliver();
    const toChris = cardOf(session.connector.sentTo(PEOPLE.chris.id).at(-1));
    expect(textOf(toChris)).toContain('decided you receive this case as IT support');
    expectInert(toChris, [TYPED.reason]);
    const toHelen = cardOf(session.connector.sentTo(PEOPLE.helen.id).at(-1));
    expectInert(toHelen, [TYPED.reason, TYPED.description, TYPED.childNames]);

    const referral = await session.click(PEOPLE.tom, 'case.referral', { caseId: record.id }, where);
    const recorded = textOf(
      await session.click(
        PEOPLE.tom,
        'case.referral.submit',
        {
          caseId: record.id,
          formId: formIdOf(referral, 'Record referral'),
          agency: 'ceop',
          date: '2026-11-24',
          time: '09:30',
          madeBy: TYPED.madeBy,
          reference: TYPED.reference,
        },
        where,
      ),
    );
    expect(recorded).toContain('Referral recorded.');
    const close = await session.click(PEOPLE.priya, 'case.close', { caseId: record.id }, where);
    await session.click(
      PEOPLE.priya,
      'case.close.submit',
      { caseId: record.id, formId: formIdOf(close, 'Close case'), outcome: TYPED.outcome, sanction: 'none' },
      where,
    );
    await session.deliver();

    // the details: every one of them, plain
    const details = await session.click(PEOPLE.priya, 'case.details', { caseId: record.id });
    expectInert(details, [TYPED.question, TYPED.answer, TYPED.reason, TYPED.madeBy, TYPED.reference, TYPED.outcome]);
    expect(textOf(details)).toContain(`made by ${TYPED.madeBy}, reference ${TYPED.reference}`);

    // the channel carries no typed text: not the referral's "made by" or reference, nor anything else
    const channel = session.connector.channelCalls();
    expect(channel.length).toBeGreaterThan(1);
    for (const call of channel) {
      const json = JSON.stringify(call.activity);
      for (const words of Object.values(TYPED))
        for (const line of words.split('\n')) expect(json, `${call.op}: ${line}`).not.toContain(line);
      expect(json).not.toContain('evil');
      expect(json).not.toContain('made by');
    }
  });

  it("a child's own words in a worry reach the DSL as plain text", () => {
    const words = "he said [click here](https://evil.example/free) for **free** robux\n- don't tell";
    const card = routedNoticeCard({
      caseId: 'c-1',
      reference: 'OS-2026-0009',
      asRole: 'Designated safeguarding lead',
      severityLabel: 'High',
      types: ['A pupil is worried'],
      stage: 'pupil',
      guidance: [],
      details: { description: words, happenedAt: 'Not recorded', reporterName: 'Ava Brown' },
    }) as unknown as AdaptiveCardContent;
    expectInert(card, [words, 'Ava Brown']);
  });

  it("a leaver decision's typed reason is plain text on the review card", async () => {
    const session = await day.open();
    const records = new SqliteComplianceRecords(session.db);
    await records.recordFinding({ accountId: 'acc-1', accountName: 'Old Supply Teacher', periodKey: 'leavers-2026-11', reasons: ['left'] });
    await records.recordFinding({ accountId: 'acc-2', accountName: 'Another Account', periodKey: 'leavers-2026-11', reasons: ['dormant'] });
    const card = await session.click(PEOPLE.chris, 'leaver.decide', {
      accountId: 'acc-1',
      periodKey: 'leavers-2026-11',
      decision: 'keep',
      'reason-acc-1': TYPED.reason,
    });
    expect(textOf(card)).toContain('Recorded: keep.');
    expectInert(card, [TYPED.reason]);
  });
});

// ---- the limits --------------------------------------------------------------------------------------

const HUGE = 'x'.repeat(900_000);
const kind = (limit: number, length = 900_000) =>
  `Please keep this to ${limit.toLocaleString('en-GB')} characters or fewer (it has ${length.toLocaleString('en-GB')}). Nothing was saved.`;

/** the message shown right under the field with this id */
function messageAt(card: AdaptiveCardContent, id: string): string | undefined {
  const at = card.body.findIndex((e) => (e as { id?: string }).id === id);
  const next = card.body[at + 1] as { type?: string; text?: string; color?: string } | undefined;
  return at >= 0 && next?.type === 'TextBlock' && next.color === 'Attention' ? next.text : undefined;
}
const inputOf = (card: AdaptiveCardContent, id: string) =>
  card.body.find((e) => (e as { id?: string }).id === id) as { maxLength?: number; value?: string } | undefined;

/** a refused card: small enough for Teams, the message at the field, and the box holding no more than it takes */
function expectRefusedAt(card: AdaptiveCardContent, id: string, limit: number): void {
  expect(messageAt(card, id)).toBe(kind(limit));
  expect(inputOf(card, id)!.maxLength).toBe(limit);
  expect(inputOf(card, id)!.value!.length).toBeLessThanOrEqual(limit);
  expect(checkCard(card).bytes).toBeLessThan(40_000);
}

describe('every typed field is limited on the server to what its card says', () => {
  it('the case limits are the ones the cards state', () => {
    expect(CASE_TEXT_LIMITS).toEqual({
      reason: 1000,
      question: 2000,
      answer: 2000,
      madeBy: 100,
      reference: 100,
      outcome: 2000,
      support: 1000,
    });
    expect(COMPLIANCE_TEXT_LIMITS).toEqual({ provider: 100, leaverReason: 300 });
  });

  it('a 900,000-character reason, question, referral field, outcome or support is refused at the field, and nothing is written', async () => {
    const session = await day.open();
    const record = await reportTyped(session);
    const post = channelPost(await session.deliver());
    const where = { channelConversationId: post.conversationId };
    const store = storeOf(session);
    const trail = async () => (await store.events(record.id)).length;
    const queued = async () => (await outboxOf(session).forIncident(record.id)).length;
    let events = await trail();
    const outbox = await queued();

    // change the route: the reason
    const route = await session.click(PEOPLE.priya, 'case.route', { caseId: record.id }, where);
    expect(inputOf(route, 'reason')!.maxLength).toBe(CASE_TEXT_LIMITS.reason);
    const routeId = formIdOf(route, 'Approve this route');
    expectRefusedAt(
      await session.click(
        PEOPLE.priya,
        'case.route.submit',
        { caseId: record.id, formId: routeId, route: 'dsl,it-support,headteacher', reason: HUGE },
        where,
      ),
      'reason',
      CASE_TEXT_LIMITS.reason,
    );
    // the reason is limited even when the route is as proposed (it would still be recorded)
    expectRefusedAt(
      await session.click(
        PEOPLE.priya,
        'case.route.submit',
        { caseId: record.id, formId: routeId, route: 'dsl,it-support', reason: HUGE },
        where,
      ),
      'reason',
      CASE_TEXT_LIMITS.reason,
    );
    expect(await trail()).toBe(events);
    expect((await store.get(record.id))!.status).toBe('awaiting-approval');

    // ask the reporter: the question; one of exactly 2,000 is taken
    const ask = await session.click(PEOPLE.priya, 'case.ask', { caseId: record.id }, where);
    expect(inputOf(ask, 'question')!.maxLength).toBe(CASE_TEXT_LIMITS.question);
    const askId = formIdOf(ask, 'Send question');
    expectRefusedAt(
      await session.click(PEOPLE.priya, 'case.ask.submit', { caseId: record.id, formId: askId, question: HUGE }, where),
      'question',
      CASE_TEXT_LIMITS.question,
    );
    expect(
      messageAt(
        await session.click(PEOPLE.priya, 'case.ask.submit', { caseId: record.id, formId: askId, question: 'q'.repeat(2001) }, where),
        'question',
      ),
    ).toBe(kind(2000, 2001));
    expect(await trail()).toBe(events);
    expect(await queued()).toBe(outbox);
    expect(
      textOf(
        await session.click(
          PEOPLE.priya,
          'case.ask.submit',
          { caseId: record.id, formId: askId, question: ` ${'q'.repeat(2000)} ` },
          where,
        ),
      ),
    ).toContain('Your question was sent');
    expect(await trail()).toBe(++events);

    // the reporter's answer
    const delivered = await session.deliver();
    const question = cardOf(delivered.find((c) => c.conversationId === `personal-${PEOPLE.sam.id}`));
    expect(inputOf(question, 'answer')!.maxLength).toBe(CASE_TEXT_LIMITS.answer);
    const requestId = (question.actions![0]!.data as { requestId: string }).requestId;
    expectRefusedAt(
      await session.click(PEOPLE.sam, 'case.answer.submit', { caseId: record.id, requestId, answer: HUGE }),
      'answer',
      CASE_TEXT_LIMITS.answer,
    );
    expect(await trail()).toBe(events);
    expect((await store.events(record.id)).filter((e) => e.type === 'information-provided')).toEqual([]);

    // approve, then a referral: who made it and the reference
    await session.click(PEOPLE.priya, 'case.approve', { caseId: record.id }, where);
    events = await trail();
    const referral = await session.click(PEOPLE.tom, 'case.referral', { caseId: record.id }, where);
    expect(inputOf(referral, 'madeBy')!.maxLength).toBe(CASE_TEXT_LIMITS.madeBy);
    expect(inputOf(referral, 'reference')!.maxLength).toBe(CASE_TEXT_LIMITS.reference);
    const referralId = formIdOf(referral, 'Record referral');
    const good = {
      caseId: record.id,
      formId: referralId,
      agency: 'ceop',
      date: '2026-11-24',
      time: '09:30',
      madeBy: 'Tom Okafor',
      reference: 'CEOP-1',
    };
    expectRefusedAt(
      await session.click(PEOPLE.tom, 'case.referral.submit', { ...good, madeBy: HUGE }, where),
      'madeBy',
      CASE_TEXT_LIMITS.madeBy,
    );
    expectRefusedAt(
      await session.click(PEOPLE.tom, 'case.referral.submit', { ...good, reference: HUGE }, where),
      'reference',
      CASE_TEXT_LIMITS.reference,
    );
    // the choice, date and time are not echoed back as sent when they are not one
    const echoed = await session.click(PEOPLE.tom, 'case.referral.submit', { ...good, agency: HUGE, date: HUGE, time: HUGE }, where);
    expect(checkCard(echoed).bytes).toBeLessThan(40_000);
    expect(textOf(echoed)).toContain('Choose the agency.');
    expect(await trail()).toBe(events);

    // close: the outcome and the support offered; a sanction not on the list
    const close = await session.click(PEOPLE.priya, 'case.close', { caseId: record.id }, where);
    expect(inputOf(close, 'outcome')!.maxLength).toBe(CASE_TEXT_LIMITS.outcome);
    expect(inputOf(close, 'support')!.maxLength).toBe(CASE_TEXT_LIMITS.support);
    const closeId = formIdOf(close, 'Close case');
    expectRefusedAt(
      await session.click(
        PEOPLE.priya,
        'case.close.submit',
        { caseId: record.id, formId: closeId, outcome: HUGE, sanction: 'none' },
        where,
      ),
      'outcome',
      CASE_TEXT_LIMITS.outcome,
    );
    expectRefusedAt(
      await session.click(
        PEOPLE.priya,
        'case.close.submit',
        { caseId: record.id, formId: closeId, outcome: 'Done', support: HUGE, sanction: 'none' },
        where,
      ),
      'support',
      CASE_TEXT_LIMITS.support,
    );
    const badSanction = await session.click(
      PEOPLE.priya,
      'case.close.submit',
      { caseId: record.id, formId: closeId, outcome: 'Done', sanction: HUGE },
      where,
    );
    expect(messageAt(badSanction, 'sanction')).toBe('Choose a sanction from the list.');
    expect(checkCard(badSanction).bytes).toBeLessThan(40_000);
    expect(await trail()).toBe(events);
    expect((await store.get(record.id))!.status).toBe('escalated');
    expect(JSON.stringify(await store.events(record.id))).not.toContain('x'.repeat(2001));
  });

  it('a made-up form id is not kept in the trail', async () => {
    const session = await day.open();
    const record = await reportTyped(session);
    const post = channelPost(await session.deliver());
    await session.click(
      PEOPLE.priya,
      'case.ask.submit',
      { caseId: record.id, formId: HUGE, question: 'Which app?' },
      { channelConversationId: post.conversationId },
    );
    const asked = (await storeOf(session).events(record.id)).find((e) => e.type === 'more-information-requested')!;
    expect((asked.data as { requestId: string }).requestId).toMatch(/^[\w-]{1,64}$/);
  });

  it('training: a 900,000-character provider is refused at the field and nothing is recorded', async () => {
    const session = await day.open();
    const course = exampleProfile().training.courses[1]!;
    const card = await session.click(PEOPLE.sam, 'training.done', { course: course.id, completedOn: '2026-11-20', provider: HUGE });
    expectRefusedAt(card, 'provider', COMPLIANCE_TEXT_LIMITS.provider);
    expect(await new SqliteComplianceRecords(session.db).training(PEOPLE.sam.aadObjectId)).toEqual([]);
    // a made-up course or date is not echoed back as sent
    const odd = await session.click(PEOPLE.sam, 'training.done', { course: HUGE, completedOn: HUGE, provider: '' });
    expect(checkCard(odd).bytes).toBeLessThan(40_000);
    // exactly the limit is taken, trimmed
    await session.click(PEOPLE.sam, 'training.done', { course: course.id, completedOn: '2026-11-20', provider: ` ${'p'.repeat(100)} ` });
    expect(await new SqliteComplianceRecords(session.db).training(PEOPLE.sam.aadObjectId)).toMatchObject([{ provider: 'p'.repeat(100) }]);
  });

  it('leavers: a 900,000-character reason is refused at the account, not cut short, and nothing is decided', async () => {
    const session = await day.open();
    const records = new SqliteComplianceRecords(session.db);
    await records.recordFinding({ accountId: 'acc-1', accountName: 'Old Supply Teacher', periodKey: 'leavers-2026-11', reasons: ['left'] });
    const card = await session.click(PEOPLE.chris, 'leaver.decide', {
      accountId: 'acc-1',
      periodKey: 'leavers-2026-11',
      decision: 'disable',
      'reason-acc-1': HUGE,
    });
    const container = card.body.find((e) => JSON.stringify(e).includes('"reason-acc-1"')) as { items: unknown[] };
    expectRefusedAt({ body: container.items } as AdaptiveCardContent, 'reason-acc-1', COMPLIANCE_TEXT_LIMITS.leaverReason);
    expect(checkCard(card).bytes).toBeLessThan(40_000);
    expect((await records.findings())[0]!.decision).toBeUndefined();
  });
});
