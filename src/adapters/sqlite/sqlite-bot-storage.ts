import { randomUUID } from 'node:crypto';
import type { ExpiringStateStore, StateItem } from '../../ports/conversation-state.js';
import { z } from 'zod';
import { parseStoredJson } from '../../ports/stored-data.js';
import type { SqliteDatabase } from './database.js';

/** a conversation's or a user's state: an object, whatever the dialogs keep in it */
const STATE = z.record(z.string(), z.unknown());

/** state nobody has written for this long is gone: a report draft abandoned half way names children */
export const BOT_STATE_TTL_MS = 7 * 24 * 60 * 60_000;

export interface BotStorageOptions {
  now?: () => Date;
  ttlMs?: number;
}

/**
 * conversation state over the embedded database (the ConversationStateStore port, botbuilder's Storage shape), with the same eTag rules as botbuilder's MemoryStorage:
 * a write whose eTag is absent or '*' always wins; any other eTag must match the stored one or the write
 * throws, so two turns racing on one conversation cannot silently overwrite each other.
 *
 * state expires BOT_STATE_TTL_MS after its last write: a read wipes it and finds nothing, and
 * sweepExpired wipes whatever nobody came back to read.
 */
export class SqliteBotStorage implements ExpiringStateStore {
  private readonly now: () => Date;
  private readonly ttlMs: number;

  constructor(
    private readonly db: SqliteDatabase,
    options: BotStorageOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.ttlMs = options.ttlMs ?? BOT_STATE_TTL_MS;
  }

  private cutoff(now: Date): string {
    return new Date(now.getTime() - this.ttlMs).toISOString();
  }

  async read(keys: string[]): Promise<Record<string, StateItem>> {
    const items: Record<string, StateItem> = {};
    const select = this.db.prepare<[string], { value: string; etag: string; updated_at: string }>(
      'SELECT value, etag, updated_at FROM bot_state WHERE key = ?',
    );
    const wipe = this.db.prepare('DELETE FROM bot_state WHERE key = ? AND updated_at < ?');
    const cutoff = this.cutoff(this.now());
    for (const key of keys) {
      const row = select.get(key);
      if (!row) continue;
      if (row.updated_at < cutoff) wipe.run(key, cutoff);
      else items[key] = { ...parseStoredJson(STATE, row.value, { table: 'bot_state', row: key, column: 'value' }), eTag: row.etag };
    }
    return items;
  }

  async write(changes: Record<string, StateItem>): Promise<void> {
    const select = this.db.prepare<[string], { etag: string }>('SELECT etag FROM bot_state WHERE key = ?');
    const upsert = this.db.prepare(
      'INSERT INTO bot_state (key, value, etag, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at',
    );
    const at = this.now().toISOString();
    this.db.transaction(() => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string } & Record<string, unknown>;
        const stored = select.get(key);
        if (eTag && eTag !== '*' && stored && stored.etag !== eTag) {
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
        // a fresh random tag: a stale writer can never match a key that was deleted and written again
        upsert.run(key, JSON.stringify(value), randomUUID(), at);
      }
    })();
  }

  async delete(keys: string[]): Promise<void> {
    const del = this.db.prepare('DELETE FROM bot_state WHERE key = ?');
    this.db.transaction(() => keys.forEach((k) => del.run(k)))();
  }

  /** deletes every piece of state last written more than the time to live before now; returns how many */
  async sweepExpired(now: Date): Promise<number> {
    return this.db.prepare('DELETE FROM bot_state WHERE updated_at < ?').run(this.cutoff(now)).changes;
  }
}
