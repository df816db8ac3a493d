// random activities and card payloads through the real app: the HTTP server, the bot, the SQLite store in a
// temp folder and the outbox, with a stub Teams connector on loopback that records what the bot posts.
// FUZZ_RUNS sets how many (the bench: FUZZ_RUNS=10000); FUZZ_SEED replays a failure fast-check printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startBot, type RunningBot } from '../../src/bootstrap.js';
import { DATABASE_FILE } from '../../src/adapters/sqlite/database.js';
import { DANGER_PHRASES } from '../../src/app/disclosure/danger-words.js';
import { WORRY_CHOICES } from '../../src/app/worried/worry-choices.js';
import { COMMANDS } from '../../src/adapters/teams/commands.js';
import { exampleProfile, silentLogger, localConfig } from '../support/test-bot.js';
import { startStubConnector, type SentActivity } from '../support/stub-connector.js';
import { makeTempDir } from '../support/temp-dir.js';
import { AVA, BOT, SAM, TENANT } from '../support/activities.js';
import { PEOPLE, SAFEGUARDING } from '../bot/support/casework.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

const profile = exampleProfile();
const PUPIL_NAMES = (profile.pupils.roster ?? []).map((p) => p.displayName);
const LEO = { id: 'user-pupil-leo', name: 'Leo Green', aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000007' };
const STRANGER = { id: 'user-stranger', name: 'Pat Visitor', aadObjectId: 'a1b2c3d4-0000-4000-8000-0000000000ff' };

// ---- what a person might type: each fuzzed word carries a marker, so a leak of it is found anywhere ----
/** every marker the fuzzer put in typed text: none may reach a channel or group chat */
const markers = new Set<string>();
const marker = fc.stringMatching(/^[a-z]{10}$/).map((s) => {
  const m = `zq${s}`;
  markers.add(m);
  return m;
});
const HOSTILE = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'prototype',
  'valueOf',
  '<at>',
  '</at>',
  '<',
  '>',
  '\u2019',
  '/',
];
const repeated = fc
  .tuple(
    fc.constantFrom('<', '<at>', '<a', '</', 'a<', ' ', '.', '\u0130', '\uD83D\uDE00'),
    fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 3_000 }) }, fc.integer({ min: 25_000, max: 40_000 })),
  )
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));
const typedText = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.string({ maxLength: 60 }), marker, fc.constantFrom('', ...DANGER_PHRASES)).map((p) => p.join(' ')) },
  { weight: 2, arbitrary: fc.constantFrom(...COMMANDS, ...HOSTILE, 'I\u2019m worried', '<at>Online Safety</at> report') },
  { weight: 1, arbitrary: repeated },
  { weight: 1, arbitrary: fc.tuple(marker, repeated).map(([m, r]) => `${m} ${r}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300, unit: 'binary' }) },
);

// ---- card payloads: the right keys with wrong types, our verbs and others ----
const VERBS = [
  'worried.send',
  'concern.send',
  'worried.start',
  'report.start',
  'status.show',
  'report.next',
  'report.back',
  'report.submit',
  'report.cancel',
  'disclosure.send',
  'disclosure.report',
  'disclosure.dismiss',
  'case.open',
  'case.approve',
  'case.ask.submit',
  'case.answer.submit',
  'training.done',
  'leaver.decide',
  'review.done',
  'digest.read',
  'aup.agree',
  'no.such.verb',
  '__proto__',
  'constructor',
  '',
];
const KEYS = [
  'words',
  'description',
  'answer',
  'question',
  'choice',
  'danger',
  'cardId',
  'flowId',
  'caseId',
  'offerId',
  'requestId',
  'provider',
  '__proto__',
  'constructor',
  'toString',
];
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  typedText,
  fc.constantFrom(...WORRY_CHOICES, 'yes', 'no'),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...KEYS), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
);
const cardData = fc.dictionary(fc.constantFrom(...KEYS), anyValue, { maxKeys: 6 });

// ---- who and where ----
const who = fc.constantFrom<Record<string, string> | undefined>(
  AVA,
  LEO,
  SAM,
  PEOPLE.priya,
  PEOPLE.david,
  STRANGER,
  { id: 'user-no-aad', name: 'No Id' },
  undefined,
);
type Where = 'personal' | 'channel' | 'groupChat' | 'none';
const where = fc.constantFrom<Where>('personal', 'personal', 'channel', 'groupChat', 'none');
// the bot keeps to Teams' limits per conversation (60 posts in 30 s): the fuzz spreads its turns over
// many conversations, as a school's many chats would, so it measures the bot and not the limiter
let lane = 0;
const conversationFor = (place: Where, from: Record<string, string> | undefined) => {
  const k = ++lane % 64;
  switch (place) {
    case 'personal':
      return {
        conversation: { id: `personal-${from?.id ?? 'nobody'}-${k}`, conversationType: 'personal', tenantId: TENANT, isGroup: false },
      };
    case 'channel': {
      // the safeguarding channel (where the case cards are) now and then, other team channels otherwise
      const channel = k % 8 === 0 ? SAFEGUARDING : `19:fuzz-channel-${k}@thread.tacv2`;
      return {
        conversation: { id: `${channel};messageid=${lane}`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
        channel: { id: channel },
      };
    }
    case 'groupChat':
      return { conversation: { id: `19:fuzz-group-${k}@thread.v2`, conversationType: 'groupChat', tenantId: TENANT, isGroup: true } };
    case 'none':
      return {};
  }
};

let n = 0;
/** the card data a real worry or offer sends, with the fuzzed words: so the fuzz reaches the store and the channel card */
const plausible = fc.oneof(
  fc.record({
    who: fc.constantFrom(AVA, LEO),
    verb: fc.constant('worried.send'),
    data: fc.record({
      cardId: fc.uuid(),
      words: typedText,
      danger: fc.constantFrom('yes', 'no'),
      // now and then a choice the card does not offer: the card comes back to fix it, with the words in it
      choice: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...WORRY_CHOICES) }, fc.constant('not-a-choice')),
    }),
  }),
  fc.record({
    who: fc.constant(STRANGER),
    verb: fc.constant('concern.send'),
    data: fc.record({ cardId: fc.uuid(), words: typedText, danger: fc.constantFrom('yes', 'no') }),
  }),
  fc.record({
    who: fc.constantFrom(AVA, LEO, SAM),
    verb: fc.constantFrom('disclosure.send', 'disclosure.report'),
    data: fc.record({ offerId: fc.uuid(), words: typedText }),
  }),
);

type FuzzActivity = Record<string, unknown> & { type: string; from?: unknown; conversation?: unknown; replyToId?: string; value?: unknown };

const activity = (serviceUrl: string): fc.Arbitrary<FuzzActivity> =>
  fc
    .record({
      kind: fc.constantFrom('text', 'text', 'text', 'submit', 'invoke', 'invoke', 'plausible', 'plausible', 'update', 'odd'),
      real: plausible,
      from: who,
      place: where,
      text: typedText,
      verb: fc.constantFrom(...VERBS),
      data: cardData,
      // Teams names the message a clicked card is on; a click without one is not well formed
      onCard: fc.boolean(),
    })
    .map(({ kind, real, from, place, text, verb, data, onCard }): FuzzActivity => {
      const { conversation, channel } = conversationFor(place, from);
      const base = {
        id: `fuzz-${++n}`,
        channelId: 'msteams',
        serviceUrl,
        recipient: BOT,
        ...(from ? { from } : {}),
        ...(conversation ? { conversation } : {}),
        channelData: { tenant: { id: TENANT }, ...(channel ? { channel } : {}) },
      };
      switch (kind) {
        case 'text':
          return { ...base, type: 'message', text };
        case 'submit':
          return { ...base, type: 'message', value: { ...data, verb } };
        case 'plausible': {
          // mostly from the person the card is for, in their 1:1 chat; sometimes from a channel or group chat.
          // half by Action.Execute, half by the Action.Submit fallback (a message, whose answer is posted)
          const who = place === 'personal' || place === 'none' ? { from: real.who, ...conversationFor('personal', real.who) } : {};
          return onCard
            ? {
                ...base,
                ...who,
                replyToId: 'card-1',
                type: 'invoke',
                name: 'adaptiveCard/action',
                value: { action: { type: 'Action.Execute', verb: real.verb, data: real.data }, trigger: 'manual' },
              }
            : { ...base, ...who, type: 'message', value: { ...real.data, verb: real.verb } };
        }
        case 'invoke':
          return {
            ...base,
            ...(onCard ? { replyToId: 'card-1' } : {}),
            type: 'invoke',
            name: 'adaptiveCard/action',
            value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
          };
        case 'update':
          return { ...base, type: 'conversationUpdate', membersAdded: [from ?? {}, BOT] };
        default:
          return { ...base, type: verb || 'typing', text };
      }
    });

/** a conversation the bot posted into that is not someone's 1:1 chat: a team channel or a group chat */
const isShared = (sent: SentActivity): boolean => {
  const path = decodeURIComponent(sent.path);
  if (/^\/v3\/conversations\/?$/.test(path)) {
    const body = sent.body as { isGroup?: boolean; channelData?: { channel?: unknown } };
    return body.isGroup === true || body.channelData?.channel !== undefined;
  }
  return path.includes('/19:');
};

/** what people in the conversation read: the message and its cards (not the envelope addressing whom it answers) */
const shownIn = (body: Record<string, unknown>): string => {
  const message = (body.activity ?? body) as Record<string, unknown>;
  const { text, summary, speak, attachments, suggestedActions, value } = message;
  return JSON.stringify({ text, summary, speak, attachments, suggestedActions, value });
};

/** how many posts went to a shared conversation, and which fuzzed words or pupil names any of them showed */
const leaksInSharedPosts = (sent: readonly SentActivity[]): { sharedPosts: number; leaks: { path: string; word: string }[] } => {
  const shared = sent.filter(isShared);
  const words = [...markers, ...PUPIL_NAMES];
  const leaks = shared.flatMap((s) => {
    const shown = shownIn(s.body);
    return words.filter((word) => shown.includes(word)).map((word) => ({ path: s.path, word }));
  });
  return { sharedPosts: shared.length, leaks };
};

const eventRows = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare('SELECT incident_id, seq, type, at, actor, reason, data FROM incident_events ORDER BY incident_id, seq')
      .all()
      .map((row) => JSON.stringify(row));
  } finally {
    db.close();
  }
};

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe(`fuzz: ${RUNS} random activities and card payloads through the real app`, () => {
  const tmp = makeTempDir();
  let bot: RunningBot;
  let connector: Awaited<ReturnType<typeof startStubConnector>>;
  const file = () => join(tmp.dir, DATABASE_FILE);
  const post = (body: unknown) =>
    fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    connector = await startStubConnector();
    bot = await startBot(
      localConfig(tmp.dir),
      profile,
      process.env.FUZZ_DEBUG ? (await import('pino')).default({ level: 'info' }) : silentLogger,
    );
    // everyone has opened their chat with the bot, and the safeguarding channel's address is known,
    // so alerts and channel cards are really sent (to the stub connector)
    for (const p of [...Object.values(PEOPLE), AVA, LEO]) {
      const res = await post({
        type: 'message',
        id: `warm-${p.id}`,
        text: 'help',
        channelId: 'msteams',
        serviceUrl: connector.url,
        from: p,
        recipient: BOT,
        conversation: { id: `personal-${p.id}`, conversationType: 'personal', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
      });
      expect(res.status).toBe(200);
    }
    const res = await post({
      type: 'message',
      id: 'warm-channel',
      text: 'help',
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: PEOPLE.priya,
      recipient: BOT,
      conversation: { id: `${SAFEGUARDING};messageid=0`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
      channelData: { tenant: { id: TENANT }, channel: { id: SAFEGUARDING } },
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    tmp.remove();
  });

  it('no crash, no 5xx, bounded memory, an intact database and trail, and nothing typed or any pupil name in a shared conversation', async () => {
    const crashes: unknown[] = [];
    const onCrash = (err: unknown) => crashes.push(err);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    try {
      const heapBefore = heapAfterGc();
      const half = Math.ceil(RUNS / 2);
      const statuses = new Map<number, number>();
      const run = (numRuns: number) =>
        fc.assert(
          fc.asyncProperty(activity(connector.url), async (a) => {
            const res = await post(a);
            const answer = await res.text();
            if (process.env.FUZZ_DEBUG && res.status >= 500)
              console.info(res.status, answer.slice(0, 500), JSON.stringify(a).slice(0, 400), JSON.stringify(a.value).slice(0, 300));
            const wellFormed =
              a.from !== undefined &&
              a.conversation !== undefined &&
              ['message', 'invoke', 'conversationUpdate'].includes(a.type) &&
              (a.type !== 'invoke' || a.replyToId !== undefined);
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            // a well-formed activity never gets a 5xx; one without a sender or a conversation (Teams never
            // sends such) may be turned away, but never crashes the turn (500)
            if (wellFormed) expect(res.status, JSON.stringify(a).slice(0, 300)).toBeLessThan(500);
            else expect(res.status, JSON.stringify(a).slice(0, 300)).not.toBe(500);
          }),
          { numRuns, ...(SEED === undefined ? {} : { seed: SEED }) },
        );

      await run(half);
      const trailBefore = eventRows(file());
      // the posts so far are checked (below) and dropped, so the heap measures the bot, not the test's record
      const firstHalf = leaksInSharedPosts(connector.sent);
      connector.sent.splice(0);
      const heapHalfway = heapAfterGc();
      await run(RUNS - half);
      // what the changes queued has been sent: the outbox settles when nothing new was posted for a while
      for (let seen = -1; seen !== connector.sent.length;) {
        seen = connector.sent.length;
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }

      expect(crashes).toEqual([]);
      expect(statuses.get(500)).toBeUndefined();
      console.info(`fuzz: ${RUNS} activities, statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${connector.sent.length} posts`);

      const db = new Database(file(), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const incidents = (db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
        // the fuzz reached the use cases, not only the refusals
        expect(incidents).toBeGreaterThan(0);
      } finally {
        db.close();
      }
      // append-only: every event seen halfway is still there, unchanged
      const trailAfter = new Set(eventRows(file()));
      expect(trailBefore.filter((row) => !trailAfter.has(row))).toEqual([]);
      expect(trailAfter.size).toBeGreaterThanOrEqual(trailBefore.length);

      // every post into a team channel or group chat: the bot's replies there and the safeguarding channel's cards
      const secondHalf = leaksInSharedPosts(connector.sent);
      expect(firstHalf.sharedPosts + secondHalf.sharedPosts).toBeGreaterThan(0);
      expect([...firstHalf.leaks, ...secondHalf.leaks]).toEqual([]);
      // the test's own record of every post is not the bot's memory
      connector.sent.splice(0);

      // memory: what the run kept is the database's, not the heap's (a leak of even 1 KB a turn would show)
      const heapAfter = heapAfterGc();
      console.info(`fuzz heap: ${[heapBefore, heapHalfway, heapAfter].map((h) => Math.round(h / 1e6)).join(' -> ')} MB`);
      // observed: about 47 MB over the first 1,000 turns (caches and compiled code warming up), half that over the next 1,000
      expect(heapAfter - heapBefore).toBeLessThan(96 * 1024 * 1024);
      expect(heapAfter - heapHalfway).toBeLessThan(48 * 1024 * 1024);
    } finally {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    }
  }, 600_000);
});
