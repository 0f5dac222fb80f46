/**
 * The WebGPU backend: tensors are storage buffers, kernels are WGSL compute
 * pipelines cached by source, dispatches are recorded into one command encoder
 * and submitted in batches.
 * @module
 */
import { workgroupGrid } from './dispatch';
import type { DType, TypedArrayOf } from './dtype';
import { allocateTyped, BYTES_PER_ELEMENT, checkDType, checkUpload, checkWrite, shapeSize } from './dtype';
import type { Tensor } from './tensor';

// WebGPU flag values (spec constants), so Node needs no globals installed.
const BUFFER_MAP_READ = 0x1;
const BUFFER_COPY_SRC = 0x4;
const BUFFER_COPY_DST = 0x8;
const BUFFER_UNIFORM = 0x40;
const BUFFER_STORAGE = 0x80;
const MAP_MODE_READ = 0x1;

/** Uniform slots per batch; each slot is 256 bytes (the default offset alignment). */
const UNIFORM_SLOTS = 256;
const UNIFORM_SLOT_BYTES = 256;
/** Dispatches recorded before a batch is submitted on its own. */
const MAX_PENDING_DISPATCHES = 128;

/** What an adapter says about itself. */
export interface AdapterSummary {
  /** e.g. `nvidia`, `google` */
  readonly vendor: string;
  /** e.g. `hopper`, `swiftshader` */
  readonly architecture: string;
  /** Free text from the driver, e.g. `SwiftShader driver 5.0.0` */
  readonly description: string;
  /** Device name where the driver gives one. */
  readonly device: string;
  /** True for fallback/software adapters (SwiftShader, lavapipe, llvmpipe, WARP). */
  readonly fallback: boolean;
}

/** The device limits the kernels plan against. */
export interface ComputeLimits {
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxStorageBuffersPerShaderStage: number;
}

/** A tensor of the {@link WebGPUBackend}: its elements live in `buffer`. */
export class GpuTensor<D extends DType = DType> implements Tensor<D> {
  readonly size: number;
  private _buffer: GPUBuffer | null;

  /** @internal use {@link WebGPUBackend.tensor} or {@link WebGPUBackend.zeros}. */
  constructor(
    readonly backend: WebGPUBackend,
    readonly dtype: D,
    readonly shape: readonly number[],
    size: number,
    buffer: GPUBuffer,
  ) {
    this.size = size;
    this._buffer = buffer;
  }

  /** The storage buffer (at least 4 bytes; the first `size` elements are the tensor). */
  get buffer(): GPUBuffer {
    if (this._buffer === null) throw new Error('tensor: used after dispose()');
    return this._buffer;
  }

  get disposed(): boolean {
    return this._buffer === null;
  }

  read(): Promise<TypedArrayOf<D>> {
    return this.backend.read(this);
  }

  dispose(): void {
    if (this._buffer === null) return;
    this.backend.release(this._buffer);
    this._buffer = null;
  }
}

/** A buffer bound to a dispatch: a tensor or a raw buffer (with an optional byte range). */
export type Binding =
  | Tensor
  | GPUBuffer
  | { readonly buffer: GPUBuffer; readonly offset?: number; readonly size?: number };

/** One compute dispatch. Storage bindings take @binding(0…n−1) of @group(0); `uniforms`, if given, @binding(n). */
export interface DispatchSpec {
  /** The WGSL module; its pipeline is compiled once and cached by this exact text. */
  readonly source: string;
  /** Entry point, default `main`. */
  readonly entryPoint?: string;
  /** Storage buffers, in binding order. */
  readonly bindings: readonly Binding[];
  /** Bytes of a uniform struct (see `packUniforms`), bound after the storage buffers. */
  readonly uniforms?: Uint8Array;
  /**
   * Workgroup grid [x, y, z], or a linear workgroup count that is spread over
   * the grid under `maxComputeWorkgroupsPerDimension` (see `workgroupGrid`).
   */
  readonly workgroups: number | readonly [number, number?, number?];
  /** Label for error messages, default the entry point. */
  readonly label?: string;
}

