/**
 * Simulation of the zero-temperature Gibbs student and of the Bayes-optimal student of the
 * teacher–student sign perceptron with spherical weights, beside their replica theory
 * ({@link gibbsOverlap}, {@link bayesOverlap}).
 *
 * The version space V = {w : y_μ w·x_μ ≥ 0 ∀μ} is a polyhedral cone. A standard Gaussian w ~ N(0, I_N)
 * truncated to V factorizes into the radius |w| (χ with N degrees of freedom) and the direction
 * w/|w|, which is uniform on the spherical version space V ∩ S^{N−1}: the density e^{−|w|²/2}
 * depends on the radius only, and the cone is invariant under scaling. Sampling the truncated
 * Gaussian therefore samples the Gibbs student exactly. It is sampled by the exact Hamiltonian
 * Monte Carlo of Pakman & Paninski: the Hamiltonian H = |w|²/2 + |v|²/2 moves along ellipses
 * w(t) = w cos t + v sin t, the first hitting time of every wall c_μ·w(t) = 0 (c_μ = y_μ x_μ) is
 * known in closed form, and the velocity is reflected off the wall that is hit first. The moves
 * are exactly reversible and volume preserving, so no accept/reject step is needed.
 * @module
 */
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import { meanStderr } from './checks';
import { bayesOverlap, gibbsOverlap } from './generalization';

const HALF_PI = Math.PI / 2;
/** A sample with c_μ·w < −ESCAPE_TOL·|c_μ||w| has left the version space beyond round-off. */
const ESCAPE_TOL = 1e-9;

/** The constraints of a version space: inputs x_μ (P × N, row-major) and labels y_μ = ±1. */
export interface VersionSpaceProblem {
  /** Dimension N ≥ 1. */
  readonly n: number;
  /** Number of constraints P ≥ 0. */
  readonly p: number;
  /** x_μi at index μN + i (a `PerceptronInstance`'s Float32Array fits, as does a Float64Array). */
  readonly inputs: ArrayLike<number>;
  /** y_μ, any nonzero number; only its sign matters. */
  readonly labels: ArrayLike<number>;
}

/** Options of {@link sampleVersionSpace}. */
export interface SampleVersionSpaceOptions {
  /** Number of samples K ≥ 1 returned. */
  readonly samples: number;
  /** Trajectories discarded before the first sample (≥ 0). */
  readonly burnIn: number;
  /** Trajectories per recorded sample (≥ 1, default 1). */
  readonly thin?: number;
  /** Philox key of the velocities. */
  readonly seed: number | bigint;
  /** Philox stream (default 0). */
  readonly stream?: number;
  /** Travel time T of each trajectory (default π/2, see {@link sampleVersionSpace}). */
  readonly travelTime?: number;
  /** j ∈ [0, 1): each trajectory runs T·(1 − j·u), u ~ U[0, 1) (default 0). */
  readonly jitter?: number;
  /**
   * A point of the version space to start from (any positive scale; it is rescaled to |w| = √N).
   * Default: the perceptron algorithm started at the Hebb vector Σ_μ y_μ x_μ.
   */
  readonly start?: ArrayLike<number>;
  /** Reflections allowed in one trajectory before the sampler gives up (default 10⁶). */
  readonly maxBounces?: number;
}

/** Reflection counts of a run of {@link sampleVersionSpace}. */
export interface HmcDiagnostics {
  /** Trajectories run, burn-in included. */
  readonly trajectories: number;
  /** Mean number of wall reflections per trajectory. */
  readonly meanBounces: number;
  /** Largest number of reflections in one trajectory. */
  readonly maxBounces: number;
}

/** What {@link sampleVersionSpace} returns. */
export interface VersionSpaceSamples {
  /** Dimension N. */
  readonly n: number;
  /** Number of samples K. */
  readonly count: number;
  /** K unit-norm directions, row k at index kN … kN + N − 1. */
  readonly samples: Float64Array;
  readonly diagnostics: HmcDiagnostics;
}

/** The constraint vectors c_μ = sign(y_μ) x_μ, their Gram matrix and norms. */
interface Cone {
  readonly n: number;
  readonly p: number;
  /** c_μ at μN + i. */
  readonly c: Float64Array;
  /** G_μν = c_μ·c_ν at μP + ν. */
  readonly gram: Float64Array;
  /** |c_μ|. */
  readonly norm: Float64Array;
}

