/**
 * `bench --suite rbm` in-process without peers (the host's peer runner is tested in
 * apps/lab/test/bench-rbm.test.ts): the CPU row, the table lines and the figure, never the times.
 */
import { runBenchSuite } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import type { RbmLikelihoodRow } from './bench';
import { rbmBench } from './bench';

describe('bench --suite rbm, peers left to the host', () => {
  it('times CD-1 on the CPU and formats the row and a bar figure', { timeout: 120_000 }, async () => {
    const r = await runBenchSuite(rbmBench, ['--rbm-hidden', '8', '--no-likelihood'], { minSeconds: 0.01 });
    expect(r.suite).toBe('rbm');
    expect(r.rows).toHaveLength(1);
    const cpu = r.rows[0]!;
    expect(cpu).toMatchObject({ kernel: 'rbm-cd1', size: 784, hidden: 8, batchSize: 100, backend: 'cpu', repeats: 3 });
    expect(cpu.rows).toBeGreaterThanOrEqual(100);
    expect(cpu.rows % 100).toBe(0); // whole batches
    expect(cpu.samplesPerSecond).toBeGreaterThan(0);
    expect(cpu.samplesPerSecond).toBeCloseTo(cpu.rows / cpu.secondsPerEpoch, 6);
    expect(r.peers).toEqual([]);
    expect(r.ratios).toEqual([]);
    expect(r.skipped).toEqual([]);
    expect(r.likelihood).toBeUndefined();
    const lines = rbmBench.format(r);
    expect(lines).toHaveLength(3); // title, header, the CPU row; no likelihood table
    expect(lines[0]).toBe('CD-1 training throughput on binarized MNIST');
    expect(lines[2]).toMatch(/^rbm-cd1 {2}784×8 {5}100 {4}\d+ +cpu {7}\S+ +\S+$/);
    const fig = rbmBench.figure(r);
    expect(fig).toMatchObject({ type: 'bars', name: 'bench-rbm' });
    expect(fig.type === 'bars' && fig.bars).toEqual([{ category: '784×8', group: 'cpu', value: cpu.samplesPerSecond }]);
  });

  it('adds the exact likelihood of ours (no peer) and its table', { timeout: 120_000 }, async () => {
    const r = await runBenchSuite(rbmBench, [
      '--rbm-hidden',
      '8',
      '--likelihood-hidden',
      '3',
      '--likelihood-epochs',
      '1',
    ]);
    const likelihood = r.likelihood as RbmLikelihoodRow[];
    expect(likelihood.map((l) => l.model)).toEqual(['ours']);
    expect(likelihood[0]).toMatchObject({ hidden: 3, epochs: 1, batchSize: 100, learningRate: 0.05 });
    for (const ll of [likelihood[0]!.trainLogLikelihood, likelihood[0]!.testLogLikelihood]) {
      expect(ll).toBeLessThan(0);
      expect(ll).toBeGreaterThan(-784 * Math.LN2);
    }
    const lines = rbmBench.format(r);
    expect(lines).toHaveLength(3 + 3 + 2); // speed table, blank + title + header, one row and its trainer
    expect(lines[4]).toMatch(/784×3 Bernoulli RBM, log Z over all 2\^3 hidden states/);
    expect(lines[6]).toMatch(/^ours {13}1 {6}100 {4}0\.05 {4}-\d+\.\d{3}/);
    expect(lines[7]).toMatch(/^ours: trainRbm CD-1 on cpu/);
  });
});
