/**
 * The bench-suite contract: a suite names its own flags and its peers (Python or C files
 * beside it, run by the host's peer runner in the same session), times our code on the
 * backends the host selects, and returns rows, peer descriptions and ours/peer ratios.
 * Suites never spawn processes or touch files; the host does, so a suite's definition is
 * the same wherever it runs. Benchmarks only: no test asserts on time.
 * @module
 */
import type { Backend, BackendKind } from '@replica/webgpu-kernels';
import { checkName, checkUniqueParams } from './experiment';
import type { Figure } from './figures';
import type { ParamSpec, ParamValues } from './params';

/**
 * A peer: the same workload in another implementation (numpy, scikit-learn, PyTorch, a C
 * loop), a file beside the suite.
 * - `python`: run as `python3 FILE JSON` with the system Python; it prints one JSON object
 *   with `detail` (versions, BLAS, threads) or `error` (why it cannot run here). The host puts
 *   its helper module `replica_peer` (timing, BLAS description) on the path.
 * - `c`: compiled once per session with `gcc -O3 -march=native … -lm`, run as `BINARY ARGS…`,
 *   printing one JSON object.
 */
export interface PeerSpec {
  /** The name `--peers` takes, e.g. `numpy-1thread`. */
  readonly name: string;
  readonly language: 'python' | 'c';
  /** The package that holds the file, e.g. `@replica/hopfield`. */
  readonly package: string;
  /** The file, relative to that package's root, e.g. `src/lab/peers/dense.py`. */
  readonly file: string;
  /** Environment the peer runs with (e.g. one BLAS thread). */
  readonly env?: Readonly<Record<string, string>>;
  /** One line for `bench --list`. */
  readonly summary: string;
}

/** What a peer is, as a report states it (a missing peer is reported, never dropped). */
export interface PeerInfo {
  readonly name: string;
  readonly available: boolean;
  /** Library versions, BLAS, threads, device. */
  readonly detail?: string;
  /** Why it is unavailable. */
  readonly reason?: string;
}

/** One call of a peer. */
export interface PeerCall {
  /** Command-line arguments (C peers; after the JSON document for Python peers). */
  readonly args?: readonly string[];
  /**
   * The JSON document a Python peer gets as its first argument. The host adds `files` and
   * `outputs`: the paths of the files below.
   */
  readonly input?: Record<string, unknown>;
  /** Binary inputs the host writes to files for the peer (e.g. the same data ours used). */
  readonly files?: Readonly<Record<string, ArrayBufferView>>;
  /** Names of binary files the peer writes, returned as bytes. */
  readonly outputs?: readonly string[];
}

/** What a peer call returned. */
export interface PeerResult<T> {
  readonly info: PeerInfo;
  /** The JSON the peer printed, when it ran. */
  readonly out?: T;
  /** The files named in {@link PeerCall.outputs}. */
  readonly outputs?: Readonly<Record<string, Uint8Array>>;
}

/** What a running suite is given by its host. */
export interface BenchContext {
  /** The backend kinds to time (from `--backend` and what is available). */
  readonly kinds: readonly BackendKind[];
  /** Creates a backend of one of {@link BenchContext.kinds}; the suite disposes it. */
  createBackend(kind: BackendKind): Promise<Backend>;
  /** The peers to measure (from `--peers`), each one of the suite's {@link BenchSuite.peers}. */
  readonly peers: readonly string[];
  /** Runs a peer of the suite. Never rejects for a missing peer: the info says why. */
  runPeer<T>(name: string, call: PeerCall): Promise<PeerResult<T>>;
  /** Seconds of timing per measurement (`--min-time`). */
  readonly minSeconds: number;
  /** Reports progress: the fraction done in [0, 1] and what is happening. */
  progress(fraction: number, message?: string): void;
  /** The JavaScript engine, for descriptions (e.g. `Node v20.20.2`, or a browser's). */
  readonly runtime: string;
}

/** Fields every timing row has. */
export interface BenchRow {
  readonly kernel: string;
  /** The size of the workload (n, N or D). */
  readonly size: number;
  /** Ours (`cpu`, `cpu-js`, `webgpu`, `js`) or the peer's name. */
  readonly backend: string;
}

/** ours / peer for one configuration and peer. */
export interface BenchRatio {
  readonly kernel: string;
  readonly size: number;
  readonly replicas?: number;
  /** Hidden units (rbm suite). */
  readonly hidden?: number;
  readonly backend: string;
  readonly peer: string;
  readonly ratio: number;
}

/** What a suite's run returns. */
export interface BenchResult<R extends BenchRow = BenchRow> {
  readonly rows: readonly R[];
  /** The peers measured or tried. */
  readonly peers: readonly PeerInfo[];
  readonly ratios: readonly BenchRatio[];
  /** What was skipped and why. */
  readonly skipped: readonly string[];
  /** Replaces the host's list of backends (suites that time plain TypeScript, not a backend). */
  readonly backends?: readonly { readonly name: string; readonly description: string }[];
  /** Suite-specific tables beside the timings (e.g. likelihoods): hosts put each key at the report's top level. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** The machine a report was measured on (the host fills it in). */
export interface BenchMachine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
}

