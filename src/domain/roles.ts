import { z } from 'zod';

/**
 * roles inside the school that can receive, approve or be excluded from a case: DOMAIN.md's vocabulary,
 * then the roles only some schools name (SCHOOL_NAMED_ROLES)
 */
export const ROLES = [
  'dsl',
  'deputy-dsl',
  'headteacher',
  'chair-of-governors',
  'online-safety-lead',
  'dpo',
  'it-support',
  'business-manager',
  'trust-ceo',
  'deputy-headteacher',
  'online-safety-governor',
  'siro',
] as const;

export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/**
 * Roles a school has only when its profile names someone for them (first school 18.1: the deputy
 * headteacher; Bentley 3.1: the online-safety governor, app. 2: the SIRO). The engine gives them
 * their duties only then: without a profile, or with nobody named, every plan is as before they existed.
 */
export const SCHOOL_NAMED_ROLES = ['deputy-headteacher', 'online-safety-governor', 'siro'] as const satisfies readonly Role[];
export type SchoolNamedRole = (typeof SCHOOL_NAMED_ROLES)[number];

export const isSchoolNamedRole = (role: Role): role is SchoolNamedRole => (SCHOOL_NAMED_ROLES as readonly Role[]).includes(role);
