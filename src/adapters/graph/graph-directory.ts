// the leaver account scan through Microsoft Graph: the users delta query (every account on a first
// scan, only the changes after it), and, on a first scan, the users' sign-in activity read separately,
// because signInActivity is not change-tracked and cannot be selected on /users/delta. Sign-in activity
// needs an Entra ID P1/P2 licence and AuditLog.Read.All: without either the scan goes on without it.
// Permissions: User.Read.All (application) for the accounts, AuditLog.Read.All for sign-in activity.
import type { DeltaToken, Directory, DirectoryAccount, DirectoryScan } from '../../ports/directory.js';
import type { GraphClient, GraphRequest } from './graph-client.js';
import { GraphRequestError } from './graph-error.js';

/** the largest page Graph serves for users; a delta query takes it as a preference, a list as $top */
export const USERS_PAGE_SIZE = 999;
export const DELTA_SELECT = 'id,displayName,userPrincipalName,accountEnabled,employeeLeaveDateTime';

export interface GraphDirectoryOptions {
  /** read sign-in activity on a first scan (default true); false when the school knows it has no P1/P2 */
  readSignInActivity?: boolean;
  /** how many times one page is asked for again after 429 (or 503 with Retry-After); default 5 */
  maxRetries?: number;
  /** the wait before a retry when Graph did not say (Retry-After); default 10 s */
  defaultRetryAfterMs?: number;
  /** injectable for tests */
  sleep?: (ms: number) => Promise<void>;
}

interface DeltaUser {
  id: string;
  displayName?: string | null;
  userPrincipalName?: string | null;
  accountEnabled?: boolean | null;
  employeeLeaveDateTime?: string | null;
  '@removed'?: { reason?: string };
}

interface SignInUser {
  id: string;
  signInActivity?: { lastSuccessfulSignInDateTime?: string | null; lastSignInDateTime?: string | null } | null;
}

interface Page<T> {
  value?: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/**
 * Graph's answers when sign-in activity is out of reach: no P1/P2 licence
 * (Authentication_RequestFromNonPremiumTenantOrB2CTenant), or AuditLog.Read.All not granted
 * (Authorization_RequestDenied). Both are 403s: any 403 on the sign-in read means "not available".
 */
function signInActivityUnavailable(error: unknown): boolean {
  return error instanceof GraphRequestError && error.status === 403;
}

export class GraphDirectory implements Directory {
  private readonly readSignInActivity: boolean;
  private readonly maxRetries: number;
  private readonly defaultRetryAfterMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** why sign-in activity was not available on the last scan (for a log line or an admin notice) */
  lastSignInActivityError: GraphRequestError | undefined;

