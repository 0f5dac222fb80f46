/**
 * The nn acceptance invocation through the CLI, exactly as written: an MLP 784-256-10 on
 * Fashion-MNIST (Debian's dataset-fashion-mnist), Adam lr 0.001, batch 128, 5 epochs.
 * PyTorch 1.13 on the same recipe reaches 0.869 (fixtures/torch_fashion_mlp.py).
 */
import { describe, expect, it } from 'vitest';
import { lab } from './lab-process';

describe('replica-lab run mlp-train', () => {
  it('Fashion-MNIST, 784-256-10 ReLU, Adam, 5 epochs: test accuracy ≥ 0.86 (acceptance invocation)', () => {
    const r = lab([
      'run',
      'mlp-train',
      '--data',
      'fashion-mnist',
      '--hidden',
      '256',
      '--epochs',
      '5',
      '--optimizer',
      'adam',
      '--lr',
      '0.001',
      '--batch',
      '128',
      '--seed',
      '1',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.epochs).toHaveLength(5);
    for (const e of d.epochs)
      expect(Object.keys(e).sort()).toEqual(['epoch', 'seconds', 'testAccuracy', 'testLoss', 'trainLoss']);
    expect(d.final.testAccuracy).toBeGreaterThanOrEqual(0.86);
    expect(d.final.testAccuracy).toBe(d.epochs[4].testAccuracy);
    expect(d.trainRows).toBe(60_000);
    expect(d.testRows).toBe(10_000);
  }, 300_000);

  it('bench --suite nn --json: our CPU step beside PyTorch where it is installed (acceptance invocation)', () => {
    const r = lab(['bench', '--suite', 'nn', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.suite).toBe('nn');
    const cpu = d.rows.find((row: { backend: string }) => row.backend === 'cpu');
    expect(cpu).toMatchObject({ kernel: 'mlp-train-step', size: 128, sizes: [784, 512, 512, 10] });
    expect(cpu.gemmFraction).toBeGreaterThan(0);
    const conv = d.rows.find(
      (row: { backend: string; kernel: string }) => row.backend === 'cpu' && row.kernel === 'conv-train-step',
    );
    expect(conv).toMatchObject({ size: 128, sizes: [1, 28, 28] });
    // each default peer, on each workload, either measured (with a ratio against ours) or skipped with its reason
    for (const peer of ['torch-cpu', 'torch-1thread'])
      for (const [model, kernel] of [
        ['mlp', 'mlp-train-step'],
        ['conv', 'conv-train-step'],
      ]) {
        const measured = d.rows.some(
          (row: { backend: string; kernel: string }) => row.backend === peer && row.kernel === kernel,
        );
        if (measured)
          expect(d.ratios.some((x: { peer: string; kernel: string }) => x.peer === peer && x.kernel === kernel)).toBe(
            true,
          );
        else expect(d.skipped.some((s: string) => s.startsWith(`${peer} (${model}):`))).toBe(true);
      }
  }, 300_000);
});
