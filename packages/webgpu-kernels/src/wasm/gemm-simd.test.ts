import { fc, test as propTest } from '@fast-check/vitest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GemmCpuArgs } from '../gemm-cpu';
import { gemmCpu, gemmCpuEngine } from '../gemm-cpu';
import { f32SumErrorFactor, gemmReference } from '../self-check';
import { ensureGemmSimdBytes, gemmSimd, MAX_GEMM_SIMD_BYTES } from './gemm-simd';

/** Extents around the 4×8 register block, the 64-row M block and 1. */
const edge = (max: number) =>
  fc.oneof(fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65), fc.integer({ min: 1, max }));
/** K around the 256-deep K block, or small. */
const depth = fc.oneof(
  fc.constantFrom(1, 2, 3, 4, 8, 9, 255, 256, 257, 512, 513),
  fc.integer({ min: 1, max: 40 }),
  fc.integer({ min: 250, max: 600 }),
);

interface Problem {
  args: Omit<GemmCpuArgs, 'c' | 'simd'>;
  c0: Float32Array;
}

/** A, B and C at offsets inside larger arrays (as a batch would be), C with sentinels around it. */
function problem(
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  alpha: number,
  beta: number,
  seed: number,
): Problem {
  const [aOffset, bOffset, cOffset] = [3, 5, 2];
  const a = Float32Array.from({ length: m * k + aOffset + 1 }, (_, i) => Math.sin(seed + 0.37 * i));
  const b = Float32Array.from({ length: k * n + bOffset + 2 }, (_, i) => Math.cos(seed - 0.21 * i));
  const c0 = Float32Array.from({ length: m * n + cOffset + 3 }, (_, i) => Math.sin(2 * seed + 0.5 * i));
  // β = 0 must not read C: NaN there must not leak.
  if (beta === 0) c0.fill(Number.NaN, cOffset, cOffset + m * n);
  return { args: { m, n, k, a, aOffset, transA, b, bOffset, transB, cOffset, alpha, beta }, c0 };
}

function run({ args, c0 }: Problem, simd: boolean): Float32Array {
  const c = c0.slice();
  gemmCpu({ ...args, c, simd });
  return c;
}

/** γ_{K+1}·(|α|Σ|a||b| + |β||c|) around α·Σ a b + β·c (see gemmCpu's TSDoc for the count of roundings). */
function expectWithinBound({ args, c0 }: Problem, got: Float32Array, label: string): void {
  const { m, n, k, a, aOffset, transA, b, bOffset, transB, cOffset, alpha, beta } = args;
  const { ref, abs } = gemmReference(
    a.subarray(aOffset, aOffset + m * k),
    b.subarray(bOffset, bOffset + k * n),
    m,
    n,
    k,
    transA,
    transB,
  );
  const g = f32SumErrorFactor(k + 1);
  for (let i = 0; i < m * n; i++) {
    const c = beta === 0 ? 0 : beta * (c0[cOffset + i] as number);
    const want = alpha * (ref[i] as number) + c;
    const bound = g * (Math.abs(alpha) * (abs[i] as number) + Math.abs(c)) + 2 ** -140;
    const err = Math.abs((got[cOffset + i] as number) - want);
    if (!(err <= bound)) expect.fail(`${label}: entry ${i}: |Δ| = ${err} > ${bound}`);
  }
  // untouched outside [cOffset, cOffset + m n)
  expect(Array.from(got.subarray(0, cOffset))).toEqual(Array.from(c0.subarray(0, cOffset)));
  expect(Array.from(got.subarray(cOffset + m * n))).toEqual(Array.from(c0.subarray(cOffset + m * n)));
}

