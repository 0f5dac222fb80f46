/**
 * The Hopfield–RBM equivalence (a Hubbard–Stratonovich transform): a Hopfield network with
 * Hebbian couplings at inverse temperature β is the visible marginal of an RBM with spin visible
 * units, one Gaussian hidden unit per pattern and couplings W_iμ = ξ_i^μ √(β/N), because
 *
 *   ∫ Π_μ dh_μ e^{−Σ_μ h_μ²/2 + Σ_iμ σ_i W_iμ h_μ} = (2π)^{K/2} e^{½ Σ_μ (Σ_i W_iμ σ_i)²}
 *                                                  = (2π)^{K/2} e^{(β/2N) Σ_μ (ξ^μ·σ)²} ∝ e^{−βH(σ)}.
 * @module
 */
import type { Rbm } from './model';
import { validateRbm } from './model';

/** Options of {@link hopfieldToRbm}. */
export interface HopfieldToRbmOptions {
  /** K, the number of patterns (rows of ξ). */
  readonly count: number;
  /** β = 1/T ≥ 0, the Hopfield network's inverse temperature. */
  readonly beta: number;
  /** External fields h_i (length N), default 0: the visible biases become a = βh. */
  readonly field?: ArrayLike<number>;
}

function checkBeta(beta: unknown, strict: boolean): number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0 || (strict && beta === 0))
    throw new RangeError(`beta: expected a finite number ${strict ? '> 0' : '≥ 0'}, got ${String(beta)}`);
  return beta;
}

/**
 * The RBM whose visible marginal is the Hopfield network's Boltzmann distribution
 * p(σ) ∝ e^{−βH(σ)}, H(σ) = −(1/2N) Σ_μ (ξ^μ·σ)² − h·σ (Hebb's couplings J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ;
 * the diagonal Σ_μ Σ_i (ξ_i^μ σ_i)² = KN is a constant): N spin visible units, K Gaussian hidden
 * units, W_iμ = ξ_i^μ √(β/N), visible biases a = βh, hidden biases 0, so that
 * −F(σ) = β(1/2N) Σ_μ (ξ^μ·σ)² + βh·σ + (K/2) log 2π.
 *
 * The RBM stores float32: W_iμ = ±fl(√(β/N)) represents the network at β′ = N·fl(√(β/N))²,
 * |β′/β − 1| ≤ 2^-23 (exactly β when √(β/N) is a float32, e.g. β = N/4).
 * @param xi - ξ, K × N row-major, entries ±1 (pattern μ at μ·N)
 * @param options.count - K; N = xi.length / K
 * @param options.beta - β ≥ 0
 * @param options.field - h (length N), default 0
 * @returns a new RBM (visibleType 'spin', hiddenType 'gaussian')
 * @throws TypeError/RangeError naming the argument: ξ not K × N of ±1, β < 0, a wrong-length or non-finite field
 * @see A. Barra, A. Bernacchia, E. Santucci, P. Contucci, "On the equivalence of Hopfield networks and Boltzmann machines", Neural Networks 34 (2012)
 * @see M. Mézard, "Mean-field message-passing equations in the Hopfield model and its generalizations", Phys. Rev. E 95 (2017)
 */
export function hopfieldToRbm(xi: Int8Array, options: HopfieldToRbmOptions): Rbm {
  if (!(xi instanceof Int8Array)) throw new TypeError('xi: expected an Int8Array of ±1 (K × N, row-major)');
  const k = options.count;
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 1)
    throw new RangeError(`count: expected an integer ≥ 1 (the number of patterns K), got ${String(k)}`);
  if (xi.length === 0 || xi.length % k !== 0)
    throw new RangeError(`xi: expected K × N entries with K = ${k}, got ${xi.length}`);
  const n = xi.length / k;
  for (let t = 0; t < xi.length; t++) {
    const v = xi[t]!;
    if (v !== 1 && v !== -1) throw new RangeError(`xi[${Math.floor(t / n)}][${t % n}] = ${v}: expected ±1`);
  }
  const beta = checkBeta(options.beta, false);
  const visibleBias = new Float32Array(n);
  if (options.field !== undefined) {
    const h = options.field;
    if (h.length !== n) throw new RangeError(`field: expected ${n} entries (one per spin), got ${h.length}`);
    for (let i = 0; i < n; i++) {
      const v = beta * h[i]!;
      if (!Number.isFinite(h[i]!) || !Number.isFinite(Math.fround(v)))
        throw new RangeError(`field[${i}] = ${h[i]}: expected a finite number (with β·h a finite float32)`);
      visibleBias[i] = v;
    }
  }
  const w = Math.sqrt(beta / n);
  const W = new Float32Array(n * k);
  // (β = 0 leaves W = +0, never −0)
  if (w > 0) for (let i = 0; i < n; i++) for (let mu = 0; mu < k; mu++) W[i * k + mu] = xi[mu * n + i]! * w;
  return {
    visible: n,
    hidden: k,
    visibleType: 'spin',
    hiddenType: 'gaussian',
    W,
    visibleBias,
    hiddenBias: new Float32Array(k),
  };
}

