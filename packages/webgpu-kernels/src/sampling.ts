/**
 * Counter-based sampling kernels on every backend: the raw Philox u32 stream,
 * uniform, Bernoulli and normal variates. Element i draws from word i of the
 * stream (word i mod 4 of block ⌊i/4⌋, counter (⌊i/4⌋, c1, c2, c3), key = seed),
 * so results are identical whatever the dispatch shape or backend (normal
 * variates to f32 rounding of log/cos/sin).
 * @module
 */

import type { Backend } from './backend';
import { LINEAR_WORKGROUP_WGSL, packUniforms, workgroupGrid } from './dispatch';
import type { ComputeKernel } from './kernel';
import { runKernel } from './kernel';
import { backendOf, checkDtypeIs, checkFinite, FLOAT_BITS_WGSL, outputTensor } from './op-utils';
import { checkCounter, PHILOX_WGSL, philox4x32_10, philoxKey, uniformFromU32 } from './philox';
import type { Tensor } from './tensor';

/** Common options of the sampling kernels. */
export interface SamplingOptions {
  /** Philox key: a non-negative integer (< 2^53) or a bigint (< 2^64). Required. */
  readonly seed: number | bigint;
  /** Counter words (c1, c2, c3), default (0, 0, 0): e.g. (stream, step, 0). */
  readonly counter?: readonly number[];
  /**
   * Dispatch shape on WebGPU (results do not depend on it): invocations per
   * workgroup (a power of two from 32 to 256, default 64) and a cap on workgroups
   * per grid dimension below the device's (to exercise 2-D/3-D grids).
   */
  readonly dispatch?: { readonly workgroupSize?: number; readonly maxWorkgroupsPerDimension?: number };
}

/** What a sampling kernel writes: raw Philox words, uniforms, Bernoulli draws or normals. */
export type SampleOp = 'u32' | 'uniform' | 'bernoulli' | 'normal';

const TWO_PI = 6.283185307179586;

/**
 * WGSL of the sampling kernels. One invocation per Philox block of 4 elements.
 * normal: Box–Muller on word pairs, u₁ = (⌊w/2^8⌋ + 1)·2^-24 ∈ (0, 1], θ = 2π·⌊w'/2^8⌋·2^-24,
 * z = (√(−2 ln u₁) cos θ, √(−2 ln u₁) sin θ).
 * bernoulli: 1 (or +1) when u < p, else 0 (or −1); NaN when p ∉ [0, 1].
 */
export function samplingWgsl(op: SampleOp, workgroupSize: number, spins = false): string {
  const outType = op === 'u32' ? 'u32' : 'f32';
  const input = op === 'bernoulli' ? '@group(0) @binding(1) var<storage, read> P: array<f32>;\n' : '';
  const uniformBinding = op === 'bernoulli' ? 2 : 1;
  let body: string;
  switch (op) {
    case 'u32':
      body = 'let v = w;';
      break;
    case 'uniform':
      body = `let v = vec4<f32>(p.a) + vec4<f32>(p.b - p.a) * vec4<f32>(philox_uniform(w.x), philox_uniform(w.y), philox_uniform(w.z), philox_uniform(w.w));`;
      break;
    case 'normal':
      body = `let r0 = sqrt(max(0.0, -2.0 * log((f32(w.x >> 8u) + 1.0) * 5.9604644775390625e-8)));
    let t0 = philox_cos_sin_2pi(w.y);
    let r1 = sqrt(max(0.0, -2.0 * log((f32(w.z >> 8u) + 1.0) * 5.9604644775390625e-8)));
    let t1 = philox_cos_sin_2pi(w.w);
    let v = vec4<f32>(p.a) + p.b * vec4<f32>(r0 * t0, r1 * t1);`;
      break;
    case 'bernoulli': {
      const lo = spins ? '-1.0' : '0.0';
      body = `var v = vec4<f32>(0.0);
    let us = vec4<f32>(philox_uniform(w.x), philox_uniform(w.y), philox_uniform(w.z), philox_uniform(w.w));
    for (var j = 0u; j < 4u; j = j + 1u) {
      if (base + j < p.n) {
        let q = P[base + j];
        if (!(q >= 0.0 && q <= 1.0) || f32_is_nan(q)) { v[j] = f32_nan(); } else { v[j] = select(${lo}, 1.0, us[j] < q); }
      }
    }`;
      break;
    }
  }
  return `${FLOAT_BITS_WGSL}${LINEAR_WORKGROUP_WGSL}${PHILOX_WGSL}
struct Params { n: u32, k0: u32, k1: u32, c1: u32, c2: u32, c3: u32, a: f32, b: f32 }
@group(0) @binding(0) var<storage, read_write> OUT: array<${outType}>;
${input}@group(0) @binding(${uniformBinding}) var<uniform> p: Params;

@compute @workgroup_size(${workgroupSize})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let block = linear_workgroup(wid, nwg) * ${workgroupSize}u + lid;
  let base = block * 4u;
  if (base >= p.n) { return; }
  let w = philox4x32_10(vec4<u32>(block, p.c1, p.c2, p.c3), vec2<u32>(p.k0, p.k1));
  ${body}
  for (var j = 0u; j < 4u; j = j + 1u) {
    if (base + j < p.n) { OUT[base + j] = v[j]; }
  }
}
`;
}

