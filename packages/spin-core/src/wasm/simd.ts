/**
 * Loads the WebAssembly SIMD inner loops (kernels.wat) when the runtime
 * supports them; `null` otherwise, and the engine uses its plain-JS loops.
 * @module
 */
import { KERNELS_WASM_BASE64 } from './kernels.generated';

/** The SIMD loops over one linear memory (byte offsets into it). */
export interface SimdKernels {
  readonly memory: WebAssembly.Memory;
  /** phi[j] += d·J[j], j < n (f64 phi, f32 J). */
  readonly axpyF32F64: (pPhi: number, pJ: number, n: number, d: number) => void;
  /** Σ_μ xi[μ]·m[μ] (i8 xi, i32 m). */
  readonly dotI8I32: (pXi: number, pM: number, k: number) => number;
  /** m[μ] += d·xi[μ] (i32 m, i8 xi). */
  readonly axpyI8I32: (pM: number, pXi: number, k: number, d: number) => void;
}

let module: WebAssembly.Module | null | undefined;

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The compiled module, or null when WebAssembly SIMD is unavailable here. */
export function simdModule(): WebAssembly.Module | null {
  if (module !== undefined) return module;
  try {
    const bytes = decodeBase64(KERNELS_WASM_BASE64);
    module = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    module = null;
  }
  return module;
}

/** Largest linear memory the engine asks for (wasm32 addresses 4 GiB; stay well inside). */
export const MAX_SIMD_BYTES = 2 ** 31;

/**
 * Instantiates the loops over a fresh memory of at least `bytes` bytes, or returns
 * null (no SIMD support, or too much memory asked for).
 */
export function instantiateSimd(bytes: number): SimdKernels | null {
  const mod = simdModule();
  if (!mod || bytes > MAX_SIMD_BYTES) return null;
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const exports = new WebAssembly.Instance(mod, { env: { memory } }).exports as Record<string, unknown>;
  return {
    memory,
    axpyF32F64: exports.axpy_f32_f64 as SimdKernels['axpyF32F64'],
    dotI8I32: exports.dot_i8_i32 as SimdKernels['dotI8I32'],
    axpyI8I32: exports.axpy_i8_i32 as SimdKernels['axpyI8I32'],
  };
}

/** Rounds a byte offset up to a multiple of 16 (v128 alignment). */
export function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
