/**
 * Trial statistics shared by the simulation modules (internal); argument checks are
 * webgpu-kernels' `checkNumber` and `checkInteger`.
 * @module
 */

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
