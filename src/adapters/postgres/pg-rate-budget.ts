// Teams' per-tenant rate limit in the shared database: every instance takes each call's place from the
// one rate_budget row (migration 2's rate_budget_take: the row locked, the windows checked and the call
// recorded in one round trip), so two instances together keep to the limit one would alone. The
// windows are the same sliding windows the in-process budget keeps (in-process-rate-budget.ts).
// Times are the callers' clocks: instances a few ms apart only shift a call by those ms, and the
// limits we keep are 90% of Microsoft's.
import type pg from 'pg';
import type { BudgetShare, RateBudget } from '../../ports/rate-budget.js';
import { bulkWindows, checkWindows, type RateWindow, type TenantBudgetLimits } from '../in-process-rate-budget.js';

export class PostgresRateBudget implements RateBudget {
  private readonly all: { windows: number[]; maxes: number[] };
  private readonly bulk: { windows: number[]; maxes: number[] };

  /** `scope`: the row this budget lives in (one per tenant; the default for a school's own tenant) */
  constructor(
    private readonly pool: pg.Pool,
    limits: TenantBudgetLimits,
    private readonly scope = 'tenant',
  ) {
    checkWindows(limits.windows);
    const arrays = (ws: readonly RateWindow[]) => ({ windows: ws.map((w) => w.windowMs), maxes: ws.map((w) => w.max) });
    this.all = arrays(limits.windows);
    this.bulk = arrays(bulkWindows(limits.windows, limits.bulkShare));
  }

  async take(now: number, share: BudgetShare): Promise<number> {
    const { windows, maxes } = share === 'bulk' ? this.bulk : this.all;
    const { rows } = await this.pool.query<{ wait: number }>('SELECT rate_budget_take($1, $2, $3, $4) AS wait', [
      this.scope,
      Math.floor(now),
      windows,
      maxes,
    ]);
    return Math.max(0, rows[0]!.wait);
  }

  async pause(untilMs: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO rate_budget (scope, paused_until) VALUES ($1, $2)
       ON CONFLICT (scope) DO UPDATE SET paused_until = GREATEST(rate_budget.paused_until, EXCLUDED.paused_until)`,
      [this.scope, Math.ceil(untilMs)],
    );
  }
}
