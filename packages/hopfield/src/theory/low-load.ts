/**
 * The Hopfield model at low load (K finite, N → ∞): symmetric n-mixture states
 * m_μ = m (μ ≤ n), their free energies and stability.
 * @module
 */
import { brent } from '@replica/spin-core/math';

/** A symmetric n-mixture state at temperature T. */
export interface MixtureState {
  readonly n: number;
  readonly temperature: number;
  /** Overlap with each of the n mixed patterns (0 when only the paramagnet exists). */
  readonly m: number;
  /** f = (n/2)m² − T·E_ξ ln 2cosh(βm Σ_{ν≤n} ξ^ν). */
  readonly freeEnergy: number;
  /** q = E_ξ tanh²(βm Σ ξ^ν). */
  readonly q: number;
  /**
   * Eigenvalues of the Hessian of f in the overlaps: the symmetric mixture direction,
   * the n − 1 relative directions, and the directions of the other patterns.
   */
  readonly eigenvalues: { readonly symmetric: number; readonly relative: number; readonly outside: number };
  /** All eigenvalues > 0: a local minimum. */
  readonly stable: boolean;
}

/** Averages f(ξ^1·…) over the 2^n sign patterns of the mixed patterns' entries. */
function signAverage(n: number, f: (sum: number, x1: number, x2: number) => number): number {
  let s = 0;
  for (let bits = 0; bits < 1 << n; bits++) {
    let sum = 0;
    for (let v = 0; v < n; v++) sum += (bits >> v) & 1 ? -1 : 1;
    s += f(sum, bits & 1 ? -1 : 1, n > 1 ? ((bits >> 1) & 1 ? -1 : 1) : 0);
  }
  return s / (1 << n);
}

/**
 * The symmetric n-mixture m = E_ξ[ξ¹ tanh(βm Σ_{ν≤n} ξ^ν)]: its largest root in (0, 1], bracketed
 * and refined by Brent's method, or m = 0 when there is none (n = 1 is the pure retrieval state), with its free energy and Hessian eigenvalues
 * λ_sym = 1 − β(1 − q) + β(n − 1)Q, λ_rel = 1 − β(1 − q) − βQ, λ_out = 1 − β(1 − q),
 * Q = E[ξ¹ξ² tanh²(βm Σξ)].
 * @throws ConvergenceError when Brent's method does not converge
 * @see D. J. Amit, H. Gutfreund, H. Sompolinsky, "Spin-glass models of neural networks", PRA 32 (1985) — symmetric 3-mixtures stable below T ≈ 0.46, even mixtures never.
 */
export function mixtureState(n: number, temperature: number): MixtureState {
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new RangeError(`n: expected an integer in [1, 20], got ${n}`);
  if (!(temperature > 0) || !Number.isFinite(temperature))
    throw new RangeError(`temperature: expected a positive finite number, got ${temperature}`);
  const beta = 1 / temperature;
  const g = (m: number) => signAverage(n, (sum, x1) => x1 * Math.tanh(beta * m * sum)) - m;
  // The symmetric solution is the largest root of g(m) = f(m) − m in (0, 1] (the one the iteration
  // from m = 1 reaches), else the paramagnet m = 0: g(1) < 0, so scan down from 1 for g > 0 and
  // bracket. A bracket, unlike the iteration, needs no time near T = 1, where f'(0) → 1 slows it
  // to a crawl.
  // g(m) > 1e-14·m: above the rounding of f − m (relative ~1e-16), so the critical point gives m = 0
  let m = 0;
  for (let hi = 1, lo = 1 / 1.25; lo > 1e-12; hi = lo, lo /= 1.25)
    if (g(lo) > 1e-14 * lo) {
      m = brent(g, lo, hi, { tol: 1e-15 });
      break;
    }
  const q = signAverage(n, (sum) => Math.tanh(beta * m * sum) ** 2);
  const Q = n > 1 ? signAverage(n, (sum, x1, x2) => x1 * x2 * Math.tanh(beta * m * sum) ** 2) : 0;
  const logTwoCosh = (x: number) => Math.abs(x) + Math.log1p(Math.exp(-2 * Math.abs(x)));
  const freeEnergy = 0.5 * n * m * m - temperature * signAverage(n, (sum) => logTwoCosh(beta * m * sum));
  const outside = 1 - beta * (1 - q);
  const symmetric = outside + beta * (n - 1) * Q;
  const relative = n > 1 ? outside - beta * Q : Number.POSITIVE_INFINITY;
  return {
    n,
    temperature,
    m,
    freeEnergy,
    q,
    eigenvalues: { symmetric, relative, outside },
    stable: Math.abs(m) > 1e-9 && symmetric > 0 && relative > 0 && outside > 0,
  };
}
