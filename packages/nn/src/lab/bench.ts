/**
 * `bench --suite nn`: training steps/s of an MLP (default 784-512-512-10, ReLU, cross-entropy,
 * Adam, batch 128) and of a small conv net on 28×28 images ({@link CONV_NET}) per backend, beside PyTorch on the CPU at its default thread count and at
 * one thread (ours is one thread), and on CUDA when present. For ours it also times the step's
 * gemms alone (forward, and both gradients of every layer) on the same shapes and the Adam
 * update alone, so the report says what fraction of a step is the gemm, the optimizer, and the
 * rest (tape, elementwise kernels, allocation, dispatch).
 * @module
 */
import type { BenchReport, PeerInfo, PeerSpec } from '@replica/lab-kit';
import { barFigure, defineBenchSuite, measuredOn, peerRatios, timeCalls } from '@replica/lab-kit';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { gemm, PhiloxRng } from '@replica/webgpu-kernels';
import type { Module } from '../index';
import { Activation, Adam, Conv2d, crossEntropyWithLogits, Linear, mlp, reshape, Sequential, Tape } from '../index';

/**
 * The conv-net workload, on [B, 1, 28, 28] inputs: conv 1→16 3×3 pad 1, ReLU, conv 16→32 3×3
 * stride 2 pad 1, ReLU, conv 32→32 3×3 stride 2 pad 1, ReLU, flatten (32·7·7), linear → 10.
 */
export const CONV_NET = 'conv(1→16,3×3)-relu-conv(16→32,3×3,s2)-relu-conv(32→32,3×3,s2)-relu-linear(1568→10)';

function convNet(be: Backend): Module {
  const body = new Sequential([
    new Conv2d(be, { inChannels: 1, outChannels: 16, kernelSize: 3, padding: 1, seed: 1, name: '0.' }),
    new Activation('relu'),
    new Conv2d(be, {
      inChannels: 16,
      outChannels: 32,
      kernelSize: 3,
      stride: 2,
      padding: 1,
      seed: 1,
      stream: 1,
      name: '2.',
    }),
    new Activation('relu'),
    new Conv2d(be, {
      inChannels: 32,
      outChannels: 32,
      kernelSize: 3,
      stride: 2,
      padding: 1,
      seed: 1,
      stream: 2,
      name: '4.',
    }),
    new Activation('relu'),
  ]);
  const head = new Linear(be, { inFeatures: 32 * 49, outFeatures: 10, seed: 1, stream: 3, name: '7.' });
  return {
    forward: (x) => head.forward(reshape(body.forward(x), [x.shape[0]!, 32 * 49])),
    parameters: () => [...body.parameters(), ...head.parameters()],
  };
}