  constructor(
    private readonly graph: GraphClient,
    options: GraphDirectoryOptions = {},
  ) {
    this.readSignInActivity = options.readSignInActivity ?? true;
    this.maxRetries = options.maxRetries ?? 5;
    this.defaultRetryAfterMs = options.defaultRetryAfterMs ?? 10_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async scanAccounts(options: { since?: DeltaToken }): Promise<DirectoryScan> {
    const counter = { requests: 0 };
    this.lastSignInActivityError = undefined;
    const byId = new Map<string, DirectoryAccount>();
    const prefer = { Prefer: `odata.maxpagesize=${USERS_PAGE_SIZE}` };
    let request: GraphRequest =
      options.since === undefined
        ? { method: 'GET', path: '/users/delta', query: { $select: DELTA_SELECT }, headers: prefer }
        : { method: 'GET', path: '/users/delta', query: { $deltatoken: options.since }, headers: prefer };
    let deltaToken: string | undefined;
    for (;;) {
      const page = await this.get<Page<DeltaUser>>(request, counter);
      for (const user of page.value ?? []) {
        // the same user can come back more than once in one round of pages: the last word counts (each
        // answer is whole: without Prefer: return=minimal, Graph sends every $select-ed property)
        byId.set(user.id, toAccount(user));
      }
      const next = page['@odata.nextLink'];
      const deltaLink = page['@odata.deltaLink'];
      if (next) {
        request = { method: 'GET', path: next, headers: prefer };
      } else if (deltaLink) {
        deltaToken = tokenOf(deltaLink);
        break;
      } else {
        throw new GraphRequestError(
          'GET /users/delta: Graph answered a page with neither @odata.nextLink nor @odata.deltaLink',
          200,
          'invalidDeltaPage',
        );
      }
    }

    let signInActivityAvailable = false;
    if (options.since === undefined && this.readSignInActivity) {
      try {
        const lastSignIns = await this.lastSignIns(counter);
        for (const account of byId.values()) {
          const at = lastSignIns.get(account.id);
          if (at) account.lastSignIn = at;
        }
        signInActivityAvailable = true;
      } catch (error) {
        if (!signInActivityUnavailable(error)) throw error;
        this.lastSignInActivityError = error as GraphRequestError;
      }
    }
    return { accounts: [...byId.values()], deltaToken, requests: counter.requests, signInActivityAvailable };
  }

  async groupMembers(groupId: string): Promise<{ members: { id: string; displayName: string }[]; requests: number }> {
    const counter = { requests: 0 };
    const members = new Map<string, string>();
    // the cast keeps users only (not devices or nested groups); $top 999 keeps the pages few
    let request: GraphRequest = {
      method: 'GET',
      path: `/groups/${groupId}/members/microsoft.graph.user`,
      query: { $select: 'id,displayName', $top: String(USERS_PAGE_SIZE) },
    };
    for (;;) {
      const page = await this.get<Page<{ id: string; displayName?: string }>>(request, counter);
      for (const user of page.value ?? []) members.set(user.id, user.displayName ?? '');
      const next = page['@odata.nextLink'];
      if (!next) break;
      request = { method: 'GET', path: next };
    }
    return { members: [...members].map(([id, displayName]) => ({ id, displayName })), requests: counter.requests };
  }

  /** every user's last successful sign-in, by id (users who never signed in are left out) */
  private async lastSignIns(counter: { requests: number }): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    let request: GraphRequest = { method: 'GET', path: '/users', query: { $select: 'id,signInActivity', $top: String(USERS_PAGE_SIZE) } };
    for (;;) {
      const page = await this.get<Page<SignInUser>>(request, counter);
      for (const user of page.value ?? []) {
        const activity = user.signInActivity;
        const at = activity?.lastSuccessfulSignInDateTime ?? activity?.lastSignInDateTime;
        if (at) result.set(user.id, at);
      }
      const next = page['@odata.nextLink'];
      if (!next) return result;
      request = { method: 'GET', path: next };
    }
  }

  /** one page; throttling (429, or 503 with Retry-After) is waited out as Graph asks, up to maxRetries */
  private async get<T>(request: GraphRequest, counter: { requests: number }): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      counter.requests++;
      try {
        return await this.graph.send<T>(request);
      } catch (error) {
        const throttled =
          error instanceof GraphRequestError && (error.status === 429 || (error.status === 503 && error.retryAfterMs !== undefined));
        if (!throttled || attempt >= this.maxRetries) throw error;
        await this.sleep(error.retryAfterMs ?? this.defaultRetryAfterMs);
      }
    }
  }
}

function toAccount(user: DeltaUser): DirectoryAccount {
  if (user['@removed']) return { id: user.id, displayName: '', userPrincipalName: '', accountEnabled: false, removed: true };
  const account: DirectoryAccount = {
    id: user.id,
    displayName: user.displayName ?? '',
    userPrincipalName: user.userPrincipalName ?? '',
    accountEnabled: user.accountEnabled ?? false,
  };
  if (user.employeeLeaveDateTime) account.employeeLeaveDateTime = user.employeeLeaveDateTime;
  return account;
}

/** the state token of an @odata.deltaLink (…/users/delta?$deltatoken=…) */
function tokenOf(deltaLink: string): string {
  const token = new URL(deltaLink).searchParams.get('$deltatoken');
  if (!token)
    throw new GraphRequestError(
      `GET /users/delta: Graph answered a delta link without $deltatoken (${deltaLink.split('?')[0]})`,
      200,
      'invalidDeltaLink',
    );
  return token;
}
