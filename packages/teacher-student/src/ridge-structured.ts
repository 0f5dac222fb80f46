/**
 * Ridge regression on structured inputs — the "strong and weak features" teacher–student model.
 * Inputs are anisotropic Gaussians x ~ N(0, Σ) with the two-block covariance
 *
 *   Σ = diag(σ_s² on the first φD coordinates (the salient block), σ_w² on the other (1 − φ)D (the weak block)),
 *
 * the teacher w* has independent entries N(0, θ_s²) on the salient block and N(0, θ_w²) on the weak
 * block (θ_s = θ_w = 1 by default: isotropic in weight space, so the salient directions carry most
 * of the signal when σ_s² > σ_w²), and the labels are y = w*·x/√D + √Δ ξ. The student is the ridge
 * estimator of {@link ridgeEstimator} in the normalization of ./ridge,
 *
 *   ŵ = argmin_w Σ_μ (y_μ − w·x_μ/√D)² + λ |w|²,   test error = (ŵ − w*)ᵀΣ(ŵ − w*)/D + Δ,
 *
 * simulated exactly (f64 normal equations) beside its exact asymptotic test error from the
 * anisotropic deterministic equivalent (a self-consistent effective ridge κ). With Σ = I it is
 * exactly {@link ridgeRisk}.
 * @module
 */
import { brent, ConvergenceError } from '@replica/spin-core/math';
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import { meanStderr } from './checks';
import { noisyLinearLabels, type RidgeRisk, ridgeEstimator } from './ridge';

/** Parameters of {@link structuredRidgeRisk}. */
export interface StructuredRidgeOptions {
  /** Sample ratio α = P/D ≥ 0. */
  readonly alpha: number;
  /** Ridge λ ≥ 0 of Σ_μ (y_μ − w·x_μ/√D)² + λ|w|² (λ = 0: the ridgeless / min-norm limit λ → 0⁺). */
  readonly lambda: number;
  /** Label-noise variance Δ ≥ 0. */
  readonly noise: number;
  /** Fraction φ ∈ (0, 1) of the coordinates in the salient block. */
  readonly salientFraction: number;
  /** Input variance σ_s² > 0 on the salient block. */
  readonly salientVariance: number;
  /** Input variance σ_w² > 0 on the weak block. */
  readonly weakVariance: number;
  /** Teacher scale θ_s ≥ 0: the salient entries of w* are N(0, θ_s²). Default 1. */
  readonly salientTeacher?: number;
  /** Teacher scale θ_w ≥ 0: the weak entries of w* are N(0, θ_w²). Default 1. */
  readonly weakTeacher?: number;
}

/** The asymptotic test error of structured ridge regression (see {@link structuredRidgeRisk}). */
export interface StructuredRidgeRisk extends RidgeRisk {
  /**
   * The effective ridge κ ≥ 0 (in units of the input variances): the root of
   * λ = κ (α − Σ_b φ_b s_b/(s_b + κ)); 0 in the ridgeless limit for α ≥ 1, +∞ at α = 0 (no data).
   */
  readonly kappa: number;
  /** The salient block's share of the excess, Σ_{i salient} s_i (ŵ_i − w*_i)²/D (bias + variance). */
  readonly salientExcess: number;
  /** The weak block's share of the excess, Σ_{i weak} s_i (ŵ_i − w*_i)²/D (bias + variance). */
  readonly weakExcess: number;
  /** The null estimator's test error (ŵ = 0): φ θ_s² σ_s² + (1 − φ) θ_w² σ_w² + Δ (the α = 0 and λ → ∞ limit). */
  readonly nullError: number;
}

function checkOptions(options: unknown): void {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
}

const checkPositive = (v: unknown, name: string): number => checkNumber(v, name, { min: 0, minExclusive: true });

const checkFraction = (v: unknown, name: string): number =>
  checkNumber(v, name, { min: 0, max: 1, minExclusive: true, maxExclusive: true });

/** The validated block parameters of the model (internal). */
interface Blocks {
  /** Block weights (φ, 1 − φ), each in [0, 1] (the realized fraction may hit 0 or 1). */
  readonly phi: readonly [number, number];
  /** Block input variances (σ_s², σ_w²). */
  readonly s: readonly [number, number];
  /** Block teacher variances (θ_s², θ_w²). */
  readonly theta2: readonly [number, number];
}

