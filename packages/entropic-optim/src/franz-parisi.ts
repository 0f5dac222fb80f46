/**
 * The Franz–Parisi entropy of the binary perceptron: the log-number of solutions W at a given
 * normalized Hamming distance d = (1 − p)/2 from a reference W̃ drawn uniformly among all the
 * solutions (a typical, equilibrium one), replica symmetric (Huang & Kabashima 2014):
 *
 *   S(p) = extr [ −q̂₁(1 − q₁)/2 + t̂t − p̂p + G_S + αG_E ],
 *   G_S = ∫Dz Σ_{W̃=±1} ½(1 + W̃ tanh √q̂z) ∫Dy ln 2cosh(t̂z/√q̂ + √(q̂₁ − t̂²/q̂) y + (p̂ − t̂)W̃),
 *   G_E = ∫Dz ⟨ ∫Dy ln H(−(tz/√q + Au + By)/√(1 − q₁)) ⟩_{u > −√q z/√(1−q)},
 *
 * with A = (p − t)/√(1 − q), B² = q₁ − t²/q − A², (q, q̂) the equilibrium saddle point of
 * {@link binaryPerceptronRS}, q₁ the overlap of two constrained solutions, t their overlap
 * with the other reference replicas and p with the reference. At p = q it is the equilibrium
 * entropy s(α); it is negative at small d: typical solutions are isolated.
 * @module
 */
import { brent, ConvergenceError, H, logH } from '@replica/spin-core/math';
import { checkNumber } from '@replica/webgpu-kernels';
import { binaryEntropy, legendreRule, lnCosh2, normalRule } from './quadrature';
import { binaryPerceptronRS } from './theory';

/** The Franz–Parisi saddle point at one distance. */
export interface FranzParisiPoint {
  readonly alpha: number;
  /** d = (1 − p)/2. */
  readonly distance: number;
  /** p = W·W̃/N. */
  readonly p: number;
  /** S(d): the entropy density of solutions at distance d from a typical solution, in nats. */
  readonly entropy: number;
  readonly q1: number;
  readonly q1Hat: number;
  readonly t: number;
  readonly tHat: number;
  readonly pHat: number;
  readonly iterations: number;
  /** How much G_S or αG_E changes on a finer quadrature grid at this point (at most {@link FRANZ_PARISI_QUADRATURE_TOLERANCE}). */
  readonly quadratureError: number;
}

/** A tensor-product rule: z (Gauss–Hermite), u given u > −κz (Gauss–Legendre, per z node), y (Gauss–Hermite). */
interface Grid {
  readonly Z: { x: Float64Array; w: Float64Array };
  readonly Y: { x: Float64Array; w: Float64Array };
  readonly U: { x: Float64Array; w: Float64Array };
}
const COARSE: Grid = { Z: normalRule(40), Y: normalRule(28), U: legendreRule(32) };
// the check of every returned point: G_S and G_E again on a finer grid
const FINE: Grid = { Z: normalRule(56), Y: normalRule(48), U: legendreRule(48) };
/** The largest change of G_S or αG_E between the two quadrature grids that a returned point may show. */
export const FRANZ_PARISI_QUADRATURE_TOLERANCE = 1e-5;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** The reference's conditional law of u given u > a (a standard normal): nodes and weights on [a, a + L]. */
function truncatedRule(U: Grid['U'], a: number): { x: Float64Array; w: Float64Array } {
  const len = Math.max(12 / Math.max(1, a), 9 - a);
  const x = new Float64Array(U.x.length);
  const w = new Float64Array(U.x.length);
  const mass = H(a);
  const logMass = logH(a);
  for (let k = 0; k < x.length; k++) {
    const u = a + 0.5 * len * (U.x[k]! + 1);
    x[k] = u;
    // density φ(u)/H(a), in logs: far in the tail both underflow
    w[k] = 0.5 * len * U.w[k]! * Math.exp(-0.5 * u * u - LOG_SQRT_2PI - logMass);
  }
  if (!(mass >= 0))
    throw new ConvergenceError(`franzParisi: the reference weight H(${a}) is not a number`, Number.NaN, 0);
  return { x, w };
}

