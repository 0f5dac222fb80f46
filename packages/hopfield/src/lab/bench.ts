/**
 * `bench --suite hopfield`: the two Hopfield workloads.
 * - Capacity: zero-temperature sequential sweeps of the Hebb rule in pattern form (O(NK)
 *   memory) at N = 4096, K = αN, per backend (CPU with WebAssembly SIMD `cpu` and plain JS
 *   `cpu-js`, WebGPU when present), beside the same loop in C (spin-core's `glauber.c`,
 *   `pattern-zero` mode, `gcc -O3 -march=native`).
 * - Dense retrieval: queries/s of one batched update ξ ← X softmax(β Xᵀξ) (two gemms and a
 *   row softmax), per backend, beside numpy and PyTorch doing the same float32 update.
 * @module
 */
import type { BenchReport, PeerInfo, PeerSpec } from '@replica/lab-kit';
import { barFigure, defineBenchSuite, measuredOn, peerRatios } from '@replica/lab-kit';
import { isingModel } from '@replica/spin-core';
import type { DynamicsRow } from '@replica/spin-core/lab';
import { formatSweepRow, GLAUBER_C_PEER, timeSweeps } from '@replica/spin-core/lab';
import { denseRetrieve, hebb, randomPatterns } from '../index';

/** One dense-retrieval timing. */
export interface DenseRow {
  readonly kernel: 'dense-retrieval';
  /** N, the pattern dimension. */
  readonly size: number;
  /** P stored patterns. */
  readonly stored: number;
  /** B queries per batch. */
  readonly queries: number;
  readonly backend: string;
  readonly queriesPerSecond: number;
}

/** A row of the hopfield suite: capacity sweeps or dense retrieval. */
export type HopfieldRow = DynamicsRow | DenseRow;

const DENSE_PY = 'src/lab/peers/dense.py';
const PKG = '@replica/hopfield';

/** The peers of the suite: the C capacity loop and the dense-retrieval peers. */
export const HOPFIELD_PEERS: readonly PeerSpec[] = [
  { ...GLAUBER_C_PEER, summary: 'the zero-temperature pattern-form sweep in C, gcc -O3 -march=native' },
  { name: 'numpy', language: 'python', package: PKG, file: DENSE_PY, summary: 'the dense update in numpy, float32' },
  {
    name: 'torch-cpu',
    language: 'python',
    package: PKG,
    file: DENSE_PY,
    summary: 'the dense update in torch on the CPU',
  },
  {
    name: 'torch-cuda',
    language: 'python',
    package: PKG,
    file: DENSE_PY,
    summary: 'the dense update in torch on CUDA, TF32 off',
  },
];

const OURS = new Set(['cpu', 'cpu-js', 'webgpu']);

