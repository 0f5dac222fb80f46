/**
 * `learning-curve`: the test error vs α = P/N of a batch student (ridge, logistic, Hebb, random
 * features) on any teacher–student data model — Gaussian, ±1, two-block salient/weak or
 * hidden-manifold inputs; perceptron (with label flips), noisy linear, soft committee or random
 * two-layer teachers — measured on held-out data, beside the asymptotic theory where the package
 * has one for the combination.
 * @module
 */

import type { ParamValues, Series } from '@replica/lab-kit';
import { defineExperiment, defineParams, seriesFigure, UsageError } from '@replica/lab-kit';
import type { InputModel, StudentModel, TeacherModel } from '../index';
import { learningCurve, learningCurveTheory } from '../index';

/** One α of `learning-curve --json`. */
interface LearningCurvePointJson {
  readonly alpha: number;
  /** P = round(αN). */
  readonly samples: number;
  readonly test_error_sim: number;
  readonly test_error_sim_stderr: number;
  /** The N → ∞ theory at α = P/N, null where none is implemented (see theory_note). */
  readonly test_error_theory: number | null;
}

const ACTIVATIONS = ['linear', 'sign', 'tanh', 'relu', 'erf'] as const;

function inputModel(v: Values): InputModel {
  switch (v.inputs) {
    case 'two-block':
      return {
        kind: 'two-block',
        salientFraction: v['salient-fraction'],
        salientVariance: v['salient-variance'],
        weakVariance: v['weak-variance'],
      };
    case 'hidden-manifold':
      return {
        kind: 'hidden-manifold',
        latentDim: v['latent-dim'],
        activation: v['manifold-activation'],
        latent: v.latent,
      };
    default:
      return { kind: v.inputs };
  }
}

function teacherModel(v: Values): TeacherModel {
  const noise = v.noise;
  const flip = v.flip;
  const kind = v.teacher;
  const sign = kind === 'perceptron' || (kind === 'two-layer' && v['teacher-output'] === 'sign');
  if (sign && noise !== 0)
    throw new UsageError(`--noise: the ${kind} teacher's labels are ±1; use --flip for label noise`);
  if (!sign && flip !== 0) throw new UsageError(`--flip: the ${kind} teacher's labels are real; use --noise`);
  switch (kind) {
    case 'perceptron':
      return { kind: 'perceptron', flip };
    case 'linear':
      return { kind: 'linear', noise };
    case 'committee':
      return { kind: 'committee', hidden: v['teacher-hidden'], noise };
    default:
      return sign
        ? {
            kind: 'two-layer',
            hidden: v['teacher-hidden'],
            activation: v['teacher-activation'],
            output: 'sign',
            flip,
          }
        : {
            kind: 'two-layer',
            hidden: v['teacher-hidden'],
            activation: v['teacher-activation'],
            output: 'linear',
            noise,
          };
  }
}

function studentModel(v: Values): StudentModel {
  const lambda = v.lambda;
  switch (v.student) {
    case 'hebb':
      return { kind: 'hebb' };
    case 'random-features':
      return { kind: 'random-features', widthRatio: v['width-ratio'], lambda };
    case 'logistic':
      if (lambda <= 0) throw new UsageError(`--lambda: the logistic student needs λ > 0, got ${lambda}`);
      return { kind: 'logistic', lambda };
    default:
      return { kind: 'ridge', lambda };
  }
}

function describeInputs(m: InputModel): string {
  switch (m.kind) {
    case 'gaussian':
      return 'x ~ N(0, I_N)';
    case 'spin':
      return 'x ∈ {±1}^N uniform';
    case 'two-block':
      return `x ~ N(0, Σ), Σ = diag(${m.salientVariance} on a fraction ${m.salientFraction}, ${m.weakVariance} elsewhere)`;
    case 'hidden-manifold':
      return `hidden manifold x = ${m.activation}(Fᵀc/√D), D = ${m.latentDim}, c ${m.latent}`;
  }
}

