/**
 * Logistic regression as the student of the teacher–student sign perceptron. The teacher
 * w* ~ N(0, I_D) labels P = αD Gaussian inputs x_μ ~ N(0, I_D) by y_μ = sign(w*·x_μ/√D), each
 * label flipped independently with probability `flip`; the student is the ℓ2-penalized
 * logistic M-estimator
 *
 *   ŵ = argmin_w Σ_μ log(1 + exp(−y_μ w·x_μ/√D)) + (λ/2)|w|²,
 *
 * the normalization of Aubin, Krzakala, Lu, Zdeborová (NeurIPS 2020) — the sum (not the mean)
 * of the losses of the preactivations w·x/√d, plus r(w) = λ|w|²/2 — so their λ and α carry
 * over. It is simulated exactly (Newton in f64) beside its exact asymptotic replica-symmetric
 * theory (D → ∞ at fixed α, λ), which for this convex problem is rigorous.
 * @module
 */

import { ConvergenceError, gaussianExpectationAdaptive, gaussianPdf, normalCdf } from '@replica/spin-core/math';
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import { meanStderr } from './checks';
import { cholesky, choleskySolve, gramRows } from './linalg';

/** log(1 + e^{−t}) without overflow or cancellation at either sign of t. */
function softplusNeg(t: number): number {
  return t > 0 ? Math.log1p(Math.exp(-t)) : -t + Math.log1p(Math.exp(t));
}

/** σ(−t) = 1/(1 + e^{t}), the logistic sigmoid at −t, without overflow. */
function sigmoidNeg(t: number): number {
  if (t >= 0) {
    const e = Math.exp(-t);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(t));
}

/** @throws RangeError naming `name` unless v is a finite number > 0. */
const checkPositive = (v: unknown, name: string): number => checkNumber(v, name, { min: 0, minExclusive: true });

/** @throws RangeError unless the flip probability is a finite number in [0, 1/2). */
const checkFlip = (v: unknown): number =>
  v === undefined ? 0 : checkNumber(v, 'flip', { min: 0, max: 0.5, maxExclusive: true });

/** Options of {@link logisticRegression}. */
export interface LogisticRegressionOptions {
  /** Input dimension D ≥ 1 (x has P·D entries, row-major). */
  readonly d: number;
  /** Ridge λ > 0 of the penalty (λ/2)|w|². */
  readonly lambda: number;
  /** Stop when max_i |∂F/∂w_i| ≤ tolerance (default 1e-9). */
  readonly tolerance?: number;
  /** Newton iteration cap (default 100); reaching it throws ConvergenceError. */
  readonly maxIterations?: number;
}

/** The converged minimizer of {@link logisticRegression}. */
export interface LogisticRegressionResult {
  /** ŵ (D entries). */
  readonly w: Float64Array;
  /** F(ŵ) = Σ_μ log(1 + e^{−y_μ ŵ·x_μ/√D}) + (λ/2)|ŵ|². */
  readonly objective: number;
  /** max_i |∂F/∂w_i| at ŵ (≤ tolerance). */
  readonly gradientNorm: number;
  /** Newton steps taken. */
  readonly iterations: number;
}

/**
 * The penalized logistic objective F(w) = Σ_μ log(1 + e^{−y_μ w·x_μ/√D}) + (λ/2)|w|² and its
 * gradient ∇F = −Σ_μ y_μ σ(−t_μ) x_μ/√D + λw, t_μ = y_μ w·x_μ/√D, written into `grad` when
 * given. Exposed for checks of {@link logisticRegression} (allocates nothing).
 *
 * @param x - the P×D inputs, row-major
 * @param y - the P labels ±1
 * @param w - the weights (D entries)
 * @param lambda - the ridge λ
 * @param grad - optional D-entry output for ∇F(w)
 * @returns F(w)
 */
