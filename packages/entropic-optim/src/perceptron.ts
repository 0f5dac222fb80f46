/**
 * The binary perceptron as a constraint-satisfaction problem: random ±1 patterns ξ^μ with ±1
 * labels σ^μ (random, or a ±1 teacher's), weights W ∈ {±1}ᴺ, and the energy E(W) = the number
 * of patterns with stability h_μ = σ_μ Σ_i ξ_i^μ W_i < 0 (N odd, so h_μ ≠ 0). Solvers keep the
 * stabilities and update them in O(P) per flip.
 * @module
 */
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';

/** An instance: patterns with their labels folded in, c[i·P + μ] = σ_μ ξ_i^μ (site-major, for flips). */
export interface BinaryPerceptronProblem {
  readonly n: number;
  readonly p: number;
  /** σ_μ ξ_i^μ at i·P + μ. */
  readonly coupled: Int8Array;
  /** The teacher, when the labels came from one. */
  readonly teacher: Int8Array | null;
}

/** Options of {@link randomBinaryPerceptron}. */
export interface RandomPerceptronOptions {
  /** N, odd (so no stability is 0). */
  readonly n: number;
  /** The load α = P/N; P = round(αN). */
  readonly alpha: number;
  readonly seed: number | bigint;
  /** A Philox stream under the seed (e.g. the trial), default 0. */
  readonly stream?: number;
  /** Labels from a random ±1 teacher instead of random labels, default false. */
  readonly teacher?: boolean;
}

/**
 * A random instance: ξ_i^μ = ±1 and σ_μ = ±1 uniform (or σ_μ = sign(W*·ξ^μ) for a uniform ±1 teacher W*).
 * @throws RangeError when N is even or α < 0
 */
export function randomBinaryPerceptron(o: RandomPerceptronOptions): BinaryPerceptronProblem {
  const n = checkInteger(o.n, 'n', { min: 1, max: 1_000_000 });
  if (n % 2 === 0) throw new RangeError(`n: must be odd (so that no stability is 0), got ${n}`);
  const alpha = checkNumber(o.alpha, 'alpha', { min: 0, max: 100 });
  const p = Math.round(alpha * n);
  const rng = new PhiloxRng(o.seed, o.stream ?? 0);
  const xi = new Int8Array(p * n);
  for (let k = 0; k < xi.length; k++) xi[k] = rng.nextU32() & 1 ? 1 : -1;
  let teacher: Int8Array | null = null;
  const sigma = new Int8Array(p);
  if (o.teacher) {
    teacher = new Int8Array(n);
    for (let i = 0; i < n; i++) teacher[i] = rng.nextU32() & 1 ? 1 : -1;
    for (let mu = 0; mu < p; mu++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += xi[mu * n + i]! * teacher[i]!;
      sigma[mu] = s > 0 ? 1 : -1;
    }
  } else for (let mu = 0; mu < p; mu++) sigma[mu] = rng.nextU32() & 1 ? 1 : -1;
  const coupled = new Int8Array(n * p);
  for (let mu = 0; mu < p; mu++) for (let i = 0; i < n; i++) coupled[i * p + mu] = sigma[mu]! * xi[mu * n + i]!;
  return { n, p, coupled, teacher };
}

/** The stabilities h_μ = Σ_i c_iμ W_i of weights W. */
export function stabilities(problem: BinaryPerceptronProblem, w: ArrayLike<number>): Int32Array {
  const { n, p, coupled } = problem;
  const h = new Int32Array(p);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    const row = i * p;
    for (let mu = 0; mu < p; mu++) h[mu]! += coupled[row + mu]! * wi;
  }
  return h;
}

/** E(W): the number of patterns with h_μ < 0. */
export function perceptronErrors(problem: BinaryPerceptronProblem, w: ArrayLike<number>): number {
  let e = 0;
  for (const h of stabilities(problem, w)) if (h < 0) e++;
  return e;
}

/** ΔE of flipping W_i given the stabilities h (no change made). */
export function flipDelta(problem: BinaryPerceptronProblem, h: Int32Array, w: Int8Array, i: number): number {
  const p = problem.p;
  const c = problem.coupled;
  const row = i * p;
  const two = 2 * w[i]!;
  let d = 0;
  // branch-free: the sign bit of h before and after (|h| < 2^31)
  for (let mu = 0; mu < p; mu++) {
    const old = h[mu]!;
    d += ((old - two * c[row + mu]!) >>> 31) - (old >>> 31);
  }
  return d;
}

/** Flips W_i and updates h in place. */
export function applyFlip(problem: BinaryPerceptronProblem, h: Int32Array, w: Int8Array, i: number): void {
  const p = problem.p;
  const c = problem.coupled;
  const row = i * p;
  const two = 2 * w[i]!;
  for (let mu = 0; mu < p; mu++) h[mu]! -= two * c[row + mu]!;
  w[i] = -w[i]! as -1 | 1;
}
