/**
 * `bench --suite entropic`: attempted spin flips per second of replicated simulated annealing
 * on a random binary perceptron (plain TypeScript, `js`) beside the same algorithm, instance and
 * Philox streams in C (`peers/rsa.c`, `gcc -O3 -march=native`) in the same run — both end in
 * the same state, which the rows show — and replicated-SGD training steps per second at
 * y = 1, 3, 7 per backend (the replica axis runs the y replicas as one batched gemm per layer).
 * @module
 */
import type { BenchReport, PeerInfo, PeerSpec } from '@replica/lab-kit';
import { barFigure, defineBenchSuite, measuredOn, peerRatios } from '@replica/lab-kit';
import { mlp, Sgd } from '@replica/nn';
import type { Backend } from '@replica/webgpu-kernels';
import { PhiloxRng } from '@replica/webgpu-kernels';
import { replicatedAnnealing } from '../annealing';
import { randomBinaryPerceptron } from '../perceptron';
import { replicatedFit } from '../replicated-sgd';

/** One timing of the entropic suite. */
export interface EntropicRow {
  readonly kernel: 'rsa' | 'rsgd-step';
  /** N (rSA) or the minibatch (rSGD). */
  readonly size: number;
  readonly replicas: number;
  readonly backend: string;
  /** rSA: attempted flips per second over all replicas. */
  readonly flipsPerSecond?: number;
  /** rSA: attempted flips and the lowest energy at the end (the same on both sides). */
  readonly iterations?: number;
  readonly energy?: number;
  /** rSGD: steps per second (each step: y minibatches, one backward pass, the coupling, the optimizer). */
  readonly stepsPerSecond?: number;
  /** rSGD: y × steps/s over (steps/s at y = 1): how many single-network steps one replicated step is worth. */
  readonly replicaSpeedup?: number;
}

/** The C loop: `rsa N P y beta0 beta1 gamma0 gammaRate sweeps instanceSeed runSeed`. */
export const RSA_C_PEER: PeerSpec = {
  name: 'c-gcc',
  language: 'c',
  package: '@replica/entropic-optim',
  file: 'src/lab/peers/rsa.c',
  summary: 'replicated SA with the same instance, moves and Philox numbers in C, gcc -O3 -march=native',
};

const RSA = { beta: 3, gamma0: 0.3, gammaRate: 0.001, instanceSeed: 7, runSeed: 11 } as const;

/** Median flips/s of three timed rSA runs of `sweeps` sweeps (after a warm-up), and the run's end state. */
function timeRsa(n: number, alpha: number, y: number, sweeps: number) {
  const problem = randomBinaryPerceptron({ n, alpha, seed: RSA.instanceSeed });
  const run = () =>
    replicatedAnnealing(problem, {
      betaStart: RSA.beta,
      betaEnd: RSA.beta,
      sweeps,
      seed: RSA.runSeed,
      replicas: y,
      gammaStart: RSA.gamma0,
      gammaRate: RSA.gammaRate,
    });
  run();
  const rates: number[] = [];
  let last = run();
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    last = run();
    rates.push(last.iterations / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, b) => a - b);
  return { p: problem.p, flipsPerSecond: rates[1]!, iterations: last.iterations, energy: last.energy };
}

