/**
 * Damped fixed-point iteration x ← d·x + (1 − d)·F(x), the workhorse of
 * saddle-point and mean-field equations; it throws with its residual when it
 * does not converge.
 * @module
 */
import { ConvergenceError } from './convergence';

/** Options of {@link fixedPoint}. */
export interface FixedPointOptions {
  /** Damping d ∈ [0, 1): x ← d·x + (1 − d)·F(x). Default 0 (plain iteration). */
  readonly damping?: number;
  /** Stop when max_i |F(x)_i − x_i| ≤ tol. Default 1e-12. */
  readonly tol?: number;
  /** Iteration cap, default 10 000. */
  readonly maxIterations?: number;
  /** Names the equation in errors, default `fixed point`. */
  readonly name?: string;
}

/** A converged fixed point. */
export interface FixedPointResult {
  readonly x: Float64Array;
  readonly iterations: number;
  /** max_i |F(x)_i − x_i| at the returned x. */
  readonly residual: number;
}

function checkOptions(o: FixedPointOptions): { d: number; tol: number; maxIterations: number; name: string } {
  const d = o.damping ?? 0;
  if (!(d >= 0 && d < 1)) throw new RangeError(`damping: expected a number in [0, 1), got ${d}`);
  const tol = o.tol ?? 1e-12;
  if (!(tol > 0)) throw new RangeError(`tol: expected a positive number, got ${tol}`);
  const maxIterations = o.maxIterations ?? 10_000;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`maxIterations: expected a positive integer, got ${maxIterations}`);
  }
  return { d, tol, maxIterations, name: o.name ?? 'fixed point' };
}

/**
 * Solves x = F(x) by damped iteration.
 * @param F - writes F(x) into `out` (do not keep references to either array)
 * @param x0 - the start (not modified)
 * @throws ConvergenceError with the residual when maxIterations pass, or when F(x) is not finite
 */
export function fixedPoint(
  F: (x: Float64Array, out: Float64Array) => void,
  x0: ArrayLike<number>,
  options: FixedPointOptions = {},
): FixedPointResult {
  const { d, tol, maxIterations, name } = checkOptions(options);
  const x = Float64Array.from(x0);
  const fx = new Float64Array(x.length);
  let residual = Number.POSITIVE_INFINITY;
  for (let it = 1; it <= maxIterations; it++) {
    F(x, fx);
    residual = 0;
    for (let i = 0; i < x.length; i++) {
      const v = fx[i] as number;
      if (!Number.isFinite(v)) {
        throw new ConvergenceError(`${name}: F(x) is not finite (component ${i}) at iteration ${it}`, Number.NaN, it);
      }
      const r = Math.abs(v - (x[i] as number));
      if (r > residual) residual = r;
    }
    if (residual <= tol) {
      x.set(fx);
      return { x, iterations: it, residual };
    }
    for (let i = 0; i < x.length; i++) x[i] = d * (x[i] as number) + (1 - d) * (fx[i] as number);
  }
  throw new ConvergenceError(
    `${name}: no convergence in ${maxIterations} iterations (residual ${residual.toExponential(3)} > tol ${tol}); try more damping`,
    residual,
    maxIterations,
  );
}

/** Scalar convenience: solves x = f(x); same options and errors as {@link fixedPoint}. */
export function fixedPointScalar(
  f: (x: number) => number,
  x0: number,
  options: FixedPointOptions = {},
): {
  x: number;
  iterations: number;
  residual: number;
} {
  const r = fixedPoint(
    (x, out) => {
      out[0] = f(x[0] as number);
    },
    [x0],
    options,
  );
  return { x: r.x[0] as number, iterations: r.iterations, residual: r.residual };
}
