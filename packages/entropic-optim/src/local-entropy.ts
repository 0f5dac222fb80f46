/**
 * The large-deviation ("robust ensemble") analysis of the binary perceptron with random labels
 * (Baldassi et al. 2015): references W̃ that are solutions, weighted by the y-th power of the
 * number of solutions N(W̃, d) at normalized Hamming distance d = (1 − p)/2 from them,
 *
 *   φ(d, y) = (1/N) ⟨ln Σ_{W̃} X_ξ(W̃) N(W̃, d)^y⟩ = −y F(d, y),
 *
 * replica symmetric: n → 0 references, each with y constrained replicas W. Order parameters:
 * q̃ (two references), q₁ (two W of one reference), q₀ (two W of different references), t (a W
 * and another reference), p (a W and its own reference, fixed by d), and their conjugates
 * q̂̃, q̂₁, q̂₀, t̂, Ŝ:
 *
 *   φ = q̂̃(q̃ − 1)/2 − (y/2)q̂₁(1 + (y − 1)q₁) + (y²/2)q̂₀q₀ + y t̂t − yŜp + G_S + αG_E,
 *   G_S = E_{(h̃,h)} ln Σ_{W̃=±1} e^{h̃W̃} ∫Dz [2cosh(h + √(q̂₁ − q̂₀) z + (Ŝ − t̂)W̃)]^y,
 *   G_E = E_{(g_u,g_v)} ln ∫Dz H(−(g_u + Az)/σ) H(−(g_v + √(q₁ − q₀) z)/√(1 − q₁))^y,
 *
 * with (h̃, h) ~ N(0, [[q̂̃, t̂], [t̂, q̂₀]]), (g_u, g_v) ~ N(0, [[q̃, t], [t, q₀]]),
 * A = (p − t)/√(q₁ − q₀), σ² = 1 − q̃ − A². The internal entropy S_I(d, y) = ∂φ/∂y is the
 * mean log-number of solutions at distance d from a reference of the ensemble (the local
 * entropy), the external entropy Σ(d, y) = φ − y S_I the log-number of such references. The RS
 * result is physical while Σ ≥ 0: {@link localEntropyAtYStar} takes the largest such y, y*,
 * as the thesis does. At y → 0 S_I is the Franz–Parisi entropy; at α = 0, S_I = −d ln d −
 * (1 − d) ln(1 − d).
 *
 * With labels from a ±1 teacher W* (`labels: 'teacher'`), the overlaps R̃ = W̃·W* / N and
 * R = W·W* / N join (with conjugates R̂̃, R̂; φ gains −R̂̃R̃ − yR̂R): the teacher's field u* ~ N(0, 1)
 * sets σ = sign(u*) and carries the mean (R̃, R)u* of the global fields, and G_S gains the
 * constant fields R̂̃ on W̃ and R̂ on each W (gauge W* = +1). At y → 0 the external entropy is
 * the version-space entropy and R̃ = q̃ (Nishimori).
 *
 * All the saddle-point equations are averages at the same quadrature nodes (the derivatives of
 * G_E and G_S with respect to the covariances by the heat equation), so one iteration is one
 * pass over each grid.
 * @module
 */
import { ConvergenceError, erfc, erfcx } from '@replica/spin-core/math';
import { perceptronFreeEntropy } from '@replica/teacher-student';
import { checkInteger, checkNumber, checkOneOf } from '@replica/webgpu-kernels';
import { franzParisiEntropy } from './franz-parisi';
import { binaryEntropy, legendreRule, lnCosh2, normalRule } from './quadrature';
import { binaryPerceptronRS } from './theory';

/** The replica-symmetric order parameters of the large-deviation ensemble (see the module docs). */
export interface LocalEntropyParameters {
  /** q̃: the overlap of two references. */
  readonly qRef: number;
  /** q₀: the overlap of two constrained replicas of different references. */
  readonly q0: number;
  /** q₁: the overlap of two constrained replicas of one reference. */
  readonly q1: number;
  /** t: the overlap of a constrained replica with another reference. */
  readonly t: number;
  /** q̂̃, conjugate to q̃. */
  readonly qRefHat: number;
  /** q̂₀, conjugate to q₀. */
  readonly q0Hat: number;
  /** q̂₁, conjugate to q₁. */
  readonly q1Hat: number;
  /** t̂, conjugate to t. */
  readonly tHat: number;
  /** Ŝ, conjugate to p (it fixes the distance). */
  readonly sHat: number;
  /** With a teacher: R̃, the overlap of a reference with the teacher. */
  readonly rRef?: number;
  /** With a teacher: R, the overlap of a constrained replica with the teacher. */
  readonly r?: number;
  /** With a teacher: R̂̃, conjugate to R̃. */
  readonly rRefHat?: number;
  /** With a teacher: R̂, conjugate to R. */
  readonly rHat?: number;
}

/** The saddle point of the large-deviation ensemble at one (α, d, y). */
export interface LocalEntropyPoint extends LocalEntropyParameters {
  readonly alpha: number;
  /** d = (1 − p)/2. */
  readonly distance: number;
  /** p = W·W̃/N. */
  readonly p: number;
  /** y, the weight of the local entropy (the inverse temperature conjugate to it). */
  readonly y: number;
  /** φ = −yF(d, y), the large-deviation free entropy density, in nats. */
  readonly freeEntropy: number;
  /** F(d, y) = −φ/y (the thesis's eq. 1.4). */
  readonly F: number;
  /** S_I(d, y) = ∂φ/∂y: the local entropy around a reference of the ensemble, in nats. */
  readonly internalEntropy: number;
  /** Σ(d, y) = φ − yS_I: the log-number density of such references; the RS result is physical while Σ ≥ 0. */
  readonly externalEntropy: number;
  /** Iterations of the damped saddle-point iteration. */
  readonly iterations: number;
  /** The largest change of G_S or αG_E on a finer quadrature grid (at most {@link LOCAL_ENTROPY_QUADRATURE_TOLERANCE}). */
  readonly quadratureError: number;
}

/** The largest change of G_S or αG_E between the working and the finer quadrature grids that a returned point may show. */
export const LOCAL_ENTROPY_QUADRATURE_TOLERANCE = 1e-5;

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_PI = Math.sqrt(2 / Math.PI);

/** Quadrature settings: the outer 2-D Gauss–Hermite rule and the inner trapezoid step scale. */
interface Grid {
  readonly outer: { x: Float64Array; w: Float64Array };
  /** The outer rule of G_E (2-D, over the global fields). */
  readonly outerE: { x: Float64Array; w: Float64Array };
  /** Trapezoid steps are this times the inner integrand's narrowest scale. */
  readonly step: number;
  /** At most this many inner nodes (a finer need is refused by the fine-grid check). */
  readonly maxInner: number;
}
const COARSE: Grid = { outer: normalRule(28), outerE: normalRule(20), step: 0.3, maxInner: 1500 };
const FINE: Grid = { outer: normalRule(36), outerE: normalRule(28), step: 0.2, maxInner: 2500 };

