/**
 * Block Gibbs sampling of an RBM on a compute backend: h ~ p(h | v) for all hidden units at
 * once, then v ~ p(v | h), for many chains in parallel (one gemm and one layer kernel per
 * half step). Chains are independent; chain b's draws depend only on the seed, b and the
 * step (see {@link sampleLayer}).
 * @module
 */
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { gemm } from '@replica/webgpu-kernels';
import { sampleLayer } from './layer-kernel';
import type { Rbm } from './model';
import { checkVisibleData, validateRbm } from './model';

/** An RBM's parameters as tensors on a backend. */
export interface DeviceRbm {
  readonly backend: Backend;
  readonly rbm: Omit<Rbm, 'W' | 'visibleBias' | 'hiddenBias'>;
  /** n_v × n_h. */
  readonly W: Tensor<'float32'>;
  readonly visibleBias: Tensor<'float32'>;
  readonly hiddenBias: Tensor<'float32'>;
}

/** Uploads an RBM's parameters (copies). Dispose with {@link disposeDeviceRbm}. */
export function uploadRbm(backend: Backend, rbm: Rbm): DeviceRbm {
  validateRbm(rbm);
  const { visible, hidden, visibleType, hiddenType } = rbm;
  return {
    backend,
    rbm: { visible, hidden, visibleType, hiddenType },
    W: backend.tensor(rbm.W, [visible, hidden]),
    visibleBias: backend.tensor(rbm.visibleBias, [visible]),
    hiddenBias: backend.tensor(rbm.hiddenBias, [hidden]),
  };
}

/** Reads a device RBM back into a plain {@link Rbm} (new arrays). */
export async function downloadRbm(d: DeviceRbm): Promise<Rbm> {
  const [W, visibleBias, hiddenBias] = await Promise.all([d.W.read(), d.visibleBias.read(), d.hiddenBias.read()]);
  return { ...d.rbm, W, visibleBias, hiddenBias };
}

/** Frees a device RBM's tensors. */
export function disposeDeviceRbm(d: DeviceRbm): void {
  d.W.dispose();
  d.visibleBias.dispose();
  d.hiddenBias.dispose();
}

/** Stream words (counter c2) used by the package's samplers, so no two uses share draws. */
export const STREAMS = {
  /** Hidden sample of the data (positive phase). */
  positiveHidden: 0,
  /** Visible half step of a Gibbs chain. */
  chainVisible: 1,
  /** Hidden half step of a Gibbs chain. */
  chainHidden: 2,
  /** Initial visible state of free-running chains. */
  initialVisible: 3,
  /** AIS: base-model visible draw, then its Gibbs steps (reverse AIS: these + 2). */
  aisVisible: 4,
  aisHidden: 5,
  /** PCD: the hidden state of the persistent chains under the updated weights, before their k steps. */
  persistentHidden: 8,
  /**
   * Data shuffling: a PhiloxRng stream, i.e. counter word c1 = 2^32 − 1, a step no sampler reaches,
   * so shuffling never shares Philox blocks with sampling.
   */
  shuffle: 0xffffffff,
} as const;

/** Scratch tensors of a set of chains, reused across steps. */
export interface ChainState {
  readonly chains: number;
  /** chains × n_v visible states. */
  readonly v: Tensor<'float32'>;
  /** chains × n_h hidden states. */
  readonly h: Tensor<'float32'>;
  /** chains × n_h conditional means E[h | v] of the last hidden half step. */
  readonly hMean: Tensor<'float32'>;
  /** chains × n_h hidden pre-activations v·W. */
  readonly hPre: Tensor<'float32'>;
  /** chains × n_v visible pre-activations h·Wᵀ. */
  readonly vPre: Tensor<'float32'>;
  /** chains × n_v conditional means E[v | h] of the last visible half step. */
  readonly vMean: Tensor<'float32'>;
}

/** Allocates the tensors of `chains` chains (all zero). */
export function createChainState(d: DeviceRbm, chains: number): ChainState {
  if (!Number.isSafeInteger(chains) || chains < 1)
    throw new RangeError(`chains: expected an integer ≥ 1, got ${String(chains)}`);
  const { visible: nv, hidden: nh } = d.rbm;
  const be = d.backend;
  return {
    chains,
    v: be.zeros([chains, nv]),
    h: be.zeros([chains, nh]),
    hMean: be.zeros([chains, nh]),
    hPre: be.zeros([chains, nh]),
    vPre: be.zeros([chains, nv]),
    vMean: be.zeros([chains, nv]),
  };
}

/** Frees a chain state's tensors. */
export function disposeChainState(s: ChainState): void {
  for (const t of [s.v, s.h, s.hMean, s.hPre, s.vPre, s.vMean]) t.dispose();
}

