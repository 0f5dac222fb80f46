import { createSimulation, isingModel } from '@replica/spin-core';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import { flipFraction, maskRegion, randomPatterns } from './patterns';
import { classifyAttractor, probeRetrieval, retrieve } from './retrieval';
import { hebb } from './rules';
import { agsReplicaSymmetric, agsZeroTemperature } from './theory/ags';

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
    expect(() => flipFraction(p, 1.2, 1)).toThrow(/fraction: expected a finite number in \[0, 1\], got 1.2/);
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

    it('stops at the exact fixed point or 2-cycle, and the trajectory equals one uninterrupted run', async () => {
      const be = await b.create();
      const [n, k] = [120, 40];
      const xi = randomPatterns(k, n, { seed: 12 });
      const J = hebb(xi, k, n);
      let cycles = 0;
      for (const dynamics of ['sequential', 'parallel'] as const)
        for (let seed = 1; seed <= 6; seed++) {
          const r = await retrieve(be, J, xi, k, {
            corruption: { kind: 'flip', fraction: 0.3 },
            dynamics,
            seed,
            sweeps: 60,
          });
          if (r.cycle) cycles++;
          expect(r.sweepsToConverge).not.toBeNull();
          const sim = await createSimulation(be, isingModel(J), {
            seed,
            initial: flipFraction(xi.slice(0, n), 0.3, seed),
          });
          const tr = await sim.run({
            dynamics: dynamics === 'parallel' ? 'parallel-zero-temperature' : 'zero-temperature',
            order: 'random',
            beta: 0,
            sweeps: 60,
            record: { overlaps: { patterns: xi, k }, energy: false, magnetization: false },
          });
          expect(Array.from(await sim.spins())).toEqual(Array.from(r.spins));
          sim.dispose();
          for (let t = 0; t < 60; t++) expect(r.trajectory[t]).toBe(tr.overlaps![t * k]);
        }
      // at α = 1/3, parallel (Little) dynamics falls into 2-cycles for some starts
      expect(cycles).toBeGreaterThan(0);
      be.dispose();
    });

    it('probeRetrieval: stored patterns are stable at α = 0.05 and collapse at α = 0.25 (AGS α_c ≈ 0.138)', async () => {
      const be = await b.create();
      const n = 1000;
      const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;
      const low = randomPatterns(50, n, { seed: 31 });
      const rLow = await probeRetrieval(be, hebb(low, 50, n), low, 50, { probes: 8, seed: 3 });
      expect(rLow.fixedPoints).toBe(8);
      expect(Array.from(rLow.initialOverlaps)).toEqual(new Array(8).fill(1));
      // AGS m(0.05) = 0.99997…: at most a few spins of N = 1000 flip
      expect(mean(rLow.overlaps)).toBeGreaterThan(agsZeroTemperature(0.05).m - 0.01);
      const high = randomPatterns(250, n, { seed: 32 });
      const rHigh = await probeRetrieval(be, hebb(high, 250, n), high, 250, { probes: 8, seed: 3, sweeps: 100 });
      // beyond α_c the pattern is lost to a spin-glass state with m ≈ 0.2–0.4 at this N
      expect(mean(rHigh.overlaps)).toBeLessThan(0.6);
      be.dispose();
    });

    it('probeRetrieval at T > 0 follows the AGS retrieval magnetization', async () => {
      const be = await b.create();
      const [n, k, T] = [2000, 40, 0.5];
      const xi = randomPatterns(k, n, { seed: 41 });
      const r = await probeRetrieval(be, hebb(xi, k, n), xi, k, { probes: 8, temperature: T, sweeps: 60, seed: 5 });
      const ags = agsReplicaSymmetric(k / n, T);
      expect(ags.phase).toBe('retrieval');
      // thermal fluctuations of the time-averaged m are O(1/√(N·sweeps)); finite-N corrections
      // O(1/√N) ≈ 0.02: a 0.03 band around the RS value
      for (const m of r.overlaps) expect(Math.abs(m - ags.m)).toBeLessThan(0.03);
      expect(r.fixedPoints).toBeNull();
      be.dispose();
    });
  });
}

const backends = await testBackends();
const webgpu = backends.find((b) => b.name === 'webgpu')!;
describe.runIf(webgpu.available)('retrieval: CPU and WebGPU report the same overlaps', () => {
  it('pattern form at T = 0 (N = 200, K = 10, 10 sweeps, seed 7, as hopfield-retrieval): identical overlaps', async () => {
    const [cpu, gpu] = [await backends[0]!.create(), await webgpu.create()];
    const [n, k] = [200, 10];
    for (const dynamics of ['sequential', 'parallel'] as const)
      for (const seed of [7, 8, 9]) {
        const xi = randomPatterns(k, n, { seed });
        const options = { corruption: { kind: 'flip', fraction: 0.2 }, dynamics, sweeps: 10, seed } as const;
        const [a, b] = [
          await retrieve(cpu, hebb(xi, k, n), xi, k, options),
          await retrieve(gpu, hebb(xi, k, n), xi, k, options),
        ];
        expect(Array.from(b.spins)).toEqual(Array.from(a.spins));
        expect(b.overlap).toBe(a.overlap);
        expect(b.initialOverlap).toBe(a.initialOverlap);
        expect(Array.from(b.trajectory)).toEqual(Array.from(a.trajectory));
        expect(Array.from(b.finalOverlaps)).toEqual(Array.from(a.finalOverlaps));
        // m = M/N with the integer M: the reported value is the f64 quotient
        for (const m of b.finalOverlaps) expect(m).toBe(Math.round(m * n) / n);
      }
    gpu.dispose();
  }, 120_000);
});
