import { describe, expect, it } from 'vitest';
import { averageLogLikelihood, logPartitionExact, MAX_EXACT_UNITS, sampleExact } from './exact';
import type { HiddenType, Rbm, VisibleType } from './model';
import { createRbm, freeEnergies, freeEnergy, logTwoCosh, softplus } from './model';

function randomRbm(nv: number, nh: number, vt: VisibleType, ht: HiddenType, seed: number, scale: number): Rbm {
  const rbm = createRbm({ visible: nv, hidden: nh, visibleType: vt, hiddenType: ht, weightScale: scale, seed });
  for (let i = 0; i < nv; i++) rbm.visibleBias[i] = -1.5 + 2 * Math.sin(seed + 0.37 * i);
  for (let j = 0; j < nh; j++) rbm.hiddenBias[j] = -0.5 + Math.cos(seed + 1.1 * j);
  return rbm;
}

/**
 * The plain reference: log Σ_h e^{−G(h)} over {0,1}^n_h, each field summed afresh in f64 and
 * every unit's ψ evaluated with `softplus`/`logTwoCosh`, log-sum-exp with a running maximum.
 */
function naiveLogZOverHidden(rbm: Rbm): number {
  const { visible: nv, hidden: nh, W, visibleBias: a, hiddenBias: c } = rbm;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let s = 0; s < 2 ** nh; s++) {
    let w = 0;
    for (let j = 0; j < nh; j++) if ((s >> j) & 1) w += c[j]!;
    for (let i = 0; i < nv; i++) {
      let x = a[i]!;
      for (let j = 0; j < nh; j++) if ((s >> j) & 1) x += W[i * nh + j]!;
      w += rbm.visibleType === 'spin' ? logTwoCosh(x) : softplus(x);
    }
    if (w > max) {
      sum = sum * Math.exp(max - w) + 1;
      max = w;
    } else sum += Math.exp(w - max);
  }
  return max + Math.log(sum);
}

function allVisibleStates(nv: number, spin: boolean): Float64Array {
  const out = new Float64Array(2 ** nv * nv);
  for (let s = 0; s < 2 ** nv; s++) for (let i = 0; i < nv; i++) out[s * nv + i] = (s >> i) & 1 ? 1 : spin ? -1 : 0;
  return out;
}

