// the card verbs of a case: the safeguarding team's in the channel or 1:1, and the reporter's answer.
// every handler goes through Casework, which re-reads the case and checks the clicker's roles.
import { randomUUID } from 'node:crypto';
import { format } from 'date-fns';
import { tz } from '@date-fns/tz';
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { AGENCIES, AGENCY_INFO, londonDate } from '../../domain/index.js';
import { identify, personById, type Identity } from '../../app/identity.js';
import { CLOSE_SANCTIONS, Casework, type CaseActor, type CaseResult, type CloseSanction } from '../../app/casework/case-actions.js';
import { barredPeople, routeOf, type CaseFile } from '../../app/casework/case-file.js';
import { detailsView, routeChoices, summaryView } from '../../app/casework/build-views.js';
import { listOpenCases } from '../../app/casework/list-cases.js';
import type { AdaptiveCard } from './cards/card.js';
import { openCasesCard } from './cards/case-list-cards.js';
import { onCardAction } from './card-actions.js';
import {
  VERB_CASE_ACKNOWLEDGE,
  VERB_CASE_ANSWER_SUBMIT,
  VERB_CASE_APPROVE,
  VERB_CASE_ASK,
  VERB_CASE_ASK_SUBMIT,
  VERB_CASE_CLOSE,
  VERB_CASE_CLOSE_SUBMIT,
  VERB_CASE_DETAILS,
  VERB_CASE_OPEN,
  VERB_CASE_REFERRAL,
  VERB_CASE_REFERRAL_SUBMIT,
  VERB_CASE_ROUTE,
  VERB_CASE_ROUTE_SUBMIT,
  caseActionsCard,
  caseDetailsCard,
  caseNotFoundCard,
  noPermissionCard,
} from './cards/case-cards.js';
import {
  answerThanksCard,
  askReporterCard,
  changeRouteCard,
  closeCaseCard,
  referralCard,
  reporterQuestionCard,
} from './cards/case-form-cards.js';
import type { RouteDeps } from './route-deps.js';

export type CaseRouteDeps = RouteDeps;

type Input = Record<string, unknown>;
const str = (input: Input, key: string): string | undefined => (typeof input[key] === 'string' ? input[key] : undefined);
/** a form's id as our cards send it (a uuid); anything else is not kept, so a made-up one cannot fill the trail */
const formIdOf = (input: Input): string | undefined => {
  const id = str(input, 'formId');
  return id !== undefined && /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : undefined;
};
const london = tz('Europe/London');

