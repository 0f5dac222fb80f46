import { PhiloxRng } from '@replica/webgpu-kernels';
import { describe, expect, it } from 'vitest';
import { simulateOnline } from './online';
import {
  committeeGeneralizationError,
  committeeOde,
  erfI2,
  erfI3,
  erfI4,
  perceptronGeneralizationError,
  perceptronOde,
} from './online-ode';

const I2 = Float64Array.of(1, 0, 0, 1);

describe('perceptronGeneralizationError', () => {
  it('is 1/2 at R = 0, 0 at perfect alignment, 1 at anti-alignment, arccos(ρ)/π between', () => {
    expect(perceptronGeneralizationError(0, 1)).toBe(0.5);
    expect(perceptronGeneralizationError(0, 7.3)).toBe(0.5);
    expect(perceptronGeneralizationError(2, 4)).toBe(0);
    expect(perceptronGeneralizationError(3, 9, 1)).toBe(0);
    expect(perceptronGeneralizationError(-2, 4)).toBe(1);
    expect(perceptronGeneralizationError(0.5, 1)).toBeCloseTo(1 / 3, 14);
    expect(perceptronGeneralizationError(1, 2, 2)).toBeCloseTo(1 / 3, 14);
  });
  it('rejects bad order parameters, naming them', () => {
    expect(() => perceptronGeneralizationError(0, 0)).toThrow(/^Q:/);
    expect(() => perceptronGeneralizationError(2, 1)).toThrow(/^R:/);
    expect(() => perceptronGeneralizationError(Number.NaN, 1)).toThrow(/^R:/);
    expect(() => perceptronGeneralizationError(0, 1, -1)).toThrow(/^T:/);
  });
});

describe('perceptronOde', () => {
  it('reproduces the closed-form Hebb solution R = ηα√(2/π), Q = Q0 + (2/π)η²α² + η²α', () => {
    const eta = 0.7;
    const alphas = [0, 0.5, 1, 2, 5, 10, 20];
    const o = perceptronOde({ rule: 'hebb', lr: eta, R0: 0, Q0: 1, alphas });
    alphas.forEach((a, k) => {
      expect(o.R[k]![0]).toBeCloseTo(eta * a * Math.sqrt(2 / Math.PI), 8);
      expect(o.Q[k]![0]).toBeCloseTo(1 + (2 / Math.PI) * eta * eta * a * a + eta * eta * a, 7);
    });
  });
  it('perceptron rule: ε_g starts at 1/2 from R = 0 and decreases monotonically, like α^(−1/3) late', () => {
    const alphas = [0, 1, 2, 5, 10, 20, 50, 100, 1000, 8000];
    const o = perceptronOde({ lr: 0.5, alphas });
    expect(o.eg[0]).toBe(0.5);
    for (let k = 1; k < alphas.length; k++) expect(o.eg[k]!).toBeLessThan(o.eg[k - 1]!);
    // ε_g ∝ α^(−1/3) asymptotically (Engel & Van den Broeck ch. 9): doubling α thrice → ×1/2
    const slope = Math.log(o.eg[9]! / o.eg[8]!) / Math.log(8);
    expect(slope).toBeCloseTo(-1 / 3, 1);
  });
  it('rejects bad options, naming them', () => {
    expect(() => perceptronOde({ lr: 0, alphas: [0, 1] })).toThrow(/^lr:/);
    expect(() => perceptronOde({ lr: 1, alphas: [0] })).toThrow(/^alphas:/);
    expect(() => perceptronOde({ lr: 1, alphas: [0, 1], R0: 2, Q0: 1 })).toThrow(/^R0:/);
    expect(() => perceptronOde({ lr: 1, alphas: [0, 1], Q0: 0 })).toThrow(/^Q0:/);
  });
});

