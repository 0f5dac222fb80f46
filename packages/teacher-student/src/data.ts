/**
 * The data models of the teacher–student scenario: input distributions (i.i.d. Gaussian, i.i.d.
 * ±1, the two-block salient/weak covariance, the hidden manifold x = f(Fᵀc/√D)) and teachers
 * (the sign perceptron with label flips, the noisy linear teacher, the soft committee machine with
 * erf units, a random two-layer network), drawn reproducibly from Philox streams. A
 * {@link TeacherStudentTask} fixes the teacher (and the manifold's features) once; each
 * {@link TeacherStudentTask.draw} call then gives a training or test set from its own stream.
 * @module
 */
import { erf } from '@replica/spin-core/math';
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';

/** Activations of the hidden manifold's feature map and of the random two-layer teacher. */
export type Activation = 'linear' | 'sign' | 'tanh' | 'relu' | 'erf';

/** The law of the latent vector c of the hidden-manifold model. */
export type LatentLaw = 'bernoulli' | 'spin' | 'gaussian';

/**
 * The input distribution of x ∈ ℝᴺ:
 * - `gaussian`: x_i ~ N(0, 1) i.i.d.;
 * - `spin`: x_i = ±1 with probability 1/2 each, i.i.d. (the Ising-perceptron inputs);
 * - `two-block`: x ~ N(0, Σ), Σ = diag(σ_s² on the first round(φN) coordinates, σ_w² on the rest)
 *   — salient and weak features (the teacher still reads all of x);
 * - `hidden-manifold`: a latent c ∈ ℝᴰ (D = `latentDim`) with i.i.d. entries of law `latent`
 *   (default 'bernoulli', c ∈ {0,1}ᴰ), frozen features F ∈ ℝ^{D×N} with F_ri ~ N(0, 1), and
 *   x = f(Fᵀc/√D) elementwise; the teacher reads the standardized latent (c − E c)/sd(c), not x.
 */
export type InputModel =
  | { readonly kind: 'gaussian' }
  | { readonly kind: 'spin' }
  | {
      readonly kind: 'two-block';
      /** φ ∈ (0, 1): the fraction of salient coordinates. */
      readonly salientFraction: number;
      /** σ_s² > 0: the variance of the salient coordinates. */
      readonly salientVariance: number;
      /** σ_w² > 0: the variance of the weak coordinates. */
      readonly weakVariance: number;
    }
  | {
      readonly kind: 'hidden-manifold';
      /** The latent (manifold) dimension D ≥ 1. */
      readonly latentDim: number;
      /** The elementwise feature map f (default 'sign'). */
      readonly activation?: Activation;
      /** The law of c_r: {0,1} fair coins ('bernoulli', default), ±1 ('spin') or N(0, 1) ('gaussian'). */
      readonly latent?: LatentLaw;
    };

/**
 * The teacher, acting on u = x (or on the standardized latent for the hidden manifold), with
 * local fields h_m = w*_m·u/√dim(u), w*_m ~ N(0, I):
 * - `perceptron`: y = sgn(h), flipped with probability `flip` (default 0);
 * - `linear`: y = h + √Δ ξ, ξ ~ N(0, 1), Δ = `noise` (default 0);
 * - `committee`: the soft committee machine y = Σ_{m<M} erf(h_m/√2) + √Δ ξ (no 1/√M, as in
 *   Saad–Solla; M = `hidden`);
 * - `two-layer`: a random two-layer network y = Σ_m v_m g(h_m)/√M with v_m ~ N(0, 1) and g =
 *   `activation` (default 'relu'), then `output` 'linear' (+ √Δ ξ) or 'sign' (flipped w.p. `flip`).
 */
export type TeacherModel =
  | { readonly kind: 'perceptron'; readonly flip?: number }
  | { readonly kind: 'linear'; readonly noise?: number }
  | { readonly kind: 'committee'; readonly hidden: number; readonly noise?: number }
  | {
      readonly kind: 'two-layer';
      readonly hidden: number;
      readonly activation?: Activation;
      readonly output?: 'linear' | 'sign';
      readonly noise?: number;
      readonly flip?: number;
    };

