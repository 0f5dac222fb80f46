/**
 * Learning curves of batch students on any {@link TeacherStudentTask}: the test error vs α = P/N
 * of ridge, logistic, Hebb and random-features students, measured on a held-out test set drawn
 * from the same task, beside the exact asymptotic theory wherever this package has one for the
 * (inputs, teacher, student) combination, and `null` (with the reason) where it has none.
 * @module
 */
import { gaussianExpectationAdaptive } from '@replica/spin-core/math';
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import { meanStderr } from './checks';
import type { Activation, InputModel, TeacherModel, TeacherStudentTask } from './data';
import { activationFunction, teacherStudentTask } from './data';
import { logisticRegression, logisticRisk } from './logistic';
import { centredRelu } from './random-features';
import { randomFeaturesRisk } from './random-features-theory';
import { ridgeEstimator, ridgeRisk } from './ridge';
import { structuredRidgeRisk } from './ridge-structured';

/**
 * A batch student, trained on (x_μ, y_μ), μ < P, predicting ŷ(x):
 * - `ridge`: ŵ = argmin Σ_μ (y_μ − w·x_μ/√N)² + λ|w|², ŷ = ŵ·x/√N;
 * - `logistic`: ŵ = argmin Σ_μ log(1 + e^{−y_μ w·x_μ/√N}) + (λ/2)|w|², λ > 0, ŷ = ŵ·x/√N
 *   (classification tasks only);
 * - `hebb`: ŵ = Σ_μ y_μ x_μ, ŷ = sgn(ŵ·x) (classification tasks only);
 * - `random-features`: p = round(ψN) frozen features z = σ(Fx/√N), F_ij ~ N(0, 1), σ the centred
 *   ReLU, second layer â = argmin Σ_μ (y_μ − a·z_μ/√p)² + λ|a|², ŷ = â·z/√p.
 */
export type StudentModel =
  | { readonly kind: 'ridge'; readonly lambda: number }
  | { readonly kind: 'logistic'; readonly lambda: number }
  | { readonly kind: 'hebb' }
  | { readonly kind: 'random-features'; readonly widthRatio: number; readonly lambda: number };

/** Options of {@link learningCurve}. */
export interface LearningCurveOptions {
  /** Input dimension N ≥ 1. */
  readonly n: number;
  readonly inputs: InputModel;
  readonly teacher: TeacherModel;
  readonly student: StudentModel;
  /** Sample ratios α = P/N ≥ 0 (P = round(αN)). */
  readonly alphas: readonly number[];
  /** Independent tasks (teacher, features, data) per α, ≥ 1. */
  readonly trials: number;
  /** Held-out test examples per task, ≥ 1. */
  readonly testSize: number;
  /** Seed: trial t's task seed is drawn from Philox stream t of this seed. */
  readonly seed: number | bigint;
}

/** One α of {@link LearningCurveResult}. */
export interface LearningCurvePoint {
  /** α as requested. */
  readonly alpha: number;
  /** P = round(αN). */
  readonly samples: number;
  /** The test error (see {@link LearningCurveResult.metric}), mean over trials. */
  readonly testError: number;
  /** Its standard error over trials (test-set noise included; 0 for one trial). */
  readonly stderr: number;
  /** The asymptotic theory at α = P/N, or null (see {@link LearningCurveResult.theoryNote}). */
  readonly theory: number | null;
}

/** The answer of {@link learningCurve}. */
export interface LearningCurveResult {
  /** 'classification': the fraction of test labels with sgn(ŷ) ≠ y; 'mse': the mean of (y − ŷ)². */
  readonly metric: 'classification' | 'mse';
  readonly points: readonly LearningCurvePoint[];
  /** Which closed form the theory column is, or why there is none. */
  readonly theoryNote: string;
}

/**
 * The asymptotic theory of a learning curve: `at(α)` is the N → ∞ test error in the metric of
 * {@link learningCurve}, or null where this package has no closed form; `note` names the formula
 * (or says why there is none).
 */
