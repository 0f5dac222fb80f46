/**
 * Replicated SGD: with γ = 0 it is y independent `fit` runs bit for bit (CPU); the coupling
 * pulls the replicas together (the spread falls with γ, and an elastic step of κ = 1 collapses
 * them onto their centre); the centre written for evaluation is the replica mean; WebGPU
 * follows the CPU within f32 tolerance; bad options are refused by name.
 */
import type { LabelledRows } from '@replica/nn';
import { Adam, fit, mlp, Sgd } from '@replica/nn';
import type { Backend } from '@replica/webgpu-kernels';
import { deriveSeed, PhiloxRng } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import { replicatedFit, writeCentre } from './index';

/** Six Gaussian blobs in 8 dimensions, three classes. */
function blobs(n: number, seed: number): LabelledRows {
  const r = new PhiloxRng(seed);
  const centres = Array.from({ length: 6 }, () => Array.from({ length: 8 }, () => 2 * r.nextNormal()));
  const x = new Float32Array(n * 8);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = r.nextInt(6);
    labels.push(c % 3);
    for (let d = 0; d < 8; d++) x[i * 8 + d] = centres[c]![d]! + 0.7 * r.nextNormal();
  }
  return { x, labels };
}

const train = blobs(120, 1);
const test = blobs(60, 2);
const common = { train, test, features: 8, classes: 3, batchSize: 16, seed: 5 } as const;
const sizes = [8, 10, 3];

async function weights(net: { parameters(): readonly { value: { read(): Promise<unknown> } }[] }) {
  const out: Float32Array[] = [];
  for (const p of net.parameters()) out.push((await p.value.read()) as Float32Array);
  return out;
}

async function cpu(): Promise<Backend> {
  return (await testBackends())[0]!.create();
}

