// the directory section of `npm run bench` (--only directory): the leaver account scan
// (GraphDirectory, src/adapters/graph/graph-directory.ts) against a directory of 50,000 users served
// in-process by nock at https://graph.microsoft.com. The stand-in pages as Graph does: the delta query
// by the Prefer: odata.maxpagesize it is sent (100 without it), the sign-in activity list by $top (100
// without it), both at most 999. It reports the Graph requests of a first scan and of a later scan
// with 10 changes, against the least possible, and the time each took.
import { performance } from 'node:perf_hooks';
import type { AccessToken, TokenCredential } from '@azure/identity';
import nock from 'nock';
import { GraphClient } from '../src/adapters/graph/graph-client.js';
import { GraphDirectory, USERS_PAGE_SIZE } from '../src/adapters/graph/graph-directory.js';

const GRAPH = 'https://graph.microsoft.com';
const DEFAULT_PAGE = 100;

export interface DirectoryBench {
  users: number;
  changes: number;
  full: { requests: number; served: number; deltaPages: number; signInPages: number; ms: number; accounts: number; withSignIn: number };
  delta: { requests: number; served: number; ms: number; accounts: number; removed: number };
  /** the least requests: ceil(users/999) delta pages + ceil(users/999) sign-in pages; 1 for the changes */
  minimum: { full: number; delta: number };
  problems: string[];
}

interface StandInUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  accountEnabled: boolean;
  employeeLeaveDateTime: string | null;
  lastSignIn: string;
}

