/**
 * Inverse Ising: couplings J and fields h from samples of ±1 (or 0/1) spins, by
 * Boltzmann learning (moment matching with a Monte Carlo or exact negative
 * phase), pseudo-likelihood maximization, naive mean-field inversion J = −C⁻¹,
 * and TAP inversion.
 * @module
 */
import { createBackend, PhiloxRng } from '@replica/webgpu-kernels';
import type { IsingModel } from './couplings';
import { denseCouplings, isingModel } from './couplings';
import { exactEnumeration, MAX_ENUMERATION_N } from './exact';
import { checkBeta } from './internal';
import { invertMatrix, lbfgs } from './math/index';
import { createSimulation } from './simulation';

/** Samples: M configurations of N spins, row-major ±1. */
export interface SampleSet {
  readonly samples: Int8Array;
  readonly m: number;
  readonly n: number;
}

/**
 * Parses samples from text: JSON `{"samples": [[...], ...]}` or one sample per line,
 * values separated by spaces or commas (blank lines and lines starting with `#` ignored).
 * Values are ±1, or 0/1 (then mapped to σ = 2s − 1); the whole file must use one convention.
 * @throws RangeError naming the line/sample and the problem (empty, ragged, not a number, mixed conventions)
 */
export function parseSamples(text: string): SampleSet {
  const trimmed = text.trim();
  let rows: number[][];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw new RangeError(`samples: invalid JSON (${(e as Error).message})`);
    }
    const arr = Array.isArray(doc) ? doc : (doc as { samples?: unknown }).samples;
    if (!Array.isArray(arr)) throw new RangeError('samples: expected {"samples": [[...], ...]}');
    rows = arr.map((row, a) => {
      if (!Array.isArray(row)) throw new RangeError(`samples[${a}]: expected an array of spins`);
      return row.map((v, i) => {
        if (typeof v !== 'number')
          throw new RangeError(`samples[${a}][${i}]: expected a number, got ${JSON.stringify(v)}`);
        return v;
      });
    });
  } else {
    rows = [];
    trimmed.split(/\r?\n/).forEach((line, ln) => {
      const l = line.trim();
      if (l === '' || l.startsWith('#')) return;
      rows.push(
        l.split(/[\s,]+/).map((tok) => {
          const v = Number(tok);
          if (tok === '' || !Number.isFinite(v))
            throw new RangeError(`samples: line ${ln + 1}: '${tok}' is not a number`);
          return v;
        }),
      );
    });
  }
  if (rows.length === 0) throw new RangeError('samples: no samples found (the input is empty)');
  const n = rows[0]!.length;
  if (n === 0) throw new RangeError('samples: the first sample is empty');
  let hasMinus = false;
  let hasZero = false;
  rows.forEach((row, a) => {
    if (row.length !== n)
      throw new RangeError(
        `samples: sample ${a + 1} has ${row.length} values, expected ${n} like the first (ragged input)`,
      );
    row.forEach((v, i) => {
      if (v === -1) hasMinus = true;
      else if (v === 0) hasZero = true;
      else if (v !== 1) throw new RangeError(`samples: sample ${a + 1}, value ${i + 1} is ${v}; expected ±1 or 0/1`);
    });
  });
  if (hasMinus && hasZero) throw new RangeError('samples: mixes −1 and 0; use ±1 or 0/1 throughout');
  const samples = new Int8Array(rows.length * n);
  for (let a = 0; a < rows.length; a++) {
    const row = rows[a]!;
    for (let i = 0; i < n; i++) samples[a * n + i] = hasZero ? 2 * row[i]! - 1 : row[i]!;
  }
  return { samples, m: rows.length, n };
}

/** First and second moments of a sample set. */
export interface SampleStatistics {
  readonly n: number;
  readonly m: number;
  /** ⟨σ_i⟩. */
  readonly mean: Float64Array;
  /** ⟨σ_iσ_j⟩ (N×N). */
  readonly second: Float64Array;
  /** Connected correlations C_ij = ⟨σ_iσ_j⟩ − ⟨σ_i⟩⟨σ_j⟩ (N×N). */
  readonly covariance: Float64Array;
}

