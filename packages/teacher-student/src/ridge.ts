/**
 * Ridge regression in the teacher–student scenario — the linear teacher
 * y = w*·x/√D + √Δ ξ (x ~ N(0, I_D), w* ~ N(0, I_D), ξ ~ N(0, 1)) learnt from P = αD samples by
 *
 *   ŵ = argmin_w Σ_μ (y_μ − w·x_μ/√D)² + λ |w|²,
 *
 * simulated exactly (f64 normal equations) beside its exact asymptotic test error from the
 * Marchenko–Pastur Stieltjes transform: double descent with the peak at the interpolation
 * threshold α = 1 as λ → 0⁺, removed at the optimal ridge λ* = Δ.
 * @module
 */
import { solveLinear } from '@replica/spin-core/math';
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import { meanStderr } from './checks';
import { cholesky, choleskySolve, gramRows, transpose } from './linalg';

/**
 * The Stieltjes transform of the Marchenko–Pastur law of aspect ratio γ (the spectrum of
 * XᵀX/P for X a P×D standard Gaussian matrix, γ = D/P) at z = −λ,
 *
 *   m_γ(−λ) = ∫ dμ_γ(s)/(s + λ) = [−(1 − γ + λ) + √((1 − γ + λ)² + 4γλ)] / (2γλ),
 *
 * the root of γλm² + (1 − γ + λ)m − 1 = 0 that is positive; evaluated without cancellation on
 * both sides of γ = 1. For γ > 1 it diverges like (1 − 1/γ)/λ (the atom at 0) as λ → 0.
 *
 * @param gamma - the aspect ratio γ = D/P > 0
 * @param lambda - the point −λ, λ > 0 (λ = 0 is allowed for γ < 1: m = 1/(1 − γ))
 * @returns m_γ(−λ) > 0
 * @see V. A. Marchenko, L. A. Pastur, "Distribution of eigenvalues for some sets of random
 *   matrices", Math. USSR-Sbornik 1, 457 (1967)
 */
export function marchenkoPasturStieltjes(gamma: number, lambda: number): number {
  if (!(typeof gamma === 'number' && gamma > 0 && Number.isFinite(gamma)))
    throw new RangeError(`gamma: expected a finite number > 0, got ${String(gamma)}`);
  checkNumber(lambda, 'lambda', { min: 0 });
  const b = 1 - gamma + lambda;
  if (lambda === 0) {
    if (gamma < 1) return 1 / (1 - gamma);
    throw new RangeError(`lambda: expected > 0 when gamma ≥ 1 (m diverges), got ${lambda}`);
  }
  const root = Math.sqrt(b * b + 4 * gamma * lambda);
  return b >= 0 ? 2 / (root + b) : (root - b) / (2 * gamma * lambda);
}

/** The test error of ridge regression split into its parts (see {@link ridgeRisk}). */
export interface RidgeRisk {
  /** E_{x,ξ}(y − ŵ·x/√D)² = excess + Δ: the test error on a fresh noisy sample. */
  readonly testError: number;
  /** |ŵ − w*|²/D = bias + variance: the excess risk over the Bayes error Δ. */
  readonly excess: number;
  /** The bias part (the error from shrinkage / the unseen directions), noise-independent. */
  readonly bias: number;
  /** The variance part (the error from fitting the label noise), proportional to Δ. */
  readonly variance: number;
}

/** Parameters of {@link ridgeRisk}. */
export interface RidgeRiskOptions {
  /** Sample ratio α = P/D ≥ 0. */
  readonly alpha: number;
  /** Ridge λ ≥ 0 of Σ_μ (y_μ − w·x_μ/√D)² + λ|w|² (λ = 0: the ridgeless / min-norm limit λ → 0⁺). */
  readonly lambda: number;
  /** Label-noise variance Δ ≥ 0. */
  readonly noise: number;
}

