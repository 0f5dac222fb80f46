/**
 * Maximum-likelihood training of an RBM by stochastic gradient ascent on ⟨log p(v)⟩_data:
 *
 *   ∂⟨log p⟩/∂W_ij = ⟨v_i E[h_j|v]⟩_data − ⟨v_i h_j⟩_model,
 *   ∂/∂a_i = ⟨v_i⟩_data − ⟨v_i⟩_model,   ∂/∂c_j = ⟨E[h_j|v]⟩_data − ⟨h_j⟩_model,
 *
 * with the model term estimated by contrastive divergence (CD-k: k Gibbs steps from the
 * minibatch), persistent CD (PCD: k steps of chains kept across updates), or the second-order
 * TAP (EMF) free energy (damped TAP iterations of persistent magnetizations).
 * @module
 */
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { axpy, checkInteger, checkNumber, gemm, gemv, mul, PhiloxRng, philoxKey } from '@replica/webgpu-kernels';
import type { ChainState, DeviceRbm } from './gibbs';
import {
  createChainState,
  disposeChainState,
  disposeDeviceRbm,
  downloadRbm,
  STREAMS,
  sampleHidden,
  sampleVisible,
  uploadRbm,
} from './gibbs';
import { sampleLayer } from './layer-kernel';
import type { Rbm } from './model';
import { checkHiddenType, checkVisibleData, checkVisibleType, cloneRbm, createRbm, validateRbm } from './model';
import { sgdMomentum, tapStep } from './update-kernels';

/** How the model term of the gradient is estimated. */
export type TrainingMethod = 'cd' | 'pcd' | 'tap';

/** What {@link trainRbm} reports after every epoch. */
export interface EpochReport {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** The machine after this epoch (a copy; keep it or let it go). */
  readonly rbm: Rbm;
  /** Learning rate and momentum used in this epoch. */
  readonly learningRate: number;
  readonly momentum: number;
  /** Wall-clock seconds of this epoch's updates (the callback's own time excluded). */
  readonly seconds: number;
}

/** Options of {@link trainRbm}. */
export interface TrainRbmOptions {
  /** `'cd'` (default), `'pcd'` or `'tap'` (Bernoulli visible and hidden units only). */
  readonly method?: TrainingMethod;
  /** Gibbs steps per update for CD/PCD, an integer ≥ 1, default 1. */
  readonly k?: number;
  /** Passes over the data (an integer ≥ 1). */
  readonly epochs: number;
  /** Minibatch size (an integer ≥ 1), default 100; the last minibatch of an epoch holds the remainder. */
  readonly batchSize?: number;
  /** Learning rate η ≥ 0 (or η(epoch), epoch 1-based), default 0.05. */
  readonly learningRate?: number | ((epoch: number) => number);
  /** Momentum μ ∈ [0, 1) (or μ(epoch)), default 0.5 for the first 5 epochs, then 0.9 (Hinton 2010, §9). */
  readonly momentum?: number | ((epoch: number) => number);
  /** L2 weight decay λ ≥ 0 on W (not on biases), default 0. */
  readonly weightDecay?: number;
  /** Seed of shuffling, sampling, and random initial weights. */
  readonly seed: number | bigint;
  /** Persistent chains (PCD) or TAP particles, default the batch size. */
  readonly chains?: number;
  /** TAP iterations per update (an integer ≥ 1), default 3; damping δ ∈ [0, 1) of each, default 0.5. */
  readonly tapIterations?: number;
  readonly tapDamping?: number;
  /**
   * The starting machine (copied), e.g. from {@link hopfieldInitialization}; default a new RBM of
   * `hidden` units with W ~ N(0, 0.01²) and visible biases from the data marginals.
   */
  readonly initial?: Rbm;
  /** Visible and hidden units of a new machine (required without `initial`). */
  readonly visible?: number;
  readonly hidden?: number;
  /** σ of a new machine's initial W_ij ~ N(0, σ²), default 0.01. */
  readonly weightScale?: number;
  /** Unit types of a new machine, default Bernoulli / Bernoulli. */
  readonly visibleType?: Rbm['visibleType'];
  readonly hiddenType?: Rbm['hiddenType'];
  /** Called after every epoch (awaited), e.g. to evaluate the likelihood. */
  readonly onEpoch?: (report: EpochReport) => void | Promise<void>;
}

