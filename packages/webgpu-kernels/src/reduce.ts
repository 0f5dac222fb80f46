/**
 * Row reductions (sum, max, logsumexp) and the row softmax with inverse
 * temperature β, over the last axis of a tensor, on every backend.
 * @module
 */
import { LINEAR_WORKGROUP_WGSL, packUniforms } from './dispatch';
import type { ComputeKernel } from './kernel';
import { runKernel } from './kernel';
import { backendOf, checkDtypeIs, checkFinite, FLOAT_BITS_WGSL, outputTensor, rowsCols } from './op-utils';
import { ROW_WORKGROUP, WORKGROUP_REDUCE_WGSL } from './reduce-wgsl';
import type { Tensor } from './tensor';

/** A row reduction. */
export type RowReduction = 'sum' | 'max' | 'logsumexp';

/**
 * CPU twin of {@link reduceRows}, in f64 per row:
 * - sum: Σ_j x_j;
 * - max: max_j x_j (NaN if any x_j is NaN; −∞ for an empty row);
 * - logsumexp: m + log Σ_j e^{x_j − m} with m = max_j x_j; ±∞ when m is ±∞, NaN if any x_j is NaN.
 */
export function reduceRowsCpu(op: RowReduction, x: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    if (op === 'sum') {
      let s = 0;
      for (let j = 0; j < cols; j++) s += x[base + j] as number;
      out[r] = s;
      continue;
    }
    let m = Number.NEGATIVE_INFINITY;
    let nan = false;
    for (let j = 0; j < cols; j++) {
      const v = x[base + j] as number;
      if (v !== v) nan = true;
      else if (v > m) m = v;
    }
    if (nan) {
      out[r] = Number.NaN;
    } else if (op === 'max' || !Number.isFinite(m)) {
      out[r] = m;
    } else {
      let s = 0;
      for (let j = 0; j < cols; j++) s += Math.exp((x[base + j] as number) - m);
      out[r] = m + Math.log(s);
    }
  }
}

/**
 * CPU twin of {@link softmax}: y_j = e^{β x_j − m} / Σ_k e^{β x_k − m}, m = max_k β x_k, per row.
 * A row containing NaN, or whose max βx is ±∞, is NaN throughout (the softmax is undefined there).
 */
export function softmaxCpu(x: Float32Array, rows: number, cols: number, beta: number, out: Float32Array): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let m = Number.NEGATIVE_INFINITY;
    let nan = false;
    for (let j = 0; j < cols; j++) {
      const z = beta * (x[base + j] as number);
      if (z !== z) nan = true;
      else if (z > m) m = z;
    }
    if (nan || !Number.isFinite(m)) {
      out.fill(Number.NaN, base, base + cols);
      continue;
    }
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(beta * (x[base + j] as number) - m);
      out[base + j] = e;
      s += e;
    }
    const inv = 1 / s;
    for (let j = 0; j < cols; j++) out[base + j] = (out[base + j] as number) * inv;
  }
}

function head(inPlace: boolean): string {
  const bindings = inPlace
    ? `@group(0) @binding(0) var<storage, read_write> X: array<f32>;
@group(0) @binding(1) var<uniform> p: Params;`
    : `@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;`;
  return `${FLOAT_BITS_WGSL}${LINEAR_WORKGROUP_WGSL}${WORKGROUP_REDUCE_WGSL}
struct Params { rows: u32, cols: u32, beta: f32 }
${bindings}
`;
}

const ENTRY = `@compute @workgroup_size(${ROW_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let r = linear_workgroup(wid, nwg);
  if (r >= p.rows) { return; }
  let base = r * p.cols;`;

/** Max of βx over the row, NaN-propagating, into \`m\` (shared by every invocation). */
const ROW_MAX = `
  var m = f32_neg_inf();
  for (var j = lid; j < p.cols; j = j + ${ROW_WORKGROUP}u) { m = nan_max(m, p.beta * X[base + j]); }
  m = wg_max(lid, m);`;

/** WGSL of {@link reduceRows}: one 256-wide workgroup per row. */
export function reduceRowsWgsl(op: RowReduction): string {
  if (op === 'sum') {
    return `${head(false)}${ENTRY}
  var s = 0.0;
  for (var j = lid; j < p.cols; j = j + ${ROW_WORKGROUP}u) { s = s + X[base + j]; }
  s = wg_sum(lid, s);
  if (lid == 0u) { Y[r] = s; }
}
`;
  }
  const tail =
    op === 'max'
      ? 'if (lid == 0u) { Y[r] = m; }'
      : `if (f32_is_nan(m) || f32_is_inf(m)) {
    if (lid == 0u) { Y[r] = m; }
    return;
  }
  var s = 0.0;
  for (var j = lid; j < p.cols; j = j + ${ROW_WORKGROUP}u) { s = s + exp(X[base + j] - m); }
  s = wg_sum(lid, s);
  if (lid == 0u) { Y[r] = m + log(s); }`;
  return `${head(false)}${ENTRY}${ROW_MAX}
  ${tail}
}
`;
}

/**
 * WGSL of {@link softmax}: one 256-wide workgroup per row (max, sum, normalize).
 * In place (`inPlace`), X is read_write: each element is read and rewritten by
 * the same invocation after the row's max and sum are complete.
 */
