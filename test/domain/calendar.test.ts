import { describe, expect, it } from 'vitest';
import {
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  addWorkingDays,
  isSchoolDay,
  isWorkingDay,
  londonDate,
  previousTerm,
  sameTermLastYear,
  schoolCalendar,
  termContaining,
  type Term,
} from '../../src/domain/index.js';
import { loadSeedProfile } from './support/seed-profiles.js';

const calendar = schoolCalendar(loadSeedProfile('example-school'));
const at = (iso: string) => new Date(iso);

describe('England and Wales bank holidays 2025-2028', () => {
  it('includes the 2026 and 2027 dates, substitute days too', () => {
    for (const day of [
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]) {
      expect(ENGLAND_AND_WALES_BANK_HOLIDAYS).toContain(day);
    }
    expect(ENGLAND_AND_WALES_BANK_HOLIDAYS).toHaveLength(32);
  });

  it('falls only on weekdays', () => {
    for (const day of ENGLAND_AND_WALES_BANK_HOLIDAYS) expect([0, 6]).not.toContain(new Date(`${day}T12:00:00Z`).getUTCDay());
  });

  it('has Good Friday and Easter Monday where the Easter computus puts them', () => {
    // anonymous Gregorian algorithm (Meeus/Jones/Butcher), an independent oracle for the list
    const easter = (y: number) => {
      const a = y % 19,
        b = Math.floor(y / 100),
        c = y % 100,
        d = Math.floor(b / 4),
        e = b % 4;
      const f = Math.floor((b + 8) / 25),
        g = Math.floor((b - f + 1) / 3),
        h = (19 * a + b - d - g + 15) % 30;
      const i = Math.floor(c / 4),
        k = c % 4,
        l = (32 + 2 * e + 2 * i - h - k) % 7,
        m = Math.floor((a + 11 * h + 22 * l) / 451);
      return Date.UTC(y, Math.floor((h + l - 7 * m + 114) / 31) - 1, ((h + l - 7 * m + 114) % 31) + 1);
    };
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    for (const y of [2025, 2026, 2027, 2028]) {
      expect(ENGLAND_AND_WALES_BANK_HOLIDAYS).toContain(iso(easter(y) - 2 * 86_400_000));
      expect(ENGLAND_AND_WALES_BANK_HOLIDAYS).toContain(iso(easter(y) + 86_400_000));
    }
  });
});

describe('working days and school days (Europe/London)', () => {
  it.each([
    ['Good Friday 2026', '2026-04-03T10:00:00Z', false],
    ['Easter Monday 2026', '2026-04-06T10:00:00Z', false],
    ['the Tuesday after Easter 2026', '2026-04-07T10:00:00Z', true],
    ['Christmas Day 2026 (a Friday)', '2026-12-25T10:00:00Z', false],
    ['Monday 28 December 2026, the Boxing Day substitute', '2026-12-28T10:00:00Z', false],
    ['Tuesday 29 December 2026', '2026-12-29T10:00:00Z', true],
    ['Monday 27 December 2027, the Christmas substitute', '2027-12-27T10:00:00Z', false],
    ['Tuesday 28 December 2027, the Boxing Day substitute', '2027-12-28T10:00:00Z', false],
    ['Monday 3 January 2028, the New Year substitute', '2028-01-03T10:00:00Z', false],
    ['a Saturday', '2026-03-28T10:00:00Z', false],
    ['an INSET closure day in the profile', '2026-09-01T10:00:00Z', false],
    ['00:30 BST on Monday 30 March 2026 (still Sunday in UTC)', '2026-03-29T23:30:00Z', true],
    ['23:30 GMT on Sunday 25 October 2026', '2026-10-25T23:30:00Z', false],
    ['00:30 GMT on Monday 26 October 2026', '2026-10-26T00:30:00Z', true],
  ])('isWorkingDay: %s -> %s', (_name, iso, expected) => {
    expect(isWorkingDay(at(iso), calendar)).toBe(expected);
  });

  it.each([
    ['the first day of the autumn term', '2026-09-02T09:00:00Z', true],
    ['a half-term weekday (working, not school)', '2026-10-27T10:00:00Z', false],
    ['after the autumn term ends', '2026-12-21T10:00:00Z', false],
    ['the spring INSET day', '2027-01-04T10:00:00Z', false],
    ['the first day of the spring term', '2027-01-05T10:00:00Z', true],
    ['00:30 BST on the first day of term (1 September in UTC)', '2026-09-01T23:30:00Z', true],
  ])('isSchoolDay: %s -> %s', (_name, iso, expected) => {
    expect(isSchoolDay(at(iso), calendar)).toBe(expected);
  });

  it("uses the profile's own bank holidays when it lists them (e.g. a school in Scotland)", () => {
    const scotland = schoolCalendar({ terms: [], closureDays: [], bankHolidays: ['2026-01-02', '2026-08-03'] });
    expect(isWorkingDay(at('2026-01-02T10:00:00Z'), scotland)).toBe(false);
    expect(isWorkingDay(at('2026-08-31T10:00:00Z'), scotland)).toBe(true);
  });

  it('adds working days over the Easter weekend, keeping the London wall-clock time across the clock change', () => {
    // Thursday 25 March 2027 10:00 GMT; Good Friday 26, Easter Monday 29; clocks go forward on the 28th
    expect(addWorkingDays(at('2027-03-25T10:00:00Z'), 1, calendar).toISOString()).toBe('2027-03-30T09:00:00.000Z');
    expect(londonDate(addWorkingDays(at('2027-03-25T10:00:00Z'), 2, calendar))).toBe('2027-03-31');
  });
});

describe('terms', () => {
  const t = (name: string, start: string, end: string): Term => ({ name, start, end });
  const twoYears = schoolCalendar({
    closureDays: [],
    terms: [
      t('Summer 2026', '2026-04-13', '2026-07-22'),
      t('Autumn 2025', '2025-09-03', '2025-12-19'),
      t('Spring 2026', '2026-01-05', '2026-03-27'),
      t('Autumn 2026', '2026-09-02', '2026-12-18'),
      t('Spring 2027', '2027-01-05', '2027-03-26'),
      t('Summer 2027', '2027-04-12', '2027-07-21'),
    ],
  });

  it.each([
    ['a half-term day is inside its term', '2026-10-27T10:00:00Z', 'Autumn 2026'],
    ['Christmas is in no term', '2026-12-25T10:00:00Z', undefined],
    ['00:30 BST on 2 September is the first day of term', '2026-09-01T23:30:00Z', 'Autumn 2026'],
  ])('termContaining: %s', (_name, iso, expected) => {
    expect(termContaining(at(iso), twoYears)?.name).toBe(expected);
  });

  it('finds the previous term and the same term last year', () => {
    const spring27 = twoYears.terms.find((x) => x.name === 'Spring 2027')!;
    expect(previousTerm(spring27, twoYears)?.name).toBe('Autumn 2026');
    expect(sameTermLastYear(spring27, twoYears)?.name).toBe('Spring 2026');
    expect(
      sameTermLastYear(
        twoYears.terms.find((x) => x.name === 'Summer 2027')!,
        twoYears,
      )?.name,
    ).toBe('Summer 2026');
    expect(
      sameTermLastYear(
        twoYears.terms.find((x) => x.name === 'Autumn 2025')!,
        twoYears,
      ),
    ).toBeUndefined();
    expect(previousTerm(twoYears.terms[0]!, twoYears)).toBeUndefined();
  });
});