describe('erf Gaussian averages I2, I3, I4', () => {
  it('I2 at its limits: ⟨g(u)²⟩ = 1/3 for unit variance, 0 for independent fields', () => {
    expect(erfI2(1, 1, 1)).toBeCloseTo(1 / 3, 14);
    expect(erfI2(1, 0, 2)).toBe(0);
  });
  it('agree with a Monte Carlo average over a correlated Gaussian (2·10^5 samples)', () => {
    const L = [
      [1, 0, 0, 0],
      [0.3, 0.8, 0, 0],
      [0.2, 0.4, 0.9, 0],
      [-0.1, 0.2, 0.3, 0.7],
    ];
    const C = new Float64Array(16);
    for (let a = 0; a < 4; a++)
      for (let b = 0; b < 4; b++) for (let c = 0; c < 4; c++) C[a * 4 + b]! += L[a]![c]! * L[b]![c]!;
    const rng = new PhiloxRng(11);
    const g = (x: number) => 2 * normalCdf(x) - 1;
    const gp = (x: number) => Math.sqrt(2 / Math.PI) * Math.exp((-x * x) / 2);
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    const n = 200_000;
    const z = [0, 0, 0, 0];
    const f = [0, 0, 0, 0];
    for (let t = 0; t < n; t++) {
      for (let c = 0; c < 4; c++) z[c] = rng.nextNormal();
      for (let a = 0; a < 4; a++) f[a] = L[a]!.reduce((s, l, c) => s + l * z[c]!, 0);
      s2 += g(f[0]!) * g(f[1]!);
      s3 += gp(f[0]!) * f[1]! * g(f[2]!);
      s4 += gp(f[0]!) * gp(f[1]!) * g(f[2]!) * g(f[3]!);
    }
    // Monte Carlo standard errors here are ≲ 1.5e-3
    expect(Math.abs(s2 / n - erfI2(C[0]!, C[1]!, C[5]!))).toBeLessThan(4e-3);
    expect(Math.abs(s3 / n - erfI3(C[0]!, C[1]!, C[2]!, C[6]!, C[10]!))).toBeLessThan(4e-3);
    expect(Math.abs(s4 / n - erfI4(C))).toBeLessThan(2e-3);
  });
});

/** Φ(x) through erf of spin-core would be circular; a plain series is enough for the test. */
function normalCdf(x: number): number {
  // Abramowitz & Stegun 26.2.17, |error| < 7.5e-8
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const d = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x >= 0 ? 1 - p : p;
}

describe('committeeGeneralizationError', () => {
  it('is 0 for a student equal to the teacher up to a permutation, and ½⟨ζ²⟩ = 1/3 for a silent student (M = 2)', () => {
    expect(committeeGeneralizationError(2, 2, I2, I2, I2)).toBeCloseTo(0, 14);
    expect(committeeGeneralizationError(2, 2, Float64Array.of(0, 1, 1, 0), I2, I2)).toBeCloseTo(0, 14);
    expect(committeeGeneralizationError(2, 2, new Float64Array(4), new Float64Array(4), I2)).toBeCloseTo(1 / 3, 14);
  });
  it('rejects wrong shapes, naming the argument', () => {
    expect(() => committeeGeneralizationError(2, 2, new Float64Array(3), I2, I2)).toThrow(/^R:/);
    expect(() => committeeGeneralizationError(0, 2, I2, I2, I2)).toThrow(/^K:/);
  });
});

/** Small, slightly asymmetric initial overlaps (K = M): R_in = r0(1 + 0.3·((7i + 3n) mod 5)), Q_ii = 0.2 + 0.05i. */
function smallInit(K: number, r0: number): { R0: Float64Array; Q0: Float64Array } {
  const R0 = new Float64Array(K * K);
  const Q0 = new Float64Array(K * K);
  for (let i = 0; i < K; i++) {
    for (let n = 0; n < K; n++) R0[i * K + n] = r0 * (1 + 0.3 * ((i * 7 + n * 3) % 5));
    Q0[i * K + i] = 0.2 + 0.05 * i;
  }
  return { R0, Q0 };
}

