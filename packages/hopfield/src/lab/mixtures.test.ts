import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { hopfieldMixturesExperiment } from './mixtures';

interface Point {
  temperature: number;
  m_sim: number;
  spread_sim: number;
  outside_sim: number;
  m_theory: number;
  stable_theory: boolean;
}

describe('hopfield-mixtures', () => {
  it('keeps the symmetric 3-mixture where it is stable, on the mixture equation, and leaves it where it is not', async () => {
    const { result } = await runExperiment(
      hopfieldMixturesExperiment,
      ['--n', '4000', '--k', '5', '--temperatures', '0.1,0.3,0.6,1.3', '--replicas', '4', '--sweeps', '100'],
      { seed: 2 },
    );
    const d = result.json as { points: Point[]; unstable_above_theory: number };
    // AGS 1985: symmetric 3-mixtures are local minima below T ≈ 0.46
    expect(d.unstable_above_theory).toBeGreaterThan(0.45);
    expect(d.unstable_above_theory).toBeLessThan(0.48);
    const [cold, warm, hot, para] = d.points as [Point, Point, Point, Point];
    for (const p of [cold, warm]) {
      expect(p.stable_theory).toBe(true);
      // the patterns' mutual overlaps shift m by O(1/√N) = 0.016; seeds 1–4 deviated by ≤ 0.004 at N = 4000
      expect(Math.abs(p.m_sim - p.m_theory)).toBeLessThan(0.012);
      expect(p.spread_sim).toBeLessThan(0.1); // symmetric: measured ≤ 0.05
      expect(p.outside_sim).toBeLessThan(0.08); // the unmixed patterns stay at O(1/√N)
    }
    // unstable: one pattern wins (spread near its overlap ≈ 0.9)
    expect(hot.stable_theory).toBe(false);
    expect(hot.spread_sim).toBeGreaterThan(0.5);
    // above T = 1 only the paramagnet: m = 0 up to O(1/√N) thermal noise
    expect(Math.abs(para.m_theory)).toBeLessThan(1e-9); // the iteration from m = 1 stops at its 1e-13 step tolerance
    expect(Math.abs(para.m_sim)).toBeLessThan(0.03);
    expect(result.figures.map((f) => f.name)).toEqual(['hopfield-mixtures']);
  });

  it('refuses an even mixture and one larger than K', async () => {
    await expect(runExperiment(hopfieldMixturesExperiment, ['--mixture', '2'])).rejects.toThrow(UsageError);
    await expect(runExperiment(hopfieldMixturesExperiment, ['--mixture', '2'])).rejects.toThrow(
      /--mixture: expected an odd n/,
    );
    await expect(runExperiment(hopfieldMixturesExperiment, ['--k', '3', '--mixture', '5'])).rejects.toThrow(
      /--mixture: at most K = 3 patterns can be mixed, got 5/,
    );
  });
});
