/**
 * The kernel test suite, run unchanged on every available backend (Node: cpu and
 * webgpu via Dawn; browser: webgpu via navigator.gpu). GPU results are compared
 * with independent f64 references under the bounds stated at each assertion.
 */
import { fc, test as propTest } from '@fast-check/vitest';
import { counter as counterArb, extent, f32Array, seed as seedArb } from '@replica/tooling/arbitraries';
import { allClose, assertAllClose } from '@replica/tooling/tolerance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from './backend';
import {
  add,
  axpy,
  exp as expMap,
  log as logMap,
  mapUnary,
  mul,
  relu,
  scale,
  sigmoid,
  sign,
  tanh,
  unaryKernels,
} from './elementwise';
import { gemm } from './gemm';
import { gemv } from './gemv';
import { philoxStream } from './philox';
import { reduceRows, softmax } from './reduce';
import { bernoulli, normal, philoxFill, uniform } from './sampling';
import { compareWithBound, f32SumErrorFactor, gemmReference, runKernelSelfChecks } from './self-check';

/** fast-check runs per property: software GPUs are slow, so they get fewer cases. */
export interface SuiteOptions {
  readonly runs: number;
  /** Run the >16.7M-element chunked-dispatch test (slow on software adapters in browsers). */
  readonly largeDispatch: boolean;
}