/** What {@link trainRbm} returns. */
export interface TrainRbmResult {
  readonly rbm: Rbm;
  readonly epochs: number;
  /** Parameter updates made. */
  readonly updates: number;
  /** Wall-clock seconds of the updates (callbacks excluded). */
  readonly seconds: number;
}

/**
 * Visible biases from the data marginals: a_i = log(p̂_i / (1 − p̂_i)) for Bernoulli units and
 * atanh(2p̂_i − 1) for spins, with p̂_i = (#{v_i on} + 1)/(rows + 2) (Laplace's rule, so a unit
 * that is always off gets a finite bias).
 * @see G. E. Hinton, A practical guide to training restricted Boltzmann machines (2010), §8.1
 * @throws RangeError when visible is not an integer ≥ 1, visibleType is unknown, or data is not a
 *   whole number of rows of values of that type; TypeError when data is not array-like
 */
export function visibleBiasFromData(
  data: ArrayLike<number>,
  visible: number,
  visibleType: Rbm['visibleType'],
): Float32Array {
  checkInteger(visible, 'visible', { min: 1 });
  checkVisibleType(visibleType);
  const rows = checkVisibleData({ visible, visibleType }, data);
  const on = new Float64Array(visible);
  for (let r = 0; r < rows; r++) for (let i = 0; i < visible; i++) if (data[r * visible + i] === 1) on[i]!++;
  const a = new Float32Array(visible);
  for (let i = 0; i < visible; i++) {
    const p = (on[i]! + 1) / (rows + 2);
    const logit = Math.log(p / (1 - p));
    a[i] = visibleType === 'bernoulli' ? logit : 0.5 * logit;
  }
  return a;
}

/**
 * A per-epoch value: a number (checked now) or a function of the epoch (each value checked when
 * drawn, named `name(epoch)`), or the fallback schedule.
 */
function schedule(
  x: number | ((epoch: number) => number) | undefined,
  fallback: (e: number) => number,
  name: string,
  bounds: Parameters<typeof checkNumber>[2],
): (epoch: number) => number {
  if (x === undefined) return fallback;
  if (typeof x === 'function') return (epoch) => checkNumber(x(epoch), `${name}(${epoch})`, bounds);
  const v = checkNumber(x, name, bounds);
  return () => v;
}

function positiveInt(x: number | undefined, fallback: number, name: string): number {
  return checkInteger(x ?? fallback, name, { min: 1 });
}

/** Gradient, velocity and scratch tensors of one training run. */
interface Workspace {
  readonly gW: Tensor<'float32'>;
  readonly ga: Tensor<'float32'>;
  readonly gc: Tensor<'float32'>;
  readonly vW: Tensor<'float32'>;
  readonly va: Tensor<'float32'>;
  readonly vc: Tensor<'float32'>;
  /** 1-vectors for column means: data rows and chains. */
  readonly ones: Map<number, Tensor<'float32'>>;
}

function onesOf(be: Backend, ws: Workspace, n: number): Tensor<'float32'> {
  let t = ws.ones.get(n);
  if (!t) {
    t = be.tensor(new Float32Array(n).fill(1), [n]);
    ws.ones.set(n, t);
  }
  return t;
}

/** g ← (1/rows)·Σ_rows x (column means), or g ← g − (1/rows)·Σ x with `subtract`. */
function columnMean(be: Backend, ws: Workspace, x: Tensor, rows: number, g: Tensor, subtract: boolean): void {
  gemv(x, onesOf(be, ws, rows), { trans: true, out: g, alpha: (subtract ? -1 : 1) / rows, beta: subtract ? 1 : 0 });
}

/** TAP particles: magnetizations and their variances m − m² per layer, plus scratch. */
interface TapState {
  readonly mv: Tensor<'float32'>;
  readonly sv: Tensor<'float32'>;
  readonly mh: Tensor<'float32'>;
  readonly sh: Tensor<'float32'>;
  readonly aH: Tensor<'float32'>;
  readonly bH: Tensor<'float32'>;
  readonly aV: Tensor<'float32'>;
  readonly bV: Tensor<'float32'>;
  readonly w2: Tensor<'float32'>;
  readonly tmp: Tensor<'float32'>;
}