/** Options of {@link teacherStudentTask}. */
export interface TeacherStudentTaskOptions {
  /** The input dimension N ≥ 1 (the dimension of x). */
  readonly n: number;
  readonly inputs: InputModel;
  readonly teacher: TeacherModel;
  /** Seed: the teacher and the features come from Philox stream 0, draw s from stream s + 1. */
  readonly seed: number | bigint;
}

/** A sample of {@link TeacherStudentTask.draw}. */
export interface TeacherStudentSample {
  /** The P × N inputs, row-major. */
  readonly x: Float64Array;
  /** The P labels. */
  readonly y: Float64Array;
  /** The P × D latent vectors (hidden manifold only), row-major. */
  readonly latent?: Float64Array;
}

/** A fixed teacher (and feature map) from which training and test sets are drawn. */
export interface TeacherStudentTask {
  /** The input dimension N. */
  readonly n: number;
  /** The dimension of what the teacher reads: N, or the latent D for the hidden manifold. */
  readonly teacherDim: number;
  readonly inputs: InputModel;
  readonly teacher: TeacherModel;
  /** The teacher's first-layer weights w*_m, M × teacherDim row-major (M = 1 for perceptron and linear). */
  readonly teacherWeights: Float64Array;
  /** The random two-layer teacher's second layer v (length M); absent otherwise. */
  readonly secondLayer?: Float64Array;
  /** The hidden manifold's features F, D × N row-major; absent otherwise. */
  readonly features?: Float64Array;
  /** Whether the labels are ±1 (perceptron, sign-output two-layer) rather than real. */
  readonly classification: boolean;
  /**
   * Draws P examples from Philox stream `stream + 1`: all inputs row-major (for the hidden
   * manifold the latents, then x is computed), then per example the label noise (one normal when
   * Δ > 0, one uniform when the flip probability is > 0).
   * @param samples - P ≥ 0
   * @param stream - an integer in [0, 2³² − 2]; equal streams give equal samples
   */
  draw(samples: number, stream: number): TeacherStudentSample;
}

/** The activation as a function (sign(0) = +1, so labels are never 0). */
export function activationFunction(name: Activation): (u: number) => number {
  switch (name) {
    case 'linear':
      return (u) => u;
    case 'sign':
      return (u) => (u >= 0 ? 1 : -1);
    case 'tanh':
      return Math.tanh;
    case 'relu':
      return (u) => Math.max(u, 0);
    case 'erf':
      return erf;
    default:
      throw new RangeError(
        `activation: expected 'linear', 'sign', 'tanh', 'relu' or 'erf', got ${String(name as unknown)}`,
      );
  }
}

/** A label-flip probability in [0, 1/2), 0 when absent. */
const checkProbability = (v: unknown, name: string): number =>
  v === undefined ? 0 : checkNumber(v, name, { min: 0, max: 0.5, maxExclusive: true });

const checkOpenUnit = (v: unknown, name: string): number =>
  checkNumber(v, name, { min: 0, max: 1, minExclusive: true, maxExclusive: true });

const checkPositive = (v: unknown, name: string): number => checkNumber(v, name, { min: 0, minExclusive: true });

const LATENTS: readonly LatentLaw[] = ['bernoulli', 'spin', 'gaussian'];

/**
 * Builds a teacher–student task: checks the models, draws the teacher weights (and v, F) from
 * Philox stream 0 in the order w*, v, F, and returns the sampler.
 *
 * @param options - see {@link TeacherStudentTaskOptions}
 * @returns the task; its draws are reproducible per (seed, stream)
 * @throws RangeError naming the offending field (e.g. `teacher.flip`, `inputs.latentDim`)
 * @see E. Gardner, B. Derrida, "Three unfinished works on the optimal storage capacity of
 *   networks", J. Phys. A 22, 1983 (1989) (the teacher–student perceptron)
 * @see D. Saad, S. A. Solla, "On-line learning in soft committee machines", Phys. Rev. E 52, 4225 (1995)
 * @see S. Goldt, M. Mézard, F. Krzakala, L. Zdeborová, "Modeling the influence of data structure on
 *   learning in neural networks: the hidden manifold model", Phys. Rev. X 10, 041044 (2020)
 * @see B. Loureiro et al., "Learning curves of generic features maps for realistic datasets with a
 *   teacher-student model", NeurIPS (2021) (the salient/weak two-block covariance)
 */
