/**
 * Backend selection: `cpu`, `webgpu`, or `auto` (a hardware WebGPU adapter when
 * there is one, else the CPU). Nothing here touches `navigator.gpu` or loads the
 * Node `webgpu` package until a WebGPU backend is asked for.
 * @module
 */
import { CpuBackend } from './cpu-backend';
import type { AdapterSummary } from './webgpu-backend';
import { WebGPUBackend } from './webgpu-backend';

/** A compute backend: the CPU reference or a WebGPU device. Narrow on `kind`. */
export type Backend = CpuBackend | WebGPUBackend;

/** The backends a tensor can live on. */
export type BackendKind = Backend['kind'];

/** Why WebGPU could not be had. */
export type WebGPUUnavailableReason =
  | 'no-webgpu' // neither navigator.gpu nor a Node process
  | 'package-missing' // Node without the optional `webgpu` package
  | 'no-adapter' // requestAdapter() returned null
  | 'software-only' // only a fallback/software adapter, and allowSoftware was not set
  | 'device-failed'; // requestDevice() rejected

/** Thrown when a WebGPU backend is asked for and cannot be created; `reason` says why. */
export class WebGPUUnavailableError extends Error {
  override readonly name = 'WebGPUUnavailableError';
  constructor(
    readonly reason: WebGPUUnavailableReason,
    message: string,
    readonly adapter?: AdapterSummary,
  ) {
    super(message);
  }
}

/** Options of {@link createBackend}. */
export interface CreateBackendOptions {
  /** `'cpu'`, `'webgpu'` or `'auto'` (default): hardware WebGPU when present, else CPU. */
  readonly kind?: 'cpu' | 'webgpu' | 'auto';
  /**
   * Accept a fallback/software adapter (SwiftShader, lavapipe) for `kind: 'webgpu'`. Default
   * false: such adapters are ~100× slower than the CPU path and good for correctness tests
   * only. `kind: 'auto'` never picks one (hardware WebGPU or the CPU), whatever this says.
   */
  readonly allowSoftware?: boolean;
  /** Adapter preference, default `'high-performance'`. */
  readonly powerPreference?: GPUPowerPreference;
  /** A `GPU` object to use instead of `navigator.gpu` or the Node `webgpu` package. */
  readonly gpu?: GPU;
}

const SOFTWARE_ADAPTER = /swiftshader|lavapipe|llvmpipe|softpipe|software|microsoft basic render/i;

let nodeGpu: Promise<GPU> | null = null;

/** Loads the Node `webgpu` package (Dawn) once per process. */
function loadNodeGpu(): Promise<GPU> {
  nodeGpu ??= (async () => {
    // A variable specifier keeps bundlers from pulling Dawn into browser builds.
    const specifier = 'webgpu';
    let mod: { create: (flags: string[]) => GPU };
    try {
      mod = (await import(/* @vite-ignore */ specifier)) as typeof mod;
    } catch (e) {
      nodeGpu = null;
      throw new WebGPUUnavailableError(
        'package-missing',
        `WebGPU unavailable: the optional peer dependency 'webgpu' could not be loaded (${(e as Error).message}); install it with \`npm install webgpu\``,
      );
    }
    return mod.create([]);
  })();
  return nodeGpu;
}

async function acquireGpu(opts: CreateBackendOptions): Promise<GPU> {
  if (opts.gpu) return opts.gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (proc?.versions?.node) return loadNodeGpu();
  throw new WebGPUUnavailableError(
    'no-webgpu',
    'WebGPU unavailable: this environment has no navigator.gpu (in Chromium, WebGPU needs a secure context and a supported GPU or --enable-unsafe-webgpu)',
  );
}

/** What an adapter says about itself, with software adapters flagged. */
export function summarizeAdapter(adapter: GPUAdapter): AdapterSummary {
  const info = (adapter.info ?? {}) as Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean };
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const description = info.description ?? '';
  const device = info.device ?? '';
  const flagged = info.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  const fallback = flagged || SOFTWARE_ADAPTER.test(`${vendor} ${architecture} ${description} ${device}`);
  return { vendor, architecture, description, device, fallback };
}

const NO_ADAPTER_HINT =
  "on Linux without a GPU, add SwiftShader from Debian's chromium package to Vulkan's drivers (export VK_ADD_DRIVER_FILES=/usr/lib/chromium/vk_swiftshader_icd.json, as tooling/scripts/webgpu-env.sh does) and pass allowSoftware";

