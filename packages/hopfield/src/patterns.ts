/**
 * Patterns to store and their corruption: unbiased or biased ±1, correlated
 * (children of common ancestors), and corrupted copies (flipped or masked).
 * Patterns are K×N row-major Int8Array (pattern μ at μ·N).
 * @module
 */
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';

const checkCount = (v: number, name: string, min = 1): number => checkInteger(v, name, { min });

const checkProbability = (p: number, name: string): number => checkNumber(p, name, { min: 0, max: 1 });

/**
 * K random patterns of N spins with P(ξ_i = +1) = (1 + a)/2 (a = 0: unbiased), i.i.d.
 * @param options.bias - a ∈ [−1, 1], the mean ⟨ξ⟩, default 0
 */
export function randomPatterns(k: number, n: number, options: { seed: number | bigint; bias?: number }): Int8Array {
  checkCount(k, 'k');
  checkCount(n, 'n');
  const a = options.bias ?? 0;
  if (!(a >= -1 && a <= 1)) throw new RangeError(`bias: expected a number in [−1, 1], got ${a}`);
  const rng = new PhiloxRng(options.seed, 0x9a7);
  const p = (1 + a) / 2;
  const out = new Int8Array(k * n);
  for (let t = 0; t < out.length; t++) out[t] = rng.nextDouble() < p ? 1 : -1;
  return out;
}

/**
 * Correlated patterns: `ancestors` random parents, each pattern a copy of its parent
 * (μ mod ancestors) with every entry flipped with probability (1 − c)/2, so two
 * children of one parent overlap by c² on average.
 * @param options.correlation - c ∈ [0, 1]
 */
export function correlatedPatterns(
  k: number,
  n: number,
  options: { seed: number | bigint; ancestors: number; correlation: number },
): Int8Array {
  checkCount(options.ancestors, 'ancestors');
  checkProbability(options.correlation, 'correlation');
  const parents = randomPatterns(options.ancestors, n, { seed: options.seed });
  const rng = new PhiloxRng(options.seed, 0xc0);
  const flip = (1 - options.correlation) / 2;
  const out = new Int8Array(k * n);
  for (let mu = 0; mu < k; mu++) {
    const pa = (mu % options.ancestors) * n;
    for (let i = 0; i < n; i++) out[mu * n + i] = rng.nextDouble() < flip ? -parents[pa + i]! : parents[pa + i]!;
  }
  return out;
}

/**
 * A corrupted copy of a pattern: exactly round(f·N) entries flipped, chosen uniformly
 * (so the initial overlap is exactly 1 − 2·round(fN)/N).
 */
export function flipFraction(pattern: Int8Array, fraction: number, seed: number | bigint): Int8Array {
  checkProbability(fraction, 'fraction');
  const n = pattern.length;
  const flips = Math.round(fraction * n);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const rng = new PhiloxRng(seed, 0xf1);
  for (let t = 0; t < flips; t++) {
    const u = t + rng.nextInt(n - t);
    const tmp = idx[t]!;
    idx[t] = idx[u]!;
    idx[u] = tmp;
  }
  const out = pattern.slice();
  for (let t = 0; t < flips; t++) out[idx[t]!] = -out[idx[t]!]!;
  return out;
}

/**
 * A masked copy: the sites of a contiguous region (the last round(f·N) sites, e.g. the
 * bottom rows of an image) replaced by random ±1 — the pattern completion task.
 */
export function maskRegion(pattern: Int8Array, fraction: number, seed: number | bigint): Int8Array {
  checkProbability(fraction, 'fraction');
  const n = pattern.length;
  const start = n - Math.round(fraction * n);
  const rng = new PhiloxRng(seed, 0x3a5);
  const out = pattern.slice();
  for (let i = start; i < n; i++) out[i] = rng.nextU32() >>> 31 ? -1 : 1;
  return out;
}

/** C_μν = (1/N) ξ^μ·ξ^ν, the K×K pattern overlap (correlation) matrix. */
export function patternOverlapMatrix(patterns: Int8Array, k: number, n: number): Float64Array {
  if (patterns.length !== k * n)
    throw new RangeError(`patterns: expected K×N = ${k}×${n} entries, got ${patterns.length}`);
  const C = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += patterns[a * n + i]! * patterns[b * n + i]!;
      C[a * k + b] = s / n;
      C[b * k + a] = s / n;
    }
  return C;
}
