/**
 * Mean-field theory: the Curie–Weiss self-consistency with its free energy and
 * stability, naive mean-field and TAP equations for general (J, h), and the
 * Sherrington–Kirkpatrick replica-symmetric solution.
 * @module
 */
import type { IsingModel } from './couplings';
import { toDenseMatrix } from './couplings';
import { checkBeta } from './internal';
import type { FixedPointOptions } from './math/index';
import { findRoots, fixedPoint, gaussianExpectationAdaptive, tanhBreakpoints } from './math/index';

/** One solution of m = tanh(β(Jm + h)). */
export interface CurieWeissRoot {
  readonly m: number;
  /** f(m) = −Jm²/2 − hm − s(m)/β, s(m) the binary entropy (nats). */
  readonly freeEnergy: number;
  /** f″(m) = −J + 1/(β(1 − m²)) > 0: a local minimum of f. */
  readonly stable: boolean;
}

/** All Curie–Weiss solutions and the equilibrium one. */
export interface CurieWeissSolution {
  readonly beta: number;
  readonly roots: readonly CurieWeissRoot[];
  /** The stable root of lowest f (at h = 0 below T_c, the positive one of the ± pair). */
  readonly m: number;
  /** Mean-field energy per spin −Jm²/2 − hm at the equilibrium m. */
  readonly energy: number;
}

function binaryEntropy(m: number): number {
  const p = (1 + m) / 2;
  const q = (1 - m) / 2;
  return -(p > 0 ? p * Math.log(p) : 0) - (q > 0 ? q * Math.log(q) : 0);
}

/**
 * Solves the Curie–Weiss equation m = tanh(β(Jm + h)) for every root in [−1, 1], with the
 * Landau free energy f(m) and the stability of each.
 * @param options.J - default 1; options.h - default 0
 * @see the mean-field ferromagnet: e.g. H. Nishimori, *Statistical Physics of Spin Glasses and Information Processing* (2001), ch. 1.
 */
export function curieWeissSolutions(beta: number, options: { J?: number; h?: number } = {}): CurieWeissSolution {
  checkBeta(beta);
  const J = options.J ?? 1;
  const h = options.h ?? 0;
  if (!Number.isFinite(J) || !Number.isFinite(h)) throw new RangeError(`J, h: expected finite numbers, got ${J}, ${h}`);
  const g = (m: number) => Math.tanh(beta * (J * m + h)) - m;
  // Roots lie strictly inside (−1, 1) for finite β, but within 2e^{−2β|Jm+h|} of ±1, which rounds
  // to ±1 for a strong field (β = 2, h = 10: 1 − m ≈ 10⁻¹⁹): the scan includes the ends, where
  // g(±1) = 0 in double precision exactly when the root is ±1 to double precision.
  const ms = findRoots(g, -1, 1, 4000, { tol: 1e-15 });
  const roots = ms.map((m) => ({
    m,
    freeEnergy: beta > 0 ? -0.5 * J * m * m - h * m - binaryEntropy(m) / beta : Number.NEGATIVE_INFINITY,
    stable: beta === 0 ? true : -J + 1 / (beta * (1 - m * m)) > 0,
  }));
  if (roots.length === 0) throw new Error(`curieWeissSolutions: no root found at β = ${beta}, J = ${J}, h = ${h}`);
  let best = roots[0]!;
  for (const r of roots) {
    if (!r.stable) continue;
    if (
      !best.stable ||
      r.freeEnergy < best.freeEnergy - 1e-12 ||
      (Math.abs(r.freeEnergy - best.freeEnergy) <= 1e-12 && r.m > best.m)
    )
      best = r;
  }
  return { beta, roots, m: best.m, energy: -0.5 * J * best.m * best.m - h * best.m };
}

/** A converged mean-field solution. */
export interface MeanFieldSolution {
  /** m_i. */
  readonly m: Float64Array;
  readonly iterations: number;
  readonly residual: number;
}

function denseJ(model: IsingModel): { J: Float64Array; h: Float64Array } {
  const n = model.n;
  const J = toDenseMatrix(model.couplings);
  const h = new Float64Array(n);
  if (model.field) for (let i = 0; i < n; i++) h[i] = model.field[i]!;
  return { J, h };
}

/** Options of the mean-field solvers: the fixed-point options and a start `initial` (default m_i = 0.1). */
export type MeanFieldOptions = FixedPointOptions & { initial?: ArrayLike<number> };

/**
 * Solves m_i = tanh(β(h_i + Σ_j J_ij m_j − reaction·β m_i Σ_j J_ij²(1 − m_j²))) by damped
 * iteration (default damping 0.5); reaction = 0 is naive mean field, 1 is TAP.
 */