export function registerCaseRoutes(app: Application<TurnState>, deps: CaseRouteDeps): Casework {
  const { profile, logger } = deps;
  const casework = new Casework(deps);
  const newId = deps.newId ?? randomUUID;

  const actorOf = (context: TurnContext): CaseActor => {
    const who = identify(profile, context.activity.from?.aadObjectId, deps.groups);
    const known = personById(profile, who.aadObjectId);
    return {
      who,
      displayName: known?.displayName ?? context.activity.from?.name ?? 'Unknown',
      ...(context.activity.serviceUrl ? { serviceUrl: context.activity.serviceUrl } : {}),
    };
  };
  const view = (file: CaseFile) => summaryView(file, profile, deps.now());

  /** the card for a refusal: the read-only status for the channel's readers, nothing at all for the implicated */
  const refused = (result: Extract<CaseResult, { ok: false }>, actor: CaseActor, verb: string): AdaptiveCard => {
    logger.info({ event: 'case-action-refused', verb, reason: result.reason }, 'case action refused');
    if (result.reason === 'not-found') return caseNotFoundCard();
    if (result.reason === 'not-now') return caseActionsCard(view(result.file), result.message);
    const barred = result.file ? barredPeople(result.file, profile).has(actor.who.aadObjectId) : true;
    return noPermissionCard(result.file && !barred && actor.who.kind === 'staff' ? view(result.file) : undefined);
  };

  /** a handler for the team: runs `then` only when the clicker may open the case */
  const forTeam = (verb: string, then: (file: CaseFile, actor: CaseActor, input: Input, context: TurnContext) => Promise<AdaptiveCard>) => {
    onCardAction(app, verb, async (context, _state, data) => {
      const input = (data && typeof data === 'object' ? data : {}) as Input;
      const actor = actorOf(context);
      const caseId = str(input, 'caseId');
      if (!caseId) return caseNotFoundCard();
      const opened = await casework.open(caseId, actor);
      if (!opened.ok) return refused(opened, actor, verb);
      return then(opened.file, actor, input, context);
    });
  };

  /** after a change: the actions card with its notice, or the form again with what was wrong */
  const answer = (
    result: CaseResult,
    actor: CaseActor,
    verb: string,
    form?: (file: CaseFile, errors: Record<string, string>, values: Record<string, string>) => AdaptiveCard,
  ): AdaptiveCard => {
    if (result.ok) {
      deps.delivered();
      logger.info({ event: 'case-action', verb, reference: result.file.record.reference }, 'case action recorded');
      return caseActionsCard(view(result.file), result.notice);
    }
    if (result.reason === 'invalid' && form) return form(result.file, result.errors, result.values);
    return refused(result, actor, verb);
  };

  forTeam(VERB_CASE_OPEN, async (file, actor, _input, context) => {
    // Teams refreshes the card by itself when a team member sees it ('automatic'); only a click acknowledges
    const trigger = (context.activity.value as { trigger?: string } | undefined)?.trigger;
    if (trigger === 'automatic' || file.acknowledged || file.state === 'closed') return caseActionsCard(view(file));
    return answer(await casework.acknowledge(file.record.id, actor), actor, VERB_CASE_OPEN);
  });

  // the Acknowledge of a 1:1 alert: the case's actions come in its place, so the decision follows in the chat
  forTeam(VERB_CASE_ACKNOWLEDGE, async (file, actor) =>
    answer(await casework.acknowledge(file.record.id, actor), actor, VERB_CASE_ACKNOWLEDGE),
  );

  forTeam(VERB_CASE_APPROVE, async (file, actor) => answer(await casework.approve(file.record.id, actor), actor, VERB_CASE_APPROVE));

  const routeForm =
    (formId: string) =>
    (file: CaseFile, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
      const chosen = values.route !== undefined ? values.route.split(',') : routeOf(file);
      return changeRouteCard(view(file), routeChoices(file, profile, chosen), formId, errors, values);
    };
  forTeam(VERB_CASE_ROUTE, async (file) => routeForm(newId())(file));
  forTeam(VERB_CASE_ROUTE_SUBMIT, async (file, actor, input) =>
    answer(
      await casework.approve(file.record.id, actor, { route: str(input, 'route') ?? '', reason: str(input, 'reason') ?? '' }),
      actor,
      VERB_CASE_ROUTE_SUBMIT,
      routeForm(formIdOf(input) ?? newId()),
    ),
  );

  forTeam(VERB_CASE_ASK, async (file) => askReporterCard(view(file), newId()));
  forTeam(VERB_CASE_ASK_SUBMIT, async (file, actor, input) => {
    const formId = formIdOf(input) ?? newId();
    const result = await casework.askReporter(file.record.id, actor, { formId, question: str(input, 'question') ?? '' });
    return answer(result, actor, VERB_CASE_ASK_SUBMIT, (f, errors, values) => askReporterCard(view(f), formId, errors, values));
  });

  forTeam(VERB_CASE_DETAILS, async (file, actor, _input, context) => {
    const result = await casework.openDetails(
      file.record.id,
      actor,
      context.activity.conversation?.conversationType === 'personal' ? 'here' : 'chat',
    );
    if (!result.ok) return refused(result, actor, VERB_CASE_DETAILS);
    deps.delivered();
    return result.card === 'here'
      ? detailsCardFor(result.file)
      : caseActionsCard(view(result.file), 'The details are in your chat with the bot (only you can see them there).');
  });
  const detailsCardFor = (file: CaseFile) => caseDetailsCard(detailsView(file, profile, deps.now()));

  const referralForm =
    (formId: string, actor: CaseActor) =>
    (file: CaseFile, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
      const planned = file.plan.referrals.map((r) => r.agency);
      const agencies = [...planned, ...AGENCIES.filter((a) => !planned.includes(a))].map((a) => ({
        value: a,
        title: AGENCY_INFO[a].label,
      }));
      const now = deps.now();
      const defaults = { date: londonDate(now), time: format(now, 'HH:mm', { in: london }), madeBy: actor.displayName };
      return referralCard(view(file), agencies, defaults, formId, errors, values);
    };
  forTeam(VERB_CASE_REFERRAL, async (file, actor) => referralForm(newId(), actor)(file));
  forTeam(VERB_CASE_REFERRAL_SUBMIT, async (file, actor, input) => {
    const formId = formIdOf(input) ?? newId();
    const fields = Object.fromEntries(
      ['agency', 'date', 'time', 'madeBy', 'reference'].map((k) => [k, str(input, k)]).filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    return answer(
      await casework.recordReferral(file.record.id, actor, { formId, ...fields }),
      actor,
      VERB_CASE_REFERRAL_SUBMIT,
      referralForm(formId, actor),
    );
  });

  const SANCTION_TITLES: Record<CloseSanction, string> = {
    'pupil-A': 'Pupil, category A',
    'pupil-B': 'Pupil, category B',
    'pupil-C': 'Pupil, category C',
    'pupil-D': 'Pupil, category D',
    'staff-A': 'Staff, category A (misconduct)',
    'staff-B': 'Staff, category B (gross misconduct)',
  };
  const SANCTIONS = CLOSE_SANCTIONS.map((value) => ({ value, title: SANCTION_TITLES[value] }));
  const closeForm =
    (formId: string) =>
    (file: CaseFile, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
      const proposed = file.plan.sanction ? `${file.plan.sanction.subject}-${file.plan.sanction.category}` : undefined;
      const sanctions = SANCTIONS.map((s) => (s.value === proposed ? { ...s, title: `${s.title} (proposed by the policy)` } : s));
      return closeCaseCard(view(file), sanctions, formId, errors, values);
    };
  forTeam(VERB_CASE_CLOSE, async (file) => closeForm(newId())(file));
  forTeam(VERB_CASE_CLOSE_SUBMIT, async (file, actor, input) => {
    const formId = formIdOf(input) ?? newId();
    const fields = Object.fromEntries(
      ['outcome', 'parentsInformed', 'sanction', 'support', 'policyReview']
        .map((k) => [k, str(input, k)])
        .filter(([, v]) => v !== undefined),
    ) as Record<string, string>;
    return answer(await casework.close(file.record.id, actor, { formId, ...fields }), actor, VERB_CASE_CLOSE_SUBMIT, closeForm(formId));
  });

  // the reporter's answer to the team's question: only the reporter of that case may give it
  onCardAction(app, VERB_CASE_ANSWER_SUBMIT, async (context, _state, data) => {
    const input = (data && typeof data === 'object' ? data : {}) as Input;
    const actor = actorOf(context);
    const caseId = str(input, 'caseId') ?? '';
    const requestId = str(input, 'requestId') ?? '';
    const result = await casework.answer(caseId, actor, { requestId, answer: str(input, 'answer') ?? '' });
    if (result.ok) {
      deps.delivered();
      return answerThanksCard(result.file.record.reference);
    }
    if (result.reason === 'invalid') {
      const question = result.file.openQuestions.get(requestId) ?? '';
      return reporterQuestionCard({ caseId, reference: result.file.record.reference, requestId, question }, result.errors, result.values);
    }
    logger.info({ event: 'case-action-refused', verb: VERB_CASE_ANSWER_SUBMIT, reason: result.reason }, 'answer refused');
    return result.reason === 'not-permitted' ? noPermissionCard() : caseNotFoundCard();
  });

  return casework;
}

/** `cases` typed in a channel or group chat: the list is only ever shown 1:1 */
export const CASES_IN_PERSONAL_CHAT =
  'Your open cases are listed only in your 1:1 chat with me, never in a channel or group. Open a chat with Online Safety and type **cases** there.';

/**
 * `cases`, typed by a member of staff in their 1:1 chat: the open cases whose team they are on, most
 * urgent first; anyone on no case team is told they have none (bot-app keeps pupils and people not
 * on the school's lists away from it)
 */
export async function openCasesReply(
  deps: Pick<CaseRouteDeps, 'store' | 'profile' | 'now' | 'logger'>,
  who: Identity,
): Promise<AdaptiveCard> {
  const view = await listOpenCases(deps, who);
  deps.logger.info({ event: 'cases-listed', count: view.cases.length + view.more }, 'open cases listed');
  return openCasesCard(view);
}
