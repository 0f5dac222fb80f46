import { createBackend } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import { averageLogLikelihood } from './exact';
import { sampleRbm } from './gibbs';
import type { Rbm } from './model';
import { createRbm, energy, freeEnergies } from './model';
import { hopfieldInitialization, trainRbm, visibleBiasFromData } from './train';
import { sgdMomentumCpu, tapStepCpu } from './update-kernels';

/** A teacher RBM with strong couplings and exact samples of it (by enumeration) as training data. */
function teacherData(rows: number, seed: number): { teacher: Rbm; data: Float32Array } {
  const teacher = createRbm({ visible: 10, hidden: 3, weightScale: 1.5, seed });
  for (let i = 0; i < 10; i++) teacher.visibleBias[i] = -0.5;
  const nv = 10;
  const p = new Float64Array(1 << nv);
  const h = [0, 0, 0];
  for (let s = 0; s < 1 << nv; s++) {
    const v = Array.from({ length: nv }, (_, i) => (s >> i) & 1);
    let z = 0;
    for (let t = 0; t < 8; t++) {
      for (let j = 0; j < 3; j++) h[j] = (t >> j) & 1;
      z += Math.exp(-energy(teacher, v, h));
    }
    p[s] = z;
  }
  const total = p.reduce((a, b) => a + b, 0);
  // inverse-CDF draws with a fixed low-discrepancy sequence: deterministic, representative data
  const data = new Float32Array(rows * nv);
  let cum = 0;
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const u = ((r + 0.5) / rows) * total;
    while (cum + p[s]! < u) cum += p[s++]!;
    for (let i = 0; i < nv; i++) data[r * nv + i] = (s >> i) & 1;
  }
  // interleave so minibatches are not sorted by state
  const order = Array.from({ length: rows }, (_, r) => (r * 7919) % rows);
  const shuffled = new Float32Array(rows * nv);
  for (const [r, src] of order.entries()) shuffled.set(data.subarray(src * nv, (src + 1) * nv), r * nv);
  return { teacher, data: shuffled };
}

for (const b of await testBackends()) {
  describe(`trainRbm on ${b.name}`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    const cpu = b.name === 'cpu';
    if (cpu)
      for (const method of ['cd', 'pcd', 'tap'] as const) {
        it(`${method}: raises the exact log-likelihood of teacher data far above the initial machine's`, async () => {
          const be = await b.create();
          const { teacher, data } = teacherData(1000, 3);
          const res = await trainRbm(be, data, {
            method,
            visible: 10,
            hidden: 6,
            epochs: 30,
            batchSize: 50,
            learningRate: 0.1,
            seed: 5,
          });
          const initial = createRbm({
            visible: 10,
            hidden: 6,
            weightScale: 0,
            visibleBias: visibleBiasFromData(data, 10, 'bernoulli'),
          });
          const before = averageLogLikelihood(initial, data);
          const after = averageLogLikelihood(res.rbm, data);
          const best = averageLogLikelihood(teacher, data);
          // the independent-unit model is the starting point; training must close much of the gap
          // to the teacher (which generated the data): at least 60% of it.
          expect(after).toBeGreaterThan(before + 0.6 * (best - before));
          expect(after).toBeLessThan(best + 0.05); // cannot beat the truth by more than the overfitting 1000 rows allow
          expect(res.updates).toBe(30 * 20);
        });
      }
    else
      for (const method of ['cd', 'tap'] as const) {
        // SwiftShader runs ~100× slower than the CPU path, so here a short run is compared with the
        // CPU's: the same seed draws the same Philox words, so the runs differ only where f32
        // rounding of a field flips a sample (CD), or by rounding alone (TAP is deterministic).
        it(`${method}: follows the CPU run of the same seed`, async () => {
          const be = await b.create();
          const cpuBe = await createBackend({ kind: 'cpu' });
          try {
            const { data } = teacherData(1000, 3);
            const o = { method, visible: 10, hidden: 6, epochs: 4, batchSize: 50, learningRate: 0.1, seed: 5 };
            const [g, c] = [await trainRbm(be, data, o), await trainRbm(cpuBe, data, o)];
            if (method === 'tap') {
              let diff = 0;
              for (let t = 0; t < c.rbm.W.length; t++) diff = Math.max(diff, Math.abs(g.rbm.W[t]! - c.rbm.W[t]!));
              expect(diff).toBeLessThan(1e-3); // 80 updates of O(0.1) steps, each within f32 rounding (~1e-6)
            }
            // a flipped sample changes one gradient term by O(lr/batch) = 0.002; the likelihoods stay close
            expect(Math.abs(averageLogLikelihood(g.rbm, data) - averageLogLikelihood(c.rbm, data))).toBeLessThan(0.05);
          } finally {
            be.dispose();
          }
        });
      }

    it('is reproducible: the same seed gives the same machine', async () => {
      const be = await b.create();
      try {
        const { data } = teacherData(200, 4);
        const run = () =>
          trainRbm(be, data, { method: 'pcd', visible: 10, hidden: 4, epochs: 2, batchSize: 30, seed: 9, k: 2 });
        const [r1, r2] = [await run(), await run()];
        expect(r1.rbm.W).toEqual(r2.rbm.W);
        expect(r1.rbm.hiddenBias).toEqual(r2.rbm.hiddenBias);
        const r3 = await trainRbm(be, data, {
          method: 'pcd',
          visible: 10,
          hidden: 4,
          epochs: 2,
          batchSize: 30,
          seed: 10,
          k: 2,
        });
        expect(r3.rbm.W).not.toEqual(r1.rbm.W);
      } finally {
        be.dispose();
      }
    });
  });
}

