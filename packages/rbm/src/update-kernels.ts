/**
 * Two small fused kernels of RBM training, each WGSL with a CPU twin:
 * - `sgdMomentum`: velocity ← μ·velocity + η·(g − λ·θ); θ ← θ + velocity (gradient ascent on
 *   the log-likelihood with momentum μ, learning rate η, weight decay λ);
 * - `tapStep`: one damped second-order TAP (EMF) iteration of the magnetizations of a layer.
 * @module
 */
import type { ComputeKernel, CpuBackend, Tensor, WebGPUBackend } from '@replica/webgpu-kernels';
import { LINEAR_WORKGROUP_WGSL, packUniforms, runKernel, workgroupGrid } from '@replica/webgpu-kernels';

const WG = 128;

const cpuData = (be: CpuBackend, t: Tensor): Float32Array => be.own(t, 'tensor').data as Float32Array;

const grid = (be: WebGPUBackend, count: number): [number, number, number] =>
  workgroupGrid(Math.ceil(count / WG), be.limits.maxComputeWorkgroupsPerDimension);

/** WGSL of {@link sgdMomentum}. */
export const SGD_MOMENTUM_WGSL = /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { n: u32, lr: f32, momentum: f32, decay: f32 }
@group(0) @binding(0) var<storage, read_write> THETA: array<f32>;
@group(0) @binding(1) var<storage, read> GRAD: array<f32>;
@group(0) @binding(2) var<storage, read_write> VEL: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (i >= p.n) { return; }
  let v = p.momentum * VEL[i] + p.lr * (GRAD[i] - p.decay * THETA[i]);
  VEL[i] = v;
  THETA[i] = THETA[i] + v;
}
`;

/** CPU twin of {@link sgdMomentum}. */
export function sgdMomentumCpu(
  theta: Float32Array,
  grad: Float32Array,
  vel: Float32Array,
  lr: number,
  momentum: number,
  decay: number,
): void {
  for (let i = 0; i < theta.length; i++) {
    const v = momentum * vel[i]! + lr * (grad[i]! - decay * theta[i]!);
    vel[i] = v;
    theta[i] = theta[i]! + v;
  }
}

/**
 * velocity ← μ·velocity + η·(g − λ·θ); θ ← θ + velocity, elementwise and in place.
 * @throws RangeError on size mismatches or non-finite hyper-parameters
 */
export function sgdMomentum(
  theta: Tensor,
  grad: Tensor,
  velocity: Tensor,
  o: { readonly lr: number; readonly momentum: number; readonly decay: number },
): void {
  if (grad.size !== theta.size || velocity.size !== theta.size)
    throw new RangeError(
      `sgdMomentum: theta, grad and velocity must have the same size, got ${theta.size}, ${grad.size}, ${velocity.size}`,
    );
  for (const [k, v] of Object.entries(o))
    if (!Number.isFinite(v)) throw new RangeError(`sgdMomentum: ${k} must be finite, got ${v}`);
  runKernel(sgdMomentumKernel, theta.backend, { theta, grad, velocity, ...o });
}

/** A validated momentum step: parameters, gradient, velocity and the hyper-parameters. */
export interface SgdMomentumPlan {
  readonly theta: Tensor;
  readonly grad: Tensor;
  readonly velocity: Tensor;
  readonly lr: number;
  readonly momentum: number;
  readonly decay: number;
}

/** The momentum-step kernel: {@link sgdMomentumCpu} or {@link SGD_MOMENTUM_WGSL}. */
export const sgdMomentumKernel: ComputeKernel<SgdMomentumPlan> = {
  name: 'sgdMomentum',
  cpu(be, p) {
    sgdMomentumCpu(cpuData(be, p.theta), cpuData(be, p.grad), cpuData(be, p.velocity), p.lr, p.momentum, p.decay);
  },
  webgpu(be, p) {
    be.dispatch({
      source: SGD_MOMENTUM_WGSL,
      label: 'sgdMomentum',
      bindings: [p.theta, p.grad, p.velocity],
      uniforms: packUniforms([
        ['u32', p.theta.size],
        ['f32', p.lr],
        ['f32', p.momentum],
        ['f32', p.decay],
      ]),
      workgroups: grid(be, p.theta.size),
    });
  },
};

/** WGSL of {@link tapStep}. */
export const TAP_STEP_WGSL = /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { count: u32, n: u32, damping: f32, update: u32 }
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read> BIAS: array<f32>;
@group(0) @binding(3) var<storage, read_write> M: array<f32>;
@group(0) @binding(4) var<storage, read_write> S: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (e >= p.count) { return; }
  var m = M[e];
  if (p.update != 0u) {
    let x = BIAS[e % p.n] + A[e] - (m - 0.5) * B[e];
    let z = exp(-abs(x));
    let s = select(z / (1.0 + z), 1.0 / (1.0 + z), x >= 0.0);
    m = p.damping * m + (1.0 - p.damping) * s;
    M[e] = m;
  }
  S[e] = m - m * m;
}
`;

