// the SharePoint lists the bot keeps its records in, as data: provisioning creates them from this,
// the store reads and writes by these column names, and every column the bot filters on is indexed
// (SharePoint refuses or throttles $filter on unindexed columns in big lists).
//
// two sites, two walls. the shared site holds only what anyone with access to it may read: a
// non-identifying summary of each case (no names, no words of the report, no reasons) and the
// compliance lists. the restricted site, which the school opens to the case team alone (DSL, deputies,
// headteacher), holds the case in full: the details, the decision log and the reference counters. a
// case about an adult, or one that shuts anyone out, has no summary on the shared site at all
// (fields.ts, keptOffSharedSite). with no restricted site, nothing of the restricted site's is copied.

export type ColumnKind = 'text' | 'note' | 'number' | 'dateTime' | 'date' | 'boolean';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** filtered or sorted on by the bot: must be indexed */
  indexed?: boolean;
  /** at most one item per value (SharePoint needs the column indexed for this) */
  unique?: boolean;
}

/** shared: readable by whoever the school lets into that site; restricted: the case team only */
export type SiteRole = 'shared' | 'restricted';

export interface ListSpec {
  /** stable key used in code (and in the embedded store's record of item ids) */
  key: ListKey;
  site: SiteRole;
  displayName: string;
  description: string;
  columns: ColumnSpec[];
}

export const LIST_KEYS = ['summary', 'details', 'events', 'counters', 'aup', 'training', 'accountReviews', 'jobRuns'] as const;
export type ListKey = (typeof LIST_KEYS)[number];

/** Title holds each list's natural key (the reference, the event key ...), so it is unique and indexed too */
export const LISTS: readonly ListSpec[] = [
  {
    key: 'summary',
    site: 'shared',
    displayName: 'Online Safety Incident Summary',
    description:
      'One line per concern, without names or details: reference, date, types, severity, status, risk areas. Cases about an adult are not listed here.',
    columns: [
      { name: 'IncidentId', kind: 'text', indexed: true, unique: true },
      { name: 'ReportedOn', kind: 'date', indexed: true },
      { name: 'IncidentTypes', kind: 'note' },
      { name: 'Severity', kind: 'text', indexed: true },
      { name: 'Status', kind: 'text', indexed: true },
      { name: 'RiskAreas', kind: 'text' },
    ],
  },
  {
    key: 'details',
    site: 'restricted',
    displayName: 'Online Safety Case Details',
    description: 'The case in full: the report, the people involved, the plan and who reported it. For the case team only.',
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
    site: 'restricted',
    displayName: 'Online Safety Decision Log',
    description: 'Every report, decision, referral and reason, with who and when. Append-only. For the case team only.',
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
    site: 'restricted',
    displayName: 'Online Safety Reference Counters',
    description: 'The last reference number used per prefix and year (OS-2026 -> 14).',
    columns: [{ name: 'Last', kind: 'number' }],
  },
  {
    key: 'aup',
    site: 'shared',
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
    site: 'shared',
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
    site: 'shared',
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
    site: 'shared',
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

/** the lists on one of the two sites */
export const listsOn = (site: SiteRole): readonly ListSpec[] => LISTS.filter((l) => l.site === site);

/**
 * lists an earlier version of the bot kept on the one site it had, holding case details in full: found
 * on the shared site, they are reported for a person to move or delete (provisioning never deletes).
 */
export const LEGACY_SHARED_LISTS: readonly string[] = ['Online Safety Incidents', 'Online Safety Decision Log'];

/** the column definition Graph takes (POST /sites/{site}/lists/{list}/columns) */
export function columnDefinition(c: ColumnSpec): Record<string, unknown> {
  const kind: Record<ColumnKind, Record<string, unknown>> = {
    text: { text: {} },
    note: { text: { allowMultipleLines: true, linesForEditing: 6, textType: 'plain' } },
    number: { number: {} },
    dateTime: { dateTime: { format: 'dateTime' } },
    date: { dateTime: { format: 'dateOnly' } },
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
  summary: 'the reference, e.g. OS-2026-0001',
  details: 'the reference, e.g. OS-2026-0001',
  events: 'the event key',
  counters: 'the prefix and year, e.g. OS-2026',
};
