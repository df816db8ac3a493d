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
}

type Handler = (context: TurnContext, state: TurnState, data: unknown) => Promise<AdaptiveCard>;

function listen(app: Application<TurnState>, verb: string, handler: Handler): void {
  app.adaptiveCards.actionExecute(verb, handler);
  app.adaptiveCards.actionSubmit(verb, async (context, state, data) => {
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
