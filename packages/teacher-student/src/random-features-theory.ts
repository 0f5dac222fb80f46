/**
 * The exact asymptotic test error of random-features ridge regression on the noisy linear
 * teacher — the closed-form curve beside the simulations of `./random-features`.
 *
 * The setting is the one simulated there: y = w*·x/√D + √Δ ξ (x ~ N(0, I_D), |w*|²/D → 1),
 * features z = σ(F x/√D) with F_ij ~ N(0, 1) frozen (p×D), and the second layer
 *
 *   â = argmin_a Σ_μ (y_μ − a·z_μ/√p)² + λ |a|²   (P = αD samples).
 *
 * As D, p, P → ∞ at fixed ratios the test error of σ equals that of its Gaussian-equivalent
 * linear model z = μ₁ F x/√D + μ_* ξ' (μ₀ = 0), and conditionally on F that is ridge
 * regression with the anisotropic Gaussian covariate z ~ N(0, Σ), Σ = μ₁² FFᵀ/D + μ_*² I_p,
 * whose deterministic equivalent needs only the Marchenko–Pastur law of FFᵀ/D (ratio p/D).
 * The whole curve is therefore given by one scalar fixed point (the effective ridge κ), solved
 * by bracketed root finding, and closed-form Stieltjes transforms.
 * @module
 */

import { brent, ConvergenceError } from '@replica/spin-core/math';
import { checkNumber } from '@replica/webgpu-kernels';
import { RELU_GAUSSIAN_EQUIVALENT } from './random-features';
import { marchenkoPasturStieltjes } from './ridge';

/** Parameters of {@link randomFeaturesRisk}. */
export interface RandomFeaturesRiskOptions {
  /** Sample ratio α = P/D ≥ 0 (α = 0: no data, the null error 1 + Δ). */
  readonly alpha: number;
  /**
   * Width ratio p/P > 0 — the number of features over the number of samples, exactly the
   * `widthRatio` of `randomFeaturesSimulation` / `gaussianEquivalentSimulation`, so one options
   * object serves theory and simulation. The features-over-input-dimension ratio of
   * Mei–Montanari is ψ₁ = p/D = α · widthRatio; the interpolation peak is at widthRatio = 1.
   */
  readonly widthRatio: number;
  /**
   * Ridge λ ≥ 0 of Σ_μ (y_μ − a·z_μ/√p)² + λ|a|² (summed loss, as in the simulations);
   * λ = 0 is the ridgeless limit λ → 0⁺ (the minimum-norm interpolator when p > P).
   */
  readonly lambda: number;
  /** Label-noise variance Δ ≥ 0. */
  readonly noise: number;
  /** Linear Gaussian-equivalence coefficient μ₁ = E[g σ(g)] > 0; default that of the centred ReLU. */
  readonly mu1?: number;
  /** Nonlinear coefficient μ_* = √(E σ(g)² − μ₀² − μ₁²) ≥ 0; default that of the centred ReLU. */
  readonly muStar?: number;
}

/** The answer of {@link randomFeaturesRisk}. */
export interface RandomFeaturesRisk {
  /** E_{x,ξ}(y − â·z/√p)² on a fresh noisy sample: excess + Δ. */
  readonly testError: number;
  /** testError − Δ = bias + variance, the excess over the Bayes error Δ. */
  readonly excess: number;
  /**
   * The noise-independent part of the excess (what remains at Δ = 0): shrinkage, the part of the
   * teacher the features cannot represent, and the fit of the features' own nonlinear noise.
   */
  readonly bias: number;
  /** The part of the excess proportional to the label noise Δ: Δ · (df₂/P)/(1 − df₂/P). */
  readonly variance: number;
  /**
   * The approximation error 1 − cᵀΣ⁻¹c: the excess of the best predictor a·z/√p with infinitely
   * many samples at this width (0 when μ_* = 0 and p ≥ D).
   */
  readonly approximation: number;
  /** The effective ridge κ of the deterministic equivalent (mean-loss units, ≥ λ·p/P). */
  readonly kappa: number;
  /** df₁/P = tr Σ(Σ + κ)⁻¹/P (the fixed point's degrees of freedom per sample). */
  readonly df1: number;
  /** df₂/P = tr Σ²(Σ + κ)⁻²/P (1 at the interpolation peak of the ridgeless limit). */
  readonly df2: number;
  /** ψ₁ = p/D = α · widthRatio, the Mei–Montanari width ratio. */
  readonly psi: number;
}

