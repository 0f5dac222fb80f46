/**
 * Every op's vector–Jacobian product against central finite differences of a plain f64
 * TypeScript reference of its forward, on random shapes and values (fast-check), on every
 * backend. The loss is L = Σ w ⊙ op(x) with random w, so ∂L/∂x is the VJP of w.
 * Tolerance: |analytic − numeric| ≤ 3·10⁻³·max(1, max|numeric|) per entry — the analytic side
 * is f32 (unit roundoff 6·10⁻⁸, sums of ≤ 25 terms), the numeric side f64 central differences
 * with h = 10⁻⁴ (truncation ~h² = 10⁻⁸); 3·10⁻³ leaves room for f32 transcendental functions
 * on GPUs (a few ulp) and fails on any wrong derivative (errors of O(1)).
 * The forward itself is checked against the reference too: |f32 − f64| ≤ 10⁻⁴·max(1, max|ref|)
 * (sums of ≤ 60 f32 products, erf's 1.5·10⁻⁷ approximation error, GPU transcendentals).
 */
import { fc } from '@fast-check/vitest';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { PhiloxRng, philoxStream, uniformFromU32 } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import * as nn from './index';
import type { Var } from './tape';
import { Parameter, Tape } from './tape';

type F64 = Float64Array;

/** How an input's values are drawn (see drawValue). */
type Domain = 'any' | 'positive' | 'unit' | 'sign' | 'awayFromOne';

interface OpCase {
  readonly name: string;
  /** Input shapes, from sizes drawn by fast-check. */
  shapes(d: readonly number[]): number[][];
  /** How to draw each input's values: 'any' in ±2 away from 0, 'positive' in [0.5, 2]. */
  readonly domain?: readonly Domain[];
  /** The op on a tape. */
  build(vars: readonly Var[], extra: Extra): Var;
  /** The f64 reference of its forward (flat output). */
  ref(xs: readonly F64[], shapes: readonly number[][], extra: Extra): F64;
}

interface Extra {
  readonly labels: number[];
}

const idx = (r: number, c: number, cols: number) => r * cols + c;

function refMatmul(a: F64, b: F64, sa: number[], sb: number[], ta: boolean, tb: boolean): F64 {
  const [m, k] = ta ? [sa[1]!, sa[0]!] : [sa[0]!, sa[1]!];
  const n = tb ? sb[0]! : sb[1]!;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) {
        const av = ta ? a[idx(t, i, m)]! : a[idx(i, t, k)]!;
        const bv = tb ? b[idx(j, t, k)]! : b[idx(t, j, n)]!;
        s += av * bv;
      }
      out[idx(i, j, n)] = s;
    }
  return out;
}

const map = (x: F64, f: (v: number) => number) => Float64Array.from(x, f);
const zip = (x: F64, y: F64, f: (a: number, b: number) => number) => Float64Array.from(x, (v, i) => f(v, y[i]!));
const sigma = (v: number) => 1 / (1 + Math.exp(-v));

