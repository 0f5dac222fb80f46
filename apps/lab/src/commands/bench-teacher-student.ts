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
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ampPerceptron,
  logisticObjective,
  logisticRegression,
  perceptronInstance,
  ridgeEstimator,
  teacherStudentTask,
} from '@replica/teacher-student';
import { timeCalls } from '../bench/harness';
import type { PeerInfo } from '../bench/peers';
import { PY_TIMEIT, runPythonPeer } from '../bench/peers';
import type { Figure } from '../figures/plot';
import { barFigure } from '../figures/plot';
import type { Progress } from '../io';

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

/** The peers of the suite. */
export const TEACHER_STUDENT_PEERS = ['numpy', 'sklearn'] as const;

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

const SCRIPT = `
import json, os, sys, warnings
cfg = json.loads(sys.argv[1])
peer, min_time = cfg['peer'], float(cfg['minTime'])
${PY_TIMEIT}
try:
    import numpy as np
except ImportError as e:
    print(json.dumps({"error": "numpy is not importable by %s (%s); install python3-numpy" % (sys.executable, e)})); sys.exit(0)
if peer == 'sklearn':
    try:
        import sklearn
        from sklearn.linear_model import LogisticRegression, Ridge
    except ImportError as e:
        print(json.dumps({"error": "scikit-learn is not importable by %s (%s); install python3-sklearn" % (sys.executable, e)})); sys.exit(0)
rows, skipped = [], []
lg, rd, gp = cfg['logistic'], cfg['ridge'], cfg['gamp']
def load(path, dtype, shape):
    return np.fromfile(path, dtype=dtype).reshape(shape)
if peer == 'sklearn':
    D, P, lam = lg['d'], lg['p'], lg['lambda']
    # sklearn minimizes C sum_mu log(1 + exp(-y_mu w.x'_mu)) + |w|^2/2: with x' = x/sqrt(D) and
    # C = 1/lambda this is ours divided by lambda, the same minimizer.
    X = load(lg['x'], np.float64, (P, D)) / np.sqrt(D)
    y = load(lg['y'], np.float64, (P,))
    for solver in ('lbfgs', 'newton-cholesky'):
        m = LogisticRegression(C=1.0 / lam, fit_intercept=False, tol=lg['tol'], solver=solver, max_iter=10000)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter('always')
                m.fit(X, y)
        except ValueError as e:
            skipped.append("sklearn-%s: %s" % (solver, e)); continue
        s = timeit(lambda: m.fit(X, y))
        note = '; warned: ' + str(caught[0].message).split('\\n')[0] if caught else ''
        rows.append({"kernel": "logistic", "backend": "sklearn-" + solver, "secondsPerCall": s, "iterations": int(np.max(m.n_iter_)),
                     "solver": "LogisticRegression(C=1/lambda=%g, fit_intercept=False, solver='%s', tol=%g) on x/sqrt(D)%s" % (1.0 / lam, solver, lg['tol'], note),
                     "w": m.coef_.ravel().tolist()})
    D, P, lam = rd['d'], rd['p'], rd['lambda']
    X = load(rd['x'], np.float64, (P, D)) / np.sqrt(D)
    y = load(rd['y'], np.float64, (P,))
    m = Ridge(alpha=lam, fit_intercept=False, solver='cholesky')
    s = timeit(lambda: m.fit(X, y))
    rows.append({"kernel": "ridge", "backend": "sklearn", "secondsPerCall": s,
                 "solver": "Ridge(alpha=lambda=%g, fit_intercept=False, solver='cholesky') on x/sqrt(D)" % lam, "w": np.ravel(m.coef_).tolist()})
else:
    D, P, lam = rd['d'], rd['p'], rd['lambda']
    X = load(rd['x'], np.float64, (P, D))
    y = load(rd['y'], np.float64, (P,))
    lamI, sd = lam * np.eye(D), np.sqrt(D)
    f = lambda: np.linalg.solve(X.T @ X / D + lamI, X.T @ y / sd)
    w = f(); s = timeit(f)
    rows.append({"kernel": "ridge", "backend": "numpy", "secondsPerCall": s,
                 "solver": "numpy.linalg.solve(X.T @ X / D + lambda I, X.T @ y / sqrt(D)), lambda = %g" % lam, "w": w.tolist()})
    try:
        from scipy.special import erfcx
    except ImportError as e:
        erfcx = None
        skipped.append("numpy gamp: scipy.special.erfcx is not importable by %s (%s); install python3-scipy" % (sys.executable, e))
    if erfcx is not None:
        N, P, T = gp['n'], gp['p'], gp['iterations']
        keep, take, floor = gp['damping'], 1.0 - gp['damping'], gp['varianceFloor']
        F = load(gp['inputs'], np.float32, (P, N)).astype(np.float64)  # f32 entries, f64 arithmetic, as ours
        yl = load(gp['labels'], np.int8, (P,)).astype(np.float64)
        wstar = load(gp['teacher'], np.float64, (N,))
        c = float(np.sum(F * F)) / (P * N)
        binary = gp['prior'] == 'binary'
        s2p, r2 = np.sqrt(2 / np.pi), np.sqrt(0.5)
        def gamp():
            a, delta, g = np.zeros(N), np.ones(N), np.zeros(P)
            for _ in range(T):
                v = max(c * delta.sum(), floor); sv = np.sqrt(v)
                x = yl * (F @ a - v * g) / sv
                e = erfcx(-x * r2)
                r = np.where(np.isinf(e), 0.0, s2p / e)  # inverse Mills ratio phi(x)/Phi(x)
                g = keep * g + take * (yl * r / sv)
                A = c * float(np.sum(r * (x + r))) / v
                b = A * a + F.T @ g
                if binary:
                    ex = np.exp(-2 * np.abs(b)); sech = 2 * np.sqrt(ex) / (1 + ex)
                    mean, var = np.tanh(b), sech * sech
                else:
                    mean, var = b / (1 + A), np.full(N, 1 / (1 + A))
                a = keep * a + take * mean
                delta = keep * delta + take * var
            return a
        a = gamp(); s = timeit(gamp)
        rows.append({"kernel": "gamp", "backend": "numpy", "secondsPerCall": s, "iterations": T,
                     "solver": "GAMP in numpy (F as f64, scipy.special.erfcx), damping %g, %d iterations" % (gp['damping'], T),
                     "overlap": float(a @ wstar) / N, "w": a.tolist()})
libs = {l.split()[-1].split('/')[-1] for l in open('/proc/self/maps') if len(l.split()) > 5}
blas = sorted(x for x in libs if x.startswith('lib') and 'blas' in x.lower())
threads = ''
try:
    from threadpoolctl import threadpool_info
    threads = '+'.join(sorted({str(i['num_threads']) for i in threadpool_info() if i.get('user_api') == 'blas'}))
except Exception:
    pass
threads = threads or os.environ.get('OPENBLAS_NUM_THREADS') or str(os.cpu_count())
lib = "scikit-learn %s, " % sklearn.__version__ if peer == 'sklearn' else ''
if peer == 'numpy':
    try:
        import scipy; lib = "scipy %s, " % scipy.__version__
    except ImportError:
        pass
detail = "%snumpy %s, BLAS %s, %s thread(s)" % (lib, np.__version__, '+'.join(blas) or 'unknown', threads)
print(json.dumps({"rows": rows, "skipped": skipped, "detail": detail}))
`;

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

