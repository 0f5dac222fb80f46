/**
 * The spin-core experiments through the CLI, exactly as the acceptance
 * invocations run them, against independent references computed here.
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

  it.each([
    [
      {
        J: [
          [0, 1],
          [0.5, 0],
        ],
      },
      /must be symmetric/,
    ],
    [{ J: [[0, 1], [1]] }, /J row 1 has 1 entries; expected 2/],
    [
      {
        J: [
          [0, 1],
          [1, 0],
        ],
        h: [1],
      },
      /h must have 2 entries/,
    ],
    [
      { J: Array.from({ length: 25 }, () => new Array(25).fill(0)) },
      /N = 25 is too large for enumeration \(at most 24\)/,
    ],
    [{ nope: 1 }, /expected \{"J"/],
  ])('exits 2 on bad couplings %#', (doc, message) => {
    const f = join(dir, `bad-${Math.random()}.json`);
    writeFileSync(f, JSON.stringify(doc));
    const r = lab(['run', 'exact', '--couplings', f, '--beta', '0.7', '--json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 on β < 0, NaN and a missing file', () => {
    for (const [args, message] of [
      [['--beta', '-1'], /--beta: expected a number in \[0/],
      [['--beta', 'NaN'], /--beta: expected a number/],
    ] as const) {
      const r = lab(['run', 'exact', '--couplings', couplings, ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const r = lab(['run', 'exact', '--couplings', join(dir, 'missing.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--couplings: cannot read .*no such file/);
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

  it.each([
    ['1 -1 1\n1 -1\n', /ragged/],
    ['', /no samples found/],
    ['1 2 1\n', /expected ±1 or 0\/1/],
  ])('exits 2 on a bad samples file %#', (text, message) => {
    const f = join(dir, `s-${Math.random()}.txt`);
    writeFileSync(f, text);
    const r = lab(['run', 'inverse-ising', '--samples', f, '--method', 'nmf']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 when the truth has another N', () => {
    const f = join(dir, 'truth-3.json');
    writeFileSync(
      f,
      JSON.stringify({
        J: [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ],
      }),
    );
    const r = lab(['run', 'inverse-ising', '--samples', samples, '--truth', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--truth: has N = 3 spins but the samples have 6/);
  });
});

describe('replica-lab run sk and bench --suite dynamics', () => {
  it('sk reports energy, P(q) and the replica-symmetric theory', () => {
    const r = lab(['run', 'sk', '--n', '128', '--beta', '0.5', '--sweeps', '60', '--replicas', '6', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.energy_theory).toBeCloseTo(-0.25, 10);
    expect(d.q_theory).toBeLessThan(1e-10); // converged to the solver's 1e-12 tolerance
    expect(d.pq.reduce((a: number, p: { density: number }) => a + p.density, 0) * (2 / d.pq.length)).toBeCloseTo(1, 10);
    expect(Math.abs(d.energy_sim + 0.25)).toBeLessThan(0.05);
  });

  it('bench --suite dynamics times the CPU engine and the C loop', () => {
    const r = lab([
      'bench',
      '--suite',
      'dynamics',
      '--sizes',
      '64',
      '--replicas',
      '1,2',
      '--pattern-size',
      '64',
      '--patterns',
      '4',
      '--backend',
      'cpu',
      '--min-time',
      '0.02',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    for (const backend of ['cpu', 'cpu-js']) {
      const rows = b.rows.filter((x: { backend: string }) => x.backend === backend);
      expect(rows).toHaveLength(4);
      for (const row of rows) expect(row.sweepsPerSecond).toBeGreaterThan(0);
    }
    const c = b.peers.find((p: { name: string }) => p.name === 'c-gcc');
    if (c.available) expect(b.ratios).toHaveLength(8);
    else expect(c.reason).toMatch(/gcc|glauber/);
  });
});