function buildCone(problem: VersionSpaceProblem): Cone {
  if (problem === null || typeof problem !== 'object') throw new TypeError('problem: expected an object');
  const n = checkInteger(problem.n, 'problem.n', { min: 1 });
  const p = checkInteger(problem.p, 'problem.p', { min: 0 });
  const { inputs, labels } = problem;
  if (inputs.length !== p * n)
    throw new RangeError(`problem.inputs: expected P·N = ${p * n} entries, got ${inputs.length}`);
  if (labels.length !== p) throw new RangeError(`problem.labels: expected P = ${p} labels, got ${labels.length}`);
  const c = new Float64Array(p * n);
  const norm = new Float64Array(p);
  for (let mu = 0; mu < p; mu++) {
    const y = labels[mu] as number;
    if (!(y > 0 || y < 0)) throw new RangeError(`problem.labels: expected a nonzero label at μ = ${mu}, got ${y}`);
    const s = y > 0 ? 1 : -1;
    const off = mu * n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const x = inputs[off + i] as number;
      if (!Number.isFinite(x)) throw new RangeError(`problem.inputs: expected finite entries, got ${x} at ${off + i}`);
      c[off + i] = s * x;
      ss += x * x;
    }
    if (!(ss > 0)) throw new RangeError(`problem.inputs: expected a nonzero input at μ = ${mu}`);
    norm[mu] = Math.sqrt(ss);
  }
  const gram = new Float64Array(p * p);
  for (let mu = 0; mu < p; mu++) {
    const om = mu * n;
    for (let nu = 0; nu <= mu; nu++) {
      const on = nu * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += (c[om + i] as number) * (c[on + i] as number);
      gram[mu * p + nu] = s;
      gram[nu * p + mu] = s;
    }
  }
  return { n, p, c, gram, norm };
}

/** Rescales w in place to |w| = √N; false for the zero vector. */
function rescale(w: Float64Array): boolean {
  let ss = 0;
  for (let i = 0; i < w.length; i++) ss += (w[i] as number) ** 2;
  if (!(ss > 0) || !Number.isFinite(ss)) return false;
  const f = Math.sqrt(w.length / ss);
  for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) * f;
  return true;
}

/**
 * A strictly feasible start: the perceptron algorithm w ← w + c_μ/|c_μ| on every c_μ·w ≤ 0,
 * started at the Hebb vector Σ_μ c_μ, for at most `maxEpochs` sweeps.
 */
function perceptronStart(cone: Cone, maxEpochs = 10_000): Float64Array {
  const { n, p, c, norm } = cone;
  const w = new Float64Array(n);
  for (let mu = 0; mu < p; mu++) for (let i = 0; i < n; i++) w[i] = (w[i] as number) + (c[mu * n + i] as number);
  if (p === 0) w[0] = 1;
  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    let updates = 0;
    for (let mu = 0; mu < p; mu++) {
      const off = mu * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += (c[off + i] as number) * (w[i] as number);
      if (s <= 0) {
        const f = 1 / (norm[mu] as number);
        for (let i = 0; i < n; i++) w[i] = (w[i] as number) + f * (c[off + i] as number);
        updates++;
      }
    }
    if (updates === 0) {
      rescale(w);
      return w;
    }
  }
  throw new RangeError(
    `problem: the perceptron algorithm found no point of the version space in ${maxEpochs} epochs (are the labels linearly separable through the origin?)`,
  );
}

function givenStart(cone: Cone, start: ArrayLike<number>): Float64Array {
  const { n, p, c, norm } = cone;
  if (start.length !== n) throw new RangeError(`start: expected length N = ${n}, got ${start.length}`);
  const w = Float64Array.from(start);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(w[i] as number)) throw new RangeError(`start: expected finite entries, got ${w[i]} at ${i}`);
  if (!rescale(w)) throw new RangeError('start: expected a nonzero vector');
  const wn = Math.sqrt(n);
  for (let mu = 0; mu < p; mu++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (c[mu * n + i] as number) * (w[i] as number);
    if (s < -ESCAPE_TOL * (norm[mu] as number) * wn)
      throw new RangeError(
        `start: violates constraint μ = ${mu} (y_μ x_μ·w/|x_μ||w| = ${s / ((norm[mu] as number) * wn)})`,
      );
  }
  return w;
}

