/**
 * Local fields, energies and overlaps of spin configurations, computed from
 * scratch in f64 (the dynamics keep them incrementally).
 * @module
 */
import type { IsingModel } from './couplings';
import { sharedRotatedPatterns } from './couplings';

/**
 * Local fields φ_i = Σ_{j≠i} J_ij σ_j + h_i of replica `replica` (f64).
 * Pattern form: φ_i = (c/N)(Σ_μ ξ_i^μ M_μ − K σ_i) + h_i with M_μ = Σ_j ξ_j^μ σ_j.
 * @param out - reused when given (length N)
 */
export function localFields(model: IsingModel, spins: Int8Array, replica = 0, out?: Float64Array): Float64Array {
  const { n, couplings: c, field } = model;
  const phi = out ?? new Float64Array(n);
  const o = replica * n;
  if (c.kind === 'dense') {
    const J = c.values;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const r = i * n;
      for (let j = 0; j < n; j++) s += J[r + j]! * spins[o + j]!;
      phi[i] = s;
    }
  } else if (c.kind === 'sparse') {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = c.rowPtr[i]!; t < c.rowPtr[i + 1]!; t++) s += c.values[t]! * spins[o + c.colIdx[t]!]!;
      phi[i] = s;
    }
  } else if (c.kind === 'lowrank') {
    // φ_i = (c/N)(ξ_i·y − (ξ_i·η_i)σ_i), y = Σ_j η_j σ_j
    const { k, patterns: xi, scale } = c;
    const eta = sharedRotatedPatterns(c);
    const y = new Float64Array(k);
    for (let j = 0; j < n; j++) for (let mu = 0; mu < k; mu++) y[mu] = y[mu]! + eta[j * k + mu]! * spins[o + j]!;
    for (let i = 0; i < n; i++) {
      let a = 0;
      let d = 0;
      for (let mu = 0; mu < k; mu++) {
        a += xi[mu * n + i]! * y[mu]!;
        d += xi[mu * n + i]! * eta[i * k + mu]!;
      }
      phi[i] = (scale * (a - d * spins[o + i]!)) / n;
    }
  } else {
    const { k, patterns: xi, scale } = c;
    const M = new Int32Array(k);
    for (let mu = 0; mu < k; mu++) {
      let m = 0;
      for (let j = 0; j < n; j++) m += xi[mu * n + j]! * spins[o + j]!;
      M[mu] = m;
    }
    for (let i = 0; i < n; i++) {
      let a = -k * spins[o + i]!;
      for (let mu = 0; mu < k; mu++) a += xi[mu * n + i]! * M[mu]!;
      phi[i] = (scale * a) / n;
    }
  }
  if (field) for (let i = 0; i < n; i++) phi[i] = phi[i]! + field[i]!;
  return phi;
}

/**
 * The energy H(σ) = −½ Σ_ij σ_i J_ij σ_j − Σ_i h_i σ_i of replica `replica`, including
 * the constant −½ Σ_i J_ii of a self-coupling. For asymmetric J this is the energy of its symmetric part.
 */
export function energy(model: IsingModel, spins: Int8Array, replica = 0): number {
  const { n, field } = model;
  const phi = localFields(model, spins, replica);
  const o = replica * n;
  let e = 0;
  for (let i = 0; i < n; i++) {
    const h = field ? field[i]! : 0;
    e -= 0.5 * spins[o + i]! * (phi[i]! - h) + h * spins[o + i]!;
  }
  const d = model.couplings.diagonal;
  if (d) for (let i = 0; i < n; i++) e -= 0.5 * d[i]!;
  return e;
}

/**
 * Mattis overlaps m_μ = (1/N) Σ_i ξ_i^μ σ_i of replica `replica` with K patterns (K×N).
 */
export function mattisOverlaps(patterns: Int8Array, k: number, spins: Int8Array, n: number, replica = 0): Float64Array {
  if (patterns.length !== k * n) throw new RangeError(`patterns: expected ${k}×${n} entries, got ${patterns.length}`);
  const m = new Float64Array(k);
  const o = replica * n;
  for (let mu = 0; mu < k; mu++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += patterns[mu * n + i]! * spins[o + i]!;
    m[mu] = s / n;
  }
  return m;
}
