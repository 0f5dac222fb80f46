/**
 * `mlp-train`: a multilayer perceptron trained by minibatch cross-entropy on MNIST digits or
 * Fashion-MNIST, with the per-epoch train/test loss and test accuracy, the learning curve and
 * the confusion matrix; `--save` writes the weights as JSON.
 * @module
 */
import type { RunContext } from '@replica/lab-kit';
import { defineExperiment, heatmapFigure, seriesFigure, UsageError } from '@replica/lab-kit';
import type { Initializer } from '../index';
import { ACTIVATIONS, Adam, fit, INITIALIZERS, mlp, Sgd } from '../index';

/** The datasets `--data` takes. */
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
  readonly labels: Uint8Array;
  readonly count: number;
}

async function loadData(which: (typeof MLP_DATA)[number]): Promise<{ train: Split; test: Split; source: string }> {
  const ds = await loadDatasets();
  if (which === 'mnist') {
    const tr = ds.mnistSplit('train');
    const te = ds.mnistSplit('test');
    return {
      train: { x: tr.images, labels: tr.labels, count: tr.count },
      test: { x: te.images, labels: te.labels, count: te.count },
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
    source: `fashion-mnist (${tr.count} train, ${te.count} test images), pixels in [0, 1]`,
  };
}

/** `mlp-train`: an MLP on MNIST or Fashion-MNIST, learning curve and confusion matrix. */
export const mlpTrainExperiment = defineExperiment({
  name: 'mlp-train',
  summary:
    'Train a multilayer perceptron (cross-entropy, Adam/AdamW/SGD) on Fashion-MNIST or MNIST digits: loss and accuracy per epoch, the confusion matrix',
  params: [
    { name: 'data', kind: 'enum', values: MLP_DATA, default: 'fashion-mnist', help: 'the images to classify' },
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
      help: 'write the trained weights as JSON (whole or not at all)',
    },
  ],
  tour: { data: 'mnist', hidden: [64], epochs: 2, 'train-size': 2000 },
  async run(ctx: RunContext, v) {
    const data = await loadData(v.data);
    const features = 784;
    const classes = 10;
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
      if (v.save !== undefined) {
        const state = {
          format: 'replica-nn-state/1',
          sizes,
          activation: v.activation,
          parameters: Object.fromEntries(
            await Promise.all(
              params.map(
                async (p) => [p.name, { shape: p.value.shape, data: Array.from(await p.value.read()) }] as const,
              ),
            ),
          ),
        };
        await ctx.writeArtifact(v.save, `${JSON.stringify(state)}\n`);
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
