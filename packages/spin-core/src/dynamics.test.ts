import { createBackend } from '@replica/webgpu-kernels';
import { testBackends } from '@replica/webgpu-kernels/testing';
import { describe, expect, it } from 'vitest';
import { isingModel } from './couplings';
import { describeCrossBackend, describeDynamicsSuite } from './dynamics.suite';
import { sherringtonKirkpatrick } from './models';
import { createSimulation } from './simulation';

const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);
for (const b of await testBackends()) {
  if (!b.available) {
    describe(`dynamics on ${b.name}`, () => it.skip(`skipped: ${b.reason}`, () => {}));
    continue;
  }
  const cpu = b.name === 'cpu';
  describeDynamicsSuite(b.name, b.create, {
    runs: stress || (cpu ? 40 : 8),
    cwN: cpu ? 1000 : 64,
    cwReplicas: cpu ? 24 : 12,
    cwSweeps: cpu ? 200 : 80,
    transitionReplicas: cpu ? 8192 : 1536,
  });
  if (!cpu) describeCrossBackend(b.create, stress || 8);
}

describe('Sherrington–Kirkpatrick in the paramagnet (CPU)', () => {
  it('has energy per spin −β/2 at β < 1 (N = 512; 1/N finite-size and 4σ over disorder samples)', async () => {
    const be = await createBackend({ kind: 'cpu' });
    const n = 512;
    const R = 6;
    for (const beta of [0.3, 0.6, 0.9]) {
      // Average over 3 disorder samples: the energy density fluctuates by O(1/N) between samples.
      let sum = 0;
      let sumSq = 0;
      const samples: number[] = [];
      for (const seed of [1, 2, 3]) {
        const sim = await createSimulation(be, isingModel(sherringtonKirkpatrick(n, { seed })), { replicas: R, seed });
        await sim.run({ beta, sweeps: 30, record: { energy: false, magnetization: false } });
        const tr = await sim.run({ beta, sweeps: 60, record: { energy: true, magnetization: false, every: 2 } });
        const e = tr.energy!.reduce((a, v) => a + v, 0) / tr.energy!.length;
        samples.push(e);
        sum += e;
        sumSq += e * e;
        sim.dispose();
      }
      const mean = sum / samples.length;
      const sd = Math.sqrt(Math.max(0, sumSq / samples.length - mean * mean));
      const want = (-beta / 2) * (1 - 1 / n);
      expect(Math.abs(mean - want), `β = ${beta}: got ${mean}`).toBeLessThanOrEqual(4 * sd + 2 / n);
    }
  }, 120_000);
});
