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

/**
 * whether an answer from Teams is worth trying again: throttling (429), a timeout (408), a conflict
 * Teams asks to retry (412), an outage (5xx), no answer at all, and 401 (the bot's own sign-in, not
 * the target: once fixed, what is owed should still go). Any other 4xx is refused for good: 403 the
 * bot is not in the team or chat (or is blocked), 404 the conversation or message is gone, 413 the
 * message is too large. Microsoft's table: "Status codes from bot conversational APIs"
 * (https://learn.microsoft.com/microsoftteams/platform/bots/build-conversational-capability#status-codes-from-bot-conversational-apis).
 */
export function isRetryable(status: number | undefined): boolean {
  return status === undefined || status === 401 || status === 408 || status === 412 || status === 429 || status >= 500 || status < 400;
}

/**
 * a send that did not happen; `transient` ones are worth trying again (after `retryAfterMs` when
 * told), the others were refused for good and must not be tried again
 */
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
