import { z } from 'zod';

/** roles inside the school that can receive, approve or be excluded from a case (DOMAIN.md vocabulary) */
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
] as const;

export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;
