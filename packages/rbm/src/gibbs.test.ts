import type { Backend } from '@replica/webgpu-kernels';
import { createBackend } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChainState, sampleHidden, sampleRbm, sampleVisible, uploadRbm } from './gibbs';
import type { UnitType } from './layer-kernel';
import { sampleLayer, unitMean } from './layer-kernel';
import type { Rbm } from './model';
import { createRbm, energy } from './model';

/** Variance of N(x, 1) truncated to u ≥ 0: 1 + αλ − λ², α = −x, λ = ϕ(α)/(1 − Φ(α)) = E[u] − x. */
function reluVariance(x: number): number {
  const lambda = unitMean('relu', x) - x;
  return 1 - x * lambda - lambda * lambda;
}

function variance(unit: UnitType, x: number): number {
  const m = unitMean(unit, x);
  switch (unit) {
    case 'bernoulli':
      return m * (1 - m);
    case 'spin':
      return 1 - m * m;
    case 'gaussian':
      return 1;
    case 'relu':
      return reluVariance(x);
  }
}

/** All 2^n states of n binary units as 0/1 or ±1. */
function states(n: number, spin: boolean): number[][] {
  return Array.from({ length: 2 ** n }, (_, s) =>
    Array.from({ length: n }, (_, i) => ((s >> i) & 1 ? 1 : spin ? -1 : 0)),
  );
}

/** A small RBM with O(1) couplings, so conditionals are far from ½. */
function smallRbm(
  visibleType: Rbm['visibleType'],
  hiddenType: Rbm['hiddenType'],
  nv = 3,
  nh = 2,
  seed = 7,
  weightScale = 0.8,
): Rbm {
  const rbm = createRbm({ visible: nv, hidden: nh, visibleType, hiddenType, weightScale, seed });
  for (let i = 0; i < nv; i++) rbm.visibleBias[i] = 0.3 * (i - 1);
  for (let j = 0; j < nh; j++) rbm.hiddenBias[j] = hiddenType === 'bernoulli' ? 0.5 - j : 0.2 * j;
  return rbm;
}

