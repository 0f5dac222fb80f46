import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { kolmogorovPValue, samplingExperiment } from './sampling';

describe('kolmogorovPValue', () => {
  it('matches the tabulated asymptotic critical values', () => {
    // λ = 1.358 is the 5% point and 1.628 the 1% point of the Kolmogorov distribution.
    const n = 1e8; // large n: the Stephens correction is negligible
    expect(kolmogorovPValue(1.358 / Math.sqrt(n), n)).toBeCloseTo(0.05, 3);
    expect(kolmogorovPValue(1.628 / Math.sqrt(n), n)).toBeCloseTo(0.01, 3);
    expect(kolmogorovPValue(0, n)).toBe(1);
  });
});

describe('sampling experiment', () => {
  it('finds the CPU sampling kernels consistent with their exact distributions', async () => {
    const { result: r, progress } = await runExperiment(
      samplingExperiment,
      ['--samples', '400000', '--bins', '40', '--bernoulli-samples', '50000'],
      { seed: 11 },
    );
    const j = r.json as {
      normal: { mean: number; variance: number; chi2_z: number; histogram: unknown[] };
      uniform: { ks_p: number };
      bernoulli: { max_abs_z: number; points: unknown[] };
    };
    // 4σ bands: mean ~ N(0, 1/n); variance ~ N(1, 2/n); χ² z ~ N(0, 1) for 40 dof (approximately).
    expect(Math.abs(j.normal.mean)).toBeLessThan(4 / Math.sqrt(400_000));
    expect(Math.abs(j.normal.variance - 1)).toBeLessThan(4 * Math.sqrt(2 / 400_000));
    expect(Math.abs(j.normal.chi2_z)).toBeLessThan(4);
    expect(j.normal.histogram).toHaveLength(40);
    expect(j.uniform.ks_p).toBeGreaterThan(1e-4);
    // 19 z-scores: P(max |z| > 4.5) ≈ 19·6.8e-6.
    expect(j.bernoulli.max_abs_z).toBeLessThan(4.5);
    expect(j.bernoulli.points).toHaveLength(19);
    expect(r.figures.map((f) => f.name)).toEqual(['sampling-normal', 'sampling-bernoulli']);
    expect(progress.at(-1)?.fraction).toBe(1);
  });

  it('refuses fewer than 20 samples per bin', async () => {
    await expect(runExperiment(samplingExperiment, ['--samples', '1000', '--bins', '100'])).rejects.toThrow(
      '--samples: need at least 20 per bin (2000 for --bins 100), got 1000',
    );
  });
});
