// a case as the casework reads it: the stored record and its decision trail, with what follows from
// them (the state, the decided route, who acknowledged, open questions, referrals) worked out once.
import {
  ROLES,
  escalationPlanSchema,
  resolveRecipients,
  rolesThatMay,
  type Agency,
  type EscalationPlan,
  type Incident,
  type IncidentState,
  type Person,
  type Role,
  type SchoolProfile,
} from '../../domain/index.js';
import type { IncidentEvent, IncidentRecord, IncidentStore } from '../../ports/incident-store.js';
import { parseStored } from '../../ports/stored-data.js';

export interface Decision {
  by: string;
  at: string;
  route: Role[];
  routeChanged: boolean;
  reason?: string;
}

export interface Referral {
  agency: Agency;
  at: string;
  madeBy: string;
  reference?: string;
}

export interface CaseFile {
  record: IncidentRecord;
  events: IncidentEvent[];
  plan: EscalationPlan;
  state: IncidentState;
  decision?: Decision;
  acknowledged?: { by: string; at: string };
  /** questions asked and not yet answered, by request id */
  openQuestions: Map<string, string>;
  referrals: Referral[];
  closed?: { by: string; at: string };
}

const nameOf = (e: IncidentEvent): string => ('displayName' in e.actor ? e.actor.displayName : 'The bot');
const data = (e: IncidentEvent): Record<string, unknown> => (e.data && typeof e.data === 'object' && !Array.isArray(e.data) ? e.data : {});
const isRole = (r: unknown): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r);

/** the case's stored plan, read as the engine wrote it; a damaged one is a CorruptRecordError naming the case */
export const planOf = (record: Pick<IncidentRecord, 'id' | 'plan'>): EscalationPlan =>
  parseStored(escalationPlanSchema, record.plan, { table: 'incidents', row: record.id, column: 'plan' });

export function readCase(record: IncidentRecord, events: IncidentEvent[]): CaseFile {
  const plan = planOf(record);
  const file: CaseFile = { record, events, plan, state: record.status as IncidentState, openQuestions: new Map(), referrals: [] };
  for (const e of events) {
    const d = data(e);
    switch (e.type) {
      case 'approved':
        file.decision = {
          by: nameOf(e),
          at: e.at,
          route: Array.isArray(d.route) ? d.route.filter(isRole) : [...plan.notify],
          routeChanged: d.routeChanged === true,
          ...(e.reason ? { reason: e.reason } : {}),
        };
        break;
      case 'acknowledged':
        file.acknowledged ??= { by: nameOf(e), at: e.at };
        break;
      case 'more-information-requested':
        if (typeof d.requestId === 'string') file.openQuestions.set(d.requestId, e.reason ?? '');
        break;
      case 'information-provided':
        if (typeof d.requestId === 'string') file.openQuestions.delete(d.requestId);
        break;
      case 'referral-recorded':
        file.referrals.push({
          agency: d.agency as Agency,
          at: typeof d.madeAt === 'string' ? d.madeAt : e.at,
          madeBy: typeof d.madeBy === 'string' ? d.madeBy : nameOf(e),
          ...(typeof d.reference === 'string' && d.reference ? { reference: d.reference } : {}),
        });
        break;
      case 'closed':
        file.closed = { by: nameOf(e), at: e.at };
        break;
    }
  }
  return file;
}

export async function loadCase(store: IncidentStore, id: string): Promise<CaseFile | undefined> {
  const record = await store.get(id);
  return record && readCase(record, await store.events(id));
}

/** the route in force: the decided one, or the engine's while waiting */
export const routeOf = (file: CaseFile): Role[] => file.decision?.route ?? file.plan.notify;

/**
 * the people named as the ones the case is about, and everyone holding a role it implicates: they
 * never see it, whatever else they hold. every layer asks this (views, actions, each outbox send)
 */
export function barredPeople(file: Pick<CaseFile, 'plan'>, profile: SchoolProfile): Set<string> {
  const barred = new Set<string>(file.plan.excludePeople ?? []);
  for (const role of file.plan.exclude) for (const p of profile.roles[role]) barred.add(p.aadObjectId);
  return barred;
}

/**
 * who may open and act on the case: its approvers, and the holders of the roles the permission table
 * lets work on cases (the DSLs, their deputies and the headteacher, alerted when a critical case is not
 * acknowledged), never anyone implicated. capped at 60, the most Teams' refresh.userIds takes.
 */
export function caseTeam(file: Pick<CaseFile, 'plan'>, profile: SchoolProfile): Person[] {
  const barred = barredPeople(file, profile);
  const resolved = resolveRecipients(file.plan, profile);
  const approvers = resolved.ok ? resolved.value.approvers : resolved.error.partial.approvers;
  const team: Person[] = [];
  for (const p of [...approvers, ...rolesThatMay('work-on-cases').flatMap((role) => profile.roles[role])]) {
    if (!barred.has(p.aadObjectId) && !team.some((t) => t.aadObjectId === p.aadObjectId)) team.push(p);
  }
  return team.slice(0, 60);
}

/** the role the approver acts as (the plan's, or its stand-in when nobody holds it) */
export function approverRole(file: Pick<CaseFile, 'plan'>, profile: SchoolProfile): Role | null {
  const resolved = resolveRecipients(file.plan, profile);
  return resolved.ok ? resolved.value.approverRole : resolved.error.partial.approverRole;
}

/** the case in the domain's lifecycle terms, so transition() decides what is allowed */
export function lifecycleOf(file: CaseFile, profile: SchoolProfile): Incident {
  return {
    id: file.record.id,
    state: file.state,
    approver: approverRole(file, profile),
    exclude: file.plan.exclude,
    openInformationRequests: file.openQuestions.size,
    // the domain checks the order of events by their time; the rest of each event is ours
    events: file.events.map((e) => ({ type: 'reported', actor: '', at: e.at, reason: '', from: null, to: file.state })),
  };
}

/**
 * the safeguarding channel is used only when nobody is excluded: a case that bars a role or a person
 * (R1) is handled 1:1 with its team, since anyone may be a member of a shared channel
 */
export const usesChannel = (file: Pick<CaseFile, 'plan'>): boolean =>
  file.plan.oneToOneOnly !== true && file.plan.exclude.length === 0 && (file.plan.excludePeople ?? []).length === 0;
