import { describe, expect, it } from 'vitest';
import { gaussianEquivalentSimulation, RELU_GAUSSIAN_EQUIVALENT, randomFeaturesSimulation } from './random-features';
import { randomFeaturesOptimalRisk, randomFeaturesRisk } from './random-features-theory';
import { ridgeRisk } from './ridge';

const { mu1, muStar } = RELU_GAUSSIAN_EQUIVALENT;
const noise = 0.25;

describe('randomFeaturesRisk — exact reductions', () => {
  it('μ₁ → 0: pure-noise features are ridge on p dimensions with no signal and noise 1 + Δ', () => {
    // z = μ_* ξ' carries no information on x: the student fits noise of variance 1 + Δ with
    // P/p samples per parameter and ridge λ/μ_*²; the O(μ₁²) = 1e-10 remainder bounds the tolerance.
    for (const [alpha, widthRatio, lambda] of [
      [1, 0.5, 0.1],
      [1, 2, 0.1],
      [0.5, 3, 0.01],
      [2, 0.25, 1e-3],
    ] as const) {
      const ms = 0.3;
      const r = randomFeaturesRisk({ alpha, widthRatio, lambda, noise, mu1: 1e-5, muStar: ms });
      const ridge = ridgeRisk({ alpha: 1 / widthRatio, lambda: lambda / ms ** 2, noise: 1 + noise });
      expect(Math.abs(r.testError - (1 + noise + ridge.variance))).toBeLessThan(1e-8);
      expect(r.approximation).toBeCloseTo(1, 8);
    }
  });

  it('μ_* = 0, ridgeless, P > D, p ≥ D: least squares on x, Δα/(α − 1) excess, exactly', () => {
    for (const [alpha, widthRatio] of [
      [2, 0.5],
      [2, 3],
      [4, 0.3],
    ] as const) {
      const r = randomFeaturesRisk({ alpha, widthRatio, lambda: 0, noise, muStar: 0 });
      expect(r.approximation).toBe(0);
      expect(r.testError).toBeCloseTo(ridgeRisk({ alpha, lambda: 0, noise }).testError, 12);
    }
  });

  it('μ_* = 0 at finite width and λ > 0 is not isotropic ridge on x (FᵀF/p ≠ I), but tends to it as p/P → ∞', () => {
    const base = { alpha: 0.7, lambda: 0.1, noise, muStar: 0 };
    const ridge = ridgeRisk({ alpha: 0.7, lambda: 0.1 / mu1 ** 2, noise }).testError;
    const finite = randomFeaturesRisk({ ...base, widthRatio: 3 }).testError;
    expect(Math.abs(finite - ridge)).toBeGreaterThan(1e-2);
    // the gap closes like 1/width: two decades of width shrink it by two decades (±5%)
    const d4 = randomFeaturesRisk({ ...base, widthRatio: 1e4 }).testError - ridge;
    const d6 = randomFeaturesRisk({ ...base, widthRatio: 1e6 }).testError - ridge;
    expect(Math.abs(d6)).toBeLessThan(1e-6);
    expect(d4 / d6).toBeGreaterThan(95);
    expect(d4 / d6).toBeLessThan(105);
  });

  it('p/P → ∞ at fixed λ: kernel ridge = ridge on x with λ_eff = (λ + μ_*²)/μ₁²', () => {
    // z·z'/p → μ₁² x·x'/D + μ_*² δ_xx': the nonlinear part of σ is an extra ridge μ_*².
    for (const [alpha, lambda] of [
      [0.5, 0.3],
      [2, 0.01],
      [1, 0],
      [3, 1],
    ] as const) {
      const ridge = ridgeRisk({ alpha, lambda: (lambda + muStar ** 2) / mu1 ** 2, noise }).testError;
      const d4 = randomFeaturesRisk({ alpha, widthRatio: 1e4, lambda, noise }).testError - ridge;
      const d6 = randomFeaturesRisk({ alpha, widthRatio: 1e6, lambda, noise }).testError - ridge;
      expect(Math.abs(d6)).toBeLessThan(1e-5); // O(P/p) = 1e-6 times an O(1) constant
      expect(d4 / d6).toBeGreaterThan(95);
      expect(d4 / d6).toBeLessThan(105);
    }
  });

  it('null error 1 + Δ: λ → ∞, α = 0, and α → 0 at fixed ψ = p/D', () => {
    for (const lambda of [1e6, 1e9]) {
      const r = randomFeaturesRisk({ alpha: 1, widthRatio: 2, lambda, noise });
      expect(Math.abs(r.testError - (1 + noise))).toBeLessThan(10 / lambda); // O(1/λ) approach
    }
    expect(randomFeaturesRisk({ alpha: 0, widthRatio: 2, lambda: 0.1, noise }).testError).toBe(1 + noise);
    // α → 0 with the width p = ψD fixed (widthRatio = ψ/α → ∞), ridgeless included
    for (const lambda of [0, 0.1]) {
      const r = randomFeaturesRisk({ alpha: 1e-6, widthRatio: 2 / 1e-6, lambda, noise });
      expect(Math.abs(r.testError - (1 + noise))).toBeLessThan(1e-5);
    }
    // at fixed p/P instead the student keeps fitting noise: the limit is not the null error
    const fixedRatio = randomFeaturesRisk({ alpha: 1e-6, widthRatio: 2, lambda: 0, noise });
    expect(fixedRatio.testError).toBeCloseTo((1 + noise) * 2, 4); // min-norm on p = 2P pure-noise features
  });

  it('splits as Δ + bias + variance with variance ∝ Δ and bias independent of Δ; κ solves its fixed point', () => {
    for (const [alpha, widthRatio, lambda] of [
      [1, 1, 0.01],
      [0.5, 4, 0.1],
      [2, 0.3, 0],
      [2, 3, 0],
    ] as const) {
      const a = randomFeaturesRisk({ alpha, widthRatio, lambda, noise: 0.2 });
      const b = randomFeaturesRisk({ alpha, widthRatio, lambda, noise: 0.6 });
      expect(a.testError).toBeCloseTo(0.2 + a.bias + a.variance, 13);
      expect(b.bias).toBeCloseTo(a.bias, 12);
      expect(b.variance / a.variance).toBeCloseTo(3, 10);
      expect(randomFeaturesRisk({ alpha, widthRatio, lambda, noise: 0 }).variance).toBe(0);
      // κ − λ_H = κ df₁/P with λ_H = λ p/P
      expect(a.kappa - lambda * widthRatio).toBeCloseTo(a.kappa * a.df1, 10);
      expect(a.df2).toBeLessThan(1);
      expect(a.psi).toBeCloseTo(alpha * widthRatio, 14);
    }
  });

  it('the ridgeless limit λ → 0⁺ is continuous off the peak and diverges like λ^(-1/2) at p = P', () => {
    for (const widthRatio of [0.7, 1.4]) {
      const r0 = randomFeaturesRisk({ alpha: 2, widthRatio, lambda: 0, noise }).testError;
      const r = randomFeaturesRisk({ alpha: 2, widthRatio, lambda: 1e-10, noise }).testError;
      expect(Math.abs(r / r0 - 1)).toBeLessThan(1e-6);
    }
    expect(randomFeaturesRisk({ alpha: 2, widthRatio: 1, lambda: 0, noise }).testError).toBe(Number.POSITIVE_INFINITY);
    const scaled = [1e-8, 1e-10].map(
      (lambda) => randomFeaturesRisk({ alpha: 2, widthRatio: 1, lambda, noise }).testError * Math.sqrt(lambda),
    );
    expect(scaled[1]! / scaled[0]!).toBeCloseTo(1, 2);
  });
});

