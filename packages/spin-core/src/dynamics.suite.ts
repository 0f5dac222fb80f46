/**
 * The dynamics test suite, run on every available backend, plus CPU ↔ WebGPU
 * agreement checks when the backend is WebGPU.
 */
import { fc, test as propTest } from '@fast-check/vitest';
import type { Backend } from '@replica/webgpu-kernels';
import { createBackend } from '@replica/webgpu-kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsingModel } from './couplings';
import { denseCouplings, isingModel, lowRankCouplings, patternCouplings } from './couplings';
import type { DynamicsKind } from './dynamics';
import { energy, localFields } from './energy';
import { curieWeissExact, transitionMatrix } from './exact';
import { curieWeiss, periodicLattice, sherringtonKirkpatrick } from './models';
import { createSimulation } from './simulation';
import { randomSpins } from './spins';

/** Options of the suite: fast-check runs and the size of the long equilibrium runs. */
export interface DynamicsSuiteOptions {
  readonly runs: number;
  /** Curie–Weiss N and replicas of the equilibrium test. */
  readonly cwN: number;
  readonly cwReplicas: number;
  /** Sweeps of the Curie–Weiss run after 50 of equilibration. */
  readonly cwSweeps: number;
  /** Replicas of the exact-transition test (counts per state ~ binomial). */
  readonly transitionReplicas: number;
}

/** A dyadic value k/8: exact in f32, so GPU fields are exact too. */
const dyadic = (max: number) => fc.integer({ min: -max, max }).map((k) => k / 8);

