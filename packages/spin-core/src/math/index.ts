/**
 * `@replica/spin-core/math` — the numerics every theory solver needs: special
 * functions of Gaussian integrals, Gauss–Hermite ∫Dz, root finding, damped
 * fixed points that throw when they do not converge, ODE integrators, small
 * dense linear algebra.
 * @packageDocumentation
 */
export type { IntegrateOptions } from './adaptive';
export { gaussianExpectationAdaptive, integrate, tanhBreakpoints } from './adaptive';
export { ConvergenceError } from './convergence';
export type { FixedPointOptions, FixedPointResult } from './fixed-point';
export { fixedPoint, fixedPointScalar } from './fixed-point';
export type { LbfgsOptions, LbfgsResult } from './lbfgs';
export { lbfgs } from './lbfgs';
export { invertMatrix, solveLinear } from './linalg';
export type { AdaptiveOptions, OdeRhs, OdeSolution } from './ode';
export { integrateAdaptive, rk4 } from './ode';
export type { GaussHermiteRule } from './quadrature';
export { gaussHermite, gaussianExpectation } from './quadrature';
export type { BrentOptions } from './roots';
export { brent, findRoots } from './roots';
export { erf, erfc, erfcx, gaussianPdf, H, logH, normalCdf } from './special';
