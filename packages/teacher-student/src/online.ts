/**
 * Online learning simulated at finite N: one fresh example x ~ N(0, I_N) per step, O(N·(K + M))
 * work per step on flat Float64Array weights, nothing allocated per step. The order parameters
 * R = J·B/N, Q = J·J/N it records are what the N → ∞ ODEs of `online-ode.ts` predict.
 * @module
 */
import { erf } from '@replica/spin-core/math';
import { checkInteger, PhiloxRng } from '@replica/webgpu-kernels';
import type { OrderParameterTrajectory, PerceptronRule } from './online-ode';
import { committeeGeneralizationError, perceptronGeneralizationError } from './online-ode';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** The scenarios of {@link simulateOnline}. */
export type OnlineModel = 'perceptron' | 'committee';

/** Options of {@link simulateOnline}. */
export interface SimulateOnlineOptions {
  /**
   * 'perceptron': sign teacher σ_T = sgn(B·x/√N), sign student, K = M = 1, rule {@link SimulateOnlineOptions.rule};
   * 'committee': soft committee machines, g(x) = erf(x/√2), outputs Σ_i g(λ_i) (no 1/√K), squared loss.
   */
  readonly model: OnlineModel;
  /** Input dimension N ≥ 2. */
  readonly n: number;
  /** Student hidden units K (committee only, default 2; must be 1 or absent for the perceptron). */
  readonly K?: number;
  /** Teacher hidden units M (committee only, default K; must be 1 or absent for the perceptron). */
  readonly M?: number;
  /** Learning rate η > 0: J_i ← J_i + (η/√N)·F_i·x, i.e. w ← w + (η/N)F ξ for w = J/√N. */
  readonly lr: number;
  /** Number of examples (steps) t; the final time is α = t/N. */
  readonly steps: number;
  /** Seed of the teacher, the initial student and the example stream (Philox streams 0, 1, 2). */
  readonly seed: number | bigint;
  /** Record every this many steps (and at t = 0 and at the end), default N (once per unit of α). */
  readonly every?: number;
  /** Perceptron rule, default 'perceptron' (Rosenblatt: F = Θ(−λu)·sgn(u)); 'hebb': F = sgn(u). */
  readonly rule?: PerceptronRule;
  /** Perceptron: initial overlap R(0), default 0 (built exactly). */
  readonly R0?: number;
  /** Perceptron: initial norm Q(0) > 0, default 1 (built exactly). */
  readonly Q0?: number;
  /**
   * Committee: the initial student weights are i.i.d. N(0, q0), so Q_ii(0) ≈ q0, Q_ik(0), R_in(0) = O(√(q0/N));
   * default 0.2. The realised R(0), Q(0) are the first record.
   */
  readonly q0?: number;
  /** Held-out examples on which ε_g is also measured at every record, default 0 (none). */
  readonly testSize?: number;
}

/** What {@link simulateOnline} returns: the order parameters at each record, and ε_g from them. */
export interface OnlineSimulation extends OrderParameterTrajectory {
  readonly model: OnlineModel;
  readonly n: number;
  readonly K: number;
  readonly M: number;
  /** Steps t of the records (α = t/N). */
  readonly t: Float64Array;
  /**
   * ε_g measured on the held-out set at each record (perceptron: fraction of disagreements;
   * committee: mean ½(σ − ζ)²); undefined when testSize is 0.
   */
  readonly egTest?: Float64Array;
  /** The final student weights, K·N row-major (|J_i|² = N·Q_ii). */
  readonly J: Float64Array;
  /** The teacher weights, M·N row-major, orthogonal with |B_n|² = N (T = I up to rounding). */
  readonly B: Float64Array;
}

function checkInt(name: string, v: number, min: number, max?: number): void {
  checkInteger(v, name, max === undefined ? { min } : { min, max });
}

/** g(x) = erf(x/√2). */
function erfHalf(x: number): number {
  return erf(x * Math.SQRT1_2);
}

