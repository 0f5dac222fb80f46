/**
 * fast-check arbitraries shared by the packages' property tests.
 * @module
 */
import fc from 'fast-check';

/** A 32-bit float array of length in [minLength, maxLength], entries uniform-ish in [min, max], no NaN. */
export function f32Array(opts: {
  minLength?: number;
  maxLength: number;
  min?: number;
  max?: number;
}): fc.Arbitrary<Float32Array> {
  const { minLength = 1, maxLength, min = -4, max = 4 } = opts;
  return fc
    .array(fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true }), {
      minLength,
      maxLength,
    })
    .map((xs) => Float32Array.from(xs));
}

/**
 * Matrix extents that straddle kernel tile and workgroup sizes: 1, small
 * primes, and values around 16, 64 and 256.
 */
export function extent(max = 80): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(...[1, 2, 3, 15, 16, 17, 63, 64, 65].filter((d) => d <= max)),
    fc.integer({ min: 1, max }),
  );
}

/** A seed for the Philox key: a non-negative safe integer. */
export const seed: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.constantFrom(0, 1, 2 ** 32, Number.MAX_SAFE_INTEGER),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);

/** Up to three u32 counter words. */
export const counter: fc.Arbitrary<number[]> = fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 3 });
