// any message may be a disclosure: what a pupil or member of staff types that is not a command gets an
// offer (send it to a grown-up / report it), never "I did not understand" alone. the words go nowhere
// and are kept nowhere until the person presses the offer's button; the server re-checks who pressed
// it, and the words, on every click. logs carry ids and outcomes, never the words or names.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { firstName, holdersOf, type Identity } from '../../app/identity.js';
import { hasDangerWords } from '../../app/disclosure/danger-words.js';
import {
  isOfferId,
  offerFor,
  offerInputSchema,
  readOfferAnswer,
  sendPupilDisclosure,
  wordsLimit,
  type OfferKind,
} from '../../app/disclosure/offer.js';
import { cardRoute, type CardRoute } from './turn.js';
import type { AdaptiveCard } from './cards/card.js';
import {
  DANGER_HELP,
  VERB_DISCLOSURE_DISMISS,
  VERB_DISCLOSURE_REPORT,
  VERB_DISCLOSURE_SEND,
  pupilNoThanksCard,
  pupilOfferCard,
  staffNoThanksCard,
  staffOfferCard,
  type StaffOfferView,
} from './cards/disclosure-cards.js';
import { dangerCard, pupilsOnlyCard, thankYouCard, tooManyCard } from './cards/worried-cards.js';
import type { ReportFlow } from './report-routes.js';
import type { RouteDeps } from './route-deps.js';

export interface DisclosureRouteDeps extends RouteDeps {
  reports: ReportFlow;
  /** the "I'm worried" card and the card for anyone (worried-routes.ts) */
  worried: { card: () => AdaptiveCard; anyoneCard: () => AdaptiveCard };
  /** the help card for someone on the school's lists */
  help: (who: Identity) => AdaptiveCard;
}

export interface Disclosures {
  /** a 1:1 message from a pupil or member of staff that is not a command: the offer (undefined when nothing was typed) */
  offer(who: Identity, text: string | undefined): AdaptiveCard | undefined;
  routes: CardRoute[];
}

const dismissed = z.object({ offerId: z.unknown().optional(), help: z.unknown().optional() });

const AGAIN = {
  pupil: 'Sorry, that did not work. Please press Send again.',
  staff: 'Sorry, that did not work. Please press the button again.',
} as const;