/** One timing of the suite. */
export interface NnRow {
  readonly kernel: 'mlp-train-step' | 'conv-train-step';
  /** The batch size. */
  readonly size: number;
  /** The MLP's layer widths, or [1, 28, 28] for the conv net (its input). */
  readonly sizes: readonly number[];
  readonly backend: string;
  readonly stepsPerSecond: number;
  /** Ours: the fraction of a step spent in its gemms (timed alone on the same shapes). */
  readonly gemmFraction?: number;
  /** Ours: the fraction of a step spent in the Adam update (timed alone). */
  readonly optimizerFraction?: number;
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

/** Steps/s of the conv net's training step (Adam, cross-entropy) on a backend. */
async function measureConv(be: Backend, batch: number, minSeconds: number): Promise<number> {
  const rng = new PhiloxRng(4);
  const x = be.tensor(
    Float32Array.from({ length: batch * 784 }, () => rng.nextDouble()),
    [batch, 1, 28, 28],
  ) as Tensor<'float32'>;
  const labels = Array.from({ length: batch }, () => rng.nextInt(10));
  const net = convNet(be);
  const opt = new Adam(net.parameters(), { lr: 1e-3 });
  const step = () => {
    const tape = new Tape(be);
    opt.zeroGrad();
    tape.backward(crossEntropyWithLogits(net.forward(tape.input(x)), labels));
    opt.step();
    tape.dispose();
  };
  const rate = 1 / (await timeCalls(step, () => be.sync(), minSeconds)).secondsPerCall;
  x.dispose();
  opt.dispose();
  for (const p of net.parameters()) p.dispose();
  return rate;
}

/** Steps/s of the training step on a backend, and of its gemms alone. */
async function measure(
  be: Backend,
  sizes: readonly number[],
  batch: number,
  minSeconds: number,
): Promise<{ steps: number; gemms: number; optimizer: number }> {
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
  // the Adam update alone, on the last step's gradients
  const optRate = 1 / (await timeCalls(() => opt.step(), sync, minSeconds)).secondsPerCall;
  for (const t of [x, ...acts]) t.dispose();
  opt.dispose();
  for (const p of net.parameters()) p.dispose();
  return { steps, gemms: gemmRate, optimizer: optRate };
}

/** `bench --suite nn`. */
export const nnBench = defineBenchSuite({
  name: 'nn',
  summary:
    'Training steps/s of an MLP (784-512-512-10, Adam, batch 128, with the gemm share of a step) and a small conv net on 28×28 images, beside PyTorch',
  params: [
    {
      name: 'mlp-sizes',
      kind: 'int-list',
      default: [784, 512, 512, 10],
      min: 1,
      max: 65536,
      help: 'the MLP layer widths',
    },
    { name: 'batch', kind: 'int', default: 128, min: 1, max: 65536, help: 'minibatch size (both workloads)' },
    { name: 'no-conv', kind: 'flag', help: 'time the MLP only' },
  ],
  peers: NN_PEERS,
  defaultPeers: (gpu) => (gpu ? ['torch-cpu', 'torch-1thread', 'torch-cuda'] : ['torch-cpu', 'torch-1thread']),
  async run(ctx, v) {
    const sizes = v['mlp-sizes'];
    const rows: NnRow[] = [];
    const peers: PeerInfo[] = [];
    const skipped: string[] = [];
    if (sizes.length < 2) throw new RangeError('--mlp-sizes: expected at least two widths');
    const conv = !v['no-conv'];
    const total = (ctx.kinds.length + ctx.peers.length) * (conv ? 2 : 1);
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
          optimizerFraction: m.steps / m.optimizer,
        });
        ctx.progress(++done / total, `${kind} mlp`);
        if (conv) {
          const steps = await measureConv(be, v.batch, ctx.minSeconds);
          rows.push({
            kernel: 'conv-train-step',
            size: v.batch,
            sizes: [1, 28, 28],
            backend: kind,
            stepsPerSecond: steps,
          });
          ctx.progress(++done / total, `${kind} conv`);
        }
      } finally {
        be.dispose();
      }
    }
    for (const p of ctx.peers) {
      for (const model of conv ? (['mlp', 'conv'] as const) : (['mlp'] as const)) {
        const r = await ctx.runPeer<{ stepsPerSecond: number }>(p, {
          input: { peer: p, model, sizes, batch: v.batch, minTime: ctx.minSeconds },
        });
        if (model === 'mlp') peers.push(r.info);
        if (r.out)
          rows.push({
            kernel: model === 'mlp' ? 'mlp-train-step' : 'conv-train-step',
            size: v.batch,
            sizes: model === 'mlp' ? sizes : [1, 28, 28],
            backend: p,
            stepsPerSecond: r.out.stepsPerSecond,
          });
        else skipped.push(`${p} (${model}): ${r.info.reason}`);
        ctx.progress(++done / total, `${p} ${model}`);
      }
    }
    const ratios = peerRatios(rows, {
      isOurs: (r) => r.backend === 'cpu' || r.backend === 'webgpu',
      matches: (a, b) => a.kernel === b.kernel && a.size === b.size,
      value: (r) => r.stepsPerSecond,
    });
    return { rows, peers, ratios, skipped };
  },
  format(r: BenchReport<NnRow>) {
    return [
      'workload                         batch  backend         steps/s   share of a step: gemm, Adam, the rest (tape, elementwise, dispatch)',
      ...r.rows.map(
        (row) =>
          `${(row.kernel === 'mlp-train-step' ? `mlp ${row.sizes.join('-')}` : 'conv net on 28×28').padEnd(32)} ${String(row.size).padEnd(6)} ${row.backend.padEnd(15)} ${row.stepsPerSecond.toPrecision(4).padStart(8)}   ${row.gemmFraction === undefined || row.optimizerFraction === undefined ? '' : `${(100 * row.gemmFraction).toFixed(0)}%, ${(100 * row.optimizerFraction).toFixed(0)}%, ${(100 * (1 - row.gemmFraction - row.optimizerFraction)).toFixed(0)}%`}`,
      ),
    ];
  },
  figure(r) {
    return barFigure({
      name: 'bench-nn',
      title: 'Training steps per second',
      caption: `One step = forward, cross-entropy, backward through the tape, an Adam update of every tensor; PyTorch does the same on the same sizes; the conv net is ${CONV_NET}; ${measuredOn(r)}`,
      category: 'workload',
      value: { title: 'steps/s', scale: 'log' },
      bars: r.rows.map((row) => ({
        category: `${row.kernel === 'mlp-train-step' ? `mlp ${row.sizes.join('-')}` : 'conv net'} batch ${row.size}`,
        group: row.backend,
        value: row.stepsPerSecond,
      })),
    });
  },
});