/**
 * The WebGPU backend. Operations record dispatches and return at once;
 * {@link WebGPUBackend.read} and {@link WebGPUBackend.sync} wait for the GPU
 * and rethrow any validation error the batch raised.
 */
export class WebGPUBackend {
  /** Discriminant of the {@link Backend} union. */
  readonly kind = 'webgpu' as const;
  /** The limits requested from the adapter (its maxima for the ones kernels use). */
  readonly limits: ComputeLimits;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private encoder: GPUCommandEncoder | null = null;
  private pendingDispatches = 0;
  private readonly uniformRing: GPUBuffer;
  private readonly uniformStaging = new Uint8Array(UNIFORM_SLOTS * UNIFORM_SLOT_BYTES);
  private uniformSlots = 0;
  private readonly scopes: Promise<GPUError | null>[] = [];
  private lost: string | null = null;
  private _disposed = false;

  /**
   * @internal use `createBackend({ kind: 'webgpu' })`.
   * @param device - a device whose limits are at least `limits`
   * @param adapter - what the adapter said about itself
   */
  constructor(
    readonly device: GPUDevice,
    readonly adapter: AdapterSummary,
  ) {
    const l = device.limits;
    this.limits = {
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    };
    this.uniformRing = device.createBuffer({
      label: 'replica uniform ring',
      size: UNIFORM_SLOTS * UNIFORM_SLOT_BYTES,
      usage: BUFFER_UNIFORM | BUFFER_COPY_DST,
    });
    void device.lost.then((info) => {
      if (!this._disposed) this.lost = `${info.reason}: ${info.message}`;
    });
  }

  /** True once {@link WebGPUBackend.dispose} ran. */
  get disposed(): boolean {
    return this._disposed;
  }

  /**
   * Uploads (copies) `data` into a new storage buffer.
   * @param shape - default `[data.length]`
   * @throws TypeError for unsupported arrays; RangeError on a shape mismatch or a buffer over `maxBufferSize`
   */
  tensor<D extends DType>(data: TypedArrayOf<D>, shape?: readonly number[]): GpuTensor<D> {
    this.check();
    const { dtype, shape: s, size: n } = checkUpload(data, shape);
    const buffer = this.createStorage(n, true);
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
    return new GpuTensor(this, dtype as D, s, n, buffer);
  }

  /** A zero-filled tensor (new buffers are zeroed by WebGPU). @param dtype - default `'float32'` */
  zeros<D extends DType = 'float32'>(shape: readonly number[], dtype?: D): GpuTensor<D> {
    this.check();
    const dt = checkDType(dtype ?? 'float32') as D;
    const s = [...shape];
    const n = shapeSize(s, 'shape');
    return new GpuTensor(this, dt, s, n, this.createStorage(n, false));
  }

