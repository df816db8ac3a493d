// the doctor's PostgreSQL check in plain words, never with the password
import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { plainReason, probePostgres, whereIs } from '../../scripts/lib/postgres-probe.js';

const URL_ = 'postgres://osb:s3cr%40t-pw@db.school.example:5433/online_safety';

describe('the doctor’s PostgreSQL reasons', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, 'connection refused at db.school.example:5433/online_safety: is PostgreSQL running there, on that port?'],
    [{ code: 'ENOTFOUND' }, 'no such host: db.school.example:5433/online_safety'],
    [
      { code: '28P01', message: 'password authentication failed for user "osb"' },
      'password wrong for the user in DATABASE_URL (at db.school.example:5433/online_safety)',
    ],
    [{ code: '3D000' }, 'no such database: db.school.example:5433/online_safety'],
    // a message that would carry the password (decoded) shows it redacted
    [{ code: 'XX000', message: 'odd: s3cr@t-pw' }, 'odd: [redacted] (at db.school.example:5433/online_safety)'],
  ])('%j', (error, reason) => {
    expect(plainReason(error, URL_)).toBe(reason);
  });

  it('where the database is, without the user or the password', () => {
    expect(whereIs(URL_)).toBe('db.school.example:5433/online_safety');
    expect(whereIs('not a url')).toBe('DATABASE_URL (unreadable)');
  });

  it('a server that takes the connection and never answers: no answer, in time, not a hang', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => void sockets.push(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const started = Date.now();
      const probe = await probePostgres(`postgres://x:y@127.0.0.1:${port}/none`, undefined, 300);
      expect(probe.error).toBe(`no answer from 127.0.0.1:${port}/none (a firewall, or not a PostgreSQL server?)`);
      expect(probe.pool).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
