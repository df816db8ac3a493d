// the safeguarding team's actions on a case. every action re-reads the case, checks on the server
// that the clicker may take it (the profile's roles, never the card), writes one event to the
// append-only trail with the outbox items it causes, and is safe to repeat: a double click, a
// re-delivered invoke or two DSLs at once give one decision, and the later click is told who decided.
import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import {
  AGENCIES,
  ROLES,
  SANCTION_CATEGORIES,
  findSanction,
  sanctionChoices,
  transition,
  type Agency,
  type IncidentCommand,
  type Role,
  type SanctionCategory,
  type SanctionSubject,
  type SchoolProfile,
} from '../../domain/index.js';
import { ConcurrencyError, type IncidentStore, type Json, type NewIncidentEvent } from '../../ports/incident-store.js';
import type { OutboxItem } from '../../ports/notification-outbox.js';
import type { Identity } from '../identity.js';
import { whenShort } from './build-views.js';
import { barredPeople, caseTeam, lifecycleOf, loadCase, type CaseFile } from './case-file.js';
import { refreshChannel, routeRecipients } from './case-outbox.js';
import { incidentLogCopies } from './incident-log.js';
import { CASE_TEXT_LIMITS, type CaseTextField, type FormErrors, type FormValues } from './case-views.js';

export interface CaseActor {
  who: Identity;
  displayName: string;
}

export type CaseResult =
  | { ok: true; file: CaseFile; notice: string }
  | { ok: false; reason: 'not-found' | 'not-permitted'; message: string; file?: CaseFile }
  /** the case moved on (someone else decided, or it was closed): nothing changed */
  | { ok: false; reason: 'not-now'; message: string; file: CaseFile }
  | { ok: false; reason: 'invalid'; message: string; file: CaseFile; errors: FormErrors; values: FormValues };

export const NO_PERMISSION = "You don't have permission to do that.";

/** a sanction the school's list does not hold (the list changed since the form was opened, or the card was altered) */
export const NOT_ON_THE_LIST =
  "That sanction is not on the school's list, which may have changed since this form was opened. Choose one from the list. Nothing was saved.";
const hasOwnSanctions = (profile: SchoolProfile): boolean => sanctionChoices(profile.sanctions).some((c) => c.words !== undefined);

/** the sanction categories the close form records, as the policy's plan names them (subject-category) */
export const CLOSE_SANCTIONS = SANCTION_CATEGORIES satisfies readonly `${SanctionSubject}-${SanctionCategory}`[];
export type CloseSanction = (typeof CLOSE_SANCTIONS)[number];

// ---- the typed fields: no longer than the card's maxLength (CASE_TEXT_LIMITS), checked here because a
// client, an old card or a crafted invoke need not honour maxLength. too long: the form comes back with
// the kind words at the field and nothing is written.

const count = (n: number) => n.toLocaleString('en-GB');

/** the words at a field that is too long */
export const tooLongMessage = (limit: number, length: number): string =>
  `Please keep this to ${count(limit)} characters or fewer (it has ${count(length)}). Nothing was saved.`;

const typedField = (field: CaseTextField) =>
  z
    .string()
    .trim()
    .max(CASE_TEXT_LIMITS[field], {
      error: (issue) => tooLongMessage(CASE_TEXT_LIMITS[field], typeof issue.input === 'string' ? issue.input.length : 0),
    })
    .optional();

/** each form's typed fields, as the server takes them */
export const CASE_FORM_TEXT = {
  route: z.object({ reason: typedField('reason') }),
  ask: z.object({ question: typedField('question') }),
  answer: z.object({ answer: typedField('answer') }),
  referral: z.object({ madeBy: typedField('madeBy'), reference: typedField('reference') }),
  close: z.object({ outcome: typedField('outcome'), support: typedField('support') }),
} as const;

/** the fields of a form that are too long, each with its message; {} when all fit */
function tooLong(schema: z.ZodType, input: object): FormErrors {
  const result = schema.safeParse(input);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
}

/** what goes back into the form: never more than the field takes, so the card stays small */
const clip = (field: CaseTextField, value: string | undefined): string => (value ?? '').slice(0, CASE_TEXT_LIMITS[field]);

const ATTEMPTS = 3;

export class Casework {
  constructor(private readonly deps: { store: IncidentStore; profile: SchoolProfile; now: () => Date }) {}

