/**
 * Exact partition functions of small RBMs: enumerate the 2^n states of one layer (n ≤ 24) and
 * sum the other layer out in closed form,
 *
 *   log Z = log Σ_v e^{−F(v)} = log Σ_h e^{−G(h)},
 *
 * in f64: the enumerated layer is split in two halves whose fields are tabulated, every state's
 * sum over the other layer becomes a few logs of products, and the states are summed with a
 * log-sum-exp with a running maximum. The exact average log-likelihood ⟨−F(v)⟩_data − log Z follows.
 * @module
 */

import { checkInteger, PhiloxRng } from '@replica/webgpu-kernels';
import type { HiddenType, Rbm } from './model';
import {
  checkVisibleData,
  freeEnergiesUnchecked,
  hiddenLogPartition,
  logTwoCosh,
  softplus,
  validateRbm,
} from './model';

/** The largest layer {@link logPartitionExact} enumerates (2^24 ≈ 1.7·10⁷ states). */
export const MAX_EXACT_UNITS = 24;

/** A layer of the RBM. */
export type RbmLayer = 'visible' | 'hidden';

/**
 * The layer an exact log Z would sum over: the smaller of the layers with at most `maxUnits`
 * units (hidden only when Bernoulli, the visible layer always being discrete), or null.
 * @param rbm - the machine
 * @param maxUnits - the largest layer to enumerate (2^maxUnits states)
 * @returns the layer, or null when both exceed `maxUnits`
 */
export function exactLayer(rbm: Rbm, maxUnits: number): RbmLayer | null {
  const hiddenOk = rbm.hiddenType === 'bernoulli' && rbm.hidden <= maxUnits;
  const visibleOk = rbm.visible <= maxUnits;
  if (hiddenOk && (!visibleOk || rbm.hidden <= rbm.visible)) return 'hidden';
  return visibleOk ? 'visible' : null;
}

/** Options of {@link logPartitionExact}. */
export interface LogPartitionExactOptions {
  /**
   * The layer to enumerate: `'visible'` (any hidden type), `'hidden'` (Bernoulli hidden units
   * only), or `'auto'` (default): the smaller layer that can be enumerated (ties go to visible).
   */
  readonly over?: 'auto' | RbmLayer;
}

/** The result of {@link logPartitionExact}. */
export interface ExactLogPartition {
  /** log Z, Z = Σ_{v,h} e^{−E(v,h)} (an integral over Gaussian/ReLU hidden units). */
  readonly logZ: number;
  /** The layer that was enumerated. */
  readonly over: RbmLayer;
  /** The number of states enumerated, 2^n. */
  readonly states: number;
}

/** |log y| bound of a unit on the product path: e^{±700} is a normal double. */
const FAST_LOG_BOUND = 700;
/** Bound on log Π(1 + y) over one chunk: e^{704} < 1.8·10³⁰⁸ (the largest double). */
const CHUNK_LOG_BUDGET = 704;
/** The low-bit table holds at most 2^10 states … */
const MAX_LOW_BITS = 10;
/** … and at most this many doubles (32 MiB). */
const MAX_LOW_TABLE = 1 << 22;
/** High states processed together, so each low-table row is read once per group. */
const GROUP = 8;
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * How the summed-out layer's log-partition ψ is evaluated: 0 softplus log(1 + eˣ) (Bernoulli),
 * 1 log 2cosh x (spins), 2 x²/2 + ½ log 2π (Gaussian), 3 x²/2 + ½ log 2π + log Φ(x) (ReLU).
 */
type PsiKind = 0 | 1 | 2 | 3;
const PSI_SOFTPLUS = 0;
const PSI_LOG_TWO_COSH = 1;
const PSI_GAUSSIAN = 2;
const PSI_RELU = 3;

