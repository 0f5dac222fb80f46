/**
 * `bench --suite dynamics`: sequential Glauber sweeps per second of the spin-core engines —
 * dense SK couplings and the pattern form — per backend and replica count (the CPU both with
 * its WebAssembly SIMD loops, `cpu`, and with plain JS, `cpu-js`), beside the same algorithm
 * and random numbers in C (`peers/glauber.c`, `gcc -O3 -march=native`) in the same run.
 * @module
 */
import type { BenchReport, PeerSpec } from '@replica/lab-kit';
import { barFigure, defineBenchSuite, measuredOn, peerRatios } from '@replica/lab-kit';
import type { Backend } from '@replica/webgpu-kernels';
import type { IsingModel, RunOptions } from '../index';
import { createSimulation, isingModel, patternCouplings, randomSpins, sherringtonKirkpatrick } from '../index';

/** One timing of the dynamics suite (also the capacity rows of the hopfield suite). */
export interface DynamicsRow {
  readonly kernel: 'glauber-dense' | 'glauber-pattern' | 'zero-temperature-pattern';
  readonly size: number;
  readonly replicas: number;
  /** K for the pattern form. */
  readonly patterns?: number;
  readonly backend: string;
  /** Sweeps of all replicas per second. */
  readonly sweepsPerSecond: number;
  /** sweepsPerSecond × N × R. */
  readonly spinUpdatesPerSecond: number;
}

/** The C loop: `glauber dense|pattern|pattern-zero N K R beta min_seconds` → {sweepsPerSecond, energyPerSpin}. */
export const GLAUBER_C_PEER: PeerSpec = {
  name: 'c-gcc',
  language: 'c',
  package: '@replica/spin-core',
  file: 'src/lab/peers/glauber.c',
  summary: 'the same sweeps and Philox numbers in C, gcc -O3 -march=native',
};

/**
 * Median sweeps/s of one simulation over three timed batches, after growing the batch to
 * about a third of `minSeconds`.
 * @param be - the backend
 * @param model - couplings and fields
 * @param R - replicas
 * @param dynamics - the dynamics, update order and β of every sweep
 * @param minSeconds - seconds of timing
 * @param simd - whether the CPU engine may use its WebAssembly SIMD loops
 * @returns sweeps of all replicas per second
 */
export async function timeSweeps(
  be: Backend,
  model: IsingModel,
  R: number,
  dynamics: Pick<RunOptions, 'dynamics' | 'order' | 'beta'>,
  minSeconds: number,
  simd: boolean,
): Promise<number> {
  const sim = await createSimulation(be, model, { replicas: R, seed: 1, simd });
  const quiet = { energy: false, magnetization: false } as const;
  const run = (sweeps: number) => sim.run({ ...dynamics, sweeps, record: quiet });
  try {
    await run(1);
    let S = 1;
    for (;;) {
      const t0 = performance.now();
      await run(S);
      const dt = (performance.now() - t0) / 1000;
      if (dt >= minSeconds / 3 || S >= 1 << 20) break;
      S = Math.min(1 << 20, Math.max(S * 2, Math.ceil((S * minSeconds) / 3 / Math.max(dt, 1e-6))));
    }
    const rates: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      await run(S);
      rates.push(S / ((performance.now() - t0) / 1000));
    }
    rates.sort((a, b) => a - b);
    return rates[1]!;
  } finally {
    sim.dispose();
  }
}

/** The terminal line of a sweep timing. */
export function formatSweepRow(row: DynamicsRow): string {
  return `${row.kernel.padEnd(25)} ${String(row.size).padEnd(6)} ${String(row.replicas).padEnd(4)} ${row.backend.padEnd(9)} ${row.sweepsPerSecond.toPrecision(4).padEnd(12)} ${row.spinUpdatesPerSecond.toExponential(2)}`;
}

