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
import type { DynamicsRow } from './bench-dynamics';
import { runDynamicsBench } from './bench-dynamics';
import type { DenseRow } from './bench-hopfield';
import { DENSE_PEERS, runHopfieldBench } from './bench-hopfield';
import type { RbmLikelihoodRow, RbmSpeedRow } from './bench-rbm';
import { formatRbmRows, RBM_PEERS, runRbmBench } from './bench-rbm';
import type { TeacherStudentRow } from './bench-teacher-student';
import {
  formatTeacherStudentRows,
  runTeacherStudentBench,
  TEACHER_STUDENT_PEERS,
  teacherStudentFigure,
} from './bench-teacher-student';

/** Flags of `bench`. */
export const BENCH_PARAMS: readonly ParamSpec[] = [
  {
    name: 'suite',
    kind: 'enum',
    values: ['kernels', 'dynamics', 'hopfield', 'rbm', 'teacher-student'],
    default: 'kernels',
    help: 'kernels: gemm GFLOP/s; dynamics: Glauber sweeps/s; hopfield: capacity sweeps/s and dense retrieval queries/s; rbm: CD-1 samples/s on binarized MNIST and exact log-likelihoods of small RBMs; teacher-student: logistic and ridge fits/s and GAMP iterations/s beside numpy and scikit-learn',
  },
  {
    name: 'sizes',
    kind: 'int-list',
    min: 1,
    max: 16384,
    help: 'kernels: gemm sizes n (default 256,512,1024); dynamics: dense SK sizes N (default 1024,2048,4096)',
  },
  {
    name: 'replicas',
    kind: 'int-list',
    default: [1, 64],
    min: 1,
    max: 4096,
    help: 'dynamics, hopfield: replica counts R',
  },
  { name: 'patterns', kind: 'int', default: 64, min: 1, max: 4096, help: 'dynamics: K of the pattern-form case' },
  {
    name: 'pattern-size',
    kind: 'int',
    default: 4096,
    min: 2,
    max: 1048576,
    help: 'dynamics, hopfield: N of the pattern-form case',
  },
  {
    name: 'alpha',
    kind: 'number',
    default: 0.1,
    min: 0.0001,
    max: 1,
    help: 'hopfield: load α = K/N of the capacity sweeps',
  },
  {
    name: 'dense-size',
    kind: 'int',
    default: 784,
    min: 1,
    max: 65536,
    help: 'hopfield: dense retrieval pattern size N',
  },
  {
    name: 'stored',
    kind: 'int',
    default: 1024,
    min: 1,
    max: 65536,
    help: 'hopfield: dense retrieval stored patterns P',
  },
  {
    name: 'queries',
    kind: 'int',
    default: 1024,
    min: 1,
    max: 65536,
    help: 'hopfield: dense retrieval queries B per batch',
  },
  {
    name: 'beta',
    kind: 'number',
    default: 0.5,
    min: 0,
    max: 100,
    help: 'dynamics: inverse temperature β; hopfield: β of the dense update',
  },
  {
    name: 'rbm-hidden',
    kind: 'int',
    default: 500,
    min: 1,
    max: 16384,
    help: 'rbm: hidden units of the CD-1 throughput part (784 visible, batch 100)',
  },
  { name: 'no-likelihood', kind: 'flag', help: 'rbm: skip the exact log-likelihood part' },
  {
    name: 'likelihood-hidden',
    kind: 'int',
    default: 20,
    min: 1,
    max: 24,
    help: 'rbm: hidden units of the likelihood part (log Z enumerates 2^n states)',
  },
  {
    name: 'likelihood-epochs',
    kind: 'int',
    default: 30,
    min: 1,
    max: 1000,
    help: 'rbm: training epochs (passes) of the likelihood part, ours and sklearn',
  },
  {
    name: 'logistic-dim',
    kind: 'int',
    default: 200,
    min: 1,
    max: 4096,
    help: 'teacher-student: D of the logistic-regression fits (P = 4D)',
  },
  {
    name: 'ridge-dim',
    kind: 'int',
    default: 400,
    min: 1,
    max: 8192,
    help: 'teacher-student: D of the ridge fits (P = 2D)',
  },
  {
    name: 'amp-size',
    kind: 'int',
    default: 2000,
    min: 1,
    max: 65536,
    help: 'teacher-student: N of the GAMP instance (binary prior, α = 1.3)',
  },
  {
    name: 'amp-iterations',
    kind: 'int',
    default: 50,
    min: 1,
    max: 10000,
    help: 'teacher-student: GAMP iterations per timed run (no early stop)',
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
    help: `peers measured in the same run: auto, none, or a comma list of ${PEERS.join(', ')} (kernels), c-gcc (dynamics), c-gcc, ${DENSE_PEERS.join(', ')} (hopfield), ${RBM_PEERS.join(', ')} (rbm), or ${TEACHER_STUDENT_PEERS.join(', ')} (teacher-student)`,
  },
  { name: 'min-time', kind: 'number', default: 0.5, min: 0.01, max: 60, help: 'seconds of timing per measurement' },
  { name: 'json', kind: 'flag', help: 'write exactly one JSON document to stdout' },
  { name: 'out', kind: 'path', help: 'directory that receives bench.json and a figure' },
  { name: 'quiet', kind: 'flag', help: 'no progress on stderr' },
];

