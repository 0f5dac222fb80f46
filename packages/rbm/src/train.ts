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
import { axpy, gemm, gemv, mul, PhiloxRng } from '@replica/webgpu-kernels';
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
import { checkVisibleData, cloneRbm, createRbm, validateRbm } from './model';
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
  /** Gibbs steps per update for CD/PCD, default 1. */
  readonly k?: number;
  /** Passes over the data (≥ 1). */
  readonly epochs: number;
  /** Minibatch size, default 100; the last minibatch of an epoch holds the remainder. */
  readonly batchSize?: number;
  /** Learning rate η (or η(epoch), epoch 1-based), default 0.05. */
  readonly learningRate?: number | ((epoch: number) => number);
  /** Momentum μ (or μ(epoch)), default 0.5 for the first 5 epochs, then 0.9 (Hinton 2010, §9). */
  readonly momentum?: number | ((epoch: number) => number);
  /** L2 weight decay λ on W (not on biases), default 0. */
  readonly weightDecay?: number;
  /** Seed of shuffling, sampling, and random initial weights. */
  readonly seed: number | bigint;
  /** Persistent chains (PCD) or TAP particles, default the batch size. */
  readonly chains?: number;
  /** TAP iterations per update, default 3; damping δ of each, default 0.5. */
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
 */
export function visibleBiasFromData(
  data: ArrayLike<number>,
  visible: number,
  visibleType: Rbm['visibleType'],
): Float32Array {
  const rows = data.length / visible;
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

function schedule(x: number | ((epoch: number) => number) | undefined, fallback: (e: number) => number, name: string) {
  return (epoch: number): number => {
    const v = x === undefined ? fallback(epoch) : typeof x === 'number' ? x : x(epoch);
    if (!Number.isFinite(v)) throw new RangeError(`${name}: expected a finite number for epoch ${epoch}, got ${v}`);
    return v;
  };
}

function positiveInt(x: number | undefined, fallback: number, name: string): number {
  const v = x ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name}: expected an integer ≥ 1, got ${String(v)}`);
  return v;
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
 * @throws RangeError on bad options or data; TAP with non-Bernoulli units
 */
export async function trainRbm(
  backend: Backend,
  data: Float32Array,
  options: TrainRbmOptions,
): Promise<TrainRbmResult> {
  const method = options.method ?? 'cd';
  if (method !== 'cd' && method !== 'pcd' && method !== 'tap')
    throw new RangeError(`method: expected 'cd', 'pcd' or 'tap', got ${JSON.stringify(method)}`);
  const epochs = positiveInt(options.epochs, 0, 'epochs');
  const k = positiveInt(options.k, 1, 'k');
  const batchSize = positiveInt(options.batchSize, 100, 'batchSize');
  const tapIterations = positiveInt(options.tapIterations, 3, 'tapIterations');
  const tapDamping = options.tapDamping ?? 0.5;
  if (!(tapDamping >= 0 && tapDamping < 1))
    throw new RangeError(`tapDamping: expected a value in [0, 1), got ${tapDamping}`);
  const weightDecay = options.weightDecay ?? 0;
  if (!(weightDecay >= 0 && Number.isFinite(weightDecay)))
    throw new RangeError(`weightDecay: expected a finite value ≥ 0, got ${weightDecay}`);
  const lrAt = schedule(options.learningRate, () => 0.05, 'learningRate');
  const momentumAt = schedule(options.momentum, (e) => (e <= 5 ? 0.5 : 0.9), 'momentum');
  if (options.seed === undefined) throw new RangeError('seed: required');

  let start: Rbm;
  if (options.initial) {
    start = cloneRbm(validateRbm(options.initial, 'initial'));
  } else {
    const visible = positiveInt(options.visible, 0, 'visible');
    const visibleType = options.visibleType ?? 'bernoulli';
    checkVisibleData({ visible, visibleType }, data, 'data');
    start = createRbm({
      visible,
      hidden: positiveInt(options.hidden, 0, 'hidden'),
      visibleType,
      hiddenType: options.hiddenType ?? 'bernoulli',
      weightScale: options.weightScale ?? 0.01,
      seed: options.seed,
      visibleBias: visibleBiasFromData(data, visible, visibleType),
    });
  }
  const rows = checkVisibleData(start, data, 'data');
  const nv = start.visible;
  const nh = start.hidden;
  if (method === 'tap' && (start.visibleType !== 'bernoulli' || start.hiddenType !== 'bernoulli'))
    throw new RangeError(
      `method: 'tap' needs Bernoulli visible and hidden units, got ${start.visibleType} visible and ${start.hiddenType} hidden`,
    );
  const chains = positiveInt(options.chains, Math.min(batchSize, rows), 'chains');
  if (method !== 'cd' && chains > rows)
    throw new RangeError(`chains: ${chains} persistent chains need as many data rows to start from, got ${rows}`);

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
 * @throws RangeError when ξ is not K rows of ±1 values
 */
export function hopfieldInitialization(xi: ArrayLike<number>, options: HopfieldInitializationOptions): Rbm {
  const K = positiveInt(options.count, 0, 'count');
  if (xi.length === 0 || xi.length % K !== 0)
    throw new RangeError(`xi: expected ${K} patterns (count) of equal length, got ${xi.length} values`);
  const N = xi.length / K;
  const s = options.scale ?? 1 / Math.sqrt(N);
  if (!(Number.isFinite(s) && s > 0)) throw new RangeError(`scale: expected a finite value > 0, got ${s}`);
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
