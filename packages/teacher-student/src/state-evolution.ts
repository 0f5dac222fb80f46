/**
 * Bayes-optimal state evolution of GAMP for the teacher–student sign perceptron: the scalar
 * recursion for the overlap m_t (q = m on the Nishimori line), its fixed point for the Gaussian and
 * the binary teacher prior, and the binary prior's algorithmic threshold α_alg ≈ 1.493.
 * @module
 */
import { ConvergenceError, gaussianExpectation, gaussianExpectationAdaptive, integrate } from '@replica/spin-core/math';
import type { PerceptronPrior } from './amp';
import { checkPrior, inverseMillsRatio } from './amp';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * The literature information-theoretic (equilibrium) threshold of the binary-prior sign perceptron,
 * α_IT ≈ 1.249: above it the teacher is the Bayes-optimal estimate (m = 1). A published value;
 * `informationTheoreticThreshold` (free-entropy.ts) computes it from the replica-symmetric entropy
 * and finds Györgyi's 1.245.
 * @see G. Györgyi, "First-order transition to perfect generalization in a neural network with binary synapses", Phys. Rev. A 41, 7097 (1990).
 * @see J. Barbier, F. Krzakala, N. Macris, L. Miolane, L. Zdeborová, "Optimal errors and phase transitions in high-dimensional generalized linear models", PNAS 116, 5451 (2019).
 */
export const ALPHA_IT_BINARY_LITERATURE = 1.249;

/** ∫Dξ φ(sξ) r(sξ), r the inverse Mills ratio (so that m̂ = 2α I/(1 − m)). */
function channelIntegral(s: number): number {
  if (s === 0) return INV_SQRT_2PI * inverseMillsRatio(0);
  if (s < 1)
    return gaussianExpectation((xi) => INV_SQRT_2PI * Math.exp(-0.5 * s * s * xi * xi) * inverseMillsRatio(s * xi), 80);
  // x = sξ: (1/s)∫dx φ(x/s) φ(x) r(x); φ(x) r(x) < 1e−30 outside [−13, 13]
  return integrate(
    (x) =>
      (INV_SQRT_2PI * Math.exp(-0.5 * (x / s) ** 2) * INV_SQRT_2PI * Math.exp(-0.5 * x * x) * inverseMillsRatio(x)) / s,
    -13,
    13,
    { absTol: 1e-15, relTol: 1e-12 },
  );
}

/** m̂ from m and d = 1 − m (d passed separately so that m → 1 keeps its precision). */
function hatFrom(alpha: number, m: number, d: number): number {
  if (d <= 0) return Number.POSITIVE_INFINITY;
  return ((2 * alpha) / d) * channelIntegral(Math.sqrt(m / d));
}

/**
 * The sign channel's conjugate overlap in Bayes-optimal state evolution (ρ = E w*² = 1):
 * m̂ = α E_{ξ,y}[g_out(y, √m ξ, 1 − m)²] = (α/(π(1 − m))) ∫Dξ e^{−mξ²/(1−m)} / H(−√(m/(1 − m)) ξ).
 * @param alpha - α = P/N ≥ 0
 * @param m - the overlap, in [0, 1] (m = 1 gives +∞)
 * @returns m̂ ≥ 0
 * @throws RangeError for α < 0 or m outside [0, 1]
 * @see L. Zdeborová, F. Krzakala, "Statistical physics of inference: thresholds and algorithms", Adv. Phys. 65, 453 (2016), sec. 6.
 */
export function signChannelHat(alpha: number, m: number): number {
  if (!(alpha >= 0) || !Number.isFinite(alpha))
    throw new RangeError(`alpha: expected a finite number ≥ 0, got ${alpha}`);
  if (!(m >= 0 && m <= 1)) throw new RangeError(`m: expected a number in [0, 1], got ${m}`);
  return hatFrom(alpha, m, 1 - m);
}

