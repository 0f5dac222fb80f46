/**
 * Couplings J in three storage forms — dense N×N, sparse CSR, and the low-rank
 * pattern form J_ij = (c/N) Σ_μ ξ_i^μ ξ_j^μ with exact integer numerators — and
 * the Ising model (J, h) built on them.
 *
 * The diagonal J_ii (a *self-coupling*) is kept apart from the off-diagonal
 * part: local fields φ_i = Σ_{j≠i} J_ij σ_j + h_i exclude it, the energy gets
 * the constant −½ Σ_i J_ii, and only rules that compare σ_i with its own
 * stability field use it: zero-temperature and parallel zero-temperature
 * updates σ_i ← sgn(φ_i + J_ii σ_i). (For ±1 spins the diagonal never changes an
 * energy difference, so heat-bath and Metropolis dynamics ignore it.)
 * @module
 */
import { formatCount, isSymmetricDense } from './internal';
import { checkSize } from './spins';

/** Dense couplings: `values` is N×N row-major f32 with a zero diagonal; the diagonal lives in `diagonal`. */
export interface DenseCouplings {
  readonly kind: 'dense';
  readonly n: number;
  readonly values: Float32Array;
  /** J_ii, or null when all zero. */
  readonly diagonal: Float32Array | null;
  /** J_ij = J_ji exactly. */
  readonly symmetric: boolean;
}

/** Sparse couplings in compressed sparse rows (off-diagonal entries only; the diagonal lives in `diagonal`). */
export interface SparseCouplings {
  readonly kind: 'sparse';
  readonly n: number;
  /** Row i's entries are colIdx/values[rowPtr[i] .. rowPtr[i+1]), columns increasing. */
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float32Array;
  readonly diagonal: Float32Array | null;
  readonly symmetric: boolean;
}

/**
 * Pattern (Hebbian, low-rank) couplings J_ij = (c/N) Σ_μ ξ_i^μ ξ_j^μ for i ≠ j, with
 * ξ ∈ {±1}^{K×N}. Fields are kept as integer numerators N·φ_i/c, so they are
 * exact, in O(NK) memory; a flip updates them in O(K).
 */
export interface PatternCouplings {
  readonly kind: 'pattern';
  readonly n: number;
  readonly k: number;
  /** ξ, K×N row-major (pattern μ at μ·N). */
  readonly patterns: Int8Array;
  /** The scale c (1 for Hebb's rule; J for Curie–Weiss). */
  readonly scale: number;
  /** A self-coupling J_ii added on top (null: none). */
  readonly diagonal: Float32Array | null;
  readonly symmetric: true;
}

/**
 * Low-rank couplings J_ij = (c/N) Σ_μν ξ_i^μ A_μν ξ_j^ν for i ≠ j, with ±1 patterns ξ
 * (K×N) and a symmetric K×K mixing matrix A: the pseudo-inverse (projector) rule
 * A = C⁻¹, dreaming A = (1 + t)(I + tC)⁻¹, supervised Hebbian learning from examples.
 * Fields cost O(K) per site and per flip through the rotated patterns η_i = Aξ_i.
 */
export interface LowRankCouplings {
  readonly kind: 'lowrank';
  readonly n: number;
  readonly k: number;
  /** ξ, K×N row-major ±1. */
  readonly patterns: Int8Array;
  /** A, K×K row-major, symmetric. */
  readonly mixing: Float64Array;
  readonly scale: number;
  readonly diagonal: Float32Array | null;
  readonly symmetric: true;
}

/** Couplings in any storage form. */
export type Couplings = DenseCouplings | SparseCouplings | PatternCouplings | LowRankCouplings;

/** An Ising model: couplings J and external fields h. */
export interface IsingModel {
  readonly n: number;
  readonly couplings: Couplings;
  /** h_i, or null for h = 0. */
  readonly field: Float32Array | null;
}

function checkDiagonal(d: ArrayLike<number> | undefined | null, n: number, argName: string): Float32Array | null {
  if (d === undefined || d === null) return null;
  if (d.length !== n) throw new RangeError(`${argName}: expected ${n} entries, got ${d.length}`);
  const out = Float32Array.from(d);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(out[i]!)) throw new RangeError(`${argName}[${i}] = ${d[i]}: expected a finite number`);
    if (out[i] !== 0) any = true;
  }
  return any ? out : null;
}

/**
 * Dense couplings from an N×N matrix (row-major array, or nested rows).
 * The diagonal is moved to `diagonal`. Symmetry is detected (exact equality).
 * @param options.requireSymmetric - throw when J ≠ Jᵀ (default false)
 * @throws RangeError on a non-square or ragged matrix, non-finite entries, or asymmetry when required
 */
