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

/**
 * One of a fixed set of words, e.g. `checkOneOf(options.dynamics, 'options.dynamics', ['glauber', 'metropolis'])`.
 * @param value - the argument
 * @param name - its name in the message
 * @param values - the accepted words
 * @returns the value, typed as one of the words
 * @throws RangeError `name: expected one of 'a', 'b', got "c"`
 */
export function checkOneOf<const T extends string>(value: unknown, name: string, values: readonly T[]): T {
  if (typeof value !== 'string' || !values.includes(value as T))
    throw new RangeError(
      `${name}: expected one of ${values.map((x) => `'${x}'`).join(', ')}, got ${JSON.stringify(value)}`,
    );
  return value as T;
}

/**
 * An array-like of numbers (a typed array or an array): an object with a numeric `length`.
 * Its entries are the caller's to check (this costs O(1)).
 * @param value - the argument
 * @param name - its name in the message
 * @returns the value
 * @throws TypeError `name: expected an array of numbers, got string`
 */
export function checkArrayLike(value: unknown, name: string): ArrayLike<number> {
  if (value === null || typeof value !== 'object' || typeof (value as ArrayLike<number>).length !== 'number')
    throw new TypeError(`${name}: expected an array of numbers, got ${value === null ? 'null' : typeof value}`);
  return value as ArrayLike<number>;
}
