/**
 * The binary committee machine: K hidden perceptrons with ±1 weights w_k ∈ {±1}ᴺ on the same
 * ±1 input, and the output τ(ξ) = sign(Σ_k sign(w_k·ξ)) (N and K odd: no ties). Random
 * patterns with random ±1 labels, P = αNK (α patterns per synapse). Gradient training keeps
 * continuous weights W behind the binary ones (w = sign W, BinaryConnect): the forward pass
 * uses sign(W), the backward pass the straight-through estimator 1{|W| ≤ 1}, W is clipped to
 * [−1, 1] after each step, and the loss is the cross-entropy of a smooth surrogate of the
 * output, z = (λ/√K) Σ_k tanh(sign(W_k)·ξ/√N), as two logits (−z/2, z/2). On the replica axis
 * (W [y, N, K]) it trains by replicated SGD (`replicatedFit`).
 * @module
 */
import type { Module, Var } from '@replica/nn';
import { concat, matmul, Parameter, Sgd, scale, sumAxes, tanh } from '@replica/nn';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import {
  checkInteger,
  checkNumber,
  deriveSeed,
  mapUnary,
  PhiloxRng,
  runKernel,
  signKernel,
} from '@replica/webgpu-kernels';
import { clipKernel, signStraightThroughKernel } from './kernels';
import type { BinaryPerceptronProblem } from './perceptron';
import type { CouplingMode } from './replicated-sgd';
import { replicatedFit, writeCentre } from './replicated-sgd';

/** sign(w) with the straight-through VJP Ḡ ⊙ 1{|w| ≤ 1}. */
export function signStraightThrough(w: Var): Var {
  const tape = w.tape;
  return tape.record(mapUnary(signKernel, w.value), [w], (g) => {
    const out = tape.own(tape.backend.zeros(w.shape) as Tensor<'float32'>);
    runKernel(signStraightThroughKernel, tape.backend, { w: w.value, g, out });
    return [out];
  });
}

/** Options of {@link BinaryCommittee}. */
export interface BinaryCommitteeOptions {
  /** N, inputs per hidden unit (odd). */
  readonly inputs: number;
  /** K, hidden units (odd). */
  readonly hidden: number;
  /** y: a leading replica axis (default none); replica a starts from the seed `deriveSeed(seed, a)`. */
  readonly replicas?: number;
  /** λ, the scale of the surrogate output (default 2). */
  readonly outputScale?: number;
  /** The continuous weights start uniform in [−init, init] (default 0.5). */
  readonly init?: number;
  readonly seed: number | bigint;
}

/** A binary committee machine as an `@replica/nn` module (see the module docs). */
export class BinaryCommittee implements Module {
  /** The continuous weights W, [N, K] or [y, N, K]. */
  readonly weight: Parameter;
  readonly inputs: number;
  readonly hidden: number;
  readonly replicas: number;
  private readonly lambda: number;

  constructor(backend: Backend, o: BinaryCommitteeOptions) {
    this.inputs = checkInteger(o.inputs, 'options.inputs', { min: 1 });
    this.hidden = checkInteger(o.hidden, 'options.hidden', { min: 1 });
    if (this.inputs % 2 === 0) throw new RangeError(`options.inputs: must be odd (no zero fields), got ${this.inputs}`);
    if (this.hidden % 2 === 0) throw new RangeError(`options.hidden: must be odd (no tied votes), got ${this.hidden}`);
    const R = o.replicas === undefined ? 0 : checkInteger(o.replicas, 'options.replicas', { min: 1 });
    this.replicas = Math.max(R, 1);
    this.lambda = checkNumber(o.outputScale ?? 2, 'options.outputScale', { min: 0, minExclusive: true });
    const a = checkNumber(o.init ?? 0.5, 'options.init', { min: 0, max: 1, minExclusive: true });
    const per = this.inputs * this.hidden;
    const w = new Float32Array(this.replicas * per);
    for (let r = 0; r < this.replicas; r++) {
      const rng = new PhiloxRng(R === 0 ? o.seed : deriveSeed(o.seed, r));
      for (let i = 0; i < per; i++) w[r * per + i] = a * (2 * rng.nextDouble() - 1);
    }
    const shape = R === 0 ? [this.inputs, this.hidden] : [R, this.inputs, this.hidden];
    this.weight = new Parameter('weight', backend.tensor(w, shape) as Tensor<'float32'>);
  }

