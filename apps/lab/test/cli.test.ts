/**
 * End-to-end tests of replica-lab, run from source in a child process (exit
 * codes, stdout holding exactly one JSON document, files written).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { lab } from './lab-process';

describe('replica-lab', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['run'], /which experiment/],
    [['run', 'nope'], /unknown experiment 'nope'/],
    [['run', 'sampling', '--samples', 'many'], /--samples: expected an integer/],
    [['run', 'sampling', '--backend', 'tpu'], /--backend: expected one of cpu\|webgpu\|auto/],
    [['run', 'sampling', '--bogus', '1'], /unknown flag --bogus/],
    [['run', 'sampling', '--samples', '1000', '--bins', '100'], /--samples: need at least 20 per bin/],
    [['doctor', '--verbose'], /unknown flag --verbose/],
    [['bench', '--peers', 'matlab'], /--peers: the kernels suite takes auto, none or a comma list of numpy, /],
    [['bench', '--suite', 'kernels', '--rbm-hidden', '5'], /--rbm-hidden is a flag of the rbm suite, not of kernels/],
    [['bench', '--suite', 'quantum'], /--suite: expected one of kernels\|dynamics\|hopfield\|rbm\|teacher-student/],
    [['bench', '--sizes', '0'], /--sizes: expected comma-separated integers in \[1, 16384\], got 0/],
  ])('exits 2 on %j naming the problem', (args, message) => {
    const r = lab(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('prints exactly one JSON document with --json and writes figures with --out', () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-'));
    const small = [
      'run',
      'sampling',
      '--backend',
      'cpu',
      '--samples',
      '20000',
      '--bernoulli-samples',
      '2000',
      '--seed',
      '5',
      '--json',
    ];
    const r = lab([...small, '--out', out]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ experiment: 'sampling', backend: 'cpu', seed: 5 });
    expect(doc.normal.histogram[0]).toEqual({
      x: expect.any(Number),
      density_sim: expect.any(Number),
      density_sim_stderr: expect.any(Number),
      density_theory: expect.any(Number),
    });
    for (const f of ['sampling-normal.svg', 'sampling-bernoulli.svg', 'sampling.json'])
      expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'sampling-normal.svg'), 'utf8')).toMatch(/^<svg/);
    expect(JSON.parse(readFileSync(join(out, 'sampling.json'), 'utf8'))).toEqual(doc);
    // same seed, same numbers
    const again = JSON.parse(lab(small).stdout);
    expect(again.normal).toEqual(doc.normal);
  });

  it('doctor --json lists the backends and a check per kernel on each available one', () => {
    const r = lab(['doctor', '--json']);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.backends.map((b: { name: string }) => b.name)).toEqual(['cpu', 'webgpu']);
    const available = d.backends
      .filter((b: { available: boolean }) => b.available)
      .map((b: { name: string }) => b.name);
    for (const name of available) {
      const checks = d.kernels.filter((k: { backend: string }) => k.backend === name);
      expect(checks.length).toBeGreaterThanOrEqual(25);
      for (const k of checks)
        expect(k).toMatchObject({ name: expect.any(String), maxAbsError: expect.any(Number), ok: true });
    }
    const webgpu = d.backends[1];
    if (webgpu.available)
      expect(webgpu.adapter).toMatchObject({ vendor: expect.any(String), fallback: expect.any(Boolean) });
    else expect(webgpu.reason).toMatch(/WebGPU unavailable/);
    if (process.env.REPLICA_REQUIRE_WEBGPU === '1')
      expect(webgpu).toMatchObject({ available: true, adapter: { fallback: true } });
  });

  it('bench --json gives rows {kernel, size, backend, gflops}', () => {
    const r = lab(['bench', '--sizes', '32,48', '--backend', 'cpu', '--peers', 'none', '--min-time', '0.02', '--json']);
    expect(r.status).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.rows).toHaveLength(2);
    for (const row of b.rows)
      expect(row).toEqual({ kernel: 'gemm', size: expect.any(Number), backend: 'cpu', gflops: expect.any(Number) });
    expect(b.rows[0].gflops).toBeGreaterThan(0);
  });

  it.each([
    [['run', 'hopfield-capacity', '--help'], /replica-lab run hopfield-capacity: .*\n[\s\S]*--alphas[\s\S]*--seed/],
    [['run', 'sampling', '-h'], /--bernoulli-samples/],
    [['bench', '--help'], /replica-lab bench \[--suite NAME\][\s\S]*teacher-student/],
    [['bench', '--suite', 'rbm', '--help'], /--rbm-hidden[\s\S]*peers: sklearn/],
    [['bench', '--list'], /^kernels \(@replica\/spin-core\)[\s\S]*rbm \(@replica\/rbm\)/],
    [['doctor', '--help'], /replica-lab doctor/],
    [['tour', '-h'], /--bench-sizes/],
    [['list', '--help'], /replica-lab list/],
    [['help', 'bench'], /replica-lab bench/],
    [['--help'], /usage:/],
  ])('%j prints its usage and exits 0', (args, text) => {
    const r = lab(args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(text);
  });

  it('tour writes an HTML report with the figures inline', { timeout: 300_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'tour-'));
    const r = lab(['tour', '--out', out, '--backend', 'cpu', '--no-bench', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.report).toBe(join(out, 'index.html'));
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/<h1>Replica tour<\/h1>/);
    expect(html).toMatch(/kernel self-checks/);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(existsSync(join(out, 'sampling.json'))).toBe(true);
  });

  it('list --json lists the experiments with their parameters', () => {
    const r = lab(['list', '--json']);
    expect(r.status).toBe(0);
    const l = JSON.parse(r.stdout);
    expect(l.experiments.map((e: { name: string }) => e.name)).toContain('sampling');
  });
});
