/**
 * Learning rules: Hebb, the pseudo-inverse (projector) rule, the dreaming
 * kernel, Hebbian learning from noisy examples (supervised and unsupervised),
 * and the random asymmetric network with self-coupling — as spin-core couplings
 * in pattern or low-rank form (never an N×N matrix where the rule is low rank).
 * @module
 */
import type { DenseCouplings, LowRankCouplings, PatternCouplings } from '@replica/spin-core';
import { lowRankCouplings, patternCouplings } from '@replica/spin-core';
import { invertMatrix } from '@replica/spin-core/math';
import { PhiloxRng } from '@replica/webgpu-kernels';
import { patternOverlapMatrix } from './patterns';

/**
 * Hebb's rule J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ, zero diagonal, in pattern form (exact integer fields).
 * @see J. J. Hopfield, "Neural networks and physical systems with emergent collective computational abilities", PNAS 79 (1982).
 */
export function hebb(patterns: Int8Array, k: number, n: number): PatternCouplings {
  return patternCouplings(patterns, k, n);
}

/**
 * The dreaming kernel J(t) = (1/N) ξ (1 + t)(I + tC)⁻¹ ξᵀ, C_μν = ξ^μ·ξ^ν/N, zero diagonal,
 * in low-rank form: t = 0 is Hebb's rule, t → ∞ the projector rule.
 * @param t - dreaming time ≥ 0 (Infinity gives the projector)
 * @throws RangeError for t < 0, and for t = ∞ when the patterns are linearly dependent (K > N, or C
 *   singular); for finite t, I + tC is positive definite and always invertible
 * @see A. Fachechi, E. Agliari, A. Barra, "Dreaming neural networks: forgetting spurious memories and reinforcing pure ones", Neural Netw. 112 (2019).
 */
export function dreaming(patterns: Int8Array, k: number, n: number, t: number): LowRankCouplings {
  if (!(t >= 0)) throw new RangeError(`t: expected a dreaming time ≥ 0, got ${t}`);
  const C = patternOverlapMatrix(patterns, k, n);
  let A: Float64Array;
  if (t === Number.POSITIVE_INFINITY) {
    // the projector needs C invertible: K ≤ N linearly independent patterns
    if (k > n)
      throw new RangeError(
        `k: the projector rule (t = ∞) needs linearly independent patterns, but K = ${k} patterns of N = ${n} spins are linearly dependent (K > N: C = ξξᵀ/N is singular)`,
      );
    try {
      A = invertMatrix(C, k);
    } catch (e) {
      throw new RangeError(
        `patterns: the projector rule (t = ∞) needs linearly independent patterns, and these K = ${k} are linearly dependent (C = ξξᵀ/N is singular: ${(e as Error).message})`,
      );
    }
  } else {
    const M = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) M[a * k + b] = (a === b ? 1 : 0) + t * C[a * k + b]!;
    A = invertMatrix(M, k).map((v) => (1 + t) * v);
  }
  // symmetrize away the rounding of the inverse
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      const v = 0.5 * (A[a * k + b]! + A[b * k + a]!);
      A[a * k + b] = v;
      A[b * k + a] = v;
    }
  return lowRankCouplings(patterns, k, n, A);
}

/**
 * The pseudo-inverse (projector) rule J = (1/N) ξ C⁻¹ ξᵀ (zero diagonal): every stored
 * pattern of a linearly independent set is a fixed point. With P = (1/N) ξ C⁻¹ ξᵀ the
 * projector onto the span, the field on spin i of pattern ν is (1 − P_ii) ξ_i^ν, so the
 * stability margin is 1 − P_ii ≥ 0. It vanishes only when the unit vector e_i lies in the
 * span (e.g. two patterns differing in spin i alone): spin i then feels zero field on every
 * pattern and its update is a tie decided by rounding.
 * @throws RangeError when the patterns are linearly dependent (K > N, or C singular)
 * @see L. Personnaz, I. Guyon, G. Dreyfus, "Information storage and retrieval in spin-glass like neural networks", J. Phys. Lett. 46 (1985).
 */
export function projector(patterns: Int8Array, k: number, n: number): LowRankCouplings {
  return dreaming(patterns, k, n, Number.POSITIVE_INFINITY);
}

/** Options of {@link noisyExamples}. */
export interface NoisyExamplesOptions {
  /** Archetypes K. */
  readonly k: number;
  /** Spins N. */
  readonly n: number;
  /** Examples M per archetype. */
  readonly examples: number;
  /** Quality r ∈ [0, 1]: each entry is flipped with probability (1 − r)/2, so ⟨η ξ⟩ = r. */
  readonly quality: number;
  readonly seed: number | bigint;
}

/**
 * M noisy examples of each of K archetypes: η^{μ,a}_i = χ ξ^μ_i with χ = −1 with
 * probability (1 − r)/2, so ⟨η ξ⟩ = r.
 * @param archetypes - ξ, K×N ±1
 * @param options - K, N, M, r and the seed
 * @returns K·M×N rows, example (μ, a) at row μ·M + a
 * @throws RangeError naming the bad option
 * @see E. Agliari et al., "Dense Hebbian neural networks: a replica symmetric picture of supervised learning", Physica A (2023).
 */
