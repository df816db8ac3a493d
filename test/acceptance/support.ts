import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { caseMessages } from '../../src/adapters/teams/case-messages.js';
import { migrate, openDatabaseFile } from '../../src/adapters/sqlite/database.js';
import { SqliteIncidentStore } from '../../src/adapters/sqlite/sqlite-incident-store.js';
import { SqliteNotificationOutbox } from '../../src/adapters/sqlite/sqlite-notification-outbox.js';
import { Casework } from '../../src/app/casework/case-actions.js';
import { loadCase } from '../../src/app/casework/case-file.js';
import { identify } from '../../src/app/identity.js';
import type { ReportAnswers } from '../../src/app/report-flow/index.js';
import { submitReport } from '../../src/app/submit-report.js';
import {
  howToContact,
  planEscalation,
  profileRoles,
  resolveRecipients,
  schoolProfileSchema,
  type Agency,
  type IncidentFacts,
  type SchoolProfile,
} from '../../src/domain/index.js';

export { facts } from '../domain/support/facts.js';

/** a ready profile from profiles/, parsed by the real schema (the checker test proves each is clean) */
export const loadProfile = (file: string): SchoolProfile =>
  schoolProfileSchema.parse(parse(readFileSync(new URL(`../../profiles/${file}`, import.meta.url), 'utf8')));

/** what a seed's procedure decides, as a reader of the policy would check it: names, not ids */
export interface Routed {
  /** each person told, "<name> as <role>" (with "for <role>" when standing in), most urgent first */
  told: string[];
  /** who approves, by name */
  approvers: string[];
  /** each referral "<agency> (<now|consider>): <how the school reaches it>" */
  referrals: string[];
}

export function route(profile: SchoolProfile, f: IncidentFacts): Routed {
  const plan = planEscalation(f, profileRoles(profile));
  const resolved = resolveRecipients(plan, profile);
  if (!resolved.ok) throw new Error(resolved.error.problems.join('; '));
  const { recipients, approvers } = resolved.value;
  return {
    told: recipients.map((r) => `${r.person.displayName} as ${r.role}${r.standingInFor ? ` for ${r.standingInFor}` : ''}`),
    approvers: approvers.map((p) => p.displayName),
    referrals: plan.referrals.map((r) => `${r.agency} (${r.when}): ${howToContact(profile, r.agency)}`),
  };
}

export const contact = (profile: SchoolProfile, agency: Agency) => howToContact(profile, agency);

/** a report, decided and then closed by its approver, through the app and the embedded store; what closing queued */
export interface ClosedCase {
  reference: string;
  /** the 'closed' event's data, as the case trail keeps it */
  closed: unknown;
  /** the close's answer when it was refused */
  refused?: string;
  /** the incident-log copies queued, each as "<recipient's name>: <the message's text>" */
  logCopies: string[];
}

export async function reportAndClose(
  profile: SchoolProfile,
  answers: ReportAnswers,
  close: { outcome: string; sanction?: string },
  times = { reported: new Date('2026-11-24T10:00:00Z'), closed: new Date('2026-11-26T15:30:00Z') },
): Promise<ClosedCase> {
  const db = openDatabaseFile(':memory:');
  migrate(db);
  try {
    const store = new SqliteIncidentStore(db);
    let clock = times.reported;
    const record = await submitReport({
      store,
      profile,
      draft: {
        flowId: 'acceptance-flow',
        step: 'review',
        startedAt: clock.toISOString(),
        answers: { date: '2026-11-23', description: 'What the reporter saw', childNames: 'A named pupil', ...answers },
      },
      reporter: { aadObjectId: 'c0000000-0000-4000-8000-0000000000aa', displayName: 'A member of staff', kind: 'staff' },
      now: clock,
    });
    const casework = new Casework({ store, profile, now: () => clock });
    const opened = (await loadCase(store, record.id))!;
    const resolved = resolveRecipients(opened.plan, profile);
    const who = (resolved.ok ? resolved.value.approvers : resolved.error.partial.approvers)[0]!;
    const actor = { who: identify(profile, who.aadObjectId), displayName: who.displayName };
    expect((await casework.approve(record.id, actor)).ok).toBe(true);
    clock = times.closed;
    const result = await casework.close(record.id, actor, { formId: 'close-form', ...close });
    const events = await store.events(record.id);
    const file = (await loadCase(store, record.id))!;
    const compose = caseMessages(profile, () => clock);
    const due = await new SqliteNotificationOutbox(db).claimDue(new Date(clock.getTime() + 60_000), 100, 60_000);
    const name = (id?: string) =>
      Object.values(profile.roles)
        .flat()
        .find((p) => p.aadObjectId === id)?.displayName ?? id;
    return {
      reference: record.reference,
      closed: events.find((e) => e.type === 'closed')?.data,
      ...(result.ok ? {} : { refused: result.message }),
      logCopies: due
        .filter((n) => n.kind === 'incident-log')
        .map((n) => {
          const composed = compose(n, file);
          return `${name(n.recipient)}: ${'message' in composed ? composed.message.text : `(cancelled: ${composed.cancel})`}`;
        }),
    };
  } finally {
    db.close();
  }
}
