import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  brent,
  ConvergenceError,
  erf,
  erfc,
  findRoots,
  fixedPoint,
  fixedPointScalar,
  gaussHermite,
  gaussianExpectation,
  gaussianExpectationAdaptive,
  H,
  integrate,
  integrateAdaptive,
  invertMatrix,
  logH,
  normalCdf,
  rk4,
  solveLinear,
} from './index';

describe('special functions', () => {
  it('match tabulated values (Abramowitz & Stegun table 7.1, 26.2)', () => {
    expect(erf(0.5)).toBeCloseTo(0.520499877813047, 15);
    expect(erf(1)).toBeCloseTo(0.842700792949715, 15);
    expect(erfc(3)).toBeCloseTo(2.20904969985854e-5, 18);
    expect(H(1.96)).toBeCloseTo(0.0249978951482204, 15);
    expect(normalCdf(-1)).toBeCloseTo(0.158655253931457, 15);
  });
  it('handle 0, ±∞ and NaN', () => {
    expect(erf(0)).toBe(0);
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(H(Number.NEGATIVE_INFINITY)).toBe(1);
    expect(H(Number.POSITIVE_INFINITY)).toBe(0);
    expect(H(0)).toBe(0.5);
    expect(Number.isNaN(erf(Number.NaN))).toBe(true);
    expect(Number.isNaN(H(Number.NaN))).toBe(true);
  });
  it('log H stays finite far in the tail and matches the asymptotic series', () => {
    // Where H is representable, log H directly; beyond, the asymptotic series
    // log H(x) = −x²/2 − log(x√(2π)) + log(1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸ − …), error < 10⁻¹¹ at x ≥ 40.
    for (const x of [10, 30]) expect(logH(x)).toBeCloseTo(Math.log(H(x)), 11);
    for (const x of [40, 200]) {
      const series = 1 - 1 / x ** 2 + 3 / x ** 4 - 15 / x ** 6 + 105 / x ** 8;
      const asym = -0.5 * x * x - Math.log(x * Math.sqrt(2 * Math.PI)) + Math.log(series);
      expect(logH(x)).toBeCloseTo(asym, 10);
    }
    expect(logH(1)).toBeCloseTo(Math.log(H(1)), 14);
    expect(logH(5)).toBeCloseTo(Math.log(H(5)), 12);
  });
  propTest.prop({ x: fc.double({ min: -6, max: 6, noNaN: true }) })('H(x) + H(−x) = 1 and erf is odd', ({ x }) => {
    expect(H(x) + H(-x)).toBeCloseTo(1, 14);
    expect(erf(-x)).toBe(-erf(x));
  });
});

describe('Gauss–Hermite quadrature', () => {
  it('integrates Gaussian moments exactly: ∫Dz z^{2k} = (2k − 1)!!', () => {
    expect(gaussianExpectation(() => 1, 10)).toBeCloseTo(1, 14);
    expect(gaussianExpectation((z) => z * z, 10)).toBeCloseTo(1, 13);
    expect(gaussianExpectation((z) => z ** 4, 10)).toBeCloseTo(3, 12);
    expect(gaussianExpectation((z) => z ** 10, 10)).toBeCloseTo(945, 9);
    expect(gaussianExpectation((z) => z ** 3, 7)).toBeCloseTo(0, 13);
  });
  it('adaptive Gauss–Kronrod is exact on polynomials and accurate on steps, where Gauss–Hermite is not', () => {
    expect(integrate((x) => x ** 20, -1, 1)).toBeCloseTo(2 / 21, 14);
    expect(gaussianExpectationAdaptive((z) => z ** 4)).toBeCloseTo(3, 11);
    // ∫Dz sign(z − κ) = 2H(κ) − 1 exactly; a step defeats Gauss–Hermite
    expect(gaussianExpectationAdaptive((z) => (z > 0.3 ? 1 : -1))).toBeCloseTo(2 * H(0.3) - 1, 8);
    // ∫Dz tanh²(az) → 1 − √(2/π)·(2/a)·∫… : compare with a fine Simpson sum at a = 20
    const simpson = (f: (z: number) => number) => {
      const m = 200_000;
      const h = 24 / m;
      let s = 0;
      for (let k = 0; k <= m; k++) {
        const z = -12 + k * h;
        s += (k === 0 || k === m ? 1 : k % 2 ? 4 : 2) * f(z) * Math.exp(-0.5 * z * z);
      }
      return (s * h) / 3 / Math.sqrt(2 * Math.PI);
    };
    const steep = (z: number) => Math.tanh(20 * z) ** 2;
    expect(gaussianExpectationAdaptive(steep)).toBeCloseTo(simpson(steep), 10);
    expect(Math.abs(gaussianExpectation(steep, 101) - simpson(steep))).toBeGreaterThan(0.05);
    expect(() => integrate((x) => 1 / x, -1, 1, { maxPanels: 50 })).toThrow(ConvergenceError);
  });
  it('gives ∫Dz e^{az} = e^{a²/2} and ∫Dz H(z) = ½', () => {
    expect(gaussianExpectation((z) => Math.exp(0.7 * z), 40)).toBeCloseTo(Math.exp(0.245), 13);
    expect(gaussianExpectation((z) => H(z), 80)).toBeCloseTo(0.5, 12);
  });
  it('has symmetric nodes, positive weights summing to √π, for many sizes', () => {
    for (const n of [1, 2, 5, 64, 150, 300]) {
      const { nodes, weights } = gaussHermite(n);
      let s = 0;
      for (let k = 0; k < n; k++) {
        expect(nodes[k]).toBeCloseTo(-(nodes[n - 1 - k] as number), 10);
        expect(weights[k]).toBeGreaterThanOrEqual(0);
        if (k > 0) expect(nodes[k]).toBeGreaterThan(nodes[k - 1] as number);
        s += weights[k] as number;
      }
      expect(s).toBeCloseTo(Math.sqrt(Math.PI), 12);
    }
    expect(() => gaussHermite(0)).toThrow(/n: expected an integer in \[1, 300\]/);
  });
});

