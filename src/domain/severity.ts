import { z } from 'zod';

/** most urgent first; the index is the rank used to pick the highest */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

const RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/** the more urgent of two severities */
export function moreSevere(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}

export const SEVERITY_INFO: Readonly<Record<Severity, { label: string; description: string }>> = {
  critical: { label: 'Critical', description: 'The DSL must acknowledge within 15 minutes.' },
  high: { label: 'High', description: 'Dealt with the same school day.' },
  medium: { label: 'Medium', description: 'Dealt with by the end of the next working day.' },
  low: { label: 'Low', description: 'Dealt with within a week.' },
};
