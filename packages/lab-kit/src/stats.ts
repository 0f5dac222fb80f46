/**
 * Summary statistics every experiment reports beside its points.
 * @module
 */

/** A sample mean with its spread. */
export interface MeanStderr {
  readonly mean: number;
  /** Sample standard deviation s = √(Σ(x − x̄)²/(n − 1)) (0 for one value). */
  readonly std: number;
  /** Standard error of the mean s/√n (0 for one value). */
  readonly stderr: number;
  readonly n: number;
}

/**
 * The mean, sample standard deviation and standard error of independent values.
 * @param values - at least one value
 * @returns {@link MeanStderr}
 * @throws RangeError when `values` is empty
 */
export function meanStderr(values: ArrayLike<number>): MeanStderr {
  const n = values.length;
  if (n === 0) throw new RangeError('values: expected at least one value, got none');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  return { mean, std, stderr: std / Math.sqrt(n), n };
}

/**
 * The median of values (the mean of the middle two for an even count).
 * @param values - at least one value
 * @returns the median
 * @throws RangeError when `values` is empty
 */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError('values: expected at least one value, got none');
  const s = Array.from(values).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
