/**
 * `replica-lab`: list, run, tour, doctor, bench, help. Exit codes: 0 success (and --help),
 * 1 a failure while running (or a failed kernel check), 2 bad input.
 * @module
 */
import { createRequire } from 'node:module';
import type { AnyParamValues, Experiment } from '@replica/lab-kit';
import { defineParams, formatParams, parseFlags, UsageError } from '@replica/lab-kit';
import { benchFlags, benchUsage, formatBench, formatSuiteList, parseBenchArgs, runBench, suiteOf } from './host/bench';
import {
  backendFor,
  checkOutputPaths,
  cliRunContext,
  describeBackend,
  RUN_PARAMS,
  writeExperimentOutputs,
} from './host/context';
import { formatDoctor, runDoctor } from './host/doctor';
import { streamReporter, writeOutputSet } from './host/io';
import { renderFigure } from './host/render';
import { runTour, TOUR_PARAMS } from './host/tour';
import { experiments, findExperiment, providerOf } from './plugins';
import { sweepCommand, sweepUsage } from './sweep/command';

const USAGE = `replica-lab — the statistical mechanics of learning, simulation beside theory

usage:
  replica-lab list [--json]                 experiments and their parameters
  replica-lab run <experiment> [--flags]    run one experiment
  replica-lab tour [--out DIR]              doctor + the default experiments + a benchmark, as an HTML report
  replica-lab doctor [--json]               backends, adapter, kernel self-checks
  replica-lab bench [--suite NAME] [--list] GFLOP/s, sweeps/s, fits/s … beside numpy, PyTorch, scikit-learn, C
  replica-lab sweep <experiment> --grid … --out DIR   an experiment over a parameter grid and seeds (local or SLURM)
  replica-lab sweep status|merge DIR        progress of a sweep; its merged table and figures
  replica-lab help <command|experiment>

Every experiment takes --seed N, --backend cpu|webgpu|auto, --json (one JSON document
on stdout), --out DIR (figures as SVG, images as PNG); progress goes to stderr.
--help or -h after any command prints its usage. Bad input exits with 2.`;

const DOCTOR_PARAMS = defineParams([
  { name: 'json', kind: 'flag', help: 'write exactly one JSON document to stdout' },
  { name: 'quiet', kind: 'flag', help: 'no progress on stderr' },
]);

const HELP_LINE = '  --help, -h         print this usage and exit';

function printJson(doc: unknown): void {
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}

function experimentUsage(exp: Experiment): string {
  return `replica-lab run ${exp.name}: ${exp.summary} (${providerOf(exp)})\n\n${formatParams([...exp.params, ...RUN_PARAMS])}\n${HELP_LINE}`;
}

function help(topic: string | undefined, rest: readonly string[] = []): string {
  if (topic === undefined) return USAGE;
  const exp = findExperiment(topic);
  if (exp) return experimentUsage(exp);
  switch (topic) {
    case 'run':
      return `replica-lab run <experiment> [flags]\n\n${formatParams(RUN_PARAMS)}\n${HELP_LINE}\n\nexperiments: ${experiments.map((e) => e.name).join(', ')}`;
    case 'tour':
      return `replica-lab tour [flags]\n\n${formatParams(TOUR_PARAMS)}\n${HELP_LINE}`;
    case 'doctor':
      return `replica-lab doctor [flags]\n\n${formatParams(DOCTOR_PARAMS)}\n${HELP_LINE}`;
    case 'bench':
      return `${benchUsage(rest.some((a) => a === '--suite' || a.startsWith('--suite=')) ? suiteOf(rest) : null)}\n${HELP_LINE}`;
    case 'sweep':
      return sweepUsage(rest[0] === undefined ? undefined : findExperiment(rest[0]));
    case 'list':
      return `replica-lab list [--json]\n\n${formatParams(DOCTOR_PARAMS.slice(0, 1))}\n${HELP_LINE}`;
    default:
      throw new UsageError(
        `help: unknown command or experiment '${topic}'; commands: list, run, tour, doctor, bench, sweep; experiments: ${experiments.map((e) => e.name).join(', ')}`,
      );
  }
}

const wantsHelp = (argv: readonly string[]) => argv.includes('--help') || argv.includes('-h');