export function logisticObjective(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  lambda: number,
  grad?: Float64Array,
): number {
  const d = w.length;
  const p = y.length;
  const sd = Math.sqrt(d);
  if (x.length !== p * d) throw new RangeError(`x: expected P×D = ${p}×${d} = ${p * d} entries, got ${x.length}`);
  if (grad !== undefined && grad.length !== d) throw new RangeError(`grad: expected ${d} entries, got ${grad.length}`);
  let f = 0;
  if (grad !== undefined) for (let i = 0; i < d; i++) grad[i] = lambda * w[i]!;
  for (let i = 0; i < d; i++) f += 0.5 * lambda * w[i]! * w[i]!;
  for (let mu = 0; mu < p; mu++) {
    const o = mu * d;
    let s = 0;
    for (let i = 0; i < d; i++) s += x[o + i]! * w[i]!;
    const ym = y[mu]!;
    const t = (ym * s) / sd;
    f += softplusNeg(t);
    if (grad !== undefined) {
      const c = (-ym * sigmoidNeg(t)) / sd;
      for (let i = 0; i < d; i++) grad[i] = grad[i]! + c * x[o + i]!;
    }
  }
  return f;
}

/**
 * The exact ℓ2-penalized logistic-regression estimator
 *
 *   ŵ = argmin_w F(w),  F(w) = Σ_μ log(1 + exp(−y_μ w·x_μ/√D)) + (λ/2)|w|²
 *
 * (the normalization of Aubin et al. 2020), by damped Newton from w = 0 in f64: the Hessian
 * ∇²F = Σ_μ σ(t_μ)σ(−t_μ) x_μx_μᵀ/D + λI_D (t_μ = y_μ w·x_μ/√D) is formed and Cholesky-factored
 * (it is positive definite for λ > 0), and each step is backtracked until the Armijo condition
 * holds (once the predicted decrease is below the resolution of F, the full step is taken).
 * F is strictly convex, so the minimizer is unique; convergence is declared when
 * max_i |∂F/∂w_i| ≤ tolerance. Cost per step O(PD² + D³) — meant for D up to a few hundred.
 * All work buffers are allocated once per call.
 *
 * @param x - the P×D inputs, row-major
 * @param y - the P labels ±1 (any finite reals are accepted; the loss uses y_μ·preactivation)
 * @param options - see {@link LogisticRegressionOptions}
 * @returns ŵ, F(ŵ), the final gradient max-norm and the Newton steps
 * @throws RangeError on shapes or options; ConvergenceError when the gradient does not reach
 *   `tolerance` within `maxIterations` steps (or the line search stalls above it)
 * @see B. Aubin, F. Krzakala, Y. M. Lu, L. Zdeborová, "Generalization error in high-dimensional
 *   perceptrons: approaching Bayes error with convex optimization", NeurIPS 33 (2020)
 * @see S. Boyd, L. Vandenberghe, "Convex Optimization" (CUP 2004), §9.5 (Newton's method)
 */
