import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { AdaptiveCard } from './cards/card.js';

export type CardActionHandler = (context: TurnContext, state: TurnState, data: unknown) => Promise<AdaptiveCard>;

/**
 * One handler for a card verb, reached both ways a Teams client can send it: a Universal Action
 * (`Action.Execute`, the answer card replaces the old one in place) and the `Action.Submit` fallback of
 * clients without Universal Actions (a message whose value carries the verb; we update the card it
 * came from, or send the answer as a new message when that cannot be done).
 */
export function onCardAction(app: Application<TurnState>, verb: string, handler: CardActionHandler): void {
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
