/**
 * Batch generalization of the teacher–student sign perceptron with a spherical (Gaussian) teacher
 * w*, inputs x ~ N(0, I_N) and P = αN examples: the generalization error ε_g = arccos(R)/π of a
 * student whose direction has cosine R with the teacher, for the Hebb student (closed form), the
 * Gibbs student (zero-temperature replica-symmetric saddle point) and the Bayes-optimal student
 * (the centre of mass of the version space, from Bayes-optimal state evolution), and the
 * per-instance simulation of the Hebb and the Bayes-optimal (GAMP) students.
 * @module
 */
import { brent, ConvergenceError, integrate } from '@replica/spin-core/math';
import type { AmpOptions, PerceptronInstance } from './amp';
import { ampPerceptron, inverseMillsRatio } from './amp';
import { perceptronGeneralizationError } from './online-ode';
import { stateEvolution } from './state-evolution';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function checkAlpha(alpha: number): void {
  if (!(alpha >= 0) || !Number.isFinite(alpha))
    throw new RangeError(`alpha: expected a finite number ≥ 0, got ${alpha}`);
}

/**
 * The cosine of the Hebb student J = Σ_μ y_μ x_μ with the teacher as N → ∞:
 * R_Hebb = √(2α/π)/√(1 + 2α/π) (along the teacher J has Σ_μ |u_μ| ≈ P√(2/π), u_μ the teacher's field; |J_⊥|² ≈ PN), so
 * ε_Hebb = arccos(R_Hebb)/π ≈ 1/√(2πα) for α → ∞.
 * @param alpha - α = P/N ≥ 0
 * @returns R ∈ [0, 1)
 * @throws RangeError for α < 0 or non-finite α
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), sec. 3.1.
 * @see F. Vallet, "The Hebb rule for learning linearly separable Boolean functions", Europhys. Lett. 8, 747 (1989).
 */
export function hebbOverlap(alpha: number): number {
  checkAlpha(alpha);
  const x = (2 * alpha) / Math.PI;
  return Math.sqrt(x / (1 + x));
}

/** E_t r(√R t), t ~ N(0, 1), r the inverse Mills ratio φ(x)/H(−x); φ(t)|t| < 1e−40 beyond |t| = 14. */
function millsExpectation(r: number): number {
  const s = Math.sqrt(r);
  return integrate((t) => INV_SQRT_2PI * Math.exp(-0.5 * t * t) * inverseMillsRatio(s * t), -14, 14, {
    absTol: 1e-15,
    relTol: 1e-12,
  });
}

/** Options of {@link gibbsOverlap}. */
export interface GibbsOverlapOptions {
  /** Absolute tolerance on log(1 − R) in Brent's method (default 1e-13). */
  readonly tolerance?: number;
  /** Brent iteration cap (default 200); reaching it throws ConvergenceError. */
  readonly maxIterations?: number;
}

/**
 * The overlap R = q of the zero-temperature Gibbs student (uniform on the version space) from the
 * replica-symmetric saddle point of the spherical perceptron,
 * R/√(1 − R) = (α/π) ∫Dt e^{−Rt²/2}/H(−√R t) = α√(2/π) E_t r(√R t),  r(x) = φ(x)/H(−x),
 * solved by Brent's method in log(1 − R) (so that R → 1 keeps its precision). Gibbs learning is
 * on the Nishimori line, so R = q equals the Bayes-optimal state-evolution overlap m.
 * ε_Gibbs = arccos(R)/π ≈ 0.625/α for α → ∞ (see {@link generalizationAsymptotes}).
 * @param alpha - α = P/N ≥ 0 (α = 0 gives R = 0)
 * @param options - tolerance and maxIterations of the root search
 * @returns R ∈ [0, 1)
 * @throws RangeError for α < 0, non-finite α or α so large that 1 − R < e^{−120};
 *   ConvergenceError when Brent's method does not converge
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), sec. 2.3.
 * @see H. S. Seung, H. Sompolinsky, N. Tishby, "Statistical mechanics of learning from examples", Phys. Rev. A 45, 6056 (1992).
 */
