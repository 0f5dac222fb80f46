/**
 * The local entropy around one solution W̃ of a binary-perceptron instance — how many other
 * solutions lie at normalized Hamming distance d from it, S(d) = (1/N) ln #{W solution :
 * W·W̃ = N(1 − 2d)} — measured two ways: by belief propagation with external fields γW̃ (the
 * Bethe free entropy Φ(γ) ≈ ln Σ_{W solution} e^{γW·W̃}, Legendre-transformed:
 * S = Φ/N − γp at p = (1/N) Σ_i W̃_i m_i), and by sampling random configurations at exactly
 * k = dN flips from W̃ (S = [ln C(N, k) + ln(fraction that are solutions)]/N). A solution in a
 * dense region has S(d) close to the all-configurations count h₂(d) at small d; an isolated one
 * has S(d) far below it.
 * @module
 */
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import type { PerceptronBPOptions, PerceptronBPResult } from './bp';
import { perceptronBP } from './bp';
import type { BinaryPerceptronProblem } from './perceptron';
import { stabilities } from './perceptron';

/** One point of {@link solutionEntropyBP}. */
export interface SolutionEntropyBPPoint {
  /** γ, the field coupling W to the reference. */
  readonly gamma: number;
  /** p = (1/N) Σ_i W̃_i m_i, the mean overlap with the reference under the tilted measure. */
  readonly overlap: number;
  /** d = (1 − p)/2. */
  readonly distance: number;
  /** S(d) = Φ(γ)/N − γp, in nats. */
  readonly entropy: number;
  /** Φ(γ), the Bethe free entropy (not per site). */
  readonly freeEntropy: number;
}

function checkReference(problem: BinaryPerceptronProblem, reference: ArrayLike<number>): Int8Array {
  if (reference.length !== problem.n)
    throw new RangeError(`reference: expected ${problem.n} weights, got ${reference.length}`);
  const w = new Int8Array(problem.n);
  for (let i = 0; i < problem.n; i++) {
    const v = reference[i]!;
    if (v !== 1 && v !== -1) throw new RangeError(`reference[${i}]: expected ±1, got ${v}`);
    w[i] = v;
  }
  for (const h of stabilities(problem, w))
    if (h < 0) throw new RangeError('reference: not a solution of the instance (some stability is negative)');
  return w;
}

/**
 * S(d) around a solution by BP with external fields γW̃, for each γ (largest first, each run
 * warm started from the previous one's messages): large γ pins W near W̃ (small d).
 * @param problem - the instance
 * @param reference - a solution W̃ (±1 values)
 * @param gammas - the couplings γ ≥ 0 (any order; returned in the order given)
 * @param options - passed to {@link perceptronBP} (factor rule, damping, tolerance)
 * @returns one point per γ
 * @throws ConvergenceError when BP does not converge at some γ
 * @see C. Baldassi et al., Local entropy as a measure for sampling solutions in constraint satisfaction problems, J. Stat. Mech. 023301 (2016)
 */
export function solutionEntropyBP(
  problem: BinaryPerceptronProblem,
  reference: ArrayLike<number>,
  gammas: readonly number[],
  options: Omit<PerceptronBPOptions, 'fields' | 'start'> = {},
): SolutionEntropyBPPoint[] {
  const w = checkReference(problem, reference);
  gammas.forEach((g, i) => {
    checkNumber(g, `gammas[${i}]`, { min: 0 });
  });
  const n = problem.n;
  const order = gammas.map((g, i) => [g, i] as const).sort((a, b) => b[0] - a[0]);
  const out = new Array<SolutionEntropyBPPoint>(gammas.length);
  const fields = new Float64Array(n);
  let prev: PerceptronBPResult | undefined;
  for (const [gamma, i] of order) {
    for (let j = 0; j < n; j++) fields[j] = gamma * w[j]!;
    const r = perceptronBP(problem, { ...options, fields, ...(prev ? { start: prev } : {}) });
    prev = r;
    let p = 0;
    for (let j = 0; j < n; j++) p += w[j]! * r.magnetizations[j]!;
    p /= n;
    out[i] = {
      gamma,
      overlap: p,
      distance: (1 - p) / 2,
      entropy: r.freeEntropy / n - gamma * p,
      freeEntropy: r.freeEntropy,
    };
  }
  return out;
}

/** One point of {@link solutionEntropySampled}. */
export interface SolutionEntropySample {
  /** k, the flips from the reference. */
  readonly flips: number;
  /** d = k/N. */
  readonly distance: number;
  readonly samples: number;
  /** How many of the sampled configurations are solutions. */
  readonly solutions: number;
  /** S(d) = [ln C(N, k) + ln(solutions/samples)]/N; null when no sample was a solution. */
  readonly entropy: number | null;
  /** Its standard error from the binomial count, √((1 − f)/(f·samples))/N; null with `entropy`. */
  readonly stderr: number | null;
  /** ln C(N, k)/N, the count of all configurations at distance d (the α = 0 value). */
  readonly allConfigurations: number;
}

/** ln C(n, k) as a sum of logs (exact enough for the n here). */
function lnBinomial(n: number, k: number): number {
  let s = 0;
  const kk = Math.min(k, n - k);
  for (let j = 1; j <= kk; j++) s += Math.log((n - kk + j) / j);
  return s;
}

/**
 * S(d) around a solution by sampling: for each k, `samples` uniform subsets of k weights
 * (partial Fisher–Yates on a Philox stream) are flipped from W̃ and the solutions counted
 * (stabilities updated in O(kP) per sample). Only fractions that are not exponentially small
 * are measurable: at larger N and d the count is 0 (reported as null).
 * @param problem - the instance
 * @param reference - a solution W̃ (±1 values)
 * @param o - `flips` (k values, 1 ≤ k ≤ N), `samples` per k, `seed`
 * @returns one row per k, in the order given
 */
export function solutionEntropySampled(
  problem: BinaryPerceptronProblem,
  reference: ArrayLike<number>,
  o: { readonly flips: readonly number[]; readonly samples: number; readonly seed: number | bigint },
): SolutionEntropySample[] {
  const w = checkReference(problem, reference);
  const { n, p, coupled } = problem;
  const samples = checkInteger(o.samples, 'options.samples', { min: 1 });
  o.flips.forEach((k, i) => {
    checkInteger(k, `options.flips[${i}]`, { min: 1, max: n });
  });
  const h0 = stabilities(problem, w);
  const h = new Int32Array(p);
  const perm = new Int32Array(n);
  return o.flips.map((k, ki) => {
    const rng = new PhiloxRng(o.seed, ki);
    let hits = 0;
    for (let s = 0; s < samples; s++) {
      for (let i = 0; i < n; i++) perm[i] = i;
      h.set(h0);
      for (let j = 0; j < k; j++) {
        const r = j + Math.floor(rng.nextDouble() * (n - j));
        const site = perm[r]!;
        perm[r] = perm[j]!;
        perm[j] = site;
        const row = site * p;
        const two = 2 * w[site]!;
        for (let mu = 0; mu < p; mu++) h[mu]! -= two * coupled[row + mu]!;
      }
      let ok = true;
      for (let mu = 0; mu < p && ok; mu++) if (h[mu]! < 0) ok = false;
      if (ok) hits++;
    }
    const all = lnBinomial(n, k) / n;
    const f = hits / samples;
    return {
      flips: k,
      distance: k / n,
      samples,
      solutions: hits,
      entropy: hits > 0 ? all + Math.log(f) / n : null,
      stderr: hits > 0 ? Math.sqrt((1 - f) / (f * samples)) / n : null,
      allConfigurations: all,
    };
  });
}
