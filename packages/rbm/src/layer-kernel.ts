/**
 * The block-Gibbs layer kernel: given the pre-activations P (chains × n, e.g. V·W) of one
 * layer, computes every unit's field x = s·(P + b) + t·o (b a bias, o an optional second
 * bias, s and t scalars: AIS's intermediate distributions need both) and writes the
 * conditional mean E[u | x] and/or a sample u ~ p(u | x). One WGSL kernel with a CPU twin.
 *
 * Randomness (Philox4x32-10, key = seed; element e = chain·n + unit):
 * - `bernoulli` / `spin`: u = word (e mod 4) of the block with counter (⌊e/4⌋, step, stream, 0);
 *   the unit is 1 (+1) when u·2^-24… < p, p = σ(x) (σ(2x) for spins), else 0 (−1);
 * - `gaussian`: x + z, z by Box–Muller from words 2(e mod 2), 2(e mod 2)+1 of the block
 *   (⌊e/2⌋, step, stream, 0);
 * - `relu` (N(x, 1) truncated to u ≥ 0): attempt k uses the same two words of the block
 *   (⌊e/2⌋, step, stream, k); for x ≥ 0 plain rejection of x + z, for x < 0 Robert's
 *   exponential proposal; after 64 failed attempts (probability < 2^-64) the mean is used.
 * A chain's draws depend only on its index, the step and the stream, never on how many
 * chains run beside it or on the dispatch shape. Backends agree to float rounding of σ,
 * exp and log (a sample may differ where u falls within an ulp of p).
 * @module
 */
import type { Backend, ComputeKernel, Tensor } from '@replica/webgpu-kernels';
import {
  LINEAR_WORKGROUP_WGSL,
  PHILOX_WGSL,
  packUniforms,
  philox4x32_10,
  philoxKey,
  runKernel,
  workgroupGrid,
} from '@replica/webgpu-kernels';
import { hiddenMean } from './model';

/** The kind of unit a layer holds: the visible types and the hidden priors. */
export type UnitType = 'bernoulli' | 'spin' | 'gaussian' | 'relu';

/** Options of {@link sampleLayer}. */
export interface SampleLayerOptions {
  readonly unit: UnitType;
  /** Bias b, length n (default none). */
  readonly bias?: Tensor;
  /** Scale s of P + b, default 1. */
  readonly scale?: number;
  /** Second bias o, length n (default none), weighted by `offsetScale`. */
  readonly offset?: Tensor;
  /** Weight t of `offset`, default 1. */
  readonly offsetScale?: number;
  /** Where to write samples (chains × n float32), or omit to skip sampling. */
  readonly sample?: Tensor;
  /** Where to write E[u | x] (chains × n float32), or omit. */
  readonly mean?: Tensor;
  /** Philox key; required with `sample`. */
  readonly seed?: number | bigint;
  /** Counter word c1, e.g. the Gibbs step (u32, default 0). */
  readonly step?: number;
  /** Counter word c2: the stream, e.g. 2·phase + layer (u32, default 0). */
  readonly stream?: number;
}

const MAX_ATTEMPTS = 64;
const WORKGROUP = 128;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * WGSL of the layer kernel for one unit type and set of bindings.
 * E[u|x] for ReLU uses erfcx from Numerical Recipes' erfcc Chebyshev fit (relative error < 1.2·10⁻⁷).
 */