  /** a member of this case's team, not implicated in it; anyone else is refused before anything is read out */
  async open(caseId: string, actor: CaseActor): Promise<CaseResult> {
    const file = await loadCase(this.deps.store, caseId);
    if (!file) return { ok: false, reason: 'not-found', message: 'This case could not be found. Nothing was changed.' };
    if (!this.mayOpen(file, actor)) return { ok: false, reason: 'not-permitted', message: NO_PERMISSION };
    return { ok: true, file, notice: '' };
  }

  mayOpen(file: CaseFile, actor: CaseActor): boolean {
    const id = actor.who.aadObjectId;
    return (
      actor.who.kind === 'staff' &&
      !barredPeople(file, this.deps.profile).has(id) &&
      caseTeam(file, this.deps.profile).some((p) => p.aadObjectId === id)
    );
  }

  /**
   * the whole record, for the team only: shown in place in a 1:1 chat, or sent to the clicker's own
   * chat when they pressed it in the channel (where everyone would see it). each look is recorded.
   */
  async openDetails(
    caseId: string,
    actor: CaseActor,
    where: 'here' | 'chat',
  ): Promise<{ ok: true; file: CaseFile; card: 'here' | 'chat' } | Extract<CaseResult, { ok: false }>> {
    const opened = await this.open(caseId, actor);
    if (!opened.ok) return opened;
    const at = this.deps.now();
    const viewId = `${actor.who.aadObjectId}:${at.getTime()}`;
    await this.deps.store.appendEvent(
      caseId,
      {
        type: 'details-opened',
        at: at.toISOString(),
        actor: { aadObjectId: actor.who.aadObjectId, displayName: actor.displayName },
        data: { where },
      },
      where === 'chat'
        ? { outbox: [{ key: `details:${viewId}`, kind: 'case-details', recipient: actor.who.aadObjectId, notBefore: at.toISOString() }] }
        : {},
    );
    return { ok: true, file: opened.file, card: where };
  }

  /** the first deliberate look by the team stops the 15-minute alert */
  async acknowledge(caseId: string, actor: CaseActor): Promise<CaseResult> {
    return this.act(caseId, actor, { type: 'acknowledge' }, '', (file): Change => {
      if (file.acknowledged || file.decision || file.closed) return { skip: `Acknowledged by ${file.acknowledged?.by ?? 'the team'}.` };
      const notice = file.state === 'awaiting-approval' ? 'Acknowledged. Now decide the route.' : 'Acknowledged.';
      return { event: { type: 'acknowledged' }, outbox: refreshChannel(file, 'acknowledged', this.deps.now()), notice };
    });
  }

  /** approve the engine's route as it stands, or a changed one with its reason */
  async approve(caseId: string, actor: CaseActor, input: { route?: string; reason?: string } = {}): Promise<CaseResult> {
    const reason = input.reason?.trim() ?? '';
    const errorsOfText = tooLong(CASE_FORM_TEXT.route, input);
    // the engine's route, unless the approver chose another; whether it changed is read from the case
    const routeOf = (file: CaseFile) => (input.route === undefined ? file.plan.notify : parseRoute(input.route));
    const command = (file: CaseFile): IncidentCommand => ({ type: 'approve', routeChanged: !sameRoles(routeOf(file), file.plan.notify) });
    return this.act(caseId, actor, command, reason, (file): Change => {
      const route = routeOf(file);
      const routeChanged = !sameRoles(route, file.plan.notify);
      const values = { route: route.join(','), reason: clip('reason', reason) };
      const errors: FormErrors = { ...errorsOfText };
      if (route.length === 0) errors.route = 'Choose at least one person to receive the case.';
      else if (route.some((r) => file.plan.exclude.includes(r)))
        errors.route = 'Someone in that role is implicated in this case and cannot receive it.';
      if (routeChanged && !reason) errors.reason = 'Say why the route differs from the one proposed: the record needs the reason.';
      if (Object.keys(errors).length > 0) return { invalid: errors, values };
      const at = this.deps.now();
      const outbox: OutboxItem[] = [
        ...refreshChannel(file, 'approved', at),
        ...routeRecipients(file, route, this.deps.profile).map((r) => ({
          key: `routed:${r.person.aadObjectId}`,
          kind: 'routed' as const,
          recipient: r.person.aadObjectId,
          notBefore: at.toISOString(),
          data: { role: r.role, stage: 'decided' },
        })),
        {
          key: 'reporter-update:approved',
          kind: 'reporter-update',
          recipient: file.record.reportedBy.aadObjectId,
          notBefore: at.toISOString(),
          data: { state: 'escalated' },
        },
      ];
      return {
        event: { type: 'approved', ...(reason ? { reason } : {}), data: { route, engineRoute: file.plan.notify, routeChanged } },
        patch: { status: 'escalated' },
        outbox,
        notice: 'Approved. The people on the route are being told, and the reporter sees the new status.',
      };
    });
  }

