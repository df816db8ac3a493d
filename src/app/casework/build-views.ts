// from a case file to what each card shows (case-views.ts). the summary picks its fields one by one:
// nothing from the report's free text or the children's names can reach the channel by accident.
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import {
  AGENCY_INFO,
  DEADLINE_ACTION_INFO,
  INCIDENT_TYPE_INFO,
  ROLE_INFO,
  R1_GUIDANCE_START,
  SEVERITY_INFO,
  ROLES,
  isSchoolNamedRole,
  dueBy,
  mayAs,
  rolesThatMay,
  resolveRecipients,
  schoolCalendar,
  type Agency,
  type IncidentType,
  type Role,
  type SchoolProfile,
} from '../../domain/index.js';
import type { IncidentEvent } from '../../ports/incident-store.js';
import { barredPeople, caseTeam, routeOf, type CaseFile } from './case-file.js';
import { RATE_LIMIT } from '../reporter-rate.js';
import type {
  AgencyView,
  ReportedMessageView,
  CaseDetailsView,
  CaseState,
  CaseSummaryView,
  DeadlineView,
  RoleChoice,
  RoutedNoticeView,
} from './case-views.js';

const london = tz('Europe/London');
/** "Tue 24 Nov 2026, 09:15" */
export const whenLong = (iso: string): string => format(new Date(iso), 'EEE d MMM yyyy, HH:mm', { in: london });
/** "Tue 24 Nov, 09:15" */
export const whenShort = (iso: string): string => format(new Date(iso), 'EEE d MMM, HH:mm', { in: london });
/** "24 Nov 10:05" */
const whenReferred = (iso: string): string => format(new Date(iso), 'd MMM HH:mm', { in: london });

const typesOf = (file: CaseFile): string[] =>
  ((file.record.facts as { types?: unknown[] } | null)?.types ?? [])
    .filter((t): t is IncidentType => typeof t === 'string' && Object.hasOwn(INCIDENT_TYPE_INFO, t))
    .map((t) => INCIDENT_TYPE_INFO[t].label);

const roleLabels = (roles: readonly Role[]): string[] => roles.map((r) => ROLE_INFO[r].label);

/** when each deadline of the plan falls due, and whether it was met */
export function deadlinesOf(file: CaseFile, profile: SchoolProfile, now: Date): (DeadlineView & { action: string; dueAt: string })[] {
  const calendar = schoolCalendar(profile);
  const reported = new Date(file.record.reportedAt);
  return file.plan.deadlines.map((d) => {
    const dueAt = dueBy(d, reported, calendar);
    const met = deadlineMet(file, d.action);
    return {
      action: d.action,
      label: DEADLINE_ACTION_INFO[d.action].label,
      due: whenShort(dueAt.toISOString()),
      dueAt: dueAt.toISOString(),
      state: met ? 'met' : now > dueAt ? 'overdue' : 'open',
    };
  });
}

/** whether what a deadline asks for has been done */
export function deadlineMet(file: CaseFile, action: string): boolean {
  switch (action) {
    case 'acknowledge':
      return file.acknowledged !== undefined || file.decision !== undefined || file.closed !== undefined;
    case 'triage-decision':
      return file.decision !== undefined || file.closed !== undefined;
    case 'lado-consult':
      return file.referrals.some((r) => r.agency === 'lado') || file.closed !== undefined;
    case 'ico-decision':
      return file.referrals.some((r) => r.agency === 'ico') || file.closed !== undefined;
    default:
      return false;
  }
}

function couldNotReach(e: IncidentEvent): string {
  const d = (e.data ?? {}) as { name?: string; role?: string };
  return `Could not reach ${d.name ?? 'someone'}${d.role ? ` (${d.role})` : ''} through the bot: tell them directly`;
}

/**
 * where a delivery failure on the trail was headed ("channel:<id>", "person:<id>"), for one note per
 * target however many messages to it failed; undefined for any other event
 */
export function deliveryTargetOf(e: Pick<IncidentEvent, 'type' | 'data'>): string | undefined {
  if (e.type !== 'notification-unreachable' && e.type !== 'delivery-failed') return undefined;
  const d = (e.data ?? {}) as { target?: string; channelId?: string; recipient?: string; name?: string };
  if (d.target === 'channel') return `channel:${d.channelId ?? ''}`;
  return `person:${d.recipient ?? d.name ?? ''}`;
}

