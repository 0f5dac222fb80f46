/**
 * `bench --suite nn`: training steps/s of an MLP (default 784-512-512-10, ReLU, cross-entropy,
 * Adam, batch 128) per backend, beside PyTorch on the CPU at its default thread count and at
 * one thread (ours is one thread), and on CUDA when present. For ours it also times the step's
 * gemms alone (forward, and both gradients of every layer) on the same shapes, so the report
 * says what fraction of a step is the gemm and what is overhead (tape, elementwise kernels,
 * allocation, dispatch).
 * @module
 */
import type { BenchReport, PeerInfo, PeerSpec } from '@replica/lab-kit';
import { barFigure, defineBenchSuite, measuredOn, peerRatios, timeCalls } from '@replica/lab-kit';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { gemm, PhiloxRng } from '@replica/webgpu-kernels';
import { Adam, crossEntropyWithLogits, mlp, Tape } from '../index';

/** One timing of the suite. */
export interface NnRow {
  readonly kernel: 'mlp-train-step';
  /** The batch size. */
  readonly size: number;
  /** The layer widths. */
  readonly sizes: readonly number[];
  readonly backend: string;
  readonly stepsPerSecond: number;
  /** Ours: the fraction of a step spent in its gemms (timed alone on the same shapes). */
  readonly gemmFraction?: number;
}

const PKG = '@replica/nn';
const PY = 'src/lab/peers/torch_mlp.py';