/**
 * The enumeration problem, layer-agnostic: n enumerated units s_a (0/1 or ±1) with biases
 * `aBias`, m summed-out units with fields x_k = bBias_k + Σ_a s_a M[a·m + k] and log-partition ψ;
 * the log-weight of a state is Σ_a aBias_a s_a + Σ_k ψ(x_k).
 */
interface Problem {
  readonly n: number;
  readonly aSpin: boolean;
  readonly aBias: Float64Array;
  readonly m: number;
  readonly bBias: Float64Array;
  readonly M: Float64Array;
  readonly psi: PsiKind;
}

function psiOf(psi: PsiKind, x: number): number {
  switch (psi) {
    case PSI_SOFTPLUS:
      return softplus(x);
    case PSI_LOG_TWO_COSH:
      return logTwoCosh(x);
    case PSI_GAUSSIAN:
      return 0.5 * x * x + HALF_LOG_2PI;
    default:
      return hiddenLogPartition('relu', x);
  }
}

/**
 * log Σ_s e^{w(s)} over the 2^n states of the problem (see {@link logPartitionExact} for the
 * method). State s = (low, high): the first n₁ enumerated units form `low`, the rest `high`.
 */
function enumerate(p: Problem, pick: Picker | null = null): number {
  const { n, m, M, bBias, aSpin, psi } = p;
  const kappa = psi === PSI_LOG_TWO_COSH ? 2 : 1;
  // Split the summed-out units: "fast" ones (softplus/log 2cosh with |κ x_k| ≤ κ X_k ≤ 700,
  // X_k = |b_k| + Σ_a |M_ak|) go through y = e^{κx} products, the others through ψ per state.
  const fast: number[] = [];
  const slow: number[] = [];
  const hiBound: number[] = [];
  const canFast = psi === PSI_SOFTPLUS || psi === PSI_LOG_TWO_COSH;
  for (let k = 0; k < m; k++) {
    let X = Math.abs(bBias[k]!);
    let up = bBias[k]!;
    for (let a = 0; a < n; a++) {
      const w = M[a * m + k]!;
      X += Math.abs(w);
      up += aSpin ? Math.abs(w) : Math.max(w, 0);
    }
    if (canFast && kappa * X <= FAST_LOG_BOUND) {
      fast.push(k);
      hiBound.push(up);
    } else slow.push(k);
  }
  const mf = fast.length;
  const ms = slow.length;
  // Greedy chunks: log(1 + y_k) ≤ softplus(κ·max x_k); each chunk's sum of these bounds ≤ budget.
  const ends: number[] = [];
  let used = 0;
  for (let t = 0; t < mf; t++) {
    const cost = softplus(kappa * hiBound[t]!) + 1e-9;
    if (t > 0 && used + cost > CHUNK_LOG_BUDGET) {
      ends.push(t);
      used = 0;
    }
    used += cost;
  }
  if (mf > 0) ends.push(mf);
  const chunkEnd = Int32Array.from(ends);
  const nChunks = chunkEnd.length;
  // Effective biases: log 2cosh x = −x + softplus(2x); the −Σ_{k fast} x_k is linear in s.
  const aEff = Float64Array.from(p.aBias);
  let constant = 0;
  if (psi === PSI_LOG_TWO_COSH)
    for (let t = 0; t < mf; t++) {
      const k = fast[t]!;
      constant -= bBias[k]!;
      for (let a = 0; a < n; a++) aEff[a] = aEff[a]! - M[a * m + k]!;
    }
  const unit = (bit: number) => (aSpin ? 1 - 2 * bit : bit);
  // Low table: for each low state r, fields b + Σ_{a<n₁} s_a M_a (exact f64 sums), y = e^{κx}.
  let n1 = Math.min(n, MAX_LOW_BITS);
  while (n1 > 0 && 2 ** n1 * Math.max(m, 1) > MAX_LOW_TABLE) n1--;
  const nLow = 2 ** n1;
  const nHigh = 2 ** (n - n1);
  const lowY = new Float64Array(nLow * mf);
  const lowX = new Float64Array(nLow * ms);
  const lowLin = new Float64Array(nLow);
  for (let r = 0; r < nLow; r++) {
    let lin = constant;
    const fy = r * mf;
    const fx = r * ms;
    for (let t = 0; t < mf; t++) lowY[fy + t] = bBias[fast[t]!]!;
    for (let t = 0; t < ms; t++) lowX[fx + t] = bBias[slow[t]!]!;
    for (let a = 0; a < n1; a++) {
      const s = unit((r >>> a) & 1);
      if (s === 0) continue;
      lin += s * aEff[a]!;
      const row = a * m;
      for (let t = 0; t < mf; t++) lowY[fy + t] = lowY[fy + t]! + s * M[row + fast[t]!]!;
      for (let t = 0; t < ms; t++) lowX[fx + t] = lowX[fx + t]! + s * M[row + slow[t]!]!;
    }
    for (let t = 0; t < mf; t++) lowY[fy + t] = Math.exp(kappa * lowY[fy + t]!);
    lowLin[r] = lin;
  }
  // Compact copies of the high units' couplings (fast first, then slow).
  const n2 = n - n1;
  const highMf = new Float64Array(n2 * mf);
  const highMs = new Float64Array(n2 * ms);
  for (let b = 0; b < n2; b++) {
    const row = (n1 + b) * m;
    for (let t = 0; t < mf; t++) highMf[b * mf + t] = M[row + fast[t]!]!;
    for (let t = 0; t < ms; t++) highMs[b * ms + t] = M[row + slow[t]!]!;
  }
  const group = Math.min(GROUP, nHigh);
  const highY = new Float64Array(group * mf);
  const highX = new Float64Array(group * ms);
  const highLin = new Float64Array(group);
  let totalMax = Number.NEGATIVE_INFINITY;
  let totalSum = 0;
  for (let h0 = 0; h0 < nHigh; h0 += group) {
    const gCount = Math.min(group, nHigh - h0);
    // The group's high rows: fields Σ_{a≥n₁} s_a M_a (fresh each time), y = e^{κx}.
    for (let g = 0; g < gCount; g++) {
      const hs = h0 + g;
      const fy = g * mf;
      const fx = g * ms;
      let lin = 0;
      highY.fill(0, fy, fy + mf);
      highX.fill(0, fx, fx + ms);
      for (let b = 0; b < n2; b++) {
        const s = unit((hs >>> b) & 1);
        if (s === 0) continue;
        lin += s * aEff[n1 + b]!;
        const ry = b * mf;
        const rx = b * ms;
        for (let t = 0; t < mf; t++) highY[fy + t] = highY[fy + t]! + s * highMf[ry + t]!;
        for (let t = 0; t < ms; t++) highX[fx + t] = highX[fx + t]! + s * highMs[rx + t]!;
      }
      for (let t = 0; t < mf; t++) highY[fy + t] = Math.exp(kappa * highY[fy + t]!);
      highLin[g] = lin;
    }
    // Every (low, high) pair of the group: w = lin + Σ_chunks log Π(1 + y_low·y_high) + Σ_slow ψ.
    let blockMax = Number.NEGATIVE_INFINITY;
    let blockSum = 0;
    for (let r = 0; r < nLow; r++) {
      const ly = r * mf;
      const lx = r * ms;
      const linR = lowLin[r]!;
      for (let g = 0; g < gCount; g++) {
        const hy = g * mf;
        let w = linR + highLin[g]!;
        let k = 0;
        for (let c = 0; c < nChunks; c++) {
          const end = chunkEnd[c]!;
          // Four independent products hide the multiply latency; their product is the chunk's.
          let p0 = 1;
          let p1 = 1;
          let p2 = 1;
          let p3 = 1;
          for (; k + 3 < end; k += 4) {
            p0 *= 1 + lowY[ly + k]! * highY[hy + k]!;
            p1 *= 1 + lowY[ly + k + 1]! * highY[hy + k + 1]!;
            p2 *= 1 + lowY[ly + k + 2]! * highY[hy + k + 2]!;
            p3 *= 1 + lowY[ly + k + 3]! * highY[hy + k + 3]!;
          }
          for (; k < end; k++) p0 *= 1 + lowY[ly + k]! * highY[hy + k]!;
          w += Math.log(p0 * p1 * (p2 * p3));
        }
        if (ms > 0) {
          const hx = g * ms;
          for (let t = 0; t < ms; t++) w += psiOf(psi, lowX[lx + t]! + highX[hx + t]!);
        }
        if (w > blockMax) {
          blockSum = blockSum * Math.exp(blockMax - w) + 1;
          blockMax = w;
        } else blockSum += Math.exp(w - blockMax);
        if (pick !== null) pick.visit(w, r + (h0 + g) * nLow);
      }
    }
    if (blockMax > totalMax) {
      totalSum = totalSum * Math.exp(totalMax - blockMax) + blockSum;
      totalMax = blockMax;
    } else totalSum += blockSum * Math.exp(blockMax - totalMax);
  }
  return totalMax + Math.log(totalSum);
}