// log H(x) and the hazard R(x) = φ(x)/H(x), together (the tail through erfcx)
let lhOut = 0;
let rOut = 0;
function logHR(x: number): void {
  if (x < 5) {
    const h = 0.5 * erfc(x * SQRT1_2);
    lhOut = Math.log(h);
    rOut = Math.exp(-0.5 * x * x - LOG_SQRT_2PI) / h;
  } else {
    const e = erfcx(x * SQRT1_2);
    lhOut = Math.log(0.5 * e) - 0.5 * x * x;
    rOut = SQRT_2_PI / e;
  }
}

interface Energetic {
  /** G_E. */
  readonly g: number;
  /** ∂G_E/∂y at fixed order parameters. */
  readonly dy: number;
  /** E[(∂_u ln I)²], E[(∂_v ln I)²/y²], E[∂_u ln I ∂_v ln I / y], E[J/I]: the conjugates over α. */
  readonly uu: number;
  readonly vv: number;
  readonly uv: number;
  readonly jj: number;
  /** With a teacher: ∂G_E/∂R̃ and ∂G_E/∂R (0 without). */
  readonly dRt: number;
  readonly dR: number;
}

/** Whether the Gaussian fields of G_E exist at these overlaps (σ² > 0, q₀ < q₁ < 1, q̃q₀ ≥ t²; with a teacher, the covariance less the teacher's part PSD). */
function inDomain(x: LocalEntropyParameters, p: number, teacher = false): boolean {
  const { qRef, q0, q1, t } = x;
  if (!(q1 < 1 && q1 > q0 && q0 > 0 && qRef < 1 && qRef * q0 >= t * t * (1 - 1e-9))) return false;
  if (!(1 - qRef - (p - t) ** 2 / (q1 - q0) > 0)) return false;
  if (!teacher) return true;
  const rRef = x.rRef ?? 0;
  const r = x.r ?? 0;
  const cuu = qRef - rRef * rRef;
  const cvv = q0 - r * r;
  const cuv = t - rRef * r;
  return cuu >= 0 && cvv > 0 && cuu * cvv >= cuv * cuv * (1 - 1e-9);
}

const GL = legendreRule(8);

/** The inner integral at one outer node (g_u, g_v): set by {@link innerNode}. */
const node = { lnI: 0, au: 0, bv: 0, jj: 0, sy: 0, nodes: 0 };

/** The geometry of the inner integral (fixed per call). */
interface Inner {
  readonly A: number;
  readonly sig: number;
  readonly sv: number;
  readonly s: number;
  readonly a1: number;
  readonly a2: number;
  readonly big: number;
  readonly small: number;
  readonly width: number;
  readonly y: number;
}

/**
 * ln I(g_u, g_v), I = ∫Dz H(−(g_u + Az)/σ) H(−(g_v + σ_v z)/s)^y, and the derivatives of ln I
 * the conjugates need; false when the node needs more panels than `budget`.
 */
function innerNode(c: Inner, gu: number, gv: number, budget: number): boolean {
  const { A, sig, sv, s, a1, a2, big, small, width, y } = c;
  // the integrand is log-concave in z (curvature ≤ −1): its mode by safeguarded Newton on
  // the decreasing derivative, bracketed in [−40, 40]; all but e^{−36} of its mass lies within mode ± 8.5
  let lo = -40;
  let hi = 40;
  let z = 0;
  for (let it = 0; it < 100; it++) {
    const x1 = -(gu + A * z) / sig;
    logHR(x1);
    const r1 = rOut;
    const x2 = -(gv + sv * z) / s;
    logHR(x2);
    const r2 = rOut;
    const d1 = -z + a1 * r1 + y * a2 * r2;
    if (d1 > 0) lo = z;
    else hi = z;
    const d2 = -1 - a1 * a1 * r1 * (r1 - x1) - y * a2 * a2 * r2 * (r2 - x2);
    let zn = z - d1 / d2;
    if (!(zn > lo && zn < hi)) zn = 0.5 * (lo + hi);
    if (Math.abs(zn - z) < 1e-4 || hi - lo < 1e-4) {
      z = zn;
      break;
    }
    z = zn;
  }
  logHR(-(gu + A * z) / sig);
  const l1 = lhOut;
  logHR(-(gv + sv * z) / s);
  const shift = -0.5 * z * z + l1 + y * lhOut;
  // composite 8-point Gauss–Legendre on [z − 8.5, z + 8.5], finer within ±8σ/|A| of the step
  const zLo = z - 8.5;
  const zHi = z + 8.5;
  const zStep = -gu / A;
  const sLo = Math.min(zHi, Math.max(zLo, zStep - 8 * width));
  const sHi = Math.min(zHi, Math.max(zLo, zStep + 8 * width));
  let s0 = 0;
  let su = 0;
  let svs = 0;
  let svv = 0;
  let sy = 0;
  for (let seg = 0; seg < 3; seg++) {
    const from = seg === 0 ? zLo : seg === 1 ? sLo : sHi;
    const to = seg === 0 ? sLo : seg === 1 ? sHi : zHi;
    if (!(to > from)) continue;
    const len = seg === 1 ? small : big;
    const panels = Math.ceil((to - from) / len);
    node.nodes += panels * GL.x.length;
    if (node.nodes > budget) return false;
    const hp = (to - from) / panels;
    for (let pn = 0; pn < panels; pn++) {
      const cz = from + (pn + 0.5) * hp;
      for (let q = 0; q < GL.x.length; q++) {
        const zj = cz + 0.5 * hp * GL.x[q]!;
        logHR(-(gu + A * zj) / sig);
        const lh1 = lhOut;
        const r1 = rOut;
        logHR(-(gv + sv * zj) / s);
        const w = 0.5 * hp * GL.w[q]! * Math.exp(-0.5 * zj * zj + lh1 + y * lhOut - shift);
        const m = rOut / s;
        s0 += w;
        su += w * r1;
        svs += w * m;
        svv += w * m * m;
        sy += w * lhOut;
      }
    }
  }
  node.lnI = Math.log(s0) - LOG_SQRT_2PI + shift;
  node.au = su / (sig * s0);
  node.bv = svs / s0;
  node.jj = svv / s0;
  node.sy = sy / s0;
  return true;
}

/** The teacher's field u* > 0 (labels σ = sign u*; by the u* → −u* symmetry one half suffices): Gauss–Legendre on [0, 8.5]. */
const TEACHER_COARSE = legendreRule(14);
const TEACHER_FINE = legendreRule(20);

/**
 * G_E and the averages the conjugates need; null outside the domain (σ² ≤ 0, q₁ ≤ q₀, …). With
 * a teacher the global fields are (g_u, g_v) = (R̃, R)u* + g′, g′ ~ N(0, C − (R̃, R)(R̃, R)ᵀ),
 * averaged over u* > 0 with weight 2φ(u*); the R-derivatives by Price's theorem live on the
 * slice u* = 0: ∂G_E/∂R̃ = 2φ(0)E[∂_u ln I | u* = 0], ∂G_E/∂R = 2φ(0)E[∂_v ln I | u* = 0].
 */
