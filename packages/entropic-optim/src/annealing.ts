/**
 * Simulated annealing (SA) and replicated simulated annealing (rSA) on the binary perceptron.
 * SA runs Metropolis on the number of errors E(W) with β raised geometrically each sweep. rSA
 * runs y replicas W¹…W^y in the robust ensemble with the reference traced out:
 *
 *   P(W¹…W^y) ∝ exp(−β Σ_a E(W^a)) Π_i 2cosh(γ Σ_a W_i^a),
 *
 * i.e. the coupling −(1/β) Σ_i ln 2cosh(γ Σ_a W_i^a) added to the energy, with β annealed and γ
 * raised ("scoping") each sweep; one move flips one weight of one replica, its energy change
 * from the stored stabilities in O(P). Both stop at the first solution (E = 0).
 * @module
 */
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import type { BinaryPerceptronProblem } from './perceptron';
import { applyFlip, flipDelta, stabilities } from './perceptron';

/** The β schedule of both annealers: β_t = β₀·(β₁/β₀)^{t/(T−1)} at sweep t of T. */
export interface AnnealingSchedule {
  /** β at the first sweep, > 0. */
  readonly betaStart: number;
  /** β at the last sweep, ≥ betaStart. */
  readonly betaEnd: number;
  /** T: the most sweeps (a sweep is N attempted flips per replica). */
  readonly sweeps: number;
  readonly seed: number | bigint;
  /** A Philox stream (e.g. the trial), default 0. */
  readonly stream?: number;
}

/** What an annealer returns. */
export interface AnnealingResult {
  /** Whether a solution (E = 0) was found. */
  readonly solved: boolean;
  /** The best energy reached (0 when solved). */
  readonly energy: number;
  /** Attempted flips until the solution (or all of them), over all replicas. */
  readonly iterations: number;
  /** Sweeps run. */
  readonly sweeps: number;
  /** The solution, or the lowest-energy configuration seen last. */
  readonly weights: Int8Array;
}

function checkSchedule(o: AnnealingSchedule): { b0: number; b1: number; T: number } {
  const b0 = checkNumber(o.betaStart, 'betaStart', { min: 0 });
  if (!(b0 > 0)) throw new RangeError(`betaStart: must be > 0, got ${b0}`);
  const b1 = checkNumber(o.betaEnd, 'betaEnd', { min: b0 });
  const T = checkInteger(o.sweeps, 'sweeps', { min: 1, max: 1e9 });
  return { b0, b1, T };
}

const betaAt = (b0: number, b1: number, T: number, t: number) => (T === 1 ? b1 : b0 * (b1 / b0) ** (t / (T - 1)));

/** A uniform random start W ∈ {±1}ᴺ. */
function randomStart(rng: PhiloxRng, n: number): Int8Array {
  const w = new Int8Array(n);
  for (let i = 0; i < n; i++) w[i] = rng.nextU32() & 1 ? 1 : -1;
  return w;
}

/**
 * Simulated annealing: Metropolis single flips on E(W) at β_t (see {@link AnnealingSchedule}).
 * @see S. Kirkpatrick, C. D. Gelatt, M. P. Vecchi, Science 220, 671 (1983)
 */
export function simulatedAnnealing(problem: BinaryPerceptronProblem, o: AnnealingSchedule): AnnealingResult {
  const { b0, b1, T } = checkSchedule(o);
  const n = problem.n;
  const rng = new PhiloxRng(o.seed, o.stream ?? 0);
  const w = randomStart(rng, n);
  const h = stabilities(problem, w);
  let e = 0;
  for (const x of h) if (x < 0) e++;
  let it = 0;
  for (let t = 0; t < T && e > 0; t++) {
    const beta = betaAt(b0, b1, T, t);
    for (let k = 0; k < n && e > 0; k++) {
      const i = rng.nextInt(n);
      const u = rng.nextDouble();
      it++;
      const d = flipDelta(problem, h, w, i);
      if (d <= 0 || u < Math.exp(-beta * d)) {
        applyFlip(problem, h, w, i);
        e += d;
      }
    }
    if (e === 0) return { solved: true, energy: 0, iterations: it, sweeps: t + 1, weights: w };
  }
  return { solved: e === 0, energy: e, iterations: it, sweeps: e === 0 ? 0 : T, weights: w };
}