/**
 * A_ψ(t) = ∫ dμ_ψ(s) s/(s + t) = 1 − t m_ψ(−t), the fraction of the spectrum above t, without
 * cancellation: from the Marchenko–Pastur quadratic, 1 − tm = m(1 − ψ + ψtm), a sum of
 * positive terms for ψ ≤ 1; for ψ > 1 the nonzero spectrum is ψ times that of ratio 1/ψ,
 * so A_ψ(t) = A_{1/ψ}(t/ψ)/ψ. At t = 0 it is the nonzero mass min(1, 1/ψ).
 */
function fractionAbove(psi: number, t: number): number {
  if (t === 0) return Math.min(1, 1 / psi);
  if (psi <= 1) {
    const m = marchenkoPasturStieltjes(psi, t);
    return m * (1 - psi + psi * t * m);
  }
  const g = 1 / psi;
  const tau = t * g;
  const m = marchenkoPasturStieltjes(g, tau);
  return g * m * (1 - g + g * tau * m);
}

/** u·m_ψ(−u) = 1 − A_ψ(u), with its limit at u = 0 (the mass of the atom at 0, max(0, 1 − 1/ψ)). */
function uStieltjes(psi: number, u: number): number {
  return u === 0 ? Math.max(0, 1 - 1 / psi) : 1 - fractionAbove(psi, u);
}

/** m_ψ(−t) and m₂ = ∫ dμ_ψ(s)/(s + t)² = −dm/dt at t > 0. */
function stieltjesPair(psi: number, t: number): { m: number; m2: number } {
  const m = marchenkoPasturStieltjes(psi, t);
  const b = 1 - psi + t;
  const root = Math.sqrt(b * b + 4 * psi * t);
  return { m, m2: (psi * m * m + m) / root };
}