export function noisyExamples(archetypes: Int8Array, options: NoisyExamplesOptions): Int8Array {
  const { k, n, examples: m, quality: r, seed } = options;
  if (archetypes.length !== k * n)
    throw new RangeError(`archetypes: expected K×N = ${k}×${n} entries, got ${archetypes.length}`);
  if (!Number.isSafeInteger(m) || m < 1) throw new RangeError(`examples: expected an integer ≥ 1, got ${m}`);
  if (!(r >= 0 && r <= 1)) throw new RangeError(`quality: expected r in [0, 1], got ${r}`);
  const rng = new PhiloxRng(seed, 0xe7);
  const flip = (1 - r) / 2;
  const out = new Int8Array(k * m * n);
  for (let mu = 0; mu < k; mu++)
    for (let a = 0; a < m; a++)
      for (let i = 0; i < n; i++)
        out[(mu * m + a) * n + i] = rng.nextDouble() < flip ? -archetypes[mu * n + i]! : archetypes[mu * n + i]!;
  return out;
}

/** Options of {@link hebbianFromExamples}. */
export interface HebbianFromExamplesOptions {
  /** Archetypes K. */
  readonly k: number;
  /** Examples M per archetype. */
  readonly examples: number;
  /** Spins N. */
  readonly n: number;
  /** `supervised` (examples of a class averaged first) or `unsupervised` (every example stored). */
  readonly mode: 'supervised' | 'unsupervised';
}

/**
 * Hebbian couplings from noisy examples (K·M×N, grouped by archetype):
 * - `supervised`: J = (1/(N M²)) Σ_μ (Σ_a η^{μ,a})(Σ_b η^{μ,b})ᵀ — the examples of each class are
 *   averaged first (low-rank form, mixing A = blocks of ones);
 * - `unsupervised`: J = (1/(N M)) Σ_μ Σ_a η^{μ,a} η^{μ,a}ᵀ — every example stored (pattern form).
 * Both with zero diagonal; the normalizations make J = O(1/N) for any M.
 * @param examples - η, K·M×N ±1 (as {@link noisyExamples} returns them)
 * @param options - K, M, N and the mode
 * @returns the couplings (low rank for supervised, pattern form for unsupervised)
 * @throws RangeError naming the bad option
 * @see E. Agliari et al., "Dense Hebbian neural networks: a replica symmetric picture of supervised learning", Physica A (2023).
 */
export function hebbianFromExamples(
  examples: Int8Array,
  options: HebbianFromExamplesOptions,
): LowRankCouplings | PatternCouplings {
  const { k, examples: m, n, mode } = options;
  if (examples.length !== k * m * n)
    throw new RangeError(`examples: expected K·M×N = ${k * m}×${n} entries, got ${examples.length}`);
  if (mode === 'unsupervised') return patternCouplings(examples, k * m, n, { scale: 1 / m });
  if (mode !== 'supervised')
    throw new RangeError(`mode: expected 'supervised' or 'unsupervised', got ${JSON.stringify(mode)}`);
  const km = k * m;
  const A = new Float64Array(km * km);
  for (let mu = 0; mu < k; mu++)
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) A[(mu * m + a) * km + mu * m + b] = 1;
  return lowRankCouplings(examples, km, n, A, { scale: 1 / (m * m) });
}

/**
 * The random asymmetric network: J_ij = ±1/√N independently on every ordered pair i ≠ j,
 * self-coupling J_ii = D, so zero-temperature dynamics is s_i ← sgn(D s_i + (1/√N) Σ_{j≠i} J_ij s_j).
 * Entries from PhiloxRng(seed) row by row.
 * @see H. Gutfreund, J. D. Reger, A. P. Young, "The nature of attractors in an asymmetric spin glass with deterministic dynamics", J. Phys. A 21 (1988).
 */
export function randomAsymmetricNetwork(n: number, selfCoupling: number, seed: number | bigint): DenseCouplings {
  if (!Number.isFinite(selfCoupling))
    throw new RangeError(`selfCoupling: expected a finite number, got ${selfCoupling}`);
  const signs = asymmetricSigns(n, seed);
  const values = new Float32Array(n * n);
  const w = 1 / Math.sqrt(n);
  for (let t = 0; t < n * n; t++) values[t] = signs[t]! * w;
  return {
    kind: 'dense',
    n,
    values,
    diagonal: selfCoupling === 0 ? null : new Float32Array(n).fill(selfCoupling),
    symmetric: false,
  };
}

/** The ±1 signs J_ij (zero diagonal) of {@link randomAsymmetricNetwork}, as integers. */
export function asymmetricSigns(n: number, seed: number | bigint): Int8Array {
  if (!Number.isSafeInteger(n) || n < 2) throw new RangeError(`n: expected an integer ≥ 2, got ${n}`);
  const rng = new PhiloxRng(seed, 0xa5);
  const signs = new Int8Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) signs[i * n + j] = rng.nextU32() >>> 31 ? -1 : 1;
  return signs;
}
