/**
 * Exact N → ∞ dynamics of online learning: the ordinary differential equations for the
 * order parameters R = J·B/N, Q = J·J/N in the time α = t/N, for
 *
 * - the sign perceptron (teacher σ_T = sgn(u), student σ_S = sgn(λ), u = B·x/√N, λ = J·x/√N),
 *   trained by the Rosenblatt perceptron rule or the Hebb rule, J ← J + (η/√N)·F(λ, u)·x;
 * - the soft committee machine with g(x) = erf(x/√2) (Saad & Solla 1995), squared loss,
 *   output σ = Σ_i g(λ_i) (no 1/√K), J_i ← J_i + (η/√N)·g'(λ_i)(ζ − σ)·x.
 *
 * The weights carry norm |J|² = N·Q, so the update (η/√N)·F·x is the Saad–Solla update
 * w ← w + (η/N)·F·ξ for w = J/√N.
 * @module
 */
import type { OdeSolution } from '@replica/spin-core/math';
import { integrateAdaptive } from '@replica/spin-core/math';

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** The online rules of the sign perceptron. */
export type PerceptronRule = 'perceptron' | 'hebb';

/**
 * Generalization error of a sign perceptron: the probability that student and teacher disagree,
 * ε_g = arccos(ρ)/π with ρ = R/√(Q·T) (T = |B|²/N, 1 by default).
 * @param R - student–teacher overlap J·B/N
 * @param Q - student norm J·J/N (> 0)
 * @param T - teacher norm B·B/N (> 0, default 1)
 * @returns ε_g ∈ [0, 1]: 1/2 at R = 0, 0 at perfect alignment R = √(QT)
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), eq. (2.3).
 */
export function perceptronGeneralizationError(R: number, Q: number, T = 1): number {
  if (!Number.isFinite(R)) throw new RangeError(`R: expected a finite number, got ${R}`);
  if (!(Q > 0) || !Number.isFinite(Q)) throw new RangeError(`Q: expected a finite number > 0, got ${Q}`);
  if (!(T > 0) || !Number.isFinite(T)) throw new RangeError(`T: expected a finite number > 0, got ${T}`);
  const rho = R / Math.sqrt(Q * T);
  if (Math.abs(rho) > 1 + 1e-12) throw new RangeError(`R: |R| must not exceed √(Q·T) = ${Math.sqrt(Q * T)}, got ${R}`);
  return Math.acos(Math.max(-1, Math.min(1, rho))) / Math.PI;
}

/**
 * Right-hand side of the perceptron ODEs (teacher norm T = 1), written into `out` = [dR/dα, dQ/dα].
 * With ρ = R/√Q and ε_g = arccos(ρ)/π:
 * - perceptron rule F = Θ(−λu)·sgn(u): dR/dα = η(1 − ρ)/√(2π), dQ/dα = −2η√Q(1 − ρ)/√(2π) + η²ε_g;
 * - Hebb rule F = sgn(u): dR/dα = η√(2/π), dQ/dα = 2ηR√(2/π) + η².
 *
 * ρ is clamped to [−1, 1] inside arccos only, against rounding; the states themselves are never clipped.
 * @param rule - 'perceptron' or 'hebb'
 * @param eta - learning rate η
 * @param R - overlap R
 * @param Q - norm Q (> 0 for the perceptron rule)
 * @param out - receives [dR/dα, dQ/dα]
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), ch. 9, eqs. (9.6)–(9.7), (9.15).
 */
export function perceptronOdeRhs(rule: PerceptronRule, eta: number, R: number, Q: number, out: Float64Array): void {
  if (rule === 'hebb') {
    out[0] = eta * Math.sqrt(2 / Math.PI);
    out[1] = 2 * eta * R * Math.sqrt(2 / Math.PI) + eta * eta;
    return;
  }
  const sq = Math.sqrt(Q);
  const rho = Math.max(-1, Math.min(1, R / sq));
  out[0] = (eta * (1 - rho)) / SQRT_2PI;
  out[1] = (-2 * eta * sq * (1 - rho)) / SQRT_2PI + (eta * eta * Math.acos(rho)) / Math.PI;
}