  /** Overwrites a tensor's elements (after every dispatch recorded so far). */
  write<D extends DType>(t: Tensor<D>, data: TypedArrayOf<D>): void {
    const gt = this.own(t, 't');
    checkWrite(gt, data);
    this.flush();
    this.device.queue.writeBuffer(gt.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  /** Waits for every recorded dispatch and copies the tensor back. */
  async read<D extends DType>(t: Tensor<D>): Promise<TypedArrayOf<D>> {
    const gt = this.own(t, 't');
    const bytes = gt.size * BYTES_PER_ELEMENT;
    const out = allocateTyped(gt.dtype, gt.size);
    if (bytes === 0) {
      await this.sync();
      return out;
    }
    this.flush();
    const staging = this.device.createBuffer({ size: bytes, usage: BUFFER_MAP_READ | BUFFER_COPY_DST });
    const enc = this.device.createCommandEncoder();
    enc.copyBufferToBuffer(gt.buffer, 0, staging, 0, bytes);
    this.device.queue.submit([enc.finish()]);
    try {
      await staging.mapAsync(MAP_MODE_READ);
      new Uint8Array(out.buffer).set(new Uint8Array(staging.getMappedRange()));
      staging.unmap();
    } finally {
      staging.destroy();
    }
    await this.throwPendingErrors();
    return out;
  }

  /** Submits what is recorded and waits until the GPU has finished it; rethrows validation errors. */
  async sync(): Promise<void> {
    this.check();
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    await this.throwPendingErrors();
  }

  /**
   * The compute pipeline of a WGSL module, compiled once per source text.
   * @param entryPoint - default `main`
   */
  pipeline(source: string, entryPoint = 'main'): GPUComputePipeline {
    this.check();
    const key = `${entryPoint}\u0000${source}`;
    let p = this.pipelines.get(key);
    if (p === undefined) {
      this.openScope();
      const module = this.device.createShaderModule({ code: source });
      p = this.device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint } });
      this.pipelines.set(key, p);
    }
    return p;
  }

  /**
   * Records one dispatch. Work is submitted when {@link WebGPUBackend.flush},
   * `read`, `write` or `sync` is called, or every 128 dispatches.
   * @throws RangeError when a binding exceeds `maxStorageBufferBindingSize` or the grid exceeds the device's
   */
  dispatch(spec: DispatchSpec): void {
    const label = spec.label ?? spec.entryPoint ?? 'main';
    const pipeline = this.pipeline(spec.source, spec.entryPoint);
    const entries: GPUBindGroupEntry[] = spec.bindings.map((b, k) => ({
      binding: k,
      resource: this.bufferBinding(b, `${label}: binding ${k}`),
    }));
    if (spec.uniforms) {
      if (spec.uniforms.byteLength > UNIFORM_SLOT_BYTES) {
        throw new RangeError(`${label}: uniforms of ${spec.uniforms.byteLength} bytes exceed ${UNIFORM_SLOT_BYTES}`);
      }
      if (this.uniformSlots === UNIFORM_SLOTS) this.flush();
      const offset = this.uniformSlots * UNIFORM_SLOT_BYTES;
      this.uniformStaging.set(spec.uniforms, offset);
      this.uniformSlots++;
      entries.push({
        binding: spec.bindings.length,
        resource: { buffer: this.uniformRing, offset, size: spec.uniforms.byteLength },
      });
    }
    const grid =
      typeof spec.workgroups === 'number'
        ? workgroupGrid(spec.workgroups, this.limits.maxComputeWorkgroupsPerDimension)
        : ([spec.workgroups[0], spec.workgroups[1] ?? 1, spec.workgroups[2] ?? 1] as const);
    const max = this.limits.maxComputeWorkgroupsPerDimension;
    if (grid.some((g) => !Number.isInteger(g) || g < 0 || g > max)) {
      throw new RangeError(`${label}: workgroup grid [${grid.join(', ')}] exceeds ${max} per dimension`);
    }
    if (grid[0] * grid[1] * grid[2] === 0) return;
    this.openScope();
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    this.encoder ??= this.device.createCommandEncoder();
    const pass = this.encoder.beginComputePass({ label });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
    pass.end();
    if (++this.pendingDispatches >= MAX_PENDING_DISPATCHES) this.flush();
  }

  /** Submits the recorded dispatches (with their uniforms) to the queue. */
  flush(): void {
    this.check();
    if (this.uniformSlots > 0) {
      this.device.queue.writeBuffer(
        this.uniformRing,
        0,
        this.uniformStaging,
        0,
        this.uniformSlots * UNIFORM_SLOT_BYTES,
      );
      this.uniformSlots = 0;
    }
    if (this.encoder !== null) {
      this.device.queue.submit([this.encoder.finish()]);
      this.encoder = null;
      this.pendingDispatches = 0;
    }
    if (this.scopeOpen) {
      this.scopes.push(this.device.popErrorScope());
      this.scopeOpen = false;
    }
  }

  /** Destroys the device and every cached pipeline so a Node process can exit. Idempotent. */
  dispose(): void {
    if (this._disposed) return;
    try {
      this.flush();
    } catch {
      // a lost device cannot flush; destroying it is all that is left
    }
    this._disposed = true;
    this.pipelines.clear();
    this.uniformRing.destroy();
    this.device.destroy();
  }

  /**
   * @internal frees a tensor's buffer. Recorded dispatches that may use it are submitted first:
   * a buffer destroyed before the submit of work that binds it is a validation error, after it
   * the device frees it once that work completes.
   */
  release(buffer: GPUBuffer): void {
    if (this._disposed) return;
    if (this.encoder !== null) this.flush();
    buffer.destroy();
  }

  /** @internal the tensor as a GpuTensor of this backend. */
  own<D extends DType>(t: Tensor<D>, argName: string): GpuTensor<D> {
    this.check();
    if (!(t instanceof GpuTensor) || t.backend !== this) {
      throw new TypeError(`${argName}: tensor belongs to another backend`);
    }
    if (t.disposed) throw new Error(`${argName}: tensor used after dispose()`);
    return t as GpuTensor<D>;
  }

  private scopeOpen = false;

  private openScope(): void {
    if (this.scopeOpen) return;
    this.device.pushErrorScope('validation');
    this.scopeOpen = true;
  }

  private async throwPendingErrors(): Promise<void> {
    const scopes = this.scopes.splice(0);
    const errors = (await Promise.all(scopes)).filter((e): e is GPUError => e !== null);
    if (this.lost !== null) throw new Error(`WebGPU device lost (${this.lost})`);
    if (errors.length > 0) {
      throw new Error(`WebGPU validation error: ${errors.map((e) => e.message).join('\n')}`);
    }
  }

  private bufferBinding(b: Binding, what: string): GPUBufferBinding {
    let binding: GPUBufferBinding;
    if (b instanceof GpuTensor) {
      binding = { buffer: this.own(b, what).buffer };
    } else if (isTensorLike(b)) {
      throw new TypeError(`${what}: tensor belongs to another backend`);
    } else if ('buffer' in b && !('mapState' in b)) {
      binding = { buffer: b.buffer, offset: b.offset ?? 0, ...(b.size === undefined ? {} : { size: b.size }) };
    } else {
      binding = { buffer: b as GPUBuffer };
    }
    const size = binding.size ?? binding.buffer.size - (binding.offset ?? 0);
    if (size > this.limits.maxStorageBufferBindingSize) {
      throw new RangeError(
        `${what}: ${size} bytes exceed this device's maxStorageBufferBindingSize (${this.limits.maxStorageBufferBindingSize}); split the data`,
      );
    }
    return binding;
  }

  private createStorage(n: number, mapped: boolean): GPUBuffer {
    const bytes = Math.max(BYTES_PER_ELEMENT, n * BYTES_PER_ELEMENT);
    if (bytes > this.limits.maxBufferSize) {
      throw new RangeError(
        `shape: ${n} elements (${bytes} bytes) exceed this device's maxBufferSize (${this.limits.maxBufferSize})`,
      );
    }
    return this.device.createBuffer({
      size: bytes,
      usage: BUFFER_STORAGE | BUFFER_COPY_SRC | BUFFER_COPY_DST,
      mappedAtCreation: mapped,
    });
  }

  private check(): void {
    if (this._disposed) throw new Error('backend: used after dispose()');
    if (this.lost !== null) throw new Error(`WebGPU device lost (${this.lost})`);
  }
}

function isTensorLike(b: Binding): b is Tensor {
  return typeof (b as Tensor).dtype === 'string' && Array.isArray((b as Tensor).shape);
}