function energetic(x: LocalEntropyParameters, p: number, y: number, grid: Grid, teacher = false): Energetic | null {
  if (!inDomain(x, p, teacher)) return null;
  const { qRef, q0, q1, t } = x;
  const rRef = teacher ? (x.rRef ?? 0) : 0;
  const r = teacher ? (x.r ?? 0) : 0;
  const s = Math.sqrt(1 - q1);
  const sv = Math.sqrt(q1 - q0);
  const A = (p - t) / sv;
  const sig = Math.sqrt(1 - qRef - A * A);
  // g′ = (g_u, g_v) − (R̃, R)u*: covariance [[q̃ − R̃², t − R̃R], [t − R̃R, q₀ − R²]]
  const cvv = q0 - r * r;
  const cuv = t - rRef * r;
  const cuu = qRef - rRef * rRef;
  const gvScale = Math.sqrt(cvv);
  const cu = cuv / gvScale;
  const du = Math.sqrt(Math.max(0, cuu - (cuv * cuv) / cvv));
  const a1 = A / sig;
  const a2 = sv / s;
  // panel lengths: the smooth scale of the H^y factor, and around the step of the reference's
  // H(−(g_u + Az)/σ) (width σ/|A|, small at large y) a finer one
  const big = grid.step * 4 * Math.min(1, 1 / Math.max(a2, 1e-300));
  const width = 1 / Math.max(Math.abs(a1), 1e-300);
  const small = Math.min(big, grid.step * 4 * width);
  const inner: Inner = { A, sig, sv, s, a1, a2, big, small, width, y };
  const outer = grid.outerE;
  const n = outer.x.length;
  const T = teacher ? (grid === FINE ? TEACHER_FINE : TEACHER_COARSE) : null;
  const nt = T ? T.x.length : 1;
  const budget = grid.maxInner * n * n * (nt + (T ? 1 : 0));
  node.nodes = 0;
  let g = 0;
  let dy = 0;
  let uu = 0;
  let vv = 0;
  let uv = 0;
  let jj = 0;
  let dRt = 0;
  let dR = 0;
  for (let ti = 0; ti < nt; ti++) {
    const ut = T ? 4.25 * (T.x[ti]! + 1) : 0;
    const wt = T ? 4.25 * T.w[ti]! * 2 * Math.exp(-0.5 * ut * ut - LOG_SQRT_2PI) : 1;
    for (let i = 0; i < n; i++) {
      const z1 = outer.x[i]!;
      const gv = r * ut + gvScale * z1;
      for (let k = 0; k < n; k++) {
        const wo = wt * outer.w[i]! * outer.w[k]!;
        const gu = rRef * ut + cu * z1 + du * outer.x[k]!;
        if (!innerNode(inner, gu, gv, budget)) return null;
        g += wo * node.lnI;
        dy += wo * node.sy;
        uu += wo * node.au * node.au;
        vv += wo * node.bv * node.bv;
        uv += wo * node.au * node.bv;
        jj += wo * node.jj;
      }
    }
  }
  if (T) {
    const w0 = 2 * Math.exp(-LOG_SQRT_2PI);
    for (let i = 0; i < n; i++) {
      const z1 = outer.x[i]!;
      const gv = gvScale * z1;
      for (let k = 0; k < n; k++) {
        const wo = w0 * outer.w[i]! * outer.w[k]!;
        const gu = cu * z1 + du * outer.x[k]!;
        if (!innerNode(inner, gu, gv, budget)) return null;
        dRt += wo * node.au;
        dR += wo * y * node.bv;
      }
    }
  }
  return { g, dy, uu, vv, uv, jj, dRt, dR };
}

interface Entropic {
  readonly g: number;
  readonly dy: number;
  /** The updates: q̃ = E⟨W̃⟩², q₀ = E⟨B⟩²/y², q₁, t = E⟨W̃⟩⟨B⟩/y, p = E⟨W̃B⟩/y, and ∂p/∂Ŝ. */
  readonly qRef: number;
  readonly q0: number;
  readonly q1: number;
  readonly t: number;
  readonly p: number;
  readonly dpds: number;
  /** R̃ = E⟨W̃⟩ and R = E⟨B⟩/y (the teacher's overlaps; 0 by symmetry without one). */
  readonly rRef: number;
  readonly r: number;
}

/** G_S and the order parameters it returns; null outside the domain (q̂₁ < q̂₀ or a non-PSD conjugate matrix). */
function entropic(x: LocalEntropyParameters, y: number, grid: Grid): Entropic | null {
  const { qRefHat, q0Hat, q1Hat, tHat, sHat } = x;
  // the teacher (gauged to W* = +1) adds constant fields R̂̃ on W̃ and R̂ on each W
  const fRef = x.rRefHat ?? 0;
  const fW = x.rHat ?? 0;
  const delta = q1Hat - q0Hat;
  if (!(delta >= 0 && q0Hat > 0 && qRefHat * q0Hat >= tHat * tHat * (1 - 1e-9))) return null;
  const sd = Math.sqrt(delta);
  const sc = sHat - tHat;
  const ch = Math.sqrt(q0Hat);
  const ct = tHat / ch;
  const dt = Math.sqrt(Math.max(0, qRefHat - (tHat * tHat) / q0Hat));
  // [2cosh]^y is bimodal in z (peaks near ±y√Δ): a trapezoid over the whole range, analytic in a
  // strip of half-width π/(2√Δ), so steps of ~0.3/√Δ are accurate to ~e^{-30}
  const h = grid.step / Math.max(1, sd);
  const Z = y * sd + 10;
  const K = Math.ceil(Z / h);
  if (2 * K + 1 > 4 * grid.maxInner) return null;
  // the h-direction (z₁) carries kinks of width ~1/y at h = ±(Ŝ − t̂) (ln L(x) ≈ ln 2cosh(yx) +
  // const): a trapezoid with steps ∝ 1/(y√q̂₀), analytic in a strip ∝ 1/(y√q̂₀); the inner
  // part depends on z₁ only, so the z₂ direction (Gauss–Hermite, through h̃ alone) is cheap
  const h1 = grid.step / Math.max(1, y * ch);
  const K1 = Math.ceil(10 / h1);
  if (2 * K1 + 1 > 4 * grid.maxInner) return null;
  const { outer } = grid;
  const n = outer.x.length;
  let g = 0;
  let dy = 0;
  let qRef = 0;
  let q0 = 0;
  let q1 = 0;
  let t = 0;
  let p = 0;
  let pp = 0;
  let b2 = 0;
  let rRef = 0;
  let r = 0;
  const lL = [0, 0];
  const T1 = [0, 0];
  const T2 = [0, 0];
  const Tc = [0, 0];
  for (let i = -K1; i <= K1; i++) {
    const z1 = i * h1;
    const w1 = h1 * Math.exp(-0.5 * z1 * z1 - LOG_SQRT_2PI);
    if (w1 === 0) continue;
    const hh = ch * z1 + fW;
    for (let side = 0; side < 2; side++) {
      const W = side === 0 ? 1 : -1;
      const xc = hh + sc * W;
      // an upper bound of y ln 2cosh(u) − z²/2 within y ln 2 of its maximum (weights ≤ 1, ≥ 2^{−y})
      const shift = y * (Math.abs(xc) + Math.LN2) + 0.5 * y * y * delta;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let sl = 0;
      for (let j = -K; j <= K; j++) {
        const zj = j * h;
        const u = xc + sd * zj;
        const lc = lnCosh2(u);
        const w = Math.exp(y * lc - 0.5 * zj * zj - shift);
        const th = Math.tanh(u);
        s0 += w;
        s1 += w * th;
        s2 += w * th * th;
        sl += w * lc;
      }
      lL[side] = Math.log(h * s0) - LOG_SQRT_2PI + shift;
      T1[side] = s1 / s0;
      T2[side] = s2 / s0;
      Tc[side] = sl / s0;
    }
    for (let k = 0; k < n; k++) {
      const wo = w1 * outer.w[k]!;
      const ht = ct * z1 + dt * outer.x[k]! + fRef;
      const l0 = ht + lL[0]!;
      const l1 = -ht + lL[1]!;
      const m = Math.max(l0, l1);
      const e0 = Math.exp(l0 - m);
      const e1 = Math.exp(l1 - m);
      const pi0 = e0 / (e0 + e1);
      const pi1 = 1 - pi0;
      const lnY = m + Math.log(e0 + e1);
      const mW = pi0 - pi1;
      const mB = pi0 * T1[0]! + pi1 * T1[1]!; // ⟨B⟩/y
      const mWB = pi0 * T1[0]! - pi1 * T1[1]!; // ⟨W̃B⟩/y
      const mT2 = pi0 * T2[0]! + pi1 * T2[1]!;
      g += wo * lnY;
      dy += wo * (pi0 * Tc[0]! + pi1 * Tc[1]!);
      qRef += wo * mW * mW;
      q0 += wo * mB * mB;
      q1 += wo * mT2;
      t += wo * mW * mB;
      p += wo * mWB;
      pp += wo * mWB * mWB;
      rRef += wo * mW;
      r += wo * mB;
      b2 += wo * (y * mT2 + 1 - mT2); // ⟨B²⟩/y
    }
  }
  return { g, dy, qRef, q0, q1, t, p, dpds: b2 - y * pp, rRef, r };
}

