import type { Draft } from './draft.js';
import type { Situation } from './situation.js';

export type RuleId =
  'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R7' | 'R8' | 'R9' | 'R10' | 'R11' | 'R12' | 'R13' | 'R14' | 'R15' | 'R16' | 'R17';

/**
 * One routing rule: a name and the policy sections it comes from (for audits and the DSL's
 * "why?"), when it applies, and what it adds to the draft plan. Every rule writes its own
 * rationale line citing the same sections.
 */
export interface Rule {
  id: RuleId;
  name: string;
  cites: string;
  applies(s: Situation): boolean;
  apply(s: Situation, d: Draft): void;
}