/** Moments ⟨σ_i⟩, ⟨σ_iσ_j⟩ and C_ij of samples. */
export function sampleStatistics(set: SampleSet): SampleStatistics {
  const { samples, m, n } = set;
  const mean = new Float64Array(n);
  const second = new Float64Array(n * n);
  for (let a = 0; a < m; a++) {
    const o = a * n;
    for (let i = 0; i < n; i++) {
      const si = samples[o + i]!;
      mean[i] = mean[i]! + si;
      for (let j = i; j < n; j++) second[i * n + j] = second[i * n + j]! + si * samples[o + j]!;
    }
  }
  for (let i = 0; i < n; i++) mean[i] = mean[i]! / m;
  const covariance = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const s = second[i * n + j]! / m;
      second[i * n + j] = s;
      second[j * n + i] = s;
      covariance[i * n + j] = s - mean[i]! * mean[j]!;
      covariance[j * n + i] = covariance[i * n + j]!;
    }
  return { n, m, mean, second, covariance };
}

/** Inferred couplings and fields. */
export interface InverseIsingResult {
  /** J (N×N, symmetric, zero diagonal). */
  readonly J: Float64Array;
  readonly h: Float64Array;
  readonly n: number;
  /** Method-specific convergence data. */
  readonly iterations?: number;
}

function checkNotFrozen(stats: SampleStatistics, method: string): void {
  for (let i = 0; i < stats.n; i++) {
    if (Math.abs(stats.mean[i]!) >= 1) {
      throw new RangeError(
        `${method}: spin ${i} takes one value in every sample, so its field is infinite; remove it or add samples`,
      );
    }
  }
}

/**
 * Throws when two spins are equal (or opposite) in every sample: their coupling is then
 * infinite and C is singular, so no finite inference exists (a regularized one does).
 */
function checkNoLockedPair(stats: SampleStatistics, method: string, remedy: string): void {
  const { n, covariance: C } = stats;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const c = C[i * n + j]!;
      // |C_ij| = √(C_ii C_jj) exactly when σ_j = ±σ_i in every sample (Cauchy–Schwarz equality)
      if (Math.abs(Math.abs(c) - Math.sqrt(C[i * n + i]! * C[j * n + j]!)) <= 1e-12)
        throw new RangeError(
          `${method}: spins ${i} and ${j} are ${c > 0 ? 'equal' : 'opposite'} in every sample, so their coupling is infinite (C is singular); remove one of them${remedy}`,
        );
    }
}

/** C⁻¹ for the mean-field inversions, or a RangeError naming the method and why C is singular. */
function invertCovariance(stats: SampleStatistics, method: string): Float64Array {
  checkNotFrozen(stats, method);
  checkNoLockedPair(stats, method, ', or use pseudo-likelihood with l2 > 0');
  try {
    return invertMatrix(stats.covariance, stats.n);
  } catch (e) {
    throw new RangeError(
      `${method}: the connected correlations C are singular (${stats.m} samples of ${stats.n} spins: too few samples, or spins linearly dependent); use pseudo-likelihood with l2 > 0 (${(e as Error).message})`,
    );
  }
}

/**
 * Naive mean-field inversion: J = −C⁻¹ off the diagonal, h_i = atanh⟨σ_i⟩ − Σ_j J_ij ⟨σ_j⟩.
 * @throws RangeError naming the method for a frozen spin, two spins locked together, or a singular C (too few samples)
 * @see H. J. Kappen, F. B. Rodríguez, "Efficient learning in Boltzmann machines using linear response theory", Neural Comput. 10 (1998).
 */
export function inverseIsingNaiveMeanField(stats: SampleStatistics): InverseIsingResult {
  const n = stats.n;
  const inv = invertCovariance(stats, 'nmf');
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) J[i * n + j] = -inv[i * n + j]!;
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = Math.atanh(stats.mean[i]!);
    for (let j = 0; j < n; j++) s -= J[i * n + j]! * stats.mean[j]!;
    h[i] = s;
  }
  return { J, h, n };
}

/**
 * TAP inversion: J_ij = −2(C⁻¹)_ij / (1 + √(1 − 8(C⁻¹)_ij m_i m_j)),
 * h_i = atanh m_i − Σ_j J_ij m_j + m_i Σ_j J_ij²(1 − m_j²).
 * @throws RangeError when a pair has no real TAP solution (1 − 8(C⁻¹)_ij m_i m_j < 0), a spin is frozen,
 *   two spins are locked together, or C is singular
 * @see T. Tanaka, "Mean-field theory of Boltzmann machine learning", Phys. Rev. E 58 (1998).
 */