describe('logPartitionExact', () => {
  // Absolute 1e-9: the TSDoc bound on a state's log-weight is Σ_k (κ·n·X_k + 5)u ≈ 2·10⁻¹¹ here
  // (X_k ≈ 5), and the reference has errors of the same kind; log Z ≈ 10³, so this is relative 10⁻¹².
  it('agrees with a naive per-unit softplus/log 2cosh sum for 784 × 12 RBMs (both visible types)', () => {
    for (const [vt, scale] of [
      ['bernoulli', 0.5],
      ['spin', 0.05],
    ] as const) {
      const rbm = randomRbm(784, 12, vt, 'bernoulli', 11, scale);
      const r = logPartitionExact(rbm);
      expect(r.over).toBe('hidden');
      expect(r.states).toBe(4096);
      expect(Math.abs(r.logZ - naiveLogZOverHidden(rbm)), `${vt}, scale ${scale}`).toBeLessThan(1e-9);
    }
  });

  it('agrees with the naive sum when the summed-out layer is too wide for a 2^10-row table (4200 × 10)', () => {
    // 2^10·4200 doubles exceed the 2^22 cap: the low table drops to 2^9 rows
    const rbm = randomRbm(4200, 10, 'bernoulli', 'bernoulli', 4, 0.05);
    expect(Math.abs(logPartitionExact(rbm).logZ - naiveLogZOverHidden(rbm))).toBeLessThan(1e-8);
  });

  it('gives (n_v + n_h) log 2, or n_v log 2 + n_h·½ log 2π, at zero parameters', () => {
    for (const vt of ['bernoulli', 'spin'] as const) {
      const rbm = createRbm({ visible: 9, hidden: 5, visibleType: vt, weightScale: 0 });
      expect(logPartitionExact(rbm).logZ).toBeCloseTo(14 * Math.LN2, 13);
      expect(logPartitionExact(rbm, { over: 'visible' }).logZ).toBeCloseTo(14 * Math.LN2, 13);
      const g = createRbm({ visible: 9, hidden: 5, visibleType: vt, hiddenType: 'gaussian', weightScale: 0 });
      expect(logPartitionExact(g).logZ).toBeCloseTo(9 * Math.LN2 + 2.5 * Math.log(2 * Math.PI), 13);
      // ReLU: ∫_0^∞ e^{−h²/2} dh = √(π/2)
      const r = createRbm({ visible: 9, hidden: 5, visibleType: vt, hiddenType: 'relu', weightScale: 0 });
      expect(logPartitionExact(r).logZ).toBeCloseTo(9 * Math.LN2 + 2.5 * Math.log(Math.PI / 2), 13);
    }
  });

  // One hidden unit: Z = Π_i(1 + e^{a_i}) + e^{c} Π_i(1 + e^{a_i + W_i}) in closed form.
  it('enumerates a full 24-unit layer (2^24 states) and matches the one-hidden-unit closed form', () => {
    const rbm = randomRbm(24, 1, 'bernoulli', 'bernoulli', 5, 0.8);
    let s0 = 0;
    let s1 = rbm.hiddenBias[0]!;
    for (let i = 0; i < 24; i++) {
      s0 += softplus(rbm.visibleBias[i]!);
      s1 += softplus(rbm.visibleBias[i]! + rbm.W[i]!);
    }
    const expected = Math.max(s0, s1) + Math.log1p(Math.exp(-Math.abs(s0 - s1)));
    const v = logPartitionExact(rbm, { over: 'visible' });
    expect(v.states).toBe(2 ** 24);
    expect(Math.abs(v.logZ - expected)).toBeLessThan(1e-10);
    expect(logPartitionExact(rbm).over).toBe('hidden');
  });

  it("'auto' enumerates the smaller layer that can be enumerated", () => {
    expect(logPartitionExact(randomRbm(6, 9, 'bernoulli', 'bernoulli', 1, 0.1)).over).toBe('visible');
    expect(logPartitionExact(randomRbm(9, 6, 'spin', 'bernoulli', 1, 0.1)).over).toBe('hidden');
    expect(logPartitionExact(randomRbm(7, 7, 'spin', 'bernoulli', 1, 0.1)).over).toBe('visible');
    expect(logPartitionExact(randomRbm(30, 4, 'bernoulli', 'bernoulli', 1, 0.1)).over).toBe('hidden');
    // Gaussian hidden units cannot be enumerated: always visible
    expect(logPartitionExact(randomRbm(9, 2, 'spin', 'gaussian', 1, 0.1))).toMatchObject({
      over: 'visible',
      states: 512,
    });
  });

  it('refuses layers of more than 24 units, naming the layer, its size and AIS', () => {
    expect(MAX_EXACT_UNITS).toBe(24);
    const wide = createRbm({ visible: 25, hidden: 30, weightScale: 0 });
    expect(() => logPartitionExact(wide, { over: 'visible' })).toThrow(
      /^over: 'visible' enumerates 2\^25 states, but the visible layer has 25 units \(at most 24\); estimate log Z with AIS instead/,
    );
    expect(() => logPartitionExact(wide, { over: 'hidden' })).toThrow(
      /the hidden layer has 30 units \(at most 24\).*AIS/,
    );
    expect(() => logPartitionExact(wide)).toThrow(
      /^rbm: exact log Z needs a layer of at most 24 units to enumerate, but the visible layer has 25 units and the hidden layer 30; estimate log Z with AIS instead/,
    );
    const gauss = createRbm({ visible: 25, hidden: 3, hiddenType: 'gaussian', weightScale: 0 });
    expect(() => logPartitionExact(gauss)).toThrow(/hidden layer 3 \(gaussian units, which cannot be enumerated\)/);
    expect(() => logPartitionExact(gauss, { over: 'hidden' })).toThrow(
      /^over: 'hidden' needs Bernoulli hidden units, got gaussian/,
    );
    expect(() => logPartitionExact(wide, { over: 'both' as 'auto' })).toThrow(
      /^over: expected 'auto', 'visible' or 'hidden'/,
    );
    expect(() => logPartitionExact({ ...wide, W: new Float32Array(3) })).toThrow(/^rbm\.W/);
  });
});

describe('averageLogLikelihood', () => {
  it('is the mean of −F(v) − log Z, and the probabilities of all states sum to 1', () => {
    for (const [vt, ht] of [
      ['bernoulli', 'bernoulli'],
      ['spin', 'relu'],
      ['spin', 'gaussian'],
    ] as const) {
      const rbm = randomRbm(6, 4, vt, ht, 3, 0.6);
      const data = allVisibleStates(6, vt === 'spin');
      const logZ = logPartitionExact(rbm).logZ;
      const f = freeEnergies(rbm, data);
      let p = 0;
      let mean = 0;
      for (let r = 0; r < f.length; r++) {
        p += Math.exp(-f[r]! - logZ);
        mean += (-f[r]! - logZ) / f.length;
      }
      expect(p).toBeCloseTo(1, 13);
      expect(averageLogLikelihood(rbm, data)).toBeCloseTo(mean, 12);
      expect(averageLogLikelihood(rbm, data.subarray(6, 12), { logZ: 2 })).toBeCloseTo(
        -freeEnergy(rbm, data.subarray(6, 12)) - 2,
        12,
      );
    }
  });

  it('names bad arguments', () => {
    const rbm = randomRbm(3, 2, 'bernoulli', 'bernoulli', 1, 0.1);
    expect(() => averageLogLikelihood(rbm, [1, 0, 1], { logZ: Number.NaN })).toThrow(
      /^logZ: expected a finite number, got NaN/,
    );
    expect(() => averageLogLikelihood(rbm, [1, 0])).toThrow(/^data: expected a non-empty whole number of rows of 3/);
    expect(() => averageLogLikelihood(rbm, [1, 0, -1])).toThrow(/^data: expected 0\/1 values/);
    const wide = createRbm({ visible: 30, hidden: 30, weightScale: 0 });
    expect(() => averageLogLikelihood(wide, new Float64Array(30))).toThrow(/AIS/);
  });
});