export function teacherStudentTask(options: TeacherStudentTaskOptions): TeacherStudentTask {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const n = checkInteger(options.n, 'n', { min: 1 });
  if (options.seed === undefined) throw new RangeError('seed: required');
  const seed = options.seed;
  const inputs = options.inputs;
  const teacher = options.teacher;
  if (inputs === null || typeof inputs !== 'object') throw new TypeError('inputs: expected an object');
  if (teacher === null || typeof teacher !== 'object') throw new TypeError('teacher: expected an object');

  // Inputs.
  let blockSplit = n; // coordinates < blockSplit have standard deviation sdSalient
  let sdSalient = 1;
  let sdWeak = 1;
  let latentDim = 0;
  let feature: (u: number) => number = (u) => u;
  let latent: LatentLaw = 'bernoulli';
  switch (inputs.kind) {
    case 'gaussian':
    case 'spin':
      break;
    case 'two-block': {
      const phi = checkOpenUnit(inputs.salientFraction, 'inputs.salientFraction');
      sdSalient = Math.sqrt(checkPositive(inputs.salientVariance, 'inputs.salientVariance'));
      sdWeak = Math.sqrt(checkPositive(inputs.weakVariance, 'inputs.weakVariance'));
      blockSplit = Math.round(phi * n);
      break;
    }
    case 'hidden-manifold':
      latentDim = checkInteger(inputs.latentDim, 'inputs.latentDim', { min: 1 });
      feature = activationFunction(inputs.activation ?? 'sign');
      latent = inputs.latent ?? 'bernoulli';
      if (!LATENTS.includes(latent))
        throw new RangeError(`inputs.latent: expected 'bernoulli', 'spin' or 'gaussian', got ${String(latent)}`);
      break;
    default:
      throw new RangeError(
        `inputs.kind: expected 'gaussian', 'spin', 'two-block' or 'hidden-manifold', got ${String((inputs as { kind?: unknown }).kind)}`,
      );
  }
  const manifold = inputs.kind === 'hidden-manifold';
  const teacherDim = manifold ? latentDim : n;

  // Teacher.
  let hidden = 1;
  let noise = 0;
  let flip = 0;
  let g: (u: number) => number = (u) => u;
  let signOutput = false;
  switch (teacher.kind) {
    case 'perceptron':
      flip = checkProbability(teacher.flip, 'teacher.flip');
      signOutput = true;
      break;
    case 'linear':
      noise = teacher.noise === undefined ? 0 : checkNumber(teacher.noise, 'teacher.noise', { min: 0 });
      break;
    case 'committee':
      hidden = checkInteger(teacher.hidden, 'teacher.hidden', { min: 1 });
      noise = teacher.noise === undefined ? 0 : checkNumber(teacher.noise, 'teacher.noise', { min: 0 });
      g = (u) => erf(u / Math.SQRT2);
      break;
    case 'two-layer':
      hidden = checkInteger(teacher.hidden, 'teacher.hidden', { min: 1 });
      g = activationFunction(teacher.activation ?? 'relu');
      if (teacher.output !== undefined && teacher.output !== 'linear' && teacher.output !== 'sign')
        throw new RangeError(`teacher.output: expected 'linear' or 'sign', got ${String(teacher.output)}`);
      signOutput = teacher.output === 'sign';
      if (signOutput) {
        flip = checkProbability(teacher.flip, 'teacher.flip');
        if (teacher.noise !== undefined) throw new RangeError("teacher.noise: only for output 'linear'; use flip");
      } else {
        noise = teacher.noise === undefined ? 0 : checkNumber(teacher.noise, 'teacher.noise', { min: 0 });
        if (teacher.flip !== undefined) throw new RangeError("teacher.flip: only for output 'sign'; use noise");
      }
      break;
    default:
      throw new RangeError(
        `teacher.kind: expected 'perceptron', 'linear', 'committee' or 'two-layer', got ${String((teacher as { kind?: unknown }).kind)}`,
      );
  }

  const rng0 = new PhiloxRng(seed, 0);
  const teacherWeights = new Float64Array(hidden * teacherDim);
  for (let k = 0; k < teacherWeights.length; k++) teacherWeights[k] = rng0.nextNormal();
  let secondLayer: Float64Array | undefined;
  if (teacher.kind === 'two-layer') {
    secondLayer = new Float64Array(hidden);
    for (let m = 0; m < hidden; m++) secondLayer[m] = rng0.nextNormal() / Math.sqrt(hidden);
  }
  let features: Float64Array | undefined;
  if (manifold) {
    features = new Float64Array(latentDim * n);
    for (let k = 0; k < features.length; k++) features[k] = rng0.nextNormal();
  }

  const sqrtT = Math.sqrt(teacherDim);
  const sqrtD = Math.sqrt(latentDim);
  const sqrtNoise = Math.sqrt(noise);
  // The latent's standardization for the teacher: (c − mean)/sd.
  const latentMean = latent === 'bernoulli' ? 0.5 : 0;
  const latentSd = latent === 'bernoulli' ? 0.5 : 1;

  function draw(samples: number, stream: number): TeacherStudentSample {
    const p = checkInteger(samples, 'samples', { min: 0 });
    if (!Number.isSafeInteger(stream) || stream < 0 || stream > 0xfffffffe)
      throw new RangeError(`stream: expected an integer in [0, 2^32 − 2], got ${String(stream)}`);
    const rng = new PhiloxRng(seed, stream + 1);
    const x = new Float64Array(p * n);
    const y = new Float64Array(p);
    let c: Float64Array | undefined;
    if (!manifold) {
      if (inputs.kind === 'spin') for (let k = 0; k < x.length; k++) x[k] = rng.nextU32() & 1 ? 1 : -1;
      else
        for (let mu = 0; mu < p; mu++) {
          const o = mu * n;
          for (let i = 0; i < n; i++) x[o + i] = (i < blockSplit ? sdSalient : sdWeak) * rng.nextNormal();
        }
    } else {
      const f = features as Float64Array;
      c = new Float64Array(p * latentDim);
      for (let k = 0; k < c.length; k++)
        c[k] =
          latent === 'gaussian'
            ? rng.nextNormal()
            : latent === 'spin'
              ? rng.nextU32() & 1
                ? 1
                : -1
              : rng.nextU32() & 1;
      const pre = new Float64Array(n);
      for (let mu = 0; mu < p; mu++) {
        pre.fill(0);
        const co = mu * latentDim;
        for (let r = 0; r < latentDim; r++) {
          const cr = c[co + r]!;
          if (cr === 0) continue;
          const fo = r * n;
          for (let i = 0; i < n; i++) pre[i] = pre[i]! + cr * f[fo + i]!;
        }
        const o = mu * n;
        for (let i = 0; i < n; i++) x[o + i] = feature(pre[i]! / sqrtD);
      }
    }
    const u = manifold ? (c as Float64Array) : x;
    for (let mu = 0; mu < p; mu++) {
      const o = mu * teacherDim;
      let out = 0;
      for (let m = 0; m < hidden; m++) {
        const wo = m * teacherDim;
        let h = 0;
        if (manifold)
          for (let r = 0; r < teacherDim; r++) h += teacherWeights[wo + r]! * ((u[o + r]! - latentMean) / latentSd);
        else for (let i = 0; i < teacherDim; i++) h += teacherWeights[wo + i]! * u[o + i]!;
        h /= sqrtT;
        out += secondLayer ? secondLayer[m]! * g(h) : g(h);
      }
      if (signOutput) {
        let s = out >= 0 ? 1 : -1;
        if (flip > 0 && rng.nextDouble() < flip) s = -s;
        y[mu] = s;
      } else y[mu] = noise > 0 ? out + sqrtNoise * rng.nextNormal() : out;
    }
    return c ? { x, y, latent: c } : { x, y };
  }

  return {
    n,
    teacherDim,
    inputs,
    teacher,
    teacherWeights,
    ...(secondLayer ? { secondLayer } : {}),
    ...(features ? { features } : {}),
    classification: signOutput,
    draw,
  };
}
