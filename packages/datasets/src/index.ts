/**
 * `@replica/datasets`: small, deterministic datasets for the statistical mechanics of
 * learning. MNIST digits in a fixed order, binarized into ±1 patterns for Hopfield
 * networks and RBMs.
 * @module
 */

export type { FashionMnistOptions, IdxArray } from './idx';
export { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, fashionMnist, readIdx } from './idx';
export type { ImageSet, MnistSelection, MnistSplitOptions } from './mnist';
export {
  binarizeImages,
  binarizeImages01,
  MNIST_PIXELS,
  MNIST_SIDE,
  mnistClassSizes,
  mnistDigits,
  mnistSplit,
} from './mnist';
export type { NpyArray, NpyDtype } from './npy';
export { readNpy, writeNpy } from './npy';