interface Prepared {
  be: Backend;
  k0: number;
  k1: number;
  c: [number, number, number];
}

function prepare(op: string, tensors: Record<string, Tensor | undefined>, options: SamplingOptions): Prepared {
  const be = backendOf(op, tensors);
  if (options === undefined || options.seed === undefined) throw new RangeError(`${op}: options.seed is required`);
  const [k0, k1] = philoxKey(options.seed, `${op}: seed`);
  const c = checkCounter(options.counter, `${op}: counter`);
  return { be, k0, k1, c };
}

/** A validated draw: what to write, where, the Philox key and counter, the op's two scalars and the dispatch shape. */
export interface SamplePlan {
  readonly op: SampleOp;
  readonly out: Tensor;
  /** Bernoulli: the probabilities. */
  readonly p?: Tensor;
  readonly k0: number;
  readonly k1: number;
  readonly c: readonly [number, number, number];
  /** uniform: low, high; normal: mean, std. */
  readonly a: number;
  readonly b: number;
  /** Bernoulli: draw ±1 instead of 0/1. */
  readonly spins: boolean;
  readonly dispatch?: SamplingOptions['dispatch'];
}

/** Calls `f(i, word)` for every element's Philox word (the CPU twin's walk over the stream). */
function forEachWord(n: number, p: SamplePlan, f: (i: number, w: Uint32Array, j: number) => void): void {
  const w = new Uint32Array(4);
  for (let base = 0; base < n; base += 4) {
    philox4x32_10(base >>> 2, p.c[0], p.c[1], p.c[2], p.k0, p.k1, w, 0);
    const m = Math.min(4, n - base);
    for (let j = 0; j < m; j++) f(base + j, w, j);
  }
}

/** The sampling kernel: the Philox walk on the CPU, or one invocation per block of four words on WebGPU. */
export const samplingKernel: ComputeKernel<SamplePlan> = {
  name: 'sampling',
  cpu(be, p) {
    const n = p.out.size;
    switch (p.op) {
      case 'u32': {
        const d = be.own(p.out, 'out').data as Uint32Array;
        forEachWord(n, p, (i, w, j) => {
          d[i] = w[j] as number;
        });
        return;
      }
      case 'uniform': {
        const d = be.own(p.out, 'out').data as Float32Array;
        const fl = Math.fround(p.a);
        const span = Math.fround(Math.fround(p.b) - fl);
        forEachWord(n, p, (i, w, j) => {
          d[i] = fl + span * uniformFromU32(w[j] as number);
        });
        return;
      }
      case 'bernoulli': {
        const d = be.own(p.out, 'out').data as Float32Array;
        const pd = be.own(p.p!, 'p').data as Float32Array;
        const lo = p.spins ? -1 : 0;
        forEachWord(n, p, (i, w, j) => {
          const q = pd[i] as number;
          d[i] = q >= 0 && q <= 1 ? (uniformFromU32(w[j] as number) < q ? 1 : lo) : Number.NaN;
        });
        return;
      }
      case 'normal': {
        const d = be.own(p.out, 'out').data as Float32Array;
        const m = Math.fround(p.a);
        const s = Math.fround(p.b);
        let r = 0;
        let t = 0;
        forEachWord(n, p, (i, w, j) => {
          if ((j & 1) === 0) {
            const u1 = ((w[j] as number) >>> 8) * 5.9604644775390625e-8 + 5.9604644775390625e-8;
            r = Math.sqrt(-2 * Math.log(u1));
            t = TWO_PI * uniformFromU32(w[j + 1] as number);
            d[i] = m + s * r * Math.cos(t);
          } else {
            d[i] = m + s * r * Math.sin(t);
          }
        });
      }
    }
  },
  webgpu(be, p) {
    const wgSize = p.dispatch?.workgroupSize ?? 64;
    if (![32, 64, 128, 256].includes(wgSize))
      throw new RangeError(`dispatch.workgroupSize: expected 32, 64, 128 or 256, got ${String(wgSize)}`);
    const deviceMax = be.limits.maxComputeWorkgroupsPerDimension;
    const maxPerDim = p.dispatch?.maxWorkgroupsPerDimension ?? deviceMax;
    if (!Number.isInteger(maxPerDim) || maxPerDim < 1 || maxPerDim > deviceMax)
      throw new RangeError(
        `dispatch.maxWorkgroupsPerDimension: expected an integer in [1, ${deviceMax}], got ${String(maxPerDim)}`,
      );
    const n = p.out.size;
    const blocks = Math.ceil(n / 4);
    be.dispatch({
      source: samplingWgsl(p.op, wgSize, p.spins),
      label: p.op,
      bindings: p.p ? [p.out, p.p] : [p.out],
      uniforms: packUniforms([
        ['u32', n],
        ['u32', p.k0],
        ['u32', p.k1],
        ['u32', p.c[0]],
        ['u32', p.c[1]],
        ['u32', p.c[2]],
        ['f32', p.a],
        ['f32', p.b],
      ]),
      workgroups: workgroupGrid(Math.ceil(blocks / wgSize), maxPerDim),
    });
  },
};

