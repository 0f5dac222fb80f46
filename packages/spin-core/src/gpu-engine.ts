/**
 * The WebGPU engine: one workgroup per replica walks the sites in order; the
 * invocation 0 decides each update (the same Philox words and rules as the CPU
 * engine), broadcasts it with workgroupUniformLoad, and the whole workgroup
 * updates the local fields (dense, sparse) or the integer overlaps M_μ (pattern
 * form) in parallel. Observables are reduced on the device each recorded sweep
 * and read back once per run: the sums of ±1 products (magnetization, Mattis and
 * replica overlaps, autocorrelation) as exact integers that the host divides by N in
 * f64, so they equal the CPU's values; the energy in f32.
 * @module
 */
import type { Tensor, WebGPUBackend } from '@replica/webgpu-kernels';
import {
  FLOAT_BITS_WGSL,
  LINEAR_WORKGROUP_WGSL,
  PHILOX_WGSL,
  packUniforms,
  ROW_WORKGROUP,
  WORKGROUP_REDUCE_WGSL,
} from '@replica/webgpu-kernels';
import type { IsingModel } from './couplings';
import { sharedRotatedPatterns } from './couplings';
import type { PlannedRun, Trajectory } from './dynamics';
import { allocateTrajectory, RULE } from './dynamics';
import { transposeCsr, transposeDense } from './internal';

/** Fields of dense/sparse couplings drift in f32; they are recomputed from the spins this often (sweeps). */
const REFRESH_EVERY = 8;

type Kind = 'dense' | 'sparse' | 'pattern' | 'lowrank';

const PARAMS = `struct Params { n: u32, replicas: u32, sweep: u32, k0: u32, k1: u32, beta: f32, k: u32, scale: f32, aux: u32 }`;

/** WGSL of a rule: `fn next_spin(s: i32, phi: f32, u: f32, d: f32) -> i32`. */
function ruleWgsl(rule: number): string {
  if (rule === RULE.glauber) {
    return 'fn next_spin(s: i32, phi: f32, u: f32, d: f32) -> i32 { return select(-1, 1, u < 0.5 * (1.0 + tanh(clamp(p.beta * phi, -15.0, 15.0)))); }';
  }
  if (rule === RULE.metropolis) {
    return `fn next_spin(s: i32, phi: f32, u: f32, d: f32) -> i32 {
  let de = 2.0 * f32(s) * phi;
  if (de <= 0.0 || u < exp(-p.beta * de)) { return -s; }
  return s;
}`;
  }
  return `fn next_spin(s: i32, phi: f32, u: f32, d: f32) -> i32 {
  let x = phi + d * f32(s);
  if (x > 0.0) { return 1; }
  if (x < 0.0) { return -1; }
  return s;
}`;
}

/**
 * Bindings after S (0): the state, the couplings of each storage kind, then
 * `extra` storage declarations (`NAME: array<T>`, read_write), then the uniforms.
 */
