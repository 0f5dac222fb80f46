/**
 * Exact results for small systems: enumeration of all 2^N states (N ≤ 24) in
 * f64 — log Z, ⟨E⟩, ⟨m⟩, ⟨σ_i⟩, ⟨σ_iσ_j⟩, the Boltzmann distribution — and the
 * full transition matrix of each dynamics (N ≤ 10).
 *
 * State index s ∈ [0, 2^N): σ_i = +1 when bit i of s is 0, −1 when it is 1.
 * @module
 */
import type { IsingModel } from './couplings';
import { toDenseMatrix } from './couplings';
import { checkBeta } from './internal';

/** Largest N for enumeration. */
export const MAX_ENUMERATION_N = 24;
/** Largest N for transition matrices (2^N × 2^N entries). */
export const MAX_TRANSITION_N = 10;

/** Exact thermodynamics of a model at inverse temperature β. */
export interface ExactResult {
  readonly n: number;
  readonly beta: number;
  /** log Z = log Σ_σ e^{−βH(σ)}. */
  readonly logZ: number;
  /** ⟨H⟩. */
  readonly energy: number;
  /** ⟨m⟩ = (1/N) Σ_i ⟨σ_i⟩. */
  readonly magnetization: number;
  /** f = −log Z/(βN); −∞ at β = 0. */
  readonly freeEnergyPerSpin: number;
  /** ⟨σ_i⟩. */
  readonly magnetizations: Float64Array;
  /** ⟨σ_iσ_j⟩, N×N (diagonal 1), or null when not asked for. */
  readonly correlations: Float64Array | null;
  /** P(s) for every state s, or null when not asked for. */
  readonly distribution: Float64Array | null;
  /** H(s) for every state s, or null when not asked for. */
  readonly energies: Float64Array | null;
}

/** Symmetrized off-diagonal couplings (J + Jᵀ)/2, fields and self-coupling sum, in f64. */
function denseParts(model: IsingModel): { J: Float64Array; h: Float64Array; diagSum: number } {
  const n = model.n;
  const raw = toDenseMatrix(model.couplings);
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) J[i * n + j] = 0.5 * (raw[i * n + j]! + raw[j * n + i]!);
  const h = new Float64Array(n);
  if (model.field) for (let i = 0; i < n; i++) h[i] = model.field[i]!;
  let diagSum = 0;
  const d = model.couplings.diagonal;
  if (d) for (let i = 0; i < n; i++) diagSum += d[i]!;
  return { J, h, diagSum };
}

/**
 * H(s) for all 2^N states, walking a Gray code so each state costs O(N):
 * flipping σ_i changes H by 2σ_iφ_i and each φ_j by −2σ_i J_ji.
 */
export function allEnergies(model: IsingModel): Float64Array {
  const n = model.n;
  if (n > MAX_ENUMERATION_N)
    throw new RangeError(`N = ${n} is too large for enumeration (at most ${MAX_ENUMERATION_N})`);
  const { J, h, diagSum } = denseParts(model);
  const size = 2 ** n;
  const E = new Float64Array(size);
  const sigma = new Float64Array(n).fill(1);
  const phi = new Float64Array(n);
  let e = -0.5 * diagSum;
  for (let i = 0; i < n; i++) {
    let s = h[i]!;
    for (let j = 0; j < n; j++) s += J[i * n + j]!;
    phi[i] = s;
  }
  for (let i = 0; i < n; i++) e -= 0.5 * (phi[i]! - h[i]!) + h[i]!;
  E[0] = e;
  let gray = 0;
  for (let k = 1; k < size; k++) {
    const i = 31 - Math.clz32(k & -k);
    const si = sigma[i]!;
    e += 2 * si * phi[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) phi[j] = phi[j]! - 2 * si * J[row + j]!;
    sigma[i] = -si;
    gray ^= 1 << i;
    E[gray] = e;
  }
  return E;
}

/** In-place fast Walsh–Hadamard transform: a(S) ← Σ_s a(s)(−1)^{popcount(s∧S)}. */
function walshHadamard(a: Float64Array): void {
  for (let len = 1; len < a.length; len <<= 1) {
    for (let i = 0; i < a.length; i += len << 1) {
      for (let j = i; j < i + len; j++) {
        const u = a[j]!;
        const v = a[j + len]!;
        a[j] = u + v;
        a[j + len] = u - v;
      }
    }
  }
}

