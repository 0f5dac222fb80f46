/**
 * The dense ("modern", continuous) Hopfield network: stored X ∈ R^{N×P}
 * (column i is pattern x_i), state ξ ∈ R^N, update ξ ← X softmax(β Xᵀξ), energy
 * E(ξ) = −lse(β, Xᵀξ) + ½ξᵀξ + β⁻¹ log P + ½M² with lse(β, z) = β⁻¹ log Σ_i e^{βz_i}
 * and M = max_i ‖x_i‖. Patterns are passed as Float32Array N×P row-major (x_i is column i).
 * @see H. Ramsauer et al., "Hopfield networks is all you need", ICLR 2021.
 * @module
 */

import { fixedPointScalar } from '@replica/spin-core/math';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import {
  checkArrayLike,
  checkInteger,
  checkNumber,
  gemm,
  mul,
  reduceRows,
  scale,
  softmax,
} from '@replica/webgpu-kernels';

/** A non-empty array of finite numbers (of `length` entries when given). */
function checkFiniteVector(x: unknown, name: string, length?: number): ArrayLike<number> {
  const a = checkArrayLike(x, name);
  if (length === undefined ? a.length === 0 : a.length !== length)
    throw new RangeError(
      `${name}: expected ${length === undefined ? 'at least one entry' : `${length} entries`}, got ${a.length}`,
    );
  for (let i = 0; i < a.length; i++) checkNumber(a[i], `${name}[${i}]`);
  return a;
}

/** β > 0, finite. */
const checkBetaPositive = (beta: unknown, name = 'beta'): number =>
  checkNumber(beta, name, { min: 0, minExclusive: true });

/** Checks X (N×P) and returns M = max_i ‖x_i‖. */
function checkStored(X: ArrayLike<number>, n: number, p: number, name = 'X'): number {
  checkInteger(n, 'n', { min: 1 });
  checkInteger(p, 'p', { min: 1 });
  checkArrayLike(X, name);
  if (X.length !== n * p) throw new RangeError(`${name}: expected N×P = ${n}×${p} = ${n * p} entries, got ${X.length}`);
  let M = 0;
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let r = 0; r < n; r++) {
      const v = X[r * p + i]!;
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new RangeError(`${name}[${r}][${i}]: expected a finite number, got ${String(v)}`);
      s += v * v;
    }
    M = Math.max(M, Math.sqrt(s));
  }
  return M;
}

function scores(X: ArrayLike<number>, n: number, p: number, xi: ArrayLike<number>): Float64Array {
  const z = new Float64Array(p);
  for (let r = 0; r < n; r++) {
    const v = xi[r]!;
    if (v === 0) continue;
    for (let i = 0; i < p; i++) z[i] = z[i]! + X[r * p + i]! * v;
  }
  return z;
}

/**
 * lse(β, z) = β⁻¹ log Σ_i e^{βz_i}, stabilized by the maximum.
 * @throws RangeError when β is not a finite number > 0 or z is empty or has a non-finite entry;
 *   TypeError when z is not array-like
 */
export function lse(beta: number, z: ArrayLike<number>): number {
  checkBetaPositive(beta);
  checkFiniteVector(z, 'z');
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < z.length; i++) m = Math.max(m, z[i]!);
  let s = 0;
  for (let i = 0; i < z.length; i++) s += Math.exp(beta * (z[i]! - m));
  return m + Math.log(s) / beta;
}

/**
 * softmax(β z) in f64.
 * @throws RangeError when β is not a finite number ≥ 0 or z is empty or has a non-finite entry;
 *   TypeError when z is not array-like
 */
export function softmaxBeta(beta: number, z: ArrayLike<number>): Float64Array {
  checkNumber(beta, 'beta', { min: 0 });
  checkFiniteVector(z, 'z');
  let m = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < z.length; i++) m = Math.max(m, z[i]!);
  const out = new Float64Array(z.length);
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    out[i] = Math.exp(beta * (z[i]! - m));
    s += out[i]!;
  }
  for (let i = 0; i < z.length; i++) out[i] = out[i]! / s;
  return out;
}

