/**
 * The capacity of the perceptron: Cover's counting of the dichotomies of P points in general
 * position in R^N, Gardner's replica-symmetric capacity α_c(κ) of the spherical perceptron at
 * stability κ, the literature values for binary weights, and a simulation that decides random
 * instances exactly (see {@link isLinearlySeparable}).
 * @module
 */
import { gaussianPdf, normalCdf } from '@replica/spin-core/math';
import { checkInteger, PhiloxRng } from '@replica/webgpu-kernels';
import { isLinearlySeparable } from './separability';

/**
 * Capacity α_c ≈ 0.833 of the perceptron with binary weights w_i = ±1 and random ±1 labels
 * (one-step replica symmetry breaking / the zero-entropy point of the RS solution).
 * Literature value, not computed here.
 * @see W. Krauth, M. Mézard, "Storage capacity of memory networks with binary couplings",
 *   J. Phys. France 50, 3057 (1989)
 */
export const BINARY_PERCEPTRON_CAPACITY = 0.833;

/**
 * Load α ≈ 1.245 of the first-order transition to perfect generalization of a binary-weight
 * student learning a binary-weight teacher (teacher–student perceptron, Ising couplings).
 * Literature value, not computed here.
 * @see G. Györgyi, "First-order transition to perfect generalization in a neural network with
 *   binary synapses", Phys. Rev. A 41, 7097 (1990)
 */
export const BINARY_TEACHER_STUDENT_THRESHOLD = 1.245;

/** Above this many points the Cover sum is taken in log space instead of exact BigInt arithmetic. */
const EXACT_MAX_P = 1024;

/** log(eᵃ + eᵇ) without overflow. */
function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const hi = Math.max(a, b);
  return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

/** log Σ_{k=lo}^{hi} binom(m, k) 2^−m, by the term ratio binom(m, k+1)/binom(m, k) = (m − k)/(k + 1). */
function logBinomialMass(m: number, lo: number, hi: number): number {
  // start at the term nearest the mode inside [lo, hi] and walk outwards, so no term underflows first
  const mode = Math.min(Math.max(Math.floor(m / 2), lo), hi);
  let logMode = -m * Math.LN2;
  for (let k = 0; k < mode; k++) logMode += Math.log((m - k) / (k + 1));
  let acc = logMode;
  let t = logMode;
  for (let k = mode; k < hi; k++) {
    t += Math.log((m - k) / (k + 1));
    acc = logAddExp(acc, t);
  }
  t = logMode;
  for (let k = mode; k > lo; k--) {
    t += Math.log(k / (m - k + 1));
    acc = logAddExp(acc, t);
  }
  return acc;
}

/**
 * Cover's probability that P random points in general position in R^N with random ±1 labels
 * are linearly separable through the origin,
 *
 *   C(P, N) / 2^P,   C(P, N) = 2 Σ_{k=0}^{N−1} binom(P − 1, k),
 *
 * i.e. P(Bin(P − 1, ½) ≤ N − 1): 1 for P ≤ N, exactly ½ at P = 2N, → Θ(2 − α) as N → ∞ at
 * α = P/N. Exact (BigInt sum, one correctly rounded division) for P ≤ 1024, else summed in log
 * space over the smaller tail (relative error ~1e-13).
 *
 * @param p - the number of points P ≥ 0
 * @param n - the dimension N ≥ 1
 * @returns C(P, N)/2^P ∈ [0, 1]
 * @see T. M. Cover, "Geometrical and statistical properties of systems of linear inequalities
 *   with applications in pattern recognition", IEEE Trans. Electron. Comput. 14, 326 (1965)
 */
export function coverProbability(p: number, n: number): number {
  checkInteger(p, 'p', { min: 0 });
  checkInteger(n, 'n', { min: 1 });
  if (p <= n) return 1;
  if (p === 2 * n) return 0.5; // binom(2N−1, k) = binom(2N−1, 2N−1−k): exactly half the mass
  const m = p - 1; // binomial trials
  if (p <= EXACT_MAX_P) {
    let term = 1n;
    let sum = 0n;
    for (let k = 0; k < n; k++) {
      sum += term;
      term = (term * BigInt(m - k)) / BigInt(k + 1);
    }
    return Number(sum) / 2 ** m; // 2^m ≤ 2^1023: exact power of two, one rounding
  }
  // P(X ≤ N − 1) for X ~ Bin(m, ½): sum the tail that is the smaller one
  if (n - 1 < m / 2) return Math.exp(logBinomialMass(m, 0, n - 1));
  return -Math.expm1(logBinomialMass(m, n, m));
}

/**
 * {@link coverProbability} at load α = P/N, with P = round(αN).
 * @param alpha - the load α ≥ 0
 * @param n - the dimension N ≥ 1
 * @returns C(round(αN), N)/2^round(αN)
 * @see T. M. Cover, IEEE Trans. Electron. Comput. 14, 326 (1965)
 */
export function coverProbabilityAlpha(alpha: number, n: number): number {
  if (!(alpha >= 0 && Number.isFinite(alpha))) throw new RangeError(`alpha: expected a finite value ≥ 0, got ${alpha}`);
  checkInteger(n, 'n', { min: 1 });
  return coverProbability(Math.round(alpha * n), n);
}

