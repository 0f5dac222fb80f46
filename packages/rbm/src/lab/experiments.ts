/**
 * RBM experiments: `rbm-train` (CD-k, PCD or TAP on MNIST or a file, with the log-likelihood
 * every epoch, exact or by AIS), `rbm-eval` (exact and AIS log Z of a saved model) and
 * `rbm-classify` (an RBM with one-hot label units classifying MNIST).
 * @module
 */
import type { Figure } from '@replica/lab-kit';
import {
  defineExperiment,
  defineParams,
  imageGridFigure,
  readInputJson,
  seriesFigure,
  UsageError,
} from '@replica/lab-kit';
import type { LogZEstimate, Rbm } from '../index';
import {
  AIS_DEFAULT_STEPS,
  annealedImportanceSampling,
  appendOneHot,
  averageLogLikelihood,
  classifyRows,
  estimateLogZ,
  exactLayer,
  hopfieldInitialization,
  logPartitionExact,
  pseudoLikelihood,
  rbmFromJson,
  reconstructionError,
  sampleRbm,
  serializeRbm,
  trainRbm,
  visibleBiasFromData,
} from '../index';
import type { RbmData } from './data';
import { loadRbmData } from './data';

/** Layers of at most this many units are summed exactly in the likelihood; larger ones use AIS. */
export const EXACT_LIKELIHOOD_UNITS = 20;

/** --k, shared by the trainers. */
const GIBBS_STEPS_PARAM = defineParams([
  { name: 'k', kind: 'int', default: 1, min: 1, max: 10_000, help: 'Gibbs steps per update (CD-k, PCD-k)' },
]);

/** --batch and --lr, shared by the trainers. */
const MINIBATCH_PARAMS = defineParams([
  { name: 'batch', kind: 'int', default: 100, min: 1, max: 1_000_000, help: 'minibatch size' },
  { name: 'lr', kind: 'number', default: 0.05, min: 0, max: 100, help: 'learning rate η' },
]);

/** --ais-chains and --ais-steps, with the defaults of `rbm-eval` (rbm-train's per-epoch estimate takes fewer steps). */
function aisParams(steps: number, cost: string) {
  return defineParams([
    { name: 'ais-chains', kind: 'int', default: 100, min: 2, max: 100_000, help: 'AIS runs (each direction)' },
    {
      name: 'ais-steps',
      kind: 'int',
      default: steps,
      min: 3,
      max: 10_000_000,
      help: `AIS intermediate distributions K (Salakhutdinov–Murray spacing; ${cost})`,
    },
  ]);
}

function meanLogLikelihood(rbm: Rbm, data: Float32Array, logZ: number): number {
  return averageLogLikelihood(rbm, data, { logZ });
}

function firstRows(d: Float32Array, visible: number, rows: number): Float32Array {
  return d.subarray(0, Math.min(rows, d.length / visible) * visible);
}

function filterFigure(rbm: Rbm, side: number, name: string, title: string, count: number): Figure {
  const show = Math.min(count, rbm.hidden);
  let max = 0;
  for (const w of rbm.W) max = Math.max(max, Math.abs(w));
  const images = Array.from({ length: show }, (_, j) => {
    const img = new Float32Array(rbm.visible);
    for (let i = 0; i < rbm.visible; i++) img[i] = rbm.W[i * rbm.hidden + j]!;
    return img;
  });
  const perRow = 10;
  const rows = Array.from({ length: Math.ceil(show / perRow) }, (_, r) => ({
    label: `h ${r * perRow}–${Math.min(show, (r + 1) * perRow) - 1}`,
    images: images.slice(r * perRow, (r + 1) * perRow),
  }));
  return imageGridFigure({
    name,
    title,
    caption: `Receptive fields: column j of W (weights from every pixel to hidden unit j) for the first ${show} hidden units, grey = 0, white = +${max.toPrecision(3)}, black = −${max.toPrecision(3)} (one scale for all).`,
    rows,
    width: side,
    height: side,
    range: [-max || -1, max || 1],
    scale: 2,
  });
}

