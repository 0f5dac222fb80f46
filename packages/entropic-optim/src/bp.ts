/**
 * Belief propagation on the binary perceptron's factor graph: variables W_i = ±1, one factor
 * per pattern, Θ(Σ_i c_iμ W_i > 0) with c_iμ = σ_μ ξ_i^μ. Messages are cavity magnetizations
 * m_{i→μ} = tanh(h_i − u_{μ→i}), h_i = H_i + Σ_μ u_{μ→i}, and cavity fields
 *
 *   u_{μ→i} = ½ ln [ P(S_{μ\i} + c_iμ > 0) / P(S_{μ\i} − c_iμ > 0) ],  S_{μ\i} = Σ_{j≠i} c_jμ W_j,
 *
 * with the W_j independent of mean m_{j→μ}: the law of S_{μ\i} exactly (a convolution over
 * the N − 1 terms, O(N²) per message: for small N and for checks) or by the central limit,
 * S ~ N(ω, V), ω = Σ_{j≠i} c_jμ m_{j→μ}, V = Σ_{j≠i} (1 − m²_{j→μ}) (the usual large-N form).
 * External fields H_i couple to a reference (EdMC's γ) or reinforce (reinforced BP).
 * @module
 */
import { ConvergenceError, H } from '@replica/spin-core/math';
import { checkInteger, checkNumber, checkOneOf } from '@replica/webgpu-kernels';
import type { BinaryPerceptronProblem } from './perceptron';
import { lnCosh2 } from './quadrature';

/** How the factor messages are computed. */
export const BP_FACTOR_RULES = ['exact', 'gaussian'] as const;

/** Options of {@link perceptronBP}. */
export interface PerceptronBPOptions {
  /** `exact` (convolution, O(N²) per message) or `gaussian` (central limit, O(1) per message); default gaussian. */
  readonly factors?: (typeof BP_FACTOR_RULES)[number];
  /** External fields H_i (default 0). */
  readonly fields?: ArrayLike<number>;
  /** Damping of the cavity fields u, in [0, 1) (default 0.5). */
  readonly damping?: number;
  /** On the largest change of a cavity field u per sweep (default 1e-10). */
  readonly tol?: number;
  readonly maxIterations?: number;
  /** Messages to start from (a previous run's, e.g. in EdMC), default u = 0. */
  readonly start?: PerceptronBPResult;
}

/** What {@link perceptronBP} returns. */
export interface PerceptronBPResult {
  /** Marginal magnetizations m_i = tanh(h_i). */
  readonly magnetizations: Float64Array;
  /** u_{μ→i} at i·P + μ. */
  readonly fields: Float64Array;
  /**
   * The Bethe free entropy Φ ≈ ln Σ_{W solution} e^{Σ_i H_i W_i} at the fixed point:
   * Σ_i [ln 2cosh h_i − Σ_μ ln 2cosh u_{μ→i}] + Σ_μ ln P(Σ_i c_iμ W_i > 0) − Σ_{iμ} ln[(1 + m_{i→μ} tanh u_{μ→i})/2]
   * (exact on a tree; the local entropy EdMC climbs, with H = γW̃).
   */
  readonly freeEntropy: number;
  readonly iterations: number;
}

const TINY = 1e-300;

/** P(S + a > 0) − that is, P(S > −a) − for S = Σ_j c_j W_j with P(W_j = 1) = (1 + m_j)/2, S odd/even lattice. */
function convolution(n: number, c: Int8Array, cOffset: number, p: number, m: Float64Array, skip: number): Float64Array {
  // dist[k] = P(S = 2k − (n − 1)) over the n − 1 terms j ≠ skip; each term is ±1 after folding c_j into m
  let dist = new Float64Array(n + 1);
  let next = new Float64Array(n + 1);
  dist[0] = 1;
  let terms = 0;
  for (let j = 0; j < n; j++) {
    if (j === skip) continue;
    const mj = c[j * p + cOffset]! * m[j]!;
    const up = 0.5 * (1 + mj);
    const down = 0.5 * (1 - mj);
    next.fill(0, 0, terms + 2);
    for (let k = 0; k <= terms; k++) {
      next[k]! += dist[k]! * down;
      next[k + 1]! += dist[k]! * up;
    }
    [dist, next] = [next, dist];
    terms++;
  }
  return dist.subarray(0, terms + 1);
}

/**
 * Runs BP to a fixed point (see the module docs) and returns the marginals and the fields.
 * @param problem - the instance
 * @throws ConvergenceError when the messages have not converged within `maxIterations`
 * @see A. Braunstein, R. Zecchina, Learning by message passing in networks of discrete synapses, Phys. Rev. Lett. 96, 030201 (2006)
 * @see Y. Kabashima, A CDMA multiuser detection algorithm on the basis of belief propagation, J. Phys. A 36, 11111 (2003)
 */