describe('trainRbm (CPU): options and errors', () => {
  it('calls onEpoch with copies, applies the schedules, and names bad options', async () => {
    const be = await createBackend({ kind: 'cpu' });
    const { data } = teacherData(100, 1);
    const seen: number[][] = [];
    await trainRbm(be, data, {
      visible: 10,
      hidden: 2,
      epochs: 3,
      seed: 1,
      learningRate: (e) => 0.1 / e,
      momentum: 0,
      onEpoch: ({ epoch, learningRate, momentum, rbm }) => {
        seen.push([epoch, learningRate, momentum]);
        rbm.W.fill(Number.NaN); // a copy: must not disturb training
      },
    });
    expect(seen).toEqual([
      [1, 0.1, 0],
      [2, 0.05, 0],
      [3, 0.1 / 3, 0],
    ]);
    await expect(trainRbm(be, data, { visible: 10, hidden: 2, epochs: 0, seed: 1 })).rejects.toThrow(/epochs/);
    await expect(trainRbm(be, data, { visible: 7, hidden: 2, epochs: 1, seed: 1 })).rejects.toThrow(/data/);
    await expect(
      trainRbm(
        be,
        data.map((x) => 2 * x - 1),
        { visible: 10, hidden: 2, epochs: 1, seed: 1 },
      ),
    ).rejects.toThrow(/0\/1 values/);
    await expect(
      trainRbm(
        be,
        data.map((x) => 2 * x - 1),
        { visible: 10, hidden: 2, epochs: 1, seed: 1, method: 'tap', visibleType: 'spin' },
      ),
    ).rejects.toThrow(/tap.*Bernoulli/);
  });

  it('hopfieldInitialization stores ±1 patterns as W = s·ξᵀ and rejects non-±1 patterns', () => {
    const xi = new Int8Array([1, -1, 1, -1, -1, -1]);
    const rbm = hopfieldInitialization(xi, { count: 2 });
    expect(rbm.visible).toBe(3);
    expect(rbm.hidden).toBe(2);
    const s = 1 / Math.sqrt(3);
    expect(Array.from(rbm.W)).toEqual([s, -s, -s, -s, s, -s].map(Math.fround));
    expect(() => hopfieldInitialization(new Int8Array([1, 0, 1, 1]), { count: 2 })).toThrow(/±1/);
    expect(() => hopfieldInitialization(xi, { count: 4 })).toThrow(/count/);
  });

  it('visibleBiasFromData inverts the logistic of the smoothed marginals', () => {
    const data = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0]); // 4 rows × 2 units: unit 0 on in 2 of 4, unit 1 never
    const a = visibleBiasFromData(data, 2, 'bernoulli');
    expect(a[0]).toBeCloseTo(Math.log(3 / 6 / (1 - 3 / 6)), 6);
    expect(a[1]).toBeCloseTo(Math.log(1 / 6 / (5 / 6)), 6);
    const spins = visibleBiasFromData(new Float32Array([1, -1, -1, -1]), 2, 'spin');
    expect(spins[0]).toBeCloseTo(Math.atanh(2 * (2 / 4) - 1), 6); // p̂ = (1+1)/(2+2)
  });

  it('sgdMomentum is v ← μv + η(g − λθ), θ ← θ + v', () => {
    const theta = new Float32Array([1, -2]);
    const vel = new Float32Array([0.5, 0]);
    sgdMomentumCpu(theta, new Float32Array([0.2, 1]), vel, 0.1, 0.9, 0.01);
    expect(vel[0]).toBeCloseTo(0.9 * 0.5 + 0.1 * (0.2 - 0.01), 6);
    expect(theta[1]).toBeCloseTo(-2 + 0.1 * (1 + 0.02), 6);
  });
});