/**
 * Trains an RBM on binary data (rows × n_v, 0/1 or ±1 as the visible type says) by CD-k, PCD or
 * TAP, with minibatches, a learning-rate schedule, momentum and weight decay.
 *
 * Per update (minibatch B of size n_B, model term from n_C chains/particles):
 *   g_W = (1/n_B) Σ_B v E[h|v]ᵀ − (1/n_C) Σ_C ṽ E[h|ṽ]ᵀ   (CD/PCD; ṽ after k Gibbs steps)
 *   g_W = (1/n_B) Σ_B v E[h|v]ᵀ − (1/n_C) Σ_C [m_v m_hᵀ + W ∘ (m_v − m_v²)(m_h − m_h²)ᵀ]   (TAP)
 *   Δ ← μΔ + η(g − λW),  W ← W + Δ   (biases alike, without decay).
 * CD chains start from a hidden sample of the minibatch; PCD chains and TAP particles start
 * from the first n_C rows of the first shuffled epoch and persist. Data are reshuffled every
 * epoch (Philox stream `shuffle` of the seed).
 * @see G. E. Hinton, Training products of experts by minimizing contrastive divergence, Neural Comput. 14 (2002)
 * @see T. Tieleman, Training restricted Boltzmann machines using approximations to the likelihood gradient, ICML 2008
 * @see M. Gabrié, E. W. Tramel, F. Krzakala, Training restricted Boltzmann machines via the Thouless–Anderson–Palmer free energy, NeurIPS 2015
 * @throws TypeError when backend or options is not an object, data not a Float32Array, or onEpoch
 *   not a function; RangeError naming the option (`options.epochs`, `options.k`, `options.batchSize`,
 *   `options.chains`, `options.tapIterations`, `options.visible`, `options.hidden` not integers ≥ 1;
 *   `options.learningRate` not a finite number ≥ 0, `options.momentum` and `options.tapDamping` not in
 *   [0, 1), `options.weightDecay` and `options.weightScale` not finite numbers ≥ 0 — a schedule's
 *   values are named `options.momentum(epoch)` etc. and checked as they are drawn; an unknown
 *   method or unit type, a bad seed) or the data (rows of n_v values of the visible type); TAP with
 *   non-Bernoulli units
 */