/** Random small models in every storage form with dyadic (f32-exact) couplings. */
const smallModel = fc.oneof(
  fc.record({ n: fc.integer({ min: 2, max: 20 }), seed: fc.nat() }).chain(({ n, seed }) =>
    fc
      .tuple(
        fc.array(dyadic(16), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
        fc.array(
          fc.integer({ min: 0, max: 8 }).map((k) => k / 8),
          { minLength: n, maxLength: n },
        ),
        fc.array(dyadic(8), { minLength: n, maxLength: n }),
      )
      .map(([upper, diag, h]) => {
        const J = new Float32Array(n * n);
        let t = 0;
        for (let i = 0; i < n; i++) {
          J[i * n + i] = diag[i]!;
          for (let j = i + 1; j < n; j++) {
            J[i * n + j] = upper[t]!;
            J[j * n + i] = upper[t++]!;
          }
        }
        return { model: isingModel(denseCouplings(J, { n }), h), seed };
      }),
  ),
  fc
    .record({ n: fc.integer({ min: 3, max: 40 }), k: fc.integer({ min: 1, max: 5 }), seed: fc.nat() })
    .map(({ n, k, seed }) => ({
      model: isingModel(patternCouplings(randomSpins(n, k, seed, 9), k, n)),
      seed,
    })),
  fc.record({ L: fc.integer({ min: 3, max: 6 }), seed: fc.nat() }).map(({ L, seed }) => ({
    model: isingModel(periodicLattice([L, L], { bonds: 'plus-minus', J: 0.5, seed })),
    seed,
  })),
  fc
    .record({ n: fc.integer({ min: 3, max: 30 }), k: fc.integer({ min: 1, max: 4 }), seed: fc.nat() })
    .chain(({ n, k, seed }) =>
      fc.array(dyadic(12), { minLength: (k * (k + 1)) / 2, maxLength: (k * (k + 1)) / 2 }).map((upper) => {
        const A = new Float64Array(k * k);
        let t = 0;
        for (let a = 0; a < k; a++)
          for (let b = a; b < k; b++) {
            A[a * k + b] = upper[t]!;
            A[b * k + a] = upper[t++]!;
          }
        return { model: isingModel(lowRankCouplings(randomSpins(n, k, seed, 12), k, n, A)), seed };
      }),
    ),
);

function fieldScale(model: IsingModel, i: number): number {
  const phiAbs = localFields({ ...model, field: null }, new Int8Array(model.n).fill(1));
  return Math.abs(phiAbs[i]!) + 1;
}

/** Registers the suite for one backend. */
export function describeDynamicsSuite(
  name: string,
  create: () => Promise<Backend>,
  options: DynamicsSuiteOptions,
): void {
  describe(`dynamics on ${name}`, () => {
    let be: Backend;
    beforeAll(async () => {
      be = await create();
    });
    afterAll(() => be?.dispose());
    const prop = { numRuns: options.runs };

    propTest.prop({ m: smallModel, order: fc.constantFrom('sequential' as const, 'random' as const) }, prop)(
      'Lyapunov: H never increases under sequential T = 0 dynamics (symmetric J, J_ii ≥ 0)',
      async ({ m, order }) => {
        const sim = await createSimulation(be, m.model, { seed: m.seed });
        let last = energy(m.model, await sim.spins());
        for (let t = 0; t < 5; t++) {
          await sim.run({
            dynamics: 'zero-temperature',
            order,
            beta: 0,
            sweeps: 1,
            record: { energy: false, magnetization: false },
          });
          const e = energy(m.model, await sim.spins());
          expect(e).toBeLessThanOrEqual(last + 1e-9);
          last = e;
        }
        sim.dispose();
      },
    );

    propTest.prop(
      {
        m: smallModel,
        dynamics: fc.constantFrom<DynamicsKind>('glauber', 'metropolis', 'parallel-glauber'),
        beta: fc.double({ min: 0.1, max: 2, noNaN: true }),
      },
      prop,
    )('incremental fields equal fields recomputed from the spins after any run', async ({ m, dynamics, beta }) => {
      const sim = await createSimulation(be, m.model, { replicas: 2, seed: m.seed });
      await sim.run({ dynamics, order: 'random', beta, sweeps: 7 });
      const spins = await sim.spins();
      const got = await sim.fields();
      // CPU: f64 incremental sums. GPU: f32 fields refreshed every 8 sweeps: ≤ 2^-14 of the field scale.
      const rel = be.kind === 'cpu' ? 1e-12 : 2 ** -14;
      for (let r = 0; r < 2; r++) {
        const want = localFields(m.model, spins, r);
        for (let i = 0; i < m.model.n; i++)
          expect(Math.abs(got[r * m.model.n + i]! - want[i]!)).toBeLessThanOrEqual(rel * fieldScale(m.model, i));
      }
      sim.dispose();
    });

    propTest.prop(
      {
        m: smallModel,
        dynamics: fc.constantFrom<DynamicsKind>('metropolis', 'zero-temperature', 'parallel-zero-temperature'),
      },
      prop,
    )('at h = 0, Metropolis and T = 0 dynamics commute with the global flip σ → −σ', async ({ m, dynamics }) => {
      const model = { ...m.model, field: null };
      const s0 = randomSpins(model.n, 1, m.seed, 4);
      const a = await createSimulation(be, model, { seed: m.seed, initial: s0 });
      const b = await createSimulation(be, model, { seed: m.seed, initial: s0.map((v) => -v) });
      await a.run({ dynamics, beta: 0.8, sweeps: 4 });
      await b.run({ dynamics, beta: 0.8, sweeps: 4 });
      expect(Array.from(await b.spins())).toEqual(Array.from(await a.spins(), (v) => -v));
      a.dispose();
      b.dispose();
    });

    it('a replica does not depend on how many run beside it, and a continued run equals one long run', async () => {
      const model = isingModel(sherringtonKirkpatrick(24, { seed: 1 }));
      const three = await createSimulation(be, model, { replicas: 3, seed: 8 });
      const one = await createSimulation(be, model, { replicas: 1, seed: 8 });
      await three.run({ beta: 0.9, sweeps: 6 });
      await one.run({ beta: 0.9, sweeps: 6 });
      expect(Array.from((await three.spins()).subarray(0, 24))).toEqual(Array.from(await one.spins()));
      const cont = await createSimulation(be, model, { seed: 8, initial: await one.spins(), firstSweep: 6 });
      await one.run({ beta: 0.9, sweeps: 4 });
      await cont.run({ beta: 0.9, sweeps: 4 });
      expect(Array.from(await cont.spins())).toEqual(Array.from(await one.spins()));
      for (const s of [three, one, cont]) s.dispose();
    });

    it('one Glauber sweep moves states with the exact sweep transition probabilities (4.5σ per state)', async () => {
      const model = isingModel(
        denseCouplings([
          [0, 0.5, -0.25, 0.75],
          [0.5, 0, 1, -0.5],
          [-0.25, 1, 0, 0.25],
          [0.75, -0.5, 0.25, 0],
        ]),
        [0.25, -0.5, 0, 0.125],
      );
      const beta = 0.7;
      const R = options.transitionReplicas;
      const s0 = 5; // σ = (−1, +1, −1, +1)
      const start = new Int8Array(4 * R);
      for (let r = 0; r < R; r++) for (let i = 0; i < 4; i++) start[r * 4 + i] = (s0 >> i) & 1 ? -1 : 1;
      for (const [dynamics, order, exact] of [
        ['glauber', 'sequential', 'glauber-sweep'],
        ['metropolis', 'sequential', 'metropolis-sweep'],
      ] as const) {
        const sim = await createSimulation(be, model, { replicas: R, seed: 3, initial: start });
        await sim.run({ dynamics, order, beta, sweeps: 1 });
        const end = await sim.spins();
        const counts = new Float64Array(16);
        for (let r = 0; r < R; r++) {
          let s = 0;
          for (let i = 0; i < 4; i++) if (end[r * 4 + i] === -1) s |= 1 << i;
          counts[s] = counts[s]! + 1;
        }
        const W = transitionMatrix(model, beta, exact);
        for (let s = 0; s < 16; s++) {
          const p = W[s0 * 16 + s]!;
          expect(Math.abs(counts[s]! - R * p), `${exact}: state ${s}`).toBeLessThanOrEqual(
            4.5 * Math.sqrt(R * p * (1 - p)) + 1e-9,
          );
        }
        sim.dispose();
      }
    });

    it('a zero-temperature sweep lands where the exact (deterministic) sweep matrix says', async () => {
      const model = isingModel(
        denseCouplings([
          [0, 1, -2, 0.5],
          [1, 0.5, 1, -1],
          [-2, 1, 0, 0.25],
          [0.5, -1, 0.25, 0],
        ]),
        [0.5, 0, -0.25, 0],
      );
      const W = transitionMatrix(model, 0, 'zero-temperature-sweep');
      const start = new Int8Array(16 * 4);
      for (let s = 0; s < 16; s++) for (let i = 0; i < 4; i++) start[s * 4 + i] = (s >> i) & 1 ? -1 : 1;
      const sim = await createSimulation(be, model, { replicas: 16, seed: 1, initial: start });
      await sim.run({ dynamics: 'zero-temperature', beta: 0, sweeps: 1 });
      const end = await sim.spins();
      for (let s = 0; s < 16; s++) {
        let t = 0;
        for (let i = 0; i < 4; i++) if (end[s * 4 + i] === -1) t |= 1 << i;
        expect(W[s * 16 + t]).toBe(1);
      }
      sim.dispose();
    });

    it(`long Curie–Weiss runs reproduce the exact finite-N ⟨|m|⟩ (N = ${options.cwN}, 4σ over replicas)`, async () => {
      const n = options.cwN;
      const R = options.cwReplicas;
      for (const beta of [0.5, 1.5]) {
        const sim = await createSimulation(be, isingModel(curieWeiss(n)), { replicas: R, seed: 11 });
        await sim.run({ beta, sweeps: 50, record: { energy: false, magnetization: false } });
        const traj = await sim.run({ beta, sweeps: options.cwSweeps, record: { magnetization: true, energy: true } });
        const T = traj.sweeps.length;
        const perReplica = Array.from({ length: R }, (_, r) => {
          let s = 0;
          for (let t = 0; t < T; t++) s += Math.abs(traj.magnetization![t * R + r]!);
          return s / T;
        });
        const mean = perReplica.reduce((a, b) => a + b, 0) / R;
        const sd = Math.sqrt(perReplica.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1));
        const exact = curieWeissExact(n, beta).mAbs;
        // replicas are independent; each time average has its own noise, estimated by the spread (floor: 1/√N per replica)
        expect(Math.abs(mean - exact), `β = ${beta}`).toBeLessThanOrEqual(
          (4 * Math.max(sd, 1 / Math.sqrt(n))) / Math.sqrt(R),
        );
        sim.dispose();
      }
    });
  });
}

