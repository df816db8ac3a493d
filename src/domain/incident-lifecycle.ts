import type { Agency } from './agencies.js';
import type { EscalationPlan } from './escalation-plan.js';
import { err, ok, type Result } from './result.js';
import type { Role } from './roles.js';
import { rolesThatMay } from './permissions.js';

/**
 * reported -> awaiting-approval -> escalated -> closed. Asking for more information and recording
 * a referral are events, not states: a case waiting for information is still waiting for approval
 * (its clock keeps running and it stays in the approver's queue), and a case has any number of
 * referrals once escalated.
 */
export const INCIDENT_STATES = ['reported', 'awaiting-approval', 'escalated', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export type IncidentCommand =
  | { type: 'submit-for-approval' }
  | { type: 'request-more-information' }
  | { type: 'provide-information' }
  | { type: 'acknowledge' }
  /** routeChanged: the approver chose a route other than the engine's, which needs a reason */
  | { type: 'approve'; routeChanged?: boolean }
  | { type: 'record-referral'; agency: Agency; reference?: string }
  | { type: 'close' };
export type CommandType = IncidentCommand['type'];

export const INCIDENT_EVENT_TYPES = [
  'reported',
  'submitted-for-approval',
  'acknowledged',
  'more-information-requested',
  'information-provided',
  'approved',
  'referral-recorded',
  'closed',
] as const;
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/** who acts: their Entra id and the roles the school profile gives them ('system' for the bot) */
export interface Actor {
  id: string;
  roles: readonly Role[];
}

/**
 * a step of the lifecycle as transition() decides it. the store's trail entry is IncidentEvent in
 * ports/incident-store.ts (who, when, and the bot's own events too); this is only the decision.
 */
export interface LifecycleEvent {
  type: IncidentEventType;
  /** the actor's id */
  actor: string;
  /** ISO-8601 instant */
  at: string;
  /** KCSIE: decisions and the reasons for them are recorded */
  reason: string;
  from: IncidentState | null;
  to: IncidentState;
  agency?: Agency;
  reference?: string;
}

export interface Incident {
  id: string;
  state: IncidentState;
  approver: Role | null;
  exclude: readonly Role[];
  openInformationRequests: number;
  /** append-only: transition returns a new incident with one more event */
  events: readonly LifecycleEvent[];
}

type Who = 'anyone' | 'approver' | 'safeguarding';

/** the allowed transitions, as data: from which states, to which, who may, and whether a reason is required */
export const TRANSITIONS: Readonly<
  Record<
    CommandType,
    { from: readonly IncidentState[]; to: IncidentState | 'same'; event: IncidentEventType; who: Who; reasonRequired: boolean }
  >
> = {
  'submit-for-approval': {
    from: ['reported'],
    to: 'awaiting-approval',
    event: 'submitted-for-approval',
    who: 'anyone',
    reasonRequired: false,
  },
  acknowledge: { from: ['awaiting-approval', 'escalated'], to: 'same', event: 'acknowledged', who: 'safeguarding', reasonRequired: false },
  'request-more-information': {
    from: ['awaiting-approval'],
    to: 'same',
    event: 'more-information-requested',
    who: 'safeguarding',
    reasonRequired: true,
  },
  'provide-information': { from: ['awaiting-approval'], to: 'same', event: 'information-provided', who: 'anyone', reasonRequired: true },
  // a reason is required when the route differs from the engine's (see transition)
  approve: { from: ['awaiting-approval'], to: 'escalated', event: 'approved', who: 'approver', reasonRequired: false },
  'record-referral': { from: ['escalated'], to: 'same', event: 'referral-recorded', who: 'safeguarding', reasonRequired: false },
  close: { from: ['reported', 'awaiting-approval', 'escalated'], to: 'closed', event: 'closed', who: 'safeguarding', reasonRequired: true },
};

/** roles that may act on a case's safeguarding side, besides its approver */
/** the roles that work on cases (permissions.ts): dsl, deputy-dsl, headteacher */
const SAFEGUARDING_ROLES: readonly Role[] = rolesThatMay('work-on-cases');

export type TransitionErrorCode =
  | 'not-allowed-in-state'
  | 'not-authorised'
  | 'implicated'
  | 'reason-required'
  | 'no-information-requested'
  | 'out-of-order'
  | 'invalid-time';

export interface TransitionError {
  code: TransitionErrorCode;
  message: string;
}

/** a new case, as the bot records it the moment a report is made */
export function openIncident(
  id: string,
  plan: Pick<EscalationPlan, 'approver' | 'exclude'>,
  reporter: Actor,
  at: Date,
  reason = '',
): Incident {
  return {
    id,
    state: 'reported',
    approver: plan.approver,
    exclude: [...plan.exclude],
    openInformationRequests: 0,
    events: [{ type: 'reported', actor: reporter.id, at: at.toISOString(), reason, from: null, to: 'reported' }],
  };
}

function refuse(code: TransitionErrorCode, message: string): { ok: false; error: TransitionError } {
  return err({ code, message });
}

/**
 * Applies a command to a case. Returns the new case (the old one is untouched) and the event that
 * was appended, or an error naming why the command is not allowed: wrong state, the actor lacks the
 * role, the actor holds a role implicated in the case (R1), no reason given, or a time before the
 * last event.
 */
export function transition(
  incident: Incident,
  command: IncidentCommand,
  actor: Actor,
  at: Date,
  reason = '',
): Result<{ incident: Incident; event: LifecycleEvent }, TransitionError> {
  const rule = TRANSITIONS[command.type];
  if (!rule.from.includes(incident.state)) {
    return refuse(
      'not-allowed-in-state',
      `cannot ${command.type} a case that is ${incident.state}; allowed when ${rule.from.join(' or ')}`,
    );
  }
  const implicated = actor.roles.filter((r) => incident.exclude.includes(r));
  if (implicated.length > 0) {
    return refuse('implicated', `${actor.id} holds a role implicated in this case (${implicated.join(', ')}) and cannot act on it`);
  }
  // deputies act for the DSL (KCSIE: the DSL's activities may be delegated to trained deputies)
  const isApprover =
    incident.approver !== null &&
    (actor.roles.includes(incident.approver) || (incident.approver === 'dsl' && actor.roles.includes('deputy-dsl')));
  const mayAct =
    rule.who === 'anyone' || isApprover || (rule.who === 'safeguarding' && actor.roles.some((r) => SAFEGUARDING_ROLES.includes(r)));
  if (!mayAct) {
    const needed =
      rule.who === 'approver'
        ? `the ${incident.approver ?? 'approver'} role`
        : `the approver or a safeguarding role (${SAFEGUARDING_ROLES.join(', ')})`;
    return refuse('not-authorised', `${command.type} needs ${needed}`);
  }
  const reasonRequired = rule.reasonRequired || (command.type === 'approve' && command.routeChanged === true);
  if (reasonRequired && reason.trim() === '') {
    const what = command.type === 'approve' ? 'changing the proposed route' : command.type;
    return refuse('reason-required', `${what} needs a reason: KCSIE asks for decisions and their reasons in writing`);
  }
  if (command.type === 'provide-information' && incident.openInformationRequests === 0) {
    return refuse('no-information-requested', 'no one has asked for more information on this case');
  }
  if (Number.isNaN(at.getTime())) return refuse('invalid-time', 'the time of the action is not a valid date');
  const last = incident.events[incident.events.length - 1];
  if (last && at.toISOString() < last.at)
    return refuse('out-of-order', `the action is dated before the last event (${last.at}); events are append-only`);

  const to = rule.to === 'same' ? incident.state : rule.to;
  const event: LifecycleEvent = {
    type: rule.event,
    actor: actor.id,
    at: at.toISOString(),
    reason: reason.trim(),
    from: incident.state,
    to,
  };
  if (command.type === 'record-referral') {
    event.agency = command.agency;
    if (command.reference !== undefined) event.reference = command.reference;
  }
  const requests =
    incident.openInformationRequests + (command.type === 'request-more-information' ? 1 : command.type === 'provide-information' ? -1 : 0);
  return ok({
    incident: { ...incident, state: to, openInformationRequests: requests, events: [...incident.events, event] },
    event,
  });
}
