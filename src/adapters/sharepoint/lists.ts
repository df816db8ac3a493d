// the SharePoint lists the bot keeps its records in, as data: provisioning creates them from this,
// the store reads and writes by these column names, and every column the bot filters on is indexed
// (SharePoint refuses or throttles $filter on unindexed columns in big lists).

export type ColumnKind = 'text' | 'note' | 'number' | 'dateTime' | 'boolean';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** filtered or sorted on by the bot: must be indexed */
  indexed?: boolean;
  /** at most one item per value (SharePoint needs the column indexed for this) */
  unique?: boolean;
}

export interface ListSpec {
  /** stable key used in code */
  key: ListKey;
  displayName: string;
  description: string;
  columns: ColumnSpec[];
}

export const LIST_KEYS = ['incidents', 'events', 'counters', 'aup', 'training', 'accountReviews', 'jobRuns'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

/** Title holds each list's natural key (the reference, the event key ...), so it is unique and indexed too */
export const LISTS: readonly ListSpec[] = [
  {
    key: 'incidents',
    displayName: 'Online Safety Incidents',
    description: 'The incident log: one item per concern, written by the Online Safety bot.',
    columns: [
      { name: 'IncidentId', kind: 'text', indexed: true, unique: true },
      { name: 'IdempotencyKey', kind: 'text', indexed: true, unique: true },
      { name: 'ReportedAt', kind: 'dateTime', indexed: true },
      { name: 'ReporterAadId', kind: 'text', indexed: true },
      { name: 'ReporterName', kind: 'text' },
      { name: 'ReporterKind', kind: 'text' },
      { name: 'Status', kind: 'text', indexed: true },
      { name: 'Severity', kind: 'text', indexed: true },
      { name: 'Facts', kind: 'note' },
      { name: 'Plan', kind: 'note' },
      { name: 'Details', kind: 'note' },
      { name: 'Version', kind: 'number' },
      { name: 'UpdatedAt', kind: 'dateTime' },
    ],
  },
  {
    key: 'events',
    displayName: 'Online Safety Decision Log',
    description: 'Every report, decision, referral and reason, with who and when. Append-only.',
    columns: [
      { name: 'EventKey', kind: 'text', indexed: true, unique: true },
      { name: 'IncidentId', kind: 'text', indexed: true },
      { name: 'Seq', kind: 'number' },
      { name: 'EventType', kind: 'text' },
      { name: 'At', kind: 'dateTime' },
      { name: 'Actor', kind: 'note' },
      { name: 'Reason', kind: 'note' },
      { name: 'Data', kind: 'note' },
    ],
  },
  {
    key: 'counters',
    displayName: 'Online Safety Reference Counters',
    description: 'The last reference number used per prefix and year (OS-2026 -> 14).',
    columns: [{ name: 'Last', kind: 'number' }],
  },
  {
    key: 'aup',
    displayName: 'Online Safety AUP Agreements',
    description: 'Who agreed to which acceptable use policy version, and when.',
    columns: [
      { name: 'PersonAadId', kind: 'text', indexed: true },
      { name: 'PersonName', kind: 'text' },
      { name: 'PolicyVersion', kind: 'text', indexed: true },
      { name: 'AgreedAt', kind: 'dateTime', indexed: true },
      { name: 'ExpiresAt', kind: 'dateTime', indexed: true },
    ],
  },
  {
    key: 'training',
    displayName: 'Online Safety Training Records',
    description: 'Training completed: who, which course, when and with which provider.',
    columns: [
      { name: 'PersonAadId', kind: 'text', indexed: true },
      { name: 'PersonName', kind: 'text' },
      { name: 'Course', kind: 'text', indexed: true },
      { name: 'CompletedOn', kind: 'dateTime', indexed: true },
      { name: 'Provider', kind: 'text' },
      { name: 'DueOn', kind: 'dateTime', indexed: true },
    ],
  },
  {
    key: 'accountReviews',
    displayName: 'Online Safety Account Reviews',
    description: 'Leaver and dormant accounts found, and what a person decided (disable or keep, with the reason).',
    columns: [
      { name: 'AccountAadId', kind: 'text', indexed: true },
      { name: 'AccountName', kind: 'text' },
      { name: 'FoundOn', kind: 'dateTime', indexed: true },
      { name: 'Reason', kind: 'note' },
      { name: 'Decision', kind: 'text', indexed: true },
      { name: 'DecidedBy', kind: 'text' },
      { name: 'DecisionReason', kind: 'note' },
    ],
  },
  {
    key: 'jobRuns',
    displayName: 'Online Safety Job Runs',
    description: 'Each scheduled job run (reminders, scans, digests) by period, so each runs once.',
    columns: [
      { name: 'PeriodKey', kind: 'text', indexed: true, unique: true },
      { name: 'Job', kind: 'text', indexed: true },
      { name: 'StartedAt', kind: 'dateTime' },
      { name: 'FinishedAt', kind: 'dateTime' },
      { name: 'Outcome', kind: 'note' },
    ],
  },
];


/** the column definition Graph takes (POST /sites/{site}/lists/{list}/columns) */
export function columnDefinition(c: ColumnSpec): Record<string, unknown> {
  const kind: Record<ColumnKind, Record<string, unknown>> = {
    text: { text: {} },
    note: { text: { allowMultipleLines: true, linesForEditing: 6, textType: 'plain' } },
    number: { number: {} },
    dateTime: { dateTime: { format: 'dateTime' } },
    boolean: { boolean: {} },
  };
  return { name: c.name, ...kind[c.kind], ...(c.indexed ? { indexed: true } : {}), ...(c.unique ? { enforceUniqueValues: true } : {}) };
}

/** the built-in column every genericList has; its internal name is always 'Title' */
export const TITLE_COLUMN = 'Title';

/**
 * the lists whose Title holds their natural key, and what it holds: provisioning makes Title indexed and
 * unique on these, so SharePoint itself refuses a second item with the same key. (jobRuns keys on
 * PeriodKey; aup, training and accountReviews have no single natural key.)
 */
export const TITLE_KEYS: Readonly<Partial<Record<ListKey, string>>> = {
  incidents: 'the reference, e.g. OS-2026-0001',
  events: 'the event key',
  counters: 'the prefix and year, e.g. OS-2026',
};
