// people, reports and clicks for the casework bot-turn tests
import { afterEach, expect } from 'vitest';
import { submitReport } from '../../../src/app/submit-report.js';
import type { ReportAnswers } from '../../../src/app/report-flow/index.js';
import { SqliteIncidentStore } from '../../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteNotificationOutbox } from '../../../src/adapters/sqlite/sqlite-notification-outbox.js';
import type { IncidentRecord } from '../../../src/ports/incident-store.js';
import { personalMessage, SAM } from '../../support/activities.js';
import { FakeConnector, type ConnectorCall } from '../../support/fake-connector.js';
import { BotSession, exampleProfile, textOf, type AdaptiveCardContent } from '../../support/test-bot.js';

const person = (key: string, name: string, n: string) => ({
  id: `user-${key}`,
  name,
  aadObjectId: `a1b2c3d4-0000-4000-8000-0000000000${n}`,
});
export const PEOPLE = {
  sam: { ...SAM },
  priya: person('dsl-priya', 'Priya Shah', '02'),
  tom: person('deputy-tom', 'Tom Okafor', '03'),
  helen: person('head-helen', 'Helen Marsh', '04'),
  david: person('chair-david', 'David Rees', '05'),
  chris: person('it-chris', 'Chris Patel', '08'),
  jo: person('dpo-jo', 'Jo Evans', '09'),
};
export type Who = (typeof PEOPLE)[keyof typeof PEOPLE];

export const SAFEGUARDING = '19:oakfield-safeguarding@thread.tacv2';
/** words of the test reports that must never reach the channel */
export const CHILD_NAMES = 'Ava Brown (Year 5) and Leo Green';
export const DESCRIPTION = 'A man called Steve messaged Ava on Roblox asking her to meet at the park';

export const SCENARIOS: Record<string, ReportAnswers> = {
  grooming: { victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'] },
  critical: { immediateRisk: true, victims: ['pupil'], instigators: ['unknown-adult'], types: ['grooming'] },
  aboutTheHead: { victims: ['pupil'], instigators: ['headteacher'], types: ['sexual-harassment'] },
  aboutTheDsl: { victims: ['pupil'], instigators: ['dsl'], types: ['sexual-harassment'] },
};

/** a session where everyone named has opened a chat with the bot (so they can be reached 1:1) */
export async function schoolSession(
  now: () => Date,
  opts: { unreachable?: Who[]; connector?: FakeConnector; db?: BotSession['db'] } = {},
): Promise<BotSession> {
  const session = new BotSession({ now, ...(opts.connector ? { connector: opts.connector } : {}), ...(opts.db ? { db: opts.db } : {}) });
  for (const p of Object.values(PEOPLE)) {
    if (opts.unreachable?.some((u) => u.aadObjectId === p.aadObjectId)) continue;
    await session.send(personalMessage('help', p));
  }
  return session;
}

let flows = 0;
/** Sam's report, as the report cards submit it (the card flow itself is tested in report-flow.test.ts) */
export async function report(
  session: BotSession,
  scenario: keyof typeof SCENARIOS,
  at: Date,
  reporter: Who = PEOPLE.sam,
): Promise<IncidentRecord> {
  const store = new SqliteIncidentStore(session.db);
  const answers: ReportAnswers = {
    ...SCENARIOS[scenario],
    date: '2026-11-23',
    time: '19:30',
    platform: 'Roblox',
    description: DESCRIPTION,
    childNames: CHILD_NAMES,
  };
  return submitReport({
    store,
    profile: exampleProfile(),
    draft: { flowId: `case-flow-${++flows}`, step: 'review', startedAt: at.toISOString(), answers },
    reporter: { aadObjectId: reporter.aadObjectId, displayName: reporter.name, kind: 'staff' },
    now: at,
  });
}

export const storeOf = (session: BotSession) => new SqliteIncidentStore(session.db);
export const outboxOf = (session: BotSession) => new SqliteNotificationOutbox(session.db);
export const eventTypes = async (session: BotSession, id: string) => (await storeOf(session).events(id)).map((e) => e.type);

/** the text of a connector call's card (or its text) */
export const said = (call: ConnectorCall): string => {
  const card = FakeConnector.card(call);
  return card ? textOf(card) : (call.activity.text ?? '');
};

/** a click on the case card in the safeguarding channel thread */
export async function clickInChannel(
  session: BotSession,
  who: Who,
  verb: string,
  data: Record<string, unknown>,
  posted: ConnectorCall,
): Promise<string> {
  const card = await session.click(who, verb, data, { channelConversationId: posted.conversationId });
  return textOf(card);
}

export async function clickCard(
  session: BotSession,
  who: Who,
  verb: string,
  data: Record<string, unknown>,
  where: 'chat' | ConnectorCall = 'chat',
): Promise<AdaptiveCardContent> {
  return session.click(who, verb, data, where === 'chat' ? {} : { channelConversationId: where.conversationId });
}

/** the one channel post of a delivery */
export function channelPost(calls: ConnectorCall[]): ConnectorCall {
  const posts = calls.filter((c) => c.op === 'create' && c.channelId === SAFEGUARDING);
  expect(posts).toHaveLength(1);
  return posts[0]!;
}

/** every word of the test reports, and every pupil in the profile, that must never be in a channel */
export const NEVER_IN_CHANNEL = [
  'Ava',
  'Leo Green',
  'Year 5',
  DESCRIPTION,
  'Steve',
  'Roblox',
  'park',
  'Did Ava reply',
  'she showed me',
  ...exampleProfile().pupils.userIds,
];

/** the privacy check run after every casework test: each channel post and update, whole, as sent */
export function expectNothingPrivateInChannel(session: BotSession): void {
  for (const call of session.connector.channelCalls()) {
    const json = JSON.stringify(call.activity);
    for (const secret of NEVER_IN_CHANNEL) expect(json, `${call.op} in ${call.conversationId} contains "${secret}"`).not.toContain(secret);
  }
}

/**
 * the clock and the sessions of a casework test file: each test opens sessions on a clock it can move;
 * after each test every channel activity is checked for privacy, the sessions closed, the clock reset
 */
export function schoolDay(t0: Date) {
  let clock = t0;
  let sessions: BotSession[] = [];
  afterEach(() => {
    for (const s of sessions) expectNothingPrivateInChannel(s);
    for (const s of sessions) s.close();
    sessions = [];
    clock = t0;
  });
  const now = () => clock;
  return {
    now,
    set: (at: Date) => {
      clock = at;
    },
    /** t0 plus n minutes */
    minutes: (n: number) => new Date(t0.getTime() + n * 60_000),
    open: async (opts: Parameters<typeof schoolSession>[1] = {}) => {
      const s = await schoolSession(now, opts);
      sessions.push(s);
      return s;
    },
  };
}
