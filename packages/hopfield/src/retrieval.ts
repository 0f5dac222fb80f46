/**
 * Retrieval in discrete Hopfield networks: start from a corrupted pattern, run
 * spin-core dynamics on any backend, and report the Mattis overlaps m_μ(t), the
 * final overlap, the time to converge and the attractor reached.
 * @module
 */
import type { Couplings, IsingModel } from '@replica/spin-core';
import { createSimulation, isingModel, localFields } from '@replica/spin-core';
import type { Backend } from '@replica/webgpu-kernels';
import { checkInteger, checkNumber, checkOneOf, deriveSeed, philoxKey } from '@replica/webgpu-kernels';
import { flipFraction, maskRegion } from './patterns';

/** A corruption of the start (see {@link RetrievalOptions.corruption}). */
type Corruption = { readonly kind: 'flip' | 'mask'; readonly fraction: number };

/** The options object itself. */
function checkOptions<T>(options: T, name = 'options'): T {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`${name}: expected an object, got ${options === null ? 'null' : typeof options}`);
  return options;
}

function checkChoice<T extends string>(value: unknown, values: readonly T[], fallback: T | undefined, name: string): T {
  return checkOneOf(value ?? fallback, name, values);
}

/** A corruption option: undefined, or a known kind with a fraction in [0, 1]. */
function checkCorruption(c: unknown, name: string): Corruption | undefined {
  if (c === undefined) return undefined;
  checkOptions(c, name);
  const o = c as { kind?: unknown; fraction?: unknown };
  const kind = checkChoice(o.kind, ['flip', 'mask'] as const, undefined, `${name}.kind`);
  return { kind, fraction: checkNumber(o.fraction, `${name}.fraction`, { min: 0, max: 1 }) };
}

/** The Backend argument: an object with a `kind`. */
function checkBackend(backend: unknown): Backend {
  const kind = (backend as { kind?: unknown } | null)?.kind;
  if (backend === null || typeof backend !== 'object' || (kind !== 'cpu' && kind !== 'webgpu'))
    throw new TypeError('backend: expected a Backend (from createBackend)');
  return backend as Backend;
}

/** K×N ±1 patterns (an O(KN) scan). */
function checkPatterns(patterns: unknown, k: number, n: number): Int8Array {
  if (!(patterns instanceof Int8Array)) throw new TypeError(`patterns: expected an Int8Array of K×N = ${k}×${n} ±1`);
  if (patterns.length !== k * n)
    throw new RangeError(`patterns: expected K×N = ${k}×${n} entries, got ${patterns.length}`);
  for (let t = 0; t < patterns.length; t++) {
    const v = patterns[t];
    if (v !== 1 && v !== -1) throw new RangeError(`patterns[${Math.floor(t / n)}][${t % n}] = ${v}: expected ±1`);
  }
  return patterns;
}

/** The N of the couplings argument. */
function checkCouplings(couplings: unknown): number {
  if (couplings === null || typeof couplings !== 'object')
    throw new TypeError(`couplings: expected Couplings, got ${couplings === null ? 'null' : typeof couplings}`);
  return checkInteger((couplings as { n?: unknown }).n, 'couplings.n', { min: 1 });
}

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
 * @throws TypeError when overlaps is not array-like; RangeError naming the first entry that is not a number in [−1, 1]
 */
export function classifyAttractor(overlaps: ArrayLike<number>): Attractor {
  if (overlaps === null || typeof overlaps !== 'object' || typeof overlaps.length !== 'number')
    throw new TypeError('overlaps: expected an array of overlaps m_μ');
  for (let i = 0; i < overlaps.length; i++) checkNumber(overlaps[i], `overlaps[${i}]`, { min: -1, max: 1 });
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
  /** The pattern to start from, an integer in [0, K), default 0. */
  readonly target?: number;
  /** Corruption: `flip` a fraction ∈ [0, 1] of the sites, or `mask` the last fraction with random spins. */
  readonly corruption?: Corruption;
  /** Temperature T ≥ 0 (0, or a T whose 1/T overflows: zero-temperature dynamics; > 0: Glauber at β = 1/T). Default 0. */
  readonly temperature?: number;
  /** `sequential` (default) or `parallel` updates. */
  readonly dynamics?: 'sequential' | 'parallel';
  /** Site order of sequential updates, default `random`. */
  readonly order?: 'sequential' | 'random';
  /** Sweeps to run, an integer ≥ 1 (default 50). */
  readonly sweeps?: number;
  /** The seed: a non-negative safe integer or a bigint below 2^64. */
  readonly seed: number | bigint;
}