for (const b of await testBackends()) {
  describe(`block Gibbs layer kernel on ${b.name}`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    let be: Backend;
    beforeAll(async () => {
      be = await b.create();
    });
    afterAll(() => be?.dispose());
    const cpu = b.name === 'cpu';
    const rows = cpu ? 20_000 : 4000;
    const xs = [-4, -2.5, -1, -0.3, 0, 0.4, 1.5, 3];

    for (const unit of ['bernoulli', 'spin', 'gaussian', 'relu'] as const) {
      it(`${unit}: sample means match E[u|x] within 4σ, and 'mean' is E[u|x]`, async () => {
        const n = xs.length;
        const pre = be.tensor(
          new Float32Array(rows * n).map((_, e) => xs[e % n]! - 0.25),
          [rows, n],
        );
        const bias = be.tensor(new Float32Array(n).fill(0.5), [n]);
        const sample = be.zeros([rows, n]);
        const mean = be.zeros([rows, n]);
        // x = s·(P + b) + t·o with s = 2, o = −x/2·… : check the affine field too.
        const offset = be.tensor(
          Float32Array.from(xs, (x) => -x),
          [n],
        );
        sampleLayer(pre, { unit, bias, scale: 2, offset, offsetScale: 1, sample, mean, seed: 11, step: 3, stream: 1 });
        const [s, m] = await Promise.all([sample.read(), mean.read()]);
        for (let j = 0; j < n; j++) {
          const x = 2 * (xs[j]! + 0.25) - xs[j]!; // = x_j + 0.5
          const mu = unitMean(unit, x);
          expect(m[j]).toBeCloseTo(mu, cpu ? 6 : 4);
          let sum = 0;
          for (let r = 0; r < rows; r++) {
            const u = s[r * n + j]!;
            if (unit === 'bernoulli') expect(u === 0 || u === 1).toBe(true);
            if (unit === 'spin') expect(u === -1 || u === 1).toBe(true);
            if (unit === 'relu') expect(u).toBeGreaterThanOrEqual(0);
            sum += u;
          }
          const sigma = Math.sqrt(variance(unit, x) / rows);
          expect(Math.abs(sum / rows - mu)).toBeLessThan(4 * sigma + 1e-6);
        }
      });
    }

    it('is reproducible and a chain does not depend on how many run beside it', async () => {
      for (const unit of ['bernoulli', 'gaussian', 'relu'] as const) {
        const draw = async (chains: number) => {
          const pre = be.tensor(
            new Float32Array(chains * 5).map((_, e) => (e % 7) - 3),
            [chains, 5],
          );
          const sample = be.zeros([chains, 5]);
          sampleLayer(pre, { unit, sample, seed: 5, step: 9 });
          return sample.read();
        };
        const a = await draw(64);
        expect(await draw(64)).toEqual(a);
        expect((await draw(13)).subarray(0, 13 * 5)).toEqual(a.subarray(0, 13 * 5));
      }
    });

    for (const [visibleType, hiddenType] of [
      ['bernoulli', 'bernoulli'],
      ['spin', 'bernoulli'],
    ] as const) {
      it(`${visibleType}/${hiddenType}: one Gibbs step's visible frequencies match the exact transition row (4σ)`, async () => {
        // T(v → v') = Σ_h p(h|v) p(v'|h) with conditionals from E(v, h) by brute force; the kernel's
        // empirical frequencies from a fixed v must match it, and p(v) ∝ Σ_h e^{−E} must be invariant.
        const rbm = smallRbm(visibleType, hiddenType);
        const spin = visibleType === 'spin';
        const V = states(rbm.visible, spin);
        const Hs = states(rbm.hidden, false);
        const joint = V.map((v) => Hs.map((h) => Math.exp(-energy(rbm, v, h))));
        const pv = joint.map((row) => row.reduce((a, b) => a + b, 0));
        const colSum = Hs.map((_, k) => joint.reduce((a, row) => a + row[k]!, 0));
        const T = V.map((_, a) =>
          V.map((_, c) => Hs.reduce((acc, _h, k) => acc + (joint[a]![k]! / pv[a]!) * (joint[c]![k]! / colSum[k]!), 0)),
        );
        const Z = pv.reduce((a, b) => a + b, 0);
        for (let c = 0; c < V.length; c++) {
          const flow = V.reduce((acc, _, a) => acc + (pv[a]! / Z) * T[a]![c]!, 0);
          expect(flow).toBeCloseTo(pv[c]! / Z, 12);
        }
        const chains = cpu ? 40_000 : 8000;
        const start = 5;
        const d = uploadRbm(be, rbm);
        const s = createChainState(d, chains);
        be.write(
          s.v,
          new Float32Array(chains * rbm.visible).map((_, e) => V[start]![e % rbm.visible]!),
        );
        sampleHidden(d, s, { seed: 3, step: 0 });
        sampleVisible(d, s, { seed: 3, step: 0 });
        const out = await s.v.read();
        const counts = new Float64Array(V.length);
        for (let r = 0; r < chains; r++) {
          let idx = 0;
          for (let i = 0; i < rbm.visible; i++) if (out[r * rbm.visible + i] === 1) idx |= 1 << i;
          counts[idx]!++;
        }
        for (let c = 0; c < V.length; c++) {
          const p = T[start]![c]!;
          expect(Math.abs(counts[c]! / chains - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / chains) + 1e-9);
        }
      });
    }
  });
}

describe('sampleRbm (CPU)', () => {
  it('long chains of a Gaussian-hidden spin RBM visit visible states with the exact marginal (4σ)', async () => {
    const be = await createBackend({ kind: 'cpu' });
    // weights of 0.5: J = WWᵀ stays below the bimodal regime, so 50 steps mix (at 0.8 they do not)
    const rbm = smallRbm('spin', 'gaussian', 4, 2, 3, 0.5);
    // p(v) ∝ e^{a·v + Σ_j (c_j + (vW)_j)²/2}, computed directly
    const V = states(4, true);
    const w = V.map((v) => {
      let e = 0;
      for (let i = 0; i < 4; i++) e += rbm.visibleBias[i]! * v[i]!;
      for (let j = 0; j < 2; j++) {
        let x = rbm.hiddenBias[j]!;
        for (let i = 0; i < 4; i++) x += v[i]! * rbm.W[i * 2 + j]!;
        e += 0.5 * x * x;
      }
      return Math.exp(e);
    });
    const Z = w.reduce((a, b) => a + b, 0);
    const chains = 20_000;
    const res = await sampleRbm(be, rbm, { chains, steps: 50, seed: 4 });
    const counts = new Float64Array(16);
    for (let r = 0; r < chains; r++) {
      let idx = 0;
      for (let i = 0; i < 4; i++) if (res.visible[r * 4 + i] === 1) idx |= 1 << i;
      counts[idx]!++;
    }
    for (let c = 0; c < 16; c++) {
      const p = w[c]! / Z;
      expect(Math.abs(counts[c]! / chains - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / chains) + 1e-9);
    }
    const again = await sampleRbm(be, rbm, { chains, steps: 50, seed: 4 });
    expect(again.visible).toEqual(res.visible);
    await expect(
      sampleRbm(be, rbm, { chains: 2, seed: 1, initial: new Float32Array([1, 0, 1, 1, 1, 1, 1, 1]) }),
    ).rejects.toThrow(/initial: expected ±1 values/);
  });
});
