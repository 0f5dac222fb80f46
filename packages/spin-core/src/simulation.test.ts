import { createBackend } from '@replica/webgpu-kernels';
import { describe, expect, it } from 'vitest';
import { isingModel } from './couplings';
import { energy } from './energy';
import { curieWeiss, sherringtonKirkpatrick } from './models';
import { createSimulation } from './simulation';

describe('createSimulation', () => {
  it('follows a β schedule (annealing) and records the β of each recorded sweep', async () => {
    const be = await createBackend({ kind: 'cpu' });
    const sim = await createSimulation(be, isingModel(curieWeiss(500)), { replicas: 4, seed: 2 });
    const schedule = Array.from({ length: 100 }, (_, t) => 0.1 + (2.9 * t) / 99);
    const tr = await sim.run({ beta: schedule, sweeps: 100, record: { every: 25 } });
    expect(Array.from(tr.sweeps)).toEqual([25, 50, 75, 100]);
    expect(Array.from(tr.beta)).toEqual([schedule[24], schedule[49], schedule[74], schedule[99]]);
    // annealed to β = 3, where m* = 0.9950: every replica has ordered
    for (let r = 0; r < 4; r++) expect(Math.abs(tr.magnetization![3 * 4 + r]!)).toBeGreaterThan(0.97);
    const fn = await sim.run({ beta: (t) => 3 + t, sweeps: 3 });
    expect(Array.from(fn.beta)).toEqual([3, 4, 5]);
    await expect(sim.run({ beta: [1, 2], sweeps: 3 })).rejects.toThrow(/one value per sweep \(3\), got 2/);
    await expect(sim.run({ beta: (t) => (t === 1 ? -1 : 1), sweeps: 3 })).rejects.toThrow(
      /beta\(1\): expected a finite number ≥ 0/,
    );
  });

  it('records the autocorrelation C(t) = (1/N) Σ σ_i(t₀)σ_i(t): ≈ 0 at β = 0, 1 at a T = 0 fixed point', async () => {
    const be = await createBackend({ kind: 'cpu' });
    const n = 4000;
    const model = isingModel(sherringtonKirkpatrick(n, { seed: 1 }));
    const hot = await createSimulation(be, model, { seed: 3 });
    const start = await hot.spins();
    const tr = await hot.run({ beta: 0, sweeps: 3, record: { autocorrelation: true } });
    const end = await hot.spins();
    let c = 0;
    for (let i = 0; i < n; i++) c += start[i]! * end[i]!;
    expect(tr.autocorrelation![2]).toBeCloseTo(c / n, 12);
    // at β = 0 each spin is redrawn uniformly: C ~ N(0, 1/N), 4σ
    for (const v of tr.autocorrelation!) expect(Math.abs(v)).toBeLessThan(4 / Math.sqrt(n));
    const cold = await createSimulation(be, model, { seed: 3 });
    await cold.run({ dynamics: 'zero-temperature', beta: 0, sweeps: 50 });
    const fixed = await cold.run({
      dynamics: 'zero-temperature',
      beta: 0,
      sweeps: 2,
      record: { autocorrelation: true, energy: true },
    });
    expect(Array.from(fixed.autocorrelation!)).toEqual([1, 1]);
    expect(fixed.energy![1]).toBeCloseTo(energy(model, await cold.spins()) / n, 9);
  }, 60_000);

  it('refuses mismatched or non-±1 spins, bad replica counts and unknown options', async () => {
    const be = await createBackend({ kind: 'cpu' });
    const model = isingModel(curieWeiss(4));
    await expect(createSimulation(be, model, { seed: 1, initial: new Int8Array(5) })).rejects.toThrow(
      /initial: expected 1×4 = 4 spins, got 5/,
    );
    await expect(createSimulation(be, model, { seed: 1, initial: Int8Array.from([1, 0, 1, 1]) })).rejects.toThrow(
      /initial\[1\] = 0: spins must be −1 or \+1/,
    );
    await expect(createSimulation(be, model, { seed: 1, replicas: 0 })).rejects.toThrow(
      /replicas: expected an integer ≥ 1/,
    );
    await expect(createSimulation(be, model, { seed: -2 })).rejects.toThrow(/seed/);
    const sim = await createSimulation(be, model, { seed: 1 });
    expect(() => sim.setSpins(Int8Array.from([1, 1, 1]))).toThrow(/spins: expected 1×4 = 4 spins, got 3/);
    await expect(sim.run({ dynamics: 'kawasaki' as 'glauber', beta: 1, sweeps: 1 })).rejects.toThrow(
      /dynamics: expected one of/,
    );
    await expect(sim.run({ beta: Number.NaN, sweeps: 1 })).rejects.toThrow(
      /beta: expected a finite number ≥ 0, got NaN/,
    );
    await expect(sim.run({ beta: 1, sweeps: 0 })).rejects.toThrow(/sweeps: expected an integer ≥ 1/);
    await expect(
      sim.run({ beta: 1, sweeps: 1, record: { overlaps: { patterns: new Int8Array(3), k: 1 } } }),
    ).rejects.toThrow(/record.overlaps/);
    sim.dispose();
    await expect(sim.run({ beta: 1, sweeps: 1 })).rejects.toThrow(/after dispose/);
  });
});
