/**
 * Kernel self-checks: every kernel run on a backend against an independent f64
 * reference (naive loops and Math functions), with a stated tolerance each.
 * `replica-lab doctor` prints these; the test suite asserts them on every backend.
 * @module
 */
import type { Backend } from './backend';
import { add, axpy, binaryKernels, mapUnary, mul, unaryKernels } from './elementwise';
import { gemm } from './gemm';
import { gemv } from './gemv';
import { PhiloxRng, philoxStream } from './philox';
import { reduceRows, softmax } from './reduce';
import { bernoulli, normal, philoxFill, uniform } from './sampling';

/** The outcome of one kernel check. */
export interface KernelCheck {
  /** Kernel (and variant), e.g. `gemm(transA)`. */
  readonly name: string;
  /** `cpu` or `webgpu`. */
  readonly backend: string;
  /** max_i |got_i − reference_i| (0 when both are the same NaN/∞). */
  readonly maxAbsError: number;
  /** True when every element is within its tolerance (and non-finite values match). */
  readonly ok: boolean;
  /** How the tolerance was set. */
  readonly tolerance: string;
}

/** Unit roundoff of f32, u = 2^-24. */
export const F32_UNIT_ROUNDOFF = 2 ** -24;

/**
 * γ_n = n·u / (1 − n·u): the relative forward-error bound of an f32 sum of n
 * terms in any order (Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1).
 */
export function f32SumErrorFactor(n: number): number {
  const nu = n * F32_UNIT_ROUNDOFF;
  return nu / (1 - nu);
}

/** Per-element comparison: |got − ref| ≤ bound_i, with NaN/±∞ required to match exactly. */
export function compareWithBound(
  got: ArrayLike<number>,
  ref: ArrayLike<number>,
  bound: (i: number) => number,
): { maxAbsError: number; ok: boolean } {
  let maxAbsError = 0;
  let ok = got.length === ref.length;
  for (let i = 0; i < ref.length; i++) {
    const g = got[i] as number;
    const r = ref[i] as number;
    if (!Number.isFinite(r) || !Number.isFinite(g)) {
      if (!(g === r || (Number.isNaN(g) && Number.isNaN(r)))) ok = false;
      continue;
    }
    const e = Math.abs(g - r);
    if (e > maxAbsError) maxAbsError = e;
    if (e > bound(i)) ok = false;
  }
  return { maxAbsError, ok };
}

function randomArray(n: number, seed: number, lo: number, hi: number): Float32Array {
  const rng = new PhiloxRng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.nextDouble();
  return a;
}

/** Σ_k op(A)_ik op(B)_kj in f64, and Σ_k |op(A)_ik op(B)_kj| for the error bound (naive triple loop). */
export function gemmReference(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
): { ref: Float64Array; abs: Float64Array } {
  const ref = new Float64Array(m * n);
  const abs = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        const x = (transA ? a[p * m + i] : a[i * k + p]) as number;
        const y = (transB ? b[j * k + p] : b[p * n + j]) as number;
        s += x * y;
        t += Math.abs(x * y);
      }
      ref[i * n + j] = s;
      abs[i * n + j] = t;
    }
  }
  return { ref, abs };
}

/** Elementwise tolerance: 64 f32 ulps of the reference plus 2^-21 absolute (WGSL's log/exp accuracy classes). */
const ELEMENTWISE_TOL = '|Δ| ≤ 2^-17·|ref| + 2^-21 (64 ulp + WGSL log absolute bound)';
function elementwiseBound(ref: ArrayLike<number>): (i: number) => number {
  return (i) => 2 ** -17 * Math.abs(ref[i] as number) + 2 ** -21;
}

/**
 * Runs every kernel on `backend` and compares it with an f64 reference.
 * @returns one {@link KernelCheck} per kernel variant
 */
