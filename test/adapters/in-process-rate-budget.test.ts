// the in-process budget (one process: SQLite) against the RateBudget contract the database's also passes
import { InProcessRateBudget } from '../../src/adapters/in-process-rate-budget.js';
import { rateBudgetContract } from '../ports/rate-budget.contract.js';

rateBudgetContract('in-process', (limits) => {
  const budget = new InProcessRateBudget(limits);
  return Promise.resolve({ a: budget, b: budget, cleanup: () => Promise.resolve() });
});