/**
 * Simulates online learning at finite N, one fresh Gaussian example per step, and records the order
 * parameters R_in = J_i·B_n/N, Q_ik = J_i·J_k/N and ε_g from their closed form
 * ({@link perceptronGeneralizationError}, {@link committeeGeneralizationError}) every `every` steps.
 *
 * Per step: x ~ N(0, I_N) (Philox stream 1), fields λ_i = J_i·x/√N, u_n = B_n·x/√N, then
 * J_i ← J_i + (η/√N)·F_i·x with F = Θ(−λu)sgn(u) (perceptron rule), sgn(u) (Hebb), or
 * F_i = g'(λ_i)(Σ_n g(u_n) − Σ_j g(λ_j)) (committee, g(x) = erf(x/√2)): O(N(K + M)) work, no allocation.
 * @param options - see {@link SimulateOnlineOptions}
 * @returns the recorded trajectories, final weights and teacher
 * @see D. Saad, S. A. Solla, "On-line learning in soft committee machines", Phys. Rev. E 52, 4225 (1995).
 * @see A. Engel, C. Van den Broeck, "Statistical Mechanics of Learning" (CUP 2001), ch. 9.
 */
export function simulateOnline(options: SimulateOnlineOptions): OnlineSimulation {
  const { model, n, lr, steps } = options;
  if (model !== 'perceptron' && model !== 'committee')
    throw new RangeError(`model: expected 'perceptron' or 'committee', got ${String(model)}`);
  checkInt('n', n, 2);
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`lr: expected a finite number > 0, got ${lr}`);
  checkInt('steps', steps, 1);
  const every = options.every ?? n;
  checkInt('every', every, 1);
  const testSize = options.testSize ?? 0;
  checkInt('testSize', testSize, 0, 1_000_000);
  const perceptron = model === 'perceptron';
  const K = options.K ?? (perceptron ? 1 : 2);
  const M = options.M ?? (perceptron ? 1 : K);
  checkInt('K', K, 1, 64);
  checkInt('M', M, 1, 64);
  if (perceptron && (K !== 1 || M !== 1)) throw new RangeError(`K, M: the perceptron has K = M = 1, got ${K}, ${M}`);
  if (M > n) throw new RangeError(`M: at most n = ${n} orthogonal teachers, got ${M}`);
  const rule = options.rule ?? 'perceptron';
  if (rule !== 'perceptron' && rule !== 'hebb')
    throw new RangeError(`rule: expected 'perceptron' or 'hebb', got ${String(rule)}`);

  const init = new PhiloxRng(options.seed, 0);
  const data = new PhiloxRng(options.seed, 1);
  const sqrtN = Math.sqrt(n);

  // teachers: Gaussian vectors, Gram–Schmidt, |B_n|² = N
  const B = new Float64Array(M * n);
  for (let m = 0; m < M; m++) {
    const b = B.subarray(m * n, (m + 1) * n);
    for (let j = 0; j < n; j++) b[j] = init.nextNormal();
    for (let p = 0; p < m; p++) orthogonalize(b, B.subarray(p * n, (p + 1) * n));
    scaleTo(b, sqrtN);
  }

  const J = new Float64Array(K * n);
  if (perceptron) {
    const R0 = options.R0 ?? 0;
    const Q0 = options.Q0 ?? 1;
    if (!(Q0 > 0) || !Number.isFinite(Q0)) throw new RangeError(`Q0: expected a finite number > 0, got ${Q0}`);
    if (!Number.isFinite(R0) || R0 * R0 > Q0)
      throw new RangeError(`R0: expected |R0| ≤ √Q0 = ${Math.sqrt(Q0)}, got ${R0}`);
    // J = R0·B + √(Q0 − R0²)·g, g ⟂ B, |g|² = N: R(0) = R0, Q(0) = Q0 exactly
    for (let j = 0; j < n; j++) J[j] = init.nextNormal();
    orthogonalize(J, B);
    scaleTo(J, sqrtN * Math.sqrt(Q0 - R0 * R0));
    for (let j = 0; j < n; j++) J[j] = J[j]! + R0 * B[j]!;
  } else {
    const q0 = options.q0 ?? 0.2;
    if (!(q0 > 0) || !Number.isFinite(q0)) throw new RangeError(`q0: expected a finite number > 0, got ${q0}`);
    const s = Math.sqrt(q0);
    for (let j = 0; j < K * n; j++) J[j] = s * init.nextNormal();
  }

  // held-out set
  let testX: Float64Array | undefined;
  let testY: Float64Array | undefined;
  if (testSize > 0) {
    const tr = new PhiloxRng(options.seed, 2);
    testX = new Float64Array(testSize * n);
    testY = new Float64Array(testSize);
    for (let p = 0; p < testSize * n; p++) testX[p] = tr.nextNormal();
    for (let p = 0; p < testSize; p++) testY[p] = output(perceptron, B, M, n, testX, p * n);
  }

  const nRec = Math.floor(steps / every) + 1 + (steps % every === 0 ? 0 : 1);
  const tRec = new Float64Array(nRec);
  const alpha = new Float64Array(nRec);
  const Rs: Float64Array[] = [];
  const Qs: Float64Array[] = [];
  const eg = new Float64Array(nRec);
  const egTest = testSize > 0 ? new Float64Array(nRec) : undefined;
  const T = new Float64Array(M * M);
  for (let a = 0; a < M; a++) for (let b = 0; b < M; b++) T[a * M + b] = dot(B, a * n, B, b * n, n) / n;

  let rec = 0;
  const record = (t: number) => {
    const R = new Float64Array(K * M);
    const Q = new Float64Array(K * K);
    for (let i = 0; i < K; i++) {
      for (let m = 0; m < M; m++) R[i * M + m] = dot(J, i * n, B, m * n, n) / n;
      for (let k = 0; k < K; k++) Q[i * K + k] = dot(J, i * n, J, k * n, n) / n;
    }
    tRec[rec] = t;
    alpha[rec] = t / n;
    Rs.push(R);
    Qs.push(Q);
    eg[rec] = perceptron
      ? perceptronGeneralizationError(R[0]!, Q[0]!, T[0]!)
      : committeeGeneralizationError(K, M, R, Q, T);
    if (egTest && testX && testY) {
      let s = 0;
      for (let p = 0; p < testSize; p++) {
        const y = output(perceptron, J, K, n, testX, p * n);
        s += perceptron ? (y === testY[p] ? 0 : 1) : 0.5 * (y - testY[p]!) ** 2;
      }
      egTest[rec] = s / testSize;
    }
    rec++;
  };

  const x = new Float64Array(n);
  const lam = new Float64Array(K);
  const u = new Float64Array(M);
  const F = new Float64Array(K);
  const step = lr / sqrtN;
  record(0);
  for (let t = 1; t <= steps; t++) {
    for (let j = 0; j < n; j++) x[j] = data.nextNormal();
    for (let i = 0; i < K; i++) lam[i] = dot(J, i * n, x, 0, n) / sqrtN;
    for (let m = 0; m < M; m++) u[m] = dot(B, m * n, x, 0, n) / sqrtN;
    if (perceptron) {
      const su = u[0]! >= 0 ? 1 : -1;
      F[0] = rule === 'hebb' || lam[0]! * u[0]! <= 0 ? su : 0;
    } else {
      let err = 0;
      for (let m = 0; m < M; m++) err += erfHalf(u[m]!);
      for (let i = 0; i < K; i++) err -= erfHalf(lam[i]!);
      for (let i = 0; i < K; i++) F[i] = SQRT_2_OVER_PI * Math.exp(-0.5 * lam[i]! * lam[i]!) * err;
    }
    for (let i = 0; i < K; i++) {
      const c = step * F[i]!;
      if (c === 0) continue;
      const o = i * n;
      for (let j = 0; j < n; j++) J[o + j] = J[o + j]! + c * x[j]!;
    }
    if (t % every === 0 || t === steps) record(t);
  }
  return { model, n, K, M, t: tRec, alpha, R: Rs, Q: Qs, T, eg, ...(egTest ? { egTest } : {}), J, B };
}

