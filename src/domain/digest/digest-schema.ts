import { z } from 'zod';
import type { Digest } from './digest.js';

// the digest as it is stored once posted, read back for "post it again" and its status card: the
// governors must see the figures that were posted, so a damaged one fails rather than shows wrong figures.
// row keys are read as plain strings: a digest keeps the keys of the version that built it (its sanction
// rows were 'staff-A' and 'staff-B' before issue 13) and nothing reads them back, only the labels.

const cell = z.union([z.object({ value: z.number() }), z.object({ suppressed: z.literal(true) }), z.object({ notShown: z.literal(true) })]);
const change = z.union([z.object({ change: z.number() }), z.object({ notShown: z.literal(true) })]);
const median = z.union([
  z.object({ hours: z.number() }),
  z.object({ notShown: z.literal(true) }),
  z.object({ noDecisions: z.literal(true) }),
]);
const share = z.union([z.object({ percent: z.number() }), z.object({ notShown: z.literal(true) })]);

const row = <V extends z.ZodType>(value: V) =>
  z.object({
    key: z.string(),
    label: z.string(),
    thisTerm: value,
    previousTerm: value.nullable(),
    lastYear: value.nullable(),
    changeFromPreviousTerm: change.nullable(),
    changeFromLastYear: change.nullable(),
  });
const term = z.object({ name: z.string(), start: z.string(), end: z.string() });
const coverage = z.object({ total: cell, valid: cell, percent: share });

const storedDigestSchema = z.object({
  term,
  previousTerm: term.nullable(),
  lastYear: term.nullable(),
  incidents: row(cell),
  byRiskArea: z.array(row(cell)),
  byType: z.array(row(cell)),
  bySeverity: z.array(row(cell)),
  decisions: row(cell),
  medianHoursToDecision: row(median),
  serviceLevelMisses: row(cell),
  referrals: z.array(row(cell)),
  sanctions: z.array(row(cell)),
  openCases: z.object({ total: cell, byTerm: row(cell) }),
  aup: z.object({ staff: coverage, governors: coverage, pupils: coverage.optional() }).optional(),
  training: z.object({ total: cell, upToDate: cell, percent: share }).optional(),
  leavers: z.object({ found: cell, closed: cell }).optional(),
  reviews: z.object({ policyDueOn: z.string().optional(), filteringDueOn: z.string().optional() }),
});

/**
 * a stored digest, checked field by field. its output is a Digest but for the row keys (strings, see
 * above), so it is typed as one here, the one place that knows why that is safe.
 */
export const digestSchema = storedDigestSchema as z.ZodType<Digest>;