/** Runs the sampling kernel for a prepared op. */
function sample(pre: Prepared, plan: Omit<SamplePlan, 'k0' | 'k1' | 'c'>): void {
  runKernel(samplingKernel, pre.be, { ...plan, k0: pre.k0, k1: pre.k1, c: pre.c });
}

/**
 * Fills a uint32 tensor with the Philox stream: out[i] = word i (see module docs).
 * @param out - uint32 tensor, any shape
 */
export function philoxFill(out: Tensor, options: SamplingOptions): Tensor<'uint32'> {
  const pre = prepare('philoxFill', { out }, options);
  checkDtypeIs('philoxFill', 'out', out, 'uint32');
  sample(pre, { op: 'u32', out, a: 0, b: 0, spins: false, dispatch: options.dispatch });
  return out as Tensor<'uint32'>;
}

/**
 * Fills a float32 tensor with uniform variates low + (high − low)·u, u = ⌊w/2^8⌋·2^-24 ∈ [0, 1).
 * @param options.low - default 0; options.high - default 1
 */
export function uniform(
  out: Tensor,
  options: SamplingOptions & { readonly low?: number; readonly high?: number },
): Tensor<'float32'> {
  const pre = prepare('uniform', { out }, options);
  checkDtypeIs('uniform', 'out', out, 'float32');
  const low = checkFinite('uniform', 'low', options.low ?? 0);
  const high = checkFinite('uniform', 'high', options.high ?? 1);
  if (!(high >= low)) throw new RangeError(`uniform: high (${high}) must be ≥ low (${low})`);
  sample(pre, { op: 'uniform', out, a: low, b: high, spins: false, dispatch: options.dispatch });
  return out as Tensor<'float32'>;
}

/**
 * Bernoulli variates: out_i = 1 when u_i < p_i else 0 (or ±1 with `spins`),
 * with u_i the stream's uniform; the comparison is exact in f32, so every
 * backend gives the same bits. A p_i outside [0, 1] (or NaN) gives NaN, not a clipped draw.
 * @param p - float32 probabilities, any shape
 * @param options.spins - draw σ ∈ {−1, +1} with P(σ = +1) = p, default false
 * @param options.out - float32 output of p's shape, not p itself; new when omitted
 */
export function bernoulli(
  p: Tensor,
  options: SamplingOptions & { readonly out?: Tensor; readonly spins?: boolean },
): Tensor<'float32'> {
  const pre = prepare('bernoulli', { p, out: options.out }, options);
  checkDtypeIs('bernoulli', 'p', p, 'float32');
  const out = outputTensor('bernoulli', pre.be, options.out, p.shape, 'float32');
  if (out === p) throw new RangeError('bernoulli: out may not be p itself');
  sample(pre, { op: 'bernoulli', out, p, a: 0, b: 0, spins: options.spins ?? false, dispatch: options.dispatch });
  return out;
}

/**
 * Fills a float32 tensor with normal variates mean + std·z, z from Box–Muller on
 * consecutive word pairs (see {@link samplingWgsl}).
 * @param options.mean - default 0; options.std - default 1 (≥ 0)
 */
export function normal(
  out: Tensor,
  options: SamplingOptions & { readonly mean?: number; readonly std?: number },
): Tensor<'float32'> {
  const pre = prepare('normal', { out }, options);
  checkDtypeIs('normal', 'out', out, 'float32');
  const mean = checkFinite('normal', 'mean', options.mean ?? 0);
  const std = checkFinite('normal', 'std', options.std ?? 1);
  if (std < 0) throw new RangeError(`normal: std must be ≥ 0, got ${std}`);
  sample(pre, { op: 'normal', out, a: mean, b: std, spins: false, dispatch: options.dispatch });
  return out as Tensor<'float32'>;
}
