// `cases`: a member of the safeguarding team's open cases, most urgent first. only the cases whose team
// they are on (caseTeam, which never holds anyone implicated); anyone else gets an empty list, never
// someone else's. each line is what the channel card may show: reference, kinds, severity, deadline.
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { SEVERITIES, SEVERITY_INFO, type SchoolProfile } from '../../domain/index.js';
import type { IncidentStore } from '../../ports/incident-store.js';
import type { Identity } from '../identity.js';
import { deadlinesOf, statusOf, summaryView } from './build-views.js';
import { caseTeam, planOf, readCase, type CaseFile } from './case-file.js';
import type { OpenCaseItem, OpenCasesView } from './case-views.js';

/** the most lines a card shows; the rest are counted */
export const CASES_SHOWN = 20;
/** the most open cases read from the store: far more than a school has open at once */
const OPEN_CASES_READ = 2000;

const london = tz('Europe/London');

export async function listOpenCases(
  deps: { store: IncidentStore; profile: SchoolProfile; now: () => Date },
  who: Identity,
): Promise<OpenCasesView> {
  if (who.kind !== 'staff' || !who.aadObjectId) return { cases: [], more: 0 };
  const now = deps.now();
  // the team is worked out from the plan alone, so nobody else's case has its trail read
  const records = (await deps.store.listOpen(OPEN_CASES_READ)).filter((r) =>
    caseTeam({ plan: planOf(r) }, deps.profile).some((p) => p.aadObjectId === who.aadObjectId),
  );
  const files = await Promise.all(records.map(async (r) => readCase(r, await deps.store.events(r.id))));
  const ranked = files.map((file) => ({ file, next: nextDeadline(file, deps.profile, now) })).sort(byUrgency);
  return {
    cases: ranked.slice(0, CASES_SHOWN).map(({ file, next }) => itemOf(file, deps.profile, now, next)),
    more: Math.max(0, ranked.length - CASES_SHOWN),
  };
}

type NextDeadline = { label: string; dueAt: string; overdue: boolean } | undefined;

/** the deadline not yet met that falls due first (an overdue one is the earliest) */
function nextDeadline(file: CaseFile, profile: SchoolProfile, now: Date): NextDeadline {
  const open = deadlinesOf(file, profile, now)
    .filter((d) => d.state !== 'met')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const first = open[0];
  return first && { label: first.label, dueAt: first.dueAt, overdue: first.state === 'overdue' };
}

/** critical first, then high, medium, low; within each the nearest deadline (overdue first), then the oldest report */
function byUrgency(a: { file: CaseFile; next: NextDeadline }, b: { file: CaseFile; next: NextDeadline }): number {
  const severity = SEVERITIES.indexOf(a.file.record.severity) - SEVERITIES.indexOf(b.file.record.severity);
  if (severity !== 0) return severity;
  const due = (a.next?.dueAt ?? '\uffff').localeCompare(b.next?.dueAt ?? '\uffff');
  if (due !== 0) return due;
  return a.file.record.reportedAt.localeCompare(b.file.record.reportedAt) || a.file.record.reference.localeCompare(b.file.record.reference);
}

/** "Decide by 15:30" today, "Decide by Wed 25 Nov, 17:00" another day; "OVERDUE: ..." once passed */
export function deadlineWords(next: NextDeadline, now: Date): string {
  if (!next) return 'No deadline due';
  const due = new Date(next.dueAt);
  const sameDay = format(due, 'yyyy-MM-dd', { in: london }) === format(now, 'yyyy-MM-dd', { in: london });
  const when = format(due, sameDay ? 'HH:mm' : 'EEE d MMM, HH:mm', { in: london });
  return `${next.overdue ? 'OVERDUE: ' : ''}${next.label} by ${when}`;
}

function itemOf(file: CaseFile, profile: SchoolProfile, now: Date, next: NextDeadline): OpenCaseItem {
  const summary = summaryView(file, profile, now);
  return {
    caseId: file.record.id,
    reference: file.record.reference,
    types: summary.types,
    severity: file.record.severity,
    severityLabel: SEVERITY_INFO[file.record.severity].label,
    deadline: deadlineWords(next, now),
    overdue: next?.overdue ?? false,
    status: summary.acknowledged && !file.decision ? summary.acknowledged : statusOf(file),
  };
}
