/**
 * Reverse-mode automatic differentiation over compute-layer tensors: a tape records each op's
 * output and its vector–Jacobian product; {@link Tape.backward} walks it in reverse and adds
 * the gradients into the parameters' `grad` tensors. Memory is freed deterministically: every
 * tensor an op or a VJP creates belongs to the tape, and {@link Tape.dispose} releases them all
 * (parameters and inputs are never the tape's), so a training loop that disposes its tape each
 * step keeps a flat footprint.
 * @module
 */
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { addKernel, checkOneOf, mapBinary, runKernel } from '@replica/webgpu-kernels';
import { fillKernel } from './kernels';

/** A trainable tensor: its value and the gradient the tape accumulates into. */
export class Parameter {
  /** ∂L/∂θ, accumulated by {@link Tape.backward}; zero it with {@link Parameter.zeroGrad}. */
  readonly grad: Tensor<'float32'>;

  /**
   * @param name - the parameter's name (e.g. `0.weight`), used in state files and messages
   * @param value - its float32 value; the parameter owns it from now on
   */
  constructor(
    readonly name: string,
    readonly value: Tensor<'float32'>,
  ) {
    if (value.dtype !== 'float32') throw new TypeError(`${name}: a parameter must be float32, got ${value.dtype}`);
    this.grad = value.backend.zeros(value.shape) as Tensor<'float32'>;
  }

  /** Sets the gradient to zero (before a new backward pass). */
  zeroGrad(): void {
    // one fill kernel: no allocation or upload in the training loop
    runKernel(fillKernel, this.grad.backend, { out: this.grad, value: 0 });
  }

  /** Releases the value and the gradient. */
  dispose(): void {
    this.value.dispose();
    this.grad.dispose();
  }
}

/** A value on a tape: its tensor, and whether a gradient flows back through it. */
export interface Var {
  readonly tape: Tape;
  readonly value: Tensor<'float32'>;
  readonly shape: readonly number[];
  readonly requiresGrad: boolean;
  /** Position on the tape (records are in creation order). */
  readonly id: number;
}

/**
 * A vector–Jacobian product: given ∂L/∂out, the gradients of the inputs (null for an input
 * that needs none). Tensors it creates must be registered with {@link Tape.own}.
 */
export type Vjp = (grad: Tensor<'float32'>) => readonly (Tensor<'float32'> | null)[];

interface Rec {
  readonly out: Var;
  readonly inputs: readonly Var[];
  readonly vjp: Vjp | null;
  readonly param: Parameter | null;
}

let liveTapeTensors = 0;

/** The number of tensors held by tapes that have not been disposed (for memory tests). */
export function liveTapeTensorCount(): number {
  return liveTapeTensors;
}

/** A tape of differentiable operations on one backend. */
export class Tape {
  private readonly recs: Rec[] = [];
  private readonly owned: Tensor[] = [];
  private readonly ones = new Map<string, Tensor<'float32'>>();
  private disposed = false;

  /** @param backend - where every tensor of the tape lives */
  constructor(readonly backend: Backend) {}

  /** Registers a tensor the tape frees on {@link Tape.dispose}; returns it. */
  own<T extends Tensor>(t: T): T {
    this.check();
    this.owned.push(t);
    liveTapeTensors++;
    return t;
  }

  /** A constant input (no gradient), e.g. a minibatch; the tape does not own it. */
  input(t: Tensor<'float32'>): Var {
    this.check();
    if (t.backend !== this.backend) throw new RangeError('input: the tensor lives on another backend than the tape');
    if (t.dtype !== 'float32') throw new TypeError(`input: expected a float32 tensor, got ${t.dtype}`);
    return this.push(t, [], null, null, false);
  }

  /** A parameter as a leaf: backward adds ∂L/∂θ into `p.grad`. */
  param(p: Parameter): Var {
    this.check();
    if (!(p instanceof Parameter)) throw new TypeError('param: expected a Parameter');
    if (p.value.backend !== this.backend)
      throw new RangeError(`param: ${p.name} lives on another backend than the tape`);
    return this.push(p.value, [], null, p, true);
  }

  /**
   * Records an op's output (which the tape owns) and its VJP.
   * @param value - the output tensor
   * @param inputs - the op's differentiable inputs, in the order the VJP returns their gradients
   * @param vjp - the vector–Jacobian product
   */
  record(value: Tensor<'float32'>, inputs: readonly Var[], vjp: Vjp): Var {
    this.check();
    for (const v of inputs) if (v.tape !== this) throw new RangeError('record: an input belongs to another tape');
    this.own(value);
    const requiresGrad = inputs.some((v) => v.requiresGrad);
    return this.push(value, inputs, requiresGrad ? vjp : null, null, requiresGrad);
  }

