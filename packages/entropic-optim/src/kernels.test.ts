/**
 * The entropic kernels against f64 transcriptions of their formulas, on every backend (the CPU
 * twin and the WGSL), on random sizes that cross workgroup boundaries.
 */
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { PhiloxRng, runKernel } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  langevinStepKernel,
  perturbKernel,
  replicaElasticStepKernel,
  replicaGradientCouplingKernel,
  replicaMeanKernel,
  scaledDifferenceKernel,
} from './index';

const f32 = (xs: ArrayLike<number>) => Float32Array.from(xs);
const randn = (rng: PhiloxRng, n: number) => Array.from({ length: n }, () => rng.nextNormal());
const put = (be: Backend, xs: number[]) => be.tensor(f32(xs), [xs.length]) as Tensor<'float32'>;
const read = async (t: Tensor) => Array.from((await t.read()) as Float32Array);

/** |a − b| ≤ 1e-5·(1 + |b|): a few f32 roundings of O(1) values. */
function close(a: number[], b: number[], what: string): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i]! - b[i]!), `${what}[${i}]: ${a[i]} vs ${b[i]}`).toBeLessThanOrEqual(
      1e-5 * (1 + Math.abs(b[i]!)),
    );
}

const centres = (w: number[], R: number) => {
  const n = w.length / R;
  return Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let r = 0; r < R; r++) s += w[r * n + j]!;
    return s / R;
  });
};

for (const b of await testBackends()) {
  describe(`entropic kernels (${b.name})`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    const sizes = fc.record({
      R: fc.integer({ min: 1, max: 7 }),
      n: fc.integer({ min: 1, max: 300 }),
      seed: fc.integer({ min: 0, max: 1e6 }),
    });

    it('replica mean, gradient coupling and elastic step match their formulas', async () => {
      const be = await b.create();
      await fc.assert(
        fc.asyncProperty(sizes, fc.double({ min: 0, max: 3, noNaN: true }), async ({ R, n, seed }, gamma) => {
          const rng = new PhiloxRng(seed);
          const w = randn(rng, R * n);
          const g = randn(rng, R * n);
          const c = centres(w, R);
          const W = put(be, w);
          const out = be.zeros([n]) as Tensor<'float32'>;
          runKernel(replicaMeanKernel, be, { param: W, replicas: R, out });
          close(await read(out), c, 'w̄');
          const G = put(be, g);
          runKernel(replicaGradientCouplingKernel, be, { param: W, grad: G, replicas: R, gamma });
          close(
            await read(G),
            g.map((x, k) => x + gamma * (w[k]! - c[k % n]!)),
            'G + γ(w − w̄)',
          );
          const rate = gamma / 3;
          runKernel(replicaElasticStepKernel, be, { param: W, replicas: R, rate });
          close(
            await read(W),
            w.map((x, k) => x - rate * (x - c[k % n]!)),
            'w − κ(w − w̄)',
          );
          for (const t of [W, G, out]) t.dispose();
        }),
        { numRuns: 12 },
      );
      be.dispose();
    });

    it('the Langevin step, the scaled difference and the perturbations match their formulas', async () => {
      const be = await b.create();
      await fc.assert(
        fc.asyncProperty(sizes, async ({ R, n, seed }) => {
          const m = R * n;
          const rng = new PhiloxRng(seed, 1);
          const [w, g, a, mu, z] = [0, 1, 2, 3, 4].map(() => randn(rng, m)) as [
            number[],
            number[],
            number[],
            number[],
            number[],
          ];
          const o = { lr: 0.05, gamma: 0.7, weightDecay: 1e-3, noiseScale: 0.02, alpha: 0.75 };
          const [W, G, A, M, Z] = [w, g, a, mu, z].map((x) => put(be, x)) as Tensor<'float32'>[];
          runKernel(langevinStepKernel, be, { param: W!, grad: G!, anchor: A!, average: M!, noise: Z!, ...o });
          const next = w.map(
            (x, j) => x - o.lr * (g[j]! + o.weightDecay * x + o.gamma * (x - a[j]!)) + o.noiseScale * z[j]!,
          );
          close(await read(W!), next, 'w′');
          close(
            await read(M!),
            mu.map((x, j) => o.alpha * x + (1 - o.alpha) * next[j]!),
            'μ',
          );
          const out = be.zeros([m]) as Tensor<'float32'>;
          runKernel(scaledDifferenceKernel, be, { x: A!, y: G!, c: 1.5, out });
          close(
            await read(out),
            a.map((x, j) => 1.5 * (x - g[j]!)),
            'c(x − y)',
          );
          runKernel(perturbKernel, be, { base: A!, noise: Z!, sigma: 0.3, multiplicative: true, out });
          close(
            await read(out),
            a.map((x, j) => x * (1 + 0.3 * z[j]!)),
            'w(1 + σε)',
          );
          runKernel(perturbKernel, be, { base: A!, noise: Z!, sigma: 0.3, multiplicative: false, out });
          close(
            await read(out),
            a.map((x, j) => x + 0.3 * z[j]!),
            'w + σε',
          );
          runKernel(perturbKernel, be, { base: A!, noise: Z!, sigma: 0, multiplicative: true, out });
          expect(await read(out), 'σ = 0 leaves the weights exactly').toEqual(Array.from(f32(a)));
          for (const t of [W!, G!, A!, M!, Z!, out]) t.dispose();
        }),
        { numRuns: 12 },
      );
      be.dispose();
    });
  });
}
