/**
 * Replicated SGD (the thesis's Algorithm 1): y replicas of a network on `@replica/nn`'s replica
 * axis (parameters [y, …], one batched gemm per layer for all of them), each trained on its own
 * minibatches by any optimizer, and pulled towards their centre w̄ = (1/y) Σ_a wᵃ by the
 * robust-ensemble coupling of the local-entropy loss
 *
 *   L_LE({wᵃ}) = Σ_a L(wᵃ) + (γ/2) Σ_a ‖wᵃ − w̄‖²,
 *
 * either added to the gradient, dwᵃ ← ∇L(wᵃ; Ξᵃ) + γ(wᵃ − w̄), before the optimizer's step
 * (`gradient`: with Adam the coupling is preconditioned too), or as an elastic step after it,
 * wᵃ ← wᵃ − ηγ(wᵃ − w̄) (`elastic`: the coupling is not). γ is scoped, γ_t = γ₀(1 + γ₁)ᵗ.
 * @module
 */
import type { LabelledRows, Module, Optimizer } from '@replica/nn';
import { crossEntropyWithLogits, evaluateClassifier, permutation, Tape } from '@replica/nn';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { axpy, checkInteger, checkNumber, checkOneOf, deriveSeed, runKernel } from '@replica/webgpu-kernels';
import { replicaElasticStepKernel, replicaGradientCouplingKernel, replicaMeanKernel } from './kernels';
import type { GammaSchedule, ReplicaEvaluation } from './training';
import { checkRows, evaluateReplicas, gammaScheduler, gatherRows } from './training';

/** How the coupling enters: through the gradient, or as an elastic step after the optimizer's. */
export const COUPLING_MODES = ['gradient', 'elastic'] as const;
/** One of {@link COUPLING_MODES}. */
export type CouplingMode = (typeof COUPLING_MODES)[number];

/** The robust-ensemble coupling of {@link replicatedFit}. */
export interface ReplicaCoupling extends GammaSchedule {
  /** Default `gradient`. */
  readonly mode?: CouplingMode;
  /** `elastic` only: η in the step wᵃ ← wᵃ − ηγ(wᵃ − w̄) (ηγ must stay ≤ 1). */
  readonly elasticRate?: number;
  /** Scope γ every epoch (t = epoch − 1, default) or every step (t = steps taken). */
  readonly per?: 'epoch' | 'step';
}

/** One epoch of {@link replicatedFit}. */
export interface ReplicatedEpochReport {
  readonly epoch: number;
  /** γ at the epoch's last step. */
  readonly gamma: number;
  /** The mean minibatch loss over the epoch's steps and the replicas. */
  readonly trainLoss: number;
  /** The mean squared distance of the replicas from their centre per weight, (1/(yN)) Σ_a ‖wᵃ − w̄‖², after the epoch. */
  readonly spread: number;
  /** Each replica on the test rows (null without them). */
  readonly replicas: readonly ReplicaEvaluation[] | null;
  /** The centre w̄ on the test rows (null without a test set or a `centre` module). */
  readonly centre: ReplicaEvaluation | null;
  readonly seconds: number;
}

/** Options of {@link replicatedFit}. */
export interface ReplicatedFitOptions {
  /** The replicated network: every parameter has a leading axis of y replicas (e.g. `mlp(…, { replicas: y })`). */
  readonly model: Module;
  /** y. */
  readonly replicas: number;
  /** The optimizer over `model.parameters()` (SGD, Adam, …: elementwise, so each replica is updated on its own). */
  readonly optimizer: Optimizer;
  readonly coupling: ReplicaCoupling;
  /** The same network without the replica axis (parameters in the same order): it receives w̄ for evaluation. */
  readonly centre?: Module;
  readonly train: LabelledRows;
  readonly test?: LabelledRows;
  readonly features: number;
  readonly classes: number;
  /** Epochs: each replica visits every training row once per epoch. */
  readonly epochs: number;
  readonly batchSize: number;
  /** Replica a's epoch-e order is `permutation(rows, deriveSeed(seed, a), e)`: as `fit` with seed `deriveSeed(seed, a)`. */
  readonly seed: number | bigint;
  /** Called after every step's update (e.g. to clip weights, as BinaryConnect does). */
  readonly afterStep?: () => void;
  /** Called after every epoch; return `false` to stop. */
  readonly onEpoch?: (report: ReplicatedEpochReport) => boolean | undefined | Promise<boolean | undefined>;
  /** Called after every step with the fraction of all training done. */
  readonly progress?: (fraction: number, message: string) => void;
}

