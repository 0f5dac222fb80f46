import { fc, test as propTest } from '@fast-check/vitest';
import { integrate } from '@replica/spin-core/math';
import { describe, expect } from 'vitest';
import { logPartitionExact } from './exact';
import type { HiddenType, Rbm, VisibleType } from './model';
import { energy, freeEnergy } from './model';

const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);
const runs = (n: number) => ({ numRuns: stress || n });

/**
 * A small RBM whose couplings W_ij = s_i·t_j·g_ij mix unit scales s_i, t_j from 0.01 to 500, so
 * that in one machine some summed-out units take the product path (in chunks of one to hundreds
 * of units) and others, whose fields can exceed e^{±700}, the per-unit fallback.
 */
const scale = fc.constantFrom(0.01, 0.3, 1, 3, 20, 60, 500);
function rbmArb(opts: { nvMax: number; nhMax: number; hidden: HiddenType[] }): fc.Arbitrary<Rbm> {
  return fc
    .record({
      nv: fc.integer({ min: 1, max: opts.nvMax }),
      nh: fc.integer({ min: 1, max: opts.nhMax }),
      vt: fc.constantFrom<VisibleType>('bernoulli', 'spin'),
      ht: fc.constantFrom<HiddenType>(...opts.hidden),
      seed: fc.nat(10_000),
    })
    .chain((r) =>
      fc
        .record({
          s: fc.array(scale, { minLength: r.nv, maxLength: r.nv }),
          t: fc.array(scale, { minLength: r.nh, maxLength: r.nh }),
          biasScale: fc.constantFrom(0, 0.5, 5, 200),
        })
        .map(({ s, t, biasScale }): Rbm => {
          const W = new Float32Array(r.nv * r.nh);
          for (let i = 0; i < r.nv; i++)
            for (let j = 0; j < r.nh; j++)
              W[i * r.nh + j] = Math.min(s[i]!, t[j]!) * Math.sin(r.seed + 1.3 * i + 7.1 * j) * Math.cos(0.7 * i * j);
          return {
            visible: r.nv,
            hidden: r.nh,
            visibleType: r.vt,
            hiddenType: r.ht,
            W,
            visibleBias: Float32Array.from({ length: r.nv }, (_, i) => biasScale * Math.sin(r.seed * 3 + i)),
            hiddenBias: Float32Array.from({ length: r.nh }, (_, j) => biasScale * Math.cos(r.seed * 5 + j)),
          };
        }),
    );
}

function logSumExp(w: number[]): number {
  const m = Math.max(...w);
  return m + Math.log(w.reduce((s, x) => s + Math.exp(x - m), 0));
}

function unitValue(bit: number, spin: boolean): number {
  return bit ? 1 : spin ? -1 : 0;
}