const credential: TokenCredential = {
  async getToken(): Promise<AccessToken> {
    return { token: 'bench-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

function pageSize(asked: string | undefined): number {
  const n = Number(asked);
  return Number.isInteger(n) && n > 0 ? Math.min(n, USERS_PAGE_SIZE) : DEFAULT_PAGE;
}

/** a Graph stand-in for /users/delta and /users?$select=id,signInActivity, with a change log for delta tokens */
function serveDirectory(users: StandInUser[]) {
  const counts = { delta: 0, signIns: 0, other: 0 };
  /** changes recorded after each delta token was handed out: token n sees changes[n...] */
  const changes: Array<{ id: string; removed?: true }> = [];
  const tokens: number[] = [];
  const wire = (u: StandInUser) => ({
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    accountEnabled: u.accountEnabled,
    employeeLeaveDateTime: u.employeeLeaveDateTime,
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  const newToken = () => {
    tokens.push(changes.length);
    return `token-${tokens.length - 1}`;
  };

  nock(GRAPH)
    .persist()
    .get((path) => path.startsWith('/v1.0/users'))
    .reply(function reply(path) {
      const url = new URL(path, GRAPH);
      const q = url.searchParams;
      const preferHeader = this.req.headers.prefer;
      const prefer = /odata\.maxpagesize=(\d+)/.exec(Array.isArray(preferHeader) ? preferHeader.join(',') : (preferHeader ?? ''))?.[1];
      if (url.pathname === '/v1.0/users/delta') {
        counts.delta++;
        const size = pageSize(prefer);
        // a later round: the changes after the token, all on pages of `size`
        const token = q.get('$deltatoken');
        const skip = q.get('$skiptoken');
        let items: object[];
        let from: number;
        if (token !== null) {
          const at = tokens[Number(token.replace('token-', ''))];
          if (at === undefined) return [410, { error: { code: 'syncStateNotFound', message: 'unknown delta token' } }];
          items = changes.slice(at).map((c) => (c.removed ? { id: c.id, '@removed': { reason: 'changed' } } : wire(byId.get(c.id)!)));
          from = 0;
        } else if (skip !== null) {
          const [kind, offset] = skip.split(':');
          from = Number(offset);
          items =
            kind === 'full'
              ? users.map(wire)
              : changes
                  .slice(Number(kind))
                  .map((c) => (c.removed ? { id: c.id, '@removed': { reason: 'changed' } } : wire(byId.get(c.id)!)));
        } else {
          if (q.get('$select') !== 'id,displayName,userPrincipalName,accountEnabled,employeeLeaveDateTime')
            return [400, { error: { code: 'Request_UnsupportedQuery' } }];
          items = users.map(wire);
          from = 0;
        }
        const page = items.slice(from, from + size);
        const more = from + size < items.length;
        const kind = token !== null ? String(tokens[Number(token.replace('token-', ''))]) : skip !== null ? skip.split(':')[0] : 'full';
        return [
          200,
          {
            value: page,
            ...(more
              ? { '@odata.nextLink': `${GRAPH}/v1.0/users/delta?$skiptoken=${kind}:${from + size}` }
              : { '@odata.deltaLink': `${GRAPH}/v1.0/users/delta?$deltatoken=${newToken()}` }),
          },
        ];
      }
      if (url.pathname === '/v1.0/users' && q.get('$select') === 'id,signInActivity') {
        counts.signIns++;
        const size = pageSize(q.get('$top') ?? undefined);
        const from = Number(q.get('$skiptoken') ?? '0');
        const page = users
          .slice(from, from + size)
          .map((u) => ({ id: u.id, signInActivity: { lastSuccessfulSignInDateTime: u.lastSignIn, lastSignInDateTime: u.lastSignIn } }));
        const more = from + size < users.length;
        return [
          200,
          {
            value: page,
            ...(more ? { '@odata.nextLink': `${GRAPH}/v1.0/users?$select=id,signInActivity&$top=${size}&$skiptoken=${from + size}` } : {}),
          },
        ];
      }
      counts.other++;
      return [400, { error: { code: 'BadRequest', message: `the stand-in does not serve ${path}` } }];
    });

  return {
    counts,
    /** a user changed (or removed) in the directory */
    change(id: string, removed = false): void {
      changes.push(removed ? { id, removed: true } : { id });
    },
  };
}

export async function benchDirectory(options: { users: number; changes: number }): Promise<DirectoryBench> {
  const problems: string[] = [];
  const today = Date.parse('2026-11-24T00:00:00Z');
  const users: StandInUser[] = Array.from({ length: options.users }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    displayName: `User ${i}`,
    userPrincipalName: `user${i}@oakfield.sch.uk`,
    accountEnabled: i % 50 !== 0,
    employeeLeaveDateTime: i % 20 === 0 ? '2026-08-31T00:00:00Z' : null,
    lastSignIn: new Date(today - (i % 400) * 86_400_000).toISOString(),
  }));
  nock.disableNetConnect();
  try {
    const stand = serveDirectory(users);
    const graph = new GraphClient({ credential, userAgent: 'NONISV|Bench|OnlineSafetyBot/bench' });
    const directory = new GraphDirectory(graph, {
      sleep: async () => {
        problems.push('the stand-in never throttles, yet the scan waited');
      },
    });

    let start = performance.now();
    const first = await directory.scanAccounts({});
    const fullMs = performance.now() - start;
    const full = {
      requests: first.requests,
      served: stand.counts.delta + stand.counts.signIns + stand.counts.other,
      deltaPages: stand.counts.delta,
      signInPages: stand.counts.signIns,
      ms: fullMs,
      accounts: first.accounts.length,
      withSignIn: first.accounts.filter((a) => a.lastSignIn !== undefined).length,
    };
    if (full.accounts !== options.users) problems.push(`first scan: ${full.accounts} accounts, not ${options.users}`);
    if (!first.signInActivityAvailable || full.withSignIn !== options.users)
      problems.push(`first scan: sign-in activity on ${full.withSignIn} accounts, not ${options.users}`);
    if (new Set(first.accounts.map((a) => a.id)).size !== options.users) problems.push('first scan: an account twice');

    // 10 changes: 8 updated (one disabled, one given a leave date), 2 removed
    const removedCount = Math.min(2, options.changes);
    for (let c = 0; c < options.changes; c++) {
      const user = users[(c * 4999) % users.length]!;
      if (c < options.changes - removedCount) {
        if (c === 0) user.accountEnabled = false;
        if (c === 1) user.employeeLeaveDateTime = '2026-11-20T00:00:00Z';
        user.displayName = `${user.displayName} (changed)`;
        stand.change(user.id);
      } else {
        stand.change(user.id, true);
      }
    }
    const before = stand.counts.delta + stand.counts.signIns + stand.counts.other;
    start = performance.now();
    const later = await directory.scanAccounts({ since: first.deltaToken });
    const deltaMs = performance.now() - start;
    const delta = {
      requests: later.requests,
      served: stand.counts.delta + stand.counts.signIns + stand.counts.other - before,
      ms: deltaMs,
      accounts: later.accounts.length,
      removed: later.accounts.filter((a) => a.removed).length,
    };
    if (delta.accounts !== options.changes || delta.removed !== removedCount)
      problems.push(`delta scan: ${delta.accounts} accounts (${delta.removed} removed), not ${options.changes} (${removedCount})`);
    if (later.deltaToken === first.deltaToken) problems.push('delta scan: the same token back');
    if (full.requests !== full.served || delta.requests !== delta.served)
      problems.push(`requests counted ${full.requests}/${delta.requests}, served ${full.served}/${delta.served}`);
    if (stand.counts.other > 0) problems.push(`${stand.counts.other} requests the stand-in does not serve`);

    const pages = Math.ceil(options.users / USERS_PAGE_SIZE);
    return {
      users: options.users,
      changes: options.changes,
      full,
      delta,
      minimum: { full: 2 * pages, delta: Math.max(1, Math.ceil(options.changes / USERS_PAGE_SIZE)) },
      problems,
    };
  } finally {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  }
}

/** the section for bench/run.ts: lines and figures, as its other sections give them */
export async function directorySection(
  options: { users?: number; changes?: number } = {},
): Promise<{ lines: string[]; figures: Record<string, number> }> {
  const users = options.users ?? 50_000;
  const changes = options.changes ?? 10;
  process.stderr.write(
    `bench: directory: a leaver scan of ${users} users (nock stand-in for Graph), then a delta scan with ${changes} changes\n`,
  );
  const r = await benchDirectory({ users, changes });
  if (r.problems.length > 0) throw new Error(`the scan went wrong, figures not reported:\n  ${r.problems.join('\n  ')}`);
  const pages = Math.ceil(users / USERS_PAGE_SIZE);
  const pass = r.full.requests === r.minimum.full && r.delta.requests === r.minimum.delta;
  const lines = [
    `directory: GraphDirectory.scanAccounts through GraphClient against ${users} users served in-process by nock (pages of at most ${USERS_PAGE_SIZE}, ${DEFAULT_PAGE} unless asked)`,
    `  first scan:  ${r.full.requests} Graph requests (${r.full.deltaPages} /users/delta pages + ${r.full.signInPages} sign-in activity pages); minimum ${r.minimum.full} = ${pages} + ${pages} (ceil(${users}/${USERS_PAGE_SIZE}) each); ${(r.full.ms / 1000).toFixed(2)} s, ${r.full.accounts} accounts, ${r.full.withSignIn} with a last sign-in`,
    `  delta scan:  ${r.delta.requests} Graph request${r.delta.requests === 1 ? '' : 's'} for ${changes} changes (${r.delta.removed} removed); minimum ${r.minimum.delta}; ${r.delta.ms.toFixed(1)} ms`,
    `  ${pass ? 'PASS' : 'FAIL'}: first scan ${r.full.requests}/${r.minimum.full}, delta scan ${r.delta.requests}/${r.minimum.delta} (measured/minimum)`,
  ];
  return {
    lines,
    figures: {
      directoryUsers: users,
      directoryFullRequests: r.full.requests,
      directoryFullMinimum: r.minimum.full,
      directoryFullMs: r.full.ms,
      directoryDeltaChanges: changes,
      directoryDeltaRequests: r.delta.requests,
      directoryDeltaMinimum: r.minimum.delta,
      directoryDeltaMs: r.delta.ms,
      directoryPass: pass ? 1 : 0,
    },
  };
}
