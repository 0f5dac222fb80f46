import { PhiloxRng } from '@replica/webgpu-kernels';
import { describe, expect, it } from 'vitest';
import { isLinearlySeparable, separationMargin } from './separability';

describe('isLinearlySeparable', () => {
  it('decides hand-made planar cases', () => {
    const n = 2;
    // (1,0) +, (0,1) +: separable by w = (1,1)
    const a = isLinearlySeparable(new Float64Array([1, 0, 0, 1]), [1, 1], { n });
    expect(a.separable).toBe(true);
    expect(separationMargin(new Float64Array([1, 0, 0, 1]), [1, 1], a.w as Float64Array, n)).toBeGreaterThan(0);
    // XOR through the origin: (1,0) +, (−1,0) +  → not separable
    expect(isLinearlySeparable(new Float64Array([1, 0, -1, 0]), [1, 1], { n }).separable).toBe(false);
    // x and −x with opposite labels is separable
    expect(isLinearlySeparable(new Float64Array([1, 2, -1, -2]), [1, -1], { n }).separable).toBe(true);
    // three directions 120° apart, all +: 0 in their hull
    const s = Math.sqrt(3) / 2;
    expect(isLinearlySeparable(new Float64Array([1, 0, -0.5, s, -0.5, -s]), [1, 1, 1], { n }).separable).toBe(false);
    // a zero point is never strictly on the right side
    expect(isLinearlySeparable(new Float64Array([0, 0, 1, 1]), [1, 1], { n }).separable).toBe(false);
  });

  it('treats P = 0 as separable and N = 1 by signs', () => {
    expect(isLinearlySeparable(new Float64Array(0), [], { n: 3 }).separable).toBe(true);
    expect(isLinearlySeparable(new Float64Array([2, -3, 0.5]), [1, -1, 1], { n: 1 }).separable).toBe(true);
    expect(isLinearlySeparable(new Float64Array([2, -3, 0.5]), [1, 1, 1], { n: 1 }).separable).toBe(false);
  });

  it('finds every set of P ≤ N Gaussian points separable (general position), with a verified w', () => {
    for (const [n, p] of [
      [5, 5],
      [40, 40],
      [100, 100],
    ] as const) {
      const rng = new PhiloxRng(n, 1);
      const x = new Float64Array(p * n);
      for (let k = 0; k < x.length; k++) x[k] = rng.nextNormal();
      const y = new Int8Array(p);
      for (let mu = 0; mu < p; mu++) y[mu] = rng.nextU32() & 1 ? 1 : -1;
      const r = isLinearlySeparable(x, y, { n });
      expect(r.separable).toBe(true);
      expect(separationMargin(x, y, r.w as Float64Array, n)).toBeGreaterThan(0);
    }
  });

  it('handles the largest intended sizes (N = 100, P = 4N) and duplicated points', () => {
    const n = 100;
    const p = 400;
    const rng = new PhiloxRng(9);
    const x = new Float64Array(p * n);
    for (let k = 0; k < x.length; k++) x[k] = rng.nextNormal();
    const y = new Int8Array(p);
    for (let mu = 0; mu < p; mu++) y[mu] = rng.nextU32() & 1 ? 1 : -1;
    expect(isLinearlySeparable(x, y, { n }).separable).toBe(false); // Cover: P(separable) ≈ 1e-20
    // 400 copies of 4 points: separable, and degenerate for the simplex
    const d = new Float64Array(p * 4);
    const yd = new Int8Array(p).fill(1);
    for (let mu = 0; mu < p; mu++) d[mu * 4 + (mu % 4)] = 1;
    const r = isLinearlySeparable(d, yd, { n: 4 });
    expect(r.separable).toBe(true);
    expect(separationMargin(d, yd, r.w as Float64Array, 4)).toBeGreaterThan(0);
  });

  it('rejects bad input, naming the argument', () => {
    expect(() => isLinearlySeparable(new Float64Array(3), [1], { n: 2 })).toThrow(/x:/);
    expect(() => isLinearlySeparable([1, 2] as unknown as Float64Array, [1], { n: 2 })).toThrow(/x:/);
    expect(() => isLinearlySeparable(new Float64Array(4), [1], { n: 2 })).toThrow(/y:/);
    expect(() => isLinearlySeparable(new Float64Array(2), [0], { n: 2 })).toThrow(/y:/);
    expect(() => isLinearlySeparable(new Float64Array([1, Number.NaN]), [1], { n: 2 })).toThrow(/x:/);
    expect(() => isLinearlySeparable(new Float64Array(2), [1], { n: 0 })).toThrow(/n:/);
  });
});