/** t = κ/(s + κ) and r = s/(s + κ) = 1 − t, safe for κ = 0 and κ = ∞. */
function shares(s: number, kappa: number): { t: number; r: number } {
  return { t: 1 / (1 + s / kappa), r: 1 / (1 + kappa / s) };
}

/**
 * The effective ridge κ (internal; α > 0, and λ > 0 or α < 1) as the root of the increasing
 * h(κ) = α − d₁(κ) − λ/κ, d₁(κ) = Σ_b φ_b s_b/(s_b + κ), by Brent's method on
 * v = log(κ/λ_H) (λ_H = λ/α; v ≥ 0 since κ ≥ λ_H) when λ > 0, on v = log κ when λ = 0. h is
 * evaluated as (α − 1) + Σ_b φ_b t_b − λ/κ for α ∈ [1/2, 2] (no cancellation near α = 1) and as
 * h/α = (1 − λ_H/κ) − d₁/α otherwise (none for tiny or huge α). Returns v and κ; the residual is checked.
 */
function solveKappa(alpha: number, lambda: number, blocks: Blocks): { v: number; kappa: number } {
  const { phi, s } = blocks;
  const sMax = Math.max(s[0], s[1]);
  const sMin = Math.min(s[0], s[1]);
  const sMean = phi[0] * s[0] + phi[1] * s[1];
  const logLh = lambda > 0 ? Math.log(lambda) - Math.log(alpha) : 0;
  const kappaOf = (v: number) => Math.exp(logLh + v);
  const nearOne = alpha >= 0.5 && alpha <= 2;
  const terms = (v: number): { h: number; scale: number } => {
    const kappa = kappaOf(v);
    const a = shares(s[0], kappa);
    const b = shares(s[1], kappa);
    // λ/κ = α λ_H/κ = α e^{−v} when λ > 0
    const lk = lambda > 0 ? alpha * Math.exp(-v) : 0;
    if (nearOne) {
      const sum = phi[0] * a.t + phi[1] * b.t;
      return { h: alpha - 1 + sum - lk, scale: Math.abs(alpha - 1) + sum + lk };
    }
    // divided by α (h/α has the same root and sign; keeps brent's products of h away from underflow)
    const first = lambda > 0 ? -Math.expm1(-v) : 1;
    const d1 = (phi[0] * a.r + phi[1] * b.r) / alpha;
    return { h: first - d1, scale: first + d1 };
  };
  // brackets (h increasing): λ > 0: h(λ_H) = −d₁ < 0 and h(2(λ + s̄)/α) ≥ α/2 > 0 since d₁ ≤ s̄/κ;
  // λ = 0, α < 1: h(s_min(1 − α)/2) ≤ (α − 1)/2 < 0 and h(2 s_max/α) ≥ 0 since κ/(s_max + κ) ≥ 1 − α there.
  const lo = lambda > 0 ? 0 : Math.log(sMin) + Math.log1p(-alpha) - Math.LN2;
  const hi =
    lambda > 0 ? Math.LN2 + Math.log(lambda + sMean) - Math.log(lambda) : Math.LN2 + Math.log(sMax) - Math.log(alpha);
  let v: number;
  try {
    v = brent((u) => terms(u).h, lo, hi, { tol: 1e-300, maxIterations: 1000 });
  } catch (e) {
    if (e instanceof ConvergenceError) throw e;
    throw new ConvergenceError(
      `structuredRidgeRisk: the effective-ridge equation could not be solved (${(e as Error).message})`,
      Number.NaN,
      0,
    );
  }
  const { h, scale } = terms(v);
  const residual = Math.abs(h);
  if (!Number.isFinite(v) || !(residual <= 1e-9 * scale))
    throw new ConvergenceError(
      `structuredRidgeRisk: effective ridge κ = ${kappaOf(v)} leaves residual ${residual} (α = ${alpha}, λ = ${lambda})`,
      residual,
      0,
    );
  return { v, kappa: kappaOf(v) };
}