interface Reference {
  readonly q: number;
  readonly qHat: number;
  /** Per z node: the truncated rule of u. */
  /** Per z node of each grid: the truncated rule of u. */
  readonly coarse: { x: Float64Array; w: Float64Array }[];
  readonly fine: { x: Float64Array; w: Float64Array }[];
}

const references = new Map<number, Reference>();

function reference(alpha: number): Reference {
  const hit = references.get(alpha);
  if (hit) return hit;
  if (references.size > 64) references.clear();
  const rs = binaryPerceptronRS(alpha);
  const kappa = Math.sqrt(rs.q / (1 - rs.q));
  const rules = (g: Grid) => Array.from(g.Z.x, (z) => truncatedRule(g.U, -kappa * z));
  const ref = { q: rs.q, qHat: rs.qHat, coarse: rules(COARSE), fine: rules(FINE) };
  references.set(alpha, ref);
  return ref;
}

/** R(y) = G(y)/H(y), the Mills-ratio hazard of the standard normal (stable in both tails). */
const hazard = (y: number) => Math.exp(-0.5 * y * y - LOG_SQRT_2PI - logH(y));

/**
 * G_E(q₁, t) at overlap p and its partial derivatives, analytic (the y-smoothing by the heat
 * equation, ∂/∂B² ∫Dy f(m + By) = ½∫Dy f″(m + By), so they hold at the boundary B = 0 where
 * the equilibrium point p = q lies); NaN outside the domain B² ≥ 0.
 */
function energetic(
  ref: Reference,
  p: number,
  q1: number,
  t: number,
  fine = false,
): { g: number; dq1: number; dt: number } {
  const { Z, Y } = fine ? FINE : COARSE;
  const rules = fine ? ref.fine : ref.coarse;
  const { q } = ref;
  const sqrt1q = Math.sqrt(1 - q);
  const A = (p - t) / sqrt1q;
  const B2 = q1 - (t * t) / q - A * A;
  if (B2 < -1e-12 || q1 >= 1) return { g: Number.NaN, dq1: Number.NaN, dt: Number.NaN };
  const B = Math.sqrt(Math.max(B2, 0));
  const s = 1 / Math.sqrt(1 - q1);
  const ds = 0.5 * s * s * s; // ∂s/∂q₁
  const dB2dt = (-2 * t) / q + (2 * A) / sqrt1q;
  const cz = t / Math.sqrt(q);
  let g = 0;
  let dq1 = 0;
  let dt = 0;
  for (let i = 0; i < Z.x.length; i++) {
    const z = Z.x[i]!;
    const rule = rules[i]!;
    for (let k = 0; k < rule.x.length; k++) {
      const u = rule.x[k]!;
      const m0 = cz * z + A * u;
      // φ(x) = ln H(−xs): φ′ = sR(−xs), φ″ = −s²R(−xs)(R(−xs) + xs), ∂φ/∂s = xR(−xs)
      let f = 0;
      let f1 = 0;
      let f2 = 0;
      let fs = 0;
      for (let j = 0; j < Y.x.length; j++) {
        const x = m0 + B * Y.x[j]!;
        const y = -x * s;
        const R = hazard(y);
        const wj = Y.w[j]!;
        f += wj * logH(y);
        f1 += wj * s * R;
        f2 -= wj * s * s * R * (R - y);
        fs += wj * x * R;
      }
      const w = Z.w[i]! * rule.w[k]!;
      g += w * f;
      dq1 += w * (0.5 * f2 + ds * fs);
      dt += w * ((z / Math.sqrt(q) - u / sqrt1q) * f1 + 0.5 * dB2dt * f2);
    }
  }
  return { g, dq1, dt };
}

