/**
 * `bench --suite teacher-student`: the batch solvers of `@replica/teacher-student` (TypeScript,
 * f64, one thread) beside numpy and scikit-learn measured in the same run, on the same data
 * (written to raw binary files that the peer reads with `numpy.fromfile`), each peer's answer
 * checked against ours so that the ratio compares equal work.
 * - logistic: `logisticRegression` (exact damped Newton from w = 0, gradient max-norm ≤ 1e-9) of
 *   Σ_μ log(1 + e^{−y_μ w·x_μ/√D}) + (λ/2)|w|², λ = 0.1, at D (default 200), P = 4D, Gaussian
 *   inputs labelled by a sign-perceptron teacher, beside scikit-learn `LogisticRegression` with
 *   the normalization mapped exactly (inputs x/√D, C = 1/λ, no intercept; solvers lbfgs and
 *   newton-cholesky), fits/s.
 * - ridge: `ridgeEstimator` ŵ = (XᵀX/D + λI)⁻¹Xᵀy/√D, λ = 0.1, at D (default 400), P = 2D,
 *   a noisy linear teacher (Δ = 0.25), beside numpy `linalg.solve` of the same system and
 *   scikit-learn `Ridge(alpha = λ, fit_intercept = False, solver = 'cholesky')` on x/√D, fits/s.
 * - gamp: `ampPerceptron` on a binary-prior sign-perceptron instance at N (default 2000),
 *   α = 1.3, damping 0, a fixed number of iterations (no early stop), beside a numpy (+ scipy
 *   `erfcx`) implementation of the same scalar-variance GAMP iteration on the identical instance,
 *   iterations/s, with the overlap m = (a·w*)/N of both.
 * @module
 */
import type { BenchContext, BenchReport, PeerInfo, PeerSpec } from '@replica/lab-kit';
import { barFigure, defineBenchSuite, measuredOn, peerRatios, timeCalls } from '@replica/lab-kit';
import {
  ampPerceptron,
  logisticObjective,
  logisticRegression,
  perceptronInstance,
  ridgeEstimator,
  teacherStudentTask,
} from '../index';

/** The workloads of the suite. */
export type TeacherStudentKernel = 'logistic' | 'ridge' | 'gamp';

/** One timing of the teacher-student suite (ours or a peer). */
export interface TeacherStudentRow {
  readonly kernel: TeacherStudentKernel;
  /** Input dimension D (logistic, ridge) or N (gamp). */
  readonly size: number;
  /** Samples P. */
  readonly samples: number;
  /** `js` (ours) or the peer: `sklearn-lbfgs`, `sklearn-newton-cholesky`, `sklearn`, `numpy`. */
  readonly backend: string;
  /** What was run, with its settings. */
  readonly solver: string;
  /** What `perSecond` counts: whole fits (from w = 0) or GAMP iterations. */
  readonly unit: 'fits' | 'iterations';
  /** Fits/s, or GAMP iterations/s (iterations per run / seconds per run). */
  readonly perSecond: number;
  /** Median seconds of one fit or one GAMP run. */
  readonly secondsPerCall: number;
  /** Newton / L-BFGS steps of one logistic fit, or GAMP iterations of one run. */
  readonly iterations?: number;
  /** Peers: ‖ŵ_peer − ŵ_ours‖∞ / ‖ŵ_ours‖∞ (for gamp, of the estimates a). */
  readonly maxRelativeDifference?: number;
  /** Logistic: max_i |∂F/∂w_i| of our objective F at this row's ŵ. */
  readonly gradientNorm?: number;
  /** Gamp: the overlap m = (a·w*)/N after the run. */
  readonly overlap?: number;
  /** Gamp peers: |m_peer − m_ours|. */
  readonly overlapDifference?: number;
}

/** What the teacher-student suite measures. */
export interface TeacherStudentPlan {
  /** D of the logistic workload (P = 4D). */
  readonly logisticDim: number;
  /** D of the ridge workload (P = 2D). */
  readonly ridgeDim: number;
  /** N of the GAMP workload (P = round(1.3 N)). */
  readonly ampSize: number;
  /** GAMP iterations per run (no early stop on either side). */
  readonly ampIterations: number;
  /** Seconds of timing per measurement. */
  readonly minSeconds: number;
}

const SOLVERS_PY = 'src/lab/peers/solvers.py';
const PKG = '@replica/teacher-student';

