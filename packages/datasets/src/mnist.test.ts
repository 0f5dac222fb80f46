import { describe, expect, it } from 'vitest';
import { binarizeImages, binarizeImages01, MNIST_PIXELS, mnistClassSizes, mnistDigits, mnistSplit } from './mnist';

describe('MNIST digits', () => {
  it('has the 10 000 images of the mnist package, 28×28 in [0, 1]', () => {
    const sizes = mnistClassSizes();
    expect(sizes).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('selects deterministically, interleaved by class, and offsets give disjoint sets', () => {
    const a = mnistDigits({ perClass: 3 });
    const b = mnistDigits({ perClass: 3 });
    expect(a.count).toBe(30);
    expect(Array.from(a.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect(a.images).toEqual(b.images);
    const c = mnistDigits({ perClass: 2, classes: [7, 3], offset: 1 });
    expect(Array.from(c.labels)).toEqual([7, 3, 7, 3]);
    expect(Array.from(c.indices)).toEqual([1, 1, 2, 2]);
    // image (class 7, index 2) of the offset selection is row 7 + 2·10 of the first one
    expect(c.images.subarray(2 * MNIST_PIXELS, 3 * MNIST_PIXELS)).toEqual(
      a.images.subarray(27 * MNIST_PIXELS, 28 * MNIST_PIXELS),
    );
    // digits are not blank: a handwritten stroke covers roughly 10–30% of the pixels
    for (let r = 0; r < a.count; r++) {
      let ink = 0;
      for (let t = 0; t < MNIST_PIXELS; t++) ink += a.images[r * MNIST_PIXELS + t]! > 0.5 ? 1 : 0;
      expect(ink / MNIST_PIXELS).toBeGreaterThan(0.03);
      expect(ink / MNIST_PIXELS).toBeLessThan(0.5);
    }
  });

  it('names the argument on bad selections', () => {
    expect(() => mnistDigits({ perClass: 0 })).toThrow(/perClass/);
    expect(() => mnistDigits({ perClass: 900, classes: [5] })).toThrow(/class 5 has 863 images/);
    expect(() => mnistDigits({ classes: [10] })).toThrow(/classes/);
    expect(() => mnistDigits({ classes: [1, 1] })).toThrow(/repeated/);
    expect(() => mnistDigits({ offset: -1 })).toThrow(/offset/);
  });

  it('binarizes at the threshold, strictly above is +1 (edge cases 0, 1, threshold, NaN)', () => {
    expect(Array.from(binarizeImages([0, 0.5, 0.5001, 1]))).toEqual([-1, -1, 1, 1]);
    expect(Array.from(binarizeImages([0, 0.2], 0))).toEqual([-1, 1]);
    expect(() => binarizeImages([Number.NaN])).toThrow(/NaN at index 0/);
    expect(() => binarizeImages([0], 1)).toThrow(/threshold/);
  });

  it('splits train/test deterministically: disjoint, covering, ⌈f·n_c⌉ test images per class', () => {
    const train = mnistSplit('train');
    const test = mnistSplit('test');
    const sizes = mnistClassSizes();
    expect(train.count + test.count).toBe(10_000);
    for (let d = 0; d < 10; d++) {
      const nTest = Array.from(test.labels).filter((l) => l === d).length;
      const nTrain = Array.from(train.labels).filter((l) => l === d).length;
      expect(nTest).toBe(Math.ceil(0.2 * sizes[d]!));
      expect(nTrain + nTest).toBe(sizes[d]);
      // every test index of class d comes after every training index of class d
      const maxTrain = Math.max(...Array.from(train.indices).filter((_, r) => train.labels[r] === d));
      const minTest = Math.min(...Array.from(test.indices).filter((_, r) => test.labels[r] === d));
      expect(minTest).toBe(maxTrain + 1);
    }
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // the first training row is image 0 of class 0, the same as mnistDigits' first row
    expect(train.images.subarray(0, MNIST_PIXELS)).toEqual(mnistDigits().images.subarray(0, MNIST_PIXELS));
    expect(mnistSplit('test', { testFraction: 0.5 }).count).toBe(sizes.reduce((s, n) => s + Math.ceil(n / 2), 0));
    expect(() => mnistSplit('test', { testFraction: 1 })).toThrow(/testFraction/);
    expect(() => mnistSplit('validation' as 'test')).toThrow(/part/);
  });

  it('binarizes to 0/1 floats at the same threshold as the ±1 spins', () => {
    const x = [0, 0.5, 0.5001, 1];
    expect(Array.from(binarizeImages01(x))).toEqual([0, 0, 1, 1]);
    expect(Array.from(binarizeImages(x))).toEqual([-1, -1, 1, 1]);
    expect(() => binarizeImages01([Number.NaN])).toThrow(/NaN at index 0/);
  });
});