/** Registers CPU ↔ WebGPU agreement tests (call only when a WebGPU backend is available). */
export function describeCrossBackend(create: () => Promise<Backend>, runs: number): void {
  describe('CPU and WebGPU agree', () => {
    let gpu: Backend;
    let cpu: Backend;
    beforeAll(async () => {
      gpu = await create();
      cpu = await createBackend({ kind: 'cpu' });
    });
    afterAll(() => gpu?.dispose());

    propTest.prop(
      {
        n: fc.integer({ min: 3, max: 70 }),
        k: fc.integer({ min: 1, max: 5 }),
        replicas: fc.integer({ min: 1, max: 3 }),
        seed: fc.nat(),
        dynamics: fc.constantFrom<DynamicsKind>('zero-temperature', 'parallel-zero-temperature'),
        order: fc.constantFrom('sequential' as const, 'random' as const),
      },
      { numRuns: runs },
    )(
      'pattern form at T = 0: bit-identical trajectories and identical integer observables',
      async ({ n, k, replicas, seed, dynamics, order }) => {
        const model = isingModel(patternCouplings(randomSpins(n, k, seed, 5), k, n));
        const xi = randomSpins(n, k, seed, 5);
        const [a, b] = await Promise.all([cpu, gpu].map((be) => createSimulation(be, model, { replicas, seed })));
        const record = { overlaps: { patterns: xi, k }, every: 1, replicaOverlaps: true, autocorrelation: true };
        const ta = await a!.run({ dynamics, order, beta: 0, sweeps: 4, record });
        const tb = await b!.run({ dynamics, order, beta: 0, sweeps: 4, record });
        expect(Array.from(await b!.spins())).toEqual(Array.from(await a!.spins()));
        // sums of ±1 products are reduced as integers on the device and divided by N in f64: the same numbers
        expect(Array.from(tb.magnetization!)).toEqual(Array.from(ta.magnetization!));
        expect(Array.from(tb.overlaps!)).toEqual(Array.from(ta.overlaps!));
        expect(Array.from(tb.replicaOverlaps!)).toEqual(Array.from(ta.replicaOverlaps!));
        expect(Array.from(tb.autocorrelation!)).toEqual(Array.from(ta.autocorrelation!));
        // the energy is reduced in f32 on the device
        for (let t = 0; t < ta.energy!.length; t++) expect(tb.energy![t]).toBeCloseTo(ta.energy![t]!, 4);
        a!.dispose();
        b!.dispose();
      },
    );

    it('T > 0: statistically equivalent energies and overlaps (SK, N = 48, 64 replicas, 4σ)', async () => {
      const model = isingModel(sherringtonKirkpatrick(48, { seed: 21 }));
      const R = 64;
      const stats = async (be: Backend) => {
        const sim = await createSimulation(be, model, { replicas: R, seed: 4 });
        await sim.run({ beta: 0.6, sweeps: 20, record: { energy: false, magnetization: false } });
        const tr = await sim.run({ beta: 0.6, sweeps: 40, record: { energy: true, replicaOverlaps: true, every: 4 } });
        sim.dispose();
        const T = tr.sweeps.length;
        const per = Array.from({ length: R }, (_, r) => {
          let s = 0;
          for (let t = 0; t < T; t++) s += tr.energy![t * R + r]!;
          return s / T;
        });
        const mean = per.reduce((x, y) => x + y, 0) / R;
        const sd = Math.sqrt(per.reduce((x, y) => x + (y - mean) ** 2, 0) / (R - 1));
        const q2 = tr.replicaOverlaps!.reduce((x, y) => x + y * y, 0) / tr.replicaOverlaps!.length;
        return { mean, se: sd / Math.sqrt(R), q2 };
      };
      const [c, g] = [await stats(cpu), await stats(gpu)];
      expect(Math.abs(c.mean - g.mean)).toBeLessThanOrEqual(4 * Math.hypot(c.se, g.se));
      // ⟨q²⟩ ≈ 1/(N(1 − β²)) in the paramagnet for both
      expect(Math.abs(c.q2 - g.q2)).toBeLessThan(0.5 * c.q2);
    });
  });
}
