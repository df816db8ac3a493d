import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  howToContact,
  planEscalation,
  profileRoles,
  resolveRecipients,
  schoolProfileSchema,
  type Agency,
  type IncidentFacts,
  type SchoolProfile,
} from '../../src/domain/index.js';

export { facts } from '../domain/support/facts.js';

/** a ready profile from profiles/, parsed by the real schema (the checker test proves each is clean) */
export const loadProfile = (file: string): SchoolProfile =>
  schoolProfileSchema.parse(parse(readFileSync(new URL(`../../profiles/${file}`, import.meta.url), 'utf8')));

/** what a seed's procedure decides, as a reader of the policy would check it: names, not ids */
export interface Routed {
  /** each person told, "<name> as <role>" (with "for <role>" when standing in), most urgent first */
  told: string[];
  /** who approves, by name */
  approvers: string[];
  /** each referral "<agency> (<now|consider>): <how the school reaches it>" */
  referrals: string[];
}

export function route(profile: SchoolProfile, f: IncidentFacts): Routed {
  const plan = planEscalation(f, profileRoles(profile));
  const resolved = resolveRecipients(plan, profile);
  if (!resolved.ok) throw new Error(resolved.error.problems.join('; '));
  const { recipients, approvers } = resolved.value;
  return {
    told: recipients.map((r) => `${r.person.displayName} as ${r.role}${r.standingInFor ? ` for ${r.standingInFor}` : ''}`),
    approvers: approvers.map((p) => p.displayName),
    referrals: plan.referrals.map((r) => `${r.agency} (${r.when}): ${howToContact(profile, r.agency)}`),
  };
}

export const contact = (profile: SchoolProfile, agency: Agency) => howToContact(profile, agency);