function stateWgsl(kind: Kind, stateAccess: 'read' | 'read_write', extra: readonly string[] = []): string {
  const tail = (first: number) =>
    [
      ...extra.map((e, k) => `@group(0) @binding(${first + k}) var<storage, read_write> ${e};`),
      `@group(0) @binding(${first + extra.length}) var<uniform> p: Params;`,
    ].join('\n');
  if (kind === 'lowrank') {
    // Y = Σ_j η_j σ_j (R×K, f32); φ_i = c(ξ_i·Y − d_i σ_i)/N + h_i.
    return `@group(0) @binding(1) var<storage, ${stateAccess}> Y: array<f32>;
@group(0) @binding(2) var<storage, read> XT: array<i32>;
@group(0) @binding(3) var<storage, read> ETA: array<f32>;
@group(0) @binding(4) var<storage, read> DS: array<f32>;
@group(0) @binding(5) var<storage, read> H: array<f32>;
@group(0) @binding(6) var<storage, read> D: array<f32>;
${tail(7)}
fn field(o: u32, r: u32, i: u32) -> f32 {
  var a = -DS[i] * f32(S[o + i]);
  let xo = i * p.k;
  let yo = r * p.k;
  for (var mu = 0u; mu < p.k; mu = mu + 1u) { a = a + f32(XT[xo + mu]) * Y[yo + mu]; }
  return p.scale * a / f32(p.n) + H[i];
}`;
  }
  if (kind === 'pattern') {
    return `@group(0) @binding(1) var<storage, ${stateAccess}> M: array<i32>;
@group(0) @binding(2) var<storage, read> XT: array<i32>;
@group(0) @binding(3) var<storage, read> H: array<f32>;
@group(0) @binding(4) var<storage, read> D: array<f32>;
${tail(5)}
fn field(o: u32, r: u32, i: u32) -> f32 {
  var a = -i32(p.k) * S[o + i];
  let xo = i * p.k;
  let mo = r * p.k;
  for (var mu = 0u; mu < p.k; mu = mu + 1u) { a = a + XT[xo + mu] * M[mo + mu]; }
  return p.scale * f32(a) / f32(p.n) + H[i];
}`;
  }
  const coupling =
    kind === 'dense'
      ? '@group(0) @binding(2) var<storage, read> JT: array<f32>;'
      : `@group(0) @binding(2) var<storage, read> TR: array<u32>;
@group(0) @binding(3) var<storage, read> TC: array<u32>;
@group(0) @binding(4) var<storage, read> TV: array<f32>;`;
  const base = kind === 'dense' ? 3 : 5;
  return `@group(0) @binding(1) var<storage, ${stateAccess}> F: array<f32>;
${coupling}
@group(0) @binding(${base}) var<storage, read> D: array<f32>;
${tail(base + 1)}
fn field(o: u32, r: u32, i: u32) -> f32 { return F[o + i]; }`;
}

/** The parallel part of a flip of σ_i by `delta` = 2σ_new: lid-strided updates of φ or M. */
function updateWgsl(kind: Kind, wg: number): string {
  if (kind === 'dense')
    return `for (var j = lid; j < p.n; j = j + ${wg}u) { F[o + j] = F[o + j] + delta * JT[i * p.n + j]; }`;
  if (kind === 'sparse')
    return `for (var t = TR[i] + lid; t < TR[i + 1u]; t = t + ${wg}u) { let j = TC[t]; F[o + j] = F[o + j] + delta * TV[t]; }`;
  if (kind === 'lowrank')
    return `for (var mu = lid; mu < p.k; mu = mu + ${wg}u) { Y[r * p.k + mu] = Y[r * p.k + mu] + delta * ETA[i * p.k + mu]; }`;
  return `for (var mu = lid; mu < p.k; mu = mu + ${wg}u) { M[r * p.k + mu] = M[r * p.k + mu] + d.x * XT[i * p.k + mu]; }`;
}

/** WGSL of one sequential sweep of every replica (workgroup = replica). */
export function sweepWgsl(kind: Kind, rule: number, random: boolean, wg: number): string {
  const needU = rule !== RULE.zero;
  const rng = random
    ? `let w = philox4x32_10(vec4<u32>(step, p.sweep, r, 1u), key);
      i = philox_index(w.x, p.n);
      u = philox_uniform(w.y);`
    : needU
      ? `if ((step & 3u) == 0u) { words = philox4x32_10(vec4<u32>(step >> 2u, p.sweep, r, 0u), key); }
      u = philox_uniform(words[step & 3u]);`
      : '';
  return `${PHILOX_WGSL}
${PARAMS}
@group(0) @binding(0) var<storage, read_write> S: array<i32>;
${stateWgsl(kind, 'read_write')}
${ruleWgsl(rule)}
var<workgroup> dec: vec2<i32>;

@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let r = wid.x;
  let o = r * p.n;
  let key = vec2<u32>(p.k0, p.k1);
  var words = vec4<u32>(0u);
  for (var step = 0u; step < p.n; step = step + 1u) {
    if (lid == 0u) {
      var i = step;
      var u = 0.0;
      ${rng}
      let s = S[o + i];
      let ns = next_spin(s, field(o, r, i), u, D[i]);
      var d = vec2<i32>(0, i32(i));
      if (ns != s) {
        S[o + i] = ns;
        d.x = 2 * ns;
      }
      dec = d;
    }
    let d = workgroupUniformLoad(&dec);
    if (d.x != 0) {
      let i = u32(d.y);
      let delta = f32(d.x);
      ${updateWgsl(kind, wg)}
      storageBarrier();
    }
  }
}
`;
}

