import { fc, test as propTest } from '@fast-check/vitest';
import { integrate } from '@replica/spin-core/math';
import { describe, expect, it } from 'vitest';
import type { HiddenType, Rbm, VisibleType } from './model';
import {
  checkVisibleData,
  createRbm,
  energy,
  freeEnergies,
  freeEnergy,
  hiddenFreeEnergy,
  hiddenLogPartition,
  hiddenMean,
  logTwoCosh,
  softplus,
  validateRbm,
  visibleLogPartition,
  visibleMean,
} from './model';

const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);
const runs = (n: number) => ({ numRuns: stress || n });

/** A small RBM with deterministic pseudo-random parameters of scale `scale`. */
function smallRbm(nv: number, nh: number, vt: VisibleType, ht: HiddenType, seed: number, scale = 0.7): Rbm {
  const rbm = createRbm({ visible: nv, hidden: nh, visibleType: vt, hiddenType: ht, weightScale: scale, seed });
  for (let i = 0; i < nv; i++) rbm.visibleBias[i] = 0.5 * Math.sin(seed + 3 * i);
  for (let j = 0; j < nh; j++) rbm.hiddenBias[j] = 0.5 * Math.cos(seed + 5 * j);
  return rbm;
}

function visibleState(s: number, nv: number, vt: VisibleType): Float64Array {
  const v = new Float64Array(nv);
  for (let i = 0; i < nv; i++) v[i] = (s >> i) & 1 ? 1 : vt === 'spin' ? -1 : 0;
  return v;
}

/** log Σ_t e^{w_t}, stably. */
function logSumExp(w: number[]): number {
  const m = Math.max(...w);
  return m + Math.log(w.reduce((s, x) => s + Math.exp(x - m), 0));
}

/**
 * F(v) by brute force from `energy` alone: −log Σ_h e^{−E(v,h)} over {0,1}^n_h, or for
 * Gaussian/ReLU units (E is additive in h_j) E(v, 0) − Σ_j log ∫ e^{−[E(v, t e_j) − E(v, 0)]} dt with
 * adaptive Gauss–Kronrod over a window of ±14 around the integrand's peak (e^{−98} beyond).
 */
function bruteFreeEnergy(rbm: Rbm, v: Float64Array): number {
  const nh = rbm.hidden;
  if (rbm.hiddenType === 'bernoulli') {
    const w: number[] = [];
    const h = new Float64Array(nh);
    for (let s = 0; s < 2 ** nh; s++) {
      for (let j = 0; j < nh; j++) h[j] = (s >> j) & 1;
      w.push(-energy(rbm, v, h));
    }
    return -logSumExp(w);
  }
  const h = new Float64Array(nh);
  const e0 = energy(rbm, v, h);
  let f = e0;
  for (let j = 0; j < nh; j++) {
    // the peak of e^{x t − t²/2} is at t = x; find x from E itself
    h[j] = 1;
    const e1 = energy(rbm, v, h);
    h[j] = 0;
    const x = e0 - e1 + 0.5;
    const g = (t: number) => {
      h[j] = t;
      const e = energy(rbm, v, h);
      h[j] = 0;
      return Math.exp(-(e - e0));
    };
    const lo = rbm.hiddenType === 'relu' ? Math.max(0, x - 14) : x - 14;
    const hi = rbm.hiddenType === 'relu' ? Math.max(0, x) + 14 : x + 14;
    f -= Math.log(integrate(g, lo, hi, { relTol: 1e-13, absTol: 0 }));
  }
  return f;
}

