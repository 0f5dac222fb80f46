/**
 * The fused kernels of the entropic algorithms on `@replica/nn` parameters, each a plain object
 * with its WGSL and its CPU twin (one dispatch per parameter tensor): the replica mean w̄ over a
 * leading replica axis, the robust-ensemble coupling γ(wᵃ − w̄) added to the gradient or taken
 * as an elastic step, Entropy-SGD's Langevin step with its running average, and the flatness
 * probes' weight perturbation.
 * @module
 */
import type { ComputeKernel, CpuBackend, Tensor, WebGPUBackend } from '@replica/webgpu-kernels';
import { LINEAR_WORKGROUP_WGSL, packUniforms, workgroupGrid } from '@replica/webgpu-kernels';

const WG = 128;
const cpuData = (be: CpuBackend, t: Tensor): Float32Array => be.own(t, 'tensor').data as Float32Array;
const grid = (be: WebGPUBackend, count: number): [number, number, number] =>
  workgroupGrid(Math.max(1, Math.ceil(count / WG)), be.limits.maxComputeWorkgroupsPerDimension);
const f = Math.fround;

const HEAD = /* wgsl */ `${LINEAR_WORKGROUP_WGSL}`;
const MAIN = /* wgsl */ `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let j = linear_workgroup(wid, nwg) * ${WG}u + lid;`;

/** A parameter with a leading replica axis, [R, …], seen as R rows of n = size/R entries. */
export interface ReplicaMeanPlan {
  readonly param: Tensor;
  readonly replicas: number;
  /** n entries: w̄_j = (1/R) Σ_r w_rj. */
  readonly out: Tensor;
}

const MEAN_WGSL = /* wgsl */ `${HEAD}
struct Params { n: u32, replicas: u32 }
@group(0) @binding(0) var<storage, read> W: array<f32>;
@group(0) @binding(1) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
${MAIN}
  if (j >= p.n) { return; }
  var s = 0.0;
  for (var r = 0u; r < p.replicas; r++) { s = s + W[r * p.n + j]; }
  OUT[j] = s / f32(p.replicas);
}
`;

/** The centre of the replicas, w̄_j = (1/R) Σ_r w_rj (summed in replica order, then divided). */
export const replicaMeanKernel: ComputeKernel<ReplicaMeanPlan> = {
  name: 'replicaMean',
  cpu(be, p) {
    const W = cpuData(be, p.param);
    const O = cpuData(be, p.out);
    const n = O.length;
    const R = p.replicas;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = 0; r < R; r++) s = f(s + W[r * n + j]!);
      O[j] = s / R;
    }
  },
  webgpu(be, p) {
    be.dispatch({
      source: MEAN_WGSL,
      label: 'replicaMean',
      bindings: [p.param, p.out],
      uniforms: packUniforms([
        ['u32', p.out.size],
        ['u32', p.replicas],
      ]),
      workgroups: grid(be, p.out.size),
    });
  },
};

/** The robust-ensemble coupling on a parameter [R, …] and its gradient. */
export interface ReplicaCouplingPlan {
  readonly param: Tensor;
  readonly grad: Tensor;
  readonly replicas: number;
  /** γ ≥ 0. */
  readonly gamma: number;
}

const COUPLING_WGSL = /* wgsl */ `${HEAD}
struct Params { n: u32, replicas: u32, gamma: f32 }
@group(0) @binding(0) var<storage, read> W: array<f32>;
@group(0) @binding(1) var<storage, read_write> G: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
${MAIN}
  if (j >= p.n) { return; }
  var s = 0.0;
  for (var r = 0u; r < p.replicas; r++) { s = s + W[r * p.n + j]; }
  let c = s / f32(p.replicas);
  for (var r = 0u; r < p.replicas; r++) {
    let k = r * p.n + j;
    G[k] = G[k] + p.gamma * (W[k] - c);
  }
}
`;

/**
 * The coupling added to each replica's gradient, Gᵃ ← Gᵃ + γ(wᵃ − w̄) (the thesis's
 * Algorithm 1: the gradient of (γ/2) Σ_a ‖wᵃ − w̄‖² with w̄ held fixed), so an optimizer that
 * preconditions the gradient (Adam) preconditions the coupling too.
 */
