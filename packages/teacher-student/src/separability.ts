/**
 * Exact linear separability through the origin: do P labelled points (x_μ ∈ R^N, y_μ = ±1)
 * admit a w with y_μ w·x_μ > 0 for every μ? Decided per instance by linear programming
 * (Gordan's alternative), never by a perceptron with an iteration cap.
 *
 * With a_μ = y_μ x_μ / ‖x_μ‖, exactly one of the following holds (Gordan 1873):
 *
 *   (S) ∃ w: a_μ·w > 0 ∀μ               — the points are separable;
 *   (C) ∃ λ ≥ 0, Σ_μ λ_μ = 1, Σ_μ λ_μ a_μ = 0 — 0 lies in the convex hull of the a_μ.
 *
 * (C) is a standard-form feasibility problem in the P unknowns λ, solved here by Phase I of the
 * dense simplex method (N + 1 artificial variables, Bland's rule against cycling). Its optimum
 * is 0 exactly when (C) holds; otherwise the Phase I dual (v, t) has t > 0 and a_μ·v + t ≤ 0 for
 * every μ, so w = −v certifies (S). Both certificates are re-checked in f64 on the input.
 * @module
 */

/** Options of {@link isLinearlySeparable}. */
export interface SeparabilityOptions {
  /** Input dimension N (the row length of `x`); required. */
  readonly n: number;
}

/** The answer of {@link isLinearlySeparable}. */
export interface SeparabilityResult {
  /** Whether some w has y_μ w·x_μ > 0 for every μ. */
  readonly separable: boolean;
  /**
   * When separable: a certificate w (length N), verified in f64 to satisfy min_μ y_μ w·x_μ > 0
   * with a margin above the rounding error of the dot products.
   */
  readonly w?: Float64Array;
  /** Simplex pivots taken. */
  readonly pivots: number;
}

/**
 * Pivot tolerance: tableau entries with |a| ≤ 1e-9 are treated as zero in the ratio test, and
 * reduced costs must be below −1e-9 to enter. After row normalization every entry of the
 * initial tableau lies in [−1, 1], so 1e-9 sits ~7 orders above the f64 rounding accumulated
 * over the ≲ 10³ Gauss–Jordan pivots of an N ≤ 100, P ≤ 400 problem (≈ pivots·eps ≈ 1e-13 per
 * entry for a well-conditioned basis) and far below any entry that matters.
 */
const PIVOT_TOL = 1e-9;
/**
 * A convex combination Σ λ_μ a_μ of unit vectors with ‖·‖_∞ ≤ 1e-8 is accepted as a certificate
 * of non-separability: the points are then within an angle ~1e-8 of containing the origin in
 * their hull, below what the f64 tableau resolves (see {@link PIVOT_TOL}).
 */
const HULL_TOL = 1e-8;

/**
 * Whether row i is lexicographically smaller than row k in the ratio test: compares
 * (b_i, B⁻¹_i·)/a_i with (b_k, B⁻¹_k·)/a_k, entries within PIVOT_TOL counted equal.
 */
function lexLess(
  T: Float64Array,
  width: number,
  rhs: number,
  first: number,
  m: number,
  i: number,
  ai: number,
  k: number,
  ak: number,
): boolean {
  const di = Math.max(0, T[i * width + rhs] as number) / ai;
  const dk = Math.max(0, T[k * width + rhs] as number) / ak;
  if (di < dk - PIVOT_TOL) return true;
  if (di > dk + PIVOT_TOL) return false;
  for (let j = first; j < first + m; j++) {
    const ei = (T[i * width + j] as number) / ai;
    const ek = (T[k * width + j] as number) / ak;
    if (ei < ek - PIVOT_TOL) return true;
    if (ei > ek + PIVOT_TOL) return false;
  }
  return i < k;
}

function checkN(n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`n: expected an integer ≥ 1, got ${String(n)}`);
  return n;
}

