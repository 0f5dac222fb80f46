/**
 * Argument checks every Replica package uses: one wording for every bad argument, naming it,
 * saying what was expected, and showing what was given. Nothing is clipped; bad input throws.
 * @module
 */

/** Bounds of a number: inclusive unless marked exclusive. */
export interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  /** The lower bound itself is refused (x > min). */
  readonly minExclusive?: boolean;
  /** The upper bound itself is refused (x < max). */
  readonly maxExclusive?: boolean;
}

function boundsText(b: NumberBounds): string {
  const lo = b.min !== undefined;
  const hi = b.max !== undefined;
  if (lo && hi) return ` in ${b.minExclusive ? '(' : '['}${b.min}, ${b.max}${b.maxExclusive ? ')' : ']'}`;
  if (lo) return ` ${b.minExclusive ? '>' : '≥'} ${b.min}`;
  if (hi) return ` ${b.maxExclusive ? '<' : '≤'} ${b.max}`;
  return '';
}

function within(v: number, b: NumberBounds): boolean {
  if (b.min !== undefined && (b.minExclusive ? !(v > b.min) : !(v >= b.min))) return false;
  if (b.max !== undefined && (b.maxExclusive ? !(v < b.max) : !(v <= b.max))) return false;
  return true;
}

/**
 * A finite number within bounds, e.g. `checkNumber(beta, 'beta', { min: 0 })`.
 * @param value - the argument
 * @param name - its name in the message (e.g. `options.lambda`)
 * @param bounds - min/max, inclusive unless marked exclusive
 * @returns the value
 * @throws RangeError `name: expected a finite number ≥ 0, got -1` (the bounds as given)
 */
export function checkNumber(value: unknown, name: string, bounds: NumberBounds = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !within(value, bounds))
    throw new RangeError(`${name}: expected a finite number${boundsText(bounds)}, got ${String(value)}`);
  return value;
}

/**
 * A safe integer within inclusive bounds, e.g. `checkInteger(n, 'n', { min: 1 })`.
 * @param value - the argument
 * @param name - its name in the message
 * @param bounds - inclusive min/max
 * @returns the value
 * @throws RangeError `name: expected an integer ≥ 1, got 0`
 */
export function checkInteger(
  value: unknown,
  name: string,
  bounds: { readonly min?: number; readonly max?: number } = {},
): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || !within(value, bounds))
    throw new RangeError(`${name}: expected an integer${boundsText(bounds)}, got ${String(value)}`);
  return value;
}