export function layerKernelWgsl(
  unit: UnitType,
  bias: boolean,
  offset: boolean,
  sample: boolean,
  mean: boolean,
): string {
  let b = 0;
  const decl: string[] = [`@group(0) @binding(${b++}) var<storage, read> PRE: array<f32>;`];
  if (bias) decl.push(`@group(0) @binding(${b++}) var<storage, read> BIAS: array<f32>;`);
  if (offset) decl.push(`@group(0) @binding(${b++}) var<storage, read> OFFSET: array<f32>;`);
  if (sample) decl.push(`@group(0) @binding(${b++}) var<storage, read_write> SAMPLE: array<f32>;`);
  if (mean) decl.push(`@group(0) @binding(${b++}) var<storage, read_write> MEAN: array<f32>;`);
  decl.push(`@group(0) @binding(${b++}) var<uniform> p: Params;`);
  const field = `var x = PRE[e]${bias ? ' + BIAS[j]' : ''};
  x = p.s * x${offset ? ' + p.t * OFFSET[j]' : ''};`;
  let meanExpr: string;
  let sampleBody = '';
  switch (unit) {
    case 'bernoulli':
      meanExpr = 'sigmoid(x)';
      sampleBody = `let w = philox4x32_10(vec4<u32>(e >> 2u, p.step, p.stream, 0u), key);
    let u = philox_uniform(w[e & 3u]);
    SAMPLE[e] = select(0.0, 1.0, u < sigmoid(x));`;
      break;
    case 'spin':
      meanExpr = 'tanh(clamp(x, -20.0, 20.0))';
      sampleBody = `let w = philox4x32_10(vec4<u32>(e >> 2u, p.step, p.stream, 0u), key);
    let u = philox_uniform(w[e & 3u]);
    SAMPLE[e] = select(-1.0, 1.0, u < sigmoid(2.0 * x));`;
      break;
    case 'gaussian':
      meanExpr = 'x';
      sampleBody = `let w = philox4x32_10(vec4<u32>(e >> 1u, p.step, p.stream, 0u), key);
    let h = 2u * (e & 1u);
    SAMPLE[e] = x + box_muller(w[h], w[h + 1u]);`;
      break;
    case 'relu':
      meanExpr = 'relu_mean(x)';
      sampleBody = `SAMPLE[e] = relu_sample(x, e, key);`;
      break;
  }
  return `${LINEAR_WORKGROUP_WGSL}${PHILOX_WGSL}
struct Params { count: u32, n: u32, k0: u32, k1: u32, step: u32, stream: u32, s: f32, t: f32 }
${decl.join('\n')}

fn sigmoid(x: f32) -> f32 {
  // e^{−|x|} never overflows; both branches are exact to f32 rounding.
  let z = exp(-abs(x));
  return select(z / (1.0 + z), 1.0 / (1.0 + z), x >= 0.0);
}

fn box_muller(w0: u32, w1: u32) -> f32 {
  let r = sqrt(max(0.0, -2.0 * log((f32(w0 >> 8u) + 1.0) * 5.9604644775390625e-8)));
  return r * philox_cos_sin_2pi(w1).x;
}

// erfcx(z) = e^{z²} erfc(z) for z ≥ 0 (Numerical Recipes' erfcc without its e^{−z²} factor).
fn erfcx_pos(z: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.5 * z);
  return t * exp(-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
}

// E[h] of N(x, 1) truncated to h ≥ 0: x + ϕ(x)/Φ(x) = x + √(2/π)/erfcx(−x/√2).
fn relu_mean(x: f32) -> f32 {
  if (x > 8.0) { return x; }
  let z = -x * 0.70710678118654752;
  var ex: f32;
  if (z >= 0.0) { ex = erfcx_pos(z); } else { ex = 2.0 * exp(z * z) - erfcx_pos(-z); }
  return x + ${SQRT_2_OVER_PI} / ex;
}

fn relu_sample(x: f32, e: u32, key: vec2<u32>) -> f32 {
  let a = -x;
  let lambda = 0.5 * (a + sqrt(a * a + 4.0));
  let h = 2u * (e & 1u);
  for (var k = 0u; k < ${MAX_ATTEMPTS}u; k = k + 1u) {
    let w = philox4x32_10(vec4<u32>(e >> 1u, p.step, p.stream, k), key);
    if (a <= 0.0) {
      let z = box_muller(w[h], w[h + 1u]);
      if (z >= a) { return x + z; }
    } else {
      let u1 = (f32(w[h] >> 8u) + 1.0) * 5.9604644775390625e-8;
      let u2 = philox_uniform(w[h + 1u]);
      let t = a - log(u1) / lambda;
      let d = t - lambda;
      if (u2 <= exp(-0.5 * d * d)) { return x + t; }
    }
  }
  return relu_mean(x);
}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = linear_workgroup(wid, nwg) * ${WORKGROUP}u + lid;
  if (e >= p.count) { return; }
  let j = e % p.n;
  let key = vec2<u32>(p.k0, p.k1);
  ${field}
  ${mean ? `MEAN[e] = ${meanExpr};` : ''}
  ${sample ? `{\n    ${sampleBody}\n  }` : ''}
}
`;
}

function sigmoid(x: number): number {
  const z = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + z) : z / (1 + z);
}

/** E[u | x] for every unit type (CPU, f64). */
export function unitMean(unit: UnitType, x: number): number {
  switch (unit) {
    case 'bernoulli':
      return sigmoid(x);
    case 'spin':
      return Math.tanh(x);
    case 'gaussian':
      return x;
    case 'relu':
      return x > 8 ? x : hiddenMean('relu', x);
  }
}

const TWO_POW_M24 = 5.9604644775390625e-8;

function boxMuller(w0: number, w1: number): number {
  const r = Math.sqrt(-2 * Math.log(((w0 >>> 8) + 1) * TWO_POW_M24));
  return r * Math.cos(2 * Math.PI * (w1 >>> 8) * TWO_POW_M24);
}