/** 1 − m(m̂), computed directly so that it keeps its precision near m = 1. */
function priorDeficit(prior: PerceptronPrior, mHat: number): number {
  if (mHat === Number.POSITIVE_INFINITY) return 0;
  if (prior === 'gaussian') return 1 / (1 + mHat);
  if (mHat === 0) return 1;
  // 1 − E tanh(m̂ + √m̂ z) = E[2/(1 + e^{2h})], h = m̂ + √m̂ z: a smooth step at z = −√m̂
  const s = Math.sqrt(mHat);
  return gaussianExpectationAdaptive(
    (z) => {
      const h = mHat + s * z;
      return h > 0 ? (2 * Math.exp(-2 * h)) / (1 + Math.exp(-2 * h)) : 2 / (1 + Math.exp(2 * h));
    },
    { breakpoints: [-s], absTol: 1e-17, relTol: 1e-11 },
  );
}

/**
 * The prior's side of state evolution, m = E_{w*, z}[w* f_a(m̂, m̂ w* + √m̂ z)]:
 * Gaussian prior m = m̂/(1 + m̂); binary prior m = E_z tanh(m̂ + √m̂ z).
 * @param prior - `gaussian` or `binary`
 * @param mHat - m̂ ≥ 0 (+∞ gives 1)
 * @returns m ∈ [0, 1]
 * @throws RangeError for m̂ < 0 or an unknown prior
 * @see L. Zdeborová, F. Krzakala, "Statistical physics of inference: thresholds and algorithms", Adv. Phys. 65, 453 (2016), sec. 4.
 */
export function priorOverlap(prior: PerceptronPrior, mHat: number): number {
  checkPrior(prior);
  if (!(mHat >= 0)) throw new RangeError(`mHat: expected a number ≥ 0, got ${mHat}`);
  return 1 - priorDeficit(prior, mHat);
}

/** Options of {@link stateEvolution}. */
export interface StateEvolutionOptions {
  /** Start m_0 ∈ [0, 1) (default 0, the uninformative start AMP has). */
  readonly initial?: number;
  /** Stop when |m_{t+1} − m_t| < tolerance (default 1e-10). */
  readonly tolerance?: number;
  /** Iteration cap (default 10000). */
  readonly maxIterations?: number;
}

/** The fixed point reached by {@link stateEvolution}. */
export interface StateEvolutionResult {
  /** The overlap m = q at the fixed point. */
  readonly m: number;
  /** m̂ there (+∞ at m = 1). */
  readonly mHat: number;
  /** Iterations to converge. */
  readonly iterations: number;
  /** m_t for t = 0, 1, …, the last one being m. */
  readonly trajectory: readonly number[];
}

interface Run {
  m: number;
  d: number;
  mHat: number;
  iterations: number;
  residual: number;
  converged: boolean;
  trajectory: number[];
}

function iterate(prior: PerceptronPrior, alpha: number, m0: number, tol: number, maxIt: number): Run {
  let d = 1 - m0;
  let m = m0;
  let mHat = 0;
  const trajectory = [m];
  let residual = Number.POSITIVE_INFINITY;
  for (let t = 1; t <= maxIt; t++) {
    mHat = hatFrom(alpha, m, d);
    const dn = priorDeficit(prior, mHat);
    residual = Math.abs(dn - d);
    d = dn;
    m = 1 - dn;
    trajectory.push(m);
    if (residual < tol) return { m, d, mHat, iterations: t, residual, converged: true, trajectory };
  }
  return { m, d, mHat, iterations: maxIt, residual, converged: false, trajectory };
}

/**
 * Bayes-optimal GAMP state evolution for the sign perceptron, iterated to its fixed point:
 * m̂_t = (α/(π(1 − m_t))) ∫Dξ e^{−m_tξ²/(1−m_t)} / H(−√(m_t/(1 − m_t)) ξ),  m_{t+1} = E_z[f_a(m̂_t, m̂_t w* + √m̂_t z) w*]
 * (q = m on the Nishimori line). From m_0 = 0 it predicts the overlap AMP reaches as N → ∞.
 * @param prior - `gaussian` or `binary`
 * @param alpha - α = P/N > 0
 * @param options - initial, tolerance, maxIterations
 * @returns the fixed point and the trajectory
 * @throws RangeError for α ≤ 0 or options out of range; ConvergenceError when maxIterations pass first
 * @see L. Zdeborová, F. Krzakala, "Statistical physics of inference: thresholds and algorithms", Adv. Phys. 65, 453 (2016).
 * @see J. Barbier, F. Krzakala, N. Macris, L. Miolane, L. Zdeborová, "Optimal errors and phase transitions in high-dimensional generalized linear models", PNAS 116, 5451 (2019).
 */