/**
 * WGSL of a parallel (Little) update: every site from the old configuration into NEXT.
 * (The couplings are bound but unused here — fields are current — so they are touched to stay in the layout.)
 */
export function parallelWgsl(kind: Kind, rule: number): string {
  const needU = rule !== RULE.zero;
  return `${PHILOX_WGSL}${LINEAR_WORKGROUP_WGSL}
${PARAMS}
@group(0) @binding(0) var<storage, read> S: array<i32>;
${stateWgsl(kind, 'read', ['NEXT: array<i32>'])}
${ruleWgsl(rule)}
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
    ${kind === 'dense' ? '_ = JT[0];' : kind === 'sparse' ? '_ = TR[0]; _ = TC[0]; _ = TV[0];' : kind === 'lowrank' ? '_ = ETA[0];' : ''}
  let g = linear_workgroup(wid, nwg) * 64u + lid;
  if (g >= p.n * p.replicas) { return; }
  let r = g / p.n;
  let i = g % p.n;
  let o = r * p.n;
  var u = 0.0;
  ${needU ? 'let w = philox4x32_10(vec4<u32>(i >> 2u, p.sweep, r, 2u), vec2<u32>(p.k0, p.k1));\n  u = philox_uniform(w[i & 3u]);' : ''}
  NEXT[g] = next_spin(S[g], field(o, r, i), u, D[i]);
}
`;
}

/** WGSL that recomputes φ (dense, sparse) or M (pattern) from the spins. */
export function refreshWgsl(kind: Kind): string {
  const head = `${LINEAR_WORKGROUP_WGSL}
${PARAMS}
@group(0) @binding(0) var<storage, read> S: array<i32>;`;
  const entry = `@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let g = linear_workgroup(wid, nwg) * 64u + lid;`;
  if (kind === 'lowrank') {
    return `${head}
@group(0) @binding(1) var<storage, read_write> Y: array<f32>;
@group(0) @binding(2) var<storage, read> ETA: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
${entry}
  if (g >= p.replicas * p.k) { return; }
  let r = g / p.k;
  let mu = g % p.k;
  var y = 0.0;
  for (var j = 0u; j < p.n; j = j + 1u) { y = y + ETA[j * p.k + mu] * f32(S[r * p.n + j]); }
  Y[g] = y;
}
`;
  }
  if (kind === 'pattern') {
    return `${head}
@group(0) @binding(1) var<storage, read_write> M: array<i32>;
@group(0) @binding(2) var<storage, read> X: array<i32>;
@group(0) @binding(3) var<uniform> p: Params;
${entry}
  if (g >= p.replicas * p.k) { return; }
  let r = g / p.k;
  let mu = g % p.k;
  var m = 0;
  for (var j = 0u; j < p.n; j = j + 1u) { m = m + X[mu * p.n + j] * S[r * p.n + j]; }
  M[g] = m;
}
`;
  }
  const couplings =
    kind === 'dense'
      ? `@group(0) @binding(2) var<storage, read> J: array<f32>;
@group(0) @binding(3) var<storage, read> H: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;`
      : `@group(0) @binding(2) var<storage, read> RP: array<u32>;
@group(0) @binding(3) var<storage, read> CI: array<u32>;
@group(0) @binding(4) var<storage, read> CV: array<f32>;
@group(0) @binding(5) var<storage, read> H: array<f32>;
@group(0) @binding(6) var<uniform> p: Params;`;
  const sum =
    kind === 'dense'
      ? 'for (var j = 0u; j < p.n; j = j + 1u) { s = s + J[i * p.n + j] * f32(S[o + j]); }'
      : 'for (var t = RP[i]; t < RP[i + 1u]; t = t + 1u) { s = s + CV[t] * f32(S[o + CI[t]]); }';
  return `${head}
@group(0) @binding(1) var<storage, read_write> F: array<f32>;
${couplings}
${entry}
  if (g >= p.replicas * p.n) { return; }
  let i = g % p.n;
  let o = g - i;
  var s = H[i];
  ${sum}
  F[g] = s;
}
`;
}

