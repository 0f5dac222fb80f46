import { fc, test as propTest } from '@fast-check/vitest';
import { createBackend } from '@replica/webgpu-kernels';
import { describe, expect, it } from 'vitest';
import type { IsingModel } from '../couplings';
import { denseCouplings, isingModel, patternCouplings } from '../couplings';
import type { DynamicsKind } from '../dynamics';
import { createSimulation } from '../simulation';
import { randomSpins } from '../spins';
import { simdModule } from './simd';

describe('WebAssembly SIMD inner loops', () => {
  it('are available in this runtime (Node ≥ 16.4 and current browsers support SIMD)', () => {
    expect(simdModule()).not.toBeNull();
  });

  propTest.prop(
    {
      n: fc.integer({ min: 2, max: 70 }),
      k: fc.integer({ min: 1, max: 11 }),
      replicas: fc.integer({ min: 1, max: 3 }),
      seed: fc.nat(),
      pattern: fc.boolean(),
      symmetric: fc.boolean(),
      dynamics: fc.constantFrom<DynamicsKind>('glauber', 'metropolis', 'zero-temperature', 'parallel-glauber'),
      order: fc.constantFrom('sequential' as const, 'random' as const),
    },
    { numRuns: 40 },
  )(
    'give bit-identical trajectories and fields to the plain-JS loops',
    async ({ n, k, replicas, seed, pattern, symmetric, dynamics, order }) => {
      const cpu = await createBackend({ kind: 'cpu' });
      let model: IsingModel;
      if (pattern) model = isingModel(patternCouplings(randomSpins(n, k, seed, 1), k, n, { scale: 1.5 }));
      else {
        const J = new Float32Array(n * n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++)
            if (i !== j) J[i * n + j] = Math.sin(seed + 3 * i + (symmetric ? 3 * j : 7 * j)) / Math.sqrt(n);
        if (symmetric) for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) J[i * n + j] = J[j * n + i]!;
        model = isingModel(
          denseCouplings(J, { n }),
          Float32Array.from({ length: n }, (_, i) => 0.1 * Math.cos(i)),
        );
      }
      const [a, b] = await Promise.all(
        [true, false].map((simd) => createSimulation(cpu, model, { replicas, seed, simd })),
      );
      expect(a!.engine).toBe('cpu-simd');
      expect(b!.engine).toBe('cpu-js');
      const ta = await a!.run({ dynamics, order, beta: 0.8, sweeps: 5 });
      const tb = await b!.run({ dynamics, order, beta: 0.8, sweeps: 5 });
      expect(Array.from(await a!.spins())).toEqual(Array.from(await b!.spins()));
      expect(Array.from(await a!.fields())).toEqual(Array.from(await b!.fields()));
      expect(Array.from(ta.energy!)).toEqual(Array.from(tb.energy!));
    },
  );
});
