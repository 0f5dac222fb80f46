import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { IsingModel } from './couplings';
import { denseCouplings, isingModel } from './couplings';
import { energy } from './energy';
import type { ExactDynamics } from './exact';
import { curieWeissExact, exactEnumeration, stateSpins, transitionMatrix } from './exact';
import { curieWeiss, periodicLattice, sherringtonKirkpatrick } from './models';

/** Random models with N ≤ nMax: symmetric or not, with fields. */
function randomModel(nMax: number, symmetric: boolean) {
  return fc
    .record({
      n: fc.integer({ min: 2, max: nMax }),
      seed: fc.nat(),
      hScale: fc.constantFrom(0, 0.3, 1),
    })
    .map(({ n, seed, hScale }) => {
      const J = new Float32Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          const v = Math.sin(seed + 7 * i + 13 * j) * 0.8;
          J[i * n + j] = symmetric && j < i ? J[j * n + i]! : v;
        }
      const h = Float32Array.from({ length: n }, (_, i) => hScale * Math.cos(seed + i));
      return isingModel(denseCouplings(J, { n }), h);
    });
}

function bruteForce(model: IsingModel, beta: number) {
  const n = model.n;
  let z = 0;
  let e = 0;
  const m = new Float64Array(n);
  const c = new Float64Array(n * n);
  for (let s = 0; s < 2 ** n; s++) {
    const sp = stateSpins(s, n);
    const H = energy(model, sp);
    const w = Math.exp(-beta * H);
    z += w;
    e += w * H;
    for (let i = 0; i < n; i++) {
      m[i] = m[i]! + w * sp[i]!;
      for (let j = 0; j < n; j++) c[i * n + j] = c[i * n + j]! + w * sp[i]! * sp[j]!;
    }
  }
  return { logZ: Math.log(z), energy: e / z, m: m.map((v) => v / z), c: c.map((v) => v / z) };
}