/** `rbm-train`: train an RBM with its likelihood per epoch. */
export const rbmTrainExperiment = defineExperiment({
  name: 'rbm-train',
  summary:
    'Train an RBM (CD-k, PCD or TAP) on binarized MNIST or a file; log-likelihood per epoch (exact or AIS), samples and filters',
  params: [
    {
      name: 'data',
      kind: 'string',
      default: 'mnist',
      help: "'mnist' (train split, binarized at 0.5) or a file of 0/1 or ±1 rows (JSON or CSV)",
    },
    { name: 'hidden', kind: 'int', default: 20, min: 1, max: 100_000, help: 'hidden units' },
    {
      name: 'hidden-type',
      kind: 'enum',
      values: ['bernoulli', 'gaussian', 'relu'],
      default: 'bernoulli',
      help: 'hidden prior',
    },
    {
      name: 'visible-type',
      kind: 'enum',
      values: ['bernoulli', 'spin'],
      default: 'bernoulli',
      help: 'visible units 0/1 or ±1',
    },
    {
      name: 'method',
      kind: 'enum',
      values: ['cd', 'pcd', 'tap'],
      default: 'cd',
      help: 'model term: contrastive divergence, persistent CD, or second-order TAP (Bernoulli units)',
    },
    ...GIBBS_STEPS_PARAM,
    { name: 'epochs', kind: 'int', default: 10, min: 1, max: 100_000, help: 'passes over the training data' },
    ...MINIBATCH_PARAMS,
    {
      name: 'lr-decay',
      kind: 'enum',
      values: ['constant', 'linear'],
      default: 'linear',
      help: 'η per epoch: constant, or linear from η to η/epochs',
    },
    { name: 'momentum', kind: 'number', min: 0, max: 0.999, help: 'momentum μ (default 0.5 for 5 epochs, then 0.9)' },
    { name: 'weight-decay', kind: 'number', default: 0, min: 0, max: 1, help: 'L2 weight decay λ on W' },
    {
      name: 'chains',
      kind: 'int',
      min: 1,
      max: 1_000_000,
      help: 'persistent chains (PCD) or TAP particles (default: the batch size)',
    },
    {
      name: 'init',
      kind: 'enum',
      values: ['random', 'hopfield'],
      default: 'random',
      help: "W ~ N(0, 0.01²), or W = ξ/√N storing the first 'hidden' training rows (±1) as patterns",
    },
    {
      name: 'train-size',
      kind: 'int',
      min: 1,
      max: 10_000_000,
      help: 'use only the first N training rows (default: all)',
    },
    {
      name: 'eval-rows',
      kind: 'int',
      default: 1000,
      min: 1,
      max: 10_000_000,
      help: 'rows of the training data for pseudo-likelihood and reconstruction error each epoch',
    },
    {
      name: 'eval-every',
      kind: 'int',
      default: 1,
      min: 1,
      max: 100_000,
      help: 'evaluate every n epochs (and after the last)',
    },
    ...aisParams(1000, 'a quick per-epoch estimate; rbm-eval takes 10000 by default'),
    { name: 'samples', kind: 'int', default: 20, min: 1, max: 1000, help: 'samples drawn for the image grid' },
    {
      name: 'sample-steps',
      kind: 'int',
      default: 1000,
      min: 1,
      max: 10_000_000,
      help: 'Gibbs steps per sample (from a uniformly random start)',
    },
    {
      name: 'save',
      kind: 'path',
      role: 'output-file',
      help: 'write the trained model as JSON (whole or not at all)',
    },
  ],
  tour: { hidden: 16, epochs: 5, 'train-size': 2000, 'eval-rows': 500, samples: 10, 'sample-steps': 500 },
  async run(ctx, v) {
    const visibleType = v['visible-type'];
    const all = await loadRbmData(ctx, v.data, 'data', { split: 'train', visibleType });
    const trainRows = Math.min(all.rows, v['train-size'] ?? all.rows);
    const data = firstRows(all.data, all.visible, trainRows);
    const test = v.data === 'mnist' ? await loadRbmData(ctx, 'mnist', 'data', { split: 'test', visibleType }) : null;
    const hidden = v.hidden;
    const method = v.method;
    const epochs = v.epochs;
    const lr = v.lr;
    const evalEvery = v['eval-every'];
    const evalRows = firstRows(data, all.visible, v['eval-rows']);
    const hiddenType = v['hidden-type'];
    if (method === 'tap' && (visibleType !== 'bernoulli' || hiddenType !== 'bernoulli'))
      throw new UsageError('--method: tap needs --visible-type bernoulli and --hidden-type bernoulli');
    let initial: Rbm | undefined;
    if (v.init === 'hopfield') {
      if (hidden > trainRows)
        throw new UsageError(`--init hopfield: needs ${hidden} training rows (one per hidden unit), got ${trainRows}`);
      const xi = Float32Array.from(data.subarray(0, hidden * all.visible), (x) => (x === 1 ? 1 : -1));
      initial = hopfieldInitialization(xi, {
        count: hidden,
        visibleType,
        hiddenType,
        visibleBias: visibleBiasFromData(data, all.visible, visibleType),
      });
    }
    const aisChains = v['ais-chains'];
    const aisSteps = v['ais-steps'];
    const epochRows: Record<string, unknown>[] = [];
    let lastLogZ: LogZEstimate | null = null;
    const progressTotal = epochs;
    const result = await trainRbm(ctx.backend, data, {
      method,
      k: v.k,
      epochs,
      batchSize: v.batch,
      learningRate: v['lr-decay'] === 'linear' ? (e) => lr * (1 - (e - 1) / epochs) : lr,
      ...(v.momentum === undefined ? {} : { momentum: v.momentum }),
      weightDecay: v['weight-decay'],
      seed: ctx.seedFor(0),
      ...(v.chains === undefined ? {} : { chains: v.chains }),
      ...(initial ? { initial } : { visible: all.visible, hidden, visibleType, hiddenType }),
      onEpoch: async ({ epoch, rbm, seconds }) => {
        const row: Record<string, unknown> = { epoch, seconds };
        if (epoch % evalEvery === 0 || epoch === epochs) {
          const z = await estimateLogZ(ctx.backend, rbm, {
            exactUpTo: EXACT_LIKELIHOOD_UNITS,
            ais: { seed: ctx.seedFor(1, epoch), chains: aisChains, steps: aisSteps, data },
          });
          lastLogZ = z;
          row.logLikelihood = meanLogLikelihood(rbm, data, z.logZ);
          if (z.stderr !== undefined) row.logLikelihoodStderr = z.stderr;
          if (test) row.testLogLikelihood = meanLogLikelihood(rbm, test.data, z.logZ);
          row.pseudoLikelihood = pseudoLikelihood(rbm, evalRows);
          row.reconstructionError = reconstructionError(rbm, evalRows);
        }
        epochRows.push(row);
        ctx.progress(epoch / progressTotal, `epoch ${epoch}`);
      },
    });
    const rbm = result.rbm;
    const z = lastLogZ as LogZEstimate | null;
    if (z === null) throw new Error('internal: no evaluation ran');
    const last = epochRows[epochRows.length - 1]!;
    ctx.progress(1, `${epochs} epochs, ${result.updates} updates, ${result.seconds.toFixed(1)} s training`);
    if (v.save !== undefined) await ctx.writeArtifact(v.save, serializeRbm(rbm));
    const samples = await sampleRbm(ctx.backend, rbm, {
      chains: v.samples,
      steps: v['sample-steps'],
      seed: ctx.seedFor(2),
    });
    const figures: Figure[] = [];
    const evaluated = epochRows.filter((r) => r.logLikelihood !== undefined);
    figures.push(
      seriesFigure({
        name: 'rbm-train-likelihood',
        title: `RBM ${all.visible}×${hidden} (${method.toUpperCase()}${method === 'tap' ? '' : `-${v.k}`}): average log-likelihood`,
        caption: `Average log-likelihood per row, ${z.method === 'exact' ? 'exact (log Z summed over the smaller layer)' : `log Z by forward AIS (${aisChains} runs, ${aisSteps} distributions; a stochastic lower bound, so the likelihood is an estimate from above)`}, on the ${trainRows} training rows${test ? ` and the ${test.rows} held-out test digits` : ''}.`,
        x: { title: 'epoch' },
        y: { title: 'log-likelihood (nats)' },
        series: [
          {
            name: 'train',
            kind: 'simulation',
            points: evaluated.map((r) => ({ x: r.epoch as number, y: r.logLikelihood as number })),
          },
          ...(test
            ? [
                {
                  name: 'test',
                  kind: 'simulation' as const,
                  points: evaluated.map((r) => ({ x: r.epoch as number, y: r.testLogLikelihood as number })),
                },
              ]
            : []),
        ],
      }),
    );
    if (all.side !== undefined) {
      const n = all.visible;
      const show = v.samples;
      const perRow = 10;
      figures.push(
        imageGridFigure({
          name: 'rbm-train-samples',
          title: `RBM samples after ${v['sample-steps']} Gibbs steps`,
          caption: `E[v | h] at the last of ${v['sample-steps']} block-Gibbs steps of ${show} independent chains from uniformly random visible states (${ctx.backend.kind}).`,
          rows: Array.from({ length: Math.ceil(show / perRow) }, (_, r) => ({
            label: `chains ${r * perRow}–${Math.min(show, (r + 1) * perRow) - 1}`,
            images: Array.from({ length: Math.min(perRow, show - r * perRow) }, (_, c) =>
              samples.visibleMean.subarray((r * perRow + c) * n, (r * perRow + c + 1) * n),
            ),
          })),
          width: all.side,
          height: all.side,
          range: visibleType === 'spin' ? [-1, 1] : [0, 1],
          scale: 2,
        }),
        filterFigure(rbm, all.side, 'rbm-train-filters', `RBM filters (${hidden} hidden units)`, 100),
      );
    }
    const final = {
      logLikelihood: last.logLikelihood,
      ...(last.logLikelihoodStderr !== undefined ? { logLikelihoodStderr: last.logLikelihoodStderr } : {}),
      ...(test ? { testLogLikelihood: last.testLogLikelihood } : {}),
      pseudoLikelihood: last.pseudoLikelihood,
      reconstructionError: last.reconstructionError,
      logZ: z.logZ,
      seconds: result.seconds,
      updates: result.updates,
    };
    return {
      json: {
        likelihood: z.method,
        data: all.source,
        trainRows,
        ...(test ? { testRows: test.rows } : {}),
        evalRows: evalRows.length / all.visible,
        visible: all.visible,
        hidden,
        visibleType,
        hiddenType,
        method,
        k: v.k,
        batch: v.batch,
        lr,
        lrDecay: v['lr-decay'],
        weightDecay: v['weight-decay'],
        init: v.init,
        backend: ctx.backend.kind,
        epochs: epochRows,
        final,
        ...(v.save !== undefined ? { saved: v.save } : {}),
      },
      figures,
      summary: [
        `log-likelihood ${(final.logLikelihood as number).toFixed(3)} nats (${z.method}${z.stderr !== undefined ? ` ± ${z.stderr.toFixed(3)}` : ''}) on ${trainRows} training rows${test ? `, ${(final.testLogLikelihood as number).toFixed(3)} on ${test.rows} test digits` : ''}`,
        `pseudo-likelihood ${(final.pseudoLikelihood as number).toFixed(3)}, reconstruction error ${(final.reconstructionError as number).toFixed(4)}, log Z ${z.logZ.toFixed(4)}`,
        ...(v.save !== undefined ? [`model written to ${v.save}`] : []),
      ],
    };
  },
});

