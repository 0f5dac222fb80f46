/**
 * The perceptron instances and the annealers: stabilities kept incrementally equal those
 * recomputed; ΔE of a flip equals the difference of recomputed errors; the robust-ensemble
 * coupling equals the brute-force sum over the traced-out reference (N ≤ 10); rSA with one
 * replica is SA bit for bit; both solve an easy load; both are reproducible from the seed.
 */
import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { replicatedAnnealing, simulatedAnnealing } from './annealing';
import { applyFlip, flipDelta, perceptronErrors, randomBinaryPerceptron, stabilities } from './perceptron';

describe('binary perceptron instances', () => {
  it('keeps the stabilities and ΔE exact under flips (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }).map((k) => 2 * k + 1),
        fc.double({ min: 0.1, max: 1.5, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
        fc.boolean(),
        (n, alpha, seed, flips, teacher) => {
          const prob = randomBinaryPerceptron({ n, alpha, seed, teacher });
          const w = Int8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : -1));
          const h = stabilities(prob, w);
          let e = perceptronErrors(prob, w);
          for (const f of flips) {
            const i = f % n;
            const d = flipDelta(prob, h, w, i);
            applyFlip(prob, h, w, i);
            e += d;
            expect(Array.from(h)).toEqual(Array.from(stabilities(prob, w)));
            expect(e).toBe(perceptronErrors(prob, w));
          }
          if (prob.teacher) expect(perceptronErrors(prob, prob.teacher)).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
    expect(() => randomBinaryPerceptron({ n: 10, alpha: 0.5, seed: 1 })).toThrow(/n: must be odd/);
  });

  it('the traced-out reference: Σ_W̃ exp(γ Σ_a W̃·W^a) = Π_i 2cosh(γ S_i), by enumeration at N = 9', () => {
    const n = 9;
    const y = 3;
    const gamma = 0.37;
    const ws = [0, 1, 2].map((a) => Int8Array.from({ length: n }, (_, i) => ((i * 7 + a * 5) % 3 === 0 ? 1 : -1)));
    let brute = 0;
    for (let m = 0; m < 1 << n; m++) {
      let s = 0;
      for (let a = 0; a < y; a++) for (let i = 0; i < n; i++) s += (m >> i) & 1 ? ws[a]![i]! : -ws[a]![i]!;
      brute += Math.exp(gamma * s);
    }
    let product = 1;
    for (let i = 0; i < n; i++) product *= 2 * Math.cosh(gamma * ws.reduce((acc, w) => acc + w[i]!, 0));
    expect(Math.abs(brute - product) / product).toBeLessThan(1e-12);
  });
});

describe('annealers', () => {
  const schedule = { betaStart: 0.5, betaEnd: 10, sweeps: 300, seed: 9 };
  it('rSA with one replica is SA, bit for bit', () => {
    for (const alpha of [0.3, 0.7]) {
      const prob = randomBinaryPerceptron({ n: 101, alpha, seed: 4 });
      const sa = simulatedAnnealing(prob, schedule);
      const rsa = replicatedAnnealing(prob, { ...schedule, replicas: 1, gammaStart: 0.8, gammaRate: 0.01 });
      expect([rsa.solved, rsa.energy, rsa.iterations, rsa.sweeps]).toEqual([
        sa.solved,
        sa.energy,
        sa.iterations,
        sa.sweeps,
      ]);
      expect(Array.from(rsa.weights)).toEqual(Array.from(sa.weights));
    }
  });

  it('solve an easy load (α = 0.3, N = 101), return a true solution, and repeat for a seed', () => {
    const prob = randomBinaryPerceptron({ n: 101, alpha: 0.3, seed: 2 });
    const sa = simulatedAnnealing(prob, { ...schedule, sweeps: 2000 });
    const rsa = replicatedAnnealing(prob, {
      betaStart: 3,
      betaEnd: 3,
      sweeps: 2000,
      seed: 9,
      replicas: 5,
      gammaStart: 0.3,
      gammaRate: 0.001,
    });
    for (const r of [sa, rsa]) {
      expect(r.solved).toBe(true);
      expect(perceptronErrors(prob, r.weights)).toBe(0);
    }
    const again = replicatedAnnealing(prob, {
      betaStart: 3,
      betaEnd: 3,
      sweeps: 2000,
      seed: 9,
      replicas: 5,
      gammaStart: 0.3,
      gammaRate: 0.001,
    });
    expect(again.iterations).toBe(rsa.iterations);
    expect(Array.from(again.weights)).toEqual(Array.from(rsa.weights));
    expect(() => simulatedAnnealing(prob, { ...schedule, betaEnd: 0.1 })).toThrow(/betaEnd/);
    expect(() => replicatedAnnealing(prob, { ...schedule, replicas: 0, gammaStart: 1 })).toThrow(/replicas/);
  });
});