/** The theory at validated parameters, φ ∈ [0, 1] allowed (internal: the simulation uses the realized φ). */
function riskAt(alpha: number, lambda: number, noise: number, blocks: Blocks): StructuredRidgeRisk {
  const { phi, s, theta2 } = blocks;
  const nullExcess = [phi[0] * theta2[0] * s[0], phi[1] * theta2[1] * s[1]] as const;
  const nullError = nullExcess[0] + nullExcess[1] + noise;
  const out = (kappa: number, parts: readonly [number, number, number, number]): StructuredRidgeRisk => {
    const [bs, bw, vs, vw] = parts;
    const bias = bs + bw;
    const variance = vs + vw;
    return {
      testError: bias + variance + noise,
      excess: bias + variance,
      bias,
      variance,
      kappa,
      salientExcess: bs + vs,
      weakExcess: bw + vw,
      nullError,
    };
  };
  if (alpha === 0) return out(Number.POSITIVE_INFINITY, [nullExcess[0], nullExcess[1], 0, 0]);
  if (lambda === 0 && alpha >= 1) {
    // κ → 0: no bias; the variance Δ d₂/(α − d₂) with d₂ = 1, split by the block weights
    if (alpha === 1) {
      const v = noise === 0 ? 0 : Number.POSITIVE_INFINITY;
      return out(0, [0, 0, phi[0] > 0 ? v : 0, phi[1] > 0 ? v : 0]);
    }
    const v = noise / (alpha - 1);
    return out(0, [0, 0, phi[0] * v, phi[1] * v]);
  }
  const { v, kappa } = solveKappa(alpha, lambda, blocks);
  // α − d₂ = (α − d₁) + (d₁ − d₂) = λ/κ + Σ_b φ_b r_b t_b at the root: a sum of positive terms
  const a = shares(s[0], kappa);
  const b = shares(s[1], kappa);
  const t = [a.t, b.t] as const;
  const r = [a.r, b.r] as const;
  const denom = (lambda > 0 ? alpha * Math.exp(-v) : 0) + phi[0] * r[0] * t[0] + phi[1] * r[1] * t[1];
  // block k: its own shrinkage κ²b_k = φ_k θ_k² s_k t_k², plus its share d₂ₖ = φ_k r_k² of the
  // inflation (κ²b + Δ)/(α − d₂) (the bias part κ²b, the variance part Δ)
  const shrink = [nullExcess[0] * t[0] * t[0], nullExcess[1] * t[1] * t[1]] as const;
  const inflation = (shrink[0] + shrink[1]) / denom;
  const d2k = [phi[0] * r[0] * r[0], phi[1] * r[1] * r[1]] as const;
  const biasPart = (k: 0 | 1) => shrink[k] + inflation * d2k[k];
  const variancePart = (k: 0 | 1) => (noise === 0 ? 0 : (noise * d2k[k]) / denom);
  return out(kappa, [biasPart(0), biasPart(1), variancePart(0), variancePart(1)]);
}

function blocksOf(options: StructuredRidgeOptions, phi: number): Blocks {
  const ss = checkPositive(options.salientVariance, 'salientVariance');
  const sw = checkPositive(options.weakVariance, 'weakVariance');
  const ts = checkNumber(options.salientTeacher ?? 1, 'salientTeacher', { min: 0 });
  const tw = checkNumber(options.weakTeacher ?? 1, 'weakTeacher', { min: 0 });
  return { phi: [phi, 1 - phi], s: [ss, sw], theta2: [ts * ts, tw * tw] };
}

