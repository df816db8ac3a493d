// issue 20 as it will be judged: the seed trust file's two schools, two bot instances on one PostgreSQL
// (started by the test itself), a report at each school reaching only its own DSL and channel, each
// message sent once between the two instances, and the trust CEO's digest showing both schools.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubConnector } from '../support/stub-connector.js';
import { stopTestPostgres, testPostgres } from '../support/postgres.js';
import {
  eventually,
  LARCH_CHANNEL,
  ROWAN_CHANNEL,
  seedTrust,
  startTrustBot,
  TRUST_PEOPLE as P,
  type Person,
  type TrustBot,
} from '../support/trust-bot.js';
import { openSchoolStores, type SchoolStores } from '../../src/adapters/open-stores.js';
import { trustDigestJob } from '../../src/app/trust/trust-digest-job.js';

afterAll(stopTestPostgres);

async function worry(t: TrustBot, pupil: Person, words: string): Promise<void> {
  const form = await t.invoke(pupil, 'worried.start', {});
  const action = (form?.actions as { data: Record<string, unknown> }[] | undefined)?.[0];
  await t.invoke(pupil, 'worried.send', { ...action!.data, danger: 'no', choice: 'asked-for-pictures', words });
}

describe('a trust on PostgreSQL with two instances', () => {
  let connector: Awaited<ReturnType<typeof startStubConnector>>;
  let one: TrustBot;
  let two: TrustBot;
  let databaseUrl: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const db = await (await testPostgres()).database();
    databaseUrl = db.url;
    drop = db.drop;
    connector = await startStubConnector();
    one = await startTrustBot({ store: { databaseUrl }, connector });
    two = await startTrustBot({ store: { databaseUrl }, connector });
  }, 60_000);
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await connector?.close();
    await drop?.();
  });

  it("a report at each school, through either instance, reaches only that school's DSL and channel, once", async () => {
    // the leads open their chats through one instance; the other reaches them from the shared store
    for (const who of [P.amira, P.fiona, P.simon, P.grace]) await one.message(who, 'hello');
    await worry(one, P.isla, 'A man online asked me for photos');
    await worry(two, P.mia, 'Someone asked me to send a picture');
    await eventually(
      'both alerts',
      () => one.saidTo(P.amira).join().includes('RF-2026-0001') && one.saidTo(P.fiona).join().includes('LH-2026-0001'),
    );
    await eventually('both channel cards', () => one.channelPosts().length >= 2);
    // a moment for any second copy to show
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const toAmira = one.saidTo(P.amira).filter((s) => s.includes('RF-2026-0001'));
    const toFiona = one.saidTo(P.fiona).filter((s) => s.includes('LH-2026-0001'));
    expect(toAmira).toHaveLength(1);
    expect(toFiona).toHaveLength(1);
    expect(one.saidTo(P.amira).join('\n')).not.toContain('LH-2026');
    expect(one.saidTo(P.fiona).join('\n')).not.toContain('RF-2026');
    expect(one.channelPosts().map((p) => [p.channel, /RF-2026-0001|LH-2026-0001/.exec(p.words)?.[0]])).toEqual(
      expect.arrayContaining([
        [ROWAN_CHANNEL, 'RF-2026-0001'],
        [LARCH_CHANNEL, 'LH-2026-0001'],
      ]),
    );
    expect(one.channelPosts()).toHaveLength(2);
  });

  it("the trust CEO's and safeguarding lead's digest shows both schools' figures and no names", async () => {
    const trust = await seedTrust();
    const settings = { store: 'postgres' as const, databaseUrl, dataDir: '', sqliteJournalMode: 'wal' as const };
    const opened: SchoolStores[] = [];
    try {
      for (const id of ['rowan', 'larch-hill', 'trust']) opened.push(await openSchoolStores(settings, { replicate: false, schoolId: id }));
      const [rowan, larch, own] = opened as [SchoolStores, SchoolStores, SchoolStores];
      const job = trustDigestJob({
        trust: trust.name,
        calendar: trust.schools[0]!.profile,
        schools: [
          { profile: trust.schools[0]!.profile, store: rowan.store, records: rowan.records },
          { profile: trust.schools[1]!.profile, store: larch.store, records: larch.records },
        ],
        recipients: [...trust.ceo, ...trust.safeguardingLead],
        reminders: own.reminders,
        // run as on 19 December, queued now: it goes at once
        clock: () => new Date(),
      });
      // the day after the autumn term ends
      const summary = await job.run({
        now: new Date('2026-12-19T10:00:00Z'),
        periodKey: 'trust-digest-2026-09-02',
        dryRun: false,
        report: () => {},
      });
      expect(summary).toEqual({ queued: 2, term: 'Autumn 2026', schools: 2 });
    } finally {
      for (const s of opened) await s.close();
    }
    const digestOf = (who: Person) => one.saidTo(who).find((s) => s.includes('Aspire Learning Trust: online-safety digest'));
    await eventually('the trust digest', () => digestOf(P.simon) !== undefined && digestOf(P.grace) !== undefined);
    const digest = digestOf(P.simon)!;
    expect(digest).toContain('Rowan Federation Primary School (Autumn 2026)');
    expect(digest).toContain('Larch Hill Primary School (Autumn 2026)');
    // one report at each: small numbers hidden as for governors, and a total that would give them away not shown
    expect(digest).toMatch(/Rowan Federation Primary School \(Autumn 2026\)\nReports\nfewer than 3/);
    expect(digest).toMatch(/Larch Hill Primary School \(Autumn 2026\)\nReports\nfewer than 3/);
    expect(digest).toMatch(/Trust totals\nReports\nnot shown\nCritical\nnot shown\nHigh\nnot shown\nDSL decisions\n0\n/);
    for (const secret of ['Isla', 'Mia', 'photos', 'picture', 'RF-2026-0001', 'LH-2026-0001']) expect(digest).not.toContain(secret);
    // sent once, by one of the two instances
    expect(one.saidTo(P.simon).filter((s) => s.includes('online-safety digest'))).toHaveLength(1);
  });
});