export function logisticRegression(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: LogisticRegressionOptions,
): LogisticRegressionResult {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const d = checkInteger(options.d, 'd', { min: 1 });
  const lambda = checkPositive(options.lambda, 'lambda');
  const tol = options.tolerance === undefined ? 1e-9 : checkPositive(options.tolerance, 'tolerance');
  const maxIterations =
    options.maxIterations === undefined ? 100 : checkInteger(options.maxIterations, 'maxIterations', { min: 1 });
  const p = y.length;
  if (x.length !== p * d) throw new RangeError(`x: expected P×D = ${p}×${d} = ${p * d} entries, got ${x.length}`);
  for (let k = 0; k < x.length; k++)
    if (!Number.isFinite(x[k])) throw new RangeError(`x: entry ${k} is not finite (${x[k]})`);
  for (let k = 0; k < p; k++) if (!Number.isFinite(y[k])) throw new RangeError(`y: entry ${k} is not finite (${y[k]})`);
  const sd = Math.sqrt(d);
  const w = new Float64Array(d);
  const wTrial = new Float64Array(d);
  const grad = new Float64Array(d);
  const step = new Float64Array(d);
  const pre = new Float64Array(p); // w·x_μ/√D
  const preTrial = new Float64Array(p);
  const dirPre = new Float64Array(p); // step·x_μ/√D
  const hess = new Float64Array(d * d);
  const zt = new Float64Array(d * p);

  // F and ∇F at w from the preactivations (the gradient's data part reuses the rows of x)
  const evaluate = (): number => {
    let f = 0;
    for (let i = 0; i < d; i++) {
      grad[i] = lambda * w[i]!;
      f += 0.5 * lambda * w[i]! * w[i]!;
    }
    for (let mu = 0; mu < p; mu++) {
      const ym = y[mu]!;
      const t = ym * pre[mu]!;
      f += softplusNeg(t);
      const c = (-ym * sigmoidNeg(t)) / sd;
      const o = mu * d;
      for (let i = 0; i < d; i++) grad[i] = grad[i]! + c * x[o + i]!;
    }
    return f;
  };
  // the Hessian weight of one sample, ℓ''(t)/D = σ(t)σ(−t)/D
  const curvature = (t: number): number => {
    const sg = sigmoidNeg(t);
    return (sg * (1 - sg)) / d;
  };
  const maxAbs = (v: Float64Array): number => {
    let m = 0;
    for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
    return m;
  };

  let f = evaluate(); // w = 0: pre = 0
  let gnorm = maxAbs(grad);
  let it = 0;
  while (gnorm > tol) {
    if (it === maxIterations)
      throw new ConvergenceError(
        `logisticRegression: gradient ${gnorm.toExponential(3)} > tolerance ${tol} after ${maxIterations} Newton steps`,
        gnorm,
        it,
      );
    it++;
    // Hessian Σ_μ s_μ x_μx_μᵀ/D + λI = ZZᵀ + λI with the columns z_μ = √s_μ x_μ (Z = D × P, row i
    // holding coordinate i of every sample), by register-blocked dot products of its rows
    for (let mu = 0; mu < p; mu++) {
      const c = Math.sqrt(curvature(y[mu]! * pre[mu]!));
      const o = mu * d;
      for (let i = 0; i < d; i++) zt[i * p + mu] = c * x[o + i]!;
    }
    gramRows(zt, d, p, 1, hess);
    for (let i = 0; i < d; i++) hess[i * d + i] = hess[i * d + i]! + lambda;
    const bad = cholesky(hess, d);
    if (bad >= 0) throw new Error(`logisticRegression: the Hessian is not positive definite (pivot ${bad})`);
    for (let i = 0; i < d; i++) step[i] = -grad[i]!;
    choleskySolve(hess, d, step);
    let slope = 0;
    for (let i = 0; i < d; i++) slope += grad[i]! * step[i]!;
    for (let mu = 0; mu < p; mu++) {
      const o = mu * d;
      let s = 0;
      for (let i = 0; i < d; i++) s += x[o + i]! * step[i]!;
      dirPre[mu] = s / sd;
    }
    // backtracking (Armijo, c = 1e-4) on F(w + a·step), evaluated through the preactivations
    // Near the minimum the predicted decrease −slope/2 falls below the resolution of F (≈ ε|F|),
    // where Armijo cannot be judged: there the full Newton step is taken (quadratic convergence).
    const resolvable = -slope > 1e-11 * (1 + Math.abs(f));
    let a = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      let ft = 0;
      for (let i = 0; i < d; i++) {
        const v = w[i]! + a * step[i]!;
        wTrial[i] = v;
        ft += 0.5 * lambda * v * v;
      }
      for (let mu = 0; mu < p; mu++) {
        const v = pre[mu]! + a * dirPre[mu]!;
        preTrial[mu] = v;
        ft += softplusNeg(y[mu]! * v);
      }
      if (!resolvable || ft <= f + 1e-4 * a * slope) {
        w.set(wTrial);
        pre.set(preTrial);
        accepted = true;
        break;
      }
      a *= 0.5;
    }
    if (!accepted)
      throw new ConvergenceError(
        `logisticRegression: the line search stalled at gradient ${gnorm.toExponential(3)} > tolerance ${tol}`,
        gnorm,
        it,
      );
    f = evaluate();
    gnorm = maxAbs(grad);
  }
  return { w, objective: f, gradientNorm: gnorm, iterations: it };
}