async function loadModel(ctx: Parameters<typeof readInputJson>[0], path: string | undefined): Promise<Rbm> {
  const doc = await readInputJson(ctx, 'model', path, 'an RBM model');
  try {
    return rbmFromJson(doc);
  } catch (e) {
    throw new UsageError(`--model: ${(e as Error).message}`);
  }
}

/** `rbm-eval`: log Z and the likelihood of a saved RBM. */
export const rbmEvalExperiment = defineExperiment({
  name: 'rbm-eval',
  summary:
    'Evaluate a saved RBM: exact log Z (when a layer is small enough), forward and reverse AIS, average log-likelihood',
  params: [
    { name: 'model', kind: 'path', help: 'the model JSON (as written by rbm-train --save); required' },
    {
      name: 'data',
      kind: 'string',
      help: "'mnist' or a file of rows for the average log-likelihood (default: mnist for 784-unit models)",
    },
    { name: 'split', kind: 'enum', values: ['test', 'train'], default: 'test', help: 'MNIST split to evaluate on' },
    ...aisParams(
      AIS_DEFAULT_STEPS,
      '10000 brings forward AIS within ≈ 0.2 nats of exact on trained 784 × 20 MNIST RBMs, ≈ 35 s per direction with 100 chains on one core',
    ),
    {
      name: 'burn-in',
      kind: 'int',
      default: 1000,
      min: 0,
      max: 10_000_000,
      help: 'Gibbs steps of the chains reverse AIS starts from when no layer has ≤ 24 units (then exact samples cannot be drawn and the reverse estimate is not a bound)',
    },
  ],
  async run(ctx, v) {
    const rbm = await loadModel(ctx, v.model);
    const spec = v.data ?? (rbm.visible === 784 ? 'mnist' : undefined);
    let data: RbmData | null = null;
    if (spec !== undefined) {
      data = await loadRbmData(ctx, spec, 'data', { split: v.split, visibleType: rbm.visibleType });
      if (data.visible !== rbm.visible)
        throw new UsageError(`--data: rows have ${data.visible} units, the model has ${rbm.visible} visible units`);
    }
    const progressTotal = 2;
    const layer =
      exactLayer(rbm, EXACT_LIKELIHOOD_UNITS) ??
      (Math.min(rbm.visible, rbm.hiddenType === 'bernoulli' ? rbm.hidden : Number.POSITIVE_INFINITY) <= 24
        ? 'auto'
        : null);
    const exact = layer === null ? null : logPartitionExact(rbm, layer === 'auto' ? {} : { over: layer });
    ctx.progress(1 / progressTotal, 'log Z');
    const started = performance.now();
    const ais = await annealedImportanceSampling(ctx.backend, rbm, {
      chains: v['ais-chains'],
      steps: v['ais-steps'],
      seed: ctx.seedFor(0),
      burnIn: v['burn-in'],
      ...(data ? { data: data.data } : {}),
    });
    const aisSeconds = (performance.now() - started) / 1000;
    ctx.progress(1, 'done');
    const logZ = exact ? exact.logZ : ais.forward.logZ;
    const avg = data ? meanLogLikelihood(rbm, data.data, logZ) : null;
    const rev = ais.reverse!;
    const { bracket } = ais;
    const inBracket = exact
      ? exact.logZ >= bracket.lower && (bracket.upper === null || exact.logZ <= bracket.upper)
      : null;
    const f4 = (x: number) => x.toFixed(4);
    return {
      json: {
        logZ,
        ...(exact ? { logZExact: exact.logZ, exactOver: exact.over } : {}),
        logZAis: ais.forward.logZ,
        logZAisStderr: ais.forward.stderr,
        logZAisReverse: rev.logZ,
        logZAisReverseStderr: rev.stderr,
        logZAisReverseIsBound: rev.isBound,
        aisReverseStart: rev.start,
        ...(rev.burnIn !== undefined ? { aisReverseBurnIn: rev.burnIn } : {}),
        logZBracket: bracket,
        ...(inBracket !== null ? { logZExactInBracket: inBracket } : {}),
        aisChains: ais.chains,
        aisSteps: ais.steps,
        aisEffectiveSampleSize: ais.forward.effectiveSampleSize,
        aisReverseEffectiveSampleSize: rev.effectiveSampleSize,
        aisWarnings: ais.warnings,
        aisSeconds,
        logZBase: ais.logZBase,
        avgLogLikelihood: avg,
        ...(avg !== null && !exact ? { avgLogLikelihoodReverse: avg + logZ - rev.logZ } : {}),
        data: data ? data.source : null,
        visible: rbm.visible,
        hidden: rbm.hidden,
        visibleType: rbm.visibleType,
        hiddenType: rbm.hiddenType,
      },
      figures: [],
      summary: [
        `log Z = ${f4(logZ)} (${exact ? `exact over the ${exact.over} layer` : 'forward AIS'})`,
        `AIS (${ais.chains} runs × ${ais.steps} distributions each way, ${aisSeconds.toFixed(1)} s): forward ${f4(ais.forward.logZ)} ± ${f4(ais.forward.stderr)} (a stochastic lower bound), reverse ${f4(rev.logZ)} ± ${f4(rev.stderr)} (${rev.isBound ? 'a stochastic upper bound: its runs started from exact samples' : `not a bound: its runs started from ${rev.start === 'gibbs' ? `Gibbs chains after ${rev.burnIn} steps` : 'the given states'}`})`,
        `log Z ∈ [${f4(bracket.lower)}, ${bracket.upper === null ? '—' : f4(bracket.upper)}] (each estimate ∓ ${bracket.sigmas}σ)${inBracket === null ? '' : inBracket ? ', the exact value inside' : ', the exact value OUTSIDE: use more --ais-steps'}`,
        ...ais.warnings.map((w) => `warning: ${w}`),
        ...(avg !== null ? [`average log-likelihood ${avg.toFixed(3)} nats on ${data!.source}`] : []),
      ],
    };
  },
});