export function denseCouplings(
  J: ArrayLike<number> | readonly (readonly number[])[],
  options: { n?: number; requireSymmetric?: boolean } = {},
): DenseCouplings {
  let values: Float32Array;
  let n: number;
  if (Array.isArray(J) && (J.length === 0 || Array.isArray(J[0]))) {
    const rows = J as readonly (readonly number[])[];
    n = rows.length;
    if (n === 0) throw new RangeError('J: expected a non-empty N×N matrix');
    values = new Float32Array(n * n);
    rows.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== n) {
        throw new RangeError(
          `J: row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries; expected ${n} (a square matrix)`,
        );
      }
      for (let j = 0; j < n; j++) values[i * n + j] = row[j]!;
    });
  } else {
    const flat = J as ArrayLike<number>;
    n = options.n ?? Math.round(Math.sqrt(flat.length));
    if (n * n !== flat.length || n === 0) {
      throw new RangeError(`J: expected N×N entries${options.n ? ` with N = ${options.n}` : ''}, got ${flat.length}`);
    }
    values = Float32Array.from(flat);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new RangeError(`J[${Math.floor(i / n)}][${i % n}] is not finite`);
  }
  const diag = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    diag[i] = values[i * n + i]!;
    values[i * n + i] = 0;
  }
  const symmetric = isSymmetricDense(values, n);
  if (options.requireSymmetric && !symmetric) throw new RangeError('J: must be symmetric (J_ij = J_ji) here');
  return { kind: 'dense', n, values, diagonal: checkDiagonal(diag, n, 'diagonal'), symmetric };
}

/**
 * Sparse couplings from a list of entries (i, j, J_ij). Repeated (i, j) pairs are an error;
 * entries with i = j form the diagonal. With `symmetrize`, each (i, j) also sets (j, i).
 * @throws RangeError on indices outside [0, N), duplicates, non-finite values, or asymmetry when required
 */
export function sparseCouplings(
  n: number,
  entries: readonly (readonly [number, number, number])[],
  options: { symmetrize?: boolean; requireSymmetric?: boolean } = {},
): SparseCouplings {
  checkSize(n, 'n');
  const diag = new Float32Array(n);
  const map = new Map<number, number>();
  const put = (i: number, j: number, v: number, k: number) => {
    const key = i * n + j;
    if (map.has(key)) throw new RangeError(`entries[${k}]: (${i}, ${j}) is given more than once`);
    map.set(key, v);
  };
  entries.forEach(([i, j, v], k) => {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= n || j >= n) {
      throw new RangeError(`entries[${k}]: indices (${i}, ${j}) outside [0, ${n})`);
    }
    if (!Number.isFinite(v)) throw new RangeError(`entries[${k}]: value ${v} is not finite`);
    if (i === j) {
      diag[i] = v;
      return;
    }
    put(i, j, v, k);
    if (options.symmetrize) put(j, i, v, k);
  });
  const keys = [...map.keys()].sort((a, b) => a - b);
  const rowPtr = new Int32Array(n + 1);
  const colIdx = new Int32Array(keys.length);
  const values = new Float32Array(keys.length);
  keys.forEach((key, t) => {
    const i = Math.floor(key / n);
    rowPtr[i + 1] = rowPtr[i + 1]! + 1;
    colIdx[t] = key % n;
    values[t] = map.get(key)!;
  });
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i + 1]! + rowPtr[i]!;
  let symmetric = true;
  for (const [key, v] of map) {
    const i = Math.floor(key / n);
    const j = key % n;
    if (map.get(j * n + i) !== v) {
      symmetric = false;
      break;
    }
  }
  if (options.requireSymmetric && !symmetric) throw new RangeError('entries: couplings must be symmetric here');
  return { kind: 'sparse', n, rowPtr, colIdx, values, diagonal: checkDiagonal(diag, n, 'diagonal'), symmetric };
}

/**
 * Pattern-form couplings J_ij = (c/N) Σ_μ ξ_i^μ ξ_j^μ (i ≠ j) from K patterns of N ±1 entries.
 * @param patterns - K×N, row-major
 * @param options.scale - c, default 1 (Hebb's rule)
 * @param options.selfCoupling - an optional diagonal J_ii
 * @throws RangeError on a shape mismatch or entries other than ±1
 */
export function patternCouplings(
  patterns: Int8Array,
  k: number,
  n: number,
  options: { scale?: number; selfCoupling?: ArrayLike<number> } = {},
): PatternCouplings {
  checkSize(k, 'k');
  checkSize(n, 'n');
  if (!(patterns instanceof Int8Array)) throw new TypeError('patterns: expected an Int8Array of ±1');
  if (patterns.length !== k * n)
    throw new RangeError(`patterns: expected K×N = ${k}×${n} = ${k * n} entries, got ${patterns.length}`);
  for (let t = 0; t < patterns.length; t++) {
    const v = patterns[t]!;
    if (v !== 1 && v !== -1) throw new RangeError(`patterns[${Math.floor(t / n)}][${t % n}] = ${v}: expected ±1`);
  }
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale)) throw new RangeError(`scale: expected a finite number, got ${scale}`);
  return {
    kind: 'pattern',
    n,
    k,
    patterns: patterns.slice(),
    scale,
    diagonal: checkDiagonal(options.selfCoupling, n, 'selfCoupling'),
    symmetric: true,
  };
}

