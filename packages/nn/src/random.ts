/**
 * Stochastic ops on a {@link Tape}, seeded with Philox (counter-based, so a (seed, counter)
 * pair gives the same draws on every backend): inverted dropout and additive Gaussian noise.
 * @module
 */
import type { Tensor } from '@replica/webgpu-kernels';
import { checkNumber, mapBinary, mapUnary, mulKernel, normal, uniform } from '@replica/webgpu-kernels';
import { dropoutMaskKernel } from './kernels';
import { add } from './ops';
import type { Var } from './tape';

/** The seed of a stochastic op. */
export interface NoiseSeed {
  /** Philox key. */
  readonly seed: number | bigint;
  /** Counter words (e.g. [layer, step, 0]): vary them per call to draw fresh noise. */
  readonly counter?: readonly number[];
}

/** Options of {@link dropout}. */
export interface DropoutOptions extends NoiseSeed {
  /** The probability of zeroing an entry, in [0, 1). */
  readonly p: number;
  /** Identity when false (evaluation); default true. */
  readonly training?: boolean;
}

/**
 * Inverted dropout: y = x ⊙ m/(1 − p), m_i = 1 with probability 1 − p (u_i ≥ p for Philox
 * uniforms u), so E[y] = x; the identity in evaluation. VJP: Ḡ ⊙ m/(1 − p).
 * @see N. Srivastava et al., Dropout, JMLR 15 (2014)
 */
export function dropout(x: Var, options: DropoutOptions): Var {
  const p = checkNumber(options.p, 'options.p', { min: 0, max: 1 });
  if (p >= 1) throw new RangeError(`dropout: options.p must be below 1, got ${p}`);
  if (options.training === false || p === 0) return x;
  const tape = x.tape;
  const u = tape.own(tape.backend.zeros(x.shape) as Tensor<'float32'>);
  uniform(u, { seed: options.seed, ...(options.counter ? { counter: options.counter } : {}) });
  const mask = mapUnary(dropoutMaskKernel, u, { a: p, out: u });
  return tape.record(mapBinary(mulKernel, x.value, mask), [x], (g) => [tape.own(mapBinary(mulKernel, g, mask))]);
}

/** Options of {@link gaussianNoise}. */
export interface GaussianNoiseOptions extends NoiseSeed {
  /** The noise's standard deviation (≥ 0). */
  readonly std: number;
}

/** y = x + std·ε, ε ~ N(0, 1) from Philox (Box–Muller). VJP: Ḡ (the noise is a constant). */
export function gaussianNoise(x: Var, options: GaussianNoiseOptions): Var {
  const std = checkNumber(options.std, 'options.std', { min: 0 });
  const tape = x.tape;
  const eps = tape.backend.zeros(x.shape) as Tensor<'float32'>;
  normal(eps, { seed: options.seed, std, ...(options.counter ? { counter: options.counter } : {}) });
  tape.own(eps);
  return add(x, tape.input(eps));
}
