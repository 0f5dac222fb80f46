/**
 * The CLI host in-process: bench argument handling (each suite's own flags, peers, help),
 * the peer runner with real C and Python peers, and the figure renderer.
 */
import { UsageError } from '@replica/lab-kit';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { benchUsage, findSuite, formatBench, formatSuiteList, parseBenchArgs, runBench } from '../src/host/bench';
import { streamReporter } from '../src/host/io';
import { runPeer } from '../src/host/peers';
import { gridPng, renderFigure } from '../src/host/render';
import { benchSuites } from '../src/plugins';

const quiet = streamReporter(process.stderr, true);

describe('bench arguments', () => {
  it('accepts only the chosen suite’s flags, naming the suite that owns another', () => {
    expect(() => parseBenchArgs(['--suite', 'kernels', '--rbm-hidden', '5'])).toThrow(
      /bench --suite kernels: --rbm-hidden is a flag of the rbm suite, not of kernels/,
    );
    expect(() => parseBenchArgs(['--replicas', '1'])).toThrow(
      /a flag of the dynamics, hopfield suites, not of kernels/,
    );
    expect(() => parseBenchArgs(['--suite', 'teacher-student', '--backend', 'cpu'])).toThrow(
      /not a flag of the teacher-student suite: it times TypeScript on one thread/,
    );
    expect(() => parseBenchArgs(['--suite', 'nope'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--suite', 'kernels', '--bogus'])).toThrow(/unknown flag --bogus/);
    const a = parseBenchArgs(['--suite=dynamics', '--sizes', '64']);
    expect(a.suite.name).toBe('dynamics');
    expect(a.values.sizes).toEqual([64]);
  });

  it('selects peers per suite and refuses another suite’s', async () => {
    await expect(
      runBench(parseBenchArgs(['--suite', 'hopfield', '--peers', 'numpy-1thread', '--backend', 'cpu']), quiet),
    ).rejects.toThrow(
      /--peers: the hopfield suite takes auto, none or a comma list of c-gcc, numpy, torch-cpu, torch-cuda, got 'numpy-1thread'/,
    );
  });

  it('lists every suite with its package, flags and peers, and prints each suite’s usage', () => {
    const list = formatSuiteList();
    for (const s of benchSuites) expect(list).toContain(`${s.name} (@replica/`);
    expect(benchUsage(findSuite('rbm'))).toMatch(/--rbm-hidden/);
    expect(benchUsage(findSuite('rbm'))).not.toMatch(/--sizes/);
    expect(benchUsage(null)).toMatch(/suites/);
  });
});

describe('bench suites with their peers', () => {
  it('dynamics times the CPU engine beside the C loop', async () => {
    const args = [
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
    ];
    const b = await runBench(parseBenchArgs([...args, '--backend', 'cpu', '--min-time', '0.02']), quiet);
    for (const backend of ['cpu', 'cpu-js'])
      for (const row of b.rows.filter((x) => x.backend === backend))
        expect((row as unknown as { sweepsPerSecond: number }).sweepsPerSecond).toBeGreaterThan(0);
    const c = b.peers.find((p) => p.name === 'c-gcc')!;
    if (c.available) {
      expect(b.ratios).toHaveLength(8);
      expect(b.rows.filter((x) => x.backend === 'c-gcc')).toHaveLength(4);
    } else expect(c.reason).toMatch(/gcc|glauber/);
    expect(formatBench(findSuite('dynamics'), b)).toMatch(/ratio cpu\/c-gcc glauber-dense N=64 R=1/);
  });

  it('entropic times replicated SA beside the C loop, which ends in the same state', async () => {
    const args = [
      '--suite',
      'entropic',
      '--rsa-n',
      '101',
      '--rsa-alpha',
      '0.6',
      '--rsa-replicas',
      '1,3',
      '--rsa-sweeps',
      '5',
    ];
    const b = await runBench(
      parseBenchArgs([...args, '--no-rsgd', '--backend', 'cpu', '--peers', 'c-gcc', '--min-time', '0.02']),
      quiet,
    );
    type Row = {
      kernel: string;
      backend: string;
      replicas: number;
      iterations: number;
      energy: number;
      flipsPerSecond: number;
    };
    const rows = b.rows as unknown as Row[];
    const js = rows.filter((x) => x.backend === 'js');
    expect(js.map((x) => x.replicas)).toEqual([1, 3]);
    const c = b.peers.find((p) => p.name === 'c-gcc')!;
    if (c.available) {
      const peer = rows.filter((x) => x.backend === 'c-gcc');
      // the same instance, moves and Philox numbers: the same flips and the same final energy
      expect(peer.map((x) => [x.replicas, x.iterations, x.energy])).toEqual(
        js.map((x) => [x.replicas, x.iterations, x.energy]),
      );
      expect(b.ratios).toHaveLength(2);
    } else expect(c.reason).toMatch(/gcc|rsa/);
  });

  it('hopfield times the capacity sweeps beside the C loop and dense retrieval per backend', async () => {
    const args = ['--suite', 'hopfield', '--pattern-size', '128', '--alpha', '0.1', '--replicas', '1,2'];
    const dense = ['--dense-size', '16', '--stored', '8', '--queries', '4'];
    const b = await runBench(
      parseBenchArgs([...args, ...dense, '--backend', 'cpu', '--peers', 'c-gcc', '--min-time', '0.02']),
      quiet,
    );
    expect(b.suite).toBe('hopfield');
    type Row = { kernel: string; backend: string; replicas?: number; patterns?: number; sweepsPerSecond?: number };
    const rows = b.rows as unknown as Row[];
    for (const backend of ['cpu', 'cpu-js']) {
      const mine = rows.filter((x) => x.kernel === 'zero-temperature-pattern' && x.backend === backend);
      expect(mine.map((x) => [x.replicas, x.patterns])).toEqual([
        [1, 13],
        [2, 13],
      ]);
      for (const row of mine) expect(row.sweepsPerSecond).toBeGreaterThan(0);
    }
    const d = b.rows.filter((x) => x.kernel === 'dense-retrieval');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ backend: 'cpu', size: 16, stored: 8, queries: 4 });
    const c = b.peers.find((p) => p.name === 'c-gcc')!;
    if (c.available) expect(b.ratios.filter((q) => q.peer === 'c-gcc')).toHaveLength(4);
    else expect(c.reason).toMatch(/gcc|glauber/);
  });

  it('kernels times gemm beside numpy on one thread, or says why numpy is unavailable', async () => {
    const b = await runBench(
      parseBenchArgs(['--sizes', '32', '--backend', 'cpu', '--peers', 'numpy-1thread', '--min-time', '0.02']),
      quiet,
    );
    const peer = b.peers[0]!;
    if (peer.available) {
      expect(peer.detail).toMatch(/^numpy \S+, BLAS .+, 1 thread/);
      expect(b.ratios).toEqual([
        { kernel: 'gemm', size: 32, backend: 'cpu', peer: 'numpy-1thread', ratio: expect.any(Number) },
      ]);
    } else expect(b.skipped).toContainEqual(expect.stringMatching(/^numpy-1thread: /));
  });
});

describe('peer runner', () => {
  const glauber = findSuite('dynamics').peers[0]!;

  it('reports a C peer that cannot be compiled instead of dropping it', () => {
    const saved = process.env.CC;
    process.env.CC = '/nonexistent/cc';
    try {
      // a fresh spec (another name) so the compile cache of the real one is not reused
      const r = runPeer(
        { ...glauber, file: 'src/lab/peers/../peers/glauber.c' },
        { args: ['dense', '8', '0', '1', '0.5', '0.01'] },
      );
      expect(r.info).toMatchObject({ name: 'c-gcc', available: false, reason: expect.stringMatching(/nonexistent/) });
    } finally {
      if (saved === undefined) delete process.env.CC;
      else process.env.CC = saved;
    }
  });

  it('reports a missing Python and a missing peer file', () => {
    const numpy = findSuite('kernels').peers[0]!;
    const saved = process.env.REPLICA_PYTHON;
    process.env.REPLICA_PYTHON = '/nonexistent/python3';
    try {
      expect(runPeer(numpy, { input: { peer: 'numpy', sizes: [8], minTime: 0.01 } }).info.reason).toMatch(
        /nonexistent/,
      );
    } finally {
      if (saved === undefined) delete process.env.REPLICA_PYTHON;
      else process.env.REPLICA_PYTHON = saved;
    }
    expect(runPeer({ ...numpy, file: 'src/lab/peers/missing.py' }, {}).info.reason).toMatch(/missing\.py not found/);
  });
});

describe('figure renderer', () => {
  it('draws a chart of every mark, bars and a heatmap as SVG', async () => {
    const chart = await renderFigure({
      type: 'chart',
      name: 'c',
      title: 'every mark',
      caption: '',
      x: { title: 'α', unit: 'K/N' },
      y: { title: 'm', scale: 'log', domain: [1e-3, 1] },
      series: [
        {
          name: 'theory',
          kind: 'theory',
          points: [
            { x: 0, y: 0.5 },
            { x: 1, y: 0.9 },
          ],
        },
        { name: 'sim', kind: 'simulation', points: [{ x: 0.5, y: 0.7, yErr: 0.8 }] },
        {
          name: 'band',
          kind: 'theory',
          mark: 'band',
          points: [
            { x: 0, y: 0.5, yLow: 0.4, yHigh: 0.6 },
            { x: 1, y: 0.9, yLow: 0.8, yHigh: 1 },
          ],
        },
        {
          name: 'trajectory',
          kind: 'simulation',
          mark: 'line',
          points: [
            { x: 0, y: 0.1 },
            { x: 1, y: 0.2 },
          ],
        },
      ],
    });
    expect(chart.svg).toMatch(/^<svg/);
    expect(chart.svg).toContain('α (K/N)');
    expect(chart.png).toBeUndefined();
    const bars = await renderFigure({
      type: 'bars',
      name: 'b',
      title: 't',
      caption: '',
      category: 'n',
      value: { title: 'GFLOP/s', scale: 'log' },
      bars: [{ category: '8', group: 'cpu', value: 2 }],
    });
    expect(bars.svg).toMatch(/^<svg/);
    const heat = await renderFigure({
      type: 'heatmap',
      name: 'h',
      title: 't',
      caption: '',
      x: { title: 'α' },
      y: { title: 'T' },
      value: { title: 'm' },
      cells: [
        { x: 0.1, y: 0.2, value: 0.9 },
        { x: 0.2, y: 0.2, value: 0 },
      ],
    });
    expect(heat.svg).toMatch(/^<svg/);
  });

  it('draws an image grid into a PNG of the right size, mapping the range to black…white', async () => {
    const f = {
      type: 'image-grid' as const,
      name: 'g',
      title: 'digits',
      caption: '',
      rows: [
        {
          label: 'a',
          images: [
            [-1, 1, 1, -1],
            [0, 0, 0, 0],
          ],
        },
        { label: 'b', images: [[Number.NaN, 2, -2, 1]] },
      ],
      width: 2,
      height: 2,
      range: [-1, 1] as const,
      scale: 3,
    };
    const png = PNG.sync.read(gridPng(f));
    expect([png.width, png.height]).toEqual([2 * 3 + 1, 2 * 3 + 1]);
    const px = (x: number, y: number) => png.data[(y * png.width + x) * 4]!;
    expect([px(1, 1), px(2, 1), px(0, 0)]).toEqual([0, 255, 128]); // −1 black, +1 white, gap mid-grey
    expect([px(1, 4), px(2, 4), px(1, 5)]).toEqual([0, 255, 0]); // NaN black, out of range clamped
    const r = await renderFigure(f);
    expect(r.svg).toContain('data:image/png;base64,');
    expect(r.png).toBeDefined();
  });
});