/** Options of {@link rbmToHopfield}. */
export interface RbmToHopfieldOptions {
  /** β > 0, the inverse temperature at which to read the network (default 1). */
  readonly beta?: number;
}

/** A Hopfield network read off an RBM by {@link rbmToHopfield}. */
export interface HopfieldNetwork {
  /** N, the number of spins. */
  readonly n: number;
  /** K, the number of (real-valued) patterns. */
  readonly k: number;
  /** ξ_i^μ = W_iμ √(N/β), K × N row-major (pattern μ at μ·N). */
  readonly patterns: Float64Array;
  /** J = (1/β) W Wᵀ = (1/N) Σ_μ ξ^μ ξ^μᵀ with a zero diagonal, N × N row-major. */
  readonly couplings: Float64Array;
  /** h = a/β (length N). */
  readonly fields: Float64Array;
  /** ½ Σ_i (WWᵀ)_ii / β: the constant the zero diagonal of J leaves out of ½ σᵀJσ. */
  readonly diagonal: number;
  /** β. */
  readonly beta: number;
}

/**
 * The Hopfield network equivalent to an RBM with spin visible units, Gaussian hidden units and
 * zero hidden biases: summing the hidden units out gives
 * −F(σ) = a·σ + ½ σᵀWWᵀσ + (K/2) log 2π, so p(σ) ∝ e^{β(½ σᵀJσ + h·σ)} with J = WWᵀ/β
 * (diagonal dropped: σ_i² = 1 makes it the constant β·`diagonal`), h = a/β and patterns
 * ξ = W√(N/β), J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ. Computed in f64 from the float32 parameters; the
 * inverse of {@link hopfieldToRbm} up to its float32 rounding (relative ≤ 2^-24 on ξ).
 * @param options.beta - β > 0, default 1
 * @returns patterns, couplings, fields, the diagonal constant and β
 * @throws RangeError for non-spin visible units, non-Gaussian hidden units, a nonzero hidden bias or β ≤ 0
 * @see A. Barra, A. Bernacchia, E. Santucci, P. Contucci, "On the equivalence of Hopfield networks and Boltzmann machines", Neural Networks 34 (2012)
 * @see M. Mézard, "Mean-field message-passing equations in the Hopfield model and its generalizations", Phys. Rev. E 95 (2017)
 */
export function rbmToHopfield(rbm: Rbm, options: RbmToHopfieldOptions = {}): HopfieldNetwork {
  validateRbm(rbm);
  if (rbm.visibleType !== 'spin')
    throw new RangeError(
      `rbm.visibleType: the Hopfield equivalence needs 'spin' visible units, got '${rbm.visibleType}'`,
    );
  if (rbm.hiddenType !== 'gaussian')
    throw new RangeError(
      `rbm.hiddenType: the Hopfield equivalence needs 'gaussian' hidden units, got '${rbm.hiddenType}'`,
    );
  for (let j = 0; j < rbm.hidden; j++)
    if (rbm.hiddenBias[j] !== 0)
      throw new RangeError(
        `rbm.hiddenBias[${j}] = ${rbm.hiddenBias[j]}: the Hopfield equivalence needs zero hidden biases`,
      );
  const beta = checkBeta(options.beta ?? 1, true);
  const { visible: n, hidden: k, W, visibleBias: a } = rbm;
  const scale = Math.sqrt(n / beta);
  const patterns = new Float64Array(k * n);
  for (let i = 0; i < n; i++) for (let mu = 0; mu < k; mu++) patterns[mu * n + i] = W[i * k + mu]! * scale;
  const couplings = new Float64Array(n * n);
  let diag = 0;
  for (let i = 0; i < n; i++) {
    const ri = i * k;
    let d = 0;
    for (let mu = 0; mu < k; mu++) d += W[ri + mu]! * W[ri + mu]!;
    diag += d;
    for (let j = i + 1; j < n; j++) {
      const rj = j * k;
      let s = 0;
      for (let mu = 0; mu < k; mu++) s += W[ri + mu]! * W[rj + mu]!;
      couplings[i * n + j] = s / beta;
      couplings[j * n + i] = s / beta;
    }
  }
  const fields = new Float64Array(n);
  for (let i = 0; i < n; i++) fields[i] = a[i]! / beta;
  return { n, k, patterns, couplings, fields, diagonal: (0.5 * diag) / beta, beta };
}