function dot(a: Float64Array, ao: number, b: Float64Array, bo: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let j = 0;
  for (; j + 1 < n; j += 2) {
    s0 += a[ao + j]! * b[bo + j]!;
    s1 += a[ao + j + 1]! * b[bo + j + 1]!;
  }
  if (j < n) s0 += a[ao + j]! * b[bo + j]!;
  return s0 + s1;
}

function orthogonalize(v: Float64Array, w: Float64Array): void {
  const c = dot(v, 0, w, 0, v.length) / dot(w, 0, w, 0, w.length);
  for (let j = 0; j < v.length; j++) v[j] = v[j]! - c * w[j]!;
}

function scaleTo(v: Float64Array, norm: number): void {
  const c = norm / Math.sqrt(dot(v, 0, v, 0, v.length));
  for (let j = 0; j < v.length; j++) v[j] = v[j]! * c;
}

/** Network output on example p (offset o in X): sgn field (perceptron) or Σ_i erf(λ_i/√2). */
function output(perceptron: boolean, W: Float64Array, units: number, n: number, X: Float64Array, o: number): number {
  const sqrtN = Math.sqrt(n);
  if (perceptron) return dot(W, 0, X, o, n) >= 0 ? 1 : -1;
  let s = 0;
  for (let i = 0; i < units; i++) s += erfHalf(dot(W, i * n, X, o, n) / sqrtN);
  return s;
}
