/**
 * Argument checks and trial statistics shared by the simulation modules (internal).
 * @module
 */

/** @throws RangeError naming `name` unless v is a finite number ≥ min. */
export function checkFinite(v: unknown, name: string, min: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
    throw new RangeError(`${name}: expected a finite number ≥ ${min}, got ${String(v)}`);
  return v;
}

/** @throws RangeError naming `name` unless v is a safe integer ≥ min. */
export function checkCount(v: unknown, name: string, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    throw new RangeError(`${name}: expected an integer ≥ ${min}, got ${String(v)}`);
  return v;
}

/** The mean of per-trial values and its standard error s/√n (0 for one trial). */
export function meanStderr(values: Float64Array): { mean: number; stderr: number } {
  const n = values.length;
  let sum = 0;
  for (let t = 0; t < n; t++) sum += values[t]!;
  const mean = sum / n;
  let ss = 0;
  for (let t = 0; t < n; t++) ss += (values[t]! - mean) ** 2;
  return { mean, stderr: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 };
}