/**
 * Inverse-CDF selection during an enumeration: with log Z known, the cumulative probability
 * Σ e^{w − log Z} over the states in visiting order passes each sorted target u ∈ [0, 1) once,
 * and the state that passes it is that target's sample. Any fixed visiting order is a valid
 * order for inverse-CDF sampling.
 */
class Picker {
  private cum = 0;
  private next = 0;
  private last = -1;
  /** The chosen state of each target, in the targets' original order. */
  readonly chosen: Int32Array;

  constructor(
    private readonly logZ: number,
    private readonly sorted: Float64Array,
    private readonly order: Int32Array,
  ) {
    this.chosen = new Int32Array(sorted.length).fill(-1);
  }

  visit(w: number, index: number): void {
    const p = Math.exp(w - this.logZ);
    if (p === 0) return;
    this.last = index;
    this.cum += p;
    const t = this.sorted;
    while (this.next < t.length && t[this.next]! < this.cum) this.chosen[this.order[this.next++]!] = index;
  }

  /** Targets above the final cumulative sum (short of 1 by rounding, ≲ 10⁻¹⁰) take the last state of positive weight. */
  finish(): Int32Array {
    while (this.next < this.sorted.length) this.chosen[this.order[this.next++]!] = this.last;
    return this.chosen;
  }
}

