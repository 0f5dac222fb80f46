/**
 * Random-features regression in the teacher–student scenario — the linear teacher
 * y = w*·x/√D + √Δ ξ (x ~ N(0, I_D), w* ~ N(0, I_D), ξ ~ N(0, 1)) learnt from P = αD samples by a
 * two-layer student whose first layer F (p×D, F_ij ~ N(0, 1)) is random and frozen,
 *
 *   z = σ(F x/√D),   σ(u) = max(u, 0) − 1/√(2π)   (the ReLU, centred: E σ(g) = 0 for g ~ N(0, 1)),
 *
 * and whose second layer is trained by ridge,
 *
 *   â = argmin_a Σ_μ (y_μ − a·z_μ/√p)² + λ |a|².
 *
 * The test error E_{x,ξ}(y − â·z/√p)² of each instance is computed exactly (no test set) from the
 * Gaussian formulas of the ReLU (the arc-cosine kernel and Stein's lemma). Sweeping the width p at
 * fixed P gives the random-features double descent: a peak at the interpolation threshold p = P
 * for small λ, smoothed away by larger λ.
 *
 * There is no closed-form theory here. Beside the simulation, {@link gaussianEquivalentSimulation}
 * simulates the *Gaussian-equivalent model* z = μ₁ F x/√D + μ_* ξ' (ξ' ~ N(0, I_p) fresh per
 * sample; μ₁ = E[g σ(g)] = 1/2, μ_*² = E σ(g)² − μ₁² = 1/4 − 1/(2π) for the centred ReLU), whose
 * asymptotic test error is the one the random-features model is conjectured/proved to share.
 * @module
 */

import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import { meanStderr } from './checks';
import { noisyLinearLabels, ridgeEstimator } from './ridge';

/** The centring constant of the ReLU, E max(g, 0) = 1/√(2π) for g ~ N(0, 1). */
const RELU_MEAN = 1 / Math.sqrt(2 * Math.PI);

/** The centred ReLU σ(u) = max(u, 0) − 1/√(2π) of the random-features student. */
export function centredRelu(u: number): number {
  return Math.max(u, 0) - RELU_MEAN;
}

/**
 * The Gaussian-equivalence coefficients of the centred ReLU σ for g ~ N(0, 1):
 * μ₀ = E σ(g) = 0, μ₁ = E[g σ(g)] = 1/2, μ_*² = E σ(g)² − μ₀² − μ₁² = 1/4 − 1/(2π).
 *
 * @see S. Mei, A. Montanari, "The generalization error of random features regression: precise
 *   asymptotics and double descent curve", Comm. Pure Appl. Math. 75, 667 (2022) (arXiv:1908.05355)
 * @see S. Goldt, B. Loureiro, G. Reeves, F. Krzakala, M. Mézard, L. Zdeborová, "The Gaussian
 *   equivalence of generative models for learning with shallow neural networks" (2020);
 *   F. Gerace et al., "Generalisation error in learning with random features and the hidden
 *   manifold model", ICML (2020)
 */
export const RELU_GAUSSIAN_EQUIVALENT: { readonly mu0: number; readonly mu1: number; readonly muStar: number } =
  Object.freeze({ mu0: 0, mu1: 0.5, muStar: Math.sqrt(0.25 - 1 / (2 * Math.PI)) });

/** One instance of the random-features problem (see {@link randomFeaturesInstance}). */
export interface RandomFeaturesInstance {
  /** Input dimension D. */
  readonly d: number;
  /** Width p (number of random features). */
  readonly width: number;
  /** Number of samples P. */
  readonly samples: number;
  /** The teacher w* (D entries). */
  readonly teacher: Float64Array;
  /** The frozen first layer F, p×D row-major. */
  readonly features: Float64Array;
  /** The inputs X, P×D row-major. */
  readonly x: Float64Array;
  /** The labels y (P entries). */
  readonly y: Float64Array;
  /** The features Z = σ(X Fᵀ/√D), P×p row-major. */
  readonly z: Float64Array;
}

/** Options of {@link randomFeaturesInstance}. */
export interface RandomFeaturesInstanceOptions {
  readonly d: number;
  readonly width: number;
  readonly samples: number;
  /** Label-noise variance Δ ≥ 0. */
  readonly noise: number;
  /** Draws, in order: w* (D), F (p×D row-major), X (P×D row-major), ξ (P). */
  readonly rng: PhiloxRng;
}

