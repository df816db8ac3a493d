import type { ConversationDirectory, PersonalConversation } from '../../ports/conversation-directory.js';
import type { SqliteDatabase } from './database.js';

export class SqliteConversationDirectory implements ConversationDirectory {
  constructor(private readonly db: SqliteDatabase) {}

  async remember(c: PersonalConversation): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO personal_conversations (aad_object_id, reference, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (aad_object_id) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      )
      .run(c.aadObjectId, JSON.stringify(c.reference), c.updatedAt);
  }

  async find(aadObjectId: string): Promise<PersonalConversation | undefined> {
    const row = this.db
      .prepare<[string], { reference: string; updated_at: string }>('SELECT reference, updated_at FROM personal_conversations WHERE aad_object_id = ?')
      .get(aadObjectId);
    return row && { aadObjectId, reference: JSON.parse(row.reference) as Record<string, unknown>, updatedAt: row.updated_at };
  }
}