/**
 * The exact asymptotic (D, p, P → ∞ at fixed ratios) test error of random-features ridge
 * regression on the noisy linear teacher, in the normalization of `randomFeaturesSimulation`.
 *
 * **Reduction.** By Gaussian equivalence the features act as z = μ₁ F x/√D + μ_* ξ', so,
 * conditionally on F, z ~ N(0, Σ) with Σ = μ₁² FFᵀ/D + μ_*² I_p, the cross-covariance is
 * c = E[z y] = μ₁ F w* / D, and y = β*·z + ε with β* = Σ⁻¹c and ε ~ N(0, σ²) independent of z,
 * σ² = 1 + Δ − cᵀΣ⁻¹c. With b = a/√p the estimator is the mean-loss ridge
 * b̂ = (ZᵀZ/P + λ_H)⁻¹ Zᵀy/P with λ_H = λ p/P = λ · widthRatio. Its deterministic equivalent
 * (Hastie et al. 2022, Bach 2024) is: the effective ridge κ solves
 *
 *   κ − λ_H = κ · df₁(κ)/P,   df₁ = tr Σ(Σ + κ)⁻¹,   df₂ = tr Σ²(Σ + κ)⁻²,
 *
 *   test error = σ² + [κ² β*ᵀΣ(Σ + κ)⁻²β* + σ² df₂/P] / (1 − df₂/P).
 *
 * **Spectral formulas.** The spectrum of FFᵀ/D is Marchenko–Pastur of ratio ψ = p/D
 * (Stieltjes m(t) = ∫dμ_ψ(s)/(s + t), m₂(t) = ∫dμ_ψ(s)/(s + t)²). Writing u = μ_*²/μ₁²,
 * δ = κ/μ₁², t = u + δ, ℓ = λ_H/μ₁², and averaging over w* (E w*w*ᵀ = I):
 *
 *   δ − ℓ = δ (ψ/α) [1 − δ m(t)]                      (the fixed point, one unknown δ),
 *   df₁/P = (ψ/α)[1 − δ m(t)],   df₂/P = (ψ/α)[1 − 2δ m(t) + δ² m₂(t)],
 *   cᵀΣ⁻¹c = ψ [1 − u m(u)],     κ² β*ᵀΣ(Σ + κ)⁻²β* = ψ [u m(t) − u m(u) + t δ m₂(t)],
 *
 * (evaluated through A_ψ(t) = 1 − t m(t) = m(1 − ψ + ψtm), so 1 − δm(t) = A_ψ(t) + u m(t) and
 * 1 − u m(u) = A_ψ(u) are sums of positive terms, and u m(u) → max(0, 1 − 1/ψ) as u → 0),
 *
 * so that, with B the last quantity and q = cᵀΣ⁻¹c,
 *
 *   test error = (Δ + 1 − q + B) / (1 − df₂/P),   bias = (1 − q + B)/(1 − df₂/P),
 *   variance = Δ (df₂/P)/(1 − df₂/P).
 *
 * The map f(δ) = 1 − ℓ/δ − df₁/P is increasing in δ (df₁ decreases), so the root is unique; it
 * is bracketed in [ℓ, ℓ + (ψ/α)(1 + u)] (λ > 0) and solved by Brent's method on ln δ. In the
 * ridgeless limit λ → 0⁺, with r = p (μ_* > 0) or min(p, D) (μ_* = 0) the rank of Σ: for r > P
 * the root of df₁(κ) = P is taken; for r < P, κ = 0 (unbiased least squares on the features);
 * at r = P the error is infinite (the double-descent peak; 0 only when Δ + 1 − q = 0).
 *
 * **Normalization map to Mei–Montanari (2022).** Their N = p, n = P, d = D, ψ₁ = N/d = α ·
 * widthRatio, ψ₂ = n/d = α, ζ = μ₁/μ_*, and their ridge λ_MM of (1/n)Σ(y − f)² + (Nλ_MM/d)|a_MM|²
 * with f = a_MM·σ(Θx/√d): a_MM = a/√p turns our objective into Σ(y − f)² + λp|a_MM|², i.e.
 * (1/n)Σ(y − f)² + (λp/n)|a_MM|², so Nλ_MM/d = λp/P and λ_MM = λD/P = λ/α (their λ̄ = λ_MM/μ_*²);
 * their F₁² = |w*|²/D = 1, τ² = Δ, F_*² = 0 (linear teacher). Their Theorem 1 (two coupled Stieltjes
 * functions ν₁, ν₂) describes the same limit in another parametrization; this implementation is
 * checked against exact reductions to `ridgeRisk` and against the simulations, not against
 * their closed form.
 *
 * **Limits.** p/P → ∞ at fixed λ: kernel ridge regression with the kernel
 * μ₁² x·x'/D + μ_*² δ_{xx'}, i.e. plain ridge on x with λ_eff = (λ + μ_*²)/μ₁² (the nonlinear
 * part acts as an extra ridge). μ_* = 0, λ = 0, P > D, p ≥ D: least squares on x, Δ α/(α − 1).
 * λ → ∞, α = 0, or α → 0 at fixed p/D: the null error 1 + Δ (α → 0 at fixed p/P is not: the
 * student keeps fitting the label noise with p/P features per sample). μ₁ → 0: pure-noise
 * features, ridge on p dimensions with no signal and noise 1 + Δ.
 *
 * @param options - see {@link RandomFeaturesRiskOptions}
 * @returns the test error and its parts (see {@link RandomFeaturesRisk})
 * @throws RangeError naming the argument on bad input; ConvergenceError if the fixed point fails
 * @see S. Mei, A. Montanari, "The generalization error of random features regression: precise
 *   asymptotics and double descent curve", Comm. Pure Appl. Math. 75, 667 (2022), Theorem 1
 *   (arXiv:1908.05355)
 * @see F. Gerace, B. Loureiro, F. Krzakala, M. Mézard, L. Zdeborová, "Generalisation error in
 *   learning with random features and the hidden manifold model", ICML (2020)
 * @see F. Bach, "High-dimensional analysis of double descent for linear regression with random
 *   projections", SIAM J. Math. Data Sci. (2024), arXiv:2303.01372
 * @see T. Hastie, A. Montanari, S. Rosset, R. J. Tibshirani, "Surprises in high-dimensional
 *   ridgeless least squares interpolation", Ann. Statist. 50, 949 (2022) (anisotropic ridge)
 */