/**
 * The exact asymptotic (D → ∞, P = αD) test error of ridge regression for the isotropic linear
 * teacher (|w*|²/D → 1, SNR 1/Δ). With γ = 1/α, λ_H = λ/α (the ridge of the mean-loss
 * normalization), m = m_γ(−λ_H), m' = ∫dμ_γ(s)/(s + λ_H)² = (γm² + m)/√((1 − γ + λ_H)² + 4γλ_H):
 *
 *   bias = λ_H² m',   variance = Δγ (m − λ_H m'),   excess = bias + variance,
 *   test error = excess + Δ.
 *
 * Limits: λ → 0⁺ gives excess = Δ/(α − 1) for α > 1 and (1 − α) + Δα/(1 − α) for α < 1 (the
 * min-norm interpolator; infinite at α = 1 when Δ > 0); λ → ∞ or α = 0 gives the null
 * estimator's excess 1; α → ∞ gives 0. The excess is minimized over λ at λ* = Δ (see
 * {@link ridgeOptimalLambda}), where it is monotone in α.
 *
 * @param options - see {@link RidgeRiskOptions}
 * @returns the test error, excess risk, bias and variance (Infinity at α = 1, λ = 0, Δ > 0)
 * @see T. Hastie, A. Montanari, S. Rosset, R. J. Tibshirani, "Surprises in high-dimensional
 *   ridgeless least squares interpolation", Ann. Statist. 50, 949 (2022), Theorems 1–2 and 5
 * @see A. Krogh, J. A. Hertz, "Generalization in a linear perceptron in the presence of noise",
 *   J. Phys. A 25, 1135 (1992)
 */
export function ridgeRisk(options: RidgeRiskOptions): RidgeRisk {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const alpha = checkNumber(options.alpha, 'alpha', { min: 0 });
  const lambda = checkNumber(options.lambda, 'lambda', { min: 0 });
  const noise = checkNumber(options.noise, 'noise', { min: 0 });
  const out = (bias: number, variance: number): RidgeRisk => ({
    testError: bias + variance + noise,
    excess: bias + variance,
    bias,
    variance,
  });
  if (alpha === 0) return out(1, 0);
  const gamma = 1 / alpha;
  const lh = lambda / alpha;
  if (lh === 0) {
    if (alpha > 1) return out(0, noise / (alpha - 1));
    if (alpha < 1) return out(1 - alpha, (noise * alpha) / (1 - alpha));
    return out(0, noise === 0 ? 0 : Number.POSITIVE_INFINITY);
  }
  const m = marchenkoPasturStieltjes(gamma, lh);
  const b = 1 - gamma + lh;
  const root = Math.sqrt(b * b + 4 * gamma * lh);
  const mPrime = (gamma * m * m + m) / root;
  // m − λm' = m (√· + 1 − γ − λ)/(2√·); the bracket rationalized where it would cancel
  const c = gamma - 1 + lh;
  const bracket = c >= 0 ? (4 * lh) / (root + c) : root - c;
  const bias = lh * lh * mPrime;
  const variance = noise === 0 ? 0 : (noise * gamma * m * bracket) / (2 * root);
  return out(bias, variance);
}

/**
 * The ridge that minimizes the asymptotic excess risk of {@link ridgeRisk} at every α: the
 * noise-to-signal ratio, λ* = Δ/(|w*|²/D) = Δ in this normalization (λ_H* = Δγ in the
 * mean-loss one). It is also the Bayes-optimal (posterior-mean) estimator for the Gaussian prior.
 *
 * @param noise - the label-noise variance Δ ≥ 0
 * @returns λ* = Δ
 * @see T. Hastie et al., Ann. Statist. 50, 949 (2022), Theorem 5 / Corollary 5
 * @see A. Krogh, J. A. Hertz, J. Phys. A 25, 1135 (1992)
 */
export function ridgeOptimalLambda(noise: number): number {
  return checkNumber(noise, 'noise', { min: 0 });
}

/** Options of {@link ridgeEstimator}. */
export interface RidgeEstimatorOptions {
  /** Input dimension D ≥ 1 (x has P·D entries, row-major). */
  readonly d: number;
  /** Ridge λ ≥ 0; λ = 0 gives least squares (P > D) or the min-norm interpolator (P < D). */
  readonly lambda: number;
}

