/**
 * 2-D convolutions on a {@link Tape}, NCHW: conv2d as patches (im2col) times the flattened
 * kernel in one gemm, and conv-transpose2d as its adjoint (a gemm, then col2im). Stride and
 * zero padding are free; dilation is 1. A 1×1 convolution takes the same path, its patches
 * being a plain permute of the channels, so it is one matmul.
 * @module
 */
import type { Tensor } from '@replica/webgpu-kernels';
import { checkInteger } from '@replica/webgpu-kernels';
import { run } from './kernels';
import { add, matmul, reshape } from './ops';
import type { Var } from './tape';
import type { ConvGeometry } from './view-kernels';
import { patchKernel, stridedViewKernel } from './view-kernels';

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/** Options of {@link conv2d}. */
export interface ConvOptions {
  /** Stride in both directions, default 1. */
  readonly stride?: number;
  /** Zero padding on every side, default 0. */
  readonly padding?: number;
}

/** Options of {@link convTranspose2d}. */
export interface ConvTransposeOptions extends ConvOptions {
  /** Extra rows and columns at the bottom and right of the output (< stride), default 0. */
  readonly outputPadding?: number;
}

/** A patch op: im2col (image → columns) or col2im (columns → image), each the other's VJP. */
function patchOp(mode: 'im2col' | 'col2im', x: Var, g: ConvGeometry): Var {
  const tape = x.tape;
  const shapes = { im2col: [g.c * g.kh * g.kw, g.n * g.oh * g.ow], col2im: [g.n, g.c, g.h, g.w] };
  const make = (src: Tensor<'float32'>, m: 'im2col' | 'col2im') => {
    const out = tape.backend.zeros(shapes[m]) as Tensor<'float32'>;
    run(patchKernel, out, { mode: m, g, x: src, out });
    return out;
  };
  return tape.record(make(x.value, mode), [x], (grad) => [
    tape.own(make(grad, mode === 'im2col' ? 'col2im' : 'im2col')),
  ]);
}

/** [C, N·P] → [N, C, …] (`shape`): one gather moving blocks of P; VJP the inverse gather. */
function channelsFirst(x: Var, n: number, c: number, p: number, shape: readonly number[]): Var {
  return regroup(x, shape, [n, c, p], [p, n * p, 1], [x.shape[0]!, x.shape[1]!], [c, n, p], [p, c * p, 1]);
}

/** [N, C, …] → [C, N·P]: one gather; VJP the inverse gather. */
function channelsLast(x: Var, n: number, c: number, p: number): Var {
  return regroup(x, [c, n * p], [c, n, p], [p, c * p, 1], x.shape, [n, c, p], [p, n * p, 1]);
}

/** A regrouping gather over three axes (dims, source strides) with its inverse as the VJP. */
function regroup(
  x: Var,
  shape: readonly number[],
  dims: readonly number[],
  strides: readonly number[],
  backShape: readonly number[],
  backDims: readonly number[],
  backStrides: readonly number[],
): Var {
  const tape = x.tape;
  const make = (src: Tensor<'float32'>, outShape: readonly number[], d: readonly number[], st: readonly number[]) => {
    const out = tape.backend.zeros(outShape) as Tensor<'float32'>;
    const axes = d.map((dim, k) => ({ dim, offset: 0, extent: dim, stride: st[k]! }));
    run(stridedViewKernel, out, { mode: 'gather', x: src, out, axes, fill: 0 });
    return out;
  };
  return tape.record(make(x.value, shape, dims, strides), [x], (g) => [
    tape.own(make(g, backShape, backDims, backStrides)),
  ]);
}

function check4d(op: string, name: string, v: Var): [number, number, number, number] {
  if (v.shape.length !== 4) throw new RangeError(`${op}: ${name} must be 4-D, got shape ${shapeText(v.shape)}`);
  return v.shape as [number, number, number, number];
}

function checkBias(op: string, bias: Var | null, channels: number): void {
  if (bias !== null && (bias.shape.length !== 1 || bias.shape[0] !== channels))
    throw new RangeError(`${op}: bias must have shape [${channels}], got ${shapeText(bias.shape)}`);
}