/** the notes of the trail, in order: a delivery failure once per target */
function eventNotes(file: CaseFile): string[] {
  const targets = new Set<string>();
  const notes: string[] = [];
  for (const e of file.events) {
    const target = deliveryTargetOf(e);
    if (target !== undefined) {
      if (targets.has(target)) continue;
      targets.add(target);
    }
    const note = NOTE_OF[e.type]?.(e);
    if (note !== undefined) notes.push(note);
  }
  return notes;
}

const NOTE_OF: Record<string, (e: IncidentEvent) => string | undefined> = {
  'more-information-requested': (e) => `Information requested from the reporter (${whenShort(e.at)})`,
  'information-provided': (e) => `Information received from the reporter (${whenShort(e.at)})`,
  'notification-unreachable': (e) => couldNotReach(e),
  'delivery-failed': (e) => {
    const d = (e.data ?? {}) as { target?: string; channel?: string };
    return d.target === 'channel' ? `The bot could not post to the ${d.channel ?? 'safeguarding'} channel` : couldNotReach(e);
  },
  'channel-card-reposted': (e) =>
    `Card posted again after the bot restarted (${whenShort(e.at)}): if an earlier copy is in the channel, use this one`,
  'alert-sent': (e) => {
    const d = (e.data ?? {}) as { what?: string };
    return d.what ? `${d.what} (${whenShort(e.at)})` : undefined;
  },
};

/** who reported, in words that name nobody */
function reporterWords(file: CaseFile): CaseSummaryView['reportedBy'] {
  if ((file.record.details as { reporterNotListed?: unknown } | null)?.reporterNotListed === true)
    return "someone not on the school's lists";
  return file.record.reportedBy.kind === 'pupil' ? 'a pupil' : 'a member of staff';
}

/** anyone sending many reports at once: the DSL sees how many (a number only, never who) */
function countNote(file: CaseFile): string[] {
  const count = (file.record.details as { recentCount?: unknown } | null)?.recentCount;
  if (typeof count !== 'number' || count <= 1) return [];
  const who = file.record.reportedBy.kind === 'pupil' ? 'This pupil has' : 'The same person has';
  return [`${who} sent ${count} reports in the last 10 minutes${count > RATE_LIMIT ? ': this one alerted nobody 1:1' : ''}`];
}

/** the status line of a case: closed, approved, or waiting */
export function statusOf(file: CaseFile): string {
  if (file.closed) return `Closed by ${file.closed.by}, ${whenShort(file.closed.at)}`;
  if (file.decision) return `Approved by ${file.decision.by}, ${whenShort(file.decision.at)}`;
  return file.openQuestions.size > 0 ? 'Waiting for a decision: information requested from the reporter' : 'Waiting for a decision';
}

export function summaryView(file: CaseFile, profile: SchoolProfile, now: Date): CaseSummaryView {
  const severity = file.record.severity;
  const view: CaseSummaryView = {
    caseId: file.record.id,
    reference: file.record.reference,
    types: typesOf(file),
    severity,
    severityLabel: SEVERITY_INFO[severity].label,
    reportedAt: whenLong(file.record.reportedAt),
    reportedBy: reporterWords(file),
    route: roleLabels(routeOf(file)),
    routeChanged: file.decision?.routeChanged ?? false,
    agencies: agenciesOf(file),
    deadlines: deadlinesOf(file, profile, now).map(({ label, due, state }) => ({ label, due, state })),
    state: file.state as CaseState,
    status: statusOf(file),
    notes: [...countNote(file), ...eventNotes(file)],
    teamUserIds: caseTeam(file, profile).map((p) => p.aadObjectId),
  };
  if (file.acknowledged) view.acknowledged = acknowledgedWords(file.acknowledged);
  return view;
}

const agencyLabel = (agency: Agency): string => AGENCY_INFO[agency]?.label ?? agency;

/**
 * the plan's agencies, each replaced by its referral once one is recorded (the latest, if several),
 * then referrals to agencies the plan did not name. who made it and the reference are typed: they are
 * for the details card, never here
 */
