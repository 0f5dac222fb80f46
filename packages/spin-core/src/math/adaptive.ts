/**
 * Globally adaptive Gauss–Kronrod (7–15 point) integration with error control,
 * for integrands with sharp features (tanh(βz) at low temperature, step-like
 * Gardner integrands) where Gauss–Hermite quadrature fails.
 * @module
 */
import { ConvergenceError } from './convergence';

// Kronrod 15-point nodes (≥ 0) and weights; the 7-point Gauss rule uses nodes 1, 3, 5, 7.
const XK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [
  0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975,
  0.417959183673469387755102040816327,
];

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
 */
export function gaussianExpectationAdaptive(f: (z: number) => number, options: IntegrateOptions = {}): number {
  const norm = 1 / Math.sqrt(2 * Math.PI);
  // Split at 0, where integrands of symmetric problems are steepest.
  const g = (z: number) => norm * Math.exp(-0.5 * z * z) * f(z);
  return integrate(g, -12, 0, options) + integrate(g, 0, 12, options);
}