/** G_S and its derivatives (∂/∂t̂, ∂/∂p̂, and E[1 − tanh²] = 2∂/∂q̂₁). */
function entropic(ref: Reference, q1Hat: number, tHat: number, pHat: number, fine = false) {
  const { Z, Y } = fine ? FINE : COARSE;
  const { qHat } = ref;
  const sq = Math.sqrt(qHat);
  const c2 = q1Hat - (tHat * tHat) / qHat;
  const c = Math.sqrt(Math.max(c2, 0));
  let g = 0;
  let dT = 0;
  let dP = 0;
  let sech2 = 0;
  for (let i = 0; i < Z.x.length; i++) {
    const z = Z.x[i]!;
    const th = Math.tanh(sq * z);
    for (const W of [1, -1]) {
      const weight = Z.w[i]! * 0.5 * (1 + W * th);
      if (weight === 0) continue;
      let a = 0;
      let b = 0;
      let e = 0;
      for (let j = 0; j < Y.x.length; j++) {
        const h = (tHat / sq) * z + c * Y.x[j]! + (pHat - tHat) * W;
        const tn = Math.tanh(h);
        a += Y.w[j]! * lnCosh2(h);
        b += Y.w[j]! * tn;
        e += Y.w[j]! * (1 - tn * tn);
      }
      g += weight * a;
      // ∂h/∂t̂ = z/√q̂ − W, and the y-part by Stein's lemma: −(t̂/q̂)E[1 − tanh²]
      dT += weight * (b * (z / sq - W) - (tHat / qHat) * e);
      dP += weight * b * W;
      sech2 += weight * e;
    }
  }
  return { g, dT, dP, sech2, valid: c2 >= -1e-12 };
}

/** Options of {@link franzParisiEntropy} and {@link franzParisiCurve}. */
export interface FranzParisiOptions {
  /** Damping of the (q₁, t) update, default 0.5. */
  readonly damping?: number;
  /** On the change of (q₁, t) per iteration, default 1e-9. */
  readonly tol?: number;
  readonly maxIterations?: number;
}

/** A starting point (q₁, t, p̂) for the iteration. */
interface Guess {
  readonly q1: number;
  readonly t: number;
  readonly pHat: number;
}

function solve(alpha: number, ref: Reference, distance: number, guess: Guess, o: FranzParisiOptions): FranzParisiPoint {
  const p = 1 - 2 * distance;
  const damping = checkNumber(o.damping ?? 0.5, 'options.damping', { min: 0, max: 1, maxExclusive: true });
  const tol = checkNumber(o.tol ?? 1e-9, 'options.tol', { min: 0, minExclusive: true });
  const maxIt = o.maxIterations ?? 2000;
  const name = `franzParisiEntropy(α = ${alpha}, d = ${distance})`;
  let { q1, t, pHat } = guess;
  // the iteration may step outside B² ≥ 0 (e.g. from a neighbour's p): back onto its edge
  const floorQ1 = () => (t * t) / ref.q + (p - t) ** 2 / (1 - ref.q);
  for (let it = 1; it <= maxIt; it++) {
    // conjugates from the energetic term
    q1 = Math.max(q1, floorQ1());
    const { dq1, dt } = energetic(ref, p, q1, t);
    if (!Number.isFinite(dq1) || !Number.isFinite(dt))
      throw new ConvergenceError(`${name}: left the domain (q₁ = ${q1}, t = ${t})`, Number.NaN, it);
    const q1Hat = -2 * alpha * dq1;
    const tHat = -alpha * dt;
    // p̂ so that ∂G_S/∂p̂ = p (monotone in p̂)
    const f = (x: number) => entropic(ref, q1Hat, tHat, x).dP - p;
    let lo = pHat - 1;
    let hi = pHat + 1;
    while (f(lo) > 0 && lo > -200) lo -= 2 * (hi - lo);
    while (f(hi) < 0 && hi < 200) hi += 2 * (hi - lo);
    if (f(lo) > 0 || f(hi) < 0) throw new ConvergenceError(`${name}: no p̂ matches p = ${p}`, Number.NaN, it);
    pHat = brent(f, lo, hi, { tol: 1e-13 });
    const s = entropic(ref, q1Hat, tHat, pHat);
    if (!s.valid) throw new ConvergenceError(`${name}: q̂₁ < t̂²/q̂ (q̂₁ = ${q1Hat}, t̂ = ${tHat})`, Number.NaN, it);
    const q1New = 1 - s.sech2;
    const tNew = -s.dT;
    const change = Math.max(Math.abs(q1New - q1), Math.abs(tNew - t));
    q1 = damping * q1 + (1 - damping) * q1New;
    t = damping * t + (1 - damping) * tNew;
    if (change < tol) {
      const final = entropic(ref, q1Hat, tHat, pHat);
      const entropy = -0.5 * q1Hat * (1 - q1) + tHat * t - pHat * p + final.g + alpha * energetic(ref, p, q1, t).g;
      if (!Number.isFinite(entropy)) throw new ConvergenceError(`${name}: the entropy is not finite`, change, it);
      // near d → 0 the constrained replicas freeze (q₁ → 1) and the y-integrals sharpen: refuse
      // a point whose energetic term the finer grid does not confirm
      const gap = Math.max(
        alpha * Math.abs(energetic(ref, p, q1, t, true).g - energetic(ref, p, q1, t).g),
        Math.abs(entropic(ref, q1Hat, tHat, pHat, true).g - final.g),
      );
      if (!(gap <= FRANZ_PARISI_QUADRATURE_TOLERANCE))
        throw new ConvergenceError(
          `${name}: the quadrature is not resolved at q₁ = ${q1.toFixed(6)} (G_S or αG_E changes by ${gap.toExponential(2)} on a finer grid): for d → 0 the constrained replicas freeze (q₁ → 1) beyond what this solver resolves`,
          gap,
          it,
        );
      return { alpha, distance, p, entropy, q1, q1Hat, t, tHat, pHat, iterations: it, quadratureError: gap };
    }
  }
  throw new ConvergenceError(`${name}: no convergence in ${maxIt} iterations`, Number.NaN, maxIt);
}