/**
 * The exact asymptotic (D → ∞, P = αD) test error of ridge regression on the two-block
 * structured inputs, from the anisotropic deterministic equivalent. In the notation of this
 * module (blocks b ∈ {s, w} with weight φ_b ∈ {φ, 1 − φ}, input variance s_b = σ_b², teacher
 * variance θ_b²), the effective ridge κ > 0 is the unique root of
 *
 *   λ = κ (α − d₁(κ)),   d₁(κ) = Σ_b φ_b s_b/(s_b + κ)
 *
 * (the per-dimension form of κ − λ_H = (κ/P) tr Σ(Σ + κ)⁻¹ with λ_H = λ/α; solved by Brent on
 * log κ), and with d₂(κ) = Σ_b φ_b s_b²/(s_b + κ)²,
 *
 *   bias = α κ² Σ_b φ_b θ_b² s_b/(s_b + κ)² / (α − d₂),   variance = Δ d₂/(α − d₂),
 *   test error = bias + variance + Δ.
 *
 * (the per-dimension form of κ² βᵀΣ(Σ + κ)⁻²β/(1 − df₂/P) and Δ df₂/(P − df₂), with β = D^(−1/2) w*).
 * Block b's share of the excess (the test error restricted to its coordinates) is its own shrinkage
 * plus its part d₂ᵦ = φ_b s_b²/(s_b + κ)² of the common inflation (the general-test-covariance form
 * of the deterministic equivalent),
 *
 *   excess_b = κ² φ_b θ_b² s_b/(s_b + κ)² + (bias_0 + Δ) d₂ᵦ/(α − d₂),   bias_0 = κ² Σ_b φ_b θ_b² s_b/(s_b + κ)²,
 *
 * which sum to bias + variance. For σ_s² = σ_w² = 1, θ_s = θ_w = 1 this is {@link ridgeRisk}, with
 * κ/(1 + κ) = λ_H m_γ(−λ_H) (the Marchenko–Pastur Stieltjes transform, γ = 1/α). Ridgeless
 * limit λ → 0⁺: for α > 1, κ → 0 and the excess is Δ/(α − 1) whatever Σ; for α < 1, κ → κ₀ > 0
 * with d₁(κ₀) = α (the min-norm interpolator); at α = 1 the variance is infinite when Δ > 0.
 * α = 0 and λ → ∞ give the null error φθ_s²σ_s² + (1 − φ)θ_w²σ_w² + Δ; α → ∞ gives Δ.
 *
 * @param options - see {@link StructuredRidgeOptions}
 * @returns the test error, excess, bias, variance, κ, the per-block excess and the null error
 * @throws RangeError naming a bad option; ConvergenceError when the κ equation is not solved
 * @see B. Loureiro, C. Gerbelot, H. Cui, S. Goldt, F. Krzakala, M. Mézard, L. Zdeborová,
 *   "Learning curves of generic features maps for realistic datasets with a teacher-student
 *   model", NeurIPS 2021 (arXiv:2102.08127) — the strong/weak features model
 * @see T. Hastie, A. Montanari, S. Rosset, R. J. Tibshirani, "Surprises in high-dimensional
 *   ridgeless least squares interpolation", Ann. Statist. 50, 949 (2022), sec. 5 (general Σ)
 * @see E. Dobriban, S. Wager, "High-dimensional asymptotics of prediction: ridge regression and
 *   classification", Ann. Statist. 46, 247 (2018)
 * @see F. Bach, "High-dimensional analysis of double descent for linear regression with random
 *   projections", SIAM J. Math. Data Sci. 6, 26 (2024) — the df₁, df₂ form used here
 */
export function structuredRidgeRisk(options: StructuredRidgeOptions): StructuredRidgeRisk {
  checkOptions(options);
  const alpha = checkNumber(options.alpha, 'alpha', { min: 0 });
  const lambda = checkNumber(options.lambda, 'lambda', { min: 0 });
  const noise = checkNumber(options.noise, 'noise', { min: 0 });
  const phi = checkFraction(options.salientFraction, 'salientFraction');
  return riskAt(alpha, lambda, noise, blocksOf(options, phi));
}

/** Options of {@link structuredRidgeSimulation}. */
export interface StructuredRidgeSimulationOptions extends StructuredRidgeOptions {
  /** Input dimension D ≥ 1; the salient block is the first round(φD) coordinates. */
  readonly d: number;
  /** Independent instances (teacher, data, noise), ≥ 1. */
  readonly trials: number;
  /** Seed of the Philox key; trial t draws from stream t. */
  readonly seed: number | bigint;
}

/** The answer of {@link structuredRidgeSimulation}. */
export interface StructuredRidgeSimulationResult {
  /** The number of samples P = round(αD). */
  readonly samples: number;
  /** The number of salient coordinates D_s = round(φD). */
  readonly salient: number;
  /** Mean over trials of the test error (ŵ − w*)ᵀΣ(ŵ − w*)/D + Δ (exact expectation over a fresh sample). */
  readonly testError: number;
  /** Its standard error over trials (0 for one trial). */
  readonly stderr: number;
  /** Mean over trials of the excess (ŵ − w*)ᵀΣ(ŵ − w*)/D. */
  readonly excess: number;
  /** Mean over trials of the salient block's share of the excess. */
  readonly salientExcess: number;
  /** Mean over trials of the weak block's share of the excess. */
  readonly weakExcess: number;
  /** The test error of each trial. */
  readonly perTrial: Float64Array;
  /** {@link structuredRidgeRisk} at the realized α = P/D and φ = D_s/D, and the same λ, Δ, Σ, θ. */
  readonly theory: StructuredRidgeRisk;
}

