/**
 * The CPU twin of `gemm`: a packed, register-blocked matrix product in the
 * GotoBLAS layout (A and B packed into contiguous zero-padded panels, K in blocks
 * of KC = 256, M in blocks of MC = 64). Where the runtime has WebAssembly SIMD
 * (Node ≥ 16.4, current browsers) it runs in WebAssembly (src/wasm/gemm.wat): a
 * 4×8 micro-kernel of f32x4 accumulators, about 9× the plain-JS kernel; elsewhere,
 * or with `simd: false`, a plain-JS 4×8 micro-kernel accumulating in f64. Neither
 * allocates buffers once its memory has grown to the problem size (the
 * WebAssembly path takes one typed-array view of an operand that is a slice of
 * a larger array, e.g. one batch of several).
 * @see K. Goto, R. A. van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 34 (2008).
 * @module
 */
import type { GemmSimd } from './wasm/gemm-simd';
import { ensureGemmSimdBytes, gemmSimd } from './wasm/gemm-simd';

const MR = 4;
const NR = 8;
const KC = 256;
const MC = 64;

/** Packing buffers and the micro-kernel accumulator, grown on demand and reused. */
const packedA = new Float32Array(MC * KC);
let packedB = new Float32Array(NR * KC);
const acc = new Float64Array(MR * NR);

/** Arguments of {@link gemmCpu}: one matrix product C = α·op(A)·op(B) + β·C of a batch. */
export interface GemmCpuArgs {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly a: Float32Array;
  /** Offset of this batch's A in `a`. */
  readonly aOffset: number;
  /** A is stored K×M (so op(A) = Aᵀ) when true, M×K when false. */
  readonly transA: boolean;
  readonly b: Float32Array;
  readonly bOffset: number;
  /** B is stored N×K when true, K×N when false. */
  readonly transB: boolean;
  readonly c: Float32Array;
  readonly cOffset: number;
  readonly alpha: number;
  /** β = 0 does not read C (NaN in C does not leak), as in BLAS. */
  readonly beta: number;
  /**
   * Use the WebAssembly SIMD kernel when the runtime has it (default true);
   * false forces the plain-JS kernel.
   */
  readonly simd?: boolean;
}

/** Which kernel {@link gemmCpu} runs by default here: `wasm-simd`, or `js` where WebAssembly SIMD is unavailable. */
export function gemmCpuEngine(): 'wasm-simd' | 'js' {
  return gemmSimd() ? 'wasm-simd' : 'js';
}

/**
 * C ← α·op(A)·op(B) + β·C for one M×N block of row-major f32 matrices.
 *
 * WebAssembly SIMD kernel: each C entry is a sequential f32 sum over k within a
 * K block of 256 (products and sums rounded to f32, no fused multiply-add), then
 * c ← f32(c + α·sum) computed in f64 once per K block, after c ← f32(β·c). A term
 * of the first of B K blocks goes through min(K, 256) + B ≤ K + 1 f32 roundings
 * (and 2B f64 ones), so |Δ| ≤ γ_{K+1}·(|α|Σ|a||b| + |β||c|) with γ_n = nu/(1 − nu),
 * u = 2^-24, inside the γ_{K+2} of the kernel suite and γ_{K+3} of `runKernelSelfChecks`.
 * Plain-JS kernel: sums over k in f64; each C entry is rounded to f32 once per K block.
 */
export function gemmCpu(args: GemmCpuArgs): void {
  const { m, n, k, c, cOffset, alpha, beta } = args;
  if (m === 0 || n === 0) return;
  if (k === 0 || alpha === 0) {
    if (beta === 0) c.fill(0, cOffset, cOffset + m * n);
    else if (beta !== 1) for (let i = cOffset, e = cOffset + m * n; i < e; i++) c[i] = (c[i] as number) * beta;
    return;
  }
  if (args.simd !== false) {
    const simd = gemmSimd();
    if (simd && gemmWasm(args, simd)) return;
  }
  gemmJs(args);
}