/** Order-parameter trajectories sampled at times α (simulation or theory). */
export interface OrderParameterTrajectory {
  /** Times α = t/N of the records. */
  readonly alpha: Float64Array;
  /** R at each record: K·M entries R_in, row-major (i student, n teacher). */
  readonly R: readonly Float64Array[];
  /** Q at each record: K·K entries Q_ik, row-major. */
  readonly Q: readonly Float64Array[];
  /** The teacher overlaps T_nm = B_n·B_m/N, M·M row-major (constant in time). */
  readonly T: Float64Array;
  /** Generalization error ε_g from the order parameters' closed form at each record. */
  readonly eg: Float64Array;
}

/** Options of {@link perceptronOde}. */
export interface PerceptronOdeOptions {
  /** Learning rule, default 'perceptron'. */
  readonly rule?: PerceptronRule;
  /** Learning rate η > 0 (J ← J + (η/√N)F x). */
  readonly lr: number;
  /** Initial overlap R(0), default 0. */
  readonly R0?: number;
  /** Initial norm Q(0) > 0, default 1 (need |R0| ≤ √Q0). */
  readonly Q0?: number;
  /** Output times α, increasing, the first is the initial time. */
  readonly alphas: readonly number[];
  /** Relative tolerance of the adaptive integrator, default 1e-9. */
  readonly rtol?: number;
}

function checkAlphas(alphas: readonly number[]): void {
  if (alphas.length < 2) throw new RangeError('alphas: need at least a start and an end time');
  for (let k = 0; k < alphas.length; k++) {
    const a = alphas[k]!;
    if (!Number.isFinite(a) || a < 0) throw new RangeError(`alphas: expected finite times ≥ 0, got ${a}`);
    if (k > 0 && !(a > alphas[k - 1]!))
      throw new RangeError(`alphas: must increase strictly, got ${alphas[k - 1]} then ${a}`);
  }
}

function checkLr(lr: number): void {
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`lr: expected a finite number > 0, got ${lr}`);
}

/**
 * Integrates the N → ∞ perceptron ODEs ({@link perceptronOdeRhs}, teacher norm T = 1) with the
 * adaptive Dormand–Prince scheme and reports R, Q and ε_g = arccos(R/√Q)/π at the given α.
 * The Hebb rule has the closed form R = R0 + ηα√(2/π), Q = Q0 + 2ηα√(2/π)R0 + (2/π)η²α² + η²α.
 * @param options - see {@link PerceptronOdeOptions}
 * @returns the trajectory (K = M = 1)
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), ch. 9.
 * @see M. Biehl, H. Schwarze, "Learning by on-line gradient descent", J. Phys. A 28, 643 (1995).
 */
export function perceptronOde(options: PerceptronOdeOptions): OrderParameterTrajectory {
  const rule = options.rule ?? 'perceptron';
  if (rule !== 'perceptron' && rule !== 'hebb')
    throw new RangeError(`rule: expected 'perceptron' or 'hebb', got ${String(rule)}`);
  const eta = options.lr;
  checkLr(eta);
  const R0 = options.R0 ?? 0;
  const Q0 = options.Q0 ?? 1;
  if (!(Q0 > 0) || !Number.isFinite(Q0)) throw new RangeError(`Q0: expected a finite number > 0, got ${Q0}`);
  if (!Number.isFinite(R0) || R0 * R0 > Q0)
    throw new RangeError(`R0: expected |R0| ≤ √Q0 = ${Math.sqrt(Q0)}, got ${R0}`);
  checkAlphas(options.alphas);
  const sol = integrateAdaptive(
    (_t, y, dy) => perceptronOdeRhs(rule, eta, y[0]!, y[1]!, dy),
    [R0, Q0],
    options.alphas,
    { rtol: options.rtol ?? 1e-9, atol: 1e-12 },
  );
  return fromSolution(sol, 1, 1, Float64Array.of(1), (y) => perceptronGeneralizationError(y[0]!, y[1]!));
}

function fromSolution(
  sol: OdeSolution,
  K: number,
  M: number,
  T: Float64Array,
  eg: (y: Float64Array) => number,
): OrderParameterTrajectory {
  const R = sol.y.map((y) => y.slice(0, K * M));
  const Q = sol.y.map((y) => y.slice(K * M, K * M + K * K));
  return { alpha: sol.t, R, Q, T, eg: Float64Array.from(sol.y, eg) };
}

// ---------------------------------------------------------------------------------------------
// Soft committee machine, g(x) = erf(x/√2)