const CASES: OpCase[] = [
  ...([false, true] as const).flatMap((ta) =>
    ([false, true] as const).map(
      (tb): OpCase => ({
        name: `matmul${ta ? ' transA' : ''}${tb ? ' transB' : ''}`,
        shapes: ([m, k, n]) => [ta ? [k!, m!] : [m!, k!], tb ? [n!, k!] : [k!, n!]],
        build: ([a, b]) => nn.matmul(a!, b!, { transA: ta, transB: tb }),
        ref: ([a, b], [sa, sb]) => refMatmul(a!, b!, sa!, sb!, ta, tb),
      }),
    ),
  ),
  ...([false, true] as const).map(
    (t): OpCase => ({
      name: `matmul over a replica axis${t ? ' transA transB' : ''}`,
      shapes: ([m, k, n]) => [t ? [3, k!, m!] : [3, m!, k!], t ? [3, n!, k!] : [3, k!, n!]],
      build: ([a, b]) => nn.matmul(a!, b!, { transA: t, transB: t }),
      ref: ([a, b], [sa, sb]) => {
        const per = (s: number[]) => s[1]! * s[2]!;
        const outs = [0, 1, 2].map((r) =>
          refMatmul(
            a!.subarray(r * per(sa!), (r + 1) * per(sa!)),
            b!.subarray(r * per(sb!), (r + 1) * per(sb!)),
            sa!.slice(1),
            sb!.slice(1),
            t,
            t,
          ),
        );
        return Float64Array.from(outs.flatMap((o) => Array.from(o)));
      },
    }),
  ),
  {
    name: 'addBias over a replica axis',
    shapes: ([r, n]) => [
      [2, r!, n!],
      [2, 1, n!],
    ],
    build: ([x, b]) => nn.addBias(x!, b!),
    ref: ([x, b], [sx]) => {
      const [, rows, n] = sx! as [number, number, number];
      return Float64Array.from(x!, (v, e) => v + b![Math.floor(e / (rows * n)) * n + (e % n)]!);
    },
  },
  {
    name: 'crossEntropyWithLogits over a replica axis (sum of the replicas’ means)',
    shapes: ([r, n]) => [[2, r!, n! + 1]],
    build: ([z], { labels }) => nn.crossEntropyWithLogits(z!, labels.slice(0, 2 * z!.shape[1]!)),
    ref: ([z], [s], { labels }) => {
      const [R, rows, c] = s! as [number, number, number];
      let L = 0;
      for (let q = 0; q < R * rows; q++) {
        let m = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < c; j++) m = Math.max(m, z![q * c + j]!);
        let e = 0;
        for (let j = 0; j < c; j++) e += Math.exp(z![q * c + j]! - m);
        L += m + Math.log(e) - z![q * c + (labels[q]! % c)]!;
      }
      return Float64Array.of(L / rows);
    },
  },
  {
    name: 'addBias',
    shapes: ([r, n]) => [
      [r!, n!],
      [1, n!],
    ],
    build: ([x, b]) => nn.addBias(x!, b!),
    ref: ([x, b], [sx]) => Float64Array.from(x!, (v, e) => v + b![e % sx![1]!]!),
  },
  {
    name: 'add',
    shapes: ([r, n]) => [
      [r!, n!],
      [r!, n!],
    ],
    build: ([x, y]) => nn.add(x!, y!),
    ref: ([x, y]) => zip(x!, y!, (a, b) => a + b),
  },
  {
    name: 'sub',
    shapes: ([r, n]) => [
      [r!, n!],
      [r!, n!],
    ],
    build: ([x, y]) => nn.sub(x!, y!),
    ref: ([x, y]) => zip(x!, y!, (a, b) => a - b),
  },
  {
    name: 'mul',
    shapes: ([r, n]) => [
      [r!, n!],
      [r!, n!],
    ],
    build: ([x, y]) => nn.mul(x!, y!),
    ref: ([x, y]) => zip(x!, y!, (a, b) => a * b),
  },
  {
    name: 'div',
    shapes: ([r, n]) => [
      [r!, n!],
      [r!, n!],
    ],
    domain: ['any', 'positive'],
    build: ([x, y]) => nn.div(x!, y!),
    ref: ([x, y]) => zip(x!, y!, (a, b) => a / b),
  },
  {
    name: 'scale',
    shapes: ([r, n]) => [[r!, n!]],
    build: ([x]) => nn.scale(x!, -1.5),
    ref: ([x]) => map(x!, (v) => -1.5 * v),
  },
  {
    name: 'relu',
    shapes: ([r, n]) => [[r!, n!]],
    build: ([x]) => nn.relu(x!),
    ref: ([x]) => map(x!, (v) => Math.max(v, 0)),
  },
  { name: 'tanh', shapes: ([r, n]) => [[r!, n!]], build: ([x]) => nn.tanh(x!), ref: ([x]) => map(x!, Math.tanh) },
  { name: 'sigmoid', shapes: ([r, n]) => [[r!, n!]], build: ([x]) => nn.sigmoid(x!), ref: ([x]) => map(x!, sigma) },
  {
    name: 'softplus',
    shapes: ([r, n]) => [[r!, n!]],
    build: ([x]) => nn.softplus(x!),
    ref: ([x]) => map(x!, (v) => Math.log1p(Math.exp(v))),
  },
  { name: 'exp', shapes: ([r, n]) => [[r!, n!]], build: ([x]) => nn.exp(x!), ref: ([x]) => map(x!, Math.exp) },
  {
    name: 'log',
    shapes: ([r, n]) => [[r!, n!]],
    domain: ['positive'],
    build: ([x]) => nn.log(x!),
    ref: ([x]) => map(x!, Math.log),
  },
  {
    name: 'sum',
    shapes: ([r, n]) => [[r!, n!]],
    build: ([x]) => nn.sum(x!),
    ref: ([x]) => Float64Array.of(x!.reduce((a, b) => a + b, 0)),
  },
  {
    name: 'mean',
    shapes: ([r, n]) => [[r!, n!]],
    build: ([x]) => nn.mean(x!),
    ref: ([x]) => Float64Array.of(x!.reduce((a, b) => a + b, 0) / x!.length),
  },
  {
    name: 'crossEntropyWithLogits',
    shapes: ([r, n]) => [[r!, n! + 1]],
    build: ([z], { labels }) => nn.crossEntropyWithLogits(z!, labels.slice(0, z!.shape[0])),
    ref: ([z], [s], { labels }) => {
      const [rows, c] = s! as [number, number];
      let L = 0;
      for (let r = 0; r < rows; r++) {
        let m = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < c; j++) m = Math.max(m, z![r * c + j]!);
        let e = 0;
        for (let j = 0; j < c; j++) e += Math.exp(z![r * c + j]! - m);
        L += m + Math.log(e) - z![r * c + (labels[r]! % c)]!;
      }
      return Float64Array.of(L / rows);
    },
  },
  ...[false, true].map(
    (rep): OpCase => ({
      name: `softmaxLast${rep ? ' (rank 3)' : ''}`,
      shapes: ([r, n]) => [rep ? [2, r!, n!] : [r!, n!]],
      build: ([x]) => nn.softmaxLast(x!),
      ref: ([x], [s]) => {
        const n = s![s!.length - 1]!;
        const out = new Float64Array(x!.length);
        for (let o = 0; o < x!.length; o += n) {
          let m = Number.NEGATIVE_INFINITY;
          for (let j = 0; j < n; j++) m = Math.max(m, x![o + j]!);
          let z = 0;
          for (let j = 0; j < n; j++) z += Math.exp(x![o + j]! - m);
          for (let j = 0; j < n; j++) out[o + j] = Math.exp(x![o + j]! - m) / z;
        }
        return out;
      },
    }),
  ),
  {
    name: 'logSumExp',
    shapes: ([r, n]) => [[r!, n!]],
    build: ([x]) => nn.logSumExp(x!),
    ref: ([x], [s]) => {
      const n = s![1]!;
      return Float64Array.from({ length: s![0]! }, (_, r) => {
        let m = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < n; j++) m = Math.max(m, x![r * n + j]!);
        let z = 0;
        for (let j = 0; j < n; j++) z += Math.exp(x![r * n + j]! - m);
        return m + Math.log(z);
      });
    },
  },
  {
    name: 'reshape',
    shapes: ([r, n, k]) => [[r!, n!, k!]],
    build: ([x]) => nn.reshape(x!, [x!.shape[0]! * x!.shape[1]!, x!.shape[2]!]),
    ref: ([x]) => Float64Array.from(x!),
  },
  {
    name: 'mseLoss',
    shapes: ([r, n]) => [
      [r!, n!],
      [r!, n!],
    ],
    build: ([p, t]) => nn.mseLoss(p!, t!),
    ref: ([p, t]) => Float64Array.of(zip(p!, t!, (a, b) => (a - b) ** 2).reduce((a, b) => a + b, 0) / p!.length),
  },
];

