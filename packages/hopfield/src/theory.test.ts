import { describe, expect, it } from 'vitest';
import { asymmetricSigns } from './rules';
import {
  agsCriticalLoad,
  agsFreeEnergy,
  agsReplicaSymmetric,
  agsZeroTemperature,
  globalMinimumLoad,
  retrievalLoad,
  spinGlassTemperature,
} from './theory/ags';
import {
  annealedFixedPointRate,
  annealedFixedPoints,
  countFixedPoints,
  countFixedPointsByCoupling,
  fixedPointRate,
  stableSpinProbability,
} from './theory/asymmetric';
import { mixtureState } from './theory/low-load';

describe('AGS replica-symmetric theory', () => {
  it('has the published zero-temperature capacity α_c ≈ 0.138 with m ≈ 0.967', () => {
    const c = agsCriticalLoad();
    expect(c.alpha).toBeCloseTo(0.1379, 4);
    expect(c.m).toBeCloseTo(0.967, 3);
    expect(agsZeroTemperature(0.15).retrieval).toBe(false);
    expect(agsZeroTemperature(0.05).m).toBeGreaterThan(0.9999);
  });
  it('finite-T solutions approach the T = 0 ones, and solve the saddle-point equations', () => {
    const s = agsReplicaSymmetric(0.1, 0.01);
    expect(s.phase).toBe('retrieval');
    expect(s.m).toBeCloseTo(agsZeroTemperature(0.1).m, 3);
    // r = q/(1 − β(1 − q))²
    expect(s.r).toBeCloseTo(s.q / (1 - (1 - s.q) / 0.01) ** 2, 8);
  });
  it('at α = 0 reduces to Curie–Weiss: m = tanh(m/T), f = m²/2 − T ln 2cosh(m/T)', () => {
    const s = agsReplicaSymmetric(0, 0.5);
    expect(s.m).toBeCloseTo(Math.tanh(s.m / 0.5), 12);
    expect(agsFreeEnergy(0, 0.5, s.m, s.q, 0)).toBeCloseTo(s.m ** 2 / 2 - 0.5 * Math.log(2 * Math.cosh(s.m / 0.5)), 10);
  });
  it('draws the phase diagram: T_g = 1 + √α, α_M(T) and α_c(T) with their published endpoints', () => {
    expect(spinGlassTemperature(0.04)).toBeCloseTo(1.2, 12);
    expect(retrievalLoad(0.001, { tol: 1e-4 })).toBeCloseTo(0.138, 2);
    expect(retrievalLoad(1)).toBe(0);
    // 1 − T_M ≈ 1.95√α at small α (AGS 1987): α_M(0.8) ≈ (0.2/1.95)² ≈ 0.0105
    expect(retrievalLoad(0.8, { tol: 1e-4 })).toBeCloseTo(0.0105, 3);
    // retrieval states become global minima below α ≈ 0.051 at low T
    expect(globalMinimumLoad(0.01, { tol: 1e-4 })).toBeCloseTo(0.052, 2);
    expect(globalMinimumLoad(0.5, { tol: 1e-4 })).toBeLessThan(retrievalLoad(0.5, { tol: 1e-4 }));
  });
});

describe('low-load mixture states', () => {
  it('the pure state is Curie–Weiss', () => {
    const s = mixtureState(1, 0.6);
    expect(s.m).toBeCloseTo(Math.tanh(s.m / 0.6), 12);
    expect(s.stable).toBe(true);
  });
  it('symmetric 3-mixtures are stable below T ≈ 0.46 and even mixtures never (AGS 1985)', () => {
    let lo = 0.3;
    let hi = 0.6;
    for (let it = 0; it < 40; it++) {
      const mid = 0.5 * (lo + hi);
      if (mixtureState(3, mid).stable) lo = mid;
      else hi = mid;
    }
    expect(lo).toBeCloseTo(0.461, 2);
    for (const T of [0.05, 0.2, 0.5]) {
      expect(mixtureState(2, T).stable).toBe(false);
      expect(mixtureState(4, T).stable).toBe(false);
    }
    expect(mixtureState(3, 0.1).m).toBeCloseTo(0.5, 3);
    // mixtures cost more free energy than pure states
    expect(mixtureState(3, 0.2).freeEnergy / 3).toBeGreaterThan(mixtureState(1, 0.2).freeEnergy / 1 - 1);
  });
  it('bifurcates continuously from the paramagnet at T = 1, as the Landau expansion says', () => {
    // f(m) = βm − c β³m³ + O(m⁵) with c = 1/3 (n = 1: tanh) and 7/3 (n = 3: ¼tanh 3βm + ¼tanh βm),
    // so m² = (β − 1)/(cβ³)·(1 + O(β − 1)): a relative error below 3(β − 1) (the next order; measured 1.2(β − 1))
    for (const [n, c] of [
      [1, 1 / 3],
      [3, 7 / 3],
    ] as const) {
      for (const T of [1, 1.0001, 1.2, 3]) expect(mixtureState(n, T).m).toBe(0);
      for (const beta of [1.0001, 1.001]) {
        const m = mixtureState(n, 1 / beta).m;
        expect(Math.abs((m * m * c * beta ** 3) / (beta - 1) - 1)).toBeLessThan(3 * (beta - 1));
      }
    }
  });
});

