// STORE=postgres: every adapter over one shared PostgreSQL database, for the bootstrap to wire in place
// of the SQLite ones. Several instances may open the same database: migrations take turns under a lock,
// queue rows are leased with FOR UPDATE SKIP LOCKED, and each change commits with its messages.
import type pg from 'pg';
import { LEASE_OWNER, takeBackFromDeadHolders } from './claim-due.js';
import { migratePostgres, openPostgresPool, type PasswordSource } from './database.js';
import { PostgresBotStorage } from './pg-bot-storage.js';
import { PostgresChannelPostOutbox } from './pg-channel-post-outbox.js';
import { PostgresComplianceRecords } from './pg-compliance-records.js';
import { PostgresConversationDirectory } from './pg-conversation-directory.js';
import { PostgresIncidentStore } from './pg-incident-store.js';
import { PostgresNotificationOutbox } from './pg-notification-outbox.js';
import { PostgresReplicationQueue } from './pg-replication-queue.js';
import { PostgresReminderOutbox } from './pg-reminder-outbox.js';
import { PostgresJobRuns } from './pg-job-runs.js';
import { PostgresDirectoryMirror } from './pg-directory-mirror.js';
import { listenForWork, type WorkQueue } from './wake.js';
import { PostgresRateBudget } from './pg-rate-budget.js';
import type { TenantBudgetLimits } from '../in-process-rate-budget.js';

export interface PostgresStore {
  pool: pg.Pool;
  store: PostgresIncidentStore;
  outbox: PostgresNotificationOutbox;
  storage: PostgresBotStorage;
  conversations: PostgresConversationDirectory;
  records: PostgresComplianceRecords;
  channelPosts: PostgresChannelPostOutbox;
  replication: PostgresReplicationQueue;
  reminders: PostgresReminderOutbox;
  runs: PostgresJobRuns;
  mirror: PostgresDirectoryMirror;
  /** Teams' per-tenant rate limit, shared by every instance on this database */
  rateBudget(limits: TenantBudgetLimits): PostgresRateBudget;
  /** on start-up: what a dead process of this machine held is due again now (see claim-due.ts) */
  takeBackFromDeadHolders(now: Date): ReturnType<typeof takeBackFromDeadHolders>;
  /** calls `onWork` as soon as any instance commits new work on a queue (LISTEN/NOTIFY); stop() ends the listening */
  onWork(onWork: (queue: WorkQueue) => void): Promise<{ stop: () => Promise<void> }>;
  /** ends the pool (the incident store's close does the same) */
  close(): Promise<void>;
}

export interface PostgresStoreConfig {
  databaseUrl?: string;
  /** copy every change to SharePoint too (a replication row in the change's transaction) */
  sharePointSiteId?: string;
}

/** connects, brings the schema up to date and returns the adapters; fails at once if the database cannot be reached */
export async function openPostgresStore(
  cfg: PostgresStoreConfig,
  /** password: the managed identity's token for each new connection (DATABASE_AUTH=entra), see entra-password.ts */
  options: { owner?: string; poolSize?: number; schema?: string; password?: PasswordSource } = {},
): Promise<PostgresStore> {
  const databaseUrl = cfg.databaseUrl;
  if (!databaseUrl) throw new Error('DATABASE_URL: required when STORE is postgres');
  const pool = openPostgresPool(databaseUrl, {
    ...(options.poolSize === undefined ? {} : { max: options.poolSize }),
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const owner = options.owner ?? LEASE_OWNER;
  const store = new PostgresIncidentStore(pool, { replicate: cfg.sharePointSiteId !== undefined });
  return {
    pool,
    store,
    outbox: new PostgresNotificationOutbox(pool, owner),
    storage: new PostgresBotStorage(pool),
    conversations: new PostgresConversationDirectory(pool),
    records: new PostgresComplianceRecords(pool),
    channelPosts: new PostgresChannelPostOutbox(pool, owner),
    replication: new PostgresReplicationQueue(pool, owner),
    reminders: new PostgresReminderOutbox(pool, owner),
    runs: new PostgresJobRuns(pool),
    mirror: new PostgresDirectoryMirror(pool),
    rateBudget: (limits) => new PostgresRateBudget(pool, limits),
    takeBackFromDeadHolders: (now) => takeBackFromDeadHolders(pool, now, owner),
    onWork: (onWork) => listenForWork(databaseUrl, onWork, options.password, options.schema),
    close: () => store.close(),
  };
}