/**
 * E(ξ) = −lse(β, Xᵀξ) + ½ξᵀξ + β⁻¹ log P + ½M² (f64).
 * @throws RangeError when n or p is not an integer ≥ 1, X is not N×P finite numbers, ξ not N finite
 *   numbers, or β not a finite number > 0; TypeError when X or ξ is not array-like
 */
export function denseEnergy(X: ArrayLike<number>, n: number, p: number, xi: ArrayLike<number>, beta: number): number {
  const M = checkStored(X, n, p);
  checkBetaPositive(beta);
  checkFiniteVector(xi, 'xi', n);
  let sq = 0;
  for (let r = 0; r < n; r++) sq += xi[r]! * xi[r]!;
  return -lse(beta, scores(X, n, p, xi)) + 0.5 * sq + Math.log(p) / beta + 0.5 * M * M;
}

/**
 * One update ξ ← X softmax(β Xᵀξ) (f64). Also returns the softmax weights.
 * @throws RangeError when n or p is not an integer ≥ 1, X is not N×P finite numbers, ξ not N finite
 *   numbers, or β not a finite number > 0; TypeError when X or ξ is not array-like
 */
export function denseUpdate(
  X: ArrayLike<number>,
  n: number,
  p: number,
  xi: ArrayLike<number>,
  beta: number,
): { state: Float64Array; weights: Float64Array } {
  checkStored(X, n, p);
  checkBetaPositive(beta);
  checkFiniteVector(xi, 'xi', n);
  const w = softmaxBeta(beta, scores(X, n, p, xi));
  const state = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < p; i++) s += X[r * p + i]! * w[i]!;
    state[r] = s;
  }
  return { state, weights: w };
}

/**
 * The Jacobian of softmax(βz) in z: β(diag(p) − ppᵀ) (P×P), positive semi-definite.
 * @throws RangeError when weights is empty or has an entry that is not a finite number, or β is not
 *   a finite number ≥ 0; TypeError when weights is not array-like
 */
export function softmaxJacobian(weights: ArrayLike<number>, beta: number): Float64Array {
  checkFiniteVector(weights, 'weights');
  checkNumber(beta, 'beta', { min: 0 });
  const p = weights.length;
  const J = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = 0; b < p; b++) J[a * p + b] = beta * ((a === b ? weights[a]! : 0) - weights[a]! * weights[b]!);
  return J;
}

/**
 * Separation Δ_i = x_iᵀx_i − max_{j≠i} x_iᵀx_j of every stored pattern (from the Gram
 * matrix in f64, each pair once: O(P²N/2)).
 * @throws RangeError when n or p is not an integer ≥ 1 or X is not N×P finite numbers; TypeError when X is not array-like
 */
export function separations(X: ArrayLike<number>, n: number, p: number): Float64Array {
  checkStored(X, n, p);
  // patterns as contiguous rows, so every dot product streams memory
  const rows = new Float64Array(p * n);
  for (let r = 0; r < n; r++) for (let i = 0; i < p; i++) rows[i * n + r] = X[r * p + i]!;
  const self = new Float64Array(p);
  const other = new Float64Array(p).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < p; i++) {
    const oi = i * n;
    for (let j = i; j < p; j++) {
      const oj = j * n;
      let s = 0;
      for (let r = 0; r < n; r++) s += rows[oi + r]! * rows[oj + r]!;
      if (j === i) self[i] = s;
      else {
        if (s > other[i]!) other[i] = s;
        if (s > other[j]!) other[j] = s;
      }
    }
  }
  const d = new Float64Array(p);
  for (let i = 0; i < p; i++) d[i] = self[i]! - other[i]!;
  return d;
}

/**
 * Whether β is in the global-averaging regime β m_max² < 1 (m_max = max_i ‖x_i‖), where the
 * update contracts to a single fixed point near the mean of the patterns.
 * @throws RangeError when n or p is not an integer ≥ 1, X is not N×P finite numbers, or β is not a
 *   finite number > 0; TypeError when X is not array-like
 */
export function globalAveragingRegime(
  X: ArrayLike<number>,
  n: number,
  p: number,
  beta: number,
): { regime: boolean; mMax: number } {
  const mMax = checkStored(X, n, p);
  checkBetaPositive(beta);
  return { regime: beta * mMax * mMax < 1, mMax };
}