export function inverseIsingTap(stats: SampleStatistics): InverseIsingResult {
  const n = stats.n;
  const m = stats.mean;
  const inv = invertCovariance(stats, 'tap');
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const c = inv[i * n + j]!;
      const disc = 1 - 8 * c * m[i]! * m[j]!;
      if (disc < 0) {
        throw new RangeError(
          `tap: no real TAP couplings for the pair (${i}, ${j}) (1 − 8 C⁻¹ m_i m_j = ${disc.toFixed(4)} < 0); use nmf, pseudo-likelihood or boltzmann`,
        );
      }
      J[i * n + j] = (-2 * c) / (1 + Math.sqrt(disc));
    }
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = Math.atanh(m[i]!);
    let react = 0;
    for (let j = 0; j < n; j++) {
      const Jij = J[i * n + j]!;
      s -= Jij * m[j]!;
      react += Jij * Jij * (1 - m[j]! * m[j]!);
    }
    h[i] = s + m[i]! * react;
  }
  return { J, h, n };
}

/**
 * Pseudo-likelihood maximization: for each site i, maximize
 * (1/M) Σ_a log σ(2σ_i^a(h_i + Σ_{j≠i} J_ij σ_j^a)) − λ Σ_j J_ij² (a logistic regression) by L-BFGS,
 * then symmetrize J ← (J + Jᵀ)/2.
 * @param options.l2 - λ, default 1e-5 (keeps separable data finite)
 * @throws ConvergenceError when a site's optimization does not converge
 * @see E. Aurell, M. Ekeberg, "Inverse Ising inference using all the data", PRL 108 (2012).
 */
export function inverseIsingPseudoLikelihood(
  set: SampleSet,
  options: { l2?: number; gradTol?: number; maxIterations?: number } = {},
): InverseIsingResult {
  const { samples, m, n } = set;
  const l2 = options.l2 ?? 1e-5;
  if (!(l2 >= 0)) throw new RangeError(`l2: expected a number ≥ 0, got ${l2}`);
  if (l2 === 0) {
    // without the penalty a frozen spin or a locked pair sends a parameter to infinity
    const stats = sampleStatistics(set);
    checkNotFrozen(stats, 'pseudo-likelihood');
    checkNoLockedPair(stats, 'pseudo-likelihood', ', or use l2 > 0');
  }
  const Jasym = new Float64Array(n * n);
  const h = new Float64Array(n);
  let iterations = 0;
  const act = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    // x = (h_i, J_i0, …, J_i,n−1) with J_ii kept at 0.
    const res = lbfgs(
      (x, g) => {
        g.fill(0);
        let f = 0;
        for (let a = 0; a < m; a++) {
          const o = a * n;
          let s = x[0]!;
          for (let j = 0; j < n; j++) if (j !== i) s += x[j + 1]! * samples[o + j]!;
          act[a] = s;
        }
        for (let a = 0; a < m; a++) {
          const o = a * n;
          const y = samples[o + i]!;
          const z = 2 * y * act[a]!;
          // −log σ(z) = log(1 + e^{−z}), stable for both signs; its derivative in z is −σ(−z).
          f += z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
          const w = (-2 * y) / (1 + Math.exp(z));
          g[0] = g[0]! + w;
          for (let j = 0; j < n; j++) if (j !== i) g[j + 1] = g[j + 1]! + w * samples[o + j]!;
        }
        f /= m;
        for (let k = 0; k <= n; k++) g[k] = g[k]! / m;
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          f += l2 * x[j + 1]! ** 2;
          g[j + 1] = g[j + 1]! + 2 * l2 * x[j + 1]!;
        }
        return f;
      },
      new Float64Array(n + 1),
      {
        gradTol: options.gradTol ?? 1e-7,
        maxIterations: options.maxIterations ?? 2000,
        name: `pseudo-likelihood of site ${i}`,
      },
    );
    iterations += res.iterations;
    h[i] = res.x[0]!;
    for (let j = 0; j < n; j++) if (j !== i) Jasym[i * n + j] = res.x[j + 1]!;
  }
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) J[i * n + j] = 0.5 * (Jasym[i * n + j]! + Jasym[j * n + i]!);
  return { J, h, n, iterations };
}