/** Options of {@link logisticRisk}. */
export interface LogisticRiskOptions {
  /** Sample ratio α = P/D ≥ 0. */
  readonly alpha: number;
  /** Ridge λ > 0 of (λ/2)|w|² (the normalization of {@link logisticRegression}). */
  readonly lambda: number;
  /** Label-flip probability of the teacher, in [0, 1/2) (default 0). */
  readonly flip?: number;
  /** Stop when the relative change of each of m, q, V is ≤ tolerance (default 1e-10). */
  readonly tolerance?: number;
  /** Iteration cap (default 5000); reaching it throws ConvergenceError. */
  readonly maxIterations?: number;
  /** Damping d ∈ [0, 1) of (m, q, V) ← d·old + (1 − d)·new (default 0.3). */
  readonly damping?: number;
}

/** The replica-symmetric fixed point of {@link logisticRisk}. */
export interface LogisticRisk {
  /** m = ŵ·w* / D, the teacher–student overlap. */
  readonly m: number;
  /** q = |ŵ|²/D, the student's squared norm. */
  readonly q: number;
  /** V = Σ = 1/(λ + V̂), the response (variance) of the student. */
  readonly V: number;
  /** m̂, the conjugate of m. */
  readonly mHat: number;
  /** q̂, the conjugate of q. */
  readonly qHat: number;
  /** V̂, the conjugate of V. */
  readonly VHat: number;
  /** ε_g = arccos(m/√(ρq))/π (ρ = 1): the disagreement with the clean teacher on fresh inputs. */
  readonly testError: number;
  /** flip + (1 − 2 flip)·ε_g: the probability of mislabelling a fresh noisy sample. */
  readonly labelError: number;
  /** Fixed-point iterations taken. */
  readonly iterations: number;
}

/**
 * Solves u = v + V σ(−u), the proximal operator of the logistic loss ℓ(u) = log(1 + e^{−u}) at v
 * with step V (u = argmin_u (u − v)²/(2V) + ℓ(u)), by safeguarded Newton on the bracket
 * [v, v + V] (g(u) = u − v − Vσ(−u) is increasing, g(v) < 0 < g(v + V)).
 */
function logisticProx(v: number, vStep: number): number {
  let lo = v;
  let hi = v + vStep;
  let u = v + vStep * sigmoidNeg(v);
  let prevStep = hi - lo;
  for (let k = 0; k < 200; k++) {
    const sg = sigmoidNeg(u);
    const g = u - v - vStep * sg;
    if (g === 0) return u;
    if (g < 0) lo = u;
    else hi = u;
    let next = u - g / (1 + vStep * sg * (1 - sg));
    // Bisect when Newton leaves the bracket or does not halve its step (for large V it can
    // bounce between the bracket's ends without shrinking it: λ ≤ 0.08 at α = 2 did).
    if (!(next > lo && next < hi) || Math.abs(next - u) > 0.5 * prevStep) next = 0.5 * (lo + hi);
    prevStep = Math.abs(next - u);
    if (Math.abs(next - u) <= 1e-15 * (1 + Math.abs(u)) || hi - lo <= 1e-15 * (1 + Math.abs(u))) return next;
    u = next;
  }
  throw new ConvergenceError(
    `logisticRisk: the logistic prox did not converge at v = ${v}, V = ${vStep}`,
    Number.NaN,
    200,
  );
}

