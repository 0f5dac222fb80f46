/**
 * The fused kernels of `@replica/nn`, each a plain object with its WGSL and its CPU twin: the
 * elementwise derivatives the tape's vector–Jacobian products need, a row-broadcast bias add,
 * scaling by a rank-0 tensor, and the optimizer steps (one dispatch per parameter tensor).
 * @module
 */
import type {
  BinaryKernel,
  ComputeKernel,
  CpuBackend,
  Tensor,
  UnaryKernel,
  WebGPUBackend,
} from '@replica/webgpu-kernels';
import { LINEAR_WORKGROUP_WGSL, packUniforms, runKernel, workgroupGrid } from '@replica/webgpu-kernels';

const WG = 128;
const cpuData = (be: CpuBackend, t: Tensor): Float32Array => be.own(t, 'tensor').data as Float32Array;
const grid = (be: WebGPUBackend, count: number): [number, number, number] =>
  workgroupGrid(Math.max(1, Math.ceil(count / WG)), be.limits.maxComputeWorkgroupsPerDimension);

/** softplus(x) = log(1 + eˣ), computed as max(x, 0) + log(1 + e^{−|x|}). */
export const softplusKernel: UnaryKernel = {
  name: 'softplus',
  wgsl: 'if (f32_is_nan(x)) { return x; } return max(x, 0.0) + log(1.0 + exp(-abs(x)));',
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) {
      const x = src[i]!;
      dst[i] = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
  },
};

/** x − y. */
export const subKernel: BinaryKernel = {
  name: 'sub',
  wgsl: 'return x - y;',
  cpu(x, y, dst) {
    for (let i = 0; i < dst.length; i++) dst[i] = x[i]! - y[i]!;
  },
};

/** x / y. */
export const divKernel: BinaryKernel = {
  name: 'div',
  wgsl: 'return x / y;',
  cpu(x, y, dst) {
    for (let i = 0; i < dst.length; i++) dst[i] = x[i]! / y[i]!;
  },
};

/** ReLU's VJP: g where x > 0, else 0 (x the input, y the output gradient g). */
export const reluBackwardKernel: BinaryKernel = {
  name: 'reluBackward',
  wgsl: 'return select(0.0, y, x > 0.0);',
  cpu(x, g, dst) {
    for (let i = 0; i < dst.length; i++) dst[i] = x[i]! > 0 ? g[i]! : 0;
  },
};

/** tanh's VJP from its output t: g·(1 − t²). */
export const tanhBackwardKernel: BinaryKernel = {
  name: 'tanhBackward',
  wgsl: 'return y * (1.0 - x * x);',
  cpu(t, g, dst) {
    for (let i = 0; i < dst.length; i++) dst[i] = g[i]! * (1 - t[i]! * t[i]!);
  },
};

/** σ's VJP from its output s: g·s(1 − s). */
export const sigmoidBackwardKernel: BinaryKernel = {
  name: 'sigmoidBackward',
  wgsl: 'return y * x * (1.0 - x);',
  cpu(s, g, dst) {
    for (let i = 0; i < dst.length; i++) dst[i] = g[i]! * s[i]! * (1 - s[i]!);
  },
};

/** softplus's VJP from its input x: g·σ(x). */
export const softplusBackwardKernel: BinaryKernel = {
  name: 'softplusBackward',
  wgsl: 'let z = exp(-abs(x)); let s = select(z / (1.0 + z), 1.0 / (1.0 + z), x >= 0.0); return y * s;',
  cpu(x, g, dst) {
    for (let i = 0; i < dst.length; i++) {
      const v = x[i]!;
      const z = Math.exp(-Math.abs(v));
      dst[i] = g[i]! * (v >= 0 ? 1 / (1 + z) : z / (1 + z));
    }
  },
};

// ---------------------------------------------------------------------------------------------
// More elementwise functions and their derivatives (x the input, y the output gradient g, a a scalar).

