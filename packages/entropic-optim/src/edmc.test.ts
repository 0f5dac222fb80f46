/**
 * Entropy-driven Monte Carlo: greedy EdMC ends on a solution (checked by an independent error
 * count); the finite-y walk is reproducible from its seed; bad options are refused.
 */
import { describe, expect, it } from 'vitest';
import { entropyDrivenMonteCarlo, perceptronErrors, randomBinaryPerceptron } from './index';

describe('entropy-driven Monte Carlo', () => {
  it('greedy EdMC solves random instances at α = 0.6 (N = 51), and the weights it returns are a solution', () => {
    let solved = 0;
    for (let trial = 0; trial < 3; trial++) {
      const problem = randomBinaryPerceptron({ n: 51, alpha: 0.6, seed: 50 + trial });
      const r = entropyDrivenMonteCarlo(problem, { gammaStart: 0.05, gammaRate: 0.2, sweeps: 50, seed: trial });
      expect(perceptronErrors(problem, r.weights)).toBe(r.energy);
      if (r.solved) {
        solved++;
        expect(r.energy).toBe(0);
        expect(r.iterations).toBeLessThanOrEqual(r.sweeps * 51);
      }
    }
    expect(solved).toBe(3);
  }, 60_000);

  it('a finite-y walk runs to the same kind of end state; the same seed repeats it exactly', () => {
    const problem = randomBinaryPerceptron({ n: 31, alpha: 0.5, seed: 3 });
    const o = { gammaStart: 0.05, gammaRate: 0.2, y: 5, sweeps: 40, seed: 9 } as const;
    const a = entropyDrivenMonteCarlo(problem, o);
    const b = entropyDrivenMonteCarlo(problem, o);
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(a.iterations).toBe(b.iterations);
    expect(perceptronErrors(problem, a.weights)).toBe(a.energy);
  }, 60_000);

  it('refuses bad options by name', () => {
    const problem = randomBinaryPerceptron({ n: 11, alpha: 0.3, seed: 1 });
    expect(() => entropyDrivenMonteCarlo(problem, { gammaStart: 0, sweeps: 1, seed: 1 })).toThrow(/gammaStart/);
    expect(() => entropyDrivenMonteCarlo(problem, { gammaStart: 0.1, y: -1, sweeps: 1, seed: 1 })).toThrow(/y:/);
    expect(() => entropyDrivenMonteCarlo(problem, { gammaStart: 0.1, sweeps: 0, seed: 1 })).toThrow(/sweeps/);
  });
});
