/**
 * Index-mapping kernels, each a plain object with its WGSL and its CPU twin: a strided view
 * (permute, slice, pad, broadcast as one gather), a strided scatter (concat), the patch
 * extraction of a convolution and its adjoint (im2col / col2im, the adjoint as a gather so it
 * is deterministic on every backend), and a gather/scatter of one entry per row (labels).
 * @module
 */
import type { ComputeKernel, CpuBackend, Tensor, WebGPUBackend } from '@replica/webgpu-kernels';
import { LINEAR_WORKGROUP_WGSL, packUniforms, workgroupGrid } from '@replica/webgpu-kernels';

const WG = 128;
const data = (be: CpuBackend, t: Tensor): Float32Array => be.own(t, 'tensor').data as Float32Array;
const grid = (be: WebGPUBackend, count: number): [number, number, number] =>
  workgroupGrid(Math.max(1, Math.ceil(count / WG)), be.limits.maxComputeWorkgroupsPerDimension);

/** The most axes a strided view handles. */
export const MAX_VIEW_RANK = 8;

/**
 * One axis of a strided view: the loop runs over `dim` positions i; the other side's index is
 * j = i + offset, valid when 0 ≤ j < extent, and contributes j·stride to the flat offset.
 */
export interface ViewAxis {
  readonly dim: number;
  readonly offset: number;
  readonly extent: number;
  readonly stride: number;
}

/**
 * A strided view. `gather`: OUT[e] = X[Σ jᵈ·strideᵈ] over OUT's elements e (row-major over the
 * axes' dims), or `fill` where some jᵈ is out of range. `scatter`: OUT[Σ jᵈ·strideᵈ] = X[e] over
 * X's elements (every jᵈ must be in range; OUT's other elements are left as they are).
 */
export interface StridedViewPlan {
  readonly mode: 'gather' | 'scatter';
  readonly x: Tensor;
  readonly out: Tensor;
  readonly axes: readonly ViewAxis[];
  readonly fill: number;
}