/** 1 where x = y, else 0 (the maxima's tie mask). */
export const equalMaskKernel: BinaryKernel = {
  name: 'equalMask',
  wgsl: 'return select(0.0, 1.0, x == y);',
  cpu(x, y, dst) {
    for (let i = 0; i < dst.length; i++) dst[i] = x[i] === y[i] ? 1 : 0;
  },
};

/** x + a. */
export const shiftKernel: UnaryKernel = {
  name: 'shift',
  wgsl: 'return x + a;',
  cpu(src, dst, a) {
    for (let i = 0; i < src.length; i++) dst[i] = src[i]! + a;
  },
};

/** √x (NaN below 0). */
export const sqrtKernel: UnaryKernel = {
  name: 'sqrt',
  wgsl: 'if (x < 0.0 || f32_is_nan(x)) { return f32_nan(); } return sqrt(x);',
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) dst[i] = Math.sqrt(src[i]!);
  },
};

/** √x's VJP from its output r: g/(2r). */
export const sqrtBackwardKernel: BinaryKernel = {
  name: 'sqrtBackward',
  wgsl: 'return 0.5 * y / x;',
  cpu(r, g, dst) {
    for (let i = 0; i < dst.length; i++) dst[i] = (0.5 * g[i]!) / r[i]!;
  },
};

/** |x|. */
export const absKernel: UnaryKernel = {
  name: 'abs',
  wgsl: 'return abs(x);',
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) dst[i] = Math.abs(src[i]!);
  },
};

/** |x|'s VJP: g·sign(x), with sign(0) = 0 (as PyTorch). */
export const absBackwardKernel: BinaryKernel = {
  name: 'absBackward',
  wgsl: 'return select(select(-y, y, x > 0.0), 0.0, x == 0.0);',
  cpu(x, g, dst) {
    for (let i = 0; i < dst.length; i++) {
      const v = x[i]!;
      dst[i] = v > 0 ? g[i]! : v < 0 ? -g[i]! : 0;
    }
  },
};

/** WGSL statements setting `r` to x^e as Math.pow does: NaN for x < 0 and a non-integer e. */
const powWgsl = (e: string) => `var r: f32;
  if (x == 0.0) { r = select(select(0.0, 1.0, ${e} == 0.0), -f32_neg_inf(), ${e} < 0.0); }
  else {
    r = exp2(${e} * log2(abs(x)));
    if (x < 0.0) {
      if (fract(${e}) != 0.0) { r = f32_nan(); } else if (fract(${e} * 0.5) != 0.0) { r = -r; }
    }
  }`;

/** x^a for a constant exponent a. */
export const powKernel: UnaryKernel = {
  name: 'pow',
  wgsl: `${powWgsl('a')}
  return r;`,
  cpu(src, dst, a) {
    for (let i = 0; i < src.length; i++) dst[i] = src[i]! ** a;
  },
};

/** x^a's VJP: g·a·x^{a−1}. */
export const powBackwardKernel: BinaryKernel = {
  name: 'powBackward',
  wgsl: `let b = a - 1.0;
  ${powWgsl('b')}
  return y * a * r;`,
  cpu(x, g, dst, a) {
    for (let i = 0; i < dst.length; i++) dst[i] = g[i]! * a * x[i]! ** (a - 1);
  },
};

/** SiLU (swish): x·σ(x). */
export const siluKernel: UnaryKernel = {
  name: 'silu',
  wgsl: 'let z = exp(-abs(x)); let s = select(z / (1.0 + z), 1.0 / (1.0 + z), x >= 0.0); return x * s;',
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) {
      const x = src[i]!;
      const z = Math.exp(-Math.abs(x));
      dst[i] = x * (x >= 0 ? 1 / (1 + z) : z / (1 + z));
    }
  },
};

