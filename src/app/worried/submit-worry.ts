// a pupil's "I'm worried" report: recorded at once, the child's own words kept as they wrote them,
// and everything it owes the DSL queued with it. a pupil who sends many is never refused: each one
// is recorded, the DSL sees how many, and the pupil is told kindly that a grown-up has them.
import {
  londonDate,
  parseIncidentFacts,
  planEscalation,
  profileRoles,
  type IncidentFacts,
  type SchoolProfile,
} from '../../domain/index.js';
import type { IncidentRecord, IncidentStore, Json } from '../../ports/incident-store.js';
import { openCase } from '../open-case.js';
import { RATE_LIMIT, recentReports } from '../reporter-rate.js';

export { RATE_LIMIT, RATE_WINDOW_MS } from '../reporter-rate.js';
import { WORRY_CHOICE_INFO, type WorryChoice } from './worry-choices.js';

export const WORDS_LIMIT = 2000;

export interface WorryInput {
  /** the card's id: a double tap sends one report */
  cardId: string;
  choice: WorryChoice;
  /** the child's own words, kept exactly as written */
  words?: string;
  dangerNow: boolean;
}

export interface WorryResult {
  record: IncidentRecord;
  /** this pupil's reports in the last ten minutes, this one included */
  recentCount: number;
  rateLimited: boolean;
}

export async function submitWorry(input: {
  store: IncidentStore;
  profile: SchoolProfile;
  pupil: { aadObjectId: string; displayName: string };
  worry: WorryInput;
  now: Date;
  /** someone the school has not listed, through the card for anyone: recorded as such, routed as a child's worry */
  notListed?: boolean;
  /** more for the record's details (the Teams message a pupil reported) */
  extraDetails?: Record<string, Json>;
}): Promise<WorryResult> {
  const { worry, now } = input;
  const recentCount =
    (await recentReports(
      input.store,
      input.pupil.aadObjectId,
      now,
      (r) => (r.details as { cardId?: string } | null)?.cardId === worry.cardId,
    )) + 1;
  const choice = WORRY_CHOICE_INFO[worry.choice];
  const facts: IncidentFacts = { reportedBy: 'pupil', ...choice.facts, ...(worry.dangerNow ? { immediateRisk: true } : {}) };
  const parsed = parseIncidentFacts(facts);
  if (!parsed.ok) throw new Error(`the worried card's facts are invalid: ${JSON.stringify(parsed.error)}`);
  const plan = planEscalation(parsed.value, profileRoles(input.profile));
  const words = worry.words?.trim().slice(0, WORDS_LIMIT) ?? '';
  const details: Record<string, Json> = {
    cardId: worry.cardId,
    date: londonDate(now),
    // the DSL reads the child's words as the child wrote them
    description: words || `(no words written) The pupil chose: "${choice.words}".`,
    pupilChoice: choice.words,
    dangerNow: worry.dangerNow,
    recentCount,
    ...(input.notListed ? { reporterNotListed: true } : {}),
    ...input.extraDetails,
  };
  const record = await openCase({
    store: input.store,
    profile: input.profile,
    // bound to the pupil: another child sending this card's id makes their own report
    key: `worry:${input.pupil.aadObjectId}:${worry.cardId}`,
    reporter: { ...input.pupil, kind: 'pupil' },
    facts: parsed.value,
    plan,
    details,
    now,
    data: { byPupil: true, choice: worry.choice, dangerNow: worry.dangerNow, recentCount },
    outbox: { byPupil: true, quiet: recentCount > RATE_LIMIT },
  });
  return { record, recentCount, rateLimited: recentCount > RATE_LIMIT };
}
