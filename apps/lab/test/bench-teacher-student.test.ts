/**
 * `bench --suite teacher-student` in-process through the CLI host's `runBench`, with its peers
 * (python, numpy, scikit-learn) and tiny sizes: the report's shape (the `bench --json` document),
 * positive rates, and peers that are either measured (with the ratio and weights that agree with
 * ours, so that the ratio compares equal work) or reported unavailable with a reason, never
 * dropped. No assertion on time. The peers-free test of the suite is beside it
 * (packages/teacher-student/src/lab/bench.test.ts).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@replica/lab-kit';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, runBench } from '../src/host/bench';
import { streamReporter } from '../src/host/io';

interface Row {
  kernel: 'logistic' | 'ridge' | 'gamp';
  size: number;
  samples: number;
  backend: string;
  solver: string;
  unit: 'fits' | 'iterations';
  perSecond: number;
  secondsPerCall: number;
  iterations?: number;
  maxRelativeDifference?: number;
  gradientNorm?: number;
  overlap?: number;
  overlapDifference?: number;
}

interface Peer {
  name: string;
  available: boolean;
  detail?: string;
  reason?: string;
}

interface Report {
  suite: string;
  rows: Row[];
  backends: { name: string; description: string }[];
  peers: Peer[];
  ratios: { kernel: string; size: number; backend: string; peer: string; ratio: number }[];
  skipped: string[];
}

const TINY = [
  '--logistic-dim',
  '12',
  '--ridge-dim',
  '16',
  '--amp-size',
  '120',
  '--amp-iterations',
  '4',
  '--min-time',
  '0.02',
];

/** Runs the suite in-process with REPLICA_PYTHON set to `python` (or left alone); its report. */
async function run(args: readonly string[], python?: string): Promise<Report> {
  const saved = process.env.REPLICA_PYTHON;
  if (python !== undefined) process.env.REPLICA_PYTHON = python;
  try {
    const report = await runBench(
      parseBenchArgs(['--suite', 'teacher-student', ...args]),
      streamReporter(process.stderr, true),
    );
    return report as unknown as Report;
  } finally {
    if (saved === undefined) delete process.env.REPLICA_PYTHON;
    else process.env.REPLICA_PYTHON = saved;
  }
}

/** Our three rows: the sizes asked for and positive rates. */
function checkOurs(b: Report): void {
  expect(b.suite).toBe('teacher-student');
  expect(b.backends.map((x) => x.name)).toEqual(['js']);
  const ours = b.rows.filter((r) => r.backend === 'js');
  expect(ours.map((r) => [r.kernel, r.size, r.samples, r.unit])).toEqual([
    ['logistic', 12, 48, 'fits'],
    ['ridge', 16, 32, 'fits'],
    ['gamp', 120, 156, 'iterations'],
  ]);
  for (const r of b.rows) {
    expect(r.perSecond).toBeGreaterThan(0);
    expect(r.secondsPerCall).toBeGreaterThan(0);
    expect(r.perSecond).toBeCloseTo((r.kernel === 'gamp' ? r.iterations! : 1) / r.secondsPerCall, 6);
  }
  expect(ours[0]!.gradientNorm).toBeLessThanOrEqual(1e-9);
  expect(ours[2]!.iterations).toBe(4);
  expect(ours[2]!.overlap).toBeGreaterThan(0);
}