/** SiLU's VJP: g·σ(x)(1 + x(1 − σ(x))). */
export const siluBackwardKernel: BinaryKernel = {
  name: 'siluBackward',
  wgsl: 'let z = exp(-abs(x)); let s = select(z / (1.0 + z), 1.0 / (1.0 + z), x >= 0.0); return y * s * (1.0 + x * (1.0 - s));',
  cpu(x, g, dst) {
    for (let i = 0; i < dst.length; i++) {
      const v = x[i]!;
      const z = Math.exp(-Math.abs(v));
      const s = v >= 0 ? 1 / (1 + z) : z / (1 + z);
      dst[i] = g[i]! * s * (1 + v * (1 - s));
    }
  },
};

// Abramowitz & Stegun 7.1.26: |error| ≤ 1.5·10⁻⁷, about one f32 ulp near 1.
const ERF = { p: 0.3275911, a1: 0.254829592, a2: -0.284496736, a3: 1.421413741, a4: -1.453152027, a5: 1.061405429 };

/**
 * erf x by Abramowitz & Stegun 7.1.26 (absolute error ≤ 1.5·10⁻⁷), on every backend.
 * @see M. Abramowitz, I. A. Stegun, Handbook of Mathematical Functions (1964), eq. 7.1.26
 */
export const erfKernel: UnaryKernel = {
  name: 'erf',
  wgsl: `let ax = abs(x); let t = 1.0 / (1.0 + ${ERF.p} * ax);
  let poly = t * (${ERF.a1} + t * (${ERF.a2} + t * (${ERF.a3} + t * (${ERF.a4} + t * ${ERF.a5}))));
  let r = 1.0 - poly * exp(-ax * ax); return select(-r, r, x >= 0.0);`,
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) {
      const x = src[i]!;
      const ax = Math.abs(x);
      const t = 1 / (1 + ERF.p * ax);
      const poly = t * (ERF.a1 + t * (ERF.a2 + t * (ERF.a3 + t * (ERF.a4 + t * ERF.a5))));
      const r = 1 - poly * Math.exp(-ax * ax);
      dst[i] = x >= 0 ? r : -r;
    }
  },
};

/** erf's VJP: g·(2/√π)e^{−x²}. */
export const erfBackwardKernel: BinaryKernel = {
  name: 'erfBackward',
  wgsl: 'return y * 1.1283791670955126 * exp(-x * x);',
  cpu(x, g, dst) {
    for (let i = 0; i < dst.length; i++) dst[i] = g[i]! * 1.1283791670955126 * Math.exp(-x[i]! * x[i]!);
  },
};

/** max(x, a). */
export const clampMinKernel: UnaryKernel = {
  name: 'clampMin',
  wgsl: 'return max(x, a);',
  cpu(src, dst, a) {
    for (let i = 0; i < src.length; i++) dst[i] = Math.max(src[i]!, a);
  },
};

/** min(x, a). */
export const clampMaxKernel: UnaryKernel = {
  name: 'clampMax',
  wgsl: 'return min(x, a);',
  cpu(src, dst, a) {
    for (let i = 0; i < src.length; i++) dst[i] = Math.min(src[i]!, a);
  },
};

/** g where x ≥ a, else 0 (clamp's VJP at its lower bound). */
export const passAtLeastKernel: BinaryKernel = {
  name: 'passAtLeast',
  wgsl: 'return select(0.0, y, x >= a);',
  cpu(x, g, dst, a) {
    for (let i = 0; i < dst.length; i++) dst[i] = x[i]! >= a ? g[i]! : 0;
  },
};

/** g where x ≤ a, else 0 (clamp's VJP at its upper bound). */
export const passAtMostKernel: BinaryKernel = {
  name: 'passAtMost',
  wgsl: 'return select(0.0, y, x <= a);',
  cpu(x, g, dst, a) {
    for (let i = 0; i < dst.length; i++) dst[i] = x[i]! <= a ? g[i]! : 0;
  },
};