/** The β of {@link retrievalBeta} for separation Δ, P patterns and M = max ‖x_i‖. */
function betaForSeparation(
  delta: number,
  p: number,
  M: number,
  index: number,
): { beta: number; separation: number; radius: number } {
  if (!(delta > 0))
    throw new RangeError(`pattern ${index} is not separated (Δ = ${delta} ≤ 0): no β guarantees its retrieval`);
  const a = 2 / p + Math.log((2 * p * (p - 1) * M * M) / delta);
  if (a <= 1) return { beta: 0, separation: delta, radius: Number.POSITIVE_INFINITY };
  const { x } = fixedPointScalar((b) => a + Math.log(b), a + 1, {
    tol: 1e-13,
    maxIterations: 10_000,
    name: 'β′ = a + ln β′',
  });
  const beta = x / delta;
  return { beta, separation: delta, radius: 1 / (beta * p * M) };
}

/**
 * The smallest β for which the separation condition Δ_i ≥ 2/(βP) + β⁻¹ ln(2(P − 1)PβM²)
 * guarantees that the update converges to a fixed point inside the sphere S_i of radius
 * 1/(βPM) around x_i: with β′ = βΔ_i the condition reads β′ ≥ a + ln β′,
 * a = 2/P + ln(2P(P − 1)M²/Δ_i), and β′ is the larger root of β′ = a + ln β′ (by fixed-point
 * iteration). Returns 0 when a ≤ 1 (every β satisfies it).
 * @throws RangeError when Δ_i ≤ 0 (the pattern is not separated: no β suffices), n is not an
 *   integer ≥ 1, p not an integer ≥ 2, X not N×P finite numbers, or index not an integer in [0, P)
 */
export function retrievalBeta(
  X: ArrayLike<number>,
  n: number,
  p: number,
  index: number,
): { beta: number; separation: number; radius: number } {
  checkInteger(p, 'p', { min: 2 });
  const M = checkStored(X, n, p);
  checkInteger(index, 'index', { min: 0, max: p - 1 });
  return betaForSeparation(separations(X, n, p)[index]!, p, M, index);
}

/**
 * {@link retrievalBeta} for every stored pattern (one Gram matrix). The largest of them is the
 * smallest β under which the bound guarantees every stored pattern's retrieval.
 * @throws RangeError when some Δ_i ≤ 0, n is not an integer ≥ 1, p not an integer ≥ 2, or X not N×P finite numbers
 */
export function retrievalBetas(
  X: ArrayLike<number>,
  n: number,
  p: number,
): { beta: number; separation: number; radius: number }[] {
  checkInteger(p, 'p', { min: 2 });
  const M = checkStored(X, n, p);
  return Array.from(separations(X, n, p), (d, i) => betaForSeparation(d, p, M, i));
}

/** Options of {@link denseRetrieve}. */
export interface DenseRetrieveOptions {
  /** The stored patterns X, N×P row-major (pattern i is column i). */
  readonly stored: Float32Array;
  /** Pattern dimension N. */
  readonly n: number;
  /** Stored patterns P. */
  readonly p: number;
  /** The queries ξ, B×N row-major. */
  readonly queries: Float32Array;
  /** Inverse temperature β > 0. */
  readonly beta: number;
  /** Updates ξ ← X softmax(β Xᵀξ) (default 3). */
  readonly iterations?: number;
  /** Compute every query's energy after each update (default true). */
  readonly energies?: boolean;
}

/** The result of {@link denseRetrieve}. */
export interface DenseRetrieval {
  /** Final states (B×N). */
  readonly states: Float32Array;
  /**
   * Energy of every query after each iteration, [(t)·B + b], t = 0 is before the first update
   * (empty when `energies: false`).
   */
  readonly energies: Float32Array;
  /** Mean energy over the queries, per iteration (iterations + 1 values; empty when `energies: false`). */
  readonly meanEnergy: Float64Array;
}