/** The peers of the suite. */
export const TEACHER_STUDENT_PEERS: readonly PeerSpec[] = [
  {
    name: 'numpy',
    language: 'python',
    package: PKG,
    file: SOLVERS_PY,
    summary: 'numpy.linalg.solve of the ridge system and GAMP in numpy + scipy',
  },
  {
    name: 'sklearn',
    language: 'python',
    package: PKG,
    file: SOLVERS_PY,
    summary: 'scikit-learn LogisticRegression (lbfgs, newton-cholesky) and Ridge',
  },
];

/** λ of the logistic and ridge workloads. */
export const TS_LAMBDA = 0.1;
/** P/D of the logistic workload. */
export const LOGISTIC_RATIO = 4;
/** P/D of the ridge workload. */
export const RIDGE_RATIO = 2;
/** α = P/N of the GAMP workload. */
export const AMP_ALPHA = 1.3;
/** Damping of GAMP, ours and the peer. */
const AMP_DAMPING = 0;
/** ampPerceptron's default variance floor, reproduced by the peer. */
const AMP_VARIANCE_FLOOR = 1e-4;
/** Label-noise variance of the ridge teacher. */
const RIDGE_NOISE = 0.25;
/** Our logistic stopping rule: max_i |∂F/∂w_i| ≤ this (logisticRegression's default). */
const LOGISTIC_TOLERANCE = 1e-9;
/** Agreement a peer's weights must reach for its timing to count as equal work (reported, not enforced). */
export const WEIGHT_AGREEMENT = 1e-4;
/** Agreement of the GAMP overlaps on the identical instance. */
export const OVERLAP_AGREEMENT = 1e-6;

interface PeerOutRow {
  kernel: TeacherStudentKernel;
  backend: string;
  secondsPerCall: number;
  iterations?: number;
  solver: string;
  overlap?: number;
  w: number[];
}

/** ‖a − b‖∞ / ‖b‖∞. */
function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / den;
}

