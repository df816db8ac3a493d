import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { SqliteDatabase } from './database.js';

/**
 * botbuilder Storage over the embedded database, with the same eTag rules as botbuilder's MemoryStorage:
 * a write whose eTag is absent or '*' always wins; any other eTag must match the stored one or the write
 * throws, so two turns racing on one conversation cannot silently overwrite each other.
 */
export class SqliteBotStorage implements Storage {
  constructor(private readonly db: SqliteDatabase) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const select = this.db.prepare<[string], { value: string; etag: string }>('SELECT value, etag FROM bot_state WHERE key = ?');
    for (const key of keys) {
      const row = select.get(key);
      if (row) items[key] = { ...(JSON.parse(row.value) as object), eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const select = this.db.prepare<[string], { etag: string }>('SELECT etag FROM bot_state WHERE key = ?');
    const upsert = this.db.prepare(
      'INSERT INTO bot_state (key, value, etag) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag',
    );
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string } & Record<string, unknown>;
        const stored = select.get(key);
        if (eTag && eTag !== '*' && stored && stored.etag !== eTag) {
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
        // a fresh random tag: a stale writer can never match a key that was deleted and written again
        upsert.run(key, JSON.stringify(value), randomUUID());
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.db.transaction(() => keys.forEach((k) => del.run(k)))();
  }
}
