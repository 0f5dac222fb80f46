/**
 * The Franz–Parisi entropy against its exact limits and its defining properties: at the
 * typical distance it is the equilibrium entropy s(α) and it is maximal there; at α → 0 it
 * tends to the binary entropy of d; the returned point is stationary in all five order
 * parameters (finite differences of the potential, independent of the analytic derivatives
 * the solver iterates); it is negative at small d (Huang–Kabashima: typical solutions are
 * isolated); and a point the quadrature cannot resolve is refused, not returned.
 */
import { ConvergenceError } from '@replica/spin-core/math';
import { describe, expect, it } from 'vitest';
import { binaryPerceptronRS, franzParisiCurve, franzParisiEntropy, franzParisiPotential } from './index';

const h2 = (x: number) => -x * Math.log(x) - (1 - x) * Math.log(1 - x);

describe('Franz–Parisi entropy of the binary perceptron', () => {
  it('equals s(α) at the typical distance d₀ = (1 − q)/2, and is below it elsewhere', () => {
    for (const alpha of [0.3, 0.6]) {
      const rs = binaryPerceptronRS(alpha);
      const d0 = (1 - rs.q) / 2;
      const ds = [0.02, 0.1, d0 - 0.05, d0, d0 + 0.05, 0.5];
      const curve = franzParisiCurve(alpha, ds);
      curve.forEach((c, i) => {
        expect(c.distance).toBeCloseTo(ds[i]!, 14);
      });
      const at = curve[3]!;
      // 1e-6: the two integrate with different rules (160-point Gauss–Hermite there, 40 × 28 × 32 here;
      // a returned point is checked to 2e-6 against a finer grid)
      expect(Math.abs(at.entropy - rs.entropy)).toBeLessThan(1e-6);
      expect(Math.abs(at.q1 - rs.q)).toBeLessThan(1e-6);
      for (const [i, c] of curve.entries())
        if (i !== 3) expect(c.entropy, `d = ${c.distance}`).toBeLessThan(rs.entropy - 1e-6);
      // rising towards d₀ from both sides
      expect(curve[0]!.entropy).toBeLessThan(curve[1]!.entropy);
      expect(curve[1]!.entropy).toBeLessThan(curve[2]!.entropy);
      expect(curve[5]!.entropy).toBeLessThan(curve[4]!.entropy);
    }
  }, 120_000);

  it('tends to the binary entropy of d as α → 0 (the deficit shrinks ∝ α), and is it at α = 0', () => {
    for (const d of [0.05, 0.3]) {
      expect(franzParisiEntropy(0, d).entropy).toBeCloseTo(h2(d), 14);
      const a = h2(d) - franzParisiEntropy(0.01, d).entropy;
      const b = h2(d) - franzParisiEntropy(0.02, d).entropy;
      expect(a).toBeGreaterThan(0);
      // O(α): doubling α roughly doubles the deficit
      expect(b / a).toBeGreaterThan(1.7);
      expect(b / a).toBeLessThan(2.3);
    }
  }, 60_000);

  it('the returned point is stationary in q₁, q̂₁, t, t̂ and p̂ (finite differences of the potential)', () => {
    const r = franzParisiEntropy(0.5, 0.05);
    const x = { q1: r.q1, q1Hat: r.q1Hat, t: r.t, tHat: r.tHat, pHat: r.pHat };
    expect(franzParisiPotential(0.5, r.p, x)).toBeCloseTo(r.entropy, 12);
    for (const k of ['q1', 'q1Hat', 't', 'tHat', 'pHat'] as const) {
      const e = 1e-5;
      const f = (v: number) => franzParisiPotential(0.5, r.p, { ...x, [k]: v });
      const slope = (f(x[k] + e) - f(x[k] - e)) / (2 * e);
      expect(Math.abs(slope), `∂/∂${k}`).toBeLessThan(1e-6);
      // …while a point shifted by 2 % in k is not stationary (in k or in another parameter)
      const off = { ...x, [k]: x[k] * 1.02 };
      const slopes = (['q1', 'q1Hat', 't', 'tHat', 'pHat'] as const).map((j) => {
        const h = (v: number) => franzParisiPotential(0.5, r.p, { ...off, [j]: v });
        return Math.abs((h(off[j] + e) - h(off[j] - e)) / (2 * e));
      });
      expect(Math.max(...slopes.filter(Number.isFinite)), `shifted ${k}`).toBeGreaterThan(1e-4);
    }
  }, 60_000);

  it('is negative at small d for α ≥ 0.5: typical solutions are isolated (Huang–Kabashima 2014)', () => {
    for (const alpha of [0.5, 0.6, 0.7]) {
      const r = franzParisiEntropy(alpha, 0.005);
      expect(r.entropy, `α = ${alpha}`).toBeLessThan(0);
      // while at moderate d there are exponentially many solutions
      expect(franzParisiEntropy(alpha, 0.1).entropy).toBeGreaterThan(0);
    }
  }, 120_000);

  it('refuses a distance its quadrature cannot resolve, and bad arguments', () => {
    expect(() => franzParisiEntropy(0.5, 0.001)).toThrow(ConvergenceError);
    expect(() => franzParisiEntropy(0.5, 0.001)).toThrow(/the quadrature is not resolved/);
    expect(() => franzParisiEntropy(0.5, 0)).toThrow(/distance/);
    expect(() => franzParisiEntropy(0.5, 0.6)).toThrow(/distance/);
    expect(() => franzParisiEntropy(1.2, 0.1)).toThrow(/alpha/);
  }, 60_000);
});