/** A whole report: a suite's result with what the host knows (the suite's `extra` keys at the top level). */
export interface BenchReport<R extends BenchRow = BenchRow> extends Omit<BenchResult<R>, 'extra'> {
  readonly suite: string;
  readonly backends: readonly { readonly name: string; readonly description: string }[];
  readonly machine: BenchMachine;
  readonly [extra: string]: unknown;
}

/** One bench suite of `replica-lab bench --suite NAME`. */
export interface BenchSuite<P extends readonly ParamSpec[] = readonly ParamSpec[], R extends BenchRow = BenchRow> {
  /** The name after `--suite`, kebab-case. */
  readonly name: string;
  /** One line for `bench --list`. */
  readonly summary: string;
  /** Its own flags (beyond the host's --backend, --peers, --min-time, --json, --out). */
  readonly params: P;
  /** Its peers. */
  readonly peers: readonly PeerSpec[];
  /** The peers of `--peers auto` (default: all), given whether a GPU backend is timed. */
  defaultPeers?(gpuTimed: boolean): readonly string[];
  /** False for suites that time plain TypeScript, not a backend. Default true. */
  readonly usesBackends?: boolean;
  /** Times everything. */
  run(ctx: BenchContext, values: ParamValues<P>): Promise<BenchResult<R>>;
  /** The report as terminal lines (the host adds backends, peers, ratios and skips). */
  format(report: BenchReport<R>): string[];
  /** The report as a figure. */
  figure(report: BenchReport<R>): Figure;
}

/**
 * Defines a bench suite; the values `run` receives are typed from `params`.
 * @param suite - the suite
 * @returns the suite
 * @throws TypeError on a bad name, duplicate flags or duplicate peer names
 */
export function defineBenchSuite<const P extends readonly ParamSpec[], R extends BenchRow>(
  suite: BenchSuite<P, R>,
): BenchSuite<P, R> {
  checkName(suite.name, 'bench suite');
  checkUniqueParams(suite.params, `bench suite ${suite.name}`);
  const names = new Set<string>();
  for (const p of suite.peers) {
    if (names.has(p.name)) throw new TypeError(`bench suite ${suite.name}: peer '${p.name}' declared twice`);
    names.add(p.name);
  }
  return suite;
}

/**
 * ours / peer for every row of ours and every matching peer row.
 * @param rows - all timing rows of a run
 * @param o.isOurs - whether a row is ours (else a peer's)
 * @param o.matches - whether a peer row measured the same configuration as ours
 * @param o.value - the rate compared (higher is faster)
 * @returns one ratio per (ours, matching peer) pair, in row order
 */
export function peerRatios<R extends BenchRow & { readonly replicas?: number; readonly hidden?: number }>(
  rows: readonly R[],
  o: {
    readonly isOurs: (row: R) => boolean;
    readonly matches: (ours: R, peer: R) => boolean;
    readonly value: (row: R) => number;
  },
): BenchRatio[] {
  const ratios: BenchRatio[] = [];
  for (const ours of rows.filter(o.isOurs))
    for (const peer of rows)
      if (!o.isOurs(peer) && o.matches(ours, peer))
        ratios.push({
          kernel: ours.kernel,
          size: ours.size,
          ...(ours.replicas !== undefined ? { replicas: ours.replicas } : {}),
          ...(ours.hidden !== undefined ? { hidden: ours.hidden } : {}),
          backend: ours.backend,
          peer: peer.backend,
          ratio: o.value(ours) / o.value(peer),
        });
  return ratios;
}

/**
 * Median seconds per call of `call` followed by `sync`: one warm-up batch, then batches sized
 * to take ≳ 1/5 of `minSeconds`, until `minSeconds` have passed and at least 3 batches ran.
 * @param call - the work (it may enqueue GPU work)
 * @param sync - waits for the work (e.g. `backend.sync()`)
 * @param minSeconds - seconds of timing
 * @returns the median seconds per call and how many calls were timed
 */
export async function timeCalls(
  call: () => void,
  sync: () => Promise<void> | void,
  minSeconds: number,
): Promise<{ readonly secondsPerCall: number; readonly calls: number }> {
  call();
  await sync();
  let perBatch = 1;
  const samples: number[] = [];
  let calls = 0;
  const start = performance.now();
  while (samples.length < 3 || performance.now() - start < minSeconds * 1000) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) call();
    await sync();
    const dt = (performance.now() - t0) / 1000;
    calls += perBatch;
    if (dt < minSeconds / 5 && samples.length === 0 && perBatch < 1 << 20) {
      perBatch *= 2;
      continue;
    }
    samples.push(dt / perBatch);
    if (samples.length > 200) break;
  }
  samples.sort((a, b) => a - b);
  return { secondsPerCall: samples[Math.floor(samples.length / 2)] as number, calls };
}

/**
 * The caption tail every bench figure shares: how it was measured and what each peer is.
 * @param report - the report
 * @returns e.g. `median of repeated batches, measured in one run on 2 × AMD EPYC…. numpy: …`
 */
export function measuredOn(report: Pick<BenchReport, 'machine' | 'peers'>): string {
  return `median of repeated batches, measured in one run on ${report.machine.cpus} × ${report.machine.cpuModel}. ${report.peers.map((p) => `${p.name}: ${p.available ? p.detail : 'unavailable'}`).join('; ')}.`;
}
