import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/sqlite/database.js';
import { SqliteChannelPostOutbox } from '../../src/adapters/sqlite/sqlite-channel-post-outbox.js';
import { SqliteComplianceRecords } from '../../src/adapters/sqlite/sqlite-compliance-records.js';
import { SqliteConversationDirectory } from '../../src/adapters/sqlite/sqlite-conversation-directory.js';
import { channelPostOutboxContract } from '../ports/channel-post-outbox.contract.js';
import { makeTempDir } from '../support/temp-dir.js';

channelPostOutboxContract('sqlite', async () => {
  const tmp = makeTempDir();
  const db = openDatabase(tmp.dir);
  return {
    outbox: new SqliteChannelPostOutbox(db),
    records: new SqliteComplianceRecords(db),
    cleanup: async () => {
      db.close();
      tmp.remove();
    },
  };
});

describe('sqlite channel posts and service URLs on disk', () => {
  it('keeps a queued post and the service URLs across a restart (close and reopen)', async () => {
    const tmp = makeTempDir();
    try {
      const db1 = openDatabase(tmp.dir);
      const post = {
        key: 'digest:d1:1',
        kind: 'digest' as const,
        channel: 'governors' as const,
        notBefore: '2026-12-18T16:00:00.000Z',
        data: {},
      };
      await new SqliteChannelPostOutbox(db1).enqueue([post], new Date('2026-12-18T16:00:00Z'));
      await new SqliteConversationDirectory(db1).rememberServiceUrl('https://smba.invalid/emea/', '19:g@thread.tacv2', new Date());
      db1.close();

      const db2 = openDatabase(tmp.dir);
      expect(await new SqliteChannelPostOutbox(db2).claimDue(new Date('2026-12-18T16:00:00Z'), 10, 60_000)).toMatchObject([
        { ...post, status: 'pending' },
      ]);
      const directory = new SqliteConversationDirectory(db2);
      expect(await directory.serviceUrl('19:g@thread.tacv2')).toBe('https://smba.invalid/emea/');
      expect(await directory.serviceUrl()).toBe('https://smba.invalid/emea/');
      db2.close();
    } finally {
      tmp.remove();
    }
  });
});
