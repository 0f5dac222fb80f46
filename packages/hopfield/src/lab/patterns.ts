/**
 * The pattern sources and learning rules the Hopfield experiments offer.
 * @module
 */
import { asUsage, UsageError } from '@replica/lab-kit';
import type { Couplings } from '@replica/spin-core';
import {
  correlatedPatterns,
  dreaming,
  hebb,
  hebbianFromExamples,
  noisyExamples,
  projector,
  randomPatterns,
} from '../index';
import { loadDatasets } from './datasets';

/** The learning rules the experiments offer. */
export const RULES = ['hebb', 'projector', 'dreaming', 'supervised', 'unsupervised'] as const;

/** The pattern sources the experiments offer. */
export const PATTERN_SOURCES = ['random', 'correlated', 'mnist'] as const;

/**
 * K patterns of N spins from a source: random (bias a), correlated (children of a few random
 * ancestors, overlap c² within a family), or the first K MNIST digits (0, 1, …, 9, 0, …)
 * binarized at 0.5 (N = 784).
 */
export async function labPatterns(
  source: (typeof PATTERN_SOURCES)[number],
  k: number,
  n: number,
  opts: { seed: bigint; bias: number; correlation: number; ancestors: number },
): Promise<Int8Array> {
  if (source === 'random') return randomPatterns(k, n, { seed: opts.seed, bias: opts.bias });
  if (source === 'correlated') {
    if (opts.ancestors > k) throw new UsageError(`--ancestors: expected at most K = ${k}, got ${opts.ancestors}`);
    return correlatedPatterns(k, n, { seed: opts.seed, ancestors: opts.ancestors, correlation: opts.correlation });
  }
  const { binarizeImages, MNIST_PIXELS, mnistDigits } = await loadDatasets('patterns');
  if (n !== MNIST_PIXELS) throw new UsageError(`--n: MNIST patterns have N = ${MNIST_PIXELS} pixels, got ${n}`);
  const digits = mnistDigits({ perClass: Math.ceil(k / 10) });
  return binarizeImages(digits.images.subarray(0, k * MNIST_PIXELS));
}

/**
 * The couplings of a rule storing `patterns` (K×N). Example-based rules draw M examples of
 * each pattern (the archetypes) with quality r and learn from those.
 */
export function labCouplings(
  rule: (typeof RULES)[number],
  patterns: Int8Array,
  k: number,
  n: number,
  opts: { dreamingTime: number; examples: number; quality: number; seed: bigint },
): Couplings {
  switch (rule) {
    case 'hebb':
      return hebb(patterns, k, n);
    case 'projector':
      // K > N (or dependent patterns): no projector rule exists; a usage error says why
      return asUsage('k', () => projector(patterns, k, n));
    case 'dreaming':
      return dreaming(patterns, k, n, opts.dreamingTime);
    case 'supervised':
    case 'unsupervised':
      return hebbianFromExamples(
        noisyExamples(patterns, { k, n, examples: opts.examples, quality: opts.quality, seed: opts.seed }),
        { k, examples: opts.examples, n, mode: rule },
      );
  }
}