const STRIDED_WGSL = (scatter: boolean) => /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { count: u32, rank: u32, fill: f32, pad0: u32, axes: array<vec4<i32>, ${MAX_VIEW_RANK}> }
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (e >= p.count) { return; }
  var rem = e;
  var other: i32 = 0;
  var ok = true;
  for (var d = i32(p.rank) - 1; d >= 0; d--) {
    let ax = p.axes[d];
    let dim = u32(ax.x);
    let j = i32(rem % dim) + ax.y;
    rem = rem / dim;
    if (j < 0 || j >= ax.z) { ok = false; }
    other += j * ax.w;
  }
  ${scatter ? 'OUT[u32(other)] = X[e];' : 'if (ok) { OUT[e] = X[u32(other)]; } else { OUT[e] = p.fill; }'}
}
`;

/** The strided gather/scatter (permute, slice, pad, broadcast, concat). */
export const stridedViewKernel: ComputeKernel<StridedViewPlan> = {
  name: 'stridedView',
  cpu(be, p) {
    const x = data(be, p.x);
    const o = data(be, p.out);
    const gather = p.mode === 'gather';
    const rank = p.axes.length;
    if (rank === 0) {
      o[0] = x[0]!;
      return;
    }
    // the innermost axis runs as a plain strided loop over its valid range; an odometer walks the outer ones
    const inner = p.axes[rank - 1]!;
    const n = inner.dim;
    const st = inner.stride;
    const off = inner.offset;
    const lo = Math.min(n, Math.max(0, -off));
    const hi = Math.max(lo, Math.min(n, inner.extent - off));
    const outer = p.axes.slice(0, -1);
    const idx = new Int32Array(outer.length);
    const outerCount = outer.reduce((a, ax) => a * ax.dim, 1);
    for (let q = 0, e = 0; q < outerCount; q++, e += n) {
      let base = off * st;
      let ok = true;
      for (let d = 0; d < outer.length; d++) {
        const ax = outer[d]!;
        const j = idx[d]! + ax.offset;
        if (j < 0 || j >= ax.extent) ok = false;
        base += j * ax.stride;
      }
      if (gather) {
        if (!ok) o.fill(p.fill, e, e + n);
        else {
          if (lo > 0) o.fill(p.fill, e, e + lo);
          if (st === 1) o.set(x.subarray(base + lo, base + hi), e + lo);
          else for (let i = lo; i < hi; i++) o[e + i] = x[base + i * st]!;
          if (hi < n) o.fill(p.fill, e + hi, e + n);
        }
      } else if (st === 1) o.set(x.subarray(e, e + n), base);
      else for (let i = 0; i < n; i++) o[base + i * st] = x[e + i]!;
      for (let d = outer.length - 1; d >= 0; d--) {
        if (++idx[d]! < outer[d]!.dim) break;
        idx[d] = 0;
      }
    }
  },
  webgpu(be, p) {
    const fields: ['u32' | 'i32' | 'f32', number][] = [
      ['u32', p.mode === 'gather' ? p.out.size : p.x.size],
      ['u32', p.axes.length],
      ['f32', p.fill],
      ['u32', 0],
    ];
    for (let d = 0; d < MAX_VIEW_RANK; d++) {
      const a = p.axes[d];
      fields.push(['i32', a?.dim ?? 1], ['i32', a?.offset ?? 0], ['i32', a?.extent ?? 1], ['i32', a?.stride ?? 0]);
    }
    const count = p.mode === 'gather' ? p.out.size : p.x.size;
    be.dispatch({
      source: STRIDED_WGSL(p.mode === 'scatter'),
      label: `stridedView-${p.mode}`,
      bindings: [p.x, p.out],
      uniforms: packUniforms(fields),
      workgroups: grid(be, count),
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Convolution patches. An image [N, C, H, W] and its patch grid [Hs, Ws] of kernel kh × kw,
// stride s, zero padding p: patch (oh, ow) reads pixel (oh·s + ki − p, ow·s + kj − p).

/** The geometry of a 2-D convolution. */
export interface ConvGeometry {
  readonly n: number;
  readonly c: number;
  /** The image's height and width. */
  readonly h: number;
  readonly w: number;
  readonly kh: number;
  readonly kw: number;
  readonly stride: number;
  readonly padding: number;
  /** The patch grid's height and width. */
  readonly oh: number;
  readonly ow: number;
}

/**
 * im2col, transposed: COLS[(c·kh + ki)·kw + kj, (n·Hs + oh)·Ws + ow] = X[n, c, oh·s + ki − p, ow·s + kj − p]
 * (0 off the image), columns of shape [C·kh·kw, N·Hs·Ws] — one row per kernel tap, so the
 * convolution is W [O, C·kh·kw] times it, and the CPU loops run along image rows. col2im (its
 * adjoint): X̄[n, c, y, x] = Σ over the taps and patches covering the pixel of COLS̄ — on the GPU
 * a gather per pixel, so the sum order is fixed on every backend.
 */
export interface PatchPlan {
  readonly mode: 'im2col' | 'col2im';
  readonly g: ConvGeometry;
  /** im2col: the image; col2im: the columns. */
  readonly x: Tensor;
  readonly out: Tensor;
}

const PATCH_WGSL = (col2im: boolean) => /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { count: u32, n: u32, c: u32, h: u32, w: u32, kh: u32, kw: u32, s: u32, pad: u32, oh: u32, ow: u32 }
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (e >= p.count) { return; }
  let pad = i32(p.pad);
  let s = i32(p.s);
  let cols = p.n * p.oh * p.ow;
${
  col2im
    ? `  let xx = i32(e % p.w);
  let yy = i32((e / p.w) % p.h);
  let ch = (e / (p.w * p.h)) % p.c;
  let b = e / (p.w * p.h * p.c);
  var acc = 0.0;
  for (var ki = 0; ki < i32(p.kh); ki++) {
    let ty = yy + pad - ki;
    if (ty < 0 || ty % s != 0 || ty / s >= i32(p.oh)) { continue; }
    for (var kj = 0; kj < i32(p.kw); kj++) {
      let tx = xx + pad - kj;
      if (tx < 0 || tx % s != 0 || tx / s >= i32(p.ow)) { continue; }
      let row = (ch * p.kh + u32(ki)) * p.kw + u32(kj);
      let col = (b * p.oh + u32(ty / s)) * p.ow + u32(tx / s);
      acc += X[row * cols + col];
    }
  }
  OUT[e] = acc;`
    : `  let col = e % cols;
  let row = e / cols;
  let kj = i32(row % p.kw);
  let ki = i32((row / p.kw) % p.kh);
  let ch = row / (p.kw * p.kh);
  let ox = i32(col % p.ow);
  let oy = i32((col / p.ow) % p.oh);
  let b = col / (p.ow * p.oh);
  let yy = oy * s + ki - pad;
  let xx = ox * s + kj - pad;
  if (yy < 0 || yy >= i32(p.h) || xx < 0 || xx >= i32(p.w)) { OUT[e] = 0.0; return; }
  OUT[e] = X[((b * p.c + ch) * p.h + u32(yy)) * p.w + u32(xx)];`
}
}
`;