/** Runs the teacher-student suite: ours, then each peer on the same data. */
async function runTeacherStudentBench(
  ctx: BenchContext,
  plan: TeacherStudentPlan,
): Promise<{ rows: TeacherStudentRow[]; peers: PeerInfo[]; skipped: string[] }> {
  const rows: TeacherStudentRow[] = [];
  const skipped: string[] = [];
  const peerInfo: PeerInfo[] = [];
  const { minSeconds } = plan;
  const peers = ctx.peers;
  const total = 3 + peers.length;
  let step = 0;
  const progress = (message: string) => ctx.progress(++step / total, message);

  // logistic
  const ld = plan.logisticDim;
  const lp = LOGISTIC_RATIO * ld;
  const lData = teacherStudentTask({
    n: ld,
    inputs: { kind: 'gaussian' },
    teacher: { kind: 'perceptron' },
    seed: 1,
  }).draw(lp, 0);
  let fit = logisticRegression(lData.x, lData.y, { d: ld, lambda: TS_LAMBDA, tolerance: LOGISTIC_TOLERANCE });
  const lt = await timeCalls(
    () => {
      fit = logisticRegression(lData.x, lData.y, { d: ld, lambda: TS_LAMBDA, tolerance: LOGISTIC_TOLERANCE });
    },
    () => {},
    minSeconds,
  );
  const wLogistic = fit.w;
  rows.push({
    kernel: 'logistic',
    size: ld,
    samples: lp,
    backend: 'js',
    solver: `logisticRegression: damped Newton from w = 0, Cholesky, f64, until max|∇F| ≤ ${LOGISTIC_TOLERANCE}`,
    unit: 'fits',
    perSecond: 1 / lt.secondsPerCall,
    secondsPerCall: lt.secondsPerCall,
    iterations: fit.iterations,
    gradientNorm: fit.gradientNorm,
  });
  progress('logistic');

  // ridge
  const rd = plan.ridgeDim;
  const rp = RIDGE_RATIO * rd;
  const rData = teacherStudentTask({
    n: rd,
    inputs: { kind: 'gaussian' },
    teacher: { kind: 'linear', noise: RIDGE_NOISE },
    seed: 2,
  }).draw(rp, 0);
  let wRidge = ridgeEstimator(rData.x, rData.y, { d: rd, lambda: TS_LAMBDA });
  const rt = await timeCalls(
    () => {
      wRidge = ridgeEstimator(rData.x, rData.y, { d: rd, lambda: TS_LAMBDA });
    },
    () => {},
    minSeconds,
  );
  rows.push({
    kernel: 'ridge',
    size: rd,
    samples: rp,
    backend: 'js',
    solver: 'ridgeEstimator: (XᵀX/D + λI)⁻¹Xᵀy/√D formed and solved in f64',
    unit: 'fits',
    perSecond: 1 / rt.secondsPerCall,
    secondsPerCall: rt.secondsPerCall,
  });
  progress('ridge');

  // gamp: a fixed number of iterations (tolerance below any nonzero change: no early stop)
  const inst = perceptronInstance({ n: plan.ampSize, alpha: AMP_ALPHA, prior: 'binary', seed: 3 });
  const ampOptions = { damping: AMP_DAMPING, maxIterations: plan.ampIterations, tolerance: Number.MIN_VALUE };
  let amp = ampPerceptron(inst, ampOptions);
  const at = await timeCalls(
    () => {
      amp = ampPerceptron(inst, ampOptions);
    },
    () => {},
    minSeconds,
  );
  rows.push({
    kernel: 'gamp',
    size: inst.n,
    samples: inst.p,
    backend: 'js',
    solver: `ampPerceptron, binary prior, α = ${AMP_ALPHA}, damping ${AMP_DAMPING}, ${amp.iterations} iterations`,
    unit: 'iterations',
    perSecond: amp.iterations / at.secondsPerCall,
    secondsPerCall: at.secondsPerCall,
    iterations: amp.iterations,
    overlap: amp.m!,
  });
  progress('gamp');

  const files = {
    'logistic-x': lData.x,
    'logistic-y': lData.y,
    'ridge-x': rData.x,
    'ridge-y': rData.y,
    'gamp-inputs': inst.inputs,
    'gamp-labels': inst.labels,
    'gamp-teacher': inst.teacher,
  };
  for (const peer of peers) {
    const r = await ctx.runPeer<{ rows: PeerOutRow[]; skipped: string[] }>(peer, {
      files,
      input: {
        peer,
        minTime: minSeconds,
        // sklearn's newton-cholesky tests max|∇| of the objective divided by P (its lbfgs, depending on the
        // version, the undivided one); tol = ours / P asks at least our accuracy of both
        logistic: {
          x: 'logistic-x',
          y: 'logistic-y',
          d: ld,
          p: lp,
          lambda: TS_LAMBDA,
          tol: LOGISTIC_TOLERANCE / lp,
        },
        ridge: { x: 'ridge-x', y: 'ridge-y', d: rd, p: rp, lambda: TS_LAMBDA },
        gamp: {
          inputs: 'gamp-inputs',
          labels: 'gamp-labels',
          teacher: 'gamp-teacher',
          n: inst.n,
          p: inst.p,
          prior: inst.prior,
          iterations: amp.iterations,
          damping: AMP_DAMPING,
          varianceFloor: AMP_VARIANCE_FLOOR,
        },
      },
    });
    peerInfo.push(r.info);
    if (!r.out) {
      skipped.push(`${peer}: ${r.info.reason}`);
      progress(peer);
      continue;
    }
    skipped.push(...r.out.skipped);
    for (const o of r.out.rows) {
      const [size, samples, ours] =
        o.kernel === 'logistic'
          ? [ld, lp, wLogistic]
          : o.kernel === 'ridge'
            ? [rd, rp, wRidge]
            : [inst.n, inst.p, amp.estimate];
      const iterations = o.iterations ?? (o.kernel === 'gamp' ? amp.iterations : undefined);
      let gradientNorm: number | undefined;
      if (o.kernel === 'logistic') {
        const grad = new Float64Array(ld);
        logisticObjective(lData.x, lData.y, o.w, TS_LAMBDA, grad);
        gradientNorm = grad.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      }
      rows.push({
        kernel: o.kernel,
        size,
        samples,
        backend: o.backend,
        solver: o.solver,
        unit: o.kernel === 'gamp' ? 'iterations' : 'fits',
        perSecond: (o.kernel === 'gamp' ? iterations! : 1) / o.secondsPerCall,
        secondsPerCall: o.secondsPerCall,
        ...(iterations !== undefined ? { iterations } : {}),
        maxRelativeDifference: maxRelativeDifference(o.w, ours),
        ...(gradientNorm !== undefined ? { gradientNorm } : {}),
        ...(o.overlap !== undefined ? { overlap: o.overlap, overlapDifference: Math.abs(o.overlap - amp.m!) } : {}),
      });
    }
    progress(peer);
  }
  return { rows, peers: peerInfo, skipped };
}

