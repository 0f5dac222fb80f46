/**
 * Entropy-SGD (the thesis's Algorithm 2): gradient descent on the local free entropy
 * F(w, γ) = −log ∫dw′ exp(−L(w′) − (γ/2)‖w − w′‖²), whose gradient is ∇F = γ(w − ⟨w′⟩), with
 * ⟨w′⟩ estimated by L steps of stochastic gradient Langevin dynamics (an inner loop) and an
 * exponential running average μ:
 *
 *   w′, μ ← w;  L times: dw′ = ∇L(w′; Ξ) + γ(w′ − w),  w′ ← w′ − η′dw′ + √η′ ε ξ,  μ ← αμ + (1 − α)w′;
 *   then the outer optimizer steps w with the gradient γ(w − μ).
 *
 * That is the paper's rule (`convention: 'paper'`, the default). Chaudhari et al.'s code differs
 * (`convention: 'code'`): its outer gradient is w − μ, without γ (the thesis's Algorithm 2 follows
 * it: w ← w − η(w − μ)), and its Langevin noise enters the gradient as (ε/√(η′/2))ξ, so the step
 * carries ε√(2η′)ξ instead of √η′ εξ; it also runs momentum inside the Langevin loop, which is
 * left out here. The thesis's eq. 2.10 has a sign slip: ∇F = +γ(w − ⟨w′⟩), as its Algorithm 2 uses.
 * @module
 */
import type { LabelledRows, Module, Optimizer } from '@replica/nn';
import { copyKernel, crossEntropyWithLogits, evaluateClassifier, permutation, Tape } from '@replica/nn';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { axpy, checkInteger, checkNumber, checkOneOf, normal, runKernel } from '@replica/webgpu-kernels';
import { langevinStepKernel, scaledDifferenceKernel } from './kernels';
import type { GammaSchedule, ReplicaEvaluation } from './training';
import { checkRows, gammaScheduler, gatherRows } from './training';

/** Whose form of the update: the paper's (default) or Chaudhari et al.'s code (see the module docs). */
export const ENTROPY_SGD_CONVENTIONS = ['paper', 'code'] as const;

/** The inner loop of {@link entropySgdFit}. */
export interface LangevinOptions {
  /** L, Langevin steps per outer step (each one minibatch gradient); 0 makes Entropy-SGD the plain outer optimizer. */
  readonly steps: number;
  /** η′ > 0. */
  readonly lr: number;
  /** ε ≥ 0, the thermal noise (default 1e-4, the paper's). */
  readonly noise?: number;
  /** α ∈ [0, 1): μ ← αμ + (1 − α)w′ (default 0.75, the paper's). */
  readonly alpha?: number;
  /** λ ≥ 0 added to the inner gradient as λw′ (default 0). */
  readonly weightDecay?: number;
}

/** One epoch (a pass of minibatch gradients over the training rows) of {@link entropySgdFit}. */
export interface EntropySgdEpochReport {
  readonly epoch: number;
  /** γ at the epoch's last outer step. */
  readonly gamma: number;
  /** The mean minibatch loss of the epoch's gradient evaluations (at w′ in the inner loop). */
  readonly trainLoss: number;
  /** Outer steps taken so far. */
  readonly outerSteps: number;
  /** w on the test rows (null without them). */
  readonly test: ReplicaEvaluation | null;
  readonly seconds: number;
}

/**
 * Options of {@link entropySgdFit}. The Langevin noise of gradient evaluation t (from 1) and
 * parameter tensor k is Philox normal with key `seed` and counter (t, k, 0xe5).
 */
