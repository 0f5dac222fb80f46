/**
 * The retrieval-stability protocol of capacity curves and phase diagrams: store K = round(αN)
 * random patterns with a learning rule, start replicas on stored patterns (optionally
 * corrupted), run the dynamics, and summarize each replica's final overlap with its own
 * pattern over independent pattern sets.
 * @module
 */
import type { Couplings } from '@replica/spin-core';
import type { Backend } from '@replica/webgpu-kernels';
import { deriveSeed } from '@replica/webgpu-kernels';
import { randomPatterns } from './patterns';
import { probeRetrieval } from './retrieval';

/** Options of {@link retrievalStability}. */
export interface RetrievalStabilityOptions {
  /** Spins N. */
  readonly n: number;
  /** Load α = K/N; K = max(1, round(αN)) patterns are stored. */
  readonly alpha: number;
  /** Independent pattern sets. */
  readonly trials: number;
  /** Stored patterns probed per set (at most K), one replica each. */
  readonly probes: number;
  /** Temperature T (0: zero-temperature dynamics to a fixed point). */
  readonly temperature: number;
  /** T = 0: the most sweeps; T > 0: sweeps, overlaps averaged over the second half (see probeRetrieval). */
  readonly sweeps?: number;
  /** Corruption of every start (default none). */
  readonly corruption?: { readonly kind: 'flip' | 'mask'; readonly fraction: number };
  /** The learning rule: couplings storing K×N patterns. */
  readonly rule: (patterns: Int8Array, k: number, n: number) => Couplings;
  /** The base seed. */
  readonly seed: number | bigint;
  /**
   * Indices prepended to every derived seed: set t draws its patterns from
   * deriveSeed(seed, ...seedPath, t, 0) and its dynamics from deriveSeed(seed, ...seedPath, t, 1),
   * so the points of a sweep (several α, T) get independent pattern sets from one seed.
   */
  readonly seedPath?: readonly number[];
}

/** Final overlaps of every probed pattern over several pattern sets. */
export interface RetrievalStability {
  /** K actually stored (round(αN), at least 1). */
  readonly k: number;
  /** One overlap per probe and set. */
  readonly overlaps: number[];
  /** T = 0: probes that ended on a fixed point; null at T > 0. */
  readonly fixedPoints: number | null;
  readonly mean: number;
  /** Standard deviation of the overlaps (over probes and sets). */
  readonly std: number;
  /**
   * Standard error of the mean from the spread of the per-set means (two sets or more: the
   * probes of one set share its patterns, so the sets are the independent samples), else of the overlaps.
   */
  readonly stderr: number;
}

/**
 * Stores K = round(αN) random patterns with `rule`, probes up to `probes` of them, and repeats
 * over `trials` independent pattern sets.
 * @param backend - where the dynamics runs
 * @param options - see {@link RetrievalStabilityOptions}
 * @returns the overlaps and their summary
 * @throws RangeError naming a bad option
 * @see D. J. Amit, H. Gutfreund, H. Sompolinsky, "Storing infinite numbers of patterns in a spin-glass model of neural networks", Phys. Rev. Lett. 55 (1985).
 */
export async function retrievalStability(
  backend: Backend,
  options: RetrievalStabilityOptions,
): Promise<RetrievalStability> {
  const { n, alpha, trials, probes, temperature } = options;
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`alpha: expected a load > 0, got ${alpha}`);
  if (!Number.isSafeInteger(trials) || trials < 1)
    throw new RangeError(`trials: expected an integer ≥ 1, got ${trials}`);
  const k = Math.max(1, Math.round(alpha * n));
  const path = options.seedPath ?? [];
  const overlaps: number[] = [];
  const trialMeans: number[] = [];
  let fixed: number | null = temperature === 0 ? 0 : null;
  for (let trial = 0; trial < trials; trial++) {
    const xi = randomPatterns(k, n, { seed: deriveSeed(options.seed, ...path, trial, 0) });
    const r = await probeRetrieval(backend, options.rule(xi, k, n), xi, k, {
      probes: Math.min(k, probes),
      temperature,
      ...(options.sweeps !== undefined ? { sweeps: options.sweeps } : {}),
      ...(options.corruption ? { corruption: options.corruption } : {}),
      seed: deriveSeed(options.seed, ...path, trial, 1),
    });
    overlaps.push(...r.overlaps);
    trialMeans.push(r.overlaps.reduce((a, b) => a + b, 0) / r.overlaps.length);
    if (fixed !== null) fixed += r.fixedPoints ?? 0;
  }
  const mean = overlaps.reduce((a, b) => a + b, 0) / overlaps.length;
  const std =
    overlaps.length > 1 ? Math.sqrt(overlaps.reduce((a, b) => a + (b - mean) ** 2, 0) / (overlaps.length - 1)) : 0;
  const tm = trialMeans.reduce((a, b) => a + b, 0) / trialMeans.length;
  const stderr =
    trialMeans.length > 1
      ? Math.sqrt(trialMeans.reduce((a, b) => a + (b - tm) ** 2, 0) / (trialMeans.length - 1) / trialMeans.length)
      : std / Math.sqrt(overlaps.length);
  return { k, overlaps, fixedPoints: fixed, mean, std, stderr };
}
