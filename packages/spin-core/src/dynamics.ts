/**
 * The dynamics every backend runs, and the random numbers they consume.
 *
 * One *sweep* is N single-spin updates per replica (or one parallel update).
 * Random numbers: key = seed; for replica r in global sweep t —
 * - sequential order, step s = site i: u = word (s mod 4) of philox((⌊s/4⌋, t, r, 0));
 * - random order, step s: block philox((s, t, r, 1)); site i = ⌊w₀·N/2^32⌋, u from w₁;
 * - parallel updates, site i: u = word (i mod 4) of philox((⌊i/4⌋, t, r, 2));
 * with u = ⌊w/2^8⌋·2^-24. So a run does not depend on how replicas are batched
 * or on the backend (to the f32 rounding of the GPU's fields and tanh).
 *
 * Update rules at inverse temperature β with local field φ_i:
 * - `glauber` (heat bath): σ_i ← +1 if u < (1 + tanh βφ_i)/2, else −1;
 * - `metropolis`: flip when ΔE = 2σ_iφ_i ≤ 0 or u < e^{−βΔE};
 * - `zero-temperature`: σ_i ← sgn(φ_i + J_ii σ_i), a zero argument keeps σ_i;
 * - `parallel-glauber`, `parallel-zero-temperature`: the same rules applied to every
 *   site at once from the old configuration (Little dynamics).
 * @see R. J. Glauber, "Time-dependent statistics of the Ising model", J. Math. Phys. 4 (1963);
 *   N. Metropolis et al., J. Chem. Phys. 21 (1953); W. A. Little, Math. Biosci. 19 (1974).
 * @module
 */
import { checkBeta } from './internal';

/** A dynamics rule (see the module documentation). */
export type DynamicsKind =
  | 'glauber'
  | 'metropolis'
  | 'zero-temperature'
  | 'parallel-glauber'
  | 'parallel-zero-temperature';

/** Site order of sequential dynamics: fixed 0…N−1, or a uniformly random site per step. */
export type SiteOrder = 'sequential' | 'random';

/** What to record after each recorded sweep. */
export interface RecordOptions {
  /** Energy per spin H/N (default true). */
  readonly energy?: boolean;
  /** Magnetization per spin (default true). */
  readonly magnetization?: boolean;
  /** Mattis overlaps m_μ = (1/N) Σ_i ξ_i^μ σ_i with these K×N ±1 patterns. */
  readonly overlaps?: { readonly patterns: Int8Array; readonly k: number };
  /** Replica overlaps q_ab for every pair a < b (default false). */
  readonly replicaOverlaps?: boolean;
  /** C(t) = (1/N) Σ_i σ_i(t₀) σ_i(t), t₀ = the start of this run (default false). */
  readonly autocorrelation?: boolean;
  /** Record every this many sweeps (default 1); the last sweep is always recorded. */
  readonly every?: number;
}

/** Options of `Simulation.run`. */
export interface RunOptions {
  /** Default `glauber`. */
  readonly dynamics?: DynamicsKind;
  /** Default `sequential`; ignored by parallel dynamics. */
  readonly order?: SiteOrder;
  /**
   * Inverse temperature: a constant, a schedule with one β per sweep, or a function
   * of the sweep index within this run. Ignored by zero-temperature rules (pass 0 or anything ≥ 0).
   */
  readonly beta: number | readonly number[] | ((sweep: number) => number);
  /** Sweeps to run (≥ 1). */
  readonly sweeps: number;
  readonly record?: RecordOptions;
}

/**
 * Observables recorded by a run; arrays are indexed [t·R + r] (and ·K + μ for overlaps).
 * Magnetization, overlaps, replica overlaps and autocorrelation are integer sums of ±1 products
 * divided by N in f64 on every backend (so equal spins give equal values); the energy is
 * reduced in f64 on the CPU and in f32 on WebGPU.
 */
export interface Trajectory {
  readonly replicas: number;
  /** Global sweep count after each recorded sweep (1-based within the simulation's life). */
  readonly sweeps: Int32Array;
  /** β of each recorded sweep. */
  readonly beta: Float64Array;
  readonly energy: Float64Array | null;
  readonly magnetization: Float64Array | null;
  readonly overlaps: Float64Array | null;
  /** K of `overlaps`. */
  readonly overlapCount: number;
  /** q_ab for pairs (0,1), (0,2), …, (1,2), …: index t·P + p, P = R(R−1)/2. */
  readonly replicaOverlaps: Float64Array | null;
  readonly autocorrelation: Float64Array | null;
}