/**
 * Draws one random-features instance: w* ~ N(0, I_D), F_ij ~ N(0, 1), x_μ ~ N(0, I_D),
 * y_μ = w*·x_μ/√D + √Δ ξ_μ, and the features z_μ = σ(F x_μ/√D) with the centred ReLU σ.
 */
export function randomFeaturesInstance(options: RandomFeaturesInstanceOptions): RandomFeaturesInstance {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const d = checkInteger(options.d, 'd', { min: 1 });
  const p = checkInteger(options.width, 'width', { min: 1 });
  const n = checkInteger(options.samples, 'samples', { min: 0 });
  const noise = checkNumber(options.noise, 'noise', { min: 0 });
  const rng = options.rng;
  const sd = Math.sqrt(d);
  const teacher = new Float64Array(d);
  for (let i = 0; i < d; i++) teacher[i] = rng.nextNormal();
  const features = new Float64Array(p * d);
  for (let k = 0; k < features.length; k++) features[k] = rng.nextNormal();
  const x = new Float64Array(n * d);
  for (let k = 0; k < x.length; k++) x[k] = rng.nextNormal();
  const y = new Float64Array(n);
  const z = new Float64Array(n * p);
  noisyLinearLabels(rng, teacher, x, noise, y); // the features draw nothing: the Philox order is unchanged
  for (let mu = 0; mu < n; mu++) {
    const o = mu * d;
    for (let j = 0; j < p; j++) {
      const f = j * d;
      let u = 0;
      for (let i = 0; i < d; i++) u += features[f + i]! * x[o + i]!;
      z[mu * p + j] = centredRelu(u / sd);
    }
  }
  return { d, width: p, samples: n, teacher, features, x, y, z };
}

/**
 * The second layer â = argmin_a Σ_μ (y_μ − a·z_μ/√p)² + λ|a|² = (ZᵀZ/p + λI)⁻¹ Zᵀy/√p, by
 * {@link ridgeEstimator} on the features (f64 normal equations on the smaller side of P×p).
 *
 * @param z - the P×p features, row-major
 * @param y - the P labels
 * @param width - p
 * @param lambda - λ ≥ 0
 */
export function randomFeaturesEstimator(
  z: ArrayLike<number>,
  y: ArrayLike<number>,
  width: number,
  lambda: number,
): Float64Array {
  return ridgeEstimator(z, y, { d: width, lambda });
}

/**
 * The exact test error E_{x,ξ}(y − a·z/√p)² of second layer a on the instance's teacher and first
 * layer, over a fresh x ~ N(0, I_D) and ξ. With u_i = F_i·x/√D ~ N(0, s_i²), s_i² = |F_i|²/D,
 * cos θ_ij = F_i·F_j/(D s_i s_j), c = 1/√(2π):
 *
 *   E[z_i] = c (s_i − 1),   E[y z_i] = w*·F_i/(2D)   (Stein: E[x relu(u_i)] = F_i/(2√D)),
 *   E[z_i z_j] = s_i s_j (sin θ + (π − θ) cos θ)/(2π) − c²(s_i + s_j) + c²   (arc-cosine kernel),
 *
 *   E(y − a·z/√p)² = |w*|²/D + Δ − (2/√p) Σ_i a_i E[y z_i] + (1/p) Σ_ij a_i a_j E[z_i z_j].
 *
 * @see Y. Cho, L. K. Saul, "Kernel methods for deep learning", NIPS (2009) (the arc-cosine kernel)
 */
