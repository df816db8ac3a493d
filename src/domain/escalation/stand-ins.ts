import type { Role } from '../roles.js';

// who takes a role's share of a case when the role cannot have it. Two tables because the reasons
// differ: an implicated role must go *up* the chain (R1), a vacant role goes to whoever covers it.

/**
 * R1 conflict of interest: when a role is implicated, who approves in its place, first available
 * first. DSL -> headteacher (trust "Dealing with incidents"); headteacher -> chair of governors, or
 * the trust CEO (Camden 4.1, Bentley 6, trust policy); chair of governors -> trust CEO, else headteacher.
 */
export const IMPLICATED_STAND_INS: Readonly<Record<Role, readonly Role[]>> = {
  dsl: ['headteacher', 'chair-of-governors', 'trust-ceo'],
  'deputy-dsl': ['dsl', 'headteacher', 'chair-of-governors', 'trust-ceo'],
  headteacher: ['chair-of-governors', 'trust-ceo'],
  'chair-of-governors': ['trust-ceo', 'headteacher'],
  'trust-ceo': ['chair-of-governors', 'headteacher'],
  'online-safety-lead': ['dsl', 'headteacher', 'chair-of-governors', 'trust-ceo'],
  dpo: ['headteacher', 'chair-of-governors', 'trust-ceo'],
  'it-support': ['online-safety-lead', 'dsl', 'headteacher', 'chair-of-governors'],
  'business-manager': ['headteacher', 'chair-of-governors', 'trust-ceo'],
  'deputy-headteacher': ['headteacher', 'chair-of-governors', 'trust-ceo'],
  'online-safety-governor': ['chair-of-governors', 'headteacher'],
  siro: ['dpo', 'headteacher', 'chair-of-governors', 'trust-ceo'],
};

/**
 * A role nobody holds: who receives its share, first filled and not excluded first. An empty list
 * means nobody extra (a school without deputies simply has none to alert). The online-safety lead
 * falls to the DSL (Camden 2.3.3: the DSL may be the co-ordinator); IT support and the DPO to the
 * headteacher (Camden 2.3.4, 3.2); the trust CEO to the chair of governors (trust policy).
 */
export const VACANCY_STAND_INS: Readonly<Record<Role, readonly Role[]>> = {
  dsl: ['deputy-dsl', 'headteacher'],
  'deputy-dsl': [],
  headteacher: ['trust-ceo', 'chair-of-governors'],
  'chair-of-governors': ['trust-ceo', 'headteacher'],
  'trust-ceo': ['chair-of-governors', 'headteacher'],
  'online-safety-lead': ['dsl', 'deputy-dsl', 'headteacher'],
  dpo: ['headteacher', 'chair-of-governors'],
  'it-support': ['headteacher'],
  'business-manager': ['headteacher'],
  // the roles a school names itself: only a school's routing setting can ask for one nobody holds
  'deputy-headteacher': ['headteacher'],
  'online-safety-governor': ['chair-of-governors'],
  siro: ['dpo', 'headteacher'],
};

/** the first role of a chain that passes `available`, or undefined */
export function firstAvailable(chain: readonly Role[], available: (role: Role) => boolean): Role | undefined {
  for (const role of chain) if (available(role)) return role;
  return undefined;
}