/** Options of {@link inverseIsingBoltzmann}. */
export interface BoltzmannLearningOptions {
  /** Gradient steps (default 500). */
  readonly iterations?: number;
  /** Learning rate η (default 0.1). */
  readonly learningRate?: number;
  /** `monte-carlo` (persistent Glauber chains, default) or `exact` (enumeration, N ≤ 24). */
  readonly negativePhase?: 'monte-carlo' | 'exact';
  /** Persistent chains (default 200) and Glauber sweeps per step (default 5), Monte Carlo only. */
  readonly chains?: number;
  readonly sweepsPerStep?: number;
  /** Seed of the Monte Carlo chains (required for monte-carlo). */
  readonly seed?: number | bigint;
  /** Start from the naive mean-field solution (default true) or from zero. */
  readonly initFromMeanField?: boolean;
  /**
   * Average the parameters over the second half of the iterations (Polyak–Ruppert),
   * with the learning rate decaying as η/(1 + 10t/T) — default true for the Monte Carlo
   * negative phase, whose noisy gradients otherwise leave the last iterate noisy.
   */
  readonly averaging?: boolean;
}

/**
 * Boltzmann learning: gradient ascent on the log-likelihood,
 * ΔJ_ij = η(⟨σ_iσ_j⟩_data − ⟨σ_iσ_j⟩_model), Δh_i = η(⟨σ_i⟩_data − ⟨σ_i⟩_model),
 * with model moments from persistent Glauber chains (β = 1) or exact enumeration.
 * @see B. T. Polyak, A. B. Juditsky, "Acceleration of stochastic approximation by averaging", SIAM J. Control Optim. 30 (1992).
 * @see D. H. Ackley, G. E. Hinton, T. J. Sejnowski, "A learning algorithm for Boltzmann machines", Cogn. Sci. 9 (1985).
 */
export async function inverseIsingBoltzmann(
  set: SampleSet,
  options: BoltzmannLearningOptions = {},
): Promise<InverseIsingResult> {
  const stats = sampleStatistics(set);
  const n = stats.n;
  const iterations = options.iterations ?? 500;
  const eta = options.learningRate ?? 0.1;
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError(`iterations: expected an integer ≥ 1, got ${iterations}`);
  if (!(eta > 0)) throw new RangeError(`learningRate: expected a positive number, got ${eta}`);
  const phase = options.negativePhase ?? 'monte-carlo';
  if (phase !== 'monte-carlo' && phase !== 'exact')
    throw new RangeError(`negativePhase: expected 'monte-carlo' or 'exact', got ${JSON.stringify(phase)}`);
  if (phase === 'exact' && n > MAX_ENUMERATION_N)
    throw new RangeError(`negativePhase 'exact' needs N ≤ ${MAX_ENUMERATION_N}, got ${n}`);
  if (phase === 'monte-carlo' && options.seed === undefined)
    throw new RangeError('seed: required for the Monte Carlo negative phase');
  const chains = options.chains ?? 200;
  const sweeps = options.sweepsPerStep ?? 5;
  // maximum likelihood has no finite answer for a frozen spin or a locked pair: say so as boltzmann
  checkNotFrozen(stats, 'boltzmann');
  checkNoLockedPair(stats, 'boltzmann', ', or use pseudo-likelihood with l2 > 0');
  let J: Float64Array;
  let h: Float64Array;
  if (options.initFromMeanField ?? true) {
    let init: InverseIsingResult;
    try {
      init = inverseIsingNaiveMeanField(stats);
    } catch (e) {
      throw new RangeError(`boltzmann: its mean-field start failed: ${(e as Error).message}`);
    }
    J = init.J;
    h = init.h;
  } else {
    J = new Float64Array(n * n);
    h = new Float64Array(n);
  }
  const averaging = options.averaging ?? phase === 'monte-carlo';
  const avgJ = new Float64Array(n * n);
  const avgH = new Float64Array(n);
  let averaged = 0;
  const cpu = await createBackend({ kind: 'cpu' });
  let spins: Int8Array | null = null;
  for (let it = 0; it < iterations; it++) {
    const rate = averaging ? eta / (1 + (10 * it) / iterations) : eta;
    const model = modelFrom(J, h, n);
    let mean: Float64Array;
    let second: Float64Array;
    if (phase === 'exact') {
      const ex = exactEnumeration(model, 1);
      mean = ex.magnetizations;
      second = ex.correlations!;
    } else {
      // The sweep counter continues across steps, so every step draws fresh random numbers.
      const sim = await createSimulation(cpu, model, {
        replicas: chains,
        seed: options.seed!,
        initial: spins ?? 'random',
        firstSweep: it * sweeps,
      });
      await sim.run({ beta: 1, sweeps, record: { energy: false, magnetization: false } });
      spins = await sim.spins();
      const ms = sampleStatistics({ samples: spins, m: chains, n });
      mean = ms.mean;
      second = ms.second;
      sim.dispose();
    }
    for (let i = 0; i < n; i++) {
      h[i] = h[i]! + rate * (stats.mean[i]! - mean[i]!);
      for (let j = i + 1; j < n; j++) {
        const dJ = rate * (stats.second[i * n + j]! - second[i * n + j]!);
        J[i * n + j] = J[i * n + j]! + dJ;
        J[j * n + i] = J[i * n + j]!;
      }
    }
    if (averaging && 2 * it >= iterations) {
      for (let t = 0; t < n * n; t++) avgJ[t] = avgJ[t]! + J[t]!;
      for (let i = 0; i < n; i++) avgH[i] = avgH[i]! + h[i]!;
      averaged++;
    }
  }
  if (averaging) {
    for (let t = 0; t < n * n; t++) avgJ[t] = avgJ[t]! / averaged;
    for (let i = 0; i < n; i++) avgH[i] = avgH[i]! / averaged;
    return { J: avgJ, h: avgH, n, iterations };
  }
  return { J, h, n, iterations };
}

