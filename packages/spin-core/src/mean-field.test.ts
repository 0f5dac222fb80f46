import { describe, expect, it } from 'vitest';
import { isingModel } from './couplings';
import { exactEnumeration } from './exact';
import { ConvergenceError } from './math/index';
import { curieWeissSolutions, naiveMeanField, skReplicaSymmetric, tapMeanField } from './mean-field';
import { curieWeiss, sherringtonKirkpatrick } from './models';

describe('Curie–Weiss self-consistency', () => {
  it('finds the root next to ±1 under a strong field, where 1 − |m| rounds to 0 (β = 2, h = 10)', () => {
    const r = curieWeissSolutions(2, { h: 10 });
    expect(r.roots).toHaveLength(1);
    expect(r.m).toBe(1); // 1 − m = 2e^{−44}/(1 + e^{−44}) ≈ 1.6·10⁻¹⁹
    expect(r.energy).toBe(-0.5 - 10);
    expect(curieWeissSolutions(1000, { h: -3 }).m).toBe(-1);
    // the ordered phase at large β keeps both stable roots and the unstable m = 0
    const cold = curieWeissSolutions(40);
    expect(cold.roots.map((x) => x.m)).toEqual([-1, 0, 1]);
    expect(cold.roots.map((x) => x.stable)).toEqual([true, false, true]);
  });

  it('has the single root m = 0 above T_c and three roots below, the middle one unstable', () => {
    const hot = curieWeissSolutions(0.8);
    expect(hot.roots.map((r) => r.m)).toEqual([0]);
    expect(hot.roots[0]!.stable).toBe(true);
    const cold = curieWeissSolutions(1.5);
    expect(cold.roots.map((r) => r.stable)).toEqual([true, false, true]);
    expect(cold.m).toBeCloseTo(0.85855963664011, 12);
    expect(cold.roots[0]!.freeEnergy).toBeCloseTo(cold.roots[2]!.freeEnergy, 12);
    expect(cold.roots[1]!.freeEnergy).toBeGreaterThan(cold.roots[2]!.freeEnergy);
    // m ≈ √(3(β − 1)) just below T_c
    expect(curieWeissSolutions(1.01).m).toBeCloseTo(Math.sqrt(3 * 0.01), 2);
  });
  it('with a field picks the aligned solution and keeps the metastable one', () => {
    const s = curieWeissSolutions(2, { h: 0.05 });
    expect(s.m).toBeGreaterThan(0.9);
    const stable = s.roots.filter((r) => r.stable);
    expect(stable).toHaveLength(2);
    expect(stable[0]!.m).toBeLessThan(0);
    expect(stable[0]!.freeEnergy).toBeGreaterThan(stable[1]!.freeEnergy);
    expect(s.energy).toBeCloseTo(-0.5 * s.m * s.m - 0.05 * s.m, 12);
  });
});

describe('naive mean field and TAP', () => {
  it('naive mean field on Curie–Weiss reproduces m = tanh(β(J(N−1)/N m + h)) at large N', () => {
    const n = 200;
    const r = naiveMeanField(isingModel(curieWeiss(n), new Array(n).fill(0.1)), 1.2);
    const want = curieWeissSolutions(1.2 * (1 - 1 / n), { h: 0.1 / (1 - 1 / n) }).m;
    for (let i = 0; i < n; i++) expect(r.m[i]).toBeCloseTo(want, 8);
  });
  it('TAP is closer than naive mean field to exact magnetizations of a small SK instance in a field', () => {
    const n = 14;
    const model = isingModel(
      sherringtonKirkpatrick(n, { seed: 3, J: 0.6 }),
      Float32Array.from({ length: n }, (_, i) => 0.3 * Math.cos(i)),
    );
    const exact = exactEnumeration(model, 1).magnetizations;
    const err = (m: Float64Array) => Math.sqrt(m.reduce((a, v, i) => a + (v - exact[i]!) ** 2, 0) / n);
    const nmf = err(naiveMeanField(model, 1).m);
    const tap = err(tapMeanField(model, 1).m);
    expect(tap).toBeLessThan(nmf);
    expect(tap).toBeLessThan(0.05);
  });
  it('throws a ConvergenceError with the residual when iterations run out', () => {
    const model = isingModel(sherringtonKirkpatrick(30, { seed: 1, J: 3 }));
    expect(() => naiveMeanField(model, 3, { damping: 0, maxIterations: 3 })).toThrow(ConvergenceError);
  });
});

describe('SK replica symmetry', () => {
  it('has q = 0 and energy −β/2 in the paramagnet', () => {
    for (const beta of [0.2, 0.5, 0.9]) {
      const r = skReplicaSymmetric(beta);
      expect(r.q).toBeLessThan(1e-8);
      expect(r.energy).toBeCloseTo(-beta / 2, 8);
      // −βf = β²/4 + ln 2
      expect(-beta * r.freeEnergy).toBeCloseTo((beta * beta) / 4 + Math.LN2, 8);
    }
  });
  it('orders below T = 1 with q ≈ τ = 1 − T near T_c, and 1 − q ≈ √(2/π)·T as T → 0', () => {
    const near = skReplicaSymmetric(1 / 0.97);
    expect(near.q / 0.03).toBeGreaterThan(0.9);
    expect(near.q / 0.03).toBeLessThan(1.2);
    // low-temperature RS asymptotics: (1 − q)/T → √(2/π) ≈ 0.7979 (corrections O(T))
    for (const T of [0.02, 0.01]) expect((1 - skReplicaSymmetric(1 / T).q) / T).toBeCloseTo(Math.sqrt(2 / Math.PI), 1);
    // the RS ground-state energy −√(2/π) ≈ −0.798 (the Parisi value is −0.7633: RS is wrong there)
    expect(skReplicaSymmetric(100).energy).toBeCloseTo(-Math.sqrt(2 / Math.PI), 2);
  });
  it('with J0 > J has a ferromagnetic solution m > 0', () => {
    const r = skReplicaSymmetric(2, { J0: 1.5 });
    expect(r.m).toBeGreaterThan(0.5);
    expect(r.q).toBeGreaterThan(r.m * r.m - 1e-12);
  });
});
