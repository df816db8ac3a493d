// what governors may see of a count (issue 9), and suppression that cannot be undone by subtraction (issue 13).
//
// Primary: a count of 1 or 2 is "fewer than 3"; 0 stays 0.
//
// Staff: a count about staff (sanctions of staff, referrals to the LADO or to HR) is a number only from 3.
// Below that it reads "fewer than 3" even when it is 0. In a school, governors who learn that one member of
// staff was disciplined or referred can usually tell who; if none were shown as "0", then "fewer than 3"
// would itself say "it happened". So none, one and two look the same.
//
// Complementary: most rows come in groups tied to a total, so a hidden count could be worked out from
// the total and the rows shown (a total of 4 with one row of 3 shown gives the hidden 1 away). The digest's
// groups, in each term's column (checked by an adversary in test/domain/digest.test.ts):
//   severities   add up to the incidents exactly (a case has one severity)
//   risk areas   add up to at least the incidents, each at most the incidents (a case counts once in each area it touches)
//   types        of one area add up to at least the area's count, each at most the area's count
//   sanctions    add up to at most the incidents (a case has at most one sanction)
//   still open   by term, across the three terms, add up to at most the cases still open from any term
// Most cases have one type, so a reader takes the "at least" groups to add up exactly: both readings are checked.
// In a group with a small count:
//   - if no other row is 3 or more (or the group's total is itself hidden), every row is hidden, 0s too;
//   - if, reading every shown figure, each small count could still be 1 or 2, they stay "fewer than 3";
//   - otherwise the small counts are hidden, and so is the smallest other non-zero count (every row tied at it).
// The first is not only for groups where a small count is given away: if it were, hiding a group of
// 1s and 2s would say it was one of those (five areas of 1 for 5 incidents, where 2, 2 and 1 would be shown).
// Every row hidden this way reads "not shown", the small ones too. If the small ones still said "fewer than 3",
// the reader would know the others were 3 or more: with a total of 4, "fewer than 3" and "not shown"
// can only be 1 and 3. Read alike, the hidden rows can hold their sum in more than one way: one of them is
// 1 or 2, another is 3 or more, and nothing says which is which. The rule looks at values and not at the
// rows' order, so swapping two hidden rows' values gives the same page: no hidden row's value is certain.
// A change between terms is shown only when both of its figures are.

/** counts below this (and above 0) are never shown */
export const SUPPRESS_BELOW = 3;
export const SUPPRESSED_TEXT = 'fewer than 3';
export const NOT_SHOWN_TEXT = 'not shown';

/**
 * a count as governors see it: the number; "fewer than 3" (1 or 2; for a staff count, 0, 1 or 2); or
 * "not shown" (any number: hidden so that a small count in its group cannot be worked out)
 */
export type Cell = { value: number } | { suppressed: true } | { notShown: true };

const SUPPRESSED: Cell = Object.freeze({ suppressed: true });
const NOT_SHOWN: Cell = Object.freeze({ notShown: true });

const isSmall = (count: number): boolean => count > 0 && count < SUPPRESS_BELOW;

/** a count as governors may see it on its own: 0 and 3 or more as they are, 1 and 2 suppressed */
export function cell(count: number): Cell {
  return isSmall(count) ? { ...SUPPRESSED } : { value: count };
}

/** a count about staff: shown from 3; none, one and two all read "fewer than 3" */
export function staffCell(count: number): Cell {
  return count < SUPPRESS_BELOW ? { ...SUPPRESSED } : { value: count };
}

/** how a group's rows stand to its total (see the groups above) */
export type GroupSum = 'equal' | 'at-least' | 'at-most';

/** one row of a group: its count, and whether it is a count about staff (see staffCell) */
export interface GroupRow {
  count: number;
  staff?: boolean;
}

/**
 * the values (of 1 and 2) a reader could find for one small row from the total and the other rows, as
 * shown: a number as it is; "fewer than 3" 1 or 2 (a staff count 0, 1 or 2); every row at most the total
 */
function valuesOfASmallRow(total: Cell, alone: readonly Cell[], staff: readonly boolean[], sum: GroupSum): number[] {
  const totals = 'value' in total ? [total.value] : [1, 2];
  let shown = 0;
  let small = 0;
  let staffHidden = 0;
  alone.forEach((c, i) => {
    if ('value' in c) shown += c.value;
    else if (staff[i]) staffHidden++;
    else small++;
  });
  return [1, 2].filter((v) =>
    totals.some((t) => {
      if (v > t) return false;
      const least = shown + v + (small - 1);
      const most = shown + v + (small - 1 + staffHidden) * Math.min(2, t);
      return sum === 'equal' ? least <= t && t <= most : sum === 'at-least' ? most >= t : least <= t;
    }),
  );
}

/** whether a reader could tell some small row's value from the group as shown; see the rule at the top */
function smallRowGivenAway(total: Cell, alone: readonly Cell[], staff: readonly boolean[], sum: GroupSum): boolean {
  // no value at all: the figures cannot add up that way, so that reading tells the reader nothing
  const certain = (reading: GroupSum) => valuesOfASmallRow(total, alone, staff, reading).length === 1;
  return certain(sum) || (sum === 'at-least' && certain('equal'));
}

/**
 * the rows of a group tied to `total` (the total's cell as governors see it), suppressed so that no
 * small count can be worked out from the total and the rows shown. Pure; the rule is at the top of this file.
 */
export function protectGroup(total: Cell, rows: readonly GroupRow[], sum: GroupSum): Cell[] {
  const staff = rows.map((r) => r.staff === true);
  const alone = rows.map((r) => (r.staff ? staffCell(r.count) : cell(r.count)));
  const hideAll = () => rows.map(() => ({ ...NOT_SHOWN }));
  // a total hidden to protect another group: its rows would give its value away (an area's one type, say)
  if ('notShown' in total) return hideAll();
  if (!rows.some((r) => !r.staff && isSmall(r.count))) return alone;
  // a staff row is never the one hidden beside a small count: its 0 to 2 would tell the two apart
  const others = alone.flatMap((c, i) => (!staff[i] && 'value' in c && c.value > 0 ? [c.value] : []));
  if (others.length === 0) return hideAll();
  if (!smallRowGivenAway(total, alone, staff, sum)) return alone;
  const least = Math.min(...others);
  return alone.map((c, i) => ('value' in c && (staff[i] || c.value !== least) ? c : { ...NOT_SHOWN }));
}