interface HmcSettings {
  readonly burnIn: number;
  readonly samples: number;
  readonly thin: number;
  readonly travelTime: number;
  readonly jitter: number;
  readonly maxBounces: number;
}

/**
 * Runs burnIn + samples·thin exact-HMC trajectories from w (mutated), calling `visit(k, w, |w|)`
 * after every thin-th trajectory past the burn-in. Allocates nothing inside the loop.
 */
function runHmc(
  cone: Cone,
  w: Float64Array,
  rng: PhiloxRng,
  s: HmcSettings,
  visit: (k: number, w: Float64Array, norm: number) => void,
): HmcDiagnostics {
  const { n, p, c, gram, norm } = cone;
  const v = new Float64Array(n);
  const a = new Float64Array(p); // c_μ·w(t)
  const b = new Float64Array(p); // c_μ·ẇ(t)
  const kick = new Float64Array(p); // Σ over reflections off wall μ of −f sin(T − τ)
  const total = s.burnIn + s.samples * s.thin;
  let bounceSum = 0;
  let bounceMax = 0;
  for (let it = 0; it < total; it++) {
    for (let i = 0; i < n; i++) v[i] = rng.nextNormal();
    // a_μ = c_μ·w, b_μ = c_μ·v, and the scan for the first wall (see below)
    let hit = -1;
    let best = Number.POSITIVE_INFINITY;
    for (let mu = 0; mu < p; mu++) {
      const off = mu * n;
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < n; i++) {
        const ci = c[off + i] as number;
        sa += ci * (w[i] as number);
        sb += ci * (v[i] as number);
      }
      a[mu] = sa;
      b[mu] = sb;
      kick[mu] = 0;
      if (sb < 0 && sa / -sb < best) {
        best = sa / -sb;
        hit = mu;
      }
    }
    const travel = s.jitter > 0 ? s.travelTime * (1 - s.jitter * rng.nextDouble()) : s.travelTime;
    let remaining = travel;
    let bounces = 0;
    while (remaining > 0) {
      // Over a stretch of at most π/2 only walls with b_μ < 0 can be hit: a cos t + b sin t vanishes
      // at t = atan(a/(−b)), increasing in a/(−b), so the first wall is the one minimizing a/(−b).
      const horizon = Math.min(remaining, HALF_PI);
      let t = hit >= 0 ? Math.atan(best) : Number.POSITIVE_INFINITY;
      if (t < 0) t = 0; // round-off put w a hair outside while moving outward: reflect at once
      const reflect = t < horizon;
      if (!reflect) t = horizon;
      remaining -= t;
      const ct = Math.cos(t);
      const st = Math.sin(t);
      // reflection off wall k = hit: ẇ ← ẇ − f c_k, f = 2 (c_k·ẇ)/|c_k|², so b_μ ← b_μ − f G_μk;
      // the kick moves the endpoint by −f c_k sin(T − τ) (free motion after an impulse)
      let f = 0;
      let col = 0;
      if (reflect) {
        f = (2 * ((b[hit] as number) * ct - (a[hit] as number) * st)) / (gram[hit * p + hit] as number);
        col = hit * p; // G is symmetric: row k is column k
        kick[hit] = (kick[hit] as number) - f * Math.sin(remaining);
        if (++bounces > s.maxBounces)
          throw new Error(
            `sampleVersionSpace: more than ${s.maxBounces} reflections in trajectory ${it} (raise maxBounces or shorten travelTime)`,
          );
      }
      const k = reflect ? hit : -1;
      hit = -1;
      best = Number.POSITIVE_INFINITY;
      for (let mu = 0; mu < p; mu++) {
        const am = a[mu] as number;
        const bm = b[mu] as number;
        const an = mu === k ? 0 : am * ct + bm * st;
        const bn = bm * ct - am * st - f * (gram[col + mu] as number);
        a[mu] = an;
        b[mu] = bn;
        // branch-free: b ≥ 0 gives +∞ or NaN (never below best); a < 0 (round-off) gives 0
        const r = Math.max(an, 0) / Math.max(-bn, 0);
        if (r < best) {
          best = r;
          hit = mu;
        }
      }
    }
    bounceSum += bounces;
    if (bounces > bounceMax) bounceMax = bounces;
    // endpoint w(T) = w cos T + v sin T + Σ_μ kick_μ c_μ
    const cT = Math.cos(travel);
    const sT = Math.sin(travel);
    for (let i = 0; i < n; i++) w[i] = (w[i] as number) * cT + (v[i] as number) * sT;
    for (let mu = 0; mu < p; mu++) {
      const km = kick[mu] as number;
      if (km === 0) continue;
      const off = mu * n;
      for (let i = 0; i < n; i++) w[i] = (w[i] as number) + km * (c[off + i] as number);
    }
    // guard: the exact margins of the endpoint
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (w[i] as number) ** 2;
    const wn = Math.sqrt(ss);
    for (let mu = 0; mu < p; mu++) {
      const off = mu * n;
      let sa = 0;
      for (let i = 0; i < n; i++) sa += (c[off + i] as number) * (w[i] as number);
      if (sa < -ESCAPE_TOL * (norm[mu] as number) * wn)
        throw new Error(
          `sampleVersionSpace: numerical escape from the version space after trajectory ${it}: c_μ·w/(|c_μ||w|) = ${sa / ((norm[mu] as number) * wn)} at μ = ${mu}`,
        );
    }
    const k = it - s.burnIn;
    if (k >= 0 && (k + 1) % s.thin === 0) visit((k + 1) / s.thin - 1, w, wn);
  }
  return { trajectories: total, meanBounces: total > 0 ? bounceSum / total : 0, maxBounces: bounceMax };
}