export interface LearningCurveTheory {
  /** The N → ∞ test error at α = P/N, or null where no theory is implemented for the combination. */
  readonly at: ((alpha: number) => number) | null;
  /** Which theory it is, or why there is none. */
  readonly note: string;
}

/** Isotropic i.i.d. inputs with unit variance: the exact formulas below hold for them by universality of the MP law / the CLT. */
function isotropic(inputs: InputModel): boolean {
  return inputs.kind === 'gaussian' || inputs.kind === 'spin';
}

/**
 * The closed form this package has for a (inputs, teacher, student) combination, if any: ridge on
 * the noisy linear teacher (Marchenko–Pastur; with salient/weak two-block inputs, the anisotropic
 * deterministic equivalent; with hidden-manifold inputs of an odd f and Gaussian or ±1 latents,
 * random-features regression of the latent by Gaussian equivalence); random features on the noisy
 * linear teacher; logistic regression (replica fixed point) and Hebb
 * on the sign perceptron with label flips. They hold for i.i.d. unit-variance inputs, Gaussian or
 * ±1, as N → ∞ (the ±1 case by universality; the tests check it at finite N).
 *
 * @param inputs - the input model
 * @param teacher - the teacher model
 * @param student - the student model
 * @param n - the input dimension N, if known: the theory then uses the realized block split
 *   round(φN)/N and width round(ψN)/N
 * @returns the theory, `at: null` with the reason where none is implemented
 * @see T. Hastie et al., Ann. Statist. 50, 949 (2022); F. Vallet, Europhys. Lett. 8, 747 (1989)
 * @see B. Aubin, F. Krzakala, Y. M. Lu, L. Zdeborová, NeurIPS (2020) (logistic regression)
 */