  /** Inputs [rows, N] (or [y, rows, N]) → two logits per row, (−z/2, z/2). */
  forward(x: Var): Var {
    const tape = x.tape;
    const h = scale(matmul(x, signStraightThrough(tape.param(this.weight))), 1 / Math.sqrt(this.inputs));
    const z = scale(sumAxes(tanh(h), { axes: [-1], keepDims: true }), this.lambda / Math.sqrt(this.hidden) / 2);
    return concat([scale(z, -1), z], -1);
  }

  parameters(): readonly Parameter[] {
    return [this.weight];
  }

  /** Clips W to [−1, 1] (call after each optimizer step). */
  clip(): void {
    runKernel(clipKernel, this.weight.value.backend, { param: this.weight.value, bound: 1 });
  }
}

/** A committee-machine training set: ±1 patterns and random ±1 labels. */
export interface CommitteeProblem {
  readonly inputs: number;
  readonly hidden: number;
  /** P = round(αNK). */
  readonly p: number;
  /** [P, N] ±1 values, row-major. */
  readonly x: Float32Array;
  /** The labels as classes: 1 for σ = +1, 0 for σ = −1. */
  readonly labels: Uint8Array;
}

/**
 * Random patterns ξ^μ ∈ {±1}ᴺ with random labels σ_μ = ±1, P = round(αNK).
 * @param o - N (`inputs`) and K (`hidden`), both odd; α patterns per synapse; the seed
 */
export function randomCommitteeProblem(o: {
  readonly inputs: number;
  readonly hidden: number;
  readonly alpha: number;
  readonly seed: number | bigint;
}): CommitteeProblem {
  const n = checkInteger(o.inputs, 'inputs', { min: 1 });
  const k = checkInteger(o.hidden, 'hidden', { min: 1 });
  const alpha = checkNumber(o.alpha, 'alpha', { min: 0, max: 100 });
  const p = Math.round(alpha * n * k);
  const rng = new PhiloxRng(o.seed);
  const x = new Float32Array(p * n);
  for (let i = 0; i < x.length; i++) x[i] = rng.nextU32() & 1 ? 1 : -1;
  const labels = new Uint8Array(p);
  for (let mu = 0; mu < p; mu++) labels[mu] = rng.nextU32() & 1;
  return { inputs: n, hidden: k, p, x, labels };
}

/**
 * The training errors of binary weights: #{μ : sign(Σ_k sign(w_k·ξ^μ)) ≠ σ_μ}.
 * @param w - N·K values (read as their signs; 0 counts as +1), [N, K] row-major as the module stores them
 */
export function committeeErrors(problem: CommitteeProblem, w: ArrayLike<number>): number {
  const { inputs: n, hidden: k, p, x, labels } = problem;
  if (w.length !== n * k) throw new RangeError(`w: expected ${n * k} weights, got ${w.length}`);
  const s = Int8Array.from({ length: n * k }, (_, i) => (w[i]! < 0 ? -1 : 1));
  let errors = 0;
  for (let mu = 0; mu < p; mu++) {
    let votes = 0;
    for (let h = 0; h < k; h++) {
      let f = 0;
      for (let i = 0; i < n; i++) f += x[mu * n + i]! * s[i * k + h]!;
      votes += f > 0 ? 1 : -1;
    }
    if ((votes > 0 ? 1 : 0) !== labels[mu]) errors++;
  }
  return errors;
}

/** Options of {@link trainBinaryCommittee}. */
export interface CommitteeTrainingOptions {
  /** y, the number of replicas (1: plain SGD). */
  readonly replicas: number;
  /** The most epochs. */
  readonly epochs: number;
  /** Minibatch per replica. */
  readonly batchSize: number;
  /** SGD learning rate η. */
  readonly lr: number;
  /** λ of the surrogate output, default 6. */
  readonly outputScale?: number;
  /** γ₀ of the coupling (ignored at y = 1), default 0.05. */
  readonly gamma0?: number;
  /** Scoping γ = min(γ₀(1 + γ₁)^epoch, γ_max): γ₁, default 0.05. */
  readonly gamma1?: number;
  /** γ_max, default 1. */
  readonly gammaMax?: number;
  /** The coupling as an elastic step after SGD (rate 1) or through the gradient, default 'elastic'. */
  readonly coupling?: CouplingMode;
  /** Seeds the starting weights (the same for every y given the same seed). */
  readonly initSeed: number | bigint;
  /** Seeds the minibatch shuffles. */
  readonly seed: number | bigint;
}