/** The parameters. */
const PARAMS = defineParams([
  {
    name: 'student',
    kind: 'enum',
    values: ['ridge', 'logistic', 'hebb', 'random-features'],
    default: 'logistic',
    help: 'ridge: argmin Σ(y − w·x/√N)² + λ|w|²; logistic: argmin Σ log(1 + e^{−y w·x/√N}) + λ|w|²/2; hebb: w = Σ y x; random-features: ridge on relu(Fx/√N) − 1/√(2π), p = width-ratio·N',
  },
  {
    name: 'inputs',
    kind: 'enum',
    values: ['gaussian', 'spin', 'two-block', 'hidden-manifold'],
    default: 'gaussian',
    help: 'input distribution',
  },
  {
    name: 'teacher',
    kind: 'enum',
    values: ['perceptron', 'linear', 'committee', 'two-layer'],
    default: 'perceptron',
    help: 'perceptron: sgn(w*·x/√N); linear: w*·x/√N + √Δ ξ; committee: Σ_m erf(w*_m·x/√(2N)); two-layer: Σ_m v_m g(w*_m·x/√N)/√M',
  },
  { name: 'n', kind: 'int', default: 200, min: 2, max: 1000, help: 'input dimension N' },
  {
    name: 'alphas',
    kind: 'number-list',
    default: [0.25, 0.5, 1, 1.5, 2, 3, 4, 6],
    min: 0,
    max: 50,
    help: 'sample ratios α = P/N (P = round(αN))',
  },
  { name: 'lambda', kind: 'number', default: 0.1, min: 0, max: 1e6, help: 'the student’s ridge λ' },
  {
    name: 'width-ratio',
    kind: 'number',
    default: 2,
    min: 0.01,
    max: 20,
    help: 'random-features: features per input dimension p/N',
  },
  { name: 'flip', kind: 'number', default: 0, min: 0, max: 0.49, help: 'sign teachers: label-flip probability' },
  { name: 'noise', kind: 'number', default: 0, min: 0, max: 100, help: 'real teachers: label-noise variance Δ' },
  { name: 'teacher-hidden', kind: 'int', default: 2, min: 1, max: 100, help: 'committee / two-layer: M' },
  {
    name: 'teacher-activation',
    kind: 'enum',
    values: [...ACTIVATIONS],
    default: 'relu',
    help: 'two-layer teacher: g',
  },
  {
    name: 'teacher-output',
    kind: 'enum',
    values: ['linear', 'sign'],
    default: 'linear',
    help: 'two-layer teacher: real or ±1 labels',
  },
  {
    name: 'salient-fraction',
    kind: 'number',
    default: 0.2,
    min: 0.001,
    max: 0.999,
    help: 'two-block: fraction φ of salient coordinates',
  },
  {
    name: 'salient-variance',
    kind: 'number',
    default: 4,
    min: 1e-6,
    max: 1e6,
    help: 'two-block: variance σ_s² of the salient block',
  },
  {
    name: 'weak-variance',
    kind: 'number',
    default: 0.25,
    min: 1e-6,
    max: 1e6,
    help: 'two-block: variance σ_w² of the weak block',
  },
  { name: 'latent-dim', kind: 'int', default: 50, min: 1, max: 2000, help: 'hidden manifold: latent dimension D' },
  {
    name: 'manifold-activation',
    kind: 'enum',
    values: [...ACTIVATIONS],
    default: 'sign',
    help: 'hidden manifold: f in x = f(Fᵀc/√D)',
  },
  {
    name: 'latent',
    kind: 'enum',
    values: ['bernoulli', 'spin', 'gaussian'],
    default: 'bernoulli',
    help: 'hidden manifold: the law of c_r ({0,1}, ±1 or N(0,1)); the teacher reads the standardized c',
  },
  { name: 'trials', kind: 'int', default: 4, min: 1, max: 10_000, help: 'independent tasks per α' },
  { name: 'test-size', kind: 'int', default: 2000, min: 1, max: 1_000_000, help: 'held-out examples per task' },
]);

