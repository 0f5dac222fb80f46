/**
 * The Amit–Gutfreund–Sompolinsky replica-symmetric theory of the Hopfield model
 * at load α = K/N and temperature T, its zero-temperature limit (α_c ≈ 0.138),
 * and the lines of its phase diagram.
 * @module
 */
import { brent, erf, gaussianExpectationAdaptive, tanhBreakpoints } from '@replica/spin-core/math';

/** A replica-symmetric saddle point. */
export interface AgsSolution {
  readonly alpha: number;
  readonly temperature: number;
  /** `retrieval` (m > 0), `spin-glass` (m = 0, q > 0) or `paramagnet` (m = q = 0). */
  readonly phase: 'retrieval' | 'spin-glass' | 'paramagnet';
  /** Retrieval overlap m, EA parameter q, and r (the noise from the other patterns). */
  readonly m: number;
  readonly q: number;
  readonly r: number;
  /** Free energy per spin f. */
  readonly freeEnergy: number;
}

function checkLoad(alpha: number, temperature: number): void {
  if (!(alpha >= 0) || !Number.isFinite(alpha)) throw new RangeError(`alpha: expected a load ≥ 0, got ${alpha}`);
  if (!(temperature > 0) || !Number.isFinite(temperature))
    throw new RangeError(`temperature: expected T > 0 (use agsZeroTemperature for T = 0), got ${temperature}`);
}

const logTwoCosh = (x: number) => Math.abs(x) + Math.log1p(Math.exp(-2 * Math.abs(x)));
const QUAD = { absTol: 1e-13, relTol: 1e-11 };

/**
 * The RS free energy per spin
 * f = α/2 + m²/2 + (α/2β)[ln(1 − β(1 − q)) − βq/(1 − β(1 − q))] + (αβ/2) r(1 − q) − T ∫Dz ln 2cosh β(m + √(αr) z).
 */
export function agsFreeEnergy(alpha: number, temperature: number, m: number, q: number, r: number): number {
  const beta = 1 / temperature;
  const c = 1 - beta * (1 - q);
  if (!(c > 0)) return Number.NaN;
  const s = Math.sqrt(alpha * r);
  return (
    alpha / 2 +
    (m * m) / 2 +
    (alpha / (2 * beta)) * (Math.log(c) - (beta * q) / c) +
    ((alpha * beta) / 2) * r * (1 - q) -
    temperature *
      gaussianExpectationAdaptive((z) => logTwoCosh(beta * (m + s * z)), {
        ...QUAD,
        breakpoints: tanhBreakpoints(beta * s, beta * m),
      })
  );
}

/**
 * At fixed m, the q of the RS equations: the root of ∫Dz tanh² β(m + √(αr(q)) z) − q with
 * r(q) = q/(1 − β(1 − q))², bracketed in (max(0, 1 − T), 1] (the left end is where r → ∞).
 * Returns q = 0 when m = 0 and the paramagnet is the only solution (T ≥ 1 + √α).
 */
function solveQ(alpha: number, beta: number, m: number): { q: number; r: number } {
  const rOf = (q: number) => q / (1 - beta * (1 - q)) ** 2;
  const h = (q: number) => {
    const s = Math.sqrt(alpha * rOf(q));
    return (
      gaussianExpectationAdaptive((z) => Math.tanh(beta * (m + s * z)) ** 2, {
        ...QUAD,
        breakpoints: tanhBreakpoints(beta * s, beta * m),
      }) - q
    );
  };
  const lo = Math.max(0, 1 - 1 / beta) + 1e-12;
  if (h(lo) <= 0) return { q: 0, r: 0 };
  // Deep in the ordered phase 1 − q is below f64 resolution (∫Dz sech² ~ e^{−y²}/β): q = 1 is the root.
  if (h(1) >= 0) return { q: 1, r: rOf(1) };
  const q = brent(h, lo, 1, { tol: 1e-14 });
  return { q, r: rOf(q) };
}