function writeF64(path: string, v: Float64Array): void {
  writeFileSync(path, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
}

/** Runs the teacher-student suite: ours, then each peer on the same data. */
export async function runTeacherStudentBench(
  plan: TeacherStudentPlan,
  peers: readonly string[],
  progress: Progress,
): Promise<{ rows: TeacherStudentRow[]; peers: PeerInfo[]; skipped: string[] }> {
  const rows: TeacherStudentRow[] = [];
  const skipped: string[] = [];
  const peerInfo: PeerInfo[] = [];
  const { minSeconds } = plan;
  progress.start('bench: teacher-student', 3 + peers.length);
  let step = 0;

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
  progress.update(++step);

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
  progress.update(++step);

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
  progress.update(++step);

  if (peers.length === 0) {
    progress.end(`${rows.length} timings`);
    return { rows, peers: peerInfo, skipped };
  }
  const dir = mkdtempSync(join(tmpdir(), 'replica-bench-ts-'));
  try {
    const path = (name: string) => join(dir, name);
    writeF64(path('logistic-x.f64'), lData.x);
    writeF64(path('logistic-y.f64'), lData.y);
    writeF64(path('ridge-x.f64'), rData.x);
    writeF64(path('ridge-y.f64'), rData.y);
    writeFileSync(
      path('gamp-inputs.f32'),
      new Uint8Array(inst.inputs.buffer, inst.inputs.byteOffset, inst.inputs.byteLength),
    );
    writeFileSync(
      path('gamp-labels.i8'),
      new Uint8Array(inst.labels.buffer, inst.labels.byteOffset, inst.labels.byteLength),
    );
    writeF64(path('gamp-teacher.f64'), inst.teacher);
    for (const peer of peers) {
      const r = runPythonPeer<{ rows: PeerOutRow[]; skipped: string[] }>(peer, SCRIPT, [
        JSON.stringify({
          peer,
          minTime: minSeconds,
          // sklearn's newton-cholesky tests max|∇| of the objective divided by P (its lbfgs, depending on the
          // version, the undivided one); tol = ours / P asks at least our accuracy of both
          logistic: {
            x: path('logistic-x.f64'),
            y: path('logistic-y.f64'),
            d: ld,
            p: lp,
            lambda: TS_LAMBDA,
            tol: LOGISTIC_TOLERANCE / lp,
          },
          ridge: { x: path('ridge-x.f64'), y: path('ridge-y.f64'), d: rd, p: rp, lambda: TS_LAMBDA },
          gamp: {
            inputs: path('gamp-inputs.f32'),
            labels: path('gamp-labels.i8'),
            teacher: path('gamp-teacher.f64'),
            n: inst.n,
            p: inst.p,
            prior: inst.prior,
            iterations: amp.iterations,
            damping: AMP_DAMPING,
            varianceFloor: AMP_VARIANCE_FLOOR,
          },
        }),
      ]);
      peerInfo.push(r.info);
      if (!r.out) {
        skipped.push(`${peer}: ${r.info.reason}`);
        progress.update(++step);
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
      progress.update(++step);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  progress.end(`${rows.length} timings`);
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
export function teacherStudentFigure(rows: readonly TeacherStudentRow[], machineText: string): Figure {
  return barFigure({
    name: 'bench-teacher-student',
    title: 'Teacher–student batch solvers: fits/s and GAMP iterations/s',
    caption: `Logistic regression (exact Newton, λ = ${TS_LAMBDA}, P = ${LOGISTIC_RATIO}D) and ridge (λ = ${TS_LAMBDA}, P = ${RIDGE_RATIO}D): whole fits per second; GAMP (binary prior, α = ${AMP_ALPHA}): iterations per second, each peer on the same data with its weights checked against ours; ${machineText}`,
    category: 'workload',
    value: 'per second',
    scale: 'log',
    rows: rows.map((r) => ({
      category: `${r.kernel} ${r.kernel === 'gamp' ? 'N' : 'D'}=${r.size} P=${r.samples} ${r.unit}/s`,
      group: r.backend,
      value: r.perSecond,
    })),
  });
}