/** Row-major strides. */
const stridesOf = (s: readonly number[]) => {
  const out = new Array<number>(s.length);
  let acc = 1;
  for (let d = s.length - 1; d >= 0; d--) {
    out[d] = acc;
    acc *= s[d]!;
  }
  return out;
};

/** Visits every multi-index of a shape in row-major order. */
function forEachIndex(shape: readonly number[], f: (i: number[], e: number) => void): void {
  const size = shape.reduce((a, d) => a * d, 1);
  const i = new Array<number>(shape.length).fill(0);
  for (let e = 0; e < size; e++) {
    f(i, e);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++i[d]! < shape[d]!) break;
      i[d] = 0;
    }
  }
}

/** x (shape sx) broadcast to shape, NumPy's rules. */
function refBroadcast(x: F64, sx: readonly number[], shape: readonly number[]): F64 {
  const out = new Float64Array(shape.reduce((a, d) => a * d, 1));
  const st = stridesOf(sx);
  const lead = shape.length - sx.length;
  forEachIndex(shape, (i, e) => {
    let k = 0;
    for (let d = 0; d < sx.length; d++) k += (sx[d] === 1 ? 0 : i[d + lead]!) * st[d]!;
    out[e] = x[k]!;
  });
  return out;
}

/** f64 2-D convolution (cross-correlation), NCHW, weight [O, C, kh, kw]. */
function refConv(x: F64, sx: number[], w: F64, sw: number[], b: F64 | null, s: number, p: number): F64 {
  const [n, c, h, wd] = sx as [number, number, number, number];
  const [o, , kh, kw] = sw as [number, number, number, number];
  const oh = Math.floor((h + 2 * p - kh) / s) + 1;
  const ow = Math.floor((wd + 2 * p - kw) / s) + 1;
  const out = new Float64Array(n * o * oh * ow);
  for (let bi = 0; bi < n; bi++)
    for (let oc = 0; oc < o; oc++)
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let acc = b ? b[oc]! : 0;
          for (let ch = 0; ch < c; ch++)
            for (let u = 0; u < kh; u++)
              for (let v = 0; v < kw; v++) {
                const y = i * s + u - p;
                const xx = j * s + v - p;
                if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
                acc += w[((oc * c + ch) * kh + u) * kw + v]! * x[((bi * c + ch) * h + y) * wd + xx]!;
              }
          out[((bi * o + oc) * oh + i) * ow + j] = acc;
        }
  return out;
}

/** f64 transposed convolution by its definition (scatter of each input pixel), weight [C, O, kh, kw]. */
function refConvT(x: F64, sx: number[], w: F64, sw: number[], b: F64 | null, s: number, p: number, q: number): F64 {
  const [n, c, h, wd] = sx as [number, number, number, number];
  const [, o, kh, kw] = sw as [number, number, number, number];
  const H = (h - 1) * s - 2 * p + kh + q;
  const W = (wd - 1) * s - 2 * p + kw + q;
  const out = new Float64Array(n * o * H * W);
  for (let bi = 0; bi < n; bi++)
    for (let oc = 0; oc < o; oc++) for (let e = 0; e < H * W; e++) out[(bi * o + oc) * H * W + e] = b ? b[oc]! : 0;
  for (let bi = 0; bi < n; bi++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < h; i++)
        for (let j = 0; j < wd; j++)
          for (let oc = 0; oc < o; oc++)
            for (let u = 0; u < kh; u++)
              for (let v = 0; v < kw; v++) {
                const y = i * s + u - p;
                const xx = j * s + v - p;
                if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
                out[((bi * o + oc) * H + y) * W + xx]! +=
                  x[((bi * c + ch) * h + i) * wd + j]! * w[((ch * o + oc) * kh + u) * kw + v]!;
              }
  return out;
}

