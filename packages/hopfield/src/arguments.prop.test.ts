/**
 * Bad arguments throw a RangeError or TypeError naming the argument (one wording for all), and
 * good ones give the brute-force answer: retrieval, the dense network, the asymmetric theory.
 */
import { fc, test as propTest } from '@fast-check/vitest';
import type { Backend } from '@replica/webgpu-kernels';
import { createBackend } from '@replica/webgpu-kernels';
import { describe, expect } from 'vitest';
import {
  denseEnergy,
  denseRetrieve,
  denseUpdate,
  globalAveragingRegime,
  lse,
  retrievalBeta,
  softmaxBeta,
  softmaxJacobian,
} from './dense';
import { randomPatterns } from './patterns';
import type { ProbeOptions, RetrievalOptions } from './retrieval';
import { classifyAttractor, probeRetrieval, retrieve } from './retrieval';
import { hebb } from './rules';
import {
  annealedFixedPointRate,
  annealedFixedPoints,
  countFixedPoints,
  countFixedPointsByCoupling,
  fixedPointRate,
  stableSpinProbability,
} from './theory/asymmetric';

const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);
const runs = (n: number) => ({ numRuns: stress || n, seed: 0x40bf });

function checkNamed(error: unknown, name: string): void {
  expect(error instanceof RangeError || error instanceof TypeError, `threw ${String(error)}`).toBe(true);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect((error as Error).message).toMatch(new RegExp(`^${escaped}[:[]`));
}

/** Asserts that `f` throws a RangeError or TypeError whose message starts with `name` (then `:` or `[`). */
function throwsNaming(f: () => unknown, name: string): void {
  let error: unknown = null;
  try {
    f();
  } catch (e) {
    error = e;
  }
  checkNamed(error, name);
}

/** The same for a promise. */
async function rejectsNaming(p: () => Promise<unknown>, name: string): Promise<void> {
  let error: unknown = null;
  try {
    await p();
  } catch (e) {
    error = e;
  }
  checkNamed(error, name);
}

/** Not an integer ≥ min: NaN, ±∞, fractions, integers below min. */
const notIntegerFrom = (min: number) =>
  fc.oneof(
    fc.constant(Number.NaN),
    fc.double({ noDefaultInfinity: false }).filter((x) => !Number.isInteger(x)),
    fc.integer({ max: min - 1 }),
  );
/** Not a finite number ≥ 0 (or > 0 with `strict`). */
const notNonNegative = (strict = false) =>
  fc.oneof(
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, ...(strict ? [0] : [])),
    fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
  );
const notFinite = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
const notString = fc.oneof(
  fc.string().filter((s) => !['sequential', 'parallel', 'random', 'flip', 'mask'].includes(s)),
  fc.constantFrom<unknown>(0, true, {}),
);

const cpu: Backend = await createBackend({ kind: 'cpu' });

