/**
 * The CPU backend: tensors are typed arrays, kernels run synchronously in
 * TypeScript. Always available; the reference every GPU kernel is checked against.
 * @module
 */
import type { DType, TensorData, TypedArrayOf } from './dtype';
import { allocateTyped, checkDType, checkUpload, checkWrite, dtypeOf, shapeSize } from './dtype';
import type { Tensor } from './tensor';

/** A tensor of the {@link CpuBackend}: its elements are the live typed array `data`. */
export class CpuTensor<D extends DType = DType> implements Tensor<D> {
  readonly size: number;
  private _data: TypedArrayOf<D> | null;

  /**
   * @internal use {@link CpuBackend.tensor} or {@link CpuBackend.zeros}.
   * @param pooled - the backend allocated `data` and takes it back on dispose (never for `wrap`)
   */
  constructor(
    readonly backend: CpuBackend,
    readonly dtype: D,
    readonly shape: readonly number[],
    data: TypedArrayOf<D>,
    private readonly pooled = false,
  ) {
    this.size = data.length;
    this._data = data;
  }

  /** The elements, row-major; mutate freely (kernels read it directly). */
  get data(): TypedArrayOf<D> {
    if (this._data === null) throw new Error('tensor: used after dispose()');
    return this._data;
  }

  get disposed(): boolean {
    return this._data === null;
  }

  read(): Promise<TypedArrayOf<D>> {
    return this.backend.read(this);
  }

  /** Releases the elements; an array the backend allocated goes back to its pool for reuse. */
  dispose(): void {
    if (this._data !== null && this.pooled) this.backend.recycle(this._data);
    this._data = null;
  }
}

/** The most bytes of disposed arrays a {@link CpuBackend} keeps for reuse. */
export const CPU_POOL_BYTES = 512 * 2 ** 20;

// arrays below this many elements are cheap to allocate (and many): not pooled
const POOL_MIN_ELEMENTS = 4096;

/**
 * The CPU backend. Tensor operations run to completion when called;
 * `read()` resolves immediately with a copy.
 */
export class CpuBackend {
  /** Discriminant of the {@link Backend} union. */
  readonly kind = 'cpu' as const;
  /** Why `auto` selection did not return WebGPU, when it was asked for `auto`. */
  readonly webgpuUnavailable: string | undefined;
  private _disposed = false;
  // disposed arrays by dtype and length: a training loop's step reuses the last step's arrays,
  // so it touches no fresh pages (first-touch faults cost more than the kernels on large tensors)
  private readonly pool = new Map<string, TensorData[]>();
  private pooledBytes = 0;

  /** @param webgpuUnavailable - set by `createBackend({ kind: 'auto' })` */
  constructor(webgpuUnavailable?: string) {
    this.webgpuUnavailable = webgpuUnavailable;
  }

  /** True once {@link CpuBackend.dispose} ran. */
  get disposed(): boolean {
    return this._disposed;
  }

  /**
   * Uploads (copies) `data` as a tensor of the given shape (default `[data.length]`).
   * @throws TypeError for unsupported arrays; RangeError when Π shape ≠ data.length
   */
  tensor<D extends DType>(data: TypedArrayOf<D>, shape?: readonly number[]): CpuTensor<D> {
    this.check();
    const { dtype, shape: s } = checkUpload(data, shape);
    const copy = this.take(dtype as D, data.length, false);
    (copy as TensorData).set(data);
    return new CpuTensor(this, dtype as D, s, copy, true);
  }

  /** Like {@link CpuBackend.tensor} but without copying: the tensor aliases `data`. */
  wrap<D extends DType>(data: TypedArrayOf<D>, shape?: readonly number[]): CpuTensor<D> {
    this.check();
    const { dtype, shape: s } = checkUpload(data, shape);
    return new CpuTensor(this, dtype as D, s, data);
  }

  /** A zero-filled tensor. @param dtype - default `'float32'` */
  zeros<D extends DType = 'float32'>(shape: readonly number[], dtype?: D): CpuTensor<D> {
    this.check();
    const dt = checkDType(dtype ?? 'float32') as D;
    const s = [...shape];
    return new CpuTensor(this, dt, s, this.take(dt, shapeSize(s, 'shape'), true), true);
  }

  /** An array of `n` elements: a pooled one (zeroed when asked) or a new one. */
  private take<D extends DType>(dtype: D, n: number, zero: boolean): TypedArrayOf<D> {
    const list = n >= POOL_MIN_ELEMENTS ? this.pool.get(`${dtype}:${n}`) : undefined;
    const reused = list?.pop();
    if (reused === undefined) return allocateTyped(dtype, n);
    this.pooledBytes -= reused.byteLength;
    if (zero) reused.fill(0);
    return reused as TypedArrayOf<D>;
  }

  /** @internal takes back a disposed tensor's array (up to {@link CPU_POOL_BYTES} in all). */
  recycle(data: TensorData): void {
    if (this._disposed || data.length < POOL_MIN_ELEMENTS || this.pooledBytes + data.byteLength > CPU_POOL_BYTES)
      return;
    const key = `${dtypeOf(data)}:${data.length}`;
    let list = this.pool.get(key);
    if (list === undefined) {
      list = [];
      this.pool.set(key, list);
    }
    list.push(data);
    this.pooledBytes += data.byteLength;
  }

  /** Overwrites a tensor's elements. @throws when dtype or length differ */
  write<D extends DType>(t: Tensor<D>, data: TypedArrayOf<D>): void {
    const ct = this.own(t, 't');
    checkWrite(ct, data);
    (ct.data as TensorData).set(data);
  }

  /** A copy of the tensor's elements. */
  read<D extends DType>(t: Tensor<D>): Promise<TypedArrayOf<D>> {
    try {
      return Promise.resolve(this.own(t, 't').data.slice() as TypedArrayOf<D>);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Nothing is ever pending on the CPU; resolves at once. */
  sync(): Promise<void> {
    return Promise.resolve();
  }

  /** No-op on the CPU (nothing is queued). */
  flush(): void {}

  /** Marks the backend disposed; later calls throw. */
  dispose(): void {
    this._disposed = true;
    this.pool.clear();
    this.pooledBytes = 0;
  }

  /** @internal the tensor as a CpuTensor of this backend. */
  own<D extends DType>(t: Tensor<D>, argName: string): CpuTensor<D> {
    this.check();
    if (!(t instanceof CpuTensor) || t.backend !== this) {
      throw new TypeError(`${argName}: tensor belongs to another backend`);
    }
    if (t.disposed) throw new Error(`${argName}: tensor used after dispose()`);
    return t as CpuTensor<D>;
  }

  private check(): void {
    if (this._disposed) throw new Error('backend: used after dispose()');
  }
}