export function agenciesOf(file: Pick<CaseFile, 'plan' | 'referrals'>): AgencyView[] {
  const latest = new Map<Agency, string>();
  for (const r of file.referrals) if (!latest.has(r.agency) || r.at > latest.get(r.agency)!) latest.set(r.agency, r.at);
  const referred = (agency: Agency, at: string): AgencyView => ({ label: agencyLabel(agency), when: 'referred', at: whenReferred(at) });
  const planned = file.plan.referrals.map((r): AgencyView =>
    latest.has(r.agency) ? referred(r.agency, latest.get(r.agency)!) : { label: agencyLabel(r.agency), when: r.when },
  );
  const others = [...latest]
    .filter(([agency]) => !file.plan.referrals.some((r) => r.agency === agency))
    .map(([agency, at]) => referred(agency, at));
  return [...planned, ...others];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

function detailsOf(file: CaseFile): RoutedNoticeView['details'] & object {
  const d = (file.record.details ?? {}) as Record<string, unknown>;
  const happened = [str(d.date), str(d.time)].filter(Boolean).join(' at ');
  const out: NonNullable<RoutedNoticeView['details']> = {
    reporterName: file.record.reportedBy.displayName,
    happenedAt: happened || 'Not recorded',
    description: str(d.description) ?? '',
  };
  for (const key of ['childNames', 'platform', 'evidence', 'actionTaken'] as const) {
    const value = str(d[key]);
    if (value) out[key] = value;
  }
  const message = reportedMessageOf(d.reportedMessage);
  if (message) out.reportedMessage = message;
  const linked = Array.isArray(d.linkedReports)
    ? d.linkedReports.map((l) => str((l as { reference?: unknown } | null)?.reference)).filter(Boolean)
    : [];
  if (linked.length > 0)
    out.alsoReportedBy = `Also reported by ${linked.length} other${linked.length === 1 ? '' : 's'} (${linked.map((r) => `case ${r}`).join(', ')})`;
  return out;
}

const MESSAGE_WHEN = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

/** the Teams message a report was made from, as stored (src/app/message-report) */
function reportedMessageOf(stored: unknown): ReportedMessageView | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  const m = stored as Record<string, unknown>;
  const text = typeof m.text === 'string' ? m.text : undefined;
  if (text === undefined) return undefined;
  const posted = str(m.postedAt);
  return {
    text,
    postedBy: str(m.authorName) ?? 'Not given by Teams',
    postedAt: posted && !Number.isNaN(Date.parse(posted)) ? MESSAGE_WHEN.format(new Date(posted)) : 'Not given by Teams',
    where: str(m.where) ?? 'Not given by Teams',
    ...(str(m.link) ? { link: str(m.link)! } : {}),
    leftInTeams: typeof m.leftInTeams === 'number' ? m.leftInTeams : 0,
  };
}

const TRAIL_WORDS: Record<string, string> = {
  reported: 'Reported',
  acknowledged: 'Acknowledged',
  approved: 'Approved the route',
  'more-information-requested': 'Asked the reporter',
  'information-provided': 'Answered',
  'referral-recorded': 'Recorded a referral',
  closed: 'Closed the case',
  'notification-unreachable': 'Could not deliver a message',
  'linked-report': 'Linked to another report of the same Teams message',
  'delivery-failed': 'Could not deliver a message',
  'alert-sent': 'Alert',
};

export function detailsView(file: CaseFile, profile: SchoolProfile, now: Date): CaseDetailsView {
  return {
    ...summaryView(file, profile, now),
    ...detailsOf(file),
    guidance: [...teamTodo(file), ...guidanceForTheCase(file.plan.guidance)],
    trail: file.events
      .filter((e) => TRAIL_WORDS[e.type])
      .map((e) => {
        const who = 'displayName' in e.actor ? e.actor.displayName : 'The bot';
        const answer = e.type === 'information-provided' ? str((e.data as { answer?: unknown } | undefined)?.answer) : undefined;
        const text = [TRAIL_WORDS[e.type], e.reason ? `"${e.reason}"` : '', answer ? `"${answer}"` : ''].filter(Boolean).join(': ');
        return `${whenShort(e.at)} ${who}: ${text}`;
      }),
    referralRecords: file.referrals.map((r) => ({
      agency: AGENCY_INFO[r.agency]?.label ?? r.agency,
      at: whenShort(r.at),
      madeBy: r.madeBy,
      ...(r.reference ? { reference: r.reference } : {}),
    })),
  };
}

/** the roles that see a case's details when it is routed to them; the rest are told only their part */
export const ENTITLED_TO_DETAILS: readonly Role[] = rolesThatMay('see-case-details');

/** the class or year of a pupil who reported for themselves, from the roster, when known */
export function childClassOf(file: CaseFile, profile: Pick<SchoolProfile, 'pupils'>): string | undefined {
  if (file.record.reportedBy.kind !== 'pupil') return undefined;
  return profile.pupils.roster.find((p) => p.aadObjectId === file.record.reportedBy.aadObjectId)?.className;
}