describe('retrieval arguments (properties)', () => {
  const [n, k] = [24, 3];
  const xi = randomPatterns(k, n, { seed: 1 });
  const J = hebb(xi, k, n);
  const go = (o: Partial<RetrievalOptions>) => () => retrieve(cpu, J, xi, k, { seed: 1, sweeps: 2, ...o });
  const probe = (o: Partial<ProbeOptions>) => () => probeRetrieval(cpu, J, xi, k, { seed: 1, sweeps: 2, ...o });

  propTest.prop({ sweeps: notIntegerFrom(1) }, runs(40))(
    'retrieve, probeRetrieval: options.sweeps not an integer ≥ 1',
    async ({ sweeps }) => {
      await rejectsNaming(go({ sweeps }), 'options.sweeps');
      await rejectsNaming(probe({ sweeps }), 'options.sweeps');
    },
  );
  propTest.prop({ target: fc.oneof(notIntegerFrom(0), fc.integer({ min: k, max: 1e6 })) }, runs(40))(
    'retrieve: options.target not a pattern index in [0, K)',
    async ({ target }) => {
      await rejectsNaming(go({ target }), 'options.target');
    },
  );
  propTest.prop({ probes: fc.oneof(notIntegerFrom(1), fc.integer({ min: k + 1, max: 1e6 })) }, runs(40))(
    'probeRetrieval: options.probes not an integer in [1, K]',
    async ({ probes }) => {
      await rejectsNaming(probe({ probes }), 'options.probes');
    },
  );
  propTest.prop({ temperature: notNonNegative() }, runs(40))(
    'retrieve, probeRetrieval: options.temperature not a finite number ≥ 0',
    async ({ temperature }) => {
      await rejectsNaming(go({ temperature }), 'options.temperature');
      await rejectsNaming(probe({ temperature }), 'options.temperature');
    },
  );
  propTest.prop({ value: notString }, runs(40))(
    'retrieve, probeRetrieval: unknown dynamics, order and corruption kinds',
    async ({ value }) => {
      const v = value as 'flip';
      await rejectsNaming(go({ dynamics: v as unknown as 'parallel' }), 'options.dynamics');
      await rejectsNaming(go({ order: v as unknown as 'random' }), 'options.order');
      await rejectsNaming(probe({ order: v as unknown as 'random' }), 'options.order');
      await rejectsNaming(go({ corruption: { kind: v, fraction: 0.1 } }), 'options.corruption.kind');
      await rejectsNaming(probe({ corruption: { kind: v, fraction: 0 } }), 'options.corruption.kind');
    },
  );
  propTest.prop(
    {
      fraction: fc.oneof(notFinite, fc.double({ min: 1, minExcluded: true }), fc.double({ max: -Number.MIN_VALUE })),
      kind: fc.constantFrom('flip' as const, 'mask' as const),
    },
    runs(40),
  )('retrieve, probeRetrieval: options.corruption.fraction outside [0, 1]', async ({ fraction, kind }) => {
    await rejectsNaming(go({ corruption: { kind, fraction } }), 'options.corruption.fraction');
    await rejectsNaming(probe({ corruption: { kind, fraction } }), 'options.corruption.fraction');
  });
  propTest.prop(
    {
      seed: fc.oneof(
        notIntegerFrom(0),
        fc.constantFrom<unknown>(undefined, '7', null),
        fc.bigInt({ min: 1n << 64n, max: 1n << 70n }),
      ),
    },
    runs(40),
  )('retrieve, probeRetrieval: a bad options.seed', async ({ seed }) => {
    await rejectsNaming(go({ seed: seed as number }), 'options.seed');
    await rejectsNaming(probe({ seed: seed as number }), 'options.seed');
  });
  propTest.prop(
    {
      k: notIntegerFrom(1),
      bad: fc.integer({ min: -128, max: 127 }).filter((v) => v !== 1 && v !== -1),
      at: fc.nat(k * n - 1),
    },
    runs(40),
  )('retrieve, probeRetrieval: K not an integer ≥ 1; patterns not K×N ±1', async ({ k: badK, bad, at }) => {
    for (const f of [retrieve, probeRetrieval]) {
      await rejectsNaming(() => f(cpu, J, xi, badK, { seed: 1 }), 'k');
      await rejectsNaming(() => f(cpu, J, xi.subarray(1), k, { seed: 1 }), 'patterns');
      await rejectsNaming(() => f(cpu, J, Array.from(xi) as unknown as Int8Array, k, { seed: 1 }), 'patterns');
      const x = xi.slice();
      x[at] = bad;
      await rejectsNaming(() => f(cpu, J, x, k, { seed: 1 }), 'patterns');
      await rejectsNaming(() => f(cpu, J, xi, k, null as unknown as RetrievalOptions), 'options');
    }
  });

  propTest.prop(
    {
      target: fc.nat(k - 1),
      fraction: fc.integer({ min: 0, max: n }).map((f) => f / n),
      kind: fc.constantFrom('flip' as const, 'mask' as const),
      dynamics: fc.constantFrom('sequential' as const, 'parallel' as const),
      sweeps: fc.integer({ min: 1, max: 6 }),
      seed: fc.nat(),
    },
    runs(30),
  )('good arguments: overlaps are the integer sums over N of the start and of the final spins', async (o) => {
    const r = await retrieve(cpu, J, xi, k, { ...o, corruption: { kind: o.kind, fraction: o.fraction } });
    const m = (s: Int8Array, mu: number) => {
      let q = 0;
      for (let i = 0; i < n; i++) q += s[i]! * xi[mu * n + i]!;
      return q / n;
    };
    expect(r.initialOverlap).toBe(m(r.initialState, o.target));
    if (o.kind === 'flip') expect(r.initialOverlap).toBe((n - 2 * Math.round(o.fraction * n)) / n);
    for (let mu = 0; mu < k; mu++) expect(r.finalOverlaps[mu]).toBe(m(r.spins, mu));
    expect(r.overlap).toBe(r.finalOverlaps[o.target]);
    expect(r.trajectory.length).toBe(o.sweeps);
  });

  propTest.prop(
    {
      overlaps: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 6 }),
      bad: fc.oneof(notFinite, fc.double({ min: 1, minExcluded: true }), fc.double({ max: -1, maxExcluded: true })),
      at: fc.nat(),
    },
    runs(60),
  )('classifyAttractor: an overlap that is not a number in [−1, 1]', ({ overlaps, bad, at }) => {
    const i = at % (overlaps.length + 1);
    const o = [...overlaps];
    o.splice(i, 0, bad);
    throwsNaming(() => classifyAttractor(o), `overlaps[${i}]`);
    expect(() => classifyAttractor(overlaps)).not.toThrow();
  });
});

