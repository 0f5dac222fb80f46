/**
 * Scalar root finding: Brent's bracketing method, and all roots of a function
 * on an interval by scanning for sign changes.
 * @module
 */
import { ConvergenceError } from './convergence';

/** Options of {@link brent}. */
export interface BrentOptions {
  /** Absolute tolerance on the root, default 1e-14 (plus 4ε|x|). */
  readonly tol?: number;
  /** Iteration cap, default 200. */
  readonly maxIterations?: number;
}

/**
 * A root of f in [a, b] by Brent's method (bisection safeguarding secant and
 * inverse quadratic interpolation).
 * @throws RangeError when f(a) and f(b) have the same sign (no bracket) or are not finite;
 *   ConvergenceError when the iteration cap is hit
 * @see R. P. Brent, *Algorithms for Minimization without Derivatives*, ch. 4 (1973).
 */
export function brent(f: (x: number) => number, a: number, b: number, options: BrentOptions = {}): number {
  const tol = options.tol ?? 1e-14;
  const maxIterations = options.maxIterations ?? 200;
  let fa = f(a);
  let fb = f(b);
  if (!Number.isFinite(fa) || !Number.isFinite(fb)) {
    throw new RangeError(`brent: f must be finite at the bracket ends, got f(${a}) = ${fa}, f(${b}) = ${fb}`);
  }
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa * fb > 0) throw new RangeError(`brent: [${a}, ${b}] does not bracket a root (f = ${fa}, ${fb})`);
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 0; it < maxIterations; it++) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  throw new ConvergenceError(`brent: no convergence in ${maxIterations} iterations`, Math.abs(fb), maxIterations);
}

/**
 * All roots of f in [a, b] that a scan on `grid` equal steps can separate:
 * every sign change is refined with {@link brent}; exact zeros at grid points count once.
 * Roots closer together than (b − a)/grid, or of even multiplicity, can be missed.
 * @param grid - scan intervals, default 2000
 */
export function findRoots(
  f: (x: number) => number,
  a: number,
  b: number,
  grid = 2000,
  options: BrentOptions = {},
): number[] {
  if (!(b > a)) throw new RangeError(`findRoots: need a < b, got [${a}, ${b}]`);
  if (!Number.isInteger(grid) || grid < 1) throw new RangeError(`grid: expected a positive integer, got ${grid}`);
  const roots: number[] = [];
  let x0 = a;
  let f0 = f(a);
  if (f0 === 0) roots.push(a);
  for (let k = 1; k <= grid; k++) {
    const x1 = k === grid ? b : a + ((b - a) * k) / grid;
    const f1 = f(x1);
    if (f1 === 0) roots.push(x1);
    else if (f0 !== 0 && f0 * f1 < 0) roots.push(brent(f, x0, x1, options));
    x0 = x1;
    f0 = f1;
  }
  return roots;
}
