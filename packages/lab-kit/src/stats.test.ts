import { describe, expect, it } from 'vitest';
import { meanStderr, median } from './stats';

describe('meanStderr', () => {
  it('gives the sample mean, the n − 1 standard deviation and s/√n', () => {
    const r = meanStderr([1, 2, 3, 4]);
    expect(r.mean).toBe(2.5);
    expect(r.std).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(r.stderr).toBeCloseTo(Math.sqrt(5 / 3) / 2, 15);
    expect(r.n).toBe(4);
  });

  it('has no spread for one value, and refuses none', () => {
    expect(meanStderr(new Float64Array([7]))).toEqual({ mean: 7, std: 0, stderr: 0, n: 1 });
    expect(() => meanStderr([])).toThrow(RangeError);
  });

  it('propagates NaN rather than hiding it', () => {
    expect(meanStderr([1, Number.NaN]).mean).toBeNaN();
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
});