const ANDERSON_DEPTH = 4;

/**
 * One Anderson (type II) step from the history of iterates u_k and residuals f_k = G(u_k) − u_k:
 * γ minimizes ‖f_m − ΔF γ‖ (normal equations, ridge 1e-12·trace), then
 * u ← u_m − ΔU γ + β(f_m − ΔF γ).
 */
function andersonStep(history: readonly { u: number[]; f: number[] }[], beta: number): number[] {
  const m = history.length - 1;
  const last = history[m]!;
  const n = last.u.length;
  const dF: number[][] = [];
  const dU: number[][] = [];
  for (let j = 0; j < m; j++) {
    dF.push(last.f.map((_, i) => history[j + 1]!.f[i]! - history[j]!.f[i]!));
    dU.push(last.u.map((_, i) => history[j + 1]!.u[i]! - history[j]!.u[i]!));
  }
  const M = Array.from({ length: m }, (_, a) => Array.from({ length: m }, (_, b) => dot(dF[a]!, dF[b]!)));
  const rhs = dF.map((r) => dot(r, last.f));
  let tr = 0;
  for (let a = 0; a < m; a++) tr += M[a]![a]!;
  for (let a = 0; a < m; a++) M[a]![a]! += 1e-12 * tr + 1e-300;
  const gamma = solveSmall(M, rhs);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let ui = last.u[i]!;
    let fi = last.f[i]!;
    for (let j = 0; j < m; j++) {
      ui -= dU[j]![i]! * gamma[j]!;
      fi -= dF[j]![i]! * gamma[j]!;
    }
    out[i] = ui + beta * fi;
  }
  return out;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Gaussian elimination with partial pivoting (m ≤ 4). */
function solveSmall(M: number[][], b: number[]): number[] {
  const m = b.length;
  const A = M.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[piv]![c]!)) piv = r;
    [A[c], A[piv]] = [A[piv]!, A[c]!];
    for (let r = c + 1; r < m; r++) {
      const k = A[r]![c]! / A[c]![c]!;
      for (let j = c; j <= m; j++) A[r]![j]! -= k * A[c]![j]!;
    }
  }
  const x = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let v = A[r]![m]!;
    for (let j = r + 1; j < m; j++) v -= A[r]![j]! * x[j]!;
    x[r] = v / A[r]![r]!;
  }
  return x;
}

/** Options of {@link localEntropyRS} and the functions built on it. */
export interface LocalEntropyOptions {
  /** Damping of the order-parameter update, default 0.5. */
  readonly damping?: number;
  /** On the change of the order parameters per iteration, default 1e-8. */
  readonly tol?: number;
  /** Default 500 (Anderson-accelerated, a solvable point takes 10–200). */
  readonly maxIterations?: number;
  /** A starting point (e.g. a neighbour's saddle point); default from the Franz–Parisi-like guess. */
  readonly start?: LocalEntropyParameters;
  /**
   * `random` labels (default), or `teacher`: labels from a ±1 teacher W*, with the overlaps R̃, R
   * of the references and their replicas with it as four more order parameters.
   */
  readonly labels?: 'random' | 'teacher';
}

/**
 * The potential φ before extremization (see the module docs) at load α, overlap p, weight y and
 * the given order parameters (with a teacher when they carry R̃); NaN outside its domain.
 * {@link localEntropyRS} returns its value at the saddle point.
 * @param alpha - the load, in (0, 1)
 * @param p - the overlap with the reference, in (0, 1)
 * @param y - the weight, > 0
 * @param x - the order parameters
 */
export function localEntropyPotential(alpha: number, p: number, y: number, x: LocalEntropyParameters): number {
  const teacher = x.rRef !== undefined;
  checkNumber(alpha, 'alpha', { min: 0, max: teacher ? 2 : 1, minExclusive: true });
  checkNumber(p, 'p', { min: 0, max: 1, minExclusive: true, maxExclusive: true });
  checkNumber(y, 'y', { min: 0, minExclusive: true });
  const e = energetic(x, p, y, COARSE, teacher);
  const s = entropic(x, y, COARSE);
  if (!e || !s) return Number.NaN;
  return potential(alpha, p, y, x, s.g, e.g);
}

function potential(alpha: number, p: number, y: number, x: LocalEntropyParameters, gs: number, ge: number): number {
  return (
    0.5 * x.qRefHat * (x.qRef - 1) -
    0.5 * y * x.q1Hat * (1 + (y - 1) * x.q1) +
    0.5 * y * y * x.q0Hat * x.q0 +
    y * x.tHat * x.t -
    y * x.sHat * p -
    (x.rRefHat ?? 0) * (x.rRef ?? 0) -
    y * (x.rHat ?? 0) * (x.r ?? 0) +
    gs +
    alpha * ge
  );
}

