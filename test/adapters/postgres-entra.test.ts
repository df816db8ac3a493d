// DATABASE_AUTH=entra: pg asks the password function for each new connection and signs in with what it
// returns. Proved on a real PostgreSQL (test/support/postgres.ts): the stand-in credential hands back the
// test server's password as its "token", so a connection only works if pg really used the function.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionConfig, openPostgresPool } from '../../src/adapters/postgres/database.js';
import { entraPassword, POSTGRES_ENTRA_SCOPE } from '../../src/adapters/postgres/entra-password.js';
import { openPostgresStore } from '../../src/adapters/postgres/store.js';
import { stopTestPostgres, testPostgres } from '../support/postgres.js';

afterAll(stopTestPostgres);

/** a credential that records the scopes asked for and answers with `token` (what Azure's would do, offline) */
function credential(token: () => string | null) {
  const asked: string[] = [];
  const cred: TokenCredential = {
    getToken: async (scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> => {
      asked.push(...(Array.isArray(scopes) ? scopes : [scopes]));
      const value = token();
      return value === null ? null : { token: value, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return { cred, asked };
}

/** the test database's address with its password taken out, as Azure's DATABASE_URL has none */
function withoutPassword(url: string): { url: string; password: string } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), password };
}

describe('Entra sign-in to PostgreSQL (issue 20)', () => {
  it('asks for a token for the PostgreSQL scope on each new connection and signs in with it', async () => {
    const db = await (await testPostgres()).database();
    const { url, password } = withoutPassword(db.url);
    expect(url).not.toContain(password);
    const { cred, asked } = credential(() => password);
    const pool = openPostgresPool(url, { max: 2, password: entraPassword(cred) });
    try {
      const a = await pool.connect();
      const b = await pool.connect();
      const { rows } = await a.query<{ user: string }>('SELECT current_user AS user');
      expect(rows[0]!.user).toBe('postgres');
      a.release();
      b.release();
      expect(asked).toEqual([POSTGRES_ENTRA_SCOPE, POSTGRES_ENTRA_SCOPE]);
    } finally {
      await pool.end();
      await db.drop();
    }
  });

  it('a wrong token is refused by the server: the password really comes from the function', async () => {
    const db = await (await testPostgres()).database();
    const { url } = withoutPassword(db.url);
    const pool = openPostgresPool(url, { max: 1, password: entraPassword(credential(() => 'not-the-token').cred) });
    try {
      await expect(pool.query('SELECT 1')).rejects.toThrow(/password authentication failed/);
    } finally {
      await pool.end();
      await db.drop();
    }
  });

  it('the whole store opens, migrates and listens with the token (openPostgresStore password option)', async () => {
    const db = await (await testPostgres()).database();
    const { url, password } = withoutPassword(db.url);
    const { cred, asked } = credential(() => password);
    const store = await openPostgresStore({ databaseUrl: url }, { password: entraPassword(cred), poolSize: 2 });
    try {
      const heard: string[] = [];
      const listening = await store.onWork((queue) => heard.push(queue));
      // the word names the schema the work is in (a single school's: public)
      await store.pool.query("SELECT pg_notify('osb_work', 'public/reminders')");
      await expect.poll(() => heard).toEqual(['reminders']);
      await listening.stop();
      expect(asked.length).toBeGreaterThanOrEqual(2);
      expect(new Set(asked)).toEqual(new Set([POSTGRES_ENTRA_SCOPE]));
    } finally {
      await store.close();
      await db.drop();
    }
  });

  it('no token, or a failing credential, is an error that says what to check (and no connection is made)', async () => {
    await expect(entraPassword(credential(() => null).cred)()).rejects.toThrow(/gave no sign-in token for PostgreSQL/);
    const failing: TokenCredential = { getToken: () => Promise.reject(new Error('ManagedIdentityCredential: no identity endpoint')) };
    await expect(entraPassword(failing)()).rejects.toThrow(
      /could not get a sign-in token for PostgreSQL \(ManagedIdentityCredential: no identity endpoint\); check the managed identity/,
    );
  });

  it("reads Azure's address into server, port, user, database and a verified TLS connection", () => {
    const password = () => Promise.resolve('t');
    expect(
      connectionConfig('postgres://id-onlinesafety@trust.postgres.database.azure.com:5432/onlinesafety?sslmode=require', password),
    ).toEqual({
      host: 'trust.postgres.database.azure.com',
      port: 5432,
      user: 'id-onlinesafety',
      database: 'onlinesafety',
      password,
      ssl: true,
    });
    expect(connectionConfig('postgres://me@db/x?sslmode=disable', password)).not.toHaveProperty('ssl');
    expect(() => connectionConfig('postgres://me:pw@db/x', password)).toThrow(/holds a password/);
    expect(connectionConfig('postgres://me:pw@db/x')).toEqual({ connectionString: 'postgres://me:pw@db/x' });
  });
});
