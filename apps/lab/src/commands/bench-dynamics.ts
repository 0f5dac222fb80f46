/**
 * `bench --suite dynamics`: sequential Glauber sweeps per second of the
 * spin-core engines — dense SK couplings at β = 0.5 and the pattern form —
 * per backend and replica count (the CPU both with its WebAssembly SIMD loops, `cpu`,
 * and with plain JS, `cpu-js`), beside the same algorithm in C
 * (`gcc -O3 -march=native`) measured in the same run.
 * @module
 */

import type { IsingModel, RunOptions } from '@replica/spin-core';
import {
  createSimulation,
  isingModel,
  patternCouplings,
  randomSpins,
  sherringtonKirkpatrick,
} from '@replica/spin-core';
import type { Backend } from '@replica/webgpu-kernels';
import { createBackend } from '@replica/webgpu-kernels';
import { runCPeer } from '../bench/c-peer';
import type { Progress } from '../io';

/** One timing of the dynamics suite. */
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

/** What to time. */
export interface DynamicsPlan {
  readonly sizes: readonly number[];
  readonly replicas: readonly number[];
  readonly patternSize: number;
  readonly patterns: number;
  readonly beta: number;
  readonly minSeconds: number;
}

/**
 * Median sweeps/s of one simulation over three timed batches, after growing the batch to
 * about a third of `minSeconds`.
 */
export async function timeSweeps(
  be: Backend,
  model: IsingModel,
  R: number,
  dynamics: Pick<RunOptions, 'dynamics' | 'order' | 'beta'>,
  minSeconds: number,
  simd: boolean,
  initial?: Int8Array,
): Promise<number> {
  const sim = await createSimulation(be, model, { replicas: R, seed: 1, simd, ...(initial ? { initial } : {}) });
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

/** Times every configuration on each backend kind and in C. */
export async function runDynamicsBench(
  plan: DynamicsPlan,
  kinds: readonly ('cpu' | 'webgpu')[],
  allowSoftware: boolean,
  withC: boolean,
  progress: Progress,
): Promise<{ rows: DynamicsRow[]; skipped: string[] }> {
  const configs: { kernel: DynamicsRow['kernel']; n: number; k: number; model: IsingModel }[] = [
    ...plan.sizes.map((n) => ({
      kernel: 'glauber-dense' as const,
      n,
      k: 0,
      model: isingModel(sherringtonKirkpatrick(n, { seed: 1 })),
    })),
    {
      kernel: 'glauber-pattern' as const,
      n: plan.patternSize,
      k: plan.patterns,
      model: isingModel(
        patternCouplings(randomSpins(plan.patternSize, plan.patterns, 1), plan.patterns, plan.patternSize),
      ),
    },
  ];
  const rows: DynamicsRow[] = [];
  const skipped: string[] = [];
  progress.start('bench: dynamics', configs.length * plan.replicas.length * (kinds.length + (withC ? 1 : 0)));
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
  for (const kind of kinds) {
    const be = await createBackend({ kind, allowSoftware });
    try {
      for (const c of configs)
        for (const R of plan.replicas) {
          push(c, R, kind, await timeSweeps(be, c.model, R, { beta: plan.beta }, plan.minSeconds, true));
          // the CPU engine's plain-JS loops too, to show what WebAssembly SIMD buys
          if (kind === 'cpu')
            push(c, R, 'cpu-js', await timeSweeps(be, c.model, R, { beta: plan.beta }, plan.minSeconds, false));
          progress.update(++step);
        }
    } finally {
      be.dispose();
    }
  }
  if (withC) {
    peer: for (const c of configs)
      for (const R of plan.replicas) {
        const r = runCPeer(c.kernel === 'glauber-dense' ? 'dense' : 'pattern', c.n, c.k, R, plan.beta, plan.minSeconds);
        if ('error' in r) {
          skipped.push(`c-gcc: ${r.error}`);
          break peer;
        }
        push(c, R, 'c-gcc', r.sweepsPerSecond);
        progress.update(++step);
      }
  }
  progress.end(`${rows.length} timings`);
  return { rows, skipped };
}
