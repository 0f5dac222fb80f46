/**
 * Matrix–vector product y = α·op(A)·x + β·y on every backend.
 * @module
 */
import { LINEAR_WORKGROUP_WGSL, packUniforms } from './dispatch';
import { formatShape } from './dtype';
import type { ComputeKernel } from './kernel';
import { runKernel } from './kernel';
import { backendOf, checkDtypeIs, checkFinite, FLOAT_BITS_WGSL, outputTensor } from './op-utils';
import { ROW_WORKGROUP, WORKGROUP_REDUCE_WGSL } from './reduce-wgsl';
import type { Tensor } from './tensor';

/** Options of {@link gemv}. */
export interface GemvOptions {
  /** Output y; a new zeroed tensor when omitted. */
  readonly out?: Tensor;
  /** α, default 1. */
  readonly alpha?: number;
  /** β, default 0 (y is not read). Needs `out` when ≠ 0. */
  readonly beta?: number;
  /** Use Aᵀ: y[N] = α·Aᵀ·x[M] + β·y for A of shape [M, N]. Default false. */
  readonly trans?: boolean;
}

/** Arguments of {@link gemvCpu}. */
export interface GemvCpuArgs {
  readonly m: number;
  readonly n: number;
  readonly a: Float32Array;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly alpha: number;
  readonly beta: number;
  readonly trans: boolean;
}

/** Scratch for the transposed product, grown on demand. */
let gemvScratch = new Float64Array(0);

/**
 * CPU twin of {@link gemv}: y ← α·op(A)·x + β·y for row-major A (M×N), sums in f64.
 * Non-transposed: one dot product per row. Transposed: row-wise axpy into an f64 accumulator.
 */
export function gemvCpu(args: GemvCpuArgs): void {
  const { m, n, a, x, y, alpha, beta, trans } = args;
  if (!trans) {
    for (let i = 0; i < m; i++) {
      const r = i * n;
      let s0 = 0;
      let s1 = 0;
      let j = 0;
      for (; j + 1 < n; j += 2) {
        s0 += (a[r + j] as number) * (x[j] as number);
        s1 += (a[r + j + 1] as number) * (x[j + 1] as number);
      }
      if (j < n) s0 += (a[r + j] as number) * (x[j] as number);
      y[i] = alpha * (s0 + s1) + (beta === 0 ? 0 : beta * (y[i] as number));
    }
    return;
  }
  if (gemvScratch.length < n) gemvScratch = new Float64Array(n);
  const acc = gemvScratch;
  acc.fill(0, 0, n);
  for (let i = 0; i < m; i++) {
    const xi = x[i] as number;
    if (xi === 0) continue;
    const r = i * n;
    for (let j = 0; j < n; j++) acc[j] = (acc[j] as number) + (a[r + j] as number) * xi;
  }
  for (let j = 0; j < n; j++) y[j] = alpha * (acc[j] as number) + (beta === 0 ? 0 : beta * (y[j] as number));
}

const PARAMS = 'struct Params { m: u32, n: u32, alpha: f32, beta: f32 }';

/** WGSL of {@link gemv}: a workgroup per row (tree-reduced dot product), or an invocation per column for Aᵀ. */
export function gemvWgsl(cfg: { readonly trans: boolean }): string {
  const head = `${FLOAT_BITS_WGSL}${LINEAR_WORKGROUP_WGSL}
${PARAMS}
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read_write> Y: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
`;
  if (cfg.trans) {
    return `${head}
@compute @workgroup_size(${ROW_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let j = linear_workgroup(wid, nwg) * ${ROW_WORKGROUP}u + lid;
  if (j >= p.n) { return; }
  var s = 0.0;
  for (var i = 0u; i < p.m; i = i + 1u) { s = fma(A[i * p.n + j], X[i], s); }
  var v = p.alpha * s;
  if (p.beta != 0.0) { v = v + p.beta * Y[j]; }
  Y[j] = v;
}
`;
  }
  return `${head}${WORKGROUP_REDUCE_WGSL}
@compute @workgroup_size(${ROW_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg);
  if (i >= p.m) { return; }
  let r = i * p.n;
  var s = 0.0;
  for (var j = lid; j < p.n; j = j + ${ROW_WORKGROUP}u) { s = fma(A[r + j], X[j], s); }
  s = wg_sum(lid, s);
  if (lid == 0u) {
    var v = p.alpha * s;
    if (p.beta != 0.0) { v = v + p.beta * Y[i]; }
    Y[i] = v;
  }
}
`;
}

/** A validated gemv: operands, output, shape and scalars. */
export interface GemvPlan {
  readonly a: Tensor;
  readonly x: Tensor;
  readonly y: Tensor<'float32'>;
  readonly m: number;
  readonly n: number;
  readonly alpha: number;
  readonly beta: number;
  readonly trans: boolean;
}

/** The gemv kernel: its CPU twin and its WGSL (one workgroup reduction per output element). */
export const gemvKernel: ComputeKernel<GemvPlan> = {
  name: 'gemv',
  cpu(be, p) {
    gemvCpu({
      m: p.m,
      n: p.n,
      a: be.own(p.a, 'a').data as Float32Array,
      x: be.own(p.x, 'x').data as Float32Array,
      y: be.own(p.y, 'out').data,
      alpha: p.alpha,
      beta: p.beta,
      trans: p.trans,
    });
  },
  webgpu(be, p) {
    const { m, n, alpha, beta, trans } = p;
    be.dispatch({
      source: gemvWgsl({ trans }),
      label: 'gemv',
      bindings: [p.a, p.x, p.y],
      uniforms: packUniforms([
        ['u32', m],
        ['u32', n],
        ['f32', alpha],
        ['f32', beta],
      ]),
      workgroups: trans ? Math.ceil(n / ROW_WORKGROUP) : m,
    });
  },
};

/**
 * Matrix–vector product y ← α·op(A)·x + β·y.
 * @param a - float32 [M, N]
 * @param x - float32 [N] (or [M] with `trans`)
 * @returns y, float32 [M] (or [N] with `trans`)
 * @throws RangeError on mismatched shapes
 */
export function gemv(a: Tensor, x: Tensor, options: GemvOptions = {}): Tensor<'float32'> {
  const be = backendOf('gemv', { a, x, out: options.out });
  checkDtypeIs('gemv', 'a', a, 'float32');
  checkDtypeIs('gemv', 'x', x, 'float32');
  const alpha = checkFinite('gemv', 'alpha', options.alpha ?? 1);
  const beta = checkFinite('gemv', 'beta', options.beta ?? 0);
  const trans = options.trans ?? false;
  if (a.shape.length !== 2) throw new RangeError(`gemv: a must be [M, N], got ${formatShape(a.shape)}`);
  const [m, n] = a.shape as [number, number];
  const xLen = trans ? m : n;
  if (x.shape.length !== 1 || x.size !== xLen) {
    throw new RangeError(
      `gemv: x must be [${xLen}] for a ${formatShape(a.shape)}${trans ? ' (trans)' : ''}, got ${formatShape(x.shape)}`,
    );
  }
  if (beta !== 0 && options.out === undefined)
    throw new RangeError('gemv: beta ≠ 0 needs an out tensor to accumulate into');
  const y = outputTensor('gemv', be, options.out, [trans ? n : m], 'float32');
  runKernel(gemvKernel, be, { a, x, y, m, n, alpha, beta, trans });
  return y;
}