function psiOfHidden(t: HiddenType): PsiKind {
  return t === 'bernoulli' ? PSI_SOFTPLUS : t === 'gaussian' ? PSI_GAUSSIAN : PSI_RELU;
}

/**
 * The exact log-partition function of an RBM, in f64, by enumerating one layer and summing the
 * other out analytically:
 *
 *   over visible: log Z = log Σ_v e^{−F(v)},  −F(v) = a·v + Σ_j φ(c_j + Σ_i v_i W_ij)   (any hidden type);
 *   over hidden:  log Z = log Σ_h e^{−G(h)},  −G(h) = c·h + Σ_i ψ(a_i + Σ_j W_ij h_j)   (Bernoulli hidden),
 *
 * φ, ψ the one-unit log-partitions (softplus, log 2cosh = −x + softplus(2x), x²/2 + ½ log 2π,
 * x²/2 + ½ log 2π + log Φ(x)).
 *
 * Method, for 2^n states of the enumerated layer and m units summed out (cost O(2^n·m)): the
 * enumerated units are split into a low part (n₁ ≤ 10 units, fewer when 2^{n₁}·m > 2^22) and a
 * high part, so every field is x_k = x_k^low + x_k^high, each part an exact f64 sum over its own
 * units. A softplus/log 2cosh unit whose field is bounded by κX_k ≤ 700 (X_k = |b_k| + Σ_a |M_ak|,
 * κ = 1 for softplus, 2 for log 2cosh = −x + softplus(2x), the −x folded into the enumerated
 * biases) is evaluated through y_k = e^{κx^low}·e^{κx^high}: the low factors are a table of
 * 2^{n₁}·m exponentials, the high ones are computed once per high state, and Σ_k log(1 + y_k)
 * becomes one log of Π_k(1 + y_k) per chunk of units, chunks cut greedily so that
 * Σ_{k∈chunk} softplus(κ·max x_k) ≤ 704 (no product can overflow, and no y under- or overflows).
 * Every other unit (larger fields, Gaussian, ReLU) evaluates ψ(x_k) per state. The sum over states
 * is a log-sum-exp with a running maximum per block of 8·2^{n₁} states, folded across blocks.
 * Nothing is updated incrementally, so nothing drifts; nothing is allocated per state.
 *
 * Error bound (u = 2^-53): each x_k part carries ≤ n·X_k·u of rounding, as when the field is
 * summed directly; the two exponentials, the product and the chunk's log add ≲ 5u per unit. A
 * state's log-weight is thus off by ≲ Σ_k (κ·n·X_k + 5)·u (≈ 10⁻¹¹ for a 784 × 20 RBM with X_k ≈ 5,
 * a worst case; signs are random), and the log-sum-exp adds a relative error ≲ (8·2^{n₁} + 2^n/(8·2^{n₁}))·u
 * to Z. For a 784 × 20 binary RBM (2^20 hidden states) this takes ≈ 1 s on one core (Node 20).
 *
 * @param options.over - which layer to enumerate, default `'auto'`
 * @returns log Z, the enumerated layer and the number of states 2^n
 * @throws RangeError when the layer to enumerate has more than 24 units (use annealed
 *   importance sampling instead), or when `over: 'hidden'` is asked of Gaussian/ReLU hidden units
 * @see G. E. Hinton, A practical guide to training restricted Boltzmann machines (2010)
 * @see R. Salakhutdinov, I. Murray, On the quantitative analysis of deep belief networks, ICML (2008)
 */
