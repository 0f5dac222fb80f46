/**
 * `mlp-train`: a multilayer perceptron trained by minibatch cross-entropy on MNIST digits,
 * Fashion-MNIST or rows from a `.npy` file with their labels, with the per-epoch train/test
 * loss and test accuracy, the learning curve and the confusion matrix; `--save` writes the
 * trained state as JSON, `--save-npy` as one `.npy` per tensor.
 * @module
 */
import type { RunContext } from '@replica/lab-kit';
import { defineExperiment, heatmapFigure, readInputBytes, seriesFigure, UsageError } from '@replica/lab-kit';
import type { Initializer } from '../index';
import { ACTIVATIONS, Adam, exportState, fit, INITIALIZERS, mlp, permutation, Sgd, stateToJson } from '../index';

/** The named datasets `--data` takes (besides a `.npy` file). */
export const MLP_DATA = ['fashion-mnist', 'mnist'] as const;

async function loadDatasets(): Promise<typeof import('@replica/datasets')> {
  // a computed specifier: bundlers leave the Node-only datasets package out of browser builds
  const specifier = '@replica/datasets';
  try {
    return (await import(/* @vite-ignore */ specifier)) as typeof import('@replica/datasets');
  } catch (e) {
    throw new UsageError(
      `--data: MNIST and Fashion-MNIST need the optional package @replica/datasets (npm install @replica/datasets): ${(e as Error).message}`,
    );
  }
}

interface Split {
  readonly x: Float32Array;
  readonly labels: Uint8Array | Int32Array;
  readonly count: number;
}

interface Data {
  readonly train: Split;
  readonly test: Split;
  readonly features: number;
  readonly classes: number;
  readonly source: string;
}

type Ds = typeof import('@replica/datasets');

/** Rows of a `.npy` file: [N, …] numbers, each row flattened, times `scale`. */
async function npyRows(
  ctx: RunContext,
  ds: Ds,
  flag: string,
  name: string,
  scale: number,
): Promise<{ x: Float32Array; rows: number; features: number }> {
  const a = readNpyFlag(ds, flag, name, await readInputBytes(ctx, flag, name, 'a .npy array of rows'));
  if (a.shape.length < 2)
    throw new UsageError(`--${flag}: '${name}' must be [rows, features…], got shape [${a.shape.join(', ')}]`);
  const rows = a.shape[0]!;
  const features = a.data.length / Math.max(rows, 1);
  const x = new Float32Array(a.data.length);
  for (let i = 0; i < x.length; i++) {
    const v = Number(a.data[i]) * scale;
    if (!Number.isFinite(v)) throw new UsageError(`--${flag}: '${name}' holds a non-finite value at index ${i}`);
    x[i] = v;
  }
  return { x, rows, features };
}

/** Class labels of a `.npy` file: [N] or [N, 1] integers (any numeric dtype) ≥ 0. */
async function npyLabels(ctx: RunContext, ds: Ds, flag: string, name: string, rows: number): Promise<Int32Array> {
  const a = readNpyFlag(ds, flag, name, await readInputBytes(ctx, flag, name, 'a .npy array of class labels'));
  if (!(a.shape.length === 1 || (a.shape.length === 2 && a.shape[1] === 1)) || a.shape[0] !== rows)
    throw new UsageError(
      `--${flag}: '${name}' must hold ${rows} labels, shape [${rows}] or [${rows}, 1], got [${a.shape.join(', ')}]`,
    );
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = Number(a.data[i]);
    if (!Number.isInteger(v) || v < 0 || v > 1_000_000)
      throw new UsageError(`--${flag}: '${name}'[${i}] = ${v} is not a class label (an integer from 0)`);
    y[i] = v;
  }
  return y;
}

function readNpyFlag(ds: Ds, flag: string, name: string, bytes: Uint8Array): ReturnType<Ds['readNpy']> {
  try {
    return ds.readNpy(bytes, name);
  } catch (e) {
    throw new UsageError(`--${flag}: ${(e as Error).message}`);
  }
}

interface DataFlags {
  readonly data: string;
  readonly labels: string | undefined;
  readonly 'test-data': string | undefined;
  readonly 'test-labels': string | undefined;
  readonly 'test-fraction': number;
  readonly 'input-scale': number;
}