describe('energy', () => {
  it('is −a·v − vᵀWh − c·h + Σ U(h_j), for a hand-computed 2 × 2 case of every type', () => {
    const W = Float32Array.from([0.5, -1, 2, 0.25]);
    const a = Float32Array.from([0.75, -0.5]);
    const c = Float32Array.from([-0.25, 1.5]);
    const make = (vt: VisibleType, ht: HiddenType): Rbm => ({
      visible: 2,
      hidden: 2,
      visibleType: vt,
      hiddenType: ht,
      W,
      visibleBias: a,
      hiddenBias: c,
    });
    // v = (1, 0), h = (1, 1): −0.75 − (0.5 − 1) − (−0.25 + 1.5) = −1.5
    expect(energy(make('bernoulli', 'bernoulli'), [1, 0], [1, 1])).toBe(-1.5);
    // v = (1, −1), h = (2, 0.5): a·v = 1.25, vᵀWh = (1 − 0.5) − (4 + 0.125) = −3.625, c·h = 0.25, U = 2.125
    expect(energy(make('spin', 'gaussian'), [1, -1], [2, 0.5])).toBe(-1.25 + 3.625 - 0.25 + 2.125);
    expect(energy(make('spin', 'relu'), [1, -1], [2, 0.5])).toBe(-1.25 + 3.625 - 0.25 + 2.125);
    expect(energy(make('spin', 'relu'), [1, -1], [2, -0.5])).toBe(Number.POSITIVE_INFINITY);
    expect(energy(make('spin', 'gaussian'), [1, -1], [2, -0.5])).toBeCloseTo(
      // a·v = 1.25, vᵀWh = 1.5 − 3.875, c·h = −1.25, U = 2.125
      -1.25 + 2.375 + 1.25 + 2.125,
      14,
    );
  });

  it('names the argument on bad input', () => {
    const rbm = smallRbm(3, 2, 'bernoulli', 'bernoulli', 1);
    expect(() => energy(rbm, [1, 0], [0, 1])).toThrow(/^v: expected 3 visible values, got 2/);
    expect(() => energy(rbm, [1, 0, 2], [0, 1])).toThrow(/^v: expected 0\/1 values, got 2 at index 2/);
    expect(() => energy(rbm, [1, 0, 1], [0, 1, 1])).toThrow(/^h: expected 2 hidden values, got 3/);
    expect(() => energy(rbm, [1, 0, 1], [0, 0.5])).toThrow(/^h: expected 0\/1 values .* at index 1/);
    expect(() => energy(rbm, [1, 0, 1], [0, Number.NaN])).toThrow(/^h: non-finite value at index 1/);
    const spin = smallRbm(3, 2, 'spin', 'gaussian', 1);
    expect(() => energy(spin, [1, 0, 1], [0, 1])).toThrow(/^v: expected ±1 values, got 0 at index 1/);
  });
});

describe('free energies', () => {
  const types = fc.record({
    vt: fc.constantFrom<VisibleType>('bernoulli', 'spin'),
    ht: fc.constantFrom<HiddenType>('bernoulli', 'gaussian', 'relu'),
    nv: fc.integer({ min: 1, max: 5 }),
    nh: fc.integer({ min: 1, max: 4 }),
    seed: fc.nat(1000),
    scale: fc.constantFrom(0.1, 0.7, 2),
  });

  // Tolerance: the integrals are converged to relative 1e-13 and the sums are f64 of O(10)
  // terms, so 1e-9 absolute leaves a wide margin while catching any formula error.
  propTest.prop({ t: types, s: fc.nat() }, runs(60))(
    'F(v) = −log Σ_h e^{−E(v,h)} (a sum over {0,1}^n_h, or a numerical integral per Gaussian/ReLU unit)',
    ({ t, s }) => {
      const rbm = smallRbm(t.nv, t.nh, t.vt, t.ht, t.seed, t.scale);
      const v = visibleState(s % 2 ** t.nv, t.nv, t.vt);
      expect(Math.abs(freeEnergy(rbm, v) - bruteFreeEnergy(rbm, v))).toBeLessThan(1e-9);
    },
  );

  // Tolerance: f64 sums of ≤ 2^5 terms of size O(10): 1e-11 is ~10⁴ ulps.
  propTest.prop({ t: types, seed: fc.nat() }, runs(60))(
    'G(h) = −log Σ_v e^{−E(v,h)} by brute force over the visible states',
    ({ t, seed }) => {
      const rbm = smallRbm(t.nv, t.nh, t.vt, t.ht, t.seed, t.scale);
      const h = new Float64Array(t.nh);
      for (let j = 0; j < t.nh; j++)
        h[j] =
          t.ht === 'bernoulli'
            ? (seed >> j) & 1
            : t.ht === 'relu'
              ? Math.abs(2 * Math.sin(seed + j))
              : 2 * Math.sin(seed + j);
      const w: number[] = [];
      for (let s = 0; s < 2 ** t.nv; s++) w.push(-energy(rbm, visibleState(s, t.nv, t.vt), h));
      expect(Math.abs(hiddenFreeEnergy(rbm, h) + logSumExp(w))).toBeLessThan(1e-11);
    },
  );

  it('freeEnergies agrees with freeEnergy row by row and checks `out`', () => {
    const rbm = smallRbm(4, 3, 'spin', 'relu', 7);
    const data = [1, -1, 1, 1, -1, -1, 1, -1];
    const f = freeEnergies(rbm, data);
    expect(f[0]).toBe(freeEnergy(rbm, data.slice(0, 4)));
    expect(f[1]).toBe(freeEnergy(rbm, data.slice(4)));
    expect(() => freeEnergies(rbm, data, new Float64Array(3))).toThrow(/^out: expected length 2, got 3/);
    expect(() => freeEnergies(rbm, [1, -1, 1])).toThrow(/^data: expected a non-empty whole number of rows of 4/);
  });

  it('G(h) is +∞ for a negative ReLU unit and names h on bad input', () => {
    const rbm = smallRbm(2, 2, 'bernoulli', 'relu', 3);
    expect(hiddenFreeEnergy(rbm, [0.5, -0.1])).toBe(Number.POSITIVE_INFINITY);
    expect(() => hiddenFreeEnergy(rbm, [0.5])).toThrow(/^h: expected 2 hidden values, got 1/);
    const b = smallRbm(2, 2, 'bernoulli', 'bernoulli', 3);
    expect(() => hiddenFreeEnergy(b, [0.5, 1])).toThrow(/^h: expected 0\/1 values/);
  });
});

