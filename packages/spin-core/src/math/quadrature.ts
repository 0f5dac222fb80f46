/**
 * Gauss–Hermite quadrature and Gaussian expectations ∫Dz f(z), Dz = e^{−z²/2} dz/√(2π),
 * the integral every replica-symmetric saddle point is made of.
 * @module
 */

/** Nodes x_k and weights w_k with ∫ e^{−x²} f(x) dx ≈ Σ_k w_k f(x_k) (exact for polynomials of degree < 2n). */
export interface GaussHermiteRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const cache = new Map<number, GaussHermiteRule>();
const PI_M14 = Math.PI ** -0.25;

/**
 * Eigenvalues d and first eigenvector components z of the symmetric tridiagonal
 * matrix with diagonal d and off-diagonal e (e[i] couples i and i + 1), by the
 * implicit QL method with Wilkinson shifts; d and z are overwritten.
 */
function tridiagonalEigen(d: Float64Array, e: Float64Array, z: Float64Array): void {
  const n = d.length;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (iter++ === 100) throw new Error('gaussHermite: the QL iteration did not converge');
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        const zf = z[i + 1]!;
        z[i + 1] = s * z[i]! + c * zf;
        z[i] = c * z[i]! - s * zf;
      }
      if (r === 0 && i >= l) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/**
 * The n-point Gauss–Hermite rule (physicists' weight e^{−x²}). Nodes are the
 * eigenvalues of the Jacobi matrix (zero diagonal, off-diagonal √(k/2)); each is
 * then polished by Newton's method on the orthonormal Hermite recurrence
 * p_{k+1} = √(2/(k+1)) x p_k − √(k/(k+1)) p_{k−1}, and w_k = 2/p′_n(x_k)².
 * Rules are cached.
 * @param n - points, 1 ≤ n ≤ 300
 * @throws RangeError for other n
 * @see G. H. Golub, J. H. Welsch, "Calculation of Gauss quadrature rules", Math. Comp. 23 (1969).
 */
export function gaussHermite(n: number): GaussHermiteRule {
  if (!Number.isInteger(n) || n < 1 || n > 300) throw new RangeError(`n: expected an integer in [1, 300], got ${n}`);
  const hit = cache.get(n);
  if (hit) return hit;
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  for (let k = 1; k < n; k++) e[k - 1] = Math.sqrt(k / 2);
  const z = new Float64Array(n);
  z[0] = 1;
  tridiagonalEigen(d, e, z);
  const order = Array.from(d.keys()).sort((a, b) => d[a]! - d[b]!);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (const [rank, k] of order.entries()) {
    let x = d[k]!;
    let pp = 0;
    for (let it = 0; it < 3; it++) {
      let p1 = PI_M14;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = x * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      x -= p1 / pp;
    }
    nodes[rank] = x;
    weights[rank] = 2 / (pp * pp);
  }
  // Exact symmetry: the rule is even about 0.
  for (let k = 0; k < n >> 1; k++) {
    const x = 0.5 * (nodes[n - 1 - k]! - nodes[k]!);
    const w = 0.5 * (weights[k]! + weights[n - 1 - k]!);
    nodes[k] = -x;
    nodes[n - 1 - k] = x;
    weights[k] = w;
    weights[n - 1 - k] = w;
  }
  if (n % 2 === 1) nodes[n >> 1] = 0;
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}

/**
 * The Gaussian expectation ∫Dz f(z) = ∫ e^{−z²/2} f(z) dz/√(2π) ≈ Σ_k (w_k/√π) f(√2 x_k).
 * Exact for polynomials of degree < 2·points and fast for smooth f. Not for steep or kinked f
 * (tanh(βz) at large β, H(κ − z)-like steps): there the nodes are too sparse — use
 * `gaussianExpectationAdaptive`.
 * @param points - Gauss–Hermite points, default 64
 */
export function gaussianExpectation(f: (z: number) => number, points = 64): number {
  const { nodes, weights } = gaussHermite(points);
  let s = 0;
  for (let k = 0; k < nodes.length; k++) s += (weights[k] as number) * f(Math.SQRT2 * (nodes[k] as number));
  return s / Math.sqrt(Math.PI);
}