export function randomFeaturesRisk(options: RandomFeaturesRiskOptions): RandomFeaturesRisk {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const alpha = checkNumber(options.alpha, 'alpha', { min: 0 });
  const ratio = options.widthRatio;
  if (typeof ratio !== 'number' || !Number.isFinite(ratio) || !(ratio > 0))
    throw new RangeError(`widthRatio: expected a finite number > 0, got ${String(ratio)}`);
  const lambda = checkNumber(options.lambda, 'lambda', { min: 0 });
  const noise = checkNumber(options.noise, 'noise', { min: 0 });
  const mu1 = options.mu1 ?? RELU_GAUSSIAN_EQUIVALENT.mu1;
  if (typeof mu1 !== 'number' || !Number.isFinite(mu1) || !(mu1 > 0))
    throw new RangeError(`mu1: expected a finite number > 0, got ${String(mu1)}`);
  const muStar = checkNumber(options.muStar ?? RELU_GAUSSIAN_EQUIVALENT.muStar, 'muStar', { min: 0 });
  const psi = alpha * ratio;
  if (alpha === 0 || !(psi > 0))
    return {
      testError: 1 + noise,
      excess: 1,
      bias: 1,
      variance: 0,
      approximation: psi > 0 ? Math.max(0, 1 - psi * fractionAbove(psi, (muStar * muStar) / (mu1 * mu1))) : 1,
      kappa: Number.POSITIVE_INFINITY,
      df1: 0,
      df2: 0,
      psi,
    };
  const a = mu1 * mu1;
  const u = (muStar * muStar) / a;
  const ell = (lambda * ratio) / a;
  const q = psi * fractionAbove(psi, u);
  const approximation = Math.max(0, 1 - q);
  // df₁/P = (ψ/α) ∫ (s + u)/(s + t) as a function of δ = κ/μ₁², t = u + δ, in positive terms
  const df1 = (delta: number) => {
    const t = u + delta;
    return ratio * (fractionAbove(psi, t) + (u === 0 ? 0 : u * marchenkoPasturStieltjes(psi, t)));
  };
  const delta = solveDelta(df1, ell, ratio, psi, u, alpha);
  if (delta === 0) {
    // ridgeless, under-parametrized: κ = 0, B = 0, df₂ = df₁ = rank/P < 1
    const r = df1Limit(ratio, psi, u);
    return riskFrom(noise, approximation / (1 - r), (noise * r) / (1 - r), approximation, 0, r, r, psi);
  }
  if (!Number.isFinite(delta)) {
    // ridgeless at the interpolation threshold rank = P
    const inf = Number.POSITIVE_INFINITY;
    return riskFrom(noise, approximation > 0 ? inf : 0, noise > 0 ? inf : 0, approximation, 0, 1, 1, psi);
  }
  const t = u + delta;
  const { m, m2 } = stieltjesPair(psi, t);
  const r1 = df1(delta);
  const r2 = ratio * (1 - 2 * delta * m + delta * delta * m2);
  // B = κ² β*ᵀΣ(Σ+κ)⁻²β*, clamped at 0 against rounding when it is tiny
  const shrink = Math.max(0, psi * (u * m - uStieltjes(psi, u) + t * delta * m2));
  if (!(r2 < 1) || !Number.isFinite(shrink))
    throw new ConvergenceError(
      `randomFeaturesRisk: df₂/P = ${r2} ≥ 1 at δ = ${delta} (α = ${alpha}, widthRatio = ${ratio}, λ = ${lambda})`,
      r2 - 1,
      0,
    );
  const bias = (approximation + shrink) / (1 - r2);
  return riskFrom(noise, bias, (noise * r2) / (1 - r2), approximation, a * delta, r1, r2, psi);
}

/** The {@link RandomFeaturesRisk} record from its parts: test error = Δ + bias + variance. */
function riskFrom(
  noise: number,
  bias: number,
  variance: number,
  approximation: number,
  kappa: number,
  df1: number,
  df2: number,
  psi: number,
): RandomFeaturesRisk {
  return {
    testError: noise + bias + variance,
    excess: bias + variance,
    bias,
    variance,
    approximation,
    kappa,
    df1,
    df2,
    psi,
  };
}

/** lim_{δ→0⁺} df₁/P = rank(Σ)/P: ψ/α = widthRatio for u > 0, min(ψ, 1)/α for u = 0. */
function df1Limit(ratio: number, psi: number, u: number): number {
  return u > 0 ? ratio : (ratio * Math.min(psi, 1)) / psi;
}

/**
 * The root δ > 0 of f(δ) = 1 − ℓ/δ − df₁(δ)/P (increasing in δ), by Brent on ln δ; 0 in the
 * ridgeless under-parametrized case, Infinity (a flag) at the ridgeless threshold.
 */