describe('randomFeaturesRisk — double descent', () => {
  it('at small λ the error peaks at p = P (ψ = α): above p = P/2 and p = 2P', () => {
    for (const alpha of [0.5, 2]) {
      const at = (widthRatio: number) => randomFeaturesRisk({ alpha, widthRatio, lambda: 1e-4, noise }).testError;
      expect(at(1)).toBeGreaterThan(1.5 * at(0.5));
      expect(at(1)).toBeGreaterThan(1.5 * at(2));
    }
  });

  it('at the optimal λ (per width) the error decreases monotonically with the width: no peak', () => {
    // checked numerically beforehand for Δ ∈ {0, 0.25, 1}, α ∈ {0.5, 2}, p/P ∈ [1/8, 16]
    for (const alpha of [0.5, 2]) {
      let previous = Number.POSITIVE_INFINITY;
      for (let k = -12; k <= 16; k += 2) {
        const widthRatio = 2 ** (k / 4);
        const f = (v: number) => randomFeaturesRisk({ alpha, widthRatio, lambda: Math.exp(v), noise }).testError;
        let lo = -25;
        let hi = 8;
        for (let i = 0; i < 80; i++) {
          const m1 = lo + (hi - lo) * 0.381966;
          const m2 = lo + (hi - lo) * 0.618034;
          if (f(m1) < f(m2)) hi = m2;
          else lo = m1;
        }
        const best = f((lo + hi) / 2);
        expect(best).toBeLessThan(previous);
        previous = best;
      }
    }
  });
});

