/**
 * Limited-memory BFGS minimization with a backtracking (Armijo) line search,
 * for smooth convex objectives such as pseudo-likelihoods.
 * @module
 */
import { ConvergenceError } from './convergence';

/** Options of {@link lbfgs}. */
export interface LbfgsOptions {
  /** Stop when max_i |∇f_i| ≤ gradTol (default 1e-8). */
  readonly gradTol?: number;
  /** Iteration cap (default 1000). */
  readonly maxIterations?: number;
  /** Correction pairs kept (default 10). */
  readonly memory?: number;
  /** Names the objective in errors. */
  readonly name?: string;
}

/** A converged minimum. */
export interface LbfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  /** max_i |∇f_i| at x. */
  readonly gradNorm: number;
}

/**
 * Minimizes f from x0. `fg(x, grad)` returns f(x) and writes ∇f(x) into `grad`.
 * @throws ConvergenceError with the gradient norm when maxIterations pass or the line search fails
 * @see J. Nocedal, "Updating quasi-Newton matrices with limited storage", Math. Comp. 35 (1980).
 */
export function lbfgs(
  fg: (x: Float64Array, grad: Float64Array) => number,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): LbfgsResult {
  const gradTol = options.gradTol ?? 1e-8;
  const maxIterations = options.maxIterations ?? 1000;
  const mem = options.memory ?? 10;
  const name = options.name ?? 'L-BFGS';
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = fg(x, g);
  if (!Number.isFinite(f))
    throw new ConvergenceError(`${name}: the objective is not finite at the start`, Number.NaN, 0);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Float64Array(mem);
  const maxAbs = (v: Float64Array) => v.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  for (let it = 0; it < maxIterations; it++) {
    const gn = maxAbs(g);
    if (gn <= gradTol) return { x, value: f, iterations: it, gradNorm: gn };
    // Two-loop recursion: d = −H·g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = S.length - 1; k >= 0; k--) {
      let a = 0;
      for (let i = 0; i < n; i++) a += S[k]![i]! * d[i]!;
      a *= rho[k]!;
      alpha[k] = a;
      for (let i = 0; i < n; i++) d[i] = d[i]! - a * Y[k]![i]!;
    }
    if (S.length > 0) {
      const k = S.length - 1;
      let yy = 0;
      for (let i = 0; i < n; i++) yy += Y[k]![i]! * Y[k]![i]!;
      const gamma = 1 / (rho[k]! * yy);
      for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    }
    for (let k = 0; k < S.length; k++) {
      let b = 0;
      for (let i = 0; i < n; i++) b += Y[k]![i]! * d[i]!;
      b *= rho[k]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! + S[k]![i]! * (alpha[k]! - b);
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i]! * d[i]!;
    if (slope >= 0) {
      // Not a descent direction (curvature lost): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = -g.reduce((a, v) => a + v * v, 0);
    }
    let step = S.length === 0 ? Math.min(1, 1 / Math.max(gn, 1e-300)) : 1;
    let fNew = Number.NaN;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = fg(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted)
      throw new ConvergenceError(
        `${name}: line search failed at iteration ${it} (gradient ${gn.toExponential(3)})`,
        gn,
        it,
      );
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (sy > 1e-300) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > mem) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
  }
  throw new ConvergenceError(
    `${name}: no convergence in ${maxIterations} iterations (gradient ${maxAbs(g).toExponential(3)})`,
    maxAbs(g),
    maxIterations,
  );
}
