/**
 * Quadrature rules and small numerics shared by the solvers of this package (internal).
 * @module
 */
import { gaussHermite } from '@replica/spin-core/math';

/** Standard-normal Gauss–Hermite nodes and weights. */
export function normalRule(n: number): { x: Float64Array; w: Float64Array } {
  const r = gaussHermite(n);
  return { x: r.nodes.map((v) => Math.SQRT2 * v), w: r.weights.map((v) => v / Math.sqrt(Math.PI)) };
}

/** n-point Gauss–Legendre on [−1, 1] (Newton on the Legendre recurrence). */
export function legendreRule(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-15) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

/** ln 2cosh x, stably: |x| + ln(1 + e^{−2|x|}). */
export function lnCosh2(x: number): number {
  const a = Math.abs(x);
  return a + Math.log1p(Math.exp(-2 * a));
}

/** The binary entropy h₂(x) = −x ln x − (1 − x) ln(1 − x) in nats (0 at x ∉ (0, 1)). */
export function binaryEntropy(x: number): number {
  return x <= 0 || x >= 1 ? 0 : -x * Math.log(x) - (1 - x) * Math.log(1 - x);
}
