/**
 * `bench --suite rbm`: restricted Boltzmann machines on binarized MNIST (the training split of
 * `mnistSplit`, pixels > 0.5 → 1), in two parts measured in the same run.
 * - Speed: CD-1 training throughput (samples/s) of `trainRbm` at 784 visible × 500 hidden, batch
 *   100, per backend, on a prefix of the data sized so one epoch takes about `--min-time`
 *   seconds (median of ≥ 3 epochs), beside scikit-learn's `BernoulliRBM.fit` (one pass, PCD-1)
 *   on the same rows.
 * - Likelihood: the exact average log-likelihood (log Z by enumerating the 2^20 hidden states)
 *   on the training and test splits of a 20-hidden RBM trained by ours (CD-1, 30 epochs, batch
 *   100, η = 0.05, the default momentum schedule) and by scikit-learn (its defaults, and the
 *   same η and batch size), 30 passes each.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binarizeImages01, MNIST_PIXELS, mnistSplit } from '@replica/datasets';
import type { Rbm } from '@replica/rbm';
import { averageLogLikelihood, logPartitionExact, trainRbm } from '@replica/rbm';
import type { Backend } from '@replica/webgpu-kernels';
import { createBackend } from '@replica/webgpu-kernels';
import type { PeerInfo } from '../bench/peers';
import { runPythonPeer } from '../bench/peers';
import type { Progress } from '../io';

/** One CD-1 throughput timing of the rbm suite. */
export interface RbmSpeedRow {
  readonly kernel: 'rbm-cd1';
  /** Visible units n_v (784). */
  readonly size: number;
  /** Hidden units n_h. */
  readonly hidden: number;
  readonly batchSize: number;
  /** Training rows of the timed epoch (a prefix of the binarized MNIST training split). */
  readonly rows: number;
  /** `cpu`, `webgpu`, or the peer (`sklearn`). */
  readonly backend: string;
  /** rows / median seconds of one epoch. */
  readonly samplesPerSecond: number;
  /** Median seconds of one epoch over `repeats` epochs. */
  readonly secondsPerEpoch: number;
  readonly repeats: number;
}

/** The exact likelihood of one trained 784 × n_h RBM. */
export interface RbmLikelihoodRow {
  /** `ours`, `sklearn-default` or `sklearn-matched`. */
  readonly model: string;
  /** How it was trained. */
  readonly trainer: string;
  readonly hidden: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Exact log Z (nats). */
  readonly logZ: number;
  /** Exact (1/R) Σ_r log p(v_r) on the training split, nats per image. */
  readonly trainLogLikelihood: number;
  /** The same on the test split. */
  readonly testLogLikelihood: number;
  /** Training wall-clock seconds (evaluation excluded). */
  readonly seconds: number;
}

/** What the rbm suite measures. */
export interface RbmPlan {
  /** Hidden units of the speed part (default 500). */
  readonly hidden: number;
  /** Minibatch of the speed part (100). */
  readonly batchSize: number;
  /** Seconds one timed epoch should take. */
  readonly minSeconds: number;
  /** The likelihood part, or null to skip it. */
  readonly likelihood: { readonly hidden: number; readonly epochs: number } | null;
}

/** The peers of the suite. */
export const RBM_PEERS = ['sklearn'] as const;

/** Learning rate of the speed part (ours and sklearn) and of the matched likelihood runs. */
const LEARNING_RATE = 0.05;
/** Rows of the calibration epoch. */
const CALIBRATION_ROWS = 1000;
/** Timed epochs per backend. */
const REPEATS = 3;