function escapeTime(eg: Float64Array, alpha: Float64Array, level: number): number {
  const k = eg.findIndex((e, j) => alpha[j]! > 5 && e < level);
  return k < 0 ? Number.POSITIVE_INFINITY : alpha[k]!;
}

describe('committeeOde (Saad–Solla)', () => {
  const alphas = Array.from({ length: 301 }, (_, k) => k);
  it('K = M = 2, η = 1, R(0) ~ 1e-3: a symmetric plateau ε_g ≈ 0.021 over α ∈ [15, 60], then specialization to ε_g → 0', () => {
    const o = committeeOde({ K: 2, M: 2, lr: 1, ...smallInit(2, 1e-3), alphas });
    const plateau = o.eg[30]!;
    expect(plateau).toBeGreaterThan(0.019);
    expect(plateau).toBeLessThan(0.023);
    for (let a = 15; a <= 60; a++) expect(Math.abs(o.eg[a]! / plateau - 1)).toBeLessThan(0.02);
    // on the plateau the student is unspecialized: all R_in nearly equal
    const Rp = o.R[30]!;
    expect(Math.max(...Rp) - Math.min(...Rp)).toBeLessThan(0.02 * Math.max(...Rp));
    // after the transition each student unit matches one teacher unit
    expect(o.eg[300]!).toBeLessThan(1e-6);
    const Rf = Array.from(o.R[300]!);
    const sorted = Rf.map(Math.abs).sort((a, b) => a - b);
    expect(sorted[3]).toBeCloseTo(1, 3);
    expect(sorted[2]).toBeCloseTo(1, 3);
    expect(sorted[1]).toBeLessThan(1e-3);
  });
  it('K = M = 3 also has the plateau, and the plateau lasts longer for smaller η and smaller R(0)', () => {
    const long = Array.from({ length: 201 }, (_, k) => 5 * k);
    const base = committeeOde({ K: 3, M: 3, lr: 0.5, ...smallInit(3, 1e-3), alphas: long });
    const slow = committeeOde({ K: 3, M: 3, lr: 0.25, ...smallInit(3, 1e-3), alphas: long });
    const closer = committeeOde({ K: 3, M: 3, lr: 0.5, ...smallInit(3, 1e-5), alphas: long });
    const level = 0.5 * base.eg[10]!; // half the plateau value (α = 50)
    const tBase = escapeTime(base.eg, base.alpha, level);
    expect(tBase).toBeGreaterThan(200);
    expect(tBase).toBeLessThan(500);
    expect(escapeTime(slow.eg, slow.alpha, level)).toBeGreaterThan(1.5 * tBase);
    expect(escapeTime(closer.eg, closer.alpha, level)).toBeGreaterThan(tBase + 50);
  });
  it('rejects bad options, naming them', () => {
    expect(() => committeeOde({ K: 2, M: 2, lr: 1, R0: [0], Q0: I2, alphas })).toThrow(/^R0:/);
    expect(() => committeeOde({ K: 2, M: 2, lr: -1, R0: I2, Q0: I2, alphas })).toThrow(/^lr:/);
  });
});

