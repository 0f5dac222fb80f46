/**
 * The double-descent experiment through the CLI, the acceptance invocation exactly as written,
 * against the Marchenko–Pastur ridge theory (and its ridgeless limits recomputed here).
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

  it('exits 2 on a bad flag value', () => {
    const r = lab(['run', 'double-descent', '--model', 'kernel', '--json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--model/);
    const s = lab(['run', 'double-descent', '--lambda', '0', '--ratios', '1', '--d', '50', '--json']);
    expect(s.status).toBe(2);
    expect(s.stderr).toMatch(/--ratios/);
  });
});