  /**
   * The parameter a leaf stands for, or null: a VJP may add its gradient straight into
   * `grad` (e.g. a gemm with β = 1) instead of returning it, saving a pass and a tensor.
   */
  paramOf(v: Var): Parameter | null {
    return v.tape === this ? (this.recs[v.id]?.param ?? null) : null;
  }

  /** A column of ones (rows × 1), cached per tape: the broadcasts and column sums use it. */
  onesColumn(rows: number): Tensor<'float32'> {
    return this.onesOf([rows, 1]);
  }

  /** Columns of ones, one per replica (replicas × rows × 1), cached per tape. */
  onesColumns(replicas: number, rows: number): Tensor<'float32'> {
    return this.onesOf([replicas, rows, 1]);
  }

  private onesOf(shape: readonly number[]): Tensor<'float32'> {
    const key = shape.join('×');
    let t = this.ones.get(key);
    if (!t) {
      const size = shape.reduce((a, d) => a * d, 1);
      t = this.own(this.backend.tensor(new Float32Array(size).fill(1), shape) as Tensor<'float32'>);
      this.ones.set(key, t);
    }
    return t;
  }

  /**
   * Back-propagates from a scalar `loss` (a rank-0 or one-element value): ∂loss/∂loss = 1, then
   * every recorded VJP in reverse order; the gradients of parameter leaves are added into their
   * `grad` tensors (so call `zeroGrad` between steps).
   * @throws RangeError when `loss` has more than one element or is on another tape
   */
  backward(loss: Var): void {
    this.check();
    if (loss.tape !== this) throw new RangeError('backward: the loss belongs to another tape');
    if (loss.value.size !== 1) throw new RangeError(`backward: the loss must be a scalar, got shape [${loss.shape}]`);
    if (!loss.requiresGrad) return;
    const grads = new Map<number, Tensor<'float32'>>();
    grads.set(loss.id, this.own(this.backend.tensor(new Float32Array([1]), loss.shape) as Tensor<'float32'>));
    for (let i = loss.id; i >= 0; i--) {
      const rec = this.recs[i]!;
      const g = grads.get(i);
      if (g === undefined) continue;
      if (rec.param !== null) {
        mapBinary(addKernel, rec.param.grad, g, { out: rec.param.grad });
        continue;
      }
      if (rec.vjp === null) continue;
      const gs = rec.vjp(g);
      rec.inputs.forEach((input, k) => {
        const gi = gs[k];
        if (!input.requiresGrad || gi === null || gi === undefined) return;
        const prev = grads.get(input.id);
        grads.set(input.id, prev === undefined ? gi : this.own(mapBinary(addKernel, prev, gi)));
      });
    }
  }

  /** Frees every tensor the tape owns (op outputs, VJP intermediates); the tape is then unusable. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.owned) t.dispose();
    liveTapeTensors -= this.owned.length;
    this.owned.length = 0;
    this.recs.length = 0;
    this.ones.clear();
  }

  private push(
    value: Tensor<'float32'>,
    inputs: readonly Var[],
    vjp: Vjp | null,
    param: Parameter | null,
    requiresGrad: boolean,
  ): Var {
    const out: Var = { tape: this, value, shape: value.shape, requiresGrad, id: this.recs.length };
    this.recs.push({ out, inputs, vjp, param });
    return out;
  }

  private check(): void {
    if (this.disposed) throw new RangeError('tape: used after dispose()');
  }
}

/**
 * Runs `f` on a fresh tape and disposes the tape afterwards, whatever happens; `f`'s result
 * must not hold the tape's tensors (read what you need inside).
 * @param backend - the backend
 * @param f - the work
 * @returns what `f` returns
 */
export async function withTape<T>(backend: Backend, f: (tape: Tape) => T | Promise<T>): Promise<T> {
  const tape = new Tape(backend);
  try {
    return await f(tape);
  } finally {
    tape.dispose();
  }
}

/** The activations {@link activation} knows. */
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'softplus', 'silu', 'linear'] as const;

/** One of {@link ACTIVATIONS}. */
export type ActivationName = (typeof ACTIVATIONS)[number];

/**
 * Checks an activation name.
 * @param name - the argument's name in the message
 * @throws RangeError naming the argument
 */
export function checkActivation(value: unknown, name: string): ActivationName {
  return checkOneOf(value, name, ACTIVATIONS);
}