/** `rbm-classify`: an RBM with label units classifying MNIST. */
export const rbmClassifyExperiment = defineExperiment({
  name: 'rbm-classify',
  summary:
    'An RBM with one-hot label units trained on MNIST digits and their classes; test accuracy from the exact p(y | x)',
  params: [
    { name: 'hidden', kind: 'int', default: 200, min: 1, max: 100_000, help: 'hidden units' },
    {
      name: 'method',
      kind: 'enum',
      values: ['cd', 'pcd'],
      default: 'cd',
      help: 'contrastive divergence or persistent CD',
    },
    ...GIBBS_STEPS_PARAM,
    { name: 'epochs', kind: 'int', default: 10, min: 1, max: 100_000, help: 'passes over the training digits' },
    ...MINIBATCH_PARAMS,
    { name: 'weight-decay', kind: 'number', default: 0.0001, min: 0, max: 1, help: 'L2 weight decay λ on W' },
    {
      name: 'train-size',
      kind: 'int',
      min: 10,
      max: 10_000_000,
      help: 'use only the first N training digits (default: all)',
    },
  ],
  async run(ctx, v) {
    const train = await loadRbmData(ctx, 'mnist', 'data', { split: 'train', visibleType: 'bernoulli' });
    const test = await loadRbmData(ctx, 'mnist', 'data', { split: 'test', visibleType: 'bernoulli' });
    const rows = Math.min(train.rows, v['train-size'] ?? train.rows);
    const x = firstRows(train.data, train.visible, rows);
    const labels = train.labels!.subarray(0, rows);
    const joint = appendOneHot(x, labels, 10);
    const epochs = v.epochs;
    const curve: { epoch: number; trainAccuracy: number; testAccuracy: number; seconds: number }[] = [];
    const accuracy = (rbm: Rbm, d: Float32Array, l: Uint8Array) => {
      const pred = classifyRows(rbm, d, 10);
      let ok = 0;
      for (let r = 0; r < l.length; r++) if (pred[r] === l[r]) ok++;
      return { value: ok / l.length, pred };
    };
    const trainEvalRows = Math.min(rows, 2000);
    const progressTotal = epochs;
    let finalRbm: Rbm | null = null;
    const result = await trainRbm(ctx.backend, joint, {
      method: v.method,
      k: v.k,
      epochs,
      batchSize: v.batch,
      learningRate: v.lr,
      weightDecay: v['weight-decay'],
      seed: ctx.seedFor(0),
      visible: train.visible + 10,
      hidden: v.hidden,
      onEpoch: ({ epoch, rbm, seconds }) => {
        const te = accuracy(rbm, test.data, test.labels!).value;
        const tr = accuracy(rbm, x.subarray(0, trainEvalRows * train.visible), labels.subarray(0, trainEvalRows)).value;
        curve.push({ epoch, trainAccuracy: tr, testAccuracy: te, seconds });
        finalRbm = rbm;
        ctx.progress(epoch / progressTotal, `epoch ${epoch}`);
      },
    });
    const rbm = finalRbm ?? result.rbm;
    const { value: testAccuracy, pred } = accuracy(rbm, test.data, test.labels!);
    ctx.progress(1, `test accuracy ${(100 * testAccuracy).toFixed(2)}%`);
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    for (let r = 0; r < test.rows; r++) confusion[test.labels![r]!]![pred[r]!]!++;
    return {
      json: {
        testAccuracy,
        trainAccuracy: curve[curve.length - 1]!.trainAccuracy,
        trainAccuracyRows: trainEvalRows,
        trainRows: rows,
        testRows: test.rows,
        hidden: v.hidden,
        method: v.method,
        k: v.k,
        labelUnits: 'one-hot Bernoulli (10 visible units); p(y|x) exact, ∝ e^{−F(x, e_y)}',
        epochs: curve,
        confusion,
        seconds: result.seconds,
      },
      figures: [
        seriesFigure({
          name: 'rbm-classify-accuracy',
          title: `Classification RBM (${train.visible}+10 visible, ${v.hidden} hidden): accuracy`,
          caption: `Accuracy of argmax_y p(y | x), p(y | x) ∝ e^{−F(x, e_y)} computed exactly, on the ${test.rows} held-out test digits and the first ${trainEvalRows} training digits, after each epoch of generative ${String(v.method).toUpperCase()}-${v.k} training on (digit, one-hot class).`,
          x: { title: 'epoch' },
          y: { title: 'accuracy' },
          series: [
            { name: 'train', kind: 'simulation', points: curve.map((c) => ({ x: c.epoch, y: c.trainAccuracy })) },
            { name: 'test', kind: 'simulation', points: curve.map((c) => ({ x: c.epoch, y: c.testAccuracy })) },
          ],
        }),
      ],
      summary: [
        `test accuracy ${(100 * testAccuracy).toFixed(2)}% on ${test.rows} digits (${rows} training digits, ${epochs} epochs)`,
      ],
    };
  },
});