export async function trainRbm(
  backend: Backend,
  data: Float32Array,
  options: TrainRbmOptions,
): Promise<TrainRbmResult> {
  if (backend === null || typeof backend !== 'object') throw new TypeError('backend: expected a Backend');
  if (!(data instanceof Float32Array))
    throw new TypeError(
      `data: expected a Float32Array of rows × n_v values, got ${data === null ? 'null' : typeof data}`,
    );
  if (options === null || typeof options !== 'object')
    throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}`);
  const method = options.method ?? 'cd';
  if (method !== 'cd' && method !== 'pcd' && method !== 'tap')
    throw new RangeError(`options.method: expected 'cd', 'pcd' or 'tap', got ${JSON.stringify(method)}`);
  const epochs = checkInteger(options.epochs, 'options.epochs', { min: 1 });
  const k = positiveInt(options.k, 1, 'options.k');
  const batchSize = positiveInt(options.batchSize, 100, 'options.batchSize');
  const tapIterations = positiveInt(options.tapIterations, 3, 'options.tapIterations');
  const tapDamping = checkNumber(options.tapDamping ?? 0.5, 'options.tapDamping', {
    min: 0,
    max: 1,
    maxExclusive: true,
  });
  const weightDecay = checkNumber(options.weightDecay ?? 0, 'options.weightDecay', { min: 0 });
  const lrAt = schedule(options.learningRate, () => 0.05, 'options.learningRate', { min: 0 });
  const momentumAt = schedule(options.momentum, (e) => (e <= 5 ? 0.5 : 0.9), 'options.momentum', {
    min: 0,
    max: 1,
    maxExclusive: true,
  });
  philoxKey(options.seed, 'options.seed');
  if (options.onEpoch !== undefined && typeof options.onEpoch !== 'function')
    throw new TypeError(`options.onEpoch: expected a function, got ${typeof options.onEpoch}`);

  let start: Rbm;
  if (options.initial) {
    start = cloneRbm(validateRbm(options.initial, 'options.initial'));
  } else {
    const visible = checkInteger(options.visible, 'options.visible', { min: 1 });
    const hidden = checkInteger(options.hidden, 'options.hidden', { min: 1 });
    const visibleType = checkVisibleType(options.visibleType ?? 'bernoulli', 'options.visibleType');
    const hiddenType = checkHiddenType(options.hiddenType ?? 'bernoulli', 'options.hiddenType');
    const weightScale = checkNumber(options.weightScale ?? 0.01, 'options.weightScale', { min: 0 });
    checkVisibleData({ visible, visibleType }, data, 'data');
    start = createRbm({
      visible,
      hidden,
      visibleType,
      hiddenType,
      weightScale,
      seed: options.seed,
      visibleBias: visibleBiasFromData(data, visible, visibleType),
    });
  }
  const rows = checkVisibleData(start, data, 'data');
  const nv = start.visible;
  const nh = start.hidden;
  if (method === 'tap' && (start.visibleType !== 'bernoulli' || start.hiddenType !== 'bernoulli'))
    throw new RangeError(
      `options.method: 'tap' needs Bernoulli visible and hidden units, got ${start.visibleType} visible and ${start.hiddenType} hidden`,
    );
  const chains = positiveInt(options.chains, Math.min(batchSize, rows), 'options.chains');
  if (method !== 'cd' && chains > rows)
    throw new RangeError(
      `options.chains: ${chains} persistent chains need as many data rows to start from, got ${rows}`,
    );

  const be = backend;
  const d: DeviceRbm = uploadRbm(be, start);
  const ws: Workspace = {
    gW: be.zeros([nv, nh]),
    ga: be.zeros([nv]),
    gc: be.zeros([nh]),
    vW: be.zeros([nv, nh]),
    va: be.zeros([nv]),
    vc: be.zeros([nh]),
    ones: new Map(),
  };
  const batchStates = new Map<number, ChainState>();
  const stateFor = (n: number): ChainState => {
    let s = batchStates.get(n);
    if (!s) {
      s = createChainState(d, n);
      batchStates.set(n, s);
    }
    return s;
  };
  let persistent: ChainState | null = null;
  let tap: TapState | null = null;
  const staging = new Float32Array(batchSize * nv);
  const order = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) order[r] = r;
  const rng = new PhiloxRng(options.seed, STREAMS.shuffle);
  let updates = 0;
  let totalSeconds = 0;
  const seed = options.seed;

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const t0 = performance.now();
      const lr = lrAt(epoch);
      const momentum = momentumAt(epoch);
      for (let r = rows - 1; r > 0; r--) {
        const q = rng.nextInt(r + 1);
        const tmp = order[r]!;
        order[r] = order[q]!;
        order[q] = tmp;
      }
      if (epoch === 1 && method !== 'cd') {
        const init = new Float32Array(chains * nv);
        for (let c = 0; c < chains; c++) init.set(data.subarray(order[c]! * nv, (order[c]! + 1) * nv), c * nv);
        if (method === 'pcd') {
          persistent = createChainState(d, chains);
          be.write(persistent.v, init);
        } else {
          tap = createTapState(be, chains, nv, nh);
          be.write(tap.mv, init);
        }
      }
      for (let b0 = 0; b0 < rows; b0 += batchSize) {
        const n = Math.min(batchSize, rows - b0);
        for (let r = 0; r < n; r++) staging.set(data.subarray(order[b0 + r]! * nv, (order[b0 + r]! + 1) * nv), r * nv);
        const pos = stateFor(n);
        be.write(pos.v, n === batchSize ? staging : staging.subarray(0, n * nv));
        const step = updates * k;
        // Positive phase: E[h | v_data], and a hidden sample to start CD's chain.
        gemm(pos.v, d.W, { out: pos.hPre });
        sampleLayer(pos.hPre, {
          unit: d.rbm.hiddenType,
          bias: d.hiddenBias,
          ...(method === 'cd' ? { sample: pos.h } : {}), // CD's chain starts from this hidden sample
          mean: pos.hMean,
          seed,
          step: updates,
          stream: STREAMS.positiveHidden,
        });
        gemm(pos.v, pos.hMean, { transA: true, out: ws.gW, alpha: 1 / n });
        columnMean(be, ws, pos.v, n, ws.ga, false);
        columnMean(be, ws, pos.hMean, n, ws.gc, false);
        if (method === 'tap') {
          runTap(d, tap!, tapIterations, tapDamping, updates === 0);
          gemm(tap!.mv, tap!.mh, { transA: true, out: ws.gW, alpha: -1 / chains, beta: 1 });
          gemm(tap!.sv, tap!.sh, { transA: true, out: tap!.tmp });
          mul(tap!.tmp, d.W, { out: tap!.tmp });
          axpy(-1 / chains, tap!.tmp, ws.gW);
          columnMean(be, ws, tap!.mv, chains, ws.ga, true);
          columnMean(be, ws, tap!.mh, chains, ws.gc, true);
        } else {
          let neg: ChainState;
          if (method === 'cd') {
            neg = pos;
            // The chain's visible state overwrites the data rows in pos.v; the data term is already taken.
          } else {
            neg = persistent!;
            sampleHidden(d, neg, { seed, step, stream: STREAMS.persistentHidden, outputs: 'sample' });
          }
          // The gradient needs v_k and E[h | v_k]: visible means and the last hidden sample are skipped
          // (a persistent chain redraws its hidden state from v at the next update).
          for (let t = 0; t < k; t++) {
            sampleVisible(d, neg, { seed, step: step + t, outputs: 'sample' });
            sampleHidden(d, neg, { seed, step: step + t, outputs: t === k - 1 ? 'mean' : 'sample' });
          }
          const nc = neg.chains;
          gemm(neg.v, neg.hMean, { transA: true, out: ws.gW, alpha: -1 / nc, beta: 1 });
          columnMean(be, ws, neg.v, nc, ws.ga, true);
          columnMean(be, ws, neg.hMean, nc, ws.gc, true);
        }
        sgdMomentum(d.W, ws.gW, ws.vW, { lr, momentum, decay: weightDecay });
        sgdMomentum(d.visibleBias, ws.ga, ws.va, { lr, momentum, decay: 0 });
        sgdMomentum(d.hiddenBias, ws.gc, ws.vc, { lr, momentum, decay: 0 });
        updates++;
        if (be.kind === 'webgpu' && updates % 16 === 0) await be.sync();
      }
      const current = await downloadRbm(d);
      checkFiniteParameters(current, epoch);
      const seconds = (performance.now() - t0) / 1000;
      totalSeconds += seconds;
      if (options.onEpoch) await options.onEpoch({ epoch, rbm: current, learningRate: lr, momentum, seconds });
    }
    const rbm = await downloadRbm(d);
    return { rbm, epochs, updates, seconds: totalSeconds };
  } finally {
    for (const s of batchStates.values()) disposeChainState(s);
    if (persistent) disposeChainState(persistent);
    if (tap) for (const t of Object.values(tap)) t.dispose();
    for (const t of [ws.gW, ws.ga, ws.gc, ws.vW, ws.va, ws.vc, ...ws.ones.values()]) t.dispose();
    disposeDeviceRbm(d);
  }
}

function checkFiniteParameters(rbm: Rbm, epoch: number): void {
  for (const [name, a] of [
    ['W', rbm.W],
    ['visibleBias', rbm.visibleBias],
    ['hiddenBias', rbm.hiddenBias],
  ] as const)
    for (let t = 0; t < a.length; t++)
      if (!Number.isFinite(a[t]))
        throw new RangeError(
          `trainRbm: ${name} became non-finite in epoch ${epoch} (index ${t}); lower the learning rate`,
        );
}

function createTapState(be: Backend, chains: number, nv: number, nh: number): TapState {
  return {
    mv: be.zeros([chains, nv]),
    sv: be.zeros([chains, nv]),
    mh: be.zeros([chains, nh]),
    sh: be.zeros([chains, nh]),
    aH: be.zeros([chains, nh]),
    bH: be.zeros([chains, nh]),
    aV: be.zeros([chains, nv]),
    bV: be.zeros([chains, nv]),
    w2: be.zeros([nv, nh]),
    tmp: be.zeros([nv, nh]),
  };
}

/** Damped second-order TAP iterations of the persistent magnetizations (hidden, then visible). */
function runTap(d: DeviceRbm, s: TapState, iterations: number, damping: number, fresh: boolean): void {
  mul(d.W, d.W, { out: s.w2 });
  tapStep(s.aV, s.bV, d.visibleBias, s.mv, s.sv, { damping, update: false });
  for (let it = 0; it < iterations; it++) {
    gemm(s.mv, d.W, { out: s.aH });
    gemm(s.sv, s.w2, { out: s.bH });
    // A fresh particle has no hidden magnetization yet: its first hidden update is undamped.
    tapStep(s.aH, s.bH, d.hiddenBias, s.mh, s.sh, { damping: fresh && it === 0 ? 0 : damping, update: true });
    gemm(s.mh, d.W, { out: s.aV, transB: true });
    gemm(s.sh, s.w2, { out: s.bV, transB: true });
    tapStep(s.aV, s.bV, d.visibleBias, s.mv, s.sv, { damping, update: true });
  }
}

/** Options of {@link hopfieldInitialization}. */
export interface HopfieldInitializationOptions {
  /** Number of patterns K (= hidden units). */
  readonly count: number;
  /** W_iμ = scale·ξ_i^μ; default 1/√N (the Hopfield–RBM map W = ξ√(β/N) at β = 1). */
  readonly scale?: number;
  /** Default `'bernoulli'`. */
  readonly visibleType?: Rbm['visibleType'];
  /** Default `'bernoulli'`. */
  readonly hiddenType?: Rbm['hiddenType'];
  /** Visible biases (copied), e.g. {@link visibleBiasFromData}; default 0. */
  readonly visibleBias?: Float32Array;
}

/**
 * An RBM whose couplings store K patterns Hebbian-style, one hidden unit per pattern:
 * W_iμ = s·ξ_i^μ with ξ ∈ {±1}^{K×N} (row μ is pattern μ), zero hidden biases. With spin visible
 * units, Gaussian hidden units and s = √(β/N) this is exactly the Hopfield network at β; for
 * Bernoulli units it is the Hopfield initialization of the lectures' MNIST experiment.
 * @see A. Barra, A. Bernacchia, E. Santucci, P. Contucci, On the equivalence of Hopfield networks and Boltzmann machines, Neural Networks 34 (2012)
 * @throws RangeError when ξ is not K rows of ±1 values, count is not an integer ≥ 1, scale is not a
 *   finite number > 0, or a unit type or the visible bias is bad; TypeError when ξ is not array-like or
 *   options not an object
 */
export function hopfieldInitialization(xi: ArrayLike<number>, options: HopfieldInitializationOptions): Rbm {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}`);
  const K = checkInteger(options.count, 'count', { min: 1 });
  if (xi === null || typeof xi !== 'object' || typeof xi.length !== 'number')
    throw new TypeError(`xi: expected an array of ±1 values, got ${xi === null ? 'null' : typeof xi}`);
  if (xi.length === 0 || xi.length % K !== 0)
    throw new RangeError(`xi: expected ${K} patterns (count) of equal length, got ${xi.length} values`);
  const N = xi.length / K;
  const s = checkNumber(options.scale ?? 1 / Math.sqrt(N), 'scale', { min: 0, minExclusive: true });
  const rbm = createRbm({
    visible: N,
    hidden: K,
    visibleType: options.visibleType ?? 'bernoulli',
    hiddenType: options.hiddenType ?? 'bernoulli',
    weightScale: 0,
    ...(options.visibleBias ? { visibleBias: options.visibleBias } : {}),
  });
  for (let mu = 0; mu < K; mu++)
    for (let i = 0; i < N; i++) {
      const x = xi[mu * N + i];
      if (x !== 1 && x !== -1) throw new RangeError(`xi: expected ±1 values, got ${x} at pattern ${mu}, unit ${i}`);
      rbm.W[i * K + mu] = s * x;
    }
  return rbm;
}
