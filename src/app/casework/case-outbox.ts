// what each change to a case owes people, as outbox items queued with the change itself.
import { dueBy, resolveRecipients, schoolCalendar, type EscalationPlan, type Role, type SchoolProfile } from '../../domain/index.js';
import type { OutboxItem } from '../../ports/notification-outbox.js';
import { ENTITLED_TO_DETAILS } from './build-views.js';
import { barredPeople, caseTeam, usesChannel, type CaseFile } from './case-file.js';

type PlanOnly = Pick<CaseFile, 'plan'>;

const channelCard = (key: string, at: Date): OutboxItem => ({
  key: `channel-card:${key}`,
  kind: 'channel-card',
  notBefore: at.toISOString(),
});

/** the channel card is refreshed for everyone after a change, when the case uses the channel */
export function refreshChannel(file: Pick<CaseFile, 'plan'>, key: string, at: Date): OutboxItem[] {
  return usesChannel(file) ? [channelCard(key, at)] : [];
}

/** the people a route reaches, each once with the role they receive it as; never anyone implicated */
export function routeRecipients(file: Pick<CaseFile, 'plan'>, route: readonly Role[], profile: SchoolProfile) {
  const resolved = resolveRecipients({ ...file.plan, notify: [...route] }, profile, { excludePeople: [...barredPeople(file, profile)] });
  return resolved.ok ? resolved.value.recipients : resolved.error.partial.recipients;
}

/** who is reminded when a deadline passes: the people who owe the action */
function deadlineOwners(file: PlanOnly, action: string, profile: SchoolProfile): string[] {
  const barred = barredPeople(file, profile);
  const holders = (role: Role) => profile.roles[role].filter((p) => !barred.has(p.aadObjectId)).map((p) => p.aadObjectId);
  const team = caseTeam(file, profile).map((p) => p.aadObjectId);
  switch (action) {
    case 'triage-decision': {
      const resolved = resolveRecipients(file.plan, profile);
      return (resolved.ok ? resolved.value.approvers : resolved.error.partial.approvers)
        .map((p) => p.aadObjectId)
        .filter((id) => team.includes(id));
    }
    case 'lado-consult':
      return holders('headteacher').length > 0 ? holders('headteacher') : team;
    case 'ico-decision':
      return holders('dpo').length > 0 ? holders('dpo') : team;
    default:
      return [];
  }
}

/**
 * a new report: the channel card (or the approvers 1:1 when the DSLs are implicated), an alert to
 * everyone on a critical route at once, the 15-minute acknowledgement alert, and a reminder for each
 * deadline of the plan. the timers wait in the outbox until they fall due.
 */
export function submissionOutbox(
  plan: EscalationPlan,
  profile: SchoolProfile,
  at: Date,
  /** quiet: the reporter is past the rate limit, so a critical case pages nobody 1:1 (the team still gets the case) */
  options: { byPupil?: boolean; quiet?: boolean } = {},
): OutboxItem[] {
  const file: PlanOnly = { plan };
  const items: OutboxItem[] = [];
  const now = at.toISOString();
  const channel = usesChannel(file);
  items.push(...refreshChannel(file, 'reported', at));
  const resolved = resolveRecipients(file.plan, profile);
  const approvers = new Set((resolved.ok ? resolved.value.approvers : resolved.error.partial.approvers).map((p) => p.aadObjectId));
  const readsChannel = new Set([...profile.roles.dsl, ...profile.roles['deputy-dsl']].map((p) => p.aadObjectId));
  for (const person of caseTeam(file, profile)) {
    // the channel reaches the DSLs and deputies; an approver outside it (the headteacher for an
    // allegation) or everyone, when the channel cannot be used, gets the case 1:1
    const inChannel = channel && readsChannel.has(person.aadObjectId);
    if (!inChannel && (approvers.has(person.aadObjectId) || !channel))
      items.push({ key: `approver-card:${person.aadObjectId}`, kind: 'approver-card', recipient: person.aadObjectId, notBefore: now });
  }
  if (options.byPupil && plan.severity !== 'critical') {
    // R15: a child's report reaches the DSL first, at once and 1:1, with the child's words
    for (const r of routeRecipients(file, ['dsl'], profile)) {
      items.push({
        key: `routed:${r.person.aadObjectId}`,
        kind: 'routed',
        recipient: r.person.aadObjectId,
        notBefore: now,
        data: { role: r.role, stage: 'pupil' },
      });
    }
  }
  if (plan.severity === 'critical' && !options.quiet) {
    // the safeguarding leads and the head hear of a critical case at once (R4); the rest of the route
    // (IT support, the DPO...) when the approver has decided
    for (const r of routeRecipients(file, file.plan.notify, profile).filter((x) => ENTITLED_TO_DETAILS.includes(x.role))) {
      items.push({
        key: `routed:${r.person.aadObjectId}`,
        kind: 'routed',
        recipient: r.person.aadObjectId,
        notBefore: now,
        data: { role: r.role, stage: 'alert' },
      });
    }
    const alertAt = new Date(at.getTime() + 15 * 60_000).toISOString();
    for (const r of routeRecipients(file, file.plan.escalateIfUnacknowledged, profile)) {
      items.push({
        key: `unacknowledged:${r.person.aadObjectId}`,
        kind: 'unacknowledged-alert',
        recipient: r.person.aadObjectId,
        notBefore: alertAt,
        data: { role: r.role },
      });
    }
  }
  const calendar = schoolCalendar(profile);
  for (const d of plan.deadlines) {
    if (d.action === 'acknowledge') continue; // the unacknowledged alert above
    const dueAt = dueBy(d, at, calendar).toISOString();
    for (const owner of deadlineOwners(file, d.action, profile)) {
      items.push({
        key: `overdue:${d.action}:${owner}`,
        kind: 'deadline-overdue',
        recipient: owner,
        notBefore: dueAt,
        data: { action: d.action },
      });
    }
  }
  return items;
}