export interface EntropySgdOptions {
  readonly model: Module;
  /** The outer optimizer over `model.parameters()` (the paper: SGD with Nesterov momentum). */
  readonly optimizer: Optimizer;
  readonly langevin: LangevinOptions;
  /** γ, scoped per outer step t: γ_t = min(γ₀(1 + γ₁)ᵗ, γ_max). */
  readonly coupling: GammaSchedule;
  /** Default `paper`. */
  readonly convention?: (typeof ENTROPY_SGD_CONVENTIONS)[number];
  readonly train: LabelledRows;
  readonly test?: LabelledRows;
  readonly features: number;
  readonly classes: number;
  /** Passes over the training rows: epochs × ⌈rows/batch⌉ minibatch gradients in all. */
  readonly epochs: number;
  readonly batchSize: number;
  /** Epoch e's minibatch order is `permutation(rows, seed, e)` (as `fit`'s); the Langevin noise is keyed by the seed too. */
  readonly seed: number | bigint;
  /** Called after every epoch; return `false` to stop. */
  readonly onEpoch?: (report: EntropySgdEpochReport) => boolean | undefined | Promise<boolean | undefined>;
  /** Called after every minibatch with the fraction of all training done. */
  readonly progress?: (fraction: number, message: string) => void;
}

/** What {@link entropySgdFit} returns. */
export interface EntropySgdResult {
  readonly epochs: readonly EntropySgdEpochReport[];
  readonly stopped: 'epochs' | 'callback';
  readonly outerSteps: number;
  readonly gradientEvaluations: number;
}

/**
 * Trains a classifier by Entropy-SGD (see the module docs). The minibatches form one stream over
 * the epochs (an outer step may straddle two); each gradient evaluation is one inner step. With
 * `langevin.steps = 0` every minibatch gradient goes straight to the outer optimizer: plain
 * training, as `fit` with the same seed, bit for bit on the CPU. The model's weights hold w′
 * during the inner loop and w after every outer step (and at the end).
 * @param backend - where the model lives
 * @throws RangeError/TypeError on malformed data or options
 * @see P. Chaudhari, A. Choromanska, S. Soatto, Y. LeCun, C. Baldassi, C. Borgs, J. Chayes, L. Sagun, R. Zecchina, Entropy-SGD: biasing gradient descent into wide valleys, ICLR 2017
 */