describe('exact log Z (properties)', () => {
  // Relative 1e-10: both enumerations are f64 sums of the same float32 parameters; the per-state
  // error bound in the TSDoc is ≲ 2·10⁻¹⁰ absolute even for couplings of 500 (log Z ≈ 10⁴ then).
  propTest.prop({ rbm: rbmArb({ nvMax: 12, nhMax: 12, hidden: ['bernoulli'] }) }, runs(80))(
    'is the same enumerating the visible or the hidden layer (both visible types, couplings up to 500)',
    ({ rbm }) => {
      const v = logPartitionExact(rbm, { over: 'visible' });
      const h = logPartitionExact(rbm, { over: 'hidden' });
      expect(v.over).toBe('visible');
      expect(h.over).toBe('hidden');
      expect(v.states).toBe(2 ** rbm.visible);
      expect(h.states).toBe(2 ** rbm.hidden);
      expect(Math.abs(v.logZ - h.logZ)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(h.logZ)));
    },
  );

  // Relative 1e-12: the brute force is a log-sum-exp over ≤ 2^14 energies from `energy`, each exact to a
  // few ulps of its size.
  propTest.prop({ rbm: rbmArb({ nvMax: 7, nhMax: 7, hidden: ['bernoulli'] }) }, runs(60))(
    'equals the brute-force log Σ_{v,h} e^{−E(v,h)} over both layers',
    ({ rbm }) => {
      const { visible: nv, hidden: nh } = rbm;
      const spin = rbm.visibleType === 'spin';
      const v = new Float64Array(nv);
      const h = new Float64Array(nh);
      const w: number[] = [];
      for (let s = 0; s < 2 ** nv; s++) {
        for (let i = 0; i < nv; i++) v[i] = unitValue((s >> i) & 1, spin);
        for (let t = 0; t < 2 ** nh; t++) {
          for (let j = 0; j < nh; j++) h[j] = (t >> j) & 1;
          w.push(-energy(rbm, v, h));
        }
      }
      const expected = logSumExp(w);
      const tol = 1e-12 * Math.max(1, Math.abs(expected));
      expect(Math.abs(logPartitionExact(rbm).logZ - expected)).toBeLessThanOrEqual(tol);
      expect(Math.abs(logPartitionExact(rbm, { over: 'hidden' }).logZ - expected)).toBeLessThanOrEqual(tol);
    },
  );

  // Absolute 1e-8: each hidden unit's ∫ e^{xh − U(h)} dh is converged to relative 1e-13 by adaptive
  // Gauss–Kronrod (≤ 3 units, fields of moderate size), then summed over ≤ 2^5 visible states.
  propTest.prop(
    {
      rbm: rbmArb({ nvMax: 5, nhMax: 3, hidden: ['gaussian', 'relu'] }).filter((r) => {
        // keep fields where e^{x²/2} is finite and the quadrature window is meaningful
        let worst = 0;
        for (let j = 0; j < r.hidden; j++) {
          let s = Math.abs(r.hiddenBias[j]!);
          for (let i = 0; i < r.visible; i++) s += Math.abs(r.W[i * r.hidden + j]!);
          worst = Math.max(worst, s);
        }
        return worst < 25;
      }),
    },
    runs(40),
  )('of Gaussian and ReLU hidden units equals brute force with a numerical integral per hidden unit', ({ rbm }) => {
    const { visible: nv, hidden: nh } = rbm;
    const spin = rbm.visibleType === 'spin';
    const relu = rbm.hiddenType === 'relu';
    const w: number[] = [];
    const v = new Float64Array(nv);
    const h = new Float64Array(nh);
    for (let s = 0; s < 2 ** nv; s++) {
      for (let i = 0; i < nv; i++) v[i] = unitValue((s >> i) & 1, spin);
      // log Σ over h of e^{−E(v,h)}: E is additive in the h_j, so one integral per unit
      h.fill(0);
      const e0 = energy(rbm, v, h);
      let lw = -e0;
      for (let j = 0; j < nh; j++) {
        h[j] = 1;
        const x = e0 - energy(rbm, v, h) + 0.5;
        h[j] = 0;
        const lo = relu ? Math.max(0, x - 14) : x - 14;
        const hi = relu ? Math.max(0, x) + 14 : x + 14;
        const peak = relu ? Math.max(0, x) : x;
        const g = (t: number) => {
          h[j] = t;
          const e = energy(rbm, v, h);
          h[j] = 0;
          // scaled by the value at the peak so that the integrand is O(1)
          return Math.exp(-(e - e0) - (x * peak - 0.5 * peak * peak));
        };
        lw += Math.log(integrate(g, lo, hi, { relTol: 1e-13, absTol: 0 })) + (x * peak - 0.5 * peak * peak);
      }
      w.push(lw);
      // the closed-form free energy agrees state by state
      expect(Math.abs(-freeEnergy(rbm, v) - lw)).toBeLessThan(1e-9);
    }
    const r = logPartitionExact(rbm);
    expect(r.over).toBe('visible');
    expect(Math.abs(r.logZ - logSumExp(w))).toBeLessThan(1e-8);
  });
});
