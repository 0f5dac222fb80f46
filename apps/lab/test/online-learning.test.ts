/**
 * `online-learning` through the CLI: the acceptance invocation exactly as written, simulation
 * against the N → ∞ ODE. The in-process tests (the η scan, the committee, the flag validation)
 * are beside the experiment (packages/teacher-student/src/lab/online-learning.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { lab } from './lab-process';

describe('replica-lab run online-learning', () => {
  it('perceptron at N = 1000, η = 0.5, 20000 steps (acceptance invocation): ε_g sim within 0.03 of the ODE', () => {
    const r = lab([
      'run',
      'online-learning',
      '--model',
      'perceptron',
      '--n',
      '1000',
      '--lr',
      '0.5',
      '--steps',
      '20000',
      '--seed',
      '1',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.t_unit).toBe('steps');
    expect(d.t[0]).toBe(0);
    expect(d.t.at(-1)).toBe(20_000);
    expect(d.alpha.at(-1)).toBe(20);
    expect(d.alpha).toEqual(d.t.map((t: number) => t / 1000));
    expect(d.eg_sim.length).toBe(d.t.length);
    expect(d.eg_ode.length).toBe(d.t.length);
    // R(0) = 0 exactly: both start at ε_g = 1/2
    expect(d.eg_sim[0]).toBe(0.5);
    expect(d.eg_ode[0]).toBe(0.5);
    // finite-N gap: measured max 0.011 over 8 seeds in the package tests; 0.03 ≈ 4σ per record
    d.eg_sim.forEach((e: number, k: number) => {
      expect(Math.abs(e - d.eg_ode[k])).toBeLessThan(0.03);
    });
    expect(d.max_abs_gap).toBeLessThan(0.03);
    // the perceptron rule has learned: ε_g(α = 20) ≈ 0.084 (ODE)
    expect(d.eg_ode.at(-1)).toBeCloseTo(0.084, 2);
    expect(d.eg_sim.at(-1)).toBeLessThan(0.12);
  });
});