export async function entropySgdFit(backend: Backend, o: EntropySgdOptions): Promise<EntropySgdResult> {
  const features = checkInteger(o.features, 'options.features', { min: 1 });
  const classes = checkInteger(o.classes, 'options.classes', { min: 2 });
  const epochs = checkInteger(o.epochs, 'options.epochs', { min: 1 });
  const bs = checkInteger(o.batchSize, 'options.batchSize', { min: 1 });
  const rows = checkRows(o.train, features, classes, 'options.train');
  if (o.test) checkRows(o.test, features, classes, 'options.test');
  const L = checkInteger(o.langevin.steps, 'options.langevin.steps', { min: 0 });
  const lr = checkNumber(o.langevin.lr, 'options.langevin.lr', { min: 0, minExclusive: true });
  const eps = checkNumber(o.langevin.noise ?? 1e-4, 'options.langevin.noise', { min: 0 });
  const alpha = checkNumber(o.langevin.alpha ?? 0.75, 'options.langevin.alpha', { min: 0, max: 1, maxExclusive: true });
  const wd = checkNumber(o.langevin.weightDecay ?? 0, 'options.langevin.weightDecay', { min: 0 });
  const convention = checkOneOf(o.convention ?? 'paper', 'options.convention', ENTROPY_SGD_CONVENTIONS);
  const gammaAt = gammaScheduler(o.coupling, 'options.coupling');
  const noiseScale = convention === 'paper' ? Math.sqrt(lr) * eps : eps * Math.sqrt(2 * lr);
  const params = o.model.parameters();
  const zeros = () => params.map((p) => backend.zeros(p.value.shape) as Tensor<'float32'>);
  // w (the anchor), μ and the noise, one per parameter tensor (not needed when L = 0)
  const anchor = L > 0 ? zeros() : [];
  const average = L > 0 ? zeros() : [];
  const noise = L > 0 ? zeros() : [];
  const steps = Math.ceil(rows / bs);
  const buffers = new Map<number, { x: Float32Array; labels: number[] }>();
  const reports: EntropySgdEpochReport[] = [];
  let outer = 0;
  let inner = 0; // inner steps of the current outer step
  let evaluations = 0;
  let gamma = gammaAt(0);
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      o.model.setTraining?.(true);
      const order = permutation(rows, o.seed, epoch);
      const started = performance.now();
      const lossSum = backend.zeros([]) as Tensor<'float32'>;
      for (let s = 0; s < steps; s++) {
        const start = s * bs;
        const n = Math.min(bs, rows - start);
        let buf = buffers.get(n);
        if (!buf) {
          buf = { x: new Float32Array(n * features), labels: new Array<number>(n) };
          buffers.set(n, buf);
        }
        gatherRows(o.train, features, order, start, n, buf.x, buf.labels);
        gamma = gammaAt(outer);
        if (L > 0 && inner === 0)
          params.forEach((p, k) => {
            runKernel(copyKernel, backend, { x: p.value, out: anchor[k]! });
            runKernel(copyKernel, backend, { x: p.value, out: average[k]! });
          });
        const tape = new Tape(backend);
        try {
          const x = tape.input(tape.own(backend.tensor(buf.x, [n, features]) as Tensor<'float32'>));
          o.optimizer.zeroGrad();
          const loss = crossEntropyWithLogits(o.model.forward(x), buf.labels);
          tape.backward(loss);
          evaluations++;
          if (L === 0) {
            o.optimizer.step();
            outer++;
          } else {
            params.forEach((p, k) => {
              if (noiseScale > 0) normal(noise[k]!, { seed: o.seed, counter: [evaluations, k, 0xe5] });
              runKernel(langevinStepKernel, backend, {
                param: p.value,
                grad: p.grad,
                anchor: anchor[k]!,
                average: average[k]!,
                noise: noise[k]!,
                lr,
                gamma,
                weightDecay: wd,
                noiseScale,
                alpha,
              });
            });
            if (++inner === L) {
              // back to w, with the outer gradient γ(w − μ) (paper) or w − μ (code)
              const c = convention === 'paper' ? gamma : 1;
              params.forEach((p, k) => {
                runKernel(copyKernel, backend, { x: anchor[k]!, out: p.value });
                runKernel(scaledDifferenceKernel, backend, { x: anchor[k]!, y: average[k]!, c, out: p.grad });
              });
              o.optimizer.step();
              outer++;
              inner = 0;
            }
          }
          axpy(n, loss.value, lossSum);
        } finally {
          tape.dispose();
        }
        o.progress?.(
          ((epoch - 1) * steps + s + 1) / (epochs * steps),
          `epoch ${epoch}/${epochs}, ${outer} outer steps, γ = ${gamma.toPrecision(3)}`,
        );
      }
      const trainLoss = (await lossSum.read())[0]! / rows;
      lossSum.dispose();
      const seconds = (performance.now() - started) / 1000;
      let test: ReplicaEvaluation | null = null;
      if (o.test) {
        // evaluate w, not a w′ in mid-loop
        const saved = inner > 0 ? zeros() : null;
        if (saved)
          params.forEach((p, k) => {
            runKernel(copyKernel, backend, { x: p.value, out: saved[k]! });
            runKernel(copyKernel, backend, { x: anchor[k]!, out: p.value });
          });
        const ev = await evaluateClassifier(backend, o.model, o.test, { features, classes });
        test = { loss: ev.loss, accuracy: ev.accuracy };
        if (saved)
          params.forEach((p, k) => {
            runKernel(copyKernel, backend, { x: saved[k]!, out: p.value });
            saved[k]!.dispose();
          });
      }
      const report: EntropySgdEpochReport = { epoch, gamma, trainLoss, outerSteps: outer, test, seconds };
      reports.push(report);
      if ((await o.onEpoch?.(report)) === false) {
        finish();
        return { epochs: reports, stopped: 'callback', outerSteps: outer, gradientEvaluations: evaluations };
      }
    }
    finish();
    return { epochs: reports, stopped: 'epochs', outerSteps: outer, gradientEvaluations: evaluations };
  } finally {
    for (const t of [...anchor, ...average, ...noise]) t.dispose();
  }

  // an unfinished inner loop at the end: the model returns to w (its partial estimate is dropped)
  function finish(): void {
    if (inner > 0)
      params.forEach((p, k) => {
        runKernel(copyKernel, backend, { x: anchor[k]!, out: p.value });
      });
  }
}
