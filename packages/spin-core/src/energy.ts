/**
 * Local fields, energies and overlaps of spin configurations, computed from
 * scratch in f64 (the dynamics keep them incrementally).
 * @module
 */
import { checkInteger } from '@replica/webgpu-kernels';
import type { IsingModel } from './couplings';
import { sharedRotatedPatterns } from './couplings';
import { checkReplicaSpins } from './spins';

const KINDS = ['dense', 'sparse', 'pattern', 'lowrank'];

/** Checks the shape of a model (built by `isingModel`) and returns its N. */
function checkModel(model: unknown): number {
  if (model === null || typeof model !== 'object')
    throw new TypeError(`model: expected an IsingModel, got ${model === null ? 'null' : typeof model}`);
  const m = model as Partial<IsingModel>;
  const n = checkInteger(m.n, 'model.n', { min: 1 });
  const kind = (m.couplings as { kind?: unknown } | undefined)?.kind;
  if (!KINDS.includes(kind as string))
    throw new RangeError(`model.couplings.kind: expected one of ${KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  return n;
}

/**
 * Local fields φ_i = Σ_{j≠i} J_ij σ_j + h_i of replica `replica` (f64).
 * Pattern form: φ_i = (c/N)(Σ_μ ξ_i^μ M_μ − K σ_i) + h_i with M_μ = Σ_j ξ_j^μ σ_j.
 * @param model - an Ising model of N spins (from `isingModel`)
 * @param spins - R×N ±1 spins (R = length / N)
 * @param replica - which replica, in [0, R) (default 0)
 * @param out - reused when given (a Float64Array of length N)
 * @throws TypeError when model is not an object, spins is not an Int8Array or out not a Float64Array;
 *   RangeError when the length of spins is not a multiple of N, replica is not an integer in [0, R),
 *   a spin of the replica is not ±1, or out does not have N entries
 */
export function localFields(model: IsingModel, spins: Int8Array, replica = 0, out?: Float64Array): Float64Array {
  const n = checkModel(model);
  const o = checkReplicaSpins(spins, n, replica);
  if (out !== undefined) {
    if (!(out instanceof Float64Array)) throw new TypeError(`out: expected a Float64Array of ${n} entries`);
    if (out.length !== n) throw new RangeError(`out: expected ${n} entries, got ${out.length}`);
  }
  return localFieldsUnchecked(model, spins, o, out ?? new Float64Array(n));
}

/** φ of the replica at offset o into phi (arguments checked by the caller). */
function localFieldsUnchecked(model: IsingModel, spins: Int8Array, o: number, phi: Float64Array): Float64Array {
  const { n, couplings: c, field } = model;
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
 * @param model - an Ising model of N spins (from `isingModel`)
 * @param spins - R×N ±1 spins (R = length / N)
 * @param replica - which replica, in [0, R) (default 0)
 * @throws TypeError when model is not an object or spins is not an Int8Array; RangeError when the
 *   length of spins is not a multiple of N, replica is not an integer in [0, R), or a spin of the replica is not ±1
 */
export function energy(model: IsingModel, spins: Int8Array, replica = 0): number {
  const n = checkModel(model);
  const o = checkReplicaSpins(spins, n, replica);
  const { field } = model;
  const phi = localFieldsUnchecked(model, spins, o, new Float64Array(n));
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
 * Mattis overlaps m_μ = (1/N) Σ_i ξ_i^μ σ_i of replica `replica` with K patterns (K×N): the
 * integer sums divided by N in f64.
 * @param patterns - ξ, K×N row-major ±1
 * @param spins - R×N ±1 spins (R = length / N)
 * @param replica - which replica, in [0, R) (default 0)
 * @throws TypeError when patterns or spins is not an Int8Array; RangeError when k or n is not an
 *   integer ≥ 1, patterns does not hold K×N entries of ±1, the length of spins is not a multiple of N,
 *   replica is not an integer in [0, R), or a spin of the replica is not ±1
 */
export function mattisOverlaps(patterns: Int8Array, k: number, spins: Int8Array, n: number, replica = 0): Float64Array {
  checkInteger(k, 'k', { min: 1 });
  checkInteger(n, 'n', { min: 1 });
  if (!(patterns instanceof Int8Array)) throw new TypeError(`patterns: expected an Int8Array of K×N = ${k}×${n} ±1`);
  if (patterns.length !== k * n) throw new RangeError(`patterns: expected ${k}×${n} entries, got ${patterns.length}`);
  for (let t = 0; t < patterns.length; t++) {
    const v = patterns[t];
    if (v !== 1 && v !== -1) throw new RangeError(`patterns[${Math.floor(t / n)}][${t % n}] = ${v}: expected ±1`);
  }
  const o = checkReplicaSpins(spins, n, replica);
  const m = new Float64Array(k);
  for (let mu = 0; mu < k; mu++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += patterns[mu * n + i]! * spins[o + i]!;
    m[mu] = s / n;
  }
  return m;
}