/**
 * `wg_sum_i32(lid, v)`: the exact i32 sum of v over a ROW_WORKGROUP-wide workgroup, returned
 * to every invocation (uniform control flow only, like `wg_sum`).
 */
const WORKGROUP_SUM_I32_WGSL = `
var<workgroup> wg_iscratch: array<i32, ${ROW_WORKGROUP}>;
fn wg_sum_i32(lid: u32, v: i32) -> i32 {
  wg_iscratch[lid] = v;
  workgroupBarrier();
  for (var s = ${ROW_WORKGROUP / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { wg_iscratch[lid] = wg_iscratch[lid] + wg_iscratch[lid + s]; }
    workgroupBarrier();
  }
  return workgroupUniformLoad(&wg_iscratch[0]);
}
`;

/**
 * WGSL of the per-sweep observables: one 256-wide workgroup per replica reduces, into
 * OBS[(t·R + r)·slots + …] (i32), the energy per spin e/N = (−½Σσ(φ − h) − Σhσ)/N in f32
 * (stored as its bits) and the exact integer sums Σσ, Σσσ_ref and Σξ^μσ (the host divides
 * them by N in f64, so they equal the CPU's values).
 */
export function observeWgsl(kind: Kind): string {
  const fieldDecl =
    kind === 'lowrank'
      ? `@group(0) @binding(1) var<storage, read> Y: array<f32>;
@group(0) @binding(2) var<storage, read> XT: array<i32>;
@group(0) @binding(7) var<storage, read> DS: array<f32>;
fn field(o: u32, r: u32, i: u32) -> f32 {
  var a = -DS[i] * f32(S[o + i]);
  for (var mu = 0u; mu < p.k; mu = mu + 1u) { a = a + f32(XT[i * p.k + mu]) * Y[r * p.k + mu]; }
  return p.scale * a / f32(p.n) + H[i];
}`
      : kind === 'pattern'
        ? `@group(0) @binding(1) var<storage, read> M: array<i32>;
@group(0) @binding(2) var<storage, read> XT: array<i32>;
fn field(o: u32, r: u32, i: u32) -> f32 {
  var a = -i32(p.k) * S[o + i];
  for (var mu = 0u; mu < p.k; mu = mu + 1u) { a = a + XT[i * p.k + mu] * M[r * p.k + mu]; }
  return p.scale * f32(a) / f32(p.n) + H[i];
}`
        : `@group(0) @binding(1) var<storage, read> F: array<f32>;
@group(0) @binding(2) var<storage, read> XT: array<i32>;
fn field(o: u32, r: u32, i: u32) -> f32 { return F[o + i]; }`;
  // Every declared binding must be used (layout 'auto' drops unused ones); XT only matters for the pattern forms.
  const touchXt = kind === 'pattern' || kind === 'lowrank' ? '' : '_ = XT[0];';
  return `${FLOAT_BITS_WGSL}${WORKGROUP_REDUCE_WGSL}${WORKGROUP_SUM_I32_WGSL}
${PARAMS}
@group(0) @binding(0) var<storage, read> S: array<i32>;
${fieldDecl}
@group(0) @binding(3) var<storage, read> H: array<f32>;
@group(0) @binding(4) var<storage, read> REF: array<i32>;
@group(0) @binding(5) var<storage, read> OV: array<i32>;
@group(0) @binding(6) var<storage, read_write> OBS: array<i32>;
@group(0) @binding(${kind === 'lowrank' ? 8 : 7}) var<uniform> p: Params;

@compute @workgroup_size(${ROW_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  ${touchXt}
  let r = wid.x;
  let o = r * p.n;
  // p.aux = recorded index t; p.beta carries −½ Σ_i J_ii; OV holds K' overlap patterns (K' = p.sweep).
  let slots = 3u + p.sweep;
  let base = (p.aux * p.replicas + r) * slots;
  var e = 0.0;
  var m = 0;
  var c = 0;
  for (var i = lid; i < p.n; i = i + ${ROW_WORKGROUP}u) {
    let si = S[o + i];
    let s = f32(si);
    let h = H[i];
    e = e - 0.5 * s * (field(o, r, i) - h) - h * s;
    m = m + si;
    c = c + si * REF[o + i];
  }
  e = wg_sum(lid, e);
  m = wg_sum_i32(lid, m);
  c = wg_sum_i32(lid, c);
  if (lid == 0u) {
    OBS[base] = bitcast<i32>((e + p.beta) / f32(p.n));
    OBS[base + 1u] = m;
    OBS[base + 2u] = c;
  }
  for (var mu = 0u; mu < p.sweep; mu = mu + 1u) {
    var q = 0;
    for (var i = lid; i < p.n; i = i + ${ROW_WORKGROUP}u) { q = q + OV[mu * p.n + i] * S[o + i]; }
    q = wg_sum_i32(lid, q);
    if (lid == 0u) { OBS[base + 3u + mu] = q; }
  }
}
`;
}