export function disclosureRoutes(deps: DisclosureRouteDeps): Disclosures {
  const { profile, logger } = deps;
  const newId = deps.newId ?? randomUUID;
  const dsl = holdersOf(profile, 'dsl')[0];
  // named as pupils know them ("Mrs Shah"), else by first name, as on the "I'm worried" card
  const dslName = dsl ? (dsl.pupilName ?? firstName(dsl)) : undefined;
  const contact = (role: 'dsl' | 'deputy-dsl') =>
    holdersOf(profile, role).map((p) => ({ name: p.displayName, ...(p.phone ? { phone: p.phone } : {}) }));
  const safety: StaffOfferView['safety'] = {
    dsl: contact('dsl'),
    deputies: contact('deputy-dsl'),
    ...(profile.school.phone ? { schoolPhone: profile.school.phone } : {}),
  };

  /** the offer card for these words (shown again with a fresh id when a click could not be used) */
  const render = (kind: OfferKind, words: string, extra: { dangerNow?: boolean; error?: string } = {}): AdaptiveCard => {
    const limit = wordsLimit(kind);
    const base = {
      offerId: newId(),
      words,
      dangerHelp: hasDangerWords(words),
      fits: words.length <= limit,
      limit,
      ...(extra.error ? { error: extra.error } : {}),
    };
    return kind === 'pupil'
      ? pupilOfferCard({ ...base, dangerNow: extra.dangerNow ?? base.dangerHelp })
      : staffOfferCard({ ...base, safety });
  };

  const offer = (who: Identity, typedText: string | undefined): AdaptiveCard | undefined => {
    if (who.kind === 'unknown') return deps.worried.anyoneCard();
    const kind: OfferKind = who.kind === 'pupil' ? 'pupil' : 'staff';
    const made = offerFor(kind, typedText, newId());
    if (!made) return undefined;
    logger.info(
      { event: 'disclosure-offered', offerId: made.offerId, kind, danger: made.danger, fits: made.fits },
      'offered to pass on a typed message',
    );
    const view = { offerId: made.offerId, words: made.words, dangerHelp: made.danger, fits: made.fits, limit: wordsLimit(kind) };
    return kind === 'pupil' ? pupilOfferCard({ ...view, dangerNow: made.danger }) : staffOfferCard({ ...view, safety });
  };

  // a pupil's Send: their words, as typed, become an "I'm worried" report that reaches the DSL first
  const send = cardRoute(VERB_DISCLOSURE_SEND, offerInputSchema, async (turn, data) => {
    const { who } = turn;
    if (who.kind === 'unknown') return deps.worried.anyoneCard();
    if (who.kind !== 'pupil') {
      logger.info({ event: 'disclosure-refused', kind: who.kind }, 'a non-pupil pressed a pupil offer');
      return pupilsOnlyCard();
    }
    if (turn.place !== 'personal') return deps.help(who);
    const answer = readOfferAnswer('pupil', data);
    if (!answer.ok) {
      logger.info({ event: 'disclosure-not-sent', problem: answer.problem }, 'a pupil offer came back unusable');
      if (answer.problem === 'no-words') return deps.worried.card();
      return render('pupil', answer.words, { dangerNow: answer.danger, ...(answer.problem === 'no-offer' ? { error: AGAIN.pupil } : {}) });
    }
    const result = await sendPupilDisclosure({
      store: deps.store,
      profile,
      pupil: { aadObjectId: who.aadObjectId, displayName: turn.teamsName ?? 'A pupil' },
      offerId: answer.offerId,
      words: answer.words,
      dangerNow: answer.danger,
      now: deps.now(),
    });
    deps.delivered();
    logger.info(
      {
        event: 'disclosure-sent',
        offerId: answer.offerId,
        reference: result.record.reference,
        severity: result.record.severity,
        recentCount: result.recentCount,
      },
      'a pupil sent a typed message to a grown-up',
    );
    if (answer.danger) return dangerCard(dslName);
    return result.rateLimited ? tooManyCard(dslName) : thankYouCard(dslName);
  });

  // a member of staff's "Report this as a concern": the report flow, their words as its description
  const report = cardRoute(VERB_DISCLOSURE_REPORT, offerInputSchema, async (turn, data) => {
    const { who } = turn;
    if (who.kind === 'unknown') return deps.worried.anyoneCard();
    if (turn.place !== 'personal') return deps.help(who);
    if (who.kind === 'pupil') {
      // a pupil with a staff offer (an old card from before they were listed as a pupil): their own words, their offer
      const answer = readOfferAnswer('pupil', data);
      return answer.ok || answer.problem !== 'no-words' ? render('pupil', answer.words, { dangerNow: answer.danger }) : deps.worried.card();
    }
    const answer = readOfferAnswer('staff', data);
    if (!answer.ok) {
      logger.info({ event: 'disclosure-not-reported', problem: answer.problem }, 'a staff offer came back unusable');
      if (answer.problem === 'no-words') return deps.reports.start(turn);
      return render('staff', answer.words, answer.problem === 'no-offer' ? { error: AGAIN.staff } : {});
    }
    logger.info({ event: 'disclosure-to-report', offerId: answer.offerId }, 'a typed message opened a report');
    return deps.reports.start(turn, { description: answer.words });
  });

  // "No thanks": nothing is sent or recorded; the danger help stays on screen if it was shown
  const dismiss = cardRoute(VERB_DISCLOSURE_DISMISS, dismissed, async (turn, input) => {
    const { who } = turn;
    if (who.kind === 'unknown') return deps.worried.anyoneCard();
    const dangerHelp = input.help === DANGER_HELP;
    logger.info(
      { event: 'disclosure-dismissed', kind: who.kind, ...(isOfferId(input.offerId) ? { offerId: input.offerId } : {}) },
      'an offer was declined',
    );
    return who.kind === 'pupil' ? pupilNoThanksCard({ dangerHelp }) : staffNoThanksCard({ dangerHelp, safety });
  });

  return { offer, routes: [send, report, dismiss] };
}
