/**
 * Bad arguments throw a RangeError or TypeError naming the argument (one wording for all), and
 * good ones give the brute-force answer: the model functions, training options, the JSON form.
 */
import { fc, test as propTest } from '@fast-check/vitest';
import type { Backend } from '@replica/webgpu-kernels';
import { createBackend } from '@replica/webgpu-kernels';
import { describe, expect } from 'vitest';
import type { HiddenType, Rbm, VisibleType } from './model';
import {
  createRbm,
  energy,
  freeEnergies,
  freeEnergy,
  hiddenFreeEnergy,
  hiddenLogPartition,
  hiddenMean,
  visibleLogPartition,
  visibleMean,
} from './model';
import { rbmFromJson, serializeRbm } from './serialize';
import type { TrainRbmOptions } from './train';
import { trainRbm } from './train';

const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);
const runs = (n: number) => ({ numRuns: stress || n, seed: 0x4b3 });

function checkNamed(error: unknown, name: string): void {
  expect(error instanceof RangeError || error instanceof TypeError, `threw ${String(error)}`).toBe(true);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect((error as Error).message).toMatch(new RegExp(`^${escaped}[:[ (]`));
}

/** Asserts that `f` throws a RangeError or TypeError whose message starts with `name`. */
function throwsNaming(f: () => unknown, name: string): void {
  let error: unknown = null;
  try {
    f();
  } catch (e) {
    error = e;
  }
  checkNamed(error, name);
}

async function rejectsNaming(p: () => Promise<unknown>, name: string): Promise<void> {
  let error: unknown = null;
  try {
    await p();
  } catch (e) {
    error = e;
  }
  checkNamed(error, name);
}

/** Not an integer ≥ 1: NaN, ±∞, fractions, integers ≤ 0. */
const notPositiveInt = fc.oneof(
  fc.constant(Number.NaN),
  fc.double({ noDefaultInfinity: false }).filter((x) => !Number.isInteger(x)),
  fc.integer({ max: 0 }),
);
const notFinite = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY);
/** Outside [0, 1): negative, ≥ 1, non-finite. */
const notUnitInterval = fc.oneof(
  notFinite,
  fc.double({ min: 1, noNaN: true }),
  fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
);
/** Not a finite number ≥ 0. */
const notNonNegative = fc.oneof(notFinite, fc.double({ max: -Number.MIN_VALUE, noNaN: true }));

const cpu: Backend = await createBackend({ kind: 'cpu' });
const data = Float32Array.from({ length: 40 }, (_, t) => ((t * 7) % 3 === 0 ? 1 : 0)); // 10 rows × 4
const base: TrainRbmOptions = { visible: 4, hidden: 2, epochs: 1, batchSize: 5, seed: 1 };
const train = (o: Partial<Record<keyof TrainRbmOptions, unknown>>) => () =>
  trainRbm(cpu, data, { ...base, ...o } as TrainRbmOptions);

