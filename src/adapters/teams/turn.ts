// what a route needs to know about one activity, without the Teams SDK: who (identified on the server
// from the school's lists), where, and what they sent. bot-app.ts makes it from the SDK's turn; routes
// parse nothing else and never see TurnContext, so moving to another SDK stays one room's work.
import type { z } from 'zod';
import type { Identity } from '../../app/identity.js';
import type { AdaptiveCard } from './cards/card.js';

export type Place = 'personal' | 'channel' | 'groupChat';

export interface Turn {
  /** who sent it, from their Entra object id and the school's lists; never from anything they typed */
  who: Identity;
  /** their name as Teams gave it (a reporter's name on the record); the school's lists come first where they know the person */
  teamsName?: string;
  /** Teams' id of the person in this conversation (a card's refresh.userIds) */
  userId?: string;
  /** the 1:1 chat, a team channel or a group chat */
  place: Place;
  /** where this conversation's own state (a report draft) is kept */
  stateKey: string;
  /** Teams' deep link that opens the 1:1 chat with the bot, when the bot's id is known */
  chatUrl?: string;
  /** a card refreshed by Teams itself when someone looks at it (Universal Actions), not a click */
  automatic: boolean;
}

/** a click whose data does not match its verb's schema: which fields were wrong (names only, never values) */
export interface Malformed {
  malformed: string[];
}

/** one card verb: its data is parsed with the verb's zod schema before the handler sees it */
export interface CardRoute {
  verb: string;
  run: (turn: Turn, data: unknown) => Promise<AdaptiveCard | Malformed>;
}

export const cardRoute = <I>(verb: string, input: z.ZodType<I>, handle: (turn: Turn, input: I) => Promise<AdaptiveCard>): CardRoute => ({
  verb,
  run: async (turn, data) => {
    const parsed = input.safeParse(data ?? {});
    return parsed.success
      ? handle(turn, parsed.data)
      : { malformed: [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(card)'))] };
  },
});

export const isMalformed = (answer: AdaptiveCard | Malformed): answer is Malformed => 'malformed' in answer;