/** `bench --suite hopfield`. */
export const hopfieldBench = defineBenchSuite({
  name: 'hopfield',
  summary: 'capacity sweeps/s beside a C loop, dense retrieval queries/s beside numpy and PyTorch',
  params: [
    { name: 'pattern-size', kind: 'int', default: 4096, min: 2, max: 1048576, help: 'N of the capacity sweeps' },
    { name: 'alpha', kind: 'number', default: 0.1, min: 0.0001, max: 1, help: 'load α = K/N of the capacity sweeps' },
    { name: 'replicas', kind: 'int-list', default: [1, 64], min: 1, max: 4096, help: 'replica counts R of the sweeps' },
    { name: 'dense-size', kind: 'int', default: 784, min: 1, max: 65536, help: 'dense retrieval pattern size N' },
    { name: 'stored', kind: 'int', default: 1024, min: 1, max: 65536, help: 'dense retrieval stored patterns P' },
    { name: 'queries', kind: 'int', default: 1024, min: 1, max: 65536, help: 'dense retrieval queries B per batch' },
    { name: 'beta', kind: 'number', default: 0.5, min: 0, max: 100, help: 'β of the dense update' },
  ],
  peers: HOPFIELD_PEERS,
  defaultPeers: (gpu) => (gpu ? ['c-gcc', 'numpy', 'torch-cpu', 'torch-cuda'] : ['c-gcc', 'numpy', 'torch-cpu']),
  async run(ctx, v) {
    const N = v['pattern-size'];
    const k = Math.max(1, Math.round(v.alpha * N));
    const model = isingModel(hebb(randomPatterns(k, N, { seed: 1 }), k, N));
    const X = Float32Array.from(randomPatterns(v.stored, v['dense-size'], { seed: 2 }));
    const Q = Float32Array.from({ length: v.queries * v['dense-size'] }, (_, t) => Math.sin(0.7 * t));
    const rows: HopfieldRow[] = [];
    const skipped: string[] = [];
    const peers: PeerInfo[] = [];
    const zeroT = { dynamics: 'zero-temperature', order: 'sequential', beta: 0 } as const;
    const sweepRow = (R: number, backend: string, sps: number): DynamicsRow => ({
      kernel: 'zero-temperature-pattern',
      size: N,
      replicas: R,
      patterns: k,
      backend,
      sweepsPerSecond: sps,
      spinUpdatesPerSecond: sps * N * R,
    });
    const denseRow = (backend: string, qps: number): DenseRow => ({
      kernel: 'dense-retrieval',
      size: v['dense-size'],
      stored: v.stored,
      queries: v.queries,
      backend,
      queriesPerSecond: qps,
    });
    const withC = ctx.peers.includes('c-gcc');
    const dense = ctx.peers.filter((p) => p !== 'c-gcc');
    const total = ctx.kinds.length * (v.replicas.length + 1) + (withC ? v.replicas.length : 0) + dense.length;
    let step = 0;
    for (const kind of ctx.kinds) {
      const be = await ctx.createBackend(kind);
      try {
        for (const R of v.replicas) {
          rows.push(sweepRow(R, kind, await timeSweeps(be, model, R, zeroT, ctx.minSeconds, true)));
          if (kind === 'cpu')
            rows.push(sweepRow(R, 'cpu-js', await timeSweeps(be, model, R, zeroT, ctx.minSeconds, false)));
          ctx.progress(++step / total, `${kind} capacity R = ${R}`);
        }
        // one update per call, energies off: the retrieval itself
        const opts = { stored: X, n: v['dense-size'], p: v.stored, queries: Q, beta: v.beta, iterations: 1 };
        const once = () => denseRetrieve(be, { ...opts, energies: false });
        await once();
        let calls = 1;
        let seconds = 0;
        for (;;) {
          const t0 = performance.now();
          for (let c = 0; c < calls; c++) await once();
          seconds = (performance.now() - t0) / 1000;
          if (seconds >= ctx.minSeconds || calls >= 1 << 16) break;
          calls *= 2;
        }
        rows.push(denseRow(kind, (v.queries * calls) / seconds));
        ctx.progress(++step / total, `${kind} dense retrieval`);
      } finally {
        be.dispose();
      }
    }
    if (withC) {
      let info: PeerInfo = {
        name: 'c-gcc',
        available: true,
        detail: `${GLAUBER_C_PEER.file} pattern-zero, the same zero-temperature loop, gcc -O3 -march=native`,
      };
      for (const R of v.replicas) {
        const r = await ctx.runPeer<{ sweepsPerSecond: number }>('c-gcc', {
          args: ['pattern-zero', N, k, R, 0, ctx.minSeconds].map(String),
        });
        if (!r.out) {
          skipped.push(`c-gcc: ${r.info.reason}`);
          info = r.info;
          break;
        }
        rows.push(sweepRow(R, 'c-gcc', r.out.sweepsPerSecond));
        ctx.progress(++step / total, `c-gcc R = ${R}`);
      }
      peers.push(info);
    }
    for (const p of dense) {
      const r = await ctx.runPeer<{ queriesPerSecond: number }>(p, {
        input: { peer: p, n: v['dense-size'], p: v.stored, b: v.queries, beta: v.beta, minTime: ctx.minSeconds },
      });
      peers.push(r.info);
      if (r.out) rows.push(denseRow(p, r.out.queriesPerSecond));
      else skipped.push(`${p}: ${r.info.reason}`);
      ctx.progress(++step / total, p);
    }
    const ratios = peerRatios<HopfieldRow>(rows, {
      isOurs: (r) => OURS.has(r.backend),
      matches: (a, b) =>
        a.kernel === b.kernel &&
        (a.kernel === 'dense-retrieval' || (b as DynamicsRow).replicas === (a as DynamicsRow).replicas),
      value: (r) => ('queriesPerSecond' in r ? r.queriesPerSecond : r.sweepsPerSecond),
    });
    return { rows, peers, ratios, skipped };
  },
  format(r: BenchReport<HopfieldRow>) {
    return [
      'kernel                    N      R    backend   sweeps/s     spin updates/s',
      ...r.rows.map((row) =>
        row.kernel === 'dense-retrieval'
          ? `${row.kernel.padEnd(25)} ${`${row.size}×${row.stored}`.padEnd(11)} ${row.backend.padEnd(9)} ${row.queriesPerSecond.toPrecision(4)} queries/s (B = ${row.queries})`
          : formatSweepRow(row),
      ),
    ];
  },
  figure(r) {
    return barFigure({
      name: 'bench-hopfield',
      title: 'Hopfield workloads: capacity sweeps/s and dense retrieval queries/s',
      caption: `Capacity: zero-temperature sequential sweeps of the Hebb rule in pattern form (sweeps/s of all R replicas). Dense: one batched update ξ ← X softmax(β Xᵀξ) (queries/s); ${measuredOn(r)}`,
      category: 'workload',
      value: { title: 'per second', scale: 'log' },
      bars: r.rows.map((row) =>
        row.kernel === 'dense-retrieval'
          ? {
              category: `dense N=${row.size} P=${row.stored} queries/s`,
              group: row.backend,
              value: row.queriesPerSecond,
            }
          : {
              category: `capacity N=${row.size} K=${row.patterns} R=${row.replicas} sweeps/s`,
              group: row.backend,
              value: row.sweepsPerSecond,
            },
      ),
    });
  },
});
