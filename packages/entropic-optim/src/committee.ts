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
import { concat, matmul, Parameter, scale, sumAxes, tanh } from '@replica/nn';
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
