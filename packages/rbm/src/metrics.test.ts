import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { pseudoLikelihood, reconstructionError } from './metrics';
import type { HiddenType, Rbm, VisibleType } from './model';
import { createRbm, freeEnergy } from './model';

const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function rbmOf(vt: VisibleType, ht: HiddenType, W: number[], a: number[], c: number[]): Rbm {
  return {
    visible: a.length,
    hidden: c.length,
    visibleType: vt,
    hiddenType: ht,
    W: Float32Array.from(W),
    visibleBias: Float32Array.from(a),
    hiddenBias: Float32Array.from(c),
  };
}

const problem = fc
  .record({
    nv: fc.integer({ min: 1, max: 8 }),
    nh: fc.integer({ min: 1, max: 5 }),
    rows: fc.integer({ min: 1, max: 4 }),
    vt: fc.constantFrom<VisibleType>('bernoulli', 'spin'),
    ht: fc.constantFrom<HiddenType>('bernoulli', 'gaussian', 'relu'),
    scale: fc.constantFrom(0.05, 0.5, 2),
    seed: fc.nat(100_000),
  })
  .map((p) => {
    const rbm = createRbm({
      visible: p.nv,
      hidden: p.nh,
      visibleType: p.vt,
      hiddenType: p.ht,
      weightScale: p.scale,
      seed: p.seed,
    });
    for (let i = 0; i < p.nv; i++) rbm.visibleBias[i] = Math.sin(p.seed + i);
    for (let j = 0; j < p.nh; j++) rbm.hiddenBias[j] = 0.5 * Math.cos(p.seed + 3 * j);
    const data = new Float64Array(p.rows * p.nv);
    for (let t = 0; t < data.length; t++) data[t] = Math.sin(p.seed * 7 + 3.3 * t) > 0 ? 1 : p.vt === 'spin' ? -1 : 0;
    return { rbm, data, rows: p.rows };
  });

describe('pseudoLikelihood', () => {
  // Absolute 1e-10: the brute force subtracts two free energies of size O(10) computed separately
  // (errors ~1e-14 each); the incremental version sums the same differences in another order.
  propTest.prop({ p: problem }, { numRuns: stress || 80 })(
    'equals (1/R) Σ_r Σ_i log σ(F(v^{(i)}) − F(v)) computed with freeEnergy on flipped rows',
    ({ p }) => {
      const { rbm, data, rows } = p;
      const nv = rbm.visible;
      let expected = 0;
      for (let r = 0; r < rows; r++) {
        const v = Array.from(data.subarray(r * nv, (r + 1) * nv));
        const f = freeEnergy(rbm, v);
        for (let i = 0; i < nv; i++) {
          const flipped = v.slice();
          flipped[i] = rbm.visibleType === 'spin' ? -v[i]! : 1 - v[i]!;
          expected += Math.log(sigmoid(freeEnergy(rbm, flipped) - f)) / rows;
        }
      }
      const pl = pseudoLikelihood(rbm, data);
      expect(pl).toBeLessThanOrEqual(0);
      expect(Math.abs(pl - expected)).toBeLessThan(1e-10);
    },
  );

  it('is Σ_i log p(v_i) of independent units when W = 0', () => {
    const rbm = rbmOf('bernoulli', 'bernoulli', [0, 0, 0, 0, 0, 0], [0.5, -2, 1], [0.3, -0.7]);
    // log p(v_i = 1) = a_i − softplus(a_i) = log σ(a_i); log p(0) = log σ(−a_i)
    const expected = Math.log(sigmoid(0.5)) + Math.log(sigmoid(2)) + Math.log(sigmoid(1));
    expect(pseudoLikelihood(rbm, [1, 0, 1])).toBeCloseTo(expected, 14);
  });

  it('stays finite (no log 0) when a conditional is extreme', () => {
    const rbm = rbmOf('spin', 'bernoulli', [40, -40], [30, -30], [0]);
    const pl = pseudoLikelihood(rbm, [-1, -1]);
    expect(Number.isFinite(pl)).toBe(true);
    expect(pl).toBeLessThan(-50);
    expect(() => pseudoLikelihood(rbm, [1, 0])).toThrow(/^data: expected ±1 values/);
  });
});

describe('reconstructionError', () => {
  it('is (1/(R n_v)) Σ (v_i − v̄_i)² with h̄ = E[h | v], v̄ = E[v | h̄] — a hand-computed 2 × 2 case', () => {
    const W = [1, -0.5, 0.25, 2];
    const a = [0.5, -1];
    const c = [-0.5, 0.25];
    // Bernoulli/Bernoulli, rows v = (1, 0) and (0, 1):
    //   v = (1, 0): x = c + W_0· = (0.5, −0.25); v = (0, 1): x = c + W_1· = (−0.25, 2.25)
    const recon = (h0: number, h1: number) => [sigmoid(0.5 + h0 - 0.5 * h1), sigmoid(-1 + 0.25 * h0 + 2 * h1)];
    const [p0, p1] = recon(sigmoid(0.5), sigmoid(-0.25));
    const [q0, q1] = recon(sigmoid(-0.25), sigmoid(2.25));
    const expected = ((1 - p0!) ** 2 + p1! ** 2 + q0! ** 2 + (1 - q1!) ** 2) / 4;
    expect(reconstructionError(rbmOf('bernoulli', 'bernoulli', W, a, c), [1, 0, 0, 1])).toBeCloseTo(expected, 15);
    // spin/Gaussian, v = (1, −1): h̄ = x = c + W_0· − W_1· = (0.25, −2.25); v̄ = tanh(a + W h̄)
    const h0 = 0.25;
    const h1 = -2.25;
    const v0 = Math.tanh(0.5 + h0 - 0.5 * h1);
    const v1 = Math.tanh(-1 + 0.25 * h0 + 2 * h1);
    expect(reconstructionError(rbmOf('spin', 'gaussian', W, a, c), [1, -1])).toBeCloseTo(
      ((1 - v0) ** 2 + (-1 - v1) ** 2) / 2,
      15,
    );
  });

  it('is near 0 for a machine that copies its input, and names bad data', () => {
    // two hidden units, each a strong copy of one visible unit
    const rbm = rbmOf('bernoulli', 'bernoulli', [20, 0, 0, 20], [-10, -10], [-10, -10]);
    expect(reconstructionError(rbm, [1, 0, 0, 1, 1, 1, 0, 0])).toBeLessThan(1e-8);
    expect(() => reconstructionError(rbm, [1, 0, 0])).toThrow(/^data: expected a non-empty whole number of rows of 2/);
  });
});