function reluSample(
  x: number,
  e: number,
  step: number,
  stream: number,
  k0: number,
  k1: number,
  w: Uint32Array,
): number {
  const a = -x;
  const lambda = 0.5 * (a + Math.sqrt(a * a + 4));
  const h = 2 * (e & 1);
  for (let k = 0; k < MAX_ATTEMPTS; k++) {
    philox4x32_10(e >>> 1, step, stream, k, k0, k1, w, 0);
    if (a <= 0) {
      const z = boxMuller(w[h]!, w[h + 1]!);
      if (z >= a) return x + z;
    } else {
      const u1 = ((w[h]! >>> 8) + 1) * TWO_POW_M24;
      const u2 = (w[h + 1]! >>> 8) * TWO_POW_M24;
      const t = a - Math.log(u1) / lambda;
      const d = t - lambda;
      if (u2 <= Math.exp(-0.5 * d * d)) return x + t;
    }
  }
  return unitMean('relu', x);
}

/** Arguments of {@link sampleLayerCpu}: flat arrays, everything already checked. */
export interface SampleLayerCpuArgs {
  readonly unit: UnitType;
  readonly count: number;
  readonly n: number;
  readonly pre: Float32Array;
  readonly bias: Float32Array | null;
  readonly offset: Float32Array | null;
  readonly scale: number;
  readonly offsetScale: number;
  readonly sample: Float32Array | null;
  readonly mean: Float32Array | null;
  readonly key: readonly [number, number];
  readonly step: number;
  readonly stream: number;
}

const words = new Uint32Array(4);

/** CPU twin of the layer kernel (same Philox words, fields in f64, outputs rounded to f32). */
export function sampleLayerCpu(args: SampleLayerCpuArgs): void {
  const { unit, count, n, pre, bias, offset, scale, offsetScale, sample, mean, step, stream } = args;
  const [k0, k1] = args.key;
  const w = words;
  // Binary units: one e^{−|x|} gives both the mean and the sampling probability, and one Philox
  // block serves four units; this loop is the CPU's hot path of block Gibbs.
  if (unit === 'bernoulli' || unit === 'spin') {
    const spin = unit === 'spin';
    const lo = spin ? -1 : 0;
    for (let e = 0, j = 0; e < count; e++, j = j + 1 === n ? 0 : j + 1) {
      let x = pre[e]!;
      if (bias !== null) x += bias[j]!;
      x *= scale;
      if (offset !== null) x += offsetScale * offset[j]!;
      // p = σ(x) (σ(2x) for spins), E = p or 2p − 1 = tanh x
      const y = spin ? 2 * x : x;
      const z = Math.exp(-Math.abs(y));
      const p = y >= 0 ? 1 / (1 + z) : z / (1 + z);
      if (mean !== null) mean[e] = spin ? Math.tanh(x) : p;
      if (sample !== null) {
        if ((e & 3) === 0) philox4x32_10(e >>> 2, step, stream, 0, k0, k1, w, 0);
        sample[e] = (w[e & 3]! >>> 8) * TWO_POW_M24 < p ? 1 : lo;
      }
    }
    return;
  }
  let block = -1;
  for (let e = 0, j = 0; e < count; e++, j = j + 1 === n ? 0 : j + 1) {
    let x = pre[e]!;
    if (bias !== null) x += bias[j]!;
    x *= scale;
    if (offset !== null) x += offsetScale * offset[j]!;
    if (mean !== null) mean[e] = unitMean(unit, x);
    if (sample === null) continue;
    if (unit === 'gaussian') {
      const b = e >>> 1;
      if (b !== block) {
        philox4x32_10(b, step, stream, 0, k0, k1, w, 0);
        block = b;
      }
      const h = 2 * (e & 1);
      sample[e] = x + boxMuller(w[h]!, w[h + 1]!);
    } else sample[e] = reluSample(x, e, step, stream, k0, k1, w);
  }
}

function checkU32(x: number, name: string): number {
  if (!Number.isInteger(x) || x < 0 || x > 0xffffffff)
    throw new RangeError(`${name}: expected an unsigned 32-bit integer, got ${String(x)}`);
  return x;
}

function checkMatrix(t: Tensor, name: string, rows: number, n: number): void {
  if (t.dtype !== 'float32') throw new TypeError(`sampleLayer: ${name} must be float32, got ${t.dtype}`);
  if (t.size !== rows * n)
    throw new RangeError(`sampleLayer: ${name} must hold ${rows}×${n} values, got shape [${t.shape.join(', ')}]`);
}

/**
 * One block-Gibbs half step on a backend: fields x = s·(P + b) + t·o of a layer from its
 * pre-activations P, then E[u|x] into `mean` and/or a sample into `sample` (see the module docs).
 * On WebGPU the work is recorded and runs with the next read/sync.
 * @param pre - chains × n float32 pre-activations (its last extent is n)
 * @throws RangeError/TypeError on shape or dtype mismatches, aliasing, a missing seed, or non-finite scales
 */