export const replicaGradientCouplingKernel: ComputeKernel<ReplicaCouplingPlan> = {
  name: 'replicaGradientCoupling',
  cpu(be, p) {
    const W = cpuData(be, p.param);
    const G = cpuData(be, p.grad);
    const R = p.replicas;
    const n = W.length / R;
    const gamma = f(p.gamma);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = 0; r < R; r++) s = f(s + W[r * n + j]!);
      const c = f(s / R);
      for (let r = 0; r < R; r++) {
        const k = r * n + j;
        G[k] = G[k]! + f(gamma * f(W[k]! - c));
      }
    }
  },
  webgpu(be, p) {
    be.dispatch({
      source: COUPLING_WGSL,
      label: 'replicaGradientCoupling',
      bindings: [p.param, p.grad],
      uniforms: packUniforms([
        ['u32', p.param.size / p.replicas],
        ['u32', p.replicas],
        ['f32', p.gamma],
      ]),
      workgroups: grid(be, p.param.size / p.replicas),
    });
  },
};

/** An elastic step of the replicas towards their centre. */
export interface ReplicaElasticPlan {
  readonly param: Tensor;
  readonly replicas: number;
  /** κ ∈ [0, 1]: the fraction of the way to the centre. */
  readonly rate: number;
}

const ELASTIC_WGSL = /* wgsl */ `${HEAD}
struct Params { n: u32, replicas: u32, rate: f32 }
@group(0) @binding(0) var<storage, read_write> W: array<f32>;
@group(0) @binding(1) var<uniform> p: Params;
${MAIN}
  if (j >= p.n) { return; }
  var s = 0.0;
  for (var r = 0u; r < p.replicas; r++) { s = s + W[r * p.n + j]; }
  let c = s / f32(p.replicas);
  for (var r = 0u; r < p.replicas; r++) {
    let k = r * p.n + j;
    W[k] = W[k] - p.rate * (W[k] - c);
  }
}
`;

/**
 * The elastic step after the optimizer's, wᵃ ← wᵃ − κ(wᵃ − w̄) with w̄ the centre before the
 * step (κ = ηγ): the coupling is not preconditioned by the optimizer.
 */
export const replicaElasticStepKernel: ComputeKernel<ReplicaElasticPlan> = {
  name: 'replicaElasticStep',
  cpu(be, p) {
    const W = cpuData(be, p.param);
    const R = p.replicas;
    const n = W.length / R;
    const rate = f(p.rate);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let r = 0; r < R; r++) s = f(s + W[r * n + j]!);
      const c = f(s / R);
      for (let r = 0; r < R; r++) {
        const k = r * n + j;
        W[k] = W[k]! - f(rate * f(W[k]! - c));
      }
    }
  },
  webgpu(be, p) {
    be.dispatch({
      source: ELASTIC_WGSL,
      label: 'replicaElasticStep',
      bindings: [p.param],
      uniforms: packUniforms([
        ['u32', p.param.size / p.replicas],
        ['u32', p.replicas],
        ['f32', p.rate],
      ]),
      workgroups: grid(be, p.param.size / p.replicas),
    });
  },
};

/** One Langevin step of Entropy-SGD's inner loop on one parameter tensor. */
export interface LangevinStepPlan {
  /** w′, updated in place. */
  readonly param: Tensor;
  /** ∇L(w′; Ξ). */
  readonly grad: Tensor;
  /** w, the outer weights w′ is coupled to. */
  readonly anchor: Tensor;
  /** μ, the running average of w′, updated in place. */
  readonly average: Tensor;
  /** ξ ~ N(0, 1), one per entry. */
  readonly noise: Tensor;
  /** η′. */
  readonly lr: number;
  /** γ. */
  readonly gamma: number;
  /** λ: weight decay added to the gradient. */
  readonly weightDecay: number;
  /** The factor of ξ in the step. */
  readonly noiseScale: number;
  /** α: μ ← αμ + (1 − α)w′. */
  readonly alpha: number;
}