/** WGSL of the replica overlaps: the integer Σ_i σ_i^a σ_i^b (one invocation per pair a < b; the host divides by N). */
export function replicaOverlapWgsl(): string {
  return `${LINEAR_WORKGROUP_WGSL}
${PARAMS}
@group(0) @binding(0) var<storage, read> S: array<i32>;
@group(0) @binding(1) var<storage, read> PAIRS: array<u32>;
@group(0) @binding(2) var<storage, read_write> Q: array<i32>;
@group(0) @binding(3) var<uniform> p: Params;
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let g = linear_workgroup(wid, nwg) * 64u + lid;
  let pairs = p.replicas * (p.replicas - 1u) / 2u;
  if (g >= pairs) { return; }
  let a = PAIRS[2u * g];
  let b = PAIRS[2u * g + 1u];
  var q = 0;
  for (var i = 0u; i < p.n; i = i + 1u) { q = q + S[a * p.n + i] * S[b * p.n + i]; }
  Q[p.aux * pairs + g] = q;
}
`;
}

/** Copies NEXT into S (the end of a parallel update). */
const COPY_WGSL = `${LINEAR_WORKGROUP_WGSL}
${PARAMS}
@group(0) @binding(0) var<storage, read_write> S: array<i32>;
@group(0) @binding(1) var<storage, read> NEXT: array<i32>;
@group(0) @binding(2) var<uniform> p: Params;
@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let g = linear_workgroup(wid, nwg) * 64u + lid;
  if (g < p.n * p.replicas) { S[g] = NEXT[g]; }
}
`;

/** @internal state and sweeps of one simulation on a WebGPU device. */
export class GpuEngine {
  readonly n: number;
  private readonly kind: Kind;
  private readonly k: number;
  private readonly scale: number;
  private readonly k0: number;
  private readonly k1: number;
  private readonly wg: number;
  private readonly S: Tensor;
  private readonly state: Tensor;
  private readonly next: Tensor;
  private readonly couplingBuffers: Tensor[];
  private readonly refreshBuffers: Tensor[];
  private readonly H: Tensor;
  private readonly D: Tensor;
  private readonly XT: Tensor;
  /** Low-rank form: d_i = ξ_i·η_i. */
  private readonly DS: Tensor | null = null;
  private readonly diagSum: number;
  private readonly owned: Tensor[] = [];
  sweepsDone = 0;

