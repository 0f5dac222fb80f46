/**
 * The Hopfield experiments in-process, beside their sources, against published values and
 * exact statements (the acceptance invocations run end-to-end in apps/lab/test).
 */
import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { hopfieldCapacityExperiment } from './capacity';
import { denseHopfieldMnistExperiment } from './dense-hopfield-mnist';
import { hopfieldDreamingExperiment } from './dreaming';
import { hopfieldPhaseDiagramExperiment } from './phase-diagram';
import { hopfieldRetrievalExperiment } from './retrieval';

describe('hopfield-capacity', () => {
  it('refuses a load that stores no pattern', async () => {
    const r = runExperiment(hopfieldCapacityExperiment, ['--n', '16', '--alphas', '0.01']);
    await expect(r).rejects.toThrow(UsageError);
    await expect(runExperiment(hopfieldCapacityExperiment, ['--n', '16', '--alphas', '0.01'])).rejects.toThrow(
      /--alphas: α = 0.01 stores no pattern at N = 16/,
    );
  });

  it('at T > 0 follows the AGS retrieval magnetization at low load', async () => {
    const { result } = await runExperiment(
      hopfieldCapacityExperiment,
      ['--n', '600', '--alphas', '0.02', '--temperature', '0.3', '--trials', '2', '--probes', '4', '--sweeps', '60'],
      { seed: 2 },
    );
    const [p] = (result.json as { points: { m_sim: number; m_sim_std: number; m_theory: number }[] }).points;
    // AGS m(α = 0.02, T = 0.3) = 0.99585; the time averages over 30 sweeps at N = 600 deviated by at most
    // 5e-4 over seeds 1–4 (2 trials leave the standard error itself too uncertain to scale by): 4× that
    expect(p!.m_theory).toBeCloseTo(0.99585, 5);
    expect(Math.abs(p!.m_sim - p!.m_theory)).toBeLessThan(0.002);
  });
});

describe('hopfield-retrieval', () => {
  it('retrieves at low load and reports the trajectory, attractor and basin', async () => {
    const { result } = await runExperiment(hopfieldRetrievalExperiment, [
      '--n',
      '500',
      '--k',
      '20',
      '--noise',
      '0.3',
      '--sweeps',
      '15',
      '--basin-points',
      '3',
    ]);
    const d = result.json as {
      initial_overlap: number;
      overlap: number;
      trajectory: number[];
      attractor: unknown;
      basin: { initial_overlap: number; final_overlap: number }[];
    };
    expect(d.initial_overlap).toBeCloseTo(0.4, 10);
    expect(d.overlap).toBe(1);
    expect(d.trajectory).toHaveLength(15);
    expect(d.trajectory.at(-1)).toBe(1);
    expect(d.attractor).toEqual({ kind: 'pattern', patterns: [0] });
    expect(d.basin.map((b) => b.initial_overlap)).toEqual([1, 0.5, 0]);
    expect(d.basin[0]!.final_overlap).toBe(1);
    expect(result.figures.map((f) => f.name)).toEqual(['hopfield-retrieval-trajectory', 'hopfield-retrieval-basin']);
  });

  it('stores MNIST digits and draws the start, the result and the stored digit', async () => {
    const { result } = await runExperiment(hopfieldRetrievalExperiment, [
      '--patterns',
      'mnist',
      '--k',
      '10',
      '--noise',
      '0.1',
      '--basin-points',
      '0',
    ]);
    const grid = result.figures.find((f) => f.name === 'hopfield-retrieval-digits');
    expect(grid?.type).toBe('image-grid');
    if (grid?.type !== 'image-grid') return;
    expect(grid.rows.map((r) => r.label)).toEqual(['start', 'result', 'stored']);
    for (const row of grid.rows) expect(row.images.map((im) => im.length)).toEqual([784]);
    expect((result.json as { n: number }).n).toBe(784);
  });

  it('refuses MNIST patterns with another N, and a target beyond K', async () => {
    await expect(runExperiment(hopfieldRetrievalExperiment, ['--patterns', 'mnist', '--n', '100'])).rejects.toThrow(
      /--n: MNIST patterns have N = 784/,
    );
    await expect(runExperiment(hopfieldRetrievalExperiment, ['--k', '5', '--target', '5'])).rejects.toThrow(
      /--target: expected a pattern index below K = 5, got 5/,
    );
    await expect(
      runExperiment(hopfieldRetrievalExperiment, ['--patterns', 'correlated', '--k', '3', '--ancestors', '4']),
    ).rejects.toThrow(/--ancestors: expected at most K = 3, got 4/);
  });
});

describe('hopfield-phase-diagram', () => {
  it('draws T_g = 1 + √α and the AGS lines with their published endpoints', async () => {
    const { result } = await runExperiment(hopfieldPhaseDiagramExperiment, ['--resolution', '3']);
    const d = result.json as {
      lines: Record<'spin_glass' | 'retrieval' | 'global_minimum', { alpha: number; temperature: number }[]>;
    };
    for (const p of d.lines.spin_glass) expect(p.temperature).toBeCloseTo(1 + Math.sqrt(p.alpha), 12);
    // α_M(0) = α_c ≈ 0.138; α_c(T → 0) ≈ 0.051 (AGS 1987); both vanish as T → 1
    expect(d.lines.retrieval[0]!.alpha).toBeCloseTo(0.138, 3);
    expect(d.lines.global_minimum[0]!.alpha).toBeGreaterThan(0.049);
    expect(d.lines.global_minimum[0]!.alpha).toBeLessThan(0.055);
    expect(d.lines.retrieval.at(-1)!.alpha).toBeLessThan(1e-3);
  });
});

describe('hopfield-dreaming', () => {
  it('long dreaming keeps patterns that Hebb loses at α = 0.3', async () => {
    const { result } = await runExperiment(hopfieldDreamingExperiment, [
      '--n',
      '300',
      '--alphas',
      '0.3',
      '--times',
      '0,1000',
      '--noise',
      '0',
    ]);
    const [hebb, dream] = (result.json as { points: { t: number; m_sim: number }[] }).points;
    expect(hebb!.t).toBe(0);
    expect(hebb!.m_sim).toBeLessThan(0.6);
    // t → ∞ is the projector: every stored pattern is a fixed point
    expect(dream!.m_sim).toBe(1);
  });
});

describe('dense-hopfield-mnist', () => {
  it('draws queries, retrieved states and stored digits as image-grid specs', async () => {
    const { result } = await runExperiment(denseHopfieldMnistExperiment, ['--patterns', '20', '--show', '4']);
    const grid = result.figures.find((f) => f.name === 'dense-hopfield-mnist-digits');
    if (grid?.type !== 'image-grid') throw new Error('no image grid');
    expect([grid.width, grid.height]).toEqual([28, 28]);
    expect(grid.rows.map((r) => [r.label, r.images.length])).toEqual([
      ['query', 4],
      ['retrieved', 4],
      ['stored', 4],
    ]);
    expect((result.json as { patterns: number }).patterns).toBe(20);
  });
});
