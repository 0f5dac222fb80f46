/**
 * `bench`: runs one bench suite of a plugin — its own flags and no other suite's — on the
 * backends the host selects, with the suite's peers run by the peer runner in the same
 * session, and assembles the report (backends, machine, ratios) every suite shares.
 * @module
 */
import { cpus } from 'node:os';
import type { AnyParamValues, BenchReport, BenchSuite, ParamSpec, PeerCall } from '@replica/lab-kit';
import { defineParams, formatParams, parseFlags, UsageError } from '@replica/lab-kit';
import type { BackendKind } from '@replica/webgpu-kernels';
import { createBackend, probeWebGPU } from '@replica/webgpu-kernels';
import { benchSuites, providerOf } from '../plugins';
import { describeBackend, OUTPUT_PARAMS } from './context';
import type { Reporter } from './io';
import { runPeer } from './peers';

/** The host's flags of `bench`, whatever the suite. */
export const BENCH_HOST_PARAMS = defineParams([
  {
    name: 'suite',
    kind: 'enum',
    values: benchSuites.map((s) => s.name),
    default: 'kernels',
    help: 'the suite to run (bench --list shows them)',
  },
  { name: 'list', kind: 'flag', help: 'list the suites, their flags and peers, and exit' },
  {
    name: 'peers',
    kind: 'string',
    default: 'auto',
    help: "peers measured in the same run: auto (the suite's default), none, or a comma list of the suite's peers",
  },
  { name: 'min-time', kind: 'number', default: 0.5, min: 0.01, max: 60, help: 'seconds of timing per measurement' },
  ...OUTPUT_PARAMS,
  { name: 'out', kind: 'path', role: 'output-dir', help: 'directory that receives bench.json and a figure' },
]);

/** --backend and --allow-software of suites that time a backend. */
export const BENCH_BACKEND_PARAMS = defineParams([
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
]);

/** The suite called `name`. */
export function findSuite(name: string): BenchSuite {
  const s = benchSuites.find((x) => x.name === name);
  if (!s) throw new UsageError(`--suite: expected one of ${benchSuites.map((x) => x.name).join('|')}, got '${name}'`);
  return s;
}

/** The suite argv names (default kernels), read before the full parse. */
export function suiteOf(argv: readonly string[]): BenchSuite {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--suite') return findSuite(argv[i + 1] ?? '');
    if (a.startsWith('--suite=')) return findSuite(a.slice('--suite='.length));
  }
  return findSuite('kernels');
}

/** Every flag `bench --suite <suite>` accepts. */
export function benchFlags(suite: BenchSuite): readonly ParamSpec[] {
  return [...BENCH_HOST_PARAMS, ...(suite.usesBackends === false ? [] : BENCH_BACKEND_PARAMS), ...suite.params];
}

/** Parsed `bench` flags: the host's and the suite's. */
export interface BenchArgs {
  readonly suite: BenchSuite;
  readonly values: AnyParamValues;
}

/**
 * Parses `bench` argv: the suite's own flags only; another suite's flag is refused naming the suite that owns it.
 * @throws UsageError
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const suite = suiteOf(argv);
  const values = parseFlags(argv, benchFlags(suite), `bench --suite ${suite.name}`, {
    unknown: (name) => {
      const owners = benchSuites.filter((s) => s !== suite && s.params.some((p) => p.name === name));
      if (owners.length > 0)
        return `a flag of the ${owners.map((s) => s.name).join(', ')} suite${owners.length > 1 ? 's' : ''}, not of ${suite.name} (bench --suite ${suite.name} --help lists its flags)`;
      if (suite.usesBackends === false && BENCH_BACKEND_PARAMS.some((p) => p.name === name))
        return `not a flag of the ${suite.name} suite: it times TypeScript on one thread, not a compute backend`;
      return undefined;
    },
  }) as AnyParamValues;
  return { suite, values };
}

/** The peers `--peers` selects for a suite. @throws UsageError naming a peer the suite does not have */
export function selectPeers(suite: BenchSuite, text: string, gpuTimed: boolean): string[] {
  const all = suite.peers.map((p) => p.name);
  if (text === 'none') return [];
  if (text === 'auto') return [...(suite.defaultPeers?.(gpuTimed) ?? all)];
  const names = text.split(',').map((x) => x.trim());
  for (const n of names)
    if (!all.includes(n))
      throw new UsageError(
        `--peers: the ${suite.name} suite takes auto, none or a comma list of ${all.join(', ')}, got '${n}'`,
      );
  return names;
}

