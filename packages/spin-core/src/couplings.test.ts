import { describe, expect, it } from 'vitest';
import {
  denseCouplings,
  isingModel,
  lowRankCouplings,
  patternCouplings,
  sparseCouplings,
  toDenseMatrix,
} from './couplings';
import { energy, localFields } from './energy';
import { curieWeiss, erdosRenyiGraph, periodicLattice, randomRegularGraph, sherringtonKirkpatrick } from './models';
import { randomSpins } from './spins';

describe('couplings', () => {
  it('dense: moves the diagonal aside, detects symmetry, accepts nested rows or a flat array', () => {
    const c = denseCouplings([
      [0.5, 1, 2],
      [1, 0, 3],
      [2, 3, -1],
    ]);
    expect(c.symmetric).toBe(true);
    expect(Array.from(c.diagonal!)).toEqual([0.5, 0, -1]);
    expect(Array.from(c.values)).toEqual([0, 1, 2, 1, 0, 3, 2, 3, 0]);
    expect(denseCouplings([0, 1, 2, 0]).symmetric).toBe(false);
    expect(denseCouplings([0, 1, 1, 0]).diagonal).toBeNull();
  });
  it('dense: rejects ragged, non-square, non-finite and (when required) asymmetric matrices', () => {
    expect(() => denseCouplings([[0, 1], [1]])).toThrow(/row 1 has 1 entries; expected 2/);
    expect(() => denseCouplings([0, 1, 2])).toThrow(/expected N×N entries/);
    expect(() =>
      denseCouplings([
        [0, Number.NaN],
        [1, 0],
      ]),
    ).toThrow(/J\[0\]\[1\] is not finite/);
    expect(() =>
      denseCouplings(
        [
          [0, 1],
          [2, 0],
        ],
        { requireSymmetric: true },
      ),
    ).toThrow(/must be symmetric/);
  });
  it('sparse: CSR with sorted columns, symmetrize, diagonal aside; rejects duplicates and bad indices', () => {
    const c = sparseCouplings(
      3,
      [
        [0, 2, 1.5],
        [1, 1, 0.25],
        [0, 1, -1],
      ],
      { symmetrize: true },
    );
    expect(Array.from(c.rowPtr)).toEqual([0, 2, 3, 4]);
    expect(Array.from(c.colIdx)).toEqual([1, 2, 0, 0]);
    expect(c.symmetric).toBe(true);
    expect(Array.from(c.diagonal!)).toEqual([0, 0.25, 0]);
    expect(() => sparseCouplings(3, [[0, 3, 1]])).toThrow(/outside \[0, 3\)/);
    expect(() =>
      sparseCouplings(3, [
        [0, 1, 1],
        [0, 1, 2],
      ]),
    ).toThrow(/given more than once/);
    expect(sparseCouplings(3, [[0, 1, 1]]).symmetric).toBe(false);
  });
  it('pattern form equals (c/N) Σ ξξᵀ with zero diagonal and rejects non-±1 patterns', () => {
    const xi = Int8Array.from([1, -1, 1, 1, 1, -1]);
    const c = patternCouplings(xi, 2, 3, { scale: 3 });
    const J = toDenseMatrix(c);
    expect(Array.from(J)).toEqual([0, 0, 0, 0, 0, -2, 0, -2, 0].map((v) => v));
    expect(() => patternCouplings(Int8Array.from([1, 0, 1]), 1, 3)).toThrow(/patterns\[0\]\[1\] = 0: expected ±1/);
    expect(() => patternCouplings(xi, 2, 4)).toThrow(/expected K×N = 2×4/);
  });
  it('low-rank form equals (c/N) ξ A ξᵀ off the diagonal, with the same fields and energy as its dense matrix', () => {
    const [n, k] = [17, 4];
    const xi = randomSpins(n, k, 5, 1);
    const A = Float64Array.from({ length: k * k }, (_, t) =>
      Math.floor(t / k) === t % k ? 1.25 : 0.3 * Math.cos(Math.floor(t / k) + (t % k)),
    );
    const lr = lowRankCouplings(xi, k, n, A, { scale: 0.5 });
    const J = toDenseMatrix(lr);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) s += xi[a * n + i]! * A[a * k + b]! * xi[b * n + j]!;
        expect(J[i * n + j]).toBeCloseTo(i === j ? 0 : (0.5 * s) / n, 12);
      }
    const h = Float32Array.from({ length: n }, (_, i) => 0.2 * Math.sin(i));
    const s = randomSpins(n, 1, 7, 2);
    const fa = localFields(isingModel(lr, h), s);
    const fb = localFields(isingModel(denseCouplings(J, { n }), h), s);
    for (let i = 0; i < n; i++) expect(fa[i]).toBeCloseTo(fb[i]!, 6);
    expect(energy(isingModel(lr, h), s)).toBeCloseTo(energy(isingModel(denseCouplings(J, { n }), h), s), 5);
    expect(() => lowRankCouplings(xi, k, n, new Float64Array(3))).toThrow(/mixing: expected K×K = 4×4/);
    const asym = A.slice();
    asym[1] = 9;
    expect(() => lowRankCouplings(xi, k, n, asym)).toThrow(/mixing: must be symmetric/);
  });
  it('isingModel checks the field', () => {
    expect(() => isingModel(curieWeiss(3), [1, 2])).toThrow(/field: expected 3 entries/);
    expect(() => isingModel(curieWeiss(3), [1, Number.NaN, 0])).toThrow(/field\[1\]/);
    expect(isingModel(curieWeiss(3), [0, 0, 0]).field).toBeNull();
  });
});

