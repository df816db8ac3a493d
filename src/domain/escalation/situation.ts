import type { SanctionCategory } from '../escalation-plan.js';
import type { IncidentFacts } from '../incident-facts.js';
import type { IncidentType } from '../incident-types.js';
import { PARTIES, type Party } from '../parties.js';
import { pupilCategory, staffCategory } from './sanction-categories.js';

/** parties who work or govern in the school: an instigator among them makes it an allegation (R2, R11) */
export const SCHOOL_ADULTS: readonly Party[] = ['staff', 'headteacher', 'dsl', 'governor', 'chair-of-governors'];
/** parties who are employees: a target among them is a staff victim (R14) */
export const STAFF_PARTIES: readonly Party[] = ['staff', 'headteacher', 'dsl'];

// parties as bits, so the questions below are one AND each (planEscalation runs per card action)
const bit = (party: Party) => 1 << PARTIES.indexOf(party);
const mask = (parties: readonly Party[]) => parties.reduce((m, p) => m | bit(p), 0);
const SCHOOL_ADULT_BITS = mask(SCHOOL_ADULTS);
const ADULT_BITS = SCHOOL_ADULT_BITS | mask(['parent', 'unknown-adult']);
const STAFF_BITS = mask(STAFF_PARTIES);
const PUPIL_BIT = bit('pupil');

/** the facts read once into the questions the rules ask */
export class Situation {
  readonly facts: IncidentFacts;
  readonly byPupil: boolean;
  readonly schoolAdultInstigator: boolean;
  readonly adultInstigator: boolean;
  readonly pupilInstigator: boolean;
  readonly pupilInvolved: boolean;
  readonly staffVictim: boolean;
  /** false only when the reporter said it was an accident */
  readonly notAccidental: boolean;
  /** on school systems or premises: IT support can block, audit and preserve */
  readonly onSchoolSystems: boolean;
  /** Camden 5.1 category when a pupil deliberately did it */
  readonly pupilCategory: SanctionCategory | undefined;
  /** Camden 5.2 category when a school adult deliberately did it */
  readonly staffCategory: 'A' | 'B' | undefined;
  private readonly instigators: number;
  private readonly victims: number;

  constructor(facts: IncidentFacts) {
    this.facts = facts;
    let instigators = 0;
    let victims = 0;
    let involved = 0;
    for (const e of facts.involved) {
      const b = bit(e.party);
      involved |= b;
      if (e.part === 'instigator') instigators |= b;
      else if (e.part === 'victim') victims |= b;
    }
    this.instigators = instigators;
    this.victims = victims;
    this.byPupil = facts.reportedBy === 'pupil';
    this.schoolAdultInstigator = (instigators & SCHOOL_ADULT_BITS) !== 0;
    this.adultInstigator = (instigators & ADULT_BITS) !== 0;
    this.pupilInstigator = (instigators & PUPIL_BIT) !== 0;
    this.pupilInvolved = (involved & PUPIL_BIT) !== 0;
    this.staffVictim = (victims & STAFF_BITS) !== 0;
    this.notAccidental = facts.deliberate !== false;
    this.onSchoolSystems = facts.outsideSchool !== true;
    this.pupilCategory = pupilCategory(this);
    this.staffCategory = staffCategory(this);
  }

  has(type: IncidentType): boolean {
    return this.facts.types.includes(type);
  }

  hasAny(types: readonly IncidentType[]): boolean {
    for (const t of types) if (this.facts.types.includes(t)) return true;
    return false;
  }

  instigator(party: Party): boolean {
    return (this.instigators & bit(party)) !== 0;
  }

  victim(party: Party): boolean {
    return (this.victims & bit(party)) !== 0;
  }
}

/** what the sanction tables read (the categories themselves are computed from it) */
export type BaseSituation = Omit<Situation, 'pupilCategory' | 'staffCategory'>;

export function readSituation(facts: IncidentFacts): Situation {
  return new Situation(facts);
}