/** Options of {@link replicatedAnnealing}. */
export interface ReplicatedAnnealingOptions extends AnnealingSchedule {
  /** y, the number of replicas (≥ 1; y = 1 is plain SA). */
  readonly replicas: number;
  /** γ at the first sweep (≥ 0). */
  readonly gammaStart: number;
  /** Scoping: γ_t = γ₀·(1 + rate)^t, default 0 (constant γ). */
  readonly gammaRate?: number;
}

/** ln 2cosh(x) − ln 2 = |x| + ln(1 + e^{−2|x|}) − ln 2, stably. */
const logCosh = (x: number) => {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a));
};

/**
 * Replicated simulated annealing in the robust ensemble (see the module docs): y replicas, the
 * reference traced out, β annealed and γ scoped. The result is the first replica to reach
 * E = 0 (or the lowest-energy replica at the end).
 * @see C. Baldassi, A. Ingrosso, C. Lucibello, L. Saglietti, R. Zecchina, PNAS 113, E7655 (2016)
 */
export function replicatedAnnealing(problem: BinaryPerceptronProblem, o: ReplicatedAnnealingOptions): AnnealingResult {
  const { b0, b1, T } = checkSchedule(o);
  const y = checkInteger(o.replicas, 'replicas', { min: 1, max: 1024 });
  const g0 = checkNumber(o.gammaStart, 'gammaStart', { min: 0 });
  const rate = checkNumber(o.gammaRate ?? 0, 'gammaRate', { min: 0 });
  const n = problem.n;
  const rng = new PhiloxRng(o.seed, o.stream ?? 0);
  const ws: Int8Array[] = [];
  const hs: Int32Array[] = [];
  const es: number[] = [];
  for (let a = 0; a < y; a++) {
    const w = randomStart(rng, n);
    const h = stabilities(problem, w);
    let e = 0;
    for (const x of h) if (x < 0) e++;
    ws.push(w);
    hs.push(h);
    es.push(e);
  }
  // S_i = Σ_a W_i^a
  const S = new Int32Array(n);
  for (const w of ws) for (let i = 0; i < n; i++) S[i]! += w[i]!;
  let it = 0;
  const solvedBy = () => es.findIndex((e) => e === 0);
  let found = solvedBy();
  for (let t = 0; t < T && found < 0; t++) {
    const beta = betaAt(b0, b1, T, t);
    const gamma = g0 * (1 + rate) ** t;
    for (let k = 0; k < y * n && found < 0; k++) {
      // with one replica no replica index is drawn: the same stream as simulatedAnnealing
      const a = y === 1 ? 0 : rng.nextInt(y);
      const i = rng.nextInt(n);
      const u = rng.nextDouble();
      it++;
      const w = ws[a]!;
      const h = hs[a]!;
      const d = flipDelta(problem, h, w, i);
      const si = S[i]!;
      const sNew = si - 2 * w[i]!;
      // ln of the weight ratio: −βΔE + ln cosh(γS′) − ln cosh(γS) (zero for y = 1: |S| = 1 either way)
      const logRatio = -beta * d + (y === 1 ? 0 : logCosh(gamma * sNew) - logCosh(gamma * si));
      if (logRatio >= 0 || u < Math.exp(logRatio)) {
        applyFlip(problem, h, w, i);
        S[i] = sNew;
        es[a]! += d;
        if (es[a] === 0) found = a;
      }
    }
    if (found >= 0) return { solved: true, energy: 0, iterations: it, sweeps: t + 1, weights: ws[found]! };
  }
  if (found >= 0) return { solved: true, energy: 0, iterations: it, sweeps: 0, weights: ws[found]! };
  let best = 0;
  for (let a = 1; a < y; a++) if (es[a]! < es[best]!) best = a;
  return { solved: false, energy: es[best]!, iterations: it, sweeps: T, weights: ws[best]! };
}