describe('simulateOnline', () => {
  it('perceptron: builds R(0), Q(0) exactly, |B|² = N, and is reproducible by seed', () => {
    const a = simulateOnline({ model: 'perceptron', n: 300, lr: 0.5, steps: 600, seed: 4, every: 100, R0: 0.3, Q0: 2 });
    expect(a.R[0]![0]).toBeCloseTo(0.3, 12);
    expect(a.Q[0]![0]).toBeCloseTo(2, 12);
    expect(a.T[0]).toBeCloseTo(1, 12);
    expect(Array.from(a.t)).toEqual([0, 100, 200, 300, 400, 500, 600]);
    expect(Array.from(a.alpha)).toEqual([0, 1 / 3, 2 / 3, 1, 4 / 3, 5 / 3, 2]);
    const b = simulateOnline({ model: 'perceptron', n: 300, lr: 0.5, steps: 600, seed: 4, every: 100, R0: 0.3, Q0: 2 });
    expect(b.eg).toEqual(a.eg);
    const c = simulateOnline({ model: 'perceptron', n: 300, lr: 0.5, steps: 600, seed: 5, every: 100, R0: 0.3, Q0: 2 });
    expect(c.eg).not.toEqual(a.eg);
  });

  it('perceptron rule at N = 1000, η = 0.5, α ≤ 20: ε_g(α) within 0.03 of the ODE at every record (2 seeds), mean gap ≤ 0.01', () => {
    // measured over 8 seeds: max |Δε_g| = 0.011, rms ≤ 0.007 per record (finite-N O(1/√N) fluctuations)
    const gaps: number[] = [];
    for (const seed of [1, 2]) {
      const s = simulateOnline({ model: 'perceptron', n: 1000, lr: 0.5, steps: 20_000, seed, every: 1000 });
      const o = perceptronOde({ lr: 0.5, alphas: Array.from(s.alpha) });
      s.eg.forEach((e, k) => {
        expect(Math.abs(e - o.eg[k]!)).toBeLessThan(0.03);
        gaps.push(e - o.eg[k]!);
      });
      expect(o.eg[20]).toBeCloseTo(0.084, 2);
    }
    expect(Math.abs(gaps.reduce((a, b) => a + b, 0) / gaps.length)).toBeLessThan(0.01);
  });

  it('Hebb rule at N = 1000, η = 1: ε_g(α) within 0.03 of the closed-form ODE, held-out error within 0.05', () => {
    const s = simulateOnline({
      model: 'perceptron',
      rule: 'hebb',
      n: 1000,
      lr: 1,
      steps: 8000,
      seed: 3,
      testSize: 1000,
    });
    const o = perceptronOde({ rule: 'hebb', lr: 1, alphas: Array.from(s.alpha) });
    s.eg.forEach((e, k) => {
      expect(Math.abs(e - o.eg[k]!)).toBeLessThan(0.03);
    });
    s.egTest!.forEach((e, k) => {
      expect(Math.abs(e - s.eg[k]!)).toBeLessThan(0.05);
    });
  });

  it('committee K = M = 2 at N = 500, η = 1: on the way to and along the plateau (α ≤ 20) ε_g within 15% + 0.003 of the ODE from the realised R(0), Q(0)', () => {
    const s = simulateOnline({ model: 'committee', n: 500, K: 2, M: 2, lr: 1, steps: 10_000, seed: 1, every: 500 });
    expect(s.T[0]).toBeCloseTo(1, 12);
    expect(s.T[1]).toBeCloseTo(0, 12);
    expect(s.Q[0]![0]).toBeGreaterThan(0.15);
    expect(s.Q[0]![0]).toBeLessThan(0.25);
    const o = committeeOde({ K: 2, M: 2, lr: 1, R0: s.R[0]!, Q0: s.Q[0]!, T: s.T, alphas: Array.from(s.alpha) });
    s.eg.forEach((e, k) => {
      expect(Math.abs(e - o.eg[k]!)).toBeLessThan(0.15 * o.eg[k]! + 0.003);
    });
  });

  it('rejects bad options, naming them', () => {
    const ok = { model: 'perceptron' as const, n: 10, lr: 1, steps: 10, seed: 1 };
    expect(() => simulateOnline({ ...ok, n: 1 })).toThrow(/^n:/);
    expect(() => simulateOnline({ ...ok, lr: 0 })).toThrow(/^lr:/);
    expect(() => simulateOnline({ ...ok, steps: 0 })).toThrow(/^steps:/);
    expect(() => simulateOnline({ ...ok, every: 0.5 })).toThrow(/^every:/);
    expect(() => simulateOnline({ ...ok, K: 2 })).toThrow(/^K, M:/);
    expect(() => simulateOnline({ ...ok, model: 'x' as 'perceptron' })).toThrow(/^model:/);
    expect(() => simulateOnline({ ...ok, R0: 2 })).toThrow(/^R0:/);
  });
});