/** The plain-JS kernel: 4×8 register block, f64 accumulators. */
function gemmJs(args: GemmCpuArgs): void {
  const { m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, alpha, beta } = args;
  if (beta === 0) c.fill(0, cOffset, cOffset + m * n);
  else if (beta !== 1) for (let i = cOffset, e = cOffset + m * n; i < e; i++) c[i] = (c[i] as number) * beta;
  if (k === 0 || alpha === 0 || m === 0 || n === 0) return;

  const nPanels = Math.ceil(n / NR);
  if (packedB.length < nPanels * NR * KC) packedB = new Float32Array(nPanels * NR * KC);
  const pb = packedB;
  const pa = packedA;
  // A(i, p) = a[aOffset + (transA ? p*m + i : i*k + p)]; B(p, j) likewise.
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;

  for (let pc = 0; pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    for (let jp = 0; jp < nPanels; jp++) {
      const j0 = jp * NR;
      const jn = Math.min(NR, n - j0);
      let q = jp * kc * NR;
      for (let p = 0; p < kc; p++) {
        const base = bOffset + (pc + p) * bRow + j0 * bCol;
        let jj = 0;
        for (; jj < jn; jj++) pb[q++] = b[base + jj * bCol] as number;
        for (; jj < NR; jj++) pb[q++] = 0;
      }
    }
    for (let ic = 0; ic < m; ic += MC) {
      const mc = Math.min(MC, m - ic);
      const mPanels = Math.ceil(mc / MR);
      for (let ip = 0; ip < mPanels; ip++) {
        const i0 = ic + ip * MR;
        const im = Math.min(MR, m - i0);
        let q = ip * kc * MR;
        for (let p = 0; p < kc; p++) {
          const base = aOffset + i0 * aRow + (pc + p) * aCol;
          let ii = 0;
          for (; ii < im; ii++) pa[q++] = a[base + ii * aRow] as number;
          for (; ii < MR; ii++) pa[q++] = 0;
        }
      }
      for (let jp = 0; jp < nPanels; jp++) {
        const j0 = jp * NR;
        const jn = Math.min(NR, n - j0);
        for (let ip = 0; ip < mPanels; ip++) {
          const i0 = ic + ip * MR;
          microKernel(kc, pa, ip * kc * MR, pb, jp * kc * NR);
          const im = Math.min(MR, m - i0);
          for (let ii = 0; ii < im; ii++) {
            const row = cOffset + (i0 + ii) * n + j0;
            const ar = ii * NR;
            for (let jj = 0; jj < jn; jj++) c[row + jj] = (c[row + jj] as number) + alpha * (acc[ar + jj] as number);
          }
        }
      }
    }
  }
}

/** acc[4×8] = Σ_p Ap[p]·Bpᵀ[p] over one packed A panel and one packed B panel. */
// biome-ignore format: the 4×8 register block reads best laid out as the block it is
function microKernel(kc: number, ap: Float32Array, pa: number, bp: Float32Array, pb: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = ap[pa] as number;
    const a1 = ap[pa + 1] as number;
    const a2 = ap[pa + 2] as number;
    const a3 = ap[pa + 3] as number;
    let v = bp[pb] as number;
    c00 += a0 * v; c10 += a1 * v; c20 += a2 * v; c30 += a3 * v;
    v = bp[pb + 1] as number;
    c01 += a0 * v; c11 += a1 * v; c21 += a2 * v; c31 += a3 * v;
    v = bp[pb + 2] as number;
    c02 += a0 * v; c12 += a1 * v; c22 += a2 * v; c32 += a3 * v;
    v = bp[pb + 3] as number;
    c03 += a0 * v; c13 += a1 * v; c23 += a2 * v; c33 += a3 * v;
    v = bp[pb + 4] as number;
    c04 += a0 * v; c14 += a1 * v; c24 += a2 * v; c34 += a3 * v;
    v = bp[pb + 5] as number;
    c05 += a0 * v; c15 += a1 * v; c25 += a2 * v; c35 += a3 * v;
    v = bp[pb + 6] as number;
    c06 += a0 * v; c16 += a1 * v; c26 += a2 * v; c36 += a3 * v;
    v = bp[pb + 7] as number;
    c07 += a0 * v; c17 += a1 * v; c27 += a2 * v; c37 += a3 * v;
    pa += MR;
    pb += NR;
  }
  acc[0] = c00; acc[1] = c01; acc[2] = c02; acc[3] = c03; acc[4] = c04; acc[5] = c05; acc[6] = c06; acc[7] = c07;
  acc[8] = c10; acc[9] = c11; acc[10] = c12; acc[11] = c13; acc[12] = c14; acc[13] = c15; acc[14] = c16; acc[15] = c17;
  acc[16] = c20; acc[17] = c21; acc[18] = c22; acc[19] = c23; acc[20] = c24; acc[21] = c25; acc[22] = c26; acc[23] = c27;
  acc[24] = c30; acc[25] = c31; acc[26] = c32; acc[27] = c33; acc[28] = c34; acc[29] = c35; acc[30] = c36; acc[31] = c37;
}

