// Teams' per-app-per-tenant rate limit, as a budget every sender of the tenant takes from: one process
// (SQLite) keeps it in memory; several instances on one PostgreSQL share one budget in the database, so
// together they stay under the limit instead of each using all of it. The per-conversation windows are
// not here: a conversation's sends go through one instance at a time (outbox rows are leased).
// adapters: in-process (src/adapters/in-process-rate-budget.ts), postgres (src/adapters/postgres/pg-rate-budget.ts).
// contract: test/ports/rate-budget.contract.ts.

/**
 * `all`: a call that may use the whole of the tenant's windows (alerts, case cards); `bulk`: one that
 * may only use a share of them (reminders, digests), leaving the rest free for the calls that cannot wait
 */
export type BudgetShare = 'all' | 'bulk';

export interface RateBudget {
  /**
   * takes one place for a call made at `now` (ms since the epoch) and answers 0, or takes nothing and
   * answers how many ms until the windows (and any pause) may let it go. the check and the taking are
   * one step: two callers, in one process or two, can never both take the last place.
   */
  take(now: number, share: BudgetShare): Promise<number>;
  /** nothing may be taken before `untilMs` (Teams answered 429s across the tenant); a later pause wins */
  pause(untilMs: number): Promise<void>;
}