const SCRIPT = `
import json, os, sys, time
cfg = json.loads(sys.argv[1])
try:
    import numpy as np
    import sklearn
    from sklearn.neural_network import BernoulliRBM
except ImportError as e:
    print(json.dumps({"error": "scikit-learn is not importable by %s (%s); install python3-sklearn" % (sys.executable, e)})); sys.exit(0)
X = np.fromfile(cfg['data'], dtype=np.float32, count=cfg['rows'] * cfg['visible']).reshape(cfg['rows'], cfg['visible'])
out = {}
if cfg['mode'] == 'speed':
    def fit():
        BernoulliRBM(n_components=cfg['hidden'], batch_size=cfg['batchSize'], learning_rate=cfg['learningRate'], n_iter=1, random_state=0).fit(X)
    fit()  # warm-up, as ours gets
    times = []
    for _ in range(cfg['repeats']):
        t0 = time.perf_counter(); fit(); times.append(time.perf_counter() - t0)
    s = sorted(times)[len(times) // 2]
    out = {"samplesPerSecond": cfg['rows'] / s, "seconds": s, "repeats": len(times)}
else:
    models, params = [], []
    for c in cfg['configs']:
        kw = {k: v for k, v in (('learning_rate', c.get('learningRate')), ('batch_size', c.get('batchSize'))) if v is not None}
        m = BernoulliRBM(n_components=cfg['hidden'], n_iter=c['epochs'], random_state=0, **kw)
        t0 = time.perf_counter(); m.fit(X); s = time.perf_counter() - t0
        params += [np.ascontiguousarray(m.components_.T, dtype=np.float32).ravel(), m.intercept_visible_.astype(np.float32), m.intercept_hidden_.astype(np.float32)]
        models.append({"model": c['model'], "seconds": s, "learningRate": float(m.learning_rate), "batchSize": int(m.batch_size), "epochs": int(m.n_iter), "dtype": str(m.components_.dtype)})
    np.concatenate(params).tofile(cfg['out'])
    out = {"models": models}
# the BLAS libraries mapped into this process (not scipy's Cython wrappers of them)
libs = {l.split()[-1].split('/')[-1] for l in open('/proc/self/maps') if len(l.split()) > 5}
blas = sorted(x for x in libs if x.startswith('lib') and 'blas' in x.lower())
threads, pool = '', ''
try:
    from threadpoolctl import threadpool_info
    info = [i for i in threadpool_info() if i.get('user_api') == 'blas']
    threads = '+'.join(sorted({str(i['num_threads']) for i in info}))
    pool = ', '.join('%s %s %s' % (i.get('internal_api'), i.get('version') or '', i.get('threading_layer') or '') for i in info)
except Exception:
    pass
threads = threads or os.environ.get('OPENBLAS_NUM_THREADS') or str(os.cpu_count())
out["detail"] = "scikit-learn %s BernoulliRBM (PCD-1: persistent chains, one per batch row; float32 data), numpy %s, BLAS %s%s, %s thread(s)" % (sklearn.__version__, np.__version__, '+'.join(blas) or 'unknown', ' (%s)' % ' '.join(pool.split()) if pool else '', threads)
print(json.dumps(out))
`;

