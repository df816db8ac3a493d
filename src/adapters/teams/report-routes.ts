import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  INCIDENT_TYPE_INFO,
  ROLE_INFO,
  SEVERITY_INFO,
  londonDate,
  resolveRecipients,
  type IncidentType,
  type Severity,
} from '../../domain/index.js';
import { holdersOf, schoolPeople, type Identity } from '../../app/identity.js';
import {
  askToCancel,
  keepGoing,
  newDraft,
  nextStep,
  planFor,
  previousStep,
  LIMITS,
  reviewOf,
  type FieldErrors,
  type ReportDraft,
} from '../../app/report-flow/index.js';
import { submitReport } from '../../app/submit-report.js';
import { raiseDangerAlert } from '../../app/raise-danger-alert.js';
import { ENTITLED_TO_DETAILS, reporterStateWords } from '../../app/casework/build-views.js';
import { planOf, readCase } from '../../app/casework/case-file.js';
import type { IncidentRecord } from '../../ports/incident-store.js';
import type { AdaptiveCard } from './cards/card.js';
import { cardRoute, type CardRoute, type Turn } from './turn.js';
import type { ReportDrafts } from '../../app/report-flow/draft-store.js';
import {
  VERB_REPORT_BACK,
  VERB_REPORT_CANCEL,
  VERB_REPORT_CANCEL_NO,
  VERB_REPORT_CANCEL_YES,
  VERB_REPORT_NEXT,
  VERB_REPORT_REFRESH,
  VERB_REPORT_SUBMIT,
  reportStepCard,
  type SafetyContacts,
} from './cards/report-cards.js';
import { cancelledCard, staleCard, statusCard, submittedCard } from './cards/report-result-cards.js';
import type { RouteDeps } from './route-deps.js';

export interface ReportRouteDeps extends RouteDeps {
  /** the draft lives in the 1:1 conversation's state (SQLite), so it survives a restart; card data carries its flowId only */
  drafts: ReportDrafts;
}

// what every report card sends besides the step's answers (which the report flow parses itself)
const onFlow = z.looseObject({ flowId: z.string().optional(), step: z.string().optional() });
type FlowInput = z.infer<typeof onFlow>;

const isIncidentTypeId = (t: unknown): t is IncidentType => typeof t === 'string' && Object.hasOwn(INCIDENT_TYPE_INFO, t);

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });

export interface ReportFlow {
  /** `report` typed or the welcome card's button: the current draft's step, or a new draft (with the words someone typed as its description) */
  start(turn: Turn, prefill?: { description?: string }): Promise<AdaptiveCard>;
  /** `status`: the person's own reports, newest first */
  status(who: Identity): Promise<AdaptiveCard>;
}