function defaultStart(alpha: number, p: number, teacher = false): LocalEntropyParameters {
  // references typical (overlap q; with a teacher q = R̃ = m, Nishimori), each W its reference
  // with a fraction d of flips, moved inside the domain: flips alone put the Gaussian fields on
  // its boundary (σ² = 0, q̃q₀ = t²)
  let q: number;
  let qHat: number;
  if (teacher) {
    const ts = perceptronFreeEntropy('binary', alpha);
    q = ts.m;
    qHat = ts.mHat;
  } else {
    const rs = binaryPerceptronRS(alpha);
    q = rs.q;
    qHat = rs.qHat;
  }
  const t = q * p;
  return {
    qRef: q,
    q0: 1.05 * p * p * q,
    q1: p * p + 0.3 * (1 - p * p),
    t,
    qRefHat: qHat,
    q0Hat: qHat * p * p,
    q1Hat: qHat,
    tHat: qHat * p,
    sHat: Math.atanh(Math.min(p, 0.99)),
    ...(teacher ? { rRef: q, r: q * p, rRefHat: qHat, rHat: qHat * p } : {}),
  };
}

/**
 * Solves the replica-symmetric saddle point of the large-deviation ensemble at load α, distance
 * d and weight y, and returns φ, F = −φ/y, the internal (local) entropy S_I = ∂φ/∂y and the
 * external entropy Σ = φ − yS_I (see the module docs). Each returned point is re-integrated on a
 * finer grid and refused when G_S or αG_E moves by more than {@link LOCAL_ENTROPY_QUADRATURE_TOLERANCE}.
 * @param alpha - the load, in [0, 1)
 * @param distance - d ∈ (0, 1/2)
 * @param y - the weight y > 0 (finite)
 * @param options - damping, tolerance, iterations, a starting point
 * @returns the saddle point with its entropies
 * @throws ConvergenceError when the iteration leaves the domain, does not converge, or the quadrature does not resolve the point
 * @see C. Baldassi, A. Ingrosso, C. Lucibello, L. Saglietti, R. Zecchina, Subdominant dense clusters allow for simple learning and high computational performance in neural networks with discrete synapses, Phys. Rev. Lett. 115, 128101 (2015)
 */
export function localEntropyRS(
  alpha: number,
  distance: number,
  y: number,
  options: LocalEntropyOptions = {},
): LocalEntropyPoint {
  const labels = checkOneOf(options.labels ?? 'random', 'options.labels', ['random', 'teacher'] as const);
  const teacher = labels === 'teacher';
  checkNumber(alpha, 'alpha', { min: 0, max: teacher ? 2 : 1, maxExclusive: true });
  checkNumber(distance, 'distance', { min: 0, max: 0.5, minExclusive: true, maxExclusive: true });
  checkNumber(y, 'y', { min: 0, minExclusive: true });
  if (options.start && (options.start.rRef !== undefined) !== teacher)
    throw new RangeError(
      `options.start: ${teacher ? 'lacks the teacher overlaps (rRef, r, rRefHat, rHat)' : 'carries teacher overlaps but options.labels is random'}`,
    );
  const damping = checkNumber(options.damping ?? 0.5, 'options.damping', { min: 0, max: 1, maxExclusive: true });
  const tol = checkNumber(options.tol ?? 1e-8, 'options.tol', { min: 0, minExclusive: true });
  const maxIt = checkInteger(options.maxIterations ?? 500, 'options.maxIterations', { min: 1 });
  const p = 1 - 2 * distance;
  if (alpha === 0) {
    // no constraints: N(W̃, d) = C(N, Nd) for every W̃, φ = ln 2 + y h₂(d)
    const sHat = Math.atanh(p);
    const phi = Math.LN2 + y * binaryEntropy(distance);
    return {
      alpha,
      distance,
      p,
      y,
      qRef: 0,
      q0: 0,
      q1: p * p,
      t: 0,
      qRefHat: 0,
      q0Hat: 0,
      q1Hat: 0,
      tHat: 0,
      sHat,
      freeEntropy: phi,
      F: -phi / y,
      internalEntropy: binaryEntropy(distance),
      externalEntropy: Math.LN2,
      iterations: 0,
      quadratureError: 0,
    };
  }
  const name = `localEntropyRS(α = ${alpha}, d = ${distance}, y = ${y}${teacher ? ', teacher' : ''})`;
  let x: LocalEntropyParameters = options.start ?? defaultStart(alpha, p, teacher);
  let step = 1 - damping;
  let windowChange = Number.POSITIVE_INFINITY;
  const history: { u: number[]; f: number[] }[] = [];
  for (let it = 1; it <= maxIt; it++) {
    const e = energetic(x, p, y, COARSE, teacher);
    if (!e)
      throw new ConvergenceError(
        `${name}: left the domain of the energetic term (q̃ = ${x.qRef}, q₀ = ${x.q0}, q₁ = ${x.q1}, t = ${x.t})`,
        Number.NaN,
        it,
      );
    const hats = {
      ...x,
      qRefHat: alpha * e.uu,
      q0Hat: alpha * e.vv,
      q1Hat: alpha * e.jj,
      tHat: alpha * e.uv,
      ...(teacher ? { rRefHat: alpha * e.dRt, rHat: (alpha / y) * e.dR } : {}),
    };
    const s = entropic(hats, y, COARSE);
    if (!s) throw new ConvergenceError(`${name}: left the domain of the entropic term`, Number.NaN, it);
    // Ŝ by a Newton step on p(Ŝ) = p (monotone), inside the same iteration
    let ds = (p - s.p) / s.dpds;
    if (!Number.isFinite(ds)) throw new ConvergenceError(`${name}: ∂p/∂Ŝ is ${s.dpds}`, Number.NaN, it);
    ds = Math.max(-0.5, Math.min(0.5, ds));
    const change = Math.max(
      Math.abs(s.qRef - x.qRef),
      Math.abs(s.q0 - x.q0),
      Math.abs(s.q1 - x.q1),
      Math.abs(s.t - x.t),
      Math.abs(p - s.p),
      teacher ? Math.abs(s.rRef - x.rRef!) : 0,
      teacher ? Math.abs(s.r - x.r!) : 0,
    );
    // a damped step; halved towards the current point while it would leave the domain (near
    // large y, σ² = 1 − q̃ − A² is small and a full step can cross zero)
    // the damped map can settle on a cycle (seen at y ≳ 8): when the change has not halved in
    // 40 iterations, the step shrinks (down to 1/64 of the first)
    if (it % 40 === 0) {
      if (change > 0.5 * windowChange && step > (1 - damping) / 64) {
        step *= 0.5;
        history.length = 0;
      }
      windowChange = change;
    }
    let next: LocalEntropyParameters | null = null;
    // Anderson acceleration (depth ANDERSON_DEPTH) of the fixed point u = G(u), u = (q̃, q₀, q₁, t, Ŝ):
    // the damped combination of the last iterates whose residuals cancel best; a candidate
    // that leaves the domain falls back to the plain damped step (and clears the history)
    const u = [x.qRef, x.q0, x.q1, x.t, x.sHat, ...(teacher ? [x.rRef!, x.r!] : [])];
    const f = [
      s.qRef - x.qRef,
      s.q0 - x.q0,
      s.q1 - x.q1,
      s.t - x.t,
      ds,
      ...(teacher ? [s.rRef - x.rRef!, s.r - x.r!] : []),
    ];
    history.push({ u, f });
    if (history.length > ANDERSON_DEPTH + 1) history.shift();
    if (history.length > 1 && step === 1 - damping) {
      const cand = andersonStep(history, step);
      const c: LocalEntropyParameters = {
        ...hats,
        qRef: cand[0]!,
        q0: cand[1]!,
        q1: cand[2]!,
        t: cand[3]!,
        sHat: cand[4]!,
        ...(teacher ? { rRef: cand[5]!, r: cand[6]! } : {}),
      };
      if (cand.every(Number.isFinite) && inDomain(c, p, teacher)) next = c;
      else history.splice(0, history.length - 1);
    }
    for (let lam = step, tries = 0; !next && tries < 30; lam *= 0.5, tries++) {
      const mix = (a: number, b: number) => a + lam * (b - a);
      const cand: LocalEntropyParameters = {
        ...hats,
        qRef: mix(x.qRef, s.qRef),
        q0: mix(x.q0, s.q0),
        q1: mix(x.q1, s.q1),
        t: mix(x.t, s.t),
        sHat: x.sHat + Math.min(1, lam / (1 - damping)) * ds,
        ...(teacher ? { rRef: mix(x.rRef!, s.rRef), r: mix(x.r!, s.r) } : {}),
      };
      if (inDomain(cand, p, teacher)) next = cand;
    }
    if (!next) throw new ConvergenceError(`${name}: every step towards the update leaves the domain`, change, it);
    if (change < tol) {
      return finish(alpha, distance, p, y, { ...hats, sHat: x.sHat }, s, e, it, name, change, teacher);
    }
    x = next;
  }
  throw new ConvergenceError(`${name}: no convergence in ${maxIt} iterations`, Number.NaN, maxIt);
}