/** erf by its Maclaurin series (f64, |x| ≤ 3: terms fall below 10⁻¹⁷). */
function refErf(x: number): number {
  let term = x;
  let sum = x;
  for (let k = 1; k < 80; k++) {
    term *= (-x * x) / k;
    sum += term / (2 * k + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Reduces x over axes (sorted) with f, keepDims-free flat output in row-major order of the kept axes. */
function refReduce(
  x: F64,
  sx: readonly number[],
  axes: readonly number[],
  init: number,
  f: (a: number, v: number) => number,
): F64 {
  const keptShape = sx.map((d, k) => (axes.includes(k) ? 1 : d));
  const st = stridesOf(keptShape);
  const out = new Float64Array(keptShape.reduce((a, d) => a * d, 1)).fill(init);
  forEachIndex(sx, (i, e) => {
    let k = 0;
    for (let d = 0; d < sx.length; d++) if (!axes.includes(d)) k += i[d]! * st[d]!;
    out[k] = f(out[k]!, x[e]!);
  });
  return out;
}

const bShape = (x: F64, sx: number[], y: F64, sy: number[], f: (a: number, b: number) => number): F64 => {
  const rank = Math.max(sx.length, sy.length);
  const shape = Array.from({ length: rank }, (_, k) =>
    Math.max(sx[sx.length - rank + k] ?? 1, sy[sy.length - rank + k] ?? 1),
  );
  return zip(refBroadcast(x, sx, shape), refBroadcast(y, sy, shape), f);
};

const MORE_CASES: OpCase[] = [
  {
    name: 'add broadcasting [r, n] + [n]',
    shapes: ([r, n]) => [[r!, n!], [n!]],
    build: ([x, y]) => nn.add(x!, y!),
    ref: ([x, y], [sx, sy]) => bShape(x!, sx!, y!, sy!, (a, b) => a + b),
  },
  {
    name: 'sub broadcasting [r, 1, n] − [k, 1]',
    shapes: ([r, n, k]) => [
      [r!, 1, n!],
      [k!, 1],
    ],
    build: ([x, y]) => nn.sub(x!, y!),
    ref: ([x, y], [sx, sy]) => bShape(x!, sx!, y!, sy!, (a, b) => a - b),
  },
  {
    name: 'mul broadcasting [r, n] ⊙ [r, 1]',
    shapes: ([r, n]) => [
      [r!, n!],
      [r!, 1],
    ],
    build: ([x, y]) => nn.mul(x!, y!),
    ref: ([x, y], [sx, sy]) => bShape(x!, sx!, y!, sy!, (a, b) => a * b),
  },
  {
    name: 'div broadcasting [1, n] / [r, n]',
    shapes: ([r, n]) => [
      [1, n!],
      [r!, n!],
    ],
    domain: ['any', 'positive'],
    build: ([x, y]) => nn.div(x!, y!),
    ref: ([x, y], [sx, sy]) => bShape(x!, sx!, y!, sy!, (a, b) => a / b),
  },
  {
    name: 'sqrt',
    shapes: ([r, n]) => [[r!, n!]],
    domain: ['positive'],
    build: ([x]) => nn.sqrt(x!),
    ref: ([x]) => map(x!, Math.sqrt),
  },
  { name: 'abs', shapes: ([r, n]) => [[r!, n!]], build: ([x]) => nn.abs(x!), ref: ([x]) => map(x!, Math.abs) },
  {
    name: 'pow 3 (negative bases)',
    shapes: ([r, n]) => [[r!, n!]],
    build: ([x]) => nn.pow(x!, 3),
    ref: ([x]) => map(x!, (v) => v ** 3),
  },
  {
    name: 'pow −0.5',
    shapes: ([r, n]) => [[r!, n!]],
    domain: ['positive'],
    build: ([x]) => nn.pow(x!, -0.5),
    ref: ([x]) => map(x!, (v) => v ** -0.5),
  },
  {
    name: 'silu',
    shapes: ([r, n]) => [[r!, n!]],
    build: ([x]) => nn.silu(x!),
    ref: ([x]) => map(x!, (v) => v * sigma(v)),
  },
  { name: 'erf', shapes: ([r, n]) => [[r!, n!]], build: ([x]) => nn.erf(x!), ref: ([x]) => map(x!, refErf) },
  {
    name: 'clamp to [−1, 1]',
    shapes: ([r, n]) => [[r!, n!]],
    domain: ['awayFromOne'],
    build: ([x]) => nn.clamp(x!, { min: -1, max: 1 }),
    ref: ([x]) => map(x!, (v) => Math.min(Math.max(v, -1), 1)),
  },
  {
    name: 'addScalar',
    shapes: ([r, n]) => [[r!, n!]],
    build: ([x]) => nn.addScalar(x!, 0.75),
    ref: ([x]) => map(x!, (v) => v + 0.75),
  },
  {
    name: 'permute [2, 0, 1]',
    shapes: ([a, b, c]) => [[a!, b!, c!]],
    build: ([x]) => nn.permute(x!, [2, 0, 1]),
    ref: ([x], [s]) => {
      const [a, b, c] = s! as [number, number, number];
      const out = new Float64Array(x!.length);
      for (let i = 0; i < a; i++)
        for (let j = 0; j < b; j++) for (let k = 0; k < c; k++) out[(k * a + i) * b + j] = x![(i * b + j) * c + k]!;
      return out;
    },
  },
  {
    name: 'slice',
    shapes: ([a, b, c]) => [[a! + 1, b! + 2, c!]],
    build: ([x]) => nn.slice(x!, [1, 1, 0], [x!.shape[0]! - 1, x!.shape[1]! - 2, x!.shape[2]!]),
    ref: ([x], [s]) => {
      const [a, b, c] = s! as [number, number, number];
      const out: number[] = [];
      for (let i = 1; i < a; i++)
        for (let j = 1; j < b - 1; j++) for (let k = 0; k < c; k++) out.push(x![(i * b + j) * c + k]!);
      return Float64Array.from(out);
    },
  },
  {
    name: 'pad with a constant',
    shapes: ([a, b]) => [[a!, b!]],
    build: ([x]) =>
      nn.pad(
        x!,
        [
          [1, 0],
          [2, 1],
        ],
        0.5,
      ),
    ref: ([x], [s]) => {
      const [a, b] = s! as [number, number];
      const out = new Float64Array((a + 1) * (b + 3)).fill(0.5);
      for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) out[(i + 1) * (b + 3) + j + 2] = x![i * b + j]!;
      return out;
    },
  },
  {
    name: 'concat on axis 1',
    shapes: ([a, b, c]) => [
      [a!, b!, 2],
      [a!, c!, 2],
      [a!, 1, 2],
    ],
    build: (xs) => nn.concat(xs, 1),
    ref: (xs, ss) => {
      const a = ss[0]![0]!;
      const out: number[] = [];
      for (let i = 0; i < a; i++)
        xs.forEach((x, t) => {
          const rows = ss[t]![1]!;
          for (let j = 0; j < rows * 2; j++) out.push(x[i * rows * 2 + j]!);
        });
      return Float64Array.from(out);
    },
  },
  {
    name: 'broadcastTo [k, 1] → [r, k, n]',
    shapes: ([, , k]) => [[k!, 1]],
    build: ([x]) => nn.broadcastTo(x!, [2, x!.shape[0]!, 3]),
    ref: ([x], [s]) => refBroadcast(x!, s!, [2, s![0]!, 3]),
  },
  {
    name: 'sumAxes [0, 2] keepDims',
    shapes: ([a, b, c]) => [[a!, b!, c!]],
    build: ([x]) => nn.sumAxes(x!, { axes: [0, 2], keepDims: true }),
    ref: ([x], [s]) => refReduce(x!, s!, [0, 2], 0, (p, v) => p + v),
  },
  {
    name: 'meanAxes [−1]',
    shapes: ([a, b, c]) => [[a!, b!, c!]],
    build: ([x]) => nn.meanAxes(x!, { axes: [-1] }),
    ref: ([x], [s]) =>
      map(
        refReduce(x!, s!, [2], 0, (p, v) => p + v),
        (v) => v / s![2]!,
      ),
  },
  {
    name: 'maxAxes [1]',
    shapes: ([a, b, c]) => [[a!, b!, c!]],
    build: ([x]) => nn.maxAxes(x!, { axes: [1] }),
    ref: ([x], [s]) => refReduce(x!, s!, [1], Number.NEGATIVE_INFINITY, Math.max),
  },
  {
    name: 'softmaxAxis 1 of a rank-3 tensor',
    shapes: ([a, b, c]) => [[a!, b! + 1, c!]],
    build: ([x]) => nn.softmaxAxis(x!, 1),
    ref: ([x], [s]) => {
      const [a, b, c] = s! as [number, number, number];
      const out = new Float64Array(x!.length);
      for (let i = 0; i < a; i++)
        for (let k = 0; k < c; k++) {
          const at = (j: number) => (i * b + j) * c + k;
          let m = Number.NEGATIVE_INFINITY;
          for (let j = 0; j < b; j++) m = Math.max(m, x![at(j)]!);
          let z = 0;
          for (let j = 0; j < b; j++) z += Math.exp(x![at(j)]! - m);
          for (let j = 0; j < b; j++) out[at(j)] = Math.exp(x![at(j)]! - m) / z;
        }
      return out;
    },
  },
  {
    name: 'logSumExpAxis 0 keepDims',
    shapes: ([a, b]) => [[a! + 1, b!]],
    build: ([x]) => nn.logSumExpAxis(x!, 0, { keepDims: true }),
    ref: ([x], [s]) => {
      const [a, b] = s! as [number, number];
      return Float64Array.from({ length: b }, (_, k) => {
        let z = 0;
        for (let i = 0; i < a; i++) z += Math.exp(x![i * b + k]!);
        return Math.log(z);
      });
    },
  },
  {
    name: 'gatherLast',
    shapes: ([r, n]) => [[r!, n! + 1]],
    build: ([x], { labels }) => nn.gatherLast(x!, labels.slice(0, x!.shape[0])),
    ref: ([x], [s], { labels }) => {
      const [rows, c] = s! as [number, number];
      return Float64Array.from({ length: rows }, (_, r) => x![r * c + (labels[r]! % c)]!);
    },
  },
  {
    name: 'softmax attention softmax(QKᵀ/√d)·V',
    shapes: ([m, d, n]) => [
      [m!, d!],
      [n!, d!],
      [n!, 2],
    ],
    build: ([q, k, v]) =>
      nn.matmul(nn.softmaxLast(nn.scale(nn.matmul(q!, k!, { transB: true }), 1 / Math.sqrt(q!.shape[1]!))), v!),
    ref: ([q, k, v], [sq, sk]) => {
      const [m, d] = sq! as [number, number];
      const n = sk![0]!;
      const s = map(refMatmul(q!, k!, sq!, sk!, false, true), (x) => x / Math.sqrt(d));
      for (let i = 0; i < m; i++) {
        let mx = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < n; j++) mx = Math.max(mx, s[i * n + j]!);
        let z = 0;
        for (let j = 0; j < n; j++) z += Math.exp(s[i * n + j]! - mx);
        for (let j = 0; j < n; j++) s[i * n + j] = Math.exp(s[i * n + j]! - mx) / z;
      }
      return refMatmul(s, v!, [m, n], [n, 2], false, false);
    },
  },
  ...[
    { stride: 1, padding: 1 },
    { stride: 2, padding: 0 },
  ].map(
    ({ stride, padding }): OpCase => ({
      name: `conv2d 3×3 stride ${stride} padding ${padding} with bias`,
      shapes: ([c, h, w]) => [[2, c!, h! + 2, w! + 2], [3, c!, 3, 3], [3]],
      build: ([x, w, b]) => nn.conv2d(x!, w!, b!, { stride, padding }),
      ref: ([x, w, b], [sx, sw]) => refConv(x!, sx!, w!, sw!, b!, stride, padding),
    }),
  ),
  {
    name: 'conv2d 1×1 (a matmul over channels)',
    shapes: ([c, h, w]) => [
      [2, c!, h!, w!],
      [2, c!, 1, 1],
    ],
    build: ([x, w]) => nn.conv2d(x!, w!, null),
    ref: ([x, w], [sx, sw]) => refConv(x!, sx!, w!, sw!, null, 1, 0),
  },
  ...[
    { stride: 2, padding: 1, outputPadding: 1 },
    { stride: 1, padding: 0, outputPadding: 0 },
  ].map(
    ({ stride, padding, outputPadding }): OpCase => ({
      name: `convTranspose2d 3×3 stride ${stride} padding ${padding} output padding ${outputPadding}`,
      shapes: ([c, h, w]) => [[2, c!, h!, w!], [c!, 2, 3, 3], [2]],
      build: ([x, w, b]) => nn.convTranspose2d(x!, w!, b!, { stride, padding, outputPadding }),
      ref: ([x, w, b], [sx, sw]) => refConvT(x!, sx!, w!, sw!, b!, stride, padding, outputPadding),
    }),
  ),
  {
    name: 'batchNorm (training, affine) over [N, C, H, W]',
    shapes: ([c, h, w]) => [[3, c!, h!, w!], [c!], [c!]],
    build: ([x, g, b]) => {
      const tape = x!.tape;
      const c = x!.shape[1]!;
      const runningMean = tape.own(tape.backend.zeros([c]) as Tensor<'float32'>);
      const runningVar = tape.own(tape.backend.zeros([c]) as Tensor<'float32'>);
      return nn.batchNorm(x!, { training: true, runningMean, runningVar, weight: g!, bias: b! });
    },
    ref: ([x, g, b], [s]) => {
      const [n, c, h, w] = s! as [number, number, number, number];
      const out = new Float64Array(x!.length);
      const m = n * h * w;
      for (let ch = 0; ch < c; ch++) {
        const at = (bi: number, e: number) => (bi * c + ch) * h * w + e;
        let mu = 0;
        for (let bi = 0; bi < n; bi++) for (let e = 0; e < h * w; e++) mu += x![at(bi, e)]!;
        mu /= m;
        let v = 0;
        for (let bi = 0; bi < n; bi++) for (let e = 0; e < h * w; e++) v += (x![at(bi, e)]! - mu) ** 2;
        v /= m;
        for (let bi = 0; bi < n; bi++)
          for (let e = 0; e < h * w; e++)
            out[at(bi, e)] = (g![ch]! * (x![at(bi, e)]! - mu)) / Math.sqrt(v + 1e-5) + b![ch]!;
      }
      return out;
    },
  },
  {
    name: 'bceWithLogits',
    shapes: ([r, n]) => [
      [r!, n!],
      [r!, n!],
    ],
    domain: ['any', 'unit'],
    build: ([z, t]) => nn.bceWithLogits(z!, t!),
    ref: ([z, t]) =>
      Float64Array.of(
        zip(z!, t!, (a, y) => -(y * Math.log(sigma(a)) + (1 - y) * Math.log(1 - sigma(a)))).reduce((p, q) => p + q, 0) /
          z!.length,
      ),
  },
  {
    name: 'hingeLoss',
    shapes: ([r, n]) => [
      [r!, n!],
      [r!, n!],
    ],
    domain: ['awayFromOne', 'sign'],
    build: ([z, y]) => nn.hingeLoss(z!, y!),
    ref: ([z, y]) =>
      Float64Array.of(zip(z!, y!, (a, s) => Math.max(0, 1 - a * s)).reduce((p, q) => p + q, 0) / z!.length),
  },
  {
    name: 'dropout p = 0.3 (Philox mask)',
    shapes: ([r, n, k]) => [[r!, n!, k!]],
    build: ([x]) => nn.dropout(x!, { p: 0.3, seed: 7, counter: [1, 2, 3] }),
    ref: ([x]) => {
      const words = philoxStream(new Uint32Array(x!.length), 7, [1, 2, 3]);
      const keep = Math.fround(1 / Math.fround(0.7));
      return Float64Array.from(x!, (v, i) => (uniformFromU32(words[i]!) >= Math.fround(0.3) ? v * keep : 0));
    },
  },
];

async function analyticGrads(
  be: Backend,
  c: OpCase,
  inputs: readonly Float32Array[],
  shapes: readonly number[][],
  w: Float32Array,
  extra: Extra,
): Promise<{ grads: Float32Array[]; forward: Float32Array }> {
  const params = inputs.map((x, i) => new Parameter(`x${i}`, be.tensor(x, shapes[i]!) as Tensor<'float32'>));
  const tape = new Tape(be);
  try {
    const out = c.build(
      params.map((p) => tape.param(p)),
      extra,
    );
    const loss =
      out.value.size === 1 && out.shape.length === 0
        ? nn.scale(out, w[0]!)
        : nn.sum(nn.mul(out, tape.input(be.tensor(w, out.shape) as Tensor<'float32'>)));
    tape.backward(loss);
    const forward = (await out.value.read()) as Float32Array;
    return { grads: await Promise.all(params.map((p) => p.grad.read() as Promise<Float32Array>)), forward };
  } finally {
    tape.dispose();
    for (const p of params) p.dispose();
  }
}

function numericGrads(
  c: OpCase,
  inputs: readonly Float32Array[],
  shapes: readonly number[][],
  w: Float32Array,
  extra: Extra,
): F64[] {
  const xs = inputs.map((x) => Float64Array.from(x));
  const L = () => {
    const y = c.ref(xs, shapes, extra);
    let s = 0;
    for (let i = 0; i < y.length; i++) s += w[i]! * y[i]!;
    return s;
  };
  const h = 1e-4;
  return xs.map((x) => {
    const g = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      x[i] = v + h;
      const up = L();
      x[i] = v - h;
      const down = L();
      x[i] = v;
      g[i] = (up - down) / (2 * h);
    }
    return g;
  });
}