/** The order parameters of the Franz–Parisi potential (see {@link franzParisiPotential}). */
export interface FranzParisiParameters {
  readonly q1: number;
  readonly q1Hat: number;
  readonly t: number;
  readonly tHat: number;
  readonly pHat: number;
}

/**
 * The Franz–Parisi potential before extremization, −q̂₁(1 − q₁)/2 + t̂t − p̂p + G_S + αG_E (see
 * the module docs), at load α and overlap p with the reference; NaN outside its domain
 * (B² < 0 or q̂₁ < t̂²/q̂). {@link franzParisiEntropy} returns its value at the saddle point.
 * @param alpha - the load, in (0, 1)
 * @param p - the overlap with the reference, in [0, 1)
 * @param x - the order parameters
 */
export function franzParisiPotential(alpha: number, p: number, x: FranzParisiParameters): number {
  checkNumber(alpha, 'alpha', { min: 0, max: 1, minExclusive: true });
  checkNumber(p, 'p', { min: 0, max: 1, maxExclusive: true });
  const ref = reference(alpha);
  const s = entropic(ref, x.q1Hat, x.tHat, x.pHat);
  if (!s.valid) return Number.NaN;
  return -0.5 * x.q1Hat * (1 - x.q1) + x.tHat * x.t - x.pHat * p + s.g + alpha * energetic(ref, p, x.q1, x.t).g;
}

/**
 * The Franz–Parisi entropy S(d) of the binary perceptron at load α and distance d from a
 * typical solution (see the module docs). At α = 0 it is the binary entropy of d, ln 2 − … =
 * −d ln d − (1 − d) ln(1 − d).
 * @param alpha - the load, in [0, α_c)
 * @param distance - d ∈ (0, 1/2]
 * @throws ConvergenceError when the saddle point is not found (never an unconverged value)
 * @see H. Huang, Y. Kabashima, Origin of the computational hardness for learning with binary synapses, Phys. Rev. E 90, 052813 (2014)
 * @see S. Franz, G. Parisi, Recipes for metastable states in spin glasses, J. Phys. I France 5, 1401 (1995)
 */
