import { describe, expect, it } from 'vitest';
import { allClose, assertAllClose, f32UlpDistance, meanTolerance } from './tolerance';

describe('allClose', () => {
  it('accepts values within atol + rtol·|e| and reports the worst element otherwise', () => {
    expect(allClose([1, 2.001], [1, 2], { rtol: 1e-3 }).ok).toBe(true);
    const r = allClose([1, 2.01, 3.5], [1, 2, 3], { rtol: 1e-3 });
    expect(r.ok).toBe(false);
    expect(r.index).toBe(2);
  });
  it('matches NaN only with NaN and infinities only with the same sign', () => {
    expect(allClose([Number.NaN, Number.POSITIVE_INFINITY], [Number.NaN, Number.POSITIVE_INFINITY], {}).ok).toBe(true);
    expect(allClose([Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY], { atol: 1e300 }).ok).toBe(false);
    expect(allClose([0], [Number.NaN], { atol: 1 }).ok).toBe(false);
  });
  it('fails on a length mismatch', () => {
    expect(allClose([1], [1, 2], { atol: 1 }).ok).toBe(false);
    expect(() => assertAllClose([1], [2], { atol: 0.5 })).toThrow(/element 0/);
  });
});

describe('f32UlpDistance', () => {
  it('counts representable f32 values between two numbers, across zero', () => {
    expect(f32UlpDistance(1, 1)).toBe(0);
    expect(f32UlpDistance(1, 1 + 2 ** -23)).toBe(1);
    expect(f32UlpDistance(-0, 0)).toBe(0);
    expect(f32UlpDistance(2 ** -149, -(2 ** -149))).toBe(2);
    expect(f32UlpDistance(1, Number.NaN)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('meanTolerance', () => {
  it('is z·σ/√n', () => {
    expect(meanTolerance(2, 100, 4)).toBeCloseTo(0.8, 12);
  });
});