  /** the question goes to the reporter 1:1; formId makes a repeated submit send it once */
  async askReporter(caseId: string, actor: CaseActor, input: { question?: string; formId: string }): Promise<CaseResult> {
    const question = input.question?.trim() ?? '';
    return this.act(caseId, actor, { type: 'request-more-information' }, question || '-', (file): Change => {
      if (file.record.reportedBy.kind === 'pupil') {
        return { skip: 'This report came from a pupil: talk to the pupil in person rather than through the bot.' };
      }
      if (
        file.events.some(
          (e) => e.type === 'more-information-requested' && (e.data as { requestId?: string } | undefined)?.requestId === input.formId,
        )
      ) {
        return { skip: 'Your question was sent to the reporter.' };
      }
      if (!question) return { invalid: { question: 'Type the question for the reporter.' }, values: {} };
      const errors = tooLong(CASE_FORM_TEXT.ask, input);
      if (Object.keys(errors).length > 0) return { invalid: errors, values: { question: clip('question', question) } };
      const at = this.deps.now();
      return {
        event: { type: 'more-information-requested', reason: question, data: { requestId: input.formId } },
        outbox: [
          ...refreshChannel(file, `asked:${input.formId}`, at),
          {
            key: `reporter-question:${input.formId}`,
            kind: 'reporter-question',
            recipient: file.record.reportedBy.aadObjectId,
            notBefore: at.toISOString(),
            data: { requestId: input.formId },
          },
        ],
        notice: 'Your question was sent to the reporter. Their answer will be added to the record.',
      };
    });
  }

  /** the reporter's answer; only the reporter may give it, once per question */
  async answer(caseId: string, actor: CaseActor, input: { requestId: string; answer?: string }): Promise<CaseResult> {
    const file = await loadCase(this.deps.store, caseId);
    if (!file || file.record.reportedBy.aadObjectId !== actor.who.aadObjectId) {
      return { ok: false, reason: file ? 'not-permitted' : 'not-found', message: file ? NO_PERMISSION : 'This report could not be found.' };
    }
    const asked = file.events.find(
      (e) => e.type === 'more-information-requested' && (e.data as { requestId?: string } | undefined)?.requestId === input.requestId,
    );
    if (!asked) return { ok: false, reason: 'not-found', message: 'This question could not be found.' };
    if (!file.openQuestions.has(input.requestId)) return { ok: true, file, notice: 'Your answer was already added.' };
    if (file.state === 'closed')
      return {
        ok: false,
        reason: 'not-now',
        file,
        message: 'This report is closed, so the answer could not be added. Tell the designated safeguarding lead in person.',
      };
    const answer = input.answer?.trim() ?? '';
    if (!answer)
      return { ok: false, reason: 'invalid', file, message: 'Type your answer.', errors: { answer: 'Type your answer.' }, values: {} };
    const errors = tooLong(CASE_FORM_TEXT.answer, input);
    if (Object.keys(errors).length > 0)
      return {
        ok: false,
        reason: 'invalid',
        file,
        message: Object.values(errors).join(' '),
        errors,
        values: { answer: clip('answer', answer) },
      };
    const at = this.deps.now();
    const asker = 'aadObjectId' in asked.actor ? asked.actor.aadObjectId : undefined;
    await this.deps.store.appendEvent(
      caseId,
      {
        type: 'information-provided',
        at: at.toISOString(),
        actor: { aadObjectId: actor.who.aadObjectId, displayName: actor.displayName },
        data: { requestId: input.requestId, answer },
      },
      {
        outbox: [
          ...refreshChannel(file, `answered:${input.requestId}`, at),
          ...(asker
            ? [
                {
                  key: `answer-received:${input.requestId}`,
                  kind: 'answer-received' as const,
                  recipient: asker,
                  notBefore: at.toISOString(),
                  data: { requestId: input.requestId },
                },
              ]
            : []),
        ],
      },
    );
    return { ok: true, file: (await loadCase(this.deps.store, caseId))!, notice: 'Thank you. Your answer was added to the report.' };
  }

