/**
 * Tolerance helpers for numerical tests: every comparison states its tolerance
 * and reports the worst element when it fails.
 * @module
 */

/** Options of {@link allClose}: |a − e| ≤ atol + rtol·|e| elementwise. */
export interface CloseOptions {
  readonly rtol?: number;
  readonly atol?: number;
}

/** The worst element of a comparison. */
export interface CloseReport {
  readonly ok: boolean;
  readonly index: number;
  readonly actual: number;
  readonly expected: number;
  readonly error: number;
  readonly allowed: number;
}

/**
 * Compares two arrays elementwise with |a − e| ≤ atol + rtol·|e| (numpy's
 * `allclose` rule); NaN matches only NaN and ±∞ only the same infinity.
 * @returns the element with the largest excess over its allowance (or the first mismatch of length/non-finite value)
 */
export function allClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol = 0, atol = 0 }: CloseOptions,
): CloseReport {
  if (actual.length !== expected.length) {
    return {
      ok: false,
      index: -1,
      actual: actual.length,
      expected: expected.length,
      error: Number.POSITIVE_INFINITY,
      allowed: 0,
    };
  }
  let worst: CloseReport = { ok: true, index: -1, actual: 0, expected: 0, error: 0, allowed: 0 };
  let worstExcess = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (!Number.isFinite(a) || !Number.isFinite(e)) {
      const same = a === e || (Number.isNaN(a) && Number.isNaN(e));
      if (!same) return { ok: false, index: i, actual: a, expected: e, error: Number.POSITIVE_INFINITY, allowed: 0 };
      continue;
    }
    const error = Math.abs(a - e);
    const allowed = atol + rtol * Math.abs(e);
    if (error - allowed > worstExcess) {
      worstExcess = error - allowed;
      worst = { ok: error <= allowed, index: i, actual: a, expected: e, error, allowed };
    }
  }
  return worst.ok || worstExcess <= 0 ? { ...worst, ok: true } : worst;
}

/** Renders a failed {@link CloseReport} for an assertion message. */
export function describeClose(r: CloseReport): string {
  if (r.index < 0 && !r.ok) return `length ${r.actual} ≠ expected length ${r.expected}`;
  return `element ${r.index}: got ${r.actual}, expected ${r.expected} (|Δ| = ${r.error}, allowed ${r.allowed})`;
}

/**
 * Throws with the worst element when `actual` is not close to `expected`.
 * Use inside fast-check properties and plain tests alike.
 */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  options: CloseOptions,
  what = 'values',
): void {
  const r = allClose(actual, expected, options);
  if (!r.ok)
    throw new Error(`${what} differ beyond rtol=${options.rtol ?? 0}, atol=${options.atol ?? 0}: ${describeClose(r)}`);
}
