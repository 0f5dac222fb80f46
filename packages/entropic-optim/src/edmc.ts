/**
 * Entropy-driven Monte Carlo (EdMC) on the binary perceptron: a Monte Carlo walk of a reference
 * W̃ ∈ {±1}ᴺ on the local free entropy
 *
 *   Φ(W̃; γ) = ln Σ_{W solution} e^{γ W·W̃},
 *
 * estimated by belief propagation with external fields H_i = γW̃_i ({@link perceptronBP}, warm
 * started from the last accepted messages). A move flips one W̃_j; it is accepted when Φ does
 * not decrease (`y = ∞`, zero temperature: greedy) or with probability e^{yΔΦ} (finite y); γ is
 * scoped upwards each sweep, γ_t = γ₀(1 + rate)ᵗ, so the reference is drawn into a dense region
 * of solutions and onto a solution itself. The walk stops when W̃ is a solution.
 * @module
 */
import { ConvergenceError } from '@replica/spin-core/math';
import { checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import type { AnnealingResult } from './annealing';
import type { PerceptronBPResult } from './bp';
import { perceptronBP } from './bp';
import type { BinaryPerceptronProblem } from './perceptron';
import { applyFlip, flipDelta, stabilities } from './perceptron';

/** Options of {@link entropyDrivenMonteCarlo}. */
export interface EdmcOptions {
  /** γ at the first sweep, > 0. */
  readonly gammaStart: number;
  /** Scoping γ_t = γ₀(1 + rate)ᵗ per sweep (default 0). */
  readonly gammaRate?: number;
  /** y: the inverse temperature of the walk on Φ; `Infinity` (default) is the greedy zero-temperature walk. */
  readonly y?: number;
  /** The most sweeps (N proposals each). */
  readonly sweeps: number;
  readonly seed: number | bigint;
  readonly stream?: number;
  /** BP sweeps per proposal at most (default 100); a proposal whose BP does not converge is rejected. */
  readonly bpIterations?: number;
  /** BP's damping (default 0.5) and tolerance on the fields (default 1e-4: enough to order the moves by ΔΦ). */
  readonly bpDamping?: number;
  readonly bpTol?: number;
}

/** What {@link entropyDrivenMonteCarlo} returns: an annealer's result plus the walk's last Φ. */
export interface EdmcResult extends AnnealingResult {
  /** Φ(W̃; γ) at the end. */
  readonly localFreeEntropy: number;
  /** Proposals rejected because BP did not converge. */
  readonly bpFailures: number;
}

/**
 * EdMC (see the module docs). `iterations` counts proposals (each one a warm-started BP run).
 * @throws ConvergenceError when BP does not converge at the random start
 * @see C. Baldassi, A. Ingrosso, C. Lucibello, L. Saglietti, R. Zecchina, Local entropy as a measure for sampling solutions in constraint satisfaction problems, J. Stat. Mech. (2016) 023301
 */
export function entropyDrivenMonteCarlo(problem: BinaryPerceptronProblem, o: EdmcOptions): EdmcResult {
  const g0 = checkNumber(o.gammaStart, 'gammaStart', { min: 0, minExclusive: true });
  const rate = checkNumber(o.gammaRate ?? 0, 'gammaRate', { min: 0 });
  // y = ∞ is the greedy walk; a finite y is checked as a positive number
  const y =
    o.y === undefined || o.y === Number.POSITIVE_INFINITY
      ? Number.POSITIVE_INFINITY
      : checkNumber(o.y, 'y', { min: 0, minExclusive: true });
  const T = checkInteger(o.sweeps, 'sweeps', { min: 1, max: 1e9 });
  const bp = {
    maxIterations: checkInteger(o.bpIterations ?? 100, 'bpIterations', { min: 1 }),
    damping: o.bpDamping ?? 0.5,
    tol: o.bpTol ?? 1e-4,
  };
  const n = problem.n;
  const rng = new PhiloxRng(o.seed, o.stream ?? 0);
  const w = new Int8Array(n);
  for (let i = 0; i < n; i++) w[i] = rng.nextU32() & 1 ? 1 : -1;
  const h = stabilities(problem, w);
  let e = 0;
  for (const x of h) if (x < 0) e++;
  const fields = new Float64Array(n);
  const run = (gamma: number, start: PerceptronBPResult | undefined) => {
    for (let i = 0; i < n; i++) fields[i] = gamma * w[i]!;
    return perceptronBP(problem, { ...bp, fields, ...(start ? { start } : {}) });
  };
  let gamma = g0;
  let state = run(gamma, undefined);
  let it = 0;
  let failures = 0;
  for (let t = 0; t < T && e > 0; t++) {
    gamma = g0 * (1 + rate) ** t;
    if (t > 0)
      try {
        state = run(gamma, state);
      } catch (err) {
        if (!(err instanceof ConvergenceError)) throw err;
        failures++;
      }
    for (let k = 0; k < n && e > 0; k++) {
      const j = rng.nextInt(n);
      const u = rng.nextDouble();
      it++;
      w[j] = -w[j]! as -1 | 1;
      let next: PerceptronBPResult | null = null;
      try {
        next = run(gamma, state);
      } catch (err) {
        if (!(err instanceof ConvergenceError)) throw err;
        failures++;
      }
      const delta = next ? next.freeEntropy - state.freeEntropy : Number.NEGATIVE_INFINITY;
      const accept = next !== null && (delta >= 0 || (Number.isFinite(y) && u < Math.exp(y * delta)));
      // undo the trial flip, then apply it through the stabilities when accepted
      w[j] = -w[j]! as -1 | 1;
      if (accept) {
        e += flipDelta(problem, h, w, j);
        applyFlip(problem, h, w, j);
        state = next!;
      }
    }
    if (e === 0)
      return {
        solved: true,
        energy: 0,
        iterations: it,
        sweeps: t + 1,
        weights: w,
        localFreeEntropy: state.freeEntropy,
        bpFailures: failures,
      };
  }
  return {
    solved: e === 0,
    energy: e,
    iterations: it,
    sweeps: e === 0 ? 0 : T,
    weights: w,
    localFreeEntropy: state.freeEntropy,
    bpFailures: failures,
  };
}