/** The inverted-dropout mask from uniforms u: 1/(1 − a) where u ≥ a, else 0 (a the drop probability). */
export const dropoutMaskKernel: UnaryKernel = {
  name: 'dropoutMask',
  wgsl: 'return select(0.0, 1.0 / (1.0 - a), x >= a);',
  cpu(u, dst, a) {
    const keep = Math.fround(1 / Math.fround(1 - a));
    for (let i = 0; i < u.length; i++) dst[i] = u[i]! >= a ? keep : 0;
  },
};

// ---------------------------------------------------------------------------------------------
// Row-broadcast bias add: OUT[e] = X[e] + B[g·n + e mod n], g = ⌊e/(rows·n)⌋ the replica.

/** A bias add: x (R × rows × n), the biases (R × n values), the output; R = 1 without replicas. */
export interface BiasAddPlan {
  readonly x: Tensor;
  readonly bias: Tensor;
  readonly out: Tensor;
  /** Rows per replica. */
  readonly rows: number;
}

const BIAS_ADD_WGSL = /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { count: u32, n: u32, block: u32 }
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<f32>;
@group(0) @binding(2) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (e >= p.count) { return; }
  OUT[e] = X[e] + B[(e / p.block) * p.n + e % p.n];
}
`;

/** OUT[e] = X[e] + B[g·n + e mod n]: each replica's bias broadcast over its rows. */
export const biasAddKernel: ComputeKernel<BiasAddPlan> = {
  name: 'biasAdd',
  cpu(be, p) {
    const x = cpuData(be, p.x);
    const b = cpuData(be, p.bias);
    const o = cpuData(be, p.out);
    const width = p.x.shape[p.x.shape.length - 1]!;
    for (let e = 0, g = 0; e < x.length; g++) {
      const base = g * width;
      for (let r = 0; r < p.rows; r++) for (let j = 0; j < width; j++, e++) o[e] = x[e]! + b[base + j]!;
    }
  },
  webgpu(be, p) {
    be.dispatch({
      source: BIAS_ADD_WGSL,
      label: 'biasAdd',
      bindings: [p.x, p.bias, p.out],
      uniforms: packUniforms([
        ['u32', p.x.size],
        ['u32', p.x.shape[p.x.shape.length - 1]!],
        ['u32', p.rows * p.x.shape[p.x.shape.length - 1]!],
      ]),
      workgroups: grid(be, p.x.size),
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Scaling by a rank-0 tensor: OUT[e] = (X[e] or 1)·S[0]·a — the VJP of every reduction to a scalar.

/** OUT = X·S[0]·a, or the constant S[0]·a when X is null. */
export interface ScaleByScalarPlan {
  readonly x: Tensor | null;
  readonly s: Tensor;
  readonly a: number;
  readonly out: Tensor;
}

const scaleByScalarWgsl = (withX: boolean) => /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { count: u32, a: f32 }
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read> S: array<f32>;
@group(0) @binding(2) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (e >= p.count) { return; }
  ${withX ? 'OUT[e] = X[e] * S[0] * p.a;' : '_ = X[0]; OUT[e] = S[0] * p.a;'}
}
`;

