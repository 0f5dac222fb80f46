import { ConvergenceError, H, integrate } from '@replica/spin-core/math';
import { describe, expect, it } from 'vitest';
import type { PerceptronPrior } from './amp';
import { ampPerceptron, perceptronInstance } from './amp';
import {
  ALPHA_IT_BINARY_LITERATURE,
  algorithmicThreshold,
  priorOverlap,
  signChannelHat,
  stateEvolution,
} from './state-evolution';

describe('signChannelHat', () => {
  it('is 2α/π at m = 0 (g_out = y√(2/π) there)', () => {
    expect(signChannelHat(1.3, 0)).toBeCloseTo((2 * 1.3) / Math.PI, 14);
  });
  it('matches (α/(π(1 − m)))∫Dξ e^{−mξ²/(1−m)}/H(−√(m/(1−m))ξ) by direct integration (rel. 1e-9)', () => {
    for (const m of [0.05, 0.3, 0.6, 0.9, 0.99]) {
      const s = Math.sqrt(m / (1 - m));
      const ref =
        (1 / (Math.PI * (1 - m))) *
        integrate(
          (xi) =>
            (Math.exp(-0.5 * xi * xi) / Math.sqrt(2 * Math.PI)) * (Math.exp((-m * xi * xi) / (1 - m)) / H(-s * xi)),
          Math.max(-12, -35 / s), // beyond, H(−sξ) underflows and the integrand is < 1e−250
          12,
        );
      expect(Math.abs(signChannelHat(1, m) / ref - 1)).toBeLessThan(1e-9);
    }
    expect(signChannelHat(1, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(() => signChannelHat(-1, 0.5)).toThrow(/^alpha:/);
    expect(() => signChannelHat(1, 1.5)).toThrow(/^m:/);
  });
});

describe('priorOverlap', () => {
  it('gaussian m̂/(1 + m̂); binary E tanh(m̂ + √m̂ z) by direct integration', () => {
    expect(priorOverlap('gaussian', 3)).toBeCloseTo(0.75, 14);
    for (const mh of [0.01, 0.5, 2, 8]) {
      const ref = integrate(
        (z) => (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)) * Math.tanh(mh + Math.sqrt(mh) * z),
        -14,
        14,
      );
      expect(priorOverlap('binary', mh)).toBeCloseTo(ref, 10);
    }
    expect(priorOverlap('binary', 0)).toBe(0);
    expect(priorOverlap('binary', Number.POSITIVE_INFINITY)).toBe(1);
  });
});

describe('stateEvolution', () => {
  it('is a fixed point of both halves, and monotone in α for the Gaussian prior', () => {
    let last = 0;
    for (const alpha of [0.25, 0.5, 1, 1.5, 2, 3, 5, 8]) {
      const r = stateEvolution('gaussian', alpha);
      expect(r.m).toBeCloseTo(priorOverlap('gaussian', signChannelHat(alpha, r.m)), 9);
      expect(r.m).toBeGreaterThan(last);
      last = r.m;
    }
  });
  it('binary prior: low branch below α_alg, m = 1 above', () => {
    const low = stateEvolution('binary', 1.4);
    expect(low.m).toBeGreaterThan(0.6);
    expect(low.m).toBeLessThan(0.9);
    expect(stateEvolution('binary', 1.6).m).toBe(1);
  });
  it('throws ConvergenceError when the iteration cap comes first', () => {
    expect(() => stateEvolution('gaussian', 1, { maxIterations: 2 })).toThrow(ConvergenceError);
    expect(() => stateEvolution('gaussian', 0)).toThrow(/^alpha:/);
  });
  it('α_alg (binary prior) from SE bisection ≈ 1.493, above the literature α_IT = 1.249', () => {
    const a = algorithmicThreshold({ tolerance: 1e-4 });
    // literature: α_alg ≈ 1.493 (Barbier et al. 2019)
    expect(a).toBeGreaterThan(1.485);
    expect(a).toBeLessThan(1.5);
    expect(ALPHA_IT_BINARY_LITERATURE).toBe(1.249);
    expect(a).toBeGreaterThan(ALPHA_IT_BINARY_LITERATURE);
  });
});

describe('state evolution predicts long AMP runs at N = 2000', () => {
  // measured |mean m_AMP − m_SE| ≤ 0.006 over 3 instances; tolerance 0.03 on the mean of 2 instances
  const cases: [PerceptronPrior, number][] = [
    ['gaussian', 1],
    ['gaussian', 2],
    ['binary', 1],
    ['binary', 1.7],
  ];
  for (const [prior, alpha] of cases)
    it(`${prior} prior, α = ${alpha}`, () => {
      const se = stateEvolution(prior, alpha).m;
      let sum = 0;
      for (const seed of [11, 12]) {
        const r = ampPerceptron(perceptronInstance({ n: 2000, alpha, prior, seed }), { maxIterations: 300 });
        expect(r.converged).toBe(true);
        sum += r.m as number;
      }
      expect(Math.abs(sum / 2 - se)).toBeLessThan(0.03);
      if (prior === 'binary' && alpha === 1.7) expect(se).toBe(1);
    });
});
