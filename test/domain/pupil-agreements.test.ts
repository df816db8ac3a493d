import { describe, expect, it } from 'vitest';
import { pupilAgreementVersion, pupilsWithoutAgreement, schoolYearOf } from '../../src/domain/index.js';

describe("pupils' paper agreements (Camden 3.3: pupils sign with their parents each school year)", () => {
  it.each([
    ['2026-08-31T22:59:59Z', '2025'], // 23:59 on 31 August in London (BST)
    ['2026-08-31T23:00:00Z', '2026'], // midnight, 1 September, London
    ['2026-12-25T12:00:00Z', '2026'],
    ['2027-07-20T12:00:00Z', '2026'],
  ])('%s is in the school year starting %s', (instant, year) => {
    expect(schoolYearOf(new Date(instant))).toBe(year);
  });

  it('lists the pupils not yet confirmed for that school year only, in roster order', () => {
    const roster = [{ aadObjectId: 'ava' }, { aadObjectId: 'leo' }, { aadObjectId: 'mia' }];
    const agreements = [
      { personId: 'leo', version: pupilAgreementVersion('2026') },
      { personId: 'ava', version: pupilAgreementVersion('2025') },
    ];
    expect(pupilAgreementVersion('2026')).toBe('pupils-2026');
    expect(pupilsWithoutAgreement(roster, agreements, '2026').map((p) => p.aadObjectId)).toEqual(['ava', 'mia']);
  });
});
