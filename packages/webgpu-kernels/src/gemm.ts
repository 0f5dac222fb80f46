/**
 * General matrix product C = α·op(A)·op(B) + β·C, optionally batched, on every backend.
 * @module
 */
import { packUniforms } from './dispatch';
import { formatShape } from './dtype';
import { gemmCpu } from './gemm-cpu';
import type { ComputeKernel } from './kernel';
import { runKernel } from './kernel';
import { backendOf, checkDtypeIs, checkFinite, outputTensor } from './op-utils';
import type { Tensor } from './tensor';

/** Options of {@link gemm}. */
export interface GemmOptions {
  /** Output C, shape [M, N] or [batch, M, N]; a new zeroed tensor when omitted. */
  readonly out?: Tensor;
  /** α, default 1. */
  readonly alpha?: number;
  /** β, default 0; with β = 0, C is not read (as in BLAS). Needs `out` when ≠ 0. */
  readonly beta?: number;
  /** Use Aᵀ: A is stored [K, M] (or [batch, K, M]). Default false. */
  readonly transA?: boolean;
  /** Use Bᵀ: B is stored [N, K] (or [batch, N, K]). Default false. */
  readonly transB?: boolean;
}

/** The static configuration a gemm WGSL module is generated for. */
export interface GemmConfig {
  readonly transA: boolean;
  readonly transB: boolean;
}

const TILE = 64;
const TILE_K = 16;

/**
 * WGSL for C = α·op(A)·op(B) + β·C: 64×64 output tiles per 16×16 workgroup,
 * each invocation accumulating a 4×4 block (rows ty+16i, columns tx+16j) from
 * 64×16 / 16×64 tiles staged in workgroup memory. Batch index = workgroup z + batchOffset.
 */
export function gemmWgsl(cfg: GemmConfig): string {
  const aIndex = cfg.transA ? 'gk * p.m + gm' : 'gm * p.k + gk';
  const aTile = cfg.transA ? 'let mm = t % 64u; let kk = t / 64u;' : 'let mm = t / 16u; let kk = t % 16u;';
  const bIndex = cfg.transB ? 'gn * p.k + gk' : 'gk * p.n + gn';
  const bTile = cfg.transB ? 'let kk = t % 16u; let nn = t / 16u;' : 'let nn = t % 64u; let kk = t / 64u;';
  return /* wgsl */ `
struct Params {
  m: u32, n: u32, k: u32, stride_a: u32,
  stride_b: u32, stride_c: u32, batch_offset: u32, alpha: f32,
  beta: f32,
}
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> C: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;

var<workgroup> As: array<f32, ${TILE * TILE_K}>;
var<workgroup> Bs: array<f32, ${TILE * TILE_K}>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let batch = wid.z + p.batch_offset;
  let a_base = batch * p.stride_a;
  let b_base = batch * p.stride_b;
  let c_base = batch * p.stride_c;
  let m0 = wid.y * ${TILE}u;
  let n0 = wid.x * ${TILE}u;
  let tx = lid3.x;
  let ty = lid3.y;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  for (var k0 = 0u; k0 < p.k; k0 = k0 + ${TILE_K}u) {
    for (var r = 0u; r < 4u; r = r + 1u) {
      let t = lid + r * 256u;
      {
        ${aTile}
        let gm = m0 + mm;
        let gk = k0 + kk;
        var v = 0.0;
        if (gm < p.m && gk < p.k) { v = A[a_base + ${aIndex}]; }
        As[kk * ${TILE}u + mm] = v;
      }
      {
        ${bTile}
        let gn = n0 + nn;
        let gk = k0 + kk;
        var v = 0.0;
        if (gn < p.n && gk < p.k) { v = B[b_base + ${bIndex}]; }
        Bs[kk * ${TILE}u + nn] = v;
      }
    }
    workgroupBarrier();
    for (var kk = 0u; kk < ${TILE_K}u; kk = kk + 1u) {
      let ar = kk * ${TILE}u + ty;
      let br = kk * ${TILE}u + tx;
      let b = vec4<f32>(Bs[br], Bs[br + 16u], Bs[br + 32u], Bs[br + 48u]);
      acc0 = fma(vec4<f32>(As[ar]), b, acc0);
      acc1 = fma(vec4<f32>(As[ar + 16u]), b, acc1);
      acc2 = fma(vec4<f32>(As[ar + 32u]), b, acc2);
      acc3 = fma(vec4<f32>(As[ar + 48u]), b, acc3);
    }
    workgroupBarrier();
  }
  var accs = array<vec4<f32>, 4>(acc0, acc1, acc2, acc3);
  for (var i = 0u; i < 4u; i = i + 1u) {
    let row = m0 + ty + 16u * i;
    if (row >= p.m) { continue; }
    let a = accs[i];
    for (var j = 0u; j < 4u; j = j + 1u) {
      let col = n0 + tx + 16u * j;
      if (col >= p.n) { continue; }
      let idx = c_base + row * p.n + col;
      var v = p.alpha * a[j];
      if (p.beta != 0.0) { v = v + p.beta * C[idx]; }
      C[idx] = v;
    }
  }
}
`;
}

interface GemmShape {
  batch: number;
  m: number;
  n: number;
  k: number;
  strideA: number;
  strideB: number;
  outShape: number[];
}