const LANGEVIN_WGSL = /* wgsl */ `${HEAD}
struct Params { n: u32, lr: f32, gamma: f32, decay: f32, noise: f32, alpha: f32 }
@group(0) @binding(0) var<storage, read_write> W: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read> A: array<f32>;
@group(0) @binding(3) var<storage, read_write> M: array<f32>;
@group(0) @binding(4) var<storage, read> Z: array<f32>;
@group(0) @binding(5) var<uniform> p: Params;
${MAIN}
  if (j >= p.n) { return; }
  let w = W[j];
  let d = G[j] + p.decay * w + p.gamma * (w - A[j]);
  let next = w - p.lr * d + p.noise * Z[j];
  W[j] = next;
  M[j] = p.alpha * M[j] + (1.0 - p.alpha) * next;
}
`;

/**
 * Entropy-SGD's inner step (stochastic gradient Langevin dynamics on the local-entropy measure):
 * dw′ = ∇L(w′; Ξ) + λw′ + γ(w′ − w), w′ ← w′ − η′dw′ + s·ξ, μ ← αμ + (1 − α)w′.
 * @see P. Chaudhari et al., Entropy-SGD: biasing gradient descent into wide valleys, ICLR 2017
 */
export const langevinStepKernel: ComputeKernel<LangevinStepPlan> = {
  name: 'langevinStep',
  cpu(be, p) {
    const W = cpuData(be, p.param);
    const G = cpuData(be, p.grad);
    const A = cpuData(be, p.anchor);
    const M = cpuData(be, p.average);
    const Z = cpuData(be, p.noise);
    const lr = f(p.lr);
    const gamma = f(p.gamma);
    const wd = f(p.weightDecay);
    const s = f(p.noiseScale);
    const alpha = f(p.alpha);
    const beta = f(1 - alpha);
    for (let j = 0; j < W.length; j++) {
      const w = W[j]!;
      const d = f(f(G[j]! + f(wd * w)) + f(gamma * f(w - A[j]!)));
      const next = f(f(w - f(lr * d)) + f(s * Z[j]!));
      W[j] = next;
      M[j] = f(alpha * M[j]!) + f(beta * next);
    }
  },
  webgpu(be, p) {
    be.dispatch({
      source: LANGEVIN_WGSL,
      label: 'langevinStep',
      bindings: [p.param, p.grad, p.anchor, p.average, p.noise],
      uniforms: packUniforms([
        ['u32', p.param.size],
        ['f32', p.lr],
        ['f32', p.gamma],
        ['f32', p.weightDecay],
        ['f32', p.noiseScale],
        ['f32', p.alpha],
      ]),
      workgroups: grid(be, p.param.size),
    });
  },
};

/** OUT = c·(X − Y), elementwise. */
export interface ScaledDifferencePlan {
  readonly x: Tensor;
  readonly y: Tensor;
  readonly c: number;
  readonly out: Tensor;
}

const DIFF_WGSL = /* wgsl */ `${HEAD}
struct Params { n: u32, c: f32 }
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> Y: array<f32>;
@group(0) @binding(2) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
${MAIN}
  if (j >= p.n) { return; }
  OUT[j] = p.c * (X[j] - Y[j]);
}
`;

/** c·(x − y): Entropy-SGD's outer gradient γ(w − μ). */
export const scaledDifferenceKernel: ComputeKernel<ScaledDifferencePlan> = {
  name: 'scaledDifference',
  cpu(be, p) {
    const X = cpuData(be, p.x);
    const Y = cpuData(be, p.y);
    const O = cpuData(be, p.out);
    const c = f(p.c);
    for (let j = 0; j < O.length; j++) O[j] = c * f(X[j]! - Y[j]!);
  },
  webgpu(be, p) {
    be.dispatch({
      source: DIFF_WGSL,
      label: 'scaledDifference',
      bindings: [p.x, p.y, p.out],
      uniforms: packUniforms([
        ['u32', p.out.size],
        ['f32', p.c],
      ]),
      workgroups: grid(be, p.out.size),
    });
  },
};

/** A perturbation of weights W from their saved values W₀ and noise ε. */
export interface PerturbPlan {
  readonly base: Tensor;
  readonly noise: Tensor;
  readonly sigma: number;
  /** multiplicative: W = W₀(1 + σε); additive: W = W₀ + σε. */
  readonly multiplicative: boolean;
  readonly out: Tensor;
}