describe('gemmCpu WebAssembly SIMD kernel', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('is available in this runtime (Node ≥ 16.4 and current browsers support SIMD) and is the default', () => {
    expect(gemmSimd()).not.toBeNull();
    expect(gemmCpuEngine()).toBe('wasm-simd');
  });

  propTest.prop(
    {
      m: edge(140),
      n: edge(40),
      k: depth,
      transA: fc.boolean(),
      transB: fc.boolean(),
      alpha: fc.constantFrom(1, -0.5, 2.75),
      beta: fc.constantFrom(0, 1, -0.75),
      seed: fc.nat(),
    },
    { numRuns: 60 },
  )(
    'it and the plain-JS kernel agree with the f64 product within γ_{K+1}·(|α|Σ|a||b| + |β||c|)',
    ({ m, n, k, transA, transB, alpha, beta, seed }) => {
      const p = problem(m, n, k, transA, transB, alpha, beta, seed);
      expectWithinBound(p, run(p, true), 'wasm-simd');
      expectWithinBound(p, run(p, false), 'js');
    },
  );

  it('the RBM shapes, every transpose: both kernels within the bound', () => {
    for (const [m, n, k] of [
      [100, 500, 784],
      [100, 784, 500],
      [784, 500, 100],
    ] as const) {
      for (const [transA, transB] of [
        [false, false],
        [false, true],
        [true, false],
        [true, true],
      ] as const) {
        const p = problem(m, n, k, transA, transB, 1, 0, m + n + k);
        expectWithinBound(p, run(p, true), `wasm-simd ${m}×${n}×${k} ${transA} ${transB}`);
        expectWithinBound(p, run(p, false), `js ${m}×${n}×${k} ${transA} ${transB}`);
      }
    }
  });

  it('propagates NaN and ±∞ from A and B as the plain-JS kernel does', () => {
    const p = problem(13, 11, 300, false, true, 1, 1, 9);
    const { a, b } = p.args;
    a[p.args.aOffset + 2 * 300 + 7] = Number.NaN; // row 2
    b[p.args.bOffset + 5 * 300 + 40] = Number.POSITIVE_INFINITY; // column 5 (transB: B is N×K)
    const simd = run(p, true);
    const js = run(p, false);
    for (let i = 0; i < 13 * 11; i++) {
      const [s, j] = [simd[p.args.cOffset + i] as number, js[p.args.cOffset + i] as number];
      if (Number.isFinite(j)) expect(Number.isFinite(s)).toBe(true);
      else expect(s).toBe(j); // toBe is Object.is: NaN matches NaN
    }
    expect(Number.isNaN(simd[p.args.cOffset + 2 * 11 + 3] as number)).toBe(true);
    expect(Math.abs(simd[p.args.cOffset + 0 * 11 + 5] as number)).toBe(Number.POSITIVE_INFINITY);
  });

  it('α = 0 or K = 0 give β·C, and β = 0 there still does not read C', () => {
    for (const [alpha, k] of [
      [0, 5],
      [1, 0],
    ] as const) {
      for (const beta of [0, 1, -2]) {
        const c = new Float32Array([Number.NaN, 1.5, -3, 9]);
        gemmCpu({
          m: 1,
          n: 2,
          k,
          a: new Float32Array(5),
          aOffset: 0,
          transA: false,
          b: new Float32Array(10),
          bOffset: 0,
          transB: false,
          c,
          cOffset: 1,
          alpha,
          beta,
        });
        expect(Array.from(c)).toEqual([Number.NaN, beta === 0 ? 0 : 1.5 * beta, beta === 0 ? 0 : -3 * beta, 9]);
      }
    }
  });

  it('grows its linear memory once, then reuses it for problems no larger', () => {
    const big = problem(200, 150, 300, false, false, 1, 0, 1);
    run(big, true);
    const simd = gemmSimd();
    const buffer = simd?.memory.buffer;
    for (const [m, n, k] of [
      [200, 150, 300],
      [37, 20, 299],
      [1, 1, 1],
    ] as const) {
      const p = problem(m, n, k, true, true, 1, 1, 2);
      expectWithinBound(p, run(p, true), `${m}×${n}×${k}`);
      expect(simd?.memory.buffer).toBe(buffer);
    }
    if (simd) expect(ensureGemmSimdBytes(simd, MAX_GEMM_SIMD_BYTES + 1)).toBe(false);
  });

  for (const [label, stub] of [
    ['WebAssembly SIMD does not validate', { ...WebAssembly, validate: () => false }],
    ['there is no WebAssembly', undefined],
  ] as const) {
    it(`falls back to the plain-JS kernel, bit for bit, when ${label}`, async () => {
      const p = problem(70, 45, 300, true, false, 0.75, -0.5, 3);
      const js = run(p, false);
      vi.resetModules();
      vi.stubGlobal('WebAssembly', stub);
      const fresh = await import('../gemm-cpu');
      expect(fresh.gemmCpuEngine()).toBe('js');
      const c = p.c0.slice();
      fresh.gemmCpu({ ...p.args, c });
      expect(Array.from(c)).toEqual(Array.from(js));
    });
  }
});