/** The peers: PyTorch on the CPU (default threads and one thread) and on CUDA. */
export const NN_PEERS: readonly PeerSpec[] = [
  {
    name: 'torch-cpu',
    language: 'python',
    package: PKG,
    file: PY,
    summary: 'the same training step in PyTorch, CPU, default threads',
  },
  {
    name: 'torch-1thread',
    language: 'python',
    package: PKG,
    file: PY,
    env: { OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    summary: 'the same training step in PyTorch, CPU, one thread (as ours)',
  },
  {
    name: 'torch-cuda',
    language: 'python',
    package: PKG,
    file: PY,
    summary: 'the same training step in PyTorch on CUDA, TF32 off',
  },
];

/** Steps/s of the training step on a backend, and of its gemms alone. */
async function measure(
  be: Backend,
  sizes: readonly number[],
  batch: number,
  minSeconds: number,
): Promise<{ steps: number; gemms: number }> {
  const rng = new PhiloxRng(3);
  const x = be.tensor(
    Float32Array.from({ length: batch * sizes[0]! }, () => rng.nextDouble()),
    [batch, sizes[0]!],
  ) as Tensor<'float32'>;
  const labels = Array.from({ length: batch }, () => rng.nextInt(sizes.at(-1)!));
  const net = mlp(be, { sizes, seed: 1 });
  const opt = new Adam(net.parameters(), { lr: 1e-3 });
  // no readback per step (as PyTorch's loop has no .item()): the timer syncs the backend
  const step = () => {
    const tape = new Tape(be);
    opt.zeroGrad();
    tape.backward(crossEntropyWithLogits(net.forward(tape.input(x)), labels));
    opt.step();
    tape.dispose();
  };
  const sync = () => be.sync();
  const steps = 1 / (await timeCalls(step, sync, minSeconds)).secondsPerCall;
  // the same gemms alone: per layer y = x·W, ∂x = ḡ·Wᵀ (not for the first layer), ∂W = xᵀ·ḡ
  const acts = sizes.map((n) => be.tensor(new Float32Array(batch * n).fill(0.5), [batch, n]) as Tensor<'float32'>);
  const ws = net.parameters().filter((p) => p.name.endsWith('weight'));
  const gemms = () => {
    const made: Tensor[] = [];
    for (let l = 0; l < ws.length; l++) {
      made.push(gemm(acts[l]!, ws[l]!.value));
      if (l > 0) made.push(gemm(acts[l + 1]!, ws[l]!.value, { transB: true }));
      made.push(gemm(acts[l]!, acts[l + 1]!, { transA: true }));
    }
    for (const t of made) t.dispose();
  };
  const gemmRate = 1 / (await timeCalls(gemms, sync, minSeconds)).secondsPerCall;
  for (const t of [x, ...acts]) t.dispose();
  opt.dispose();
  for (const p of net.parameters()) p.dispose();
  return { steps, gemms: gemmRate };
}

/** `bench --suite nn`. */
export const nnBench = defineBenchSuite({
  name: 'nn',
  summary: 'MLP training steps/s (784-512-512-10, Adam, batch 128) beside PyTorch, with the gemm share of a step',
  params: [
    {
      name: 'mlp-sizes',
      kind: 'int-list',
      default: [784, 512, 512, 10],
      min: 1,
      max: 65536,
      help: 'the MLP layer widths',
    },
    { name: 'batch', kind: 'int', default: 128, min: 1, max: 65536, help: 'minibatch size' },
  ],
  peers: NN_PEERS,
  defaultPeers: (gpu) => (gpu ? ['torch-cpu', 'torch-1thread', 'torch-cuda'] : ['torch-cpu', 'torch-1thread']),
  async run(ctx, v) {
    const sizes = v['mlp-sizes'];
    const rows: NnRow[] = [];
    const peers: PeerInfo[] = [];
    const skipped: string[] = ['small conv net: convolutions are not in @replica/nn yet'];
    if (sizes.length < 2) throw new RangeError('--mlp-sizes: expected at least two widths');
    const total = ctx.kinds.length + ctx.peers.length;
    let done = 0;
    for (const kind of ctx.kinds) {
      const be = await ctx.createBackend(kind);
      try {
        const m = await measure(be, sizes, v.batch, ctx.minSeconds);
        rows.push({
          kernel: 'mlp-train-step',
          size: v.batch,
          sizes,
          backend: kind,
          stepsPerSecond: m.steps,
          gemmFraction: m.steps / m.gemms,
        });
      } finally {
        be.dispose();
      }
      ctx.progress(++done / total, kind);
    }
    for (const p of ctx.peers) {
      const r = await ctx.runPeer<{ stepsPerSecond: number }>(p, {
        input: { peer: p, sizes, batch: v.batch, minTime: ctx.minSeconds },
      });
      peers.push(r.info);
      if (r.out)
        rows.push({ kernel: 'mlp-train-step', size: v.batch, sizes, backend: p, stepsPerSecond: r.out.stepsPerSecond });
      else skipped.push(`${p}: ${r.info.reason}`);
      ctx.progress(++done / total, p);
    }
    const ratios = peerRatios(rows, {
      isOurs: (r) => r.backend === 'cpu' || r.backend === 'webgpu',
      matches: (a, b) => a.size === b.size,
      value: (r) => r.stepsPerSecond,
    });
    return { rows, peers, ratios, skipped };
  },
  format(r: BenchReport<NnRow>) {
    return [
      'workload                         batch  backend         steps/s   gemm share of a step',
      ...r.rows.map(
        (row) =>
          `${`mlp ${row.sizes.join('-')}`.padEnd(32)} ${String(row.size).padEnd(6)} ${row.backend.padEnd(15)} ${row.stepsPerSecond.toPrecision(4).padStart(8)}   ${row.gemmFraction === undefined ? '' : `${(100 * row.gemmFraction).toFixed(0)}% (overhead ${(100 * (1 - row.gemmFraction)).toFixed(0)}%)`}`,
      ),
    ];
  },
  figure(r) {
    return barFigure({
      name: 'bench-nn',
      title: 'MLP training steps per second',
      caption: `One step = forward, cross-entropy, backward through the tape, an Adam update of every tensor; PyTorch does the same on the same sizes; ${measuredOn(r)}`,
      category: 'workload',
      value: { title: 'steps/s', scale: 'log' },
      bars: r.rows.map((row) => ({
        category: `mlp ${row.sizes.join('-')} batch ${row.size}`,
        group: row.backend,
        value: row.stepsPerSecond,
      })),
    });
  },
});
