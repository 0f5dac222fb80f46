/**
 * perceptron-generalization in-process: Hebb and GAMP (Bayes-optimal) ε_g at N = 400 and the Gibbs
 * student and its centre of mass (exact HMC) at N = 100 against their N → ∞ theory, the ordering of
 * the theory curves, and bad flags.
 */
import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { perceptronGeneralizationExperiment } from './perceptron-generalization';

interface Point {
  alpha: number;
  eg_hebb_sim: number;
  eg_hebb_sim_stderr: number;
  eg_hebb_theory: number;
  eg_gibbs_theory: number;
  eg_gibbs_sim: number;
  eg_gibbs_sim_stderr: number;
  eg_bayes_hmc_sim: number;
  eg_bayes_hmc_sim_stderr: number;
  eg_bayes_sim: number;
  eg_bayes_sim_stderr: number;
  eg_bayes_theory: number;
}

interface Doc {
  points: Point[];
  asymptotes: { gibbs_alpha: number; bayes_alpha: number };
}

describe('perceptron-generalization', () => {
  it('Hebb and GAMP ε_g match theory at N = 400 within 3·stderr + 0.01, reproducibly', async () => {
    const args = ['--n', '400', '--alphas', '0.5,1,2,4', '--trials', '3'];
    const { result } = await runExperiment(perceptronGeneralizationExperiment, args, { seed: 1 });
    const d = result.json as unknown as Doc;
    expect(d.points.map((p) => p.alpha)).toEqual([0.5, 1, 2, 4]);
    for (const p of d.points) {
      expect(Object.keys(p)).toEqual(
        expect.arrayContaining([
          'alpha',
          'eg_hebb_sim',
          'eg_hebb_sim_stderr',
          'eg_hebb_theory',
          'eg_gibbs_theory',
          'eg_bayes_sim',
          'eg_bayes_sim_stderr',
          'eg_bayes_theory',
        ]),
      );
      // finite-N tolerance: one instance's ε_g spreads by O(1/√N); GAMP at N = 400 has an O(1/N) bias
      expect(Math.abs(p.eg_hebb_sim - p.eg_hebb_theory), `Hebb α = ${p.alpha}`).toBeLessThanOrEqual(
        3 * p.eg_hebb_sim_stderr + 0.01,
      );
      expect(Math.abs(p.eg_bayes_sim - p.eg_bayes_theory), `Bayes α = ${p.alpha}`).toBeLessThanOrEqual(
        3 * p.eg_bayes_sim_stderr + 0.01,
      );
      expect(p.eg_hebb_sim_stderr).toBeGreaterThan(0);
      // Gibbs and its centre of mass by exact HMC at N = 100: 4σ + 0.01 (the O(1/N) shift of R, ≤ 0.5/N
      // measured in the package tests, is ≤ 0.005 in ε here)
      expect(Math.abs(p.eg_gibbs_sim - p.eg_gibbs_theory), `Gibbs α = ${p.alpha}`).toBeLessThanOrEqual(
        4 * p.eg_gibbs_sim_stderr + 0.01,
      );
      expect(Math.abs(p.eg_bayes_hmc_sim - p.eg_bayes_theory), `Bayes/HMC α = ${p.alpha}`).toBeLessThanOrEqual(
        4 * p.eg_bayes_hmc_sim_stderr + 0.01,
      );
      // Bayes-optimal is best; Gibbs is within a factor 2 of it
      expect(p.eg_bayes_theory).toBeLessThan(p.eg_gibbs_theory);
      expect(p.eg_bayes_theory).toBeLessThan(p.eg_hebb_theory);
      expect(p.eg_gibbs_theory).toBeLessThanOrEqual(2 * p.eg_bayes_theory);
    }
    expect(d.asymptotes.gibbs_alpha).toBeCloseTo(0.625, 3);
    expect(d.asymptotes.bayes_alpha).toBeCloseTo(0.442, 3);
    const again = await runExperiment(perceptronGeneralizationExperiment, args, { seed: 1 });
    expect(JSON.stringify(again.result.json)).toBe(JSON.stringify(result.json));
  });

  it('--students hebb,gibbs leaves the Bayes columns null', async () => {
    const { result } = await runExperiment(perceptronGeneralizationExperiment, [
      '--n',
      '100',
      '--alphas',
      '1',
      '--students',
      'gibbs,hebb',
    ]);
    const p = (result.json as unknown as Doc).points[0]!;
    expect(p.eg_bayes_sim).toBeNull();
    expect(p.eg_bayes_theory).toBeNull();
    expect(p.eg_hebb_sim).toBeGreaterThan(0);
    expect(p.eg_gibbs_theory).toBeGreaterThan(0);
    expect(p.eg_gibbs_sim).toBeGreaterThan(0);
    expect(p.eg_bayes_hmc_sim).toBeNull();
  });

  it('refuses a bad flag value, naming it', async () => {
    const r = runExperiment(perceptronGeneralizationExperiment, ['--students', 'hebb,adaline']);
    await expect(r).rejects.toThrow(UsageError);
    await expect(r).rejects.toThrow(/--students/);
    const s = runExperiment(perceptronGeneralizationExperiment, ['--alphas', '-1']);
    await expect(s).rejects.toThrow(UsageError);
    await expect(s).rejects.toThrow(/--alphas/);
  });
});
