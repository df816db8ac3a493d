// keeps a local copy of the directory fresh: a full scan the first time (and each month, for sign-in
// times, which deltas do not carry), Graph's delta query every day after, a full scan again when the
// delta token has expired (Graph keeps it 7 days: 400 syncStateNotFound, or 410).
import type { Directory, DirectoryAccount } from '../../ports/directory.js';

export interface DirectoryMirror {
  apply(accounts: readonly DirectoryAccount[], options: { full: boolean; signInActivityAvailable: boolean; at: Date }): Promise<void>;
  accounts(): Promise<DirectoryAccount[]>;
  state(key: 'deltaToken' | 'signInActivityAvailable'): Promise<string | undefined>;
  setToken(token: string): Promise<void>;
  /** stores a group's members; returns those new since the last look (none on the first look) */
  updateGroup(
    groupId: string,
    members: readonly { id: string; displayName: string }[],
    at: Date,
  ): Promise<{ id: string; displayName: string }[]>;
  /** everyone in these groups (the staff groups, or the pupil groups), each once, with when they were first seen */
  groupMembers(groupIds: readonly string[]): Promise<{ id: string; displayName: string; firstSeen: string }[]>;
}

export interface SyncResult {
  kind: 'full' | 'delta';
  changed: number;
  requests: number;
}

const expired = (error: unknown): boolean => {
  const status = (error as { status?: number }).status;
  return (
    status === 410 ||
    (status === 400 && /syncStateNotFound|resync/i.test(String((error as { code?: string }).code ?? (error as Error).message)))
  );
};

export async function syncDirectory(
  directory: Directory,
  mirror: DirectoryMirror,
  options: { now: Date; full?: boolean },
): Promise<SyncResult> {
  const token = options.full ? undefined : await mirror.state('deltaToken');
  if (token) {
    try {
      const scan = await directory.scanAccounts({ since: token });
      await mirror.apply(scan.accounts, { full: false, signInActivityAvailable: false, at: options.now });
      await mirror.setToken(scan.deltaToken);
      return { kind: 'delta', changed: scan.accounts.length, requests: scan.requests };
    } catch (error) {
      if (!expired(error)) throw error;
    }
  }
  const scan = await directory.scanAccounts({});
  await mirror.apply(scan.accounts, { full: true, signInActivityAvailable: scan.signInActivityAvailable, at: options.now });
  await mirror.setToken(scan.deltaToken);
  return { kind: 'full', changed: scan.accounts.length, requests: scan.requests };
}
