import { describe, expect, it } from 'vitest';
import { checkArrayLike, checkInteger, checkNumber, checkOneOf } from './checks';

describe('checkNumber', () => {
  it('returns finite numbers within the bounds, inclusive unless marked exclusive', () => {
    expect(checkNumber(0, 'x', { min: 0 })).toBe(0);
    expect(checkNumber(1, 'x', { min: 0, max: 1 })).toBe(1);
    expect(checkNumber(-5e300, 'x')).toBe(-5e300);
    expect(checkNumber(0.25, 'p', { min: 0, max: 0.5, maxExclusive: true })).toBe(0.25);
  });

  it.each([
    [Number.NaN, {}, 'x: expected a finite number, got NaN'],
    [Number.POSITIVE_INFINITY, { min: 0 }, 'x: expected a finite number ≥ 0, got Infinity'],
    [Number.NEGATIVE_INFINITY, {}, 'x: expected a finite number, got -Infinity'],
    [-1, { min: 0 }, 'x: expected a finite number ≥ 0, got -1'],
    [0, { min: 0, minExclusive: true }, 'x: expected a finite number > 0, got 0'],
    [2, { max: 1 }, 'x: expected a finite number ≤ 1, got 2'],
    [1, { max: 1, maxExclusive: true }, 'x: expected a finite number < 1, got 1'],
    [0.5, { min: 0, max: 0.5, maxExclusive: true }, 'x: expected a finite number in [0, 0.5), got 0.5'],
    [0, { min: 0, max: 1, minExclusive: true, maxExclusive: true }, 'x: expected a finite number in (0, 1), got 0'],
    ['1', {}, 'x: expected a finite number, got 1'],
    [undefined, { min: 0 }, 'x: expected a finite number ≥ 0, got undefined'],
  ])('refuses %s with bounds %j', (v, bounds, message) => {
    expect(() => checkNumber(v, 'x', bounds)).toThrow(new RangeError(message));
  });
});

describe('checkInteger', () => {
  it('returns safe integers within inclusive bounds', () => {
    expect(checkInteger(0, 'n', { min: 0 })).toBe(0);
    expect(checkInteger(300, 'n', { min: 1, max: 300 })).toBe(300);
    expect(checkInteger(Number.MAX_SAFE_INTEGER, 'n')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    [1.5, { min: 1 }, 'n: expected an integer ≥ 1, got 1.5'],
    [0, { min: 1 }, 'n: expected an integer ≥ 1, got 0'],
    [301, { min: 1, max: 300 }, 'n: expected an integer in [1, 300], got 301'],
    [Number.NaN, {}, 'n: expected an integer, got NaN'],
    [2 ** 53, {}, 'n: expected an integer, got 9007199254740992'],
    [null, { min: 1 }, 'n: expected an integer ≥ 1, got null'],
  ])('refuses %s with bounds %j', (v, bounds, message) => {
    expect(() => checkInteger(v, 'n', bounds)).toThrow(new RangeError(message));
  });
});

describe('checkOneOf and checkArrayLike', () => {
  it('accept the words and array-likes, and name the argument otherwise', () => {
    expect(checkOneOf('glauber', 'options.dynamics', ['glauber', 'metropolis'])).toBe('glauber');
    expect(() => checkOneOf('heat-bath', 'options.dynamics', ['glauber', 'metropolis'])).toThrow(
      `options.dynamics: expected one of 'glauber', 'metropolis', got "heat-bath"`,
    );
    expect(() => checkOneOf(undefined, 'kind', ['a'])).toThrow(/^kind: expected one of 'a', got undefined$/);
    expect(() => checkOneOf(1, 'kind', ['a'])).toThrow(RangeError);
    expect(checkArrayLike([1, 2], 'z')).toEqual([1, 2]);
    expect(checkArrayLike(new Float32Array(2), 'z')).toHaveLength(2);
    expect(() => checkArrayLike('12', 'z')).toThrow(new TypeError('z: expected an array of numbers, got string'));
    expect(() => checkArrayLike(null, 'z')).toThrow(/got null/);
  });
});
