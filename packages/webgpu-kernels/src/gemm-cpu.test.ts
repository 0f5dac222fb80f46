import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { gemmCpu } from './gemm-cpu';

/** The textbook triple loop, in f64. */
function naive(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  tA: boolean,
  tB: boolean,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++)
        s +=
          (tA ? (a[p * m + i] as number) : (a[i * k + p] as number)) *
          (tB ? (b[j * k + p] as number) : (b[p * n + j] as number));
      c[i * n + j] = s;
    }
  return c;
}

describe('gemmCpu plain-JS kernel (blocked, f64 accumulators) against the naive triple loop', () => {
  // Sizes past KC = 256 and MC = 64 exercise several K and M blocks and ragged panels.
  // The WebAssembly SIMD kernel (f32 accumulators) has its own bound: src/wasm/gemm-simd.test.ts.
  propTest.prop(
    {
      m: fc.integer({ min: 1, max: 140 }),
      n: fc.integer({ min: 1, max: 40 }),
      k: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 250, max: 600 })),
      tA: fc.boolean(),
      tB: fc.boolean(),
      seed: fc.nat(),
    },
    { numRuns: 40 },
  )('agrees to one f32 rounding per K block (|Δ| ≤ ⌈K/256⌉·2^-23·Σ|ab|)', ({ m, n, k, tA, tB, seed }) => {
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(seed + 0.37 * i));
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(seed - 0.21 * i));
    const c = new Float32Array(m * n + 5).fill(7);
    gemmCpu({
      m,
      n,
      k,
      a,
      aOffset: 0,
      transA: tA,
      b,
      bOffset: 0,
      transB: tB,
      c,
      cOffset: 2,
      alpha: 1,
      beta: 0,
      simd: false,
    });
    const ref = naive(a, b, m, n, k, tA, tB);
    const absRef = naive(a.map(Math.abs), b.map(Math.abs), m, n, k, tA, tB);
    const blocks = Math.ceil(k / 256);
    for (let i = 0; i < m * n; i++) {
      expect(Math.abs((c[i + 2] as number) - (ref[i] as number))).toBeLessThanOrEqual(
        blocks * 2 ** -23 * (absRef[i] as number) + 1e-30,
      );
    }
    // untouched outside [cOffset, cOffset + m n)
    expect([c[0], c[1], c[m * n + 2], c[m * n + 4]]).toEqual([7, 7, 7, 7]);
  });
});
