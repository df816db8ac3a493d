import { APPROVER_WEIGHT, type Draft } from './draft.js';
import type { Rule } from './rule.js';
import {
  R2_ALLEGATION_AGAINST_STAFF,
  R8_BULLYING_AND_HARASSMENT,
  R9_ACCIDENTAL_ACCESS,
  R10_PUPIL_AUP,
  R11_STAFF_AUP,
  R14_STAFF_VICTIM,
} from './rules-conduct.js';
import {
  R3_INDECENT_IMAGES,
  R4_IMMEDIATE_DANGER,
  R5_GROOMING,
  R6_RADICALISATION,
  R7_HARMFUL_CONTENT,
  R15_PUPIL_REPORT,
  R17_ILLEGAL,
} from './rules-safeguarding.js';
import { R12_DATA_BREACH, R13_SECURITY } from './rules-systems.js';

/**
 * The routing rules in the order they run, most urgent first. They only add to the plan (severity
 * only rises, recipients and referrals only accumulate), so the order decides the order of the
 * guidance and rationale lines, not the outcome. R1 and R16 are not here: they run after these,
 * in planEscalation, because they look at what the others decided.
 */
export const ROUTING_RULES: readonly Rule[] = [
  R15_PUPIL_REPORT,
  R4_IMMEDIATE_DANGER,
  R3_INDECENT_IMAGES,
  R5_GROOMING,
  R6_RADICALISATION,
  R7_HARMFUL_CONTENT,
  R17_ILLEGAL,
  R2_ALLEGATION_AGAINST_STAFF,
  R11_STAFF_AUP,
  R8_BULLYING_AND_HARASSMENT,
  R14_STAFF_VICTIM,
  R10_PUPIL_AUP,
  R9_ACCIDENTAL_ACCESS,
  R12_DATA_BREACH,
  R13_SECURITY,
];

/** R16 (all seeds): every incident reaches the DSL or the online-safety lead and is logged */
export function applyEveryIncidentReachesALead(d: Draft): void {
  if (!d.notify.includes('dsl') && !d.notify.includes('online-safety-lead')) d.to('online-safety-lead');
  if (d.approver === null) d.approvedBy('online-safety-lead', APPROVER_WEIGHT.fallback);
  d.guide("Record what happened in the reporter's or the child's own words. Describe any evidence; do not attach it.");
  d.because('R16 every incident is logged and reaches the DSL or the online-safety lead (all seeds; first school app. 11)');
}

/** the rules an auditor reads: id, name and the policy sections each one cites */
type CatalogueEntry = { id: Rule['id']; name: string; cites: string };
export const RULE_CATALOGUE: readonly CatalogueEntry[] = (
  [
    { id: 'R1', name: 'Conflict of interest', cites: 'all seeds; Camden 4.1, 4.4; Bentley 6; trust "Dealing with incidents"' },
    ...ROUTING_RULES.map(({ id, name, cites }) => ({ id, name, cites })),
    { id: 'R16', name: 'Every incident reaches the DSL or the online-safety lead', cites: 'all seeds; first school app. 11' },
  ] satisfies CatalogueEntry[]
).sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