/**
 * I2 = ⟨g(u)g(v)⟩ for g(x) = erf(x/√2) and zero-mean Gaussian (u, v) with covariance
 * C = [[caa, cab], [cab, cbb]]: I2 = (2/π)·arcsin(cab/√((1 + caa)(1 + cbb))).
 * @param caa - variance of u
 * @param cab - covariance of u and v
 * @param cbb - variance of v
 * @returns the average
 * @see D. Saad, S. A. Solla, "On-line learning in soft committee machines", Phys. Rev. E 52, 4225 (1995), eq. (A1).
 */
export function erfI2(caa: number, cab: number, cbb: number): number {
  return (2 / Math.PI) * Math.asin(clampUnit(cab / Math.sqrt((1 + caa) * (1 + cbb))));
}

/**
 * I3 = ⟨g'(u)·v·g(w)⟩ for g(x) = erf(x/√2), (u, v, w) zero-mean Gaussian with covariances C:
 * I3 = (2/π)·(1/√Λ3)·(C_vw(1 + C_uu) − C_uv·C_uw)/(1 + C_uu), Λ3 = (1 + C_uu)(1 + C_ww) − C_uw².
 * @param cuu - Var u
 * @param cuv - Cov(u, v)
 * @param cuw - Cov(u, w)
 * @param cvw - Cov(v, w)
 * @param cww - Var w
 * @returns the average
 * @see D. Saad, S. A. Solla, Phys. Rev. E 52, 4225 (1995), eq. (A2).
 */
export function erfI3(cuu: number, cuv: number, cuw: number, cvw: number, cww: number): number {
  const l3 = (1 + cuu) * (1 + cww) - cuw * cuw;
  return ((2 / Math.PI) * (cvw * (1 + cuu) - cuv * cuw)) / ((1 + cuu) * Math.sqrt(l3));
}

/**
 * I4 = ⟨g'(u)g'(v)g(w)g(z)⟩ for g(x) = erf(x/√2), (u, v, w, z) zero-mean Gaussian with covariance
 * matrix C (4×4, row-major, indices 0..3 = u, v, w, z):
 * I4 = (4/π²)(1/√Λ4)·arcsin(Λ0/√(Λ1Λ2)), Λ4 = (1 + C_uu)(1 + C_vv) − C_uv²,
 * Λ0 = Λ4·C_wz − C_vw·C_vz(1 + C_uu) − C_uw·C_uz(1 + C_vv) + C_uv·C_uw·C_vz + C_uv·C_uz·C_vw,
 * Λ1 = Λ4(1 + C_ww) − C_vw²(1 + C_uu) − C_uw²(1 + C_vv) + 2C_uv·C_uw·C_vw, Λ2 likewise with z.
 * @param c - the 4×4 covariance, row-major
 * @returns the average
 * @see D. Saad, S. A. Solla, Phys. Rev. E 52, 4225 (1995), eq. (A3).
 */
export function erfI4(c: ArrayLike<number>): number {
  return i4(c[0]!, c[5]!, c[1]!, c[2]!, c[3]!, c[6]!, c[7]!, c[10]!, c[11]!, c[15]!);
}

function clampUnit(x: number): number {
  return Math.min(1, Math.max(-1, x));
}

function i4(
  uu: number,
  vv: number,
  uv: number,
  uw: number,
  uz: number,
  vw: number,
  vz: number,
  ww: number,
  wz: number,
  zz: number,
): number {
  const l4 = (1 + uu) * (1 + vv) - uv * uv;
  const l0 = l4 * wz - vw * vz * (1 + uu) - uw * uz * (1 + vv) + uv * uw * vz + uv * uz * vw;
  const l1 = l4 * (1 + ww) - vw * vw * (1 + uu) - uw * uw * (1 + vv) + 2 * uv * uw * vw;
  const l2 = l4 * (1 + zz) - vz * vz * (1 + uu) - uz * uz * (1 + vv) + 2 * uv * uz * vz;
  return (4 / (Math.PI * Math.PI) / Math.sqrt(l4)) * Math.asin(clampUnit(l0 / Math.sqrt(l1 * l2)));
}