/**
 * The 2-D convolution (cross-correlation, as PyTorch's `conv2d`):
 * y[n, o, i, j] = b[o] + Σ_{c,u,v} w[o, c, u, v]·x[n, c, i·s + u − p, j·s + v − p] (zero off the image),
 * output [N, O, ⌊(H + 2p − kh)/s⌋ + 1, ⌊(W + 2p − kw)/s⌋ + 1].
 * VJPs: through im2col (adjoint col2im), the gemm and the reshapes.
 * @param x - [N, C, H, W]
 * @param weight - [O, C, kh, kw]
 * @param bias - [O], or null
 * @throws RangeError on mismatched channels, a kernel larger than the padded image, or bad options
 */
export function conv2d(x: Var, weight: Var, bias: Var | null, options: ConvOptions = {}): Var {
  const op = 'conv2d';
  const [n, c, h, w] = check4d(op, 'x', x);
  const [o, cw, kh, kw] = check4d(op, 'weight', weight);
  if (cw !== c)
    throw new RangeError(`${op}: x has ${c} channels, weight expects ${cw} (weight ${shapeText(weight.shape)})`);
  checkBias(op, bias, o);
  const stride = checkInteger(options.stride ?? 1, 'options.stride', { min: 1 });
  const padding = checkInteger(options.padding ?? 0, 'options.padding', { min: 0 });
  if (h + 2 * padding < kh || w + 2 * padding < kw)
    throw new RangeError(
      `${op}: the ${kh}×${kw} kernel is larger than the padded ${h + 2 * padding}×${w + 2 * padding} image`,
    );
  const oh = Math.floor((h + 2 * padding - kh) / stride) + 1;
  const ow = Math.floor((w + 2 * padding - kw) / stride) + 1;
  const g: ConvGeometry = { n, c, h, w, kh, kw, stride, padding, oh, ow };
  const cols = patchOp('im2col', x, g);
  let y = matmul(reshape(weight, [o, c * kh * kw]), cols);
  if (bias !== null) y = add(y, reshape(bias, [o, 1]));
  // [O, N·Hs·Ws] → [N, O, Hs, Ws]: blocks of Hs·Ws move whole
  return channelsFirst(y, n, o, oh * ow, [n, o, oh, ow]);
}

/**
 * The transposed convolution (PyTorch's `conv_transpose2d`), the adjoint of {@link conv2d} in x:
 * output [N, O, (H − 1)s − 2p + kh + q, (W − 1)s − 2p + kw + q] for output padding q < s.
 * Computed as a gemm of x's pixels with the flattened kernel, then col2im.
 * @param x - [N, C, H, W]
 * @param weight - [C, O, kh, kw] (PyTorch's layout)
 * @param bias - [O], or null
 */
export function convTranspose2d(x: Var, weight: Var, bias: Var | null, options: ConvTransposeOptions = {}): Var {
  const op = 'convTranspose2d';
  const [n, c, h, w] = check4d(op, 'x', x);
  const [cw, o, kh, kw] = check4d(op, 'weight', weight);
  if (cw !== c)
    throw new RangeError(`${op}: x has ${c} channels, weight expects ${cw} (weight ${shapeText(weight.shape)})`);
  checkBias(op, bias, o);
  const stride = checkInteger(options.stride ?? 1, 'options.stride', { min: 1 });
  const padding = checkInteger(options.padding ?? 0, 'options.padding', { min: 0 });
  const q = checkInteger(options.outputPadding ?? 0, 'options.outputPadding', { min: 0 });
  if (q >= stride) throw new RangeError(`${op}: options.outputPadding (${q}) must be below the stride (${stride})`);
  const H = (h - 1) * stride - 2 * padding + kh + q;
  const W = (w - 1) * stride - 2 * padding + kw + q;
  if (H < 1 || W < 1) throw new RangeError(`${op}: the output would be ${H}×${W}; lower the padding`);
  const g: ConvGeometry = { n, c: o, h: H, w: W, kh, kw, stride, padding, oh: h, ow: w };
  const pixels = channelsLast(x, n, c, h * w);
  const cols = matmul(reshape(weight, [c, o * kh * kw]), pixels, { transA: true });
  const y = patchOp('col2im', cols, g);
  return bias === null ? y : add(y, reshape(bias, [1, o, 1, 1]));
}
