// the card verbs of a case: the safeguarding team's in the channel or 1:1, and the reporter's answer.
// every handler goes through Casework, which re-reads the case and checks the clicker's roles.
import { randomUUID } from 'node:crypto';
import { format } from 'date-fns';
import { tz } from '@date-fns/tz';
import { z } from 'zod';
import {
  AGENCIES,
  AGENCY_INFO,
  ROLE_INFO,
  SANCTION_CATEGORY_LABELS,
  adviceLineWords,
  contactFor,
  howToContact,
  londonDate,
  sanctionChoices,
} from '../../domain/index.js';
import { personById, type Identity } from '../../app/identity.js';
import { Casework, type CaseActor, type CaseResult } from '../../app/casework/case-actions.js';
import { barredPeople, routeOf, type CaseFile } from '../../app/casework/case-file.js';
import { detailsView, routeChoices, summaryView } from '../../app/casework/build-views.js';
import { listOpenCases } from '../../app/casework/list-cases.js';
import type { AdaptiveCard } from './cards/card.js';
import { openCasesCard } from './cards/case-list-cards.js';
import { cardRoute, type CardRoute, type Turn } from './turn.js';
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

// what each verb's card sends: parsed here, once, so the handlers get typed input. free text is only
// shaped here; Casework checks its content and answers with the form and what was wrong.
/** a form's id as our cards send it (a uuid); anything else is not kept, so a made-up one cannot fill the trail */
const formId = z
  .string()
  .optional()
  .transform((id) => (id !== undefined && /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : undefined));
const field = z.string().optional();
const onCase = z.object({ caseId: z.string().optional() });
const routeForm = onCase.extend({ formId, route: field, reason: field });
const askForm = onCase.extend({ formId, question: field });
const referralForm = onCase.extend({ formId, agency: field, date: field, time: field, madeBy: field, reference: field });
const closeForm = onCase.extend({ formId, outcome: field, parentsInformed: field, sanction: field, support: field, policyReview: field });
const answerForm = z.object({ caseId: field, requestId: field, answer: field });

/** the fields a form sent, without the ones it left out */
const given = <T extends Record<string, unknown>>(input: T, keys: readonly (keyof T & string)[]): Record<string, string> =>
  Object.fromEntries(keys.flatMap((k) => (typeof input[k] === 'string' ? [[k, input[k]]] : [])));

const london = tz('Europe/London');

export interface CaseRoutes {
  routes: CardRoute[];
  casework: Casework;
}