/** Φ(m) = ∫Dz tanh β(m + √(α r(m)) z) − m with q, r solved at that m: retrieval states are its roots m > 0. */
function phi(alpha: number, beta: number, m: number): number {
  const { r } = solveQ(alpha, beta, m);
  const s = Math.sqrt(alpha * r);
  return (
    gaussianExpectationAdaptive((z) => Math.tanh(beta * (m + s * z)), {
      ...QUAD,
      breakpoints: tanhBreakpoints(beta * s, beta * m),
    }) - m
  );
}

/** The retrieval root of Φ (largest m with Φ crossing from + to −), or null when max Φ ≤ 0 on (0, 1]. */
function retrievalRoot(alpha: number, beta: number): number | null {
  const grid = 48;
  let best = Number.NEGATIVE_INFINITY;
  let bestM = 0;
  let prevM = 1;
  let prev = phi(alpha, beta, 1);
  // Φ(1) = ∫Dz tanh(…) − 1 ≤ 0; a non-negative value means 1 − m is below f64 resolution: m = 1.
  if (prev >= 0) return 1;
  for (let k = grid - 1; k >= 1; k--) {
    const m = k / grid;
    const v = phi(alpha, beta, m);
    if (v > 0 && prev <= 0) return brent((x) => phi(alpha, beta, x), m, prevM, { tol: 1e-13 });
    if (v > best) {
      best = v;
      bestM = m;
    }
    prev = v;
    prevM = m;
  }
  // A narrow hump between grid points (near the spinodal): refine its maximum by golden section.
  let a = Math.max(1e-3, bestM - 1 / grid);
  let b = Math.min(1, bestM + 1 / grid);
  const gr = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 60; it++) {
    const c = b - gr * (b - a);
    const d = a + gr * (b - a);
    if (phi(alpha, beta, c) > phi(alpha, beta, d)) b = d;
    else a = c;
  }
  const mMax = 0.5 * (a + b);
  if (phi(alpha, beta, mMax) <= 0) return null;
  return brent((x) => phi(alpha, beta, x), mMax, 1, { tol: 1e-13 });
}

/**
 * The AGS replica-symmetric saddle point at (α, T):
 * m = ∫Dz tanh β(m + √(αr) z), q = ∫Dz tanh² β(m + √(αr) z), r = q/(1 − β(1 − q))².
 * Solved robustly: at fixed m, q is a bracketed root; retrieval solutions are roots of
 * Φ(m) = ∫Dz tanh β(m + √(αr(m)) z) − m. `start: 'retrieval'` (default) returns the retrieval
 * solution when one exists, else the m = 0 one; `'spin-glass'` returns the m = 0 solution.
 * Integrals by adaptive Gauss–Kronrod (accurate at low T).
 * @see D. J. Amit, H. Gutfreund, H. Sompolinsky, "Storing infinite numbers of patterns in a spin-glass model of neural networks", PRL 55 (1985); Ann. Phys. 173 (1987).
 */
export function agsReplicaSymmetric(
  alpha: number,
  temperature: number,
  options: { start?: 'retrieval' | 'spin-glass' } = {},
): AgsSolution {
  checkLoad(alpha, temperature);
  const beta = 1 / temperature;
  const start = options.start ?? 'retrieval';
  if (start !== 'retrieval' && start !== 'spin-glass')
    throw new RangeError(`start: expected 'retrieval' or 'spin-glass', got ${JSON.stringify(start)}`);
  const m =
    start === 'retrieval' && alpha > 0
      ? retrievalRoot(alpha, beta)
      : start === 'retrieval'
        ? pureRetrieval(beta)
        : null;
  if (m !== null && m > 0) {
    const { q, r } = solveQ(alpha, beta, m);
    return { alpha, temperature, phase: 'retrieval', m, q, r, freeEnergy: agsFreeEnergy(alpha, temperature, m, q, r) };
  }
  const { q, r } = alpha > 0 ? solveQ(alpha, beta, 0) : { q: 0, r: 0 };
  const phase = q > 0 ? 'spin-glass' : 'paramagnet';
  return {
    alpha,
    temperature,
    phase,
    m: 0,
    q,
    r,
    freeEnergy:
      q > 0
        ? agsFreeEnergy(alpha, temperature, 0, q, r)
        : alpha / 2 - temperature * Math.LN2 + (alpha / (2 * beta)) * Math.log(1 - beta),
  };
}