export function stateEvolution(
  prior: PerceptronPrior,
  alpha: number,
  options: StateEvolutionOptions = {},
): StateEvolutionResult {
  checkPrior(prior);
  if (!(alpha > 0) || !Number.isFinite(alpha))
    throw new RangeError(`alpha: expected a finite number > 0, got ${alpha}`);
  const m0 = options.initial ?? 0;
  if (!(m0 >= 0 && m0 < 1)) throw new RangeError(`initial: expected a number in [0, 1), got ${m0}`);
  const tol = options.tolerance ?? 1e-10;
  if (!(tol > 0)) throw new RangeError(`tolerance: expected a number > 0, got ${tol}`);
  const maxIt = options.maxIterations ?? 10_000;
  if (!Number.isSafeInteger(maxIt) || maxIt < 1)
    throw new RangeError(`maxIterations: expected an integer ≥ 1, got ${maxIt}`);
  const r = iterate(prior, alpha, m0, tol, maxIt);
  if (!r.converged)
    throw new ConvergenceError(
      `stateEvolution(${prior}, α = ${alpha}): no fixed point within ${maxIt} iterations (last |Δm| = ${r.residual})`,
      r.residual,
      r.iterations,
    );
  return { m: r.m, mHat: r.mHat, iterations: r.iterations, trajectory: r.trajectory };
}

/** Options of {@link algorithmicThreshold}. */
export interface ThresholdOptions {
  /** Bracket [lo, hi] for α (default [1.3, 1.7]); SE from m = 0 must stay low at lo and reach m = 1 at hi. */
  readonly bracket?: readonly [number, number];
  /** Bisect until hi − lo < this (default 1e-4). */
  readonly tolerance?: number;
}

/**
 * The binary prior's algorithmic threshold α_alg: the smallest α at which state evolution from the
 * uninformative start m_0 = 0 reaches perfect generalization m = 1 (the low-overlap fixed point
 * disappears in a spinodal), found by bisection on α over this module's SE. Literature: α_alg ≈ 1.493.
 * A run that has not converged after 20000 iterations counts as still on the low branch
 * (the plateau before the jump lengthens as α → α_alg⁺).
 * @param options - bracket and tolerance
 * @returns the midpoint of the final bracket
 * @throws RangeError when the bracket does not bracket the jump
 * @see J. Barbier, F. Krzakala, N. Macris, L. Miolane, L. Zdeborová, "Optimal errors and phase transitions in high-dimensional generalized linear models", PNAS 116, 5451 (2019).
 */
export function algorithmicThreshold(options: ThresholdOptions = {}): number {
  let [lo, hi] = options.bracket ?? [1.3, 1.7];
  const tol = options.tolerance ?? 1e-4;
  if (!(lo > 0 && hi > lo && Number.isFinite(hi)))
    throw new RangeError(`bracket: expected 0 < lo < hi, got [${lo}, ${hi}]`);
  if (!(tol > 0)) throw new RangeError(`tolerance: expected a number > 0, got ${tol}`);
  const perfect = (alpha: number) => {
    const r = iterate('binary', alpha, 0, 1e-12, 20_000);
    return r.converged && r.d < 1e-6;
  };
  if (perfect(lo)) throw new RangeError(`bracket: SE already reaches m = 1 at lo = ${lo}`);
  if (!perfect(hi)) throw new RangeError(`bracket: SE does not reach m = 1 at hi = ${hi}`);
  while (hi - lo >= tol) {
    const mid = 0.5 * (lo + hi);
    if (perfect(mid)) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}
