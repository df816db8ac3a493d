// the pupils' "I'm worried" card: shown to pupils only, and only a pupil can send it (checked here,
// on the server, from the school profile).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { firstName, holdersOf } from '../../app/identity.js';
import { submitWorry, WORDS_LIMIT } from '../../app/worried/submit-worry.js';
import { isWorryChoice } from '../../app/worried/worry-choices.js';
import type { AdaptiveCard } from './cards/card.js';
import { cardRoute, type CardRoute } from './turn.js';
import { VERB_WORRIED_SEND, dangerCard, pupilsOnlyCard, thankYouCard, tooManyCard, worriedCard } from './cards/worried-cards.js';
import { CONCERN_WORDS_LIMIT, VERB_CONCERN_SEND, concernCard, concernThanksCard } from './cards/anyone-cards.js';
import type { RouteDeps } from './route-deps.js';

export type WorriedRouteDeps = RouteDeps;

// what the two cards send; the answers' content is checked below, with the card shown again to fix it
const worryForm = z.object({
  cardId: z.string().optional(),
  words: z.string().optional(),
  danger: z.string().optional(),
  choice: z.unknown().optional(),
});
const concernForm = worryForm.omit({ choice: true });
/** our cards' own id for this card (their key against a double send); anything else gets a fresh one */
const cardIdOr = (cardId: string | undefined, newId: () => string): string =>
  cardId !== undefined && cardId.length > 0 && cardId.length <= 100 ? cardId : newId();

export interface WorriedRoutes {
  routes: CardRoute[];
  /** the pupils' "I'm worried" card */
  card: () => AdaptiveCard;
  /** the card for anyone not on the school's lists */
  anyoneCard: () => AdaptiveCard;
}

export function worriedRoutes(deps: WorriedRouteDeps): WorriedRoutes {
  const newId = deps.newId ?? randomUUID;
  const dsl = holdersOf(deps.profile, 'dsl')[0];
  // named as pupils know them ("Mrs Shah"), else by first name
  const dslName = dsl ? (dsl.pupilName ?? firstName(dsl)) : undefined;

  const send = cardRoute(VERB_WORRIED_SEND, worryForm, async (turn, input) => {
    const { who } = turn;
    if (who.kind === 'unknown') return concernCard({ cardId: newId(), schoolName: deps.profile.school.name });
    if (who.kind !== 'pupil') {
      deps.logger.info({ event: 'worried-refused', kind: who.kind }, 'a non-pupil pressed the pupil card');
      return pupilsOnlyCard();
    }
    const cardId = cardIdOr(input.cardId, newId);
    const typed = input.words ?? '';
    const words = typed.slice(0, WORDS_LIMIT);
    const danger = input.danger === 'yes' ? 'yes' : 'no';
    // too long for the card: nothing is sent until it fits (the card itself stops at the same length)
    if (typed.length > WORDS_LIMIT) {
      return worriedCard({
        cardId,
        error: `That is a lot of words! Please make it shorter (up to ${WORDS_LIMIT} letters), then press Send.`,
        values: { words, danger, ...(isWorryChoice(input.choice) ? { choice: input.choice } : {}) },
      });
    }
    if (!isWorryChoice(input.choice)) {
      return worriedCard({ cardId, error: 'Tap the one that fits best, then press Send.', values: { words, danger } });
    }
    const result = await submitWorry({
      store: deps.store,
      profile: deps.profile,
      pupil: { aadObjectId: who.aadObjectId, displayName: turn.teamsName ?? 'A pupil' },
      worry: { cardId, choice: input.choice, words, dangerNow: danger === 'yes' },
      now: deps.now(),
    });
    deps.delivered();
    deps.logger.info(
      { event: 'worry-reported', reference: result.record.reference, severity: result.record.severity, recentCount: result.recentCount },
      'a pupil reported a worry',
    );
    if (danger === 'yes') return dangerCard(dslName);
    return result.rateLimited ? tooManyCard(dslName) : thankYouCard(dslName);
  });

  // someone the school has not listed: their worry is recorded and reaches the DSL like a child's
  const concern = cardRoute(VERB_CONCERN_SEND, concernForm, async (turn, input) => {
    const schoolName = deps.profile.school.name;
    const { who } = turn;
    const cardId = cardIdOr(input.cardId, newId);
    const words = (input.words ?? '').trim();
    const danger = input.danger === 'yes' ? 'yes' : 'no';
    if (!who.aadObjectId)
      return concernCard({
        cardId,
        schoolName,
        error: 'Sorry, Teams did not say who you are, so this cannot be sent. Please tell the school office.',
      });
    if (words.length === 0)
      return concernCard({ cardId, schoolName, error: 'Write a few words about what worries you.', values: { danger } });
    if (words.length > CONCERN_WORDS_LIMIT) {
      return concernCard({
        cardId,
        schoolName,
        error: `Please keep it under ${CONCERN_WORDS_LIMIT} characters. Nothing has been sent yet.`,
        values: { words: words.slice(0, CONCERN_WORDS_LIMIT), danger },
      });
    }
    // a listed person pressing an old copy of this card is sent the right way in, nothing recorded here
    if (who.kind === 'pupil') return worriedCard({ cardId: newId(), values: { words, danger } });
    if (who.kind === 'staff') return pupilsOnlyCard();
    const result = await submitWorry({
      store: deps.store,
      profile: deps.profile,
      pupil: { aadObjectId: who.aadObjectId, displayName: turn.teamsName ?? 'Not on the school lists' },
      worry: { cardId, choice: 'something-else', words, dangerNow: danger === 'yes' },
      now: deps.now(),
      notListed: true,
    });
    deps.delivered();
    deps.logger.info(
      { event: 'unlisted-concern-reported', reference: result.record.reference, severity: result.record.severity },
      'someone not on the lists reported a concern',
    );
    return concernThanksCard({ schoolName, danger: danger === 'yes', reference: result.record.reference });
  });

  return {
    routes: [send, concern],
    card: () => worriedCard({ cardId: newId() }),
    anyoneCard: () => concernCard({ cardId: newId(), schoolName: deps.profile.school.name }),
  };
}