describe('models', () => {
  it('Curie–Weiss is J/N between every pair', () => {
    const J = toDenseMatrix(curieWeiss(5, { J: 2 }));
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(J[i * 5 + j]).toBeCloseTo(i === j ? 0 : 0.4, 15);
  });
  it('Sherrington–Kirkpatrick entries are N(J0/N, J²/N), symmetric, reproducible (4σ)', () => {
    const n = 300;
    const c = sherringtonKirkpatrick(n, { seed: 5, J: 2, J0: 3 });
    expect(c.symmetric).toBe(true);
    let s = 0;
    let s2 = 0;
    const pairs = (n * (n - 1)) / 2;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        s += c.values[i * n + j]!;
        s2 += c.values[i * n + j]! ** 2;
      }
    const mean = s / pairs;
    const variance = s2 / pairs - mean * mean;
    expect(Math.abs(mean - 3 / n)).toBeLessThan(4 * Math.sqrt(4 / n / pairs));
    expect(Math.abs(variance - 4 / n) / (4 / n)).toBeLessThan(4 * Math.sqrt(2 / pairs));
    expect(Array.from(sherringtonKirkpatrick(10, { seed: 5 }).values)).toEqual(
      Array.from(sherringtonKirkpatrick(10, { seed: 5 }).values),
    );
  });
  it('periodic lattices have 2d neighbours per site, wrap around, and need sides ≥ 3', () => {
    const c = periodicLattice([4, 5]);
    for (let i = 0; i < 20; i++) expect(c.rowPtr[i + 1]! - c.rowPtr[i]!).toBe(4);
    const row0 = Array.from(c.colIdx.subarray(c.rowPtr[0]!, c.rowPtr[1]!));
    expect(row0).toEqual([1, 4, 5, 15]);
    expect(c.symmetric).toBe(true);
    const cube = periodicLattice([3, 3, 3], { bonds: 'plus-minus', seed: 1 });
    for (let i = 0; i < 27; i++) expect(cube.rowPtr[i + 1]! - cube.rowPtr[i]!).toBe(6);
    expect(cube.symmetric).toBe(true);
    expect(() => periodicLattice([2, 5])).toThrow(/shape\[0\]: expected an integer ≥ 3/);
    expect(() => periodicLattice([4], { bonds: 'gaussian' })).toThrow(/seed: required/);
  });
  it('random regular graphs are simple and d-regular; Erdős–Rényi has the asked mean degree (4σ)', () => {
    const c = randomRegularGraph(200, 3, { seed: 2 });
    for (let i = 0; i < 200; i++) {
      const row = Array.from(c.colIdx.subarray(c.rowPtr[i]!, c.rowPtr[i + 1]!));
      expect(row).toHaveLength(3);
      expect(row).not.toContain(i);
      expect(new Set(row).size).toBe(3);
    }
    expect(() => randomRegularGraph(5, 3, { seed: 1 })).toThrow(/must be even/);
    const er = erdosRenyiGraph(400, { seed: 3, meanDegree: 4 });
    const edges = er.colIdx.length / 2;
    const expected = (4 * 400) / 2;
    expect(Math.abs(edges - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });
});
