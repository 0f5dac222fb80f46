/**
 * Special functions of Gaussian integrals: erf, erfc, the scaled erfcx, the
 * Gaussian tail H(x) and its logarithm, the standard normal density and CDF.
 * erf/erfc/erfcx come from stdlib (accurate to about an ulp).
 * @module
 */
import erfStd from '@stdlib/math-base-special-erf';
import erfcStd from '@stdlib/math-base-special-erfc';
import erfcxStd from '@stdlib/math-base-special-erfcx';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;

/** The error function erf(x) = (2/√π) ∫_0^x e^{−t²} dt. */
export function erf(x: number): number {
  return erfStd(x);
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate in the tail. */
export function erfc(x: number): number {
  return erfcStd(x);
}

/** The scaled complementary error function erfcx(x) = e^{x²} erfc(x) (finite for large x). */
export function erfcx(x: number): number {
  return erfcxStd(x);
}

/** The standard normal density φ(x) = e^{−x²/2}/√(2π). */
export function gaussianPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/**
 * Gardner's H(x) = ∫_x^∞ Dz = ½ erfc(x/√2), the Gaussian tail probability.
 * @see E. Gardner, "The space of interactions in neural network models", J. Phys. A 21 (1988).
 */
export function H(x: number): number {
  return 0.5 * erfcStd(x * SQRT1_2);
}

/** log H(x), finite far into the tail (through erfcx for x > 5): log H(x) = log(½ erfcx(x/√2)) − x²/2. */
export function logH(x: number): number {
  if (x < 5) return Math.log(0.5 * erfcStd(x * SQRT1_2));
  return Math.log(0.5 * erfcxStd(x * SQRT1_2)) - 0.5 * x * x;
}

/** The standard normal CDF Φ(x) = H(−x). */
export function normalCdf(x: number): number {
  return 0.5 * erfcStd(-x * SQRT1_2);
}
