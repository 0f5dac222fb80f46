/**
 * Argument checks shared by the tensor operations (internal).
 * @module
 */
import type { Backend } from './backend';
import type { DType } from './dtype';
import { formatShape, sameShape } from './dtype';
import type { Tensor } from './tensor';

/**
 * The one backend every given tensor lives on.
 * @throws TypeError when tensors come from different backends; Error when one is disposed
 */
export function backendOf(op: string, tensors: Record<string, Tensor | undefined>): Backend {
  let be: Backend | undefined;
  let first = '';
  for (const [name, t] of Object.entries(tensors)) {
    if (t === undefined) continue;
    if (t === null || typeof t !== 'object' || !('backend' in t)) {
      throw new TypeError(`${op}: ${name} must be a Tensor`);
    }
    if (t.disposed) throw new Error(`${op}: ${name} was used after dispose()`);
    if (be === undefined) {
      be = t.backend;
      first = name;
    } else if (t.backend !== be) {
      throw new TypeError(`${op}: ${name} lives on a different backend than ${first}`);
    }
  }
  if (be === undefined) throw new TypeError(`${op}: no tensor given`);
  if (be.disposed) throw new Error(`${op}: backend used after dispose()`);
  return be;
}

/** @throws TypeError unless `t` has dtype `dtype`. */
export function checkDtypeIs(op: string, name: string, t: Tensor, dtype: DType): void {
  if (t.dtype !== dtype) throw new TypeError(`${op}: ${name} must be ${dtype}, got ${t.dtype}`);
}

/**
 * The output tensor: `out` after checking its shape and dtype, or a new zeroed one.
 * @throws RangeError/TypeError naming `out` on a mismatch
 */
export function outputTensor<D extends DType>(
  op: string,
  be: Backend,
  out: Tensor | undefined,
  shape: readonly number[],
  dtype: D,
): Tensor<D> {
  if (out === undefined) return be.zeros(shape, dtype) as Tensor<D>;
  if (out.dtype !== dtype) throw new TypeError(`${op}: out must be ${dtype}, got ${out.dtype}`);
  if (!sameShape(out.shape, shape)) {
    throw new RangeError(`${op}: out must have shape ${formatShape(shape)}, got ${formatShape(out.shape)}`);
  }
  return out as Tensor<D>;
}

/** @throws RangeError unless `x` is a finite number. */
export function checkFinite(op: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new RangeError(`${op}: ${name} must be a finite number, got ${String(x)}`);
  }
  return x;
}

/** Rows and columns of a tensor read as [..., n]: rows = Π leading extents. */
export function rowsCols(op: string, name: string, t: Tensor): [number, number] {
  if (t.shape.length < 1) throw new RangeError(`${op}: ${name} must have at least one dimension, got shape []`);
  const n = t.shape[t.shape.length - 1] as number;
  return [n === 0 ? 0 : t.size / n, n];
}

/** WGSL helpers every kernel may use: bit-exact NaN tests and ±∞ constants. */
export const FLOAT_BITS_WGSL = /* wgsl */ `
fn f32_is_nan(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u;
}
fn f32_is_inf(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u;
}
// Built from a var: WGSL rejects NaN and ±∞ produced by constant expressions.
fn f32_nan() -> f32 {
  var bits = 0x7fc00000u;
  return bitcast<f32>(bits);
}
fn f32_neg_inf() -> f32 {
  var bits = 0xff800000u;
  return bitcast<f32>(bits);
}
`;
