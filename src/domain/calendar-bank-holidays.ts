/**
 * England and Wales bank holidays 2025-2028 (gov.uk/bank-holidays), the default when a profile
 * lists none. Substitute days are included: Boxing Day 2026 and Christmas and Boxing Day 2027 fall
 * at weekends, and New Year's Day 2028 is a Saturday. A test checks every date is a weekday and
 * Good Friday / Easter Monday against the Easter computus. Extend before 2029.
 */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly string[] = [
  // 2025
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  // 2026: Boxing Day is a Saturday, so Monday 28 December is the substitute
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  // 2027: Christmas Day is a Saturday and Boxing Day a Sunday: Monday 27 and Tuesday 28 December
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
  // 2028: New Year's Day is a Saturday, so Monday 3 January is the substitute
  '2028-01-03',
  '2028-04-14',
  '2028-04-17',
  '2028-05-01',
  '2028-05-29',
  '2028-08-28',
  '2028-12-25',
  '2028-12-26',
];