export function randomFeaturesTestError(
  instance: Pick<RandomFeaturesInstance, 'd' | 'width' | 'teacher' | 'features'>,
  a: ArrayLike<number>,
  noise: number,
): number {
  const { d, width: p, teacher, features } = instance;
  if (a.length !== p) throw new RangeError(`a: expected ${p} entries, got ${a.length}`);
  const c2 = RELU_MEAN * RELU_MEAN;
  const s = new Float64Array(p);
  let wNorm = 0;
  for (let i = 0; i < d; i++) wNorm += teacher[i]! ** 2;
  let cross = 0;
  for (let j = 0; j < p; j++) {
    const f = j * d;
    let ss = 0;
    let wf = 0;
    for (let i = 0; i < d; i++) {
      const v = features[f + i]!;
      ss += v * v;
      wf += teacher[i]! * v;
    }
    s[j] = Math.sqrt(ss / d);
    cross += a[j]! * (wf / (2 * d));
  }
  let quad = 0;
  for (let j = 0; j < p; j++) {
    const aj = a[j]!;
    const sj = s[j]!;
    quad += aj * aj * ((sj * sj) / 2 - 2 * c2 * sj + c2);
    const f = j * d;
    for (let k = j + 1; k < p; k++) {
      const g = k * d;
      let dot = 0;
      for (let i = 0; i < d; i++) dot += features[f + i]! * features[g + i]!;
      const sk = s[k]!;
      const cos = Math.max(-1, Math.min(1, dot / (d * sj * sk)));
      const th = Math.acos(cos);
      const m = (sj * sk * (Math.sqrt(1 - cos * cos) + (Math.PI - th) * cos)) / (2 * Math.PI) - c2 * (sj + sk) + c2;
      quad += 2 * aj * a[k]! * m;
    }
  }
  return wNorm / d + noise - (2 / Math.sqrt(p)) * cross + quad / p;
}

/** Options of {@link randomFeaturesSimulation} and {@link gaussianEquivalentSimulation}. */
export interface RandomFeaturesSimulationOptions {
  /** Input dimension D ≥ 1. */
  readonly d: number;
  /** Sample ratio α = P/D > 0, P = round(αD). */
  readonly alpha: number;
  /** Width ratio p/P > 0, p = max(1, round(ratio·P)). */
  readonly widthRatio: number;
  /** Ridge λ ≥ 0 of the second layer (see {@link randomFeaturesEstimator}). */
  readonly lambda: number;
  /** Label-noise variance Δ ≥ 0. */
  readonly noise: number;
  /** Independent instances (teacher, features, data, noise), ≥ 1. */
  readonly trials: number;
  /** Seed of the Philox key; trial t draws from stream t. */
  readonly seed: number | bigint;
}

/** The answer of {@link randomFeaturesSimulation} / {@link gaussianEquivalentSimulation}. */
export interface RandomFeaturesSimulationResult {
  /** P = round(αD). */
  readonly samples: number;
  /** p = max(1, round(widthRatio·P)). */
  readonly width: number;
  /** Mean over trials of the exact test error E(y − â·z/√p)². */
  readonly testError: number;
  /** Its standard error over trials (0 for one trial). */
  readonly stderr: number;
  /** Mean over trials of the null predictor's error |w*|²/D + Δ (≈ 1 + Δ), the λ → ∞ limit. */
  readonly nullError: number;
  /** The test error of each trial. */
  readonly perTrial: Float64Array;
}

function sizes(options: RandomFeaturesSimulationOptions) {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const d = checkInteger(options.d, 'd', { min: 1 });
  const alpha = checkNumber(options.alpha, 'alpha', { min: 0 });
  const ratio = checkNumber(options.widthRatio, 'widthRatio', { min: 0 });
  const lambda = checkNumber(options.lambda, 'lambda', { min: 0 });
  const noise = checkNumber(options.noise, 'noise', { min: 0 });
  const trials = checkInteger(options.trials, 'trials', { min: 1 });
  if (trials > 0x100000000) throw new RangeError(`trials: expected at most 2^32, got ${trials}`);
  if (options.seed === undefined) throw new RangeError('seed: required');
  const samples = Math.round(alpha * d);
  if (samples < 1) throw new RangeError(`alpha: P = round(αD) must be ≥ 1, got ${samples}`);
  const width = Math.max(1, Math.round(ratio * samples));
  if (lambda === 0 && width === samples)
    throw new RangeError(`lambda: λ = 0 at p = P = ${samples} is the interpolation threshold; use λ > 0`);
  return { d, samples, width, lambda, noise, trials };
}

function summarize(
  samples: number,
  width: number,
  perTrial: Float64Array,
  nullSum: number,
): RandomFeaturesSimulationResult {
  const { mean, stderr } = meanStderr(perTrial);
  return { samples, width, testError: mean, stderr, nullError: nullSum / perTrial.length, perTrial };
}

/**
 * Simulates random-features ridge regression: per trial (`new PhiloxRng(seed, t)`), an instance by
 * {@link randomFeaturesInstance}, â by {@link randomFeaturesEstimator}, and its exact test error by
 * {@link randomFeaturesTestError}.
 *
 * @param options - see {@link RandomFeaturesSimulationOptions}
 * @returns the mean test error over trials with its standard error
 * @see S. Mei, A. Montanari, Comm. Pure Appl. Math. 75, 667 (2022)
 */