/** One gemm timing of `bench --suite kernels --json`. */
export interface KernelRow {
  readonly kernel: string;
  readonly size: number;
  readonly backend: string;
  readonly gflops: number;
}

/** One timing of `bench --json`. */
export type BenchRow = KernelRow | DynamicsRow | DenseRow | RbmSpeedRow | TeacherStudentRow;

/** `bench --json`. */
export interface BenchReport {
  readonly suite: string;
  readonly rows: BenchRow[];
  readonly backends: { name: string; description: string }[];
  readonly peers: PeerInfo[];
  /** ours / peer for every timed configuration and available peer (GFLOP/s, sweeps/s, queries/s or samples/s). */
  readonly ratios: {
    kernel: string;
    size: number;
    replicas?: number;
    /** Hidden units (rbm suite). */
    hidden?: number;
    backend: string;
    peer: string;
    ratio: number;
  }[];
  /** `--suite rbm`: exact average log-likelihoods of small RBMs trained by ours and by the peer. */
  readonly likelihood?: RbmLikelihoodRow[];
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

/** Which backends to time, and why others are skipped. */
async function backendKinds(which: string, allowSoftware: boolean, skipped: string[]): Promise<('cpu' | 'webgpu')[]> {
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
  return kinds;
}

function machine(): BenchReport['machine'] {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version };
}

/** Runs the benchmark described by parsed `bench` flags. */
export async function runBench(values: ParamValues, progress: Progress): Promise<BenchReport> {
  const minSeconds = values['min-time'] as number;
  if (values.suite === 'teacher-student') return runTeacherStudentSuite(values, minSeconds, progress);
  const allowSoftware = values['allow-software'] === true;
  const skipped: string[] = [];
  const kinds = await backendKinds(values.backend as string, allowSoftware, skipped);
  const backends: BenchReport['backends'] = [];
  for (const kind of kinds) {
    const be = await createBackend({ kind, allowSoftware });
    backends.push({ name: kind, description: describeBackend(be) });
    be.dispose();
  }
  if (values.suite === 'hopfield')
    return runHopfieldSuite(values, kinds, allowSoftware, backends, skipped, minSeconds, progress);
  if (values.suite === 'rbm') return runRbmSuite(values, kinds, allowSoftware, backends, skipped, minSeconds, progress);
  if (values.suite === 'dynamics') {
    const peersText = values.peers as string;
    if (!['auto', 'none', 'c-gcc'].includes(peersText)) {
      throw new UsageError(`--peers: the dynamics suite takes auto, none or c-gcc, got '${peersText}'`);
    }
    const withC = peersText !== 'none';
    const { rows, skipped: more } = await runDynamicsBench(
      {
        sizes: (values.sizes as number[] | undefined) ?? [1024, 2048, 4096],
        replicas: values.replicas as number[],
        patterns: values.patterns as number,
        patternSize: values['pattern-size'] as number,
        beta: values.beta as number,
        minSeconds,
      },
      kinds,
      allowSoftware,
      withC,
      progress,
    );
    skipped.push(...more);
    const ratios: BenchReport['ratios'] = [];
    for (const ours of rows.filter((r) => r.backend !== 'c-gcc')) {
      const peer = rows.find(
        (r) =>
          r.backend === 'c-gcc' && r.kernel === ours.kernel && r.size === ours.size && r.replicas === ours.replicas,
      );
      if (peer) {
        ratios.push({
          kernel: ours.kernel,
          size: ours.size,
          replicas: ours.replicas,
          backend: ours.backend,
          peer: 'c-gcc',
          ratio: ours.sweepsPerSecond / peer.sweepsPerSecond,
        });
      }
    }
    const peers: PeerInfo[] = withC
      ? [
          more.length
            ? { name: 'c-gcc', available: false, reason: more[0]! }
            : {
                name: 'c-gcc',
                available: true,
                detail: 'apps/lab/bench/glauber.c, gcc -O3 -march=native, the same algorithm and random numbers',
              },
        ]
      : [];
    return { suite: 'dynamics', rows, backends, peers, ratios, skipped, machine: machine() };
  }
  const sizes = (values.sizes as number[] | undefined) ?? [256, 512, 1024];
  const peers = parsePeers(values.peers as string, kinds.includes('webgpu'));
  const rows: KernelRow[] = [];
  progress.start('bench: gemm', kinds.length * sizes.length + peers.length);
  let step = 0;
  for (const kind of kinds) {
    const be = await createBackend({ kind, allowSoftware });
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
      ratios.push({
        kernel: 'gemm',
        size: ours.size,
        backend: ours.backend,
        peer: peer.backend,
        ratio: ours.gflops / peer.gflops,
      });
    }
  }
  return { suite: 'kernels', rows, backends, peers: peerInfo, ratios, skipped, machine: machine() };
}

