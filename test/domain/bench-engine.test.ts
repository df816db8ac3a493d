import { describe, expect, it } from 'vitest';
import { benchEngine } from '../../bench/engine.js';

describe('bench/engine', () => {
  it('plans every one of its varied facts without throwing and reports a rate', () => {
    const result = benchEngine({ iterations: 3_000 });
    expect(result.iterations).toBe(3_000);
    expect(result.plansPerSecond).toBeGreaterThan(0);
    expect(Number.isFinite(result.plansPerSecond)).toBe(true);
  });
});