export function routedNoticeView(
  file: CaseFile,
  asRole: Role,
  stage: RoutedNoticeView['stage'],
  profile?: Pick<SchoolProfile, 'pupils'>,
): RoutedNoticeView {
  const entitled = mayAs(asRole, 'see-case-details');
  const childClass = entitled && profile ? childClassOf(file, profile) : undefined;
  // an alert and a pupil's report go to the case team before anyone decides: they are told what to do first
  const forTheTeam = stage !== 'decided';
  return {
    caseId: file.record.id,
    reference: file.record.reference,
    asRole: ROLE_INFO[asRole].label,
    severityLabel: SEVERITY_INFO[file.record.severity].label,
    types: typesOf(file),
    stage,
    todo: forTheTeam ? teamTodo(file) : [],
    ...(forTheTeam && file.acknowledged ? { acknowledged: acknowledgedWords(file.acknowledged) } : {}),
    ...(reporterWords(file) === "someone not on the school's lists" ? { notListed: true } : {}),
    ...(childClass ? { childClass } : {}),
    ...(file.decision
      ? {
          decidedBy: file.decision.by,
          ...(file.decision.reason && (entitled || !file.plan.oneToOneOnly) ? { reason: file.decision.reason } : {}),
        }
      : {}),
    // R1's line names the accused role: only the people entitled to the details read it
    guidance: guidanceForTheCase(file.plan.guidance).filter((g) => entitled || !g.startsWith(R1_GUIDANCE_START)),
    ...(entitled ? { details: detailsOf(file) } : {}),
  };
}

const acknowledgedWords = (a: NonNullable<CaseFile['acknowledged']>): string => `Acknowledged by ${a.by}, ${whenShort(a.at)}`;

const dangerNow = (file: CaseFile): boolean => (file.record.facts as { immediateRisk?: unknown } | null)?.immediateRisk === true;

/**
 * what the case team must do now, first, in the alerts and cards they get 1:1: the danger check for a
 * child in danger now (R4), then the acknowledgement and the decision the timers wait for
 */
export function teamTodo(file: CaseFile): string[] {
  const todo: string[] = [];
  if (file.closed) return todo;
  if (dangerNow(file)) todo.push('Make sure 999 has been called and the child is safe.');
  if (!file.decision) todo.push(file.acknowledged ? 'Decide the route.' : 'Acknowledge now, then decide the route.');
  return todo;
}

/**
 * the plan's guidance as the people handling the case read it. some lines speak to the reporter ("call
 * 999, then tell the DSL"): the reporter saw them on their own card, and to the DSL they are wrong, so
 * they are left out here. (the engine gives one list for everyone; the words are matched until it says
 * whom each line is for)
 */
export function guidanceForTheCase(guidance: readonly string[]): string[] {
  return guidance.filter((g) => !REPORTER_ONLY.some((re) => re.test(g)));
}
const REPORTER_ONLY = [/\btell the DSL\b/i, /^Thank you for telling us\b/i];

/**
 * the Change route form's choices: every role not implicated, each with who would receive it
 * ("Headteacher (Helen Marsh)", a stand-in when nobody holds the role), never a barred person
 */
export function routeChoices(file: CaseFile, profile: SchoolProfile, chosen: readonly string[]): RoleChoice[] {
  const excludePeople = [...barredPeople(file, profile)];
  // a role only some schools name is offered only where this school names someone for it
  const offered = ROLES.filter((r) => !file.plan.exclude.includes(r) && (!isSchoolNamedRole(r) || profile.roles[r].length > 0));
  return offered.map((role) => {
    const resolved = resolveRecipients({ ...file.plan, notify: [role], approver: null }, profile, { excludePeople });
    const recipients = resolved.ok ? resolved.value.recipients : resolved.error.partial.recipients;
    const names = recipients.map((r) => r.person.displayName).join(', ');
    const who =
      recipients.length === 0
        ? 'nobody named'
        : recipients.every((r) => r.role === role)
          ? names
          : `nobody named: ${names} receives it instead`;
    return { role, title: `${ROLE_INFO[role].label} (${who})`, selected: chosen.includes(role) };
  });
}

/**
 * the state of a report in its reporter's words (their `status` list): never who, only where it is.
 * acknowledging, or asking the reporter a question, is the safeguarding lead having seen it
 */
export function reporterStateWords(file: CaseFile): string {
  switch (file.state) {
    case 'reported':
      return 'Received';
    case 'awaiting-approval': {
      const seen = file.acknowledged !== undefined || file.events.some((e) => e.type === 'more-information-requested');
      return seen ? 'Seen by the safeguarding lead, being decided' : 'With the safeguarding lead';
    }
    case 'escalated':
      return 'Being dealt with';
    case 'closed':
      return 'Closed';
    default:
      return 'Received';
  }
}