  async recordReferral(
    caseId: string,
    actor: CaseActor,
    input: { formId: string; agency?: string; date?: string; time?: string; madeBy?: string; reference?: string },
  ): Promise<CaseResult> {
    const agency = input.agency as Agency;
    return this.act(caseId, actor, { type: 'record-referral', agency }, 'referral', (file): Change => {
      if (file.events.some((e) => e.type === 'referral-recorded' && (e.data as { formId?: string } | undefined)?.formId === input.formId)) {
        return { skip: 'The referral was recorded.' };
      }
      const known = (AGENCIES as readonly string[]).includes(input.agency ?? '');
      // what goes back into the form: a choice, a date and a time as given only when they are one
      const values = {
        agency: known ? input.agency! : '',
        date: /^\d{4}-\d{2}-\d{2}$/.test(input.date ?? '') ? input.date! : '',
        time: /^\d{2}:\d{2}$/.test(input.time ?? '') ? input.time! : '',
        madeBy: clip('madeBy', input.madeBy),
        reference: clip('reference', input.reference),
      };
      const errors: FormErrors = tooLong(CASE_FORM_TEXT.referral, input);
      if (!known) errors.agency = 'Choose the agency.';
      const madeAt = parseLondon(input.date, input.time);
      if (!madeAt) errors.date = 'Give the date (and time) the referral was made.';
      else if (madeAt > this.deps.now()) errors.date = 'The referral cannot be in the future.';
      if (!input.madeBy?.trim()) errors.madeBy = 'Say who made the referral.';
      if (Object.keys(errors).length > 0) return { invalid: errors, values };
      return {
        event: {
          type: 'referral-recorded',
          data: {
            formId: input.formId,
            agency,
            madeAt: madeAt!.toISOString(),
            madeBy: input.madeBy!.trim(),
            reference: input.reference?.trim() ?? '',
          },
        },
        outbox: refreshChannel(file, `referral:${input.formId}`, this.deps.now()),
        notice: 'Referral recorded.',
      };
    });
  }

  async close(
    caseId: string,
    actor: CaseActor,
    input: { formId: string; outcome?: string; parentsInformed?: string; sanction?: string; support?: string; policyReview?: string },
  ): Promise<CaseResult> {
    const outcome = input.outcome?.trim() ?? '';
    return this.act(caseId, actor, { type: 'close' }, outcome || '-', (file): Change => {
      const sanction = input.sanction || 'none';
      // only a sanction on the school's list as it is now: a card opened before the list changed, or a crafted one, is refused
      const chosen = sanction === 'none' ? undefined : findSanction(this.deps.profile.sanctions, sanction);
      const knownSanction = sanction === 'none' || chosen !== undefined;
      const values = {
        outcome: clip('outcome', outcome),
        parentsInformed: input.parentsInformed === 'true' ? 'true' : 'false',
        sanction: knownSanction ? sanction : 'none',
        support: clip('support', input.support),
        policyReview: input.policyReview === 'true' ? 'true' : 'false',
      };
      const errors: FormErrors = tooLong(CASE_FORM_TEXT.close, input);
      if (!outcome) errors.outcome = 'Record the outcome: the record needs it.';
      if (!knownSanction) errors.sanction = hasOwnSanctions(this.deps.profile) ? NOT_ON_THE_LIST : 'Choose a sanction from the list.';
      if (Object.keys(errors).length > 0) return { invalid: errors, values };
      const at = this.deps.now();
      return {
        event: {
          type: 'closed',
          reason: outcome,
          data: {
            formId: input.formId,
            parentsInformed: input.parentsInformed === 'true',
            // the category, as the digest counts it; the school's words beside it when it has its own list
            sanction: chosen ? chosen.category : null,
            ...(chosen?.words ? { sanctionWords: chosen.words } : {}),
            support: input.support?.trim() ?? '',
            policyReviewNeeded: input.policyReview === 'true',
          },
        },
        patch: { status: 'closed' },
        outbox: [
          ...refreshChannel(file, 'closed', at),
          {
            key: 'reporter-update:closed',
            kind: 'reporter-update',
            recipient: file.record.reportedBy.aadObjectId,
            notBefore: at.toISOString(),
            data: { state: 'closed' },
          },
          ...incidentLogCopies(file, this.deps.profile, at),
        ],
        notice: 'Case closed.',
      };
    });
  }