/**
 * The ridge estimator ŵ = argmin Σ_μ (y_μ − w·x_μ/√D)² + λ|w|², i.e.
 *
 *   ŵ = (XᵀX/D + λI_D)⁻¹ Xᵀy/√D = Xᵀ/√D (XXᵀ/D + λI_P)⁻¹ y,
 *
 * formed in f64 and solved on the smaller side (D×D when P ≥ D, else P×P — the second form
 * is the min-norm interpolator at λ = 0).
 *
 * @param x - the P×D inputs, row-major
 * @param y - the P labels
 * @param options - see {@link RidgeEstimatorOptions}
 * @returns ŵ (D entries)
 * @throws RangeError on shapes or λ; Error when the system is singular (λ = 0, P = D degenerate)
 * @see T. Hastie et al., Ann. Statist. 50, 949 (2022)
 */
export function ridgeEstimator(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: RidgeEstimatorOptions,
): Float64Array {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const d = checkInteger(options.d, 'd', { min: 1 });
  const lambda = checkNumber(options.lambda, 'lambda', { min: 0 });
  const p = y.length;
  if (x.length !== p * d) throw new RangeError(`x: expected P×D = ${p}×${d} = ${p * d} entries, got ${x.length}`);
  for (let k = 0; k < x.length; k++)
    if (!Number.isFinite(x[k])) throw new RangeError(`x: entry ${k} is not finite (${x[k]})`);
  for (let k = 0; k < p; k++) if (!Number.isFinite(y[k])) throw new RangeError(`y: entry ${k} is not finite (${y[k]})`);
  const w = new Float64Array(d);
  if (p === 0) return w;
  const sd = Math.sqrt(d);
  if (p >= d) {
    // XᵀX/D from the rows of Xᵀ, then Cholesky (pivoted elimination only if λ = 0 leaves it singular)
    const xt = transpose(x, p, d);
    const a = new Float64Array(d * d);
    gramRows(xt, d, p, 1 / d, a);
    const rhs = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      const o = i * p;
      let s = 0;
      for (let mu = 0; mu < p; mu++) s += xt[o + mu]! * y[mu]!;
      rhs[i] = s / sd;
      a[i * d + i] = a[i * d + i]! + lambda;
    }
    return solveSpd(a, rhs, d);
  }
  const g = new Float64Array(p * p);
  gramRows(x, p, d, 1 / d, g);
  for (let mu = 0; mu < p; mu++) g[mu * p + mu] = g[mu * p + mu]! + lambda;
  const c = solveSpd(g, Float64Array.from(y), p);
  for (let mu = 0; mu < p; mu++) {
    const cm = c[mu]! / sd;
    const o = mu * d;
    for (let i = 0; i < d; i++) w[i] = w[i]! + cm * x[o + i]!;
  }
  return w;
}

/**
 * Solves the symmetric positive semi-definite system A z = b: Cholesky in place when A is
 * positive definite (always for λ > 0), else Gaussian elimination with pivoting on the original
 * (which throws on a singular A). Overwrites a and b.
 */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const copy = a.slice();
  if (cholesky(a, n) < 0) {
    choleskySolve(a, n, b);
    return b;
  }
  return solveLinear(copy, b, n);
}

/** Options of {@link ridgeSimulation}. */
export interface RidgeSimulationOptions {
  /** Input dimension D ≥ 1. */
  readonly d: number;
  /** Sample ratio α = P/D ≥ 0, P = round(αD). */
  readonly alpha: number;
  /** Ridge λ ≥ 0 (see {@link ridgeEstimator}). */
  readonly lambda: number;
  /** Label-noise variance Δ ≥ 0. */
  readonly noise: number;
  /** Independent instances (teacher, data, noise), ≥ 1. */
  readonly trials: number;
  /** Seed of the Philox key; trial t draws from stream t. */
  readonly seed: number | bigint;
}

