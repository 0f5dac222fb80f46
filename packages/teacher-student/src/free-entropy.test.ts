import { describe, expect, it } from 'vitest';
import { BINARY_TEACHER_STUDENT_THRESHOLD } from './capacity';
import {
  informationTheoreticThreshold,
  perceptronFreeEntropy,
  perceptronPotential,
  priorFreeEntropy,
  signChannelFreeEntropy,
} from './free-entropy';
import { ALPHA_IT_BINARY_LITERATURE, algorithmicThreshold } from './state-evolution';

describe('replica-symmetric free entropy of the sign perceptron', () => {
  it('the channel part runs from −log 2 (m = 0) to 0 (m → 1), increasing', () => {
    expect(signChannelFreeEntropy(0)).toBeCloseTo(-Math.LN2, 12);
    expect(signChannelFreeEntropy(1)).toBe(0);
    expect(Math.abs(signChannelFreeEntropy(1 - 1e-10))).toBeLessThan(1e-3);
    let prev = Number.NEGATIVE_INFINITY;
    for (const m of [0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.9999]) {
      const v = signChannelFreeEntropy(m);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
  });
  it('both priors start as ψ₀(m̂) ≈ m̂²/4 (the Gaussian channel of small SNR)', () => {
    for (const prior of ['gaussian', 'binary'] as const) {
      expect(priorFreeEntropy(prior, 0)).toBe(0);
      expect(priorFreeEntropy(prior, 1e-3) / (1e-6 / 4)).toBeCloseTo(1, 2);
    }
    // Binary: ψ₀(m̂) − m̂/2 → −log 2 as m̂ → ∞ (so that Φ(m = 1) = −log 2: the prior's entropy is spent).
    expect(priorFreeEntropy('binary', 400) - 200).toBeCloseTo(-Math.LN2, 6);
  });
  it('the state-evolution fixed point is a stationary point of Φ_RS(m, m̂) (central differences, 1e-7)', () => {
    for (const [prior, alpha] of [
      ['binary', 0.7],
      ['binary', 1.2],
      ['gaussian', 0.5],
      ['gaussian', 3],
    ] as const) {
      const { m, mHat, freeEntropy } = perceptronFreeEntropy(prior, alpha);
      expect(perceptronPotential(prior, alpha, m, mHat)).toBe(freeEntropy);
      const h = 1e-5;
      const dm =
        (perceptronPotential(prior, alpha, m + h, mHat) - perceptronPotential(prior, alpha, m - h, mHat)) / (2 * h);
      const dh =
        (perceptronPotential(prior, alpha, m, mHat + h) - perceptronPotential(prior, alpha, m, mHat - h)) / (2 * h);
      expect(Math.abs(dm), `${prior} α = ${alpha}: ∂Φ/∂m`).toBeLessThan(1e-7);
      expect(Math.abs(dh), `${prior} α = ${alpha}: ∂Φ/∂m̂`).toBeLessThan(1e-7);
    }
  });
  it('the binary entropy starts at log 2 and falls with α; the Gaussian prior has none', () => {
    expect(perceptronFreeEntropy('binary', 1e-6).entropy).toBeCloseTo(Math.LN2, 5);
    let prev = Number.POSITIVE_INFINITY;
    for (const a of [0.25, 0.5, 1, 1.2, 1.3]) {
      const s = perceptronFreeEntropy('binary', a).entropy as number;
      expect(s).toBeLessThan(prev);
      prev = s;
    }
    expect(perceptronFreeEntropy('gaussian', 1).entropy).toBeNull();
  });
  it('α_IT computed from the entropy is Györgyi’s 1.245 (to the 3 decimals published), below α_alg', () => {
    const aIt = informationTheoreticThreshold();
    expect(Math.abs(aIt - BINARY_TEACHER_STUDENT_THRESHOLD)).toBeLessThan(5e-4);
    // Barbier et al. quote 1.249: within their rounding of the same transition.
    expect(Math.abs(aIt - ALPHA_IT_BINARY_LITERATURE)).toBeLessThan(5e-3);
    expect(aIt).toBeLessThan(algorithmicThreshold({ tolerance: 1e-3 }));
    expect(perceptronFreeEntropy('binary', aIt).entropy).toBeCloseTo(0, 8);
  });
  it('rejects bad input', () => {
    expect(() => priorFreeEntropy('binary', -1)).toThrow(/mHat/);
    expect(() => signChannelFreeEntropy(1.5)).toThrow(/^m:/);
    expect(() => perceptronPotential('binary', -1, 0.5, 1)).toThrow(/alpha/);
    expect(() => informationTheoreticThreshold({ bracket: [1.3, 1.2] })).toThrow(/bracket/);
    expect(() => informationTheoreticThreshold({ bracket: [1, 1.2] })).toThrow(
      /bracket: expected s\(lo\) > 0 > s\(hi\)/,
    );
  });
});
