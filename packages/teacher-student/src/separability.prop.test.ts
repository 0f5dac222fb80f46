import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { isLinearlySeparable, separationMargin } from './separability';

const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);
const runs = (n: number) => ({ numRuns: stress || n });

/** Small integer points (exact dot products). */
const coord = fc.integer({ min: -5, max: 5 });
function points(n: number, maxP: number) {
  return fc.array(fc.array(coord, { minLength: n, maxLength: n }), { minLength: 0, maxLength: maxP });
}

/**
 * Brute force in the plane (exact on integers): by Gordan and Carathéodory the points a_μ = y_μ x_μ
 * are NOT separable iff 0 is in the hull of at most 3 of them: a zero point, an opposite pair, or a
 * triangle containing 0.
 */
function planarSeparable(a: readonly (readonly [number, number])[]): boolean {
  const cross = (u: readonly number[], v: readonly number[]) =>
    (u[0] as number) * (v[1] as number) - (u[1] as number) * (v[0] as number);
  const dot = (u: readonly number[], v: readonly number[]) =>
    (u[0] as number) * (v[0] as number) + (u[1] as number) * (v[1] as number);
  for (const u of a) if (u[0] === 0 && u[1] === 0) return false;
  for (const u of a) for (const v of a) if (cross(u, v) === 0 && dot(u, v) < 0) return false;
  for (const u of a)
    for (const v of a)
      for (const w of a) {
        const c1 = cross(u, v);
        const c2 = cross(v, w);
        const c3 = cross(w, u);
        if (c1 === 0 && c2 === 0 && c3 === 0) continue;
        if ((c1 >= 0 && c2 >= 0 && c3 >= 0) || (c1 <= 0 && c2 <= 0 && c3 <= 0)) return false;
      }
  return true;
}

describe('isLinearlySeparable properties', () => {
  propTest.prop(
    [
      fc
        .integer({ min: 1, max: 12 })
        .chain((n) => fc.tuple(fc.constant(n), fc.array(coord, { minLength: n, maxLength: n }), points(n, 48))),
    ],
    runs(200),
  )('labels from a planted w are separable and the certificate verifies', ([n, w0, pts]) => {
    const rows: number[][] = [];
    const y: number[] = [];
    for (const p of pts) {
      const s = p.reduce((acc, v, i) => acc + v * (w0[i] as number), 0);
      if (s !== 0) {
        rows.push(p);
        y.push(Math.sign(s));
      }
    }
    const x = new Float64Array(rows.flat());
    const r = isLinearlySeparable(x, y, { n });
    expect(r.separable).toBe(true);
    expect(r.w).toHaveLength(n);
    expect(separationMargin(x, y, r.w as Float64Array, n)).toBeGreaterThan(0);
  });

  propTest.prop(
    [
      fc.integer({ min: 1, max: 12 }).chain((n) =>
        fc.tuple(
          fc.constant(n),
          points(n, 30),
          fc.array(coord, { minLength: n, maxLength: n }).filter((v) => v.some((c) => c !== 0)),
          fc.nat(),
          fc.integer({ min: 0, max: 0x7fffffff }),
        ),
      ),
    ],
    runs(200),
  )('a point and its negation with the same label make any instance non-separable', ([n, pts, v, at, bits]) => {
    const rows = pts.map((p) => p.slice());
    const y = rows.map((_, k) => ((bits >>> (k % 31)) & 1 ? 1 : -1));
    const k = rows.length === 0 ? 0 : at % (rows.length + 1);
    const label = bits & 1 ? 1 : -1;
    rows.splice(
      k,
      0,
      v,
      v.map((c) => -c),
    );
    y.splice(k, 0, label, label);
    expect(isLinearlySeparable(new Float64Array(rows.flat()), y, { n }).separable).toBe(false);
  });

  propTest.prop(
    [fc.array(fc.tuple(coord, coord), { minLength: 0, maxLength: 12 }), fc.integer({ min: 0, max: 4095 })],
    runs(500),
  )('agrees with brute force in the plane (N = 2)', (pts, bits) => {
    const y = pts.map((_, k) => ((bits >>> k) & 1 ? 1 : -1));
    const a = pts.map(([u, v], k) => [(y[k] as number) * u, (y[k] as number) * v] as const);
    const r = isLinearlySeparable(new Float64Array(pts.flat()), y, { n: 2 });
    expect(r.separable).toBe(planarSeparable(a));
    if (r.separable)
      expect(separationMargin(new Float64Array(pts.flat()), y, r.w as Float64Array, 2)).toBeGreaterThan(0);
  });

  propTest.prop(
    [
      fc
        .integer({ min: 1, max: 6 })
        .chain((n) => fc.tuple(fc.constant(n), points(n, 16), points(n, 8), fc.integer({ min: 0, max: 0xffffff }))),
    ],
    runs(200),
  )('is monotone: adding points never makes a non-separable instance separable', ([n, base, extra, bits]) => {
    const y = base.map((_, k) => ((bits >>> k) & 1 ? 1 : -1));
    const yExtra = extra.map((_, k) => ((bits >>> (16 + k)) & 1 ? 1 : -1));
    const small = isLinearlySeparable(new Float64Array(base.flat()), y, { n }).separable;
    const big = isLinearlySeparable(new Float64Array([...base, ...extra].flat()), [...y, ...yExtra], { n }).separable;
    if (!small) expect(big).toBe(false);
    if (big) expect(small).toBe(true);
  });
});
