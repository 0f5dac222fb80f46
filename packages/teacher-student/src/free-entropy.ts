/**
 * The replica-symmetric (Bayes-optimal) free entropy of the teacher–student sign perceptron, and
 * from it the information-theoretic threshold of the binary (±1) teacher: the α at which the
 * entropy of the poorly-generalizing state-evolution fixed point vanishes, so that the teacher
 * itself (m = 1) becomes the equilibrium — computed here, not quoted.
 * @module
 */
import { brent, gaussianExpectation, gaussianExpectationAdaptive, integrate, logH } from '@replica/spin-core/math';
import type { PerceptronPrior } from './amp';
import { checkPrior } from './amp';
import { stateEvolution } from './state-evolution';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** log cosh h without overflow: |h| + log1p(e^{−2|h|}) − log 2. */
function logCosh(h: number): number {
  const a = Math.abs(h);
  return a + Math.log1p(Math.exp(-2 * a)) - Math.LN2;
}

/**
 * The prior's part of the free entropy, ψ₀(m̂) = E_{w*,z} log Z₀(m̂w* + √m̂ z, m̂) with
 * Z₀(B, A) = E_w e^{Bw − Aw²/2}: Gaussian prior ψ₀ = (m̂ − log(1 + m̂))/2; binary prior
 * ψ₀ = E_z log cosh(m̂ + √m̂ z) − m̂/2. Its derivative is m/2 with m the prior's overlap.
 * @param prior - `gaussian` or `binary`
 * @param mHat - m̂ ≥ 0, finite
 * @returns ψ₀(m̂)
 * @throws RangeError for m̂ < 0 or non-finite
 */
export function priorFreeEntropy(prior: PerceptronPrior, mHat: number): number {
  checkPrior(prior);
  if (!(mHat >= 0) || !Number.isFinite(mHat)) throw new RangeError(`mHat: expected a finite number ≥ 0, got ${mHat}`);
  if (prior === 'gaussian') return 0.5 * (mHat - Math.log1p(mHat));
  if (mHat === 0) return 0;
  const s = Math.sqrt(mHat);
  // log cosh(m̂ + √m̂ z) has its kink-like corner at z = −√m̂.
  return (
    gaussianExpectationAdaptive((z) => logCosh(mHat + s * z), {
      breakpoints: [-s],
      absTol: 1e-14,
      relTol: 1e-12,
    }) -
    0.5 * mHat
  );
}

/**
 * The sign channel's part of the free entropy, Ψ_out(m) = E_ξ Σ_{y=±1} Z_out log Z_out with
 * Z_out = H(−y√(m/(1 − m)) ξ), i.e. Ψ_out(m) = 2∫Dξ H(sξ) log H(sξ), s = √(m/(1 − m)) (ρ = 1).
 * Ψ_out(0) = −log 2, Ψ_out(1) = 0, and α dΨ_out/dm = m̂/2 on the state-evolution fixed point.
 * @param m - the overlap in [0, 1]
 * @returns Ψ_out(m) ∈ [−log 2, 0]
 * @throws RangeError for m outside [0, 1]
 */
export function signChannelFreeEntropy(m: number): number {
  if (!(m >= 0 && m <= 1)) throw new RangeError(`m: expected a number in [0, 1], got ${m}`);
  if (m === 1) return 0;
  const s = Math.sqrt(m / (1 - m));
  const hlogh = (x: number) => {
    const l = logH(x);
    return Math.exp(l) * l;
  };
  if (s < 1) return 2 * gaussianExpectation((xi) => hlogh(s * xi), 96);
  // x = sξ: (2/s)∫dx φ(x/s) H(x) log H(x); H log H < 1e−300 beyond |x| = 40.
  return (
    (2 / s) *
    integrate((x) => INV_SQRT_2PI * Math.exp(-0.5 * (x / s) ** 2) * hlogh(x), -40, 40, {
      absTol: 1e-16,
      relTol: 1e-12,
    })
  );
}

/** The answer of {@link perceptronFreeEntropy}. */
export interface PerceptronFreeEntropy {
  /** The state-evolution fixed point reached from m₀ = 0 (the overlap AMP reaches). */
  readonly m: number;
  readonly mHat: number;
  /** Φ_RS = ψ₀(m̂) + α Ψ_out(m) − m m̂/2 at that fixed point (per weight, nats). */
  readonly freeEntropy: number;
  /**
   * Binary prior: s = Φ_RS + log 2, the entropy per weight of the ±1 students consistent with the
   * data (log of their number over N); the perfect-generalization state m = 1 has s = 0. Null for
   * the Gaussian prior (a density, not a count).
   */
  readonly entropy: number | null;
}