describe('trainRbm options (properties)', () => {
  propTest.prop({ momentum: notUnitInterval }, runs(60))('options.momentum outside [0, 1)', async ({ momentum }) => {
    await rejectsNaming(train({ momentum }), 'options.momentum');
    await rejectsNaming(train({ momentum: (e: number) => (e === 1 ? momentum : 0.5) }), 'options.momentum(1)');
  });
  propTest.prop({ tapDamping: notUnitInterval }, runs(40))(
    'options.tapDamping outside [0, 1)',
    async ({ tapDamping }) => {
      await rejectsNaming(train({ tapDamping }), 'options.tapDamping');
    },
  );
  propTest.prop({ learningRate: notNonNegative }, runs(40))(
    'options.learningRate not a finite number ≥ 0',
    async ({ learningRate }) => {
      await rejectsNaming(train({ learningRate }), 'options.learningRate');
      await rejectsNaming(train({ learningRate: () => learningRate }), 'options.learningRate(1)');
    },
  );
  propTest.prop({ x: notNonNegative }, runs(40))(
    'options.weightDecay, options.weightScale not finite numbers ≥ 0',
    async ({ x }) => {
      await rejectsNaming(train({ weightDecay: x }), 'options.weightDecay');
      await rejectsNaming(train({ weightScale: x }), 'options.weightScale');
    },
  );
  for (const key of ['epochs', 'k', 'batchSize', 'tapIterations', 'chains', 'visible', 'hidden'] as const)
    propTest.prop({ x: notPositiveInt }, runs(30))(`options.${key} not an integer ≥ 1`, async ({ x }) => {
      await rejectsNaming(train({ [key]: x }), `options.${key}`);
    });
  propTest.prop(
    {
      value: fc.oneof(fc.string(), fc.constantFrom<unknown>(0, true, {})),
      key: fc.constantFrom('method', 'visibleType', 'hiddenType'),
    },
    runs(40),
  )('unknown options.method and unit types', async ({ value, key }) => {
    fc.pre(!['cd', 'pcd', 'tap', 'bernoulli', 'spin', 'gaussian', 'relu'].includes(value as string));
    await rejectsNaming(train({ [key]: value }), `options.${key}`);
  });
  propTest.prop(
    {
      seed: fc.oneof(
        notPositiveInt.filter((x) => x !== 0),
        fc.constantFrom<unknown>(undefined, '1'),
      ),
    },
    runs(30),
  )('a bad options.seed; data that is not a Float32Array; options that are not an object', async ({ seed }) => {
    await rejectsNaming(train({ seed }), 'options.seed');
    await rejectsNaming(() => trainRbm(cpu, Array.from(data) as unknown as Float32Array, base), 'data');
    await rejectsNaming(() => trainRbm(cpu, data, null as unknown as TrainRbmOptions), 'options');
    await rejectsNaming(train({ onEpoch: 3 }), 'options.onEpoch');
  });
});

/** A small valid RBM (f32-exact parameters) of any unit types. */
const rbmArb: fc.Arbitrary<Rbm> = fc
  .record({
    nv: fc.integer({ min: 1, max: 5 }),
    nh: fc.integer({ min: 1, max: 4 }),
    vt: fc.constantFrom<VisibleType>('bernoulli', 'spin'),
    ht: fc.constantFrom<HiddenType>('bernoulli', 'gaussian', 'relu'),
    seed: fc.nat(1000),
  })
  .map(({ nv, nh, vt, ht, seed }) => {
    const rbm = createRbm({ visible: nv, hidden: nh, visibleType: vt, hiddenType: ht, weightScale: 0.7, seed });
    for (let i = 0; i < nv; i++) rbm.visibleBias[i] = Math.fround(0.3 * Math.sin(seed + i));
    for (let j = 0; j < nh; j++) rbm.hiddenBias[j] = Math.fround(0.4 * Math.cos(seed + j));
    return rbm;
  });
const visibleOf = (rbm: Rbm, bits: number) =>
  Array.from({ length: rbm.visible }, (_, i) => ((bits >> i) & 1 ? 1 : rbm.visibleType === 'spin' ? -1 : 0));