function solveMeanField(
  model: IsingModel,
  beta: number,
  reaction: 0 | 1,
  options: MeanFieldOptions,
  name: string,
): MeanFieldSolution {
  checkBeta(beta);
  const n = model.n;
  const { J, h } = denseJ(model);
  const r = fixedPoint(
    (m, out) => {
      for (let i = 0; i < n; i++) {
        let f = h[i]!;
        let onsager = 0;
        for (let j = 0; j < n; j++) {
          const Jij = J[i * n + j]!;
          f += Jij * m[j]!;
          if (reaction) onsager += Jij * Jij * (1 - m[j]! * m[j]!);
        }
        out[i] = Math.tanh(beta * (f - reaction * beta * m[i]! * onsager));
      }
    },
    options.initial ?? new Float64Array(n).fill(0.1),
    { damping: 0.5, ...options, name: options.name ?? name },
  );
  return { m: r.x, iterations: r.iterations, residual: r.residual };
}

/**
 * Naive mean-field magnetizations m_i = tanh(β(h_i + Σ_j J_ij m_j)), by damped iteration.
 * @param options - damping (default 0.5), tol, maxIterations; `initial` m (default 0.1 each)
 * @throws ConvergenceError with the residual when the iteration does not converge
 */
export function naiveMeanField(model: IsingModel, beta: number, options: MeanFieldOptions = {}): MeanFieldSolution {
  return solveMeanField(model, beta, 0, options, 'naive mean field');
}

/**
 * TAP magnetizations m_i = tanh(β(h_i + Σ_j J_ij m_j − β m_i Σ_j J_ij²(1 − m_j²))), the
 * naive mean field with the Onsager reaction term, by damped iteration.
 * @throws ConvergenceError with the residual when the iteration does not converge
 * @see D. J. Thouless, P. W. Anderson, R. G. Palmer, "Solution of 'Solvable model of a spin glass'", Phil. Mag. 35 (1977).
 */
export function tapMeanField(model: IsingModel, beta: number, options: MeanFieldOptions = {}): MeanFieldSolution {
  return solveMeanField(model, beta, 1, options, 'TAP');
}

/** The SK replica-symmetric saddle point. */
export interface SkReplicaSymmetric {
  readonly beta: number;
  /** Edwards–Anderson order parameter q. */
  readonly q: number;
  /** Magnetization m (0 unless J0 or h bias it). */
  readonly m: number;
  /** Energy per spin u = −(βJ²/2)(1 − q²) − J0 m²/2 − h m (−β/2 in the paramagnet with J = 1). */
  readonly energy: number;
  /** Free energy per spin −βf = βJ²(1 − q)²/4 − βJ0m²/2 + ∫Dz log 2cosh(β(J√q z + J0 m + h)). */
  readonly freeEnergy: number;
  readonly iterations: number;
}

/**
 * Solves the SK replica-symmetric equations
 * q = ∫Dz tanh²(β(J√q z + J0 m + h)), m = ∫Dz tanh(β(J√q z + J0 m + h))
 * by damped iteration from q = m = 1 (so an ordered solution is found when one exists), with
 * adaptive Gauss–Kronrod integrals (accurate at low temperature, where tanh(βz) is a step).
 * Exact for β < β_c; below the AT line replica symmetry is broken and these are the RS values.
 * @throws ConvergenceError when the iteration does not converge
 * @see D. Sherrington, S. Kirkpatrick, PRL 35 (1975).
 */
export function skReplicaSymmetric(
  beta: number,
  options: { J?: number; J0?: number; h?: number } & FixedPointOptions = {},
): SkReplicaSymmetric {
  checkBeta(beta);
  const J = options.J ?? 1;
  const J0 = options.J0 ?? 0;
  const h = options.h ?? 0;
  const F = (x: Float64Array, out: Float64Array) => {
    const q = Math.max(0, x[0]!);
    const m = x[1]!;
    const a = beta * J * Math.sqrt(q);
    const b = beta * (J0 * m + h);
    const breakpoints = tanhBreakpoints(a, b);
    out[0] = gaussianExpectationAdaptive((z) => Math.tanh(a * z + b) ** 2, { breakpoints });
    out[1] = gaussianExpectationAdaptive((z) => Math.tanh(a * z + b), { breakpoints });
  };
  const biased = J0 !== 0 || h !== 0;
  const r = fixedPoint(F, [1, biased ? 1 : 0], {
    damping: 0.3,
    tol: 1e-12,
    maxIterations: 200_000,
    ...options,
    name: options.name ?? 'SK replica-symmetric equations',
  });
  const q = Math.max(0, r.x[0]!);
  const m = r.x[1]!;
  const a = beta * J * Math.sqrt(q);
  const b = beta * (J0 * m + h);
  // log 2cosh x = |x| + log(1 + e^{−2|x|}), without overflow.
  const logTwoCosh = (x: number) => Math.abs(x) + Math.log1p(Math.exp(-2 * Math.abs(x)));
  const betaF =
    ((beta * beta * J * J) / 4) * (1 - q) ** 2 -
    (beta * J0 * m * m) / 2 +
    gaussianExpectationAdaptive((z) => logTwoCosh(a * z + b), { breakpoints: tanhBreakpoints(a, b) });
  return {
    beta,
    q,
    m,
    energy: -((beta * J * J) / 2) * (1 - q * q) - (J0 * m * m) / 2 - h * m,
    freeEnergy: beta > 0 ? -betaF / beta : Number.NEGATIVE_INFINITY,
    iterations: r.iterations,
  };
}