function finish(
  alpha: number,
  distance: number,
  p: number,
  y: number,
  x: LocalEntropyParameters,
  s: Entropic,
  e: Energetic,
  iterations: number,
  name: string,
  change: number,
  teacher: boolean,
): LocalEntropyPoint {
  const phi = potential(alpha, p, y, x, s.g, e.g);
  const sI =
    s.dy +
    alpha * e.dy -
    0.5 * x.q1Hat * (1 + (2 * y - 1) * x.q1) +
    y * x.q0Hat * x.q0 +
    x.tHat * x.t -
    x.sHat * p -
    (x.rHat ?? 0) * (x.r ?? 0);
  if (!Number.isFinite(phi) || !Number.isFinite(sI))
    throw new ConvergenceError(`${name}: the entropies are not finite`, change, iterations);
  const ef = energetic(x, p, y, FINE, teacher);
  const sf = entropic(x, y, FINE);
  const gap = ef && sf ? Math.max(alpha * Math.abs(ef.g - e.g), Math.abs(sf.g - s.g)) : Number.POSITIVE_INFINITY;
  if (!(gap <= LOCAL_ENTROPY_QUADRATURE_TOLERANCE))
    throw new ConvergenceError(
      `${name}: the quadrature is not resolved (G_S or αG_E changes by ${gap.toExponential(2)} on a finer grid [S ${sf ? Math.abs(sf.g - s.g).toExponential(2) : 'n/a'}, E ${ef ? (alpha * Math.abs(ef.g - e.g)).toExponential(2) : 'n/a'}]; q₁ = ${x.q1.toFixed(6)}, q̃ = ${x.qRef.toFixed(6)})`,
      gap,
      iterations,
    );
  return {
    alpha,
    distance,
    p,
    y,
    qRef: x.qRef,
    q0: x.q0,
    q1: x.q1,
    t: x.t,
    qRefHat: x.qRefHat,
    q0Hat: x.q0Hat,
    q1Hat: x.q1Hat,
    tHat: x.tHat,
    sHat: x.sHat,
    ...(teacher ? { rRef: x.rRef!, r: x.r!, rRefHat: x.rRefHat!, rHat: x.rHat! } : {}),
    freeEntropy: phi,
    F: -phi / y,
    internalEntropy: sI,
    externalEntropy: phi - y * sI,
    iterations,
    quadratureError: gap,
  };
}

/** Options of {@link localEntropyAtYStar}. */
export interface LocalEntropyYStarOptions extends LocalEntropyOptions {
  /** The y where the walk starts (from the Franz–Parisi saddle point, which is its y → 0 limit), default 0.25. */
  readonly yStart?: number;
  /** The largest y the walk goes to (the result is then flagged `yStarAboveMax`), default 60. */
  readonly yMax?: number;
  /** The tolerance on Σ at y*, in nats, default 1e-4. */
  readonly sigmaTol?: number;
  /** Called after each solved y (progress on a long walk). */
  readonly onStep?: (point: LocalEntropyPoint) => void;
}

/** A point at y* (see {@link localEntropyAtYStar}). */
export interface LocalEntropyYStarPoint extends LocalEntropyPoint {
  /**
   * True when Σ stayed positive up to `yMax` (small α and d, where the dense regions are
   * numerous): the point is at y = yMax and its S_I a lower bound of S_I(y*).
   */
  readonly yStarAboveMax: boolean;
  /** The points solved on the way up in y (continuation), in order. */
  readonly path: readonly LocalEntropyPoint[];
}

const PARAMETER_KEYS = ['qRef', 'q0', 'q1', 't', 'qRefHat', 'q0Hat', 'q1Hat', 'tHat', 'sHat'] as const;
const TEACHER_KEYS = ['rRef', 'r', 'rRefHat', 'rHat'] as const;

/** Linear extrapolation of the order parameters in y from two saddle points (null if it leaves the domain). */
function extrapolate(a: LocalEntropyPoint, b: LocalEntropyPoint, y: number): LocalEntropyParameters | null {
  return extrapolateIn(a, b, b.y === a.y ? 0 : (y - b.y) / (b.y - a.y), b.p);
}

/** b + f·(b − a) in every order parameter, or null when that leaves the domain at overlap p. */
function extrapolateIn(
  a: LocalEntropyPoint,
  b: LocalEntropyPoint,
  f: number,
  p: number,
): LocalEntropyParameters | null {
  const out = {} as Record<(typeof PARAMETER_KEYS)[number], number> &
    Partial<Record<(typeof TEACHER_KEYS)[number], number>>;
  for (const k of PARAMETER_KEYS) out[k] = b[k] + f * (b[k] - a[k]);
  const teacher = b.rRef !== undefined;
  if (teacher) for (const k of TEACHER_KEYS) out[k] = b[k]! + f * (b[k]! - a[k]!);
  return inDomain(out, p, teacher) ? out : null;
}

/** Continuation in d at fixed y from a solved point down to `distance`. */
function walkDistance(from: LocalEntropyPoint, distance: number, options: LocalEntropyOptions): LocalEntropyPoint {
  let prev: LocalEntropyPoint | null = null;
  let pt = from;
  while (pt.distance > distance) {
    // at large y σ² = 1 − q̃ − (p − t)²/(q₁ − q₀) is small and moves fast with p: a first step of
    // ×0.99 from the bare point, then ×0.85 (or less) from the extrapolation through the last two
    let r: LocalEntropyPoint | null = null;
    for (const factor of prev ? [0.85, 0.95, 0.99] : [0.99, 0.999]) {
      const next = Math.max(distance, pt.distance * factor);
      const p = 1 - 2 * next;
      const start = prev
        ? extrapolateIn(prev, pt, (next - pt.distance) / (pt.distance - prev.distance), p)
        : inDomain(pt, p, pt.rRef !== undefined)
          ? pt
          : null;
      if (!start) continue;
      try {
        r = localEntropyRS(from.alpha, next, from.y, { ...options, start });
        break;
      } catch (e) {
        if (!(e instanceof ConvergenceError)) throw e;
      }
    }
    if (!r)
      throw new ConvergenceError(
        `localEntropyAtYStar(α = ${from.alpha}): the continuation in d stalls at d = ${pt.distance} (y = ${from.y})`,
        Number.NaN,
        0,
      );
    prev = pt;
    pt = r;
  }
  return pt;
}

