/**
 * `replica-lab`: list, run, tour, doctor, bench. Exit codes: 0 success, 1 a
 * failure while running (or a failed kernel check), 2 bad command-line input.
 * @module
 */
import { createRequire } from 'node:module';
import { createBackend } from '@replica/webgpu-kernels';
import type { BenchReport } from './commands/bench';
import { BENCH_PARAMS, benchFigure, formatBench, runBench } from './commands/bench';
import { formatDoctor, runDoctor } from './commands/doctor';
import { runTour, TOUR_PARAMS } from './commands/tour';
import { backendFromFlags, describeBackend, RUN_PARAMS, writeExperimentOutputs } from './common';
import { experiments, findExperiment } from './experiments/registry';
import { renderSvg } from './figures/plot';
import { stderrProgress, writeFileAtomic } from './io';
import { formatParams, parseFlags, UsageError } from './params';

const USAGE = `replica-lab — the statistical mechanics of learning, simulation beside theory

usage:
  replica-lab list                          experiments and their parameters
  replica-lab run <experiment> [--flags]    run one experiment
  replica-lab tour [--out DIR]              doctor + the default experiments + a benchmark, as an HTML report
  replica-lab doctor [--json]               backends, adapter, kernel self-checks
  replica-lab bench [--suite kernels]       GFLOP/s per backend beside numpy/PyTorch
  replica-lab help <command|experiment>

Every experiment takes --seed N, --backend cpu|webgpu|auto, --json (one JSON document
on stdout), --out DIR (figures as SVG); progress goes to stderr. Bad input exits with 2.`;

const DOCTOR_PARAMS = [
  { name: 'json', kind: 'flag', help: 'write exactly one JSON document to stdout' },
  { name: 'quiet', kind: 'flag', help: 'no progress on stderr' },
] as const;

function printJson(doc: unknown): void {
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

function help(topic: string | undefined): string {
  if (topic === undefined) return USAGE;
  const exp = findExperiment(topic);
  if (exp) return `replica-lab run ${exp.name}: ${exp.summary}\n\n${formatParams([...exp.params, ...RUN_PARAMS])}`;
  const table: Record<string, string> = {
    run: `replica-lab run <experiment> [flags]\n\n${formatParams(RUN_PARAMS)}\n\nexperiments: ${experiments.map((e) => e.name).join(', ')}`,
    tour: `replica-lab tour [flags]\n\n${formatParams(TOUR_PARAMS)}`,
    doctor: `replica-lab doctor [flags]\n\n${formatParams(DOCTOR_PARAMS)}`,
    bench: `replica-lab bench [flags]\n\n${formatParams(BENCH_PARAMS)}`,
    list: 'replica-lab list [--json]',
  };
  const text = table[topic];
  if (!text)
    throw new UsageError(
      `help: unknown command or experiment '${topic}'; commands: list, run, tour, doctor, bench; experiments: ${experiments.map((e) => e.name).join(', ')}`,
    );
  return text;
}

async function runCommand(name: string | undefined, rest: string[]): Promise<number> {
  if (name === undefined) throw new UsageError('run: which experiment? (replica-lab list shows them)');
  const exp = findExperiment(name);
  if (!exp)
    throw new UsageError(
      `run: unknown experiment '${name}'; experiments: ${experiments.map((e) => e.name).join(', ')}`,
    );
  const values = parseFlags(rest, [...exp.params, ...RUN_PARAMS], `run ${exp.name}`);
  const progress = stderrProgress(process.stderr, values.quiet === true);
  const backend = exp.usesBackend === false ? await createBackend({ kind: 'cpu' }) : await backendFromFlags(values);
  let result: Awaited<ReturnType<typeof exp.run>>;
  try {
    result = await exp.run({ backend, seed: values.seed as number, progress }, values);
  } finally {
    backend.dispose();
  }
  const json = { experiment: exp.name, backend: describeBackend(backend), seed: values.seed, ...result.json };
  if (values.out) {
    const paths = await writeExperimentOutputs(values.out as string, exp.name, { ...result, json });
    progress.info(`wrote ${paths.join(', ')}`);
  }
  if (values.json) printJson(json);
  else process.stdout.write(`${result.summary.join('\n')}\n`);
  return 0;
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code.
 * Never calls process.exit, so it can be tested in-process.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${help(rest[0])}\n`);
        return 0;
      case '--version': {
        const pkg = createRequire(import.meta.url)('@replica/webgpu-kernels/package.json') as { version: string };
        process.stdout.write(`replica-lab (webgpu-kernels ${pkg.version})\n`);
        return 0;
      }
      case 'list': {
        const v = parseFlags(rest, [DOCTOR_PARAMS[0]], 'list');
        if (v.json) {
          printJson({
            experiments: experiments.map((e) => ({
              name: e.name,
              summary: e.summary,
              tour: e.tour !== undefined,
              params: e.params,
            })),
          });
        } else {
          for (const e of experiments)
            process.stdout.write(`${e.name}${e.tour ? ' (tour)' : ''} — ${e.summary}\n${formatParams(e.params)}\n\n`);
        }
        return 0;
      }
      case 'run':
        if (rest[1] === '--help') {
          process.stdout.write(`${help(rest[0])}\n`);
          return 0;
        }
        return await runCommand(rest[0], rest.slice(1));
      case 'doctor': {
        const v = parseFlags(rest, [...DOCTOR_PARAMS], 'doctor');
        const report = await runDoctor(stderrProgress(process.stderr, v.quiet === true));
        if (v.json) printJson(report);
        else process.stdout.write(`${formatDoctor(report)}\n`);
        return report.ok ? 0 : 1;
      }
      case 'bench': {
        const v = parseFlags(rest, BENCH_PARAMS, 'bench');
        const progress = stderrProgress(process.stderr, v.quiet === true);
        const report: BenchReport = await runBench(v, progress);
        if (v.out) {
          writeFileAtomic(`${v.out}/bench.json`, `${JSON.stringify(report, null, 2)}\n`);
          const f = benchFigure(report);
          writeFileAtomic(`${v.out}/${f.name}.svg`, await renderSvg(f));
        }
        if (v.json) printJson(report);
        else process.stdout.write(`${formatBench(report)}\n`);
        return 0;
      }
      case 'tour': {
        const quiet = rest.includes('--quiet');
        const doc = await runTour(rest, stderrProgress(process.stderr, quiet));
        if (rest.includes('--json')) printJson(doc);
        const doctor = doc.doctor as { ok: boolean };
        return doctor.ok ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown command '${command}'; commands: list, run, tour, doctor, bench, help`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`replica-lab: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`replica-lab: error: ${(e as Error).message}\n`);
    return 1;
  }
}