async function loadData(ctx: RunContext, v: DataFlags): Promise<Data> {
  if ((MLP_DATA as readonly string[]).includes(v.data)) {
    for (const f of ['labels', 'test-data', 'test-labels'] as const)
      if (v[f] !== undefined) throw new UsageError(`--${f}: only with --data FILE.npy (not with --data ${v.data})`);
    const named = await loadNamed(v.data as (typeof MLP_DATA)[number]);
    if (v['input-scale'] === 1) return named;
    const scale = (s: Split): Split => ({ ...s, x: s.x.map((p) => p * v['input-scale']) });
    return {
      ...named,
      train: scale(named.train),
      test: scale(named.test),
      source: `${named.source}, times ${v['input-scale']}`,
    };
  }
  if (!v.data.endsWith('.npy'))
    throw new UsageError(`--data: expected ${MLP_DATA.join(', ')} or a .npy file of rows, got '${v.data}'`);
  if (v.labels === undefined)
    throw new UsageError('--labels: required with --data FILE.npy (a .npy of class labels, one per row)');
  if ((v['test-data'] === undefined) !== (v['test-labels'] === undefined))
    throw new UsageError('--test-data and --test-labels: give both or neither');
  const ds = await loadDatasets();
  const tr = await npyRows(ctx, ds, 'data', v.data, v['input-scale']);
  const trY = await npyLabels(ctx, ds, 'labels', v.labels, tr.rows);
  let train: Split;
  let test: Split;
  let how: string;
  if (v['test-data'] !== undefined) {
    const te = await npyRows(ctx, ds, 'test-data', v['test-data'], v['input-scale']);
    if (te.features !== tr.features)
      throw new UsageError(`--test-data: rows of ${te.features} values, the training rows have ${tr.features}`);
    train = { x: tr.x, labels: trY, count: tr.rows };
    test = { x: te.x, labels: await npyLabels(ctx, ds, 'test-labels', v['test-labels']!, te.rows), count: te.rows };
    how = `test rows from ${v['test-data']}`;
  } else {
    // a seeded split: files are often sorted by class
    const nTest = Math.round(v['test-fraction'] * tr.rows);
    if (nTest < 1 || nTest >= tr.rows)
      throw new UsageError(
        `--test-fraction: ${v['test-fraction']} of ${tr.rows} rows leaves no test or no training rows`,
      );
    const perm = permutation(tr.rows, ctx.seedFor(2), 0);
    const take = (from: number, to: number): Split => {
      const n = to - from;
      const x = new Float32Array(n * tr.features);
      const labels = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const r = perm[from + i]!;
        x.set(tr.x.subarray(r * tr.features, (r + 1) * tr.features), i * tr.features);
        labels[i] = trY[r]!;
      }
      return { x, labels, count: n };
    };
    test = take(0, nTest);
    train = take(nTest, tr.rows);
    how = `a seeded ${nTest}-row test split`;
  }
  let classes = 0;
  for (const s of [train, test]) for (const y of s.labels) classes = Math.max(classes, y + 1);
  if (classes < 2) throw new UsageError(`--labels: the labels name ${classes} class; at least two are needed`);
  return {
    train,
    test,
    features: tr.features,
    classes,
    source: `${v.data} (${train.count} train, ${test.count} test rows of ${tr.features} values, ${classes} classes; ${how}${v['input-scale'] === 1 ? '' : `; values times ${v['input-scale']}`})`,
  };
}

async function loadNamed(which: (typeof MLP_DATA)[number]): Promise<Data> {
  const ds = await loadDatasets();
  if (which === 'mnist') {
    const tr = ds.mnistSplit('train');
    const te = ds.mnistSplit('test');
    return {
      train: { x: tr.images, labels: tr.labels, count: tr.count },
      test: { x: te.images, labels: te.labels, count: te.count },
      features: 784,
      classes: 10,
      source: `mnist (the 10k digits of the mnist package: ${tr.count} train, ${te.count} test), pixels in [0, 1]`,
    };
  }
  let tr: ReturnType<typeof ds.fashionMnist>;
  let te: ReturnType<typeof ds.fashionMnist>;
  try {
    tr = ds.fashionMnist('train');
    te = ds.fashionMnist('test');
  } catch (e) {
    throw new UsageError(`--data: ${(e as Error).message}`);
  }
  return {
    train: { x: tr.images, labels: tr.labels, count: tr.count },
    test: { x: te.images, labels: te.labels, count: te.count },
    features: 784,
    classes: 10,
    source: `fashion-mnist (${tr.count} train, ${te.count} test images), pixels in [0, 1]`,
  };
}