// Theory vs simulation. Tolerance 4σ (σ the standard error over trials) plus a finite-size
// allowance, relative to the theory. Measured beforehand with 30 trials per point (seed 5):
// Gaussian-equivalent model at D = 300, |sim − theory|/theory ≤ 2.9% with |z| ≤ 1.7 at every
// point (no finite-size bias resolved beyond the ±2σ ≈ ±3% noise), hence a 3% allowance; real
// ReLU features at D = 120, |sim − theory|/theory ≤ 1.1% (|z| ≤ 0.5), at D = 60 up to 7% (z = 1.2),
// hence a 4% allowance at D = 120 (the centring of σ is exact only on average over |F_i|²/D).
const points = [
  { alpha: 1, widthRatio: 1, lambda: 0.01, trials: 10 }, // the peak p = P at small λ
  { alpha: 1, widthRatio: 0.5, lambda: 1e-3, trials: 12 }, // under-parametrized, nearly ridgeless
  { alpha: 0.5, widthRatio: 4, lambda: 0.01, trials: 12 }, // far over-parametrized
  { alpha: 1, widthRatio: 2, lambda: 0, trials: 8 }, // min-norm interpolator
] as const;

describe('randomFeaturesRisk vs simulations', () => {
  it('matches gaussianEquivalentSimulation at D = 300 (4σ + 3%)', () => {
    for (const [k, pt] of points.entries()) {
      const sim = gaussianEquivalentSimulation({ d: 300, noise, seed: 101 + k, ...pt });
      const theory = randomFeaturesRisk({ noise, ...pt }).testError;
      expect(Math.abs(sim.testError - theory)).toBeLessThan(4 * sim.stderr + 0.03 * theory);
    }
  });

  it('matches randomFeaturesSimulation (real ReLU features) at D = 120 (4σ + 4%)', () => {
    for (const [k, pt] of points.entries()) {
      const sim = randomFeaturesSimulation({ d: 120, noise, seed: 201 + k, ...pt, trials: 16 });
      const theory = randomFeaturesRisk({ noise, ...pt }).testError;
      expect(Math.abs(sim.testError - theory)).toBeLessThan(4 * sim.stderr + 0.04 * theory);
    }
  });

  it('the simulated peak is resolved: at p = P the error exceeds p = P/2 and p = 2P by more than the noise', () => {
    const sim = (widthRatio: number) =>
      gaussianEquivalentSimulation({ d: 200, alpha: 1, widthRatio, lambda: 1e-3, noise, trials: 6, seed: 7 });
    const peak = sim(1);
    for (const side of [sim(0.5), sim(2)]) {
      expect(peak.testError - side.testError).toBeGreaterThan(4 * Math.hypot(peak.stderr, side.stderr));
    }
  });
});

describe('randomFeaturesRisk — bad input', () => {
  it('throws RangeError naming the argument', () => {
    const ok = { alpha: 1, widthRatio: 1, lambda: 0.1, noise: 0.1 };
    expect(() => randomFeaturesRisk({ ...ok, alpha: -1 })).toThrow(/alpha/);
    expect(() => randomFeaturesRisk({ ...ok, alpha: Number.NaN })).toThrow(RangeError);
    expect(() => randomFeaturesRisk({ ...ok, widthRatio: 0 })).toThrow(
      /widthRatio: expected a finite number > 0, got 0/,
    );
    expect(() => randomFeaturesRisk({ ...ok, widthRatio: Number.POSITIVE_INFINITY })).toThrow(/widthRatio/);
    expect(() => randomFeaturesRisk({ ...ok, lambda: -1 })).toThrow(/lambda: expected a finite number ≥ 0, got -1/);
    expect(() => randomFeaturesRisk({ ...ok, noise: -0.1 })).toThrow(/noise/);
    expect(() => randomFeaturesRisk({ ...ok, mu1: 0 })).toThrow(/mu1/);
    expect(() => randomFeaturesRisk({ ...ok, muStar: -1 })).toThrow(/muStar/);
    expect(() => randomFeaturesRisk(null as never)).toThrow(TypeError);
  });
});

describe('randomFeaturesOptimalRisk', () => {
  it('is no worse than any λ of a fine grid, and removes the peak: monotone in the width', () => {
    const base = { alpha: 1, noise: 0.25 };
    let prev = Number.POSITIVE_INFINITY;
    for (const widthRatio of [0.25, 0.5, 1, 2, 4]) {
      const { lambda, risk } = randomFeaturesOptimalRisk({ ...base, widthRatio });
      expect(lambda).toBeGreaterThan(0);
      for (let k = -8; k <= 4; k += 0.25) {
        const other = randomFeaturesRisk({ ...base, widthRatio, lambda: 10 ** k }).testError;
        expect(risk.testError).toBeLessThanOrEqual(other * (1 + 1e-9));
      }
      expect(risk.testError).toBeLessThan(prev);
      prev = risk.testError;
    }
    // at the peak p = P the optimal ridge is far below the small-λ curve
    const peak = randomFeaturesRisk({ ...base, widthRatio: 1, lambda: 1e-4 }).testError;
    expect(randomFeaturesOptimalRisk({ ...base, widthRatio: 1 }).risk.testError).toBeLessThan(peak / 2);
  });
  it('rejects a bad range', () => {
    expect(() => randomFeaturesOptimalRisk({ alpha: 1, widthRatio: 1, noise: 0, range: [1, 0.5] })).toThrow(/range/);
  });
});