describe('TAP magnetizations', () => {
  it('beat naive mean field against exact ⟨v⟩ at weak coupling, with an error that shrinks as W³', () => {
    // Exact ⟨v_i⟩ by enumeration vs the fixed point of the damped TAP iteration (tapStepCpu) and of
    // naive mean field (the same iteration without the Onsager term). Expansion in W: naive mean
    // field errs at O(W²), second-order TAP at O(W³).
    const nv = 6;
    const nh = 4;
    const errors = (scale: number) => {
      const rbm = createRbm({ visible: nv, hidden: nh, weightScale: scale, seed: 12 });
      for (let i = 0; i < nv; i++) rbm.visibleBias[i] = 0.3 - 0.1 * i;
      for (let j = 0; j < nh; j++) rbm.hiddenBias[j] = -0.2 + 0.15 * j;
      const exact = new Float64Array(nv);
      let Z = 0;
      const v = new Array<number>(nv);
      const h = new Array<number>(nh);
      for (let s = 0; s < 1 << nv; s++)
        for (let t = 0; t < 1 << nh; t++) {
          for (let i = 0; i < nv; i++) v[i] = (s >> i) & 1;
          for (let j = 0; j < nh; j++) h[j] = (t >> j) & 1;
          const w = Math.exp(-energy(rbm, v, h));
          Z += w;
          for (let i = 0; i < nv; i++) exact[i]! += w * v[i]!;
        }
      for (let i = 0; i < nv; i++) exact[i]! /= Z;
      const fixed = (onsager: boolean) => {
        const mv = new Float32Array(nv).fill(0.5);
        const mh = new Float32Array(nh).fill(0.5);
        const sv = new Float32Array(nv);
        const sh = new Float32Array(nh);
        const aH = new Float32Array(nh);
        const bH = new Float32Array(nh);
        const aV = new Float32Array(nv);
        const bV = new Float32Array(nv);
        tapStepCpu(aV, bV, rbm.visibleBias, mv, sv, nv, 0.5, false);
        for (let it = 0; it < 400; it++) {
          for (let j = 0; j < nh; j++) {
            aH[j] = 0;
            bH[j] = 0;
            for (let i = 0; i < nv; i++) {
              const w = rbm.W[i * nh + j]!;
              aH[j]! += mv[i]! * w;
              if (onsager) bH[j]! += sv[i]! * w * w;
            }
          }
          tapStepCpu(aH, bH, rbm.hiddenBias, mh, sh, nh, 0.5, true);
          for (let i = 0; i < nv; i++) {
            aV[i] = 0;
            bV[i] = 0;
            for (let j = 0; j < nh; j++) {
              const w = rbm.W[i * nh + j]!;
              aV[i]! += mh[j]! * w;
              if (onsager) bV[i]! += sh[j]! * w * w;
            }
          }
          tapStepCpu(aV, bV, rbm.visibleBias, mv, sv, nv, 0.5, true);
        }
        let err = 0;
        for (let i = 0; i < nv; i++) err = Math.max(err, Math.abs(mv[i]! - exact[i]!));
        return err;
      };
      return { tap: fixed(true), naive: fixed(false) };
    };
    const e1 = errors(0.2);
    const e2 = errors(0.1);
    expect(e1.tap).toBeLessThan(e1.naive / 3);
    expect(e2.tap).toBeLessThan(e2.naive / 3);
    // halving W: naive error falls ~4× (W²), TAP's ~8× (W³); allow slack for the next order and f32 state
    expect(e1.naive / e2.naive).toBeGreaterThan(3);
    expect(e1.tap / e2.tap).toBeGreaterThan(5.5);
  });
});

describe('sampleRbm after training', () => {
  it("draws visible states with the trained machine's exact unit means (4σ)", async () => {
    const be = await createBackend({ kind: 'cpu' });
    const { data } = teacherData(500, 3);
    const { rbm } = await trainRbm(be, data, {
      visible: 10,
      hidden: 6,
      epochs: 20,
      batchSize: 50,
      learningRate: 0.1,
      seed: 2,
      method: 'pcd',
    });
    // exact ⟨v_i⟩ of the trained machine: p(v) ∝ e^{−F(v)} over the 2^10 visible states
    const nv = 10;
    const mean = new Float64Array(nv);
    let Z = 0;
    const v = new Float32Array(nv);
    const f = new Float64Array(1);
    for (let s = 0; s < 1 << nv; s++) {
      for (let i = 0; i < nv; i++) v[i] = (s >> i) & 1;
      freeEnergies(rbm, v, f);
      const w = Math.exp(-f[0]!);
      Z += w;
      for (let i = 0; i < nv; i++) mean[i]! += w * v[i]!;
    }
    const chains = 4000;
    const s = await sampleRbm(be, rbm, { chains, steps: 200, seed: 3 });
    for (let i = 0; i < nv; i++) {
      const p = mean[i]! / Z;
      let ms = 0;
      for (let r = 0; r < chains; r++) ms += s.visible[r * nv + i]!;
      expect(Math.abs(ms / chains - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / chains));
    }
  });
});