async function runHopfieldSuite(
  values: ParamValues,
  kinds: ('cpu' | 'webgpu')[],
  allowSoftware: boolean,
  backends: BenchReport['backends'],
  skipped: string[],
  minSeconds: number,
  progress: Progress,
): Promise<BenchReport> {
  const text = values.peers as string;
  let c = true;
  let dense: string[] = kinds.includes('webgpu') ? ['numpy', 'torch-cpu', 'torch-cuda'] : ['numpy', 'torch-cpu'];
  if (text === 'none') [c, dense] = [false, []];
  else if (text !== 'auto') {
    const names = text.split(',').map((x) => x.trim());
    for (const n of names)
      if (n !== 'c-gcc' && !(DENSE_PEERS as readonly string[]).includes(n))
        throw new UsageError(
          `--peers: the hopfield suite takes auto, none or a comma list of c-gcc, ${DENSE_PEERS.join(', ')}, got '${n}'`,
        );
    c = names.includes('c-gcc');
    dense = names.filter((n) => n !== 'c-gcc');
  }
  const r = await runHopfieldBench(
    {
      size: values['pattern-size'] as number,
      alpha: values.alpha as number,
      replicas: values.replicas as number[],
      denseSize: values['dense-size'] as number,
      stored: values.stored as number,
      queries: values.queries as number,
      beta: values.beta as number,
      minSeconds,
    },
    kinds,
    allowSoftware,
    { c, dense },
    progress,
  );
  skipped.push(...r.skipped);
  const ratios: BenchReport['ratios'] = [];
  const ours = new Set(['cpu', 'cpu-js', 'webgpu']);
  for (const row of r.rows) {
    if (!ours.has(row.backend)) continue;
    if ('queriesPerSecond' in row) {
      for (const peer of r.rows)
        if ('queriesPerSecond' in peer && !ours.has(peer.backend))
          ratios.push({
            kernel: row.kernel,
            size: row.size,
            backend: row.backend,
            peer: peer.backend,
            ratio: row.queriesPerSecond / peer.queriesPerSecond,
          });
    } else {
      const peer = r.rows.find((p) => p.backend === 'c-gcc' && 'sweepsPerSecond' in p && p.replicas === row.replicas);
      if (peer && 'sweepsPerSecond' in peer)
        ratios.push({
          kernel: row.kernel,
          size: row.size,
          replicas: row.replicas,
          backend: row.backend,
          peer: 'c-gcc',
          ratio: row.sweepsPerSecond / peer.sweepsPerSecond,
        });
    }
  }
  return { suite: 'hopfield', rows: r.rows, backends, peers: r.peers, ratios, skipped, machine: machine() };
}

/** `--peers` of a suite with a fixed peer list: auto (all of them), none, or a comma list of them. */
function suitePeers(text: string, suite: string, all: readonly string[]): string[] {
  if (text === 'none') return [];
  if (text === 'auto') return [...all];
  const names = text.split(',').map((x) => x.trim());
  for (const n of names)
    if (!all.includes(n))
      throw new UsageError(
        `--peers: the ${suite} suite takes auto, none or a comma list of ${all.join(', ')}, got '${n}'`,
      );
  return names;
}