/**
 * Generalization error of the soft committee machine, ε_g = ½⟨(Σ_i g(λ_i) − Σ_n g(u_n))²⟩:
 * ε_g = (1/π)[Σ_ik arcsin(Q_ik/√((1+Q_ii)(1+Q_kk))) + Σ_nm arcsin(T_nm/√((1+T_nn)(1+T_mm)))
 * − 2Σ_in arcsin(R_in/√((1+Q_ii)(1+T_nn)))].
 * @param K - student hidden units
 * @param M - teacher hidden units
 * @param R - K·M overlaps R_in, row-major
 * @param Q - K·K overlaps Q_ik, row-major
 * @param T - M·M teacher overlaps T_nm, row-major
 * @returns ε_g ≥ 0 (0 when the student equals the teacher up to a permutation of units)
 * @see D. Saad, S. A. Solla, Phys. Rev. E 52, 4225 (1995), eq. (5).
 */
export function committeeGeneralizationError(
  K: number,
  M: number,
  R: ArrayLike<number>,
  Q: ArrayLike<number>,
  T: ArrayLike<number>,
): number {
  checkKM(K, M);
  checkLen('R', R, K * M);
  checkLen('Q', Q, K * K);
  checkLen('T', T, M * M);
  let s = 0;
  for (let i = 0; i < K; i++)
    for (let k = 0; k < K; k++)
      s += Math.asin(clampUnit(Q[i * K + k]! / Math.sqrt((1 + Q[i * K + i]!) * (1 + Q[k * K + k]!))));
  for (let n = 0; n < M; n++)
    for (let m = 0; m < M; m++)
      s += Math.asin(clampUnit(T[n * M + m]! / Math.sqrt((1 + T[n * M + n]!) * (1 + T[m * M + m]!))));
  for (let i = 0; i < K; i++)
    for (let n = 0; n < M; n++)
      s -= 2 * Math.asin(clampUnit(R[i * M + n]! / Math.sqrt((1 + Q[i * K + i]!) * (1 + T[n * M + n]!))));
  return s / Math.PI;
}

function checkKM(K: number, M: number): void {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`K: expected a positive integer, got ${K}`);
  if (!Number.isInteger(M) || M < 1) throw new RangeError(`M: expected a positive integer, got ${M}`);
}

function checkLen(name: string, a: ArrayLike<number>, len: number): void {
  if (a.length !== len) throw new RangeError(`${name}: expected ${len} entries, got ${a.length}`);
  for (let i = 0; i < len; i++)
    if (!Number.isFinite(a[i]!)) throw new RangeError(`${name}: entry ${i} is not finite (${a[i]})`);
}

/**
 * Right-hand side of the Saad–Solla ODEs for the soft committee machine (g = erf(x/√2), squared loss,
 * σ = Σ_i g(λ_i), ζ = Σ_n g(u_n), δ_i = g'(λ_i)(ζ − σ)), state y = [R (K·M), Q (K·K)], row-major:
 * dR_in/dα = η[Σ_m I3(i,n,m) − Σ_j I3(i,n,j)],
 * dQ_ik/dα = η[Σ_m I3(i,k,m) − Σ_j I3(i,k,j) + (i ↔ k)] + η²[Σ_nm I4(i,k,n,m) − 2Σ_jn I4(i,k,j,n) + Σ_jl I4(i,k,j,l)],
 * where I3(a,b,c) = ⟨g'(a) b g(c)⟩ and I4(a,b,c,d) = ⟨g'(a)g'(b)g(c)g(d)⟩ (indices i, j, k, l student fields, n, m teacher).
 * Returns a function usable as an `OdeRhs` of `@replica/spin-core/math`; it allocates its scratch once.
 * @param K - student hidden units
 * @param M - teacher hidden units
 * @param T - M·M teacher overlaps T_nm
 * @param eta - learning rate η
 * @returns (α, y, dy) ↦ writes dy/dα
 * @see D. Saad, S. A. Solla, Phys. Rev. E 52, 4225 (1995), eqs. (9)–(10).
 */