function hmcSettings(options: SampleVersionSpaceOptions | GibbsStudentSimulationOptions): HmcSettings {
  const samples = checkInteger(options.samples, 'samples', { min: 1 });
  const burnIn = checkInteger(options.burnIn, 'burnIn', { min: 0 });
  const thin = checkInteger(options.thin ?? 1, 'thin', { min: 1 });
  const travelTime = checkNumber(options.travelTime ?? HALF_PI, 'travelTime', { min: 0 });
  if (!(travelTime > 0)) throw new RangeError(`travelTime: expected a finite number > 0, got ${travelTime}`);
  const jitter = checkNumber(options.jitter ?? 0, 'jitter', { min: 0 });
  if (!(jitter < 1)) throw new RangeError(`jitter: expected a number in [0, 1), got ${jitter}`);
  const maxBounces = checkInteger(options.maxBounces ?? 1_000_000, 'maxBounces', { min: 1 });
  if (options.seed === undefined) throw new RangeError('seed: required');
  return { samples, burnIn, thin, travelTime, jitter, maxBounces };
}

/**
 * Samples directions uniformly from the spherical version space
 * {w ∈ S^{N−1} : y_μ x_μ·w ≥ 0, μ = 1…P} — the posterior of the zero-temperature Gibbs student —
 * as w/|w| of the standard Gaussian truncated to the cone, by exact HMC (Pakman & Paninski):
 *
 * - each trajectory draws a fresh velocity v ~ N(0, I_N) and follows w(t) = w cos t + v sin t
 *   for the travel time T;
 * - with a_μ = c_μ·w, b_μ = c_μ·v (c_μ = y_μ x_μ), a wall is hit when a_μ cos t + b_μ sin t = 0;
 *   over a stretch of at most π/2 only walls with b_μ < 0 qualify, at t_μ = atan(a_μ/(−b_μ)), so the
 *   first wall k minimizes a_μ/(−b_μ) (stretches longer than π/2 are cut into pieces);
 * - at t_k the scalars rotate, (a, b) ← (a cos t + b sin t, b cos t − a sin t), and the velocity
 *   is reflected, v ← v − f c_k with f = 2 (c_k·v)/|c_k|², so b_μ ← b_μ − f G_μk with the
 *   precomputed Gram matrix G = C Cᵀ (P² doubles of memory): O(P) work per reflection, fused with
 *   the scan for the next wall;
 * - the N-vectors are touched once per trajectory: an impulse −f c_k at time τ moves the endpoint by
 *   −f c_k sin(T − τ), so w(T) = w cos T + v sin T − Σ_j f_j c_{k_j} sin(T − τ_j); a and b are
 *   recomputed exactly from w and the fresh v at every trajectory (no drift accumulates).
 *
 * Travel time: T = π/2 is Pakman & Paninski's choice; it maps w to v exactly when no wall is hit
 * (an independent draw), and the velocity refresh at every trajectory together with the
 * reflections keeps the chain from the periodicity that T = π (w → −w) would suffer in free space.
 * `jitter` randomizes T for a user who wants to rule out any residual resonance.
 *
 * Start: the perceptron algorithm from the Hebb vector (unless `start` is given), rescaled to
 * |w| = √N. It sits near the boundary of V, not at a typical point: discard `burnIn` trajectories
 * (measured: the teacher overlap's autocorrelation is gone after one trajectory at N = 100,
 * α ≤ 3, lag-1 ≈ −0.27 at α = 3; starting at the teacher the first sample already lies at R ≈ 0.81
 * against 0.84; the tests discard 5–10 trajectories).
 *
 * Guard: after every trajectory each endpoint margin c_μ·w is recomputed; one below
 * −10⁻⁹ |c_μ||w| (beyond round-off) throws. Tiny negative margins from round-off are reflected at
 * once in the next trajectory.
 * @param problem - inputs x_μ (P × N) and labels y_μ
 * @param options - samples, burnIn, thin, seed (velocities come from `new PhiloxRng(seed, stream)`)
 * @returns K unit-norm samples and the reflection counts
 * @throws RangeError naming the offending argument; RangeError when no feasible start is found;
 *   Error on numerical escape or when a trajectory exceeds maxBounces
 * @see A. Pakman, L. Paninski, "Exact Hamiltonian Monte Carlo for truncated multivariate Gaussians",
 *   J. Comput. Graph. Stat. 23, 518 (2014).
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), sec. 2.2 (the version space).
 */