export function gibbsOverlap(alpha: number, options: GibbsOverlapOptions = {}): number {
  checkAlpha(alpha);
  const tol = options.tolerance ?? 1e-13;
  if (!(tol > 0)) throw new RangeError(`tolerance: expected a number > 0, got ${tol}`);
  const maxIterations = options.maxIterations ?? 200;
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1)
    throw new RangeError(`maxIterations: expected an integer ≥ 1, got ${maxIterations}`);
  if (alpha === 0) return 0;
  // u = log(1 − R): f(u) = R/√(1 − R) − α√(2/π) E_t r(√R t), increasing in R, negative at R = 0
  const f = (u: number) => {
    const d = Math.exp(u);
    const r = -Math.expm1(u);
    return r / Math.sqrt(d) - alpha * SQRT_2_OVER_PI * millsExpectation(r);
  };
  const uLo = -120;
  if (f(uLo) <= 0) throw new RangeError(`alpha: α = ${alpha} is too large (1 − R below e^{${uLo}})`);
  let u: number;
  try {
    u = brent(f, uLo, 0, { tol, maxIterations });
  } catch (e) {
    if (e instanceof ConvergenceError)
      throw new ConvergenceError(`gibbsOverlap(α = ${alpha}): ${e.message}`, e.residual, e.iterations);
    throw e;
  }
  return -Math.expm1(u);
}

/**
 * The cosine with the teacher of the Bayes-optimal student, the posterior mean ŵ = E[w | data]
 * (the centre of mass of the version space, whose sign classifier is the Bayes classifier as
 * N → ∞): with m = (ŵ·w*)/N = q = (ŵ·ŵ)/N from Gaussian-prior state evolution, R_Bayes = m/√q = √m.
 * So ε_Bayes = arccos(√m)/π, against ε_Gibbs = arccos(m)/π for a single version-space sample;
 * ε_Bayes ≈ 0.442/α for α → ∞.
 * @param alpha - α = P/N ≥ 0 (α = 0 gives R = 0)
 * @returns R ∈ [0, 1)
 * @throws RangeError for α < 0 or non-finite α; ConvergenceError when state evolution does not converge
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), sec. 3.6.
 * @see M. Opper, D. Haussler, "Generalization performance of Bayes optimal classification algorithm for learning a perceptron", Phys. Rev. Lett. 66, 2677 (1991).
 */
export function bayesOverlap(alpha: number): number {
  checkAlpha(alpha);
  if (alpha === 0) return 0;
  return Math.sqrt(stateEvolution('gaussian', alpha).m);
}

/** ε_g and the student–teacher cosine R behind it. */
export interface StudentGeneralization {
  /** Cosine R of the student's direction with the teacher's. */
  readonly overlap: number;
  /** ε_g = arccos(R)/π. */
  readonly error: number;
}

/** The three theory curves at one α, see {@link generalizationTheory}. */
export interface GeneralizationTheory {
  readonly alpha: number;
  readonly hebb: StudentGeneralization;
  readonly gibbs: StudentGeneralization;
  readonly bayes: StudentGeneralization;
}

function fromCosine(r: number): StudentGeneralization {
  return { overlap: r, error: perceptronGeneralizationError(r, 1) };
}

/**
 * The N → ∞ generalization errors ε_g = arccos(R)/π of the Hebb, Gibbs and Bayes-optimal students
 * of the spherical teacher perceptron at one α ({@link hebbOverlap}, {@link gibbsOverlap},
 * {@link bayesOverlap}). At every α, ε_Bayes ≤ ε_Gibbs ≤ 2 ε_Bayes and ε_Bayes ≤ ε_Hebb.
 * @param alpha - α = P/N ≥ 0
 * @returns R and ε_g of each student
 * @throws RangeError for α < 0 or non-finite α; ConvergenceError from the solvers
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), ch. 2–3.
 */
export function generalizationTheory(alpha: number): GeneralizationTheory {
  return {
    alpha,
    hebb: fromCosine(hebbOverlap(alpha)),
    gibbs: fromCosine(gibbsOverlap(alpha)),
    bayes: fromCosine(bayesOverlap(alpha)),
  };
}

/** Leading large-α behaviour of the three students, see {@link generalizationAsymptotes}. */
export interface GeneralizationAsymptotes {
  /** c_Hebb in ε_Hebb ≈ c_Hebb/√α: 1/√(2π) ≈ 0.399. */
  readonly hebb: number;
  /** c_Gibbs in ε_Gibbs ≈ c_Gibbs/α: 1/(√π ∫dt φ(t)²/Φ(t)) ≈ 0.625. */
  readonly gibbs: number;
  /** c_Bayes in ε_Bayes ≈ c_Bayes/α: c_Gibbs/√2 ≈ 0.442. */
  readonly bayes: number;
}

/**
 * The large-α coefficients of the generalization errors: ε_Hebb ≈ 1/√(2πα);
 * at R → 1 the Gibbs equation gives √(1 − R) ≈ 1/(α√(2/π) c), c = E_t r(t) = ∫dt φ(t)²/Φ(t),
 * hence ε_Gibbs ≈ √(2(1 − R))/π ≈ 1/(√π c α) ≈ 0.625/α and ε_Bayes = arccos(√R)/π ≈ ε_Gibbs/√2 ≈ 0.442/α.
 * @returns the three coefficients
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), secs. 2.3, 3.1, 3.6.
 */