/** Options of {@link exactEnumeration}. */
export interface ExactOptions {
  /** Compute ⟨σ_iσ_j⟩ (default true). */
  readonly correlations?: boolean;
  /** Return P(s) and H(s) for every state (default false; 2^N doubles each). */
  readonly distribution?: boolean;
}

/**
 * Exact enumeration of the Boltzmann distribution P(σ) = e^{−βH(σ)}/Z for N ≤ 24,
 * in f64 with log-sum-exp. Magnetizations and correlations come together from
 * one Walsh–Hadamard transform of P: ⟨Π_{i∈S} σ_i⟩ = P̂(S), O(N 2^N).
 * @throws RangeError for N > 24 or β < 0 / NaN
 */
export function exactEnumeration(model: IsingModel, beta: number, options: ExactOptions = {}): ExactResult {
  checkBeta(beta);
  const n = model.n;
  const E = allEnergies(model);
  const size = E.length;
  let emin = Number.POSITIVE_INFINITY;
  for (let s = 0; s < size; s++) emin = Math.min(emin, E[s]!);
  let z = 0;
  for (let s = 0; s < size; s++) z += Math.exp(-beta * (E[s]! - emin));
  const logZ = -beta * emin + Math.log(z);
  const P = new Float64Array(size);
  let meanE = 0;
  for (let s = 0; s < size; s++) {
    const p = Math.exp(-beta * (E[s]! - emin)) / z;
    P[s] = p;
    meanE += p * E[s]!;
  }
  const wantDist = options.distribution ?? false;
  const hat = wantDist ? P.slice() : P;
  walshHadamard(hat);
  const mags = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    mags[i] = hat[1 << i]!;
    m += mags[i]!;
  }
  let corr: Float64Array | null = null;
  if (options.correlations ?? true) {
    corr = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      corr[i * n + i] = 1;
      for (let j = i + 1; j < n; j++) {
        const c = hat[(1 << i) | (1 << j)]!;
        corr[i * n + j] = c;
        corr[j * n + i] = c;
      }
    }
  }
  return {
    n,
    beta,
    logZ,
    energy: meanE,
    magnetization: m / n,
    freeEnergyPerSpin: beta > 0 ? -logZ / (beta * n) : Number.NEGATIVE_INFINITY,
    magnetizations: mags,
    correlations: corr,
    distribution: wantDist ? P : null,
    energies: wantDist ? E : null,
  };
}

/** The dynamics whose exact transition matrix {@link transitionMatrix} builds. */
export type ExactDynamics =
  | 'glauber-random'
  | 'glauber-sweep'
  | 'metropolis-random'
  | 'metropolis-sweep'
  | 'zero-temperature-sweep'
  | 'parallel-glauber';

/**
 * The exact transition matrix W[s·2^N + s′] = P(s → s′) of one step of a dynamics, N ≤ 10:
 * `*-random` is one update of a uniformly random site; `*-sweep` is a sequential sweep
 * 0…N−1 (the product of the single-site kernels); `parallel-glauber` updates all sites
 * at once. Fields use J as given (asymmetric J allowed); rows sum to 1.
 * @throws RangeError for N > 10, β < 0 or an unknown dynamics
 */