/** What {@link replicatedFit} returns. */
export interface ReplicatedFitResult {
  readonly epochs: readonly ReplicatedEpochReport[];
  readonly stopped: 'epochs' | 'callback';
  /** Minibatch gradient evaluations: steps × y. */
  readonly gradientEvaluations: number;
}

/**
 * Writes the centre w̄ of the replicated parameters into the un-replicated `centre` module.
 * @throws RangeError when the two parameter lists do not line up
 */
export function writeCentre(model: Module, replicas: number, centre: Module): void {
  const src = model.parameters();
  const dst = centre.parameters();
  if (src.length !== dst.length)
    throw new RangeError(`centre: ${dst.length} parameters, the replicated model has ${src.length}`);
  src.forEach((p, k) => {
    const q = dst[k]!;
    if (p.value.size !== q.value.size * replicas)
      throw new RangeError(
        `centre: parameter ${q.name} has ${q.value.size} values, ${p.name} has ${p.value.size} = ${replicas} × ${p.value.size / replicas}`,
      );
    runKernel(replicaMeanKernel, p.value.backend, { param: p.value, replicas, out: q.value });
  });
}

/** (1/(yN)) Σ_a ‖wᵃ − w̄‖² over every parameter, read back in f64. */
async function spreadOf(model: Module, replicas: number): Promise<number> {
  let sum = 0;
  let count = 0;
  for (const p of model.parameters()) {
    const w = (await p.value.read()) as Float32Array;
    const n = w.length / replicas;
    for (let j = 0; j < n; j++) {
      let m = 0;
      for (let a = 0; a < replicas; a++) m += w[a * n + j]!;
      m /= replicas;
      for (let a = 0; a < replicas; a++) sum += (w[a * n + j]! - m) ** 2;
    }
    count += w.length;
  }
  return sum / count;
}

/**
 * Replicated SGD (see the module docs): each step draws one minibatch per replica, takes one
 * backward pass for all y replicas together, couples them to their centre, and steps the
 * optimizer. With γ = 0 it is y independent runs of `fit` (seeds `deriveSeed(seed, a)`), bit for
 * bit on the CPU. After each epoch the replicas (and the centre, given `centre`) are evaluated.
 * @param backend - where the model lives
 * @throws RangeError/TypeError on malformed data or options (a parameter without the replica axis, ηγ > 1)
 * @see C. Baldassi, F. Pittorino, R. Zecchina, Shaping the learning landscape in neural networks around wide flat minima, PNAS 117, 161 (2020)
 * @see C. Baldassi, C. Borgs, J. T. Chayes, A. Ingrosso, C. Lucibello, L. Saglietti, R. Zecchina, Unreasonable effectiveness of learning neural networks, PNAS 113, E7655 (2016)
 */
