// the school's user directory, as far as the leaver ("zombie") account review needs it: every account,
// whether it is enabled, when its holder left and when it last signed in.
// adapters: graph (src/adapters/graph/graph-directory.ts, Microsoft Graph's users delta query).

/**
 * an opaque state token from a previous scan: give it back as `since` to get only what changed after
 * that scan. Keep it with the accounts it describes; it means nothing without them.
 */
export type DeltaToken = string;

export interface DirectoryAccount {
  /** the directory object id (Entra ID object id), stable for the life of the account */
  id: string;
  displayName: string;
  userPrincipalName: string;
  /** false when sign-in is blocked; a removed account reads false */
  accountEnabled: boolean;
  /** when the holder leaves or left (ISO-8601 instant), if HR or the school set it */
  employeeLeaveDateTime?: string;
  /**
   * the last successful sign-in (ISO-8601 instant): Graph's signInActivity.lastSuccessfulSignInDateTime,
   * or lastSignInDateTime (interactive) where that is missing. Absent when the account has never signed
   * in, and on every account of a scan whose `signInActivityAvailable` is false.
   */
  lastSignIn?: string;
  /**
   * true when a later scan (`since`) reports the account deleted from the directory (soft or hard).
   * A removed account carries only its id: displayName and userPrincipalName are '' and accountEnabled
   * is false; the caller keeps the names it already had.
   */
  removed?: boolean;
}

export interface DirectoryScan {
  /**
   * without `since`, every account in the directory; with `since`, only the accounts added, changed or
   * removed after that scan (a changed account comes back whole, as for a first scan). Each id at most
   * once, in the order the directory first gave it.
   */
  accounts: DirectoryAccount[];
  /** give this back as `since` next time */
  deltaToken: DeltaToken;
  /** HTTP requests this scan sent, retries after throttling included */
  requests: number;
  /**
   * whether `lastSignIn` was read on this scan. False when the tenant has no Entra ID P1/P2 licence or
   * the application lacks AuditLog.Read.All (the scan still succeeds), and on a `since` scan: sign-in
   * times are not change-tracked, so only a scan without `since` reads them. When false, an account
   * without `lastSignIn` says nothing about its use: never judge it dormant.
   */
  signInActivityAvailable: boolean;
}

export interface Directory {
  /**
   * reads the directory's accounts (all of them, or what changed `since` an earlier scan).
   *
   * Throttling is waited out (Retry-After) inside the scan; any other failure rejects the whole scan,
   * with nothing partial returned, so the caller keeps its previous state and token. A `since` token the
   * directory no longer knows rejects too (Graph keeps a delta link for 7 days, then answers 400
   * syncStateNotFound, or 410 when it wants a resync): scan again without it.
   */
  scanAccounts(options: { since?: DeltaToken }): Promise<DirectoryScan>;
  /** the people in a group (direct members that are users), each once; throttling waited out as above */
  groupMembers(groupId: string): Promise<{ members: { id: string; displayName: string }[]; requests: number }>;
}
