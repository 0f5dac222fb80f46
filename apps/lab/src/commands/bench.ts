/**
 * `bench`: GFLOP/s of the compute layer's gemm per backend, beside peers
 * (numpy, PyTorch) measured in the same run. Benchmarks only: no test asserts on time.
 * @module
 */
import { cpus } from 'node:os';
import type { Backend } from '@replica/webgpu-kernels';
import { createBackend, gemm, normal, probeWebGPU } from '@replica/webgpu-kernels';
import { timeCalls } from '../bench/harness';
import type { PeerInfo, PeerName } from '../bench/peers';
import { measurePeer, PEERS } from '../bench/peers';
import { describeBackend } from '../common';
import type { Figure } from '../figures/plot';
import { barFigure } from '../figures/plot';
import type { Progress } from '../io';
import type { ParamSpec, ParamValues } from '../params';
import { UsageError } from '../params';

/** Flags of `bench`. */
export const BENCH_PARAMS: readonly ParamSpec[] = [
  { name: 'suite', kind: 'enum', values: ['kernels'], default: 'kernels', help: 'what to benchmark' },
  {
    name: 'sizes',
    kind: 'int-list',
    default: [256, 512, 1024],
    min: 1,
    max: 8192,
    help: 'square gemm sizes n (n×n·n×n)',
  },
  {
    name: 'backend',
    kind: 'enum',
    values: ['cpu', 'webgpu', 'auto', 'all'],
    default: 'all',
    help: 'backends to time (all: cpu and, when present, hardware webgpu)',
  },
  {
    name: 'allow-software',
    kind: 'flag',
    help: 'also time a software WebGPU adapter (meaningless for speed; for trying the harness)',
  },
  {
    name: 'peers',
    kind: 'string',
    default: 'auto',
    help: `peers to measure in the same run: auto, none, or a comma list of ${PEERS.join(', ')}`,
  },
  { name: 'min-time', kind: 'number', default: 0.5, min: 0.01, max: 60, help: 'seconds of timing per measurement' },
  { name: 'json', kind: 'flag', help: 'write exactly one JSON document to stdout' },
  { name: 'out', kind: 'path', help: 'directory that receives bench.json and a figure' },
  { name: 'quiet', kind: 'flag', help: 'no progress on stderr' },
];

/** One timing of `bench --json`. */
export interface BenchRow {
  readonly kernel: string;
  readonly size: number;
  readonly backend: string;
  readonly gflops: number;
}

/** `bench --json`. */
export interface BenchReport {
  readonly suite: string;
  readonly rows: BenchRow[];
  readonly backends: { name: string; description: string }[];
  readonly peers: PeerInfo[];
  /** ours / peer at each size, for every timed backend and available peer. */
  readonly ratios: { size: number; backend: string; peer: string; ratio: number }[];
  readonly skipped: string[];
  readonly machine: { cpus: number; cpuModel: string; node: string };
}

function parsePeers(text: string, gpuTimed: boolean): PeerName[] {
  if (text === 'none') return [];
  if (text === 'auto') return gpuTimed ? ['numpy', 'numpy-1thread', 'torch-cuda'] : ['numpy', 'numpy-1thread'];
  const names = text.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!(PEERS as readonly string[]).includes(n)) {
      throw new UsageError(`--peers: expected auto, none or a comma list of ${PEERS.join(', ')}, got '${n}'`);
    }
  }
  return names as PeerName[];
}

async function timeGemm(be: Backend, n: number, minSeconds: number): Promise<number> {
  const a = normal(be.zeros([n, n]), { seed: 1, counter: [n, 1] });
  const b = normal(be.zeros([n, n]), { seed: 1, counter: [n, 2] });
  const c = be.zeros([n, n]);
  try {
    const t = await timeCalls(
      () => gemm(a, b, { out: c }),
      () => be.sync(),
      minSeconds,
    );
    return (2 * n ** 3) / t.secondsPerCall / 1e9;
  } finally {
    for (const t of [a, b, c]) t.dispose();
  }
}

