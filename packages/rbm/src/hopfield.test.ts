import { exactEnumeration, isingModel, patternCouplings, stateSpins, toDenseMatrix } from '@replica/spin-core';
import { describe, expect, it } from 'vitest';
import { logPartitionExact } from './exact';
import { hopfieldToRbm, rbmToHopfield } from './hopfield';
import type { Rbm } from './model';
import { createRbm, freeEnergy } from './model';

/** K deterministic pseudo-random ±1 patterns of N spins. */
function patterns(k: number, n: number, seed: number): Int8Array {
  return Int8Array.from({ length: k * n }, (_, t) => (Math.sin(seed * 12.9898 + t * 78.233) * 43758.5453 > 0 ? 1 : -1));
}

/**
 * max over all σ of |log p_RBM(σ) − log p_Hopfield(σ)|, p_RBM(σ) = e^{−F(σ)}/Z from the RBM's
 * free energy and exact log Z, p_Hopfield from spin-core's exact enumeration of the
 * pattern-coupled Ising model J_ij = (1/N) Σ_μ ξ_i^μ ξ_j^μ (fields h) at inverse temperature β.
 */
function maxLogProbGap(rbm: Rbm, xi: Int8Array, k: number, beta: number, field?: Float32Array): number {
  const n = rbm.visible;
  const model = isingModel(patternCouplings(xi, k, n), field ?? null);
  const ex = exactEnumeration(model, beta, { distribution: true, correlations: false });
  const logZ = logPartitionExact(rbm, { over: 'visible' }).logZ;
  let worst = 0;
  for (let s = 0; s < 2 ** n; s++) {
    const sigma = stateSpins(s, n);
    const gap = Math.abs(-freeEnergy(rbm, sigma) - logZ - Math.log(ex.distribution![s]!));
    worst = Math.max(worst, gap);
  }
  return worst;
}

describe('hopfieldToRbm', () => {
  // Tolerance 1e-9 on log-probabilities: both sides are f64 sums of O(N·K) exact terms (log p ≥ −60
  // here); β = N·w² with w a float32, so W_iμ = ±w is stored exactly and both describe the same β.
  it("has the Hopfield network's Boltzmann distribution as its visible marginal, for every σ", () => {
    for (const n of [8, 10, 12])
      for (const k of [1, 2, 3])
        for (const w of [0.125, 0.25, 0.375, 0.5]) {
          const beta = n * w * w;
          const xi = patterns(k, n, 100 * n + k);
          const rbm = hopfieldToRbm(xi, { count: k, beta });
          expect(rbm).toMatchObject({ visible: n, hidden: k, visibleType: 'spin', hiddenType: 'gaussian' });
          expect(Math.abs(rbm.W[0]!)).toBe(w);
          expect(maxLogProbGap(rbm, xi, k, beta), `N = ${n}, K = ${k}, β = ${beta}`).toBeLessThan(1e-9);
        }
  });

  // For any β the float32 W represents β′ = N·fl(√(β/N))², |β′/β − 1| ≤ 2^-23; compared at β′ the
  // distributions agree to 1e-9, while at β itself they differ by ~1e-7·|βH| (the documented rounding).
  it('represents β′ = N·W_iμ² (within 2^-23 of β) for β that are not float32-friendly', () => {
    for (const beta of [0.37, 1.3, 2.9]) {
      const n = 9;
      const k = 2;
      const xi = patterns(k, n, 7);
      const rbm = hopfieldToRbm(xi, { count: k, beta });
      const betaEff = n * rbm.W[0]! ** 2;
      expect(Math.abs(betaEff / beta - 1)).toBeLessThanOrEqual(2 ** -23);
      expect(maxLogProbGap(rbm, xi, k, betaEff)).toBeLessThan(1e-9);
    }
  });

  it('turns external fields h into visible biases a = βh', () => {
    const n = 8;
    const k = 2;
    const beta = 2; // w = 1/2
    const xi = patterns(k, n, 3);
    const h = Float32Array.from({ length: n }, (_, i) => (i % 3) * 0.25 - 0.25);
    const rbm = hopfieldToRbm(xi, { count: k, beta, field: h });
    expect(Array.from(rbm.visibleBias)).toEqual(Array.from(h, (x) => 2 * x));
    expect(maxLogProbGap(rbm, xi, k, beta, h)).toBeLessThan(1e-9);
  });

  it('names bad arguments', () => {
    const xi = patterns(2, 5, 1);
    expect(() => hopfieldToRbm([1, -1] as unknown as Int8Array, { count: 1, beta: 1 })).toThrow(TypeError);
    expect(() => hopfieldToRbm(xi, { count: 0, beta: 1 })).toThrow(/^count: expected an integer ≥ 1/);
    expect(() => hopfieldToRbm(xi, { count: 3, beta: 1 })).toThrow(/^xi: expected K × N entries with K = 3, got 10/);
    expect(() => hopfieldToRbm(Int8Array.from([1, 0, -1, 1]), { count: 2, beta: 1 })).toThrow(
      /^xi\[0\]\[1\] = 0: expected ±1/,
    );
    expect(() => hopfieldToRbm(xi, { count: 2, beta: -1 })).toThrow(/^beta: expected a finite number ≥ 0, got -1/);
    expect(() => hopfieldToRbm(xi, { count: 2, beta: Number.NaN })).toThrow(/^beta:/);
    expect(() => hopfieldToRbm(xi, { count: 2, beta: 1, field: [0, 0] })).toThrow(/^field: expected 5 entries/);
    expect(() => hopfieldToRbm(xi, { count: 2, beta: 1, field: [0, 0, Number.NaN, 0, 0] })).toThrow(/^field\[2\]/);
    expect(hopfieldToRbm(xi, { count: 2, beta: 0 }).W).toEqual(new Float32Array(10));
  });
});

