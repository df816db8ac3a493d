// issue 20 item 3: no school ever sees another school's case. Random people (pupils of either school,
// visitors no school lists, someone at both schools) tell the bot random things at random schools through
// a trust's whole wiring (src/trust-runtime.ts over HTTP, a stub connector); afterwards every message
// the bot sent is read: a case's reference reaches only people its school lists (or whoever reported
// it), its channel card only its school's channel, and each DSL's list of cases only their school's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  seedTrust,
  startTrustBot,
  TRUST_PEOPLE as P,
  eventually,
  ROWAN_CHANNEL,
  LARCH_CHANNEL,
  type Person,
  type TrustBot,
} from '../support/trust-bot.js';
import { identify } from '../../src/app/identity.js';
import { VERB_CHOOSE_SCHOOL } from '../../src/adapters/teams/cards/trust-cards.js';

type SchoolId = 'rowan' | 'larch-hill';
const PREFIX: Record<SchoolId, string> = { rowan: 'RF', 'larch-hill': 'LH' };
const CHANNEL: Record<SchoolId, string> = { rowan: ROWAN_CHANNEL, 'larch-hill': LARCH_CHANNEL };
const DSL: Record<SchoolId, Person> = { rowan: P.amira, 'larch-hill': P.fiona };
const PUPILS: [Person, SchoolId][] = [
  [P.isla, 'rowan'],
  [P.jacob, 'rowan'],
  [P.mia, 'larch-hill'],
  [P.noah, 'larch-hill'],
];
const visitor = (n: number): Person => ({
  id: `user-visitor-${n}`,
  name: `Visitor ${n}`,
  aadObjectId: `d0d0d0d0-0000-4000-8000-00000000000${n}`,
});

type Act = { kind: 'worry'; pupil: number; words: string } | { kind: 'visitor'; who: number; school: SchoolId; words: string };
const words = fc.constantFrom(
  'someone sent me nasty messages',
  'a stranger asked for a photo',
  'I saw something upsetting',
  'he keeps messaging me',
);
const act: fc.Arbitrary<Act> = fc.oneof(
  fc.record({ kind: fc.constant('worry' as const), pupil: fc.integer({ min: 0, max: 3 }), words }),
  fc.record({
    kind: fc.constant('visitor' as const),
    who: fc.integer({ min: 1, max: 3 }),
    school: fc.constantFrom<SchoolId>('rowan', 'larch-hill'),
    words,
  }),
);

const dataOf = (card: Record<string, unknown> | undefined, verb: string): Record<string, unknown> | undefined =>
  (card?.actions as { verb?: string; data?: Record<string, unknown> }[] | undefined)?.find((a) => a.verb === verb)?.data;

async function perform(t: TrustBot, a: Act): Promise<{ school: SchoolId; reporter: Person }> {
  if (a.kind === 'worry') {
    const [pupil, school] = PUPILS[a.pupil]!;
    const form = await t.invoke(pupil, 'worried.start', {});
    await t.invoke(pupil, 'worried.send', { ...dataOf(form, 'worried.send'), danger: 'no', choice: 'unkind', words: a.words });
    return { school, reporter: pupil };
  }
  // a visitor no school lists: asked which school, then the school's own card for anyone
  const who = visitor(a.who);
  await t.submit(who, { verb: VERB_CHOOSE_SCHOOL, choice: a.school });
  const card = t.lastCardTo(who);
  await t.invoke(who, 'concern.send', { ...dataOf(card, 'concern.send'), words: a.words, danger: 'no' });
  return { school: a.school, reporter: who };
}

describe('no school ever sees another school’s case (random people and reports across two schools)', () => {
  it('holds for every message the bot sends, every channel card and every DSL’s list of cases', async () => {
    const trust = await seedTrust();
    const listedAt = (who: Person, school: SchoolId) =>
      identify(trust.schools.find((s) => s.id === school)!.profile, who.aadObjectId).kind !== 'unknown';
    await fc.assert(
      fc.asyncProperty(fc.array(act, { minLength: 1, maxLength: 5 }), async (acts) => {
        const t = await startTrustBot({ trust });
        try {
          for (const dsl of Object.values(DSL)) await t.message(dsl, 'hello');
          const filed: { school: SchoolId; reporter: Person }[] = [];
          for (const a of acts) filed.push(await perform(t, a));
          const count = (s: SchoolId) => filed.filter((f) => f.school === s).length;
          // each school's DSL is told of each of its cases, and its channel gets each card
          await eventually('every alert and channel card', () =>
            (['rowan', 'larch-hill'] as const).every(
              (s) =>
                new Set(
                  t
                    .saidTo(DSL[s])
                    .join('\n')
                    .match(new RegExp(`${PREFIX[s]}-2026-\\d{4}`, 'g')) ?? [],
                ).size === count(s) && t.channelPosts().filter((p) => p.channel === CHANNEL[s]).length === count(s),
            ),
          );
          for (const s of ['rowan', 'larch-hill'] as const) await t.message(DSL[s], 'cases');
          await new Promise((resolve) => setTimeout(resolve, 100));
          // every reference in every chat: the person is listed at the case's school, or reported it
          const people = [...Object.values(DSL), ...PUPILS.map(([p]) => p), visitor(1), visitor(2), visitor(3)];
          for (const who of people) {
            for (const said of t.saidTo(who)) {
              for (const ref of said.match(/\b(RF|LH)-2026-\d{4}\b/g) ?? []) {
                const school = ref.startsWith('RF') ? 'rowan' : 'larch-hill';
                const reportedIt = filed.some((f) => f.school === school && f.reporter.id === who.id);
                if (!listedAt(who, school) && !reportedIt) throw new Error(`${who.name} was told of ${ref}, a case of ${school}`);
              }
            }
          }
          for (const post of t.channelPosts()) {
            const refs = post.words.match(/\b(RF|LH)-2026-\d{4}\b/g) ?? [];
            for (const ref of refs) expect(post.channel).toBe(ref.startsWith('RF') ? ROWAN_CHANNEL : LARCH_CHANNEL);
            for (const f of filed) expect(post.words).not.toContain(f.reporter.name);
          }
        } finally {
          await t.stop();
        }
      }),
      { numRuns: 15 },
    );
  }, 180_000);
});