async function runCommand(name: string | undefined, rest: readonly string[]): Promise<number> {
  if (name === undefined || name === '--help' || name === '-h') {
    if (name !== undefined) return print(help('run'));
    throw new UsageError('run: which experiment? (replica-lab list shows them)');
  }
  const exp = findExperiment(name);
  if (!exp)
    throw new UsageError(
      `run: unknown experiment '${name}'; experiments: ${experiments.map((e) => e.name).join(', ')}`,
    );
  if (wantsHelp(rest)) return print(experimentUsage(exp));
  const specs = [...exp.params, ...RUN_PARAMS];
  const values = parseFlags(rest, specs, `run ${exp.name}`) as AnyParamValues &
    ReturnType<typeof parseFlags<typeof RUN_PARAMS>>;
  // output paths are checked before anything is computed
  checkOutputPaths(specs, values);
  const reporter = streamReporter(process.stderr, values.quiet);
  const backend = await backendFor(values, exp.usesBackend !== false);
  const task = reporter.task(exp.name);
  let result: Awaited<ReturnType<typeof exp.run>>;
  try {
    const ctx = cliRunContext(
      backend,
      values.seed,
      task.progress,
      new AbortController().signal,
      values['max-input-mb'] * 2 ** 20,
    );
    result = await exp.run(ctx, values);
  } finally {
    backend.dispose();
  }
  task.end();
  const json = { experiment: exp.name, backend: describeBackend(backend), seed: values.seed, ...result.json };
  if (values.out !== undefined) {
    const paths = await writeExperimentOutputs(values.out, exp.name, { ...result, json });
    reporter.info(`wrote ${paths.join(', ')}`);
  }
  if (values.json) printJson(json);
  else process.stdout.write(`${result.summary.join('\n')}\n`);
  return 0;
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

async function benchCommand(rest: readonly string[]): Promise<number> {
  if (wantsHelp(rest)) return print(help('bench', rest));
  const args = parseBenchArgs(rest);
  const v = args.values;
  if (v.list) return print(formatSuiteList());
  checkOutputPaths(benchFlags(args.suite), v);
  const reporter = streamReporter(process.stderr, v.quiet === true);
  const report = await runBench(args, reporter);
  if (typeof v.out === 'string') {
    const f = args.suite.figure(report as never);
    writeOutputSet(v.out, [
      { name: `${f.name}.svg`, data: (await renderFigure(f)).svg },
      { name: 'bench.json', data: `${JSON.stringify(report, null, 2)}\n` },
    ]);
  }
  if (v.json) printJson(report);
  else process.stdout.write(`${formatBench(args.suite, report)}\n`);
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
      case '--help':
      case '-h':
        return print(USAGE);
      case 'help':
        return print(help(rest[0], rest.slice(1)));
      case '--version': {
        const pkg = createRequire(import.meta.url)('@replica/webgpu-kernels/package.json') as { version: string };
        return print(`replica-lab (webgpu-kernels ${pkg.version})`);
      }
      case 'list': {
        if (wantsHelp(rest)) return print(help('list'));
        const v = parseFlags(rest, DOCTOR_PARAMS.slice(0, 1), 'list');
        if (v.json)
          printJson({
            experiments: experiments.map((e) => ({
              name: e.name,
              summary: e.summary,
              package: providerOf(e),
              tour: e.tour !== undefined,
              params: e.params,
            })),
          });
        else
          for (const e of experiments)
            process.stdout.write(`${e.name}${e.tour ? ' (tour)' : ''} — ${e.summary}\n${formatParams(e.params)}\n\n`);
        return 0;
      }
      case 'run':
        return await runCommand(rest[0], rest.slice(1));
      case 'doctor': {
        if (wantsHelp(rest)) return print(help('doctor'));
        const v = parseFlags(rest, DOCTOR_PARAMS, 'doctor');
        const report = await runDoctor(streamReporter(process.stderr, v.quiet));
        if (v.json) printJson(report);
        else process.stdout.write(`${formatDoctor(report)}\n`);
        return report.ok ? 0 : 1;
      }
      case 'bench':
        return await benchCommand(rest);
      case 'sweep':
        return await sweepCommand(rest, (quiet) => streamReporter(process.stderr, quiet));
      case 'tour': {
        if (wantsHelp(rest)) return print(help('tour'));
        const v = parseFlags(rest, TOUR_PARAMS, 'tour');
        const doc = await runTour(v, streamReporter(process.stderr, v.quiet));
        if (v.json) printJson(doc);
        return doc.doctor.ok ? 0 : 1;
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
