/**
 * Shared pieces of the Hopfield experiments: overlap statistics over trials and probes,
 * the AGS theory curve, and pattern sources.
 * @module
 */

import {
  agsCriticalLoad,
  agsReplicaSymmetric,
  agsZeroTemperature,
  probeRetrieval,
  randomPatterns,
  retrievalLoad,
} from '@replica/hopfield';
import type { Couplings } from '@replica/spin-core';
import { deriveSeed } from '../common';
import type { SeriesPoint } from '../figures/plot';
import type { RunContext } from './experiment';

/** Final overlaps of every probed pattern over several trials (fresh patterns each trial). */
export interface StabilitySample {
  /** K actually stored (round(αN)). */
  readonly k: number;
  /** One overlap per probe and trial. */
  readonly overlaps: number[];
  /** T = 0: probes that ended on a fixed point; null at T > 0. */
  readonly fixedPoints: number | null;
  readonly mean: number;
  /** Standard deviation of the overlaps (over probes and trials). */
  readonly std: number;
  /** Standard error of the mean, from the spread of the per-trial means (trials ≥ 2), else of the overlaps. */
  readonly stderr: number;
}

/**
 * Stores K = round(αN) random patterns with `rule`, probes up to `probes` of them, and
 * repeats over `trials` independent pattern sets. Seeds derive from --seed and `parts`.
 */
export async function stabilitySample(
  ctx: RunContext,
  opts: {
    n: number;
    alpha: number;
    trials: number;
    probes: number;
    temperature: number;
    sweeps?: number;
    corruption?: { kind: 'flip' | 'mask'; fraction: number };
    rule: (patterns: Int8Array, k: number, n: number) => Couplings;
    parts: readonly number[];
  },
): Promise<StabilitySample> {
  const k = Math.max(1, Math.round(opts.alpha * opts.n));
  const overlaps: number[] = [];
  const trialMeans: number[] = [];
  let fixed: number | null = opts.temperature === 0 ? 0 : null;
  for (let trial = 0; trial < opts.trials; trial++) {
    const xi = randomPatterns(k, opts.n, { seed: deriveSeed(ctx.seed, ...opts.parts, trial, 0) });
    const r = await probeRetrieval(ctx.backend, opts.rule(xi, k, opts.n), xi, k, {
      probes: Math.min(k, opts.probes),
      temperature: opts.temperature,
      ...(opts.sweeps !== undefined ? { sweeps: opts.sweeps } : {}),
      ...(opts.corruption ? { corruption: opts.corruption } : {}),
      seed: deriveSeed(ctx.seed, ...opts.parts, trial, 1),
    });
    overlaps.push(...r.overlaps);
    trialMeans.push(r.overlaps.reduce((a, b) => a + b, 0) / r.overlaps.length);
    if (fixed !== null) fixed += r.fixedPoints ?? 0;
  }
  const mean = overlaps.reduce((a, b) => a + b, 0) / overlaps.length;
  const std =
    overlaps.length > 1 ? Math.sqrt(overlaps.reduce((a, b) => a + (b - mean) ** 2, 0) / (overlaps.length - 1)) : 0;
  // probes of one trial share their patterns, so the trial means are the independent samples
  const tm = trialMeans.reduce((a, b) => a + b, 0) / trialMeans.length;
  const stderr =
    trialMeans.length > 1
      ? Math.sqrt(trialMeans.reduce((a, b) => a + (b - tm) ** 2, 0) / (trialMeans.length - 1) / trialMeans.length)
      : std / Math.sqrt(overlaps.length);
  return { k, overlaps, fixedPoints: fixed, mean, std, stderr };
}

/** The AGS retrieval overlap at (α, T): m of the retrieval state, 0 where none exists. */
export function agsOverlap(alpha: number, temperature: number): { m: number; phase: string } {
  if (temperature === 0) {
    const z = agsZeroTemperature(alpha);
    return z.retrieval ? { m: z.m, phase: 'retrieval' } : { m: 0, phase: 'spin-glass' };
  }
  const s = agsReplicaSymmetric(alpha, temperature);
  return { m: s.phase === 'retrieval' ? s.m : 0, phase: s.phase };
}

/**
 * The AGS curve m(α) at temperature T for a figure: the retrieval branch up to the load where
 * it disappears (α_c at T = 0, α_M(T) above), then the drop to m = 0.
 */
export function agsCurve(temperature: number, alphaMax: number): { points: SeriesPoint[]; alphaEnd: number } {
  const end = temperature === 0 ? agsCriticalLoad().alpha : retrievalLoad(temperature);
  const points: SeriesPoint[] = [];
  if (end > 0) {
    const top = Math.min(end, alphaMax) * (1 - 1e-9);
    for (let i = 0; i <= 80; i++) {
      const a = 1e-4 + ((top - 1e-4) * i) / 80;
      points.push({ x: a, y: agsOverlap(a, temperature).m });
    }
  }
  if (end < alphaMax) {
    points.push({ x: end, y: 0 }, { x: alphaMax, y: 0 });
  }
  return { points, alphaEnd: end };
}