export async function runKernelSelfChecks(backend: Backend): Promise<KernelCheck[]> {
  const out: KernelCheck[] = [];
  const push = (name: string, r: { maxAbsError: number; ok: boolean }, tolerance: string) =>
    out.push({ name, backend: backend.kind, maxAbsError: r.maxAbsError, ok: r.ok, tolerance });

  // gemm: odd sizes (not multiples of the 64×64 tile), every transpose, α and β.
  for (const [transA, transB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    const [m, n, k] = [70, 45, 133];
    const a = randomArray(m * k, 11, -1, 1);
    const b = randomArray(k * n, 12, -1, 1);
    const c0 = randomArray(m * n, 13, -1, 1);
    const at = backend.tensor(a, transA ? [k, m] : [m, k]);
    const bt = backend.tensor(b, transB ? [n, k] : [k, n]);
    const ct = backend.tensor(c0, [m, n]);
    gemm(at, bt, { out: ct, alpha: 0.75, beta: -0.5, transA, transB });
    const got = await ct.read();
    const { ref, abs } = gemmReference(a, b, m, n, k, transA, transB);
    for (let i = 0; i < ref.length; i++) ref[i] = 0.75 * (ref[i] as number) - 0.5 * (c0[i] as number);
    const g = f32SumErrorFactor(k + 3);
    push(
      `gemm${transA ? '(transA)' : ''}${transB ? '(transB)' : ''}`,
      compareWithBound(got, ref, (i) => g * (0.75 * (abs[i] as number) + 0.5 * Math.abs(c0[i] as number))),
      'γ_{K+3}·(|α|Σ|a||b| + |β||c|), γ_n = nu/(1−nu)',
    );
    for (const t of [at, bt, ct]) t.dispose();
  }
  {
    // batched: a [3, m, k] against a shared b [k, n]
    const [bs, m, n, k] = [3, 17, 9, 29];
    const a = randomArray(bs * m * k, 14, -2, 2);
    const b = randomArray(k * n, 15, -2, 2);
    const ct = gemm(backend.tensor(a, [bs, m, k]), backend.tensor(b, [k, n]));
    const got = await ct.read();
    const ref = new Float64Array(bs * m * n);
    const abs = new Float64Array(bs * m * n);
    for (let t = 0; t < bs; t++) {
      const r = gemmReference(a.subarray(t * m * k, (t + 1) * m * k), b, m, n, k, false, false);
      ref.set(r.ref, t * m * n);
      abs.set(r.abs, t * m * n);
    }
    const g = f32SumErrorFactor(k + 2);
    push(
      'gemm(batched)',
      compareWithBound(got, ref, (i) => g * (abs[i] as number)),
      'γ_{K+2}·Σ|a||b|',
    );
  }

  // gemv both ways.
  for (const trans of [false, true]) {
    const [m, n] = [300, 77];
    const a = randomArray(m * n, 21, -1, 1);
    const x = randomArray(trans ? m : n, 22, -1, 1);
    const y = gemv(backend.tensor(a, [m, n]), backend.tensor(x), { trans });
    const got = await y.read();
    const len = trans ? n : m;
    const ref = new Float64Array(len);
    const abs = new Float64Array(len);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const v = (a[i * n + j] as number) * (x[trans ? i : j] as number);
        ref[trans ? j : i] = (ref[trans ? j : i] as number) + v;
        abs[trans ? j : i] = (abs[trans ? j : i] as number) + Math.abs(v);
      }
    }
    const g = f32SumErrorFactor((trans ? m : n) + 2);
    push(
      `gemv${trans ? '(trans)' : ''}`,
      compareWithBound(got, ref, (i) => g * (abs[i] as number)),
      'γ_{K+2}·Σ|a||x|',
    );
  }

  // Unary maps against Math in f64.
  const n = 1000;
  const xs = randomArray(n, 31, -8, 8);
  const positive = randomArray(n, 32, 1e-3, 10);
  const refs: Record<string, (x: number) => number> = {
    sigmoid: (x) => 1 / (1 + Math.exp(-x)),
    tanh: Math.tanh,
    relu: (x) => Math.max(x, 0),
    sign: Math.sign,
    exp: Math.exp,
    log: Math.log,
    scale: (x) => -1.25 * x,
  };
  for (const [name, kernel] of Object.entries(unaryKernels)) {
    const input = name === 'log' ? positive : xs;
    const y = await mapUnary(kernel, backend.tensor(input), { a: -1.25 }).read();
    const f = refs[name] as (x: number) => number;
    const ref = Float64Array.from(input, f);
    push(name, compareWithBound(y, ref, elementwiseBound(ref)), ELEMENTWISE_TOL);
  }
  {
    const x = backend.tensor(xs);
    const ys = randomArray(n, 33, -8, 8);
    const sum = await add(x, backend.tensor(ys)).read();
    const prod = await mul(x, backend.tensor(ys)).read();
    const y = backend.tensor(ys);
    axpy(0.5, x, y);
    const ax = await y.read();
    const exact = (f: (a: number, b: number) => number) => Float64Array.from(xs, (v, i) => f(v, ys[i] as number));
    // One rounding; GPUs may flush subnormal results to zero (WGSL allows it), hence 2^-126.
    const rounding = (ref: Float64Array) => (i: number) =>
      2 * F32_UNIT_ROUNDOFF * Math.abs(ref[i] as number) + 2 ** -126;
    const rAdd = exact((a, b) => a + b);
    const rMul = exact((a, b) => a * b);
    const rAxpy = exact((a, b) => 0.5 * a + b);
    push(binaryKernels.add.name, compareWithBound(sum, rAdd, rounding(rAdd)), 'one f32 rounding: 2u·|ref| + 2^-126');
    push(binaryKernels.mul.name, compareWithBound(prod, rMul, rounding(rMul)), 'one f32 rounding: 2u·|ref| + 2^-126');
    push(
      binaryKernels.axpy.name,
      compareWithBound(
        ax,
        rAxpy,
        (i) => 2 * F32_UNIT_ROUNDOFF * (Math.abs(0.5 * (xs[i] as number)) + Math.abs(ys[i] as number)),
      ),
      '2u·(|a x| + |y|)',
    );
  }

  // Row softmax and reductions: rows of 300 (more than one workgroup stride), β = 1.7.
  {
    const [rows, cols, beta] = [7, 300, 1.7];
    const x = randomArray(rows * cols, 41, -5, 5);
    const xt = backend.tensor(x, [rows, cols]);
    const sm = await softmax(xt, { beta }).read();
    const ref = new Float64Array(rows * cols);
    const sums = new Float64Array(rows);
    const maxs = new Float64Array(rows);
    const lses = new Float64Array(rows);
    const abss = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let m = Number.NEGATIVE_INFINITY;
      let s = 0;
      let t = 0;
      for (let j = 0; j < cols; j++) {
        const v = x[r * cols + j] as number;
        m = Math.max(m, v);
        s += v;
        t += Math.abs(v);
      }
      let z = 0;
      let e = 0;
      for (let j = 0; j < cols; j++) {
        z += Math.exp(beta * (x[r * cols + j] as number) - beta * m);
        e += Math.exp((x[r * cols + j] as number) - m);
      }
      for (let j = 0; j < cols; j++) ref[r * cols + j] = Math.exp(beta * (x[r * cols + j] as number) - beta * m) / z;
      sums[r] = s;
      maxs[r] = m;
      lses[r] = m + Math.log(e);
      abss[r] = t;
    }
    push(
      'softmax',
      compareWithBound(sm, ref, (i) => 2 ** -16 * (ref[i] as number) + 2 ** -30),
      '|Δ| ≤ 2^-16·ref (exp to 64 ulp, sum and divide)',
    );
    const gs = f32SumErrorFactor(cols + 1);
    push(
      'sum',
      compareWithBound(await reduceRows(xt, 'sum').read(), sums, (r) => gs * (abss[r] as number)),
      'γ_{n+1}·Σ|x|',
    );
    push(
      'max',
      compareWithBound(await reduceRows(xt, 'max').read(), maxs, () => 0),
      'exact',
    );
    push(
      'logsumexp',
      compareWithBound(
        await reduceRows(xt, 'logsumexp').read(),
        lses,
        (r) => 2 ** -18 * (1 + Math.abs(lses[r] as number)),
      ),
      '|Δ| ≤ 2^-18·(1 + |ref|)',
    );
  }

  // Sampling: the same Philox words on every backend.
  {
    const count = 1001; // not a multiple of 4: the last block is partial
    const seed = 0x5eed;
    const counter = [7, 0, 1];
    const words = await philoxFill(backend.zeros([count], 'uint32'), { seed, counter }).read();
    const want = philoxStream(new Uint32Array(count), seed, counter);
    push(
      'philox',
      compareWithBound(words, want, () => 0),
      'bit-identical to the TypeScript stream',
    );
    const u = await uniform(backend.zeros([count]), { seed, counter, low: -2, high: 3 }).read();
    const uref = Float64Array.from(want, (w) => -2 + 5 * ((w >>> 8) * 2 ** -24));
    push(
      'uniform',
      compareWithBound(u, uref, (i) => 2 * F32_UNIT_ROUNDOFF * (2 + Math.abs(uref[i] as number))),
      'two f32 roundings',
    );
    const p = randomArray(count, 51, 0, 1);
    const bits = await bernoulli(backend.tensor(p), { seed, counter }).read();
    const bref = Float64Array.from(want, (w, i) => ((w >>> 8) * 2 ** -24 < (p[i] as number) ? 1 : 0));
    push(
      'bernoulli',
      compareWithBound(bits, bref, () => 0),
      'bit-identical (u < p exact in f32)',
    );
    const z = await normal(backend.zeros([count]), { seed, counter, mean: 0.5, std: 2 }).read();
    const zref = new Float64Array(count);
    // Pairs of words, so the partial last block needs its whole block's words.
    const blockWords = philoxStream(new Uint32Array(Math.ceil(count / 4) * 4), seed, counter);
    for (let i = 0; i < count; i += 2) {
      const r = Math.sqrt(-2 * Math.log(((blockWords[i] as number) >>> 8) * 2 ** -24 + 2 ** -24));
      const th = 2 * Math.PI * (((blockWords[i + 1] as number) >>> 8) * 2 ** -24);
      zref[i] = 0.5 + 2 * r * Math.cos(th);
      if (i + 1 < count) zref[i + 1] = 0.5 + 2 * r * Math.sin(th);
    }
    push(
      'normal',
      compareWithBound(z, zref, (i) => 2 ** -16 * (1 + Math.abs(zref[i] as number))),
      '|Δ| ≤ 2^-16·(1 + |ref|) (f32 log, sqrt, cos, sin)',
    );
  }
  await backend.sync();
  return out;
}