function modelFrom(J: Float64Array, h: Float64Array, n: number): IsingModel {
  return isingModel(denseCouplings(J, { n }), h);
}

/** Root-mean-square errors of inferred J (over pairs i < j) and h against a truth. */
export function inferenceErrors(
  result: InverseIsingResult,
  truthJ: ArrayLike<number>,
  truthH: ArrayLike<number>,
): { rmseJ: number; rmseH: number } {
  const n = result.n;
  if (truthJ.length !== n * n) throw new RangeError(`truth J: expected ${n}×${n} entries, got ${truthJ.length}`);
  if (truthH.length !== n) throw new RangeError(`truth h: expected ${n} entries, got ${truthH.length}`);
  let sj = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) sj += (result.J[i * n + j]! - truthJ[i * n + j]!) ** 2;
  let sh = 0;
  for (let i = 0; i < n; i++) sh += (result.h[i]! - truthH[i]!) ** 2;
  return { rmseJ: n > 1 ? Math.sqrt(sj / ((n * (n - 1)) / 2)) : 0, rmseH: Math.sqrt(sh / n) };
}

/**
 * Draws M independent samples from the exact Boltzmann distribution of a model
 * (N ≤ 24) at β, by inverse-CDF sampling with PhiloxRng(seed): the reference
 * data for testing inverse-Ising methods.
 */
export function sampleExactly(model: IsingModel, beta: number, m: number, seed: number | bigint): SampleSet {
  checkBeta(beta);
  if (!Number.isSafeInteger(m) || m < 1) throw new RangeError(`m: expected an integer ≥ 1, got ${m}`);
  const ex = exactEnumeration(model, beta, { distribution: true, correlations: false });
  const P = ex.distribution!;
  const cdf = new Float64Array(P.length);
  let acc = 0;
  for (let s = 0; s < P.length; s++) {
    acc += P[s]!;
    cdf[s] = acc;
  }
  const n = model.n;
  const samples = new Int8Array(m * n);
  const rng = new PhiloxRng(seed, 0x5a4d);
  for (let a = 0; a < m; a++) {
    const u = rng.nextDouble() * acc;
    let lo = 0;
    let hi = P.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    for (let i = 0; i < n; i++) samples[a * n + i] = (lo >> i) & 1 ? -1 : 1;
  }
  return { samples, m, n };
}
