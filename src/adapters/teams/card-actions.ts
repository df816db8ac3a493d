import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from '../../observability/logger.js';
import type { AdaptiveCard } from './cards/card.js';
import { isMalformed, type CardRoute, type Turn } from './turn.js';

export interface CardRouterOptions {
  /** who, where and what: the only view of the SDK's turn that routes get */
  turnOf: (context: TurnContext) => Turn;
  /** the kind answer to a click whose data did not match its verb's schema (nothing was changed) */
  malformed: (turn: Turn) => AdaptiveCard;
  logger: Logger;
}

/**
 * Registers every card verb, reached both ways a Teams client can send it: a Universal Action
 * (`Action.Execute`, the answer card replaces the old one in place) and the `Action.Submit` fallback of
 * clients without Universal Actions (a message whose value carries the verb; we update the card it
 * came from, or send the answer as a new message when that cannot be done). Each click's data is
 * parsed by its verb's schema before the handler runs.
 */
export function registerCardRoutes(app: Application<TurnState>, routes: readonly CardRoute[], options: CardRouterOptions): void {
  const seen = new Set<string>();
  for (const route of routes) {
    if (seen.has(route.verb)) throw new Error(`two handlers for the card verb ${route.verb}`);
    seen.add(route.verb);
    const handler = async (context: TurnContext, _state: TurnState, data: unknown): Promise<AdaptiveCard> => {
      const turn = options.turnOf(context);
      const answer = await route.run(turn, data);
      if (!isMalformed(answer)) return answer;
      // the field names only: what someone typed never reaches the log
      options.logger.info({ event: 'card-data-malformed', verb: route.verb, fields: answer.malformed }, 'a card click could not be read');
      return options.malformed(turn);
    };
    listen(app, route.verb, handler);
  }
  // a verb no route has (a retired card, an altered one): the kind "could not read that" answer, never
  // Teams' error for an unanswered invoke. registered last, so only a click no route took comes here
  const unknown = async (context: TurnContext): Promise<AdaptiveCard> => {
    options.logger.info({ event: 'card-verb-unknown' }, 'a card click named no verb the bot has');
    return options.malformed(options.turnOf(context));
  };
  const executeOfNoRoute = async (context: TurnContext): Promise<boolean> => {
    const a = context.activity;
    const action = (a.value as { action?: { type?: unknown; verb?: unknown } } | undefined)?.action;
    return a.type === 'invoke' && a.name === 'adaptiveCard/action' && action?.type === 'Action.Execute' && !seen.has(String(action.verb));
  };
  const submitOfNoRoute = async (context: TurnContext): Promise<boolean> =>
    context.activity.type === 'message' && isCardSubmit(context) && !seen.has(String((context.activity.value as { verb: string }).verb));
  listen(app, { execute: executeOfNoRoute, submit: submitOfNoRoute }, unknown);
}

type Handler = (context: TurnContext, state: TurnState, data: unknown) => Promise<AdaptiveCard>;

type Selector = (context: TurnContext) => Promise<boolean>;

function listen(app: Application<TurnState>, verb: string | { execute: Selector; submit: Selector }, handler: Handler): void {
  app.adaptiveCards.actionExecute(typeof verb === 'string' ? verb : verb.execute, handler);
  app.adaptiveCards.actionSubmit(typeof verb === 'string' ? verb : verb.submit, async (context, state, data) => {
    const card = CardFactory.adaptiveCard(await handler(context, state, data));
    const replyToId = context.activity.replyToId;
    // a card in a channel is everyone's: one person's answer (their actions, or a refusal) goes in the
    // thread below it, never over it; the bot keeps the shared card itself up to date
    const shared = context.activity.conversation?.conversationType === 'channel';
    if (replyToId && !shared) {
      try {
        await context.updateActivity({ type: 'message', id: replyToId, attachments: [card] });
        return;
      } catch {
        // the original message may be gone or not editable: fall through and send the card anew
      }
    }
    await context.sendActivity(MessageFactory.attachment(card));
  });
}

/** a submitted fallback card arrives as a message with a value naming our verb and no text */
export const isCardSubmit = (context: TurnContext): boolean => {
  const value = context.activity.value as { verb?: unknown } | undefined;
  return !context.activity.text && typeof value?.verb === 'string';
};

/** @deprecated the older registration, kept until the compliance and digest routes move to CardRoute */
export const onCardAction = listen;