export function logPartitionExact(rbm: Rbm, options: LogPartitionExactOptions = {}): ExactLogPartition {
  validateRbm(rbm);
  const layer = resolveLayer(rbm, options.over ?? 'auto');
  const n = layer === 'visible' ? rbm.visible : rbm.hidden;
  return { logZ: enumerate(problemOf(rbm, layer)), over: layer, states: 2 ** n };
}

/** The layer `over` asks for, checked (see {@link logPartitionExact}). */
function resolveLayer(rbm: Rbm, over: unknown): RbmLayer {
  if (over !== 'auto' && over !== 'visible' && over !== 'hidden')
    throw new RangeError(`over: expected 'auto', 'visible' or 'hidden', got ${JSON.stringify(over)}`);
  const { visible: nv, hidden: nh } = rbm;
  const hiddenOk = rbm.hiddenType === 'bernoulli';
  if (over === 'visible') {
    if (nv > MAX_EXACT_UNITS)
      throw new RangeError(
        `over: 'visible' enumerates 2^${nv} states, but the visible layer has ${nv} units (at most ${MAX_EXACT_UNITS}); estimate log Z with AIS instead`,
      );
    return 'visible';
  }
  if (over === 'hidden') {
    if (!hiddenOk)
      throw new RangeError(
        `over: 'hidden' needs Bernoulli hidden units, got ${rbm.hiddenType} (enumerate the visible layer instead)`,
      );
    if (nh > MAX_EXACT_UNITS)
      throw new RangeError(
        `over: 'hidden' enumerates 2^${nh} states, but the hidden layer has ${nh} units (at most ${MAX_EXACT_UNITS}); estimate log Z with AIS instead`,
      );
    return 'hidden';
  }
  const vOk = nv <= MAX_EXACT_UNITS;
  const hOk = hiddenOk && nh <= MAX_EXACT_UNITS;
  if (!vOk && !hOk)
    throw new RangeError(
      `rbm: exact log Z needs a layer of at most ${MAX_EXACT_UNITS} units to enumerate, but the visible layer has ${nv} units and the hidden layer ${nh}${hiddenOk ? '' : ` (${rbm.hiddenType} units, which cannot be enumerated)`}; estimate log Z with AIS instead`,
    );
  return vOk && (!hOk || nv <= nh) ? 'visible' : 'hidden';
}