export function generalizationAsymptotes(): GeneralizationAsymptotes {
  const gibbs = 1 / (Math.sqrt(Math.PI) * millsExpectation(1));
  return { hebb: INV_SQRT_2PI, gibbs, bayes: gibbs / Math.SQRT2 };
}

/**
 * The Hebb student of one instance, J_i = Σ_μ y_μ F_μi (the inputs' 1/√N scale does not change
 * its direction).
 * @param problem - inputs F (P × N, row-major) and labels y
 * @returns J, length N
 * @throws RangeError for inconsistent shapes
 * @see D. O. Hebb, *The Organization of Behavior* (1949); A. Engel, C. Van den Broeck (2001), sec. 3.1.
 */
export function hebbStudent(problem: Pick<PerceptronInstance, 'n' | 'p' | 'inputs' | 'labels'>): Float64Array {
  const { n, p, inputs, labels } = problem;
  if (inputs.length !== p * n)
    throw new RangeError(`problem.inputs: expected P·N = ${p * n} entries, got ${inputs.length}`);
  if (labels.length !== p) throw new RangeError(`problem.labels: expected P = ${p} labels, got ${labels.length}`);
  const j = new Float64Array(n);
  for (let mu = 0; mu < p; mu++) {
    const y = labels[mu] as number;
    const off = mu * n;
    for (let i = 0; i < n; i++) j[i] = (j[i] as number) + y * (inputs[off + i] as number);
  }
  return j;
}

/**
 * The cosine R = a·b/(|a||b|) of two weight vectors (student and teacher).
 * @param a - first vector
 * @param b - second vector, same length
 * @returns R ∈ [−1, 1]
 * @throws RangeError for different lengths or a zero vector
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), eq. (2.3).
 */
export function cosineOverlap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`b: expected length ${a.length}, got ${b.length}`);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  if (!(aa > 0)) throw new RangeError('a: expected a nonzero vector');
  if (!(bb > 0)) throw new RangeError('b: expected a nonzero vector');
  return Math.max(-1, Math.min(1, ab / Math.sqrt(aa * bb)));
}

/** A student simulated by {@link studentGeneralization}. */
export type SimulatedStudent = 'hebb' | 'bayes';

/** Options of {@link studentGeneralization}. */
export interface StudentGeneralizationOptions {
  /** Which students to train (default both). */
  readonly students?: readonly SimulatedStudent[];
  /** GAMP options for the Bayes-optimal student (defaults of {@link ampPerceptron}). */
  readonly amp?: AmpOptions;
}

/** What {@link studentGeneralization} returns: one entry per student asked for. */
export interface StudentGeneralizationResult {
  readonly hebb?: StudentGeneralization;
  /** The GAMP posterior-mean estimate, with GAMP's convergence report. */
  readonly bayes?: StudentGeneralization & { readonly converged: boolean; readonly iterations: number };
}

/**
 * Trains the Hebb student (J = Σ_μ y_μ x_μ) and/or the Bayes-optimal student (the GAMP posterior
 * mean, Gaussian prior) on one teacher–student instance and scores each by the exact cosine R with
 * the instance's teacher: ε_g = arccos(R)/π (the test error over fresh x ~ N(0, I_N)).
 * @param instance - a Gaussian-prior instance from `perceptronInstance`
 * @param options - students and GAMP options
 * @returns R and ε_g per student
 * @throws RangeError for a binary-prior instance or an unknown student
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), ch. 2–3.
 * @see L. Zdeborová, F. Krzakala, "Statistical physics of inference: thresholds and algorithms", Adv. Phys. 65, 453 (2016).
 */
export function studentGeneralization(
  instance: PerceptronInstance,
  options: StudentGeneralizationOptions = {},
): StudentGeneralizationResult {
  if (instance.prior !== 'gaussian')
    throw new RangeError(`instance.prior: expected 'gaussian' (spherical teacher), got '${instance.prior}'`);
  const students = options.students ?? ['hebb', 'bayes'];
  for (const s of students)
    if (s !== 'hebb' && s !== 'bayes') throw new RangeError(`students: expected 'hebb' or 'bayes', got '${s}'`);
  let hebb: StudentGeneralization | undefined;
  let bayes: StudentGeneralizationResult['bayes'];
  if (students.includes('hebb')) hebb = fromCosine(cosineOverlap(hebbStudent(instance), instance.teacher));
  if (students.includes('bayes')) {
    const r = ampPerceptron(instance, options.amp);
    bayes = {
      ...fromCosine(cosineOverlap(r.estimate, instance.teacher)),
      converged: r.converged,
      iterations: r.iterations,
    };
  }
  return { ...(hebb && { hebb }), ...(bayes && { bayes }) };
}