export function caseRoutes(deps: CaseRouteDeps): CaseRoutes {
  const { profile, logger } = deps;
  const casework = new Casework(deps);
  const newId = deps.newId ?? randomUUID;
  const routes: CardRoute[] = [];

  const actorOf = (turn: Turn): CaseActor => {
    const known = personById(profile, turn.who.aadObjectId);
    return {
      who: turn.who,
      displayName: known?.displayName ?? turn.teamsName ?? 'Unknown',
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

  /** a verb for the team: runs `then` only when the clicker may open the case */
  const forTeam = <I extends { caseId?: string | undefined }>(
    verb: string,
    input: z.ZodType<I>,
    then: (file: CaseFile, actor: CaseActor, input: I, turn: Turn) => Promise<AdaptiveCard>,
  ) => {
    routes.push(
      cardRoute(verb, input, async (turn, parsed) => {
        const actor = actorOf(turn);
        if (!parsed.caseId) return caseNotFoundCard();
        const opened = await casework.open(parsed.caseId, actor);
        if (!opened.ok) return refused(opened, actor, verb);
        return then(opened.file, actor, parsed, turn);
      }),
    );
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

  forTeam(VERB_CASE_OPEN, onCase, async (file, actor, _input, turn) => {
    // Teams refreshes the card by itself when a team member sees it ('automatic'); only a click acknowledges
    if (turn.automatic || file.acknowledged || file.state === 'closed') return caseActionsCard(view(file));
    return answer(await casework.acknowledge(file.record.id, actor), actor, VERB_CASE_OPEN);
  });

  // the Acknowledge of a 1:1 alert: the case's actions come in its place, so the decision follows in the chat
  forTeam(VERB_CASE_ACKNOWLEDGE, onCase, async (file, actor) =>
    answer(await casework.acknowledge(file.record.id, actor), actor, VERB_CASE_ACKNOWLEDGE),
  );

  forTeam(VERB_CASE_APPROVE, onCase, async (file, actor) =>
    answer(await casework.approve(file.record.id, actor), actor, VERB_CASE_APPROVE),
  );

  const routeCard =
    (formId: string) =>
    (file: CaseFile, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
      const chosen = values.route !== undefined ? values.route.split(',') : routeOf(file);
      return changeRouteCard(view(file), routeChoices(file, profile, chosen), formId, errors, values);
    };
  forTeam(VERB_CASE_ROUTE, onCase, async (file) => routeCard(newId())(file));
  forTeam(VERB_CASE_ROUTE_SUBMIT, routeForm, async (file, actor, input) =>
    answer(
      await casework.approve(file.record.id, actor, { route: input.route ?? '', reason: input.reason ?? '' }),
      actor,
      VERB_CASE_ROUTE_SUBMIT,
      routeCard(input.formId ?? newId()),
    ),
  );

  forTeam(VERB_CASE_ASK, onCase, async (file) => askReporterCard(view(file), newId()));
  forTeam(VERB_CASE_ASK_SUBMIT, askForm, async (file, actor, input) => {
    const formId = input.formId ?? newId();
    const result = await casework.askReporter(file.record.id, actor, { formId, question: input.question ?? '' });
    return answer(result, actor, VERB_CASE_ASK_SUBMIT, (f, errors, values) => askReporterCard(view(f), formId, errors, values));
  });

  forTeam(VERB_CASE_DETAILS, onCase, async (file, actor, _input, turn) => {
    const result = await casework.openDetails(file.record.id, actor, turn.place === 'personal' ? 'here' : 'chat');
    if (!result.ok) return refused(result, actor, VERB_CASE_DETAILS);
    deps.delivered();
    return result.card === 'here'
      ? detailsCardFor(result.file)
      : caseActionsCard(view(result.file), 'The details are in your chat with the bot (only you can see them there).');
  });
  const detailsCardFor = (file: CaseFile) => caseDetailsCard(detailsView(file, profile, deps.now()));

  const referralCardFor =
    (formId: string, actor: CaseActor) =>
    (file: CaseFile, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
      const planned = file.plan.referrals.map((r) => r.agency);
      // the plan's agencies and any the school has its own contact for are listed with how to reach them
      const agencies = [...planned, ...AGENCIES.filter((a) => !planned.includes(a))].map((a) => ({
        value: a,
        title: AGENCY_INFO[a].label,
        ...(planned.includes(a) || contactFor(profile, a) ? { contact: howToContact(profile, a) } : {}),
      }));
      const now = deps.now();
      const defaults = { date: londonDate(now), time: format(now, 'HH:mm', { in: london }), madeBy: actor.displayName };
      return referralCard(view(file), agencies, defaults, formId, errors, values, adviceLineWords(profile));
    };
  forTeam(VERB_CASE_REFERRAL, onCase, async (file, actor) => referralCardFor(newId(), actor)(file));
  forTeam(VERB_CASE_REFERRAL_SUBMIT, referralForm, async (file, actor, input) => {
    const formId = input.formId ?? newId();
    const fields = given(input, ['agency', 'date', 'time', 'madeBy', 'reference']);
    return answer(
      await casework.recordReferral(file.record.id, actor, { formId, ...fields }),
      actor,
      VERB_CASE_REFERRAL_SUBMIT,
      referralCardFor(formId, actor),
    );
  });

  // the school's own sanctions per category (profile.sanctions), or each category alone where it lists none
  const SANCTIONS = sanctionChoices(profile.sanctions);
  const logKeeper = profile.incidentLog.keeper && ROLE_INFO[profile.incidentLog.keeper].inSentence;
  const closeCardFor =
    (formId: string) =>
    (file: CaseFile, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
      const proposed = file.plan.sanction ? `${file.plan.sanction.subject}-${file.plan.sanction.category}` : undefined;
      const sanctions = SANCTIONS.map(({ value, category, words }) => {
        const label = `${SANCTION_CATEGORY_LABELS[category]}${category === proposed ? ' (proposed by the policy)' : ''}`;
        return { value, title: words ? `${label}: ${words}` : label };
      });
      return closeCaseCard(view(file), sanctions, formId, errors, values, logKeeper);
    };
  forTeam(VERB_CASE_CLOSE, onCase, async (file) => closeCardFor(newId())(file));
  forTeam(VERB_CASE_CLOSE_SUBMIT, closeForm, async (file, actor, input) => {
    const formId = input.formId ?? newId();
    const fields = given(input, ['outcome', 'parentsInformed', 'sanction', 'support', 'policyReview']);
    return answer(await casework.close(file.record.id, actor, { formId, ...fields }), actor, VERB_CASE_CLOSE_SUBMIT, closeCardFor(formId));
  });

  // the reporter's answer to the team's question: only the reporter of that case may give it
  routes.push(
    cardRoute(VERB_CASE_ANSWER_SUBMIT, answerForm, async (turn, input) => {
      const actor = actorOf(turn);
      const caseId = input.caseId ?? '';
      const requestId = input.requestId ?? '';
      const result = await casework.answer(caseId, actor, { requestId, answer: input.answer ?? '' });
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
    }),
  );

  return { routes, casework };
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
