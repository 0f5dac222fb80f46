/**
 * Annealed importance sampling (AIS) of an RBM's partition function, forward (a stochastic
 * lower bound on log Z) and reverse (a stochastic upper bound when its chains start from the
 * model's distribution).
 *
 * The path: intermediate RBMs p_β, β from 0 to 1, with
 *   E_β(v, h) = −((1 − β)a_A + βa)·v − β(vᵀWh + c·h) + Σ_j U(h_j),
 *   log p*_β(v) = ((1 − β)a_A + βa)·v + Σ_j φ(β x_j(v)),  x_j(v) = c_j + Σ_i v_i W_ij,
 * from the base model A (independent visible units with biases a_A, W = 0, c = 0), whose
 *   log Z_A = Σ_i ψ(a_A,i) + n_h φ(0),
 * to the target (β = 1). Forward: v_1 ~ p_A; w = Σ_{k=1}^{K} [log p*_{β_k}(v_k) − log p*_{β_{k−1}}(v_k)],
 * v_{k+1} from one block-Gibbs step of p_{β_k}; log Ẑ = log Z_A + log mean e^{w}. Reverse: the same
 * path walked from v_K ~ p_B down to β = 0 estimates Z_A/Z_B without bias.
 * @see R. M. Neal, Annealed importance sampling, Statistics and Computing 11 (2001)
 * @see R. Salakhutdinov, I. Murray, On the quantitative analysis of deep belief networks, ICML 2008
 * @see Y. Burda, R. Grosse, R. Salakhutdinov, Accurate and conservative estimates of MRF log-likelihood using reverse annealing, AISTATS 2015
 * @module
 */
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { checkInteger, deriveSeed, gemm } from '@replica/webgpu-kernels';
import { exactLayer, MAX_EXACT_UNITS, sampleExact } from './exact';
import type { ChainState, DeviceRbm } from './gibbs';
import {
  createChainState,
  disposeChainState,
  disposeDeviceRbm,
  STREAMS,
  sampleHidden,
  sampleRbm,
  sampleVisible,
  uploadRbm,
} from './gibbs';
import { sampleLayer } from './layer-kernel';
import type { Rbm } from './model';
import { checkVisibleData, hiddenLogPartition, validateRbm, visibleLogPartition } from './model';
import { visibleBiasFromData } from './train';

/**
 * The β schedule of Salakhutdinov & Murray (2008), scaled to `steps` intermediate distributions:
 * 500/14 500 of them spaced evenly in [0, 0.5], 4 000/14 500 in [0.5, 0.9], 10 000/14 500 in
 * [0.9, 1] (denser where the distributions change fastest). Returns β_0 = 0 < β_1 < … < β_K = 1.
 * @param steps - K ≥ 3
 */
export function aisSchedule(steps: number): Float64Array {
  if (!Number.isSafeInteger(steps) || steps < 3) throw new RangeError(`steps: expected an integer ≥ 3, got ${steps}`);
  const n1 = Math.max(1, Math.round((steps * 500) / 14500));
  const n2 = Math.max(1, Math.round((steps * 4000) / 14500));
  const n3 = steps - n1 - n2;
  const betas = new Float64Array(steps + 1);
  let k = 0;
  for (let t = 0; t < n1; t++) betas[k++] = (0.5 * t) / n1;
  for (let t = 0; t < n2; t++) betas[k++] = 0.5 + (0.4 * t) / n2;
  for (let t = 0; t < n3; t++) betas[k++] = 0.9 + (0.1 * t) / n3;
  betas[steps] = 1;
  return betas;
}

/** The default number of intermediate distributions K (Salakhutdinov & Murray used 14 500). */
export const AIS_DEFAULT_STEPS = 10_000;

/** The width, in standard errors, of {@link AisResult.bracket} beyond each estimate. */
export const AIS_BRACKET_SIGMAS = 3;

