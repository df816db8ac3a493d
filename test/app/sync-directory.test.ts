import { describe, expect, it } from 'vitest';
import { openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteDirectoryMirror } from '../../src/adapters/sqlite/sqlite-directory-mirror.js';
import { syncDirectory } from '../../src/app/leavers/sync-directory.js';
import { GraphRequestError } from '../../src/adapters/graph/graph-error.js';
import type { Directory, DirectoryAccount, DirectoryScan } from '../../src/ports/directory.js';

const account = (id: string, extra: Partial<DirectoryAccount> = {}): DirectoryAccount => ({
  id,
  displayName: `User ${id}`,
  userPrincipalName: `${id}@oakfield.example`,
  accountEnabled: true,
  ...extra,
});

/** a directory that answers scans from a script, and remembers what it was asked */
function scripted(answers: (DirectoryScan | Error)[]): Directory & { asked: (string | undefined)[] } {
  const asked: (string | undefined)[] = [];
  return {
    asked,
    groupMembers: async () => ({ members: [], requests: 1 }),
    scanAccounts: async ({ since }) => {
      asked.push(since);
      const next = answers.shift();
      if (!next) throw new Error('no more scans scripted');
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

describe('keeping a local copy of the directory', () => {
  it('a full scan first, a delta each day after (sign-in times kept), and a full scan again when the token has expired', async () => {
    const mirror = new SqliteDirectoryMirror(openDatabaseFile(':memory:'));
    const now = new Date('2026-11-24T07:00:00Z');
    const directory = scripted([
      {
        accounts: [account('a', { lastSignIn: '2026-06-01T09:00:00Z' }), account('b'), account('c')],
        deltaToken: 't1',
        requests: 4,
        signInActivityAvailable: true,
      },
      {
        accounts: [
          account('b', { accountEnabled: false }),
          { ...account('c'), displayName: '', userPrincipalName: '', accountEnabled: false, removed: true },
        ],
        deltaToken: 't2',
        requests: 1,
        signInActivityAvailable: false,
      },
      new GraphRequestError('delta link expired', 400, 'syncStateNotFound'),
      { accounts: [account('a'), account('d')], deltaToken: 't3', requests: 2, signInActivityAvailable: false },
    ]);
    expect(await syncDirectory(directory, mirror, { now })).toEqual({ kind: 'full', changed: 3, requests: 4 });
    expect(await syncDirectory(directory, mirror, { now })).toEqual({ kind: 'delta', changed: 2, requests: 1 });
    expect((await mirror.accounts()).map((a) => [a.id, a.accountEnabled, a.lastSignIn ?? null])).toEqual([
      ['a', true, '2026-06-01T09:00:00Z'],
      ['b', false, null],
    ]);
    expect(await syncDirectory(directory, mirror, { now })).toEqual({ kind: 'full', changed: 2, requests: 2 });
    expect(directory.asked).toEqual([undefined, 't1', 't2', undefined]);
    expect((await mirror.accounts()).map((a) => a.id)).toEqual(['a', 'd']);
    expect(await mirror.state('signInActivityAvailable')).toBe('false');
    expect(await mirror.state('deltaToken')).toBe('t3');
  });

  it('any other failure leaves the copy and the token as they were', async () => {
    const mirror = new SqliteDirectoryMirror(openDatabaseFile(':memory:'));
    const now = new Date('2026-11-24T07:00:00Z');
    const directory = scripted([
      { accounts: [account('a')], deltaToken: 't1', requests: 1, signInActivityAvailable: true },
      new GraphRequestError('forbidden', 403, 'Authorization_RequestDenied', 'req-1'),
    ]);
    await syncDirectory(directory, mirror, { now });
    await expect(syncDirectory(directory, mirror, { now })).rejects.toMatchObject({ status: 403, requestId: 'req-1' });
    expect((await mirror.accounts()).map((a) => a.id)).toEqual(['a']);
    expect(await mirror.state('deltaToken')).toBe('t1');
  });
});