export function randomFeaturesSimulation(options: RandomFeaturesSimulationOptions): RandomFeaturesSimulationResult {
  const { d, samples, width, lambda, noise, trials } = sizes(options);
  const perTrial = new Float64Array(trials);
  let nullSum = 0;
  for (let t = 0; t < trials; t++) {
    const inst = randomFeaturesInstance({ d, width, samples, noise, rng: new PhiloxRng(options.seed, t) });
    const a = randomFeaturesEstimator(inst.z, inst.y, width, lambda);
    perTrial[t] = randomFeaturesTestError(inst, a, noise);
    let w2 = 0;
    for (let i = 0; i < d; i++) w2 += inst.teacher[i]! ** 2;
    nullSum += w2 / d + noise;
  }
  return summarize(samples, width, perTrial, nullSum);
}

/**
 * Simulates the Gaussian-equivalent model of the centred-ReLU random features (a *simulation*,
 * not a closed form): per trial (`new PhiloxRng(seed, t)`: w*, F, X, ξ, then ξ' P×p row-major),
 * features z_μ = μ₁ F x_μ/√D + μ_* ξ'_μ with {@link RELU_GAUSSIAN_EQUIVALENT}, â by ridge, and the
 * exact test error of that linear-Gaussian model,
 *
 *   E(y − a·z/√p)² = |w*|²/D + Δ − 2μ₁ w*·Fᵀa/(D√p) + (μ₁² |Fᵀa|²/D + μ_*² |a|²)/p.
 *
 * Run it at a larger D than {@link randomFeaturesSimulation} to approximate the D → ∞ curve.
 *
 * @see S. Mei, A. Montanari, Comm. Pure Appl. Math. 75, 667 (2022); F. Gerace et al., ICML (2020)
 */
export function gaussianEquivalentSimulation(options: RandomFeaturesSimulationOptions): RandomFeaturesSimulationResult {
  const { d, samples, width: p, lambda, noise, trials } = sizes(options);
  const { mu1, muStar } = RELU_GAUSSIAN_EQUIVALENT;
  const sd = Math.sqrt(d);
  const sn = Math.sqrt(noise);
  const perTrial = new Float64Array(trials);
  const teacher = new Float64Array(d);
  const features = new Float64Array(p * d);
  const x = new Float64Array(samples * d);
  const y = new Float64Array(samples);
  const z = new Float64Array(samples * p);
  const fta = new Float64Array(d);
  let nullSum = 0;
  for (let t = 0; t < trials; t++) {
    const rng = new PhiloxRng(options.seed, t);
    for (let i = 0; i < d; i++) teacher[i] = rng.nextNormal();
    for (let k = 0; k < features.length; k++) features[k] = rng.nextNormal();
    for (let k = 0; k < x.length; k++) x[k] = rng.nextNormal();
    for (let mu = 0; mu < samples; mu++) {
      let s = 0;
      const o = mu * d;
      for (let i = 0; i < d; i++) s += teacher[i]! * x[o + i]!;
      y[mu] = s / sd + sn * rng.nextNormal();
      for (let j = 0; j < p; j++) {
        const f = j * d;
        let u = 0;
        for (let i = 0; i < d; i++) u += features[f + i]! * x[o + i]!;
        z[mu * p + j] = (mu1 * u) / sd;
      }
    }
    for (let k = 0; k < z.length; k++) z[k] = z[k]! + muStar * rng.nextNormal();
    const a = ridgeEstimator(z, y, { d: p, lambda });
    fta.fill(0);
    let a2 = 0;
    for (let j = 0; j < p; j++) {
      const aj = a[j]!;
      a2 += aj * aj;
      const f = j * d;
      for (let i = 0; i < d; i++) fta[i] = fta[i]! + aj * features[f + i]!;
    }
    let w2 = 0;
    let wf = 0;
    let f2 = 0;
    for (let i = 0; i < d; i++) {
      w2 += teacher[i]! ** 2;
      wf += teacher[i]! * fta[i]!;
      f2 += fta[i]! ** 2;
    }
    nullSum += w2 / d + noise;
    perTrial[t] =
      w2 / d + noise - (2 * mu1 * wf) / (d * Math.sqrt(p)) + ((mu1 * mu1 * f2) / d + muStar * muStar * a2) / p;
  }
  return summarize(samples, p, perTrial, nullSum);
}
