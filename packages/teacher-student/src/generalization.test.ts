import { ConvergenceError, integrate, normalCdf } from '@replica/spin-core/math';
import { describe, expect, it } from 'vitest';
import { perceptronInstance } from './amp';
import {
  bayesOverlap,
  cosineOverlap,
  generalizationAsymptotes,
  generalizationTheory,
  gibbsOverlap,
  hebbOverlap,
  hebbStudent,
  studentGeneralization,
} from './generalization';
import { stateEvolution } from './state-evolution';

const mean = (x: readonly number[]) => x.reduce((s, v) => s + v, 0) / x.length;
const stderr = (x: readonly number[]) => {
  const m = mean(x);
  return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1) / x.length);
};

describe('theory limits', () => {
  it('α = 0: R = 0 and ε = 1/2 for every student', () => {
    const t = generalizationTheory(0);
    for (const s of [t.hebb, t.gibbs, t.bayes]) {
      expect(s.overlap).toBe(0);
      expect(s.error).toBeCloseTo(0.5, 15);
    }
  });

  it('Hebb closed form R = √(2α/π)/√(1 + 2α/π)', () => {
    expect(hebbOverlap(Math.PI / 2)).toBeCloseTo(Math.SQRT1_2, 15);
    expect(() => hebbOverlap(-1)).toThrow(/^alpha:/);
    expect(() => hebbOverlap(Number.NaN)).toThrow(/^alpha:/);
  });

  it('small α: R_Gibbs ≈ 2α/π, R_Bayes ≈ R_Hebb ≈ √(2α/π)', () => {
    const a = 1e-4;
    expect(gibbsOverlap(a) / ((2 * a) / Math.PI)).toBeCloseTo(1, 3);
    expect(bayesOverlap(a) / Math.sqrt((2 * a) / Math.PI)).toBeCloseTo(1, 3);
    expect(hebbOverlap(a) / Math.sqrt((2 * a) / Math.PI)).toBeCloseTo(1, 3);
  });

  it('asymptote coefficients: 1/√(2π), 0.625 (Gibbs), 0.442 (Bayes), c_Gibbs = 1/(√π ∫φ²/Φ)', () => {
    const c = generalizationAsymptotes();
    expect(c.hebb).toBeCloseTo(0.3989, 4);
    expect(c.gibbs).toBeCloseTo(0.6247, 4);
    expect(c.bayes).toBeCloseTo(0.4417, 4);
    const ref = integrate((t) => Math.exp(-t * t) / (2 * Math.PI) / normalCdf(t), -30, 12);
    expect(c.gibbs).toBeCloseTo(1 / (Math.sqrt(Math.PI) * ref), 8);
  });

  it('large α: ε_Gibbs α → 0.625, ε_Bayes α → 0.442 (within 1% at α = 20, 0.1% at 50), ε_Hebb √α → 0.399 (2%)', () => {
    const c = generalizationAsymptotes();
    for (const [a, tol] of [
      [20, 0.01],
      [50, 0.001],
    ] as const) {
      const t = generalizationTheory(a);
      expect(Math.abs((a * t.gibbs.error) / c.gibbs - 1), `Gibbs α = ${a}`).toBeLessThan(tol);
      expect(Math.abs((a * t.bayes.error) / c.bayes - 1), `Bayes α = ${a}`).toBeLessThan(tol);
      expect(Math.abs((Math.sqrt(a) * t.hebb.error) / c.hebb - 1), `Hebb α = ${a}`).toBeLessThan(0.03);
    }
  });
});

