/**
 * Elementwise maps: unary (sigmoid, tanh, relu, sign, exp, log, scale) and
 * binary (add, mul, axpy), each a plain kernel object with a WGSL body and a
 * CPU twin, run by {@link mapUnary} / {@link mapBinary} on any backend.
 * @module
 */
import { LINEAR_WORKGROUP_WGSL, packUniforms } from './dispatch';
import { formatShape, sameShape } from './dtype';
import type { ComputeKernel } from './kernel';
import { runKernel } from './kernel';
import { backendOf, checkDtypeIs, checkFinite, FLOAT_BITS_WGSL, outputTensor } from './op-utils';
import type { Tensor } from './tensor';

/**
 * A unary elementwise kernel y_i = f(x_i; a).
 * `wgsl` is the body of `fn op(x: f32, a: f32) -> f32`; `cpu` maps a whole array (src may equal dst).
 */
export interface UnaryKernel {
  /** The op's name (labels, errors). */
  readonly name: string;
  /** The body of `fn op(x: f32, a: f32) -> f32`. */
  readonly wgsl: string;
  /** The CPU twin over a whole array: dst_i = f(src_i; a) (src may equal dst). */
  readonly cpu: (src: Float32Array, dst: Float32Array, a: number) => void;
}

/** A binary elementwise kernel z_i = f(x_i, y_i; a); `wgsl` is the body of `fn op(x: f32, y: f32, a: f32) -> f32`. */
export interface BinaryKernel {
  /** The op's name (labels, errors). */
  readonly name: string;
  /** The body of `fn op(x: f32, y: f32, a: f32) -> f32`. */
  readonly wgsl: string;
  /** The CPU twin over whole arrays: dst_i = f(x_i, y_i; a) (dst may equal x or y). */
  readonly cpu: (x: Float32Array, y: Float32Array, dst: Float32Array, a: number) => void;
}

const WG = 256;

/** σ(x) = 1/(1 + e^{−x}), evaluated without overflow on either side. */
export const sigmoidKernel: UnaryKernel = {
  name: 'sigmoid',
  wgsl: 'if (f32_is_nan(x)) { return x; } if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); } let e = exp(x); return e / (1.0 + e);',
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) {
      const x = src[i] as number;
      if (x >= 0) dst[i] = 1 / (1 + Math.exp(-x));
      else {
        const e = Math.exp(x);
        dst[i] = e / (1 + e);
      }
    }
  },
};

/** tanh(x). On the GPU the argument is limited to |x| ≤ 15, where tanh already rounds to ±1 in f32. */
export const tanhKernel: UnaryKernel = {
  name: 'tanh',
  wgsl: 'if (f32_is_nan(x)) { return x; } return tanh(clamp(x, -15.0, 15.0));',
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) dst[i] = Math.tanh(src[i] as number);
  },
};

/** relu(x) = max(x, 0); NaN stays NaN. */
export const reluKernel: UnaryKernel = {
  name: 'relu',
  wgsl: 'if (f32_is_nan(x)) { return x; } return select(0.0, x, x > 0.0);',
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) {
      const x = src[i] as number;
      dst[i] = x > 0 || x !== x ? x : 0;
    }
  },
};

/** sign(x) ∈ {−1, 0, +1}; NaN stays NaN. */
export const signKernel: UnaryKernel = {
  name: 'sign',
  wgsl: 'if (f32_is_nan(x)) { return x; } return select(select(0.0, -1.0, x < 0.0), 1.0, x > 0.0);',
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) {
      const x = src[i] as number;
      dst[i] = x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x;
    }
  },
};

/** e^x. (WGSL leaves exp(NaN) indeterminate — SwiftShader returns +∞ — so NaN is passed through explicitly.) */
export const expKernel: UnaryKernel = {
  name: 'exp',
  wgsl: 'if (f32_is_nan(x)) { return x; } return exp(x);',
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) dst[i] = Math.exp(src[i] as number);
  },
};

/**
 * Natural logarithm; log 0 = −∞, log of a negative number is NaN, log ∞ = ∞.
 * WGSL leaves log indeterminate for x ≤ 0 (SwiftShader: log 0 ≈ −88, log −1 = 0), so the edges are explicit.
 */
export const logKernel: UnaryKernel = {
  name: 'log',
  wgsl: 'if (f32_is_nan(x) || x < 0.0) { return f32_nan(); } if (x == 0.0) { return f32_neg_inf(); } if (f32_is_inf(x)) { return x; } return log(x);',
  cpu(src, dst) {
    for (let i = 0; i < src.length; i++) dst[i] = Math.log(src[i] as number);
  },
};

/** a·x. */
export const scaleKernel: UnaryKernel = {
  name: 'scale',
  wgsl: 'return a * x;',
  cpu(src, dst, a) {
    for (let i = 0; i < src.length; i++) dst[i] = a * (src[i] as number);
  },
};