/** What {@link trainBinaryCommittee} returns. */
export interface CommitteeTrainingResult {
  /** The epoch at whose end the centre sign(w̄) or a replica sign(wᵃ) first had zero training errors; null if none did. */
  readonly solvedAt: number | null;
  /** The fewest training errors reached by the centre or a replica. */
  readonly bestErrors: number;
  /** SGD steps per replica taken (epochs run × ⌈P/batch⌉). */
  readonly steps: number;
  /** The ±1 weights sign(w) [N, K] of the solving centre or replica; null when unsolved. */
  readonly weights: Int8Array | null;
}

/**
 * Trains a {@link BinaryCommittee} on a problem by replicated SGD (`replicatedFit`, y replicas on
 * the replica axis, continuous weights clipped to [−1, 1] after each step) and stops at the end
 * of the first epoch where the centre or a replica classifies every pattern.
 * @param backend - where the tensors live
 * @param problem - the patterns and labels
 * @param o - see {@link CommitteeTrainingOptions}
 * @returns when it solved, the fewest errors, the steps taken
 * @see C. Baldassi et al., Unreasonable effectiveness of learning neural networks, PNAS 113, E7655 (2016)
 */
export async function trainBinaryCommittee(
  backend: Backend,
  problem: CommitteeProblem,
  o: CommitteeTrainingOptions,
): Promise<CommitteeTrainingResult> {
  const y = checkInteger(o.replicas, 'options.replicas', { min: 1 });
  const epochs = checkInteger(o.epochs, 'options.epochs', { min: 1 });
  const batch = checkInteger(o.batchSize, 'options.batchSize', { min: 1 });
  const { inputs: N, hidden: K } = problem;
  const per = N * K;
  const outputScale = o.outputScale ?? 6;
  const model = new BinaryCommittee(backend, { inputs: N, hidden: K, replicas: y, outputScale, seed: o.initSeed });
  const centre = new BinaryCommittee(backend, { inputs: N, hidden: K, outputScale, seed: o.initSeed });
  const run = { best: problem.p, solvedAt: null as number | null, epochs: 0, weights: null as Int8Array | null };
  const signs = (w: Float32Array) => Int8Array.from(w, (v) => (v < 0 ? -1 : 1));
  const optimizer = new Sgd(model.parameters(), { lr: o.lr });
  try {
    await replicatedFit(backend, {
      model,
      replicas: y,
      centre,
      optimizer,
      coupling: {
        gamma0: y === 1 ? 0 : (o.gamma0 ?? 0.05),
        gamma1: o.gamma1 ?? 0.05,
        gammaMax: o.gammaMax ?? 1,
        mode: o.coupling ?? 'elastic',
        elasticRate: 1,
      },
      train: { x: problem.x, labels: problem.labels },
      features: N,
      classes: 2,
      epochs,
      batchSize: batch,
      seed: o.seed,
      afterStep: () => model.clip(),
      onEpoch: async (r) => {
        run.epochs = r.epoch;
        const w = (await model.weight.value.read()) as Float32Array;
        for (let a = 0; a < y; a++) {
          const wa = w.subarray(a * per, (a + 1) * per);
          const e = committeeErrors(problem, wa);
          if (e === 0 && !run.weights) run.weights = signs(wa);
          run.best = Math.min(run.best, e);
        }
        if (y > 1) {
          writeCentre(model, y, centre);
          const wc = (await centre.weight.value.read()) as Float32Array;
          const e = committeeErrors(problem, wc);
          // the centre first: it is what replicated SGD is after
          if (e === 0) run.weights = signs(wc);
          run.best = Math.min(run.best, e);
        }
        if (run.best === 0) {
          run.solvedAt = r.epoch;
          return false;
        }
        return undefined;
      },
    });
  } finally {
    optimizer.dispose();
    model.weight.dispose();
    centre.weight.dispose();
  }
  return {
    solvedAt: run.solvedAt,
    bestErrors: run.best,
    steps: run.epochs * Math.ceil(problem.p / batch),
    weights: run.weights,
  };
}

/**
 * A binary-perceptron instance as a K = 1 committee problem: pattern μ is σ_μξ^μ with label +1
 * (the labels folded into the patterns, as the perceptron stores them).
 * @param problem - the perceptron instance
 */
export function perceptronAsCommittee(problem: BinaryPerceptronProblem): CommitteeProblem {
  const { n, p, coupled } = problem;
  const x = new Float32Array(p * n);
  for (let i = 0; i < n; i++) for (let mu = 0; mu < p; mu++) x[mu * n + i] = coupled[i * p + mu]!;
  return { inputs: n, hidden: 1, p, x, labels: new Uint8Array(p).fill(1) };
}