/**
 * The exact asymptotic (D → ∞, P = αD, teacher norm ρ = |w*|² / D → 1) generalization of the
 * ℓ2-penalized logistic student of {@link logisticRegression} on the sign teacher with label
 * flips, from the replica-symmetric fixed point of Aubin et al. (2020) (rigorous for this convex
 * problem; Salehi, Abbasi, Hassibi 2019 by the convex Gaussian min-max theorem for flip = 0).
 *
 * The prior (ℓ2) part is closed form,
 *
 *   m = ρ m̂/(λ + V̂),   q = (ρ m̂² + q̂)/(λ + V̂)²,   V = 1/(λ + V̂).
 *
 * The channel part uses the teacher's Z_out⁰(y, ω, v) = E_{z~N(ω,v)} P(y|z), P(y|z) =
 * (1 − flip)Θ(yz) + flip Θ(−yz), i.e. Z_out⁰ = (1 − flip)Φ(yω/√v) + flip Φ(−yω/√v), at
 * ω⁰ = (m/√q) ξ, v⁰ = ρ − m²/q, and the student's
 * f_out(y, ω, V) = (prox_{Vℓ(y,·)}(ω) − ω)/V with ℓ(y, h) = log(1 + e^{−yh}): with u the root of
 * u = yω + V σ(−u), f_out = y σ(−u) and ∂_ω f_out = −ℓ''(u)/(1 + Vℓ''(u)), ℓ''(u) = σ(u)σ(−u):
 *
 *   m̂ = α E_ξ Σ_y ∂_ω Z_out⁰(y, ω⁰, v⁰) f_out(y, √q ξ, V),
 *   q̂ = α E_ξ Σ_y Z_out⁰(y, ω⁰, v⁰) f_out(y, √q ξ, V)²,
 *   V̂ = −α E_ξ Σ_y Z_out⁰(y, ω⁰, v⁰) ∂_ω f_out(y, √q ξ, V),
 *
 * ξ ~ N(0, 1), with ∂_ω Z_out⁰ = (1 − 2 flip) y φ(ω/√v)/√v. The (ξ, y) → (−ξ, −y) symmetry
 * halves each sum to twice its y = +1 term; the three Gaussian integrals are computed by
 * adaptive Gauss–Kronrod with breakpoints on the scale of the step of Z_out⁰, and (m, q, V) are
 * iterated with damping. Then ε_g = arccos(m/√(ρq))/π and the label error on fresh noisy data
 * is flip + (1 − 2 flip)ε_g. Limits: λ → ∞ gives the Hebb student, m/√q → √(2α/π)/√(1 + 2α/π)
 * (f_out → y/2); α = 0 gives m = q = 0 and ε_g = 1/2.
 *
 * @param options - see {@link LogisticRiskOptions}
 * @returns the order parameters, their conjugates, ε_g, the label error and the iterations
 * @throws RangeError on bad options; ConvergenceError if the fixed point is not reached within
 *   `maxIterations` (an unconverged answer is never returned)
 * @see B. Aubin, F. Krzakala, Y. M. Lu, L. Zdeborová, "Generalization error in high-dimensional
 *   perceptrons: approaching Bayes error with convex optimization", NeurIPS 33 (2020)
 * @see F. Salehi, E. Abbasi, B. Hassibi, "The impact of regularization on high-dimensional
 *   logistic regression", NeurIPS 32 (2019)
 */
