import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { denseCouplings, isingModel, patternCouplings, toDenseMatrix } from './couplings';
import { energy, localFields } from './energy';
import { randomSpins } from './spins';

const patternModel = fc
  .record({
    n: fc.integer({ min: 2, max: 30 }),
    k: fc.integer({ min: 1, max: 6 }),
    seed: fc.nat(),
    scale: fc.constantFrom(1, 0.5, -2),
  })
  .map(({ n, k, seed, scale }) => {
    const xi = randomSpins(n, k, seed, 7);
    return { n, pattern: patternCouplings(xi, k, n, { scale }), seed };
  });

describe('fields and energies', () => {
  propTest.prop({ p: patternModel, h: fc.double({ min: -1, max: 1, noNaN: true }) })(
    'pattern form and its dense matrix give the same fields and energy',
    ({ p, h }) => {
      const field = Float32Array.from({ length: p.n }, (_, i) => h * Math.sin(i));
      const a = isingModel(p.pattern, field);
      const b = isingModel(denseCouplings(toDenseMatrix(p.pattern), { n: p.n }), field);
      const s = randomSpins(p.n, 1, p.seed, 1);
      const fa = localFields(a, s);
      const fb = localFields(b, s);
      for (let i = 0; i < p.n; i++) expect(fa[i]).toBeCloseTo(fb[i]!, 5);
      expect(energy(a, s)).toBeCloseTo(energy(b, s), 4);
    },
  );
  propTest.prop({ p: patternModel })('at h = 0 the energy is invariant under the global flip σ → −σ', ({ p }) => {
    const m = isingModel(p.pattern);
    const s = randomSpins(p.n, 1, p.seed, 2);
    expect(
      energy(
        m,
        s.map((v) => -v),
      ),
    ).toBe(energy(m, s));
  });
  propTest.prop({ p: patternModel })('a flip of σ_i changes H by exactly 2σ_iφ_i', ({ p }) => {
    const m = isingModel(
      p.pattern,
      Float32Array.from({ length: p.n }, (_, i) => 0.25 * (i % 3)),
    );
    const s = randomSpins(p.n, 1, p.seed, 3);
    const phi = localFields(m, s);
    const i = p.seed % p.n;
    const e0 = energy(m, s);
    const t = s.slice();
    t[i] = -t[i]!;
    expect(energy(m, t) - e0).toBeCloseTo(2 * s[i]! * phi[i]!, 9);
  });
});
