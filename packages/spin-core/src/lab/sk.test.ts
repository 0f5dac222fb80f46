import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { skExperiment } from './sk';

describe('sk', () => {
  it('reports energy, a normalized P(q) and the replica-symmetric theory', async () => {
    const { result } = await runExperiment(skExperiment, [
      '--n',
      '128',
      '--beta',
      '0.5',
      '--sweeps',
      '60',
      '--replicas',
      '6',
    ]);
    const d = result.json as { energy_theory: number; q_theory: number; energy_sim: number; pq: { density: number }[] };
    expect(d.energy_theory).toBeCloseTo(-0.25, 10);
    expect(d.q_theory).toBeLessThan(1e-10); // converged to the solver's 1e-12 tolerance
    expect(d.pq.reduce((a, p) => a + p.density, 0) * (2 / d.pq.length)).toBeCloseTo(1, 10);
    // E/N = −β/2 in the paramagnet; 6 replicas of N = 128 over 30 sweeps fluctuate by ~0.01
    expect(Math.abs(d.energy_sim + 0.25)).toBeLessThan(0.05);
    expect(result.figures.map((f) => f.name)).toEqual(['sk-overlap-distribution']);
  });
});