export function perceptronBP(problem: BinaryPerceptronProblem, o: PerceptronBPOptions = {}): PerceptronBPResult {
  const { n, p, coupled: c } = problem;
  const rule = checkOneOf(o.factors ?? 'gaussian', 'options.factors', BP_FACTOR_RULES);
  const damping = checkNumber(o.damping ?? 0.5, 'options.damping', { min: 0, max: 1, maxExclusive: true });
  const tol = checkNumber(o.tol ?? 1e-10, 'options.tol', { min: 0, minExclusive: true });
  const maxIt = checkInteger(o.maxIterations ?? 1000, 'options.maxIterations', { min: 1 });
  const ext = new Float64Array(n);
  if (o.fields) {
    if (o.fields.length !== n) throw new RangeError(`options.fields: expected ${n} values, got ${o.fields.length}`);
    for (let i = 0; i < n; i++) ext[i] = checkNumber(o.fields[i]!, `options.fields[${i}]`);
  }
  const u = o.start ? Float64Array.from(o.start.fields) : new Float64Array(n * p);
  if (u.length !== n * p)
    throw new RangeError(`options.start: its fields are for another instance (${u.length} ≠ ${n * p})`);
  const h = new Float64Array(n);
  const cav = new Float64Array(n); // m_{j→μ} for the factor being updated
  for (let it = 1; it <= maxIt; it++) {
    for (let i = 0; i < n; i++) {
      let s = ext[i]!;
      for (let mu = 0; mu < p; mu++) s += u[i * p + mu]!;
      h[i] = s;
    }
    let change = 0;
    // sequential over factors: each factor reads the current h and refreshes its outgoing fields
    for (let mu = 0; mu < p; mu++) {
      for (let j = 0; j < n; j++) {
        cav[j] = Math.tanh(h[j]! - u[j * p + mu]!);
      }
      let omega = 0;
      let variance = 0;
      if (rule === 'gaussian')
        for (let j = 0; j < n; j++) {
          omega += c[j * p + mu]! * cav[j]!;
          variance += 1 - cav[j]! * cav[j]!;
        }
      for (let i = 0; i < n; i++) {
        const ci = c[i * p + mu]!;
        let plus: number;
        let minus: number;
        if (rule === 'gaussian') {
          const w = omega - ci * cav[i]!;
          const v = Math.max(variance - (1 - cav[i]! * cav[i]!), 1e-12);
          const sd = Math.sqrt(v);
          plus = H(-(w + ci) / sd);
          minus = H(-(w - ci) / sd);
        } else {
          const dist = convolution(n, c, mu, p, cav, i);
          const terms = dist.length - 1;
          plus = 0;
          minus = 0;
          // S = 2k − terms; S + c > 0 and S − c > 0 (N odd: S + c ≠ 0)
          for (let k = 0; k <= terms; k++) {
            const S = 2 * k - terms;
            if (S + ci > 0) plus += dist[k]!;
            if (S - ci > 0) minus += dist[k]!;
          }
        }
        const target = 0.5 * (Math.log(Math.max(plus, TINY)) - Math.log(Math.max(minus, TINY)));
        const k = i * p + mu;
        const old = u[k]!;
        const nu = damping * old + (1 - damping) * target;
        change = Math.max(change, Math.abs(nu - old));
        h[i]! += nu - old;
        u[k] = nu;
      }
    }
    if (!Number.isFinite(change)) throw new ConvergenceError('perceptronBP: the messages are not finite', change, it);
    if (change < tol) {
      const mag = new Float64Array(n);
      let phi = 0;
      for (let i = 0; i < n; i++) {
        let s = ext[i]!;
        for (let mu = 0; mu < p; mu++) s += u[i * p + mu]!;
        h[i] = s;
        mag[i] = Math.tanh(s);
        phi += lnCosh2(s);
        for (let mu = 0; mu < p; mu++) phi -= lnCosh2(u[i * p + mu]!);
      }
      for (let mu = 0; mu < p; mu++) {
        for (let j = 0; j < n; j++) {
          const uj = u[j * p + mu]!;
          cav[j] = Math.tanh(h[j]! - uj);
          phi -= Math.log(0.5 * (1 + cav[j]! * Math.tanh(uj)));
        }
        let pass: number;
        if (rule === 'gaussian') {
          let omega = 0;
          let variance = 0;
          for (let j = 0; j < n; j++) {
            omega += c[j * p + mu]! * cav[j]!;
            variance += 1 - cav[j]! * cav[j]!;
          }
          pass = H(-omega / Math.sqrt(Math.max(variance, 1e-12)));
        } else {
          const dist = convolution(n, c, mu, p, cav, -1);
          const terms = dist.length - 1;
          pass = 0;
          for (let k = 0; k <= terms; k++) if (2 * k - terms > 0) pass += dist[k]!;
        }
        phi += Math.log(Math.max(pass, TINY));
      }
      return { magnetizations: mag, fields: u, freeEntropy: phi, iterations: it };
    }
  }
  throw new ConvergenceError(`perceptronBP: no convergence in ${maxIt} sweeps (N = ${n}, P = ${p})`, Number.NaN, maxIt);
}