describe('sampleExact', () => {
  /** All 2^n states of n units, as 0/1 or ±1 rows. */
  function states(n: number, spin: boolean): number[][] {
    return Array.from({ length: 2 ** n }, (_, s) =>
      Array.from({ length: n }, (_, i) => ((s >> i) & 1 ? 1 : spin ? -1 : 0)),
    );
  }
  /** Brute-force E(v, h) = −a·v − c·h − vᵀWh. */
  function energyOf(rbm: Rbm, v: number[], h: number[]): number {
    let e = 0;
    for (let i = 0; i < rbm.visible; i++) e -= rbm.visibleBias[i]! * v[i]!;
    for (let j = 0; j < rbm.hidden; j++) e -= rbm.hiddenBias[j]! * h[j]!;
    for (let i = 0; i < rbm.visible; i++)
      for (let j = 0; j < rbm.hidden; j++) e -= v[i]! * rbm.W[i * rbm.hidden + j]! * h[j]!;
    return e;
  }
  const key = (row: ArrayLike<number>) => Array.from(row).join(',');

  // χ² of the (v, h) pair counts against the exact joint p(v, h) = e^{−E}/Z; with ≤ 63 degrees of
  // freedom, 130 is beyond the 10⁻⁸ quantile: a wrong sampler fails, a right one essentially never.
  for (const [visibleType, over] of [
    ['bernoulli', 'hidden'],
    ['spin', 'hidden'],
    ['bernoulli', 'visible'],
    ['spin', 'visible'],
  ] as const)
    it(`draws exact samples of p(v, h) (${visibleType} visible units, enumerating the ${over} layer): χ² test`, () => {
      const rbm = createRbm({ visible: 3, hidden: 3, visibleType, hiddenType: 'bernoulli', weightScale: 1.2, seed: 9 });
      for (let i = 0; i < 3; i++) rbm.visibleBias[i] = 0.5 - 0.6 * i;
      for (let j = 0; j < 3; j++) rbm.hiddenBias[j] = -0.3 + 0.4 * j;
      const count = 40_000;
      const s = sampleExact(rbm, { count, seed: 3, over });
      expect(s.over).toBe(over);
      expect(s.logZ).toBeCloseTo(logPartitionExact(rbm).logZ, 12);
      const vs = states(3, visibleType === 'spin');
      const hs = states(3, false);
      const logZ = s.logZ;
      if (over === 'hidden') {
        const counts = new Map<string, number>();
        for (let r = 0; r < count; r++)
          counts.set(
            `${key(s.visible.subarray(r * 3, r * 3 + 3))}|${key(s.hidden!.subarray(r * 3, r * 3 + 3))}`,
            (counts.get(`${key(s.visible.subarray(r * 3, r * 3 + 3))}|${key(s.hidden!.subarray(r * 3, r * 3 + 3))}`) ??
              0) + 1,
          );
        let chi2 = 0;
        for (const v of vs)
          for (const h of hs) {
            const expected = count * Math.exp(-energyOf(rbm, v, h) - logZ);
            const o = counts.get(`${key(v)}|${key(h)}`) ?? 0;
            chi2 += (o - expected) ** 2 / expected;
          }
        expect(chi2).toBeLessThan(130);
      } else {
        expect(s.hidden).toBeUndefined();
        const counts = new Map<string, number>();
        for (let r = 0; r < count; r++) {
          const k = key(s.visible.subarray(r * 3, r * 3 + 3));
          counts.set(k, (counts.get(k) ?? 0) + 1);
        }
        let chi2 = 0;
        for (const v of vs) {
          let p = 0;
          for (const h of hs) p += Math.exp(-energyOf(rbm, v, h) - logZ);
          const o = counts.get(key(v)) ?? 0;
          chi2 += (o - count * p) ** 2 / (count * p);
        }
        expect(chi2).toBeLessThan(130);
      }
    });

  it('is reproducible, and refuses bad counts and layers too large to enumerate', () => {
    const rbm = createRbm({ visible: 30, hidden: 4, seed: 1, weightScale: 0.5 });
    const a = sampleExact(rbm, { count: 50, seed: 7 });
    const b = sampleExact(rbm, { count: 50, seed: 7 });
    expect(a.over).toBe('hidden');
    expect(Array.from(a.visible)).toEqual(Array.from(b.visible));
    expect(Array.from(sampleExact(rbm, { count: 50, seed: 8 }).visible)).not.toEqual(Array.from(a.visible));
    expect(() => sampleExact(rbm, { count: 0, seed: 1 })).toThrow(/count/);
    expect(() => sampleExact(rbm, { count: 1.5, seed: 1 })).toThrow(/count/);
    const big = createRbm({ visible: 30, hidden: 30, seed: 1 });
    expect(() => sampleExact(big, { count: 5, seed: 1 })).toThrow(/at most 24/);
  });
});