  /**
   * the common path: load, check the team and the lifecycle, build the change, write it at the
   * version read; a concurrent change means reading again and deciding again
   */
  private async act(
    caseId: string,
    actor: CaseActor,
    commandFor: IncidentCommand | ((file: CaseFile) => IncidentCommand),
    reason: string,
    build: (file: CaseFile) => Change,
  ): Promise<CaseResult> {
    for (let attempt = 1; ; attempt++) {
      const opened = await this.open(caseId, actor);
      if (!opened.ok) return opened;
      const file = opened.file;
      const command = typeof commandFor === 'function' ? commandFor(file) : commandFor;
      const allowed = transition(
        lifecycleOf(file, this.deps.profile),
        command,
        { id: actor.who.aadObjectId, roles: actor.who.roles },
        this.deps.now(),
        reason,
      );
      if (!allowed.ok) {
        if (allowed.error.code === 'not-allowed-in-state' || allowed.error.code === 'no-information-requested') {
          return { ok: false, reason: 'not-now', file, message: movedOn(file) };
        }
        // two servers whose clocks disagree by a moment: not a matter of permission
        if (allowed.error.code === 'out-of-order' || allowed.error.code === 'invalid-time') {
          return { ok: false, reason: 'not-now', file, message: 'The case changed a moment ago. Nothing was changed: please try again.' };
        }
        if (allowed.error.code !== 'reason-required') return { ok: false, reason: 'not-permitted', message: NO_PERMISSION, file };
      }
      const change = build(file);
      if ('skip' in change) return { ok: true, file, notice: change.skip };
      if ('invalid' in change)
        return {
          ok: false,
          reason: 'invalid',
          file,
          message: Object.values(change.invalid).join(' '),
          errors: change.invalid,
          values: change.values,
        };
      const event: NewIncidentEvent = {
        type: change.event.type,
        at: this.deps.now().toISOString(),
        actor: { aadObjectId: actor.who.aadObjectId, displayName: actor.displayName },
        ...(change.event.reason ? { reason: change.event.reason } : {}),
        ...(change.event.data ? { data: change.event.data } : {}),
      };
      try {
        if (change.patch) await this.deps.store.update(caseId, file.record.version, change.patch, event, { outbox: change.outbox });
        else await this.deps.store.appendEvent(caseId, event, { outbox: change.outbox });
        return { ok: true, file: (await loadCase(this.deps.store, caseId))!, notice: change.notice };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= ATTEMPTS) throw error;
      }
    }
  }
}

type Change =
  | { skip: string }
  | { invalid: FormErrors; values: FormValues }
  | {
      event: { type: string; reason?: string; data?: Record<string, Json> };
      patch?: { status: string };
      outbox: OutboxItem[];
      notice: string;
    };

/** what the later of two clicks is told */
function movedOn(file: CaseFile): string {
  if (file.closed) return `This case was closed by ${file.closed.by} (${whenShort(file.closed.at)}). Nothing was changed.`;
  if (file.decision) return `${file.decision.by} already approved this case (${whenShort(file.decision.at)}). Nothing was changed.`;
  return 'This case has moved on since the card was shown. Nothing was changed.';
}

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
export const parseRoute = (value: string): Role[] => [
  ...new Set(
    value
      .split(',')
      .map((r) => r.trim())
      .filter(isRole),
  ),
];
const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));

/** "2026-11-24" and "09:30" in London time; the time defaults to noon when not given */
function parseLondon(date?: string, time?: string): Date | undefined {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const hhmm = time && /^\d{2}:\d{2}$/.test(time) ? time : '12:00';
  const parsed = londonInstant(date, hhmm);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

function londonInstant(date: string, hhmm: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = hhmm.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, h, min, 'Europe/London').getTime());
}