/** Options of a Gibbs half step. */
export interface HalfStepOptions {
  readonly seed: number | bigint;
  /** Counter word c1 (u32). */
  readonly step: number;
  /** Counter word c2 (u32); default the package's chain stream for that layer. */
  readonly stream?: number;
  /** Inverse temperature β scaling the couplings and the target biases (AIS), default 1. */
  readonly beta?: number;
  /** Base-model biases weighted by 1 − β (AIS), default none. */
  readonly baseBias?: Tensor;
  /** Write what the caller needs: `'both'` (default), `'sample'` only, or the conditional `'mean'` only. */
  readonly outputs?: 'both' | 'sample' | 'mean';
}

/** h ← sample of p(h | v) (and hMean ← E[h | v]) for every chain. */
export function sampleHidden(d: DeviceRbm, s: ChainState, o: HalfStepOptions): void {
  gemm(s.v, d.W, { out: s.hPre });
  sampleLayer(s.hPre, {
    unit: d.rbm.hiddenType,
    bias: d.hiddenBias,
    scale: o.beta ?? 1,
    ...(o.outputs === 'mean' ? {} : { sample: s.h }),
    ...(o.outputs === 'sample' ? {} : { mean: s.hMean }),
    seed: o.seed,
    step: o.step,
    stream: o.stream ?? STREAMS.chainHidden,
  });
}

/** v ← sample of p(v | h) (and vMean ← E[v | h]) for every chain. */
export function sampleVisible(d: DeviceRbm, s: ChainState, o: HalfStepOptions): void {
  gemm(s.h, d.W, { out: s.vPre, transB: true });
  const beta = o.beta ?? 1;
  sampleLayer(s.vPre, {
    unit: d.rbm.visibleType,
    bias: d.visibleBias,
    scale: beta,
    ...(o.baseBias ? { offset: o.baseBias, offsetScale: 1 - beta } : {}),
    ...(o.outputs === 'mean' ? {} : { sample: s.v }),
    ...(o.outputs === 'sample' ? {} : { mean: s.vMean }),
    seed: o.seed,
    step: o.step,
    stream: o.stream ?? STREAMS.chainVisible,
  });
}

/** Options of {@link sampleRbm}. */
export interface SampleRbmOptions {
  /** Number of independent chains, default 100. */
  readonly chains?: number;
  /** Full Gibbs steps (v → h → v) per chain, default 1000. */
  readonly steps?: number;
  readonly seed: number | bigint;
  /**
   * Initial visible states (chains × n_v, values of the visible type), default uniformly random
   * (each unit 0/1 or ±1 with probability ½).
   */
  readonly initial?: Float32Array;
}

/** What {@link sampleRbm} returns. */
export interface RbmSamples {
  /** chains × n_v final visible states. */
  readonly visible: Float32Array;
  /** chains × n_v conditional means E[v | h] of the last step (smoother for pictures). */
  readonly visibleMean: Float32Array;
  readonly chains: number;
  readonly steps: number;
}

/**
 * Runs independent block-Gibbs chains v → h → v and returns the final visible states.
 * Step t uses counter (·, t, stream, ·); the same seed gives the same samples on a backend.
 * @throws RangeError on bad counts or an initial state of the wrong shape or values
 */
export async function sampleRbm(backend: Backend, rbm: Rbm, options: SampleRbmOptions): Promise<RbmSamples> {
  const chains = options.chains ?? 100;
  const steps = options.steps ?? 1000;
  if (!Number.isSafeInteger(steps) || steps < 0 || steps > 0xffffffff)
    throw new RangeError(`steps: expected an integer in [0, 2^32), got ${String(steps)}`);
  const d = uploadRbm(backend, rbm);
  const s = createChainState(d, chains);
  try {
    if (options.initial) {
      const rows = checkVisibleData(rbm, options.initial, 'initial');
      if (rows !== chains) throw new RangeError(`initial: expected ${chains} rows (one per chain), got ${rows}`);
      backend.write(s.v, options.initial);
    } else {
      // A uniformly random start: the layer kernel at zero field draws each unit with probability ½.
      sampleLayer(s.vPre, {
        unit: rbm.visibleType,
        scale: 0,
        sample: s.v,
        seed: options.seed,
        stream: STREAMS.initialVisible,
      });
    }
    for (let t = 0; t < steps; t++) {
      sampleHidden(d, s, { seed: options.seed, step: t });
      sampleVisible(d, s, { seed: options.seed, step: t });
    }
    const [visible, visibleMean] = await Promise.all([s.v.read(), s.vMean.read()]);
    return { visible, visibleMean, chains, steps };
  } finally {
    disposeChainState(s);
    disposeDeviceRbm(d);
  }
}
