// the digest section of `npm run bench` (--only digest): the governors' termly digest (issue 9,
// src/domain/digest) built over 100,000 incidents, against the target of under one second. The cases
// are generated first (deterministic, untimed) across sixteen months, so the digest's term, the term
// before and the same term last year all hold thousands. The baseline is a plain loop counting the
// same cases by type: the least any digest has to do.
import { performance } from 'node:perf_hooks';
import {
  AGENCIES,
  DIGEST_SANCTIONS,
  INCIDENT_TYPES,
  SEVERITIES,
  buildDigest,
  digestRows,
  schoolCalendar,
  show,
  type DigestCase,
  type Term,
} from '../src/domain/index.js';

const TARGET_MS = 1000;
const RUNS = 5;

const term = (name: string, start: string, end: string): Term => ({ name, start, end });
const calendar = schoolCalendar({
  closureDays: [],
  terms: [
    term('Autumn 2025', '2025-09-03', '2025-12-19'),
    term('Spring 2026', '2026-01-05', '2026-03-27'),
    term('Summer 2026', '2026-04-13', '2026-07-22'),
    term('Autumn 2026', '2026-09-02', '2026-12-18'),
    term('Spring 2027', '2027-01-05', '2027-03-26'),
  ],
});
const autumn2026 = calendar.terms[3]!;

/** a deterministic spread (no Math.random: runs are comparable) from 1 September 2025 to 18 December 2026 */
export function generateCases(count: number): DigestCase[] {
  let seed = 20_261_124;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((seed / 2_147_483_648) * n); // the high bits: an LCG's low bits repeat with a short period
  };
  const from = Date.parse('2025-09-01T00:00:00Z');
  const span = Date.parse('2026-12-18T17:00:00Z') - from;
  const cases: DigestCase[] = [];
  for (let i = 0; i < count; i++) {
    const reported = from + Math.floor((i / count) * span) + next(3_600_000);
    const types = [...new Set(Array.from({ length: 1 + next(2) }, () => INCIDENT_TYPES[next(INCIDENT_TYPES.length)]!))];
    const decided = next(10) < 9 ? reported + next(72) * 3_600_000 + next(3_600_000) : undefined;
    const sanction = next(5) === 0 ? DIGEST_SANCTIONS[next(DIGEST_SANCTIONS.length)] : undefined;
    cases.push({
      reportedAt: new Date(reported).toISOString(),
      types,
      severity: SEVERITIES[next(SEVERITIES.length)]!,
      ...(decided === undefined ? {} : { decidedAt: new Date(decided).toISOString() }),
      slaMissed: next(20) === 0,
      referrals: next(6) === 0 ? [AGENCIES[next(AGENCIES.length)]!] : [],
      ...(sanction ? { sanction } : {}),
      open: next(12) === 0,
    });
  }
  return cases;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** the baseline: each case's types counted into an array, nothing else */
function countByType(cases: readonly DigestCase[]): number[] {
  const index = new Map<string, number>(INCIDENT_TYPES.map((t, i) => [t, i]));
  const counts = INCIDENT_TYPES.map(() => 0);
  for (const c of cases) for (const t of c.types) counts[index.get(t)!]!++;
  return counts;
}

export async function digestSection(options: { cases?: number } = {}): Promise<{ lines: string[]; figures: Record<string, number> }> {
  const count = options.cases ?? 100_000;
  process.stderr.write(`bench: digest: buildDigest over ${count} generated cases, ${RUNS} runs, against a loop counting them by type\n`);
  const cases = generateCases(count);

  const digestMs: number[] = [];
  const baselineMs: number[] = [];
  let digest: ReturnType<typeof buildDigest> | undefined;
  let typed = 0;
  // the first digest run is cold (the app builds one digest a term); the runs alternate with the baseline's
  for (let run = 0; run < RUNS; run++) {
    let start = performance.now();
    digest = buildDigest({ cases, term: autumn2026, calendar, reviews: { policyDueOn: '2027-03-01' } });
    digestMs.push(performance.now() - start);
    start = performance.now();
    typed = countByType(cases).reduce((a, b) => a + b, 0);
    baselineMs.push(performance.now() - start);
  }
  const d = digest!;
  const slowest = Math.max(...digestMs);
  const ratio = median(digestMs) / median(baselineMs);
  const pass = slowest < TARGET_MS;
  const inTerms = [d.incidents.thisTerm, d.incidents.previousTerm, d.incidents.lastYear].map((c) => (c ? show(c) : '—'));
  const lines = [
    `digest: buildDigest over ${count} cases (${inTerms[0]} in ${d.term.name}, ${inTerms[1]} in ${d.previousTerm?.name}, ${inTerms[2]} in ${d.lastYear?.name}; ${typed} type entries), ${digestRows(d).length} table rows`,
    `  buildDigest: first (cold) ${digestMs[0]!.toFixed(1)} ms, median of ${RUNS} ${median(digestMs).toFixed(1)} ms, slowest ${slowest.toFixed(1)} ms`,
    `  baseline (a loop counting the same cases by type): median ${median(baselineMs).toFixed(2)} ms; ratio digest/baseline ${ratio.toFixed(1)}`,
    `  ${pass ? 'PASS' : 'FAIL'}: slowest ${slowest.toFixed(1)} ms for ${count} cases (target < ${TARGET_MS} ms)`,
  ];
  return {
    lines,
    figures: {
      digestCases: count,
      digestFirstMs: digestMs[0]!,
      digestMedianMs: median(digestMs),
      digestSlowestMs: slowest,
      digestBaselineMs: median(baselineMs),
      digestRatio: ratio,
      digestPass: pass ? 1 : 0,
    },
  };
}
