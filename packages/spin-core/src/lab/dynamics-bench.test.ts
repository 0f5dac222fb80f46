import { runBenchSuite } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { dynamicsBench } from './dynamics-bench';
import { kernelsBench } from './kernels-bench';

describe('bench suites, peers left to the host', () => {
  it('dynamics times the CPU engine with and without SIMD for every configuration', async () => {
    const r = await runBenchSuite(dynamicsBench, [
      '--sizes',
      '64',
      '--replicas',
      '1,2',
      '--pattern-size',
      '64',
      '--patterns',
      '4',
    ]);
    for (const backend of ['cpu', 'cpu-js']) {
      const rows = r.rows.filter((x) => x.backend === backend);
      expect(rows.map((x) => [x.kernel, x.size, x.replicas])).toEqual([
        ['glauber-dense', 64, 1],
        ['glauber-dense', 64, 2],
        ['glauber-pattern', 64, 1],
        ['glauber-pattern', 64, 2],
      ]);
      for (const row of rows) expect(row.spinUpdatesPerSecond).toBeCloseTo(row.sweepsPerSecond * 64 * row.replicas, 6);
    }
    expect(r.ratios).toEqual([]);
    expect(dynamicsBench.format(r)).toHaveLength(9);
    expect(dynamicsBench.figure(r)).toMatchObject({ type: 'bars', name: 'bench-dynamics' });
  });

  it('kernels times gemm at every size', async () => {
    const r = await runBenchSuite(kernelsBench, ['--sizes', '16,24']);
    expect(r.rows.map((x) => [x.kernel, x.size, x.backend])).toEqual([
      ['gemm', 16, 'cpu'],
      ['gemm', 24, 'cpu'],
    ]);
    for (const row of r.rows) expect(row.gflops).toBeGreaterThan(0);
    expect(kernelsBench.figure(r)).toMatchObject({ type: 'bars', name: 'bench-gemm' });
  });
});