export function logisticRisk(options: LogisticRiskOptions): LogisticRisk {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const alpha = checkNumber(options.alpha, 'alpha', { min: 0 });
  const lambda = checkPositive(options.lambda, 'lambda');
  const flip = checkFlip(options.flip);
  const tol = options.tolerance === undefined ? 1e-10 : checkPositive(options.tolerance, 'tolerance');
  const maxIterations =
    options.maxIterations === undefined ? 5000 : checkInteger(options.maxIterations, 'maxIterations', { min: 1 });
  const damping = options.damping ?? 0.3;
  if (typeof damping !== 'number' || !(damping >= 0 && damping < 1))
    throw new RangeError(`damping: expected a number in [0, 1), got ${String(damping)}`);
  const rho = 1;
  if (alpha === 0)
    return { m: 0, q: 0, V: 1 / lambda, mHat: 0, qHat: 0, VHat: 0, testError: 0.5, labelError: 0.5, iterations: 0 };

  const quad = { absTol: 1e-14, relTol: 1e-11, maxPanels: 4000 };
  const hats = (m: number, q: number, V: number): [number, number, number] => {
    const sq = Math.sqrt(q);
    const v0 = rho - (m * m) / q;
    if (!(v0 > 0))
      throw new ConvergenceError(`logisticRisk: the teacher's conditional variance ρ − m²/q = ${v0} is not > 0`, v0, 0);
    const sv0 = Math.sqrt(v0);
    const a = m / sq / sv0; // ω⁰/√v⁰ = a ξ
    const w = 1 / Math.max(Math.abs(a), 1e-300);
    const breakpoints = [-8 * w, -3 * w, -w, w, 3 * w, 8 * w];
    const opt = { ...quad, breakpoints };
    const mHat = gaussianExpectationAdaptive((xi) => gaussianPdf(a * xi) * sigmoidNeg(logisticProx(sq * xi, V)), opt);
    const qHat = gaussianExpectationAdaptive((xi) => {
      const s = sigmoidNeg(logisticProx(sq * xi, V));
      const z = (1 - flip) * normalCdf(a * xi) + flip * normalCdf(-a * xi);
      return z * s * s;
    }, opt);
    const vHat = gaussianExpectationAdaptive((xi) => {
      const s = sigmoidNeg(logisticProx(sq * xi, V));
      const l2 = s * (1 - s);
      const z = (1 - flip) * normalCdf(a * xi) + flip * normalCdf(-a * xi);
      return (z * l2) / (1 + V * l2);
    }, opt);
    return [(2 * alpha * (1 - 2 * flip) * mHat) / sv0, 2 * alpha * qHat, 2 * alpha * vHat];
  };
  const prior = (mHat: number, qHat: number, vHat: number): [number, number, number] => {
    const den = lambda + vHat;
    return [(rho * mHat) / den, (rho * mHat * mHat + qHat) / (den * den), 1 / den];
  };

  // start from the λ → ∞ (Hebb) conjugates: m̂ = α(1 − 2flip)/√(2π), q̂ = V̂ = α/4
  let [m, q, V] = prior((alpha * (1 - 2 * flip)) / Math.sqrt(2 * Math.PI), alpha / 4, alpha / 4);
  let h: [number, number, number] = [0, 0, 0];
  let residual = Number.POSITIVE_INFINITY;
  for (let it = 1; it <= maxIterations; it++) {
    h = hats(m, q, V);
    const [mn, qn, vn] = prior(h[0], h[1], h[2]);
    residual = Math.max(Math.abs(mn - m) / Math.abs(mn), Math.abs(qn - q) / qn, Math.abs(vn - V) / vn);
    if (!Number.isFinite(residual))
      throw new ConvergenceError(`logisticRisk: the iteration is not finite at iteration ${it}`, Number.NaN, it);
    if (residual <= tol) {
      const testError = Math.acos(Math.min(1, mn / Math.sqrt(rho * qn))) / Math.PI;
      return {
        m: mn,
        q: qn,
        V: vn,
        mHat: h[0],
        qHat: h[1],
        VHat: h[2],
        testError,
        labelError: flip + (1 - 2 * flip) * testError,
        iterations: it,
      };
    }
    m = damping * m + (1 - damping) * mn;
    q = damping * q + (1 - damping) * qn;
    V = damping * V + (1 - damping) * vn;
  }
  throw new ConvergenceError(
    `logisticRisk: no convergence in ${maxIterations} iterations (relative residual ${residual.toExponential(3)} > ${tol}); try more damping`,
    residual,
    maxIterations,
  );
}

/** Options of {@link logisticSimulation}. */
export interface LogisticSimulationOptions {
  /** Input dimension D ≥ 1. */
  readonly d: number;
  /** Sample ratio α = P/D ≥ 0, P = round(αD). */
  readonly alpha: number;
  /** Ridge λ > 0 (see {@link logisticRegression}). */
  readonly lambda: number;
  /** Label-flip probability in [0, 1/2) (default 0). */
  readonly flip?: number;
  /** Independent instances (teacher, data, flips), ≥ 1. */
  readonly trials: number;
  /** Seed of the Philox key; trial t draws from stream t. */
  readonly seed: number | bigint;
}

