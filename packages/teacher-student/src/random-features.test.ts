import { PhiloxRng } from '@replica/webgpu-kernels';
import { describe, expect, it } from 'vitest';
import {
  centredRelu,
  gaussianEquivalentSimulation,
  RELU_GAUSSIAN_EQUIVALENT,
  randomFeaturesEstimator,
  randomFeaturesInstance,
  randomFeaturesSimulation,
  randomFeaturesTestError,
} from './random-features';

const base = { d: 60, alpha: 2, noise: 0.5, trials: 2, seed: 1 } as const;

describe('centred ReLU and its Gaussian-equivalence coefficients', () => {
  it('μ₀ = E σ = 0, μ₁ = E[gσ] = 1/2, μ_*² = E σ² − μ₁² by quadrature', () => {
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    const n = 200_000;
    const h = 16 / n;
    for (let k = 0; k < n; k++) {
      const g = -8 + (k + 0.5) * h;
      const w = (Math.exp((-g * g) / 2) / Math.sqrt(2 * Math.PI)) * h;
      const s = centredRelu(g);
      m0 += w * s;
      m1 += w * g * s;
      m2 += w * s * s;
    }
    expect(Math.abs(m0 - RELU_GAUSSIAN_EQUIVALENT.mu0)).toBeLessThan(1e-8);
    expect(Math.abs(m1 - RELU_GAUSSIAN_EQUIVALENT.mu1)).toBeLessThan(1e-8);
    expect(Math.abs(m2 - m1 * m1 - RELU_GAUSSIAN_EQUIVALENT.muStar ** 2)).toBeLessThan(1e-8);
  });
});

describe('randomFeaturesEstimator', () => {
  it('satisfies its normal equations (ZᵀZ/p + λI) a = Zᵀy/√p on both sides of p = P', () => {
    for (const width of [15, 40]) {
      const inst = randomFeaturesInstance({ d: 20, width, samples: 25, noise: 0.5, rng: new PhiloxRng(7, width) });
      const lambda = 0.05;
      const a = randomFeaturesEstimator(inst.z, inst.y, width, lambda);
      const sp = Math.sqrt(width);
      const za = new Float64Array(25);
      for (let mu = 0; mu < 25; mu++)
        for (let j = 0; j < width; j++) za[mu] = za[mu]! + inst.z[mu * width + j]! * a[j]!;
      for (let j = 0; j < width; j++) {
        let lhs = lambda * a[j]!;
        let rhs = 0;
        for (let mu = 0; mu < 25; mu++) {
          lhs += (inst.z[mu * width + j]! * za[mu]!) / width;
          rhs += (inst.z[mu * width + j]! * inst.y[mu]!) / sp;
        }
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9 * (1 + Math.abs(rhs)));
      }
    }
  });
});

describe('randomFeaturesTestError', () => {
  it('equals a Monte Carlo estimate of E(y − a·z/√p)² on a fresh test set', () => {
    const d = 20;
    const p = 30;
    const noise = 0.5;
    const inst = randomFeaturesInstance({ d, width: p, samples: 40, noise, rng: new PhiloxRng(3, 0) });
    const a = randomFeaturesEstimator(inst.z, inst.y, p, 0.1);
    const exact = randomFeaturesTestError(inst, a, noise);
    const rng = new PhiloxRng(99, 0);
    const n = 40_000;
    const x = new Float64Array(d);
    let sum = 0;
    let sum2 = 0;
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < d; i++) x[i] = rng.nextNormal();
      let y = 0;
      for (let i = 0; i < d; i++) y += inst.teacher[i]! * x[i]!;
      y = y / Math.sqrt(d) + Math.sqrt(noise) * rng.nextNormal();
      let f = 0;
      for (let j = 0; j < p; j++) {
        let u = 0;
        for (let i = 0; i < d; i++) u += inst.features[j * d + i]! * x[i]!;
        f += a[j]! * centredRelu(u / Math.sqrt(d));
      }
      const e = (y - f / Math.sqrt(p)) ** 2;
      sum += e;
      sum2 += e * e;
    }
    const mc = sum / n;
    const se = Math.sqrt((sum2 / n - mc * mc) / n);
    expect(Math.abs(exact - mc)).toBeLessThan(4 * se);
  });
});

describe('randomFeaturesSimulation', () => {
  it('peaks at the interpolation threshold p = P for λ = 1e-4 (P = 120)', () => {
    const e = (widthRatio: number) => randomFeaturesSimulation({ ...base, widthRatio, lambda: 1e-4 });
    const [half, one, three] = [e(0.5), e(1), e(3)];
    expect(one.samples).toBe(120);
    expect(one.width).toBe(120);
    expect(one.testError).toBeGreaterThan(2 * half.testError);
    expect(one.testError).toBeGreaterThan(2 * three.testError);
    // a larger ridge smooths the peak away
    const smooth = randomFeaturesSimulation({ ...base, widthRatio: 1, lambda: 0.1 });
    expect(smooth.testError).toBeLessThan(one.testError / 4);
  });

  it('λ → ∞ gives the null predictor, error |w*|²/D + Δ ≈ 1 + Δ', () => {
    const r = randomFeaturesSimulation({ ...base, trials: 4, widthRatio: 1.5, lambda: 1e9 });
    expect(Math.abs(r.testError - r.nullError)).toBeLessThan(1e-6);
    expect(Math.abs(r.testError - (1 + base.noise))).toBeLessThan(4 * Math.sqrt(2 / base.d / r.perTrial.length) + 1e-6);
  });

  it('is reproducible by seed and changes with it', () => {
    const o = { ...base, widthRatio: 0.5, lambda: 0.01 };
    expect(randomFeaturesSimulation(o).perTrial).toEqual(randomFeaturesSimulation(o).perTrial);
    expect(randomFeaturesSimulation({ ...o, seed: 2 }).testError).not.toBe(randomFeaturesSimulation(o).testError);
  });

  it('refuses λ = 0 at p = P and bad options', () => {
    expect(() => randomFeaturesSimulation({ ...base, widthRatio: 1, lambda: 0 })).toThrow(/lambda/);
    expect(() => randomFeaturesSimulation({ ...base, widthRatio: -1, lambda: 1 })).toThrow(/widthRatio/);
    expect(() => randomFeaturesSimulation({ ...base, alpha: 0, widthRatio: 1, lambda: 1 })).toThrow(/alpha/);
  });
});

describe('gaussianEquivalentSimulation', () => {
  it('tracks the random-features simulation away from the peak (λ = 0.1)', () => {
    for (const widthRatio of [0.5, 2]) {
      const rf = randomFeaturesSimulation({ ...base, trials: 3, widthRatio, lambda: 0.1 });
      const ge = gaussianEquivalentSimulation({ ...base, trials: 3, widthRatio, lambda: 0.1 });
      expect(Math.abs(rf.testError - ge.testError)).toBeLessThan(0.15 * ge.testError);
    }
  });

  it('λ → ∞ gives the null predictor too', () => {
    const r = gaussianEquivalentSimulation({ ...base, widthRatio: 0.5, lambda: 1e9 });
    expect(Math.abs(r.testError - r.nullError)).toBeLessThan(1e-6);
  });
});