export async function replicatedFit(backend: Backend, o: ReplicatedFitOptions): Promise<ReplicatedFitResult> {
  const y = checkInteger(o.replicas, 'options.replicas', { min: 1 });
  const features = checkInteger(o.features, 'options.features', { min: 1 });
  const classes = checkInteger(o.classes, 'options.classes', { min: 2 });
  const epochs = checkInteger(o.epochs, 'options.epochs', { min: 1 });
  const bs = checkInteger(o.batchSize, 'options.batchSize', { min: 1 });
  const rows = checkRows(o.train, features, classes, 'options.train');
  if (o.test) checkRows(o.test, features, classes, 'options.test');
  const mode = checkOneOf(o.coupling.mode ?? 'gradient', 'options.coupling.mode', COUPLING_MODES);
  const per = checkOneOf(o.coupling.per ?? 'epoch', 'options.coupling.per', ['epoch', 'step'] as const);
  const gammaAt = gammaScheduler(o.coupling, 'options.coupling');
  let elasticRate = 0;
  if (mode === 'elastic') {
    if (o.coupling.elasticRate === undefined)
      throw new RangeError('options.coupling.elasticRate: required with mode elastic (η in wᵃ ← wᵃ − ηγ(wᵃ − w̄))');
    elasticRate = checkNumber(o.coupling.elasticRate, 'options.coupling.elasticRate', { min: 0 });
  }
  const params = o.model.parameters();
  for (const p of params)
    if (p.value.shape[0] !== y || p.value.shape.length < 2)
      throw new RangeError(
        `options.model: parameter ${p.name} has shape [${p.value.shape.join(', ')}], expected a leading replica axis of ${y}`,
      );
  const steps = Math.ceil(rows / bs);
  const buffers = new Map<number, { x: Float32Array; labels: number[] }>();
  const reports: ReplicatedEpochReport[] = [];
  let taken = 0;
  let gamma = gammaAt(0);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    o.model.setTraining?.(true);
    const orders = Array.from({ length: y }, (_, a) => permutation(rows, deriveSeed(o.seed, a), epoch));
    const started = performance.now();
    const lossSum = backend.zeros([]) as Tensor<'float32'>;
    for (let s = 0; s < steps; s++) {
      gamma = gammaAt(per === 'epoch' ? epoch - 1 : taken);
      const start = s * bs;
      const n = Math.min(bs, rows - start);
      let buf = buffers.get(n);
      if (!buf) {
        buf = { x: new Float32Array(y * n * features), labels: new Array<number>(y * n) };
        buffers.set(n, buf);
      }
      for (let a = 0; a < y; a++) gatherRows(o.train, features, orders[a]!, start, n, buf.x, buf.labels, a * n);
      const tape = new Tape(backend);
      try {
        const x = tape.input(tape.own(backend.tensor(buf.x, [y, n, features]) as Tensor<'float32'>));
        o.optimizer.zeroGrad();
        // Σ_a of each replica's mean minibatch loss: replica a's gradient is its own loss's
        const loss = crossEntropyWithLogits(o.model.forward(x), buf.labels);
        tape.backward(loss);
        if (mode === 'gradient')
          for (const p of params)
            runKernel(replicaGradientCouplingKernel, backend, { param: p.value, grad: p.grad, replicas: y, gamma });
        o.optimizer.step();
        if (mode === 'elastic') {
          const rate = elasticRate * gamma;
          if (rate > 1)
            throw new RangeError(
              `options.coupling: the elastic step ηγ = ${elasticRate} × ${gamma} = ${rate} exceeds 1 (the replicas would overshoot their centre); lower elasticRate or gammaMax`,
            );
          for (const p of params) runKernel(replicaElasticStepKernel, backend, { param: p.value, replicas: y, rate });
        }
        o.afterStep?.();
        axpy(n, loss.value, lossSum);
      } finally {
        tape.dispose();
      }
      taken++;
      o.progress?.(
        ((epoch - 1) * steps + s + 1) / (epochs * steps),
        `epoch ${epoch}/${epochs}, γ = ${gamma.toPrecision(3)}`,
      );
    }
    const trainLoss = (await lossSum.read())[0]! / (rows * y);
    lossSum.dispose();
    const seconds = (performance.now() - started) / 1000;
    const spread = await spreadOf(o.model, y);
    let replicas: ReplicaEvaluation[] | null = null;
    let centre: ReplicaEvaluation | null = null;
    if (o.test) {
      replicas = await evaluateReplicas(backend, o.model, y, o.test, { features, classes });
      if (o.centre) {
        writeCentre(o.model, y, o.centre);
        const ev = await evaluateClassifier(backend, o.centre, o.test, { features, classes });
        centre = { loss: ev.loss, accuracy: ev.accuracy };
      }
    }
    const report: ReplicatedEpochReport = { epoch, gamma, trainLoss, spread, replicas, centre, seconds };
    reports.push(report);
    if ((await o.onEpoch?.(report)) === false)
      return { epochs: reports, stopped: 'callback', gradientEvaluations: taken * y };
  }
  if (o.centre) writeCentre(o.model, y, o.centre);
  return { epochs: reports, stopped: 'epochs', gradientEvaluations: taken * y };
}