describe('root finding', () => {
  it('brent finds roots to the tolerance and refuses a non-bracket', () => {
    expect(brent((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 14);
    expect(brent(Math.cos, 0, 3)).toBeCloseTo(Math.PI / 2, 14);
    expect(() => brent((x) => x * x + 1, -1, 1)).toThrow(/does not bracket a root/);
  });
  it('findRoots returns every separated root of the Curie–Weiss equation m = tanh(1.5 m)', () => {
    const roots = findRoots((m) => Math.tanh(1.5 * m) - m, -1, 1, 1000);
    expect(roots).toHaveLength(3);
    expect(roots[1]).toBeCloseTo(0, 14);
    expect(roots[2]).toBeCloseTo(0.85855963664011, 12);
    expect(roots[0]).toBeCloseTo(-(roots[2] as number), 12);
  });
});

describe('fixed points', () => {
  it('converge with damping where plain iteration oscillates, and report the residual', () => {
    // x = 3.5·x(1 − x) has an unstable fixed point 5/7 that damping stabilises.
    const f = (x: number) => 3.5 * x * (1 - x);
    expect(() => fixedPointScalar(f, 0.3, { maxIterations: 500, name: 'logistic' })).toThrow(ConvergenceError);
    const r = fixedPointScalar(f, 0.3, { damping: 0.7 });
    expect(r.x).toBeCloseTo(5 / 7, 11);
    expect(r.residual).toBeLessThanOrEqual(1e-12);
  });
  it('throws a ConvergenceError carrying the residual and names the equation', () => {
    try {
      fixedPoint(
        (x, out) => {
          out[0] = (x[0] as number) + 1;
        },
        [0],
        { maxIterations: 10, name: 'runaway' },
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConvergenceError);
      expect((e as ConvergenceError).residual).toBe(1);
      expect((e as Error).message).toMatch(/runaway: no convergence in 10 iterations/);
    }
    expect(() => fixedPointScalar(() => Number.NaN, 0)).toThrow(/not finite/);
    expect(() => fixedPointScalar((x) => x, 0, { damping: 1 })).toThrow(/damping/);
  });
});

describe('ODE integrators', () => {
  const decay = (_t: number, y: Float64Array, d: Float64Array) => {
    d[0] = -y[0]!;
  };
  const oscillator = (_t: number, y: Float64Array, d: Float64Array) => {
    d[0] = y[1]!;
    d[1] = -y[0]!;
  };
  it('RK4 has 4th-order error on y′ = −y', () => {
    const e = (steps: number) => Math.abs(rk4(decay, [1], [0, 1], steps).y[1]![0]! - Math.exp(-1));
    expect(e(10)).toBeLessThan(1e-6);
    expect(e(10) / e(20)).toBeGreaterThan(14); // 2^4 = 16
  });
  it('Dormand–Prince meets its tolerance on the harmonic oscillator over 10 periods', () => {
    const times = Array.from({ length: 11 }, (_, k) => 2 * Math.PI * k);
    const s = integrateAdaptive(oscillator, [1, 0], times, { rtol: 1e-10, atol: 1e-12 });
    for (const y of s.y) {
      expect(y[0]).toBeCloseTo(1, 7);
      expect(y[1]).toBeCloseTo(0, 7);
    }
    expect(s.steps).toBeGreaterThan(10);
  });
  it('throws when a solution blows up in finite time (y′ = y², y(0) = 1)', () => {
    const blowUp = (_t: number, y: Float64Array, d: Float64Array) => {
      d[0] = y[0]! ** 2;
    };
    expect(() => integrateAdaptive(blowUp, [1], [0, 2])).toThrow(ConvergenceError);
    expect(() => rk4(decay, [1], [0, 0])).toThrow(/increase strictly/);
  });
});

describe('linear algebra', () => {
  it('inverts and solves, and refuses singular matrices', () => {
    const a = [4, 1, 2, 1, 3, 0, 2, 0, 5];
    const inv = invertMatrix(a, 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += a[i * 3 + k]! * inv[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 13);
      }
    expect(Array.from(solveLinear(a, [7, 4, 7], 3)).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 1, 1]);
    expect(() => invertMatrix([1, 2, 2, 4], 2)).toThrow(/singular/);
    expect(() => invertMatrix([1, 2, 3], 2)).toThrow(/expected 2×2/);
  });
});
