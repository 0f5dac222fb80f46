import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { mlpTrainExperiment } from './mlp-train';

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
    expect(Object.keys(saved.parameters)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(saved.parameters['0.weight'].shape).toEqual([784, 64]);
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
});
