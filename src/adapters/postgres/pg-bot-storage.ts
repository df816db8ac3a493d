import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type pg from 'pg';
import type { ExpiringStateStore, StateItem } from '../../ports/conversation-state.js';
import { parseStored } from '../../ports/stored-data.js';
import { BOT_STATE_TTL_MS, type BotStorageOptions } from '../sqlite/sqlite-bot-storage.js';
import { inTransaction } from './database.js';

/** a conversation's or a user's state: an object, whatever the dialogs keep in it */
const STATE = z.record(z.string(), z.unknown());

/**
 * conversation state in PostgreSQL, with the eTag rules of botbuilder's MemoryStorage (see
 * SqliteBotStorage): an eTag other than '*' must match the stored one, or the write throws and nothing
 * of it is written. state expires BOT_STATE_TTL_MS after its last write.
 */
export class PostgresBotStorage implements ExpiringStateStore {
  private readonly now: () => Date;
  private readonly ttlMs: number;

  constructor(
    private readonly pool: pg.Pool,
    options: BotStorageOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.ttlMs = options.ttlMs ?? BOT_STATE_TTL_MS;
  }

  private cutoff(now: Date): string {
    return new Date(now.getTime() - this.ttlMs).toISOString();
  }

  async read(keys: string[]): Promise<Record<string, StateItem>> {
    if (keys.length === 0) return {};
    const cutoff = this.cutoff(this.now());
    // what has expired is wiped as it is found
    await this.pool.query('DELETE FROM bot_state WHERE key = ANY($1::text[]) AND updated_at < $2', [keys, cutoff]);
    const { rows } = await this.pool.query<{ key: string; value: unknown; etag: string }>(
      'SELECT key, value, etag FROM bot_state WHERE key = ANY($1::text[])',
      [keys],
    );
    const items: Record<string, StateItem> = {};
    for (const row of rows)
      items[row.key] = { ...parseStored(STATE, row.value, { table: 'bot_state', row: row.key, column: 'value' }), eTag: row.etag };
    return items;
  }

  async write(changes: Record<string, StateItem>): Promise<void> {
    const at = this.now().toISOString();
    await inTransaction(this.pool, async (client) => {
      for (const [key, item] of Object.entries(changes)) {
        const { eTag, ...value } = (item ?? {}) as { eTag?: string } & Record<string, unknown>;
        // the row stays locked until commit, so two turns racing on one key cannot both match the same eTag
        const { rows } = await client.query<{ etag: string }>('SELECT etag FROM bot_state WHERE key = $1 FOR UPDATE', [key]);
        const stored = rows[0];
        if (eTag && eTag !== '*' && stored && stored.etag !== eTag) {
          throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
        // a fresh random tag: a stale writer can never match a key that was deleted and written again
        await client.query(
          `INSERT INTO bot_state (key, value, etag, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, updated_at = excluded.updated_at`,
          [key, JSON.stringify(value), randomUUID(), at],
        );
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.pool.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }

  async sweepExpired(now: Date): Promise<number> {
    return (await this.pool.query('DELETE FROM bot_state WHERE updated_at < $1', [this.cutoff(now)])).rowCount ?? 0;
  }
}