/**
 * The replica-symmetric free entropy Φ = lim (1/N) E log Σ_w P₀(w) Π_μ Θ(y_μ w·x_μ) of the
 * Bayes-optimal sign perceptron at the fixed point of {@link stateEvolution} from m₀ = 0:
 *
 *   Φ_RS(m, m̂) = ψ₀(m̂) + α Ψ_out(m) − m m̂/2,
 *
 * stationary in both m and m̂ there. For the binary prior, s = Φ + log 2 counts the consistent
 * weight vectors: s(0) = log 2, and s decreases with α.
 *
 * @param prior - `gaussian` or `binary`
 * @param alpha - α = P/N > 0
 * @returns the fixed point and its free entropy (and entropy for the binary prior)
 * @throws ConvergenceError when state evolution does not converge; RangeError for bad α or prior
 * @see J. Barbier, F. Krzakala, N. Macris, L. Miolane, L. Zdeborová, "Optimal errors and phase
 *   transitions in high-dimensional generalized linear models", PNAS 116, 5451 (2019)
 */
export function perceptronFreeEntropy(prior: PerceptronPrior, alpha: number): PerceptronFreeEntropy {
  const { m, mHat } = stateEvolution(prior, alpha);
  const freeEntropy =
    m === 1 ? (prior === 'binary' ? -Math.LN2 : Number.NEGATIVE_INFINITY) : perceptronPotential(prior, alpha, m, mHat);
  return { m, mHat, freeEntropy, entropy: prior === 'binary' ? freeEntropy + Math.LN2 : null };
}

/**
 * The replica-symmetric potential Φ_RS(m, m̂) = ψ₀(m̂) + α Ψ_out(m) − m m̂/2 at any (m, m̂) (its
 * stationary points are the state-evolution fixed points).
 * @param prior - `gaussian` or `binary`
 * @param alpha - α ≥ 0
 * @param m - overlap in [0, 1)
 * @param mHat - conjugate m̂ ≥ 0, finite
 * @returns Φ_RS(m, m̂)
 */
export function perceptronPotential(prior: PerceptronPrior, alpha: number, m: number, mHat: number): number {
  if (!(alpha >= 0) || !Number.isFinite(alpha))
    throw new RangeError(`alpha: expected a finite number ≥ 0, got ${alpha}`);
  if (!(m >= 0 && m < 1)) throw new RangeError(`m: expected a number in [0, 1), got ${m}`);
  return priorFreeEntropy(prior, mHat) + alpha * signChannelFreeEntropy(m) - 0.5 * m * mHat;
}

/** Options of {@link informationTheoreticThreshold}. */
export interface InformationThresholdOptions {
  /** Bracket [lo, hi] for α (default [1, 1.45], below the algorithmic threshold ≈ 1.49). */
  readonly bracket?: readonly [number, number];
  /** Brent's absolute tolerance on α (default 1e-6). */
  readonly tolerance?: number;
}

/**
 * The information-theoretic threshold α_IT of the binary-prior sign perceptron: the root of the
 * entropy s(α) = Φ_RS + log 2 of the low-overlap state-evolution fixed point (Brent). Below α_IT
 * that fixed point is the equilibrium; above it the teacher (m = 1, s = 0) is, so the Bayes-optimal
 * error jumps to 0 — while AMP stays on the low branch up to α_alg ≈ 1.49. Literature: 1.245
 * (Györgyi 1990, Sompolinsky, Tishby & Seung 1990), 1.249 (Barbier et al. 2019).
 *
 * @param options - bracket and tolerance
 * @returns α_IT
 * @throws RangeError when the bracket does not bracket the sign change
 * @see G. Györgyi, Phys. Rev. A 41, 7097 (1990); H. Sompolinsky, N. Tishby, H. S. Seung, Phys. Rev. Lett. 65, 1683 (1990)
 * @see J. Barbier et al., PNAS 116, 5451 (2019)
 */
export function informationTheoreticThreshold(options: InformationThresholdOptions = {}): number {
  const [lo, hi] = options.bracket ?? [1, 1.45];
  if (!(lo > 0 && hi > lo && Number.isFinite(hi)))
    throw new RangeError(`bracket: expected 0 < lo < hi, got [${lo}, ${hi}]`);
  const tol = options.tolerance ?? 1e-6;
  if (!(tol > 0)) throw new RangeError(`tolerance: expected a number > 0, got ${tol}`);
  const s = (alpha: number) => {
    const r = perceptronFreeEntropy('binary', alpha);
    if (r.m === 1) throw new RangeError(`bracket: state evolution already reaches m = 1 at α = ${alpha}`);
    return r.entropy as number;
  };
  const sLo = s(lo);
  const sHi = s(hi);
  if (!(sLo > 0 && sHi < 0))
    throw new RangeError(`bracket: expected s(lo) > 0 > s(hi), got s(${lo}) = ${sLo}, s(${hi}) = ${sHi}`);
  return brent(s, lo, hi, { tol });
}
