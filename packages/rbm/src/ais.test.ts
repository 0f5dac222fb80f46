import type { Backend } from '@replica/webgpu-kernels';
import { createBackend, PhiloxRng } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AisResult } from './ais';
import { AIS_BRACKET_SIGMAS, aisSchedule, annealedImportanceSampling } from './ais';
import { logPartitionExact } from './exact';
import type { Rbm } from './model';
import { createRbm } from './model';
import { trainRbm } from './train';

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

/** 500 rows of 64 bits near 4 random prototypes (5% of the bits flipped): peaked data, as digits are. */
function prototypeData(rows: number, nv: number, seed: number): Float32Array {
  const rng = new PhiloxRng(seed);
  const proto = Array.from({ length: 4 }, () => Array.from({ length: nv }, () => (rng.nextDouble() < 0.5 ? 1 : 0)));
  const d = new Float32Array(rows * nv);
  for (let r = 0; r < rows; r++) {
    const p = proto[rng.nextInt(4)]!;
    for (let i = 0; i < nv; i++) d[r * nv + i] = rng.nextDouble() < 0.05 ? 1 - p[i]! : p[i]!;
  }
  return d;
}

describe('annealed importance sampling on a trained RBM (where the bias shows)', () => {
  // CD-1 at a large learning rate makes a sharply peaked model: at 100 distributions forward AIS
  // is 0.5 nats low with a spread twice its reported σ; from 1000 on the two agree.
  let be: Backend;
  let rbm: Rbm;
  let exact: number;
  const data = prototypeData(500, 64, 1);
  const runs: AisResult[] = [];
  beforeAll(async () => {
    be = await createBackend({ kind: 'cpu' });
    ({ rbm } = await trainRbm(be, data, {
      visible: 64,
      hidden: 12,
      epochs: 30,
      method: 'cd',
      learningRate: 0.1,
      batchSize: 10,
      seed: 2,
    }));
    exact = logPartitionExact(rbm).logZ;
    for (let k = 0; k < 20; k++)
      runs.push(await annealedImportanceSampling(be, rbm, { chains: 100, steps: 1000, seed: 10 + k, data }));
  }, 300_000);

  it('starts reverse AIS from exact samples (12 hidden units), so it is a bound, and reports the bracket', () => {
    for (const r of runs) {
      expect(r.reverse!.start).toBe('exact');
      expect(r.reverse!.isBound).toBe(true);
      expect(r.bracket.sigmas).toBe(AIS_BRACKET_SIGMAS);
      expect(r.bracket.lower).toBeCloseTo(r.forward.logZ - 3 * r.forward.stderr, 12);
      expect(r.bracket.upper).toBeCloseTo(r.reverse!.logZ + 3 * r.reverse!.stderr, 12);
      expect(r.warnings).toEqual([]);
    }
  });

  it('20 independent runs: their spread matches the reported standard errors, and the brackets hold the exact log Z', () => {
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    const sd = (x: number[]) => {
      const m = mean(x);
      return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
    };
    for (const dir of ['forward', 'reverse'] as const) {
      const est = runs.map((r) => r[dir]!.logZ);
      const sigma = mean(runs.map((r) => r[dir]!.stderr));
      // the sample sd of 20 values has a relative error of ≈ 1/√38 = 16%: [0.5, 2] is beyond 3 of it
      expect(sd(est) / sigma).toBeGreaterThan(0.5);
      expect(sd(est) / sigma).toBeLessThan(2);
      // forward is biased low and reverse high (Jensen), by less than 0.3 nats here; neither may sit
      // on the wrong side of exact by more than 3 standard errors of the mean of 20 runs
      const se = (3 * sigma) / Math.sqrt(20);
      if (dir === 'forward') {
        expect(mean(est)).toBeLessThan(exact + se);
        expect(mean(est)).toBeGreaterThan(exact - 0.3);
      } else {
        expect(mean(est)).toBeGreaterThan(exact - se);
        expect(mean(est)).toBeLessThan(exact + 0.3);
      }
    }
    const held = runs.filter((r) => r.bracket.lower <= exact && exact <= r.bracket.upper!).length;
    expect(held).toBe(20);
  });

  it('warns when the weights degenerate (10 distributions), and says when reverse AIS is not a bound', async () => {
    const short = await annealedImportanceSampling(be, rbm, { chains: 100, steps: 10, seed: 1, data });
    expect(short.forward.effectiveSampleSize).toBeLessThan(10);
    expect(short.forward.warning).toMatch(/effective sample size .* of 100 runs/);
    expect(short.warnings.some((w) => w.startsWith('forward AIS: the importance weights degenerate'))).toBe(true);
    const gibbs = await annealedImportanceSampling(be, rbm, {
      chains: 20,
      steps: 100,
      seed: 1,
      exactStartUpTo: 0,
      burnIn: 50,
    });
    expect(gibbs.reverse!.start).toBe('gibbs');
    expect(gibbs.reverse!.burnIn).toBe(50);
    expect(gibbs.reverse!.isBound).toBe(false);
    expect(gibbs.bracket.upper).toBeNull();
    expect(gibbs.warnings.some((w) => /not an upper bound/.test(w))).toBe(true);
    const given = await annealedImportanceSampling(be, rbm, {
      chains: 20,
      steps: 100,
      seed: 1,
      reverseStart: data.slice(0, 20 * 64),
    });
    expect(given.reverse!.start).toBe('given');
    expect(given.reverse!.isBound).toBe(false);
    await expect(annealedImportanceSampling(be, rbm, { seed: 1, exactStartUpTo: 25 })).rejects.toThrow(
      /exactStartUpTo/,
    );
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