async function runRbmSuite(
  values: ParamValues,
  kinds: ('cpu' | 'webgpu')[],
  allowSoftware: boolean,
  backends: BenchReport['backends'],
  skipped: string[],
  minSeconds: number,
  progress: Progress,
): Promise<BenchReport> {
  const peers = suitePeers(values.peers as string, 'rbm', RBM_PEERS);
  const r = await runRbmBench(
    {
      hidden: values['rbm-hidden'] as number,
      batchSize: 100,
      minSeconds,
      likelihood:
        values['no-likelihood'] === true
          ? null
          : { hidden: values['likelihood-hidden'] as number, epochs: values['likelihood-epochs'] as number },
    },
    kinds,
    allowSoftware,
    peers,
    progress,
  );
  skipped.push(...r.skipped);
  const ratios: BenchReport['ratios'] = [];
  for (const ours of r.rows.filter((x) => kinds.includes(x.backend as 'cpu')))
    for (const peer of r.rows.filter((x) => peers.includes(x.backend)))
      ratios.push({
        kernel: ours.kernel,
        size: ours.size,
        hidden: ours.hidden,
        backend: ours.backend,
        peer: peer.backend,
        ratio: ours.samplesPerSecond / peer.samplesPerSecond,
      });
  return {
    suite: 'rbm',
    rows: r.rows,
    backends,
    peers: r.peers,
    ratios,
    ...(r.likelihood ? { likelihood: r.likelihood } : {}),
    skipped,
    machine: machine(),
  };
}

async function runTeacherStudentSuite(
  values: ParamValues,
  minSeconds: number,
  progress: Progress,
): Promise<BenchReport> {
  const peers = suitePeers(values.peers as string, 'teacher-student', TEACHER_STUDENT_PEERS);
  const r = await runTeacherStudentBench(
    {
      logisticDim: values['logistic-dim'] as number,
      ridgeDim: values['ridge-dim'] as number,
      ampSize: values['amp-size'] as number,
      ampIterations: values['amp-iterations'] as number,
      minSeconds,
    },
    peers,
    progress,
  );
  const ratios: BenchReport['ratios'] = [];
  for (const ours of r.rows.filter((x) => x.backend === 'js'))
    for (const peer of r.rows.filter((x) => x.backend !== 'js' && x.kernel === ours.kernel))
      ratios.push({
        kernel: ours.kernel,
        size: ours.size,
        backend: ours.backend,
        peer: peer.backend,
        ratio: ours.perSecond / peer.perSecond,
      });
  return {
    suite: 'teacher-student',
    rows: r.rows,
    backends: [
      { name: 'js', description: `@replica/teacher-student in TypeScript, f64, one thread (Node ${process.version})` },
    ],
    peers: r.peers,
    ratios,
    skipped: r.skipped,
    machine: machine(),
  };
}

/** The benchmark as terminal text. */
export function formatBench(r: BenchReport): string {
  const lines =
    r.suite === 'teacher-student'
      ? formatTeacherStudentRows(r.rows.filter((row): row is TeacherStudentRow => 'perSecond' in row))
      : r.suite === 'rbm'
        ? formatRbmRows(
            r.rows.filter((row): row is RbmSpeedRow => 'samplesPerSecond' in row),
            r.likelihood,
          )
        : r.suite === 'kernels'
          ? ['kernel  size   backend          GFLOP/s']
          : ['kernel                    N      R    backend   sweeps/s     spin updates/s'];
  for (const row of r.rows) {
    if ('samplesPerSecond' in row || 'perSecond' in row) continue;
    if ('queriesPerSecond' in row)
      lines.push(
        `${row.kernel.padEnd(25)} ${`${row.size}×${row.stored}`.padEnd(11)} ${row.backend.padEnd(9)} ${row.queriesPerSecond.toPrecision(4)} queries/s (B = ${row.queries})`,
      );
    else if ('gflops' in row)
      lines.push(
        `${row.kernel.padEnd(7)} ${String(row.size).padEnd(6)} ${row.backend.padEnd(16)} ${row.gflops.toFixed(2)}`,
      );
    else {
      lines.push(
        `${row.kernel.padEnd(25)} ${String(row.size).padEnd(6)} ${String(row.replicas).padEnd(4)} ${row.backend.padEnd(9)} ${row.sweepsPerSecond.toPrecision(4).padEnd(12)} ${row.spinUpdatesPerSecond.toExponential(2)}`,
      );
    }
  }
  lines.push('');
  for (const b of r.backends) lines.push(`${b.name}: ${b.description}`);
  for (const p of r.peers) lines.push(`${p.name}: ${p.available ? p.detail : `unavailable (${p.reason})`}`);
  for (const q of r.ratios) {
    lines.push(
      `ratio ${q.backend}/${q.peer} ${q.kernel} N=${q.size}${q.hidden !== undefined ? ` hidden=${q.hidden}` : ''}${q.replicas !== undefined ? ` R=${q.replicas}` : ''}: ${q.ratio.toFixed(3)}`,
    );
  }
  for (const s of r.skipped) lines.push(`skipped ${s}`);
  return lines.join('\n');
}

