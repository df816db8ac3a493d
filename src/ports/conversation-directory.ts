// where the bot can reach each person 1:1 later (proactive messages): the Bot Framework conversation
// reference of their personal chat with the bot, saved whenever they talk to it.
// adapters: sqlite. contract: test/ports/conversation-directory.contract.ts.

export interface PersonalConversation {
  aadObjectId: string;
  /** botbuilder's ConversationReference, as JSON */
  reference: Record<string, unknown>;
  updatedAt: string;
}

export interface ConversationDirectory {
  /** saves or replaces the person's personal-chat reference */
  remember(conversation: PersonalConversation): Promise<void>;
  find(aadObjectId: string): Promise<PersonalConversation | undefined>;
}
