import type { DirectoryAccount } from '../../ports/directory.js';
import type { DirectoryMirror } from '../../app/leavers/sync-directory.js';
import type { SqliteDatabase } from './database.js';

interface Row {
  id: string;
  display_name: string;
  user_principal_name: string;
  account_enabled: number;
  employee_leave_at: string | null;
  last_sign_in: string | null;
}

export class SqliteDirectoryMirror implements DirectoryMirror {
  constructor(private readonly db: SqliteDatabase) {}

  async apply(
    accounts: readonly DirectoryAccount[],
    options: { full: boolean; signInActivityAvailable: boolean; at: Date },
  ): Promise<void> {
    const at = options.at.toISOString();
    const upsert = this.db.prepare(
      `INSERT INTO directory_accounts (id, display_name, user_principal_name, account_enabled, employee_leave_at, last_sign_in, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, user_principal_name = excluded.user_principal_name,
         account_enabled = excluded.account_enabled, employee_leave_at = excluded.employee_leave_at,
         -- a delta carries no sign-in times: keep the last full scan's
         last_sign_in = CASE WHEN ? THEN excluded.last_sign_in ELSE directory_accounts.last_sign_in END,
         updated_at = excluded.updated_at`,
    );
    const remove = this.db.prepare('DELETE FROM directory_accounts WHERE id = ?');
    this.db.transaction(() => {
      if (options.full) this.db.prepare('DELETE FROM directory_accounts').run();
      for (const a of accounts) {
        if (a.removed) remove.run(a.id);
        else
          upsert.run(
            a.id,
            a.displayName,
            a.userPrincipalName,
            a.accountEnabled ? 1 : 0,
            a.employeeLeaveDateTime ?? null,
            a.lastSignIn ?? null,
            at,
            options.full && options.signInActivityAvailable ? 1 : 0,
          );
      }
      if (options.full) this.setState('signInActivityAvailable', String(options.signInActivityAvailable));
    })();
  }

  async accounts(): Promise<DirectoryAccount[]> {
    return this.db
      .prepare<[], Row>('SELECT * FROM directory_accounts ORDER BY display_name')
      .all()
      .map((r) => ({
        id: r.id,
        displayName: r.display_name,
        userPrincipalName: r.user_principal_name,
        accountEnabled: r.account_enabled === 1,
        ...(r.employee_leave_at ? { employeeLeaveDateTime: r.employee_leave_at } : {}),
        ...(r.last_sign_in ? { lastSignIn: r.last_sign_in } : {}),
      }));
  }

  async state(key: 'deltaToken' | 'signInActivityAvailable'): Promise<string | undefined> {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM directory_state WHERE key = ?').get(key)?.value;
  }

  async setToken(token: string): Promise<void> {
    this.setState('deltaToken', token);
  }

  private setState(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO directory_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  async updateGroup(
    groupId: string,
    members: readonly { id: string; displayName: string }[],
    at: Date,
  ): Promise<{ id: string; displayName: string }[]> {
    return this.db.transaction(() => {
      const known = new Set(
        this.db
          .prepare<[string], { member_id: string }>('SELECT member_id FROM directory_group_members WHERE group_id = ?')
          .all(groupId)
          .map((r) => r.member_id),
      );
      const firstLook = known.size === 0;
      const current = new Set(members.map((m) => m.id));
      for (const id of known)
        if (!current.has(id)) this.db.prepare('DELETE FROM directory_group_members WHERE group_id = ? AND member_id = ?').run(groupId, id);
      const added = members.filter((m) => !known.has(m.id));
      const insert = this.db.prepare(
        'INSERT INTO directory_group_members (group_id, member_id, display_name, first_seen) VALUES (?, ?, ?, ?)',
      );
      for (const m of added) insert.run(groupId, m.id, m.displayName, at.toISOString());
      // the first look at a group finds everyone: they are the existing staff, not new appointments
      return firstLook ? [] : added;
    })();
  }

  async groupMembers(groupIds: readonly string[]): Promise<{ id: string; displayName: string; firstSeen: string }[]> {
    if (groupIds.length === 0) return [];
    return this.db
      .prepare<string[], { member_id: string; display_name: string; first_seen: string }>(
        `SELECT member_id, MAX(display_name) AS display_name, MIN(first_seen) AS first_seen FROM directory_group_members
         WHERE group_id IN (${groupIds.map(() => '?').join(', ')}) GROUP BY member_id`,
      )
      .all(...groupIds)
      .map((r) => ({ id: r.member_id, displayName: r.display_name, firstSeen: r.first_seen }));
  }
}