/**
 * A value on the f32 grid: ±[0.1, 2] ('any', away from the kinks at 0), [0.5, 2] ('positive'),
 * [0, 1] ('unit'), ±1 ('sign'), or ±[0.1, 2] without ±[0.95, 1.05] ('awayFromOne', away from
 * the kinks of clamp(−1, 1) and the hinge), so a finite difference never straddles a kink.
 */
function drawValue(rng: PhiloxRng, domain: Domain): number {
  if (domain === 'positive') return Math.fround(0.5 + 1.5 * rng.nextDouble());
  if (domain === 'unit') return Math.fround(rng.nextDouble());
  if (domain === 'sign') return rng.nextDouble() < 0.5 ? -1 : 1;
  if (domain === 'awayFromOne') {
    const v = 0.1 + 1.8 * rng.nextDouble();
    const u = v < 0.95 ? v : v + 0.1;
    return Math.fround(rng.nextDouble() < 0.5 ? -u : u);
  }
  const v = 0.1 + 1.9 * rng.nextDouble();
  return Math.fround(rng.nextDouble() < 0.5 ? -v : v);
}

for (const b of await testBackends()) {
  describe(`VJPs against f64 finite differences (${b.name})`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    for (const c of [...CASES, ...MORE_CASES]) {
      it(c.name, async () => {
        const be = await b.create();
        try {
          await fc.assert(
            fc.asyncProperty(
              fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
              fc.integer({ min: 0, max: 2 ** 31 - 1 }),
              async (dims, seed) => {
                const shapes = c.shapes(dims);
                const rng = new PhiloxRng(seed);
                const draw = (d: Domain) => drawValue(rng, d);
                const inputs = shapes.map((s, i) =>
                  Float32Array.from({ length: s.reduce((a, x) => a * x, 1) }, () => draw(c.domain?.[i] ?? 'any')),
                );
                // one label per row (of every replica), each in [0, C) for C the last extent of the first input
                const s0 = shapes[0]!;
                const C = s0[s0.length - 1]!;
                const labels = Array.from({ length: 16 }, () => rng.nextInt(C));
                const extra = { labels };
                const outSize = c.ref(
                  inputs.map((x) => Float64Array.from(x)),
                  shapes,
                  extra,
                ).length;
                const w = Float32Array.from({ length: outSize }, () => draw('any'));
                const { grads: analytic, forward } = await analyticGrads(be, c, inputs, shapes, w, extra);
                const want = c.ref(
                  inputs.map((x) => Float64Array.from(x)),
                  shapes,
                  extra,
                );
                expect(forward.length, `${c.name}: output size`).toBe(want.length);
                const fScale = Math.max(1, ...Array.from(want, Math.abs));
                for (let i = 0; i < want.length; i++)
                  expect(Math.abs(forward[i]! - want[i]!), `${c.name}: forward[${i}]`).toBeLessThanOrEqual(
                    1e-4 * fScale,
                  );
                const numeric = numericGrads(c, inputs, shapes, w, extra);
                numeric.forEach((n, k) => {
                  const scale = Math.max(1, ...Array.from(n, Math.abs));
                  for (let i = 0; i < n.length; i++)
                    expect(
                      Math.abs(analytic[k]![i]! - n[i]!),
                      `${c.name}: ∂x${k}[${i}] of shapes ${JSON.stringify(shapes)}`,
                    ).toBeLessThanOrEqual(3e-3 * scale);
                });
              },
            ),
            { numRuns: b.name === 'cpu' ? 25 : 6, seed: 42 },
          );
        } finally {
          be.dispose();
        }
      }, 120_000);
    }
  });
}