/** A validated gemm: operands, output, shape and scalars. */
export interface GemmPlan extends GemmShape {
  readonly a: Tensor;
  readonly b: Tensor;
  readonly c: Tensor<'float32'>;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly alpha: number;
  readonly beta: number;
}

/** The gemm kernel: the blocked (WebAssembly SIMD) CPU twin, and the tiled WGSL in chunks of batches. */
export const gemmKernel: ComputeKernel<GemmPlan> = {
  name: 'gemm',
  cpu(be, p) {
    const ad = be.own(p.a, 'a').data as Float32Array;
    const bd = be.own(p.b, 'b').data as Float32Array;
    const cd = be.own(p.c, 'out').data;
    const strideC = p.m * p.n;
    for (let t = 0; t < p.batch; t++)
      gemmCpu({
        m: p.m,
        n: p.n,
        k: p.k,
        a: ad,
        aOffset: t * p.strideA,
        transA: p.transA,
        b: bd,
        bOffset: t * p.strideB,
        transB: p.transB,
        c: cd,
        cOffset: t * strideC,
        alpha: p.alpha,
        beta: p.beta,
      });
  },
  webgpu(be, p) {
    const source = gemmWgsl({ transA: p.transA, transB: p.transB });
    const maxZ = be.limits.maxComputeWorkgroupsPerDimension;
    for (let offset = 0; offset < p.batch; offset += maxZ) {
      const count = Math.min(maxZ, p.batch - offset);
      be.dispatch({
        source,
        label: 'gemm',
        bindings: [p.a, p.b, p.c],
        uniforms: packUniforms([
          ['u32', p.m],
          ['u32', p.n],
          ['u32', p.k],
          ['u32', p.strideA],
          ['u32', p.strideB],
          ['u32', p.m * p.n],
          ['u32', offset],
          ['f32', p.alpha],
          ['f32', p.beta],
        ]),
        workgroups: [Math.ceil(p.n / TILE), Math.ceil(p.m / TILE), count],
      });
    }
  },
};

function gemmShape(a: Tensor, b: Tensor, transA: boolean, transB: boolean): GemmShape {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra !== 2 && ra !== 3)
    throw new RangeError(`gemm: a must be [M, K] or [batch, M, K], got ${formatShape(a.shape)}`);
  if (rb !== 2 && rb !== 3)
    throw new RangeError(`gemm: b must be [K, N] or [batch, K, N], got ${formatShape(b.shape)}`);
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const m = transA ? ac : ar;
  const k = transA ? ar : ac;
  const kb = transB ? bc : br;
  const n = transB ? br : bc;
  if (k !== kb) {
    throw new RangeError(
      `gemm: inner dimensions differ: op(a) is ${m}×${k} (a ${formatShape(a.shape)}${transA ? ', transA' : ''}) but op(b) is ${kb}×${n} (b ${formatShape(b.shape)}${transB ? ', transB' : ''})`,
    );
  }
  const ba = ra === 3 ? (a.shape[0] as number) : 1;
  const bb = rb === 3 ? (b.shape[0] as number) : 1;
  if (ra === 3 && rb === 3 && ba !== bb) {
    throw new RangeError(`gemm: batch sizes differ: a has ${ba}, b has ${bb}`);
  }
  const batch = Math.max(ba, bb);
  const batched = ra === 3 || rb === 3;
  return {
    batch,
    m,
    n,
    k,
    strideA: ra === 3 ? m * k : 0,
    strideB: rb === 3 ? k * n : 0,
    outShape: batched ? [batch, m, n] : [m, n],
  };
}

/**
 * General matrix product C ← α·op(A)·op(B) + β·C on the tensors' backend.
 *
 * Shapes: op(A) is M×K, op(B) is K×N, C is M×N; a leading batch extent on A
 * and/or B batches the product (a 2-D operand is shared by every batch).
 *
 * @param a - float32 [M, K] (or [K, M] with `transA`), optionally [batch, ·, ·]
 * @param b - float32 [K, N] (or [N, K] with `transB`), optionally [batch, ·, ·]
 * @returns C (the `out` tensor when given)
 * @throws RangeError on mismatched shapes; TypeError on dtypes or mixed backends
 * @example
 * ```ts
 * const c = gemm(a, b, { transB: true, alpha: 1 / n });   // C = A·Bᵀ / n
 * ```
 */
export function gemm(a: Tensor, b: Tensor, options: GemmOptions = {}): Tensor<'float32'> {
  const be = backendOf('gemm', { a, b, out: options.out });
  checkDtypeIs('gemm', 'a', a, 'float32');
  checkDtypeIs('gemm', 'b', b, 'float32');
  const alpha = checkFinite('gemm', 'alpha', options.alpha ?? 1);
  const beta = checkFinite('gemm', 'beta', options.beta ?? 0);
  const transA = options.transA ?? false;
  const transB = options.transB ?? false;
  const s = gemmShape(a, b, transA, transB);
  if (beta !== 0 && options.out === undefined)
    throw new RangeError('gemm: beta ≠ 0 needs an out tensor to accumulate into');
  const c = outputTensor('gemm', be, options.out, s.outShape, 'float32');
  runKernel(gemmKernel, be, { ...s, a, b, c, transA, transB, alpha, beta });
  return c;
}