/** The suite's table as terminal lines. */
export function formatTeacherStudentRows(rows: readonly TeacherStudentRow[]): string[] {
  const lines = [
    `teacher–student batch solvers (λ = ${TS_LAMBDA}; logistic P = ${LOGISTIC_RATIO}D, ridge P = ${RIDGE_RATIO}D, gamp α = ${AMP_ALPHA})`,
    'kernel    D/N    P      backend                  per second          s/call      agreement with js',
  ];
  for (const r of rows) {
    const agree: string[] = [];
    if (r.maxRelativeDifference !== undefined) agree.push(`max rel Δw ${r.maxRelativeDifference.toExponential(2)}`);
    if (r.gradientNorm !== undefined) agree.push(`max|∇F| ${r.gradientNorm.toExponential(2)}`);
    if (r.overlap !== undefined) agree.push(`m ${r.overlap.toFixed(6)}`);
    if (r.overlapDifference !== undefined) agree.push(`|Δm| ${r.overlapDifference.toExponential(2)}`);
    lines.push(
      `${r.kernel.padEnd(9)} ${String(r.size).padEnd(6)} ${String(r.samples).padEnd(6)} ${r.backend.padEnd(24)} ${`${r.perSecond.toPrecision(4)} ${r.unit}/s`.padEnd(19)} ${r.secondsPerCall.toPrecision(3).padEnd(11)} ${agree.join(', ')}`,
    );
  }
  lines.push('');
  for (const r of rows) lines.push(`${r.kernel} ${r.backend}: ${r.solver}`);
  return lines;
}

/** A bar chart of the suite (fits/s and iterations/s, log scale). */
function teacherStudentFigure(rows: readonly TeacherStudentRow[], machineText: string) {
  return barFigure({
    name: 'bench-teacher-student',
    title: 'Teacher–student batch solvers: fits/s and GAMP iterations/s',
    caption: `Logistic regression (exact Newton, λ = ${TS_LAMBDA}, P = ${LOGISTIC_RATIO}D) and ridge (λ = ${TS_LAMBDA}, P = ${RIDGE_RATIO}D): whole fits per second; GAMP (binary prior, α = ${AMP_ALPHA}): iterations per second, each peer on the same data with its weights checked against ours; ${machineText}`,
    category: 'workload',
    value: { title: 'per second', scale: 'log' },
    bars: rows.map((r) => ({
      category: `${r.kernel} ${r.kernel === 'gamp' ? 'N' : 'D'}=${r.size} P=${r.samples} ${r.unit}/s`,
      group: r.backend,
      value: r.perSecond,
    })),
  });
}

/** `bench --suite teacher-student`. */
export const teacherStudentBench = defineBenchSuite({
  name: 'teacher-student',
  summary: 'logistic and ridge fits/s and GAMP iterations/s beside numpy and scikit-learn',
  params: [
    {
      name: 'logistic-dim',
      kind: 'int',
      default: 200,
      min: 1,
      max: 4096,
      help: 'D of the logistic-regression fits (P = 4D)',
    },
    { name: 'ridge-dim', kind: 'int', default: 400, min: 1, max: 8192, help: 'D of the ridge fits (P = 2D)' },
    {
      name: 'amp-size',
      kind: 'int',
      default: 2000,
      min: 1,
      max: 65536,
      help: 'N of the GAMP instance (binary prior, α = 1.3)',
    },
    {
      name: 'amp-iterations',
      kind: 'int',
      default: 50,
      min: 1,
      max: 10000,
      help: 'GAMP iterations per timed run (no early stop)',
    },
  ],
  peers: TEACHER_STUDENT_PEERS,
  usesBackends: false,
  async run(ctx, v) {
    const r = await runTeacherStudentBench(ctx, {
      logisticDim: v['logistic-dim'],
      ridgeDim: v['ridge-dim'],
      ampSize: v['amp-size'],
      ampIterations: v['amp-iterations'],
      minSeconds: ctx.minSeconds,
    });
    const ratios = peerRatios(r.rows, {
      isOurs: (x) => x.backend === 'js',
      matches: (a, b) => a.kernel === b.kernel,
      value: (x) => x.perSecond,
    });
    return {
      ...r,
      ratios,
      backends: [
        { name: 'js', description: `@replica/teacher-student in TypeScript, f64, one thread (${ctx.runtime})` },
      ],
    };
  },
  format(r: BenchReport<TeacherStudentRow>) {
    return formatTeacherStudentRows(r.rows);
  },
  figure(r) {
    return teacherStudentFigure(r.rows, measuredOn(r));
  },
});