/** `mlp-train`: an MLP on MNIST or Fashion-MNIST, learning curve and confusion matrix. */
export const mlpTrainExperiment = defineExperiment({
  name: 'mlp-train',
  summary:
    'Train a multilayer perceptron (cross-entropy, Adam/AdamW/SGD) on Fashion-MNIST, MNIST digits or a .npy file: loss and accuracy per epoch, the confusion matrix',
  params: [
    {
      name: 'data',
      kind: 'string',
      default: 'fashion-mnist',
      help: `${MLP_DATA.join(', ')} (pixels in [0, 1]), or FILE.npy of rows [N, features…] (any numeric dtype, used as stored times --input-scale) with --labels`,
    },
    { name: 'labels', kind: 'path', help: 'with --data FILE.npy: a .npy of N integer class labels from 0' },
    {
      name: 'test-data',
      kind: 'path',
      help: 'with --data FILE.npy: test rows (.npy); else a seeded --test-fraction split',
    },
    { name: 'test-labels', kind: 'path', help: 'the labels of --test-data (.npy)' },
    {
      name: 'test-fraction',
      kind: 'number',
      default: 0.2,
      min: 0,
      max: 1,
      help: 'with --data FILE.npy and no --test-data: the fraction of rows held out for testing',
    },
    { name: 'input-scale', kind: 'number', default: 1, min: 0, max: 1e9, help: 'multiply every input value by this' },
    { name: 'hidden', kind: 'int-list', default: [256], min: 1, max: 100_000, help: 'hidden layer widths' },
    { name: 'activation', kind: 'enum', values: ACTIVATIONS, default: 'relu', help: 'hidden activation' },
    {
      name: 'init',
      kind: 'enum',
      values: INITIALIZERS,
      default: 'kaiming-uniform',
      help: 'weight initializer (biases start at 0)',
    },
    {
      name: 'optimizer',
      kind: 'enum',
      values: ['adam', 'adamw', 'sgd'],
      default: 'adam',
      help: 'optimizer (PyTorch rules)',
    },
    { name: 'lr', kind: 'number', default: 0.001, min: 0, max: 100, help: 'learning rate η' },
    { name: 'momentum', kind: 'number', default: 0.9, min: 0, max: 0.999, help: 'SGD momentum μ' },
    { name: 'weight-decay', kind: 'number', default: 0, min: 0, max: 100, help: 'weight decay λ (AdamW: decoupled)' },
    { name: 'batch', kind: 'int', default: 128, min: 1, max: 1_000_000, help: 'minibatch size' },
    { name: 'epochs', kind: 'int', default: 5, min: 1, max: 10_000, help: 'passes over the training set' },
    {
      name: 'train-size',
      kind: 'int',
      default: 0,
      min: 0,
      max: 10_000_000,
      help: 'training rows used (0: all), the first ones',
    },
    {
      name: 'save',
      kind: 'path',
      role: 'output-file',
      help: 'write the trained state as JSON (replica-nn-state/1; whole or not at all)',
    },
    {
      name: 'save-npy',
      kind: 'path',
      role: 'output-dir',
      help: 'write the trained state as one NAME.npy per tensor and a state.json manifest into this folder (all or none)',
    },
  ],
  tour: { data: 'mnist', hidden: [64], epochs: 2, 'train-size': 2000 },
  async run(ctx: RunContext, v) {
    const data = await loadData(ctx, v);
    const { features, classes } = data;
    const trainRows = v['train-size'] === 0 ? data.train.count : Math.min(v['train-size'], data.train.count);
    const train = {
      x: data.train.x.subarray(0, trainRows * features),
      labels: data.train.labels.subarray(0, trainRows),
    };
    const sizes = [features, ...v.hidden, classes];
    const be = ctx.backend;
    const net = mlp(be, { sizes, activation: v.activation, init: v.init as Initializer, seed: ctx.seedFor(0) });
    const params = net.parameters();
    const opt =
      v.optimizer === 'sgd'
        ? new Sgd(params, { lr: v.lr, momentum: v.momentum, weightDecay: v['weight-decay'] })
        : new Adam(params, { lr: v.lr, weightDecay: v['weight-decay'], decoupled: v.optimizer === 'adamw' });
    try {
      const started = performance.now();
      const result = await fit(be, {
        model: net,
        optimizer: opt,
        train,
        test: { x: data.test.x, labels: data.test.labels },
        features,
        classes,
        epochs: v.epochs,
        batchSize: v.batch,
        seed: ctx.seedFor(1),
        progress: (f, m) => ctx.progress(f, m),
      });
      const totalSeconds = (performance.now() - started) / 1000;
      // fit evaluated the test set after the last epoch: its confusion matrix is the final one
      const ev = result.test!;
      const last = result.epochs.at(-1)!;
      const meta = { sizes, activation: v.activation, data: data.source };
      if (v.save !== undefined) await ctx.writeArtifact(v.save, await stateToJson(net, meta));
      if (v['save-npy'] !== undefined) {
        const ds = await loadDatasets();
        const state = await exportState(net);
        await ctx.writeArtifactSet(v['save-npy'], [
          ...state.map((t) => ({ name: `${t.name}.npy`, data: ds.writeNpy(t.data, t.shape) })),
          {
            name: 'state.json',
            data: `${JSON.stringify({ format: 'replica-nn-state-npy/1', ...meta, tensors: state.map((t) => ({ name: t.name, file: `${t.name}.npy`, shape: t.shape })) })}\n`,
          },
        ]);
      }
      const epochs = result.epochs.map((e) => ({
        epoch: e.epoch,
        trainLoss: e.trainLoss,
        testLoss: e.testLoss,
        testAccuracy: e.testAccuracy,
        seconds: e.seconds,
      }));
      const stepsPerEpoch = Math.ceil(trainRows / v.batch);
      const trainSeconds = result.epochs.reduce((a, e) => a + e.seconds, 0);
      return {
        json: {
          data: data.source,
          sizes,
          activation: v.activation,
          optimizer: v.optimizer,
          lr: v.lr,
          batch: v.batch,
          trainRows,
          testRows: data.test.count,
          epochs,
          final: {
            epoch: last.epoch,
            trainLoss: last.trainLoss,
            testLoss: ev.loss,
            testAccuracy: ev.accuracy,
            seconds: totalSeconds,
            stepsPerSecond: (stepsPerEpoch * result.epochs.length) / trainSeconds,
            confusion: Array.from({ length: classes }, (_, t) =>
              Array.from(ev.confusion.subarray(t * classes, (t + 1) * classes)),
            ),
          },
        },
        figures: [
          seriesFigure({
            name: 'mlp-train-loss',
            title: `MLP ${sizes.join('-')} (${v.activation}), ${v.optimizer} η = ${v.lr}, batch ${v.batch}`,
            caption: `Cross-entropy per epoch on ${data.source}: training (mean minibatch loss during the epoch) and test (after the epoch), on ${be.kind}.`,
            x: { title: 'epoch' },
            y: { title: 'cross-entropy', unit: 'nats' },
            series: [
              {
                name: 'train',
                kind: 'simulation',
                mark: 'line',
                points: epochs.map((e) => ({ x: e.epoch, y: e.trainLoss })),
              },
              {
                name: 'test',
                kind: 'simulation',
                mark: 'line',
                points: epochs.map((e) => ({ x: e.epoch, y: e.testLoss! })),
              },
            ],
          }),
          seriesFigure({
            name: 'mlp-train-accuracy',
            title: 'Test accuracy per epoch',
            caption: `Fraction of the ${data.test.count} test images classified correctly after each epoch.`,
            x: { title: 'epoch' },
            y: { title: 'test accuracy' },
            series: [
              {
                name: 'test accuracy',
                kind: 'simulation',
                mark: 'line',
                points: epochs.map((e) => ({ x: e.epoch, y: e.testAccuracy! })),
              },
            ],
          }),
          heatmapFigure({
            name: 'mlp-train-confusion',
            title: 'Confusion matrix (test set)',
            caption:
              'Fraction of the test images of each true class (y) given each predicted class (x); the diagonal is the per-class accuracy.',
            x: { title: 'predicted class' },
            y: { title: 'true class' },
            value: { title: 'fraction of the class', domain: [0, 1] },
            cells: Array.from({ length: classes * classes }, (_, k) => {
              const t = Math.floor(k / classes);
              const rowTotal = ev.confusion.subarray(t * classes, (t + 1) * classes).reduce((a, b) => a + b, 0);
              return { x: k % classes, y: t, value: rowTotal === 0 ? 0 : ev.confusion[k]! / rowTotal };
            }),
          }),
        ],
        summary: [
          `MLP ${sizes.join('-')} (${v.activation}), ${v.optimizer} η = ${v.lr}, batch ${v.batch}, ${result.epochs.length} epochs on ${trainRows} rows of ${data.source}`,
          ...epochs.map(
            (e) =>
              `epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(4)}, test loss ${e.testLoss!.toFixed(4)}, test accuracy ${e.testAccuracy!.toFixed(4)} (${e.seconds.toFixed(1)} s)`,
          ),
        ],
      };
    } finally {
      opt.dispose();
      for (const p of params) p.dispose();
    }
  },
});
