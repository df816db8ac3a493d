// issue 20 item 3, through the real wiring of a trust (src/trust-runtime.ts over /api/messages, a stub
// Teams connector): each school's reports reach only its own DSL and channel, cards come back to the
// school that sent them, and someone at two schools chooses, with nothing they wrote lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  LARCH_CHANNEL,
  ROWAN_CHANNEL,
  startTrustBot,
  TRUST_PEOPLE as P,
  type Person,
  type TrustBot,
} from '../support/trust-bot.js';
import { CHOOSE_IN_CHAT, DANGER_FIRST, TOO_MUCH_BEFORE_CHOICE } from '../../src/adapters/teams/school-router.js';
import { VERB_CHOOSE_SCHOOL } from '../../src/adapters/teams/cards/trust-cards.js';
import { openSchoolStores } from '../../src/adapters/open-stores.js';

/** a pupil tells the bot through the "I'm worried" card; returns the card's words */
async function worry(t: TrustBot, pupil: Person, words: string): Promise<string> {
  const form = await t.invoke(pupil, 'worried.start', {});
  const action = (form?.actions as { data: Record<string, unknown> }[] | undefined)?.[0];
  const answer = await t.invoke(pupil, 'worried.send', { ...action!.data, danger: 'no', choice: 'unkind', words });
  return JSON.stringify(answer);
}
const all = (t: TrustBot, who: Person) => t.saidTo(who).join('\n');

