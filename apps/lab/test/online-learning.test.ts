/**
 * `online-learning` through the CLI: the acceptance invocation exactly as written, simulation
 * against the N → ∞ ODE, and the flag validation.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('--lrs scans the learning rate: each η follows its own ODE, and the figure is written', () => {
    const out = mkdtempSync(join(tmpdir(), 'online-learning-lr-'));
    const r = lab([
      'run',
      'online-learning',
      '--model',
      'perceptron',
      '--n',
      '1000',
      '--steps',
      '10000',
      '--lrs',
      '0.05,2',
      '--seed',
      '3',
      '--out',
      out,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.lr_scan.map((s: { lr: number }) => s.lr)).toEqual([0.05, 2]);
    for (const s of d.lr_scan) {
      expect(s.alpha).toEqual(d.alpha);
      // the same finite-N allowance as the acceptance run (≈ 4σ per record at N = 1000)
      s.eg_sim.forEach((e: number, k: number) => {
        expect(Math.abs(e - s.eg_ode[k])).toBeLessThan(0.03);
      });
    }
    // A small η learns far more slowly at first: at α = 10 its ODE error is clearly higher.
    expect(d.lr_scan[0].eg_ode.at(-1)).toBeGreaterThan(d.lr_scan[1].eg_ode.at(-1) + 0.05);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['online-learning-lr.svg']));
  });

  it('committee K = M = 2 writes both figures and reaches the plateau', () => {
    const out = mkdtempSync(join(tmpdir(), 'online-learning-'));
    const r = lab([
      'run',
      'online-learning',
      '--model',
      'committee',
      '--k',
      '2',
      '--n',
      '200',
      '--steps',
      '4000',
      '--every',
      '200',
      '--json',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.k).toBe(2);
    expect(d.m).toBe(2);
    expect(d.lr).toBe(1);
    // by α = 10 both are on the symmetric plateau ε_g ≈ 0.021 (finite N: within 0.01)
    expect(d.eg_ode[10]).toBeGreaterThan(0.015);
    expect(d.eg_ode[10]).toBeLessThan(0.03);
    expect(Math.abs(d.eg_sim[10] - d.eg_ode[10])).toBeLessThan(0.01);
    expect(readdirSync(out)).toEqual(
      expect.arrayContaining(['online-learning-eg.svg', 'online-learning-overlaps.svg']),
    );
  });

  it('exits 2 on a bad flag, naming it', () => {
    const bad = lab(['run', 'online-learning', '--model', 'mlp', '--json']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--model/);
    const unknown = lab(['run', 'online-learning', '--bogus', '1']);
    expect(unknown.status).toBe(2);
    const mixed = lab(['run', 'online-learning', '--model', 'perceptron', '--k', '2']);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/--k/);
    const lr = lab(['run', 'online-learning', '--lr', '-1']);
    expect(lr.status).toBe(2);
    expect(lr.stderr).toMatch(/--lr/);
  });
});
