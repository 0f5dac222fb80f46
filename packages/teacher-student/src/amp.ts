/**
 * Generalized approximate message passing (GAMP) for the teacher–student perceptron
 * y_μ = sign(Σ_i F_μi w*_i), F_μi ~ N(0, 1/N), μ = 1…P = αN, with an i.i.d. teacher prior
 * (Gaussian N(0, 1) or Rademacher ±1): the sign channel's output functions, the prior's input
 * functions, the instance generator and the iteration itself.
 * @module
 */
import { erfcx } from '@replica/spin-core/math';
import { PhiloxRng } from '@replica/webgpu-kernels';

/** The teacher's prior: `gaussian` w*_i ~ N(0, 1), `binary` w*_i = ±1 with probability ½ (both have E w*² = 1). */
export type PerceptronPrior = 'gaussian' | 'binary';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * The inverse Mills ratio r(x) = φ(x)/Φ(x) = φ(x)/H(−x), written as √(2/π)/erfcx(−x/√2) so that it
 * stays finite and accurate for every x (r(x) ≈ −x for x → −∞, r(x) → 0 for x → +∞).
 * @param x - any real number
 * @returns r(x) ≥ 0
 * @see M. Abramowitz, I. A. Stegun, *Handbook of Mathematical Functions* (1964), 26.2.
 */
export function inverseMillsRatio(x: number): number {
  const e = erfcx(-x * Math.SQRT1_2);
  return e === Number.POSITIVE_INFINITY ? 0 : SQRT_2_OVER_PI / e;
}

/** g_out and its ω-derivative for one measurement. */
export interface ChannelOutput {
  /** g_out(y, ω, V) = ∂_ω log Z_out. */
  readonly g: number;
  /** ∂_ω g_out(y, ω, V), in [−1/V, 0]. */
  readonly dg: number;
}

/**
 * The output function of the noiseless sign channel P(y | z) = θ(y z): with
 * Z_out(y, ω, V) = ∫Dξ θ(y(ω + √V ξ)) = H(−yω/√V) and x = yω/√V,
 * g_out = ∂_ω log Z_out = (y/√V)·r(x) and ∂_ω g_out = −r(x)(x + r(x))/V, r(x) = φ(x)/H(−x).
 * @param y - label, +1 or −1
 * @param omega - the mean ω of the pre-activation z = F_μ·w given the other measurements
 * @param v - its variance V > 0
 * @returns g_out and ∂_ω g_out
 * @throws RangeError when y is not ±1 or V is not a positive finite number
 * @see L. Zdeborová, F. Krzakala, "Statistical physics of inference: thresholds and algorithms", Adv. Phys. 65, 453 (2016), sec. 6.
 */
export function signChannelOutput(y: number, omega: number, v: number): ChannelOutput {
  if (y !== 1 && y !== -1) throw new RangeError(`y: expected +1 or −1, got ${y}`);
  if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`v: expected a positive finite variance, got ${v}`);
  if (!Number.isFinite(omega)) throw new RangeError(`omega: expected a finite number, got ${omega}`);
  return channel(y, omega, v);
}

function channel(y: number, omega: number, v: number): ChannelOutput {
  const sv = Math.sqrt(v);
  const x = (y * omega) / sv;
  const r = inverseMillsRatio(x);
  return { g: (y * r) / sv, dg: -(r * (x + r)) / v };
}

/** Posterior mean and variance of one weight. */
export interface PriorOutput {
  /** f_a = ⟨w⟩. */
  readonly mean: number;
  /** f_v = ⟨w²⟩ − ⟨w⟩². */
  readonly variance: number;
}

/**
 * The prior's input functions: the mean and variance of w under P(w)·e^{Bw − Aw²/2}/Z(A, B)
 * (natural parameters A = 1/Σ, B = R/Σ of the Gaussian message N(R, Σ)).
 * Gaussian prior: ⟨w⟩ = B/(1 + A), Var = 1/(1 + A) (linear shrinkage R/(1 + Σ));
 * binary prior: ⟨w⟩ = tanh B, Var = 1 − tanh² B = sech² B.
 * @param prior - `gaussian` or `binary`
 * @param a - A ≥ 0, the precision of the message
 * @param b - B, the precision-weighted mean
 * @returns posterior mean and variance
 * @throws RangeError for A < 0 or non-finite A, B
 * @see S. Rangan, "Generalized approximate message passing for estimation with random linear mixing", ISIT 2011.
 */