describe('a trust of two schools behind one bot', () => {
  let t: TrustBot;
  beforeAll(async () => {
    t = await startTrustBot({});
    // the leads open their chats first, as a school sets up
    for (const who of [P.amira, P.fiona]) await t.message(who, 'hello');
  });
  afterAll(() => t.stop());

  it("a pupil's worry at each school reaches that school's DSL and channel, never the other's", async () => {
    await worry(t, P.isla, 'Someone keeps sending me horrible messages');
    await worry(t, P.mia, 'A girl in my class posted about me');
    await eventually('both alerts', () => all(t, P.amira).includes('RF-2026-0001') && all(t, P.fiona).includes('LH-2026-0001'));
    await eventually('both channel cards', () => t.channelPosts().length >= 2);
    expect(all(t, P.amira)).toContain('A pupil is worried: case RF-2026-0001');
    expect(all(t, P.amira)).not.toContain('LH-2026');
    expect(all(t, P.fiona)).toContain('A pupil is worried: case LH-2026-0001');
    expect(all(t, P.fiona)).not.toContain('RF-2026');
    const posts = t.channelPosts();
    expect(posts.filter((p) => p.words.includes('RF-2026-0001')).map((p) => p.channel)).toEqual([ROWAN_CHANNEL]);
    expect(posts.filter((p) => p.words.includes('LH-2026-0001')).map((p) => p.channel)).toEqual([LARCH_CHANNEL]);
    // the children's words never reach a channel
    for (const p of posts) expect(p.words).not.toMatch(/horrible messages|posted about me/);
  });

  it("every button on a school's card carries that school, so a click goes back to its records", async () => {
    const alert = t.lastCardTo(P.fiona)!;
    const tags = JSON.stringify(alert).match(/"osbSchool":"[a-z-]+"/g) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    expect(new Set(tags)).toEqual(new Set(['"osbSchool":"larch-hill"']));
  });

  it("a DSL who sends another school's card back, tag and all, is refused by that school and learns nothing of the case", async () => {
    const alert = t.lastCardTo(P.fiona)!;
    const actions = JSON.stringify(alert);
    const caseId = /"caseId":"([^"]+)"/.exec(actions)![1]!;
    for (const verb of ['case.details', 'case.acknowledge', 'case.open']) {
      const answer = JSON.stringify(await t.invoke(P.amira, verb, { caseId, osbSchool: 'larch-hill' }));
      expect(answer).not.toContain('LH-2026-0001');
      expect(answer).not.toContain('posted about me');
    }
    // and without the tag the click goes to her own school, which has no such case
    const untagged = JSON.stringify(await t.invoke(P.amira, 'case.details', { caseId }));
    expect(untagged).not.toContain('LH-2026-0001');
    expect(untagged).not.toContain('posted about me');
    // nothing was recorded on Larch Hill's case by or about her
    const larch = await openSchoolStores(
      { store: 'sqlite', dataDir: t.dataDir, sqliteJournalMode: 'wal' },
      { replicate: false, schoolId: 'larch-hill' },
    );
    try {
      const events = await larch.store.events(caseId);
      expect(events.length).toBeGreaterThan(0);
      expect(events.filter((e) => JSON.stringify(e).includes(P.amira.aadObjectId))).toEqual([]);
      expect(events.map((e) => e.type)).not.toContain('acknowledged');
    } finally {
      await larch.close();
    }
  });

  it('someone at two schools is asked which; what they wrote first is kept, danger answered at once, and goes to the school chosen', async () => {
    await t.message(P.rhian, 'A boy told me a man is outside my house, he says he is outside now');
    const said = t.saidTo(P.rhian);
    expect(said[0]).toBe(DANGER_FIRST);
    expect(said[1]).toContain('Which school is this about?');
    expect(said[1]).toContain('I have kept what you wrote');
    expect(said[1]).toContain('Rowan Federation Primary School');
    expect(said[1]).toContain('Larch Hill Primary School');
    // a school that is not one of hers is refused and changes nothing
    await t.submit(P.rhian, { verb: VERB_CHOOSE_SCHOOL, choice: 'elsewhere' });
    expect(t.saidTo(P.rhian).at(-1)).toBe('That school is not one of yours, so nothing changed. Choose one of the schools on the card.');
    await t.submit(P.rhian, { verb: VERB_CHOOSE_SCHOOL, choice: 'larch-hill' });
    const after = t.saidTo(P.rhian).slice(3).join('\n');
    expect(after).toContain('You are talking to Larch Hill Primary School now.');
    // her words reached Larch Hill's bot, which answers them as any typed danger: its own DSL, and the offer to report
    expect(after).toContain('Tell the designated safeguarding lead in person now: Fiona Hart (01632 960501).');
    expect(after).toContain('You wrote:\nA boy told me a man is outside my house, he says he is outside now');
    expect(after).not.toContain('Amira Haddad');
    // the school's offer card in that same turn carries Larch Hill, so its buttons come back there whatever she chooses later
    expect(new Set(JSON.stringify(t.lastCardTo(P.rhian)).match(/"osbSchool":"[a-z-]+"/g))).toEqual(new Set(['"osbSchool":"larch-hill"']));
    // from now on she is not asked again
    const before = t.saidTo(P.rhian).length;
    await t.message(P.rhian, 'help');
    expect(t.saidTo(P.rhian).slice(before).join('\n')).not.toContain('Which school is this about?');
  });

  it('before choosing, no more than one readable message is kept, and nothing kept is dropped to make room', async () => {
    const long = `${'My neighbour saw something worrying online. '.repeat(560)}`.slice(0, 25_000);
    await t.message(P.guest, long);
    expect(t.saidTo(P.guest).at(-1)).toContain('I have kept what you wrote');
    await t.message(P.guest, 'x'.repeat(10_000));
    expect(t.saidTo(P.guest).at(-2)).toBe(TOO_MUCH_BEFORE_CHOICE);
    // what was kept is still kept
    expect(t.saidTo(P.guest).at(-1)).toContain('I have kept what you wrote');
    const before = t.saidTo(P.guest).length;
    await t.submit(P.guest, { verb: VERB_CHOOSE_SCHOOL, choice: 'rowan' });
    const after = t.saidTo(P.guest).slice(before).join('\n');
    expect(after).toContain('You are talking to Rowan Federation Primary School now.');
    // the kept message reached the school readable: not refused as too long
    expect(after).not.toContain('too long for me to read');
  });

  it('typing school brings the choice back, saying which school they are talking to now', async () => {
    const before = t.saidTo(P.rhian).length;
    await t.message(P.rhian, 'school');
    const card = t.saidTo(P.rhian).slice(before).join('\n');
    expect(card).toContain('Which school is this about?');
    expect(card).toContain('At the moment you are talking to Larch Hill Primary School.');
  });

  it('reporting a Teams message from a group chat before choosing a school: told to choose first, nothing sent anywhere', async () => {
    const before = t.sent.length;
    const res = await fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke',
        name: 'composeExtension/fetchTask',
        id: 'fetch-1',
        channelId: 'msteams',
        serviceUrl: 'https://smba.invalid/',
        from: P.simon,
        recipient: { id: '28:online-safety-bot', name: 'Online Safety' },
        conversation: {
          id: '19:staffroom@unq.gbl.spaces',
          conversationType: 'groupChat',
          tenantId: 'a1b2c3d4-0000-4000-8000-0000000000aa',
        },
        channelData: { tenant: { id: 'a1b2c3d4-0000-4000-8000-0000000000aa' } },
        value: {
          commandId: 'reportMessage',
          commandContext: 'message',
          messagePayload: { id: 'm1', body: { contentType: 'text', content: 'hello' } },
        },
      }),
    });
    expect(await res.json()).toEqual({ task: { type: 'message', value: CHOOSE_IN_CHAT } });
    expect(t.sent.length).toBe(before);
  });

  it('someone at one school is never asked', async () => {
    await t.message(P.hannah, 'help');
    expect(all(t, P.hannah)).not.toContain('Which school is this about?');
    // Rowan's own help: its DSL by name
    expect(all(t, P.hannah)).toContain('tell Amira Haddad in person');
  });
});