/** Register block, K block and M block of the WebAssembly kernel (gemm.wat is written for 4×8). */
const SIMD_MR = 4;
const SIMD_NR = 8;
const SIMD_KC = 256;
const SIMD_MC = 64;

let heap: Float32Array<ArrayBuffer> | null = null;
/** The last view of C in linear memory handed to `c.set` (reused while offset, length and buffer match). */
let cView: Float32Array<ArrayBuffer> | null = null;

/** `x[offset, offset + length)` without a new view when that is all of `x`. */
function span(x: Float32Array, offset: number, length: number): Float32Array {
  return offset === 0 && x.length === length ? x : x.subarray(offset, offset + length);
}

/** Rounds a count of f32s up to a multiple of 4 (16-byte alignment). */
function align4(count: number): number {
  return Math.ceil(count / 4) * 4;
}

/**
 * The WebAssembly SIMD path. Linear memory holds, in f32: op(A) and op(B) as
 * stored (copied in with `set`), all of op(B) packed as ⌈K/KC⌉ blocks of KC×N̄
 * (N̄ = N rounded up to 8; panels of 8 columns, k-major, zero-padded), one packed
 * MC×KC block of op(A) (panels of 4 rows), C padded to M̄×N̄ (M̄ = M rounded up to
 * 4) and, when N̄ ≠ N, C as stored. C ← β·C once, then for each strip of MC rows
 * and each K block: pack that block of A and run the block kernel.
 * @returns false (nothing written) when the memory cannot grow to the problem size
 */
function gemmWasm(args: GemmCpuArgs, simd: GemmSimd): boolean {
  const { m, n, k, a, aOffset, transA, b, bOffset, transB, c, cOffset, alpha, beta } = args;
  const nPanels = Math.ceil(n / SIMD_NR);
  const nPad = nPanels * SIMD_NR;
  const mPad = Math.ceil(m / SIMD_MR) * SIMD_MR;
  const offA = 0;
  const offB = offA + align4(m * k);
  const offPB = offB + align4(k * n);
  const offPA = offPB + k * nPad;
  const offC = offPA + SIMD_MC * SIMD_KC;
  const offRawC = n === nPad ? offC : offC + mPad * nPad;
  const total = offRawC + (n === nPad ? mPad * nPad : m * n);
  if (!ensureGemmSimdBytes(simd, total * 4)) return false;
  if (heap === null || heap.buffer !== simd.memory.buffer) heap = new Float32Array(simd.memory.buffer);
  const h = heap;
  h.set(span(a, aOffset, m * k), offA);
  h.set(span(b, bOffset, k * n), offB);
  if (beta !== 0) h.set(span(c, cOffset, m * n), offRawC);
  simd.cLoad(offRawC * 4, offC * 4, m, n, nPad * 4, mPad, beta);

  // op(B)(p, j) = B[p*n + j], or B[j*k + p] with transB; op(A)(i, p) = A[i*k + p], or A[p*m + i] with transA.
  for (let pc = 0; pc < k; pc += SIMD_KC) {
    const kc = Math.min(SIMD_KC, k - pc);
    if (transB) simd.pack((offB + pc) * 4, 4, 4 * k, kc, n, SIMD_NR, (offPB + pc * nPad) * 4);
    else simd.pack((offB + pc * n) * 4, 4 * n, 4, kc, n, SIMD_NR, (offPB + pc * nPad) * 4);
  }
  for (let ic = 0; ic < m; ic += SIMD_MC) {
    const mc = Math.min(SIMD_MC, m - ic);
    const mPanels = Math.ceil(mc / SIMD_MR);
    for (let pc = 0; pc < k; pc += SIMD_KC) {
      const kc = Math.min(SIMD_KC, k - pc);
      if (transA) simd.pack((offA + pc * m + ic) * 4, 4 * m, 4, kc, mc, SIMD_MR, offPA * 4);
      else simd.pack((offA + ic * k + pc) * 4, 4, 4 * k, kc, mc, SIMD_MR, offPA * 4);
      simd.block(offPA * 4, (offPB + pc * nPad) * 4, (offC + ic * nPad) * 4, mPanels, nPanels, kc, nPad * 4, alpha);
    }
  }
  if (offRawC !== offC) simd.cStore(offC * 4, offRawC * 4, m, n, nPad * 4);
  if (
    cView === null ||
    cView.buffer !== simd.memory.buffer ||
    cView.byteOffset !== offRawC * 4 ||
    cView.length !== m * n
  )
    cView = new Float32Array(simd.memory.buffer, offRawC * 4, m * n);
  c.set(cView, cOffset);
  return true;
}
