import type { Backend } from '@replica/webgpu-kernels';
import { createBackend } from '@replica/webgpu-kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annealedImportanceSampling } from './ais';
import { logPartitionExact, MAX_EXACT_UNITS } from './exact';
import { estimateLogZ, exactLayer } from './log-z';
import type { Rbm } from './model';
import { createRbm } from './model';

function smallRbm(
  visible: number,
  hidden: number,
  hiddenType: Rbm['hiddenType'] = 'bernoulli',
  visibleType: Rbm['visibleType'] = 'bernoulli',
): Rbm {
  const rbm = createRbm({ visible, hidden, visibleType, hiddenType, weightScale: 0.5, seed: 7 });
  for (let i = 0; i < rbm.visible; i++) rbm.visibleBias[i] = 0.4 * Math.sin(i + 1);
  for (let j = 0; j < rbm.hidden; j++) rbm.hiddenBias[j] = 0.3 * Math.cos(j + 1);
  return rbm;
}

describe('exactLayer', () => {
  it('picks the smaller layer of at most maxUnits units, hidden only when Bernoulli', () => {
    expect(exactLayer(smallRbm(14, 6), 20)).toBe('hidden');
    expect(exactLayer(smallRbm(6, 14), 20)).toBe('visible');
    expect(exactLayer(smallRbm(8, 8), 20)).toBe('hidden'); // a tie goes to the hidden layer
    expect(exactLayer(smallRbm(30, 6), 20)).toBe('hidden');
    expect(exactLayer(smallRbm(6, 30), 20)).toBe('visible');
    expect(exactLayer(smallRbm(30, 30), 20)).toBeNull();
    // the bound is inclusive
    expect(exactLayer(smallRbm(30, 20), 20)).toBe('hidden');
    expect(exactLayer(smallRbm(30, 21), 20)).toBeNull();
    expect(exactLayer(smallRbm(14, 6), 5)).toBeNull();
    expect(exactLayer(smallRbm(14, 6), 0)).toBeNull();
    // Gaussian and ReLU hidden units are integrated, never enumerated: only the visible layer
    expect(exactLayer(smallRbm(14, 2, 'gaussian', 'spin'), 20)).toBe('visible');
    expect(exactLayer(smallRbm(30, 2, 'relu'), 20)).toBeNull();
  });
});

describe('estimateLogZ', () => {
  let be: Backend;
  beforeAll(async () => {
    be = await createBackend({ kind: 'cpu' });
  });
  afterAll(() => be.dispose());

  it('is exact when a layer has at most exactUpTo units, equal to logPartitionExact over it', async () => {
    for (const [rbm, upTo, over] of [
      [smallRbm(14, 6), 20, 'hidden'],
      [smallRbm(14, 6), 6, 'hidden'],
      [smallRbm(14, 6), undefined, 'hidden'], // default 20
      [smallRbm(5, 12), 5, 'visible'],
      [smallRbm(10, 3, 'gaussian', 'spin'), 10, 'visible'],
      [smallRbm(12, 12), MAX_EXACT_UNITS, 'hidden'],
    ] as const) {
      const z = await estimateLogZ(be, rbm, { ...(upTo === undefined ? {} : { exactUpTo: upTo }), ais: { seed: 1 } });
      expect(z).toEqual({ logZ: logPartitionExact(rbm, { over }).logZ, method: 'exact', over });
      expect(z.stderr).toBeUndefined();
      // and the other way of summing agrees (float64 sums over float32 parameters)
      if (rbm.hiddenType === 'bernoulli')
        expect(z.logZ).toBeCloseTo(logPartitionExact(rbm, { over: over === 'hidden' ? 'visible' : 'hidden' }).logZ, 9);
    }
  });

  it('runs forward AIS (only) when no layer is small enough, agreeing with the exact log Z', async () => {
    const rbm = smallRbm(14, 6);
    const exact = logPartitionExact(rbm).logZ;
    const ais = { seed: 3, chains: 200, steps: 500 };
    // both layers exceed exactUpTo = 5; `reverse: true` is ignored
    const z = await estimateLogZ(be, rbm, { exactUpTo: 5, ais: { ...ais, reverse: true } });
    expect(z.method).toBe('ais');
    expect(z.over).toBeUndefined();
    expect(z.stderr).toBeGreaterThan(0);
    // exactly the forward run of annealedImportanceSampling with the same settings
    const direct = await annealedImportanceSampling(be, rbm, { ...ais, reverse: false });
    expect(z.logZ).toBe(direct.forward.logZ);
    expect(z.stderr).toBe(direct.forward.stderr);
    // Ẑ is unbiased for Z, and over 200 runs log Ẑ is close to normal about log Z with the
    // delta-method standard error se: 4 se leaves a chance of ~6e-5 of a false failure. The
    // bias of log Ẑ (Jensen: about −se²/2, a lower bound) is far below 0.05 nats; the 0.05
    // covers the delta method understating the error when a few heavy-tailed weights dominate
    // (as in ais.test.ts, which uses 0.02 at this size).
    expect(Math.abs(z.logZ - exact)).toBeLessThan(4 * z.stderr! + 0.05);
    // exactUpTo = 0 enumerates nothing: AIS, whatever the size
    const zero = await estimateLogZ(be, smallRbm(3, 2), { exactUpTo: 0, ais: { seed: 1, chains: 20, steps: 50 } });
    expect(zero.method).toBe('ais');
  });

  it.each([-1, MAX_EXACT_UNITS + 1, 2.5, Number.NaN])('refuses exactUpTo = %s with a RangeError', async (upTo) => {
    await expect(estimateLogZ(be, smallRbm(4, 2), { exactUpTo: upTo, ais: { seed: 1 } })).rejects.toThrow(RangeError);
    await expect(estimateLogZ(be, smallRbm(4, 2), { exactUpTo: upTo, ais: { seed: 1 } })).rejects.toThrow(
      /^exactUpTo: expected an integer in \[0, 24\]/,
    );
  });
});
