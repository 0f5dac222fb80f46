/**
 * Element types, typed-array mapping and shape arithmetic shared by every backend.
 * @module
 */

/** Element type of a {@link Tensor}: what WGSL storage buffers hold (`f32`, `i32`, `u32`). */
export type DType = 'float32' | 'int32' | 'uint32';

/** The typed array that holds elements of dtype `D` on the CPU. */
export type TypedArrayOf<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'int32'
    ? Int32Array
    : Uint32Array;

/** Any typed array a tensor can be uploaded from or downloaded into. */
export type TensorData = Float32Array | Int32Array | Uint32Array;

/** Bytes per element: every supported dtype is 32-bit. */
export const BYTES_PER_ELEMENT = 4;

/**
 * The dtype a typed array uploads as.
 * @param data - a `Float32Array`, `Int32Array` or `Uint32Array`
 * @param argName - name used in the error message
 * @throws TypeError for any other value (plain arrays, Float64Array, Int8Array, ...)
 */
export function dtypeOf(data: unknown, argName = 'data'): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Uint32Array) return 'uint32';
  const got = data === null ? 'null' : typeof data === 'object' ? (data.constructor?.name ?? 'object') : typeof data;
  throw new TypeError(`${argName}: expected a Float32Array, Int32Array or Uint32Array, got ${got}`);
}

/** Allocates a zeroed typed array of `n` elements of `dtype`. */
export function allocateTyped<D extends DType>(dtype: D, n: number): TypedArrayOf<D> {
  switch (dtype) {
    case 'float32':
      return new Float32Array(n) as TypedArrayOf<D>;
    case 'int32':
      return new Int32Array(n) as TypedArrayOf<D>;
    case 'uint32':
      return new Uint32Array(n) as TypedArrayOf<D>;
    default:
      throw new TypeError(`dtype: expected 'float32', 'int32' or 'uint32', got ${String(dtype)}`);
  }
}

/** Checks a dtype string. @throws TypeError naming `argName`. */
export function checkDType(dtype: unknown, argName = 'dtype'): DType {
  if (dtype === 'float32' || dtype === 'int32' || dtype === 'uint32') return dtype;
  throw new TypeError(`${argName}: expected 'float32', 'int32' or 'uint32', got ${JSON.stringify(dtype)}`);
}

/** Renders a shape as `[2, 3]` for error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Number of elements of a shape, Π_k shape[k] (1 for the scalar shape `[]`).
 * @throws RangeError naming `argName` when an extent is not a non-negative safe integer.
 */
export function shapeSize(shape: readonly number[], argName = 'shape'): number {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${argName}: expected an array of non-negative integers, got ${typeof shape}`);
  }
  let n = 1;
  for (let k = 0; k < shape.length; k++) {
    const d = shape[k] as number;
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(
        `${argName}: extent ${k} must be a non-negative integer, got ${String(d)} in ${formatShape(shape)}`,
      );
    }
    n *= d;
  }
  if (!Number.isSafeInteger(n)) throw new RangeError(`${argName}: ${formatShape(shape)} has too many elements`);
  return n;
}

/** True when two shapes are equal extent by extent. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * Validates data uploaded as a tensor: its dtype, and a shape (default
 * `[data.length]`) that holds exactly `data.length` elements.
 * @throws TypeError for unsupported arrays; RangeError on a shape mismatch
 */
export function checkUpload(data: unknown, shape?: readonly number[]): { dtype: DType; shape: number[]; size: number } {
  const dtype = dtypeOf(data, 'data');
  const length = (data as TensorData).length;
  const s = shape ? [...shape] : [length];
  const size = shapeSize(s, 'shape');
  if (size !== length) {
    throw new RangeError(`shape: ${formatShape(s)} holds ${size} elements but data has ${length}`);
  }
  return { dtype, shape: s, size };
}

/**
 * Checks data written into an existing tensor: the same dtype and exactly its element count.
 * Shared by both backends' `write` (here, so neither backend imports the other).
 * @param t - the tensor's dtype, size and shape
 * @param data - the typed array to write
 * @throws TypeError on another element type; RangeError on another length
 */
export function checkWrite(
  t: { readonly dtype: DType; readonly size: number; readonly shape: readonly number[] },
  data: TensorData,
): void {
  const dt = dtypeOf(data, 'data');
  if (dt !== t.dtype) throw new TypeError(`data: expected ${t.dtype} elements for this tensor, got ${dt}`);
  if (data.length !== t.size)
    throw new RangeError(`data: expected ${t.size} elements for shape ${formatShape(t.shape)}, got ${data.length}`);
}
