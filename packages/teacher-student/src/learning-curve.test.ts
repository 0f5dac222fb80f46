import { describe, expect, it } from 'vitest';
import { hebbOverlap } from './generalization';
import { learningCurve, learningCurveTheory } from './learning-curve';
import { ridgeRisk } from './ridge';
import { structuredRidgeRisk } from './ridge-structured';

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
    // The theory's λ → ∞ limit is the same null error.
    expect(p.theory).toBeCloseTo(1.5, 6);
  });
  it('random features on the linear teacher follow the Gaussian-equivalent theory, across the p = P peak (4σ + 5%)', () => {
    // 5%: the finite-size deviation of real ReLU features measured ≤ 1.1% at D = 120 off the peak
    // and up to 7% at D = 60 on it (random-features-theory tests); N = 100 here, test-set noise on top.
    const r = learningCurve({
      n: 100,
      inputs: { kind: 'gaussian' },
      teacher: { kind: 'linear', noise: 0.25 },
      student: { kind: 'random-features', widthRatio: 1, lambda: 0.01 },
      alphas: [0.5, 1, 2],
      trials: 8,
      testSize: 1000,
      seed: 7,
    });
    expect(r.theoryNote).toMatch(/random features/);
    for (const p of r.points)
      expect(Math.abs(p.testError - p.theory!), `α = ${p.alpha}`).toBeLessThan(4 * p.stderr + 0.05 * p.theory!);
    // the interpolation peak at P = p (α = 1 here) is the worst point
    expect(r.points[1]!.theory!).toBeGreaterThan(Math.max(r.points[0]!.theory!, r.points[2]!.theory!));
  });
  it('ridge on salient/weak two-block inputs follows the anisotropic theory (4σ + 3%)', () => {
    // 3%: measured finite-size scatter within ±2.5% at D = 200–400 off the peaks (ridge-structured tests).
    const inputs = { kind: 'two-block', salientFraction: 0.25, salientVariance: 4, weakVariance: 0.1 } as const;
    const r = learningCurve({
      n: 200,
      inputs,
      teacher: { kind: 'linear', noise: 0.1 },
      student: { kind: 'ridge', lambda: 0.05 },
      alphas: [0.5, 1.5, 3],
      trials: 6,
      testSize: 2000,
      seed: 8,
    });
    expect(r.theoryNote).toMatch(/salient\/weak/);
    for (const p of r.points) {
      const th = structuredRidgeRisk({ ...inputs, alpha: p.samples / 200, lambda: 0.05, noise: 0.1 }).testError;
      expect(p.theory).toBeCloseTo(th, 12);
      expect(Math.abs(p.testError - th), `α = ${p.alpha}`).toBeLessThan(4 * p.stderr + 0.03 * th);
    }
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

describe('learningCurve: hidden manifold', () => {
  it('ridge on x = f(Fᵀc/√D) follows random-features theory of the latent (Gaussian equivalence), 4σ + 5%', () => {
    // 5%: the deviations measured at N = 100–400 (D = N/2) were within ±6.5% and ≤ 1.7σ, shrinking with N.
    for (const [activation, latent] of [
      ['tanh', 'gaussian'],
      ['sign', 'spin'],
    ] as const) {
      const r = learningCurve({
        n: 200,
        inputs: { kind: 'hidden-manifold', latentDim: 100, activation, latent },
        teacher: { kind: 'linear', noise: 0.1 },
        student: { kind: 'ridge', lambda: 0.05 },
        alphas: [0.5, 2],
        trials: 8,
        testSize: 2000,
        seed: 12,
      });
      expect(r.theoryNote).toMatch(/Gaussian equivalence/);
      for (const p of r.points)
        expect(Math.abs(p.testError - p.theory!), `${activation}/${latent} α = ${p.alpha}`).toBeLessThan(
          4 * p.stderr + 0.05 * p.theory!,
        );
    }
  });
  it('with {0,1} latents or relu there is no theory, and the note says why', () => {
    for (const inputs of [
      { kind: 'hidden-manifold', latentDim: 10 },
      { kind: 'hidden-manifold', latentDim: 10, activation: 'relu', latent: 'gaussian' },
    ] as const) {
      const t = learningCurveTheory(inputs, { kind: 'linear' }, { kind: 'ridge', lambda: 1 }, 20);
      expect(t.at).toBeNull();
      expect(t.note).toMatch(/not centred|μ₀ ≠ 0/);
    }
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

describe('learningCurve: logistic student', () => {
  it('follows the replica theory of Aubin et al. on Gaussian and ±1 inputs, with flips (4σ + 0.01)', () => {
    // 0.01 covers the O(1/N) bias (measured ≈ 0.1/N by the logistic module's tests) plus the test-set noise floor.
    for (const inputs of [{ kind: 'gaussian' }, { kind: 'spin' }] as const) {
      const r = learningCurve({
        n: 150,
        inputs,
        teacher: { kind: 'perceptron', flip: 0.05 },
        student: { kind: 'logistic', lambda: 0.5 },
        alphas: [0.5, 3],
        trials: 5,
        testSize: 3000,
        seed: 6,
      });
      expect(r.theoryNote).toMatch(/Aubin/);
      for (const p of r.points) expect(Math.abs(p.testError - p.theory!)).toBeLessThan(4 * p.stderr + 0.01);
    }
  });
  it('needs λ > 0 and ±1 labels', () => {
    const base = {
      n: 10,
      inputs: { kind: 'gaussian' } as const,
      teacher: { kind: 'perceptron' } as const,
      alphas: [1],
      trials: 1,
      testSize: 10,
      seed: 1,
    };
    expect(() => learningCurve({ ...base, student: { kind: 'logistic', lambda: 0 } })).toThrow(
      /student\.lambda.*λ > 0/,
    );
    expect(() =>
      learningCurve({ ...base, teacher: { kind: 'linear' }, student: { kind: 'logistic', lambda: 1 } }),
    ).toThrow(/logistic.*±1 labels/);
  });
});