describe('rbmToHopfield', () => {
  it('inverts hopfieldToRbm: the patterns, Hebbian couplings, fields and the diagonal constant K/2', () => {
    for (const [n, k, beta] of [
      [8, 3, 0.5],
      [12, 2, 3],
      [10, 1, 10 * 0.375 ** 2],
    ] as const) {
      const xi = patterns(k, n, n + k);
      const h = Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(i));
      const net = rbmToHopfield(hopfieldToRbm(xi, { count: k, beta, field: h }), { beta });
      expect(net).toMatchObject({ n, k, beta });
      // √(β/N) is a float32 for these β, so ξ comes back up to the f64 rounding of √(N/β)
      for (let t = 0; t < xi.length; t++) expect(Math.abs(net.patterns[t]! - xi[t]!)).toBeLessThan(1e-15);
      const J = toDenseMatrix(patternCouplings(xi, k, n));
      for (let t = 0; t < n * n; t++) expect(Math.abs(net.couplings[t]! - J[t]!)).toBeLessThan(1e-14);
      // a = fl(βh): h comes back within float32 rounding of βh
      for (let i = 0; i < n; i++)
        expect(Math.abs(net.fields[i]! - h[i]!)).toBeLessThanOrEqual(2 ** -24 * Math.abs(h[i]!) * 2);
      expect(net.diagonal).toBeCloseTo(k / 2, 14);
    }
  });

  it('recovers ξ within float32 rounding (relative 2^-24) when √(β/N) is not a float32', () => {
    const xi = patterns(3, 11, 2);
    const net = rbmToHopfield(hopfieldToRbm(xi, { count: 3, beta: 1.7 }), { beta: 1.7 });
    for (let t = 0; t < xi.length; t++) expect(Math.abs(net.patterns[t]! - xi[t]!)).toBeLessThanOrEqual(2 ** -24);
  });

  // Tolerance 1e-10: both sides are f64 sums of O(N²K) products of float32 values of size ≤ 1.
  it('reproduces −F(σ) = β(½σᵀJσ + h·σ + diagonal) + (K/2) log 2π for any spin/Gaussian RBM', () => {
    const rbm = createRbm({
      visible: 7,
      hidden: 4,
      visibleType: 'spin',
      hiddenType: 'gaussian',
      weightScale: 0.4,
      seed: 5,
    });
    for (let i = 0; i < 7; i++) rbm.visibleBias[i] = 0.3 * Math.cos(i);
    const beta = 1.6;
    const net = rbmToHopfield(rbm, { beta });
    for (let s = 0; s < 2 ** 7; s++) {
      const sigma = stateSpins(s, 7);
      let e = net.diagonal;
      for (let i = 0; i < 7; i++) {
        e += net.fields[i]! * sigma[i]!;
        for (let j = 0; j < 7; j++) e += 0.5 * sigma[i]! * net.couplings[i * 7 + j]! * sigma[j]!;
      }
      expect(Math.abs(-freeEnergy(rbm, sigma) - (beta * e + 2 * Math.log(2 * Math.PI)))).toBeLessThan(1e-10);
    }
    // default β = 1
    expect(rbmToHopfield(rbm).beta).toBe(1);
  });

  it('refuses other RBMs, naming the field', () => {
    const ok = createRbm({ visible: 3, hidden: 2, visibleType: 'spin', hiddenType: 'gaussian', weightScale: 0 });
    expect(() => rbmToHopfield({ ...ok, visibleType: 'bernoulli' })).toThrow(
      /^rbm\.visibleType: the Hopfield equivalence needs 'spin' visible units, got 'bernoulli'/,
    );
    expect(() => rbmToHopfield({ ...ok, hiddenType: 'relu' })).toThrow(/^rbm\.hiddenType: .* got 'relu'/);
    expect(() => rbmToHopfield({ ...ok, hiddenBias: Float32Array.from([0, 0.5]) })).toThrow(
      /^rbm\.hiddenBias\[1\] = 0.5: the Hopfield equivalence needs zero hidden biases/,
    );
    expect(() => rbmToHopfield(ok, { beta: 0 })).toThrow(/^beta: expected a finite number > 0, got 0/);
    expect(() => rbmToHopfield({ ...ok, W: new Float32Array(5) })).toThrow(/^rbm\.W/);
  });
});