/** x + y. */
export const addKernel: BinaryKernel = {
  name: 'add',
  wgsl: 'return x + y;',
  cpu(x, y, dst) {
    for (let i = 0; i < x.length; i++) dst[i] = (x[i] as number) + (y[i] as number);
  },
};

/** x·y (Hadamard product). */
export const mulKernel: BinaryKernel = {
  name: 'mul',
  wgsl: 'return x * y;',
  cpu(x, y, dst) {
    for (let i = 0; i < x.length; i++) dst[i] = (x[i] as number) * (y[i] as number);
  },
};

/** a·x + y. */
export const axpyKernel: BinaryKernel = {
  name: 'axpy',
  wgsl: 'return fma(a, x, y);',
  cpu(x, y, dst, a) {
    for (let i = 0; i < x.length; i++) dst[i] = a * (x[i] as number) + (y[i] as number);
  },
};

/** Every built-in unary kernel, by name. */
export const unaryKernels = {
  sigmoid: sigmoidKernel,
  tanh: tanhKernel,
  relu: reluKernel,
  sign: signKernel,
  exp: expKernel,
  log: logKernel,
  scale: scaleKernel,
} as const;

/** Every built-in binary kernel, by name. */
export const binaryKernels = { add: addKernel, mul: mulKernel, axpy: axpyKernel } as const;

function header(): string {
  return `${FLOAT_BITS_WGSL}${LINEAR_WORKGROUP_WGSL}
struct Params { n: u32, a: f32 }
@compute @workgroup_size(${WG})`;
}

/** WGSL module of a unary kernel; `inPlace` binds one read_write buffer instead of two. */
export function unaryWgsl(kernel: UnaryKernel, inPlace: boolean): string {
  const bindings = inPlace
    ? '@group(0) @binding(0) var<storage, read_write> Y: array<f32>;\n@group(0) @binding(1) var<uniform> p: Params;'
    : '@group(0) @binding(0) var<storage, read> X: array<f32>;\n@group(0) @binding(1) var<storage, read_write> Y: array<f32>;\n@group(0) @binding(2) var<uniform> p: Params;';
  return `${bindings}
fn op(x: f32, a: f32) -> f32 { ${kernel.wgsl} }
${header()}
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (i >= p.n) { return; }
  Y[i] = op(${inPlace ? 'Y' : 'X'}[i], p.a);
}
`;
}

/**
 * WGSL module of a binary kernel. `target` says where the result goes: a third
 * buffer Z (`'z'`), or in place into X (`'x'`) or Y (`'y'`).
 */
export function binaryWgsl(kernel: BinaryKernel, target: 'z' | 'x' | 'y'): string {
  const access = (name: string) => (target === name ? 'read_write' : 'read');
  const lines = [
    `@group(0) @binding(0) var<storage, ${access('x')}> X: array<f32>;`,
    `@group(0) @binding(1) var<storage, ${access('y')}> Y: array<f32>;`,
  ];
  if (target === 'z') lines.push('@group(0) @binding(2) var<storage, read_write> Z: array<f32>;');
  lines.push(`@group(0) @binding(${lines.length}) var<uniform> p: Params;`);
  return `${lines.join('\n')}
fn op(x: f32, y: f32, a: f32) -> f32 { ${kernel.wgsl} }
${header()}
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let i = linear_workgroup(wid, nwg) * ${WG}u + lid;
  if (i >= p.n) { return; }
  ${target.toUpperCase()}[i] = op(X[i], Y[i], p.a);
}
`;
}

/** Options of the elementwise maps. */
export interface MapOptions {
  /** Output, same shape as the input; may be the input itself (in place). New when omitted. */
  readonly out?: Tensor;
}

/** A validated elementwise map: the function, operands, output and scalar. */
export interface MapPlan<F> {
  readonly fn: F;
  readonly x: Tensor;
  readonly y?: Tensor;
  readonly out: Tensor<'float32'>;
  readonly a: number;
}

/** Runs a unary function elementwise: its CPU twin, or its WGSL body in a linear dispatch (in place when out is x). */
export const unaryMapKernel: ComputeKernel<MapPlan<UnaryKernel>> = {
  name: 'map-unary',
  cpu(be, p) {
    p.fn.cpu(be.own(p.x, 'x').data as Float32Array, be.own(p.out, 'out').data, p.a);
  },
  webgpu(be, p) {
    const inPlace = p.out === p.x;
    be.dispatch({
      source: unaryWgsl(p.fn, inPlace),
      label: p.fn.name,
      bindings: inPlace ? [p.out] : [p.x, p.out],
      uniforms: packUniforms([
        ['u32', p.x.size],
        ['f32', p.a],
      ]),
      workgroups: Math.ceil(p.x.size / WG),
    });
  },
};