/** Steps/s of replicatedFit on synthetic rows (20 minibatches an epoch), epochs repeated for ≳ minSeconds. */
async function timeRsgd(be: Backend, sizes: readonly number[], batch: number, y: number, minSeconds: number) {
  const rng = new PhiloxRng(3);
  const rows = 20 * batch;
  const features = sizes[0]!;
  const classes = sizes.at(-1)!;
  const x = Float32Array.from({ length: rows * features }, () => rng.nextFloat());
  const labels = Array.from({ length: rows }, () => rng.nextInt(classes));
  const model = mlp(be, { sizes, seed: 1, replicas: y });
  const optimizer = new Sgd(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const epoch = () =>
    replicatedFit(be, {
      model,
      replicas: y,
      optimizer,
      coupling: { gamma0: 0.1 },
      train: { x, labels },
      features,
      classes,
      epochs: 1,
      batchSize: batch,
      seed: 1,
    });
  await epoch();
  let steps = 0;
  const t0 = performance.now();
  while (steps === 0 || (performance.now() - t0) / 1000 < minSeconds) {
    await epoch();
    steps += 20;
  }
  optimizer.dispose();
  for (const p of model.parameters()) p.dispose();
  return steps / ((performance.now() - t0) / 1000);
}

/** `bench --suite entropic`. */
export const entropicBench = defineBenchSuite({
  name: 'entropic',
  summary:
    'Replicated SA flips/s on the binary perceptron beside the same loop in C; replicated-SGD steps/s at y = 1, 3, 7',
  params: [
    { name: 'rsa-n', kind: 'int', default: 801, min: 3, max: 100_001, help: 'rSA: N (odd)' },
    {
      name: 'rsa-alpha',
      kind: 'number',
      default: 0.7,
      min: 0.01,
      max: 2,
      help: 'rSA: the load α (unsolved within the sweeps: a fixed amount of work)',
    },
    { name: 'rsa-replicas', kind: 'int-list', default: [1, 7], min: 1, max: 1024, help: 'rSA: replica counts y' },
    { name: 'rsa-sweeps', kind: 'int', default: 20, min: 1, max: 1_000_000, help: 'rSA: sweeps per timed run' },
    {
      name: 'rsgd-sizes',
      kind: 'int-list',
      default: [784, 256, 10],
      min: 1,
      max: 65536,
      help: 'rSGD: the MLP layer widths',
    },
    { name: 'rsgd-replicas', kind: 'int-list', default: [1, 3, 7], min: 1, max: 1024, help: 'rSGD: replica counts y' },
    { name: 'batch', kind: 'int', default: 100, min: 1, max: 65536, help: 'rSGD: minibatch per replica' },
    { name: 'no-rsgd', kind: 'flag', help: 'time rSA only' },
  ],
  peers: [RSA_C_PEER],
  async run(ctx, v) {
    if (v['rsa-n'] % 2 === 0) throw new RangeError(`--rsa-n: must be odd, got ${v['rsa-n']}`);
    if (v['rsgd-sizes'].length < 2) throw new RangeError('--rsgd-sizes: expected at least two widths');
    const rows: EntropicRow[] = [];
    const peers: PeerInfo[] = [];
    const skipped: string[] = [];
    const withC = ctx.peers.includes('c-gcc');
    const rsgd = v['no-rsgd'] ? [] : v['rsgd-replicas'];
    const total = v['rsa-replicas'].length * (withC ? 2 : 1) + ctx.kinds.length * rsgd.length;
    let done = 0;
    const n = v['rsa-n'];
    let peer: PeerInfo | null = withC
      ? { name: 'c-gcc', available: true, detail: `${RSA_C_PEER.file}, ${RSA_C_PEER.summary}` }
      : null;
    for (const y of v['rsa-replicas']) {
      const t = timeRsa(n, v['rsa-alpha'], y, v['rsa-sweeps']);
      rows.push({
        kernel: 'rsa',
        size: n,
        replicas: y,
        backend: 'js',
        flipsPerSecond: t.flipsPerSecond,
        iterations: t.iterations,
        energy: t.energy,
      });
      ctx.progress(++done / total, `rSA js N = ${n} y = ${y}`);
      if (withC && peer?.available) {
        const r = await ctx.runPeer<{ flipsPerSecond: number; iterations: number; energy: number }>('c-gcc', {
          args: [
            n,
            t.p,
            y,
            RSA.beta,
            RSA.beta,
            RSA.gamma0,
            RSA.gammaRate,
            v['rsa-sweeps'],
            RSA.instanceSeed,
            RSA.runSeed,
          ].map(String),
        });
        if (!r.out) {
          skipped.push(`c-gcc: ${r.info.reason}`);
          peer = r.info;
        } else
          rows.push({
            kernel: 'rsa',
            size: n,
            replicas: y,
            backend: 'c-gcc',
            flipsPerSecond: r.out.flipsPerSecond,
            iterations: r.out.iterations,
            energy: r.out.energy,
          });
        ctx.progress(++done / total, `rSA c-gcc N = ${n} y = ${y}`);
      }
    }
    if (peer) peers.push(peer);
    for (const kind of ctx.kinds) {
      if (rsgd.length === 0) break;
      const be = await ctx.createBackend(kind);
      try {
        let single = 0;
        for (const y of rsgd) {
          const sps = await timeRsgd(be, v['rsgd-sizes'], v.batch, y, ctx.minSeconds);
          if (y === 1) single = sps;
          rows.push({
            kernel: 'rsgd-step',
            size: v.batch,
            replicas: y,
            backend: kind,
            stepsPerSecond: sps,
            ...(single > 0 ? { replicaSpeedup: (y * sps) / single } : {}),
          });
          ctx.progress(++done / total, `rSGD ${kind} y = ${y}`);
        }
      } finally {
        be.dispose();
      }
    }
    const ratios = peerRatios(rows, {
      isOurs: (r) => r.backend !== 'c-gcc',
      matches: (a, b) => a.kernel === b.kernel && a.size === b.size && a.replicas === b.replicas,
      value: (r) => r.flipsPerSecond ?? r.stepsPerSecond ?? Number.NaN,
    });
    return { rows, peers, ratios, skipped };
  },
  format(r: BenchReport<EntropicRow>) {
    return [
      'workload                      y    backend   rate                 end state / y·rate over y = 1',
      ...r.rows.map((row) =>
        row.kernel === 'rsa'
          ? `rSA N = ${String(row.size).padEnd(18)} ${String(row.replicas).padEnd(4)} ${row.backend.padEnd(9)} ${row.flipsPerSecond!.toExponential(3).padEnd(9)} flips/s    ${row.iterations} flips, E = ${row.energy}`
          : `rSGD step, batch ${String(row.size).padEnd(12)} ${String(row.replicas).padEnd(4)} ${row.backend.padEnd(9)} ${row.stepsPerSecond!.toPrecision(4).padEnd(9)} steps/s    ${row.replicaSpeedup === undefined ? '' : `${row.replicaSpeedup.toFixed(2)}×`}`,
      ),
    ];
  },
  figure(r) {
    return barFigure({
      name: 'bench-entropic',
      title: 'Replicated SA flips/s and replicated-SGD steps/s',
      caption: `rSA on a random binary perceptron (β = ${RSA.beta}, γ₀ = ${RSA.gamma0}), attempted flips/s over all replicas, beside the same loop in C; rSGD: y·(steps/s), single-network steps' worth per second; ${measuredOn(r)}`,
      category: 'workload',
      value: { title: 'flips/s or replica-steps/s', scale: 'log' },
      bars: r.rows.map((row) => ({
        category: row.kernel === 'rsa' ? `rSA N=${row.size} y=${row.replicas}` : `rSGD y=${row.replicas}`,
        group: row.backend,
        value: row.kernel === 'rsa' ? row.flipsPerSecond! : row.replicas * row.stepsPerSecond!,
      })),
    });
  },
});