export function franzParisiEntropy(
  alpha: number,
  distance: number,
  options: FranzParisiOptions = {},
): FranzParisiPoint {
  checkNumber(alpha, 'alpha', { min: 0, max: 1 });
  checkNumber(distance, 'distance', { min: 0, max: 0.5, minExclusive: true });
  const p = 1 - 2 * distance;
  if (alpha === 0)
    return {
      alpha,
      distance,
      p,
      entropy: binaryEntropy(distance),
      q1: p * p,
      q1Hat: 0,
      t: 0,
      tHat: 0,
      pHat: Math.atanh(p),
      iterations: 0,
      quadratureError: 0,
    };
  const ref = reference(alpha);
  return solve(
    alpha,
    ref,
    distance,
    { q1: Math.max(ref.q, p * p), t: ref.q * p, pHat: Math.atanh(Math.min(p, 0.999)) },
    options,
  );
}

/**
 * S(d) along a grid of distances by continuation from the typical distance d₀ = (1 − q)/2
 * (where S = s(α)) outwards, each point starting from its neighbour's saddle point.
 * @param alpha - the load, in (0, α_c)
 * @param distances - d values in (0, 1/2], any order (returned in the order given)
 * @throws ConvergenceError when a point does not converge
 */
export function franzParisiCurve(
  alpha: number,
  distances: readonly number[],
  options: FranzParisiOptions = {},
): FranzParisiPoint[] {
  return walk(alpha, distances, options, false).points as FranzParisiPoint[];
}

/** What {@link franzParisiProfile} returns. */
export interface FranzParisiProfile {
  /** One entry per requested distance, in the order given: the point, or null where it is unresolved. */
  readonly points: readonly (FranzParisiPoint | null)[];
  /** The distances (ascending) the solver could not resolve: every d at or below the first failure on the small-d side, or at or above it on the large-d side. */
  readonly unresolved: readonly number[];
  /** Why the first unresolved point failed (null when all converged). */
  readonly reason: string | null;
}

/**
 * Like {@link franzParisiCurve}, but a point the solver cannot resolve (a {@link ConvergenceError},
 * typically d so small that the constrained replicas freeze) ends that side of the walk instead
 * of the whole curve: the farther distances are listed as unresolved, with the reason.
 * @param alpha - the load, in (0, α_c)
 * @param distances - d values in (0, 1/2]
 */
export function franzParisiProfile(
  alpha: number,
  distances: readonly number[],
  options: FranzParisiOptions = {},
): FranzParisiProfile {
  return walk(alpha, distances, options, true);
}

function walk(
  alpha: number,
  distances: readonly number[],
  options: FranzParisiOptions,
  tolerant: boolean,
): FranzParisiProfile {
  checkNumber(alpha, 'alpha', { min: 0, max: 1, minExclusive: true });
  distances.forEach((d, i) => {
    checkNumber(d, `distances[${i}]`, { min: 0, max: 0.5, minExclusive: true });
  });
  const ref = reference(alpha);
  const d0 = (1 - ref.q) / 2;
  const at = new Map<number, FranzParisiPoint>();
  const unresolved: number[] = [];
  let reason: string | null = null;
  const start: Guess = { q1: ref.q, t: ref.q, pHat: ref.qHat };
  for (const side of [-1, 1]) {
    const ds = [...new Set(distances)].filter((d) => (side < 0 ? d <= d0 : d > d0)).sort((a, b) => side * (a - b));
    let guess = start;
    let last = d0;
    for (const [i, d] of ds.entries()) {
      // walk from the last solved distance in steps of ≤ 0.05 (the saddle point moves smoothly)
      const steps = Math.max(1, Math.ceil(Math.abs(d - last) / 0.05));
      let point: FranzParisiPoint | null = null;
      try {
        for (let k = 1; k <= steps; k++) {
          const dk = last + ((d - last) * k) / steps;
          point = solve(alpha, ref, k === steps ? d : dk, guess, options);
          guess = point;
        }
      } catch (e) {
        if (!tolerant || !(e instanceof ConvergenceError)) throw e;
        reason ??= e.message;
        unresolved.push(...ds.slice(i));
        break;
      }
      at.set(d, point!);
      last = d;
    }
  }
  unresolved.sort((a, b) => a - b);
  return { points: distances.map((d) => at.get(d) ?? null), unresolved, reason };
}
