/**
 * Bad arguments throw a RangeError or TypeError naming the argument (one wording for all), and
 * good ones give the brute-force answer: energy.ts and spins.ts.
 */
import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import type { IsingModel } from './couplings';
import { denseCouplings, isingModel, patternCouplings, sparseCouplings, toDenseMatrix } from './couplings';
import { energy, localFields, mattisOverlaps } from './energy';
import { checkSpins, magnetization, randomSpins, replicaOverlap } from './spins';

const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);
const runs = (n: number) => ({ numRuns: stress || n, seed: 0x5eed });

/** Asserts that `f` throws a RangeError or TypeError whose message starts with `name` (then `:` or `[`). */
function throwsNaming(f: () => unknown, name: string): void {
  let error: unknown = null;
  try {
    f();
  } catch (e) {
    error = e;
  }
  expect(error instanceof RangeError || error instanceof TypeError, `threw ${String(error)}`).toBe(true);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect((error as Error).message).toMatch(new RegExp(`^${escaped}[:[]`));
}

/** Not an index in [0, R): negative, too large, fractional, NaN, ±∞. */
const badIndex = (replicas: number) =>
  fc.oneof(
    fc.integer({ max: -1 }),
    fc.integer({ min: replicas, max: replicas + 1000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  );

/** A small model in one of the storage forms, with spins for R replicas. */
const modelAndSpins = fc
  .record({
    n: fc.integer({ min: 1, max: 12 }),
    k: fc.integer({ min: 1, max: 4 }),
    replicas: fc.integer({ min: 1, max: 3 }),
    form: fc.constantFrom('dense', 'sparse', 'pattern'),
    seed: fc.nat(1_000_000),
    withField: fc.boolean(),
  })
  .map(({ n, k, replicas, form, seed, withField }) => {
    const xi = randomSpins(n, k, seed, 3);
    const J = Float64Array.from({ length: n * n }, (_, t) => {
      const [i, j] = [Math.floor(t / n), t % n];
      return ((Math.sin(seed + 3 * Math.min(i, j) + 7 * Math.max(i, j)) * 64) | 0) / 16;
    });
    const couplings =
      form === 'pattern'
        ? patternCouplings(xi, k, n)
        : form === 'dense'
          ? denseCouplings(J, { n })
          : sparseCouplings(
              n,
              Array.from(
                { length: n * n },
                (_, t) => [Math.floor(t / n), t % n, J[t]!] as [number, number, number],
              ).filter(([i, j, v]) => i !== j && v !== 0),
            );
    const field = withField ? Float32Array.from({ length: n }, (_, i) => (i % 3) / 4 - 0.25) : null;
    return { model: isingModel(couplings, field), n, k, xi, replicas, spins: randomSpins(n, replicas, seed, 9) };
  });

/** A non-±1 entry at a random place of a random replica. */
const corrupted = modelAndSpins.chain((m) =>
  fc
    .record({
      replica: fc.integer({ min: 0, max: m.replicas - 1 }),
      site: fc.integer({ min: 0, max: m.n - 1 }),
      value: fc.integer({ min: -128, max: 127 }).filter((v) => v !== 1 && v !== -1),
    })
    .map(({ replica, site, value }) => {
      const spins = m.spins.slice();
      spins[replica * m.n + site] = value;
      return { ...m, spins, replica };
    }),
);

/** Spins whose length is not a positive multiple of N. */
const badLength = modelAndSpins.chain((m) =>
  fc
    .integer({ min: 0, max: 4 * m.n + 3 })
    .filter((len) => len === 0 || len % m.n !== 0)
    .map((len) => ({ ...m, spins: new Int8Array(len).fill(1) })),
);

/** Things that are not an Int8Array. */
const notInt8 = fc.constantFrom<unknown>(null, undefined, 3, 'spins', [1, -1], new Int16Array(4), new Float64Array(4));

/** Every spin-indexed function of energy.ts and spins.ts, as (model, spins, replica) → value. */
const calls: Record<
  string,
  (m: { model: IsingModel; n: number; k: number; xi: Int8Array }, s: unknown, r: number) => unknown
> = {
  energy: ({ model }, s, r) => energy(model, s as Int8Array, r),
  localFields: ({ model }, s, r) => localFields(model, s as Int8Array, r),
  mattisOverlaps: ({ n, k, xi }, s, r) => mattisOverlaps(xi, k, s as Int8Array, n, r),
  magnetization: ({ n }, s, r) => magnetization(s as Int8Array, n, r),
  'replicaOverlap (a)': ({ n }, s, r) => replicaOverlap(s as Int8Array, n, r, 0),
  'replicaOverlap (b)': ({ n }, s, r) => replicaOverlap(s as Int8Array, n, 0, r),
};

describe('spin arguments (properties)', () => {
  for (const [name, call] of Object.entries(calls)) {
    const replicaName = name === 'replicaOverlap (a)' ? 'a' : name === 'replicaOverlap (b)' ? 'b' : 'replica';
    propTest.prop({ m: badLength }, runs(60))(`${name}: spins of a length that is no multiple of N`, ({ m }) =>
      throwsNaming(() => call(m, m.spins, 0), 'spins'),
    );
    propTest.prop({ m: corrupted }, runs(60))(`${name}: a spin that is not ±1`, ({ m }) => {
      // the replica read is checked (replicaOverlap reads replica 0 and the other)
      throwsNaming(() => call(m, m.spins, m.replica), 'spins');
    });
    propTest.prop({ m: modelAndSpins, s: notInt8 }, runs(30))(`${name}: spins that are not an Int8Array`, ({ m, s }) =>
      throwsNaming(() => call(m, s, 0), 'spins'),
    );
    propTest.prop({ m: modelAndSpins.chain((m) => badIndex(m.replicas).map((r) => ({ m, r }))) }, runs(60))(
      `${name}: a replica index outside [0, R)`,
      ({ m: { m, r } }) => throwsNaming(() => call(m, m.spins, r), replicaName),
    );
  }

  propTest.prop({ m: modelAndSpins, n: fc.oneof(fc.integer({ max: 0 }), fc.constantFrom(Number.NaN, 1.5)) }, runs(40))(
    'magnetization, replicaOverlap, mattisOverlaps, checkSpins: N not an integer ≥ 1',
    ({ m, n }) => {
      throwsNaming(() => magnetization(m.spins, n), 'n');
      throwsNaming(() => replicaOverlap(m.spins, n, 0, 0), 'n');
      throwsNaming(() => mattisOverlaps(m.xi, m.k, m.spins, n), 'n');
      throwsNaming(() => checkSpins(m.spins, n), 'n');
    },
  );

  propTest.prop(
    {
      m: modelAndSpins,
      k: fc.oneof(fc.integer({ max: 0 }), fc.constantFrom(Number.NaN, 2.5)),
      bad: fc.integer({ min: -128, max: 127 }).filter((v) => v !== 1 && v !== -1),
    },
    runs(40),
  )('mattisOverlaps: K not an integer ≥ 1, patterns of the wrong length or not ±1', ({ m, k, bad }) => {
    throwsNaming(() => mattisOverlaps(m.xi, k, m.spins, m.n), 'k');
    throwsNaming(() => mattisOverlaps(m.xi.subarray(1), m.k, m.spins, m.n), 'patterns');
    throwsNaming(() => mattisOverlaps(Array.from(m.xi) as unknown as Int8Array, m.k, m.spins, m.n), 'patterns');
    const xi = m.xi.slice();
    xi[xi.length - 1] = bad;
    throwsNaming(() => mattisOverlaps(xi, m.k, m.spins, m.n), 'patterns');
  });

  propTest.prop({ m: modelAndSpins, len: fc.integer({ min: 0, max: 30 }) }, runs(40))(
    'localFields: an out of the wrong length or type; a model that is not one',
    ({ m, len }) => {
      fc.pre(len !== m.n);
      throwsNaming(() => localFields(m.model, m.spins, 0, new Float64Array(len)), 'out');
      throwsNaming(() => localFields(m.model, m.spins, 0, new Float32Array(m.n) as unknown as Float64Array), 'out');
      throwsNaming(() => energy(null as unknown as IsingModel, m.spins), 'model');
      throwsNaming(() => energy({ ...m.model, n: 0 }, m.spins), 'model.n');
      const odd = { ...m.model, couplings: { ...m.model.couplings, kind: 'banded' } } as unknown as IsingModel;
      throwsNaming(() => localFields(odd, m.spins), 'model.couplings.kind');
    },
  );

  propTest.prop({ m: modelAndSpins }, runs(100))(
    'good arguments: fields, energy and overlaps equal their brute-force sums',
    ({ m }) => {
      const { model, n, k, xi, replicas, spins } = m;
      const J = toDenseMatrix(model.couplings);
      const h = model.field;
      for (let r = 0; r < replicas; r++) {
        const s = (i: number) => spins[r * n + i]!;
        let e = 0;
        const phi = localFields(model, spins, r);
        for (let i = 0; i < n; i++) {
          let f = h ? h[i]! : 0;
          for (let j = 0; j < n; j++) if (j !== i) f += J[i * n + j]! * s(j);
          expect(phi[i]).toBeCloseTo(f, 9);
          for (let j = 0; j < n; j++) if (j !== i) e -= 0.5 * s(i) * J[i * n + j]! * s(j);
          e -= (h ? h[i]! : 0) * s(i);
        }
        // a self-coupling adds the constant −½ Σ_i J_ii
        const d = model.couplings.diagonal;
        if (d) for (let i = 0; i < n; i++) e -= 0.5 * d[i]!;
        expect(energy(model, spins, r)).toBeCloseTo(e, 9);
        let sum = 0;
        for (let i = 0; i < n; i++) sum += s(i);
        expect(magnetization(spins, n, r)).toBe(sum / n);
        const mo = mattisOverlaps(xi, k, spins, n, r);
        for (let mu = 0; mu < k; mu++) {
          let q = 0;
          for (let i = 0; i < n; i++) q += xi[mu * n + i]! * s(i);
          expect(mo[mu]).toBe(q / n);
        }
        for (let b = 0; b < replicas; b++) {
          let q = 0;
          for (let i = 0; i < n; i++) q += s(i) * spins[b * n + i]!;
          expect(replicaOverlap(spins, n, r, b)).toBe(q / n);
        }
      }
    },
  );
});
