import type { ConversationDirectory, PersonalConversation } from '../../ports/conversation-directory.js';
import type { SqliteDatabase } from './database.js';

export class SqliteConversationDirectory implements ConversationDirectory {
  // the reference is saved on every turn but changes rarely: skip the synchronous disk write when it is
  // the one this process last wrote (the table stays the truth; the cache only saves fsyncs)
  private readonly lastWritten = new Map<string, string>();
  private readonly lastUrls = new Map<string, string>();

  constructor(private readonly db: SqliteDatabase) {}

  async remember(c: PersonalConversation): Promise<void> {
    const json = JSON.stringify(c.reference);
    if (this.lastWritten.get(c.aadObjectId) === json) return;
    this.db
      .prepare(
        `INSERT INTO personal_conversations (aad_object_id, reference, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (aad_object_id) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      )
      .run(c.aadObjectId, json, c.updatedAt);
    this.lastWritten.set(c.aadObjectId, json);
  }

  async find(aadObjectId: string): Promise<PersonalConversation | undefined> {
    const row = this.db
      .prepare<[string], { reference: string; updated_at: string }>(
        'SELECT reference, updated_at FROM personal_conversations WHERE aad_object_id = ?',
      )
      .get(aadObjectId);
    return row && { aadObjectId, reference: JSON.parse(row.reference) as Record<string, unknown>, updatedAt: row.updated_at };
  }

  async rememberServiceUrl(serviceUrl: string, channelId: string | undefined, at: Date): Promise<void> {
    // seen on every turn, changed almost never: written when it differs from what this process last wrote
    const scopes = [ANYWHERE, ...(channelId ? [channelId] : [])].filter((scope) => this.lastUrls.get(scope) !== serviceUrl);
    if (scopes.length === 0) return;
    const upsert = this.db.prepare(
      `INSERT INTO service_urls (scope, service_url, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (scope) DO UPDATE SET service_url = excluded.service_url, updated_at = excluded.updated_at`,
    );
    this.db.transaction(() => {
      for (const scope of scopes) upsert.run(scope, serviceUrl, at.toISOString());
    })();
    for (const scope of scopes) this.lastUrls.set(scope, serviceUrl);
  }

  async serviceUrl(channelId?: string): Promise<string | undefined> {
    return this.db
      .prepare<[string], { service_url: string }>('SELECT service_url FROM service_urls WHERE scope = ?')
      .get(channelId ?? ANYWHERE)?.service_url;
  }
}

/** the scope of the service URL last seen from anywhere (a channel id never looks like this) */
const ANYWHERE = '*';
