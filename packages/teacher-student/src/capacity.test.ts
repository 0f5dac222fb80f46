import { describe, expect, it } from 'vitest';
import {
  BINARY_PERCEPTRON_CAPACITY,
  BINARY_TEACHER_STUDENT_THRESHOLD,
  coverProbability,
  coverProbabilityAlpha,
  gardnerCapacity,
  separableFraction,
} from './capacity';

/** C(P, N)/2^P from the exact BigInt sum, to ~16 significant digits even when it underflows Number. */
function coverReference(p: number, n: number): number {
  if (p <= n) return 1;
  const m = p - 1;
  let term = 1n;
  let sum = 0n;
  for (let k = 0; k < n; k++) {
    sum += term;
    term = (term * BigInt(m - k)) / BigInt(k + 1);
  }
  const bits = sum.toString(2).length;
  const shift = Math.max(0, bits - 60);
  return Number(sum >> BigInt(shift)) * 2 ** (shift - m);
}

describe('coverProbability', () => {
  it('is 1 for P ≤ N', () => {
    for (const n of [1, 2, 7, 40, 500])
      for (const p of [0, 1, Math.ceil(n / 2), n]) expect(coverProbability(p, n)).toBe(1);
  });

  it('is exactly 1/2 at P = 2N', () => {
    for (const n of [1, 2, 3, 10, 40, 100, 512, 513, 2000]) expect(coverProbability(2 * n, n)).toBe(0.5);
  });

  it('matches hand values: N = 1 gives 2^{1−P}; C(3, 2)/8 = 3/4; C(4, 2)/16 = 1/2', () => {
    for (const p of [1, 2, 5, 30]) expect(coverProbability(p, 1)).toBe(2 ** (1 - p));
    expect(coverProbability(3, 2)).toBe(0.75);
    expect(coverProbability(5, 2)).toBe(5 / 16);
  });

  it('satisfies the recurrence C(P+1, N) = C(P, N) + C(P, N−1), on both sides of the exact/log switch', () => {
    for (const [p, n] of [
      [30, 12],
      [1023, 500],
      [1024, 520],
      [1500, 700],
      [3000, 1400],
    ] as const) {
      const lhs = 2 * coverProbability(p + 1, n);
      const rhs = coverProbability(p, n) + coverProbability(p, n - 1);
      expect(Math.abs(lhs - rhs) / rhs).toBeLessThan(1e-11);
    }
  });

  it('agrees with the exact BigInt sum in the log-space regime (P > 1024), tails included', () => {
    for (const [p, n] of [
      [1100, 100],
      [1100, 540],
      [1500, 760],
      [2000, 1200],
      [4000, 1000],
    ] as const) {
      const ref = coverReference(p, n);
      const got = coverProbability(p, n);
      expect(Math.abs(got - ref) / ref, `P = ${p}, N = ${n}`).toBeLessThan(1e-10);
    }
  });

  it('approaches the step Θ(2 − α) as N grows', () => {
    expect(coverProbabilityAlpha(1.8, 2000)).toBeGreaterThan(0.999);
    expect(coverProbabilityAlpha(2.2, 2000)).toBeLessThan(0.001);
    expect(coverProbabilityAlpha(2, 40)).toBe(0.5);
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => coverProbability(-1, 3)).toThrow(/p:/);
    expect(() => coverProbability(2.5, 3)).toThrow(/p:/);
    expect(() => coverProbability(3, 0)).toThrow(/n:/);
    expect(() => coverProbabilityAlpha(Number.NaN, 3)).toThrow(/alpha:/);
  });
});