/** Parameter values. */
type Values = ParamValues<typeof PARAMS>;

/** `learning-curve`: any batch student on any data model beside its theory. */
export const learningCurveExperiment = defineExperiment({
  name: 'learning-curve',
  summary:
    'Test error vs α = P/N of a ridge, logistic, Hebb or random-features student on Gaussian, ±1, salient/weak or hidden-manifold data, beside theory where it exists',
  usesBackend: false,
  params: PARAMS,
  tour: {
    student: 'logistic',
    teacher: 'perceptron',
    flip: 0.1,
    lambda: 0.1,
    n: 200,
    alphas: [0.25, 0.5, 1, 2, 3, 4],
    trials: 6,
  },
  async run(ctx, v) {
    const n = v.n;
    const alphas = v.alphas;
    const trials = v.trials;
    const testSize = v['test-size'];
    const inputs = inputModel(v);
    const teacher = teacherModel(v);
    const student = studentModel(v);
    const theory = learningCurveTheory(inputs, teacher, student);
    let result: ReturnType<typeof learningCurve>;
    try {
      result = learningCurve({ n, inputs, teacher, student, alphas, trials, testSize, seed: ctx.seed });
    } catch (e) {
      // Option combinations the package rejects (e.g. Hebb on real labels) are usage errors.
      if (e instanceof RangeError) throw new UsageError(e.message);
      throw e;
    }
    ctx.progress(1, `${alphas.length} ratios × ${trials} tasks at N = ${n}`);
    const points: LearningCurvePointJson[] = result.points.map((p) => ({
      alpha: p.alpha,
      samples: p.samples,
      test_error_sim: p.testError,
      test_error_sim_stderr: p.stderr,
      test_error_theory: p.theory,
    }));
    const metricName = result.metric === 'classification' ? 'classification error' : 'mean squared error';
    const series: Series[] = [];
    if (theory.at) {
      const at = theory.at;
      const aMax = Math.max(...alphas) * 1.05;
      const grid = Array.from({ length: 301 }, (_, i) => (aMax * i) / 300);
      const simMax = Math.max(...points.map((p) => p.test_error_sim + p.test_error_sim_stderr));
      series.push({
        name: 'theory (N → ∞)',
        kind: 'theory',
        points: grid.map((a) => ({ x: a, y: at(a) })).filter((p) => Number.isFinite(p.y) && p.y <= 4 * simMax),
      });
    }
    series.push({
      name: `simulation, N = ${n}`,
      kind: 'simulation',
      points: points.map((p) => ({ x: p.alpha, y: p.test_error_sim, yErr: p.test_error_sim_stderr })),
    });
    const lambdaText = student.kind === 'hebb' ? '' : `, λ = ${(student as { lambda: number }).lambda}`;
    return {
      json: {
        student: student.kind,
        inputs,
        teacher,
        n,
        trials,
        test_size: testSize,
        metric: result.metric,
        theory_note: result.theoryNote,
        points,
      },
      figures: [
        seriesFigure({
          name: 'learning-curve',
          title: `${student.kind} student${lambdaText}, ${teacher.kind} teacher, ${inputs.kind} inputs`,
          caption: `Points: the ${metricName} of the ${student.kind} student on ${testSize} held-out examples, P = αN training examples, N = ${n}, inputs ${describeInputs(inputs)}; mean of ${trials} tasks (fresh teacher and data), error bars ±1 standard error. ${theory.at ? `Line: ${theory.note}.` : `No theory line: ${theory.note}.`}`,
          x: { title: 'sample ratio α = P/N' },
          y: { title: `test ${metricName}` },
          series,
        }),
      ],
      summary: [
        `theory: ${theory.note}`,
        ...points.map(
          (p) =>
            `α = ${p.alpha} (P = ${p.samples}): ${p.test_error_sim.toFixed(4)} ± ${p.test_error_sim_stderr.toFixed(4)}${p.test_error_theory === null ? '' : ` (theory ${p.test_error_theory.toFixed(4)})`}`,
        ),
      ],
    };
  },
});