/** Runs the benchmark described by parsed `bench` flags. */
export async function runBench(values: ParamValues, progress: Progress): Promise<BenchReport> {
  const sizes = values.sizes as number[];
  const minSeconds = values['min-time'] as number;
  const which = values.backend as string;
  const allowSoftware = values['allow-software'] === true;
  const skipped: string[] = [];
  const kinds: ('cpu' | 'webgpu')[] = [];
  if (which === 'cpu' || which === 'all' || which === 'auto') kinds.push('cpu');
  if (which === 'webgpu' || which === 'all' || which === 'auto') {
    const probe = await probeWebGPU({ allowSoftware });
    if (probe.available) {
      kinds.push('webgpu');
      if (which === 'auto') kinds.splice(kinds.indexOf('cpu'), 1);
    } else if (which === 'webgpu') throw new Error(probe.reason);
    else skipped.push(`webgpu: ${probe.reason}`);
  }
  const peers = parsePeers(values.peers as string, kinds.includes('webgpu'));
  const rows: BenchRow[] = [];
  const backends: BenchReport['backends'] = [];
  progress.start('bench: gemm', kinds.length * sizes.length + peers.length);
  let step = 0;
  for (const kind of kinds) {
    const be = await createBackend({ kind, allowSoftware });
    backends.push({ name: kind, description: describeBackend(be) });
    try {
      for (const n of sizes) {
        rows.push({ kernel: 'gemm', size: n, backend: kind, gflops: await timeGemm(be, n, minSeconds) });
        progress.update(++step);
      }
    } finally {
      be.dispose();
    }
  }
  const peerInfo: PeerInfo[] = [];
  for (const p of peers) {
    const { info, rows: pr } = measurePeer(p, sizes, minSeconds);
    peerInfo.push(info);
    for (const r of pr) rows.push({ kernel: 'gemm', size: r.size, backend: r.peer, gflops: r.gflops });
    if (!info.available) skipped.push(`${p}: ${info.reason}`);
    progress.update(++step);
  }
  progress.end(`${rows.length} timings`);
  const ratios: BenchReport['ratios'] = [];
  for (const ours of rows.filter((r) => kinds.includes(r.backend as 'cpu'))) {
    for (const peer of rows.filter((r) => peers.includes(r.backend as PeerName) && r.size === ours.size)) {
      ratios.push({ size: ours.size, backend: ours.backend, peer: peer.backend, ratio: ours.gflops / peer.gflops });
    }
  }
  return {
    suite: values.suite as string,
    rows,
    backends,
    peers: peerInfo,
    ratios,
    skipped,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
  };
}

/** The benchmark as terminal text. */
export function formatBench(r: BenchReport): string {
  const lines = ['kernel  size   backend          GFLOP/s'];
  for (const row of r.rows)
    lines.push(
      `${row.kernel.padEnd(7)} ${String(row.size).padEnd(6)} ${row.backend.padEnd(16)} ${row.gflops.toFixed(2)}`,
    );
  lines.push('');
  for (const b of r.backends) lines.push(`${b.name}: ${b.description}`);
  for (const p of r.peers) lines.push(`${p.name}: ${p.available ? p.detail : `unavailable (${p.reason})`}`);
  for (const q of r.ratios) lines.push(`ratio ${q.backend}/${q.peer} at ${q.size}: ${q.ratio.toFixed(3)}`);
  for (const s of r.skipped) lines.push(`skipped ${s}`);
  return lines.join('\n');
}

/** A bar chart of GFLOP/s by size and backend/peer. */
export function benchFigure(r: BenchReport): Figure {
  return barFigure({
    name: 'bench-gemm',
    title: 'float32 gemm, n×n by n×n',
    caption: `GFLOP/s = 2n³/time, median of repeated batches, measured in one run on ${r.machine.cpus} × ${r.machine.cpuModel}. ${r.peers.map((p) => `${p.name}: ${p.available ? p.detail : 'unavailable'}`).join('; ')}.`,
    category: 'n',
    value: 'GFLOP/s',
    scale: 'log',
    rows: r.rows.map((row) => ({ category: String(row.size), group: row.backend, value: row.gflops })),
  });
}