describe('exact enumeration', () => {
  propTest.prop({ model: randomModel(8, true), beta: fc.double({ min: 0, max: 2, noNaN: true }) })(
    'matches a brute-force sum over states (log Z, ⟨E⟩, ⟨σ_i⟩, ⟨σ_iσ_j⟩)',
    ({ model, beta }) => {
      const ex = exactEnumeration(model, beta);
      const bf = bruteForce(model, beta);
      expect(ex.logZ).toBeCloseTo(bf.logZ, 10);
      expect(ex.energy).toBeCloseTo(bf.energy, 10);
      for (let i = 0; i < model.n; i++) expect(ex.magnetizations[i]).toBeCloseTo(bf.m[i]!, 10);
      for (let t = 0; t < model.n ** 2; t++) expect(ex.correlations![t]).toBeCloseTo(bf.c[t]!, 10);
    },
  );

  it('gives the transfer-matrix log Z of the periodic 1D chain', () => {
    // dyadic J and h: the model stores f32, so values like 0.8 would be rounded
    const [n, J, h, beta] = [14, 0.75, 0.25, 0.9];
    const model = isingModel(periodicLattice([n], { J }), new Array(n).fill(h));
    const a = Math.exp(beta * J) * Math.cosh(beta * h);
    const b = Math.sqrt(Math.exp(2 * beta * J) * Math.sinh(beta * h) ** 2 + Math.exp(-2 * beta * J));
    expect(exactEnumeration(model, beta).logZ).toBeCloseTo(Math.log((a + b) ** n + (a - b) ** n), 10);
  });

  it('agrees with the Curie–Weiss sum over magnetizations, and ⟨m⟩ = 0 at h = 0', () => {
    for (const beta of [0.5, 1, 1.7]) {
      const ex = exactEnumeration(isingModel(curieWeiss(12)), beta);
      const cw = curieWeissExact(12, beta);
      expect(ex.logZ).toBeCloseTo(cw.logZ, 10);
      expect(ex.energy / 12).toBeCloseTo(cw.energy, 10);
      expect(Math.abs(ex.magnetization)).toBeLessThan(1e-14);
    }
    const withField = curieWeissExact(12, 1, { h: 0.25 });
    const ex = exactEnumeration(isingModel(curieWeiss(12), new Array(12).fill(0.25)), 1);
    expect(ex.magnetization).toBeCloseTo(withField.m, 10);
  });

  it('returns the distribution when asked, refuses N > 24 and β < 0', () => {
    const ex = exactEnumeration(isingModel(sherringtonKirkpatrick(6, { seed: 1 })), 1, { distribution: true });
    expect(ex.distribution!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    expect(() => exactEnumeration(isingModel(curieWeiss(25)), 1)).toThrow(
      /N = 25 is too large for enumeration \(at most 24\)/,
    );
    expect(() => exactEnumeration(isingModel(curieWeiss(4)), -1)).toThrow(/beta: expected a finite number ≥ 0/);
    expect(() => exactEnumeration(isingModel(curieWeiss(4)), Number.NaN)).toThrow(/beta/);
    expect(exactEnumeration(isingModel(curieWeiss(4)), 0).logZ).toBeCloseTo(4 * Math.LN2, 14);
  });
});

describe('transition matrices', () => {
  const dynamicsAll: ExactDynamics[] = [
    'glauber-random',
    'glauber-sweep',
    'metropolis-random',
    'metropolis-sweep',
    'zero-temperature-sweep',
    'parallel-glauber',
  ];

  propTest.prop({
    model: randomModel(5, true),
    beta: fc.double({ min: 0.05, max: 2, noNaN: true }),
    dyn: fc.constantFrom(...dynamicsAll),
  })('are stochastic: rows of non-negative entries summing to 1', ({ model, beta, dyn }) => {
    const W = transitionMatrix(model, beta, dyn);
    const S = 2 ** model.n;
    for (let s = 0; s < S; s++) {
      let sum = 0;
      for (let t = 0; t < S; t++) {
        expect(W[s * S + t]).toBeGreaterThanOrEqual(0);
        sum += W[s * S + t]!;
      }
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  propTest.prop({
    model: randomModel(5, true),
    beta: fc.double({ min: 0.05, max: 2, noNaN: true }),
    dyn: fc.constantFrom<ExactDynamics>('glauber-random', 'metropolis-random'),
  })('detailed balance: π(σ)W(σ→σ′) = π(σ′)W(σ′→σ) for symmetric J, and π is stationary', ({ model, beta, dyn }) => {
    const pi = exactEnumeration(model, beta, { distribution: true }).distribution!;
    const W = transitionMatrix(model, beta, dyn);
    const S = pi.length;
    for (let s = 0; s < S; s++)
      for (let t = 0; t < S; t++) expect(Math.abs(pi[s]! * W[s * S + t]! - pi[t]! * W[t * S + s]!)).toBeLessThan(1e-13);
    for (let t = 0; t < S; t++) {
      let flow = 0;
      for (let s = 0; s < S; s++) flow += pi[s]! * W[s * S + t]!;
      expect(flow).toBeCloseTo(pi[t]!, 13);
    }
  });

  propTest.prop({
    model: randomModel(5, true),
    beta: fc.double({ min: 0.05, max: 2, noNaN: true }),
    dyn: fc.constantFrom<ExactDynamics>('glauber-sweep', 'metropolis-sweep'),
  })(
    'sequential sweeps leave the Boltzmann distribution stationary (without detailed balance)',
    ({ model, beta, dyn }) => {
      const pi = exactEnumeration(model, beta, { distribution: true }).distribution!;
      const W = transitionMatrix(model, beta, dyn);
      const S = pi.length;
      for (let t = 0; t < S; t++) {
        let flow = 0;
        for (let s = 0; s < S; s++) flow += pi[s]! * W[s * S + t]!;
        expect(flow).toBeCloseTo(pi[t]!, 12);
      }
    },
  );

  propTest.prop({ model: randomModel(5, false), beta: fc.double({ min: 0.3, max: 2, noNaN: true }) })(
    'for asymmetric J the check finds a pair violating detailed balance',
    ({ model, beta }) => {
      fc.pre(model.n >= 3 && model.couplings.symmetric === false);
      const pi = exactEnumeration(model, beta, { distribution: true }).distribution!;
      const W = transitionMatrix(model, beta, 'glauber-random');
      const S = pi.length;
      let worst = 0;
      for (let s = 0; s < S; s++)
        for (let t = 0; t < S; t++) worst = Math.max(worst, Math.abs(pi[s]! * W[s * S + t]! - pi[t]! * W[t * S + s]!));
      expect(worst).toBeGreaterThan(1e-6);
    },
  );

  it('refuses N > 10 and unknown dynamics', () => {
    expect(() => transitionMatrix(isingModel(curieWeiss(11)), 1, 'glauber-random')).toThrow(
      /N = 11 is too large for a transition matrix/,
    );
    expect(() => transitionMatrix(isingModel(curieWeiss(3)), 1, 'kawasaki' as ExactDynamics)).toThrow(
      /dynamics: expected one of/,
    );
  });
});
