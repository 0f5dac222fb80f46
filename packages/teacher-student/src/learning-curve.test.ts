import { describe, expect, it } from 'vitest';
import { hebbOverlap } from './generalization';
import { learningCurve } from './learning-curve';
import { ridgeRisk } from './ridge';

describe('learningCurve: simulation beside theory', () => {
  it('Hebb on the sign perceptron follows arccos(R_Hebb)/π for Gaussian and ±1 inputs (4σ + 0.01)', () => {
    // 0.01 allows for the O(1/N) finite-size shift of R at N = 300 (measured ≲ 0.004 in ε).
    for (const inputs of [{ kind: 'gaussian' }, { kind: 'spin' }] as const) {
      const r = learningCurve({
        n: 300,
        inputs,
        teacher: { kind: 'perceptron' },
        student: { kind: 'hebb' },
        alphas: [0.5, 2, 6],
        trials: 6,
        testSize: 3000,
        seed: 1,
      });
      expect(r.metric).toBe('classification');
      for (const p of r.points) {
        const eps = Math.acos(hebbOverlap(p.samples / 300)) / Math.PI;
        expect(p.theory).toBeCloseTo(eps, 12);
        expect(Math.abs(p.testError - eps)).toBeLessThan(4 * p.stderr + 0.01);
      }
      // Learning: the error falls with α.
      expect(r.points[2]!.testError).toBeLessThan(r.points[0]!.testError);
    }
  });
  it('Hebb with label flips: the label error f + (1 − 2f)ε (4σ + 0.01)', () => {
    const f = 0.15;
    const r = learningCurve({
      n: 300,
      inputs: { kind: 'gaussian' },
      teacher: { kind: 'perceptron', flip: f },
      student: { kind: 'hebb' },
      alphas: [1, 4],
      trials: 6,
      testSize: 3000,
      seed: 2,
    });
    for (const p of r.points) {
      expect(p.theory!).toBeGreaterThan(f);
      expect(Math.abs(p.testError - p.theory!)).toBeLessThan(4 * p.stderr + 0.01);
    }
  });
  it('ridge on the noisy linear teacher follows the Marchenko–Pastur theory, ±1 inputs too (4σ + 3%)', () => {
    // 3% relative: the O(1/√N) finite-size scatter of the risk at N = 200 away from the peak.
    for (const inputs of [{ kind: 'gaussian' }, { kind: 'spin' }] as const) {
      const r = learningCurve({
        n: 200,
        inputs,
        teacher: { kind: 'linear', noise: 0.25 },
        student: { kind: 'ridge', lambda: 0.1 },
        alphas: [0.5, 2, 4],
        trials: 6,
        testSize: 2000,
        seed: 3,
      });
      expect(r.metric).toBe('mse');
      for (const p of r.points) {
        const th = ridgeRisk({ alpha: p.samples / 200, lambda: 0.1, noise: 0.25 }).testError;
        expect(p.theory).toBeCloseTo(th, 12);
        expect(Math.abs(p.testError - th)).toBeLessThan(4 * p.stderr + 0.03 * th);
      }
    }
  });
  it('a random-features student with a huge ridge predicts 0: the error is E y² = 1 + Δ (4σ)', () => {
    const r = learningCurve({
      n: 100,
      inputs: { kind: 'gaussian' },
      teacher: { kind: 'linear', noise: 0.5 },
      student: { kind: 'random-features', widthRatio: 1.5, lambda: 1e9 },
      alphas: [2],
      trials: 8,
      testSize: 1000,
      seed: 4,
    });
    // E y² = |w*|²/N + Δ with |w*|²/N = 1 ± √(2/N): the allowance 4·√(2/(N·trials)) covers the teacher-norm scatter.
    const p = r.points[0]!;
    expect(Math.abs(p.testError - 1.5)).toBeLessThan(4 * p.stderr + 4 * Math.sqrt(2 / 800));
    expect(r.theoryNote).toMatch(/no closed form/);
    expect(p.theory).toBeNull();
  });
  it('structured inputs have no theory column, and learning still lowers the error', () => {
    const r = learningCurve({
      n: 60,
      inputs: { kind: 'hidden-manifold', latentDim: 30, activation: 'tanh' },
      teacher: { kind: 'perceptron' },
      student: { kind: 'ridge', lambda: 0.5 },
      alphas: [0.5, 8],
      trials: 4,
      testSize: 2000,
      seed: 5,
    });
    expect(r.theoryNote).toMatch(/hidden-manifold/);
    expect(r.points.every((p) => p.theory === null)).toBe(true);
    expect(r.points[1]!.testError + 4 * r.points[1]!.stderr).toBeLessThan(r.points[0]!.testError);
  });
});

describe('learningCurve: contract', () => {
  const base = {
    n: 20,
    inputs: { kind: 'gaussian' } as const,
    teacher: { kind: 'perceptron' } as const,
    student: { kind: 'hebb' } as const,
    alphas: [1, 2],
    trials: 2,
    testSize: 100,
    seed: 9,
  };
  it('is reproducible per seed', () => {
    expect(learningCurve(base)).toEqual(learningCurve(base));
    expect(learningCurve({ ...base, seed: 10 }).points[0]!.testError).not.toBe(
      learningCurve(base).points[0]!.testError,
    );
  });
  it('rejects bad input naming the option', () => {
    expect(() => learningCurve({ ...base, alphas: [] })).toThrow(/alphas/);
    expect(() => learningCurve({ ...base, alphas: [1, -1] })).toThrow(/alphas\[1\]/);
    expect(() => learningCurve({ ...base, testSize: 0 })).toThrow(/testSize/);
    expect(() => learningCurve({ ...base, trials: 0 })).toThrow(/trials/);
    expect(() => learningCurve({ ...base, teacher: { kind: 'linear' } })).toThrow(/hebb.*±1 labels/);
    expect(() => learningCurve({ ...base, student: { kind: 'ridge', lambda: -1 } })).toThrow(/student\.lambda/);
    expect(() => learningCurve({ ...base, student: { kind: 'ridge', lambda: 0 }, alphas: [1] })).toThrow(
      /interpolation threshold/,
    );
    expect(() => learningCurve({ ...base, student: { kind: 'svm' } as never })).toThrow(/student\.kind/);
    expect(() => learningCurve({ ...base, inputs: { kind: 'two-block', salientFraction: 2 } as never })).toThrow(
      /inputs\.salientFraction/,
    );
  });
});
