/**
 * Small helpers shared inside the package (not exported).
 * @module
 */

/** True when values[i·n + j] = values[j·n + i] for all i, j. */
export function isSymmetricDense(values: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (values[i * n + j] !== values[j * n + i]) return false;
  return true;
}

/** 12345 → "12 345" for messages. */
export function formatCount(n: number): string {
  return n.toLocaleString('en').replace(/,/g, ' ');
}

/** @throws RangeError unless β is a finite number ≥ 0. */
export function checkBeta(beta: unknown, argName = 'beta'): number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0) {
    throw new RangeError(`${argName}: expected a finite number ≥ 0, got ${String(beta)}`);
  }
  return beta;
}

/** The transpose of an n×n row-major matrix. */
export function transposeDense(values: Float32Array, n: number): Float32Array {
  const t = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = values[i * n + j]!;
  return t;
}

/** CSR of the transpose: row i lists every j with J_ji ≠ 0 (what a flip of σ_i changes). */
export function transposeCsr(
  rowPtr: Int32Array,
  colIdx: Int32Array,
  values: Float32Array,
  n: number,
): [Int32Array, Int32Array, Float32Array] {
  const counts = new Int32Array(n + 1);
  for (let t = 0; t < colIdx.length; t++) counts[colIdx[t]! + 1] = counts[colIdx[t]! + 1]! + 1;
  for (let i = 0; i < n; i++) counts[i + 1] = counts[i + 1]! + counts[i]!;
  const next = counts.slice(0, n);
  const cols = new Int32Array(colIdx.length);
  const vals = new Float32Array(values.length);
  for (let i = 0; i < n; i++)
    for (let t = rowPtr[i]!; t < rowPtr[i + 1]!; t++) {
      const j = colIdx[t]!;
      const dst = next[j]!;
      next[j] = dst + 1;
      cols[dst] = i;
      vals[dst] = values[t]!;
    }
  return [counts, cols, vals];
}