export function sampleVersionSpace(
  problem: VersionSpaceProblem,
  options: SampleVersionSpaceOptions,
): VersionSpaceSamples {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const settings = hmcSettings(options);
  const stream = checkInteger(options.stream ?? 0, 'stream', { min: 0 });
  if (stream > 0xffffffff) throw new RangeError(`stream: expected at most 2^32 − 1, got ${stream}`);
  const cone = buildCone(problem);
  const w = options.start === undefined ? perceptronStart(cone) : givenStart(cone, options.start);
  const rng = new PhiloxRng(options.seed, stream);
  const n = cone.n;
  const out = new Float64Array(settings.samples * n);
  const diagnostics = runHmc(cone, w, rng, settings, (k, x, norm) => {
    const off = k * n;
    for (let i = 0; i < n; i++) out[off + i] = (x[i] as number) / norm;
  });
  return { n, count: settings.samples, samples: out, diagnostics };
}

/** Options of {@link gibbsStudentSimulation}. */
export interface GibbsStudentSimulationOptions {
  /** Dimension N ≥ 1. */
  readonly n: number;
  /** Load α = P/N > 0, P = round(αN) ≥ 1. */
  readonly alpha: number;
  /** Independent instances ≥ 1; trial t draws from `new PhiloxRng(seed, t)`. */
  readonly trials: number;
  /** Version-space samples K ≥ 2 per instance. */
  readonly samples: number;
  /** Trajectories discarded per instance before the first sample. */
  readonly burnIn: number;
  /** Trajectories per sample (default 1). */
  readonly thin?: number;
  /** Philox key. */
  readonly seed: number | bigint;
  /** Travel time (default π/2), see {@link sampleVersionSpace}. */
  readonly travelTime?: number;
  /** Travel-time jitter (default 0), see {@link sampleVersionSpace}. */
  readonly jitter?: number;
  /** Reflection cap per trajectory (default 10⁶). */
  readonly maxBounces?: number;
}

/** A trial mean with its standard error over trials. */
export interface TrialEstimate {
  readonly mean: number;
  /** s/√trials (0 for one trial). */
  readonly stderr: number;
}

/** A simulated student: the cosine R with the teacher and ε_g = arccos(R)/π, each over trials. */
export interface SimulatedStudentEstimate {
  readonly overlap: TrialEstimate;
  readonly error: TrialEstimate;
  /** R of each trial. */
  readonly perTrial: Float64Array;
}

