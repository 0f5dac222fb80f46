import { fc, test as propTest } from '@fast-check/vitest';
import type { Couplings } from '@replica/spin-core';
import { createSimulation, energy, exactEnumeration, isingModel, stateSpins, toDenseMatrix } from '@replica/spin-core';
import { createBackend } from '@replica/webgpu-kernels';
import { describe, expect, it } from 'vitest';
import { patternOverlapMatrix, randomPatterns } from './patterns';
import { dreaming, hebb, hebbianFromExamples, noisyExamples, projector } from './rules';

/** Random ±1 patterns with K < N that are linearly independent (C invertible). */
const patternSet = fc
  .record({ n: fc.integer({ min: 8, max: 40 }), k: fc.integer({ min: 1, max: 6 }), seed: fc.nat() })
  .filter(({ n, k }) => k < n)
  .map(({ n, k, seed }) => ({ n, k, xi: randomPatterns(k, n, { seed }), seed }))
  .filter(({ n, k, xi }) => {
    // keep linearly independent sets (det C > 0 by elimination)
    const C = patternOverlapMatrix(xi, k, n);
    for (let c = 0; c < k; c++) {
      let piv = c;
      for (let r = c + 1; r < k; r++) if (Math.abs(C[r * k + c]!) > Math.abs(C[piv * k + c]!)) piv = r;
      if (Math.abs(C[piv * k + c]!) < 1e-9) return false;
      for (let j = 0; j < k; j++) [C[c * k + j], C[piv * k + j]] = [C[piv * k + j]!, C[c * k + j]!];
      for (let r = c + 1; r < k; r++) {
        const f = C[r * k + c]! / C[c * k + c]!;
        for (let j = 0; j < k; j++) C[r * k + j] = C[r * k + j]! - f * C[c * k + j]!;
      }
    }
    return true;
  });

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let t = 0; t < a.length; t++) m = Math.max(m, Math.abs(a[t]! - b[t]!));
  return m;
}