const PERTURB_WGSL = /* wgsl */ `${HEAD}
struct Params { n: u32, sigma: f32, multiplicative: u32 }
@group(0) @binding(0) var<storage, read> B: array<f32>;
@group(0) @binding(1) var<storage, read> Z: array<f32>;
@group(0) @binding(2) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
${MAIN}
  if (j >= p.n) { return; }
  if (p.multiplicative != 0u) { OUT[j] = B[j] * (1.0 + p.sigma * Z[j]); } else { OUT[j] = B[j] + p.sigma * Z[j]; }
}
`;

/** The local-energy probe: w_i ← w_i(1 + σε_i) (multiplicative) or w_i + σε_i (additive). */
export const perturbKernel: ComputeKernel<PerturbPlan> = {
  name: 'perturb',
  cpu(be, p) {
    const B = cpuData(be, p.base);
    const Z = cpuData(be, p.noise);
    const O = cpuData(be, p.out);
    const s = f(p.sigma);
    if (p.multiplicative) for (let j = 0; j < O.length; j++) O[j] = B[j]! * f(1 + f(s * Z[j]!));
    else for (let j = 0; j < O.length; j++) O[j] = B[j]! + f(s * Z[j]!);
  },
  webgpu(be, p) {
    be.dispatch({
      source: PERTURB_WGSL,
      label: 'perturb',
      bindings: [p.base, p.noise, p.out],
      uniforms: packUniforms([
        ['u32', p.out.size],
        ['f32', p.sigma],
        ['u32', p.multiplicative ? 1 : 0],
      ]),
      workgroups: grid(be, p.out.size),
    });
  },
};

/** The straight-through VJP of sign(w): OUT = G where |W| ≤ 1, else 0. */
export interface SignStraightThroughPlan {
  readonly w: Tensor;
  readonly g: Tensor;
  readonly out: Tensor;
}

const STE_WGSL = /* wgsl */ `${HEAD}
struct Params { n: u32 }
@group(0) @binding(0) var<storage, read> W: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
${MAIN}
  if (j >= p.n) { return; }
  OUT[j] = select(0.0, G[j], abs(W[j]) <= 1.0);
}
`;

/**
 * The straight-through estimator of sign's derivative (BinaryConnect's hard-tanh form):
 * ∂sign(w)/∂w ≈ 1{|w| ≤ 1}, so the continuous weights behind binary ones learn.
 * @see M. Courbariaux, Y. Bengio, J.-P. David, BinaryConnect, NeurIPS 2015
 */
export const signStraightThroughKernel: ComputeKernel<SignStraightThroughPlan> = {
  name: 'signStraightThrough',
  cpu(be, p) {
    const W = cpuData(be, p.w);
    const G = cpuData(be, p.g);
    const O = cpuData(be, p.out);
    for (let j = 0; j < O.length; j++) O[j] = Math.abs(W[j]!) <= 1 ? G[j]! : 0;
  },
  webgpu(be, p) {
    be.dispatch({
      source: STE_WGSL,
      label: 'signStraightThrough',
      bindings: [p.w, p.g, p.out],
      uniforms: packUniforms([['u32', p.out.size]]),
      workgroups: grid(be, p.out.size),
    });
  },
};

/** Clips a tensor in place to [−bound, bound]. */
export interface ClipPlan {
  readonly param: Tensor;
  readonly bound: number;
}

const CLIP_WGSL = /* wgsl */ `${HEAD}
struct Params { n: u32, bound: f32 }
@group(0) @binding(0) var<storage, read_write> W: array<f32>;
@group(0) @binding(1) var<uniform> p: Params;
${MAIN}
  if (j >= p.n) { return; }
  W[j] = clamp(W[j], -p.bound, p.bound);
}
`;

/** w ← clamp(w, −b, b): BinaryConnect keeps the continuous weights in [−1, 1]. */
export const clipKernel: ComputeKernel<ClipPlan> = {
  name: 'clip',
  cpu(be, p) {
    const W = cpuData(be, p.param);
    const b = f(p.bound);
    for (let j = 0; j < W.length; j++) W[j] = Math.min(b, Math.max(-b, W[j]!));
  },
  webgpu(be, p) {
    be.dispatch({
      source: CLIP_WGSL,
      label: 'clip',
      bindings: [p.param],
      uniforms: packUniforms([
        ['u32', p.param.size],
        ['f32', p.bound],
      ]),
      workgroups: grid(be, p.param.size),
    });
  },
};
