/**
 * Optimizers over a parameter list, each step one fused kernel per parameter tensor:
 * {@link Sgd} (momentum, Nesterov, weight decay) and {@link Adam} (Adam and AdamW), with the
 * update rules of PyTorch's `torch.optim`, so that a step matches it on the same tensors.
 * @module
 */
import type { Tensor } from '@replica/webgpu-kernels';
import { checkNumber } from '@replica/webgpu-kernels';
import { adamStepKernel, run, sgdStepKernel } from './kernels';
import type { Parameter } from './tape';

/** A learning rate, constant or a function of the step t = 1, 2, … (a schedule). */
export type LearningRate = number | ((step: number) => number);

function rateAt(lr: LearningRate, t: number, name: string): number {
  return checkNumber(typeof lr === 'function' ? lr(t) : lr, typeof lr === 'function' ? `${name}(${t})` : name, {
    min: 0,
  });
}

function checkParams(params: readonly Parameter[]): readonly Parameter[] {
  if (!Array.isArray(params) || params.length === 0) throw new RangeError('params: expected at least one parameter');
  return params;
}

/** Options of {@link Sgd}. */
export interface SgdOptions {
  readonly lr: LearningRate;
  /** μ ∈ [0, 1), default 0. */
  readonly momentum?: number;
  /** τ ∈ [0, 1], default 0. */
  readonly dampening?: number;
  /** λ ≥ 0, default 0 (added to the gradient). */
  readonly weightDecay?: number;
  /** Nesterov momentum (needs μ > 0 and τ = 0), default false. */
  readonly nesterov?: boolean;
}

/** Stochastic gradient descent, PyTorch's rule (see {@link sgdStepKernel}). */
export class Sgd {
  private readonly buffers: Tensor<'float32'>[];
  /** Bound as the momentum buffer when there is none (a binding may not alias the gradient's). */
  private readonly dummy: Tensor<'float32'>;
  private t = 0;
  private readonly momentum: number;
  private readonly dampening: number;
  private readonly weightDecay: number;
  private readonly nesterov: boolean;

  constructor(
    readonly params: readonly Parameter[],
    readonly options: SgdOptions,
  ) {
    checkParams(params);
    rateAt(options.lr, 1, 'options.lr');
    this.momentum = checkNumber(options.momentum ?? 0, 'options.momentum', { min: 0, max: 1, maxExclusive: true });
    this.dampening = checkNumber(options.dampening ?? 0, 'options.dampening', { min: 0, max: 1 });
    this.weightDecay = checkNumber(options.weightDecay ?? 0, 'options.weightDecay', { min: 0 });
    this.nesterov = options.nesterov === true;
    if (this.nesterov && (this.momentum === 0 || this.dampening !== 0))
      throw new RangeError('options.nesterov: Nesterov momentum needs momentum > 0 and dampening 0');
    this.buffers =
      this.momentum === 0 ? [] : params.map((p) => p.value.backend.zeros(p.value.shape) as Tensor<'float32'>);
    this.dummy = params[0]!.value.backend.zeros([1]) as Tensor<'float32'>;
  }

  /** One step on the gradients in `p.grad`. */
  step(): void {
    this.t++;
    const lr = rateAt(this.options.lr, this.t, 'options.lr');
    this.params.forEach((p, i) => {
      run(sgdStepKernel, p.value, {
        param: p.value,
        grad: p.grad,
        buffer: this.buffers[i] ?? this.dummy,
        lr,
        momentum: this.momentum,
        dampening: this.dampening,
        weightDecay: this.weightDecay,
        nesterov: this.nesterov,
        first: this.t === 1,
      });
    });
  }

  /** Zeroes every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** Frees the momentum buffers. */
  dispose(): void {
    for (const b of this.buffers) b.dispose();
    this.dummy.dispose();
  }
}

/** Options of {@link Adam}. */
export interface AdamOptions {
  readonly lr: LearningRate;
  /** (β₁, β₂), each in [0, 1), default (0.9, 0.999). */
  readonly betas?: readonly [number, number];
  /** ε > 0, default 1e-8. */
  readonly eps?: number;
  /** λ ≥ 0, default 0. */
  readonly weightDecay?: number;
  /** AdamW: decoupled weight decay (default false). */
  readonly decoupled?: boolean;
}

/** Adam / AdamW, PyTorch's rule (see {@link adamStepKernel}). */
export class Adam {
  private readonly m: Tensor<'float32'>[];
  private readonly v: Tensor<'float32'>[];
  private t = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;

  constructor(
    readonly params: readonly Parameter[],
    readonly options: AdamOptions,
  ) {
    checkParams(params);
    rateAt(options.lr, 1, 'options.lr');
    const [b1, b2] = options.betas ?? [0.9, 0.999];
    this.beta1 = checkNumber(b1, 'options.betas[0]', { min: 0, max: 1, maxExclusive: true });
    this.beta2 = checkNumber(b2, 'options.betas[1]', { min: 0, max: 1, maxExclusive: true });
    this.eps = checkNumber(options.eps ?? 1e-8, 'options.eps', { min: 0, minExclusive: true });
    this.weightDecay = checkNumber(options.weightDecay ?? 0, 'options.weightDecay', { min: 0 });
    const zeros = () => params.map((p) => p.value.backend.zeros(p.value.shape) as Tensor<'float32'>);
    this.m = zeros();
    this.v = zeros();
  }

  /** The steps taken. */
  get steps(): number {
    return this.t;
  }

  /** One step on the gradients in `p.grad`. */
  step(): void {
    this.t++;
    const lr = rateAt(this.options.lr, this.t, 'options.lr');
    const bias1 = 1 - this.beta1 ** this.t;
    const bias2 = 1 - this.beta2 ** this.t;
    this.params.forEach((p, i) => {
      run(adamStepKernel, p.value, {
        param: p.value,
        grad: p.grad,
        m: this.m[i]!,
        v: this.v[i]!,
        lr,
        beta1: this.beta1,
        beta2: this.beta2,
        eps: this.eps,
        weightDecay: this.weightDecay,
        decoupled: this.options.decoupled === true,
        bias1,
        bias2,
      });
    });
  }

  /** Zeroes every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** Frees the moment buffers. */
  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
