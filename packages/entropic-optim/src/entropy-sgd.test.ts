/**
 * Entropy-SGD: with L = 0 it is plain training (`fit`) bit for bit on the CPU; with L > 0 it
 * follows an f64 host transcription of Algorithm 2 (inner Langevin loop, running average,
 * outer step on γ(w − μ) or w − μ, the two noise scalings); bad options are refused by name.
 */
import type { LabelledRows, Module } from '@replica/nn';
import { crossEntropyWithLogits, fit, mlp, permutation, Sgd, Tape } from '@replica/nn';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { normal, PhiloxRng } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import { entropySgdFit } from './index';

function blobs(n: number, seed: number): LabelledRows {
  const r = new PhiloxRng(seed);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: 6 }, () => 2 * r.nextNormal()));
  const x = new Float32Array(n * 6);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = r.nextInt(4);
    labels.push(c % 2);
    for (let d = 0; d < 6; d++) x[i * 6 + d] = centres[c]![d]! + 0.7 * r.nextNormal();
  }
  return { x, labels };
}

const train = blobs(50, 1);
const common = { train, features: 6, classes: 2, batchSize: 8, seed: 3 } as const;
const sizes = [6, 7, 2];
const cpu = async (): Promise<Backend> => (await testBackends())[0]!.create();

async function weights(net: Module): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const p of net.parameters()) out.push((await p.value.read()) as Float32Array);
  return out;
}

/** The gradient of the minibatch loss at weights w (written into the model first), in f64. */
async function gradientAt(
  be: Backend,
  net: Module,
  w: number[][],
  x: Float32Array,
  labels: number[],
): Promise<number[][]> {
  const params = net.parameters();
  params.forEach((p, k) => {
    be.write(p.value, Float32Array.from(w[k]!));
  });
  const tape = new Tape(be);
  for (const p of params) p.zeroGrad();
  tape.backward(
    crossEntropyWithLogits(
      net.forward(tape.input(tape.own(be.tensor(x, [labels.length, 6]) as Tensor<'float32'>))),
      labels,
    ),
  );
  tape.dispose();
  const g: number[][] = [];
  for (const p of params) g.push(Array.from((await p.grad.read()) as Float32Array));
  return g;
}

