import { readNpy, writeNpy } from '@replica/datasets';
import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { createBackend, PhiloxRng } from '@replica/webgpu-kernels';
import { describe, expect, it } from 'vitest';
import { evaluateClassifier, loadStateJson, mlp } from '../index';
import { mlpTrainExperiment } from './mlp-train';

/** Three Gaussian blobs in 5 dimensions, sorted by class (as files often are). */
function blobFiles(rows: number): { x: Uint8Array; y: Uint8Array } {
  const rng = new PhiloxRng(12);
  const x = new Float64Array(rows * 5);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = Math.floor((3 * r) / rows);
    y[r] = c;
    for (let j = 0; j < 5; j++) x[r * 5 + j] = (j === c ? 3 : 0) + rng.nextNormal();
  }
  return { x: writeNpy(x, [rows, 5]), y: writeNpy(y, [rows]) };
}

describe('mlp-train in-process', () => {
  it('learns MNIST digits in two short epochs, with figures, the confusion matrix and --save', async () => {
    const { result, artifacts, progress } = await runExperiment(
      mlpTrainExperiment,
      ['--data', 'mnist', '--hidden', '64', '--epochs', '2', '--train-size', '2000', '--save', 'w.json'],
      { seed: 3 },
    );
    const j = result.json as {
      epochs: { epoch: number; trainLoss: number; testLoss: number; testAccuracy: number; seconds: number }[];
      final: { testAccuracy: number; testLoss: number; confusion: number[][] };
      sizes: number[];
      testRows: number;
    };
    expect(j.sizes).toEqual([784, 64, 10]);
    expect(j.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    // 2000 digits, two epochs of Adam: well above chance (0.1); the loss falls
    expect(j.final.testAccuracy).toBeGreaterThan(0.7);
    expect(j.epochs[1]!.trainLoss).toBeLessThan(j.epochs[0]!.trainLoss);
    expect(j.final.testAccuracy).toBe(j.epochs[1]!.testAccuracy);
    const conf = j.final.confusion;
    expect(conf.flat().reduce((a, b) => a + b, 0)).toBe(j.testRows);
    expect(conf.reduce((a, row, t) => a + row[t]!, 0) / j.testRows).toBeCloseTo(j.final.testAccuracy, 12);
    expect(result.figures.map((f) => f.name)).toEqual(['mlp-train-loss', 'mlp-train-accuracy', 'mlp-train-confusion']);
    const saved = JSON.parse(artifacts.get('w.json') as string);
    expect(saved.format).toBe('replica-nn-state/1');
    expect(saved.sizes).toEqual([784, 64, 10]);
    expect(saved.tensors.map((t: { name: string }) => t.name)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(saved.tensors[0].shape).toEqual([784, 64]);
    // the saved state loads into a fresh network of the same sizes and gives the same accuracy
    const be = await createBackend({ kind: 'cpu' });
    const net = mlp(be, { sizes: saved.sizes, seed: 99 });
    loadStateJson(net, artifacts.get('w.json') as string);
    const ds = await import('@replica/datasets');
    const te = ds.mnistSplit('test');
    const ev = await evaluateClassifier(be, net, { x: te.images, labels: te.labels }, { features: 784, classes: 10 });
    expect(ev.accuracy).toBe(j.final.testAccuracy);
    be.dispose();
    expect(progress.at(-1)!.fraction).toBe(1);
  }, 120_000);

  it('is reproducible for a seed on the CPU', async () => {
    const args = ['--data', 'mnist', '--hidden', '16', '--epochs', '1', '--train-size', '500'];
    const a = (await runExperiment(mlpTrainExperiment, args, { seed: 5 })).result.json as {
      final: { testLoss: number };
    };
    const b = (await runExperiment(mlpTrainExperiment, args, { seed: 5 })).result.json as {
      final: { testLoss: number };
    };
    const c = (await runExperiment(mlpTrainExperiment, args, { seed: 6 })).result.json as {
      final: { testLoss: number };
    };
    expect(b.final.testLoss).toBe(a.final.testLoss);
    expect(c.final.testLoss).not.toBe(a.final.testLoss);
  }, 120_000);

  it('trains on rows from a .npy file with their labels, a seeded test split, and saves one .npy per tensor', async () => {
    const files = blobFiles(600);
    const args = [
      '--data',
      'x.npy',
      '--labels',
      'y.npy',
      '--hidden',
      '16',
      '--epochs',
      '20',
      '--batch',
      '32',
      '--lr',
      '0.01',
    ];
    const { result, artifacts } = await runExperiment(mlpTrainExperiment, [...args, '--save-npy', 'state'], {
      seed: 2,
      inputs: { 'x.npy': files.x, 'y.npy': files.y },
    });
    const j = result.json as { sizes: number[]; trainRows: number; testRows: number; final: { testAccuracy: number } };
    expect(j.sizes).toEqual([5, 16, 3]);
    expect([j.trainRows, j.testRows]).toEqual([480, 120]);
    // blobs 3σ apart: a linear boundary gets ~95%
    expect(j.final.testAccuracy).toBeGreaterThan(0.9);
    const manifest = JSON.parse(artifacts.get('state/state.json') as string);
    expect(manifest.tensors.map((t: { file: string }) => t.file)).toEqual([
      '0.weight.npy',
      '0.bias.npy',
      '2.weight.npy',
      '2.bias.npy',
    ]);
    const w = readNpy(artifacts.get('state/0.weight.npy') as Uint8Array);
    expect([w.dtype, ...w.shape]).toEqual(['float32', 5, 16]);
  }, 120_000);

  it('refuses bad data flags, naming them', async () => {
    const files = blobFiles(60);
    const inputs = { 'x.npy': files.x, 'y.npy': files.y, 'short.npy': writeNpy(new Uint8Array(7), [7]) };
    const bad: [string[], RegExp][] = [
      [['--data', 'cifar'], /--data: expected fashion-mnist, mnist or a .npy file of rows, got 'cifar'/],
      [['--data', 'x.npy'], /--labels: required with --data FILE.npy/],
      [['--data', 'x.npy', '--labels', 'short.npy'], /--labels: 'short.npy' must hold 60 labels/],
      [['--data', 'x.npy', '--labels', 'missing.npy'], /--labels: cannot read 'missing.npy'/],
      [['--data', 'y.npy', '--labels', 'y.npy'], /--data: 'y.npy' must be \[rows, features…\]/],
      [['--data', 'mnist', '--labels', 'y.npy'], /--labels: only with --data FILE.npy/],
      [['--data', 'x.npy', '--labels', 'y.npy', '--test-data', 'x.npy'], /give both or neither/],
      [['--data', 'x.npy', '--labels', 'y.npy', '--test-fraction', '0'], /--test-fraction: 0 of 60 rows/],
    ];
    for (const [argv, message] of bad) {
      const run = runExperiment(mlpTrainExperiment, [...argv, '--epochs', '1'], { inputs });
      await expect(run, argv.join(' ')).rejects.toThrow(UsageError);
      await expect(
        runExperiment(mlpTrainExperiment, [...argv, '--epochs', '1'], { inputs }),
        argv.join(' '),
      ).rejects.toThrow(message);
    }
  }, 120_000);
});