describe('random asymmetric network', () => {
  it('counts fixed points exactly (enumeration equals brute force)', () => {
    const n = 7;
    for (const D of [0, 0.5, 1.2]) {
      const J = asymmetricSigns(n, 3);
      let brute = 0;
      for (let s = 0; s < 2 ** n; s++) {
        let ok = true;
        for (let i = 0; i < n && ok; i++) {
          const si = (s >> i) & 1 ? -1 : 1;
          let h = 0;
          for (let j = 0; j < n; j++) if (j !== i) h += J[i * n + j]! * ((s >> j) & 1 ? -1 : 1);
          ok = si * (D * si + h / Math.sqrt(n)) > 0;
        }
        if (ok) brute++;
      }
      expect(countFixedPoints(J, n, D)).toBe(brute);
    }
  });
  it('one pass counts fixed points for every D (equals countFixedPoints)', () => {
    const Ds = [-0.5, 0, 0.25, 0.6, 1, 1.7, 3];
    for (const n of [2, 5, 9]) {
      const J = asymmetricSigns(n, 40 + n);
      expect(countFixedPointsByCoupling(J, n, Ds)).toEqual(Ds.map((D) => countFixedPoints(J, n, D)));
    }
    // D√N above N − 1 makes every configuration a fixed point
    expect(countFixedPointsByCoupling(asymmetricSigns(6, 1), 6, [6 / Math.sqrt(6)])).toEqual([64]);
    expect(() => countFixedPointsByCoupling(new Int8Array(4), 2, [Number.NaN])).toThrow(/selfCouplings\[0\]/);
  });
  it('the mean count over instances matches the annealed (2p)^N within 4 standard errors', () => {
    const n = 10;
    for (const D of [0.3, 0.9]) {
      const counts = Array.from({ length: 400 }, (_, k) => countFixedPoints(asymmetricSigns(n, 1000 + k), n, D));
      const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
      const sd = Math.sqrt(counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (counts.length - 1));
      expect(Math.abs(mean - annealedFixedPoints(n, D))).toBeLessThanOrEqual(4 * (sd / Math.sqrt(counts.length)));
    }
  });
  it('p is an exact binomial sum, and (1/N) log E[#FP] → log(1 + erf(D/√2))', () => {
    // N = 3: S ∈ {−2, 0, 2} with weights ¼, ½, ¼; D = 0.5: stable when 0.5 + S/√3 > 0 → S ∈ {0, 2}
    expect(stableSpinProbability(3, 0.5)).toBeCloseTo(0.75, 15);
    // the finite-N rate misses the limit by O(1/√N) (lattice spacing 2/√N of S/√N, times a
    // density ≤ 1/√(2π), over 2p ≥ 1): at N = 10⁶ that is below 10⁻³, and it shrinks with N
    for (const D of [0.2, 1]) {
      const gap = (n: number) => Math.abs(annealedFixedPointRate(n, D) - fixedPointRate(D));
      expect(gap(1_000_000)).toBeLessThan(1e-3);
      expect(gap(1_000_000)).toBeLessThan(gap(10_000));
    }
    expect(Math.log(annealedFixedPoints(200, 0.7)) / 200).toBeCloseTo(annealedFixedPointRate(200, 0.7), 12);
    expect(fixedPointRate(0)).toBe(0);
  });
});