describe('Entropy-SGD', () => {
  it('L = 0 is plain training: fit with the same optimizer and seed, bit for bit (CPU)', async () => {
    const be = await cpu();
    const a = mlp(be, { sizes, seed: 2 });
    const r = await entropySgdFit(be, {
      ...common,
      model: a,
      optimizer: new Sgd(a.parameters(), { lr: 0.1, momentum: 0.9 }),
      langevin: { steps: 0, lr: 0.1 },
      coupling: { gamma0: 1 },
      epochs: 3,
    });
    expect(r.gradientEvaluations).toBe(3 * 7);
    expect(r.outerSteps).toBe(3 * 7);
    const b = mlp(be, { sizes, seed: 2 });
    await fit(be, { ...common, model: b, optimizer: new Sgd(b.parameters(), { lr: 0.1, momentum: 0.9 }), epochs: 3 });
    const [wa, wb] = [await weights(a), await weights(b)];
    wa.forEach((t, k) => {
      expect(Array.from(t)).toEqual(Array.from(wb[k]!));
    });
    be.dispose();
  });

  for (const convention of ['paper', 'code'] as const)
    it(`L = 3 follows an f64 transcription of Algorithm 2 (${convention} convention, noise on, γ scoped)`, async () => {
      const be = await cpu();
      const L = 3;
      const o = { lr: 0.2, noise: 0.01, alpha: 0.75, eta: 0.5, g0: 0.3, g1: 0.2 };
      const net = mlp(be, { sizes, seed: 4 });
      const w0 = (await weights(net)).map((t) => Array.from(t));
      const r = await entropySgdFit(be, {
        ...common,
        model: net,
        optimizer: new Sgd(net.parameters(), { lr: o.eta }),
        langevin: { steps: L, lr: o.lr, noise: o.noise, alpha: o.alpha },
        coupling: { gamma0: o.g0, gamma1: o.g1 },
        convention,
        epochs: 2,
      });
      // 14 minibatches: 4 outer steps of 3, and 2 inner steps dropped at the end
      expect(r.gradientEvaluations).toBe(14);
      expect(r.outerSteps).toBe(4);
      const got = await weights(net);
      // the reference: host arrays, the same minibatches and the same Philox noise
      const ref = mlp(be, { sizes, seed: 4 });
      const noiseScale = convention === 'paper' ? Math.sqrt(o.lr) * o.noise : o.noise * Math.sqrt(2 * o.lr);
      let w = w0.map((t) => t.slice());
      let wp = w.map((t) => t.slice());
      let mu = w.map((t) => t.slice());
      let t = 0;
      let inner = 0;
      let evaluations = 0;
      for (let epoch = 1; epoch <= 2; epoch++) {
        const order = permutation(50, 3, epoch);
        for (let s = 0; s < 7; s++) {
          const n = Math.min(8, 50 - s * 8);
          const x = new Float32Array(n * 6);
          const labels: number[] = [];
          for (let i = 0; i < n; i++) {
            const src = order[s * 8 + i]!;
            x.set(train.x.subarray(src * 6, src * 6 + 6), i * 6);
            labels.push(train.labels[src]!);
          }
          const gamma = o.g0 * (1 + o.g1) ** t;
          if (inner === 0) {
            wp = w.map((q) => q.slice());
            mu = w.map((q) => q.slice());
          }
          const g = await gradientAt(be, ref, wp, x, labels);
          evaluations++;
          const drawn: number[][] = [];
          for (const [k, q] of wp.entries()) {
            const z = be.zeros([q.length]) as Tensor<'float32'>;
            normal(z, { seed: 3, counter: [evaluations, k, 0xe5] });
            const zs = Array.from(await z.read());
            z.dispose();
            drawn.push(q.map((v, j) => v - o.lr * (g[k]![j]! + gamma * (v - w[k]![j]!)) + noiseScale * zs[j]!));
          }
          wp = drawn;
          mu = mu.map((q, k) => q.map((v, j) => o.alpha * v + (1 - o.alpha) * wp[k]![j]!));
          if (++inner === L) {
            const c = convention === 'paper' ? gamma : 1;
            w = w.map((q, k) => q.map((v, j) => v - o.eta * c * (v - mu[k]![j]!)));
            t++;
            inner = 0;
          }
        }
      }
      got.forEach((q, k) => {
        for (let j = 0; j < q.length; j++)
          expect(Math.abs(q[j]! - w[k]![j]!), `tensor ${k}[${j}]`).toBeLessThan(2e-5 * (1 + Math.abs(w[k]![j]!)));
      });
      be.dispose();
    });

  it('refuses bad options by name', async () => {
    const be = await cpu();
    const net = mlp(be, { sizes, seed: 1 });
    const base = {
      ...common,
      model: net,
      optimizer: new Sgd(net.parameters(), { lr: 0.1 }),
      coupling: { gamma0: 1 },
      epochs: 1,
    };
    await expect(entropySgdFit(be, { ...base, langevin: { steps: -1, lr: 0.1 } })).rejects.toThrow(
      /options\.langevin\.steps/,
    );
    await expect(entropySgdFit(be, { ...base, langevin: { steps: 2, lr: 0 } })).rejects.toThrow(
      /options\.langevin\.lr/,
    );
    await expect(entropySgdFit(be, { ...base, langevin: { steps: 2, lr: 0.1, alpha: 1 } })).rejects.toThrow(
      /options\.langevin\.alpha/,
    );
    await expect(
      entropySgdFit(be, { ...base, langevin: { steps: 2, lr: 0.1 }, convention: 'torch' as 'paper' }),
    ).rejects.toThrow(/options\.convention: expected one of 'paper', 'code'/);
    be.dispose();
  });
});
