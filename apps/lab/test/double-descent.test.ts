/**
 * The double-descent experiment through the CLI, the acceptance invocation exactly as written,
 * against the Marchenko–Pastur ridge theory (and its ridgeless limits recomputed here). The
 * in-process tests are beside the experiment (packages/teacher-student/src/lab/double-descent.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { lab } from './lab-process';

describe('replica-lab run double-descent', () => {
  it('matches the ridge theory at D = 200 (acceptance invocation), reproducibly', () => {
    const args = [
      'run',
      'double-descent',
      '--model',
      'ridge',
      '--d',
      '200',
      '--ratios',
      '0.5,1.5,3',
      '--lambda',
      '0.01',
      '--trials',
      '4',
      '--seed',
      '1',
      '--json',
    ];
    const r = lab(args);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.model).toBe('ridge');
    expect(d.optimal_lambda).toBe(d.noise);
    expect(d.points.map((p: { ratio: number }) => p.ratio)).toEqual([0.5, 1.5, 3]);
    for (const p of d.points) {
      expect(Object.keys(p)).toEqual(
        expect.arrayContaining(['ratio', 'test_error_sim', 'test_error_sim_stderr', 'test_error_theory']),
      );
      // finite-D tolerance: the relative spread of one instance is O(1/√D) ≈ 10% at D = 200
      expect(Math.abs(p.test_error_sim - p.test_error_theory), `α = ${p.ratio}`).toBeLessThanOrEqual(
        0.1 * p.test_error_theory + 2 * p.test_error_sim_stderr,
      );
      expect(p.test_error_sim_stderr).toBeGreaterThan(0);
      // λ = 0.01 is within 10% of ridgeless: Δα/(α − 1) for α > 1, 1 − α + Δ/(1 − α) for α < 1 (test error)
      const a = p.ratio;
      const ridgeless = a > 1 ? (d.noise * a) / (a - 1) : 1 - a + d.noise / (1 - a);
      expect(Math.abs(p.test_error_theory - ridgeless) / ridgeless).toBeLessThan(0.1);
      // the optimal ridge does better than λ = 0.01 everywhere
      expect(p.test_error_theory_optimal).toBeLessThan(p.test_error_theory);
    }
    expect(lab(args).stdout).toBe(r.stdout);
  });

  it('random features: the interpolation peak at p = P (acceptance invocation), reproducibly', () => {
    const args = [
      'run',
      'double-descent',
      '--model',
      'random-features',
      '--d',
      '100',
      '--ratios',
      '0.5,1,2',
      '--lambda',
      '0.0001',
      '--trials',
      '6',
      '--seed',
      '1',
      '--json',
    ];
    const r = lab(args);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.model).toBe('random-features');
    expect(d.samples).toBe(200);
    expect(d.gaussian_equivalent.label).toMatch(/simulated/);
    expect(d.points.map((p: { ratio: number }) => p.ratio)).toEqual([0.5, 1, 2]);
    expect(d.points.map((p: { width: number }) => p.width)).toEqual([100, 200, 400]);
    expect(d.theory).toMatch(/closed-form/);
    for (const p of d.points) {
      expect(p.test_error_sim_stderr).toBeGreaterThan(0);
      // the optimal ridge never does worse than λ = 1e-4
      expect(p.test_error_theory_optimal).toBeLessThanOrEqual(p.test_error_theory * (1 + 1e-9));
      expect(Number.isFinite(p.test_error_gaussian_equivalent_sim)).toBe(true);
    }
    const [half, one, two] = d.points;
    // λ = 1e-4 is nearly ridgeless: the error at p = P is several times the error on either side
    expect(one.test_error_sim).toBeGreaterThan(3 * half.test_error_sim);
    expect(one.test_error_sim).toBeGreaterThan(3 * two.test_error_sim);
    expect(one.test_error_gaussian_equivalent_sim).toBeGreaterThan(3 * two.test_error_gaussian_equivalent_sim);
    // the closed form has the peak too, and the optimal λ* removes it (within 15% of its neighbours)
    expect(one.test_error_theory).toBeGreaterThan(3 * two.test_error_theory);
    expect(one.test_error_theory_optimal).toBeLessThan(1.15 * half.test_error_theory_optimal);
    // off the peak the simulation follows the closed form: 4σ + 10% (measured finite-D bias ≤ 3% at D = 50–150, ≤ 2σ)
    for (const p of [half, two])
      expect(Math.abs(p.test_error_sim - p.test_error_theory), `p/P = ${p.ratio}`).toBeLessThan(
        4 * p.test_error_sim_stderr + 0.1 * p.test_error_theory,
      );
    // away from the peak the Gaussian-equivalent model (simulated at D = 200) is within 10%
    expect(Math.abs(two.test_error_sim - two.test_error_gaussian_equivalent_sim)).toBeLessThan(
      0.1 * two.test_error_gaussian_equivalent_sim,
    );
    expect(lab(args).stdout).toBe(r.stdout);
  });
});