/** Options of {@link annealedImportanceSampling}. */
export interface AisOptions {
  /** Independent AIS runs, default 100. */
  readonly chains?: number;
  /**
   * Intermediate distributions K for the default schedule, default {@link AIS_DEFAULT_STEPS}
   * (10 000: on trained 784 × 20 MNIST RBMs forward AIS then lands within ≈ 0.2 nats of exact,
   * where 1 000 left it 1–6 nats low; ≈ 35 s per direction with 100 chains on one core).
   */
  readonly steps?: number;
  /** An explicit schedule β_0 = 0 < … < β_K = 1 instead (increasing, ends 0 and 1). */
  readonly schedule?: Float64Array;
  readonly seed: number | bigint;
  /**
   * Base-model visible biases a_A. Default: from `data`'s marginals when given (the base-rate
   * model of Salakhutdinov & Murray), else the RBM's own visible biases.
   */
  readonly baseVisibleBias?: Float32Array;
  /** Training data (rows × n_v) for the base-rate model. */
  readonly data?: Float32Array;
  /** Also run reverse AIS (default true). */
  readonly reverse?: boolean;
  /**
   * Starting states of the reverse runs (chains × n_v). Default: exact samples of the RBM
   * ({@link sampleExact}) when a layer has at most `exactStartUpTo` units, else block-Gibbs
   * chains from uniformly random states, run `burnIn` steps (then the reverse estimate is not a bound).
   */
  readonly reverseStart?: Float32Array;
  /** Whether the given `reverseStart` rows are exact, independent samples of the RBM (default false). */
  readonly reverseStartExact?: boolean;
  /**
   * Draw the reverse runs' starting states exactly when a layer has at most this many units
   * (default and maximum {@link MAX_EXACT_UNITS}: 2^24 states, ≈ 40 s for 784 visible units;
   * 2^20 takes ≈ 2 s). 0 never does.
   */
  readonly exactStartUpTo?: number;
  /** Gibbs steps of the reverse runs' starting chains when they are not exact, default 1000. */
  readonly burnIn?: number;
}

/** One direction's estimate. */
export interface AisEstimate {
  /** log Ẑ. */
  readonly logZ: number;
  /**
   * Standard error of log Ẑ by the delta method: sd(e^{w})/(mean(e^{w})·√chains). It understates
   * the error when the weights' spread is heavy-tailed (few runs dominate).
   */
  readonly stderr: number;
  /** Per-run log weights w. */
  readonly logWeights: Float64Array;
  /** Effective sample size (Σe^{w})²/Σe^{2w}, between 1 and chains. */
  readonly effectiveSampleSize: number;
  /**
   * Set when the weights degenerate (effective sample size below a tenth of the chains): a few
   * runs carry the estimate, and its standard error is not to be trusted; use more
   * intermediate distributions.
   */
  readonly warning?: string;
}

/** Where the reverse runs started. */
export type ReverseStart =
  /** Exact samples of the RBM drawn by enumerating its smaller layer: the estimate is a stochastic upper bound. */
  | 'exact'
  /** Block-Gibbs chains from uniformly random states: not a bound (the chains may not have mixed). */
  | 'gibbs'
  /** States the caller gave (a bound only when the caller declared them exact). */
  | 'given';

/** What {@link annealedImportanceSampling} returns. */
export interface AisResult {
  /** Forward AIS: E[log Ẑ] ≤ log Z (Jensen), so a stochastic lower bound. */
  readonly forward: AisEstimate;
  /** Reverse AIS: a stochastic upper bound when its starting states are exact samples. */
  readonly reverse?: AisEstimate & {
    /** Where its runs started. */
    readonly start: ReverseStart;
    /** Gibbs steps of the starting chains (start `'gibbs'`). */
    readonly burnIn?: number;
    /** Whether it is a stochastic upper bound on log Z (its runs started from exact samples). */
    readonly isBound: boolean;
  };
  /**
   * The interval that holds log Z: [forward − 3σ_f, reverse + 3σ_r] ({@link AIS_BRACKET_SIGMAS});
   * its upper end is null when there is no reverse estimate or it is not a bound (its runs did
   * not start from exact samples). Forward AIS is biased low and reverse AIS high, so each end
   * errs on its own side; the 3σ cover their fluctuations.
   */
  readonly bracket: { readonly lower: number; readonly upper: number | null; readonly sigmas: number };
  /** Warnings of either direction (degenerate weights, a reverse estimate that is not a bound). */
  readonly warnings: readonly string[];
  /** log Z_A of the base model. */
  readonly logZBase: number;
  readonly chains: number;
  /** The schedule's K. */
  readonly steps: number;
}

function logMeanExp(w: Float64Array): { value: number; stderr: number; ess: number } {
  let m = Number.NEGATIVE_INFINITY;
  for (const x of w) if (x > m) m = x;
  let s = 0;
  let s2 = 0;
  for (const x of w) {
    const e = Math.exp(x - m);
    s += e;
    s2 += e * e;
  }
  const n = w.length;
  const mean = s / n;
  const varE = n > 1 ? Math.max(0, (s2 - (s * s) / n) / (n - 1)) : Number.NaN;
  return { value: m + Math.log(mean), stderr: Math.sqrt(varE / n) / mean, ess: (s * s) / s2 };
}