export function learningCurveTheory(
  inputs: InputModel,
  teacher: TeacherModel,
  student: StudentModel,
  n?: number,
): LearningCurveTheory {
  if (inputs.kind === 'two-block' && student.kind === 'ridge' && teacher.kind === 'linear') {
    // The realized salient fraction round(φN)/N when N is known.
    const phi = n === undefined ? inputs.salientFraction : Math.round(inputs.salientFraction * n) / n;
    const noise = teacher.noise ?? 0;
    return {
      at: (alpha) =>
        structuredRidgeRisk({
          alpha,
          lambda: student.lambda,
          noise,
          salientFraction: phi,
          salientVariance: inputs.salientVariance,
          weakVariance: inputs.weakVariance,
        }).testError,
      note: 'ridge on the noisy linear teacher with salient/weak features: the anisotropic deterministic equivalent (Hastie et al. 2022, Loureiro et al. 2021)',
    };
  }
  if (inputs.kind === 'hidden-manifold' && student.kind === 'ridge' && teacher.kind === 'linear') {
    const f = inputs.activation ?? 'sign';
    const latent = inputs.latent ?? 'bernoulli';
    if (latent === 'bernoulli' || f === 'relu')
      return {
        at: null,
        note: `no closed form implemented for the hidden manifold with ${latent === 'bernoulli' ? '{0,1} latents (the preactivations are not centred)' : 'relu (μ₀ ≠ 0)'}; use latent gaussian or spin and an odd f`,
      };
    if (n === undefined)
      return { at: null, note: 'the hidden-manifold theory needs N (ridge on x is random features of width N)' };
    const { mu1, muStar } = gaussianEquivalent(f);
    const D = inputs.latentDim;
    const noise = teacher.noise ?? 0;
    return {
      at: (alpha) => {
        // ridge on x = f(Fᵀc/√D) is random-features regression of the latent c, width p = N, P = αN samples
        const samples = alpha * n;
        return samples === 0
          ? 1 + noise
          : randomFeaturesRisk({
              alpha: samples / D,
              widthRatio: n / samples,
              lambda: student.lambda,
              noise,
              mu1,
              muStar,
            }).testError;
      },
      note: `ridge on the hidden manifold (odd f = ${f}, ${latent} latents) with a linear teacher on c: random-features regression of c with width N, by Gaussian equivalence (Goldt et al. 2020, Gerace et al. 2020; μ₁ = ${mu1.toFixed(4)}, μ_* = ${muStar.toFixed(4)})`,
    };
  }
  if (!isotropic(inputs)) return { at: null, note: `no closed form implemented for ${inputs.kind} inputs` };
  if (student.kind === 'random-features' && teacher.kind === 'linear') {
    const noise = teacher.noise ?? 0;
    // p/N as realized when N is known; the theory's width ratio is p/P = (p/N)/α.
    const psi = n === undefined ? student.widthRatio : Math.max(1, Math.round(student.widthRatio * n)) / n;
    return {
      at: (alpha) =>
        alpha === 0
          ? 1 + noise // no data: â = 0 predicts 0, and E y² = 1 + Δ
          : randomFeaturesRisk({ alpha, widthRatio: psi / alpha, lambda: student.lambda, noise }).testError,
      note: 'random features (centred ReLU) on the noisy linear teacher: the Gaussian-equivalent deterministic equivalent (Mei & Montanari 2022)',
    };
  }
  if (student.kind === 'ridge' && teacher.kind === 'linear') {
    const noise = teacher.noise ?? 0;
    return {
      at: (alpha) => ridgeRisk({ alpha, lambda: student.lambda, noise }).testError,
      note: 'ridge on the noisy linear teacher: the Marchenko–Pastur test error (Hastie et al. 2022)',
    };
  }
  if (student.kind === 'logistic' && teacher.kind === 'perceptron') {
    const flip = teacher.flip ?? 0;
    return {
      at: (alpha) => logisticRisk({ alpha, lambda: student.lambda, flip }).labelError,
      note: 'logistic regression on the sign perceptron: the replica-symmetric fixed point of Aubin et al. 2020 (label error f + (1 − 2f) arccos(m/√q)/π)',
    };
  }
  if (student.kind === 'hebb' && teacher.kind === 'perceptron') {
    const f = teacher.flip ?? 0;
    const s = 1 - 2 * f;
    return {
      at: (alpha) => {
        // Labels flipped w.p. f shrink the drift along the teacher by (1 − 2f): R = √(2α/π)(1−2f)/√(1 + (2α/π)(1−2f)²).
        const a = (2 * alpha) / Math.PI;
        const r = alpha === 0 ? 0 : (Math.sqrt(a) * s) / Math.sqrt(1 + a * s * s);
        return f + s * (Math.acos(r) / Math.PI);
      },
      note:
        f === 0
          ? 'Hebb on the sign perceptron: ε = arccos(R)/π, R = √(2α/π)/√(1 + 2α/π) (Vallet 1989)'
          : 'Hebb on the sign perceptron with label flips f: ε_label = f + (1 − 2f) arccos(R)/π, R = √(2α/π)(1−2f)/√(1 + (2α/π)(1−2f)²)',
    };
  }
  return {
    at: null,
    note: `no closed form implemented for the ${student.kind} student on the ${teacher.kind} teacher`,
  };
}

/**
 * The Gaussian-equivalence coefficients of an odd activation on g ~ N(0, 1): μ₁ = E[g f(g)],
 * μ_*² = E[f(g)²] − μ₁² (μ₀ = E f(g) = 0).
 */
function gaussianEquivalent(f: Exclude<Activation, 'relu'>): { mu1: number; muStar: number } {
  if (f === 'linear') return { mu1: 1, muStar: 0 };
  if (f === 'sign') return { mu1: Math.sqrt(2 / Math.PI), muStar: Math.sqrt(1 - 2 / Math.PI) };
  const fn = activationFunction(f);
  const mu1 = gaussianExpectationAdaptive((g) => g * fn(g), { absTol: 1e-14, relTol: 1e-12 });
  const m2 = gaussianExpectationAdaptive((g) => fn(g) ** 2, { absTol: 1e-14, relTol: 1e-12 });
  return { mu1, muStar: Math.sqrt(Math.max(0, m2 - mu1 * mu1)) };
}