describe('one-unit log-partitions and means', () => {
  const xs = [-30, -12, -5.5, -5, -4.9, -1, -1e-3, 0, 1e-3, 0.7, 3, 5, 12, 30];

  // Central differences with step 1e-4: truncation ~1e-8·|φ‴| (≤ 1e-8 here) and rounding
  // ~|φ|·1e-16/1e-4 ≤ 5e-10 (|φ| ≤ 460), so 1e-7 absolute is safe and still ~10⁵× below a wrong mean.
  it('E[h | x] = φ′(x) for every hidden type (ReLU down to x = −30), and E[v | x] = ψ′(x)', () => {
    const d = 1e-4;
    for (const t of ['bernoulli', 'gaussian', 'relu'] as const)
      for (const x of xs) {
        const num = (hiddenLogPartition(t, x + d) - hiddenLogPartition(t, x - d)) / (2 * d);
        expect(Math.abs(hiddenMean(t, x) - num), `${t} at x = ${x}`).toBeLessThan(1e-7);
      }
    for (const t of ['bernoulli', 'spin'] as const)
      for (const x of xs) {
        const num = (visibleLogPartition(t, x + d) - visibleLogPartition(t, x - d)) / (2 * d);
        expect(Math.abs(visibleMean(t, x) - num), `${t} at x = ${x}`).toBeLessThan(1e-7);
      }
  });

  // Relative 1e-10: the quadrature converges to 1e-13 relative; the closed forms are within a few ulps.
  it('φ and E[h | x] of a ReLU unit match quadrature of e^{xh − h²/2} on h ≥ 0, incl. x = −30', () => {
    for (const x of [-30, -8, -2, 0, 1.5, 6]) {
      const hi = Math.max(0, x) + 14;
      const z = integrate((h) => Math.exp(x * h - 0.5 * h * h - Math.max(0, x) ** 2 / 2), 0, hi, {
        relTol: 1e-13,
        absTol: 0,
      });
      const m1 = integrate((h) => h * Math.exp(x * h - 0.5 * h * h - Math.max(0, x) ** 2 / 2), 0, hi, {
        relTol: 1e-13,
        absTol: 0,
      });
      const phi = Math.log(z) + Math.max(0, x) ** 2 / 2;
      expect(Math.abs(hiddenLogPartition('relu', x) - phi) / Math.abs(phi)).toBeLessThan(1e-10);
      expect(Math.abs(hiddenMean('relu', x) - m1 / z) / (m1 / z)).toBeLessThan(1e-10);
    }
    // E[h | x] → 1/|x| for x → −∞ and → x for x → +∞ (where erfcx overflows: the ratio is 0)
    expect(hiddenMean('relu', -1e4)).toBeCloseTo(1e-4, 10);
    expect(hiddenMean('relu', 40)).toBe(40);
  });

  it('softplus and log 2cosh at 0, ±large, ±∞ and NaN', () => {
    expect(softplus(0)).toBe(Math.LN2);
    expect(logTwoCosh(0)).toBe(Math.LN2);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
    expect(softplus(-40)).toBeCloseTo(Math.exp(-40), 30);
    expect(softplus(-40) / Math.exp(-40)).toBeCloseTo(1, 12);
    expect(softplus(40)).toBe(40 + Math.exp(-40));
    expect(logTwoCosh(1000)).toBe(1000);
    expect(logTwoCosh(-1000)).toBe(1000);
    expect(logTwoCosh(-3)).toBe(logTwoCosh(3));
    expect(logTwoCosh(0.5)).toBeCloseTo(Math.log(2 * Math.cosh(0.5)), 15);
    expect(softplus(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(softplus(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(logTwoCosh(Number.NEGATIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    // NaN propagates (no silent clipping)
    expect(softplus(Number.NaN)).toBeNaN();
    expect(logTwoCosh(Number.NaN)).toBeNaN();
    expect(hiddenLogPartition('relu', Number.NaN)).toBeNaN();
  });
});

describe('validation', () => {
  it('createRbm names the bad option', () => {
    expect(() => createRbm({ visible: 0, hidden: 2 })).toThrow(/^visible: expected an integer ≥ 1, got 0/);
    expect(() => createRbm({ visible: 2, hidden: 1.5 })).toThrow(/^hidden: expected an integer ≥ 1, got 1.5/);
    expect(() => createRbm({ visible: 2, hidden: 2, visibleType: 'gauss' as VisibleType })).toThrow(
      /^visibleType: expected 'bernoulli' or 'spin', got "gauss"/,
    );
    expect(() => createRbm({ visible: 2, hidden: 2, hiddenType: 'tanh' as HiddenType })).toThrow(/^hiddenType:/);
    expect(() => createRbm({ visible: 2, hidden: 2, weightScale: -1 })).toThrow(/^weightScale: expected a finite/);
    expect(() => createRbm({ visible: 2, hidden: 2, weightScale: 0.1 })).toThrow(/^seed: required/);
    expect(() => createRbm({ visible: 2, hidden: 2, weightScale: 0, visibleBias: new Float32Array(3) })).toThrow(
      /^visibleBias: expected 2 values, got 3/,
    );
    expect(() =>
      createRbm({ visible: 2, hidden: 2, weightScale: 0, hiddenBias: Float32Array.from([0, Number.NaN]) }),
    ).toThrow(/^hiddenBias: non-finite value NaN at index 1/);
    expect(createRbm({ visible: 2, hidden: 3, weightScale: 0 }).W).toEqual(new Float32Array(6));
  });

  it('validateRbm names the field', () => {
    const rbm = smallRbm(2, 3, 'bernoulli', 'bernoulli', 1);
    expect(() => validateRbm({ ...rbm, W: new Float32Array(5) })).toThrow(/^rbm\.W \(visible × hidden\): expected 6/);
    expect(() => validateRbm({ ...rbm, W: new Float64Array(6) as unknown as Float32Array })).toThrow(TypeError);
    const W = rbm.W.slice();
    W[4] = Number.POSITIVE_INFINITY;
    expect(() => validateRbm({ ...rbm, W })).toThrow(/^rbm\.W .* non-finite value Infinity at index 4/);
    expect(() => validateRbm({ ...rbm, visibleType: 'x' as VisibleType })).toThrow(/^rbm\.visibleType:/);
    expect(() => validateRbm({ ...rbm, hidden: 0 })).toThrow(/^rbm\.hidden: expected an integer ≥ 1/);
  });

  it('checkVisibleData accepts 0/1 (Bernoulli) or ±1 (spin) rows only and returns the row count', () => {
    const b = smallRbm(3, 2, 'bernoulli', 'bernoulli', 1);
    const s = smallRbm(3, 2, 'spin', 'bernoulli', 1);
    expect(checkVisibleData(b, [0, 1, 1, 1, 0, 0])).toBe(2);
    expect(checkVisibleData(s, Int8Array.from([1, -1, 1]))).toBe(1);
    expect(() => checkVisibleData(b, [0, 1, 0.5, 1, 0, 0])).toThrow(
      /^data: expected 0\/1 values for bernoulli visible units, got 0.5 at row 0, column 2/,
    );
    expect(() => checkVisibleData(b, [0, 1, 1, -1, 0, 0])).toThrow(/got -1 at row 1, column 0/);
    expect(() => checkVisibleData(s, [1, 0, 1])).toThrow(/^data: expected ±1 values for spin visible units/);
    expect(() => checkVisibleData(b, [0, 1, 1, 1], 'train')).toThrow(/^train: expected a non-empty whole number/);
    expect(() => checkVisibleData(b, [])).toThrow(/got 0 values/);
    expect(() => checkVisibleData(b, [0, 1, Number.NaN])).toThrow(/got NaN at row 0, column 2/);
  });
});
