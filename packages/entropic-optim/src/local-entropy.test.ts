/**
 * The large-deviation (local-entropy) theory of the binary perceptron against what it must
 * reduce to: at α = 0 every configuration is a solution (φ = ln 2 + y h₂(d), S_I = h₂(d));
 * at y → 0 the reference is a typical solution, so S_I is the Franz–Parisi entropy and Σ the
 * equilibrium entropy s(α); at y = 1 the reference and its one constrained replica are
 * exchangeable (q̃ = q₀ = t); S_I is ∂φ/∂y (finite differences in y, independent of the
 * analytic derivative); the returned point is stationary in all nine order parameters; at y*
 * the external entropy vanishes and the local entropy lies between the Franz–Parisi one and
 * the α = 0 bound h₂(d).
 */
import { ConvergenceError } from '@replica/spin-core/math';
import { perceptronFreeEntropy } from '@replica/teacher-student';
import { describe, expect, it } from 'vitest';
import {
  binaryPerceptronRS,
  franzParisiEntropy,
  type LocalEntropyParameters,
  localEntropyAtYStar,
  localEntropyPotential,
  localEntropyRS,
} from './index';

const h2 = (x: number) => -x * Math.log(x) - (1 - x) * Math.log(1 - x);

describe('large-deviation local entropy of the binary perceptron', () => {
  it('at α = 0 is the count of all configurations at distance d: φ = ln 2 + y h₂(d)', () => {
    for (const [d, y] of [
      [0.05, 1],
      [0.3, 7],
    ] as const) {
      const r = localEntropyRS(0, d, y);
      expect(r.freeEntropy).toBeCloseTo(Math.LN2 + y * h2(d), 14);
      expect(r.internalEntropy).toBeCloseTo(h2(d), 14);
      expect(r.externalEntropy).toBeCloseTo(Math.LN2, 14);
      expect(r.F).toBeCloseTo(-r.freeEntropy / y, 14);
    }
    // and at small α the deficit below h₂(d) is small and positive
    const r = localEntropyRS(0.02, 0.1, 2);
    expect(h2(0.1) - r.internalEntropy).toBeGreaterThan(0);
    expect(h2(0.1) - r.internalEntropy).toBeLessThan(0.02);
  }, 60_000);

  it('at y → 0 is the Franz–Parisi entropy, with Σ → s(α)', () => {
    const alpha = 0.5;
    const d = 0.1;
    const fp = franzParisiEntropy(alpha, d).entropy;
    const a = localEntropyRS(alpha, d, 0.01);
    const b = localEntropyRS(alpha, d, 0.02);
    // S_I(y) = S_FP + O(y): the linear extrapolation to y = 0 from y = 0.01, 0.02
    const at0 = 2 * a.internalEntropy - b.internalEntropy;
    expect(Math.abs(at0 - fp)).toBeLessThan(2e-6);
    // …and the y = 0.01 value alone is O(y) away, not equal (the large deviation does bias)
    expect(a.internalEntropy - fp).toBeGreaterThan(1e-5);
    const s = binaryPerceptronRS(alpha).entropy;
    expect(Math.abs(2 * a.externalEntropy - b.externalEntropy - s)).toBeLessThan(2e-6);
  }, 60_000);

  it('at y = 1 the reference and its replica are exchangeable: q̃ = q₀ = t, and q̂̃ = q̂₀ = t̂', () => {
    const r = localEntropyRS(0.6, 0.08, 1);
    expect(Math.abs(r.qRef - r.t)).toBeLessThan(1e-6);
    expect(Math.abs(r.q0 - r.t)).toBeLessThan(1e-6);
    expect(Math.abs(r.qRefHat - r.tHat)).toBeLessThan(1e-5);
    expect(Math.abs(r.q0Hat - r.tHat)).toBeLessThan(1e-5);
    // while at y = 3 they are not (the references crowd together: q̃ > t > q₀)
    const r3 = localEntropyRS(0.6, 0.08, 3, { start: r });
    expect(r3.qRef - r3.t).toBeGreaterThan(1e-3);
    expect(r3.t - r3.q0).toBeGreaterThan(1e-3);
  }, 60_000);

  it('S_I = ∂φ/∂y (central differences in y) and the point is stationary in all nine order parameters', () => {
    const alpha = 0.5;
    const d = 0.05;
    const y = 3;
    const r = localEntropyRS(alpha, d, y, { tol: 1e-10 });
    const e = 1e-3;
    const up = localEntropyRS(alpha, d, y + e, { start: r, tol: 1e-10 });
    const dn = localEntropyRS(alpha, d, y - e, { start: r, tol: 1e-10 });
    expect(Math.abs((up.freeEntropy - dn.freeEntropy) / (2 * e) - r.internalEntropy)).toBeLessThan(1e-6);
    const keys = ['qRef', 'q0', 'q1', 't', 'qRefHat', 'q0Hat', 'q1Hat', 'tHat', 'sHat'] as const;
    const x: LocalEntropyParameters = Object.fromEntries(
      keys.map((k) => [k, r[k]]),
    ) as unknown as LocalEntropyParameters;
    expect(localEntropyPotential(alpha, r.p, y, x)).toBeCloseTo(r.freeEntropy, 10);
    for (const k of keys) {
      const h = 1e-5;
      const f = (v: number) => localEntropyPotential(alpha, r.p, y, { ...x, [k]: v });
      const slope = (f(x[k] + h) - f(x[k] - h)) / (2 * h);
      expect(Math.abs(slope), `∂φ/∂${k}`).toBeLessThan(1e-5);
    }
    // a point shifted by 2 % in q₁ is not stationary
    const off = { ...x, q1: x.q1 * 1.02 };
    const slopes = keys.map((j) => {
      const f = (v: number) => localEntropyPotential(alpha, r.p, y, { ...off, [j]: v });
      return Math.abs((f(off[j] + 1e-5) - f(off[j] - 1e-5)) / 2e-5);
    });
    expect(Math.max(...slopes.filter(Number.isFinite))).toBeGreaterThan(1e-3);
  }, 120_000);

  it('at y* the external entropy vanishes and Franz–Parisi < S_I(y*) < h₂(d): dense regions (Baldassi et al. 2015)', () => {
    const alpha = 0.5;
    const d = 0.03;
    const r = localEntropyAtYStar(alpha, d);
    expect(r.yStarAboveMax).toBe(false);
    expect(Math.abs(r.externalEntropy)).toBeLessThan(1e-4);
    expect(r.y).toBeGreaterThan(5);
    // S_I grows and Σ falls along the walk in y
    for (let i = 1; i < r.path.length; i++) {
      expect(r.path[i]!.y).toBeGreaterThan(r.path[i - 1]!.y);
      expect(r.path[i]!.internalEntropy).toBeGreaterThan(r.path[i - 1]!.internalEntropy);
      expect(r.path[i]!.externalEntropy).toBeLessThan(r.path[i - 1]!.externalEntropy);
    }
    const fp = franzParisiEntropy(alpha, d).entropy;
    // the densest references hold more than twice the typical solution's neighbours at d = 0.03
    expect(r.internalEntropy).toBeGreaterThan(2 * fp);
    expect(r.internalEntropy).toBeLessThan(h2(d));
  }, 120_000);

  it('refuses bad arguments and a point it cannot reach', () => {
    expect(() => localEntropyRS(0.5, 0, 1)).toThrow(/distance/);
    expect(() => localEntropyRS(0.5, 0.5, 1)).toThrow(/distance/);
    expect(() => localEntropyRS(0.5, 0.1, 0)).toThrow(/y/);
    expect(() => localEntropyRS(1, 0.1, 1)).toThrow(/alpha/);
    expect(() => localEntropyAtYStar(0.5, 0.1, { yMax: 0.1 })).toThrow(/yMax/);
    // Σ still positive at yMax: the point there, flagged (its S_I a lower bound of S_I(y*))
    const capped = localEntropyAtYStar(0.5, 0.03, { yMax: 4 });
    expect(capped.yStarAboveMax).toBe(true);
    expect(capped.y).toBe(4);
    expect(capped.externalEntropy).toBeGreaterThan(0);
    // a large y straight from the generic start leaves the domain or does not converge: thrown, not returned
    expect(() => localEntropyRS(0.5, 0.1, 60, { maxIterations: 200 })).toThrow(ConvergenceError);
  }, 60_000);

  describe('teacher–student labels', () => {
    it('at y → 0: Σ → the version-space entropy s_TS(α) and R̃ = q̃ (Nishimori); at y = 1 the reference and its replica are exchangeable', () => {
      const alpha = 0.8;
      const d = 0.05;
      const ts = perceptronFreeEntropy('binary', alpha);
      const a = localEntropyRS(alpha, d, 0.05, { labels: 'teacher' });
      const b = localEntropyRS(alpha, d, 0.1, { labels: 'teacher', start: a });
      // Σ = s − O(y²): the quadratic extrapolation to y = 0 from y = 0.05, 0.1
      const sigma0 = (4 * a.externalEntropy - b.externalEntropy) / 3;
      expect(Math.abs(sigma0 - ts.entropy!)).toBeLessThan(1e-5);
      // q̃ and R̃ both tend to the teacher overlap m of the typical student (linear in y)
      expect(Math.abs(2 * a.qRef - b.qRef - ts.m)).toBeLessThan(2e-4);
      expect(Math.abs(2 * a.rRef! - b.rRef! - ts.m)).toBeLessThan(2e-4);
      const one = localEntropyRS(alpha, d, 1, { labels: 'teacher', start: b });
      expect(Math.abs(one.qRef - one.t)).toBeLessThan(1e-6);
      expect(Math.abs(one.q0 - one.t)).toBeLessThan(1e-6);
      expect(Math.abs(one.rRef! - one.r!)).toBeLessThan(1e-6);
      // and the students near the densest references generalize better than typical ones
      expect(one.rRef!).toBeGreaterThan(ts.m);
    }, 120_000);

    it('the point is stationary in all thirteen order parameters', () => {
      const alpha = 0.8;
      const p = 0.9;
      const y = 2;
      const r = localEntropyRS(alpha, (1 - p) / 2, y, { labels: 'teacher', tol: 1e-10 });
      const keys = [
        'qRef',
        'q0',
        'q1',
        't',
        'qRefHat',
        'q0Hat',
        'q1Hat',
        'tHat',
        'sHat',
        'rRef',
        'r',
        'rRefHat',
        'rHat',
      ] as const;
      const x = Object.fromEntries(keys.map((k) => [k, r[k]])) as unknown as Required<LocalEntropyParameters>;
      expect(localEntropyPotential(alpha, r.p, y, x)).toBeCloseTo(r.freeEntropy, 10);
      for (const k of keys) {
        const h = 1e-5;
        const f = (v: number) => localEntropyPotential(alpha, r.p, y, { ...x, [k]: v });
        expect(Math.abs((f(x[k] + h) - f(x[k] - h)) / (2 * h)), `∂φ/∂${k}`).toBeLessThan(1e-5);
      }
      expect(() => localEntropyRS(alpha, 0.05, 1, { labels: 'teacher', start: localEntropyRS(0.5, 0.05, 1) })).toThrow(
        /options.start/,
      );
    }, 120_000);
  });
});
