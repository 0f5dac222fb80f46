/**
 * Every op's vector–Jacobian product against central finite differences of a plain f64
 * TypeScript reference of its forward, on random shapes and values (fast-check), on every
 * backend. The loss is L = Σ w ⊙ op(x) with random w, so ∂L/∂x is the VJP of w.
 * Tolerance: |analytic − numeric| ≤ 3·10⁻³·max(1, max|numeric|) per entry — the analytic side
 * is f32 (unit roundoff 6·10⁻⁸, sums of ≤ 25 terms), the numeric side f64 central differences
 * with h = 10⁻⁴ (truncation ~h² = 10⁻⁸); 3·10⁻³ leaves room for f32 transcendental functions
 * on GPUs (a few ulp) and fails on any wrong derivative (errors of O(1)).
 */
import { fc } from '@fast-check/vitest';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { PhiloxRng } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import * as nn from './index';
import type { Var } from './tape';
import { Parameter, Tape } from './tape';

type F64 = Float64Array;

interface OpCase {
  readonly name: string;
  /** Input shapes, from sizes drawn by fast-check. */
  shapes(d: readonly number[]): number[][];
  /** How to draw each input's values: 'any' in ±2 away from 0, 'positive' in [0.5, 2]. */
  readonly domain?: readonly ('any' | 'positive')[];
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

async function analyticGrads(
  be: Backend,
  c: OpCase,
  inputs: readonly Float32Array[],
  shapes: readonly number[][],
  w: Float32Array,
  extra: Extra,
): Promise<Float32Array[]> {
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
    return await Promise.all(params.map((p) => p.grad.read() as Promise<Float32Array>));
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

/** A value in ±[0.1, 2] ('any', away from ReLU's kink) or in [0.5, 2] ('positive'), on the f32 grid. */
function drawValue(rng: PhiloxRng, domain: 'any' | 'positive'): number {
  if (domain === 'positive') return Math.fround(0.5 + 1.5 * rng.nextDouble());
  const v = 0.1 + 1.9 * rng.nextDouble();
  return Math.fround(rng.nextDouble() < 0.5 ? -v : v);
}

for (const b of await testBackends()) {
  describe(`VJPs against f64 finite differences (${b.name})`, () => {
    if (!b.available) {
      it.skip(`skipped: ${b.reason}`, () => {});
      return;
    }
    for (const c of CASES) {
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
                const draw = (d: 'any' | 'positive') => drawValue(rng, d);
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
                const analytic = await analyticGrads(be, c, inputs, shapes, w, extra);
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
    expect(() => nn.add(x, y)).toThrow('add: expected equal shapes, got [2, 3] and [3, 2]');
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