function checkStudent(student: StudentModel, classification: boolean): void {
  if (student === null || typeof student !== 'object') throw new TypeError('student: expected an object');
  switch (student.kind) {
    case 'ridge':
      checkNumber(student.lambda, 'student.lambda', { min: 0 });
      return;
    case 'logistic':
      checkNumber(student.lambda, 'student.lambda', { min: 0 });
      if (!(student.lambda > 0))
        throw new RangeError(`student.lambda: the logistic student needs λ > 0, got ${student.lambda}`);
      if (!classification)
        throw new RangeError("student: 'logistic' needs ±1 labels (a perceptron or sign-output teacher)");
      return;
    case 'hebb':
      if (!classification)
        throw new RangeError("student: 'hebb' needs ±1 labels (a perceptron or sign-output teacher)");
      return;
    case 'random-features':
      checkNumber(student.widthRatio, 'student.widthRatio', { min: 0 });
      checkNumber(student.lambda, 'student.lambda', { min: 0 });
      return;
    default:
      throw new RangeError(
        `student.kind: expected 'ridge', 'logistic', 'hebb' or 'random-features', got ${String((student as { kind?: unknown }).kind)}`,
      );
  }
}

/** The features z = σ(Fx/√N) of P rows, P × p row-major. */
function randomFeatures(x: Float64Array, rows: number, n: number, f: Float64Array, p: number): Float64Array {
  const z = new Float64Array(rows * p);
  const sn = Math.sqrt(n);
  for (let mu = 0; mu < rows; mu++) {
    const o = mu * n;
    for (let j = 0; j < p; j++) {
      const fo = j * n;
      let u = 0;
      for (let i = 0; i < n; i++) u += f[fo + i]! * x[o + i]!;
      z[mu * p + j] = centredRelu(u / sn);
    }
  }
  return z;
}

/** Trains `student` on (x, y) and returns ŷ on the test inputs. */
function fitAndPredict(
  student: StudentModel,
  task: TeacherStudentTask,
  train: { x: Float64Array; y: Float64Array },
  test: Float64Array,
  testRows: number,
  featureRng: PhiloxRng,
): Float64Array {
  const n = task.n;
  const p = train.y.length;
  const out = new Float64Array(testRows);
  const linear = (w: ArrayLike<number>, x: Float64Array, dim: number, scale: number) => {
    for (let mu = 0; mu < testRows; mu++) {
      let s = 0;
      const o = mu * dim;
      for (let i = 0; i < dim; i++) s += w[i]! * x[o + i]!;
      out[mu] = s * scale;
    }
  };
  switch (student.kind) {
    case 'ridge': {
      const w = p === 0 ? new Float64Array(n) : ridgeEstimator(train.x, train.y, { d: n, lambda: student.lambda });
      linear(w, test, n, 1 / Math.sqrt(n));
      break;
    }
    case 'logistic': {
      const w =
        p === 0 ? new Float64Array(n) : logisticRegression(train.x, train.y, { d: n, lambda: student.lambda }).w;
      linear(w, test, n, 1 / Math.sqrt(n));
      break;
    }
    case 'hebb': {
      const w = new Float64Array(n);
      for (let mu = 0; mu < p; mu++) {
        const o = mu * n;
        const y = train.y[mu]!;
        for (let i = 0; i < n; i++) w[i] = w[i]! + y * train.x[o + i]!;
      }
      linear(w, test, n, 1);
      break;
    }
    case 'random-features': {
      const width = Math.max(1, Math.round(student.widthRatio * n));
      const f = new Float64Array(width * n);
      for (let k = 0; k < f.length; k++) f[k] = featureRng.nextNormal();
      const a =
        p === 0
          ? new Float64Array(width)
          : ridgeEstimator(randomFeatures(train.x, p, n, f, width), train.y, { d: width, lambda: student.lambda });
      linear(a, randomFeatures(test, testRows, n, f, width), width, 1 / Math.sqrt(width));
      break;
    }
  }
  return out;
}

