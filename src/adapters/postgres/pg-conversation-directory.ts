import type pg from 'pg';
import type { ConversationDirectory, PersonalConversation } from '../../ports/conversation-directory.js';

/** the scope of the service URL last seen from anywhere (a channel id never looks like this) */
const ANYWHERE = '*';

export class PostgresConversationDirectory implements ConversationDirectory {
  // saved on every turn, changed rarely: skip the round trip when it is what this process last wrote.
  // another instance writing in between only makes this one write again, never lose a write
  private readonly lastWritten = new Map<string, string>();
  private readonly lastUrls = new Map<string, string>();

  constructor(private readonly pool: pg.Pool) {}

  async remember(c: PersonalConversation): Promise<void> {
    const json = JSON.stringify(c.reference);
    if (this.lastWritten.get(c.aadObjectId) === json) return;
    await this.pool.query(
      `INSERT INTO personal_conversations (aad_object_id, reference, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (aad_object_id) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      [c.aadObjectId, json, c.updatedAt],
    );
    this.lastWritten.set(c.aadObjectId, json);
  }

  async find(aadObjectId: string): Promise<PersonalConversation | undefined> {
    const { rows } = await this.pool.query<{ reference: Record<string, unknown>; updated_at: string }>(
      'SELECT reference, updated_at FROM personal_conversations WHERE aad_object_id = $1',
      [aadObjectId],
    );
    const row = rows[0];
    return row && { aadObjectId, reference: row.reference, updatedAt: row.updated_at };
  }

  async rememberServiceUrl(serviceUrl: string, channelId: string | undefined, at: Date): Promise<void> {
    const scopes = [ANYWHERE, ...(channelId ? [channelId] : [])].filter((scope) => this.lastUrls.get(scope) !== serviceUrl);
    if (scopes.length === 0) return;
    await this.pool.query(
      `INSERT INTO service_urls (scope, service_url, updated_at) SELECT scope, $2, $3 FROM unnest($1::text[]) AS scope
       ON CONFLICT (scope) DO UPDATE SET service_url = excluded.service_url, updated_at = excluded.updated_at`,
      [scopes, serviceUrl, at.toISOString()],
    );
    for (const scope of scopes) this.lastUrls.set(scope, serviceUrl);
  }

  async serviceUrl(channelId?: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ service_url: string }>('SELECT service_url FROM service_urls WHERE scope = $1', [
      channelId ?? ANYWHERE,
    ]);
    return rows[0]?.service_url;
  }
}