  constructor(
    private readonly be: WebGPUBackend,
    readonly model: IsingModel,
    readonly replicas: number,
    key: readonly [number, number],
    initial: Int8Array,
  ) {
    const n = model.n;
    this.n = n;
    [this.k0, this.k1] = key;
    const c = model.couplings;
    this.kind = c.kind;
    this.k = c.kind === 'pattern' || c.kind === 'lowrank' ? c.k : 0;
    this.scale = c.kind === 'pattern' || c.kind === 'lowrank' ? c.scale : 1;
    this.wg = n >= 2048 ? 256 : 64;
    const t = <T extends Tensor>(x: T): T => {
      this.owned.push(x);
      return x;
    };
    this.S = t(be.tensor(Int32Array.from(initial)));
    this.next = t(be.zeros([replicas * n], 'int32'));
    this.H = t(be.tensor(model.field ? model.field.slice() : new Float32Array(n)));
    this.D = t(be.tensor(c.diagonal ? c.diagonal.slice() : new Float32Array(n)));
    let diagSum = 0;
    if (c.diagonal) for (let i = 0; i < n; i++) diagSum += c.diagonal[i]!;
    this.diagSum = diagSum;
    if (c.kind === 'lowrank') {
      const xiT = new Int32Array(n * c.k);
      for (let mu = 0; mu < c.k; mu++) for (let i = 0; i < n; i++) xiT[i * c.k + mu] = c.patterns[mu * n + i]!;
      const eta = sharedRotatedPatterns(c);
      const ds = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let d = 0;
        for (let mu = 0; mu < c.k; mu++) d += xiT[i * c.k + mu]! * eta[i * c.k + mu]!;
        ds[i] = d;
      }
      this.XT = t(be.tensor(xiT));
      const ETA = t(be.tensor(Float32Array.from(eta)));
      this.DS = t(be.tensor(ds));
      this.state = t(be.zeros([replicas * c.k]));
      this.couplingBuffers = [this.XT, ETA, this.DS, this.H, this.D];
      this.refreshBuffers = [ETA];
    } else if (c.kind === 'pattern') {
      const xiT = new Int32Array(n * c.k);
      for (let mu = 0; mu < c.k; mu++) for (let i = 0; i < n; i++) xiT[i * c.k + mu] = c.patterns[mu * n + i]!;
      this.XT = t(be.tensor(xiT));
      this.state = t(be.zeros([replicas * c.k], 'int32'));
      this.couplingBuffers = [this.XT, this.H, this.D];
      this.refreshBuffers = [t(be.tensor(Int32Array.from(c.patterns)))];
    } else {
      this.XT = t(be.zeros([1], 'int32'));
      this.state = t(be.zeros([replicas * n]));
      if (c.kind === 'dense') {
        const jt = c.symmetric ? c.values : transposeDense(c.values, n);
        const J = t(be.tensor(c.values.slice()));
        this.couplingBuffers = [c.symmetric ? J : t(be.tensor(jt)), this.D];
        this.refreshBuffers = [J, this.H];
      } else {
        const [tr, tc, tv] = c.symmetric
          ? [c.rowPtr, c.colIdx, c.values]
          : transposeCsr(c.rowPtr, c.colIdx, c.values, n);
        this.couplingBuffers = [
          t(be.tensor(Uint32Array.from(tr))),
          t(be.tensor(Uint32Array.from(tc.length ? tc : [0]))),
          t(be.tensor(tv.length ? tv.slice() : new Float32Array(1))),
          this.D,
        ];
        this.refreshBuffers = [
          t(be.tensor(Uint32Array.from(c.rowPtr))),
          t(be.tensor(Uint32Array.from(c.colIdx.length ? c.colIdx : [0]))),
          t(be.tensor(c.values.length ? c.values.slice() : new Float32Array(1))),
          this.H,
        ];
      }
    }
    this.refresh();
  }

  private params(sweep: number, beta: number, aux = 0): Uint8Array {
    return packUniforms([
      ['u32', this.n],
      ['u32', this.replicas],
      ['u32', sweep >>> 0],
      ['u32', this.k0],
      ['u32', this.k1],
      ['f32', beta],
      ['u32', this.k],
      ['f32', this.scale],
      ['u32', aux],
    ]);
  }

  /** Recomputes φ or M from the spins. */
  refresh(): void {
    const count = this.kind === 'pattern' || this.kind === 'lowrank' ? this.replicas * this.k : this.replicas * this.n;
    this.be.dispatch({
      source: refreshWgsl(this.kind),
      label: 'spin fields',
      bindings: [this.S, this.state, ...this.refreshBuffers],
      uniforms: this.params(0, 0),
      workgroups: Math.ceil(count / 64),
    });
  }

  setSpins(spins: Int8Array): void {
    this.be.write(this.S, Int32Array.from(spins));
    this.refresh();
  }

  async spins(): Promise<Int8Array> {
    return Int8Array.from((await this.S.read()) as Int32Array);
  }

  /** φ (R×N) as the device holds it (f32, or from the integer overlaps). */
  async fields(): Promise<Float64Array> {
    if (this.kind === 'lowrank') {
      // φ from the device's Y: c(ξ_i·Y − d_i σ_i)/N + h_i
      const [s, y, ds] = [
        (await this.S.read()) as Int32Array,
        (await this.state.read()) as Float32Array,
        (await this.DS!.read()) as Float32Array,
      ];
      const c = this.model.couplings as { patterns: Int8Array };
      const h = this.model.field;
      const out = new Float64Array(this.replicas * this.n);
      for (let r = 0; r < this.replicas; r++)
        for (let i = 0; i < this.n; i++) {
          let a = -ds[i]! * s[r * this.n + i]!;
          for (let mu = 0; mu < this.k; mu++) a += c.patterns[mu * this.n + i]! * y[r * this.k + mu]!;
          out[r * this.n + i] = (this.scale * a) / this.n + (h ? h[i]! : 0);
        }
      return out;
    }
    if (this.kind !== 'pattern') return Float64Array.from((await this.state.read()) as Float32Array);
    const [s, m] = [(await this.S.read()) as Int32Array, (await this.state.read()) as Int32Array];
    const c = this.model.couplings as { patterns: Int8Array; k: number };
    const h = this.model.field;
    const out = new Float64Array(this.replicas * this.n);
    for (let r = 0; r < this.replicas; r++)
      for (let i = 0; i < this.n; i++) {
        let a = -this.k * s[r * this.n + i]!;
        for (let mu = 0; mu < this.k; mu++) a += c.patterns[mu * this.n + i]! * m[r * this.k + mu]!;
        out[r * this.n + i] = (this.scale * a) / this.n + (h ? h[i]! : 0);
      }
    return out;
  }

  async run(plan: PlannedRun): Promise<Trajectory> {
    const { be, replicas: R, n } = this;
    const traj = allocateTrajectory(plan, R);
    const T = plan.recordAt.length;
    const ov = plan.record.overlaps;
    const kObs = ov?.k ?? 0;
    const slots = 3 + kObs;
    const obs = be.zeros([Math.max(1, T * R * slots)], 'int32');
    const ref = be.tensor(Int32Array.from(await this.spins()));
    const ovBuf = be.tensor(ov ? Int32Array.from(ov.patterns) : new Int32Array(1));
    const P = (R * (R - 1)) / 2;
    const wantQ = plan.record.replicaOverlaps && P > 0;
    const pairs = new Uint32Array(Math.max(2, 2 * P));
    for (let a = 0, q = 0; a < R; a++) for (let b = a + 1; b < R; b++, q++) [pairs[2 * q], pairs[2 * q + 1]] = [a, b];
    const pairBuf = be.tensor(pairs);
    const qBuf = be.zeros([Math.max(1, T * P)], 'int32');
    const stateBindings = [this.S, this.state, ...this.couplingBuffers];
    const sweepSource = plan.parallel
      ? parallelWgsl(this.kind, plan.rule)
      : sweepWgsl(this.kind, plan.rule, plan.random, this.wg);
    try {
      let rec = 0;
      for (let s = 0; s < plan.betas.length; s++) {
        const t = this.sweepsDone;
        const beta = plan.betas[s]!;
        if (this.kind !== 'pattern' && t > 0 && t % REFRESH_EVERY === 0) this.refresh();
        if (plan.parallel) {
          be.dispatch({
            source: sweepSource,
            label: 'parallel update',
            bindings: [...stateBindings, this.next],
            uniforms: this.params(t, beta),
            workgroups: Math.ceil((R * n) / 64),
          });
          be.dispatch({
            source: COPY_WGSL,
            label: 'copy spins',
            bindings: [this.S, this.next],
            uniforms: this.params(t, beta),
            workgroups: Math.ceil((R * n) / 64),
          });
          this.refresh();
        } else {
          be.dispatch({
            source: sweepSource,
            label: 'sweep',
            bindings: stateBindings,
            uniforms: this.params(t, beta),
            workgroups: R,
          });
        }
        this.sweepsDone++;
        if (plan.recordAt[rec] === s) {
          traj.sweeps[rec] = this.sweepsDone;
          traj.beta[rec] = beta;
          const obsParams = packUniforms([
            ['u32', n],
            ['u32', R],
            ['u32', kObs],
            ['u32', 0],
            ['u32', 0],
            ['f32', -0.5 * this.diagSum],
            ['u32', this.k],
            ['f32', this.scale],
            ['u32', rec],
          ]);
          be.dispatch({
            source: observeWgsl(this.kind),
            label: 'observables',
            bindings: [this.S, this.state, this.XT, this.H, ref, ovBuf, obs, ...(this.DS ? [this.DS] : [])],
            uniforms: obsParams,
            workgroups: R,
          });
          if (wantQ) {
            be.dispatch({
              source: replicaOverlapWgsl(),
              label: 'replica overlaps',
              bindings: [this.S, pairBuf, qBuf],
              uniforms: this.params(0, 0, rec),
              workgroups: Math.ceil(P / 64),
            });
          }
          rec++;
        }
      }
      // integer sums of ±1 products, divided by N here in f64 (as the CPU does); the energy slot holds f32 bits
      const o = (await obs.read()) as Int32Array;
      const e = new Float32Array(o.buffer, o.byteOffset, o.length);
      for (let t = 0; t < T; t++)
        for (let r = 0; r < R; r++) {
          const b = (t * R + r) * slots;
          if (traj.energy) traj.energy[t * R + r] = e[b]!;
          if (traj.magnetization) traj.magnetization[t * R + r] = o[b + 1]! / n;
          if (traj.autocorrelation) traj.autocorrelation[t * R + r] = o[b + 2]! / n;
          if (traj.overlaps)
            for (let mu = 0; mu < kObs; mu++) traj.overlaps[(t * R + r) * kObs + mu] = o[b + 3 + mu]! / n;
        }
      if (traj.replicaOverlaps && wantQ) {
        const q = (await qBuf.read()) as Int32Array;
        for (let t = 0; t < q.length && t < traj.replicaOverlaps.length; t++) traj.replicaOverlaps[t] = q[t]! / n;
      }
      return traj;
    } finally {
      for (const x of [obs, ref, ovBuf, pairBuf, qBuf]) x.dispose();
    }
  }

  dispose(): void {
    for (const x of this.owned) x.dispose();
  }
}
