/**
 * `bench --suite nn` in-process without peers (the host runs the PyTorch peer in
 * apps/lab/test/host.test.ts): the CPU row, its gemm share, the table and the figure — never the times.
 */
import { runBenchSuite } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { nnBench } from './bench';

describe('bench --suite nn, peers left to the host', () => {
  it('times a small MLP training step on the CPU with its gemm share, and formats it', {
    timeout: 120_000,
  }, async () => {
    const r = await runBenchSuite(nnBench, ['--mlp-sizes', '32,16,4', '--batch', '2'], { minSeconds: 0.01 });
    expect(r.suite).toBe('nn');
    expect(r.rows).toHaveLength(2);
    const cpu = r.rows[0]!;
    expect(cpu).toMatchObject({ kernel: 'mlp-train-step', size: 2, sizes: [32, 16, 4], backend: 'cpu' });
    expect(r.rows[1]).toMatchObject({ kernel: 'conv-train-step', size: 2, sizes: [1, 28, 28], backend: 'cpu' });
    expect(r.rows[1]!.stepsPerSecond).toBeGreaterThan(0);
    expect(cpu.stepsPerSecond).toBeGreaterThan(0);
    // the gemms are a part of the step: a share in (0, 1) (not a timing assertion: a ratio of two timings of nested work)
    expect(cpu.gemmFraction).toBeGreaterThan(0);
    expect(r.skipped).toEqual([]);
    const lines = nnBench.format(r);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^mlp 32-16-4 +2 +cpu +\S+ +\d+%, \d+%, -?\d+%$/);
    expect(cpu.optimizerFraction).toBeGreaterThan(0);
    expect(lines[2]).toMatch(/^conv net on 28×28 +2 +cpu +\S+ *$/);
    expect(nnBench.figure(r)).toMatchObject({ type: 'bars', name: 'bench-nn' });
  });
});
