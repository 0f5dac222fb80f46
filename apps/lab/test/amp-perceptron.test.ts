/**
 * `replica-lab run amp-perceptron`: the acceptance invocation exactly as written, AMP against its
 * state evolution. The in-process tests are beside the experiment
 * (packages/teacher-student/src/lab/amp-perceptron.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { lab } from './lab-process';

describe('replica-lab run amp-perceptron', () => {
  it('AMP overlaps follow state evolution at N = 2000 (binary prior), α_alg ≈ 1.49', () => {
    const r = lab([
      'run',
      'amp-perceptron',
      '--prior',
      'binary',
      '--n',
      '2000',
      '--alphas',
      '1.0,1.3,1.7',
      '--trials',
      '2',
      '--seed',
      '1',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.points.map((p: { alpha: number }) => p.alpha)).toEqual([1, 1.3, 1.7]);
    for (const p of d.points) {
      expect(Object.keys(p)).toEqual(
        expect.arrayContaining(['alpha', 'overlap_amp', 'overlap_amp_stderr', 'overlap_se', 'converged']),
      );
      expect(p.converged).toBe(2);
      // tolerance 0.03 on the mean of 2 instances (measured ≤ 0.008 at seed 1)
      expect(Math.abs(p.overlap_amp - p.overlap_se)).toBeLessThan(0.03);
    }
    expect(d.points[2].overlap_se).toBe(1);
    expect(d.points[2].overlap_amp).toBeGreaterThan(0.999);
    expect(d.alpha_algorithmic).toBeGreaterThanOrEqual(1.45);
    expect(d.alpha_algorithmic).toBeLessThanOrEqual(1.53);
    expect(d.alpha_it_literature).toBe(1.249);
    // computed from the entropy of SE's low branch: Györgyi's 1.245, and below α_alg
    expect(Math.abs(d.alpha_information_theoretic - 1.245)).toBeLessThan(1e-3);
    expect(d.alpha_information_theoretic).toBeLessThan(d.alpha_algorithmic);
  });
});
