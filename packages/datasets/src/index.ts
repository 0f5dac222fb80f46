/**
 * `@replica/datasets`: small, deterministic datasets for the statistical mechanics of
 * learning. MNIST digits in a fixed order, binarized into ±1 patterns for Hopfield
 * networks and RBMs.
 * @module
 */
export type { ImageSet, MnistSelection } from './mnist';
export { binarizeImages, MNIST_PIXELS, MNIST_SIDE, mnistClassSizes, mnistDigits } from './mnist';