describe('gardnerCapacity', () => {
  /** ∫_{−κ}^∞ Dt (t + κ)² by composite Simpson on [−κ, 14]. */
  function quadrature(kappa: number): number {
    const a = -kappa;
    const b = 14;
    const steps = 20_000;
    const h = (b - a) / steps;
    const f = (t: number) => (Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI)) * (t + kappa) ** 2;
    let s = f(a) + f(b);
    for (let k = 1; k < steps; k++) s += (k % 2 ? 4 : 2) * f(a + k * h);
    return (s * h) / 3;
  }

  it('gives Cover’s α_c = 2 at κ = 0', () => {
    expect(Math.abs(gardnerCapacity(0) - 2)).toBeLessThan(1e-12);
  });

  it('matches direct quadrature of [∫_{−κ}^∞ Dt (t + κ)²]⁻¹', () => {
    for (const kappa of [0, 0.25, 0.5, 1, 2, 4]) expect(gardnerCapacity(kappa)).toBeCloseTo(1 / quadrature(kappa), 9);
  });

  it('decreases monotonically in κ and behaves as 1/κ² for large κ', () => {
    let prev = Number.POSITIVE_INFINITY;
    for (let kappa = 0; kappa <= 20; kappa += 0.1) {
      const a = gardnerCapacity(kappa);
      expect(a).toBeLessThan(prev);
      prev = a;
    }
    // (1 + κ²)Φ(κ) + κφ(κ) → 1 + κ²
    for (const kappa of [10, 30, 100]) expect(gardnerCapacity(kappa) * (1 + kappa * kappa)).toBeCloseTo(1, 12);
    expect(gardnerCapacity(10) * 100).toBeGreaterThan(0.98);
  });

  it('refuses κ < 0 and non-finite κ', () => {
    expect(() => gardnerCapacity(-0.1)).toThrow(/kappa:/);
    expect(() => gardnerCapacity(Number.POSITIVE_INFINITY)).toThrow(/kappa:/);
  });

  it('exports the binary-weight literature values', () => {
    expect(BINARY_PERCEPTRON_CAPACITY).toBe(0.833);
    expect(BINARY_TEACHER_STUDENT_THRESHOLD).toBe(1.245);
  });
});

describe('separableFraction', () => {
  it('matches Cover within 4σ at N = 40 for Gaussian inputs', () => {
    const trials = 200;
    for (const alpha of [1.5, 2, 2.5]) {
      const r = separableFraction({ n: 40, alpha, trials, seed: 7 });
      expect(r.points).toBe(Math.round(alpha * 40));
      expect(r.cover).toBe(coverProbability(r.points, 40));
      const sigma = Math.sqrt((r.cover * (1 - r.cover)) / trials);
      expect(Math.abs(r.p - r.cover), `α = ${alpha}: p = ${r.p}, Cover ${r.cover}`).toBeLessThanOrEqual(
        4 * sigma + 1 / trials,
      );
      expect(r.stderr).toBeCloseTo(Math.sqrt((r.p * (1 - r.p)) / trials), 15);
    }
  });

  it('is 1 below P = N and reproducible from the seed', () => {
    expect(separableFraction({ n: 20, alpha: 0.9, trials: 30, seed: 3, inputs: 'binary' }).p).toBe(1);
    const a = separableFraction({ n: 12, alpha: 2, trials: 50, seed: 5n });
    const b = separableFraction({ n: 12, alpha: 2, trials: 50, seed: 5n });
    expect(a).toEqual(b);
  });

  it('with ±1 inputs tracks Cover at N = 40 (asymptotically exact)', () => {
    const r = separableFraction({ n: 40, alpha: 2, trials: 200, seed: 11, inputs: 'binary' });
    expect(Math.abs(r.p - 0.5)).toBeLessThan(0.15);
  });

  it('rejects bad options, naming them', () => {
    expect(() => separableFraction({ n: 0, alpha: 1, trials: 1, seed: 1 })).toThrow(/n:/);
    expect(() => separableFraction({ n: 4, alpha: -1, trials: 1, seed: 1 })).toThrow(/alpha:/);
    expect(() => separableFraction({ n: 4, alpha: 1, trials: 0, seed: 1 })).toThrow(/trials:/);
    expect(() =>
      separableFraction({ n: 4, alpha: 1, trials: 1, seed: 1, inputs: 'uniform' as unknown as 'binary' }),
    ).toThrow(/inputs:/);
    expect(() => separableFraction({ n: 4, alpha: 1, trials: 1, seed: -1 })).toThrow(/seed/);
  });
});