describe('shape checks name the op and the shapes', () => {
  it('refuses mismatched shapes and bad labels', async () => {
    const b = (await testBackends())[0]!;
    const be = await b.create();
    const tape = new Tape(be);
    const x = tape.input(be.tensor(new Float32Array(6), [2, 3]) as Tensor<'float32'>);
    const y = tape.input(be.tensor(new Float32Array(6), [3, 2]) as Tensor<'float32'>);
    expect(() => nn.add(x, y)).toThrow('add: shapes [2, 3] and [3, 2] do not broadcast');
    expect(() => nn.permute(x, [0, 0])).toThrow(/permute: perm must be a permutation of 0…1, got \[0, 0\]/);
    expect(() => nn.slice(x, [1, 0], [2, 3])).toThrow(/slice: axis 0 has extent 2/);
    expect(() =>
      nn.pad(x, [
        [0, -1],
        [0, 0],
      ]),
    ).toThrow(/pad: padding\[0\] must be two non-negative integers/);
    expect(() => nn.concat([x, y], 1)).toThrow(/concat: input 1 has shape \[3, 2\]/);
    expect(() => nn.sumAxes(x, { axes: [1, -1] })).toThrow(/axes lists an axis twice/);
    expect(() => nn.maxAxes(x, { axes: [2] })).toThrow(/axes\[0\] must be an integer in \[-2, 2\)/);
    expect(() => nn.clamp(x, { min: 1, max: 0 })).toThrow('clamp: min (1) exceeds max (0)');
    expect(() => nn.pow(x, Number.NaN)).toThrow(/pow: p must be finite/);
    expect(() => nn.gatherLast(x, [0, 5])).toThrow(/gatherLast: index\[1\] must be an integer in \[0, 3\), got 5/);
    expect(() => nn.dropout(x, { p: 1, seed: 1 })).toThrow(/options.p must be below 1/);
    expect(() => nn.conv2d(x, x, null)).toThrow(/conv2d: x must be 4-D, got shape \[2, 3\]/);
    const img = tape.input(be.tensor(new Float32Array(2 * 3 * 4 * 4), [2, 3, 4, 4]) as Tensor<'float32'>);
    const k2 = tape.input(be.tensor(new Float32Array(5 * 2 * 3 * 3), [5, 2, 3, 3]) as Tensor<'float32'>);
    expect(() => nn.conv2d(img, k2, null)).toThrow(/conv2d: x has 3 channels, weight expects 2/);
    const k3 = tape.input(be.tensor(new Float32Array(3 * 2 * 3 * 3), [3, 2, 3, 3]) as Tensor<'float32'>);
    expect(nn.convTranspose2d(img, k3, null, { stride: 2, padding: 1, outputPadding: 1 }).shape).toEqual([2, 2, 8, 8]);
    expect(() => nn.convTranspose2d(img, k3, null, { stride: 2, outputPadding: 2 })).toThrow(
      /outputPadding \(2\) must be below the stride/,
    );
    expect(
      nn.conv2d(img, tape.input(be.tensor(new Float32Array(5 * 3 * 3 * 3), [5, 3, 3, 3]) as Tensor<'float32'>), null, {
        stride: 2,
        padding: 1,
      }).shape,
    ).toEqual([2, 5, 2, 2]);
    expect(() => nn.matmul(x, x)).toThrow(/matmul: inner extents differ: op\(a\) is \[2, 3\]/);
    expect(nn.matmul(x, x, { transB: true }).shape).toEqual([2, 2]);
    expect(() => nn.addBias(x, y)).toThrow(/addBias: the bias must have shape \[1, 3\]/);
    expect(() => nn.reshape(x, [4, 2])).toThrow('reshape: [4, 2] holds 8 values, x [2, 3] holds 6');
    expect(() => nn.reshape(x, [6, 0])).toThrow(/shape\[1\] must be a positive integer/);
    expect(nn.reshape(x, [3, 2]).shape).toEqual([3, 2]);
    expect(() => nn.crossEntropyWithLogits(x, [0, 3])).toThrow(/labels\[1\] must be an integer in \[0, 3\), got 3/);
    expect(() => nn.crossEntropyWithLogits(x, [0])).toThrow(/expected 2 labels/);
    expect(() => tape.backward(x)).toThrow(/the loss must be a scalar/);
    const other = new Tape(be);
    expect(() => nn.add(x, other.input(be.tensor(new Float32Array(6), [2, 3]) as Tensor<'float32'>))).toThrow(
      /different tapes/,
    );
    tape.dispose();
    expect(() => tape.input(x.value)).toThrow(/used after dispose/);
    other.dispose();
    be.dispose();
  });
});
