// where the bot can reach each person 1:1 later (proactive messages): the Bot Framework conversation
// reference of their personal chat with the bot, saved whenever they talk to it. and where it can reach
// the school's channels: the Teams service URL activities last came through, kept so that a post to a
// channel after a restart does not wait for someone to write to the bot first.
// adapters: sqlite, postgres. contract: test/ports/conversation-directory.contract.ts.

export interface PersonalConversation {
  aadObjectId: string;
  /** where the messenger reaches them: its own JSON, opaque to everyone else */
  reference: Record<string, unknown>;
  updatedAt: string;
}

export interface ConversationDirectory {
  /** saves or replaces the person's personal-chat reference */
  remember(conversation: PersonalConversation): Promise<void>;
  find(aadObjectId: string): Promise<PersonalConversation | undefined>;
  /** an activity came through `serviceUrl` (from the channel `channelId`, if from one): kept for the channel and as the latest overall */
  rememberServiceUrl(serviceUrl: string, channelId: string | undefined, at: Date): Promise<void>;
  /** the service URL last seen from the channel; without a channel, the one last seen from anywhere */
  serviceUrl(channelId?: string): Promise<string | undefined>;
}