/** Runs a binary function elementwise; `out` may be x or y (in place), and x, y and out may be one tensor. */
export const binaryMapKernel: ComputeKernel<MapPlan<BinaryKernel> & { readonly y: Tensor }> = {
  name: 'map-binary',
  cpu(be, p) {
    p.fn.cpu(
      be.own(p.x, 'x').data as Float32Array,
      be.own(p.y, 'y').data as Float32Array,
      be.own(p.out, 'out').data,
      p.a,
    );
  },
  webgpu(be, p) {
    const { fn, x, y, out, a } = p;
    if (x === y && out === x) {
      // One buffer both read and written: a unary map on the shared operand.
      const shared: UnaryKernel = {
        name: fn.name,
        wgsl: `let y = x; ${fn.wgsl}`,
        cpu: (src, dst, s) => fn.cpu(src, src, dst, s),
      };
      unaryMapKernel.webgpu(be, { fn: shared, x, out, a });
      return;
    }
    const target = out === x ? 'x' : out === y ? 'y' : 'z';
    be.dispatch({
      source: binaryWgsl(fn, target),
      label: fn.name,
      bindings: target === 'z' ? [x, y, out] : [x, y],
      uniforms: packUniforms([
        ['u32', x.size],
        ['f32', a],
      ]),
      workgroups: Math.ceil(x.size / WG),
    });
  },
};

/**
 * Applies a unary kernel elementwise: out_i = f(x_i; a).
 * @param kernel - the kernel (WGSL body and CPU twin)
 * @param x - the input, float32
 * @param options - `out`, and `a`: the kernel's scalar parameter (used by `scale`), default 0
 * @returns the output tensor
 */
export function mapUnary(
  kernel: UnaryKernel,
  x: Tensor,
  options: MapOptions & { readonly a?: number } = {},
): Tensor<'float32'> {
  const op = kernel.name;
  const be = backendOf(op, { x, out: options.out });
  checkDtypeIs(op, 'x', x, 'float32');
  const a = checkFinite(op, 'a', options.a ?? 0);
  const out = outputTensor(op, be, options.out, x.shape, 'float32');
  runKernel(unaryMapKernel, be, { fn: kernel, x, out, a });
  return out;
}

/**
 * Applies a binary kernel elementwise: out_i = f(x_i, y_i; a). `out` may be
 * `x` or `y` (in place).
 */
export function mapBinary(
  kernel: BinaryKernel,
  x: Tensor,
  y: Tensor,
  options: MapOptions & { readonly a?: number } = {},
): Tensor<'float32'> {
  const op = kernel.name;
  const be = backendOf(op, { x, y, out: options.out });
  checkDtypeIs(op, 'x', x, 'float32');
  checkDtypeIs(op, 'y', y, 'float32');
  if (!sameShape(x.shape, y.shape)) {
    throw new RangeError(
      `${op}: x and y must have the same shape, got ${formatShape(x.shape)} and ${formatShape(y.shape)}`,
    );
  }
  const a = checkFinite(op, 'a', options.a ?? 0);
  const out = outputTensor(op, be, options.out, x.shape, 'float32');
  runKernel(binaryMapKernel, be, { fn: kernel, x, y, out, a });
  return out;
}

/** σ(x) = 1/(1 + e^{−x}) elementwise. */
export function sigmoid(x: Tensor, options?: MapOptions): Tensor<'float32'> {
  return mapUnary(sigmoidKernel, x, options);
}
/** tanh(x) elementwise. */
export function tanh(x: Tensor, options?: MapOptions): Tensor<'float32'> {
  return mapUnary(tanhKernel, x, options);
}
/** max(x, 0) elementwise. */
export function relu(x: Tensor, options?: MapOptions): Tensor<'float32'> {
  return mapUnary(reluKernel, x, options);
}
/** sign(x) ∈ {−1, 0, +1} elementwise. */
export function sign(x: Tensor, options?: MapOptions): Tensor<'float32'> {
  return mapUnary(signKernel, x, options);
}
/** e^x elementwise. */
export function exp(x: Tensor, options?: MapOptions): Tensor<'float32'> {
  return mapUnary(expKernel, x, options);
}
/** log x elementwise. */
export function log(x: Tensor, options?: MapOptions): Tensor<'float32'> {
  return mapUnary(logKernel, x, options);
}
/** a·x elementwise. */
export function scale(x: Tensor, a: number, options?: MapOptions): Tensor<'float32'> {
  return mapUnary(scaleKernel, x, { ...options, a });
}
/** x + y elementwise. */
export function add(x: Tensor, y: Tensor, options?: MapOptions): Tensor<'float32'> {
  return mapBinary(addKernel, x, y, options);
}
/** x·y elementwise (Hadamard product). */
export function mul(x: Tensor, y: Tensor, options?: MapOptions): Tensor<'float32'> {
  return mapBinary(mulKernel, x, y, options);
}
/** y ← a·x + y (BLAS axpy), in place on `y`; returns `y`. */
export function axpy(a: number, x: Tensor, y: Tensor): Tensor<'float32'> {
  return mapBinary(axpyKernel, x, y, { out: y, a });
}