describe('learning rules', () => {
  it('the projector rule refuses linearly dependent patterns (K > N, or a repeated pattern) with a RangeError', () => {
    expect(() => projector(randomPatterns(30, 20, { seed: 1 }), 30, 20)).toThrow(RangeError);
    expect(() => projector(randomPatterns(30, 20, { seed: 1 }), 30, 20)).toThrow(
      /^k: the projector rule \(t = ∞\) needs linearly independent patterns, but K = 30 patterns of N = 20 spins are linearly dependent/,
    );
    const xi = randomPatterns(3, 40, { seed: 2 });
    xi.copyWithin(80, 0, 40); // pattern 2 = pattern 0
    expect(() => projector(xi, 3, 40)).toThrow(/^patterns: the projector rule .* these K = 3 are linearly dependent/);
    // finite dreaming times stay well defined: I + tC is positive definite
    expect(() => dreaming(xi, 3, 40, 100)).not.toThrow();
  });

  propTest.prop({ p: patternSet, t: fc.double({ min: 0, max: 50, noNaN: true }) })(
    'Hebb, projector and dreaming couplings are symmetric with zero diagonal',
    ({ p, t }) => {
      for (const c of [hebb(p.xi, p.k, p.n), projector(p.xi, p.k, p.n), dreaming(p.xi, p.k, p.n, t)] as Couplings[]) {
        const J = toDenseMatrix(c);
        for (let i = 0; i < p.n; i++) {
          expect(J[i * p.n + i]).toBe(0);
          for (let j = 0; j < i; j++) expect(J[i * p.n + j]).toBeCloseTo(J[j * p.n + i]!, 12);
        }
      }
    },
  );

  propTest.prop({ p: patternSet })(
    'dreaming at t = 0 is Hebb, and J(t) → projector as t → ∞ (error O(1/t))',
    ({ p }) => {
      const hebbJ = toDenseMatrix(hebb(p.xi, p.k, p.n));
      expect(maxDiff(toDenseMatrix(dreaming(p.xi, p.k, p.n, 0)), hebbJ)).toBeLessThan(1e-12);
      const proj = toDenseMatrix(projector(p.xi, p.k, p.n));
      const e1 = maxDiff(toDenseMatrix(dreaming(p.xi, p.k, p.n, 1e3)), proj);
      const e2 = maxDiff(toDenseMatrix(dreaming(p.xi, p.k, p.n, 1e5)), proj);
      expect(e2).toBeLessThan(1e-3);
      expect(e2).toBeLessThanOrEqual(e1 * 0.02 + 1e-12);
    },
  );

  propTest.prop({ p: patternSet })(
    'projector-rule patterns are fixed points (any linearly independent set)',
    async ({ p }) => {
      // the margin is 1 − P_ii; P_ii = 1 (e_i in the span) is an exact tie, left to rounding
      const Jp = projector(p.xi, p.k, p.n);
      const Pii = (i: number) => {
        let d = 0;
        for (let a = 0; a < p.k; a++)
          for (let b = 0; b < p.k; b++) d += p.xi[a * p.n + i]! * Jp.mixing[a * p.k + b]! * p.xi[b * p.n + i]!;
        return d / p.n;
      };
      fc.pre(Array.from({ length: p.n }, (_, i) => Pii(i)).every((d) => d < 1 - 1e-9));
      const cpu = await createBackend({ kind: 'cpu' });
      const sim = await createSimulation(cpu, isingModel(projector(p.xi, p.k, p.n)), {
        replicas: p.k,
        seed: 1,
        initial: p.xi,
      });
      await sim.run({ dynamics: 'zero-temperature', beta: 0, sweeps: 2 });
      expect(Array.from(await sim.spins())).toEqual(Array.from(p.xi));
    },
  );

  it('projector: when e_i lies in the span, spin i feels zero field on every pattern (P_ii = 1)', () => {
    // ξ¹ − ξ² = 2e₀, so e₀ is in the span; every other spin keeps margin 1 − P_ii > 0
    const n = 6;
    const xi = Int8Array.from([1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1]);
    const J = toDenseMatrix(projector(xi, 2, n));
    for (let nu = 0; nu < 2; nu++)
      for (let i = 0; i < n; i++) {
        let h = 0;
        for (let j = 0; j < n; j++) h += J[i * n + j]! * xi[nu * n + j]!;
        if (i === 0) expect(Math.abs(h)).toBeLessThan(1e-12);
        else expect(h * xi[nu * n + i]!).toBeGreaterThan(0.1);
      }
  });

  propTest.prop(
    {
      p: patternSet,
      rule: fc.constantFrom('hebb', 'projector', 'dreaming', 'supervised', 'unsupervised'),
      order: fc.constantFrom('sequential' as const, 'random' as const),
    },
    { numRuns: 40 },
  )('H never increases under sequential T = 0 dynamics, for every symmetric rule', async ({ p, rule, order }) => {
    let c: Couplings;
    if (rule === 'hebb') c = hebb(p.xi, p.k, p.n);
    else if (rule === 'projector') c = projector(p.xi, p.k, p.n);
    else if (rule === 'dreaming') c = dreaming(p.xi, p.k, p.n, 3);
    else
      c = hebbianFromExamples(noisyExamples(p.xi, { k: p.k, n: p.n, examples: 3, quality: 0.6, seed: p.seed }), {
        k: p.k,
        examples: 3,
        n: p.n,
        mode: rule as 'supervised' | 'unsupervised',
      });
    const model = isingModel(c);
    const cpu = await createBackend({ kind: 'cpu' });
    const sim = await createSimulation(cpu, model, { seed: p.seed });
    let last = energy(model, await sim.spins());
    for (let t = 0; t < 4; t++) {
      await sim.run({ dynamics: 'zero-temperature', order, beta: 0, sweeps: 1 });
      const e = energy(model, await sim.spins());
      expect(e).toBeLessThanOrEqual(last + 1e-12);
      last = e;
    }
  });

  it('orthogonal stored patterns are global minima of H (exact enumeration, N = 16)', () => {
    // rows of the 16×16 Sylvester–Hadamard matrix are mutually orthogonal ±1 vectors
    const n = 16;
    const row = (r: number) => Int8Array.from({ length: n }, (_, c) => (popcount(r & c) % 2 ? -1 : 1));
    for (const k of [1, 2, 3, 4]) {
      const xi = new Int8Array(k * n);
      for (let mu = 0; mu < k; mu++) xi.set(row(mu + 1), mu * n);
      const model = isingModel(hebb(xi, k, n));
      const ex = exactEnumeration(model, 1, { distribution: true, correlations: false });
      const minE = Math.min(...ex.energies!);
      for (let mu = 0; mu < k; mu++) expect(energy(model, xi.subarray(mu * n, (mu + 1) * n))).toBeCloseTo(minE, 12);
      expect(energy(model, stateSpins(12345, n))).toBeGreaterThanOrEqual(minE);
    }
  });

  it('supervised learning averages each class (low-rank blocks); unsupervised stores every example', () => {
    const [n, k, m] = [30, 2, 4];
    const arch = randomPatterns(k, n, { seed: 1 });
    const ex = noisyExamples(arch, { k, n, examples: m, quality: 0.8, seed: 2 });
    const sup = toDenseMatrix(hebbianFromExamples(ex, { k, examples: m, n, mode: 'supervised' }));
    const uns = toDenseMatrix(hebbianFromExamples(ex, { k, examples: m, n, mode: 'unsupervised' }));
    for (const [i, j] of [
      [0, 1],
      [3, 17],
      [29, 4],
    ] as const) {
      let s = 0;
      let u = 0;
      for (let mu = 0; mu < k; mu++) {
        let si = 0;
        let sj = 0;
        for (let a = 0; a < m; a++) {
          si += ex[(mu * m + a) * n + i]!;
          sj += ex[(mu * m + a) * n + j]!;
          u += ex[(mu * m + a) * n + i]! * ex[(mu * m + a) * n + j]!;
        }
        s += si * sj;
      }
      expect(sup[i * n + j]).toBeCloseTo(s / (n * m * m), 12);
      expect(uns[i * n + j]).toBeCloseTo(u / (n * m), 12);
    }
    expect(() => noisyExamples(arch, { k, n, examples: 2, quality: 1.5, seed: 1 })).toThrow(
      /quality: expected r in \[0, 1\]/,
    );
  });
});

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}
