/**
 * The tensor handle every backend hands out: a dtype, a shape and storage
 * owned by one backend.
 * @module
 */
import type { Backend } from './backend';
import type { DType, TypedArrayOf } from './dtype';

/**
 * A dense, row-major array of 32-bit elements living on one backend (a typed
 * array on `cpu`, a storage buffer on `webgpu`).
 */
export interface Tensor<D extends DType = DType> {
  /** The backend that owns the storage. */
  readonly backend: Backend;
  /** Element type. */
  readonly dtype: D;
  /** Extents, outermost first (row-major). */
  readonly shape: readonly number[];
  /** Number of elements, Π shape. */
  readonly size: number;
  /** True once {@link Tensor.dispose} ran. */
  readonly disposed: boolean;
  /** Copies the elements back to a fresh typed array (waits for pending GPU work). */
  read(): Promise<TypedArrayOf<D>>;
  /** Releases the storage; further use throws. Idempotent. */
  dispose(): void;
}