/** OUT[e] = X[e]·S[0]·a (or S[0]·a without X): a rank-0 gradient spread over a tensor. */
export const scaleByScalarKernel: ComputeKernel<ScaleByScalarPlan> = {
  name: 'scaleByScalar',
  cpu(be, p) {
    const s = cpuData(be, p.s)[0]! * p.a;
    const o = cpuData(be, p.out);
    if (p.x === null) o.fill(s);
    else {
      const x = cpuData(be, p.x);
      for (let e = 0; e < o.length; e++) o[e] = x[e]! * s;
    }
  },
  webgpu(be, p) {
    be.dispatch({
      source: scaleByScalarWgsl(p.x !== null),
      label: 'scaleByScalar',
      bindings: [p.x ?? p.s, p.s, p.out],
      uniforms: packUniforms([
        ['u32', p.out.size],
        ['f32', p.a],
      ]),
      workgroups: grid(be, p.out.size),
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Optimizer steps, in place, one dispatch per parameter tensor.

/** An SGD step: θ, its gradient, the momentum buffer, and the hyper-parameters. */
export interface SgdStepPlan {
  readonly param: Tensor;
  readonly grad: Tensor;
  readonly buffer: Tensor;
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  /** 1 on the first step (the buffer starts as the gradient, as in PyTorch). */
  readonly first: boolean;
}

const SGD_WGSL = /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { n: u32, lr: f32, momentum: f32, dampening: f32, decay: f32, nesterov: u32, first: u32 }
@group(0) @binding(0) var<storage, read_write> P: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read_write> BUF: array<f32>;
@group(0) @binding(3) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (i >= p.n) { return; }
  var g = G[i] + p.decay * P[i];
  if (p.momentum != 0.0) {
    var b = g;
    if (p.first == 0u) { b = p.momentum * BUF[i] + (1.0 - p.dampening) * g; }
    BUF[i] = b;
    g = select(b, g + p.momentum * b, p.nesterov != 0u);
  }
  P[i] = P[i] - p.lr * g;
}
`;

/**
 * SGD as PyTorch defines it: g ← ∇ + λθ; with momentum μ, b ← μb + (1 − τ)g (b = g on the first
 * step), g ← b, or g + μb (Nesterov); θ ← θ − ηg.
 */
export const sgdStepKernel: ComputeKernel<SgdStepPlan> = {
  name: 'sgdStep',
  cpu(be, p) {
    const P = cpuData(be, p.param);
    const G = cpuData(be, p.grad);
    const B = cpuData(be, p.buffer);
    const { lr, momentum: mu, dampening, weightDecay: wd, nesterov, first } = p;
    for (let i = 0; i < P.length; i++) {
      let g = Math.fround(G[i]! + Math.fround(wd * P[i]!));
      if (mu !== 0) {
        const b = first ? g : Math.fround(Math.fround(mu * B[i]!) + Math.fround((1 - dampening) * g));
        B[i] = b;
        g = nesterov ? Math.fround(g + Math.fround(mu * b)) : b;
      }
      P[i] = P[i]! - Math.fround(lr * g);
    }
  },
  webgpu(be, p) {
    be.dispatch({
      source: SGD_WGSL,
      label: 'sgdStep',
      bindings: [p.param, p.grad, p.buffer],
      uniforms: packUniforms([
        ['u32', p.param.size],
        ['f32', p.lr],
        ['f32', p.momentum],
        ['f32', p.dampening],
        ['f32', p.weightDecay],
        ['u32', p.nesterov ? 1 : 0],
        ['u32', p.first ? 1 : 0],
      ]),
      workgroups: grid(be, p.param.size),
    });
  },
};

/** An Adam step: θ, its gradient, the two moment buffers, and the hyper-parameters at step t. */
export interface AdamStepPlan {
  readonly param: Tensor;
  readonly grad: Tensor;
  readonly m: Tensor;
  readonly v: Tensor;
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** AdamW: the decay multiplies θ directly (θ ← θ(1 − ηλ)) instead of joining the gradient. */
  readonly decoupled: boolean;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ. */
  readonly bias1: number;
  readonly bias2: number;
}

const ADAM_WGSL = /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { n: u32, lr: f32, beta1: f32, beta2: f32, eps: f32, decay: f32, decoupled: u32, step: f32, sqrt_bias2: f32 }
@group(0) @binding(0) var<storage, read_write> P: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read_write> M: array<f32>;
@group(0) @binding(3) var<storage, read_write> V: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (i >= p.n) { return; }
  var theta = P[i];
  var g = G[i];
  if (p.decoupled != 0u) { theta = theta * (1.0 - p.lr * p.decay); } else { g = g + p.decay * theta; }
  let m = p.beta1 * M[i] + (1.0 - p.beta1) * g;
  let v = p.beta2 * V[i] + (1.0 - p.beta2) * g * g;
  M[i] = m;
  V[i] = v;
  P[i] = theta - p.step * m / (sqrt(v) / p.sqrt_bias2 + p.eps);
}
`;

/**
 * Adam (and AdamW) as PyTorch defines it: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
 * θ ← θ − η·(m/(1 − β₁ᵗ)) / (√(v/(1 − β₂ᵗ)) + ε); weight decay λ joins g (Adam) or scales θ by
 * 1 − ηλ first (AdamW).
 * @see D. P. Kingma, J. Ba, Adam: a method for stochastic optimization, ICLR 2015
 * @see I. Loshchilov, F. Hutter, Decoupled weight decay regularization, ICLR 2019
 */
export const adamStepKernel: ComputeKernel<AdamStepPlan> = {
  name: 'adamStep',
  cpu(be, p) {
    const P = cpuData(be, p.param);
    const G = cpuData(be, p.grad);
    const M = cpuData(be, p.m);
    const V = cpuData(be, p.v);
    const { lr, beta1, beta2, eps, weightDecay: wd, decoupled, bias1, bias2 } = p;
    // PyTorch's form: θ ← θ − (η/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + ε)
    const step = lr / bias1;
    // a multiply by 1/√(1 − β₂ᵗ) instead of a divide: one f64 rounding apart, far below f32's
    const invSqrtB2 = 1 / Math.sqrt(bias2);
    const c1 = 1 - beta1;
    const c2 = 1 - beta2;
    const shrink = decoupled ? 1 - lr * wd : 1;
    const add = decoupled ? 0 : wd;
    const n = P.length;
    if (shrink === 1 && add === 0) {
      // the common case without weight decay: two fewer multiply-adds per entry
      for (let i = 0; i < n; i++) {
        const g = G[i]!;
        const m = beta1 * M[i]! + c1 * g;
        const v = beta2 * V[i]! + c2 * g * g;
        M[i] = m;
        V[i] = v;
        P[i] = P[i]! - (step * m) / (Math.sqrt(v) * invSqrtB2 + eps);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const theta = P[i]! * shrink;
      const g = G[i]! + add * theta;
      const m = beta1 * M[i]! + c1 * g;
      const v = beta2 * V[i]! + c2 * g * g;
      M[i] = m;
      V[i] = v;
      P[i] = theta - (step * m) / (Math.sqrt(v) * invSqrtB2 + eps);
    }
  },
  webgpu(be, p) {
    be.dispatch({
      source: ADAM_WGSL,
      label: 'adamStep',
      bindings: [p.param, p.grad, p.m, p.v],
      uniforms: packUniforms([
        ['u32', p.param.size],
        ['f32', p.lr],
        ['f32', p.beta1],
        ['f32', p.beta2],
        ['f32', p.eps],
        ['f32', p.weightDecay],
        ['u32', p.decoupled ? 1 : 0],
        ['f32', p.lr / p.bias1],
        ['f32', Math.sqrt(p.bias2)],
      ]),
      workgroups: grid(be, p.param.size),
    });
  },
};

/** Runs a kernel on the backend that owns `t`. */
export function run<Plan>(kernel: ComputeKernel<Plan>, t: Tensor, plan: Plan): void {
  runKernel(kernel, t.backend, plan);
}

// ---------------------------------------------------------------------------------------------
// Row-wise kernels of the softmax and log-sum-exp VJPs, and a flat copy (reshape).

/** OUT[e] = Y[e]·(G[e] − S[⌊e/n⌋]) (mode 0, the softmax VJP with S = rowsum(G ⊙ Y)), or P[e]·S[⌊e/n⌋] (mode 1). */
export interface RowCombinePlan {
  readonly mode: 0 | 1;
  readonly y: Tensor;
  /** The elementwise gradient (mode 0); ignored in mode 1. */
  readonly g: Tensor;
  /** One value per row. */
  readonly s: Tensor;
  readonly out: Tensor;
  /** The row length. */
  readonly n: number;
}

const ROW_COMBINE_WGSL = /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { count: u32, n: u32, mode: u32 }
@group(0) @binding(0) var<storage, read> Y: array<f32>;
@group(0) @binding(1) var<storage, read> G: array<f32>;
@group(0) @binding(2) var<storage, read> S: array<f32>;
@group(0) @binding(3) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(4) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (e >= p.count) { return; }
  let s = S[e / p.n];
  if (p.mode == 0u) { OUT[e] = Y[e] * (G[e] - s); } else { _ = G[0]; OUT[e] = Y[e] * s; }
}
`;

/** The row-combine kernel of the softmax (mode 0) and log-sum-exp (mode 1) VJPs. */
export const rowCombineKernel: ComputeKernel<RowCombinePlan> = {
  name: 'rowCombine',
  cpu(be, p) {
    const y = cpuData(be, p.y);
    const g = cpuData(be, p.g);
    const s = cpuData(be, p.s);
    const o = cpuData(be, p.out);
    const n = p.n;
    for (let r = 0, e = 0; e < o.length; r++) {
      const sr = s[r]!;
      if (p.mode === 0) for (let j = 0; j < n; j++, e++) o[e] = y[e]! * (g[e]! - sr);
      else for (let j = 0; j < n; j++, e++) o[e] = y[e]! * sr;
    }
  },
  webgpu(be, p) {
    be.dispatch({
      source: ROW_COMBINE_WGSL,
      label: 'rowCombine',
      bindings: [p.y, p.mode === 0 ? p.g : p.y, p.s, p.out],
      uniforms: packUniforms([
        ['u32', p.out.size],
        ['u32', p.n],
        ['u32', p.mode],
      ]),
      workgroups: grid(be, p.out.size),
    });
  },
};

/** A flat copy: OUT[e] = X[e] (the shapes may differ; the sizes do not). */
export interface CopyPlan {
  readonly x: Tensor;
  readonly out: Tensor;
}

const COPY_WGSL = /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { count: u32 }
@group(0) @binding(0) var<storage, read> X: array<f32>;
@group(0) @binding(1) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(2) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (e >= p.count) { return; }
  OUT[e] = X[e];
}
`;

/** The flat-copy kernel (a reshape's forward and VJP). */
export const copyKernel: ComputeKernel<CopyPlan> = {
  name: 'copy',
  cpu(be, p) {
    cpuData(be, p.out).set(cpuData(be, p.x));
  },
  webgpu(be, p) {
    be.dispatch({
      source: COPY_WGSL,
      label: 'copy',
      bindings: [p.x, p.out],
      uniforms: packUniforms([['u32', p.out.size]]),
      workgroups: grid(be, p.out.size),
    });
  },
};

/** OUT[e] = value for every element (zeroing gradients without an upload). */
export interface FillPlan {
  readonly out: Tensor;
  readonly value: number;
}

const FILL_WGSL = /* wgsl */ `${LINEAR_WORKGROUP_WGSL}
struct Params { count: u32, value: f32 }
@group(0) @binding(0) var<storage, read_write> OUT: array<f32>;
@group(0) @binding(1) var<uniform> p: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let e = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (e >= p.count) { return; }
  OUT[e] = p.value;
}
`;

/** The fill kernel: every element set to one value. */
export const fillKernel: ComputeKernel<FillPlan> = {
  name: 'fill',
  cpu(be, p) {
    cpuData(be, p.out).fill(p.value);
  },
  webgpu(be, p) {
    be.dispatch({
      source: FILL_WGSL,
      label: 'fill',
      bindings: [p.out],
      uniforms: packUniforms([
        ['u32', p.out.size],
        ['f32', p.value],
      ]),
      workgroups: grid(be, p.out.size),
    });
  },
};