export function priorInput(prior: PerceptronPrior, a: number, b: number): PriorOutput {
  if (!(a >= 0) || !Number.isFinite(a)) throw new RangeError(`a: expected a finite precision ≥ 0, got ${a}`);
  if (!Number.isFinite(b)) throw new RangeError(`b: expected a finite number, got ${b}`);
  checkPrior(prior);
  if (prior === 'gaussian') return { mean: b / (1 + a), variance: 1 / (1 + a) };
  return { mean: Math.tanh(b), variance: sech2(b) };
}

/** sech² b = 4/(e^b + e^{−b})², nonzero until |b| ≈ 355 (unlike 1 − tanh² b). */
function sech2(b: number): number {
  const e = Math.exp(-2 * Math.abs(b));
  const c = (2 * Math.sqrt(e)) / (1 + e);
  return c * c;
}

/** @internal */
export function checkPrior(prior: string): asserts prior is PerceptronPrior {
  if (prior !== 'gaussian' && prior !== 'binary')
    throw new RangeError(`prior: expected 'gaussian' or 'binary', got '${String(prior)}'`);
}

/** What GAMP sees: the inputs F (P × N, row-major), the labels y and the prior; the teacher only to score. */
export interface PerceptronProblem {
  /** Input dimension N. */
  readonly n: number;
  /** Number of samples P. */
  readonly p: number;
  /** F_μi at index μN + i, F_μi ~ N(0, 1/N). */
  readonly inputs: Float32Array;
  /** y_μ = sign(F_μ·w*) ∈ {−1, +1}. */
  readonly labels: Int8Array;
  readonly prior: PerceptronPrior;
  /** w*, when known: AMP then reports the overlap m = (w·w*)/N. */
  readonly teacher?: Float64Array;
}

/** A generated instance of the teacher–student perceptron. */
export interface PerceptronInstance extends PerceptronProblem {
  readonly teacher: Float64Array;
  /** α = P/N. */
  readonly alpha: number;
}

/** Options of {@link perceptronInstance}. */
export interface PerceptronInstanceOptions {
  /** Input dimension N ≥ 1. */
  readonly n: number;
  /** Sample ratio α = P/N > 0; P = round(αN) ≥ 1. */
  readonly alpha: number;
  /** Teacher prior (default `gaussian`). */
  readonly prior?: PerceptronPrior;
  /** Philox key: the teacher is stream 0, the inputs stream 1. */
  readonly seed: number | bigint;
}

/**
 * A teacher–student perceptron instance: w*_i i.i.d. from the prior, F_μi = ξ_μi/√N with ξ ~ N(0, 1)
 * (stored as f32), y_μ = sign(Σ_i F_μi w*_i) (sign 0 → +1, a null event).
 * @param options - N, α, prior, seed
 * @returns the instance, P = round(αN)
 * @throws RangeError for N < 1, α ≤ 0, or P = 0
 * @see E. Gardner, B. Derrida, "Three unfinished works on the optimal storage capacity of networks", J. Phys. A 22, 1983 (1989).
 */
export function perceptronInstance(options: PerceptronInstanceOptions): PerceptronInstance {
  const { n, alpha, seed } = options;
  const prior = options.prior ?? 'gaussian';
  checkPrior(prior);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`n: expected an integer ≥ 1, got ${n}`);
  if (!(alpha > 0) || !Number.isFinite(alpha))
    throw new RangeError(`alpha: expected a finite number > 0, got ${alpha}`);
  const p = Math.round(alpha * n);
  if (p < 1) throw new RangeError(`alpha: α = ${alpha} gives P = round(αN) = 0 samples at N = ${n}`);
  const rt = new PhiloxRng(seed, 0);
  const teacher = new Float64Array(n);
  for (let i = 0; i < n; i++) teacher[i] = prior === 'gaussian' ? rt.nextNormal() : rt.nextU32() & 1 ? 1 : -1;
  const rf = new PhiloxRng(seed, 1);
  const inputs = new Float32Array(p * n);
  const scale = 1 / Math.sqrt(n);
  for (let k = 0; k < inputs.length; k++) inputs[k] = rf.nextNormal() * scale;
  const labels = new Int8Array(p);
  for (let mu = 0; mu < p; mu++) {
    let z = 0;
    const off = mu * n;
    for (let i = 0; i < n; i++) z += (inputs[off + i] as number) * (teacher[i] as number);
    labels[mu] = z >= 0 ? 1 : -1;
  }
  return { n, p, alpha: p / n, prior, inputs, labels, teacher };
}