/** What {@link gibbsStudentSimulation} returns. */
export interface GibbsStudentSimulationResult {
  readonly n: number;
  /** Constraints per instance P = round(αN). */
  readonly p: number;
  /** The realized load P/N, at which the theory is evaluated. */
  readonly alpha: number;
  readonly trials: number;
  /** Samples K per instance. */
  readonly samples: number;
  /** The Gibbs student: R = mean over the K samples u_k of u_k·ŵ*. */
  readonly gibbs: SimulatedStudentEstimate;
  /**
   * The Bayes student extrapolated to K → ∞: R = m̂/√q̂ with m̂ = ū·ŵ* (ū the mean of all K samples)
   * and q̂ = ū_A·ū_B (the means of the first and second halves), an estimate of |E u|² free of the
   * 1/K self-overlap bias; q̂ is floored at m̂² (Cauchy–Schwarz) so that R ≤ 1.
   */
  readonly bayes: SimulatedStudentEstimate;
  /**
   * The finite-K Bayes student itself, the direction ū/|ū| of the mean of the K samples; since
   * |ū|² ≈ q + (1 − q)/K_eff it falls short of the K → ∞ value by that factor.
   */
  readonly bayesFinite: SimulatedStudentEstimate;
  /** The self-overlap q̂ = ū_A·ū_B of two version-space samples (= R_Gibbs on the Nishimori line). */
  readonly selfOverlap: TrialEstimate & { readonly perTrial: Float64Array };
  /** The replica theory at α = P/N: {@link gibbsOverlap} and {@link bayesOverlap}, ε = arccos(R)/π. */
  readonly theory: {
    readonly gibbs: { readonly overlap: number; readonly error: number };
    readonly bayes: { readonly overlap: number; readonly error: number };
  };
  /** Reflection counts, summed over the trials (meanBounces per trajectory, maxBounces overall). */
  readonly diagnostics: HmcDiagnostics;
}

const errorOf = (r: number) => Math.acos(Math.max(-1, Math.min(1, r))) / Math.PI;

function estimate(perTrial: Float64Array): SimulatedStudentEstimate {
  const errs = perTrial.map(errorOf);
  return { overlap: meanStderr(perTrial), error: meanStderr(errs), perTrial };
}

/**
 * Simulates the zero-temperature Gibbs student and the Bayes-optimal student of the teacher–student
 * sign perceptron on independent instances, beside the replica theory. Trial t draws from
 * `new PhiloxRng(seed, t)` (results do not depend on the number of trials): the teacher
 * w* ~ N(0, I_N), the inputs x_μi ~ N(0, 1/N) row-major, y_μ = sign(x_μ·w*) (0 → +1), then the
 * velocities of {@link sampleVersionSpace}'s exact HMC, which starts from the perceptron solution
 * and discards `burnIn` trajectories. From K samples u_k of the spherical version space:
 *
 * - Gibbs student: R_G = (1/K) Σ_k u_k·ŵ*, ε_G = arccos(R_G)/π; theory R_G = q = {@link gibbsOverlap}(α).
 * - Bayes student (centre of mass ū = E u): R_B = (ū·ŵ*) / |ū| = m/√q → √q = {@link bayesOverlap}(α)
 *   (m = q on the Nishimori line). The K-sample mean has |ū_K|² = q + (1 − q)/K for independent
 *   samples, so its direction underestimates R_B; `bayes` removes the bias by estimating |ū|² with
 *   the cross-overlap of two half-chain means, `bayesFinite` reports the K-sample classifier itself.
 *
 * ε values are averaged per trial (ε of each trial's R, then mean ± stderr).
 * @param options - see {@link GibbsStudentSimulationOptions}
 * @returns Gibbs, Bayes (K → ∞ and finite K) and self-overlap estimates with the theory
 * @throws RangeError naming the offending argument
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), secs. 2.3, 3.6.
 * @see M. Opper, D. Haussler, "Generalization performance of Bayes optimal classification algorithm for learning a perceptron", Phys. Rev. Lett. 66, 2677 (1991).
 * @see A. Pakman, L. Paninski, J. Comput. Graph. Stat. 23, 518 (2014).
 */