/** The enumeration problem of a layer. */
function problemOf(rbm: Rbm, layer: RbmLayer): Problem {
  const { visible: nv, hidden: nh, W } = rbm;
  if (layer === 'visible')
    return {
      n: nv,
      aSpin: rbm.visibleType === 'spin',
      aBias: Float64Array.from(rbm.visibleBias),
      m: nh,
      bBias: Float64Array.from(rbm.hiddenBias),
      M: Float64Array.from(W),
      psi: psiOfHidden(rbm.hiddenType),
    };
  const Mt = new Float64Array(nh * nv);
  for (let i = 0; i < nv; i++) for (let j = 0; j < nh; j++) Mt[j * nv + i] = W[i * nh + j]!;
  return {
    n: nh,
    aSpin: false,
    aBias: Float64Array.from(rbm.hiddenBias),
    m: nv,
    bBias: Float64Array.from(rbm.visibleBias),
    M: Mt,
    psi: rbm.visibleType === 'spin' ? PSI_LOG_TWO_COSH : PSI_SOFTPLUS,
  };
}

/** Options of {@link sampleExact}. */
export interface SampleExactOptions {
  /** Independent samples to draw (≥ 1). */
  readonly count: number;
  readonly seed: number | bigint;
  /** The layer to enumerate, as in {@link logPartitionExact} (default `'auto'`). */
  readonly over?: 'auto' | RbmLayer;
}

/** What {@link sampleExact} returns. */
export interface ExactSamples {
  /** count × n_v visible states, exact samples of the model's p(v). */
  readonly visible: Float32Array;
  /** count × n_h hidden states when the hidden layer was enumerated (the h of each (v, h) pair). */
  readonly hidden?: Float32Array;
  /** The layer enumerated. */
  readonly over: RbmLayer;
  /** log Z, from the first of the two enumerations. */
  readonly logZ: number;
}

/**
 * Exact, independent samples of an RBM's distribution, by enumeration: the smaller layer s is
 * drawn from its exact marginal p(s) = e^{w(s) − log Z} by inverse-CDF sampling over its 2^n
 * states (one enumeration for log Z, a second one walking the cumulative sum past the sorted
 * uniforms), then the other layer from p(· | s) in closed form (Bernoulli/spin visible units;
 * when the visible layer is enumerated the visible sample is the state itself).
 * Cost: twice {@link logPartitionExact} (≈ 2 s for a 784 × 20 RBM over its hidden layer), plus
 * O(count · n_v · n_h). Deterministic for a seed.
 * @param rbm - the machine
 * @param options - count, seed, layer
 * @returns the visible samples (and the hidden ones when that layer was enumerated)
 * @throws RangeError when no layer can be enumerated (see {@link logPartitionExact}) or on bad options
 * @see Y. Burda, R. Grosse, R. Salakhutdinov, Accurate and conservative estimates of MRF log-likelihood using reverse annealing, AISTATS 2015
 */
