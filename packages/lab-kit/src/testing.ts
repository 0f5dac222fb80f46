/**
 * `@replica/lab-kit/testing` — an in-memory host for tests: runs an experiment or a bench
 * suite in-process from argv, with inputs from a map, artifacts and progress collected,
 * and seeds derived exactly as the CLI derives them (webgpu-kernels' `deriveSeed`), so a
 * test sees the numbers `replica-lab run` prints.
 * @module
 */
import type { Backend } from '@replica/webgpu-kernels';
import { createBackend, deriveSeed } from '@replica/webgpu-kernels';
import type { BenchContext, BenchReport, BenchRow, BenchSuite } from './bench';
import type { Experiment, ExperimentResult, RunContext } from './experiment';
import type { ParamSpec } from './params';
import { parseFlags } from './params';

/** Options of {@link runExperiment}. */
export interface InProcessOptions {
  /** The backend (default: a CPU backend created and disposed for the run). */
  readonly backend?: Backend;
  /** The run's seed (default 1, as the CLI's --seed). */
  readonly seed?: number;
  /** Inputs by name, as `readInput` sees them (strings are UTF-8 encoded). */
  readonly inputs?: Readonly<Record<string, string | Uint8Array>>;
  /** Aborts the run. */
  readonly signal?: AbortSignal;
}

/** What an in-process run produced. */
export interface InProcessRun {
  readonly result: ExperimentResult;
  /** Artifacts the experiment wrote, by name. */
  readonly artifacts: ReadonlyMap<string, string | Uint8Array>;
  /** Every progress report, in order. */
  readonly progress: readonly { readonly fraction: number; readonly message?: string }[];
}

/**
 * A {@link RunContext} over memory.
 * @param backend - the backend
 * @param options - seed, inputs and signal
 * @returns the context and what it collects
 */
export function memoryContext(
  backend: Backend,
  options: Omit<InProcessOptions, 'backend'> = {},
): { ctx: RunContext; artifacts: Map<string, string | Uint8Array>; progress: InProcessRun['progress'][number][] } {
  const seed = options.seed ?? 1;
  const artifacts = new Map<string, string | Uint8Array>();
  const progress: { fraction: number; message?: string }[] = [];
  const encoder = new TextEncoder();
  const ctx: RunContext = {
    backend,
    seed,
    seedFor: (...parts) => deriveSeed(seed, ...parts),
    progress(fraction, message) {
      progress.push(message === undefined ? { fraction } : { fraction, message });
    },
    signal: options.signal ?? new AbortController().signal,
    async readInput(name) {
      const v = options.inputs?.[name];
      if (v === undefined) throw new Error('no such file');
      return typeof v === 'string' ? encoder.encode(v) : v;
    },
    async writeArtifact(name, data) {
      artifacts.set(name, data);
    },
    async writeArtifactSet(dir, files) {
      for (const f of files) artifacts.set(`${dir}/${f.name}`, f.data);
    },
  };
  return { ctx, artifacts, progress };
}

/**
 * Runs an experiment in-process from the flags a user would type (its own flags only).
 * @param experiment - the experiment
 * @param argv - its flags, e.g. `['--n', '200', '--trials', '2']`
 * @param options - backend, seed, inputs, signal
 * @returns the result, artifacts and progress reports
 * @throws UsageError for bad flags, as the CLI would report them
 */
export async function runExperiment<P extends readonly ParamSpec[]>(
  experiment: Experiment<P>,
  argv: readonly string[] = [],
  options: InProcessOptions = {},
): Promise<InProcessRun> {
  const values = parseFlags(argv, experiment.params, `run ${experiment.name}`);
  const backend = options.backend ?? (await createBackend({ kind: 'cpu' }));
  try {
    const { ctx, artifacts, progress } = memoryContext(backend, options);
    const result = await experiment.run(ctx, values);
    return { result, artifacts, progress };
  } finally {
    if (!options.backend) backend.dispose();
  }
}

/**
 * Runs a bench suite in-process on the CPU backend, without peers (tests check the rows and
 * the formatting, never the times).
 * @param suite - the suite
 * @param argv - its own flags
 * @param options.minSeconds - seconds per measurement (default 0.01)
 * @returns the report
 */
export async function runBenchSuite<P extends readonly ParamSpec[], R extends BenchRow>(
  suite: BenchSuite<P, R>,
  argv: readonly string[] = [],
  options: { readonly minSeconds?: number } = {},
): Promise<BenchReport<R>> {
  const values = parseFlags(argv, suite.params, `bench --suite ${suite.name}`);
  const ctx: BenchContext = {
    kinds: ['cpu'],
    createBackend: (kind) => createBackend({ kind }),
    peers: [],
    runPeer: async (name) => ({ info: { name, available: false, reason: 'no peers in-process' } }),
    minSeconds: options.minSeconds ?? 0.01,
    progress: () => {},
    runtime: 'in-process test',
  };
  const { extra, ...r } = await suite.run(ctx, values);
  return {
    suite: suite.name,
    ...r,
    ...extra,
    backends: r.backends ?? [{ name: 'cpu', description: 'cpu' }],
    machine: { cpus: 1, cpuModel: 'test', node: 'test' },
  };
}
