/**
 * Tractable quality measures of an RBM on data: the pseudo-likelihood (Besag) and the
 * mean-field reconstruction error, both in f64 with incremental hidden fields.
 * @module
 */
import type { Rbm } from './model';
import { checkVisibleData, hiddenLogPartition, hiddenMean, softplus, validateRbm, visibleMean } from './model';

/**
 * The mean pseudo-log-likelihood of a data set: for each row v, the sum over every visible unit
 * of the log-probability of its value given all the others,
 *
 *   PL(v) = Σ_i log p(v_i | v_{−i}) = Σ_i log σ(F(v^{(i)}) − F(v)) = −Σ_i softplus(F(v) − F(v^{(i)})),
 *
 * v^{(i)} the row with unit i flipped (0 ↔ 1, or ±1 → ∓1), averaged over rows. With
 * x_j = c_j + Σ_i v_i W_ij and Δ_i = v_i^{(i)} − v_i, F(v) − F(v^{(i)}) = a_iΔ_i +
 * Σ_j [φ(x_j + Δ_i W_ij) − φ(x_j)], so a row costs n_v·n_h evaluations of φ; the differences are
 * summed directly (no cancellation between two large free energies).
 * @param data - R × n_v, row-major, 0/1 (Bernoulli) or ±1 (spin) values
 * @returns (1/R) Σ_r PL(v_r) ≤ 0, in nats (divide by n_v for a per-unit value)
 * @throws RangeError on malformed data or an invalid RBM
 * @see J. Besag, Statistical analysis of non-lattice data, The Statistician 24 (1975)
 */
export function pseudoLikelihood(rbm: Rbm, data: ArrayLike<number>): number {
  validateRbm(rbm);
  const rows = checkVisibleData(rbm, data);
  const { visible: nv, hidden: nh, W, visibleBias: a, hiddenBias: c, hiddenType } = rbm;
  const spin = rbm.visibleType === 'spin';
  const bern = hiddenType === 'bernoulli';
  const x = new Float64Array(nh);
  const phi = new Float64Array(nh);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * nv;
    for (let j = 0; j < nh; j++) x[j] = c[j]!;
    for (let i = 0; i < nv; i++) {
      const vi = data[base + i]!;
      if (vi === 0) continue;
      const row = i * nh;
      if (vi === 1) for (let j = 0; j < nh; j++) x[j] = x[j]! + W[row + j]!;
      else for (let j = 0; j < nh; j++) x[j] = x[j]! - W[row + j]!;
    }
    for (let j = 0; j < nh; j++) phi[j] = bern ? softplus(x[j]!) : hiddenLogPartition(hiddenType, x[j]!);
    let pl = 0;
    for (let i = 0; i < nv; i++) {
      const vi = data[base + i]!;
      const d = spin ? -2 * vi : 1 - 2 * vi;
      const row = i * nh;
      // dF = F(v) − F(v^{(i)}) = a_i Δ + Σ_j [φ(x_j + Δ W_ij) − φ(x_j)]
      let dF = a[i]! * d;
      if (bern) for (let j = 0; j < nh; j++) dF += softplus(x[j]! + d * W[row + j]!) - phi[j]!;
      else for (let j = 0; j < nh; j++) dF += hiddenLogPartition(hiddenType, x[j]! + d * W[row + j]!) - phi[j]!;
      pl -= softplus(dF);
    }
    total += pl;
  }
  return total / rows;
}

/**
 * The mean-field reconstruction error: for each row v, the deterministic one-step reconstruction
 *
 *   h̄_j = E[h_j | v] = φ′(c_j + Σ_i v_i W_ij),   v̄_i = E[v_i | h̄] = ψ′(a_i + Σ_j W_ij h̄_j)
 *
 * (φ′ from {@link hiddenMean}, ψ′ = σ for Bernoulli and tanh for spin visible units), and the
 * squared error averaged over rows and units, (1/(R·n_v)) Σ_r Σ_i (v_i − v̄_i)² — in [0, 1] for
 * Bernoulli visible units, [0, 4] for spins. A training monitor, not a likelihood: it can fall
 * while the model gets worse.
 * @param data - R × n_v, row-major, 0/1 (Bernoulli) or ±1 (spin) values
 * @returns the mean squared reconstruction error per visible unit
 * @throws RangeError on malformed data or an invalid RBM
 * @see G. E. Hinton, A practical guide to training restricted Boltzmann machines (2010), §5
 */
export function reconstructionError(rbm: Rbm, data: ArrayLike<number>): number {
  validateRbm(rbm);
  const rows = checkVisibleData(rbm, data);
  const { visible: nv, hidden: nh, W, visibleBias: a, hiddenBias: c, hiddenType, visibleType } = rbm;
  const h = new Float64Array(nh);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * nv;
    for (let j = 0; j < nh; j++) h[j] = c[j]!;
    for (let i = 0; i < nv; i++) {
      const vi = data[base + i]!;
      if (vi === 0) continue;
      const row = i * nh;
      if (vi === 1) for (let j = 0; j < nh; j++) h[j] = h[j]! + W[row + j]!;
      else for (let j = 0; j < nh; j++) h[j] = h[j]! - W[row + j]!;
    }
    for (let j = 0; j < nh; j++) h[j] = hiddenMean(hiddenType, h[j]!);
    for (let i = 0; i < nv; i++) {
      const row = i * nh;
      let s = a[i]!;
      for (let j = 0; j < nh; j++) s += W[row + j]! * h[j]!;
      const e = data[base + i]! - visibleMean(visibleType, s);
      total += e * e;
    }
  }
  return total / (rows * nv);
}