export function reportRoutes(deps: ReportRouteDeps): ReportFlow & { routes: CardRoute[] } {
  const { profile, store, logger, drafts } = deps;
  const routes: CardRoute[] = [];
  const newId = deps.newId ?? randomUUID;
  const contact = (role: 'dsl' | 'deputy-dsl') =>
    holdersOf(profile, role).map((p) => ({ name: p.displayName, ...(p.phone ? { phone: p.phone } : {}) }));
  const safety: SafetyContacts = {
    dsl: contact('dsl'),
    deputies: contact('deputy-dsl'),
    ...(profile.school.phone ? { schoolPhone: profile.school.phone } : {}),
  };
  // "who is it about?": the school's adults with what they are, and the ids the answer is checked against
  const adults = schoolPeople(profile);
  const people = adults.map((p) => {
    const what = [
      ...p.roles.map((r) => ROLE_INFO[r].label),
      ...(p.isGovernor && !p.roles.includes('chair-of-governors') ? ['Governor'] : []),
    ];
    return { title: what.length > 0 ? `${p.displayName} (${what.join(', ')})` : p.displayName, value: p.aadObjectId };
  });
  const nameable: ReadonlySet<string> = new Set(adults.map((p) => p.aadObjectId));

  /** who the early danger alert went to, by name (for the safety card) */
  const alertedNames = async (draft: ReportDraft): Promise<string[]> => {
    if (draft.step !== 'safety' || !draft.answers.alertCaseId) return [];
    const record = await store.get(draft.answers.alertCaseId);
    if (!record) return [];
    const resolved = resolveRecipients(planOf(record), profile);
    const recipients = resolved.ok ? resolved.value.recipients : resolved.error.partial.recipients;
    return recipients
      .filter((r) => ENTITLED_TO_DETAILS.includes(r.role))
      .map((r) => `${r.person.displayName} (${ROLE_INFO[r.role].label})`);
  };

  const render = async (
    turn: Turn,
    draft: ReportDraft,
    extra: { errors?: FieldErrors; values?: Record<string, string>; notice?: string } = {},
  ): Promise<AdaptiveCard> =>
    reportStepCard(
      {
        draft,
        safety,
        ...(draft.step === 'about' || draft.step === 'danger-source' ? { people } : {}),
        ...(draft.step === 'safety' ? { alerted: await alertedNames(draft) } : {}),
        ...(turn.userId ? { userId: turn.userId } : {}),
        ...(draft.step === 'review' && !draft.confirmingCancel
          ? { review: reviewOf(planFor(draft.answers, profile), profile, draft.answers.about) }
          : {}),
        ...extra,
      },
      londonDate(deps.now()),
    );

  const submittedView = (record: IncidentRecord) => {
    const plan = planOf(record);
    const review = reviewOf(plan, profile);
    return submittedCard({
      reference: record.reference,
      severityLabel: review.severityLabel,
      toldPeople: review.toldPeople,
      guidance: review.guidance,
      referrals: review.referrals,
      critical: record.severity === 'critical',
    });
  };

  const start = async (turn: Turn, prefill: { description?: string } = {}): Promise<AdaptiveCard> => {
    const { who } = turn;
    const existing = (await drafts.read(turn.stateKey)).draft;
    if (existing && existing.reporter === who.aadObjectId) {
      // words typed to the bot join a report already under way only where it has none yet
      if (prefill.description && !existing.answers.description) {
        const withWords = { ...existing, answers: { ...existing.answers, description: prefill.description.slice(0, LIMITS.description) } };
        await drafts.save(turn.stateKey, withWords);
        return render(turn, withWords, {
          notice: 'You already had a report under way: here it is, with what you typed as its description.',
        });
      }
      return render(turn, existing);
    }
    const fresh = newDraft(newId(), deps.now(), who.aadObjectId);
    const draft = prefill.description ? { ...fresh, answers: { description: prefill.description.slice(0, LIMITS.description) } } : fresh;
    await drafts.save(turn.stateKey, draft);
    logger.info({ event: 'report-started' }, 'report started');
    return render(turn, draft);
  };

  const status = async (who: Identity): Promise<AdaptiveCard> => {
    const mine = await store.listByReporter(who.aadObjectId, 20);
    const events = await Promise.all(mine.map((r) => store.events(r.id)));
    return statusCard(
      mine.map((r, i) => {
        const types = ((r.facts as { types?: unknown[] } | null)?.types ?? []).filter(isIncidentTypeId);
        return {
          reference: r.reference,
          date: DAY.format(new Date(r.reportedAt)),
          types: types.map((t) => INCIDENT_TYPE_INFO[t].label).join(', ') || 'Not recorded',
          severity: SEVERITY_INFO[r.severity as Severity]?.label ?? r.severity,
          // the case's real state: acknowledged, asked, decided (events included), never who
          state: reporterStateWords(readCase(r, events[i] ?? [])),
        };
      }),
    );
  };

  type Handler = (turn: Turn, draft: ReportDraft, data: FlowInput) => Promise<AdaptiveCard>;

  /** a report verb: re-reads the draft and checks the clicker before any change, so an old card changes nothing */
  const onDraft = (verb: string, handler: Handler) =>
    routes.push(
      cardRoute(verb, onFlow, async (turn, input) => {
        const { who } = turn;
        const { flowId } = input;
        const { draft, lastSubmitted: last } = await drafts.read(turn.stateKey);
        if (who.kind !== 'staff' || !draft || !flowId || draft.flowId !== flowId || draft.reporter !== who.aadObjectId) {
          if (flowId && last?.flowId === flowId) {
            const record = await store.get(last.incidentId);
            if (record && record.reportedBy.aadObjectId === who.aadObjectId) return submittedView(record);
          }
          logger.info({ event: 'report-stale-action' }, 'action on a closed report');
          return staleCard();
        }
        // a click from a card that is not the current step changes nothing: the current card is shown again
        const current = draft.confirmingCancel ? 'cancel' : draft.step;
        if (input.step !== undefined && input.step !== current) {
          logger.info({ event: 'report-old-card' }, 'a click on an older card of a report');
          return render(turn, draft, { notice: 'That was an older card, so nothing was changed. Your report is here now.' });
        }
        return handler(turn, draft, input);
      }),
    );

  onDraft(VERB_REPORT_REFRESH, async (turn, draft) => render(turn, draft));

  const reporterOf = (turn: Turn) => ({
    aadObjectId: turn.who.aadObjectId,
    displayName: turn.teamsName ?? 'Unknown',
    kind: 'staff' as const,
  });

  onDraft(VERB_REPORT_NEXT, async (turn, draft, data) => {
    const result = nextStep(draft, data, deps.now(), nameable);
    if (!result.ok) return render(turn, draft, { errors: result.errors, values: result.values });
    let next = result.draft;
    // a child in danger now, or a meeting arranged with a groomer: the leads are alerted now, before the rest of the form
    const reason =
      draft.step === 'danger-source'
        ? ('danger-now' as const)
        : next.answers.meetingArranged === 'yes' && planFor(next.answers, profile).severity === 'critical'
          ? ('meeting-arranged' as const)
          : undefined;
    if (reason && !next.answers.alertCaseId) {
      const alert = await raiseDangerAlert({ store, profile, draft: next, reporter: reporterOf(turn), now: deps.now() }, reason);
      logger.info(
        { event: 'danger-alert', reason, reference: alert.reference },
        'a child is in danger: the leads are alerted before the report is finished',
      );
      // the alert leaves before this answer does (capped, so a slow Teams never holds the reporter up long)
      if (deps.deliverNow) await deps.deliverNow();
      else deps.delivered();
      next = { ...next, answers: { ...next.answers, alertCaseId: alert.id } };
    }
    await drafts.save(turn.stateKey, next);
    return render(turn, next);
  });

  // the moves that only change where the draft stands: save it and show the step it is now at
  const moves: [verb: string, move: (draft: ReportDraft) => ReportDraft][] = [
    [VERB_REPORT_BACK, previousStep],
    [VERB_REPORT_CANCEL, askToCancel],
    [VERB_REPORT_CANCEL_NO, keepGoing],
  ];
  for (const [verb, move] of moves) {
    onDraft(verb, async (turn, draft) => {
      const moved = move(draft);
      await drafts.save(turn.stateKey, moved);
      return render(turn, moved);
    });
  }

  onDraft(VERB_REPORT_CANCEL_YES, async (turn) => {
    await drafts.save(turn.stateKey, undefined);
    logger.info({ event: 'report-discarded' }, 'report discarded');
    return cancelledCard();
  });

  onDraft(VERB_REPORT_SUBMIT, async (turn, draft) => {
    if (draft.step !== 'review') return render(turn, draft);
    const record = await submitReport({
      store,
      profile,
      draft,
      reporter: reporterOf(turn),
      now: deps.now(),
    });
    deps.delivered();
    await drafts.save(turn.stateKey, undefined, { flowId: draft.flowId, incidentId: record.id });
    logger.info({ event: 'report-submitted', reference: record.reference, severity: record.severity }, 'report submitted');
    return submittedView(record);
  });

  return { start, status, routes };
}