/** CPU twin of {@link tapStep}. */
export function tapStepCpu(
  a: Float32Array,
  b: Float32Array,
  bias: Float32Array,
  m: Float32Array,
  s: Float32Array,
  n: number,
  damping: number,
  update: boolean,
): void {
  for (let e = 0, j = 0; e < m.length; e++, j = j + 1 === n ? 0 : j + 1) {
    let mm = m[e]!;
    if (update) {
      const x = bias[j]! + a[e]! - (mm - 0.5) * b[e]!;
      const z = Math.exp(-Math.abs(x));
      const sig = x >= 0 ? 1 / (1 + z) : z / (1 + z);
      mm = Math.fround(damping * mm + (1 - damping) * sig);
      m[e] = mm;
    }
    s[e] = mm - mm * mm;
  }
}

/**
 * One damped TAP iteration of a layer's magnetizations m (chains × n) for a Bernoulli–Bernoulli RBM:
 *   m ← δ·m + (1 − δ)·σ(b + A − (m − ½)·B),  then  S ← m − m²,
 * with A = m'·W (the other layer's magnetizations through the couplings) and B = S'·W² (the
 * Onsager reaction term). With `update: false` only S ← m − m² is computed.
 * @see M. Gabrié, E. W. Tramel, F. Krzakala, Training restricted Boltzmann machines via the
 *   Thouless–Anderson–Palmer free energy, NeurIPS 2015, eqs. (5)–(6)
 */
export function tapStep(
  a: Tensor,
  b: Tensor,
  bias: Tensor,
  m: Tensor,
  s: Tensor,
  o: { readonly damping: number; readonly update: boolean },
): void {
  const n = bias.size;
  if (m.size % n !== 0 || a.size !== m.size || b.size !== m.size || s.size !== m.size)
    throw new RangeError('tapStep: A, B, m and S must all hold chains × n values, n = bias length');
  if (!(o.damping >= 0 && o.damping < 1)) throw new RangeError(`tapStep: damping must be in [0, 1), got ${o.damping}`);
  runKernel(tapStepKernel, m.backend, { a, b, bias, m, s, n, ...o });
}

/** A validated TAP iteration: fields, reaction terms, biases, magnetizations, their variances, n and the options. */
export interface TapStepPlan {
  readonly a: Tensor;
  readonly b: Tensor;
  readonly bias: Tensor;
  readonly m: Tensor;
  readonly s: Tensor;
  readonly n: number;
  readonly damping: number;
  readonly update: boolean;
}

/** The TAP-iteration kernel: {@link tapStepCpu} or {@link TAP_STEP_WGSL}. */
export const tapStepKernel: ComputeKernel<TapStepPlan> = {
  name: 'tapStep',
  cpu(be, p) {
    tapStepCpu(
      cpuData(be, p.a),
      cpuData(be, p.b),
      cpuData(be, p.bias),
      cpuData(be, p.m),
      cpuData(be, p.s),
      p.n,
      p.damping,
      p.update,
    );
  },
  webgpu(be, p) {
    be.dispatch({
      source: TAP_STEP_WGSL,
      label: 'tapStep',
      bindings: [p.a, p.b, p.bias, p.m, p.s],
      uniforms: packUniforms([
        ['u32', p.m.size],
        ['u32', p.n],
        ['f32', p.damping],
        ['u32', p.update ? 1 : 0],
      ]),
      workgroups: grid(be, p.m.size),
    });
  },
};