export function softmaxWgsl(inPlace = false): string {
  const Y = inPlace ? 'X' : 'Y';
  return `${head(inPlace)}${ENTRY}${ROW_MAX}
  if (f32_is_nan(m) || f32_is_inf(m)) {
    for (var j = lid; j < p.cols; j = j + ${ROW_WORKGROUP}u) { ${Y}[base + j] = f32_nan(); }
    return;
  }
  var s = 0.0;
  for (var j = lid; j < p.cols; j = j + ${ROW_WORKGROUP}u) { s = s + exp(p.beta * X[base + j] - m); }
  s = wg_sum(lid, s);
  let inv = 1.0 / s;
  for (var j = lid; j < p.cols; j = j + ${ROW_WORKGROUP}u) { ${Y}[base + j] = exp(p.beta * X[base + j] - m) * inv; }
}
`;
}

/** A validated row reduction: the op, input, output and the rows × cols layout. */
export interface ReduceRowsPlan {
  readonly op: RowReduction;
  readonly x: Tensor;
  readonly out: Tensor<'float32'>;
  readonly rows: number;
  readonly cols: number;
}

/** The row-reduction kernel: its CPU twin, or one workgroup reduction per row. */
export const reduceRowsKernel: ComputeKernel<ReduceRowsPlan> = {
  name: 'reduceRows',
  cpu(be, p) {
    reduceRowsCpu(p.op, be.own(p.x, 'x').data as Float32Array, p.rows, p.cols, be.own(p.out, 'out').data);
  },
  webgpu(be, p) {
    be.dispatch({
      source: reduceRowsWgsl(p.op),
      label: `reduceRows(${p.op})`,
      bindings: [p.x, p.out],
      uniforms: packUniforms([
        ['u32', p.rows],
        ['u32', p.cols],
        ['f32', 1],
      ]),
      workgroups: p.rows,
    });
  },
};

/** A validated row softmax: input, output (may be the input), layout and β. */
export interface SoftmaxPlan {
  readonly x: Tensor;
  readonly out: Tensor<'float32'>;
  readonly rows: number;
  readonly cols: number;
  readonly beta: number;
}

/** The softmax kernel: its CPU twin, or one workgroup per row (in place when out is x). */
export const softmaxKernel: ComputeKernel<SoftmaxPlan> = {
  name: 'softmax',
  cpu(be, p) {
    softmaxCpu(be.own(p.x, 'x').data as Float32Array, p.rows, p.cols, p.beta, be.own(p.out, 'out').data);
  },
  webgpu(be, p) {
    const inPlace = p.out === p.x;
    be.dispatch({
      source: softmaxWgsl(inPlace),
      label: 'softmax',
      bindings: inPlace ? [p.x] : [p.x, p.out],
      uniforms: packUniforms([
        ['u32', p.rows],
        ['u32', p.cols],
        ['f32', p.beta],
      ]),
      workgroups: p.rows,
    });
  },
};

/** Options of {@link reduceRows}. */
export interface ReduceRowsOptions {
  /** Output of shape x.shape without its last extent; new when omitted. */
  readonly out?: Tensor;
}

/**
 * Reduces the last axis: out[r] = Σ_j x[r, j], max_j x[r, j], or log Σ_j e^{x[r, j]}
 * (computed as m + log Σ e^{x − m}, finite for entries of ±1e30).
 * @param x - float32 [..., n]
 * @returns float32 of shape [...] (shape [] → rank-0 is not allowed; x needs at least one axis)
 */
export function reduceRows(x: Tensor, op: RowReduction, options: ReduceRowsOptions = {}): Tensor<'float32'> {
  if (op !== 'sum' && op !== 'max' && op !== 'logsumexp') {
    throw new RangeError(`reduceRows: op must be 'sum', 'max' or 'logsumexp', got ${JSON.stringify(op)}`);
  }
  const name = `reduceRows(${op})`;
  const be = backendOf(name, { x, out: options.out });
  checkDtypeIs(name, 'x', x, 'float32');
  const [, cols] = rowsCols(name, 'x', x);
  const lead = x.shape.slice(0, -1);
  const out = outputTensor(name, be, options.out, lead, 'float32');
  const nRows = lead.reduce((a, b) => a * b, 1);
  runKernel(reduceRowsKernel, be, { op, x, out, rows: nRows, cols });
  return out;
}

/** Options of {@link softmax}. */
export interface SoftmaxOptions {
  /** Inverse temperature β, default 1. */
  readonly beta?: number;
  /** Output, same shape as x (may be x itself); new when omitted. */
  readonly out?: Tensor;
}

/**
 * Row softmax with inverse temperature: y[r, j] = e^{β x[r, j]} / Σ_k e^{β x[r, k]},
 * stabilized by subtracting max_k β x[r, k] (so adding a constant to a row leaves it unchanged).
 * @param x - float32 [..., n]
 */
export function softmax(x: Tensor, options: SoftmaxOptions = {}): Tensor<'float32'> {
  const be = backendOf('softmax', { x, out: options.out });
  checkDtypeIs('softmax', 'x', x, 'float32');
  const beta = checkFinite('softmax', 'beta', options.beta ?? 1);
  const [, cols] = rowsCols('softmax', 'x', x);
  const out = outputTensor('softmax', be, options.out, x.shape, 'float32');
  const rows = cols === 0 ? 0 : x.size / cols;
  runKernel(softmaxKernel, be, { x, out, rows, cols, beta });
  return out;
}