/** The binarized MNIST splits, 0/1 float32, 784 values a row. */
function binarizedSplit(part: 'train' | 'test'): { data: Float32Array; rows: number } {
  const s = mnistSplit(part);
  return { data: binarizeImages01(s.images), rows: s.count };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Seconds of one CD-1 epoch on the first `rows` rows, as `trainRbm` reports it. */
async function epochSeconds(be: Backend, data: Float32Array, rows: number, plan: RbmPlan): Promise<number> {
  const r = await trainRbm(be, data.subarray(0, rows * MNIST_PIXELS), {
    method: 'cd',
    k: 1,
    epochs: 1,
    batchSize: plan.batchSize,
    learningRate: LEARNING_RATE,
    visible: MNIST_PIXELS,
    hidden: plan.hidden,
    seed: 1,
  });
  return r.seconds;
}

/**
 * Times CD-1 epochs on `kind`: a warm-up epoch and a calibration epoch of 1000 rows, then the
 * prefix scaled so an epoch takes about `minSeconds` (whole batches, at most every row), median of 3.
 */
async function timeBackend(
  kind: 'cpu' | 'webgpu',
  allowSoftware: boolean,
  data: Float32Array,
  available: number,
  plan: RbmPlan,
): Promise<RbmSpeedRow> {
  const be = await createBackend({ kind, allowSoftware });
  try {
    const cal = Math.min(CALIBRATION_ROWS, available);
    await epochSeconds(be, data, cal, plan); // warm-up: JIT, WebAssembly, shader compilation
    const s0 = await epochSeconds(be, data, cal, plan);
    const wanted = Math.round((cal * plan.minSeconds) / Math.max(s0, 1e-6) / plan.batchSize) * plan.batchSize;
    const rows = Math.min(available, Math.max(plan.batchSize, wanted));
    const seconds: number[] = [];
    for (let t = 0; t < REPEATS; t++) seconds.push(await epochSeconds(be, data, rows, plan));
    const s = median(seconds);
    return {
      kernel: 'rbm-cd1',
      size: MNIST_PIXELS,
      hidden: plan.hidden,
      batchSize: plan.batchSize,
      rows,
      backend: kind,
      samplesPerSecond: rows / s,
      secondsPerEpoch: s,
      repeats: REPEATS,
    };
  } finally {
    be.dispose();
  }
}

/** The exact log Z and average log-likelihoods of a trained machine. */
function evaluate(
  rbm: Rbm,
  train: Float32Array,
  test: Float32Array,
): Pick<RbmLikelihoodRow, 'logZ' | 'trainLogLikelihood' | 'testLogLikelihood'> {
  const { logZ } = logPartitionExact(rbm);
  return {
    logZ,
    trainLogLikelihood: averageLogLikelihood(rbm, train, { logZ }),
    testLogLikelihood: averageLogLikelihood(rbm, test, { logZ }),
  };
}

/** Runs the rbm suite on each backend kind and, when asked, against scikit-learn. */
export async function runRbmBench(
  plan: RbmPlan,
  kinds: readonly ('cpu' | 'webgpu')[],
  allowSoftware: boolean,
  peers: readonly string[],
  progress: Progress,
): Promise<{ rows: RbmSpeedRow[]; likelihood?: RbmLikelihoodRow[]; peers: PeerInfo[]; skipped: string[] }> {
  const withSklearn = peers.includes('sklearn');
  const rows: RbmSpeedRow[] = [];
  const skipped: string[] = [];
  const peerInfo: PeerInfo[] = [];
  progress.start(
    'bench: rbm',
    kinds.length + (withSklearn ? 1 : 0) + (plan.likelihood ? 2 + (withSklearn ? 1 : 0) : 0),
  );
  let step = 0;
  const train = binarizedSplit('train');
  const dir = mkdtempSync(join(tmpdir(), 'replica-bench-rbm-'));
  try {
    for (const kind of kinds) {
      rows.push(await timeBackend(kind, allowSoftware, train.data, train.rows, plan));
      progress.update(++step);
    }
    // The peer fits the same binarized rows, read from raw float32 with numpy.fromfile.
    const dataPath = join(dir, 'mnist-train-binarized.f32');
    writeFileSync(dataPath, new Uint8Array(train.data.buffer, train.data.byteOffset, train.data.byteLength));
    let sklearn: PeerInfo | null = null;
    if (withSklearn) {
      const peerRows = Math.max(plan.batchSize, ...rows.map((r) => r.rows));
      const r = runPythonPeer<{ samplesPerSecond: number; seconds: number; repeats: number }>('sklearn', SCRIPT, [
        JSON.stringify({
          mode: 'speed',
          data: dataPath,
          rows: Math.min(peerRows, train.rows),
          visible: MNIST_PIXELS,
          hidden: plan.hidden,
          batchSize: plan.batchSize,
          learningRate: LEARNING_RATE,
          repeats: REPEATS,
        }),
      ]);
      sklearn = r.info;
      peerInfo.push(r.info);
      if (r.out)
        rows.push({
          kernel: 'rbm-cd1',
          size: MNIST_PIXELS,
          hidden: plan.hidden,
          batchSize: plan.batchSize,
          rows: Math.min(peerRows, train.rows),
          backend: 'sklearn',
          samplesPerSecond: r.out.samplesPerSecond,
          secondsPerEpoch: r.out.seconds,
          repeats: r.out.repeats,
        });
      else skipped.push(`sklearn: ${r.info.reason}`);
      progress.update(++step);
    }
    if (!plan.likelihood) {
      progress.end(`${rows.length} timings`);
      return { rows, peers: peerInfo, skipped };
    }

    const { hidden, epochs } = plan.likelihood;
    const test = binarizedSplit('test');
    const likelihood: RbmLikelihoodRow[] = [];
    const cpu = await createBackend({ kind: 'cpu' });
    let ours: Awaited<ReturnType<typeof trainRbm>>;
    try {
      ours = await trainRbm(cpu, train.data, {
        method: 'cd',
        k: 1,
        epochs,
        batchSize: 100,
        learningRate: LEARNING_RATE,
        visible: MNIST_PIXELS,
        hidden,
        seed: 1,
      });
    } finally {
      cpu.dispose();
    }
    progress.update(++step);
    likelihood.push({
      model: 'ours',
      trainer: 'trainRbm CD-1 on cpu, momentum 0.5 then 0.9 after epoch 5, seed 1',
      hidden,
      epochs,
      batchSize: 100,
      learningRate: LEARNING_RATE,
      ...evaluate(ours.rbm, train.data, test.data),
      seconds: ours.seconds,
    });
    progress.update(++step);

    if (sklearn?.available) {
      const paramsPath = join(dir, 'sklearn-params.f32');
      const configs = [
        { model: 'sklearn-default', epochs },
        { model: 'sklearn-matched', epochs, learningRate: LEARNING_RATE, batchSize: 100 },
      ];
      const r = runPythonPeer<{
        models: { model: string; seconds: number; learningRate: number; batchSize: number; epochs: number }[];
      }>('sklearn', SCRIPT, [
        JSON.stringify({
          mode: 'likelihood',
          data: dataPath,
          rows: train.rows,
          visible: MNIST_PIXELS,
          hidden,
          configs,
          out: paramsPath,
        }),
      ]);
      if (r.out) {
        const bytes = readFileSync(paramsPath);
        const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
        const per = MNIST_PIXELS * hidden + MNIST_PIXELS + hidden;
        if (all.length !== per * r.out.models.length)
          throw new Error(
            `sklearn peer: expected ${per * r.out.models.length} parameters in ${paramsPath}, got ${all.length}`,
          );
        r.out.models.forEach((m, t) => {
          const p = all.slice(t * per, (t + 1) * per);
          // components_ is n_h × n_v = Wᵀ; the script wrote its transpose, W (n_v × n_h row-major).
          const rbm: Rbm = {
            visible: MNIST_PIXELS,
            hidden,
            visibleType: 'bernoulli',
            hiddenType: 'bernoulli',
            W: p.subarray(0, MNIST_PIXELS * hidden),
            visibleBias: p.subarray(MNIST_PIXELS * hidden, MNIST_PIXELS * hidden + MNIST_PIXELS),
            hiddenBias: p.subarray(MNIST_PIXELS * hidden + MNIST_PIXELS),
          };
          likelihood.push({
            model: m.model,
            trainer: `sklearn BernoulliRBM PCD-1${m.model === 'sklearn-default' ? ' (its default learning rate and batch size)' : ''}, random_state 0`,
            hidden,
            epochs: m.epochs,
            batchSize: m.batchSize,
            learningRate: m.learningRate,
            ...evaluate(rbm, train.data, test.data),
            seconds: m.seconds,
          });
        });
      } else skipped.push(`sklearn likelihood: ${r.info.reason}`);
      progress.update(++step);
    } else if (withSklearn) skipped.push(`sklearn likelihood: ${sklearn?.reason ?? 'unavailable'}`);
    progress.end(`${rows.length} timings, ${likelihood.length} likelihoods`);
    return { rows, likelihood, peers: peerInfo, skipped };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The suite's tables as terminal lines. */
export function formatRbmRows(
  rows: readonly RbmSpeedRow[],
  likelihood: readonly RbmLikelihoodRow[] | undefined,
): string[] {
  const lines = [
    'CD-1 training throughput on binarized MNIST',
    'kernel   n_v×n_h   batch  rows   backend   samples/s   s/epoch',
  ];
  for (const r of rows)
    lines.push(
      `${r.kernel.padEnd(8)} ${`${r.size}×${r.hidden}`.padEnd(9)} ${String(r.batchSize).padEnd(6)} ${String(r.rows).padEnd(6)} ${r.backend.padEnd(9)} ${r.samplesPerSecond.toPrecision(4).padEnd(11)} ${r.secondsPerEpoch.toPrecision(3)}`,
    );
  if (likelihood?.length) {
    const h = likelihood[0]!.hidden;
    lines.push(
      '',
      `exact average log-likelihood (nats per image), 784×${h} Bernoulli RBM, log Z over all 2^${h} hidden states`,
      'model            epochs batch  η       train LL    test LL     log Z       train s',
    );
    for (const l of likelihood)
      lines.push(
        `${l.model.padEnd(16)} ${String(l.epochs).padEnd(6)} ${String(l.batchSize).padEnd(6)} ${String(l.learningRate).padEnd(7)} ${l.trainLogLikelihood.toFixed(3).padEnd(11)} ${l.testLogLikelihood.toFixed(3).padEnd(11)} ${l.logZ.toFixed(3).padEnd(11)} ${l.seconds.toFixed(2)}`,
      );
    for (const l of likelihood) lines.push(`${l.model}: ${l.trainer}`);
  }
  return lines;
}
