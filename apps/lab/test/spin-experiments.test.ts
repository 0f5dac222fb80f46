/**
 * The spin-core acceptance invocations through the CLI, exactly as written, against
 * independent references computed here (the experiments' other tests run in-process beside
 * them in packages/spin-core/src/lab).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curieWeissExact, denseCouplings, energy, isingModel, sampleExactly, stateSpins } from '@replica/spin-core';
import { describe, expect, it } from 'vitest';

import { lab } from './lab-process';

const dir = mkdtempSync(join(tmpdir(), 'spin-exp-'));

// A 7-spin model with dyadic entries (exact in f32).
const J = [
  [0, 0.5, -0.25, 0, 0.125, 0, 0.75],
  [0.5, 0, 0.25, -0.5, 0, 0.375, 0],
  [-0.25, 0.25, 0, 0.625, -0.125, 0, 0.25],
  [0, -0.5, 0.625, 0, 0.5, -0.25, 0],
  [0.125, 0, -0.125, 0.5, 0, 0.25, -0.375],
  [0, 0.375, 0, -0.25, 0.25, 0, 0.5],
  [0.75, 0, 0.25, 0, -0.375, 0.5, 0],
];
const h = [0.25, -0.125, 0, 0.5, -0.25, 0.125, 0];
const couplings = join(dir, 'couplings.json');
writeFileSync(couplings, JSON.stringify({ J, h }));

describe('replica-lab run exact', () => {
  it('matches a brute-force sum over the 2^7 states', () => {
    const r = lab(['run', 'exact', '--couplings', couplings, '--beta', '0.7', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    const model = isingModel(denseCouplings(J), h);
    let z = 0;
    let e = 0;
    let m = 0;
    for (let s = 0; s < 128; s++) {
      const sp = stateSpins(s, 7);
      const H = energy(model, sp);
      const w = Math.exp(-0.7 * H);
      z += w;
      e += w * H;
      m += (w * sp.reduce((a, b) => a + b, 0)) / 7;
    }
    expect(d).toMatchObject({ N: 7, beta: 0.7 });
    expect(d.logZ).toBeCloseTo(Math.log(z), 12);
    expect(d.energy).toBeCloseTo(e / z, 12);
    expect(d.magnetization).toBeCloseTo(m / z, 12);
    expect(d.freeEnergyPerSpin).toBeCloseTo(-Math.log(z) / (0.7 * 7), 12);
  });
});

describe('replica-lab run curie-weiss', () => {
  it('reproduces the exact finite-N |m| within 5 standard errors (the acceptance invocation)', () => {
    const r = lab([
      'run',
      'curie-weiss',
      '--n',
      '2000',
      '--betas',
      '0.5,1.5,2.0',
      '--sweeps',
      '200',
      '--replicas',
      '4',
      '--seed',
      '7',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.points.map((p: { beta: number }) => p.beta)).toEqual([0.5, 1.5, 2]);
    for (const p of d.points) {
      expect(Object.keys(p)).toEqual(expect.arrayContaining(['beta', 'm_sim', 'm_abs_sim', 'm_theory', 'energy_sim']));
      const exact = curieWeissExact(2000, p.beta).mAbs;
      // 4 replicas: the standard error itself is uncertain (3 d.o.f.), hence 5 and a floor of 1/N
      expect(Math.abs(p.m_abs_sim - exact)).toBeLessThanOrEqual(5 * p.m_abs_sim_stderr + 1 / 2000);
    }
    expect(d.points[1].m_theory).toBeCloseTo(0.8585596, 6);
    // same seed, same numbers
    const again = JSON.parse(
      lab([
        'run',
        'curie-weiss',
        '--n',
        '2000',
        '--betas',
        '0.5,1.5,2.0',
        '--sweeps',
        '200',
        '--replicas',
        '4',
        '--seed',
        '7',
        '--json',
      ]).stdout,
    );
    expect(again.points).toEqual(d.points);
  });
});

describe('replica-lab run inverse-ising', () => {
  const n = 6;
  const truthJ = J.slice(0, n).map((row) => row.slice(0, n));
  const truthH = h.slice(0, n);
  const truth = join(dir, 'truth.json');
  writeFileSync(truth, JSON.stringify({ J: truthJ, h: truthH }));
  const set = sampleExactly(isingModel(denseCouplings(truthJ), truthH), 1, 20_000, 3);
  const lines: string[] = [];
  for (let a = 0; a < set.m; a++)
    lines.push(Array.from(set.samples.subarray(a * n, (a + 1) * n), (v) => (v + 1) / 2).join(','));
  const samples = join(dir, 'samples.txt');
  writeFileSync(samples, `${lines.join('\n')}\n`);

  it('pseudo-likelihood from 0/1 text samples recovers J within the statistical floor (the acceptance invocation)', () => {
    const r = lab([
      'run',
      'inverse-ising',
      '--samples',
      samples,
      '--method',
      'pseudo-likelihood',
      '--truth',
      truth,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.J).toHaveLength(n);
    expect(d.h).toHaveLength(n);
    // 1/√M ≈ 0.007 per coupling
    expect(d.rmseJ).toBeLessThan(0.03);
    expect(d.rmseH).toBeLessThan(0.03);
  });
});