/** im2col and col2im (the convolutions' patch gather and its adjoint), in the transposed layout. */
export const patchKernel: ComputeKernel<PatchPlan> = {
  name: 'patches',
  cpu(be, p) {
    const { n, c, h, w, kh, kw, stride: s, padding: pad, oh, ow } = p.g;
    const x = data(be, p.x);
    const o = data(be, p.out);
    const im2col = p.mode === 'im2col';
    const cols = n * oh * ow;
    if (!im2col) o.fill(0);
    // one kernel tap (ch, ki, kj) per row; along a patch row ox the image is read with stride s.
    // col2im adds into the image in this fixed order.
    for (let ch = 0; ch < c; ch++)
      for (let ki = 0; ki < kh; ki++)
        for (let kj = 0; kj < kw; kj++) {
          const row = ((ch * kh + ki) * kw + kj) * cols;
          // the patches whose column ox·s + kj − p lands on the image
          const oxLo = Math.min(ow, Math.max(0, Math.ceil((pad - kj) / s)));
          const oxHi = Math.max(oxLo, Math.min(ow, Math.floor((w - 1 + pad - kj) / s) + 1));
          for (let b = 0; b < n; b++)
            for (let oy = 0; oy < oh; oy++) {
              const dst = row + (b * oh + oy) * ow;
              const yy = oy * s + ki - pad;
              if (yy < 0 || yy >= h) {
                if (im2col) o.fill(0, dst, dst + ow);
                continue;
              }
              const src = ((b * c + ch) * h + yy) * w + kj - pad;
              if (im2col) {
                if (oxLo > 0) o.fill(0, dst, dst + oxLo);
                if (s === 1) o.set(x.subarray(src + oxLo, src + oxHi), dst + oxLo);
                else for (let ox = oxLo; ox < oxHi; ox++) o[dst + ox] = x[src + ox * s]!;
                if (oxHi < ow) o.fill(0, dst + oxHi, dst + ow);
              } else for (let ox = oxLo; ox < oxHi; ox++) o[src + ox * s]! += x[dst + ox]!;
            }
        }
  },
  webgpu(be, p) {
    const g = p.g;
    const count = p.out.size;
    be.dispatch({
      source: PATCH_WGSL(p.mode === 'col2im'),
      label: p.mode,
      bindings: [p.x, p.out],
      uniforms: packUniforms([
        ['u32', count],
        ['u32', g.n],
        ['u32', g.c],
        ['u32', g.h],
        ['u32', g.w],
        ['u32', g.kh],
        ['u32', g.kw],
        ['u32', g.stride],
        ['u32', g.padding],
        ['u32', g.oh],
        ['u32', g.ow],
      ]),
      workgroups: grid(be, count),
    });
  },
};

// ---------------------------------------------------------------------------------------------
// One entry per row: gather OUT[r] = X[r·n + I[r]], and its adjoint as a gather over X's shape.

/** `pick`: OUT[r] = X[r·n + I[r]]; `spread`: OUT[e] = X[⌊e/n⌋] where e mod n = I[⌊e/n⌋], else 0. */
export interface RowIndexPlan {
  readonly mode: 'pick' | 'spread';
  readonly x: Tensor;
  /** uint32, one index in [0, n) per row. */
  readonly index: Tensor;
  readonly out: Tensor;
  readonly n: number;
}

const ROW_INDEX_WGSL = (spread: boolean) => /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { count: u32, n: u32 }
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> I: array<u32>;
@group(0) @binding(2) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (e >= p.count) { return; }
  ${spread ? 'let r = e / p.n; OUT[e] = select(0.0, X[r], e % p.n == I[r]);' : 'OUT[e] = X[e * p.n + I[e]];'}
}
`;

/** The per-row gather (`pick`) and its adjoint (`spread`). */
export const rowIndexKernel: ComputeKernel<RowIndexPlan> = {
  name: 'rowIndex',
  cpu(be, p) {
    const x = data(be, p.x);
    const idx = be.own(p.index, 'index').data as Uint32Array;
    const o = data(be, p.out);
    const n = p.n;
    if (p.mode === 'pick') for (let r = 0; r < o.length; r++) o[r] = x[r * n + idx[r]!]!;
    else {
      o.fill(0);
      for (let r = 0; r < x.length; r++) o[r * n + idx[r]!] = x[r]!;
    }
  },
  webgpu(be, p) {
    be.dispatch({
      source: ROW_INDEX_WGSL(p.mode === 'spread'),
      label: `rowIndex-${p.mode}`,
      bindings: [p.x, p.index, p.out],
      uniforms: packUniforms([
        ['u32', p.out.size],
        ['u32', p.n],
      ]),
      workgroups: grid(be, p.out.size),
    });
  },
};