export function gibbsStudentSimulation(options: GibbsStudentSimulationOptions): GibbsStudentSimulationResult {
  if (options === null || typeof options !== 'object') throw new TypeError('options: expected an object');
  const n = checkInteger(options.n, 'n', { min: 1 });
  const alphaIn = checkNumber(options.alpha, 'alpha', { min: 0 });
  const p = Math.round(alphaIn * n);
  if (p < 1) throw new RangeError(`alpha: α = ${alphaIn} gives P = round(αN) = 0 constraints at N = ${n}`);
  const trials = checkInteger(options.trials, 'trials', { min: 1 });
  if (trials > 0x100000000) throw new RangeError(`trials: expected at most 2^32, got ${trials}`);
  const samples = checkInteger(options.samples, 'samples', { min: 2 });
  const settings = hmcSettings(options);
  const seed = options.seed;

  const teacher = new Float64Array(n);
  const inputs = new Float64Array(p * n);
  const labels = new Int8Array(p);
  const sumA = new Float64Array(n);
  const sumB = new Float64Array(n);
  const half = samples >> 1;
  const scale = 1 / Math.sqrt(n);
  const gibbsR = new Float64Array(trials);
  const bayesR = new Float64Array(trials);
  const finiteR = new Float64Array(trials);
  const qHat = new Float64Array(trials);
  let trajectories = 0;
  let bounceSum = 0;
  let bounceMax = 0;
  for (let t = 0; t < trials; t++) {
    const rng = new PhiloxRng(seed, t);
    let tt = 0;
    for (let i = 0; i < n; i++) {
      teacher[i] = rng.nextNormal();
      tt += (teacher[i] as number) ** 2;
    }
    const tn = Math.sqrt(tt);
    for (let i = 0; i < n; i++) teacher[i] = (teacher[i] as number) / tn;
    for (let k = 0; k < inputs.length; k++) inputs[k] = rng.nextNormal() * scale;
    for (let mu = 0; mu < p; mu++) {
      let z = 0;
      for (let i = 0; i < n; i++) z += (inputs[mu * n + i] as number) * (teacher[i] as number);
      labels[mu] = z >= 0 ? 1 : -1;
    }
    const cone = buildCone({ n, p, inputs, labels });
    const w = perceptronStart(cone);
    sumA.fill(0);
    sumB.fill(0);
    let rSum = 0;
    const diag = runHmc(cone, w, rng, settings, (k, x, norm) => {
      const acc = k < half ? sumA : sumB;
      let r = 0;
      for (let i = 0; i < n; i++) {
        const u = (x[i] as number) / norm;
        acc[i] = (acc[i] as number) + u;
        r += u * (teacher[i] as number);
      }
      rSum += r;
    });
    trajectories += diag.trajectories;
    bounceSum += diag.meanBounces * diag.trajectories;
    if (diag.maxBounces > bounceMax) bounceMax = diag.maxBounces;
    let m = 0;
    let q = 0;
    let uu = 0;
    for (let i = 0; i < n; i++) {
      const sa = sumA[i] as number;
      const sb = sumB[i] as number;
      const u = (sa + sb) / samples;
      m += u * (teacher[i] as number);
      q += (sa / half) * (sb / (samples - half));
      uu += u * u;
    }
    gibbsR[t] = rSum / samples;
    finiteR[t] = uu > 0 ? m / Math.sqrt(uu) : 0;
    qHat[t] = q;
    const qf = Math.max(q, m * m);
    bayesR[t] = qf > 0 ? m / Math.sqrt(qf) : 0;
  }
  const alpha = p / n;
  const rg = gibbsOverlap(alpha);
  const rb = bayesOverlap(alpha);
  return {
    n,
    p,
    alpha,
    trials,
    samples,
    gibbs: estimate(gibbsR),
    bayes: estimate(bayesR),
    bayesFinite: estimate(finiteR),
    selfOverlap: { ...meanStderr(qHat), perTrial: qHat },
    theory: { gibbs: { overlap: rg, error: errorOf(rg) }, bayes: { overlap: rb, error: errorOf(rb) } },
    diagnostics: { trajectories, meanBounces: bounceSum / trajectories, maxBounces: bounceMax },
  };
}
