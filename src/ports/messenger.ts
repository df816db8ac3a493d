// sends what the bot says unprompted: a card posted to a team channel, a card updated in place, a
// message in someone's 1:1 chat. the outbox dispatcher is its only caller, and retries what fails.
// adapters: teams (the Bot Framework connector). tests play the connector with nock.

export interface OutgoingMessage {
  /** an Adaptive Card (JSON) */
  card?: object;
  text?: string;
  /** what a notification banner shows: never a pupil's name */
  summary?: string;
}

export interface ChannelTarget {
  teamId: string;
  channelId: string;
  serviceUrl: string;
  tenantId?: string;
}

export interface PostedMessage {
  conversationId: string;
  activityId: string;
  serviceUrl: string;
}

/** a send that did not happen; `transient` ones are worth trying again (after `retryAfterMs` when told) */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface Messenger {
  postToChannel(target: ChannelTarget, message: OutgoingMessage): Promise<PostedMessage>;
  update(posted: PostedMessage, message: OutgoingMessage): Promise<void>;
  /** into an existing conversation (a personal chat) from its stored Bot Framework reference */
  send(reference: Record<string, unknown>, message: OutgoingMessage): Promise<void>;
}
