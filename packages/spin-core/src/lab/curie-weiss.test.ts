import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { curieWeissExact } from '../index';
import { curieWeissExperiment } from './curie-weiss';

describe('curie-weiss', () => {
  it('follows the exact finite-N |m| in a field, and draws |m| and the energy beside theory', async () => {
    const { result } = await runExperiment(
      curieWeissExperiment,
      ['--n', '200', '--h', '0.05', '--betas', '0.5,1.5', '--sweeps', '200', '--replicas', '8'],
      { seed: 3 },
    );
    const d = result.json as { points: { beta: number; m_abs_sim: number; m_abs_sim_stderr: number }[] };
    for (const p of d.points) {
      const exact = curieWeissExact(200, p.beta, { h: 0.05 }).mAbs;
      // 8 replicas (7 d.o.f. for the standard error): 5 standard errors plus 1/N
      expect(Math.abs(p.m_abs_sim - exact)).toBeLessThanOrEqual(5 * p.m_abs_sim_stderr + 1 / 200);
    }
    expect(result.figures.map((f) => f.name)).toEqual(['curie-weiss-magnetization', 'curie-weiss-energy']);
  });
});
