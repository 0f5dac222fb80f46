/**
 * Batch normalization on a {@link Tape} (Ioffe & Szegedy 2015), for [N, C] and [N, C, …]
 * inputs: statistics per channel over every other axis. Composed of differentiable ops
 * (mean over axes, broadcasting arithmetic, a power), so its VJP is theirs.
 * @module
 */
import type { Tensor } from '@replica/webgpu-kernels';
import { axpyKernel, checkNumber, mapBinary, mapUnary, scaleKernel } from '@replica/webgpu-kernels';
import { copyKernel, run } from './kernels';
import { add, addScalar, mul, pow, reshape, sub } from './ops';
import { meanAxes } from './shape';
import type { Var } from './tape';

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** Batch statistics (and a running-statistics update) when true; the running ones when false. */
  readonly training: boolean;
  /** The running mean and (unbiased) variance per channel, shape [C], updated in place in training. */
  readonly runningMean: Tensor<'float32'>;
  readonly runningVar: Tensor<'float32'>;
  /** γ and β of shape [C] (the affine part), or null for none. */
  readonly weight: Var | null;
  readonly bias: Var | null;
  /** running ← (1 − momentum)·running + momentum·batch, default 0.1 (PyTorch's). */
  readonly momentum?: number;
  /** ε in the denominator √(σ² + ε), default 10⁻⁵. */
  readonly eps?: number;
}

/**
 * y = γ·(x − μ)/√(σ² + ε) + β per channel c (axis 1), with μ, σ² the batch's mean and biased
 * variance over the other axes in training (the running mean then moves toward μ and the
 * running variance toward the unbiased m/(m − 1)·σ², m the count per channel), or the running
 * statistics in evaluation.
 * @param x - [N, C] or [N, C, …]
 * @see S. Ioffe, C. Szegedy, Batch normalization, ICML 2015
 */
export function batchNorm(x: Var, options: BatchNormOptions): Var {
  const op = 'batchNorm';
  if (x.shape.length < 2) throw new RangeError(`${op}: x must be [N, C] or [N, C, …], got ${shapeText(x.shape)}`);
  const c = x.shape[1]!;
  const momentum = checkNumber(options.momentum ?? 0.1, 'options.momentum', { min: 0, max: 1 });
  const eps = checkNumber(options.eps ?? 1e-5, 'options.eps', { min: 0 });
  for (const [name, t] of [
    ['runningMean', options.runningMean],
    ['runningVar', options.runningVar],
  ] as const)
    if (t.shape.length !== 1 || t.shape[0] !== c)
      throw new RangeError(`${op}: options.${name} must have shape [${c}], got ${shapeText(t.shape)}`);
  for (const [name, v] of [
    ['weight', options.weight],
    ['bias', options.bias],
  ] as const)
    if (v !== null && (v.shape.length !== 1 || v.shape[0] !== c))
      throw new RangeError(`${op}: options.${name} must have shape [${c}], got ${shapeText(v.shape)}`);
  const tape = x.tape;
  const axes = x.shape.map((_, d) => d).filter((d) => d !== 1);
  const channelShape = x.shape.map((d, k) => (k === 1 ? d : 1));
  const count = x.value.size / c;
  let xhat: Var;
  if (options.training) {
    const mu = meanAxes(x, { axes, keepDims: true });
    const d = sub(x, mu);
    const variance = meanAxes(mul(d, d), { axes, keepDims: true });
    xhat = mul(d, pow(addScalar(variance, eps), -0.5));
    // running statistics, off the tape: r ← (1 − m)·r + m·batch
    const update = (running: Tensor<'float32'>, batch: Tensor<'float32'>, factor: number) => {
      const flat = tape.own(tape.backend.zeros([c]) as Tensor<'float32'>);
      run(copyKernel, flat, { x: batch, out: flat });
      mapUnary(scaleKernel, running, { a: 1 - momentum, out: running });
      mapBinary(axpyKernel, flat, running, { a: momentum * factor, out: running });
    };
    update(options.runningMean, mu.value, 1);
    update(options.runningVar, variance.value, count > 1 ? count / (count - 1) : 1);
  } else {
    const mean = tape.input(options.runningMean);
    const varr = tape.input(options.runningVar);
    const inv = pow(addScalar(reshape(varr, channelShape), eps), -0.5);
    xhat = mul(sub(x, reshape(mean, channelShape)), inv);
  }
  let y = xhat;
  if (options.weight !== null) y = mul(y, reshape(options.weight, channelShape));
  if (options.bias !== null) y = add(y, reshape(options.bias, channelShape));
  return y;
}
