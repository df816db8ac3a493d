import { card, text, type AdaptiveCard, type CardAction } from './card.js';

/**
 * Teams' deep link to a 1:1 chat with the bot (`28:` and the bot's app id); it opens the chat, or
 * starts it. undefined when the bot's id is not known, and the card then has words only.
 */
export function personalChatUrl(botId: string | undefined): string | undefined {
  const id = botId?.replace(/^28:/, '');
  // an app id is a GUID; anything else is not put in a link
  if (!id || !/^[A-Za-z0-9-]{1,100}$/.test(id)) return undefined;
  return `https://teams.microsoft.com/l/chat/0/0?users=28:${id}`;
}

export const OPEN_PERSONAL_CHAT = 'Open my private chat';

const openChat = (url: string | undefined): CardAction[] => (url ? [{ type: 'Action.OpenUrl', title: OPEN_PERSONAL_CHAT, url }] : []);

/** the answer in a channel or group chat to a card that belongs in the 1:1 chat: never anything typed */
export const personalChatCard = (words: string, url: string | undefined): AdaptiveCard => card(words, [text(words)], openChat(url));

/** the button alone, under a plain-text reply that says why */
export const personalChatButton = (url: string): AdaptiveCard => card(OPEN_PERSONAL_CHAT, [], openChat(url));