/** The outcome of {@link retrieve}. */
export interface RetrievalResult {
  /** m_target before any update. */
  readonly initialOverlap: number;
  /** The corrupted start. */
  readonly initialState: Int8Array;
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

/** T, or 0 when β = 1/T overflows to ∞ (Glauber at such β is zero-temperature dynamics). */
function zeroTemperatureLimit(T: number): number {
  return T > 0 && 1 / T === Number.POSITIVE_INFINITY ? 0 : T;
}

/**
 * Whether replica `replica` of `spins` is a fixed point of zero-temperature dynamics
 * σ_i ← sgn(φ_i + J_ii σ_i) (a zero argument keeps σ_i): every (φ_i + J_ii σ_i)σ_i ≥ 0.
 * Fields from scratch in f64 (exact signs for the integer pattern form).
 * @throws TypeError/RangeError naming the argument as {@link localFields} does (spins R×N ±1, replica in [0, R))
 */
export function isZeroTemperatureFixedPoint(model: IsingModel, spins: Int8Array, replica = 0): boolean {
  const phi = localFields(model, spins, replica);
  const d = model.couplings.diagonal;
  const o = replica * model.n;
  for (let i = 0; i < model.n; i++) {
    const s = spins[o + i]!;
    if ((phi[i]! + (d ? d[i]! * s : 0)) * s < 0) return false;
  }
  return true;
}

/** A pattern with a corruption applied (the pattern itself when there is none). */
function corrupt(pattern: Int8Array, c: Corruption | undefined, seed: number | bigint): Int8Array {
  if (!c || c.fraction === 0) return pattern;
  return c.kind === 'flip' ? flipFraction(pattern, c.fraction, seed) : maskRegion(pattern, c.fraction, seed);
}

function equalSpins(a: Int8Array, b: Int8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Corrupts stored pattern `target`, runs the dynamics of the couplings on `backend`, and
 * follows the Mattis overlaps with all K stored patterns (K×N ±1).
 * @throws TypeError when backend, couplings, patterns (not an Int8Array) or options is not what it
 *   should be; RangeError naming the argument: k not an integer ≥ 1, patterns not K×N ±1,
 *   `options.target` not an integer in [0, K), `options.temperature` not a finite number ≥ 0,
 *   `options.sweeps` not an integer ≥ 1, an unknown `options.dynamics`, `options.order` or
 *   `options.corruption.kind`, `options.corruption.fraction` outside [0, 1], a bad `options.seed`
 */
export async function retrieve(
  backend: Backend,
  couplings: Couplings,
  patterns: Int8Array,
  k: number,
  options: RetrievalOptions,
): Promise<RetrievalResult> {
  checkBackend(backend);
  const n = checkCouplings(couplings);
  checkInteger(k, 'k', { min: 1 });
  checkPatterns(patterns, k, n);
  checkOptions(options);
  const target = checkInteger(options.target ?? 0, 'options.target', { min: 0, max: k - 1 });
  // a T so small that β = 1/T overflows (T < 5.6·10⁻³⁰⁹) is the T → 0 limit: zero-temperature dynamics
  const T = zeroTemperatureLimit(checkNumber(options.temperature ?? 0, 'options.temperature', { min: 0 }));
  const sweeps = checkInteger(options.sweeps ?? 50, 'options.sweeps', { min: 1 });
  const parallel =
    checkChoice(options.dynamics, ['sequential', 'parallel'] as const, 'sequential', 'options.dynamics') === 'parallel';
  const order = checkChoice(options.order, ['sequential', 'random'] as const, 'random', 'options.order');
  const corruption = checkCorruption(options.corruption, 'options.corruption');
  philoxKey(options.seed, 'options.seed');
  const pattern = patterns.slice(target * n, (target + 1) * n);
  const start = corrupt(pattern, corruption, options.seed);
  let m0 = 0;
  for (let i = 0; i < n; i++) m0 += start[i]! * pattern[i]!;
  const model = isingModel(couplings);
  const sim = await createSimulation(backend, model, { seed: options.seed, initial: start });
  try {
    const record = { overlaps: { patterns, k }, energy: false, magnetization: false };
    const traj = new Float64Array(sweeps);
    let finalOverlaps: Float64Array = new Float64Array(k);
    let converged: number | null = null;
    let cycle = false;
    let finalSpins: Int8Array | null = null;
    if (T === 0) {
      // One sweep at a time, comparing whole configurations: a fixed point is exact (nothing
      // changed in a sweep), and so is a 2-cycle of parallel updates (σ(t) = σ(t − 2)).
      const dynamics = parallel ? 'parallel-zero-temperature' : 'zero-temperature';
      const history: Int8Array[] = [start];
      const overlapsAt: Float64Array[] = [];
      for (let t = 0; t < sweeps; t++) {
        const tr = await sim.run({ dynamics, order, beta: 0, sweeps: 1, record });
        overlapsAt.push(Float64Array.from(tr.overlaps!));
        const now = await sim.spins();
        const prev = history[history.length - 1]!;
        // a random-order sweep draws sites with replacement: no change is only a candidate
        if (equalSpins(now, prev) && (parallel || order === 'sequential' || isZeroTemperatureFixedPoint(model, now))) {
          converged = t;
          break;
        }
        if (parallel && history.length >= 2 && equalSpins(now, history[history.length - 2]!)) {
          converged = t - 1;
          cycle = true;
          // the state after `sweeps` sweeps is `now` or `prev`, by parity
          if ((sweeps - (t + 1)) % 2 === 1) finalSpins = prev;
          break;
        }
        history.push(now);
        if (history.length > 2) history.shift();
      }
      // past convergence the state repeats (period 1, or 2 for a cycle)
      for (let t = 0; t < sweeps; t++) {
        const period = cycle ? 2 : 1;
        const src = t < overlapsAt.length ? t : overlapsAt.length - period + ((t - overlapsAt.length) % period);
        traj[t] = overlapsAt[src]![target]!;
        if (t === sweeps - 1) finalOverlaps = overlapsAt[src]!;
      }
    } else {
      const tr = await sim.run({
        dynamics: parallel ? 'parallel-glauber' : 'glauber',
        order,
        beta: 1 / T,
        sweeps,
        record,
      });
      for (let t = 0; t < sweeps; t++) traj[t] = tr.overlaps![t * k + target]!;
      finalOverlaps = Float64Array.from(tr.overlaps!.subarray((sweeps - 1) * k, sweeps * k));
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
      initialState: start,
      trajectory: traj,
      finalOverlaps,
      overlap: finalOverlaps[target]!,
      sweepsToConverge: converged,
      cycle,
      attractor: classifyAttractor(finalOverlaps),
      spins: finalSpins ?? (await sim.spins()),
    };
  } finally {
    sim.dispose();
  }
}

/** Options of {@link probeRetrieval}. */
export interface ProbeOptions {
  /** Patterns probed, 0 … probes − 1, one replica each: an integer in [1, K] (default min(K, 8)). */
  readonly probes?: number;
  /** Corruption of every probe's start (default none: start exactly on the pattern). */
  readonly corruption?: Corruption;
  /** Temperature T ≥ 0 (0, or a T whose 1/T overflows: zero-temperature dynamics; > 0: Glauber at β = 1/T). Default 0. */
  readonly temperature?: number;
  /**
   * T = 0: the most sweeps to run (default 50; it stops earlier once every replica sits at a
   * fixed point). T > 0: the sweeps to run (default 100), overlaps averaged over the second half.
   */
  readonly sweeps?: number;
  /** Site order of the sequential updates, default `random`. */
  readonly order?: 'sequential' | 'random';
  /** The dynamics' seed; the corruption of probe r draws from `deriveSeed(seed, r)`. */
  readonly seed: number | bigint;
}

/** The outcome of {@link probeRetrieval}. */
export interface ProbeResult {
  /** m_μ of replica μ with its own pattern: at the end (T = 0) or averaged over the second half (T > 0). */
  readonly overlaps: Float64Array;
  /** m_μ at the start. */
  readonly initialOverlaps: Float64Array;
  /** T = 0: replicas at a fixed point when the run stopped (T > 0: null). */
  readonly fixedPoints: number | null;
  /** Sweeps run. */
  readonly sweeps: number;
}

/**
 * The stability of stored patterns, as in capacity curves: replica μ starts on pattern μ
 * (optionally corrupted) and runs sequential dynamics; returns each replica's overlap with
 * its own pattern. All probes run together as replicas of one simulation.
 * @throws TypeError when backend, couplings, patterns (not an Int8Array) or options is not what it
 *   should be; RangeError naming the argument: k not an integer ≥ 1, patterns not K×N ±1,
 *   `options.probes` not an integer in [1, K], `options.temperature` not a finite number ≥ 0,
 *   `options.sweeps` not an integer ≥ 1, an unknown `options.order` or `options.corruption.kind`,
 *   `options.corruption.fraction` outside [0, 1], a bad `options.seed`
 */
export async function probeRetrieval(
  backend: Backend,
  couplings: Couplings,
  patterns: Int8Array,
  k: number,
  options: ProbeOptions,
): Promise<ProbeResult> {
  checkBackend(backend);
  const n = checkCouplings(couplings);
  checkInteger(k, 'k', { min: 1 });
  checkPatterns(patterns, k, n);
  checkOptions(options);
  const R = checkInteger(options.probes ?? Math.min(k, 8), 'options.probes', { min: 1, max: k });
  // a T so small that β = 1/T overflows (T < 5.6·10⁻³⁰⁹) is the T → 0 limit: zero-temperature dynamics
  const T = zeroTemperatureLimit(checkNumber(options.temperature ?? 0, 'options.temperature', { min: 0 }));
  const sweeps = checkInteger(options.sweeps ?? (T === 0 ? 50 : 100), 'options.sweeps', { min: 1 });
  const order = checkChoice(options.order, ['sequential', 'random'] as const, 'random', 'options.order');
  const corruption = checkCorruption(options.corruption, 'options.corruption');
  philoxKey(options.seed, 'options.seed');
  const probed = patterns.subarray(0, R * n);
  const start = new Int8Array(R * n);
  for (let r = 0; r < R; r++)
    start.set(corrupt(probed.subarray(r * n, (r + 1) * n), corruption, deriveSeed(options.seed, r)), r * n);
  const initialOverlaps = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += start[r * n + i]! * probed[r * n + i]!;
    initialOverlaps[r] = m / n;
  }
  const model = isingModel(couplings);
  const sim = await createSimulation(backend, model, { replicas: R, seed: options.seed, initial: start });
  const own = (tr: Float64Array, t: number, r: number) => tr[(t * R + r) * R + r]!;
  try {
    const overlaps = new Float64Array(R);
    const record = { overlaps: { patterns: probed.slice(), k: R }, energy: false, magnetization: false };
    if (T === 0) {
      // single sweeps with the autocorrelation: C(1) = 1 exactly when no spin of a replica moved
      let done = 0;
      let fixed = 0;
      while (done < sweeps && fixed < R) {
        const tr = await sim.run({
          dynamics: 'zero-temperature',
          order,
          beta: 0,
          sweeps: 1,
          record: { ...record, autocorrelation: true },
        });
        done++;
        fixed = 0;
        let spins: Int8Array | null = null;
        for (let r = 0; r < R; r++) {
          overlaps[r] = own(tr.overlaps!, 0, r);
          if (tr.autocorrelation![r] !== 1) continue;
          // nothing moved; with random order (sites drawn with replacement) verify the fields
          if (order === 'random') {
            spins ??= await sim.spins();
            if (!isZeroTemperatureFixedPoint(model, spins, r)) continue;
          }
          fixed++;
        }
      }
      return { overlaps, initialOverlaps, fixedPoints: fixed, sweeps: done };
    }
    const burn = Math.floor(sweeps / 2);
    if (burn > 0)
      await sim.run({
        dynamics: 'glauber',
        order,
        beta: 1 / T,
        sweeps: burn,
        record: { energy: false, magnetization: false },
      });
    const tr = await sim.run({ dynamics: 'glauber', order, beta: 1 / T, sweeps: sweeps - burn, record });
    const S = tr.sweeps.length;
    for (let r = 0; r < R; r++) {
      let m = 0;
      for (let t = 0; t < S; t++) m += own(tr.overlaps!, t, r);
      overlaps[r] = m / S;
    }
    return { overlaps, initialOverlaps, fixedPoints: null, sweeps };
  } finally {
    sim.dispose();
  }
}