/**
 * Batched retrieval on the compute layer: B queries updated `iterations` times,
 * Q ← softmax(β Q X) Xᵀ (two gemms and a row softmax per iteration), with every query's
 * energy after each iteration (lse from a row logsumexp). The states ping-pong between two
 * buffers: nothing is allocated per iteration.
 * @param backend - where the gemms run
 * @param options - the stored patterns X (N×P, row-major, x_i = column i), the queries (B×N),
 *   β, the iterations (default 3) and whether to compute the energies (default true; false
 *   skips their readbacks)
 * @returns the final states and the energies
 * @throws RangeError naming the bad option (`options.n`, `options.p`, `options.stored`, `options.queries`,
 *   `options.beta` not a finite number > 0, `options.iterations` not an integer ≥ 0); TypeError when
 *   options is not an object, stored or queries not a Float32Array, or energies not a boolean
 * @see H. Ramsauer et al., "Hopfield networks is all you need", ICLR (2021).
 */
export async function denseRetrieve(backend: Backend, options: DenseRetrieveOptions): Promise<DenseRetrieval> {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}`);
  const { stored: X, n, p, queries } = options;
  if (!(X instanceof Float32Array)) throw new TypeError('options.stored: expected a Float32Array (N×P)');
  if (!(queries instanceof Float32Array)) throw new TypeError('options.queries: expected a Float32Array (B×N)');
  checkInteger(n, 'options.n', { min: 1 });
  checkInteger(p, 'options.p', { min: 1 });
  const M = checkStored(X, n, p, 'options.stored');
  const beta = checkBetaPositive(options.beta, 'options.beta');
  const iterations = checkInteger(options.iterations ?? 3, 'options.iterations', { min: 0 });
  if (queries.length % n !== 0 || queries.length === 0)
    throw new RangeError(`options.queries: expected B×N entries with N = ${n}, got ${queries.length}`);
  for (let t = 0; t < queries.length; t++)
    if (!Number.isFinite(queries[t]!))
      throw new RangeError(
        `options.queries[${Math.floor(t / n)}][${t % n}]: expected a finite number, got ${queries[t]}`,
      );
  const withEnergy = options.energies ?? true;
  if (typeof withEnergy !== 'boolean')
    throw new TypeError(`options.energies: expected a boolean, got ${JSON.stringify(withEnergy)}`);
  const b = queries.length / n;
  const owned: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  try {
    const Xt = keep(backend.tensor(X, [n, p]));
    let Q: Tensor = keep(backend.tensor(queries, [b, n]));
    let Qnext: Tensor = keep(backend.zeros([b, n]));
    const S = keep(backend.zeros([b, p]));
    const Pw = keep(backend.zeros([b, p]));
    const scaled = withEnergy ? keep(backend.zeros([b, p])) : null;
    const sq = withEnergy ? keep(backend.zeros([b, n])) : null;
    const lseOut = withEnergy ? keep(backend.zeros([b])) : null;
    const normOut = withEnergy ? keep(backend.zeros([b])) : null;
    const energies = new Float32Array(withEnergy ? (iterations + 1) * b : 0);
    const meanEnergy = new Float64Array(withEnergy ? iterations + 1 : 0);
    const constant = Math.log(p) / beta + 0.5 * M * M;
    const energyOf = async (t: number) => {
      gemm(Q, Xt, { out: S });
      const lseRows = await reduceRows(scale(S, beta, { out: scaled! }), 'logsumexp', { out: lseOut! }).read();
      const norms = await reduceRows(mul(Q, Q, { out: sq! }), 'sum', { out: normOut! }).read();
      let sum = 0;
      for (let q = 0; q < b; q++) {
        const e = -(lseRows[q]! / beta) + 0.5 * norms[q]! + constant;
        energies[t * b + q] = e;
        sum += e;
      }
      meanEnergy[t] = sum / b;
    };
    if (withEnergy) await energyOf(0);
    for (let t = 1; t <= iterations; t++) {
      gemm(Q, Xt, { out: S });
      softmax(S, { beta, out: Pw });
      gemm(Pw, Xt, { transB: true, out: Qnext });
      [Q, Qnext] = [Qnext, Q];
      if (withEnergy) await energyOf(t);
    }
    return { states: (await Q.read()) as Float32Array, energies, meanEnergy };
  } finally {
    for (const t of owned) t.dispose();
  }
}
