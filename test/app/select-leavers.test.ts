import { describe, expect, it } from 'vitest';
import type { DirectoryAccount } from '../../src/ports/directory.js';
import { selectLeavers, type LeaverReason } from '../../src/app/leavers/select-leavers.js';

const TODAY = new Date('2026-11-24T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(TODAY.getTime() - n * DAY).toISOString();
const daysAhead = (n: number) => new Date(TODAY.getTime() + n * DAY).toISOString();

const account = (over: Partial<DirectoryAccount>): DirectoryAccount => ({
  id: 'u1',
  displayName: 'Alex Jones',
  userPrincipalName: 'alex.jones@oakfield.sch.uk',
  accountEnabled: true,
  ...over,
});

describe('selectLeavers', () => {
  const cases: { name: string; account: Partial<DirectoryAccount>; roster?: string[]; available?: boolean; reasons: LeaverReason[] }[] = [
    { name: 'current, recently signed in, on the roster', account: { lastSignIn: daysAgo(3) }, roster: ['u1'], reasons: [] },
    { name: 'leave date yesterday', account: { employeeLeaveDateTime: daysAgo(1) }, reasons: ['left'] },
    {
      name: 'leave date a minute ago',
      account: { employeeLeaveDateTime: new Date(TODAY.getTime() - 60_000).toISOString() },
      reasons: ['left'],
    },
    { name: 'leave date now is not yet past', account: { employeeLeaveDateTime: TODAY.toISOString() }, reasons: [] },
    { name: 'leave date next term', account: { employeeLeaveDateTime: daysAhead(40) }, reasons: [] },
    { name: 'last sign-in 91 days ago (limit 90)', account: { lastSignIn: daysAgo(91) }, reasons: ['dormant'] },
    { name: 'last sign-in exactly 90 days ago is not older than 90', account: { lastSignIn: daysAgo(90) }, reasons: [] },
    { name: 'last sign-in 89 days ago', account: { lastSignIn: daysAgo(89) }, reasons: [] },
    { name: 'old sign-in, but sign-in activity unavailable', account: { lastSignIn: daysAgo(400) }, available: false, reasons: [] },
    { name: 'never signed in (may be new) is not dormant', account: {}, reasons: [] },
    { name: 'not on the roster', account: { lastSignIn: daysAgo(1) }, roster: ['u2', 'u3'], reasons: ['not-in-roster'] },
    { name: 'no roster given: nobody is not-in-roster', account: { lastSignIn: daysAgo(1) }, reasons: [] },
    { name: 'empty roster: everyone is not-in-roster', account: { lastSignIn: daysAgo(1) }, roster: [], reasons: ['not-in-roster'] },
    {
      name: 'all three',
      account: { employeeLeaveDateTime: daysAgo(200), lastSignIn: daysAgo(180) },
      roster: ['u2'],
      reasons: ['left', 'dormant', 'not-in-roster'],
    },
    {
      name: 'disabled account is already out of use',
      account: { accountEnabled: false, employeeLeaveDateTime: daysAgo(200), lastSignIn: daysAgo(180) },
      roster: [],
      reasons: [],
    },
    { name: 'removed account is gone', account: { removed: true, employeeLeaveDateTime: daysAgo(200) }, roster: [], reasons: [] },
    { name: 'unparseable dates count as absent', account: { employeeLeaveDateTime: 'soon', lastSignIn: 'a while ago' }, reasons: [] },
  ];

  it.each(cases)('$name → [$reasons]', ({ account: over, roster, available, reasons }) => {
    const findings = selectLeavers([account(over)], {
      today: TODAY,
      dormantAfterDays: 90,
      signInActivityAvailable: available ?? true,
      ...(roster ? { roster: new Set(roster) } : {}),
    });
    expect(findings.map((f) => f.reasons)).toEqual(reasons.length > 0 ? [reasons] : []);
    if (reasons.length > 0) expect(findings[0]!.account).toEqual(account(over));
  });

  it('keeps the order given and lists only accounts with a reason', () => {
    const accounts = [
      account({ id: 'a', employeeLeaveDateTime: daysAgo(10) }),
      account({ id: 'b', lastSignIn: daysAgo(1) }),
      account({ id: 'c', lastSignIn: daysAgo(365) }),
    ];
    expect(
      selectLeavers(accounts, { today: TODAY, dormantAfterDays: 30, signInActivityAvailable: true }).map((f) => [f.account.id, f.reasons]),
    ).toEqual([
      ['a', ['left']],
      ['c', ['dormant']],
    ]);
  });

  it('refuses a negative threshold or an invalid date', () => {
    expect(() => selectLeavers([], { today: TODAY, dormantAfterDays: -1, signInActivityAvailable: true })).toThrow(RangeError);
    expect(() => selectLeavers([], { today: new Date('nope'), dormantAfterDays: 30, signInActivityAvailable: true })).toThrow(RangeError);
  });
});