export function transitionMatrix(model: IsingModel, beta: number, dynamics: ExactDynamics): Float64Array {
  checkBeta(beta);
  const n = model.n;
  if (n > MAX_TRANSITION_N)
    throw new RangeError(`N = ${n} is too large for a transition matrix (at most ${MAX_TRANSITION_N})`);
  const kinds: ExactDynamics[] = [
    'glauber-random',
    'glauber-sweep',
    'metropolis-random',
    'metropolis-sweep',
    'zero-temperature-sweep',
    'parallel-glauber',
  ];
  if (!kinds.includes(dynamics))
    throw new RangeError(`dynamics: expected one of ${kinds.join(', ')}, got ${JSON.stringify(dynamics)}`);
  const J = toDenseMatrix(model.couplings);
  const h = model.field;
  const d = model.couplings.diagonal;
  const size = 2 ** n;
  const spin = (s: number, i: number) => ((s >> i) & 1 ? -1 : 1);
  const fieldAt = (s: number, i: number) => {
    let f = h ? h[i]! : 0;
    for (let j = 0; j < n; j++) f += J[i * n + j]! * spin(s, j);
    return f;
  };
  /** Probability that site i flips in state s. */
  const flipProb = (s: number, i: number): number => {
    const si = spin(s, i);
    const phi = fieldAt(s, i);
    if (dynamics.startsWith('glauber') || dynamics === 'parallel-glauber')
      return 0.5 * (1 - si * Math.tanh(beta * phi));
    if (dynamics.startsWith('metropolis')) return Math.min(1, Math.exp(-2 * beta * si * phi));
    const x = phi + (d ? d[i]! : 0) * si;
    return x * si < 0 ? 1 : 0;
  };
  const W = new Float64Array(size * size);
  if (dynamics.endsWith('-random')) {
    for (let s = 0; s < size; s++) {
      let stay = 0;
      for (let i = 0; i < n; i++) {
        const p = flipProb(s, i) / n;
        W[s * size + (s ^ (1 << i))] = W[s * size + (s ^ (1 << i))]! + p;
        stay += 1 / n - p;
      }
      W[s * size + s] = W[s * size + s]! + stay;
    }
    return W;
  }
  if (dynamics === 'parallel-glauber') {
    const flip = new Float64Array(n);
    for (let s = 0; s < size; s++) {
      for (let i = 0; i < n; i++) flip[i] = flipProb(s, i);
      for (let t = 0; t < size; t++) {
        const diff = s ^ t;
        let p = 1;
        for (let i = 0; i < n && p > 0; i++) p *= (diff >> i) & 1 ? flip[i]! : 1 - flip[i]!;
        W[s * size + t] = p;
      }
    }
    return W;
  }
  // Sequential sweep: push each start state's distribution through the site kernels in order.
  let cur = new Float64Array(size);
  let nxt = new Float64Array(size);
  for (let s0 = 0; s0 < size; s0++) {
    cur.fill(0);
    cur[s0] = 1;
    for (let i = 0; i < n; i++) {
      nxt.fill(0);
      for (let s = 0; s < size; s++) {
        const p = cur[s]!;
        if (p === 0) continue;
        const f = flipProb(s, i);
        nxt[s ^ (1 << i)] = nxt[s ^ (1 << i)]! + p * f;
        nxt[s] = nxt[s]! + p * (1 - f);
      }
      [cur, nxt] = [nxt, cur];
    }
    W.set(cur, s0 * size);
  }
  return W;
}

/** The spins of state index s (σ_i = +1 when bit i is 0). */
export function stateSpins(s: number, n: number): Int8Array {
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) out[i] = (s >> i) & 1 ? -1 : 1;
  return out;
}

/** Exact finite-N Curie–Weiss averages. */
export interface CurieWeissExact {
  readonly n: number;
  readonly beta: number;
  readonly logZ: number;
  /** ⟨m⟩, ⟨|m|⟩, ⟨m²⟩ with m = M/N. */
  readonly m: number;
  readonly mAbs: number;
  readonly m2: number;
  /** ⟨H⟩/N. */
  readonly energy: number;
}

/**
 * The Curie–Weiss model at any N, exactly, by summing over the total magnetization
 * M = 2k − N with multiplicity C(N, k): H = −(J/2N)(M² − N) − hM, so
 * Z = Σ_k C(N, k) e^{−βH(M)} — O(N) terms in f64 with log-sum-exp.
 */
export function curieWeissExact(n: number, beta: number, options: { J?: number; h?: number } = {}): CurieWeissExact {
  if (!Number.isSafeInteger(n) || n < 1 || n > 1e8)
    throw new RangeError(`n: expected an integer in [1, 10^8], got ${n}`);
  checkBeta(beta);
  const J = options.J ?? 1;
  const h = options.h ?? 0;
  if (!Number.isFinite(J) || !Number.isFinite(h)) throw new RangeError(`J, h: expected finite numbers, got ${J}, ${h}`);
  const logW = new Float64Array(n + 1);
  let logC = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    const M = 2 * k - n;
    const H = (-J / (2 * n)) * (M * M - n) - h * M;
    logW[k] = logC - beta * H;
    max = Math.max(max, logW[k]!);
  }
  let z = 0;
  let m = 0;
  let mAbs = 0;
  let m2 = 0;
  let e = 0;
  for (let k = 0; k <= n; k++) {
    const w = Math.exp(logW[k]! - max);
    const M = 2 * k - n;
    z += w;
    m += (w * M) / n;
    mAbs += (w * Math.abs(M)) / n;
    m2 += (w * M * M) / (n * n);
    e += w * ((-J / (2 * n)) * (M * M - n) - h * M);
  }
  return { n, beta, logZ: max + Math.log(z), m: m / z, mAbs: mAbs / z, m2: m2 / z, energy: e / z / n };
}
