import type pg from 'pg';
import type { DirectoryAccount } from '../../ports/directory.js';
import type { DirectoryMirror } from '../../app/leavers/sync-directory.js';
import { inTransaction } from './database.js';

interface Row {
  id: string;
  display_name: string;
  user_principal_name: string;
  account_enabled: boolean;
  employee_leave_at: string | null;
  last_sign_in: string | null;
}

export class PostgresDirectoryMirror implements DirectoryMirror {
  constructor(private readonly pool: pg.Pool) {}

  async apply(
    accounts: readonly DirectoryAccount[],
    options: { full: boolean; signInActivityAvailable: boolean; at: Date },
  ): Promise<void> {
    const at = options.at.toISOString();
    await inTransaction(this.pool, async (client) => {
      if (options.full) await client.query('DELETE FROM directory_accounts');
      for (const a of accounts) {
        if (a.removed) await client.query('DELETE FROM directory_accounts WHERE id = $1', [a.id]);
        else
          await client.query(
            `INSERT INTO directory_accounts (id, display_name, user_principal_name, account_enabled, employee_leave_at, last_sign_in, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, user_principal_name = excluded.user_principal_name,
               account_enabled = excluded.account_enabled, employee_leave_at = excluded.employee_leave_at,
               -- a delta carries no sign-in times: keep the last full scan's
               last_sign_in = CASE WHEN $8 THEN excluded.last_sign_in ELSE directory_accounts.last_sign_in END,
               updated_at = excluded.updated_at`,
            [
              a.id,
              a.displayName,
              a.userPrincipalName,
              a.accountEnabled,
              a.employeeLeaveDateTime ?? null,
              a.lastSignIn ?? null,
              at,
              options.full && options.signInActivityAvailable,
            ],
          );
      }
      if (options.full) await setState(client, 'signInActivityAvailable', String(options.signInActivityAvailable));
    });
  }

  async accounts(): Promise<DirectoryAccount[]> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM directory_accounts ORDER BY display_name COLLATE "C", id');
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      userPrincipalName: r.user_principal_name,
      accountEnabled: r.account_enabled,
      ...(r.employee_leave_at ? { employeeLeaveDateTime: r.employee_leave_at } : {}),
      ...(r.last_sign_in ? { lastSignIn: r.last_sign_in } : {}),
    }));
  }

  async state(key: 'deltaToken' | 'signInActivityAvailable'): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM directory_state WHERE key = $1', [key]);
    return rows[0]?.value;
  }

  async setToken(token: string): Promise<void> {
    await setState(this.pool, 'deltaToken', token);
  }

  async updateGroup(
    groupId: string,
    members: readonly { id: string; displayName: string }[],
    at: Date,
  ): Promise<{ id: string; displayName: string }[]> {
    return inTransaction(this.pool, async (client) => {
      // one look at a group at a time, across instances: each newcomer is reported by one of them only
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`directory-group:${groupId}`]);
      const { rows } = await client.query<{ member_id: string }>('SELECT member_id FROM directory_group_members WHERE group_id = $1', [
        groupId,
      ]);
      const known = new Set(rows.map((r) => r.member_id));
      const firstLook = known.size === 0;
      const current = members.map((m) => m.id);
      await client.query('DELETE FROM directory_group_members WHERE group_id = $1 AND NOT (member_id = ANY($2::text[]))', [
        groupId,
        current,
      ]);
      const added = members.filter((m) => !known.has(m.id));
      for (const m of added)
        await client.query(
          'INSERT INTO directory_group_members (group_id, member_id, display_name, first_seen) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [groupId, m.id, m.displayName, at.toISOString()],
        );
      // the first look at a group finds everyone: they are the existing staff, not new appointments
      return firstLook ? [] : added;
    });
  }

  async groupMembers(groupIds: readonly string[]): Promise<{ id: string; displayName: string; firstSeen: string }[]> {
    if (groupIds.length === 0) return [];
    const { rows } = await this.pool.query<{ member_id: string; display_name: string; first_seen: string }>(
      `SELECT member_id, MAX(display_name COLLATE "C") AS display_name, MIN(first_seen) AS first_seen FROM directory_group_members
       WHERE group_id = ANY($1::text[]) GROUP BY member_id ORDER BY member_id COLLATE "C"`,
      [groupIds],
    );
    return rows.map((r) => ({ id: r.member_id, displayName: r.display_name, firstSeen: r.first_seen }));
  }
}

async function setState(db: pg.Pool | pg.PoolClient, key: string, value: string): Promise<void> {
  await db.query('INSERT INTO directory_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [
    key,
    value,
  ]);
}
