// a typed message the bot does not recognise may be a disclosure: a pupil is offered to send it to a
// grown-up, a member of staff to report it. nothing typed is kept unless they choose to: the words
// travel in the offer card's own data, back to the bot only from the person who typed them, and are
// checked here again when they come back.
import { z } from 'zod';
import type { SchoolProfile } from '../../domain/index.js';
import type { IncidentStore } from '../../ports/incident-store.js';
import { LIMITS } from '../report-flow/draft.js';
import { submitWorry, WORDS_LIMIT, type WorryResult } from '../worried/submit-worry.js';
import { hasDangerWords } from './danger-words.js';

export type OfferKind = 'pupil' | 'staff';

/** a pupil's words become an "I'm worried" report; a member of staff's, a report's description */
export const wordsLimit = (kind: OfferKind): number => (kind === 'pupil' ? WORDS_LIMIT : LIMITS.description);

export interface DisclosureOffer {
  /** made by the server for this offer: the idempotency key of what is sent from it */
  offerId: string;
  kind: OfferKind;
  /** what they typed, trimmed, otherwise as typed */
  words: string;
  /** danger words: the danger help comes first */
  danger: boolean;
  /** within the limit, so it can go as it is; otherwise they are asked to shorten it first */
  fits: boolean;
}

/** the offer for a typed message; undefined when nothing was typed */
export function offerFor(kind: OfferKind, text: string | undefined, offerId: string): DisclosureOffer | undefined {
  const words = (text ?? '').trim();
  if (words === '') return undefined;
  return { offerId, kind, words, danger: hasDangerWords(words), fits: words.length <= wordsLimit(kind) };
}

const offerIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);
/** an id of the shape the bot makes (safe to log); whether it is one the bot made is not checked: it keys only this person's own report */
export const isOfferId = (value: unknown): value is string => offerIdSchema.safeParse(value).success;
const wordsSchema = (kind: OfferKind) => z.string().trim().min(1).max(wordsLimit(kind));

export type OfferAnswer =
  | { ok: true; offerId: string; words: string; danger: boolean }
  /** nothing (or no text) came back: there is nothing to send */
  | { ok: false; problem: 'no-words'; danger: boolean }
  /** over the limit: shown again to shorten, never cut */
  | { ok: false; problem: 'too-long'; words: string; danger: boolean }
  /** the words are fine but the offer id is not one the bot makes: offered again under a new id */
  | { ok: false; problem: 'no-offer'; words: string; danger: boolean };

/** a re-shown over-long text is bounded too, so a forged payload cannot make a huge card */
const reshown = (kind: OfferKind, words: string) => words.slice(0, 3 * wordsLimit(kind));

/** what an offer card's button sends (its own data and the card's inputs), as the route parsed it */
export const offerInputSchema = z.object({ offerId: z.string().optional(), words: z.string().optional(), danger: z.string().optional() });
export type OfferInput = z.infer<typeof offerInputSchema>;

/** the answer on an offer card, checked on the server */
export function readOfferAnswer(kind: OfferKind, input: OfferInput): OfferAnswer {
  const danger = input.danger === 'yes';
  const words = wordsSchema(kind).safeParse(input.words);
  if (!words.success) {
    const typed = (input.words ?? '').trim();
    return typed === ''
      ? { ok: false, problem: 'no-words', danger }
      : { ok: false, problem: 'too-long', words: reshown(kind, typed), danger };
  }
  const offerId = offerIdSchema.safeParse(input.offerId);
  if (!offerId.success) return { ok: false, problem: 'no-offer', words: words.data, danger };
  return { ok: true, offerId: offerId.data, words: words.data, danger };
}

/** a pupil pressed Send: their words, verbatim, become an "I'm worried" report (R15: the DSL first) */
export function sendPupilDisclosure(input: {
  store: IncidentStore;
  profile: SchoolProfile;
  pupil: { aadObjectId: string; displayName: string };
  offerId: string;
  words: string;
  dangerNow: boolean;
  now: Date;
}): Promise<WorryResult> {
  return submitWorry({
    store: input.store,
    profile: input.profile,
    pupil: input.pupil,
    // keyed by pupil and offer: a double tap sends one report, another child's copy makes their own
    worry: { cardId: input.offerId, choice: 'something-else', words: input.words, dangerNow: input.dangerNow },
    now: input.now,
  });
}
