/** `bench --suite entropic` in-process, the C peer left to the host (apps/lab's host test runs it). */
import { runBenchSuite } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { entropicBench } from './bench';

describe('bench --suite entropic, peers left to the host', () => {
  it('times rSA per replica count and rSGD steps at each y, with the replica speed-up against y = 1', async () => {
    const r = await runBenchSuite(entropicBench, [
      '--rsa-n',
      '51',
      '--rsa-replicas',
      '1,3',
      '--rsa-sweeps',
      '3',
      '--rsgd-sizes',
      '16,8,3',
      '--rsgd-replicas',
      '1,3',
      '--batch',
      '8',
    ]);
    expect(r.rows.map((x) => [x.kernel, x.replicas, x.backend])).toEqual([
      ['rsa', 1, 'js'],
      ['rsa', 3, 'js'],
      ['rsgd-step', 1, 'cpu'],
      ['rsgd-step', 3, 'cpu'],
    ]);
    // a fixed amount of work: y·N attempted flips per sweep (α = 0.7 stays unsolved)
    expect(r.rows[0]!.iterations).toBe(3 * 51);
    expect(r.rows[1]!.iterations).toBe(3 * 3 * 51);
    const [one, three] = [r.rows[2]!, r.rows[3]!];
    expect(one.replicaSpeedup).toBe(1);
    expect(three.replicaSpeedup).toBeCloseTo((3 * three.stepsPerSecond!) / one.stepsPerSecond!, 12);
    expect(entropicBench.format(r)).toHaveLength(5);
    expect(entropicBench.figure(r)).toMatchObject({ type: 'bars', name: 'bench-entropic' });
    await expect(runBenchSuite(entropicBench, ['--rsa-n', '50'])).rejects.toThrow(/--rsa-n: must be odd/);
  });
});