/** Options of {@link ampPerceptron}. */
export interface AmpOptions {
  /**
   * Damping d ∈ [0, 1): every update x ← d·x_old + (1 − d)·x_new, for g_out, ⟨w⟩ and Var w
   * (default 0, no damping).
   */
  readonly damping?: number;
  /** Iteration cap (default 200). */
  readonly maxIterations?: number;
  /**
   * Floor on the output variance V (default 1e-4). When the estimate becomes perfect (binary prior
   * past α_alg) V → 0 faster than the smallest margin |F_μ·w*| ~ 1/P of a finite instance, every
   * g_out underflows and the messages collapse to 0; the floor keeps a few small-margin samples
   * informative so that the perfect estimate stays a fixed point. It is far below V in any imperfect state.
   */
  readonly varianceFloor?: number;
  /** Converged when the rms change of ⟨w⟩, √(Σ_i (a_i^{t+1} − a_i^t)²/N), drops below this (default 1e-7). */
  readonly tolerance?: number;
}

/** What {@link ampPerceptron} returns. */
export interface AmpResult {
  /** The posterior-mean estimate a_i = ⟨w_i⟩. */
  readonly estimate: Float64Array;
  /** The posterior variances Δ_i = Var w_i. */
  readonly variance: Float64Array;
  /** Overlap m = (a·w*)/N with the teacher (null when the teacher is not given). */
  readonly m: number | null;
  /** Self-overlap q = a·a/N. */
  readonly q: number;
  /** Iterations run. */
  readonly iterations: number;
  /** The rms change of ⟨w⟩ at the last iteration. */
  readonly lastChange: number;
  /** Whether lastChange fell below the tolerance before maxIterations. */
  readonly converged: boolean;
  /** m after each iteration (empty without a teacher). */
  readonly overlapHistory: readonly number[];
}

/**
 * GAMP for the sign-channel perceptron, in its scalar-variance form (the variances are replaced by
 * their averages, F²_μi → ‖F‖²/(PN), exact as N → ∞). Starting from a = 0, Δ = 1 (the prior), g = 0:
 *
 *   V = max(c Σ_i Δ_i, V_floor),  ω_μ = Σ_i F_μi a_i − V g_μ^{old},  g_μ = g_out(y_μ, ω_μ, V),
 *   A = c Σ_μ (−∂_ω g_out),  B_i = A a_i + Σ_μ F_μi g_μ,  a_i = f_a(A, B_i),  Δ_i = f_v(A, B_i),
 *
 * with c = ‖F‖²_F/(PN) ≈ 1/N. One fused pass over F per iteration (ω_μ, g_μ, then the row's
 * contribution to Fᵀg). A run that reaches maxIterations reports converged: false (no throw).
 * @param problem - inputs, labels, prior (and optionally the teacher, to report m)
 * @param options - damping, varianceFloor, maxIterations, tolerance
 * @returns the estimate, variances, overlaps and the convergence report
 * @throws RangeError for inconsistent shapes, labels not ±1 or options out of range
 * @see S. Rangan, "Generalized approximate message passing for estimation with random linear mixing", ISIT 2011.
 * @see L. Zdeborová, F. Krzakala, "Statistical physics of inference: thresholds and algorithms", Adv. Phys. 65, 453 (2016).
 * @see J. Barbier, F. Krzakala, N. Macris, L. Miolane, L. Zdeborová, "Optimal errors and phase transitions in high-dimensional generalized linear models", PNAS 116, 5451 (2019).
 */
