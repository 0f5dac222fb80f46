import { fc, test as propTest } from '@fast-check/vitest';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import {
  denseEnergy,
  denseRetrieve,
  denseUpdate,
  globalAveragingRegime,
  retrievalBeta,
  retrievalBetas,
  separations,
  softmaxJacobian,
} from './dense';
import { randomPatterns } from './patterns';

const stored = fc
  .record({
    n: fc.integer({ min: 2, max: 24 }),
    p: fc.integer({ min: 1, max: 12 }),
    seed: fc.nat(),
    scale: fc.constantFrom(0.5, 1, 3),
  })
  .map(({ n, p, seed, scale }) => ({
    n,
    p,
    X: Float32Array.from({ length: n * p }, (_, t) => scale * Math.sin(seed + 1.7 * t) * Math.cos(0.3 * t)),
  }));

/** A random point of the convex hull X·w, w in the simplex. */
function hullPoint(X: Float32Array, n: number, p: number, seed: number): Float64Array {
  const w = Float64Array.from({ length: p }, (_, i) => 1 + Math.sin(seed + i) ** 2);
  const s = w.reduce((a, b) => a + b, 0);
  const xi = new Float64Array(n);
  for (let r = 0; r < n; r++) for (let i = 0; i < p; i++) xi[r] = xi[r]! + (X[r * p + i]! * w[i]!) / s;
  return xi;
}

describe('dense Hopfield network', () => {
  propTest.prop({ s: stored, beta: fc.double({ min: 0.05, max: 20, noNaN: true }), seed: fc.nat() })(
    'energy is ≥ 0 and ≤ 2M² on the convex hull, and never increases along updates',
    ({ s, beta, seed }) => {
      let xi: Float64Array = hullPoint(s.X, s.n, s.p, seed);
      let M = 0;
      for (let i = 0; i < s.p; i++) {
        let q = 0;
        for (let r = 0; r < s.n; r++) q += s.X[r * s.p + i]! ** 2;
        M = Math.max(M, Math.sqrt(q));
      }
      let e = denseEnergy(s.X, s.n, s.p, xi, beta);
      expect(e).toBeGreaterThanOrEqual(-1e-9);
      expect(e).toBeLessThanOrEqual(2 * M * M + 1e-9);
      for (let t = 0; t < 5; t++) {
        xi = denseUpdate(s.X, s.n, s.p, xi, beta).state;
        const next = denseEnergy(s.X, s.n, s.p, xi, beta);
        expect(next).toBeLessThanOrEqual(e + 1e-9 * (1 + Math.abs(e)));
        expect(next).toBeGreaterThanOrEqual(-1e-9);
        e = next;
      }
    },
  );

  propTest.prop({ s: stored, beta: fc.double({ min: 0.05, max: 20, noNaN: true }), seed: fc.nat() })(
    'updates stay in the convex hull: ξ′ = X w with w ≥ 0, Σw = 1',
    ({ s, beta, seed }) => {
      const xi = Float64Array.from({ length: s.n }, (_, r) => 3 * Math.cos(seed + r));
      const { state, weights } = denseUpdate(s.X, s.n, s.p, xi, beta);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (const w of weights) expect(w).toBeGreaterThanOrEqual(0);
      for (let r = 0; r < s.n; r++) {
        let v = 0;
        for (let i = 0; i < s.p; i++) v += s.X[r * s.p + i]! * weights[i]!;
        expect(state[r]).toBeCloseTo(v, 12);
      }
    },
  );

  propTest.prop({ s: stored, beta: fc.double({ min: 0.05, max: 20, noNaN: true }), seed: fc.nat() })(
    'the softmax Jacobian β(diag p − ppᵀ) is positive semi-definite',
    ({ s, beta, seed }) => {
      const { weights } = denseUpdate(
        s.X,
        s.n,
        s.p,
        Float64Array.from({ length: s.n }, (_, r) => Math.sin(seed * r)),
        beta,
      );
      const J = softmaxJacobian(weights, beta);
      for (let trial = 0; trial < 5; trial++) {
        const v = Float64Array.from({ length: s.p }, (_, i) => Math.cos(seed + 7 * trial + 3 * i));
        let q = 0;
        for (let a = 0; a < s.p; a++) for (let b = 0; b < s.p; b++) q += v[a]! * J[a * s.p + b]! * v[b]!;
        expect(q).toBeGreaterThanOrEqual(-1e-12);
      }
    },
  );

  it('in the global-averaging regime β m_max² < 1 every query goes to the same fixed point', () => {
    const [n, p] = [10, 6];
    const X = Float32Array.from({ length: n * p }, (_, t) => 0.25 * Math.sin(t));
    const { regime, mMax } = globalAveragingRegime(X, n, p, 1);
    expect(regime).toBe(true);
    expect(mMax).toBeGreaterThan(0);
    const finals = [0, 1, 2].map((seed) => {
      let xi: Float64Array = Float64Array.from({ length: n }, (_, r) => 5 * Math.cos(seed * 3 + r));
      for (let t = 0; t < 200; t++) xi = denseUpdate(X, n, p, xi, 1).state;
      return xi;
    });
    for (const f of finals.slice(1)) for (let r = 0; r < n; r++) expect(f[r]).toBeCloseTo(finals[0]![r]!, 10);
  });

  it('at the β of retrievalBeta a query near x_i converges into the sphere S_i of radius 1/(βPM)', () => {
    const [n, p] = [32, 8];
    const xi0 = randomPatterns(p, n, { seed: 21 });
    // column i of X is pattern i
    const X = Float32Array.from({ length: n * p }, (_, t) => xi0[(t % p) * n + Math.floor(t / p)]!);
    const i = 2;
    const { beta, separation, radius } = retrievalBeta(X, n, p, i);
    expect(separation).toBe(separations(X, n, p)[i]);
    expect(beta).toBeGreaterThan(0);
    // β′ = βΔ solves β′ = a + ln β′
    let M = 0;
    for (let j = 0; j < p; j++) {
      let q = 0;
      for (let r = 0; r < n; r++) q += X[r * p + j]! ** 2;
      M = Math.max(M, Math.sqrt(q));
    }
    const a = 2 / p + Math.log((2 * p * (p - 1) * M * M) / separation);
    expect(beta * separation).toBeCloseTo(a + Math.log(beta * separation), 10);
    let xi: Float64Array = Float64Array.from({ length: n }, (_, r) => X[r * p + i]! + 0.05 * Math.sin(r));
    for (let t = 0; t < 3; t++) xi = denseUpdate(X, n, p, xi, beta).state;
    let dist = 0;
    for (let r = 0; r < n; r++) dist += (xi[r]! - X[r * p + i]!) ** 2;
    expect(Math.sqrt(dist)).toBeLessThanOrEqual(radius);
    expect(() => retrievalBeta(new Float32Array(4).fill(1), 2, 2, 0)).toThrow(/not separated/);
    // every pattern at once, from one Gram matrix
    const all = retrievalBetas(X, n, p);
    for (let j = 0; j < p; j++) expect(all[j]).toEqual(retrievalBeta(X, n, p, j));
  });

  propTest.prop({ s: stored })('separations equal x_iᵀx_i − max_{j≠i} x_iᵀx_j computed naively', ({ s }) => {
    const d = separations(s.X, s.n, s.p);
    for (let i = 0; i < s.p; i++) {
      const dot = (a: number, b: number) => {
        let t = 0;
        for (let r = 0; r < s.n; r++) t += s.X[r * s.p + a]! * s.X[r * s.p + b]!;
        return t;
      };
      let other = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < s.p; j++) if (j !== i) other = Math.max(other, dot(i, j));
      expect(d[i]).toBeCloseTo(dot(i, i) - other, 9);
    }
  });
});