/**
 * Gardner's capacity of the spherical perceptron (continuous weights, w·w = N) at stability κ,
 *
 *   α_c(κ) = [∫_{−κ}^∞ Dt (t + κ)²]⁻¹ = [(1 + κ²) Φ(κ) + κ φ(κ)]⁻¹,
 *
 * Dt the standard Gaussian measure, Φ its CDF, φ its density: α_c(0) = 2 (Cover), decreasing in
 * κ, ~ 1/κ² as κ → ∞. The replica-symmetric result is exact for κ ≥ 0 (convex version space);
 * κ < 0 is refused.
 *
 * @param kappa - the stability κ ≥ 0 (finite)
 * @returns α_c(κ)
 * @see E. Gardner, "The space of interactions in neural network models", J. Phys. A 21, 257 (1988)
 */
export function gardnerCapacity(kappa: number): number {
  if (!(kappa >= 0 && Number.isFinite(kappa))) throw new RangeError(`kappa: expected a finite value ≥ 0, got ${kappa}`);
  return 1 / ((1 + kappa * kappa) * normalCdf(kappa) + kappa * gaussianPdf(kappa));
}

/** Input distribution of {@link separableFraction}. */
export type CapacityInputs = 'gaussian' | 'binary';

/** Options of {@link separableFraction}. */
export interface SeparableFractionOptions {
  /** Dimension N ≥ 1. */
  readonly n: number;
  /** Load α = P/N ≥ 0, P = round(αN). */
  readonly alpha: number;
  /** Independent instances, ≥ 1. */
  readonly trials: number;
  /** Seed of the Philox key; trial t draws from stream t. */
  readonly seed: number | bigint;
  /** `'gaussian'` x_μi ~ N(0, 1) (default) or `'binary'` x_μi = ±1 with probability ½. */
  readonly inputs?: CapacityInputs;
}

/** The answer of {@link separableFraction}. */
export interface SeparableFractionResult {
  /** The fraction of instances found separable (the estimate of P(separable)). */
  readonly p: number;
  /** The number of points P = round(αN) of each instance. */
  readonly points: number;
  /** Its binomial standard error √(f(1 − f)/trials). */
  readonly stderr: number;
  /** Instances found separable. */
  readonly separable: number;
  readonly trials: number;
  /** Cover's C(P, N)/2^P (exact for Gaussian inputs; for ±1 inputs only as N → ∞). */
  readonly cover: number;
}

/**
 * The fraction of random instances — P = round(αN) points x_μ (Gaussian or ±1) with labels
 * y_μ = ±1 drawn independently with probability ½ — that are linearly separable through the
 * origin, each decided exactly by {@link isLinearlySeparable}, beside Cover's C(P, N)/2^P.
 * Trial t uses `new PhiloxRng(seed, t)`: the inputs row-major, then the P labels (low bit of a
 * word), so results do not depend on the number of trials.
 *
 * @param options - see {@link SeparableFractionOptions}
 * @returns `p` the separable fraction, its binomial `stderr`, and Cover's value `cover`
 * @see T. M. Cover, IEEE Trans. Electron. Comput. 14, 326 (1965)
 * @see E. Gardner, J. Phys. A 21, 257 (1988)
 */
export function separableFraction(options: SeparableFractionOptions): SeparableFractionResult {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const n = checkInteger(options.n, 'n', { min: 1 });
  const alpha = options.alpha;
  if (!(typeof alpha === 'number' && alpha >= 0 && Number.isFinite(alpha)))
    throw new RangeError(`alpha: expected a finite value ≥ 0, got ${String(alpha)}`);
  const trials = checkInteger(options.trials, 'trials', { min: 1 });
  if (trials > 0x100000000) throw new RangeError(`trials: expected at most 2^32, got ${trials}`);
  const inputs = options.inputs ?? 'gaussian';
  if (inputs !== 'gaussian' && inputs !== 'binary')
    throw new RangeError(`inputs: expected 'gaussian' or 'binary', got ${JSON.stringify(inputs)}`);
  if (options.seed === undefined) throw new RangeError('seed: required');
  const P = Math.round(alpha * n);
  const x = new Float64Array(P * n);
  const y = new Int8Array(P);
  let count = 0;
  for (let t = 0; t < trials; t++) {
    const rng = new PhiloxRng(options.seed, t);
    if (inputs === 'gaussian') for (let k = 0; k < x.length; k++) x[k] = rng.nextNormal();
    else for (let k = 0; k < x.length; k++) x[k] = rng.nextU32() & 1 ? 1 : -1;
    for (let mu = 0; mu < P; mu++) y[mu] = rng.nextU32() & 1 ? 1 : -1;
    if (isLinearlySeparable(x, y, { n }).separable) count++;
  }
  const f = count / trials;
  return {
    p: f,
    points: P,
    stderr: Math.sqrt((f * (1 - f)) / trials),
    separable: count,
    trials,
    cover: coverProbability(P, n),
  };
}