export function committeeOdeRhs(
  K: number,
  M: number,
  T: ArrayLike<number>,
  eta: number,
): (alpha: number, y: Float64Array, dy: Float64Array) => void {
  checkKM(K, M);
  checkLen('T', T, M * M);
  checkLr(eta);
  const D = K + M;
  // covariance of all fields (students 0..K−1, teachers K..K+M−1)
  const C = new Float64Array(D * D);
  for (let n = 0; n < M; n++) for (let m = 0; m < M; m++) C[(K + n) * D + K + m] = T[n * M + m]!;
  // sign of unit c in the error signal ζ − σ: +1 teacher, −1 student
  const sgn = new Float64Array(D);
  for (let a = 0; a < D; a++) sgn[a] = a < K ? -1 : 1;
  return (_alpha, y, dy) => {
    for (let i = 0; i < K; i++) {
      for (let n = 0; n < M; n++) {
        const r = y[i * M + n]!;
        C[i * D + K + n] = r;
        C[(K + n) * D + i] = r;
      }
      for (let k = 0; k < K; k++) C[i * D + k] = y[K * M + i * K + k]!;
    }
    const I3 = (a: number, b: number, c: number) =>
      erfI3(C[a * D + a]!, C[a * D + b]!, C[a * D + c]!, C[b * D + c]!, C[c * D + c]!);
    for (let i = 0; i < K; i++)
      for (let n = 0; n < M; n++) {
        let s = 0;
        for (let c = 0; c < D; c++) s += sgn[c]! * I3(i, K + n, c);
        dy[i * M + n] = eta * s;
      }
    for (let i = 0; i < K; i++)
      for (let k = i; k < K; k++) {
        let s1 = 0;
        for (let c = 0; c < D; c++) s1 += sgn[c]! * (I3(i, k, c) + I3(k, i, c));
        let s2 = 0;
        const uu = C[i * D + i]!;
        const vv = C[k * D + k]!;
        const uv = C[i * D + k]!;
        for (let c = 0; c < D; c++)
          for (let d = 0; d < D; d++) {
            const w = sgn[c]! * sgn[d]!;
            s2 +=
              w *
              i4(
                uu,
                vv,
                uv,
                C[i * D + c]!,
                C[i * D + d]!,
                C[k * D + c]!,
                C[k * D + d]!,
                C[c * D + c]!,
                C[c * D + d]!,
                C[d * D + d]!,
              );
          }
        const v = eta * s1 + eta * eta * s2;
        dy[K * M + i * K + k] = v;
        dy[K * M + k * K + i] = v;
      }
  };
}

/** Options of {@link committeeOde}. */
export interface CommitteeOdeOptions {
  /** Student hidden units K ≥ 1. */
  readonly K: number;
  /** Teacher hidden units M ≥ 1. */
  readonly M: number;
  /** Learning rate η > 0. */
  readonly lr: number;
  /** Initial R_in, K·M row-major. */
  readonly R0: ArrayLike<number>;
  /** Initial Q_ik, K·K row-major (symmetric, positive semi-definite jointly with R0, T). */
  readonly Q0: ArrayLike<number>;
  /** Teacher overlaps T_nm, M·M row-major, default the identity. */
  readonly T?: ArrayLike<number>;
  /** Output times α, increasing, the first is the initial time. */
  readonly alphas: readonly number[];
  /** Relative tolerance of the adaptive integrator, default 1e-8. */
  readonly rtol?: number;
}

/**
 * Integrates the Saad–Solla ODEs of the soft committee machine ({@link committeeOdeRhs}) with the
 * adaptive Dormand–Prince scheme and reports R, Q and ε_g ({@link committeeGeneralizationError}) at the given α.
 * With small initial R the error first falls to a symmetric plateau (all R_in equal) and leaves it
 * at the specialization transition, after a time that grows like ln(1/R0).
 * @param options - see {@link CommitteeOdeOptions}
 * @returns the trajectory
 * @see D. Saad, S. A. Solla, "On-line learning in soft committee machines", Phys. Rev. E 52, 4225 (1995).
 * @see M. Biehl, H. Schwarze, "Learning by on-line gradient descent", J. Phys. A 28, 643 (1995).
 */
export function committeeOde(options: CommitteeOdeOptions): OrderParameterTrajectory {
  const { K, M } = options;
  checkKM(K, M);
  const T = Float64Array.from(options.T ?? identity(M));
  checkLen('T', T, M * M);
  checkLen('R0', options.R0, K * M);
  checkLen('Q0', options.Q0, K * K);
  checkAlphas(options.alphas);
  const rhs = committeeOdeRhs(K, M, T, options.lr);
  const y0 = new Float64Array(K * M + K * K);
  y0.set(Array.from(options.R0), 0);
  y0.set(Array.from(options.Q0), K * M);
  const sol = integrateAdaptive(rhs, y0, options.alphas, { rtol: options.rtol ?? 1e-8, atol: 1e-12 });
  return fromSolution(sol, K, M, T, (y) =>
    committeeGeneralizationError(K, M, y.subarray(0, K * M), y.subarray(K * M), T),
  );
}

/** The n×n identity, row-major. */
function identity(n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  return a;
}
