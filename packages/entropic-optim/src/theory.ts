/**
 * Equilibrium theory of the binary perceptron (weights W ∈ {±1}ᴺ, P = αN random ±1 patterns
 * with random ±1 labels), replica symmetric, at zero temperature (counting solutions):
 *
 *   s(α) = extr_{q, q̂} [ −q̂(1 − q)/2 + ∫Dz ln 2cosh(√q̂ z) + α ∫Dt ln H(−√(q/(1 − q)) t) ],
 *
 * with the saddle point q = ∫Dz tanh²(√q̂ z), q̂ = −2α ∂_q ∫Dt ln H(−√(q/(1 − q)) t). The
 * capacity α_c is the zero of s(α) (Krauth–Mézard's 0.833, where the RS entropy vanishes).
 * The teacher–student transition comes from `@replica/teacher-student`'s state evolution.
 * @module
 */
import { brent, ConvergenceError, fixedPoint, gaussianExpectation, logH } from '@replica/spin-core/math';
import { informationTheoreticThreshold } from '@replica/teacher-student';
import { checkNumber } from '@replica/webgpu-kernels';

/** The replica-symmetric saddle point of the binary perceptron at load α. */
export interface BinaryPerceptronRS {
  readonly alpha: number;
  /** The overlap of two solutions, q = ⟨W·W′⟩/N. */
  readonly q: number;
  /** Its conjugate q̂. */
  readonly qHat: number;
  /** The entropy density of solutions s(α) = (1/N) ⟨ln #solutions⟩, in nats. */
  readonly entropy: number;
  /** Iterations of the damped fixed point. */
  readonly iterations: number;
}

// Gauss–Hermite points: ln 2cosh and ln H are smooth; near q → 1 the ln H term is a
// smoothed |t|² ramp, integrated to ~1e-10 with 160 points
const POINTS = 160;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** ∫Dz ln 2cosh(√q̂ z), stably (|x| + ln(1 + e^{−2|x|})). */
function entropicTerm(qHat: number): number {
  const s = Math.sqrt(qHat);
  return gaussianExpectation((z) => {
    const x = Math.abs(s * z);
    return x + Math.log1p(Math.exp(-2 * x));
  }, POINTS);
}

/** ∫Dt ln H(−u t), u = √(q/(1 − q)). */
function energeticTerm(q: number): number {
  const u = Math.sqrt(q / (1 - q));
  return gaussianExpectation((t) => logH(-u * t), POINTS);
}

/** q = ∫Dz tanh²(√q̂ z). */
function qOf(qHat: number): number {
  const s = Math.sqrt(qHat);
  return gaussianExpectation((z) => Math.tanh(s * z) ** 2, POINTS);
}

/**
 * q̂ = −2α ∂_q ∫Dt ln H(−u t) = −2α u′(q) ∫Dt t·G(u t)/H(−u t), u′ = 1/(2√q (1 − q)^{3/2}),
 * G the standard normal density (d ln H(x)/dx = −G(x)/H(x)).
 */
function qHatOf(q: number, alpha: number): number {
  const u = Math.sqrt(q / (1 - q));
  const du = 1 / (2 * Math.sqrt(q) * (1 - q) ** 1.5);
  // G(ut)/H(−ut) in logs: far in the tail both underflow, their ratio (≈ u|t|) does not
  const m = gaussianExpectation((t) => t * Math.exp(-0.5 * (u * t) ** 2 - LOG_SQRT_2PI - logH(-u * t)), POINTS);
  return -2 * alpha * du * m;
}

/** φ(q, q̂) at load α (the RS free entropy before extremization). */
export function binaryPerceptronPotential(alpha: number, q: number, qHat: number): number {
  return -0.5 * qHat * (1 - q) + entropicTerm(qHat) + alpha * energeticTerm(q);
}

/**
 * Solves the RS saddle point of the binary perceptron at load α by damped iteration of
 * (q̂ → q → q̂), and returns the entropy of solutions there.
 * @param alpha - the load P/N, in (0, 1)
 * @param options - `damping` (default 0.5), `tol` (default 1e-12), `maxIterations` (default 20000)
 * @throws ConvergenceError when the iteration does not converge (the solver never returns an unconverged point)
 * @see W. Krauth, M. Mézard, J. Phys. France 50, 3057 (1989); E. Gardner, B. Derrida, J. Phys. A 21, 271 (1988)
 */
export function binaryPerceptronRS(
  alpha: number,
  options: { readonly damping?: number; readonly tol?: number; readonly maxIterations?: number } = {},
): BinaryPerceptronRS {
  checkNumber(alpha, 'alpha', { min: 0, max: 1 });
  if (alpha === 0) return { alpha, q: 0, qHat: 0, entropy: Math.LN2, iterations: 0 };
  // iterate on q; q̂ follows
  const r = fixedPoint(
    (x, out) => {
      const q = Math.min(Math.max(x[0]!, 1e-12), 1 - 1e-12);
      out[0] = qOf(qHatOf(q, alpha));
    },
    [0.5],
    {
      damping: options.damping ?? 0.5,
      tol: options.tol ?? 1e-12,
      maxIterations: options.maxIterations ?? 20_000,
      name: `binaryPerceptronRS(α = ${alpha})`,
    },
  );
  const q = r.x[0]!;
  const qHat = qHatOf(q, alpha);
  const entropy = binaryPerceptronPotential(alpha, q, qHat);
  if (!Number.isFinite(entropy))
    throw new ConvergenceError(`binaryPerceptronRS(α = ${alpha}): the entropy is not finite`, Number.NaN, r.iterations);
  return { alpha, q, qHat, entropy, iterations: r.iterations };
}

/**
 * The capacity α_c of the binary perceptron with random labels: the zero of the RS entropy
 * s(α) (Brent), ≈ 0.833 (Krauth–Mézard; the one-step RSB capacity coincides with it).
 * @param tolerance - on α, default 1e-7
 * @see W. Krauth, M. Mézard, J. Phys. France 50, 3057 (1989)
 */
export function binaryPerceptronCapacity(tolerance = 1e-7): number {
  return brent((a) => binaryPerceptronRS(a).entropy, 0.6, 0.95, { tol: tolerance });
}

/**
 * The teacher–student transition of the binary perceptron (a ±1 student learning a ±1 teacher):
 * the load where the entropy of the students consistent with the data vanishes and only the
 * teacher remains, ≈ 1.245 (Györgyi) — `@replica/teacher-student`'s
 * `informationTheoreticThreshold` (the same RS free entropy, through state evolution).
 * @see G. Györgyi, Phys. Rev. A 41, 7097 (1990)
 */
export function binaryTeacherStudentTransition(): number {
  return informationTheoreticThreshold();
}
