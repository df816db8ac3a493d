// issue 20: `npm start -- --trust profiles/trust.yaml --as <seats>` seats the Playground with the trust's
// schools' people and the people who work across them; read and built without starting anything.
import { describe, expect, it } from 'vitest';
import { parseStartArgs, trustSeatChoice } from '../../scripts/lib/start-args.js';
import { seatFileText } from '../../scripts/lib/playground-seats.js';
import { trustSeats } from '../../scripts/lib/trust-seats.js';
import { loadTrustFile, type Trust } from '../../src/config/trust-file.js';

const SEATS = ['staff', 'dsl', 'deputy', 'head', 'pupil', 'governor'];
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseStartArgs(argv, env, SEATS);

async function seedTrust(): Promise<Trust> {
  const loaded = await loadTrustFile('profiles/trust.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.value;
}

const ROWAN = { id: '19:rowan-safeguarding@thread.tacv2', name: 'Safeguarding (Rowan Federation Primary School)' };
const LARCH = { id: '19:larchhill-safeguarding@thread.tacv2', name: 'Safeguarding (Larch Hill Primary School)' };

describe('npm start -- --trust: the arguments', () => {
  it.each([
    ['--trust <file>: seats left to the trust (the default chosen later)', ['--trust', 'profiles/trust.yaml'], {}, []],
    [
      '--trust=<file> --as school seats and trust seats, each once',
      ['--trust=profiles/trust.yaml', '--as', 'rowan:staff,trust-ceo,rowan:staff'],
      {},
      ['rowan:staff', 'trust-ceo'],
    ],
    ['TRUST_FILE from the environment', ['--as', 'larch-hill:dsl'], { TRUST_FILE: 'profiles/trust.yaml' }, ['larch-hill:dsl']],
  ])('%s', (_, argv, env, seats) => {
    expect(parse(argv, env)).toEqual({ ok: true, value: { seats, schoolProfile: undefined, trustFile: 'profiles/trust.yaml' } });
  });

  it('--profile wins over TRUST_FILE in the environment: one school, as before', () => {
    expect(parse(['--profile', 'profiles/000-bawtry.yaml'], { TRUST_FILE: 'profiles/trust.yaml' })).toEqual({
      ok: true,
      value: { seats: ['staff'], schoolProfile: 'profiles/000-bawtry.yaml' },
    });
  });

  it.each([
    [['--trust'], '--trust takes the path of a trust file (e.g. --trust profiles/trust.yaml).'],
    [
      ['--trust', 'profiles/trust.yaml', '--profile', 'profiles/000-bawtry.yaml'],
      '--trust or --profile, not both: a trust file names each school’s profile itself.',
    ],
    [
      ['--trust', 'profiles/trust.yaml', '--as'],
      '--as takes one or more of the trust’s seats, comma-separated (e.g. --as rowan:staff,trust-ceo).',
    ],
  ])('%j is refused', (argv, error) => {
    expect(parse(argv)).toEqual({ ok: false, error });
  });
});

describe('the trust’s seats', () => {
  it('each school’s seats as <id>:<seat>, then the trust’s CEO and safeguarding lead, and the shared member of staff', async () => {
    const seats = trustSeats(await seedTrust());
    expect(Object.fromEntries(Object.entries(seats).map(([seat, s]) => [seat, s.describes]))).toEqual({
      'rowan:staff': 'Hannah Lowe, a member of staff at Rowan Federation Primary School',
      'rowan:dsl': 'Amira Haddad, the DSL at Rowan Federation Primary School',
      'rowan:head': 'Philip Norcross, the headteacher at Rowan Federation Primary School',
      'rowan:pupil': 'Isla Morgan, a pupil at Rowan Federation Primary School',
      'rowan:governor': 'Bernadette Quinn, the chair of governors at Rowan Federation Primary School',
      'larch-hill:staff': 'Owen Price, a member of staff at Larch Hill Primary School',
      'larch-hill:dsl': 'Fiona Hart, the DSL at Larch Hill Primary School',
      'larch-hill:deputy': 'Ken Ashworth, a deputy DSL at Larch Hill Primary School',
      'larch-hill:head': 'Graham Ellis, the headteacher at Larch Hill Primary School',
      'larch-hill:pupil': 'Mia Carter, a pupil at Larch Hill Primary School',
      'larch-hill:governor': 'Margaret Cole, the chair of governors at Larch Hill Primary School',
      'trust-ceo': "Simon Achebe, the trust's CEO (at 2 schools)",
      'trust-lead': "Grace Okafor, the trust's safeguarding lead",
      'shared-staff': expect.stringMatching(/^.+, staff at Rowan Federation Primary School and Larch Hill Primary School$/),
    });
  });

  it('each seat’s team shows one channel (the Playground refuses more): its school’s; each seat has its own personal chat and five other people', async () => {
    const seats = trustSeats(await seedTrust());
    expect(seats['rowan:staff']!.config.team.channels).toEqual([{ id: ROWAN.id, name: 'Safeguarding' }]);
    expect(seats['larch-hill:dsl']!.config.team.channels).toEqual([{ id: LARCH.id, name: 'Safeguarding' }]);
    expect(seats['rowan:governor']!.config.team.channels).toEqual([{ id: '19:rowan-governors@thread.tacv2', name: 'Governors' }]);
    expect(seats['trust-ceo']!.config.team.channels).toEqual([ROWAN]);
    expect(seats['rowan:staff']!.config.personalChat).toEqual({ id: 'personal-chat-rowan-staff' });
    expect(seats['larch-hill:staff']!.config.personalChat).toEqual({ id: 'personal-chat-larch-hill-staff' });
    const chats = Object.values(seats).map((s) => s.config.personalChat.id);
    expect(new Set(chats).size).toBe(chats.length);
    for (const s of Object.values(seats)) expect(s.config.users).toHaveLength(5);
    // the CEO sees each school's DSL and the trust's safeguarding lead among the people
    expect(seats['trust-ceo']!.config.currentUser.aadObjectId).toBe('7e5f0001-0000-4000-8000-000000000006');
    expect(seats['trust-ceo']!.config.users.map((u) => u.name).slice(0, 3)).toEqual(['Amira Haddad', 'Fiona Hart', 'Grace Okafor']);
  });

  it('the shared member of staff is the trust file’s sharedStaff person', async () => {
    const trust = await seedTrust();
    const seats = trustSeats(trust);
    expect(seats['shared-staff']!.config.currentUser.aadObjectId).toBe('a5a50000-0000-4000-8000-000000000002');
  });

  it('a seat file says where it came from', async () => {
    const seats = trustSeats(await seedTrust());
    const text = seatFileText('profiles/trust.yaml', 'trust-ceo', seats['trust-ceo']!);
    expect(text.split('\n').slice(0, 3)).toEqual([
      `# Made by npm start from profiles/trust.yaml: the Agents Playground seen as Simon Achebe, the trust's CEO (at 2 schools) (seat "trust-ceo").`,
      '# Written afresh on each start; edit the profile, not this file.',
      'version: 0.1.1',
    ]);
  });

  it('choosing seats: the first school’s staff seat by default; an unknown one refused, naming them all', async () => {
    const names = Object.keys(trustSeats(await seedTrust()));
    expect(trustSeatChoice([], names)).toEqual({ ok: true, seats: ['rowan:staff'] });
    expect(trustSeatChoice(['larch-hill:dsl', 'trust-ceo'], names)).toEqual({ ok: true, seats: ['larch-hill:dsl', 'trust-ceo'] });
    expect(trustSeatChoice(['rowan:deputy'], names)).toEqual({
      ok: false,
      error: `Unknown seat rowan:deputy. With a trust, --as takes one or more of ${names.join(', ')}, comma-separated.`,
    });
  });
});