describe('Gibbs vs Bayes vs Hebb', () => {
  const alphas = [0.05, 0.2, 0.5, 1, 2, 3, 5, 10, 30];
  it('R_Gibbs = m of Gaussian-prior state evolution (Nishimori line), R_Bayes = √m', () => {
    for (const a of alphas) {
      const m = stateEvolution('gaussian', a).m;
      expect(Math.abs(gibbsOverlap(a) - m), `α = ${a}`).toBeLessThan(1e-9);
      expect(bayesOverlap(a)).toBeCloseTo(Math.sqrt(m), 12);
    }
  });

  it('ε_Bayes ≤ ε_Gibbs ≤ 2 ε_Bayes and ε_Bayes ≤ ε_Hebb at every α; Gibbs beats Hebb only for α > α_× ≈ 2.286', () => {
    for (const a of alphas) {
      const t = generalizationTheory(a);
      expect(t.bayes.error, `α = ${a}`).toBeLessThan(t.gibbs.error);
      expect(t.gibbs.error, `α = ${a}`).toBeLessThanOrEqual(2 * t.bayes.error);
      expect(t.bayes.error, `α = ${a}`).toBeLessThanOrEqual(t.hebb.error);
      if (a <= 2) expect(t.gibbs.error, `α = ${a}`).toBeGreaterThan(t.hebb.error);
      if (a >= 3) expect(t.gibbs.error, `α = ${a}`).toBeLessThan(t.hebb.error);
    }
  });

  it('errors decrease with α', () => {
    let prev = generalizationTheory(0);
    for (const a of alphas) {
      const t = generalizationTheory(a);
      expect(t.hebb.error).toBeLessThan(prev.hebb.error);
      expect(t.gibbs.error).toBeLessThan(prev.gibbs.error);
      expect(t.bayes.error).toBeLessThan(prev.bayes.error);
      prev = t;
    }
  });

  it('gibbsOverlap validates and throws ConvergenceError when Brent runs out of iterations', () => {
    expect(() => gibbsOverlap(-0.1)).toThrow(/^alpha:/);
    expect(() => gibbsOverlap(1, { tolerance: 0 })).toThrow(/^tolerance:/);
    expect(() => gibbsOverlap(1, { maxIterations: 2 })).toThrow(ConvergenceError);
  });
});

describe('simulation', () => {
  it('hebbStudent is Σ_μ y_μ F_μ; cosineOverlap validates', () => {
    const j = hebbStudent({ n: 2, p: 2, inputs: Float32Array.of(1, 2, 3, 4), labels: Int8Array.of(1, -1) });
    expect(Array.from(j)).toEqual([-2, -2]);
    expect(cosineOverlap([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(() => cosineOverlap([0, 0], [1, 1])).toThrow(/^a:/);
    expect(() => cosineOverlap([1], [1, 1])).toThrow(/^b:/);
    const bin = perceptronInstance({ n: 10, alpha: 1, prior: 'binary', seed: 1 });
    expect(() => studentGeneralization(bin)).toThrow(/^instance.prior:/);
  });

  // tolerance: |ε_sim − ε_theory| ≤ 3·stderr + 0.01 (finite-N bias of GAMP and of R at N = 400)
  it('N = 400, 6 instances: Hebb and GAMP ε_g match theory within 3·stderr + 0.01', () => {
    for (const a of [0.5, 2, 4]) {
      const h: number[] = [];
      const b: number[] = [];
      for (let t = 0; t < 6; t++) {
        const r = studentGeneralization(perceptronInstance({ n: 400, alpha: a, seed: 1000 * a + t }));
        h.push(r.hebb?.error as number);
        b.push(r.bayes?.error as number);
        expect(r.bayes?.converged).toBe(true);
      }
      const t = generalizationTheory(a);
      expect(Math.abs(mean(h) - t.hebb.error), `Hebb α = ${a}`).toBeLessThanOrEqual(3 * stderr(h) + 0.01);
      expect(Math.abs(mean(b) - t.bayes.error), `Bayes α = ${a}`).toBeLessThanOrEqual(3 * stderr(b) + 0.01);
    }
  });

  it('students option selects what is trained', () => {
    const inst = perceptronInstance({ n: 50, alpha: 1, seed: 3 });
    const r = studentGeneralization(inst, { students: ['hebb'] });
    expect(r.hebb).toBeDefined();
    expect(r.bayes).toBeUndefined();
    expect(() => studentGeneralization(inst, { students: ['gibbs' as 'hebb'] })).toThrow(/^students:/);
  });
});
