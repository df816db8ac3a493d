// LISTEN/NOTIFY: a change that queues work says so on one channel, and PostgreSQL delivers the word to
// every instance listening when (and only if) the change commits. A worker can then wake at once instead
// of waiting for its next poll; the poll stays, as the safety net for a word lost with a dropped connection.
// The word names the schema the work was queued in (a trust's school), so only that school's workers wake.
import pg from 'pg';
import { connectionConfig, type PasswordSource, type Queryable } from './database.js';

export const WORK_CHANNEL = 'osb_work';

/** the queues that announce new work */
export type WorkQueue = 'notifications' | 'reminders' | 'channel_outbox';

/** announces new work on `queue` as `<schema>/<queue>`; inside a transaction, it is delivered at commit and dropped on rollback */
export async function announceWork(db: Queryable, queue: WorkQueue): Promise<void> {
  await db.query("SELECT pg_notify($1, current_schema() || '/' || $2)", [WORK_CHANNEL, queue]);
}

/**
 * listens on its own connection (a pooled one would be handed to someone else) and calls `onWork` with
 * the queue each time work is announced in `schema`; several announcements in one transaction arrive as one
 */
export async function listenForWork(
  connectionString: string,
  onWork: (queue: WorkQueue) => void,
  password?: PasswordSource,
  schema = 'public',
): Promise<{ stop: () => Promise<void> }> {
  const mine = `${schema}/`;
  const client = new pg.Client(connectionConfig(connectionString, password));
  // a dropped listening connection only costs the wake-ups: the workers' polls carry on
  client.on('error', () => {});
  await client.connect();
  client.on('notification', (message) => {
    if (message.channel === WORK_CHANNEL && message.payload?.startsWith(mine)) onWork(message.payload.slice(mine.length) as WorkQueue);
  });
  await client.query(`LISTEN ${WORK_CHANNEL}`);
  return { stop: () => client.end() };
}