/** The Franz–Parisi saddle point at d as a large-deviation start (its y → 0 limit); null where it does not converge. */
function franzParisiStart(alpha: number, distance: number): LocalEntropyParameters | null {
  try {
    const fp = franzParisiEntropy(alpha, distance);
    const rs = binaryPerceptronRS(alpha);
    // at y → 0 the constrained replicas of different references meet only through them: q₀ = t²/q
    return {
      qRef: rs.q,
      q0: (fp.t * fp.t) / rs.q,
      q1: fp.q1,
      t: fp.t,
      qRefHat: rs.qHat,
      q0Hat: (fp.tHat * fp.tHat) / rs.qHat,
      q1Hat: fp.q1Hat,
      tHat: fp.tHat,
      sHat: fp.pHat,
    };
  } catch (e) {
    if (e instanceof ConvergenceError) return null;
    throw e;
  }
}

/**
 * The saddle point at (d, y): from the Franz–Parisi point at d, or, where that does not resolve
 * (small d, where the constrained replicas of a typical solution freeze), by continuation in d
 * at this y from the nearest larger d where it does (steps of ×0.85).
 */
function smallYPoint(alpha: number, distance: number, y: number, options: LocalEntropyOptions): LocalEntropyPoint {
  // with a teacher there is no Franz–Parisi start here: the generic guess
  if (options.labels === 'teacher') return localEntropyRS(alpha, distance, y, options);
  const direct = franzParisiStart(alpha, distance);
  if (direct) {
    try {
      return localEntropyRS(alpha, distance, y, { ...options, start: direct });
    } catch (e) {
      if (!(e instanceof ConvergenceError)) throw e;
    }
  }
  let d = distance;
  let start: LocalEntropyParameters | null = null;
  while (!start && d < 0.3) {
    d = Math.min(0.3, d * 2);
    start = franzParisiStart(alpha, d);
  }
  if (!start)
    throw new ConvergenceError(
      `localEntropyAtYStar(α = ${alpha}, d = ${distance}): no Franz–Parisi start up to d = 0.3`,
      Number.NaN,
      0,
    );
  return walkDistance(localEntropyRS(alpha, d, y, { ...options, start }), distance, options);
}

/**
 * The local entropy S_I(d) at y*, the largest y where the replica-symmetric large-deviation
 * result is physical (external entropy Σ(d, y) = φ − yS_I ≥ 0; the thesis's "maximum consistent
 * inverse temperature"; beyond it the physical ensemble stays frozen at y*, so this is the
 * y → ∞ local entropy of the densest regions): continuation in y from the Franz–Parisi point
 * (its y → 0 limit) with steps of max(0.5, y/2) (halved on failure), each start extrapolated
 * from the two last points, then regula falsi on Σ(y) = 0 once Σ changes sign. Where the
 * small-y branch freezes (small d, large α), the walk starts instead from the solution at 2d
 * continued in d at moderate y. Where Σ stays positive up to `yMax` (small α and d), the point
 * at yMax is returned, flagged `yStarAboveMax`.
 * @param alpha - the load, in (0, 1) (with a teacher, in (0, 2))
 * @param distance - d ∈ (0, 1/2)
 * @param options - see {@link LocalEntropyYStarOptions}
 * @returns the saddle point at y* (or at yMax) with the path that led there
 * @throws ConvergenceError when a step does not converge even when halved, on both routes
 * @see C. Baldassi et al., Phys. Rev. Lett. 115, 128101 (2015)
 */
export function localEntropyAtYStar(
  alpha: number,
  distance: number,
  options: LocalEntropyYStarOptions = {},
): LocalEntropyYStarPoint {
  checkNumber(alpha, 'alpha', {
    min: 0,
    max: options.labels === 'teacher' ? 2 : 1,
    minExclusive: true,
    maxExclusive: true,
  });
  checkNumber(distance, 'distance', { min: 0, max: 0.5, minExclusive: true, maxExclusive: true });
  const yStart = checkNumber(options.yStart ?? 0.25, 'options.yStart', { min: 0, minExclusive: true });
  const yMax = checkNumber(options.yMax ?? 60, 'options.yMax', { min: yStart, minExclusive: true });
  const sigmaTol = checkNumber(options.sigmaTol ?? 1e-4, 'options.sigmaTol', { min: 0, minExclusive: true });
  const name = `localEntropyAtYStar(α = ${alpha}, d = ${distance})`;
  const solveAt = (y: number, start: LocalEntropyParameters | undefined) =>
    localEntropyRS(alpha, distance, y, { ...options, start });
  const path: LocalEntropyPoint[] = [];
  const push = (pt: LocalEntropyPoint) => {
    path.push(pt);
    options.onStep?.(pt);
  };
  // Σ changed sign in (a.y, b.y), Σ(a) > 0 > Σ(b): regula falsi (Illinois)
  const bracketed = (lo: LocalEntropyPoint, hi: LocalEntropyPoint): LocalEntropyYStarPoint => {
    let a = lo;
    let b = hi;
    let side = 0;
    for (let it = 0; it < 40; it++) {
      let fa = a.externalEntropy;
      let fb = b.externalEntropy;
      if (side === -1) fa *= 0.5;
      if (side === 1) fb *= 0.5;
      const yr = (a.y * fb - b.y * fa) / (fb - fa);
      // start from the interpolation between the bracket's ends (the nearer end if it leaves the domain)
      const r = solveAt(yr, extrapolate(a, b, yr) ?? (yr - a.y < b.y - yr ? a : b));
      if (Math.abs(r.externalEntropy) < sigmaTol || Math.abs(b.y - a.y) < 1e-6)
        return { ...r, path, yStarAboveMax: false };
      if (r.externalEntropy > 0) {
        push(r);
        a = r;
        side = 1;
      } else {
        b = r;
        side = -1;
      }
    }
    throw new ConvergenceError(`${name}: Σ(y) = 0 not located in 40 steps`, b.y - a.y, 40);
  };
  // from a first point: down in y if Σ < 0 there, else up until Σ changes sign or y = yMax
  const walk = (first: LocalEntropyPoint): LocalEntropyYStarPoint => {
    if (first.externalEntropy < 0) {
      // y* lies below: step down (×0.8) until Σ > 0, then bracket
      let hi = first;
      for (let y = hi.y * 0.8; y >= yStart; y *= 0.8) {
        const lo = solveAt(y, hi);
        if (lo.externalEntropy > 0) {
          push(lo);
          return bracketed(lo, hi);
        }
        hi = lo;
      }
      throw new ConvergenceError(`${name}: Σ < 0 down to y = ${yStart}`, hi.externalEntropy, 0);
    }
    push(first);
    let dy = Math.max(0.5, path[0]!.y);
    for (;;) {
      const last = path[path.length - 1]!;
      // Σ > 0 up to yMax: y* lies above; S_I there is a lower bound of S_I(y*) (it grows with y)
      if (last.y >= yMax) return { ...last, path, yStarAboveMax: true };
      const y = Math.min(yMax, last.y + dy);
      const prev = path.length > 1 ? path[path.length - 2]! : null;
      let pt: LocalEntropyPoint;
      try {
        pt = solveAt(y, (prev && extrapolate(prev, last, y)) ?? last);
      } catch (e) {
        if (!(e instanceof ConvergenceError) || dy < 0.1) throw e;
        dy *= 0.5;
        continue;
      }
      if (pt.externalEntropy > 0) {
        push(pt);
        dy = Math.max(0.5, y / 2);
        continue;
      }
      return bracketed(last, pt);
    }
  };
  if (options.start) return walk(solveAt(yStart, options.start));
  try {
    return walk(smallYPoint(alpha, distance, yStart, options));
  } catch (e) {
    if (!(e instanceof ConvergenceError) || distance >= 0.15) throw e;
  }
  // near d → 0 at large α the small-y saddle point freezes (q₁ → 1, as Franz–Parisi's does) and
  // the walk up from it stalls, while the larger-y one need not: walk y at 2d, take its last
  // point with y ≤ 16, continue in d down to the target there, and walk on from that point
  path.length = 0;
  const coarse = localEntropyAtYStar(alpha, 2 * distance, { ...options, onStep: undefined });
  const moderate = coarse.path.filter((pt) => pt.y <= 16);
  return walk(walkDistance(moderate[moderate.length - 1] ?? coarse.path[0]!, distance, options));
}

