// the incident log (first school 3.2 and 13.2: "An eSafety Incident Log will be kept by the School Business
// Manager"): when a case closes, the keeper is sent its summary for the log. only what a log needs: the
// reference, dates, type, severity, route and outcome; never a pupil's name, the reporter's words or the
// evidence. the record stays in the bot, and the reference links the log entry to it.
import { SANCTION_CATEGORY_LABELS, type SanctionCategoryId, type SchoolProfile } from '../../domain/index.js';
import type { OutboxItem } from '../../ports/notification-outbox.js';
import { summaryView } from './build-views.js';
import { barredPeople, type CaseFile } from './case-file.js';
import { format } from 'date-fns';
import { tz } from '@date-fns/tz';

/**
 * the keeper's copies, queued with the close itself: one to each holder of the keeper role who is not
 * implicated (the dispatcher asks again when it sends). no keeper set: nothing, as before
 */
export function incidentLogCopies(file: Pick<CaseFile, 'plan'>, profile: SchoolProfile, at: Date): OutboxItem[] {
  const keeper = profile.incidentLog.keeper;
  if (!keeper) return [];
  const barred = barredPeople(file, profile);
  return profile.roles[keeper]
    .filter((p) => !barred.has(p.aadObjectId))
    .map((p) => ({ key: `incident-log:${p.aadObjectId}`, kind: 'incident-log', recipient: p.aadObjectId, notBefore: at.toISOString() }));
}

const day = (iso: string): string => format(new Date(iso), 'EEE d MMM yyyy', { in: tz('Europe/London') });

/** the closed case's sanction in the words of the form it was chosen from */
export function sanctionWords(data: Record<string, unknown>): string {
  const category = typeof data.sanction === 'string' && Object.hasOwn(SANCTION_CATEGORY_LABELS, data.sanction) ? data.sanction : undefined;
  if (!category) return 'None';
  const label = SANCTION_CATEGORY_LABELS[category as SanctionCategoryId];
  // the words recorded at the close, even if the school's list has changed since
  const words = typeof data.sanctionWords === 'string' ? data.sanctionWords : undefined;
  return words ? `${label}: ${words}` : label;
}

/** the log entry's lines, as the keeper reads them; undefined while the case is open */
export function incidentLogLines(file: CaseFile, profile: SchoolProfile, now: Date): string[] | undefined {
  const closed = [...file.events].reverse().find((e) => e.type === 'closed');
  if (!closed || !file.closed) return undefined;
  const view = summaryView(file, profile, now);
  const data = closed.data && typeof closed.data === 'object' && !Array.isArray(closed.data) ? closed.data : {};
  const decided = file.decision ? `decided by ${file.decision.by}` : 'closed before a route was decided';
  return [
    `For the incident log: case ${view.reference} is closed.`,
    `Reported: ${day(file.record.reportedAt)}`,
    `Closed: ${day(file.closed.at)} by ${file.closed.by}`,
    `Type: ${view.types.join(', ') || 'Not given'}`,
    `Severity: ${view.severityLabel}`,
    `Route: ${view.route.join(', ')} (${decided})`,
    `Outcome: ${closed.reason ?? ''}`,
    `Sanction: ${sanctionWords(data)}`,
    'The full record stays in the bot: the reference links this entry to it.',
  ];
}