/**
 * Decides exactly whether the labelled points are linearly separable through the origin,
 * ∃ w ∈ R^N: y_μ w·x_μ > 0 for μ = 1…P, by Phase I of the simplex method on Gordan's
 * alternative (see the module comment). A point x_μ = 0 makes the instance non-separable; P = 0
 * is separable (w = e_1). Sizes in mind: N ≤ ~100, P ≤ ~4N (dense tableau of (N+1)×(P+N+1)).
 *
 * @param x - the points, P × N row-major (x[μ·N + i] = x_μi), finite
 * @param y - the labels y_μ ∈ {−1, +1}, length P
 * @param options - `n`: the dimension N
 * @returns `{ separable, w, pivots }`, with a verified certificate `w` when separable
 * @throws TypeError/RangeError naming the argument on bad shapes or values; Error when the LP is
 *   numerically ambiguous (neither certificate verifies), rather than guessing
 * @see T. M. Cover, "Geometrical and statistical properties of systems of linear inequalities
 *   with applications in pattern recognition", IEEE Trans. Electron. Comput. 14, 326 (1965)
 * @see R. G. Bland, "New finite pivoting rules for the simplex method", Math. Oper. Res. 2, 103 (1977)
 */
export function isLinearlySeparable(
  x: Float64Array,
  y: Int8Array | ArrayLike<number>,
  options: SeparabilityOptions,
): SeparabilityResult {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected { n }');
  const n = checkN(options.n);
  if (!(x instanceof Float64Array)) throw new TypeError('x: expected a Float64Array (P × N row-major)');
  if (x.length % n !== 0)
    throw new RangeError(`x: expected P × N values with N = ${n}, got ${x.length} (not a multiple of N)`);
  const p = x.length / n;
  if (y === null || typeof y !== 'object' || typeof y.length !== 'number')
    throw new TypeError('y: expected an Int8Array or array of ±1 labels');
  if (y.length !== p)
    throw new RangeError(`y: expected P = ${p} labels (x has ${p} rows of N = ${n}), got ${y.length}`);
  for (let mu = 0; mu < p; mu++)
    if (y[mu] !== 1 && y[mu] !== -1) throw new RangeError(`y: expected ±1 labels, got ${String(y[mu])} at index ${mu}`);
  for (let t = 0; t < x.length; t++)
    if (!Number.isFinite(x[t])) throw new RangeError(`x: non-finite value ${x[t]} at index ${t}`);

  if (p === 0) {
    const w = new Float64Array(n);
    w[0] = 1;
    return { separable: true, w, pivots: 0 };
  }

  // a_μ = y_μ x_μ / ‖x_μ‖ (positive scaling does not change either alternative)
  const a = new Float64Array(p * n);
  for (let mu = 0; mu < p; mu++) {
    let s = 0;
    for (let i = 0; i < n; i++) s = Math.hypot(s, x[mu * n + i] as number);
    if (s === 0) return { separable: false, pivots: 0 }; // y w·0 = 0 is never > 0
    const f = (y[mu] as number) / s;
    for (let i = 0; i < n; i++) a[mu * n + i] = f * (x[mu * n + i] as number);
  }

  // Phase I tableau: rows i < N: Σ_μ a_μi λ_μ + s_i = 0; row N: Σ_μ λ_μ + s_N = 1.
  // Columns 0…P−1: λ; P…P+N: artificials s; column P+N+1: right-hand side.
  const m = n + 1;
  const cols = p + m;
  const width = cols + 1;
  const T = new Float64Array(m * width);
  for (let i = 0; i < n; i++) for (let mu = 0; mu < p; mu++) T[i * width + mu] = a[mu * n + i] as number;
  for (let mu = 0; mu < p; mu++) T[n * width + mu] = 1;
  for (let i = 0; i < m; i++) T[i * width + p + i] = 1;
  T[n * width + cols] = 1;
  const basis = new Int32Array(m);
  for (let i = 0; i < m; i++) basis[i] = p + i;
  // reduced costs of min Σ s: r_j = c_j − Σ_i T_ij (all artificials basic with cost 1)
  const r = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    let s = j >= p && j < cols ? 1 : 0;
    for (let i = 0; i < m; i++) s -= T[i * width + j] as number;
    r[j] = s;
  }
  r.fill(0, p, cols); // artificial columns are basic: reduced cost exactly 0

  const maxPivots = 50 * (m + cols) + 1000;
  let pivots = 0;
  for (;;) {
    // Dantzig: the column with the most negative reduced cost enters
    let enter = -1;
    let rMin = -PIVOT_TOL;
    for (let j = 0; j < cols; j++)
      if ((r[j] as number) < rMin) {
        rMin = r[j] as number;
        enter = j;
      }
    if (enter < 0) break;
    // ratio test with lexicographic tie-breaking on the rows of B⁻¹ (the artificial columns), the
    // symbolic perturbation b + (ε, ε², …) that rules out cycling on this highly degenerate start
    let leave = -1;
    for (let i = 0; i < m; i++) {
      const aij = T[i * width + enter] as number;
      if (aij <= PIVOT_TOL) continue;
      if (leave < 0 || lexLess(T, width, cols, p, m, i, aij, leave, T[leave * width + enter] as number)) leave = i;
    }
    if (leave < 0) throw new Error('isLinearlySeparable: Phase I unbounded (cannot happen); numerically ambiguous LP');
    if (++pivots > maxPivots)
      throw new Error(`isLinearlySeparable: no optimum after ${maxPivots} pivots; numerically ambiguous LP`);
    const row = leave * width;
    const piv = T[row + enter] as number;
    for (let j = 0; j < width; j++) T[row + j] = (T[row + j] as number) / piv;
    T[row + enter] = 1;
    for (let i = 0; i < m; i++) {
      if (i === leave) continue;
      const f = T[i * width + enter] as number;
      if (f === 0) continue;
      const o = i * width;
      for (let j = 0; j < width; j++) T[o + j] = (T[o + j] as number) - f * (T[row + j] as number);
      T[o + enter] = 0;
    }
    const f = r[enter] as number;
    for (let j = 0; j < width; j++) r[j] = (r[j] as number) - f * (T[row + j] as number);
    r[enter] = 0;
    basis[leave] = enter;
  }

  // Separable? The Phase I dual u = c_Bᵀ B⁻¹ = 1 − r_s (B⁻¹ sits in the artificial columns);
  // u = (v, t) with a_μ·v + t ≤ 0, so w = −v.
  const w = new Float64Array(n);
  let wNorm = 0;
  for (let i = 0; i < n; i++) {
    w[i] = (r[p + i] as number) - 1;
    wNorm = Math.hypot(wNorm, w[i] as number);
  }
  if (wNorm > 0 && Number.isFinite(wNorm)) {
    for (let i = 0; i < n; i++) w[i] = (w[i] as number) / wNorm;
    // rounding of a dot product of unit vectors in R^N is below N·eps; demand 64× that
    const bound = 64 * n * Number.EPSILON;
    let minUnit = Number.POSITIVE_INFINITY;
    let minRaw = Number.POSITIVE_INFINITY;
    for (let mu = 0; mu < p; mu++) {
      let su = 0;
      let sr = 0;
      for (let i = 0; i < n; i++) {
        su += (a[mu * n + i] as number) * (w[i] as number);
        sr += (x[mu * n + i] as number) * (w[i] as number);
      }
      minUnit = Math.min(minUnit, su);
      minRaw = Math.min(minRaw, (y[mu] as number) * sr);
    }
    if (minUnit > bound && minRaw > 0) return { separable: true, w, pivots };
  }

  // Not separable? The basic λ, normalized, must put 0 in the hull of the a_μ.
  const lambda = new Float64Array(p);
  let sum = 0;
  for (let i = 0; i < m; i++) {
    const j = basis[i] as number;
    if (j < p) {
      const v = Math.max(0, T[i * width + cols] as number);
      lambda[j] = v;
      sum += v;
    }
  }
  if (sum > 0) {
    let resid = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let mu = 0; mu < p; mu++) s += (lambda[mu] as number) * (a[mu * n + i] as number);
      resid = Math.max(resid, Math.abs(s / sum));
    }
    if (resid <= HULL_TOL) return { separable: false, pivots };
  }
  throw new Error(
    'isLinearlySeparable: numerically ambiguous LP (neither a separating w nor a convex combination of the points at 0 verifies)',
  );
}

/**
 * The separation margin of a weight vector on labelled points, min_μ y_μ w·x_μ (unnormalized):
 * positive exactly when w separates them through the origin.
 * @param x - P × n inputs, row-major
 * @param y - P labels ±1
 * @throws RangeError when the lengths disagree
 */
export function separationMargin(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>, n: number): number {
  if (w.length !== n || x.length !== y.length * n)
    throw new RangeError(`x, y, w: expected ${y.length}×${n} inputs and ${n} weights, got ${x.length} and ${w.length}`);
  let m = Number.POSITIVE_INFINITY;
  for (let mu = 0; mu < y.length; mu++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[mu * n + i] as number) * (w[i] as number);
    m = Math.min(m, (y[mu] as number) * s);
  }
  return m;
}