export function sampleLayer(pre: Tensor, options: SampleLayerOptions): void {
  const { unit, bias, offset, sample, mean } = options;
  if (unit !== 'bernoulli' && unit !== 'spin' && unit !== 'gaussian' && unit !== 'relu')
    throw new RangeError(`sampleLayer: unit must be 'bernoulli', 'spin', 'gaussian' or 'relu', got ${String(unit)}`);
  const n = pre.shape[pre.shape.length - 1] ?? 0;
  const rows = n === 0 ? 0 : pre.size / n;
  checkMatrix(pre, 'pre', rows, n);
  if (bias) checkMatrix(bias, 'bias', 1, n);
  if (offset) checkMatrix(offset, 'offset', 1, n);
  if (sample) checkMatrix(sample, 'sample', rows, n);
  if (mean) checkMatrix(mean, 'mean', rows, n);
  if (!sample && !mean) throw new RangeError('sampleLayer: give `sample`, `mean` or both');
  if (sample && mean && sample === mean) throw new RangeError('sampleLayer: sample and mean must be different tensors');
  for (const [t, name] of [
    [sample, 'sample'],
    [mean, 'mean'],
  ] as const)
    if (t && (t === pre || t === bias || t === offset))
      throw new RangeError(`sampleLayer: ${name} must not alias an input tensor`);
  const scale = options.scale ?? 1;
  const offsetScale = options.offsetScale ?? 1;
  if (!Number.isFinite(scale)) throw new RangeError(`sampleLayer: scale must be finite, got ${scale}`);
  if (!Number.isFinite(offsetScale))
    throw new RangeError(`sampleLayer: offsetScale must be finite, got ${offsetScale}`);
  const step = checkU32(options.step ?? 0, 'sampleLayer: step');
  const stream = checkU32(options.stream ?? 0, 'sampleLayer: stream');
  if (sample && options.seed === undefined) throw new RangeError('sampleLayer: seed is required to sample');
  const key = options.seed === undefined ? ([0, 0] as const) : philoxKey(options.seed, 'sampleLayer: seed');
  const be: Backend = pre.backend;
  for (const t of [bias, offset, sample, mean])
    if (t && t.backend !== be) throw new TypeError('sampleLayer: every tensor must live on the same backend');
  runKernel(layerKernel, be, {
    unit,
    pre,
    bias,
    offset,
    sample,
    mean,
    count: rows * n,
    n,
    scale,
    offsetScale,
    key,
    step,
    stream,
  });
}

/** A validated half step: the unit type, tensors, sizes, scales and the Philox key and counter words. */
export interface LayerPlan {
  readonly unit: UnitType;
  readonly pre: Tensor;
  readonly bias?: Tensor | undefined;
  readonly offset?: Tensor | undefined;
  readonly sample?: Tensor | undefined;
  readonly mean?: Tensor | undefined;
  readonly count: number;
  readonly n: number;
  readonly scale: number;
  readonly offsetScale: number;
  readonly key: readonly [number, number];
  readonly step: number;
  readonly stream: number;
}

/** The layer kernel: {@link sampleLayerCpu} on the CPU, {@link layerKernelWgsl} on WebGPU. */
export const layerKernel: ComputeKernel<LayerPlan> = {
  name: 'rbm-layer',
  cpu(be, p) {
    const data = (t: Tensor | undefined): Float32Array | null =>
      t ? (be.own(t, 'tensor').data as Float32Array) : null;
    sampleLayerCpu({
      unit: p.unit,
      count: p.count,
      n: p.n,
      pre: data(p.pre)!,
      bias: data(p.bias),
      offset: data(p.offset),
      scale: p.scale,
      offsetScale: p.offsetScale,
      sample: data(p.sample),
      mean: data(p.mean),
      key: p.key,
      step: p.step,
      stream: p.stream,
    });
  },
  webgpu(be, p) {
    if (p.count === 0) return;
    const bindings = [p.pre, p.bias, p.offset, p.sample, p.mean].filter((t): t is Tensor => t !== undefined);
    be.dispatch({
      source: layerKernelWgsl(p.unit, !!p.bias, !!p.offset, !!p.sample, !!p.mean),
      label: `rbm layer (${p.unit})`,
      bindings,
      uniforms: packUniforms([
        ['u32', p.count],
        ['u32', p.n],
        ['u32', p.key[0]],
        ['u32', p.key[1]],
        ['u32', p.step],
        ['u32', p.stream],
        ['f32', p.scale],
        ['f32', p.offsetScale],
      ]),
      workgroups: workgroupGrid(Math.ceil(p.count / WORKGROUP), be.limits.maxComputeWorkgroupsPerDimension),
    });
  },
};
