/**
 * Layers with state: save/load (JSON and tensors by name, nothing written on a mismatch),
 * dropout and Gaussian noise statistics (4σ bounds: a correct sampler fails them with
 * probability < 10⁻⁴ each), their reproducibility from the seed, and a small conv net that
 * learns while its tapes leave nothing behind.
 */
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import * as nn from './index';

const cpu = async (): Promise<Backend> => (await testBackends())[0]!.create();

function smallConvNet(be: Backend, seed: number): nn.Sequential {
  return new nn.Sequential([
    new nn.Conv2d(be, { inChannels: 1, outChannels: 4, kernelSize: 3, padding: 1, seed, name: '0.' }),
    new nn.BatchNorm2d(be, { channels: 4, name: '1.' }),
    new nn.Activation('relu'),
    new nn.Conv2d(be, {
      inChannels: 4,
      outChannels: 2,
      kernelSize: 3,
      stride: 2,
      padding: 1,
      seed,
      stream: 1,
      name: '3.',
    }),
  ]);
}

async function values(net: nn.Module): Promise<number[][]> {
  return (await nn.exportState(net)).map((t) => Array.from(t.data));
}

describe('state save and load', () => {
  it('a JSON round trip restores every parameter and buffer bit for bit', async () => {
    const be = await cpu();
    const a = smallConvNet(be, 1);
    // one training-mode pass moves the running statistics off their initial values
    await nn.withTape(be, (tape) => {
      const x = tape.input(
        tape.own(
          be.tensor(
            Float32Array.from({ length: 2 * 36 }, (_, i) => Math.sin(i)),
            [2, 1, 6, 6],
          ) as Tensor<'float32'>,
        ),
      );
      a.forward(x);
    });
    const json = await nn.stateToJson(a);
    const b = smallConvNet(be, 2);
    expect(await values(b)).not.toEqual(await values(a));
    nn.loadStateJson(b, json);
    expect(await values(b)).toEqual(await values(a));
    expect(JSON.parse(json).format).toBe(nn.STATE_FORMAT);
    be.dispose();
  });

  it('a mismatch names the tensor and writes nothing', async () => {
    const be = await cpu();
    const net = smallConvNet(be, 1);
    const before = await values(net);
    const state = await nn.exportState(net);
    const changed = state.map((t) => ({ ...t, data: t.data.map((v) => v + 1) }));
    const last = changed.length - 1;
    expect(() => nn.importState(net, changed.slice(0, last))).toThrow(/the state has no tensor '1.running_var'/);
    expect(() => nn.importState(net, [...changed, { name: 'extra', shape: [1], data: new Float32Array(1) }])).toThrow(
      /the module has no tensor 'extra'/,
    );
    const wrong = changed.map((t, i) => (i === last ? { ...t, shape: [2, 2], data: new Float32Array(4) } : t));
    expect(() => nn.importState(net, wrong)).toThrow(
      /'1.running_var' has shape \[2, 2\] \(4 values\), the module expects \[4\]/,
    );
    expect(() => nn.importState(net, [...changed, changed[0]!])).toThrow(/'0.weight' is given twice/);
    expect(await values(net)).toEqual(before);
    expect(() => nn.loadStateJson(net, '{"tensors": []}')).toThrow(/expected a document with "format"/);
    expect(() => nn.loadStateJson(net, '{')).toThrow(SyntaxError);
    nn.importState(net, changed);
    expect((await values(net))[0]![0]).toBe(Math.fround(before[0]![0]! + 1));
    be.dispose();
  });

  it('JSON refuses NaN and ±∞ instead of writing null', async () => {
    const be = await cpu();
    const net = smallConvNet(be, 1);
    const state = await nn.exportState(net);
    state[0]!.data[3] = Number.NaN;
    nn.importState(net, state);
    await expect(nn.stateToJson(net)).rejects.toThrow(/'0.weight'\[3\] is NaN; save as .npy instead/);
    be.dispose();
  });
});

