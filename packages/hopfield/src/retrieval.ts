/**
 * Retrieval in discrete Hopfield networks: start from a corrupted pattern, run
 * spin-core dynamics on any backend, and report the Mattis overlaps m_μ(t), the
 * final overlap, the time to converge and the attractor reached.
 * @module
 */
import type { Couplings } from '@replica/spin-core';
import { createSimulation, isingModel } from '@replica/spin-core';
import type { Backend } from '@replica/webgpu-kernels';
import { flipFraction, maskRegion } from './patterns';

/** The kind of state a run ends in. */
export type AttractorKind = 'pattern' | 'negative' | 'mixture' | 'spin-glass';

/** An attractor: its kind and the patterns involved. */
export interface Attractor {
  readonly kind: AttractorKind;
  /** The retrieved pattern (pattern / negative) or the mixed patterns (mixture). */
  readonly patterns: readonly number[];
}

/**
 * Classifies final overlaps m_μ: `pattern` μ (or its `negative`) when |m_μ| ≥ 0.9 and every
 * other |m_ν| < 0.5; `mixture` when at least two |m_μ| ≥ 0.25 (symmetric 3-mixtures have
 * m = ½ each); `spin-glass` otherwise (no macroscopic overlap).
 */
export function classifyAttractor(overlaps: ArrayLike<number>): Attractor {
  const idx = Array.from({ length: overlaps.length }, (_, i) => i).sort(
    (a, b) => Math.abs(overlaps[b]!) - Math.abs(overlaps[a]!),
  );
  const top = idx[0];
  if (top !== undefined) {
    const m0 = overlaps[top]!;
    const second = idx[1] === undefined ? 0 : Math.abs(overlaps[idx[1]]!);
    if (Math.abs(m0) >= 0.9 && second < 0.5) return { kind: m0 > 0 ? 'pattern' : 'negative', patterns: [top] };
  }
  const big = idx.filter((i) => Math.abs(overlaps[i]!) >= 0.25);
  if (big.length >= 2) return { kind: 'mixture', patterns: big.sort((a, b) => a - b) };
  return { kind: 'spin-glass', patterns: [] };
}

/** Options of {@link retrieve}. */
export interface RetrievalOptions {
  /** The pattern to start from, default 0. */
  readonly target?: number;
  /** Corruption: `flip` a fraction of the sites, or `mask` the last fraction with random spins. */
  readonly corruption?: { readonly kind: 'flip' | 'mask'; readonly fraction: number };
  /** Temperature T (0: zero-temperature dynamics; > 0: Glauber at β = 1/T). Default 0. */
  readonly temperature?: number;
  /** `sequential` (default) or `parallel` updates. */
  readonly dynamics?: 'sequential' | 'parallel';
  /** Site order of sequential updates, default `random`. */
  readonly order?: 'sequential' | 'random';
  /** Sweeps to run (default 50). */
  readonly sweeps?: number;
  readonly seed: number | bigint;
}

/** The outcome of {@link retrieve}. */
export interface RetrievalResult {
  /** m_target before any update. */
  readonly initialOverlap: number;
  /** m_target after each sweep. */
  readonly trajectory: Float64Array;
  /** All K overlaps at the end. */
  readonly finalOverlaps: Float64Array;
  /** m_target at the end. */
  readonly overlap: number;
  /**
   * Sweeps until convergence: T = 0 — the first sweep after which nothing changed (a fixed
   * point), or the start of a 2-cycle for parallel updates; T > 0 — the first sweep from
   * which m_target stays within 0.05 of its mean over the last fifth of the run. Null when a
   * T = 0 run did not settle within `sweeps`.
   */
  readonly sweepsToConverge: number | null;
  /** A 2-cycle (parallel T = 0 updates can end in one). */
  readonly cycle: boolean;
  readonly attractor: Attractor;
  /** The final state. */
  readonly spins: Int8Array;
}

/**
 * Corrupts stored pattern `target`, runs the dynamics of the couplings on `backend`, and
 * follows the Mattis overlaps with all K stored patterns (K×N ±1).
 */
export async function retrieve(
  backend: Backend,
  couplings: Couplings,
  patterns: Int8Array,
  k: number,
  options: RetrievalOptions,
): Promise<RetrievalResult> {
  const n = couplings.n;
  if (patterns.length !== k * n)
    throw new RangeError(`patterns: expected K×N = ${k}×${n} entries, got ${patterns.length}`);
  const target = options.target ?? 0;
  if (!Number.isInteger(target) || target < 0 || target >= k)
    throw new RangeError(`target: expected a pattern index in [0, ${k}), got ${target}`);
  const T = options.temperature ?? 0;
  if (!(T >= 0) || !Number.isFinite(T)) throw new RangeError(`temperature: expected T ≥ 0, got ${T}`);
  const sweeps = options.sweeps ?? 50;
  const parallel = (options.dynamics ?? 'sequential') === 'parallel';
  const pattern = patterns.slice(target * n, (target + 1) * n);
  const c = options.corruption;
  const start =
    !c || c.fraction === 0
      ? pattern
      : c.kind === 'flip'
        ? flipFraction(pattern, c.fraction, options.seed)
        : maskRegion(pattern, c.fraction, options.seed);
  let m0 = 0;
  for (let i = 0; i < n; i++) m0 += start[i]! * pattern[i]!;
  const sim = await createSimulation(backend, isingModel(couplings), { seed: options.seed, initial: start });
  try {
    const dynamics =
      T === 0
        ? parallel
          ? 'parallel-zero-temperature'
          : 'zero-temperature'
        : parallel
          ? 'parallel-glauber'
          : 'glauber';
    const tr = await sim.run({
      dynamics,
      order: options.order ?? 'random',
      beta: T === 0 ? 0 : 1 / T,
      sweeps,
      record: { overlaps: { patterns, k }, energy: true, magnetization: false, autocorrelation: true },
    });
    const traj = new Float64Array(sweeps);
    for (let t = 0; t < sweeps; t++) traj[t] = tr.overlaps![t * k + target]!;
    const finalOverlaps = Float64Array.from(tr.overlaps!.subarray((sweeps - 1) * k, sweeps * k));
    const same = (a: number, b: number) => {
      if (tr.energy![a] !== tr.energy![b]) return false;
      for (let mu = 0; mu < k; mu++) if (tr.overlaps![a * k + mu] !== tr.overlaps![b * k + mu]) return false;
      return true;
    };
    let converged: number | null = null;
    let cycle = false;
    if (T === 0) {
      // C(1) = 1: the first sweep changed nothing, the start is a fixed point.
      if (tr.autocorrelation![0] === 1) converged = 0;
      for (let t = 1; t < sweeps && converged === null; t++) {
        if (same(t, t - 1)) converged = t;
        else if (parallel && t >= 2 && same(t, t - 2)) {
          converged = t - 1;
          cycle = true;
        }
      }
    } else {
      const tail = Math.max(1, Math.floor(sweeps / 5));
      let mean = 0;
      for (let t = sweeps - tail; t < sweeps; t++) mean += traj[t]!;
      mean /= tail;
      converged = sweeps;
      for (let t = sweeps - 1; t >= 0; t--) {
        if (Math.abs(traj[t]! - mean) > 0.05) break;
        converged = t + 1;
      }
    }
    return {
      initialOverlap: m0 / n,
      trajectory: traj,
      finalOverlaps,
      overlap: finalOverlaps[target]!,
      sweepsToConverge: converged,
      cycle,
      attractor: classifyAttractor(finalOverlaps),
      spins: await sim.spins(),
    };
  } finally {
    sim.dispose();
  }
}