describe('dense Hopfield arguments (properties)', () => {
  const z = fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 8 });

  propTest.prop({ beta: notNonNegative(true), z }, runs(60))('lse: β not a finite number > 0', ({ beta, z }) =>
    throwsNaming(() => lse(beta, z), 'beta'),
  );
  propTest.prop({ beta: notNonNegative(), z }, runs(60))('softmaxBeta: β not a finite number ≥ 0', ({ beta, z }) =>
    throwsNaming(() => softmaxBeta(beta, z), 'beta'),
  );
  propTest.prop({ z, bad: notFinite, at: fc.nat() }, runs(60))(
    'lse, softmaxBeta, softmaxJacobian: empty z or a non-finite entry',
    ({ z, bad, at }) => {
      const i = at % z.length;
      const w = [...z];
      w[i] = bad;
      throwsNaming(() => lse(1, w), `z[${i}]`);
      throwsNaming(() => softmaxBeta(1, w), `z[${i}]`);
      throwsNaming(() => softmaxJacobian(w, 1), `weights[${i}]`);
      throwsNaming(() => lse(1, []), 'z');
      throwsNaming(() => softmaxBeta(1, []), 'z');
      throwsNaming(() => lse(1, null as unknown as number[]), 'z');
    },
  );
  propTest.prop({ beta: fc.double({ min: 0.01, max: 20, noNaN: true }), z }, runs(100))(
    'good arguments: lse and softmaxBeta equal the direct formulas',
    ({ beta, z }) => {
      const direct = Math.log(z.reduce((s, x) => s + Math.exp(beta * x), 0)) / beta;
      expect(lse(beta, z)).toBeCloseTo(direct, 8);
      const p = softmaxBeta(beta, z);
      const Z = z.reduce((s, x) => s + Math.exp(beta * x), 0);
      for (let i = 0; i < z.length; i++) expect(p[i]).toBeCloseTo(Math.exp(beta * z[i]!) / Z, 12);
    },
  );

  const [n, p] = [3, 2];
  const X = Float32Array.from([1, -1, 0.5, 1, -1, 1]);
  propTest.prop({ beta: notNonNegative(true) }, runs(40))(
    'denseEnergy, denseUpdate, globalAveragingRegime, denseRetrieve: β not a finite number > 0',
    async ({ beta }) => {
      throwsNaming(() => denseEnergy(X, n, p, [1, 0, 0], beta), 'beta');
      throwsNaming(() => denseUpdate(X, n, p, [1, 0, 0], beta), 'beta');
      throwsNaming(() => globalAveragingRegime(X, n, p, beta), 'beta');
      await rejectsNaming(
        () => denseRetrieve(cpu, { stored: X, n, p, queries: new Float32Array(n), beta }),
        'options.beta',
      );
    },
  );
  propTest.prop(
    {
      n: notIntegerFrom(1),
      index: fc.oneof(notIntegerFrom(0), fc.integer({ min: p, max: 1e6 })),
      iterations: notIntegerFrom(0),
    },
    runs(40),
  )(
    'n, p, index, iterations not integers in range; ξ of the wrong length or not finite',
    async ({ n: badN, index, iterations }) => {
      throwsNaming(() => denseEnergy(X, badN, p, [1, 0, 0], 1), 'n');
      throwsNaming(() => denseEnergy(X, n, badN, [1, 0, 0], 1), 'p');
      throwsNaming(() => denseEnergy(X, n, p, [1, 0], 1), 'xi');
      throwsNaming(() => denseUpdate(X, n, p, [1, Number.NaN, 0], 1), 'xi[1]');
      throwsNaming(() => retrievalBeta(X, n, p, index), 'index');
      throwsNaming(() => retrievalBeta(X, n, 1, 0), 'p');
      const q = new Float32Array(n);
      await rejectsNaming(
        () => denseRetrieve(cpu, { stored: X, n, p, queries: q, beta: 1, iterations }),
        'options.iterations',
      );
      await rejectsNaming(() => denseRetrieve(cpu, { stored: X, n: badN, p, queries: q, beta: 1 }), 'options.n');
      await rejectsNaming(
        () => denseRetrieve(cpu, { stored: X, n, p, queries: q.subarray(1), beta: 1 }),
        'options.queries',
      );
    },
  );
});

