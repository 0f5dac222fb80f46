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
import type { BenchContext, BenchReport, PeerInfo, PeerSpec } from '@replica/lab-kit';
import { barFigure, defineBenchSuite, median, peerRatios } from '@replica/lab-kit';
import type { Backend } from '@replica/webgpu-kernels';
import type { Rbm } from '../index';
import { averageLogLikelihood, logPartitionExact, trainRbm } from '../index';
import { loadDatasets } from './data';

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

/** 784 visible units: the binarized MNIST digits. */
const MNIST_PIXELS = 784;

/** The peer of the suite: scikit-learn's BernoulliRBM on the same rows. */
export const RBM_PEERS: readonly PeerSpec[] = [
  {
    name: 'sklearn',
    language: 'python',
    package: '@replica/rbm',
    file: 'src/lab/peers/sklearn_rbm.py',
    summary: 'scikit-learn BernoulliRBM (PCD-1) on the same binarized rows',
  },
];

/** Learning rate of the speed part (ours and sklearn) and of the matched likelihood runs. */
const LEARNING_RATE = 0.05;
/** Rows of the calibration epoch. */
const CALIBRATION_ROWS = 1000;
/** Timed epochs per backend. */
const REPEATS = 3;

/** The binarized MNIST splits, 0/1 float32, 784 values a row. */
async function binarizedSplit(part: 'train' | 'test'): Promise<{ data: Float32Array; rows: number }> {
  const { binarizeImages01, mnistSplit } = await loadDatasets('suite');
  const s = mnistSplit(part);
  return { data: binarizeImages01(s.images), rows: s.count };
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
  ctx: BenchContext,
  kind: 'cpu' | 'webgpu',
  data: Float32Array,
  available: number,
  plan: RbmPlan,
): Promise<RbmSpeedRow> {
  const be = await ctx.createBackend(kind);
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

/** Runs the speed and likelihood parts; sklearn when the host selects it. */
async function runRbmSuite(ctx: BenchContext, plan: RbmPlan) {
  const withSklearn = ctx.peers.includes('sklearn');
  const rows: RbmSpeedRow[] = [];
  const skipped: string[] = [];
  const peers: PeerInfo[] = [];
  const total = ctx.kinds.length + (withSklearn ? 1 : 0) + (plan.likelihood ? 2 + (withSklearn ? 1 : 0) : 0);
  let step = 0;
  const train = await binarizedSplit('train');
  for (const kind of ctx.kinds) {
    rows.push(await timeBackend(ctx, kind, train.data, train.rows, plan));
    ctx.progress(++step / total, `${kind} CD-1`);
  }
  // The peer fits the same binarized rows, read from raw float32 with numpy.fromfile.
  let sklearn: PeerInfo | null = null;
  if (withSklearn) {
    const peerRows = Math.min(Math.max(plan.batchSize, ...rows.map((r) => r.rows)), train.rows);
    const r = await ctx.runPeer<{ samplesPerSecond: number; seconds: number; repeats: number }>('sklearn', {
      input: {
        mode: 'speed',
        rows: peerRows,
        visible: MNIST_PIXELS,
        hidden: plan.hidden,
        batchSize: plan.batchSize,
        learningRate: LEARNING_RATE,
        repeats: REPEATS,
      },
      files: { train: train.data.subarray(0, peerRows * MNIST_PIXELS) },
    });
    sklearn = r.info;
    peers.push(r.info);
    if (r.out)
      rows.push({
        kernel: 'rbm-cd1',
        size: MNIST_PIXELS,
        hidden: plan.hidden,
        batchSize: plan.batchSize,
        rows: peerRows,
        backend: 'sklearn',
        samplesPerSecond: r.out.samplesPerSecond,
        secondsPerEpoch: r.out.seconds,
        repeats: r.out.repeats,
      });
    else skipped.push(`sklearn: ${r.info.reason}`);
    ctx.progress(++step / total, 'sklearn CD-1');
  }
  if (!plan.likelihood) return { rows, peers, skipped, likelihood: undefined };

  const { hidden, epochs } = plan.likelihood;
  const test = await binarizedSplit('test');
  const likelihood: RbmLikelihoodRow[] = [];
  const cpu = await ctx.createBackend('cpu');
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
  ctx.progress(++step / total, 'ours trained');
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
  ctx.progress(++step / total, 'ours evaluated');

  if (sklearn?.available) {
    const configs = [
      { model: 'sklearn-default', epochs },
      { model: 'sklearn-matched', epochs, learningRate: LEARNING_RATE, batchSize: 100 },
    ];
    const r = await ctx.runPeer<{
      models: { model: string; seconds: number; learningRate: number; batchSize: number; epochs: number }[];
    }>('sklearn', {
      input: { mode: 'likelihood', rows: train.rows, visible: MNIST_PIXELS, hidden, configs },
      files: { train: train.data },
      outputs: ['params'],
    });
    const bytes = r.outputs?.params;
    if (r.out && bytes) {
      const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      const per = MNIST_PIXELS * hidden + MNIST_PIXELS + hidden;
      if (all.length !== per * r.out.models.length)
        throw new Error(`sklearn peer: expected ${per * r.out.models.length} parameters, got ${all.length}`);
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
    } else skipped.push(`sklearn likelihood: ${r.info.reason ?? 'no parameters written'}`);
    ctx.progress(++step / total, 'sklearn likelihood');
  } else if (withSklearn) skipped.push(`sklearn likelihood: ${sklearn?.reason ?? 'unavailable'}`);
  return { rows, peers, skipped, likelihood };
}

/** `bench --suite rbm`. */
export const rbmBench = defineBenchSuite({
  name: 'rbm',
  summary: 'CD-1 samples/s on binarized MNIST and exact likelihoods of small RBMs, beside scikit-learn',
  params: [
    {
      name: 'rbm-hidden',
      kind: 'int',
      default: 500,
      min: 1,
      max: 16384,
      help: 'hidden units of the CD-1 throughput part (784 visible, batch 100)',
    },
    { name: 'no-likelihood', kind: 'flag', help: 'skip the exact log-likelihood part' },
    {
      name: 'likelihood-hidden',
      kind: 'int',
      default: 20,
      min: 1,
      max: 24,
      help: 'hidden units of the likelihood part (log Z enumerates 2^n states)',
    },
    {
      name: 'likelihood-epochs',
      kind: 'int',
      default: 30,
      min: 1,
      max: 1000,
      help: 'training epochs (passes) of the likelihood part, ours and sklearn',
    },
  ],
  peers: RBM_PEERS,
  async run(ctx, v) {
    const r = await runRbmSuite(ctx, {
      hidden: v['rbm-hidden'],
      batchSize: 100,
      minSeconds: ctx.minSeconds,
      likelihood: v['no-likelihood'] ? null : { hidden: v['likelihood-hidden'], epochs: v['likelihood-epochs'] },
    });
    const ours = new Set<string>(ctx.kinds);
    const ratios = peerRatios(r.rows, {
      isOurs: (x) => ours.has(x.backend),
      matches: () => true,
      value: (x) => x.samplesPerSecond,
    });
    return {
      rows: r.rows,
      peers: r.peers,
      ratios,
      skipped: r.skipped,
      ...(r.likelihood ? { extra: { likelihood: r.likelihood } } : {}),
    };
  },
  format(r: BenchReport<RbmSpeedRow>) {
    return formatRbmRows(r.rows, r.likelihood as RbmLikelihoodRow[] | undefined);
  },
  figure(r) {
    return barFigure({
      name: 'bench-rbm',
      title: 'RBM CD-1 training on binarized MNIST: samples per second',
      caption: `One CD-1 epoch (batch 100, η = 0.05) over a prefix of the binarized MNIST training split sized to about --min-time seconds; samples/s = rows / seconds of the epoch, median of 3 epochs after a warm-up, measured in one run on ${r.machine.cpus} × ${r.machine.cpuModel}. ${r.peers.map((p) => `${p.name}: ${p.available ? p.detail : 'unavailable'}`).join('; ')}.`,
      category: 'visible × hidden',
      value: { title: 'samples / s', scale: 'log' },
      bars: r.rows.map((row) => ({
        category: `${row.size}×${row.hidden}`,
        group: row.backend,
        value: row.samplesPerSecond,
      })),
    });
  },
});

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
