/**
 * The binary perceptron's RS theory against its limits and the published constants:
 * s(0) = ln 2, s′(0) = −ln 2 (the annealed slope), s(α) ≤ ln 2·(1 − α), a stationary point of the
 * potential (finite differences), α_c = 0.833 (Krauth–Mézard) and α_TS = 1.245 (Györgyi).
 */
import { ConvergenceError } from '@replica/spin-core/math';
import { describe, expect, it } from 'vitest';
import {
  binaryPerceptronCapacity,
  binaryPerceptronPotential,
  binaryPerceptronRS,
  binaryTeacherStudentTransition,
} from './theory';

describe('binary perceptron, replica symmetric', () => {
  it('s(0) = ln 2, its slope at 0 is the annealed −ln 2, and s stays below the annealed bound', () => {
    expect(binaryPerceptronRS(0).entropy).toBe(Math.LN2);
    const a = 1e-3;
    // s(α) = ln 2 − α ln 2 + O(α²): the first-order term is exact
    expect((binaryPerceptronRS(a).entropy - Math.LN2) / a).toBeCloseTo(-Math.LN2, 2);
    for (const alpha of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const r = binaryPerceptronRS(alpha);
      expect(r.entropy).toBeLessThan(Math.LN2 * (1 - alpha));
      expect(r.q).toBeGreaterThan(0);
      expect(r.q).toBeLessThan(1);
    }
  });

  it('solves the saddle point: ∂φ/∂q = ∂φ/∂q̂ = 0 by central differences', () => {
    for (const alpha of [0.2, 0.6, 0.83]) {
      const { q, qHat } = binaryPerceptronRS(alpha);
      const h = 1e-5;
      const dq =
        (binaryPerceptronPotential(alpha, q + h, qHat) - binaryPerceptronPotential(alpha, q - h, qHat)) / (2 * h);
      const dqh =
        (binaryPerceptronPotential(alpha, q, qHat + h) - binaryPerceptronPotential(alpha, q, qHat - h)) / (2 * h);
      expect(Math.abs(dq)).toBeLessThan(1e-6);
      expect(Math.abs(dqh)).toBeLessThan(1e-6);
    }
  });

  it('the capacity is the zero of s(α): α_c = 0.833 (Krauth–Mézard), and α_TS = 1.245 (Györgyi)', () => {
    const ac = binaryPerceptronCapacity();
    expect(Math.abs(ac - 0.833)).toBeLessThan(5e-4);
    expect(Math.abs(binaryPerceptronRS(ac).entropy)).toBeLessThan(1e-6);
    expect(Math.abs(binaryTeacherStudentTransition() - 1.245)).toBeLessThan(2e-3);
  });

  it('throws rather than return an unconverged point, and names bad input', () => {
    expect(() => binaryPerceptronRS(0.5, { maxIterations: 2 })).toThrow(ConvergenceError);
    expect(() => binaryPerceptronRS(1.5)).toThrow(/alpha/);
  });
});
