import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { priorInput, signChannelOutput } from './amp';

const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);
const runs = (n: number) => ({ numRuns: stress || n });

describe('sign channel and prior invariants', () => {
  propTest.prop(
    [
      fc.constantFrom(1, -1),
      fc.double({ min: -50, max: 50, noNaN: true }),
      fc.double({ min: 1e-4, max: 100, noNaN: true }),
    ],
    runs(300),
  )('y·g_out ≥ 0, −1/V ≤ ∂g_out ≤ 0, and (y, ω) → (−y, −ω) flips g', (y, omega, v) => {
    const { g, dg } = signChannelOutput(y, omega, v);
    expect(Number.isFinite(g) && Number.isFinite(dg)).toBe(true);
    expect(y * g).toBeGreaterThanOrEqual(0);
    expect(dg).toBeLessThanOrEqual(0);
    expect(dg).toBeGreaterThanOrEqual(-1 / v - 1e-9 / v);
    const f = signChannelOutput(-y, -omega, v);
    expect(f.g).toBe(-g);
    expect(f.dg).toBe(dg);
  });
  propTest.prop(
    [
      fc.constantFrom('gaussian' as const, 'binary' as const),
      fc.double({ min: 0, max: 1e3, noNaN: true }),
      fc.double({ min: -1e3, max: 1e3, noNaN: true }),
    ],
    runs(300),
  )('posterior variance in [0, 1] and |mean| ≤ 1 for binary', (prior, a, b) => {
    const { mean, variance } = priorInput(prior, a, b);
    expect(variance).toBeGreaterThanOrEqual(0);
    expect(variance).toBeLessThanOrEqual(1);
    if (prior === 'binary') expect(Math.abs(mean)).toBeLessThanOrEqual(1);
  });
});
