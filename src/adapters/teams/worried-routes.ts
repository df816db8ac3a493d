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
import type { RouteDeps } from './route-deps.js';

export type WorriedRouteDeps = RouteDeps;

export function registerWorriedRoutes(app: Application<TurnState>, deps: WorriedRouteDeps): { card: () => AdaptiveCard } {
  const newId = deps.newId ?? randomUUID;
  const dsl = holdersOf(deps.profile, 'dsl')[0];
  const dslFirstName = dsl ? firstName(dsl) : undefined;

  onCardAction(app, VERB_WORRIED_SEND, async (context: TurnContext, _state, data) => {
    const who = identify(deps.profile, context.activity.from?.aadObjectId);
    if (who.kind !== 'pupil') {
      deps.logger.info({ event: 'worried-refused', kind: who.kind }, 'a non-pupil pressed the pupil card');
      return pupilsOnlyCard();
    }
    const input = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
    const cardId = typeof input.cardId === 'string' && input.cardId ? input.cardId : newId();
    const words = typeof input.words === 'string' ? input.words.slice(0, WORDS_LIMIT) : '';
    const danger = input.danger === 'yes' ? 'yes' : 'no';
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
    if (danger === 'yes') return dangerCard(dslFirstName);
    return result.rateLimited ? tooManyCard(dslFirstName) : thankYouCard(dslFirstName);
  });

  return { card: () => worriedCard({ cardId: newId() }) };
}