describe('RBM model arguments (properties)', () => {
  propTest.prop(
    {
      rbm: rbmArb,
      field: fc.constantFrom('W', 'visibleBias', 'hiddenBias'),
      bad: notFinite,
      at: fc.nat(),
    },
    runs(60),
  )(
    'energy, freeEnergy, freeEnergies, hiddenFreeEnergy: an rbm with a non-finite parameter',
    ({ rbm, field, bad, at }) => {
      const a = rbm[field].slice();
      a[at % a.length] = bad;
      const broken = { ...rbm, [field]: a };
      const v = visibleOf(rbm, 0);
      const h = new Array(rbm.hidden).fill(0);
      throwsNaming(() => energy(broken, v, h), `rbm.${field}`);
      throwsNaming(() => freeEnergy(broken, v), `rbm.${field}`);
      throwsNaming(() => freeEnergies(broken, v), `rbm.${field}`);
      throwsNaming(() => hiddenFreeEnergy(broken, h), `rbm.${field}`);
    },
  );
  propTest.prop({ rbm: rbmArb, extra: fc.integer({ min: 1, max: 3 }) }, runs(60))(
    'energy, freeEnergy, hiddenFreeEnergy: states of the wrong length or type',
    ({ rbm, extra }) => {
      const v = visibleOf(rbm, 0);
      const h = new Array(rbm.hidden).fill(0);
      throwsNaming(() => energy(rbm, [...v, ...new Array(extra).fill(v[0])], h), 'v');
      throwsNaming(() => energy(rbm, v, [...h, ...new Array(extra).fill(0)]), 'h');
      throwsNaming(() => energy(rbm, null as unknown as number[], h), 'v');
      throwsNaming(() => energy(rbm, v, 3 as unknown as number[]), 'h');
      throwsNaming(() => freeEnergy(rbm, v.slice(1)), 'v');
      throwsNaming(() => hiddenFreeEnergy(rbm, [...h, 0].slice(0, rbm.hidden - 1 + 2 * (extra % 2))), 'h');
      throwsNaming(() => freeEnergies(rbm, v, new Float32Array(1) as unknown as Float64Array), 'out');
    },
  );
  propTest.prop(
    { type: fc.string().filter((s) => !['bernoulli', 'spin', 'gaussian', 'relu'].includes(s)), x: fc.double() },
    runs(40),
  )('hiddenLogPartition, hiddenMean, visibleLogPartition, visibleMean: an unknown unit type', ({ type, x }) => {
    throwsNaming(() => hiddenLogPartition(type as HiddenType, x), 'type');
    throwsNaming(() => hiddenMean(type as HiddenType, x), 'type');
    throwsNaming(() => visibleLogPartition(type as VisibleType, x), 'type');
    throwsNaming(() => visibleMean(type as VisibleType, x), 'type');
  });
  propTest.prop({ rbm: rbmArb.filter((r) => r.hiddenType === 'bernoulli') }, runs(60))(
    'good arguments: F(v) = −log Σ_h e^{−E(v,h)} and G(h) = −log Σ_v e^{−E(v,h)} by enumeration',
    ({ rbm }) => {
      const hs = Array.from({ length: 1 << rbm.hidden }, (_, t) =>
        Array.from({ length: rbm.hidden }, (_, j) => (t >> j) & 1),
      );
      const vs = Array.from({ length: 1 << rbm.visible }, (_, t) => visibleOf(rbm, t));
      const logSum = (xs: number[]) => {
        const m = Math.max(...xs);
        return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
      };
      for (const v of vs) expect(freeEnergy(rbm, v)).toBeCloseTo(-logSum(hs.map((h) => -energy(rbm, v, h))), 10);
      for (const h of hs) expect(hiddenFreeEnergy(rbm, h)).toBeCloseTo(-logSum(vs.map((v) => -energy(rbm, v, h))), 10);
      // E(v, h) from its definition
      const [v, h] = [vs[vs.length - 1]!, hs[hs.length - 1]!];
      let e = 0;
      for (let i = 0; i < rbm.visible; i++) e -= rbm.visibleBias[i]! * v[i]!;
      for (let j = 0; j < rbm.hidden; j++) e -= rbm.hiddenBias[j]! * h[j]!;
      for (let i = 0; i < rbm.visible; i++)
        for (let j = 0; j < rbm.hidden; j++) e -= v[i]! * rbm.W[i * rbm.hidden + j]! * h[j]!;
      expect(energy(rbm, v, h)).toBeCloseTo(e, 10);
    },
  );
});

describe('rbmFromJson (properties)', () => {
  propTest.prop({ rbm: rbmArb, cut: fc.nat() }, runs(60))(
    'text that is not JSON is a TypeError naming the model, never a SyntaxError; whole text reads back',
    ({ rbm, cut }) => {
      const text = serializeRbm(rbm);
      const broken = text.slice(0, cut % (text.length - 2));
      throwsNaming(() => rbmFromJson(broken), 'model');
      throwsNaming(() => rbmFromJson(`${text.trim()}}`), 'model');
      expect(rbmFromJson(text)).toEqual(rbm);
    },
  );
});