/**
 * Simulates ridge regression on the two-block structured inputs: per trial t, with
 * `new PhiloxRng(seed, t)`, the teacher w*_i = θ_b g_i, then the P×D inputs row-major,
 * x_μi = σ_b g_μi (σ_b = √(σ_b²) of coordinate i's block, the salient block first), then
 * y_μ = w*·x_μ/√D + √Δ ξ_μ; ŵ by {@link ridgeEstimator}; and the exact test error on a fresh
 * sample, E(y − ŵ·x/√D)² = Σ_i s_i (ŵ_i − w*_i)²/D + Δ (no test set is drawn).
 *
 * @param options - see {@link StructuredRidgeSimulationOptions}
 * @returns the mean test error and its standard error beside {@link structuredRidgeRisk}
 * @throws RangeError naming a bad option, and for λ = 0 exactly at P = D
 * @see B. Loureiro et al., NeurIPS 2021 (arXiv:2102.08127)
 * @see T. Hastie et al., Ann. Statist. 50, 949 (2022)
 */
export function structuredRidgeSimulation(options: StructuredRidgeSimulationOptions): StructuredRidgeSimulationResult {
  checkOptions(options);
  const d = checkInteger(options.d, 'd', { min: 1 });
  const alpha = checkNumber(options.alpha, 'alpha', { min: 0 });
  const lambda = checkNumber(options.lambda, 'lambda', { min: 0 });
  const noise = checkNumber(options.noise, 'noise', { min: 0 });
  const phi = checkFraction(options.salientFraction, 'salientFraction');
  const trials = checkInteger(options.trials, 'trials', { min: 1 });
  if (trials > 0x100000000) throw new RangeError(`trials: expected at most 2^32, got ${trials}`);
  if (options.seed === undefined) throw new RangeError('seed: required');
  const ds = Math.round(phi * d);
  const blocks = blocksOf(options, ds / d);
  const p = Math.round(alpha * d);
  if (lambda === 0 && p === d)
    throw new RangeError(`lambda: λ = 0 at P = D = ${d} is the interpolation threshold (infinite risk); use λ > 0`);
  const sd = [Math.sqrt(blocks.s[0]), Math.sqrt(blocks.s[1])] as const;
  const th = [Math.sqrt(blocks.theta2[0]), Math.sqrt(blocks.theta2[1])] as const;
  const wStar = new Float64Array(d);
  const x = new Float64Array(p * d);
  const y = new Float64Array(p);
  const perTrial = new Float64Array(trials);
  let sumSalient = 0;
  let sumWeak = 0;
  for (let t = 0; t < trials; t++) {
    const rng = new PhiloxRng(options.seed, t);
    for (let i = 0; i < d; i++) wStar[i] = (i < ds ? th[0] : th[1]) * rng.nextNormal();
    for (let mu = 0; mu < p; mu++) {
      const o = mu * d;
      for (let i = 0; i < d; i++) x[o + i] = (i < ds ? sd[0] : sd[1]) * rng.nextNormal();
    }
    noisyLinearLabels(rng, wStar, x, noise, y);
    const w = ridgeEstimator(x, y, { d, lambda });
    let es = 0;
    let ew = 0;
    for (let i = 0; i < ds; i++) es += (w[i]! - wStar[i]!) ** 2;
    for (let i = ds; i < d; i++) ew += (w[i]! - wStar[i]!) ** 2;
    es = (es * blocks.s[0]) / d;
    ew = (ew * blocks.s[1]) / d;
    sumSalient += es;
    sumWeak += ew;
    perTrial[t] = es + ew + noise;
  }
  const { mean, stderr } = meanStderr(perTrial);
  return {
    samples: p,
    salient: ds,
    testError: mean,
    stderr,
    excess: (sumSalient + sumWeak) / trials,
    salientExcess: sumSalient / trials,
    weakExcess: sumWeak / trials,
    perTrial,
    theory: riskAt(p / d, lambda, noise, blocks),
  };
}
