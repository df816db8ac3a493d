// the trust-level digest (src/domain/digest/trust-digest.ts): each school's figures as its governors see
// them, and a trust total only where no school's figure in the column is hidden.
import { describe, expect, it } from 'vitest';
import {
  buildDigest,
  schoolCalendar,
  trustDigest,
  type DigestCase,
  type IncidentType,
  type Severity,
  type Term,
} from '../../src/domain/index.js';

const autumn: Term = { name: 'Autumn 2026', start: '2026-09-02', end: '2026-12-18' };
const calendar = schoolCalendar({ closureDays: [], terms: [autumn] });
const kase = (severity: Severity, more: Partial<DigestCase> = {}, types: IncidentType[] = ['cyberbullying']): DigestCase => ({
  reportedAt: '2026-10-05T10:00:00Z',
  types,
  severity,
  slaMissed: false,
  referrals: [],
  open: false,
  ...more,
});
const digestOf = (cases: DigestCase[]) => buildDigest({ cases, term: autumn, calendar, reviews: {} });
const decided = { decidedAt: '2026-10-05T14:00:00Z' };

describe('the trust digest', () => {
  it('puts each school beside the others and adds up columns where every figure is shown', () => {
    const view = trustDigest('Aspire Learning Trust', [
      {
        school: 'Rowan',
        digest: digestOf([...Array.from({ length: 4 }, () => kase('medium', decided)), kase('high', { ...decided, open: true })]),
      },
      { school: 'Larch Hill', digest: digestOf(Array.from({ length: 6 }, () => kase('medium', decided))) },
    ]);
    expect(view.schools.map((s) => [s.school, s.term, s.figures.reports, s.figures.decisions])).toEqual([
      ['Rowan', 'Autumn 2026', '5', '5'],
      ['Larch Hill', 'Autumn 2026', '6', '6'],
    ]);
    expect(view.totals.reports).toBe('11');
    expect(view.totals.decisions).toBe('11');
    // Rowan's one high case is hidden (and so is the other figure of its group): no total can be shown
    expect(view.schools[0]!.figures.high).toBe('not shown');
    expect(view.totals.high).toBe('not shown');
    expect(view.schools[0]!.medianHours).toBe('4');
  });

  it("hides a total beside a school's small count, so that it cannot be worked out by subtraction", () => {
    const view = trustDigest('Trust', [
      { school: 'A', digest: digestOf([kase('medium')]) },
      { school: 'B', digest: digestOf(Array.from({ length: 7 }, () => kase('medium'))) },
    ]);
    expect(view.schools.map((s) => s.figures.reports)).toEqual(['fewer than 3', '7']);
    expect(view.totals.reports).toBe('not shown');
  });

  it('adds zeros: no reports anywhere is 0, not hidden', () => {
    const view = trustDigest('Trust', [
      { school: 'A', digest: digestOf([]) },
      { school: 'B', digest: digestOf([]) },
    ]);
    expect(view.totals).toEqual({ reports: '0', critical: '0', high: '0', decisions: '0', misses: '0', open: '0' });
  });
});
