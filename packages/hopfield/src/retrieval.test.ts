import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import { flipFraction, maskRegion, randomPatterns } from './patterns';
import { classifyAttractor, retrieve } from './retrieval';
import { hebb } from './rules';

describe('classifyAttractor', () => {
  it('names patterns, negatives, mixtures and spin-glass states', () => {
    expect(classifyAttractor([0.05, 0.97, -0.1])).toEqual({ kind: 'pattern', patterns: [1] });
    expect(classifyAttractor([-0.99, 0.02])).toEqual({ kind: 'negative', patterns: [0] });
    expect(classifyAttractor([0.5, 0.5, 0.5, 0.01])).toEqual({ kind: 'mixture', patterns: [0, 1, 2] });
    expect(classifyAttractor([0.1, -0.05, 0.12])).toEqual({ kind: 'spin-glass', patterns: [] });
  });
});

describe('corruption', () => {
  it('flips exactly round(fN) sites and masks the last fraction', () => {
    const p = randomPatterns(1, 200, { seed: 1 });
    const f = flipFraction(p, 0.15, 2);
    let diff = 0;
    for (let i = 0; i < 200; i++) if (f[i] !== p[i]) diff++;
    expect(diff).toBe(30);
    const m = maskRegion(p, 0.5, 3);
    expect(Array.from(m.subarray(0, 100))).toEqual(Array.from(p.subarray(0, 100)));
    expect(() => flipFraction(p, 1.2, 1)).toThrow(/fraction: expected a probability/);
  });
});

for (const b of await testBackends()) {
  describe.runIf(b.available)(`retrieval on ${b.name}`, () => {
    it('recovers a pattern from 25% noise at low load, and reaches the negative from the negative', async () => {
      const be = await b.create();
      const [n, k] = [200, 6];
      const xi = randomPatterns(k, n, { seed: 5 });
      const r = await retrieve(be, hebb(xi, k, n), xi, k, {
        target: 2,
        corruption: { kind: 'flip', fraction: 0.25 },
        seed: 7,
        sweeps: 20,
      });
      expect(r.initialOverlap).toBeCloseTo(0.5, 10);
      expect(r.overlap).toBe(1);
      expect(r.attractor).toEqual({ kind: 'pattern', patterns: [2] });
      expect(r.sweepsToConverge).not.toBeNull();
      expect(r.trajectory[r.trajectory.length - 1]).toBe(1);
      const neg = await retrieve(be, hebb(xi, k, n), xi, k, {
        target: 1,
        corruption: { kind: 'flip', fraction: 0.85 },
        seed: 8,
        sweeps: 20,
      });
      expect(neg.attractor).toEqual({ kind: 'negative', patterns: [1] });
      be.dispose();
    });

    it('a symmetric 3-mixture sign(ξ¹ + ξ² + ξ³) is a T = 0 attractor at low load', async () => {
      const be = await b.create();
      const [n, k] = [400, 3];
      const xi = randomPatterns(k, n, { seed: 9 });
      const mix = new Int8Array(k * n);
      for (let i = 0; i < n; i++) mix[i] = Math.sign(xi[i]! + xi[n + i]! + xi[2 * n + i]!);
      mix.set(xi.subarray(n), n);
      // retrieve "pattern 0" of a set whose pattern 0 is the mixture: start exactly there
      const r = await retrieve(be, hebb(xi, k, n), Int8Array.from([...mix.subarray(0, n), ...xi]), k + 1, {
        target: 0,
        seed: 1,
        sweeps: 10,
      });
      const m = Array.from(r.finalOverlaps.subarray(1));
      for (const v of m) expect(Math.abs(v - 0.5)).toBeLessThan(0.1);
      expect(classifyAttractor(m).kind).toBe('mixture');
      be.dispose();
    });
  });
}