/** A bar chart of the benchmark (GFLOP/s, or spin updates/s; log scale). */
export function benchFigure(r: BenchReport): Figure {
  const machineText = `median of repeated batches, measured in one run on ${r.machine.cpus} × ${r.machine.cpuModel}. ${r.peers.map((p) => `${p.name}: ${p.available ? p.detail : 'unavailable'}`).join('; ')}.`;
  if (r.suite === 'teacher-student')
    return teacherStudentFigure(
      r.rows.filter((row): row is TeacherStudentRow => 'perSecond' in row),
      machineText,
    );
  const rows = r.rows.filter((row): row is Exclude<BenchRow, TeacherStudentRow> => !('perSecond' in row));
  if (r.suite === 'rbm')
    return barFigure({
      name: 'bench-rbm',
      title: 'RBM CD-1 training on binarized MNIST: samples per second',
      caption: `One CD-1 epoch (batch 100, η = 0.05) over a prefix of the binarized MNIST training split sized to about --min-time seconds; samples/s = rows / seconds of the epoch, median of 3 epochs after a warm-up, measured in one run on ${r.machine.cpus} × ${r.machine.cpuModel}. ${r.peers.map((p) => `${p.name}: ${p.available ? p.detail : 'unavailable'}`).join('; ')}.`,
      category: 'visible × hidden',
      value: 'samples / s',
      scale: 'log',
      rows: rows.flatMap((row) =>
        'samplesPerSecond' in row
          ? [{ category: `${row.size}×${row.hidden}`, group: row.backend, value: row.samplesPerSecond }]
          : [],
      ),
    });
  if (r.suite === 'hopfield')
    return barFigure({
      name: 'bench-hopfield',
      title: 'Hopfield workloads: capacity sweeps/s and dense retrieval queries/s',
      caption: `Capacity: zero-temperature sequential sweeps of the Hebb rule in pattern form (sweeps/s of all R replicas). Dense: one batched update ξ ← X softmax(β Xᵀξ) (queries/s); ${machineText}`,
      category: 'workload',
      value: 'per second',
      scale: 'log',
      rows: rows.map((row) =>
        'queriesPerSecond' in row
          ? {
              category: `dense N=${row.size} P=${row.stored} queries/s`,
              group: row.backend,
              value: row.queriesPerSecond,
            }
          : 'sweepsPerSecond' in row
            ? {
                category: `capacity N=${row.size} K=${row.patterns} R=${row.replicas} sweeps/s`,
                group: row.backend,
                value: row.sweepsPerSecond,
              }
            : {
                category: String(row.size),
                group: row.backend,
                value: 'gflops' in row ? row.gflops : row.samplesPerSecond,
              },
      ),
    });
  const dynamics = r.suite === 'dynamics';
  return barFigure({
    name: dynamics ? 'bench-dynamics' : 'bench-gemm',
    title: dynamics ? 'Glauber dynamics: spin updates per second' : 'float32 gemm, n×n by n×n',
    caption: `${dynamics ? 'Sequential Glauber sweeps (dense SK at β = 0.5, and the pattern form); spin updates/s = sweeps/s × N × R' : 'GFLOP/s = 2n³/time'}, ${machineText}`,
    category: dynamics ? 'configuration' : 'n',
    value: dynamics ? 'spin updates / s' : 'GFLOP/s',
    scale: 'log',
    rows: rows.map((row) =>
      'gflops' in row
        ? { category: String(row.size), group: row.backend, value: row.gflops }
        : 'queriesPerSecond' in row
          ? { category: `dense N=${row.size}`, group: row.backend, value: row.queriesPerSecond }
          : 'samplesPerSecond' in row
            ? { category: `${row.size}×${row.hidden}`, group: row.backend, value: row.samplesPerSecond }
            : {
                category: `${row.kernel === 'glauber-dense' ? 'SK' : `K=${row.patterns}`} N=${row.size} R=${row.replicas}`,
                group: row.backend,
                value: row.spinUpdatesPerSecond,
              },
    ),
  });
}