export function sampleExact(rbm: Rbm, options: SampleExactOptions): ExactSamples {
  validateRbm(rbm);
  const count = checkInteger(options.count, 'count', { min: 1, max: 1 << 24 });
  const rng = new PhiloxRng(options.seed);
  const layer = resolveLayer(rbm, options.over ?? 'auto');
  const problem = problemOf(rbm, layer);
  const logZ = enumerate(problem);
  const u = new Float64Array(count);
  for (let r = 0; r < count; r++) u[r] = rng.nextDouble();
  const order = Int32Array.from({ length: count }, (_, r) => r).sort((a, b) => u[a]! - u[b]!);
  const sorted = Float64Array.from(order, (r) => u[r]!);
  const pick = new Picker(logZ, sorted, order);
  enumerate(problem, pick);
  const chosen = pick.finish();
  const { visible: nv, hidden: nh } = rbm;
  const visible = new Float32Array(count * nv);
  const spin = rbm.visibleType === 'spin';
  if (layer === 'visible') {
    for (let r = 0; r < count; r++) for (let i = 0; i < nv; i++) visible[r * nv + i] = stateUnit(chosen[r]!, i, spin);
    return { visible, over: layer, logZ };
  }
  const hidden = new Float32Array(count * nh);
  const { W, visibleBias: a } = rbm;
  for (let r = 0; r < count; r++) {
    for (let j = 0; j < nh; j++) hidden[r * nh + j] = stateUnit(chosen[r]!, j, false);
    for (let i = 0; i < nv; i++) {
      let x = a[i]!;
      for (let j = 0; j < nh; j++) if (hidden[r * nh + j] !== 0) x += W[i * nh + j]!;
      // p(v_i = 1 | h) = σ(x) (Bernoulli); p(v_i = +1 | h) = σ(2x) (spins).
      const p = 1 / (1 + Math.exp(spin ? -2 * x : -x));
      const on = rng.nextDouble() < p;
      visible[r * nv + i] = on ? 1 : spin ? -1 : 0;
    }
  }
  return { visible, hidden, over: layer, logZ };
}

/** Unit `a` of enumerated state `index`: bit a (0/1), or 1 − 2·bit for spins (as `enumerate` maps them). */
function stateUnit(index: number, a: number, spin: boolean): number {
  const bit = Math.floor(index / 2 ** a) % 2;
  return spin ? 1 - 2 * bit : bit;
}

/** Options of {@link averageLogLikelihood}. */
export interface AverageLogLikelihoodOptions {
  /** log Z, when already known (e.g. from {@link logPartitionExact} or AIS); default: computed exactly. */
  readonly logZ?: number;
  /** Options of the exact computation when `logZ` is not given. */
  readonly over?: 'auto' | RbmLayer;
}

/**
 * The average log-likelihood of a data set, (1/R) Σ_r log p(v_r) = (1/R) Σ_r (−F(v_r)) − log Z,
 * in f64, with log Z from {@link logPartitionExact} unless given.
 * @param data - R × n_v, row-major, 0/1 (Bernoulli) or ±1 (spin) values
 * @returns the mean log-likelihood per row (nats)
 * @throws RangeError on malformed data, a non-finite `logZ`, or an RBM too large to enumerate
 * @see G. E. Hinton, Training products of experts by minimizing contrastive divergence, Neural Computation 14 (2002)
 */
export function averageLogLikelihood(
  rbm: Rbm,
  data: ArrayLike<number>,
  options: AverageLogLikelihoodOptions = {},
): number {
  validateRbm(rbm);
  const rows = checkVisibleData(rbm, data);
  let logZ = options.logZ;
  if (logZ !== undefined) {
    if (typeof logZ !== 'number' || !Number.isFinite(logZ))
      throw new RangeError(`logZ: expected a finite number, got ${String(logZ)}`);
  } else logZ = logPartitionExact(rbm, { over: options.over ?? 'auto' }).logZ;
  const f = new Float64Array(rows);
  freeEnergiesUnchecked(rbm, data, rows, f, new Float64Array(rbm.hidden));
  let s = 0;
  for (let r = 0; r < rows; r++) s -= f[r]!;
  return s / rows - logZ;
}
