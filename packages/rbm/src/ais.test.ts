import { createBackend } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import { aisSchedule, annealedImportanceSampling } from './ais';
import { logPartitionExact } from './exact';
import type { Rbm } from './model';
import { createRbm } from './model';

function randomRbm(visibleType: Rbm['visibleType'], hiddenType: Rbm['hiddenType'], scale: number, seed: number): Rbm {
  const rbm = createRbm({ visible: 14, hidden: 6, visibleType, hiddenType, weightScale: scale, seed });
  for (let i = 0; i < rbm.visible; i++) rbm.visibleBias[i] = 0.4 * Math.sin(i + seed);
  for (let j = 0; j < rbm.hidden; j++) rbm.hiddenBias[j] = 0.3 * Math.cos(j + seed);
  return rbm;
}

describe('aisSchedule', () => {
  it('runs from 0 to 1, increasing, with the Salakhutdinov–Murray density', () => {
    const b = aisSchedule(14500);
    expect(b[0]).toBe(0);
    expect(b[14500]).toBe(1);
    for (let k = 1; k < b.length; k++) expect(b[k]).toBeGreaterThan(b[k - 1]!);
    expect(b[500]).toBeCloseTo(0.5, 12);
    expect(b[4500]).toBeCloseTo(0.9, 12);
    expect(aisSchedule(3).length).toBe(4);
    expect(() => aisSchedule(2)).toThrow(/steps/);
  });
});

describe('annealed importance sampling (CPU)', () => {
  // Forward AIS is a stochastic lower bound and reverse AIS (from exact-enough samples) an upper
  // bound; both must bracket the exact log Z to within 4 of their standard errors plus 0.02 nats
  // (the delta-method error understates heavy-tailed weights slightly).
  for (const [v, h, scale] of [
    ['bernoulli', 'bernoulli', 0.6],
    ['spin', 'bernoulli', 0.4],
    ['spin', 'gaussian', 0.25],
    ['bernoulli', 'relu', 0.5],
  ] as const) {
    it(`${v}/${h}: forward and reverse estimates agree with exact log Z`, async () => {
      const be = await createBackend({ kind: 'cpu' });
      const rbm = randomRbm(v, h, scale, 3);
      const exact = logPartitionExact(rbm, { over: 'visible' }).logZ;
      const r = await annealedImportanceSampling(be, rbm, { chains: 200, steps: 500, seed: 1, burnIn: 500 });
      const f = r.forward;
      const rev = r.reverse!;
      expect(Math.abs(f.logZ - exact)).toBeLessThan(4 * f.stderr + 0.02);
      expect(Math.abs(rev.logZ - exact)).toBeLessThan(4 * rev.stderr + 0.02);
      expect(f.effectiveSampleSize).toBeGreaterThan(20);
      expect(f.logWeights.length).toBe(200);
    });
  }

  it('is reproducible and uses the data marginals for the base model when given data', async () => {
    const be = await createBackend({ kind: 'cpu' });
    const rbm = randomRbm('bernoulli', 'bernoulli', 0.5, 8);
    const a = await annealedImportanceSampling(be, rbm, { chains: 20, steps: 50, seed: 4, reverse: false });
    const b = await annealedImportanceSampling(be, rbm, { chains: 20, steps: 50, seed: 4, reverse: false });
    expect(b.forward.logWeights).toEqual(a.forward.logWeights);
    expect(b.reverse).toBeUndefined();
    const data = new Float32Array(14 * 4).map((_, t) => (t % 3 === 0 ? 1 : 0));
    const c = await annealedImportanceSampling(be, rbm, { chains: 20, steps: 50, seed: 4, reverse: false, data });
    expect(c.logZBase).not.toBeCloseTo(a.logZBase, 3);
    await expect(annealedImportanceSampling(be, rbm, { chains: 1, seed: 1 })).rejects.toThrow(/chains/);
    await expect(
      annealedImportanceSampling(be, rbm, { seed: 1, schedule: new Float64Array([0, 0.5, 0.4, 1]) }),
    ).rejects.toThrow(/increasing/);
  });
});

for (const b of await testBackends()) {
  if (b.name !== 'webgpu') continue;
  describe('annealed importance sampling on webgpu', () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    it('brackets the exact log Z (short run, 4σ + 0.05)', async () => {
      const be = await b.create();
      try {
        const rbm = randomRbm('bernoulli', 'bernoulli', 0.5, 5);
        const exact = logPartitionExact(rbm).logZ;
        const r = await annealedImportanceSampling(be, rbm, { chains: 64, steps: 100, seed: 2, burnIn: 100 });
        expect(Math.abs(r.forward.logZ - exact)).toBeLessThan(4 * r.forward.stderr + 0.05);
        expect(Math.abs(r.reverse!.logZ - exact)).toBeLessThan(4 * r.reverse!.stderr + 0.05);
      } finally {
        be.dispose();
      }
    });
  });
}