for (const b of await testBackends()) {
  describe.runIf(b.available)(`batched dense retrieval on ${b.name}`, () => {
    it('matches the f64 updates and energies (f32 tolerance)', async () => {
      const be = await b.create();
      const [n, p, B, beta] = [48, 12, 5, 0.7];
      const X = Float32Array.from({ length: n * p }, (_, t) => Math.sin(0.9 * t) + 0.3 * Math.cos(2.1 * t));
      const Q = Float32Array.from({ length: B * n }, (_, t) => Math.cos(0.37 * t));
      const r = await denseRetrieve(be, { stored: X, n, p, queries: Q, beta, iterations: 3 });
      for (let q = 0; q < B; q++) {
        let xi: Float64Array = Float64Array.from(Q.subarray(q * n, (q + 1) * n));
        expect(r.energies[q]).toBeCloseTo(denseEnergy(X, n, p, xi, beta), 3);
        for (let t = 1; t <= 3; t++) {
          xi = denseUpdate(X, n, p, xi, beta).state;
          // f32 gemm/softmax on ~50-term sums: relative 1e-4 of the O(1–10) energies
          expect(Math.abs(r.energies[t * B + q]! - denseEnergy(X, n, p, xi, beta))).toBeLessThan(
            1e-3 * (1 + Math.abs(denseEnergy(X, n, p, xi, beta))),
          );
        }
        for (let i = 0; i < n; i++)
          expect(Math.abs(r.states[q * n + i]! - xi[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(xi[i]!)));
      }
      be.dispose();
    });
  });
}