/** The answer of {@link ridgeSimulation}. */
export interface RidgeSimulationResult {
  /** The number of samples P = round(αD). */
  readonly samples: number;
  /** Mean over trials of the test error |ŵ − w*|²/D + Δ (exact expectation over a fresh sample). */
  readonly testError: number;
  /** Its standard error over trials (0 for one trial). */
  readonly stderr: number;
  /** Mean over trials of the excess risk |ŵ − w*|²/D. */
  readonly excess: number;
  /** The test error of each trial. */
  readonly perTrial: Float64Array;
  /** The asymptotic theory {@link ridgeRisk} at the same α = P/D actually used, λ, Δ. */
  readonly theory: RidgeRisk;
}

/**
 * Labels of the noisy linear teacher, y_μ = w*·x_μ/√D + √Δ ξ_μ, one ξ_μ ~ N(0, 1) drawn from
 * `rng` per row in order (internal; shared by the ridge and random-features simulations).
 * @param x - P × D inputs, row-major; `y` receives the P labels
 */
export function noisyLinearLabels(
  rng: PhiloxRng,
  teacher: Float64Array,
  x: Float64Array,
  noise: number,
  y: Float64Array,
): void {
  const d = teacher.length;
  const sd = Math.sqrt(d);
  const sn = Math.sqrt(noise);
  for (let mu = 0; mu < y.length; mu++) {
    let s = 0;
    const o = mu * d;
    for (let i = 0; i < d; i++) s += teacher[i]! * x[o + i]!;
    y[mu] = s / sd + sn * rng.nextNormal();
  }
}

/**
 * Simulates ridge regression on the linear teacher: per trial, w* ~ N(0, I_D), P = round(αD)
 * inputs x_μ ~ N(0, I_D), labels y_μ = w*·x_μ/√D + √Δ ξ_μ, then ŵ by {@link ridgeEstimator}
 * and its test error on a fresh sample, in closed form E(y − ŵ·x/√D)² = |ŵ − w*|²/D + Δ
 * (no test set is drawn). Trial t uses `new PhiloxRng(seed, t)`: w*, then x row-major, then ξ.
 *
 * @param options - see {@link RidgeSimulationOptions}
 * @returns the mean test error and its standard error beside {@link ridgeRisk}
 * @see T. Hastie et al., Ann. Statist. 50, 949 (2022)
 */
export function ridgeSimulation(options: RidgeSimulationOptions): RidgeSimulationResult {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const d = checkInteger(options.d, 'd', { min: 1 });
  const alpha = checkNumber(options.alpha, 'alpha', { min: 0 });
  const lambda = checkNumber(options.lambda, 'lambda', { min: 0 });
  const noise = checkNumber(options.noise, 'noise', { min: 0 });
  const trials = checkInteger(options.trials, 'trials', { min: 1 });
  if (trials > 0x100000000) throw new RangeError(`trials: expected at most 2^32, got ${trials}`);
  if (options.seed === undefined) throw new RangeError('seed: required');
  const p = Math.round(alpha * d);
  if (lambda === 0 && p === d)
    throw new RangeError(`lambda: λ = 0 at P = D = ${d} is the interpolation threshold (infinite risk); use λ > 0`);
  const wStar = new Float64Array(d);
  const x = new Float64Array(p * d);
  const y = new Float64Array(p);
  const perTrial = new Float64Array(trials);
  let sumExcess = 0;
  for (let t = 0; t < trials; t++) {
    const rng = new PhiloxRng(options.seed, t);
    for (let i = 0; i < d; i++) wStar[i] = rng.nextNormal();
    for (let k = 0; k < x.length; k++) x[k] = rng.nextNormal();
    noisyLinearLabels(rng, wStar, x, noise, y);
    const w = ridgeEstimator(x, y, { d, lambda });
    let e = 0;
    for (let i = 0; i < d; i++) e += (w[i]! - wStar[i]!) ** 2;
    e /= d;
    sumExcess += e;
    perTrial[t] = e + noise;
  }
  const { mean, stderr } = meanStderr(perTrial);
  return {
    samples: p,
    testError: mean,
    stderr,
    excess: sumExcess / trials,
    perTrial,
    theory: ridgeRisk({ alpha: p / d, lambda, noise }),
  };
}
