// which accounts the leaver ("zombie") review puts in front of the school: enabled accounts whose
// holder has left, that nobody has used for a while, or that the school does not list. Pure: the
// directory scan (ports/directory.ts) and the school's roster come in, the findings go out.
import type { DirectoryAccount } from '../../ports/directory.js';

export type LeaverReason = 'left' | 'dormant' | 'not-in-roster';

export interface LeaverFinding {
  account: DirectoryAccount;
  /** in this order, each at most once */
  reasons: LeaverReason[];
}

export interface SelectLeaversOptions {
  today: Date;
  /** an account whose last sign-in is more than this many whole days before `today` is dormant */
  dormantAfterDays: number;
  /** the ids the school lists as current staff, pupils and governors; without it no account is 'not-in-roster' */
  roster?: Set<string>;
  /** from the scan: when false, sign-in times are unknown and no account is 'dormant' */
  signInActivityAvailable: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * the enabled accounts with at least one reason, in the order given. Disabled and removed accounts are
 * already out of use and never listed. 'left': employeeLeaveDateTime is before `today`. 'dormant':
 * lastSignIn is more than dormantAfterDays before `today`, only when sign-in activity was available
 * (an account that never signed in has no lastSignIn and is not judged dormant: it may be new).
 * 'not-in-roster': a roster is given and the id is not on it. Dates that do not parse count as absent.
 */
export function selectLeavers(accounts: readonly DirectoryAccount[], options: SelectLeaversOptions): LeaverFinding[] {
  const { today, dormantAfterDays, roster, signInActivityAvailable } = options;
  if (!Number.isFinite(dormantAfterDays) || dormantAfterDays < 0)
    throw new RangeError(`dormantAfterDays must be 0 or more, got ${dormantAfterDays}`);
  const now = today.getTime();
  if (Number.isNaN(now)) throw new RangeError('today is not a valid date');
  const findings: LeaverFinding[] = [];
  for (const account of accounts) {
    if (!account.accountEnabled || account.removed) continue;
    const reasons: LeaverReason[] = [];
    const leftAt = instant(account.employeeLeaveDateTime);
    if (leftAt !== undefined && leftAt < now) reasons.push('left');
    const lastSignIn = instant(account.lastSignIn);
    if (signInActivityAvailable && lastSignIn !== undefined && now - lastSignIn > dormantAfterDays * DAY_MS) reasons.push('dormant');
    if (roster && !roster.has(account.id)) reasons.push('not-in-roster');
    if (reasons.length > 0) findings.push({ account, reasons });
  }
  return findings;
}

function instant(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? undefined : at;
}
