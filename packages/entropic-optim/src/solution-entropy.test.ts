/**
 * The local entropy around a solution against exact enumeration at N = 17: the sampled
 * fraction of solutions at k flips within 4σ of the exact count (binomial σ), and BP's Φ(γ)
 * and overlap against ln Σ_{W solution} e^{γW·W̃} and its mean overlap summed over all 2¹⁷
 * configurations (BP is not exact on this loopy graph: the tolerance is what it reaches).
 */
import { describe, expect, it } from 'vitest';
import { randomBinaryPerceptron, solutionEntropyBP, solutionEntropySampled, stabilities } from './index';

const N = 17;
const problem = randomBinaryPerceptron({ n: N, alpha: 0.5, seed: 11 });

/** Every solution as a bit mask (bit i set ⇔ W_i = −1). */
function solutions(): number[] {
  const out: number[] = [];
  const w = new Int8Array(N);
  for (let m = 0; m < 1 << N; m++) {
    for (let i = 0; i < N; i++) w[i] = (m >> i) & 1 ? -1 : 1;
    if (stabilities(problem, w).every((h) => h > 0)) out.push(m);
  }
  return out;
}
const popcount = (x: number) => {
  let c = 0;
  for (let v = x; v; v &= v - 1) c++;
  return c;
};
const binom = (n: number, k: number) => {
  let r = 1;
  for (let j = 1; j <= k; j++) r = (r * (n - k + j)) / j;
  return r;
};

describe('local entropy around a solution (BP and sampling)', () => {
  const sols = solutions();
  // the reference: the solution with the most solutions within 2 flips (a dense one)
  const near = sols.map((a) => sols.filter((b) => popcount(a ^ b) <= 2).length);
  const ref = sols[near.indexOf(Math.max(...near))]!;
  const w = Array.from({ length: N }, (_, i) => ((ref >> i) & 1 ? -1 : 1));
  const countAt = (k: number) => sols.filter((b) => popcount(ref ^ b) === k).length;

  it('has solutions to work with', () => {
    expect(sols.length).toBeGreaterThan(20);
    expect(sols.length).toBeLessThan(1 << (N - 2));
  });

  it('sampling: the fraction of solutions at k flips within 4σ of the exact count', () => {
    const samples = 4000;
    const rows = solutionEntropySampled(problem, w, { flips: [1, 2, 3, 5], samples, seed: 3 });
    for (const r of rows) {
      const f = countAt(r.flips) / binom(N, r.flips);
      const sd = Math.sqrt(samples * f * (1 - f));
      expect(Math.abs(r.solutions - samples * f), `k = ${r.flips}`).toBeLessThanOrEqual(4 * sd + 1e-9);
      expect(r.allConfigurations).toBeCloseTo(Math.log(binom(N, r.flips)) / N, 12);
      if (r.solutions > 0) expect(r.entropy!).toBeLessThanOrEqual(r.allConfigurations + 1e-12);
    }
    // the same seed, the same counts
    expect(solutionEntropySampled(problem, w, { flips: [2], samples: 100, seed: 3 })).toEqual(
      solutionEntropySampled(problem, w, { flips: [2], samples: 100, seed: 3 }),
    );
  });

  it('BP: Φ(γ) and the overlap close to the exact sums; d falls as γ grows', () => {
    const gammas = [0.2, 0.5, 1, 2];
    const pts = solutionEntropyBP(problem, w, gammas, { factors: 'exact' });
    for (const pt of pts) {
      let z = 0;
      let zp = 0;
      for (const b of sols) {
        const ov = (N - 2 * popcount(ref ^ b)) / N;
        const e = Math.exp(pt.gamma * N * ov);
        z += e;
        zp += e * ov;
      }
      // loopy graph (P = 8 factors on 17 variables): BP's Φ/N within 0.02, overlap within 0.05
      expect(Math.abs(pt.freeEntropy / N - Math.log(z) / N), `γ = ${pt.gamma}`).toBeLessThan(0.02);
      expect(Math.abs(pt.overlap - zp / z), `γ = ${pt.gamma}`).toBeLessThan(0.05);
    }
    for (let i = 1; i < pts.length; i++) expect(pts[i]!.distance).toBeLessThan(pts[i - 1]!.distance);
  });

  it('refuses a reference that is not a solution, or not ±1', () => {
    const bad: number[] = [...w];
    const h = stabilities(problem, bad);
    // flip weights until some stability is negative
    for (let i = 0; i < N && h.every((x) => x > 0); i++) {
      bad[i] = -bad[i]!;
      h.set(stabilities(problem, bad));
    }
    expect(() => solutionEntropyBP(problem, bad, [1])).toThrow(/not a solution/);
    expect(() => solutionEntropySampled(problem, [...w.slice(1), 0], { flips: [1], samples: 1, seed: 1 })).toThrow(
      /reference\[16\]/,
    );
    expect(() => solutionEntropySampled(problem, w, { flips: [0], samples: 1, seed: 1 })).toThrow(/flips/);
  });
});
