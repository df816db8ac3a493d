// one school's stores, whichever kind the settings chose: the embedded SQLite file (the default, one
// school on one machine) or a shared PostgreSQL (a trust's schools, several instances). The bootstrap,
// `npm run job` and the doctor open them here, so the three never disagree about where records are.
import { join } from 'node:path';
import type { AppConfig } from '../config/env.js';
import type { IncidentStore } from '../ports/incident-store.js';
import type { NotificationOutbox } from '../ports/notification-outbox.js';
import type { ExpiringStateStore } from '../ports/conversation-state.js';
import type { ConversationDirectory } from '../ports/conversation-directory.js';
import type { ComplianceRecords } from '../ports/compliance-records.js';
import type { ChannelPostOutbox } from '../ports/channel-post-outbox.js';
import type { ReminderOutbox } from '../ports/reminder-outbox.js';
import type { JobRunStore } from '../ports/job-runs.js';
import type { ReplicationQueue } from '../ports/replication-queue.js';
import type { DirectoryMirror } from '../app/leavers/sync-directory.js';
import { openDatabase } from './sqlite/database.js';
import { takeBackFromDeadHolders } from './sqlite/claim-due.js';
import { SqliteIncidentStore } from './sqlite/sqlite-incident-store.js';
import { SqliteNotificationOutbox } from './sqlite/sqlite-notification-outbox.js';
import { SqliteBotStorage } from './sqlite/sqlite-bot-storage.js';
import { SqliteConversationDirectory } from './sqlite/sqlite-conversation-directory.js';
import { SqliteComplianceRecords } from './sqlite/sqlite-compliance-records.js';
import { SqliteChannelPostOutbox } from './sqlite/sqlite-channel-post-outbox.js';
import { SqliteReminderOutbox } from './sqlite/sqlite-reminder-outbox.js';
import { SqliteJobRuns } from './sqlite/sqlite-job-runs.js';
import { SqliteReplicationQueue } from './sqlite/sqlite-replication-queue.js';
import { SqliteDirectoryMirror } from './sqlite/sqlite-directory-mirror.js';
import { openPostgresStore } from './postgres/store.js';
import { entraPassword, postgresCredential } from './postgres/entra-password.js';
import type { WorkQueue } from './postgres/wake.js';
import type { RateBudget } from '../ports/rate-budget.js';
import { InProcessRateBudget, type TenantBudgetLimits } from './in-process-rate-budget.js';

export interface SchoolStores {
  kind: 'sqlite' | 'postgres';
  store: IncidentStore;
  outbox: NotificationOutbox;
  storage: ExpiringStateStore;
  conversations: ConversationDirectory & { serviceUrl(channelId?: string): Promise<string | undefined> };
  records: ComplianceRecords;
  channelPosts: ChannelPostOutbox;
  reminders: ReminderOutbox;
  runs: JobRunStore;
  mirror: DirectoryMirror;
  replication: ReplicationQueue;
  /**
   * where Teams' per-tenant windows are kept: in the process on SQLite (one process), in the database on
   * PostgreSQL, so every instance on it takes from one budget (the messenger's limits passed in)
   */
  rateBudget(limits: TenantBudgetLimits): RateBudget;
  /** on start-up: what a dead process of this machine held is due again now */
  takeBack(now: Date): Promise<Partial<Record<string, number>>>;
  /** PostgreSQL: wakes `onWork` when any instance commits new work; SQLite has one process, which knows */
  onWork?(onWork: (queue: WorkQueue) => void): Promise<{ stop: () => Promise<void> }>;
  close(): Promise<void>;
}

export interface StoreSettings {
  store: AppConfig['store'];
  dataDir: string;
  sqliteJournalMode: AppConfig['sqliteJournalMode'];
  databaseUrl?: string;
  /** DATABASE_AUTH=entra: the managed identity's token is the password (AppConfig.databaseEntra) */
  databaseEntra?: { clientId?: string };
}

export interface SchoolStoreOptions {
  /** queue a SharePoint copy of every change (a replication row in the change's transaction) */
  replicate: boolean;
  /**
   * a trust's school: its own schema on PostgreSQL (school_<id>), its own folder under DATA_DIR on SQLite;
   * no query of one school's can then reach another's rows
   */
  schoolId?: string;
  /** PostgreSQL connections for this school (each school of a trust has its own pool) */
  poolSize?: number;
}

/** PostgreSQL's schema for a trust's school: the trust file's id, checked there as lower-case letters, digits and - */
export function schoolSchema(schoolId: string): string {
  return `school_${schoolId.replaceAll('-', '_')}`;
}

export async function openSchoolStores(settings: StoreSettings, options: SchoolStoreOptions): Promise<SchoolStores> {
  if (settings.store === 'postgres') {
    const pg = await openPostgresStore(
      { ...(settings.databaseUrl ? { databaseUrl: settings.databaseUrl } : {}), ...(options.replicate ? { sharePointSiteId: 'on' } : {}) },
      {
        ...(options.schoolId ? { schema: schoolSchema(options.schoolId) } : {}),
        ...(options.poolSize ? { poolSize: options.poolSize } : {}),
        ...(settings.databaseEntra ? { password: entraPassword(postgresCredential(settings.databaseEntra)) } : {}),
      },
    );
    return {
      kind: 'postgres',
      store: pg.store,
      outbox: pg.outbox,
      storage: pg.storage,
      conversations: pg.conversations,
      records: pg.records,
      channelPosts: pg.channelPosts,
      reminders: pg.reminders,
      runs: pg.runs,
      mirror: pg.mirror,
      replication: pg.replication,
      rateBudget: (limits) => pg.rateBudget(limits),
      takeBack: (now) => pg.takeBackFromDeadHolders(now),
      onWork: (onWork) => pg.onWork(onWork),
      close: () => pg.close(),
    };
  }
  const db = openDatabase(options.schoolId ? join(settings.dataDir, options.schoolId) : settings.dataDir, settings.sqliteJournalMode);
  const store = new SqliteIncidentStore(db, { replicate: options.replicate });
  return {
    kind: 'sqlite',
    store,
    outbox: new SqliteNotificationOutbox(db),
    storage: new SqliteBotStorage(db),
    conversations: new SqliteConversationDirectory(db),
    records: new SqliteComplianceRecords(db),
    channelPosts: new SqliteChannelPostOutbox(db),
    reminders: new SqliteReminderOutbox(db),
    runs: new SqliteJobRuns(db),
    mirror: new SqliteDirectoryMirror(db),
    replication: new SqliteReplicationQueue(db),
    rateBudget: (limits) => new InProcessRateBudget(limits),
    takeBack: (now) => Promise.resolve(takeBackFromDeadHolders(db, now)),
    close: () => store.close(),
  };
}