/**
 * Low-rank couplings J_ij = (c/N) Σ_μν ξ_i^μ A_μν ξ_j^ν (i ≠ j).
 * @param patterns - ξ, K×N ±1
 * @param mixing - A, K×K, symmetric and finite
 * @throws RangeError on shapes, non-±1 patterns, or a non-symmetric or non-finite A
 */
export function lowRankCouplings(
  patterns: Int8Array,
  k: number,
  n: number,
  mixing: ArrayLike<number>,
  options: { scale?: number; selfCoupling?: ArrayLike<number> } = {},
): LowRankCouplings {
  const base = patternCouplings(patterns, k, n, options);
  if (mixing.length !== k * k) throw new RangeError(`mixing: expected K×K = ${k}×${k} entries, got ${mixing.length}`);
  const A = Float64Array.from(mixing);
  for (let t = 0; t < k * k; t++)
    if (!Number.isFinite(A[t]!)) throw new RangeError(`mixing[${Math.floor(t / k)}][${t % k}] is not finite`);
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      const x = A[a * k + b]!;
      const y = A[b * k + a]!;
      if (Math.abs(x - y) > 1e-12 * Math.max(1, Math.abs(x), Math.abs(y)))
        throw new RangeError(`mixing: must be symmetric (A[${a}][${b}] = ${x}, A[${b}][${a}] = ${y})`);
    }
  return {
    kind: 'lowrank',
    n,
    k,
    patterns: base.patterns,
    mixing: A,
    scale: base.scale,
    diagonal: base.diagonal,
    symmetric: true,
  };
}

/**
 * An Ising model H(σ) = −½ Σ_ij σ_i J_ij σ_j − Σ_i h_i σ_i.
 * @param field - h (length N), default 0
 * @throws RangeError when h has the wrong length or non-finite entries
 */
export function isingModel(couplings: Couplings, field?: ArrayLike<number> | null): IsingModel {
  const n = couplings.n;
  let h: Float32Array | null = null;
  if (field !== undefined && field !== null) {
    if (field.length !== n) throw new RangeError(`field: expected ${n} entries (one per spin), got ${field.length}`);
    h = Float32Array.from(field);
    for (let i = 0; i < n; i++)
      if (!Number.isFinite(h[i]!)) throw new RangeError(`field[${i}] = ${field[i]}: expected a finite number`);
    if (h.every((v) => v === 0)) h = null;
  }
  return { n, couplings, field: h };
}

/** Off-diagonal J_ij as a dense f64 N×N matrix (for exact enumeration and tests; O(N²) memory). */
export function toDenseMatrix(c: Couplings): Float64Array {
  const n = c.n;
  if (n > 8192) throw new RangeError(`toDenseMatrix: N = ${formatCount(n)} is too large for a dense matrix here`);
  const m = new Float64Array(n * n);
  if (c.kind === 'dense') {
    for (let t = 0; t < n * n; t++) m[t] = c.values[t]!;
  } else if (c.kind === 'sparse') {
    for (let i = 0; i < n; i++)
      for (let t = c.rowPtr[i]!; t < c.rowPtr[i + 1]!; t++) m[i * n + c.colIdx[t]!] = c.values[t]!;
  } else if (c.kind === 'pattern') {
    const { k, patterns, scale } = c;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        let s = 0;
        for (let mu = 0; mu < k; mu++) s += patterns[mu * n + i]! * patterns[mu * n + j]!;
        m[i * n + j] = (scale * s) / n;
      }
  } else {
    const eta = rotatedPatterns(c);
    const { k, patterns, scale } = c;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        let s = 0;
        for (let mu = 0; mu < k; mu++) s += patterns[mu * n + i]! * eta[j * k + mu]!;
        m[i * n + j] = (scale * s) / n;
      }
  }
  return m;
}

const rotations = new WeakMap<LowRankCouplings, Float64Array>();

/**
 * η of {@link rotatedPatterns}, computed once per couplings object (O(NK²)) and shared by
 * the engines and field computations. Callers must not modify it.
 * @internal
 */
export function sharedRotatedPatterns(c: LowRankCouplings): Float64Array {
  let eta = rotations.get(c);
  if (!eta) {
    eta = computeRotation(c);
    rotations.set(c, eta);
  }
  return eta;
}

/** η_i = A ξ_i for every site (N×K, f64): η_iμ = Σ_ν A_μν ξ_i^ν. Returns a fresh copy. */
export function rotatedPatterns(c: LowRankCouplings): Float64Array {
  return sharedRotatedPatterns(c).slice();
}

function computeRotation(c: LowRankCouplings): Float64Array {
  const { n, k, patterns, mixing } = c;
  const eta = new Float64Array(n * k);
  for (let i = 0; i < n; i++)
    for (let mu = 0; mu < k; mu++) {
      let s = 0;
      for (let nu = 0; nu < k; nu++) s += mixing[mu * k + nu]! * patterns[nu * n + i]!;
      eta[i * k + mu] = s;
    }
  return eta;
}
