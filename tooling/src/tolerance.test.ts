import { describe, expect, it } from 'vitest';
import { allClose, assertAllClose } from './tolerance';

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
