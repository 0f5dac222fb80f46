/**
 * Small dense linear algebra in f64 for the theory side (mean-field inversion,
 * Newton steps): LU with partial pivoting, solves and inverses.
 * @module
 */

/**
 * The inverse of an n×n row-major matrix, by Gauss–Jordan elimination with partial pivoting.
 * @throws RangeError on a shape mismatch; Error when the matrix is singular to working precision
 */
export function invertMatrix(a: ArrayLike<number>, n: number): Float64Array {
  if (a.length !== n * n) throw new RangeError(`a: expected ${n}×${n} = ${n * n} entries, got ${a.length}`);
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(m[i]!));
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]!) > Math.abs(m[piv * n + col]!)) piv = r;
    const p = m[piv * n + col]!;
    if (Math.abs(p) <= 1e-13 * scale || scale === 0)
      throw new Error(`invertMatrix: the matrix is singular (pivot ${p} in column ${col})`);
    if (piv !== col) {
      for (let j = 0; j < n; j++) {
        const t = m[col * n + j]!;
        m[col * n + j] = m[piv * n + j]!;
        m[piv * n + j] = t;
        const u = inv[col * n + j]!;
        inv[col * n + j] = inv[piv * n + j]!;
        inv[piv * n + j] = u;
      }
    }
    const ip = 1 / p;
    for (let j = 0; j < n; j++) {
      m[col * n + j] = m[col * n + j]! * ip;
      inv[col * n + j] = inv[col * n + j]! * ip;
    }
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const fct = m[r * n + col]!;
      if (fct === 0) continue;
      for (let j = 0; j < n; j++) {
        m[r * n + j] = m[r * n + j]! - fct * m[col * n + j]!;
        inv[r * n + j] = inv[r * n + j]! - fct * inv[col * n + j]!;
      }
    }
  }
  return inv;
}

/** Solves A x = b for an n×n row-major A (Gaussian elimination with partial pivoting). */
export function solveLinear(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  if (b.length !== n) throw new RangeError(`b: expected ${n} entries, got ${b.length}`);
  const inv = invertMatrix(a, n);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += inv[i * n + j]! * b[j]!;
    x[i] = s;
  }
  return x;
}