/** `bench --suite dynamics`. */
export const dynamicsBench = defineBenchSuite({
  name: 'dynamics',
  summary: 'Glauber sweeps/s of dense SK and the pattern form per backend beside the same loop in C',
  params: [
    {
      name: 'sizes',
      kind: 'int-list',
      default: [1024, 2048, 4096],
      min: 1,
      max: 16384,
      help: 'dense SK sizes N',
    },
    { name: 'replicas', kind: 'int-list', default: [1, 64], min: 1, max: 4096, help: 'replica counts R' },
    { name: 'patterns', kind: 'int', default: 64, min: 1, max: 4096, help: 'K of the pattern-form case' },
    { name: 'pattern-size', kind: 'int', default: 4096, min: 2, max: 1048576, help: 'N of the pattern-form case' },
    { name: 'beta', kind: 'number', default: 0.5, min: 0, max: 100, help: 'inverse temperature β' },
  ],
  peers: [GLAUBER_C_PEER],
  async run(ctx, v) {
    const configs: { kernel: DynamicsRow['kernel']; n: number; k: number; model: IsingModel }[] = [
      ...v.sizes.map((n) => ({
        kernel: 'glauber-dense' as const,
        n,
        k: 0,
        model: isingModel(sherringtonKirkpatrick(n, { seed: 1 })),
      })),
      {
        kernel: 'glauber-pattern' as const,
        n: v['pattern-size'],
        k: v.patterns,
        model: isingModel(
          patternCouplings(randomSpins(v['pattern-size'], v.patterns, 1), v.patterns, v['pattern-size']),
        ),
      },
    ];
    const withC = ctx.peers.includes('c-gcc');
    const rows: DynamicsRow[] = [];
    const skipped: string[] = [];
    const total = configs.length * v.replicas.length * (ctx.kinds.length + (withC ? 1 : 0));
    let step = 0;
    const push = (c: (typeof configs)[number], R: number, backend: string, sps: number) =>
      rows.push({
        kernel: c.kernel,
        size: c.n,
        replicas: R,
        ...(c.k ? { patterns: c.k } : {}),
        backend,
        sweepsPerSecond: sps,
        spinUpdatesPerSecond: sps * c.n * R,
      });
    for (const kind of ctx.kinds) {
      const be = await ctx.createBackend(kind);
      try {
        for (const c of configs)
          for (const R of v.replicas) {
            push(c, R, kind, await timeSweeps(be, c.model, R, { beta: v.beta }, ctx.minSeconds, true));
            // the CPU engine's plain-JS loops too, to show what WebAssembly SIMD buys
            if (kind === 'cpu')
              push(c, R, 'cpu-js', await timeSweeps(be, c.model, R, { beta: v.beta }, ctx.minSeconds, false));
            ctx.progress(++step / total, `${kind} ${c.kernel} N = ${c.n} R = ${R}`);
          }
      } finally {
        be.dispose();
      }
    }
    let peer = null;
    if (withC) {
      peer = { name: 'c-gcc', available: true, detail: `${GLAUBER_C_PEER.file}, ${GLAUBER_C_PEER.summary}` };
      c: for (const c of configs)
        for (const R of v.replicas) {
          const mode = c.kernel === 'glauber-dense' ? 'dense' : 'pattern';
          const r = await ctx.runPeer<{ sweepsPerSecond: number }>('c-gcc', {
            args: [mode, c.n, c.k, R, v.beta, ctx.minSeconds].map(String),
          });
          if (!r.out) {
            skipped.push(`c-gcc: ${r.info.reason}`);
            peer = r.info;
            break c;
          }
          push(c, R, 'c-gcc', r.out.sweepsPerSecond);
          ctx.progress(++step / total, `c-gcc ${c.kernel} N = ${c.n} R = ${R}`);
        }
    }
    const ratios = peerRatios(rows, {
      isOurs: (r) => r.backend !== 'c-gcc',
      matches: (a, b) => a.kernel === b.kernel && a.size === b.size && a.replicas === b.replicas,
      value: (r) => r.sweepsPerSecond,
    });
    return { rows, peers: peer ? [peer] : [], ratios, skipped };
  },
  format(r: BenchReport<DynamicsRow>) {
    return [
      'kernel                    N      R    backend   sweeps/s     spin updates/s',
      ...r.rows.map(formatSweepRow),
    ];
  },
  figure(r) {
    return barFigure({
      name: 'bench-dynamics',
      title: 'Glauber dynamics: spin updates per second',
      caption: `Sequential Glauber sweeps (dense SK, and the pattern form); spin updates/s = sweeps/s × N × R, ${measuredOn(r)}`,
      category: 'configuration',
      value: { title: 'spin updates / s', scale: 'log' },
      bars: r.rows.map((row) => ({
        category: `${row.kernel === 'glauber-dense' ? 'SK' : `K=${row.patterns}`} N=${row.size} R=${row.replicas}`,
        group: row.backend,
        value: row.spinUpdatesPerSecond,
      })),
    });
  },
});