/** Registers the kernel suite for one backend. `getBackend` is called in beforeAll. */
export function describeKernelSuite(name: string, create: () => Promise<Backend>, options: SuiteOptions): void {
  describe(`kernels on ${name}`, () => {
    let be: Backend;
    beforeAll(async () => {
      be = await create();
    });
    afterAll(() => be?.dispose());
    const prop = { numRuns: options.runs };

    it('passes every self-check against f64 references', async () => {
      const checks = await runKernelSelfChecks(be);
      expect(checks.length).toBeGreaterThanOrEqual(25);
      const failed = checks.filter((c) => !c.ok);
      expect(failed, JSON.stringify(failed)).toEqual([]);
      expect(new Set(checks.map((c) => c.backend))).toEqual(new Set([be.kind]));
    });

    propTest.prop(
      {
        m: extent(),
        n: extent(),
        k: extent(),
        batch: fc.constantFrom(0, 1, 3),
        batchB: fc.boolean(),
        transA: fc.boolean(),
        transB: fc.boolean(),
        alpha: fc.constantFrom(1, -0.5, 2),
        seed: fc.nat(),
      },
      prop,
    )(
      'gemm matches a naive f64 triple loop within γ_{K+2}·Σ|a||b|',
      async ({ m, n, k, batch, batchB, transA, transB, alpha, seed }) => {
        const bs = Math.max(batch, 1);
        const a = Float32Array.from({ length: bs * m * k }, (_, i) => Math.sin(seed + i * 1.7));
        const nb = batch > 0 && batchB ? bs : 1;
        const b = Float32Array.from({ length: nb * k * n }, (_, i) => Math.cos(seed * 3 + i * 0.9));
        const aShape = transA ? [k, m] : [m, k];
        const bShape = transB ? [n, k] : [k, n];
        const c = gemm(
          be.tensor(a, batch > 0 ? [bs, ...aShape] : aShape),
          be.tensor(b, nb > 1 ? [nb, ...bShape] : bShape),
          {
            alpha,
            transA,
            transB,
          },
        );
        expect(c.shape).toEqual(batch > 0 ? [bs, m, n] : [m, n]);
        const got = await c.read();
        const g = f32SumErrorFactor(k + 2);
        for (let t = 0; t < bs; t++) {
          const { ref, abs } = gemmReference(
            a.subarray(t * m * k, (t + 1) * m * k),
            nb > 1 ? b.subarray(t * k * n, (t + 1) * k * n) : b,
            m,
            n,
            k,
            transA,
            transB,
          );
          const r = compareWithBound(
            got.subarray(t * m * n, (t + 1) * m * n),
            Float64Array.from(ref, (v) => alpha * v),
            (i) => g * Math.abs(alpha) * (abs[i] as number) + 2 ** -140,
          );
          expect(r.ok, `batch ${t}: max |Δ| ${r.maxAbsError}`).toBe(true);
        }
      },
    );

    it('gemm with β = 0 does not read C (NaN in C does not leak) and accumulates with β ≠ 0', async () => {
      const a = be.tensor(new Float32Array([1, 2, 3, 4]), [2, 2]);
      const c = be.tensor(new Float32Array([Number.NaN, Number.NaN, Number.NaN, Number.NaN]), [2, 2]);
      gemm(a, a, { out: c });
      expect(Array.from(await c.read())).toEqual([7, 10, 15, 22]);
      gemm(a, a, { out: c, beta: 1, alpha: -1 });
      expect(Array.from(await c.read())).toEqual([0, 0, 0, 0]);
    });

    propTest.prop({ m: extent(300), n: extent(90), trans: fc.boolean(), seed: fc.nat() }, prop)(
      'gemv matches f64 within γ_{K+2}·Σ|a||x|',
      async ({ m, n, trans, seed }) => {
        const a = Float32Array.from({ length: m * n }, (_, i) => Math.sin(seed + i));
        const x = Float32Array.from({ length: trans ? m : n }, (_, i) => Math.cos(seed + 2 * i));
        const y0 = Float32Array.from({ length: trans ? n : m }, (_, i) => i - 3);
        const y = gemv(be.tensor(a, [m, n]), be.tensor(x), { trans, alpha: 2, beta: -1, out: be.tensor(y0) });
        const got = await y.read();
        const len = trans ? n : m;
        const ref = new Float64Array(len);
        const abs = new Float64Array(len);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            const v = (a[i * n + j] as number) * (x[trans ? i : j] as number);
            const o = trans ? j : i;
            ref[o] = (ref[o] as number) + v;
            abs[o] = (abs[o] as number) + Math.abs(v);
          }
        }
        const g = f32SumErrorFactor((trans ? m : n) + 3);
        const r = compareWithBound(
          got,
          Float64Array.from(ref, (v, i) => 2 * v - (y0[i] as number)),
          (i) => g * (2 * (abs[i] as number) + Math.abs(y0[i] as number)),
        );
        expect(r.ok, `max |Δ| ${r.maxAbsError}`).toBe(true);
      },
    );

    propTest.prop(
      { x: f32Array({ maxLength: 700, min: -20, max: 20 }), op: fc.constantFrom(...Object.keys(unaryKernels)) },
      prop,
    )('unary maps match Math in f64 within 64 ulp + 2^-21', async ({ x, op }) => {
      const kernel = unaryKernels[op as keyof typeof unaryKernels];
      const input = op === 'log' ? x.map((v) => Math.abs(v) + 1e-3) : x;
      const got = await mapUnary(kernel, be.tensor(input), { a: 0.75 }).read();
      const f: Record<string, (v: number) => number> = {
        sigmoid: (v) => 1 / (1 + Math.exp(-v)),
        tanh: Math.tanh,
        relu: (v) => Math.max(v, 0),
        sign: Math.sign,
        exp: Math.exp,
        log: Math.log,
        scale: (v) => 0.75 * v,
      };
      const fn = f[op] as (v: number) => number;
      // GPUs may flush subnormal inputs to zero (WGSL allows it): for those, f(0) is accepted too.
      const flushed = Array.from(input, (v) => (Math.abs(v) < 2 ** -126 ? fn(0) : fn(v)));
      const want = Array.from(input, fn);
      const tol = { rtol: 2 ** -17, atol: 2 ** -21 };
      const either = Array.from(got, (g, i) =>
        allClose([g], [want[i] as number], tol).ok ? want[i] : flushed[i],
      ) as number[];
      assertAllClose(got, either, tol, op);
    });

    it('unary maps give the IEEE answers at 0, ±1, NaN, ±∞ and ±1e30', async () => {
      const x = be.tensor(
        new Float32Array([0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e30, -1e30]),
      );
      const nan = Number.NaN;
      const big = Math.fround(1e30);
      // −0 and +0 compare equal here: the kernels promise values, not the sign of zero.
      const read = async (t: ReturnType<typeof sigmoid>) => Array.from(await t.read(), (v) => (v === 0 ? 0 : v));
      const f = Math.fround;
      // σ(±1) and tanh(±1) go through exp/tanh: within the 64-ulp bound, everything else exact.
      const sg = await read(sigmoid(x));
      const th = await read(tanh(x));
      assertAllClose(
        sg.slice(2, 4),
        [1 / (1 + Math.exp(-1)), 1 / (1 + Math.exp(1))],
        { rtol: 2 ** -17 },
        'sigmoid(±1)',
      );
      assertAllClose(th.slice(2, 4), [Math.tanh(1), Math.tanh(-1)], { rtol: 2 ** -17 }, 'tanh(±1)');
      expect([...sg.slice(0, 2), ...sg.slice(4)]).toEqual([0.5, 0.5, nan, 1, 0, 1, 0]);
      expect([...th.slice(0, 2), ...th.slice(4)]).toEqual([0, 0, nan, 1, -1, 1, -1]);
      expect(await read(relu(x))).toEqual([0, 0, 1, 0, nan, Number.POSITIVE_INFINITY, 0, big, 0]);
      expect(await read(sign(x))).toEqual([0, 0, 1, -1, nan, 1, -1, 1, -1]);
      expect(await read(scale(x, -2))).toEqual([
        0,
        0,
        -2,
        2,
        nan,
        Number.NEGATIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        f(-2e30),
        f(2e30),
      ]);
      const e = be.tensor(
        new Float32Array([0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 100, -200]),
      );
      expect(await read(expMap(e))).toEqual([1, nan, Number.POSITIVE_INFINITY, 0, Number.POSITIVE_INFINITY, 0]);
      const l = be.tensor(new Float32Array([1, 0, -1, Number.POSITIVE_INFINITY, Number.NaN]));
      expect(await read(logMap(l))).toEqual([0, Number.NEGATIVE_INFINITY, nan, Number.POSITIVE_INFINITY, nan]);
    });

    propTest.prop({ x: f32Array({ minLength: 1, maxLength: 600 }), y: fc.nat(), a: fc.constantFrom(0.5, -3, 0) }, prop)(
      'binary maps (add, mul, axpy) round once, in and out of place',
      async ({ x, y: ySeed, a }) => {
        const ys = Float32Array.from(x, (_, i) => Math.sin(ySeed + i));
        const exact = (f: (p: number, q: number) => number) =>
          Array.from(x, (v, i) => Math.fround(f(v, ys[i] as number)));
        // Correctly rounded, except that GPUs may flush subnormal inputs and results to zero (WGSL
        // allows it), which moves a result by < 2^-126·(1 + |other operand|) ≤ 2^-123 here: atol 2^-123.
        const once = { rtol: 0, atol: 2 ** -123 };
        const xt = be.tensor(x);
        assertAllClose(
          await add(xt, be.tensor(ys)).read(),
          exact((p, q) => p + q),
          once,
          'add',
        );
        assertAllClose(
          await mul(xt, be.tensor(ys)).read(),
          exact((p, q) => p * q),
          once,
          'mul',
        );
        const xInPlace = be.tensor(x);
        add(xInPlace, be.tensor(ys), { out: xInPlace });
        assertAllClose(
          await xInPlace.read(),
          exact((p, q) => p + q),
          once,
          'add in place',
        );
        const yt = be.tensor(ys);
        axpy(a, xt, yt);
        // WGSL's fma may round twice (it is unfused on SwiftShader), so with cancellation the
        // bound is |Δ| ≤ u·|a x| + u·|a x + y| ≤ 2u·(|a x| + |y|), plus the subnormal allowance.
        const r = compareWithBound(
          await yt.read(),
          Array.from(x, (v, i) => a * v + (ys[i] as number)),
          (i) => 2 * 2 ** -24 * (Math.abs(a * (x[i] as number)) + Math.abs(ys[i] as number)) + 2 ** -123,
        );
        expect(r.ok, `axpy: max |Δ| ${r.maxAbsError}`).toBe(true);
        const twice = be.tensor(x);
        add(twice, twice, { out: twice });
        assertAllClose(
          await twice.read(),
          Array.from(x, (v) => 2 * v),
          once,
          'x + x in place',
        );
      },
    );

    propTest.prop(
      {
        rows: fc.integer({ min: 1, max: 5 }),
        cols: extent(600),
        beta: fc.constantFrom(0.5, 1, 2),
        shift: fc.integer({ min: -1000, max: 1000 }),
        seed: fc.nat(),
      },
      prop,
    )(
      'softmax rows sum to 1 and are unchanged, bit for bit, by adding a constant to a row',
      async ({ rows, cols, beta, shift, seed }) => {
        // x on the 2^-10 grid in [-8, 8] and integer shifts: x + c and β(x + c) are exact in f32.
        const x = Float32Array.from({ length: rows * cols }, (_, i) => Math.round(Math.sin(seed + i) * 8192) / 1024);
        const xs = x.map((v) => v + shift);
        const p = await softmax(be.tensor(x, [rows, cols]), { beta }).read();
        const q = await softmax(be.tensor(xs, [rows, cols]), { beta }).read();
        expect(Array.from(q)).toEqual(Array.from(p));
        for (let r = 0; r < rows; r++) {
          let s = 0;
          for (let j = 0; j < cols; j++) s += p[r * cols + j] as number;
          // each entry carries exp's 64-ulp error and one division: |Σ − 1| ≤ 2^-16 + cols·2^-24
          expect(Math.abs(s - 1)).toBeLessThanOrEqual(2 ** -16 + cols * 2 ** -24);
        }
        const inPlace = be.tensor(x, [rows, cols]);
        softmax(inPlace, { beta, out: inPlace });
        expect(Array.from(await inPlace.read())).toEqual(Array.from(p));
      },
    );

    propTest.prop({ cols: extent(400), big: fc.constantFrom(1e30, -1e30), pos: fc.nat(), seed: fc.nat() }, prop)(
      'logsumexp stays finite with entries of ±1e30 (= max + log #maxima when the max is 1e30)',
      async ({ cols, big, pos, seed }) => {
        const x = Float32Array.from({ length: cols }, (_, i) => Math.sin(seed + i));
        const at = pos % cols;
        x[at] = big;
        const got = (await reduceRows(be.tensor(x, [1, cols]), 'logsumexp').read())[0] as number;
        expect(Number.isFinite(got)).toBe(true);
        if (big > 0) expect(got).toBe(Math.fround(1e30));
        else {
          let m = Number.NEGATIVE_INFINITY;
          for (let j = 0; j < cols; j++) if (j !== at) m = Math.max(m, x[j] as number);
          if (cols === 1) expect(got).toBe(Math.fround(-1e30));
          else {
            let s = 0;
            for (let j = 0; j < cols; j++) if (j !== at) s += Math.exp((x[j] as number) - m);
            expect(Math.abs(got - (m + Math.log(s)))).toBeLessThanOrEqual(2 ** -18 * (1 + Math.abs(m + Math.log(s))));
          }
        }
      },
    );

    it('row reductions and softmax handle NaN, ±∞ and empty rows as documented', async () => {
      const nan = Number.NaN;
      const x = be.tensor(
        new Float32Array([
          1,
          nan,
          2,
          Number.NEGATIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
          3,
          Number.POSITIVE_INFINITY,
          0,
          Number.NEGATIVE_INFINITY,
          0,
          1,
        ]),
        [4, 3],
      );
      expect(Array.from(await reduceRows(x, 'sum').read())).toEqual([
        nan,
        Number.NEGATIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ]);
      expect(Array.from(await reduceRows(x, 'max').read())).toEqual([
        nan,
        Number.NEGATIVE_INFINITY,
        Number.POSITIVE_INFINITY,
        1,
      ]);
      const lse = Array.from(await reduceRows(x, 'logsumexp').read());
      expect(lse.slice(0, 3)).toEqual([nan, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
      expect(lse[3]).toBeCloseTo(Math.log(1 + Math.E), 6);
      const sm = Array.from(await softmax(x).read());
      expect(sm.slice(0, 9).every(Number.isNaN)).toBe(true);
      expect(sm[9]).toBe(0);
      expect(sm[10]).toBeCloseTo(1 / (1 + Math.E), 6);
      const empty = be.zeros([2, 0]);
      expect(Array.from(await reduceRows(empty, 'sum').read())).toEqual([0, 0]);
      expect(Array.from(await reduceRows(empty, 'logsumexp').read())).toEqual([
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ]);
    });

    propTest.prop(
      {
        seed: seedArb,
        counter: counterArb,
        n: fc.integer({ min: 1, max: 3000 }),
        workgroupSize: fc.constantFrom(32, 64, 128, 256),
        maxPerDim: fc.constantFrom(1, 2, 3, 7, 65535),
      },
      prop,
    )(
      'Philox u32 streams equal the TypeScript stream whatever the dispatch shape',
      async ({ seed, counter, n, workgroupSize, maxPerDim }) => {
        const dispatch = { workgroupSize, maxWorkgroupsPerDimension: maxPerDim };
        if (be.kind === 'webgpu') {
          const blocks = Math.ceil(Math.ceil(n / 4) / workgroupSize);
          fc.pre(blocks <= maxPerDim ** 3);
        }
        const got = await philoxFill(be.zeros([n], 'uint32'), { seed, counter, dispatch }).read();
        expect(Array.from(got)).toEqual(Array.from(philoxStream(new Uint32Array(n), seed, counter)));
        const p = Float32Array.from({ length: n }, (_, i) => (i % 11) / 10);
        const bits = await bernoulli(be.tensor(p), { seed, counter, dispatch, spins: true }).read();
        const words = philoxStream(new Uint32Array(n), seed, counter);
        expect(Array.from(bits)).toEqual(
          Array.from(words, (w, i) => ((w >>> 8) * 2 ** -24 < (p[i] as number) ? 1 : -1)),
        );
      },
    );

    it('sampling is reproducible, depends on seed and counter, and has the right moments (4σ)', async () => {
      const n = 200_000;
      const z1 = await normal(be.zeros([n]), { seed: 9, counter: [1] }).read();
      const z2 = await normal(be.zeros([n]), { seed: 9, counter: [1] }).read();
      const z3 = await normal(be.zeros([n]), { seed: 9, counter: [2] }).read();
      expect(Array.from(z2)).toEqual(Array.from(z1));
      expect(Array.from(z3.subarray(0, 8))).not.toEqual(Array.from(z1.subarray(0, 8)));
      let s = 0;
      let s2 = 0;
      let s4 = 0;
      for (const v of z1) {
        s += v;
        s2 += v * v;
        s4 += v ** 4;
      }
      // mean ~ N(0, 1/n), variance estimate ~ N(1, 2/n), fourth moment ~ N(3, 96/n): 4σ bands.
      expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
      expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
      expect(Math.abs(s4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
      const u = await uniform(be.zeros([n]), { seed: 3, low: -1, high: 1 }).read();
      let su = 0;
      for (const v of u) {
        expect(v >= -1 && v < 1).toBe(true);
        su += v;
      }
      expect(Math.abs(su / n)).toBeLessThan(4 * Math.sqrt(1 / 3 / n));
      const p = be.tensor(new Float32Array(n).fill(0.3));
      const bits = await bernoulli(p, { seed: 4 }).read();
      const ones = bits.reduce((acc, v) => acc + v, 0);
      expect(Math.abs(ones / n - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / n));
    });

    it('bernoulli gives NaN, not a clipped draw, for p outside [0, 1]', async () => {
      const bits = await bernoulli(be.tensor(new Float32Array([-0.1, 1.5, Number.NaN, 0, 1])), { seed: 1 }).read();
      expect(Array.from(bits)).toEqual([Number.NaN, Number.NaN, Number.NaN, 0, 1]);
    });

    it('rejects bad arguments with errors naming them', async () => {
      const a = be.tensor(new Float32Array(6), [2, 3]);
      expect(() => gemm(a, a)).toThrow(/inner dimensions differ/);
      expect(() => gemm(a, be.zeros([3, 2], 'int32'))).toThrow(/b must be float32/);
      expect(() => gemm(a, a, { transB: true, out: be.zeros([3, 3]) })).toThrow(/out must have shape \[2, 2\]/);
      expect(() => gemm(a, a, { transB: true, beta: 1 })).toThrow(/beta ≠ 0 needs an out/);
      expect(() => gemm(a, a, { transB: true, alpha: Number.NaN })).toThrow(/alpha must be a finite number/);
      expect(() => gemm(be.zeros([2, 2, 2]), be.zeros([3, 2, 2]))).toThrow(/batch sizes differ/);
      expect(() => gemv(a, be.zeros([2]))).toThrow(/x must be \[3\]/);
      expect(() => add(a, be.zeros([3, 2]))).toThrow(/same shape/);
      expect(() => be.tensor(new Float32Array(5), [2, 3])).toThrow(/holds 6 elements but data has 5/);
      expect(() => be.zeros([2, -1])).toThrow(/extent 1 must be a non-negative integer/);
      expect(() => be.tensor([1, 2] as unknown as Float32Array)).toThrow(/expected a Float32Array/);
      expect(() => normal(be.zeros([4]), { seed: -1 })).toThrow(/seed/);
      expect(() => normal(be.zeros([4]), { seed: 1, counter: [1, 2, 3, 4] })).toThrow(/counter/);
      expect(() => normal(be.zeros([4]), { seed: 1, std: -1 })).toThrow(/std must be ≥ 0/);
      expect(() => softmax(a, { beta: Number.POSITIVE_INFINITY })).toThrow(/beta must be a finite number/);
      expect(() => reduceRows(a, 'mean' as 'sum')).toThrow(/op must be/);
      const probs = be.tensor(new Float32Array([0.5, 0.5]));
      expect(() => bernoulli(probs, { seed: 1, out: probs })).toThrow(/out may not be p itself/);
      expect(() => scale(be.zeros([2], 'uint32'), 2)).toThrow(/x must be float32/);
      const other = be.kind === 'cpu' ? null : await (await import('./backend')).createBackend({ kind: 'cpu' });
      if (other) expect(() => add(a, other.zeros([2, 3]))).toThrow(/different backend/);
      const gone = be.tensor(new Float32Array(2));
      gone.dispose();
      expect(() => scale(gone, 2)).toThrow(/after dispose/);
      await expect(gone.read()).rejects.toThrow(/after dispose/);
    });

    it('writes and reads back every dtype with its shape', async () => {
      const f = be.tensor(new Float32Array([1.5, -2]), [1, 2]);
      const i = be.tensor(new Int32Array([-7, 2 ** 31 - 1]));
      const u = be.tensor(new Uint32Array([0, 2 ** 32 - 1]));
      expect(Array.from(await f.read())).toEqual([1.5, -2]);
      expect(Array.from(await i.read())).toEqual([-7, 2 ** 31 - 1]);
      expect(Array.from(await u.read())).toEqual([0, 2 ** 32 - 1]);
      expect(f.shape).toEqual([1, 2]);
      be.write(i, new Int32Array([3, 4]));
      expect(Array.from(await i.read())).toEqual([3, 4]);
      expect(() => be.write(i, new Float32Array([3, 4]) as unknown as Int32Array)).toThrow(/expected int32/);
      expect(() => be.write(i, new Int32Array([3]))).toThrow(/expected 2 elements/);
      expect((await be.zeros([0]).read()).length).toBe(0);
    });

    if (options.largeDispatch)
      it('maps over more elements than one grid dimension holds (chunked onto a 2-D grid)', async () => {
        // 65535 workgroups × 256 invocations = 16 776 960 elements fit one dimension; go past it.
        const n = 65535 * 256 + 1000;
        const x = be.zeros([n]);
        const y = scale(uniform(x, { seed: 1 }), 2);
        const [u, got] = await Promise.all([x.read(), y.read()]);
        const want = philoxStream(new Uint32Array(n), 1);
        for (const i of [0, 1, 65535 * 256 - 1, 65535 * 256, n - 1]) {
          expect(u[i]).toBe(((want[i] as number) >>> 8) * 2 ** -24);
          expect(got[i]).toBe(2 * (u[i] as number));
        }
        for (let i = n - 1000; i < n; i++) expect(got[i]).toBe(2 * (u[i] as number));
      }, 300_000);
  });
}