/** α = 0: the Curie–Weiss equation m = tanh(βm); null above T = 1. */
function pureRetrieval(beta: number): number | null {
  if (beta <= 1) return null;
  return brent((m) => Math.tanh(beta * m) - m, 1e-9, 1, { tol: 1e-15 });
}

/** The zero-temperature AGS solution. */
export interface AgsZeroTemperature {
  readonly alpha: number;
  /** m = erf(y) on the retrieval branch, 0 when there is none. */
  readonly m: number;
  /** y = m/√(2αr) (0 without retrieval). */
  readonly y: number;
  /** C = β(1 − q) → √(2/(παr)) e^{−y²}. */
  readonly C: number;
  readonly r: number;
  readonly retrieval: boolean;
}

/** g(y) = erf(y)/y − (2/√π) e^{−y²}: the T = 0 equations reduce to √(2α) = g(y). */
function g(y: number): number {
  return erf(y) / y - (2 / Math.sqrt(Math.PI)) * Math.exp(-y * y);
}

/** The maximum of g(y) and where it is (golden-section search on [0.5, 5]). */
function gMax(): { y: number; value: number } {
  let a = 0.5;
  let b = 5;
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  for (let it = 0; it < 200 && b - a > 1e-13; it++) {
    if (g(c) > g(d)) b = d;
    else a = c;
    c = b - phi * (b - a);
    d = a + phi * (b - a);
  }
  const y = 0.5 * (a + b);
  return { y, value: g(y) };
}

/**
 * The zero-temperature limit: with C = β(1 − q) finite, m = erf(y), y = m/√(2αr),
 * r = 1/(1 − C)², C = √(2/(παr)) e^{−y²}; eliminating gives √(2α) = erf(y)/y − (2/√π)e^{−y²}.
 * The retrieval branch is the larger root y; it exists for α ≤ α_c.
 */
export function agsZeroTemperature(alpha: number): AgsZeroTemperature {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`alpha: expected a load > 0, got ${alpha}`);
  const peak = gMax();
  const target = Math.sqrt(2 * alpha);
  if (target > peak.value) return { alpha, m: 0, y: 0, C: 0, r: 0, retrieval: false };
  // g decreases from its peak to 0 as y → ∞: bracket the larger root.
  let hi = peak.y;
  while (g(hi) > target) hi *= 2;
  const y = target === peak.value ? peak.y : brent((t) => g(t) - target, peak.y, hi, { tol: 1e-15 });
  const m = erf(y);
  const C = 1 - (y * Math.sqrt(2 * alpha)) / m;
  return { alpha, m, y, C, r: 1 / (1 - C) ** 2, retrieval: true };
}

/** The zero-temperature capacity α_c ≈ 0.138 and the retrieval overlap there (m ≈ 0.967). */
export function agsCriticalLoad(): { alpha: number; m: number } {
  const peak = gMax();
  return { alpha: (peak.value * peak.value) / 2, m: erf(peak.y) };
}

/** T_g(α) = 1 + √α: below it the spin-glass solution q > 0 exists. */
export function spinGlassTemperature(alpha: number): number {
  if (!(alpha >= 0)) throw new RangeError(`alpha: expected a load ≥ 0, got ${alpha}`);
  return 1 + Math.sqrt(alpha);
}

/** Options of the transition lines: the load resolution of the bisection. */
export interface LineOptions {
  readonly tol?: number;
}

function checkTemperature(T: number): void {
  if (!(T >= 0) || !Number.isFinite(T)) throw new RangeError(`temperature: expected T ≥ 0, got ${T}`);
}

/**
 * The T_M line as α_M(T): the largest load at which a retrieval solution (m > 0) exists at
 * temperature T, by bisection in α. α_M(0) = α_c ≈ 0.138; 0 for T ≥ 1.
 * (Parametrized by T because the RS lines are re-entrant near T = 0.)
 */
