import { INCIDENT_TYPES, PARTIES, PARTS, planEscalation, type IncidentFacts } from '../src/domain/index.js';

// a deterministic spread of facts (no Math.random: runs are comparable), built before timing
function variedFacts(count: number): IncidentFacts[] {
  let seed = 20_260_401;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const maybe = () => [true, false, undefined][next(3)];
  const out: IncidentFacts[] = [];
  while (out.length < count) {
    const types = [...new Set(Array.from({ length: 1 + next(3) }, () => INCIDENT_TYPES[next(INCIDENT_TYPES.length)]!))];
    const involved: IncidentFacts['involved'] = [];
    for (let i = next(4); i > 0; i--) {
      const entry = { party: PARTIES[next(PARTIES.length)]!, part: PARTS[next(PARTS.length)]! };
      if (!involved.some((e) => e.party === entry.party && e.part === entry.part)) involved.push(entry);
    }
    const reportedBy = next(4) === 0 ? 'pupil' : 'staff';
    if (reportedBy === 'pupil' && !involved.some((e) => e.party === 'pupil')) involved.push({ party: 'pupil', part: 'victim' });
    const invalidTogether = (a: string, b: string) =>
      involved.some((e) => e.party === a && e.part === 'victim') && involved.some((e) => e.party === a && e.part === b);
    if (invalidTogether('headteacher', 'instigator') || invalidTogether('chair-of-governors', 'instigator')) continue;
    const deliberate = maybe();
    const repeated = deliberate === false ? undefined : maybe();
    if (deliberate === false && types.some((t) => t === 'bypassing-security' || t === 'impersonation')) continue;
    out.push({
      reportedBy,
      involved,
      types,
      deliberate,
      repeated,
      immediateRisk: next(8) === 0,
      illegalSuspected: maybe(),
      outsideSchool: maybe(),
    });
  }
  return out;
}

/** times planEscalation over a varied set of facts; the facts are built first and not timed */
export function benchEngine(opts?: { iterations?: number }): { plansPerSecond: number; iterations: number } {
  const iterations = opts?.iterations ?? 200_000;
  const facts = variedFacts(1_000);
  for (let i = 0; i < 5_000; i++) planEscalation(facts[i % facts.length]!); // warm up the JIT
  const started = performance.now();
  for (let i = 0; i < iterations; i++) planEscalation(facts[i % facts.length]!);
  const seconds = (performance.now() - started) / 1000;
  return { plansPerSecond: Math.round(iterations / seconds), iterations };
}
