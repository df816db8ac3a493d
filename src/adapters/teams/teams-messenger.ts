import { CardFactory, MessageFactory, type ConversationReference, type TurnContext, type Activity } from 'botbuilder';
import type { ConversationParameters } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { parseRetryAfter } from '../../app/retry.js';
import {
  DeliveryError,
  isRetryable,
  type ChannelTarget,
  type Messenger,
  type OutgoingMessage,
  type PostedMessage,
} from '../../ports/messenger.js';

/** the part of botframework-connector's ConnectorClient we use (it is not re-exported by botbuilder) */
interface ConversationsClient {
  conversations: { createConversation(parameters: ConversationParameters): Promise<{ id?: string; activityId?: string }> };
}

const activityOf = (message: OutgoingMessage): Partial<Activity> => {
  const activity = message.card
    ? MessageFactory.attachment(CardFactory.adaptiveCard(message.card), message.text)
    : MessageFactory.text(message.text ?? '');
  if (message.summary) activity.summary = message.summary;
  return activity;
};

/** the connector's error, as a DeliveryError: 429, 408, 5xx and network failures are worth a retry (isRetryable) */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as {
    statusCode?: number;
    message?: string;
    code?: string;
    response?: { headers?: { get?(name: string): string | undefined } };
  };
  const status = e.statusCode;
  const retryAfterMs = parseRetryAfter(e.response?.headers?.get?.('retry-after'));
  return new DeliveryError(`${status ?? e.code ?? 'network'}: ${e.message ?? String(error)}`, isRetryable(status), status, retryAfterMs);
}

/**
 * The Bot Framework connector as a Messenger. A channel post is created with the connector client
 * itself, because botbuilder's createConversationAsync drops the new message's id, which we need to
 * update the card later.
 */
export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
  ) {}

  private async within(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, logic);
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async postToChannel(target: ChannelTarget, message: OutgoingMessage): Promise<PostedMessage> {
    let posted: PostedMessage | undefined;
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: target.serviceUrl,
      conversation: {
        id: target.channelId,
        isGroup: true,
        conversationType: 'channel',
        name: '',
        ...(target.tenantId ? { tenantId: target.tenantId } : {}),
      },
    };
    await this.within(reference, async (context) => {
      const client = context.turnState.get<ConversationsClient>(context.adapter.ConnectorClientKey);
      // a channel post names the channel and carries its first message; Teams fills in the bot
      const parameters = {
        isGroup: true,
        channelData: {
          channel: { id: target.channelId },
          team: { id: target.teamId },
          ...(target.tenantId ? { tenant: { id: target.tenantId } } : {}),
        },
        activity: activityOf(message) as Activity,
        ...(target.tenantId ? { tenantId: target.tenantId } : {}),
      } as ConversationParameters;
      const created = await client.conversations.createConversation(parameters);
      // Teams answers { id: '19:...;messageid=N', activityId: 'N' }
      const activityId = created.activityId ?? /;messageid=(\d+)/.exec(created.id ?? '')?.[1];
      if (!created.id || !activityId) throw new DeliveryError('the channel post was accepted but no message id came back', false);
      posted = { conversationId: created.id, activityId, serviceUrl: target.serviceUrl };
    });
    return posted!;
  }

  async update(posted: PostedMessage, message: OutgoingMessage): Promise<void> {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: posted.serviceUrl,
      conversation: { id: posted.conversationId, isGroup: true, conversationType: 'channel', name: '' },
    };
    await this.within(reference, async (context) => {
      await context.updateActivity({ ...activityOf(message), id: posted.activityId });
    });
  }

  async send(reference: Record<string, unknown>, message: OutgoingMessage): Promise<void> {
    await this.within(reference as Partial<ConversationReference>, async (context) => {
      await context.sendActivity(activityOf(message));
    });
  }
}