/**
 * The learning curve of a batch student: for each trial t a fresh task (teacher, features) with
 * its own seed (two words of Philox stream t), one test set (draw stream 0) and, for the α at index
 * a, a training set from draw stream a + 1; the random-features first layer comes from Philox stream
 * 2³¹ + t. The error is measured on the test set: the classification error for ±1 labels (labels
 * with flips count as they are: the theory is the label error), the mean squared error otherwise.
 *
 * @param options - see {@link LearningCurveOptions}
 * @returns per α the mean test error ± its standard error, and the theory where implemented
 * @throws RangeError naming the offending option (e.g. `student.lambda`, `alphas`, `testSize`)
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), ch. 2–3
 * @see T. Hastie, A. Montanari, S. Rosset, R. Tibshirani, Ann. Statist. 50, 949 (2022)
 */
export function learningCurve(options: LearningCurveOptions): LearningCurveResult {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const n = checkInteger(options.n, 'n', { min: 1 });
  const trials = checkInteger(options.trials, 'trials', { min: 1 });
  if (trials > 0x80000000) throw new RangeError(`trials: expected at most 2^31, got ${trials}`);
  const testSize = checkInteger(options.testSize, 'testSize', { min: 1 });
  if (!Array.isArray(options.alphas) || options.alphas.length === 0)
    throw new RangeError('alphas: expected a non-empty array of numbers ≥ 0');
  const alphas = options.alphas.map((a, i) => checkNumber(a, `alphas[${i}]`, { min: 0 }));
  if (options.seed === undefined) throw new RangeError('seed: required');
  const { inputs, teacher, student } = options;
  // Validate the models once (and learn whether the labels are ±1).
  const probe = teacherStudentTask({ n, inputs, teacher, seed: 0 });
  checkStudent(student, probe.classification);
  const theory = learningCurveTheory(inputs, teacher, student, n);
  const samples = alphas.map((a) => Math.round(a * n));
  if (student.kind === 'ridge' && student.lambda === 0)
    for (const [i, p] of samples.entries())
      if (p === n)
        throw new RangeError(`alphas[${i}]: P = N = ${n} with λ = 0 is the interpolation threshold; use λ > 0`);
  const errors = alphas.map(() => new Float64Array(trials));
  for (let t = 0; t < trials; t++) {
    const seedRng = new PhiloxRng(options.seed, t);
    const taskSeed = (BigInt(seedRng.nextU32()) << 32n) | BigInt(seedRng.nextU32());
    const task = teacherStudentTask({ n, inputs, teacher, seed: taskSeed });
    const test = task.draw(testSize, 0);
    for (const [a, p] of samples.entries()) {
      const train = task.draw(p, a + 1);
      const pred = fitAndPredict(student, task, train, test.x, testSize, new PhiloxRng(options.seed, 0x80000000 + t));
      let e = 0;
      if (task.classification) {
        for (let mu = 0; mu < testSize; mu++) if ((pred[mu]! >= 0 ? 1 : -1) !== test.y[mu]) e++;
      } else for (let mu = 0; mu < testSize; mu++) e += (test.y[mu]! - pred[mu]!) ** 2;
      errors[a]![t] = e / testSize;
    }
  }
  const points = alphas.map((alpha, a) => {
    const { mean, stderr } = meanStderr(errors[a]!);
    const p = samples[a]!;
    return { alpha, samples: p, testError: mean, stderr, theory: theory.at ? theory.at(p / n) : null };
  });
  return { metric: probe.classification ? 'classification' : 'mse', points, theoryNote: theory.note };
}
