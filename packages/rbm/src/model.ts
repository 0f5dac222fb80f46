/**
 * The restricted Boltzmann machine: a bipartite spin glass between visible units v
 * (Bernoulli {0,1} or spins ±1) and hidden units h (Bernoulli {0,1}, Gaussian, or ReLU,
 * i.e. a Gaussian truncated to h ≥ 0), with energy
 *
 *   E(v, h) = −Σ_i a_i v_i − Σ_ij v_i W_ij h_j − Σ_j c_j h_j + Σ_j U(h_j),
 *
 * U(h) = 0 for Bernoulli hidden units, h²/2 for Gaussian ones (unit variance), and h²/2 on
 * h ≥ 0 (+∞ below) for ReLU ones. Summing a layer out in closed form gives the free
 * energies used everywhere else in the package.
 * @module
 */
import { erfc, erfcx } from '@replica/spin-core/math';
import { checkArrayLike, checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';

/** The values a visible unit takes: `'bernoulli'` {0, 1} or `'spin'` ±1. */
export type VisibleType = 'bernoulli' | 'spin';

/** The prior of a hidden unit: `'bernoulli'` {0, 1}, `'gaussian'` N(·, 1) or `'relu'` (N(·, 1) on h ≥ 0). */
export type HiddenType = 'bernoulli' | 'gaussian' | 'relu';

/** The visible types, in the order the docs list them. */
export const VISIBLE_TYPES: readonly VisibleType[] = ['bernoulli', 'spin'];

/** The hidden types, in the order the docs list them. */
export const HIDDEN_TYPES: readonly HiddenType[] = ['bernoulli', 'gaussian', 'relu'];

/**
 * A restricted Boltzmann machine. Parameters are float32 (what GPUs run); every sum over
 * them in this package is taken in f64. Training returns new machines and never aliases
 * the arrays of its input.
 */
export interface Rbm {
  /** Number of visible units n_v. */
  readonly visible: number;
  /** Number of hidden units n_h. */
  readonly hidden: number;
  readonly visibleType: VisibleType;
  readonly hiddenType: HiddenType;
  /** Couplings W, n_v × n_h row-major: W[i·n_h + j] = W_ij. */
  readonly W: Float32Array;
  /** Visible biases a (n_v). */
  readonly visibleBias: Float32Array;
  /** Hidden biases c (n_h). */
  readonly hiddenBias: Float32Array;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

const checkSize = (n: unknown, name: string): number => checkInteger(n, name, { min: 1 });

/** @throws RangeError naming the argument when `t` is not a visible type. */
export function checkVisibleType(t: unknown, name = 'visibleType'): VisibleType {
  if (t !== 'bernoulli' && t !== 'spin')
    throw new RangeError(`${name}: expected 'bernoulli' or 'spin', got ${JSON.stringify(t)}`);
  return t;
}

/** @throws RangeError naming the argument when `t` is not a hidden type. */
export function checkHiddenType(t: unknown, name = 'hiddenType'): HiddenType {
  if (t !== 'bernoulli' && t !== 'gaussian' && t !== 'relu')
    throw new RangeError(`${name}: expected 'bernoulli', 'gaussian' or 'relu', got ${JSON.stringify(t)}`);
  return t;
}

function checkFiniteArray(a: unknown, length: number, name: string): Float32Array {
  if (!(a instanceof Float32Array)) throw new TypeError(`${name}: expected a Float32Array`);
  if (a.length !== length) throw new RangeError(`${name}: expected ${length} values, got ${a.length}`);
  for (let t = 0; t < a.length; t++)
    if (!Number.isFinite(a[t])) throw new RangeError(`${name}: non-finite value ${a[t]} at index ${t}`);
  return a;
}

/**
 * Checks an RBM's shapes, types and values.
 * @throws TypeError/RangeError naming the field and what was expected
 */
export function validateRbm(rbm: Rbm, name = 'rbm'): Rbm {
  if (rbm === null || typeof rbm !== 'object') throw new TypeError(`${name}: expected an RBM object`);
  const nv = checkSize(rbm.visible, `${name}.visible`);
  const nh = checkSize(rbm.hidden, `${name}.hidden`);
  checkVisibleType(rbm.visibleType, `${name}.visibleType`);
  checkHiddenType(rbm.hiddenType, `${name}.hiddenType`);
  checkFiniteArray(rbm.W, nv * nh, `${name}.W (visible × hidden)`);
  checkFiniteArray(rbm.visibleBias, nv, `${name}.visibleBias`);
  checkFiniteArray(rbm.hiddenBias, nh, `${name}.hiddenBias`);
  return rbm;
}

/** Options of {@link createRbm}. */
export interface CreateRbmOptions {
  readonly visible: number;
  readonly hidden: number;
  /** Default `'bernoulli'`. */
  readonly visibleType?: VisibleType;
  /** Default `'bernoulli'`. */
  readonly hiddenType?: HiddenType;
  /** Standard deviation of the initial W_ij ~ N(0, σ²); default 0.01 (Hinton's guide). 0 gives W = 0. */
  readonly weightScale?: number;
  /** Seed of the initial weights (required when weightScale > 0). */
  readonly seed?: number | bigint;
  /** Initial visible biases a (copied), default 0. */
  readonly visibleBias?: Float32Array;
  /** Initial hidden biases c (copied), default 0. */
  readonly hiddenBias?: Float32Array;
}

/**
 * A new RBM with W_ij ~ N(0, σ²) (Philox stream 0 of `seed`, row-major order) and the given biases.
 * @throws TypeError when options is not an object or a bias is not a Float32Array; RangeError naming
 *   the option: visible or hidden not an integer ≥ 1, an unknown unit type, weightScale not a finite
 *   number ≥ 0, a missing or bad seed when weightScale > 0, a bias of the wrong length or with a non-finite value
 * @see G. E. Hinton, A practical guide to training restricted Boltzmann machines (2010), §8
 */
export function createRbm(options: CreateRbmOptions): Rbm {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}`);
  const nv = checkSize(options.visible, 'visible');
  const nh = checkSize(options.hidden, 'hidden');
  const visibleType = checkVisibleType(options.visibleType ?? 'bernoulli');
  const hiddenType = checkHiddenType(options.hiddenType ?? 'bernoulli');
  const scale = checkNumber(options.weightScale ?? 0.01, 'weightScale', { min: 0 });
  const W = new Float32Array(nv * nh);
  if (scale > 0) {
    if (options.seed === undefined) throw new RangeError('seed: required when weightScale > 0');
    const rng = new PhiloxRng(options.seed);
    for (let t = 0; t < W.length; t++) W[t] = scale * rng.nextNormal();
  }
  const visibleBias = options.visibleBias
    ? checkFiniteArray(options.visibleBias, nv, 'visibleBias').slice()
    : new Float32Array(nv);
  const hiddenBias = options.hiddenBias
    ? checkFiniteArray(options.hiddenBias, nh, 'hiddenBias').slice()
    : new Float32Array(nh);
  return { visible: nv, hidden: nh, visibleType, hiddenType, W, visibleBias, hiddenBias };
}

/**
 * A deep copy of an RBM (new arrays).
 * @throws TypeError/RangeError naming the field when rbm is not a valid RBM (see {@link validateRbm})
 */
export function cloneRbm(rbm: Rbm): Rbm {
  validateRbm(rbm);
  return {
    visible: rbm.visible,
    hidden: rbm.hidden,
    visibleType: rbm.visibleType,
    hiddenType: rbm.hiddenType,
    W: rbm.W.slice(),
    visibleBias: rbm.visibleBias.slice(),
    hiddenBias: rbm.hiddenBias.slice(),
  };
}

/** log(1 + eˣ), accurate for every x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** log 2cosh x, accurate for every x. */
export function logTwoCosh(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a));
}

/** log Φ(x), Φ the standard normal CDF, accurate in both tails. */
function logNormalCdf(x: number): number {
  // Φ(x) = ½ erfc(−x/√2); for x < −5 use erfcx to keep the tail.
  if (x > -5) return Math.log(0.5 * erfc(-x * SQRT1_2));
  const t = -x * SQRT1_2;
  return Math.log(0.5 * erfcx(t)) - t * t;
}

/**
 * The log-partition function of one hidden unit in the field x = c_j + Σ_i v_i W_ij:
 * φ(x) = log Σ_h e^{x h − U(h)} (a sum for Bernoulli, an integral otherwise):
 * - Bernoulli: log(1 + eˣ);
 * - Gaussian: x²/2 + ½ log 2π;
 * - ReLU: x²/2 + ½ log 2π + log Φ(x).
 * @throws RangeError when type is not a hidden type
 */
export function hiddenLogPartition(type: HiddenType, x: number): number {
  switch (type) {
    case 'bernoulli':
      return softplus(x);
    case 'gaussian':
      return 0.5 * x * x + HALF_LOG_2PI;
    case 'relu':
      // for x < 0, x²/2 + log Φ(x) = log(½ erfcx(−x/√2)) exactly: no cancellation for x ≪ 0
      return x < 0 ? HALF_LOG_2PI + Math.log(0.5 * erfcx(-x * SQRT1_2)) : 0.5 * x * x + HALF_LOG_2PI + logNormalCdf(x);
    default:
      return checkHiddenType(type, 'type') as never;
  }
}

/**
 * The log-partition function of one visible unit in the field x = a_i + Σ_j W_ij h_j:
 * ψ(x) = log Σ_v e^{x v}: log(1 + eˣ) for Bernoulli, log 2cosh x for spins.
 * @throws RangeError when type is not a visible type
 */
export function visibleLogPartition(type: VisibleType, x: number): number {
  if (type === 'bernoulli') return softplus(x);
  if (type === 'spin') return logTwoCosh(x);
  return checkVisibleType(type, 'type') as never;
}

/**
 * E[h | field x] = φ′(x): σ(x) for Bernoulli, x for Gaussian, x + ϕ(x)/Φ(x) for ReLU (the mean
 * of N(x, 1) truncated to h ≥ 0, written with erfcx so it stays accurate for x ≪ 0).
 * @throws RangeError when type is not a hidden type
 */
export function hiddenMean(type: HiddenType, x: number): number {
  switch (type) {
    case 'bernoulli':
      return 1 / (1 + Math.exp(-x));
    case 'gaussian':
      return x;
    case 'relu': {
      if (x > -5) return x + SQRT_2_OVER_PI / erfcx(-x * SQRT1_2); // ϕ(x)/Φ(x) = √(2/π)/erfcx(−x/√2)
      // x = −t ≪ 0: E = −t + 1/R(t), R Mills' ratio; Laplace's continued fraction gives it without
      // cancellation: E = 1/(t + 2/(t + 3/(t + …))), 60 terms converge to f64 for t ≥ 5
      const t = -x;
      let d = t;
      for (let k = 60; k >= 2; k--) d = t + k / d;
      return 1 / d;
    }
    default:
      return checkHiddenType(type, 'type') as never;
  }
}

/**
 * E[v | field x] = ψ′(x): σ(x) for Bernoulli, tanh x for spins.
 * @throws RangeError when type is not a visible type
 */
export function visibleMean(type: VisibleType, x: number): number {
  if (type === 'bernoulli') return 1 / (1 + Math.exp(-x));
  if (type === 'spin') return Math.tanh(x);
  return checkVisibleType(type, 'type') as never;
}

function checkVisibleState(rbm: Rbm, v: ArrayLike<number>, name: string): void {
  checkArrayLike(v, name);
  if (v.length !== rbm.visible)
    throw new RangeError(`${name}: expected ${rbm.visible} visible values, got ${v.length}`);
  const spin = rbm.visibleType === 'spin';
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (spin ? x !== 1 && x !== -1 : x !== 0 && x !== 1)
      throw new RangeError(`${name}: expected ${spin ? '±1' : '0/1'} values, got ${x} at index ${i}`);
  }
}

/**
 * Checks a data matrix for this RBM: rows × n_v values, each 0/1 (Bernoulli) or ±1 (spins).
 * @returns the number of rows
 * @throws RangeError naming `name`, the offending index and the expected values; TypeError when data is not array-like
 */
export function checkVisibleData(
  rbm: Pick<Rbm, 'visible' | 'visibleType'>,
  data: ArrayLike<number>,
  name = 'data',
): number {
  checkArrayLike(data, name);
  if (data.length === 0 || data.length % rbm.visible !== 0)
    throw new RangeError(
      `${name}: expected a non-empty whole number of rows of ${rbm.visible} visible values, got ${data.length} values`,
    );
  const spin = rbm.visibleType === 'spin';
  for (let t = 0; t < data.length; t++) {
    const x = data[t];
    if (spin ? x !== 1 && x !== -1 : x !== 0 && x !== 1)
      throw new RangeError(
        `${name}: expected ${spin ? '±1' : '0/1'} values for ${rbm.visibleType} visible units, got ${x} at row ${Math.floor(t / rbm.visible)}, column ${t % rbm.visible}`,
      );
  }
  return data.length / rbm.visible;
}

/** −c·h + Σ_j U(h_j), checking h against the hidden type; +∞ when a ReLU unit is negative. */
function hiddenPriorEnergy(rbm: Rbm, h: ArrayLike<number>): number {
  checkArrayLike(h, 'h');
  if (h.length !== rbm.hidden) throw new RangeError(`h: expected ${rbm.hidden} hidden values, got ${h.length}`);
  let e = 0;
  for (let j = 0; j < rbm.hidden; j++) {
    const hj = h[j]!;
    if (!Number.isFinite(hj)) throw new RangeError(`h: non-finite value at index ${j}`);
    if (rbm.hiddenType === 'bernoulli' && hj !== 0 && hj !== 1)
      throw new RangeError(`h: expected 0/1 values for Bernoulli hidden units, got ${hj} at index ${j}`);
    if (rbm.hiddenType === 'relu' && hj < 0) return Number.POSITIVE_INFINITY;
    e -= rbm.hiddenBias[j]! * hj;
    if (rbm.hiddenType !== 'bernoulli') e += 0.5 * hj * hj;
  }
  return e;
}

/**
 * The energy E(v, h) = −a·v − vᵀWh − c·h + Σ_j U(h_j) (see the module docs); +∞ when a ReLU unit is negative.
 * @throws RangeError on wrong lengths, visible values outside the visible type, non-finite h, or
 *   Bernoulli h ∉ {0, 1}; TypeError/RangeError naming the field of an invalid rbm ({@link validateRbm});
 *   TypeError when v or h is not array-like
 */
export function energy(rbm: Rbm, v: ArrayLike<number>, h: ArrayLike<number>): number {
  validateRbm(rbm);
  checkVisibleState(rbm, v, 'v');
  const { visible: nv, hidden: nh, W } = rbm;
  let e = hiddenPriorEnergy(rbm, h);
  if (e === Number.POSITIVE_INFINITY) return e;
  for (let i = 0; i < nv; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    let s = rbm.visibleBias[i]!;
    const row = i * nh;
    for (let j = 0; j < nh; j++) s += W[row + j]! * h[j]!;
    e -= vi * s;
  }
  return e;
}

/**
 * The visible free energy F(v) = −log Σ_h e^{−E(v,h)} = −a·v − Σ_j φ(c_j + Σ_i v_i W_ij), so that
 * p(v) = e^{−F(v)}/Z (φ from {@link hiddenLogPartition}).
 * @throws RangeError when v does not hold n_v values of the visible type; TypeError/RangeError naming
 *   the field of an invalid rbm ({@link validateRbm}); TypeError when v is not array-like
 */
export function freeEnergy(rbm: Rbm, v: ArrayLike<number>): number {
  validateRbm(rbm);
  checkVisibleState(rbm, v, 'v');
  const out = new Float64Array(1);
  freeEnergiesUnchecked(rbm, v, 1, out, new Float64Array(rbm.hidden));
  return out[0]!;
}

/**
 * F(v) for every row of a data matrix (rows × n_v), in f64.
 * @param out - optional output of length rows
 * @throws RangeError when data is not a whole number of rows of visible values, or out does not have
 *   one entry per row; TypeError when out is not a Float64Array or data not array-like;
 *   TypeError/RangeError naming the field of an invalid rbm ({@link validateRbm})
 */
export function freeEnergies(rbm: Rbm, data: ArrayLike<number>, out?: Float64Array): Float64Array {
  validateRbm(rbm);
  const rows = checkVisibleData(rbm, data);
  if (out !== undefined && !(out instanceof Float64Array))
    throw new TypeError(`out: expected a Float64Array of ${rows} entries`);
  const result = out ?? new Float64Array(rows);
  if (result.length !== rows) throw new RangeError(`out: expected length ${rows}, got ${result.length}`);
  freeEnergiesUnchecked(rbm, data, rows, result, new Float64Array(rbm.hidden));
  return result;
}

/** F(v) of `rows` rows, skipping the zeros of sparse binary data. `x` is n_h scratch. */
export function freeEnergiesUnchecked(
  rbm: Rbm,
  data: ArrayLike<number>,
  rows: number,
  out: Float64Array,
  x: Float64Array,
): void {
  const { visible: nv, hidden: nh, W, visibleBias: a, hiddenBias: c, hiddenType } = rbm;
  for (let r = 0; r < rows; r++) {
    const base = r * nv;
    let f = 0;
    for (let j = 0; j < nh; j++) x[j] = c[j]!;
    for (let i = 0; i < nv; i++) {
      const vi = data[base + i]!;
      if (vi === 0) continue;
      f -= a[i]! * vi;
      const row = i * nh;
      if (vi === 1) for (let j = 0; j < nh; j++) x[j]! += W[row + j]!;
      else for (let j = 0; j < nh; j++) x[j]! -= W[row + j]!;
    }
    for (let j = 0; j < nh; j++) f -= hiddenLogPartition(hiddenType, x[j]!);
    out[r] = f;
  }
}

/**
 * The hidden free energy G(h) = −log Σ_v e^{−E(v,h)} = −c·h + Σ_j U(h_j) − Σ_i ψ(a_i + Σ_j W_ij h_j),
 * so that p(h) = e^{−G(h)}/Z (ψ from {@link visibleLogPartition}).
 * @throws RangeError when h does not hold n_h finite values (0/1 for Bernoulli units);
 *   TypeError/RangeError naming the field of an invalid rbm ({@link validateRbm}); TypeError when h is not array-like
 */
export function hiddenFreeEnergy(rbm: Rbm, h: ArrayLike<number>): number {
  validateRbm(rbm);
  const { visible: nv, hidden: nh, W } = rbm;
  let g = hiddenPriorEnergy(rbm, h);
  if (g === Number.POSITIVE_INFINITY) return g;
  for (let i = 0; i < nv; i++) {
    let s = rbm.visibleBias[i]!;
    const row = i * nh;
    for (let j = 0; j < nh; j++) s += W[row + j]! * h[j]!;
    g -= visibleLogPartition(rbm.visibleType, s);
  }
  return g;
}
