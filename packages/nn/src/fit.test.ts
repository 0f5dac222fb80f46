import { createBackend, PhiloxRng } from '@replica/webgpu-kernels';
import { describe, expect, it } from 'vitest';
import { fit, permutation } from './fit';
import { mlp } from './modules';
import { Adam } from './optim';
import { liveTapeTensorCount } from './tape';

function blobs(n: number): { x: Float32Array; labels: number[] } {
  const r = new PhiloxRng(2);
  const x = new Float32Array(n * 4);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = r.nextInt(2);
    labels.push(c);
    for (let d = 0; d < 4; d++) x[i * 4 + d] = (c ? 1.5 : -1.5) + r.nextNormal();
  }
  return { x, labels };
}

describe('permutation', () => {
  it('is a permutation, fixed by (seed, stream)', () => {
    const p = permutation(1000, 1, 3);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutation(1000, 1, 3))).toEqual(Array.from(p));
    expect(Array.from(permutation(1000, 1, 4))).not.toEqual(Array.from(p));
  });
});

describe('fit', () => {
  it('trains, reports every epoch, stops early or on request, and leaves no tape tensor behind', async () => {
    const be = await createBackend({ kind: 'cpu' });
    const data = blobs(300);
    const before = liveTapeTensorCount();
    const run = async (extra: object) => {
      const net = mlp(be, { sizes: [4, 8, 2], seed: 1 });
      const opt = new Adam(net.parameters(), { lr: 0.05 });
      const r = await fit(be, {
        model: net,
        optimizer: opt,
        train: data,
        test: data,
        features: 4,
        classes: 2,
        epochs: 20,
        batchSize: 32,
        seed: 1,
        ...extra,
      });
      opt.dispose();
      for (const p of net.parameters()) p.dispose();
      return r;
    };
    const full = await run({});
    expect(full.stopped).toBe('epochs');
    expect(full.epochs).toHaveLength(20);
    expect(full.epochs.at(-1)!.testAccuracy).toBeGreaterThan(0.95);
    expect(liveTapeTensorCount()).toBe(before);
    const early = await run({ earlyStop: { patience: 2, minDelta: 1 } });
    expect(early.stopped).toBe('early-stop');
    expect(early.epochs).toHaveLength(3); // epoch 1 sets the best; 2 and 3 do not beat it by 1 nat
    const asked = await run({ onEpoch: (r: { epoch: number }) => r.epoch < 4 });
    expect(asked.stopped).toBe('callback');
    expect(asked.epochs).toHaveLength(4);
    const fractions: number[] = [];
    await run({ epochs: 2, progress: (f: number) => fractions.push(f) });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toHaveLength(2 * Math.ceil(300 / 32));
    be.dispose();
  });

  it('names malformed data and options', async () => {
    const be = await createBackend({ kind: 'cpu' });
    const net = mlp(be, { sizes: [4, 2], seed: 1 });
    const opt = new Adam(net.parameters(), { lr: 0.01 });
    const base = { model: net, optimizer: opt, features: 4, classes: 2, epochs: 1, batchSize: 8, seed: 1 };
    const x = new Float32Array(8);
    await expect(fit(be, { ...base, train: { x: new Float32Array(7), labels: [0] } })).rejects.toThrow(
      /options.train.x: 7 values is not a whole number of rows of 4 features/,
    );
    await expect(fit(be, { ...base, train: { x, labels: [0] } })).rejects.toThrow(
      /options.train.labels: expected 2 labels/,
    );
    await expect(fit(be, { ...base, train: { x, labels: [0, 2] } })).rejects.toThrow(
      /labels\[1\]: expected a class in \[0, 2\), got 2/,
    );
    await expect(fit(be, { ...base, batchSize: 0, train: { x, labels: [0, 1] } })).rejects.toThrow(/options.batchSize/);
    opt.dispose();
    be.dispose();
  });
});