function solveDelta(
  df1: (delta: number) => number,
  ell: number,
  ratio: number,
  psi: number,
  u: number,
  alpha: number,
): number {
  const f = (v: number) => {
    const delta = Math.exp(v);
    return 1 - ell / delta - df1(delta);
  };
  let hi = ell + ratio * (1 + u);
  let lo: number;
  if (ell > 0) {
    lo = ell;
  } else {
    const rank = df1Limit(ratio, psi, u);
    if (rank < 1) return 0;
    if (rank === 1) return Number.POSITIVE_INFINITY;
    // f(δ → 0) = 1 − rank < 0: step down from hi until f < 0
    lo = hi;
    let steps = 0;
    while (f(Math.log(lo)) >= 0) {
      lo /= 16;
      if (++steps > 260 || lo === 0)
        throw new ConvergenceError(
          `randomFeaturesRisk: no lower bracket for the ridgeless fixed point (rank/P = ${rank})`,
          f(Math.log(lo)),
          steps,
        );
    }
  }
  let flo = f(Math.log(lo));
  let fhi = f(Math.log(hi));
  // guard the analytic bracket against rounding at its ends
  for (let k = 0; k < 8 && flo > 0; k++) {
    lo /= 2;
    flo = f(Math.log(lo));
  }
  for (let k = 0; k < 8 && fhi < 0; k++) {
    hi *= 2;
    fhi = f(Math.log(hi));
  }
  if (!(flo <= 0 && fhi >= 0))
    throw new ConvergenceError(
      `randomFeaturesRisk: the fixed point is not bracketed (α = ${alpha}, ψ = ${psi}): f = ${flo}, ${fhi}`,
      Math.min(Math.abs(flo), Math.abs(fhi)),
      0,
    );
  if (flo === 0) return lo;
  if (fhi === 0) return hi;
  const v = brent(f, Math.log(lo), Math.log(hi), { tol: 1e-13, maxIterations: 400 });
  const delta = Math.exp(v);
  const residual = f(v);
  if (!Number.isFinite(delta) || !(Math.abs(residual) < 1e-9))
    throw new ConvergenceError(`randomFeaturesRisk: fixed-point residual ${residual} at δ = ${delta}`, residual, 0);
  return delta;
}

/** Options of {@link randomFeaturesOptimalRisk}. */
export interface RandomFeaturesOptimalOptions extends Omit<RandomFeaturesRiskOptions, 'lambda'> {
  /** The search range [λ_min, λ_max] of the ridge, 0 < λ_min < λ_max (default [1e-8, 1e6]). */
  readonly range?: readonly [number, number];
}

/** The answer of {@link randomFeaturesOptimalRisk}. */
export interface RandomFeaturesOptimalRisk {
  /** The minimizing ridge λ* within the range. */
  readonly lambda: number;
  /** The risk at λ* (see {@link randomFeaturesRisk}). */
  readonly risk: RandomFeaturesRisk;
}

/**
 * The ridge λ* that minimizes the asymptotic test error of random-features regression at fixed
 * (α, p/P, Δ), and that minimal error: the curve with the double-descent peak removed. A scan of
 * 81 points uniform in log λ over the range locates the minimum; golden-section search on log λ
 * between the neighbours of the best scan point refines it to a relative 1e-6 in λ. A minimum at
 * an end of the range is reported as that end (e.g. λ* → 0⁺ when interpolation is optimal, at
 * Δ = 0 and large width).
 *
 * @param options - α, p/P, Δ (and μ₁, μ_*), and the λ range
 * @returns λ* and the risk there
 * @throws RangeError on bad input (see {@link randomFeaturesRisk}) or a bad range
 * @see S. Mei, A. Montanari, Comm. Pure Appl. Math. 75, 667 (2022), sec. 3 (optimal ridge)
 */
export function randomFeaturesOptimalRisk(options: RandomFeaturesOptimalOptions): RandomFeaturesOptimalRisk {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const [lo, hi] = options.range ?? [1e-8, 1e6];
  if (!(lo > 0 && hi > lo && Number.isFinite(hi)))
    throw new RangeError(`range: expected 0 < λ_min < λ_max, got [${String(lo)}, ${String(hi)}]`);
  const at = (logL: number) => randomFeaturesRisk({ ...options, lambda: Math.exp(logL) }).testError;
  const a = Math.log(lo);
  const b = Math.log(hi);
  const steps = 80;
  let best = 0;
  let bestValue = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= steps; k++) {
    const v = at(a + ((b - a) * k) / steps);
    if (v < bestValue) {
      bestValue = v;
      best = k;
    }
  }
  let left = a + ((b - a) * Math.max(0, best - 1)) / steps;
  let right = a + ((b - a) * Math.min(steps, best + 1)) / steps;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = right - g * (right - left);
  let x2 = left + g * (right - left);
  let f1 = at(x1);
  let f2 = at(x2);
  while (right - left > 1e-6) {
    if (f1 <= f2) {
      right = x2;
      x2 = x1;
      f2 = f1;
      x1 = right - g * (right - left);
      f1 = at(x1);
    } else {
      left = x1;
      x1 = x2;
      f1 = f2;
      x2 = left + g * (right - left);
      f2 = at(x2);
    }
  }
  // The scan's best point competes too: at a range end the interior search cannot beat it.
  const mid = 0.5 * (left + right);
  const logStar = at(mid) <= bestValue ? mid : a + ((b - a) * best) / steps;
  const lambda = Math.exp(logStar);
  return { lambda, risk: randomFeaturesRisk({ ...options, lambda }) };
}