export function ampPerceptron(problem: PerceptronProblem, options: AmpOptions = {}): AmpResult {
  const { n, p, inputs, labels, prior, teacher } = problem;
  checkPrior(prior);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`problem.n: expected an integer ≥ 1, got ${n}`);
  if (!Number.isSafeInteger(p) || p < 1) throw new RangeError(`problem.p: expected an integer ≥ 1, got ${p}`);
  if (inputs.length !== p * n)
    throw new RangeError(`problem.inputs: expected P·N = ${p * n} entries, got ${inputs.length}`);
  if (labels.length !== p) throw new RangeError(`problem.labels: expected P = ${p} labels, got ${labels.length}`);
  for (let mu = 0; mu < p; mu++)
    if (labels[mu] !== 1 && labels[mu] !== -1)
      throw new RangeError(`problem.labels: expected ±1, got ${labels[mu]} at ${mu}`);
  if (teacher !== undefined && teacher.length !== n)
    throw new RangeError(`problem.teacher: expected N = ${n} entries, got ${teacher.length}`);
  const damping = options.damping ?? 0;
  if (!(damping >= 0 && damping < 1)) throw new RangeError(`damping: expected a number in [0, 1), got ${damping}`);
  const maxIterations = options.maxIterations ?? 200;
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1)
    throw new RangeError(`maxIterations: expected an integer ≥ 1, got ${maxIterations}`);
  const tolerance = options.tolerance ?? 1e-7;
  const varianceFloor = options.varianceFloor ?? 1e-4;
  if (!(varianceFloor > 0 && varianceFloor < 1))
    throw new RangeError(`varianceFloor: expected a number in (0, 1), got ${varianceFloor}`);
  if (!(tolerance > 0)) throw new RangeError(`tolerance: expected a number > 0, got ${tolerance}`);

  let frob = 0;
  for (let k = 0; k < inputs.length; k++) {
    const f = inputs[k] as number;
    frob += f * f;
  }
  if (!(frob > 0)) throw new RangeError('problem.inputs: expected a nonzero matrix');
  const c = frob / (p * n);

  const a = new Float64Array(n);
  const delta = new Float64Array(n).fill(1);
  const g = new Float64Array(p);
  const ftg = new Float64Array(n);
  const history: number[] = [];
  let iterations = 0;
  let lastChange = Number.POSITIVE_INFINITY;
  let converged = false;
  const keep = damping;
  const take = 1 - damping;

  while (iterations < maxIterations) {
    iterations++;
    let sumDelta = 0;
    for (let i = 0; i < n; i++) sumDelta += delta[i] as number;
    const v = Math.max(c * sumDelta, varianceFloor);
    const sv = Math.sqrt(v);
    ftg.fill(0);
    let sumDg = 0;
    for (let mu = 0; mu < p; mu++) {
      const off = mu * n;
      // four accumulators: the dot product is bound by the add latency, not by the loads
      let z0 = 0;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      let i = 0;
      for (; i + 3 < n; i += 4) {
        z0 += (inputs[off + i] as number) * (a[i] as number);
        z1 += (inputs[off + i + 1] as number) * (a[i + 1] as number);
        z2 += (inputs[off + i + 2] as number) * (a[i + 2] as number);
        z3 += (inputs[off + i + 3] as number) * (a[i + 3] as number);
      }
      for (; i < n; i++) z0 += (inputs[off + i] as number) * (a[i] as number);
      const z = z0 + z1 + (z2 + z3);
      const y = labels[mu] as number;
      const gOld = g[mu] as number;
      const x = (y * (z - v * gOld)) / sv;
      const r = inverseMillsRatio(x);
      const gNew = keep * gOld + take * ((y * r) / sv);
      g[mu] = gNew;
      sumDg += (r * (x + r)) / v;
      if (gNew !== 0) for (let k = 0; k < n; k++) ftg[k] = (ftg[k] as number) + (inputs[off + k] as number) * gNew;
    }
    const A = c * sumDg;
    let change = 0;
    for (let i = 0; i < n; i++) {
      const ai = a[i] as number;
      const b = A * ai + (ftg[i] as number);
      let mean: number;
      let variance: number;
      if (prior === 'gaussian') {
        mean = b / (1 + A);
        variance = 1 / (1 + A);
      } else {
        mean = Math.tanh(b);
        variance = sech2(b);
      }
      const an = keep * ai + take * mean;
      change += (an - ai) * (an - ai);
      a[i] = an;
      delta[i] = keep * (delta[i] as number) + take * variance;
    }
    lastChange = Math.sqrt(change / n);
    if (teacher !== undefined) history.push(dot(a, teacher) / n);
    if (!Number.isFinite(lastChange)) break;
    if (lastChange < tolerance) {
      converged = true;
      break;
    }
  }
  return {
    estimate: a,
    variance: delta,
    m: teacher === undefined ? null : dot(a, teacher) / n,
    q: dot(a, a) / n,
    iterations,
    lastChange,
    converged,
    overlapHistory: history,
  };
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}