function estimateOf(w: Float64Array, logZ: (logMean: number) => number): AisEstimate {
  const f = logMeanExp(w);
  const ess = f.ess;
  return {
    logZ: logZ(f.value),
    stderr: f.stderr,
    logWeights: w,
    effectiveSampleSize: ess,
    ...(ess < 0.1 * w.length
      ? {
          warning: `the importance weights degenerate: effective sample size ${ess.toFixed(1)} of ${w.length} runs, so a few runs carry the estimate and its standard error is unreliable; use more intermediate distributions`,
        }
      : {}),
  };
}

/** log p*_β(v) − log p*_β′(v) for every chain, from hidden pre-activations (v·W) and v, added into w. */
function accumulate(
  w: Float64Array,
  sign: number,
  rbm: Rbm,
  aBase: Float32Array,
  v: Float32Array,
  hPre: Float32Array,
  betaTo: number,
  betaFrom: number,
): void {
  const { visible: nv, hidden: nh, hiddenBias: c, visibleBias: a, hiddenType } = rbm;
  const db = betaTo - betaFrom;
  for (let r = 0; r < w.length; r++) {
    let d = 0;
    const vb = r * nv;
    for (let i = 0; i < nv; i++) {
      const vi = v[vb + i]!;
      if (vi !== 0) d += db * (a[i]! - aBase[i]!) * vi;
    }
    const hb = r * nh;
    for (let j = 0; j < nh; j++) {
      const x = hPre[hb + j]! + c[j]!;
      d += hiddenLogPartition(hiddenType, betaTo * x) - hiddenLogPartition(hiddenType, betaFrom * x);
    }
    w[r]! += sign * d;
  }
}

/**
 * A tensor's values on the host: the CPU tensor's own array (no copy: this runs every AIS step),
 * or a readback from the GPU (one per step; a device-side reduction would avoid it).
 */
function hostView(be: Backend, t: Tensor<'float32'>): Promise<Float32Array> {
  return be.kind === 'cpu' ? Promise.resolve(be.own(t, 'tensor').data) : t.read();
}

async function anneal(
  d: DeviceRbm,
  rbm: Rbm,
  s: ChainState,
  aBase: Float32Array,
  aBaseT: Tensor,
  betas: Float64Array,
  seed: number | bigint,
  stream: number,
  forward: boolean,
): Promise<Float64Array> {
  const K = betas.length - 1;
  const w = new Float64Array(s.chains);
  const streams = { visible: STREAMS.aisVisible + 2 * stream, hidden: STREAMS.aisHidden + 2 * stream };
  for (let t = 1; t <= K; t++) {
    // forward: β_{k−1} → β_k at the current v, then a step of T_k; reverse: β_k → β_{k−1}, then T_{k−1}.
    const to = forward ? betas[t]! : betas[K - t]!;
    const from = forward ? betas[t - 1]! : betas[K - t + 1]!;
    gemm(s.v, d.W, { out: s.hPre });
    const [v, hPre] = await Promise.all([hostView(d.backend, s.v), hostView(d.backend, s.hPre)]);
    accumulate(w, 1, rbm, aBase, v, hPre, to, from);
    if (t === K) break;
    sampleHidden(d, s, { seed, step: t, beta: to, stream: streams.hidden });
    sampleVisible(d, s, { seed, step: t, beta: to, baseBias: aBaseT, stream: streams.visible });
  }
  return w;
}

/**
 * Estimates log Z of an RBM by annealed importance sampling, forward and (by default) reverse,
 * with the base-rate base model and the schedule of {@link aisSchedule} (see the module docs).
 * Runs on any backend; the log weights are accumulated in f64 on the CPU.
 * @throws RangeError on bad options
 */