/** Which backends to time, and why others are skipped. */
async function backendKinds(which: string, allowSoftware: boolean, skipped: string[]): Promise<BackendKind[]> {
  const kinds: BackendKind[] = [];
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

/** Runs a parsed `bench` and returns its report. */
export async function runBench(args: BenchArgs, reporter: Reporter): Promise<BenchReport> {
  const { suite, values } = args;
  const usesBackends = suite.usesBackends !== false;
  const allowSoftware = values['allow-software'] === true;
  const skipped: string[] = [];
  const kinds = usesBackends ? await backendKinds(values.backend as string, allowSoftware, skipped) : [];
  const peers = selectPeers(suite, values.peers as string, kinds.includes('webgpu'));
  const backends: { name: string; description: string }[] = [];
  for (const kind of kinds) {
    const be = await createBackend({ kind, allowSoftware });
    backends.push({ name: kind, description: describeBackend(be) });
    be.dispose();
  }
  const task = reporter.task(`bench: ${suite.name}`);
  const byName = new Map(suite.peers.map((p) => [p.name, p]));
  const suiteValues = Object.fromEntries(suite.params.map((p) => [p.name, values[p.name]]));
  const r = await suite.run(
    {
      kinds,
      createBackend: (kind) => createBackend({ kind, allowSoftware }),
      peers,
      runPeer: async <T>(name: string, call: PeerCall) => {
        const spec = byName.get(name);
        if (!spec) throw new Error(`suite ${suite.name} has no peer '${name}'`);
        return runPeer<T>(spec, call);
      },
      minSeconds: values['min-time'] as number,
      progress: task.progress,
      runtime: `Node ${process.version}`,
    },
    suiteValues as never,
  );
  task.end(`${r.rows.length} timings`);
  const { extra, ...rest } = r;
  return {
    suite: suite.name,
    rows: rest.rows,
    backends: rest.backends ?? backends,
    peers: rest.peers,
    ratios: rest.ratios,
    ...extra,
    skipped: [...skipped, ...rest.skipped],
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
  } as BenchReport;
}

/** The report as terminal text: the suite's table, then backends, peers, ratios and skips. */
export function formatBench(suite: BenchSuite, r: BenchReport): string {
  const lines = [...suite.format(r as never), ''];
  for (const b of r.backends) lines.push(`${b.name}: ${b.description}`);
  for (const p of r.peers) lines.push(`${p.name}: ${p.available ? p.detail : `unavailable (${p.reason})`}`);
  for (const q of r.ratios)
    lines.push(
      `ratio ${q.backend}/${q.peer} ${q.kernel} N=${q.size}${q.hidden !== undefined ? ` hidden=${q.hidden}` : ''}${q.replicas !== undefined ? ` R=${q.replicas}` : ''}: ${q.ratio.toFixed(3)}`,
    );
  for (const s of r.skipped) lines.push(`skipped ${s}`);
  return lines.join('\n');
}

/** `bench --list`: every suite with its package, summary, flags and peers. */
export function formatSuiteList(): string {
  return benchSuites
    .map(
      (s) =>
        `${s.name} (${providerOf(s)}) — ${s.summary}\n${formatParams(s.params)}\n  peers: ${s.peers.map((p) => `${p.name} (${p.summary})`).join('; ') || 'none'}`,
    )
    .join('\n\n');
}

/** `bench [--suite X] --help`. */
export function benchUsage(suite: BenchSuite | null): string {
  const head = 'replica-lab bench [--suite NAME] [flags]';
  if (!suite)
    return `${head}\n\n${formatParams(BENCH_HOST_PARAMS)}\n${formatParams(BENCH_BACKEND_PARAMS)}\n\nsuites (each takes its own flags too; bench --suite NAME --help):\n${benchSuites.map((s) => `  ${s.name.padEnd(16)} ${s.summary}`).join('\n')}`;
  return `replica-lab bench --suite ${suite.name}: ${suite.summary} (${providerOf(suite)})\n\n${formatParams(benchFlags(suite).filter((p) => p.name !== 'suite'))}\n  peers: ${suite.peers.map((p) => p.name).join(', ') || 'none'}`;
}