/** @internal numeric codes of the single-site rules. */
export const RULE = { glauber: 0, metropolis: 1, zero: 2 } as const;

/** @internal validated run parameters. */
export interface PlannedRun {
  readonly rule: 0 | 1 | 2;
  readonly parallel: boolean;
  readonly random: boolean;
  readonly betas: Float64Array;
  readonly recordAt: Int32Array;
  readonly record: Required<Omit<RecordOptions, 'overlaps' | 'every'>> & { overlaps: RecordOptions['overlaps'] | null };
}

/** @internal checks run options against a model of n spins. */
export function planRun(options: RunOptions, n: number): PlannedRun {
  if (options === null || typeof options !== 'object') throw new TypeError('run: options must be an object');
  const dynamics = options.dynamics ?? 'glauber';
  const kinds: DynamicsKind[] = [
    'glauber',
    'metropolis',
    'zero-temperature',
    'parallel-glauber',
    'parallel-zero-temperature',
  ];
  if (!kinds.includes(dynamics))
    throw new RangeError(`dynamics: expected one of ${kinds.join(', ')}, got ${JSON.stringify(dynamics)}`);
  const order = options.order ?? 'sequential';
  if (order !== 'sequential' && order !== 'random')
    throw new RangeError(`order: expected 'sequential' or 'random', got ${JSON.stringify(order)}`);
  const sweeps = options.sweeps;
  if (!Number.isSafeInteger(sweeps) || sweeps < 1)
    throw new RangeError(`sweeps: expected an integer ≥ 1, got ${sweeps}`);
  const betas = new Float64Array(sweeps);
  const b = options.beta;
  if (typeof b === 'function') for (let t = 0; t < sweeps; t++) betas[t] = checkBeta(b(t), `beta(${t})`);
  else if (Array.isArray(b)) {
    if (b.length !== sweeps)
      throw new RangeError(`beta: a schedule needs one value per sweep (${sweeps}), got ${b.length}`);
    for (let t = 0; t < sweeps; t++) betas[t] = checkBeta(b[t], `beta[${t}]`);
  } else betas.fill(checkBeta(b, 'beta'));
  const rec = options.record ?? {};
  const every = rec.every ?? 1;
  if (!Number.isSafeInteger(every) || every < 1)
    throw new RangeError(`record.every: expected an integer ≥ 1, got ${every}`);
  const at: number[] = [];
  for (let t = 0; t < sweeps; t++) if ((t + 1) % every === 0 || t === sweeps - 1) at.push(t);
  const overlaps = rec.overlaps ?? null;
  if (overlaps) {
    if (!(overlaps.patterns instanceof Int8Array) || overlaps.patterns.length !== overlaps.k * n) {
      throw new RangeError(`record.overlaps: expected K×N = ${overlaps.k}×${n} ±1 patterns`);
    }
    for (let t = 0; t < overlaps.patterns.length; t++) {
      const v = overlaps.patterns[t];
      if (v !== 1 && v !== -1) throw new RangeError(`record.overlaps.patterns[${t}] = ${v}: expected ±1`);
    }
  }
  const parallel = dynamics.startsWith('parallel');
  const rule =
    dynamics === 'metropolis' ? RULE.metropolis : dynamics.endsWith('zero-temperature') ? RULE.zero : RULE.glauber;
  return {
    rule,
    parallel,
    random: !parallel && order === 'random',
    betas,
    recordAt: Int32Array.from(at),
    record: {
      energy: rec.energy ?? true,
      magnetization: rec.magnetization ?? true,
      overlaps,
      replicaOverlaps: rec.replicaOverlaps ?? false,
      autocorrelation: rec.autocorrelation ?? false,
    },
  };
}

/** @internal an empty trajectory of the right shape. */
export function allocateTrajectory(
  plan: PlannedRun,
  replicas: number,
): Trajectory & {
  sweeps: Int32Array;
  beta: Float64Array;
} {
  const T = plan.recordAt.length;
  const { record } = plan;
  const k = record.overlaps?.k ?? 0;
  return {
    replicas,
    sweeps: new Int32Array(T),
    beta: new Float64Array(T),
    energy: record.energy ? new Float64Array(T * replicas) : null,
    magnetization: record.magnetization ? new Float64Array(T * replicas) : null,
    overlaps: k > 0 ? new Float64Array(T * replicas * k) : null,
    overlapCount: k,
    replicaOverlaps: record.replicaOverlaps ? new Float64Array((T * replicas * (replicas - 1)) / 2) : null,
    autocorrelation: record.autocorrelation ? new Float64Array(T * replicas) : null,
  };
}