describe('replica-lab bench --suite teacher-student', () => {
  it('times the solvers beside numpy and sklearn, whose weights agree with ours', async () => {
    const b = await run(TINY);
    checkOurs(b);
    expect(b.peers.map((p) => p.name)).toEqual(['numpy', 'sklearn']);
    const peerRows = b.rows.filter((x) => x.backend !== 'js');
    for (const p of b.peers) {
      if (!p.available) {
        expect(p.reason).toMatch(/\S/);
        expect(b.skipped).toContainEqual(`${p.name}: ${p.reason}`);
      } else expect(p.detail).toMatch(/numpy \S+, BLAS .+, \S+ thread/);
    }
    const numpy = b.peers[0]!;
    const sklearn = b.peers[1]!;
    const backends = peerRows.map((x) => `${x.kernel} ${x.backend}`);
    if (numpy.available) {
      expect(backends).toContain('ridge numpy');
      // GAMP needs scipy.special.erfcx: measured, or skipped with the reason
      if (!backends.includes('gamp numpy')) expect(b.skipped.some((s) => s.startsWith('numpy gamp: '))).toBe(true);
    } else expect(peerRows.some((x) => x.backend === 'numpy')).toBe(false);
    if (sklearn.available) {
      expect(sklearn.detail).toMatch(/^scikit-learn \S+, /);
      expect(backends).toContain('logistic sklearn-lbfgs');
      expect(backends).toContain('ridge sklearn');
      if (!backends.includes('logistic sklearn-newton-cholesky'))
        expect(b.skipped.some((s) => s.startsWith('sklearn-newton-cholesky: '))).toBe(true);
    } else expect(peerRows.some((x) => x.backend.startsWith('sklearn'))).toBe(false);
    for (const row of peerRows) {
      const ours = b.rows.find((x) => x.backend === 'js' && x.kernel === row.kernel)!;
      expect([row.size, row.samples]).toEqual([ours.size, ours.samples]);
      expect(row.maxRelativeDifference).toBeLessThan(1e-4);
      if (row.kernel === 'logistic') expect(row.gradientNorm).toBeLessThan(1e-3);
      if (row.kernel === 'gamp') {
        expect(row.iterations).toBe(4);
        expect(row.overlapDifference).toBeLessThan(1e-6);
      }
      const q = b.ratios.find((x) => x.peer === row.backend && x.kernel === row.kernel);
      expect(q).toMatchObject({ backend: 'js', size: row.size });
      expect(q!.ratio).toBeCloseTo(ours.perSecond / row.perSecond, 6);
    }
    expect(b.ratios).toHaveLength(peerRows.length);
  });

  it('reports peers whose Python lacks scikit-learn and scipy as unavailable, numpy still measured', async () => {
    // a python3 on whose path `import sklearn` and `import scipy` fail, as on machines without them
    const dir = mkdtempSync(join(tmpdir(), 'replica-no-sklearn-'));
    try {
      for (const m of ['sklearn', 'scipy']) {
        mkdirSync(join(dir, m));
        writeFileSync(join(dir, m, '__init__.py'), `raise ImportError('no module named ${m} (test)')\n`);
      }
      const wrapper = join(dir, 'python3');
      writeFileSync(wrapper, `#!/bin/sh\nPYTHONPATH='${dir}' exec /usr/bin/python3 "$@"\n`);
      chmodSync(wrapper, 0o755);
      const b = await run([...TINY, '--peers', 'sklearn,numpy'], wrapper);
      checkOurs(b);
      expect(b.peers.map((p) => p.name)).toEqual(['sklearn', 'numpy']);
      expect(b.peers[0]).toEqual({ name: 'sklearn', available: false, reason: expect.any(String) });
      expect(b.rows.some((x) => x.backend.startsWith('sklearn'))).toBe(false);
      expect(b.skipped).toContainEqual(expect.stringMatching(/^sklearn: /));
      if (b.peers[1]!.available) {
        // numpy without scipy: ridge measured, GAMP skipped with the reason
        expect(b.peers[0]!.reason).toMatch(/scikit-learn is not importable/);
        expect(b.rows.filter((x) => x.backend === 'numpy').map((x) => x.kernel)).toEqual(['ridge']);
        expect(b.skipped).toContainEqual(expect.stringMatching(/^numpy gamp: .*scipy/));
        expect(b.ratios.map((q) => `${q.kernel} ${q.peer}`)).toEqual(['ridge numpy']);
      } else expect(b.ratios).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a missing Python as unavailable with its reason', async () => {
    const b = await run(TINY, '/nonexistent/python3');
    checkOurs(b);
    expect(b.rows.map((x) => x.backend)).toEqual(['js', 'js', 'js']);
    for (const name of ['numpy', 'sklearn']) {
      expect(b.peers).toContainEqual({ name, available: false, reason: expect.stringMatching(/nonexistent/) });
      expect(b.skipped).toContainEqual(expect.stringMatching(new RegExp(`^${name}: .*nonexistent`)));
    }
    expect(b.ratios).toEqual([]);
  });

  it('refuses a peer the suite does not know and a bad size with a usage error (the CLI exits 2)', async () => {
    const r = run(['--peers', 'torch-cpu']);
    await expect(r).rejects.toThrow(UsageError);
    await expect(r).rejects.toThrow(
      /--peers: the teacher-student suite takes auto, none or a comma list of numpy, sklearn, got 'torch-cpu'/,
    );
    const s = run(['--amp-size', '0']);
    await expect(s).rejects.toThrow(UsageError);
    await expect(s).rejects.toThrow(/--amp-size/);
  });
});