for (const b of await testBackends()) {
  describe(`dropout and noise (${b.name})`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    const n = 100_000;
    it('dropout zeroes a fraction p (within 4σ), scales the rest by 1/(1 − p), and is reproducible', async () => {
      const be = await b.create();
      const p = 0.3;
      const ones = be.tensor(new Float32Array(n).fill(1), [n]) as Tensor<'float32'>;
      const draw = (counter: number[]) =>
        nn.withTape(
          be,
          async (tape) => (await nn.dropout(tape.input(ones), { p, seed: 5, counter }).value.read()) as Float32Array,
        );
      const y = await draw([0, 0, 0]);
      const zeros = y.filter((v) => v === 0).length;
      expect(Math.abs(zeros / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
      expect(y.every((v) => v === 0 || v === Math.fround(1 / Math.fround(0.7)))).toBe(true);
      expect(Array.from(await draw([0, 0, 0]))).toEqual(Array.from(y));
      expect(Array.from(await draw([0, 1, 0]))).not.toEqual(Array.from(y));
      const evalOut = await nn.withTape(be, (tape) =>
        nn.dropout(tape.input(ones), { p, seed: 5, training: false }).value.read(),
      );
      expect(Array.from(evalOut as Float32Array).every((v) => v === 1)).toBe(true);
      ones.dispose();
      be.dispose();
    });

    it('Gaussian noise has the asked mean and variance (within 4σ) and passes the gradient through', async () => {
      const be = await b.create();
      const std = 0.5;
      const x = new nn.Parameter('x', be.tensor(new Float32Array(n).fill(2), [n]) as Tensor<'float32'>);
      const y = await nn.withTape(be, async (tape) => {
        const out = nn.gaussianNoise(tape.param(x), { std, seed: 9, counter: [1, 0, 0] });
        tape.backward(nn.sum(out));
        return (await out.value.read()) as Float32Array;
      });
      let m = 0;
      for (const v of y) m += v;
      m /= n;
      let s2 = 0;
      for (const v of y) s2 += (v - m) ** 2;
      s2 /= n - 1;
      expect(Math.abs(m - 2)).toBeLessThan((4 * std) / Math.sqrt(n));
      expect(Math.abs(s2 - std * std)).toBeLessThan(4 * std * std * Math.sqrt(2 / n));
      expect(Array.from((await x.grad.read()) as Float32Array).every((g) => g === 1)).toBe(true);
      x.dispose();
      be.dispose();
    });
  });
}

describe('a small conv net trains', () => {
  it('learns which half of a 6×6 image is brighter, and the tapes leave no tensor behind', async () => {
    const be = await cpu();
    const net = new nn.Sequential([
      new nn.Conv2d(be, { inChannels: 1, outChannels: 4, kernelSize: 3, padding: 1, seed: 3, name: '0.' }),
      new nn.BatchNorm2d(be, { channels: 4, name: '1.' }),
      new nn.Activation('relu'),
      new nn.Conv2d(be, { inChannels: 4, outChannels: 2, kernelSize: 6, seed: 3, stream: 1, name: '3.' }),
    ]);
    const opt = new nn.Adam(net.parameters(), { lr: 0.02 });
    const rng = new (await import('@replica/webgpu-kernels')).PhiloxRng(4);
    const batch = (rows: number) => {
      const x = new Float32Array(rows * 36);
      const y: number[] = [];
      for (let r = 0; r < rows; r++) {
        const label = rng.nextInt(2);
        y.push(label);
        for (let e = 0; e < 36; e++) x[r * 36 + e] = rng.nextDouble() + (e % 6 < 3 === (label === 0) ? 0.5 : 0);
      }
      return { x, y };
    };
    const before = nn.liveTapeTensorCount();
    const live: number[] = [];
    for (let step = 0; step < 60; step++) {
      const { x, y } = batch(32);
      opt.zeroGrad();
      await nn.withTape(be, (tape) => {
        const logits = nn.reshape(
          net.forward(tape.input(tape.own(be.tensor(x, [32, 1, 6, 6]) as Tensor<'float32'>))),
          [32, 2],
        );
        tape.backward(nn.crossEntropyWithLogits(logits, y));
      });
      opt.step();
      live.push(nn.liveTapeTensorCount());
    }
    expect(new Set(live)).toEqual(new Set([before]));
    net.setTraining(false);
    const test = batch(256);
    const acc = await nn.withTape(be, (tape) =>
      nn.accuracy(
        nn.reshape(net.forward(tape.input(tape.own(be.tensor(test.x, [256, 1, 6, 6]) as Tensor<'float32'>))), [256, 2])
          .value,
        test.y,
      ),
    );
    expect(acc).toBeGreaterThan(0.9);
    opt.dispose();
    for (const p of net.parameters()) p.dispose();
    be.dispose();
  }, 60_000);
});
