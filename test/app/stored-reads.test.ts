import { describe, expect, it } from 'vitest';
import {
  buildDigest,
  parseIncidentFacts,
  planEscalation,
  profileRoles,
  schoolCalendar,
  type DigestCase,
  type IncidentFacts,
} from '../../src/domain/index.js';
import { planOf } from '../../src/app/casework/case-file.js';
import { digestOf } from '../../src/app/digest/post-digest.js';
import { CorruptRecordError, toJson } from '../../src/ports/stored-data.js';
import type { Json } from '../../src/ports/incident-store.js';
import { exampleProfile } from '../support/test-bot.js';

// a case's plan and a posted digest are stored as JSON and read back through the domain's schemas:
// what the engine and the digest wrote reads back equal, and a damaged one fails naming the row

const stored = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;
const roles = profileRoles(exampleProfile());
const planFor = (facts: IncidentFacts) => {
  const parsed = parseIncidentFacts(facts);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return planEscalation(parsed.value, roles);
};

describe('a stored plan, read back', () => {
  it.each<[string, IncidentFacts]>([
    ['cyberbullying by a pupil', { reportedBy: 'staff', types: ['cyberbullying'], involved: [{ party: 'pupil', part: 'victim' }] }],
    ['grooming: critical, referrals now', { reportedBy: 'staff', types: ['grooming'], involved: [{ party: 'pupil', part: 'victim' }] }],
    [
      'nude images shared by a member of staff: an allegation, with roles excluded',
      {
        reportedBy: 'staff',
        types: ['nude-image-sharing'],
        involved: [
          { party: 'pupil', part: 'victim' },
          { party: 'staff', part: 'instigator' },
        ],
      },
    ],
    ['a data breach', { reportedBy: 'staff', types: ['data-breach'], involved: [] }],
  ])('%s: equals the plan the engine made', (_, facts) => {
    const plan = planFor(facts);
    expect(planOf({ id: 'case-1', plan: stored(plan) })).toEqual(plan);
  });

  it('a plan missing who is notified fails naming the case and the field', () => {
    const { notify: _, ...plan } = planFor({ reportedBy: 'staff', types: ['grooming'], involved: [{ party: 'pupil', part: 'victim' }] });
    expect(() => planOf({ id: 'case-7', plan: stored(plan) })).toThrow(
      new CorruptRecordError({ table: 'incidents', row: 'case-7', column: 'plan' }, ['notify: invalid_type, expected array']),
    );
    expect(() => planOf({ id: 'case-7', plan: stored(plan) })).toThrow(
      'incidents row case-7: plan cannot be read (notify: invalid_type, expected array)',
    );
  });

  it('a plan naming a role the school does not have fails, saying which roles it may name', () => {
    const plan = {
      ...planFor({ reportedBy: 'staff', types: ['grooming'], involved: [{ party: 'pupil', part: 'victim' }] }),
      approver: 'caretaker',
    };
    expect(() => planOf({ id: 'case-8', plan: stored(plan) })).toThrow(/^incidents row case-8: plan cannot be read \(approver: /);
  });
});

describe('a stored digest, read back', () => {
  const calendar = schoolCalendar({
    closureDays: [],
    terms: [
      { name: 'Autumn 2025', start: '2025-09-03', end: '2025-12-19' },
      { name: 'Summer 2026', start: '2026-04-13', end: '2026-07-22' },
      { name: 'Autumn 2026', start: '2026-09-02', end: '2026-12-18' },
    ],
  });
  const kase = (reportedAt: string, more: Partial<DigestCase> = {}): DigestCase => ({
    reportedAt,
    types: ['cyberbullying'],
    severity: 'high',
    slaMissed: false,
    referrals: [],
    open: false,
    ...more,
  });
  const digest = buildDigest({
    cases: [
      ...Array.from({ length: 4 }, (_, i) =>
        kase(`2026-10-0${i + 1}T10:00:00Z`, { decidedAt: `2026-10-0${i + 1}T14:00:00Z`, sanction: 'staff-A' }),
      ),
      kase('2026-10-12T10:00:00Z', { open: true, referrals: ['ceop'], slaMissed: true }),
      kase('2026-05-12T10:00:00Z'),
      kase('2025-10-12T10:00:00Z', { types: ['grooming'], severity: 'critical' }),
    ],
    term: calendar.terms[2]!,
    calendar,
    aup: { staff: { total: 40, valid: 38 }, governors: { total: 9, valid: 9 }, pupils: { total: 300, valid: 1 } },
    training: { total: 40, upToDate: 30 },
    leavers: { found: 2, closed: 2 },
    reviews: { policyDueOn: '2027-09-01' },
  });

  it('equals the digest that was posted, with every optional part', () => {
    expect(digestOf({ id: 'digest-1', digest: stored(digest) })).toEqual(digest);
  });

  it("reads a digest posted before issue 13, whose sanction rows were keyed 'staff-A' and 'staff-B'", () => {
    const old = stored({
      ...digest,
      sanctions: digest.sanctions.map((r, i) => (r.key === 'staff' ? { ...r, key: `staff-${'AB'[i % 2]}` } : r)),
    });
    expect(digestOf({ id: 'digest-0', digest: old }).sanctions.map((r) => r.label)).toEqual(digest.sanctions.map((r) => r.label));
  });

  it('a digest whose figure is not a number fails naming it, and shows no wrong figure', () => {
    const damaged = stored({ ...digest, incidents: { ...digest.incidents, thisTerm: { value: 'five' } } });
    expect(() => digestOf({ id: 'digest-2', digest: damaged })).toThrow(
      /^digests row digest-2: digest cannot be read \(incidents\.thisTerm: none of its shapes/,
    );
  });
});

describe('toJson', () => {
  it('takes a domain value as the store JSON, unchanged, and refuses what JSON would change (checked by tsc)', () => {
    const plan = planFor({ reportedBy: 'staff', types: ['grooming'], involved: [{ party: 'pupil', part: 'victim' }] });
    expect(toJson(plan)).toBe(plan);
    // @ts-expect-error a Date would be stored as a string and read back as one
    expect(toJson({ at: new Date(0) })).toEqual({ at: new Date(0) });
    // @ts-expect-error a function would be dropped
    expect(Object.keys(toJson({ f: () => 1 }) as object)).toEqual(['f']);
  });
});