/** The answer of {@link logisticSimulation}. */
export interface LogisticSimulationResult {
  /** The number of samples P = round(αD). */
  readonly samples: number;
  /** Mean over trials of ε_g = arccos(m/√(ρq))/π, the disagreement with the clean teacher. */
  readonly testError: number;
  /** Its standard error over trials (0 for one trial). */
  readonly stderr: number;
  /** Mean over trials of flip + (1 − 2 flip)ε_g, the error on fresh noisy labels. */
  readonly labelError: number;
  /** ε_g of each trial. */
  readonly perTrial: Float64Array;
  /** The asymptotic theory {@link logisticRisk} at the α = P/D actually used, λ, flip. */
  readonly theory: LogisticRisk;
}

/**
 * Simulates the logistic student on the sign teacher: per trial, w* ~ N(0, I_D), P = round(αD)
 * inputs x_μ ~ N(0, I_D), labels y_μ = sign(w*·x_μ/√D) each flipped with probability `flip`,
 * then ŵ by {@link logisticRegression}, and its errors on a fresh Gaussian input in closed form
 * from m = ŵ·w* / D, q = |ŵ|²/D, ρ = |w*|² / D:
 *
 *   ε_g = arccos(m/√(ρq))/π,   label error = flip + (1 − 2 flip) ε_g
 *
 * (exact for Gaussian inputs; no test set is drawn). Trial t uses `new PhiloxRng(seed, t)`:
 * w*, then x row-major, then — only when flip > 0 — one uniform per row (the label is flipped
 * when it is < flip).
 *
 * @param options - see {@link LogisticSimulationOptions}
 * @returns the mean test error and its standard error beside {@link logisticRisk}
 * @throws RangeError on bad options; ConvergenceError from the minimizer or the theory
 * @see B. Aubin et al., NeurIPS 33 (2020)
 */
export function logisticSimulation(options: LogisticSimulationOptions): LogisticSimulationResult {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const d = checkInteger(options.d, 'd', { min: 1 });
  const alpha = checkNumber(options.alpha, 'alpha', { min: 0 });
  const lambda = checkPositive(options.lambda, 'lambda');
  const flip = checkFlip(options.flip);
  const trials = checkInteger(options.trials, 'trials', { min: 1 });
  if (trials > 0x100000000) throw new RangeError(`trials: expected at most 2^32, got ${trials}`);
  if (options.seed === undefined) throw new RangeError('seed: required');
  const p = Math.round(alpha * d);
  const theory = logisticRisk({ alpha: p / d, lambda, flip });
  const sd = Math.sqrt(d);
  const wStar = new Float64Array(d);
  const x = new Float64Array(p * d);
  const y = new Float64Array(p);
  const perTrial = new Float64Array(trials);
  for (let t = 0; t < trials; t++) {
    const rng = new PhiloxRng(options.seed, t);
    for (let i = 0; i < d; i++) wStar[i] = rng.nextNormal();
    for (let k = 0; k < x.length; k++) x[k] = rng.nextNormal();
    for (let mu = 0; mu < p; mu++) {
      const o = mu * d;
      let s = 0;
      for (let i = 0; i < d; i++) s += wStar[i]! * x[o + i]!;
      y[mu] = s / sd >= 0 ? 1 : -1;
    }
    if (flip > 0) for (let mu = 0; mu < p; mu++) if (rng.nextDouble() < flip) y[mu] = -y[mu]!;
    const { w } = logisticRegression(x, y, { d, lambda });
    let m = 0;
    let q = 0;
    let rho = 0;
    for (let i = 0; i < d; i++) {
      m += w[i]! * wStar[i]!;
      q += w[i]! * w[i]!;
      rho += wStar[i]! * wStar[i]!;
    }
    // q = 0 only when P = 0 (ŵ = 0): a random guess
    perTrial[t] = q === 0 ? 0.5 : Math.acos(Math.max(-1, Math.min(1, m / Math.sqrt(rho * q)))) / Math.PI;
  }
  const { mean, stderr } = meanStderr(perTrial);
  return {
    samples: p,
    testError: mean,
    stderr,
    labelError: flip + (1 - 2 * flip) * mean,
    perTrial,
    theory,
  };
}
