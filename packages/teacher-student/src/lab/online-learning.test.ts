/**
 * online-learning in-process: the learning-rate scan and the committee against the N → ∞ ODE,
 * with their figures, and the flag validation (the acceptance invocation runs through the CLI in
 * apps/lab/test/online-learning.test.ts).
 */
import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { onlineLearningExperiment } from './online-learning';

interface Scan {
  lr: number;
  alpha: number[];
  eg_sim: number[];
  eg_ode: number[];
}

interface Doc {
  k: number;
  m: number;
  lr: number;
  alpha: number[];
  eg_sim: number[];
  eg_ode: number[];
  lr_scan: Scan[];
}

describe('online-learning', () => {
  it('--lrs scans the learning rate: each η follows its own ODE, and the figure is made', async () => {
    const { result } = await runExperiment(
      onlineLearningExperiment,
      ['--model', 'perceptron', '--n', '1000', '--steps', '10000', '--lrs', '0.05,2'],
      { seed: 3 },
    );
    const d = result.json as unknown as Doc;
    expect(d.lr_scan.map((s) => s.lr)).toEqual([0.05, 2]);
    for (const s of d.lr_scan) {
      expect(s.alpha).toEqual(d.alpha);
      // the same finite-N allowance as the acceptance run (≈ 4σ per record at N = 1000)
      s.eg_sim.forEach((e, k) => {
        expect(Math.abs(e - s.eg_ode[k]!)).toBeLessThan(0.03);
      });
    }
    // A small η learns far more slowly at first: at α = 10 its ODE error is clearly higher.
    expect(d.lr_scan[0]!.eg_ode.at(-1)).toBeGreaterThan(d.lr_scan[1]!.eg_ode.at(-1)! + 0.05);
    // the CLI writes each figure as <name>.svg under --out
    expect(result.figures.map((f) => f.name)).toEqual(expect.arrayContaining(['online-learning-lr']));
  });

  it('committee K = M = 2 makes both figures and reaches the plateau', async () => {
    const { result } = await runExperiment(onlineLearningExperiment, [
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
    ]);
    const d = result.json as unknown as Doc;
    expect(d.k).toBe(2);
    expect(d.m).toBe(2);
    expect(d.lr).toBe(1);
    // by α = 10 both are on the symmetric plateau ε_g ≈ 0.021 (finite N: within 0.01)
    expect(d.eg_ode[10]).toBeGreaterThan(0.015);
    expect(d.eg_ode[10]).toBeLessThan(0.03);
    expect(Math.abs(d.eg_sim[10]! - d.eg_ode[10]!)).toBeLessThan(0.01);
    expect(result.figures.map((f) => f.name)).toEqual(
      expect.arrayContaining(['online-learning-eg', 'online-learning-overlaps']),
    );
  });

  it('refuses a bad flag, naming it', async () => {
    const run = (argv: string[]) => runExperiment(onlineLearningExperiment, argv);
    const bad = run(['--model', 'mlp']);
    await expect(bad).rejects.toThrow(UsageError);
    await expect(bad).rejects.toThrow(/--model/);
    await expect(run(['--bogus', '1'])).rejects.toThrow(UsageError);
    const mixed = run(['--model', 'perceptron', '--k', '2']);
    await expect(mixed).rejects.toThrow(UsageError);
    await expect(mixed).rejects.toThrow(/--k/);
    const lr = run(['--lr', '-1']);
    await expect(lr).rejects.toThrow(UsageError);
    await expect(lr).rejects.toThrow(/--lr/);
  });
});
