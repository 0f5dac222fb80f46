/**
 * `bench --suite kernels`: GFLOP/s of the compute layer's float32 gemm per backend, beside
 * numpy (default threads and one thread) and PyTorch (CPU, CUDA) in the same run.
 * @module
 */
import type { BenchReport, PeerSpec } from '@replica/lab-kit';
import { barFigure, defineBenchSuite, measuredOn, peerRatios, timeCalls } from '@replica/lab-kit';
import type { Backend } from '@replica/webgpu-kernels';
import { gemm, normal } from '@replica/webgpu-kernels';

/** One gemm timing of `bench --suite kernels --json`. */
export interface KernelRow {
  readonly kernel: 'gemm';
  readonly size: number;
  readonly backend: string;
  readonly gflops: number;
}

const PKG = '@replica/spin-core';
const GEMM_PY = 'src/lab/peers/gemm.py';
const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** The peers of the kernels suite. */
export const KERNEL_PEERS: readonly PeerSpec[] = [
  { name: 'numpy', language: 'python', package: PKG, file: GEMM_PY, summary: 'numpy.matmul, float32, default threads' },
  {
    name: 'numpy-1thread',
    language: 'python',
    package: PKG,
    file: GEMM_PY,
    env: ONE_THREAD,
    summary: 'numpy.matmul, float32, one BLAS thread',
  },
  { name: 'torch-cpu', language: 'python', package: PKG, file: GEMM_PY, summary: 'torch.matmul on the CPU' },
  { name: 'torch-cuda', language: 'python', package: PKG, file: GEMM_PY, summary: 'torch.matmul on CUDA, TF32 off' },
];

/** Median GFLOP/s of n×n·n×n on `be`. */
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

/** `bench --suite kernels`. */
export const kernelsBench = defineBenchSuite({
  name: 'kernels',
  summary: 'float32 gemm GFLOP/s per backend beside numpy and PyTorch',
  params: [
    {
      name: 'sizes',
      kind: 'int-list',
      default: [256, 512, 1024],
      min: 1,
      max: 16384,
      help: 'gemm sizes n (n×n by n×n)',
    },
  ],
  peers: KERNEL_PEERS,
  defaultPeers: (gpu) => (gpu ? ['numpy', 'numpy-1thread', 'torch-cuda'] : ['numpy', 'numpy-1thread']),
  async run(ctx, v) {
    const sizes = v.sizes;
    const rows: KernelRow[] = [];
    const total = ctx.kinds.length * sizes.length + ctx.peers.length;
    let step = 0;
    for (const kind of ctx.kinds) {
      const be = await ctx.createBackend(kind);
      try {
        for (const n of sizes) {
          rows.push({ kernel: 'gemm', size: n, backend: kind, gflops: await timeGemm(be, n, ctx.minSeconds) });
          ctx.progress(++step / total, `${kind} n = ${n}`);
        }
      } finally {
        be.dispose();
      }
    }
    const peers = [];
    const skipped: string[] = [];
    for (const p of ctx.peers) {
      const r = await ctx.runPeer<{ rows: { size: number; gflops: number }[] }>(p, {
        input: { peer: p, sizes, minTime: ctx.minSeconds },
      });
      peers.push(r.info);
      for (const x of r.out?.rows ?? []) rows.push({ kernel: 'gemm', size: x.size, backend: p, gflops: x.gflops });
      if (!r.info.available) skipped.push(`${p}: ${r.info.reason}`);
      ctx.progress(++step / total, p);
    }
    const ours = new Set<string>(ctx.kinds);
    const ratios = peerRatios(rows, {
      isOurs: (r) => ours.has(r.backend),
      matches: (a, b) => a.size === b.size,
      value: (r) => r.gflops,
    });
    return { rows, peers, ratios, skipped };
  },
  format(r: BenchReport<KernelRow>) {
    return [
      'kernel  size   backend          GFLOP/s',
      ...r.rows.map(
        (row) =>
          `${row.kernel.padEnd(7)} ${String(row.size).padEnd(6)} ${row.backend.padEnd(16)} ${row.gflops.toFixed(2)}`,
      ),
    ];
  },
  figure(r) {
    return barFigure({
      name: 'bench-gemm',
      title: 'float32 gemm, n×n by n×n',
      caption: `GFLOP/s = 2n³/time, ${measuredOn(r)}`,
      category: 'n',
      value: { title: 'GFLOP/s', scale: 'log' },
      bars: r.rows.map((row) => ({ category: String(row.size), group: row.backend, value: row.gflops })),
    });
  },
});