async function requestAdapter(opts: CreateBackendOptions): Promise<{ adapter: GPUAdapter; summary: AdapterSummary }> {
  const gpu = await acquireGpu(opts);
  const powerPreference = opts.powerPreference ?? 'high-performance';
  const adapter = await gpu.requestAdapter({ powerPreference });
  if (adapter === null) {
    throw new WebGPUUnavailableError('no-adapter', `WebGPU unavailable: no adapter found (${NO_ADAPTER_HINT})`);
  }
  const summary = summarizeAdapter(adapter);
  if (summary.fallback && !opts.allowSoftware) {
    throw new WebGPUUnavailableError(
      'software-only',
      `WebGPU unavailable: only a software adapter was found (${summary.description || summary.architecture || summary.vendor}); it is for correctness tests, ~100× slower than the CPU path: pass allowSoftware: true to use it`,
      summary,
    );
  }
  return { adapter, summary };
}

async function createWebGPU(opts: CreateBackendOptions): Promise<WebGPUBackend> {
  const { adapter, summary } = await requestAdapter(opts);
  const a = adapter.limits;
  const requiredLimits: Record<string, number> = {
    maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
    maxBufferSize: a.maxBufferSize,
    maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: a.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: a.maxComputeWorkgroupSizeX,
    maxComputeWorkgroupSizeY: a.maxComputeWorkgroupSizeY,
    maxStorageBuffersPerShaderStage: a.maxStorageBuffersPerShaderStage,
  };
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ requiredLimits });
  } catch (e) {
    throw new WebGPUUnavailableError(
      'device-failed',
      `WebGPU unavailable: requestDevice failed (${(e as Error).message})`,
      summary,
    );
  }
  return new WebGPUBackend(device, summary);
}

/**
 * Creates a compute backend.
 *
 * - `kind: 'cpu'` — always succeeds.
 * - `kind: 'webgpu'` — a WebGPU device; throws {@link WebGPUUnavailableError} saying why when there is none
 *   (package missing, no adapter, only a software adapter without `allowSoftware`).
 * - `kind: 'auto'` (default) — WebGPU on a hardware adapter, else the CPU backend, whose
 *   `webgpuUnavailable` then says why (a software adapter is never picked, even with `allowSoftware`).
 *
 * Call `dispose()` when done: in Node the device otherwise outlives the work.
 *
 * @example
 * ```ts
 * const backend = await createBackend({ kind: 'auto' });
 * const a = backend.tensor(new Float32Array([1, 2, 3, 4]), [2, 2]);
 * const c = gemm(a, a);            // [[7, 10], [15, 22]]
 * console.log(await c.read());
 * backend.dispose();
 * ```
 */
export async function createBackend(options: CreateBackendOptions = {}): Promise<Backend> {
  const kind = options.kind ?? 'auto';
  if (kind === 'cpu') return new CpuBackend();
  if (kind === 'webgpu') return createWebGPU(options);
  if (kind !== 'auto') {
    throw new RangeError(`kind: expected 'cpu', 'webgpu' or 'auto', got ${JSON.stringify(kind)}`);
  }
  try {
    // auto means a hardware adapter or the CPU: a software adapter is slower than the CPU path
    return await createWebGPU({ ...options, allowSoftware: false });
  } catch (e) {
    if (e instanceof WebGPUUnavailableError) return new CpuBackend(e.message);
    throw e;
  }
}

/** The outcome of {@link probeWebGPU}. */
export interface WebGPUProbe {
  /** True when a WebGPU backend with these options can be created. */
  readonly available: boolean;
  /** The adapter, when one was found (also when it was refused as software). */
  readonly adapter?: AdapterSummary;
  /** Why not, when unavailable. */
  readonly reason?: string;
}

/**
 * Finds out whether WebGPU is available without keeping a device.
 * @param options - as for {@link createBackend}; `kind` is ignored
 */
export async function probeWebGPU(options: Omit<CreateBackendOptions, 'kind'> = {}): Promise<WebGPUProbe> {
  try {
    const { summary } = await requestAdapter(options);
    return { available: true, adapter: summary };
  } catch (e) {
    if (e instanceof WebGPUUnavailableError) {
      return { available: false, reason: e.message, ...(e.adapter ? { adapter: e.adapter } : {}) };
    }
    throw e;
  }
}