export async function annealedImportanceSampling(backend: Backend, rbm: Rbm, options: AisOptions): Promise<AisResult> {
  validateRbm(rbm);
  const chains = options.chains ?? 100;
  if (!Number.isSafeInteger(chains) || chains < 2)
    throw new RangeError(`chains: expected an integer ≥ 2, got ${String(chains)}`);
  const betas = options.schedule ?? aisSchedule(options.steps ?? AIS_DEFAULT_STEPS);
  if (betas.length < 2 || betas[0] !== 0 || betas[betas.length - 1] !== 1)
    throw new RangeError('schedule: expected β_0 = 0 < β_1 < … < β_K = 1');
  for (let k = 1; k < betas.length; k++)
    if (!(betas[k]! > betas[k - 1]!)) throw new RangeError(`schedule: not increasing at index ${k}`);
  if (options.data) checkVisibleData(rbm, options.data, 'data');
  const aBase =
    options.baseVisibleBias ??
    (options.data ? visibleBiasFromData(options.data, rbm.visible, rbm.visibleType) : rbm.visibleBias.slice());
  if (aBase.length !== rbm.visible)
    throw new RangeError(`baseVisibleBias: expected ${rbm.visible} values, got ${aBase.length}`);
  let logZBase = rbm.hidden * hiddenLogPartition(rbm.hiddenType, 0);
  for (let i = 0; i < rbm.visible; i++) logZBase += visibleLogPartition(rbm.visibleType, aBase[i]!);
  const seed = options.seed;
  const exactUpTo = checkInteger(options.exactStartUpTo ?? MAX_EXACT_UNITS, 'exactStartUpTo', {
    min: 0,
    max: MAX_EXACT_UNITS,
  });
  const burnIn = checkInteger(options.burnIn ?? 1000, 'burnIn', { min: 0 });

  const d = uploadRbm(backend, rbm);
  const aBaseT = backend.tensor(aBase, [rbm.visible]);
  const s = createChainState(d, chains);
  try {
    // v ~ p_A: the visible layer kernel at zero pre-activation with the base biases.
    sampleLayer(s.vPre, {
      unit: rbm.visibleType,
      bias: aBaseT,
      scale: 1,
      sample: s.v,
      seed,
      stream: STREAMS.aisVisible,
    });
    const wf = await anneal(d, rbm, s, aBase, aBaseT, betas, seed, 0, true);
    const forward = estimateOf(wf, (lm) => logZBase + lm);
    let reverse: AisResult['reverse'];
    if (options.reverse ?? true) {
      let start = options.reverseStart;
      let from: ReverseStart;
      let exact = false;
      const layer = start ? null : exactLayer(rbm, exactUpTo);
      if (start) {
        if (checkVisibleData(rbm, start, 'reverseStart') !== chains)
          throw new RangeError(`reverseStart: expected ${chains} rows (one per chain)`);
        from = 'given';
        exact = options.reverseStartExact === true;
      } else if (layer !== null) {
        start = sampleExact(rbm, { count: chains, seed: deriveSeed(seed, 0x5e), over: layer }).visible;
        from = 'exact';
        exact = true;
      } else {
        // From uniformly random states, not from data: chains started at the data can stay in the
        // data's modes and miss mass the model puts elsewhere (a CD-trained MNIST RBM's reverse
        // estimate came out 14 nats low that way, 0.1 nats from exact with random starts).
        const samples = await sampleRbm(backend, rbm, { chains, steps: burnIn, seed });
        start = samples.visible;
        from = 'gibbs';
      }
      backend.write(s.v, start);
      const wr = await anneal(d, rbm, s, aBase, aBaseT, betas, seed, 1, false);
      reverse = {
        ...estimateOf(wr, (lm) => logZBase - lm),
        start: from,
        ...(from === 'gibbs' ? { burnIn } : {}),
        isBound: exact,
      };
    }
    const warnings: string[] = [];
    if (forward.warning) warnings.push(`forward AIS: ${forward.warning}`);
    if (reverse?.warning) warnings.push(`reverse AIS: ${reverse.warning}`);
    if (reverse && !reverse.isBound)
      warnings.push(
        reverse.start === 'gibbs'
          ? `reverse AIS started from block-Gibbs chains (${burnIn} steps from uniformly random states), not from exact samples (no layer has at most ${exactUpTo} units): its estimate is not an upper bound`
          : 'reverse AIS started from the given states, not declared exact samples: its estimate is not an upper bound',
      );
    const k = AIS_BRACKET_SIGMAS;
    const bracket = {
      lower: forward.logZ - k * forward.stderr,
      upper: reverse?.isBound ? reverse.logZ + k * reverse.stderr : null,
      sigmas: k,
    };
    return {
      forward,
      ...(reverse ? { reverse } : {}),
      bracket,
      warnings,
      logZBase,
      chains,
      steps: betas.length - 1,
    };
  } finally {
    disposeChainState(s);
    aBaseT.dispose();
    disposeDeviceRbm(d);
  }
}
