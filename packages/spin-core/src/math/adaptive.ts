/**
 * Globally adaptive Gauss–Kronrod (7–15 point) integration with error control,
 * for integrands with sharp features (tanh(βz) at low temperature, step-like
 * Gardner integrands) where Gauss–Hermite quadrature fails.
 * @module
 */
import { ConvergenceError } from './convergence';

// Kronrod 15-point nodes (≥ 0) and weights; the 7-point Gauss rule uses nodes 1, 3, 5, 7.
const XK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945, 0.5860872354676911,
  0.4058451513773972, 0.20778495500789848, 0,
];
const WK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592, 0.1690047266392679,
  0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
];
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

/** One G7–K15 panel: the Kronrod estimate and |K15 − G7|. */
function panel(f: (x: number) => number, a: number, b: number): { value: number; error: number } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let k = WK[7]! * fc;
  let g = WG[3]! * fc;
  for (let j = 0; j < 7; j++) {
    const dx = h * XK[j]!;
    const s = f(c - dx) + f(c + dx);
    k += WK[j]! * s;
    if (j % 2 === 1) g += WG[(j - 1) >> 1]! * s;
  }
  return { value: k * h, error: Math.abs((k - g) * h) };
}

/** Options of {@link integrate}. */
export interface IntegrateOptions {
  /** Absolute tolerance (default 1e-12). */
  readonly absTol?: number;
  /** Relative tolerance (default 1e-10). */
  readonly relTol?: number;
  /** Cap on panels (default 2000). */
  readonly maxPanels?: number;
}

/**
 * ∫_a^b f(x) dx by globally adaptive Gauss–Kronrod: the panel with the largest
 * error estimate |K15 − G7| is bisected until the total error ≤ max(absTol, relTol·|I|).
 * @throws ConvergenceError (with the error estimate) when maxPanels is reached or f is not finite
 * @see R. Piessens et al., *QUADPACK* (1983), routine QAG with the 15-point rule.
 */
export function integrate(f: (x: number) => number, a: number, b: number, options: IntegrateOptions = {}): number {
  if (!Number.isFinite(a) || !Number.isFinite(b))
    throw new RangeError(`integrate: finite limits needed, got [${a}, ${b}]`);
  if (a === b) return 0;
  const absTol = options.absTol ?? 1e-12;
  const relTol = options.relTol ?? 1e-10;
  const maxPanels = options.maxPanels ?? 2000;
  const panels: { a: number; b: number; value: number; error: number }[] = [{ a, b, ...panel(f, a, b) }];
  for (;;) {
    let total = 0;
    let err = 0;
    let worst = 0;
    for (let k = 0; k < panels.length; k++) {
      total += panels[k]!.value;
      err += panels[k]!.error;
      if (panels[k]!.error > panels[worst]!.error) worst = k;
    }
    if (!Number.isFinite(total))
      throw new ConvergenceError('integrate: the integrand is not finite', Number.NaN, panels.length);
    if (err <= Math.max(absTol, relTol * Math.abs(total))) return total;
    if (panels.length >= maxPanels) {
      throw new ConvergenceError(
        `integrate: error estimate ${err.toExponential(3)} after ${maxPanels} panels`,
        err,
        panels.length,
      );
    }
    const p = panels[worst]!;
    const mid = 0.5 * (p.a + p.b);
    panels[worst] = { a: p.a, b: mid, ...panel(f, p.a, mid) };
    panels.push({ a: mid, b: p.b, ...panel(f, mid, p.b) });
  }
}

/**
 * ∫Dz f(z) with adaptive Gauss–Kronrod on [−L, L], L = 12 (the Gaussian weight
 * beyond is below 10⁻³²): accurate for steep or kinked f, where {@link gaussianExpectation}
 * (Gauss–Hermite) is only good for smooth f.
 *
 * An adaptive rule cannot refine a feature it never samples: pass the places where f
 * changes fast (a step's position, the edges of a narrow transition) as `breakpoints`, and
 * the integral is split there. 0 is always a breakpoint.
 */
export function gaussianExpectationAdaptive(
  f: (z: number) => number,
  options: IntegrateOptions & { readonly breakpoints?: readonly number[] } = {},
): number {
  const norm = 1 / Math.sqrt(2 * Math.PI);
  const g = (z: number) => norm * Math.exp(-0.5 * z * z) * f(z);
  const cuts = [-12, 0, 12, ...(options.breakpoints ?? []).filter((b) => Number.isFinite(b) && b > -12 && b < 12)].sort(
    (a, b) => a - b,
  );
  let total = 0;
  for (let k = 1; k < cuts.length; k++)
    if (cuts[k]! > cuts[k - 1]!) total += integrate(g, cuts[k - 1]!, cuts[k]!, options);
  return total;
}

/**
 * Breakpoints around the transition of tanh(a z + b): its centre −b/a and ±6/|a| (where
 * tanh is within 10⁻⁵ of ±1), for {@link gaussianExpectationAdaptive}.
 */
export function tanhBreakpoints(a: number, b: number): number[] {
  if (a === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return [];
  const z0 = -b / a;
  const w = 6 / Math.abs(a);
  return [z0 - w, z0, z0 + w];
}
