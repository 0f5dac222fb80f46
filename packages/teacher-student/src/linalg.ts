/**
 * Dense f64 kernels shared by the batch solvers (internal): Gram matrices by register-blocked dot
 * products of contiguous rows, and the in-place Cholesky factorization and solve of SPD systems.
 * @module
 */

/**
 * out ← scale · A Aᵀ for the `rows` × `len` row-major A (out is rows × rows, both triangles
 * written). Four rows of A share each load of row i, so the inner loop does four multiply–adds
 * per five loads, with four independent accumulators.
 */
export function gramRows(a: ArrayLike<number>, rows: number, len: number, scale: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const oi = i * len;
    let j = i;
    for (; j + 3 < rows; j += 4) {
      const o0 = j * len;
      const o1 = o0 + len;
      const o2 = o1 + len;
      const o3 = o2 + len;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < len; k++) {
        const v = a[oi + k]!;
        s0 += v * a[o0 + k]!;
        s1 += v * a[o1 + k]!;
        s2 += v * a[o2 + k]!;
        s3 += v * a[o3 + k]!;
      }
      out[i * rows + j] = out[j * rows + i] = s0 * scale;
      out[i * rows + j + 1] = out[(j + 1) * rows + i] = s1 * scale;
      out[i * rows + j + 2] = out[(j + 2) * rows + i] = s2 * scale;
      out[i * rows + j + 3] = out[(j + 3) * rows + i] = s3 * scale;
    }
    for (; j < rows; j++) {
      const oj = j * len;
      let s = 0;
      for (let k = 0; k < len; k++) s += a[oi + k]! * a[oj + k]!;
      out[i * rows + j] = out[j * rows + i] = s * scale;
    }
  }
}

/** The cols × rows transpose of a rows × cols row-major matrix. */
export function transpose(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) t[c * rows + r] = x[o + c]!;
  }
  return t;
}

/**
 * In-place Cholesky factorization A = LLᵀ of an n×n symmetric row-major matrix (the lower triangle
 * is read and overwritten by L).
 * @returns the index of the first non-positive pivot (A is not positive definite), or −1 on success
 */
export function cholesky(a: Float64Array, n: number): number {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let s = a[rj + j]!;
    for (let k = 0; k < j; k++) s -= a[rj + k]! * a[rj + k]!;
    if (!(s > 0)) return j;
    const ljj = Math.sqrt(s);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let t = a[ri + j]!;
      for (let k = 0; k < j; k++) t -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = t / ljj;
    }
  }
  return -1;
}

/** Solves LLᵀ z = b in place (b ← z) with the factor of {@link cholesky}. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}
