/**
 * Loads the WebAssembly SIMD gemm macro-kernel (gemm.wat) over one growable
 * linear memory when the runtime supports SIMD; `null` otherwise, and
 * `gemmCpu` uses its plain-JS loops.
 * @module
 */
import { GEMM_WASM_BASE64 } from './gemm.generated';

/** The SIMD gemm block kernel and the memory it works in (byte offsets into it). */
export interface GemmSimd {
  readonly memory: WebAssembly.Memory;
  /**
   * C ← C + α·Ã·B̃ over `mPanels` packed 4-row panels of A (k-major, 4 f32 per k),
   * `nPanels` packed 8-column panels of B (k-major, 8 f32 per k) and f32 C rows of
   * `ldc` bytes; `kc` ≥ 1. Each C entry: an f32 sum over k, then c ← f32(c + α·sum) in f64.
   */
  readonly block: (
    pA: number,
    pB: number,
    pC: number,
    mPanels: number,
    nPanels: number,
    kc: number,
    ldc: number,
    alpha: number,
  ) => void;
  /**
   * Packs a kc × extent block into zero-padded panels of `w` (4 or 8) columns, each k-major:
   * element (p, j) is read at byte `pSrc + p·sP + j·sJ` and written to panel ⌊j/w⌋
   * (at `pDst + ⌊j/w⌋·kc·w·4`), entry `p·w + j mod w`.
   */
  readonly pack: (pSrc: number, sP: number, sJ: number, kc: number, extent: number, w: number, pDst: number) => void;
  /**
   * Padded C from the contiguous m×n C at `pRaw`: `rows` rows of `ldc` bytes at `pPad`, holding
   * f32(β·c) in i < m, j < n (β = 0: zeros, C not read) and zeros elsewhere; `pPad` may equal `pRaw` when ldc = 4n.
   */
  readonly cLoad: (pRaw: number, pPad: number, m: number, n: number, ldc: number, rows: number, beta: number) => void;
  /** Copies the m×n corner of the padded C (`ldc` bytes a row) into the contiguous C at `pRaw` (no overlap). */
  readonly cStore: (pPad: number, pRaw: number, m: number, n: number, ldc: number) => void;
}

/** Largest linear memory gemm asks for (wasm32 addresses 4 GiB; stay well inside): 2 GiB. */
export const MAX_GEMM_SIMD_BYTES = 2 ** 31;

const PAGE = 65536;

let loaded: GemmSimd | null | undefined;

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The instantiated kernel (compiled once, synchronously), or null when WebAssembly SIMD is unavailable here. */
export function gemmSimd(): GemmSimd | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  try {
    const bytes = decodeBase64(GEMM_WASM_BASE64);
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_GEMM_SIMD_BYTES / PAGE });
      const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
      loaded = {
        memory,
        block: exports.gemm_f32_block as GemmSimd['block'],
        pack: exports.pack as GemmSimd['pack'],
        cLoad: exports.c_load as GemmSimd['cLoad'],
        cStore: exports.c_store as GemmSimd['cStore'],
      };
    }
  } catch {
    loaded = null;
  }
  return loaded;
}

/**
 * Grows `simd.memory` to at least `bytes` bytes (never shrinks it).
 * @returns false when that is more than {@link MAX_GEMM_SIMD_BYTES} or the runtime refuses
 */
export function ensureGemmSimdBytes(simd: GemmSimd, bytes: number): boolean {
  const have = simd.memory.buffer.byteLength;
  if (bytes <= have) return true;
  if (bytes > MAX_GEMM_SIMD_BYTES) return false;
  try {
    simd.memory.grow(Math.ceil((bytes - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}