export function retrievalLoad(temperature: number, options: LineOptions = {}): number {
  checkTemperature(temperature);
  const tol = options.tol ?? 1e-5;
  if (temperature === 0) return agsCriticalLoad().alpha;
  if (temperature >= 1) return 0;
  const beta = 1 / temperature;
  let lo = 0;
  let hi = 0.15;
  while (hi - lo > tol) {
    const mid = 0.5 * (lo + hi);
    if (retrievalRoot(mid, beta) !== null) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The T_c line as α_c(T): the largest load at which the retrieval state is the global
 * minimum (f_retrieval < f_spin-glass) at temperature T > 0, by bisection in α. Known
 * features: α_c(T → 0) ≈ 0.051, and a re-entrant maximum α ≈ 0.054 near T ≈ 0.1.
 */
export function globalMinimumLoad(temperature: number, options: LineOptions = {}): number {
  checkTemperature(temperature);
  if (temperature === 0) throw new RangeError('temperature: the free energies need T > 0; use a small T such as 0.005');
  const tol = options.tol ?? 1e-5;
  if (temperature >= 1) return 0;
  const wins = (alpha: number) => {
    const ret = agsReplicaSymmetric(alpha, temperature);
    return (
      ret.phase === 'retrieval' &&
      ret.freeEnergy < agsReplicaSymmetric(alpha, temperature, { start: 'spin-glass' }).freeEnergy
    );
  };
  let lo = 0;
  let hi = retrievalLoad(temperature, options);
  if (!wins(Math.max(tol, 1e-4))) return 0;
  while (hi - lo > tol) {
    const mid = 0.5 * (lo + hi);
    if (wins(mid)) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** The retrieval overlap the AGS theory predicts at (α, T), with the phase it belongs to. */
export interface AgsRetrievalOverlap {
  /** m of the retrieval state, 0 where none exists. */
  readonly m: number;
  /** `retrieval`, `spin-glass` or `paramagnet`. */
  readonly phase: string;
}

/**
 * The overlap a stored pattern keeps at load α and temperature T: m of the AGS retrieval state
 * (the zero-temperature limit at T = 0), 0 where no retrieval state exists.
 * @param alpha - load α = K/N ≥ 0
 * @param temperature - T ≥ 0
 * @returns m and the phase
 * @see Amit, Gutfreund, Sompolinsky, Ann. Phys. 173 (1987).
 */
export function agsRetrievalOverlap(alpha: number, temperature: number): AgsRetrievalOverlap {
  if (temperature === 0) {
    const z = agsZeroTemperature(alpha);
    return z.retrieval ? { m: z.m, phase: 'retrieval' } : { m: 0, phase: 'spin-glass' };
  }
  const s = agsReplicaSymmetric(alpha, temperature);
  return { m: s.phase === 'retrieval' ? s.m : 0, phase: s.phase };
}

/**
 * The AGS curve m(α) at temperature T for a figure: 81 points of the retrieval branch up to the
 * load where it disappears (α_c at T = 0, α_M(T) above), then the drop to m = 0 out to `alphaMax`.
 * @param temperature - T ≥ 0
 * @param alphaMax - the right end of the curve
 * @returns the points and the load where the branch ends
 */
export function agsRetrievalCurve(
  temperature: number,
  alphaMax: number,
): { points: { x: number; y: number }[]; alphaEnd: number } {
  const end = temperature === 0 ? agsCriticalLoad().alpha : retrievalLoad(temperature);
  const points: { x: number; y: number }[] = [];
  if (end > 0) {
    const top = Math.min(end, alphaMax) * (1 - 1e-9);
    for (let i = 0; i <= 80; i++) {
      const a = 1e-4 + ((top - 1e-4) * i) / 80;
      points.push({ x: a, y: agsRetrievalOverlap(a, temperature).m });
    }
  }
  if (end < alphaMax) points.push({ x: end, y: 0 }, { x: alphaMax, y: 0 });
  return { points, alphaEnd: end };
}