describe('replicated SGD', () => {
  for (const opt of ['sgd', 'adam'] as const)
    it(`γ = 0 is y independent fit runs, bit for bit on the CPU (${opt})`, async () => {
      const be = await cpu();
      const y = 3;
      const make = (params: ConstructorParameters<typeof Sgd>[0]) =>
        opt === 'sgd' ? new Sgd(params, { lr: 0.05, momentum: 0.9, nesterov: true }) : new Adam(params, { lr: 0.01 });
      const rep = mlp(be, { sizes, seed: 9, replicas: y });
      const r = await replicatedFit(be, {
        ...common,
        model: rep,
        replicas: y,
        optimizer: make(rep.parameters()),
        coupling: { gamma0: 0 },
        epochs: 3,
      });
      expect(r.gradientEvaluations).toBe(3 * Math.ceil(120 / 16) * y);
      const all = await weights(rep);
      for (let a = 0; a < y; a++) {
        const single = mlp(be, { sizes, seed: deriveSeed(9, a) });
        const f = await fit(be, {
          ...common,
          seed: deriveSeed(5, a),
          model: single,
          optimizer: make(single.parameters()),
          epochs: 3,
        });
        const w = await weights(single);
        w.forEach((t, k) => {
          expect(Array.from(all[k]!.subarray(a * t.length, (a + 1) * t.length)), `replica ${a}, tensor ${k}`).toEqual(
            Array.from(t),
          );
        });
        // the per-replica evaluation is the separate network's
        const ev = r.epochs.at(-1)!.replicas![a]!;
        expect(ev.accuracy).toBe(f.test!.accuracy);
        expect(Math.abs(ev.loss - f.test!.loss)).toBeLessThan(1e-5);
      }
      be.dispose();
    });

  it('the coupling pulls the replicas together: the spread falls as γ grows, in both modes', async () => {
    const be = await cpu();
    const spread = async (gamma0: number, mode: 'gradient' | 'elastic') => {
      const rep = mlp(be, { sizes, seed: 3, replicas: 5 });
      const r = await replicatedFit(be, {
        ...common,
        model: rep,
        replicas: 5,
        optimizer: new Sgd(rep.parameters(), { lr: 0.05 }),
        coupling: { gamma0, gamma1: 0.5, mode, elasticRate: 0.05 },
        epochs: 4,
      });
      expect(r.epochs.map((e) => e.gamma)).toEqual([0, 1, 2, 3].map((t) => gamma0 * 1.5 ** t));
      return r.epochs.at(-1)!.spread;
    };
    for (const mode of ['gradient', 'elastic'] as const) {
      const s = [await spread(0, mode), await spread(0.5, mode), await spread(3, mode)];
      expect(s[1]!, `${mode}: γ₀ = 0.5 vs 0`).toBeLessThan(0.8 * s[0]!);
      expect(s[2]!, `${mode}: γ₀ = 3 vs 0.5`).toBeLessThan(0.5 * s[1]!);
    }
    be.dispose();
  });

  it('an elastic step of ηγ = 1 puts every replica on the centre; writeCentre writes the replica mean', async () => {
    const be = await cpu();
    const y = 4;
    const rep = mlp(be, { sizes, seed: 4, replicas: y });
    const centre = mlp(be, { sizes, seed: 0 });
    const r = await replicatedFit(be, {
      ...common,
      model: rep,
      replicas: y,
      optimizer: new Sgd(rep.parameters(), { lr: 0.05 }),
      coupling: { gamma0: 2, mode: 'elastic', elasticRate: 0.5 },
      centre,
      epochs: 1,
    });
    expect(r.epochs[0]!.spread).toBeLessThan(1e-12);
    const all = await weights(rep);
    const c = await weights(centre);
    all.forEach((t, k) => {
      const n = t.length / y;
      for (let j = 0; j < n; j++) {
        let m = 0;
        for (let a = 0; a < y; a++) m += t[a * n + j]!;
        expect(Math.abs(c[k]![j]! - m / y)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(m / y)));
      }
    });
    expect(r.epochs[0]!.centre!.accuracy).toBeGreaterThan(0);
    be.dispose();
  });

  it('refuses parameters without the replica axis, an elastic mode without its rate, and ηγ > 1', async () => {
    const be = await cpu();
    const plain = mlp(be, { sizes, seed: 1 });
    const base = { ...common, epochs: 1, coupling: { gamma0: 1 } };
    await expect(
      replicatedFit(be, { ...base, model: plain, replicas: 3, optimizer: new Sgd(plain.parameters(), { lr: 0.1 }) }),
    ).rejects.toThrow(/options\.model: parameter 0\.weight has shape \[8, 10\], expected a leading replica axis of 3/);
    const rep = mlp(be, { sizes, seed: 1, replicas: 2 });
    const opt = new Sgd(rep.parameters(), { lr: 0.1 });
    await expect(
      replicatedFit(be, { ...base, model: rep, replicas: 2, optimizer: opt, coupling: { gamma0: 1, mode: 'elastic' } }),
    ).rejects.toThrow(/options\.coupling\.elasticRate: required with mode elastic/);
    await expect(
      replicatedFit(be, {
        ...base,
        model: rep,
        replicas: 2,
        optimizer: opt,
        coupling: { gamma0: 3, mode: 'elastic', elasticRate: 0.5 },
      }),
    ).rejects.toThrow(/the elastic step ηγ = 0\.5 × 3 = 1\.5 exceeds 1/);
    await expect(
      replicatedFit(be, { ...base, model: rep, replicas: 2, optimizer: opt, coupling: { gamma0: -1 } }),
    ).rejects.toThrow(/options\.coupling\.gamma0/);
    expect(() => writeCentre(rep, 2, mlp(be, { sizes: [8, 3], seed: 1 }))).toThrow(/centre: 2 parameters/);
    be.dispose();
  });
});

for (const b of (await testBackends()).slice(1)) {
  describe(`replicated SGD on ${b.name}`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    it('follows the CPU within f32 tolerance (Adam, gradient coupling, 2 epochs)', async () => {
      const run = async (be: Backend) => {
        const rep = mlp(be, { sizes, seed: 7, replicas: 3 });
        const r = await replicatedFit(be, {
          ...common,
          model: rep,
          replicas: 3,
          optimizer: new Adam(rep.parameters(), { lr: 0.01 }),
          coupling: { gamma0: 0.5, gamma1: 1 },
          epochs: 2,
        });
        return { w: await weights(rep), loss: r.epochs.map((e) => e.trainLoss) };
      };
      const c = await cpu();
      const g = await b.create();
      const [a, w] = [await run(c), await run(g)];
      a.w.forEach((t, k) => {
        for (let i = 0; i < t.length; i++) expect(Math.abs(w.w[k]![i]! - t[i]!)).toBeLessThan(1e-4);
      });
      a.loss.forEach((l, e) => {
        expect(Math.abs(w.loss[e]! - l)).toBeLessThan(1e-4 * (1 + l));
      });
      c.dispose();
      g.dispose();
    });
  });
}