/** One load's local-entropy profile at y* (see {@link localEntropyProfile}). */
export interface LocalEntropyProfile {
  readonly alpha: number;
  /** The solved points, by increasing d. */
  readonly points: readonly LocalEntropyYStarPoint[];
  /** The distances where the walk failed, with the reason (typically the constrained replicas freezing, q₁ → 1). */
  readonly failed: readonly { readonly distance: number; readonly reason: string }[];
  /**
   * True when every distance solved, S_I(d) > 0 and it rises with d: the dense region reaches
   * down to d → 0 (S_I(0) = 0). False when S_I falls somewhere, is negative, or a distance below
   * a solved one freezes (no exponential number of solutions that close to the reference).
   */
  readonly monotone: boolean;
}

/**
 * S_I(d) at y* on a grid of distances at one load, and whether it is monotone (see
 * {@link LocalEntropyProfile}); the load α_U where it stops being so is the one where the dense
 * regions break up (≈ 0.77 with random labels, Baldassi et al. 2015).
 * @param alpha - the load, in (0, 1)
 * @param distances - d values in (0, 1/2)
 * @param options - passed to {@link localEntropyAtYStar} for every point
 */
export function localEntropyProfile(
  alpha: number,
  distances: readonly number[],
  options: LocalEntropyYStarOptions = {},
): LocalEntropyProfile {
  checkNumber(alpha, 'alpha', {
    min: 0,
    max: options.labels === 'teacher' ? 2 : 1,
    minExclusive: true,
    maxExclusive: true,
  });
  if (distances.length === 0) throw new RangeError('distances: expected at least one distance');
  distances.forEach((d, i) => {
    checkNumber(d, `distances[${i}]`, { min: 0, max: 0.5, minExclusive: true, maxExclusive: true });
  });
  const ds = [...new Set(distances)].sort((a, b) => a - b);
  const points: LocalEntropyYStarPoint[] = [];
  const failed: { distance: number; reason: string }[] = [];
  for (const d of ds) {
    try {
      points.push(localEntropyAtYStar(alpha, d, options));
    } catch (e) {
      if (!(e instanceof ConvergenceError)) throw e;
      failed.push({ distance: d, reason: e.message });
    }
  }
  const rising = points.every(
    (p, i) => p.internalEntropy > 0 && (i === 0 || p.internalEntropy > points[i - 1]!.internalEntropy),
  );
  return { alpha, points, failed, monotone: failed.length === 0 && rising };
}

/** What {@link localEntropyTransition} returns. */
export interface LocalEntropyTransition {
  /** The estimate of α_U: the middle of the final bracket. */
  readonly alphaU: number;
  /** The largest load found monotone. */
  readonly below: number;
  /** The smallest load found not monotone. */
  readonly above: number;
  /** Every profile computed, in the order of the bisection. */
  readonly profiles: readonly LocalEntropyProfile[];
}

/**
 * The load α_U where the local entropy S_I(d) at y* stops being monotone on the given grid of
 * distances (see {@link localEntropyProfile}), by bisection between a monotone and a
 * non-monotone load. Each step solves the whole grid: minutes.
 * @param o - `below`/`above` the starting bracket (default 0.7 and 0.8; with `labels: 'teacher'`
 *   1 and 1.2), `distances` (default 0.005, 0.01, 0.02, 0.03, 0.05), `tol` the bracket width to
 *   stop at (default 0.005), and `onProfile` called after each load
 * @throws RangeError when the starting bracket does not bracket (below not monotone, or above monotone)
 * @see C. Baldassi et al., Phys. Rev. Lett. 115, 128101 (2015)
 */
export function localEntropyTransition(
  o: {
    readonly below?: number;
    readonly above?: number;
    readonly distances?: readonly number[];
    readonly tol?: number;
    /** `random` (default) or `teacher` labels. */
    readonly labels?: 'random' | 'teacher';
    readonly onProfile?: (profile: LocalEntropyProfile) => void;
  } = {},
): LocalEntropyTransition {
  const teacher = o.labels === 'teacher';
  const top = teacher ? 2 : 1;
  let below = checkNumber(o.below ?? (teacher ? 1 : 0.7), 'options.below', {
    min: 0,
    max: top,
    minExclusive: true,
    maxExclusive: true,
  });
  let above = checkNumber(o.above ?? (teacher ? 1.2 : 0.8), 'options.above', {
    min: below,
    max: top,
    minExclusive: true,
    maxExclusive: true,
  });
  const tol = checkNumber(o.tol ?? 0.005, 'options.tol', { min: 0, minExclusive: true });
  const distances = o.distances ?? [0.005, 0.01, 0.02, 0.03, 0.05];
  const profiles: LocalEntropyProfile[] = [];
  const at = (alpha: number) => {
    const p = localEntropyProfile(alpha, distances, teacher ? { labels: 'teacher' } : {});
    profiles.push(p);
    o.onProfile?.(p);
    return p.monotone;
  };
  if (!at(below)) throw new RangeError(`options.below: S_I(d) is not monotone at α = ${below}; lower it`);
  if (at(above)) throw new RangeError(`options.above: S_I(d) is still monotone at α = ${above}; raise it`);
  while (above - below > tol) {
    const mid = 0.5 * (below + above);
    if (at(mid)) below = mid;
    else above = mid;
  }
  return { alphaU: 0.5 * (below + above), below, above, profiles };
}