describe('asymmetric network arguments (properties)', () => {
  propTest.prop(
    { n: fc.oneof(notIntegerFrom(2), fc.constant(1)), D: fc.double({ min: -3, max: 3, noNaN: true }) },
    runs(40),
  )('stableSpinProbability, annealedFixedPoints, annealedFixedPointRate: n not an integer ≥ 2', ({ n, D }) => {
    throwsNaming(() => stableSpinProbability(n, D), 'n');
    throwsNaming(() => annealedFixedPoints(n, D), 'n');
    throwsNaming(() => annealedFixedPointRate(n, D), 'n');
  });
  propTest.prop({ n: fc.integer({ min: 2, max: 200 }), D: notFinite }, runs(40))(
    'stableSpinProbability, annealed…, fixedPointRate, countFixedPoints: a non-finite self-coupling',
    ({ n, D }) => {
      throwsNaming(() => stableSpinProbability(n, D), 'selfCoupling');
      throwsNaming(() => annealedFixedPoints(n, D), 'selfCoupling');
      throwsNaming(() => annealedFixedPointRate(n, D), 'selfCoupling');
      throwsNaming(() => fixedPointRate(D), 'selfCoupling');
      throwsNaming(
        () =>
          countFixedPoints(
            new Int8Array(4).fill(1).map((v, t) => (t % 3 ? v : 0)),
            2,
            D,
          ),
        'selfCoupling',
      );
      throwsNaming(() => countFixedPointsByCoupling(new Int8Array(4), 2, [0, D]), 'selfCouplings[1]');
    },
  );
  propTest.prop(
    {
      n: fc.integer({ min: 2, max: 6 }),
      at: fc.nat(),
      bad: fc.integer({ min: -128, max: 127 }).filter((v) => v !== 1 && v !== -1),
    },
    runs(40),
  )(
    'countFixedPoints, countFixedPointsByCoupling: signs not ±1 off a zero diagonal, or N outside [1, 24]',
    ({ n, at, bad }) => {
      const signs = new Int8Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) signs[i * n + j] = (i + j) % 2 ? 1 : -1;
      const t = at % (n * n);
      const [i, j] = [Math.floor(t / n), t % n];
      const s = signs.slice();
      s[t] = i === j ? (bad === 0 ? 1 : bad) : bad;
      throwsNaming(() => countFixedPoints(s, n, 0.5), `signs[${i}][${j}]`);
      throwsNaming(() => countFixedPointsByCoupling(s, n, [0.5]), `signs[${i}][${j}]`);
      throwsNaming(() => countFixedPoints(signs.subarray(1), n, 0.5), 'signs');
      throwsNaming(() => countFixedPoints(signs, 25, 0.5), 'n');
      throwsNaming(() => countFixedPoints(Array.from(signs) as unknown as Int8Array, n, 0.5), 'signs');
    },
  );
  propTest.prop({ n: fc.integer({ min: 2, max: 14 }), D: fc.double({ min: -3, max: 3, noNaN: true }) }, runs(60))(
    'good arguments: stableSpinProbability equals the brute-force count over the 2^(N−1) sign patterns',
    ({ n, D }) => {
      let stable = 0;
      for (let s = 0; s < 2 ** (n - 1); s++) {
        let sum = 0;
        for (let j = 0; j < n - 1; j++) sum += (s >> j) & 1 ? 1 : -1;
        if (D + sum / Math.sqrt(n) > 0) stable++;
      }
      expect(stableSpinProbability(n, D)).toBeCloseTo(stable / 2 ** (n - 1), 12);
    },
  );
});
