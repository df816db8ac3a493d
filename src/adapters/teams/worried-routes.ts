// the pupils' "I'm worried" card: shown to pupils only, and only a pupil can send it (checked here,
// on the server, from the school profile).
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { firstName, holdersOf, identify } from '../../app/identity.js';
import { submitWorry, WORDS_LIMIT } from '../../app/worried/submit-worry.js';
import { isWorryChoice } from '../../app/worried/worry-choices.js';
import type { AdaptiveCard } from './cards/card.js';
import { onCardAction } from './card-actions.js';
import { VERB_WORRIED_SEND, dangerCard, pupilsOnlyCard, thankYouCard, tooManyCard, worriedCard } from './cards/worried-cards.js';
import { CONCERN_WORDS_LIMIT, VERB_CONCERN_SEND, concernCard, concernThanksCard } from './cards/anyone-cards.js';
import type { RouteDeps } from './route-deps.js';

export type WorriedRouteDeps = RouteDeps;

export function registerWorriedRoutes(
  app: Application<TurnState>,
  deps: WorriedRouteDeps,
): { card: () => AdaptiveCard; anyoneCard: () => AdaptiveCard } {
  const newId = deps.newId ?? randomUUID;
  const dsl = holdersOf(deps.profile, 'dsl')[0];
  // named as pupils know them ("Mrs Shah"), else by first name
  const dslName = dsl ? (dsl.pupilName ?? firstName(dsl)) : undefined;

  onCardAction(app, VERB_WORRIED_SEND, async (context: TurnContext, _state, data) => {
    const who = identify(deps.profile, context.activity.from?.aadObjectId, deps.groups);
    if (who.kind === 'unknown') return concernCard({ cardId: newId(), schoolName: deps.profile.school.name });
    if (who.kind !== 'pupil') {
      deps.logger.info({ event: 'worried-refused', kind: who.kind }, 'a non-pupil pressed the pupil card');
      return pupilsOnlyCard();
    }
    const input = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
    const cardId = typeof input.cardId === 'string' && input.cardId.length > 0 && input.cardId.length <= 100 ? input.cardId : newId();
    const typed = typeof input.words === 'string' ? input.words : '';
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
      pupil: { aadObjectId: who.aadObjectId, displayName: context.activity.from?.name ?? 'A pupil' },
      worry: { cardId, choice: input.choice, words, dangerNow: danger === 'yes' },
      now: deps.now(),
      ...(context.activity.serviceUrl ? { serviceUrl: context.activity.serviceUrl } : {}),
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
  onCardAction(app, VERB_CONCERN_SEND, async (context: TurnContext, _state, data) => {
    const schoolName = deps.profile.school.name;
    const who = identify(deps.profile, context.activity.from?.aadObjectId, deps.groups);
    const input = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
    const cardId = typeof input.cardId === 'string' && input.cardId.length > 0 && input.cardId.length <= 100 ? input.cardId : newId();
    const words = typeof input.words === 'string' ? input.words.trim() : '';
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
      pupil: { aadObjectId: who.aadObjectId, displayName: context.activity.from?.name ?? 'Not on the school lists' },
      worry: { cardId, choice: 'something-else', words, dangerNow: danger === 'yes' },
      now: deps.now(),
      notListed: true,
      ...(context.activity.serviceUrl ? { serviceUrl: context.activity.serviceUrl } : {}),
    });
    deps.delivered();
    deps.logger.info(
      { event: 'unlisted-concern-reported', reference: result.record.reference, severity: result.record.severity },
      'someone not on the lists reported a concern',
    );
    return concernThanksCard({ schoolName, danger: danger === 'yes', reference: result.record.reference });
  });

  return {
    card: () => worriedCard({ cardId: newId() }),
    anyoneCard: () => concernCard({ cardId: newId(), schoolName: deps.profile.school.name }),
  };
}
