/**
 * `replica-lab sweep`: run an experiment over a grid of parameters and seeds (locally on a pool
 * of worker processes, or as a SLURM job array), `sweep status DIR`, `sweep merge DIR`; and the
 * internal `sweep worker DIR` and `sweep slice DIR` that the executors start.
 * @module
 */
import { availableParallelism } from 'node:os';
import type { Experiment, ParamSpec } from '@replica/lab-kit';
import { defineParams, formatParams, parseFlags, UsageError } from '@replica/lab-kit';
import { BACKEND_PARAMS } from '../host/context';
import type { Reporter } from '../host/io';
import { checkOutputPath, writeOutputSet } from '../host/io';
import { renderFigure } from '../host/render';
import { experiments, findExperiment, providerOf } from '../plugins';
import { parseGrid, parseSeeds, sweepTasks } from './grid';
import { runLocal, sweepWorker } from './local';
import { mergeSweep } from './merge';
import { runSlice, slurmScript, submitSlurm } from './slurm';
import type { SweepManifest } from './store';
import {
  codeVersion,
  failures,
  finishedIds,
  lockSweep,
  prepareSweepDir,
  readManifest,
  readTaskRecords,
  SWEEP_FORMAT,
} from './store';

/** The sweep command's own flags (the experiment's follow them). */
export const SWEEP_PARAMS = defineParams([
  {
    name: 'grid',
    kind: 'string',
    help: "the swept parameters: 'name=v1,v2;name=lo:hi:step' (also lo:hi:*factor, lo:hi:logN); list parameters take one value per task",
  },
  {
    name: 'seeds',
    kind: 'string',
    default: '1',
    help: 'replicate seeds: a..b, a comma list, or both (each task’s --seed derives from it and the point)',
  },
  {
    name: 'out',
    kind: 'path',
    role: 'output-dir',
    help: 'the sweep folder: manifest, tasks/, failed/, merged/ (required)',
  },
  { name: 'executor', kind: 'enum', values: ['local', 'slurm'], default: 'local', help: 'where tasks run' },
  { name: 'workers', kind: 'int', min: 1, max: 4096, help: 'local: worker processes (default: the machine’s cores)' },
  { name: 'retries', kind: 'int', default: 1, min: 0, max: 100, help: 'extra attempts for a failed task' },
  {
    name: 'task-timeout',
    kind: 'number',
    default: 0,
    min: 0,
    max: 1e7,
    help: 'local: seconds a task may run before it is killed and counted failed (0: no limit)',
  },
  {
    name: 'force',
    kind: 'flag',
    help: 'replace a different manifest in --out (finished tasks are kept: ids depend only on their points)',
  },
  { name: 'dry-run', kind: 'flag', help: 'slurm: print the sbatch script instead of submitting it' },
  {
    name: 'array-tasks',
    kind: 'int',
    min: 1,
    max: 100_000,
    help: 'slurm: array size (default: one per pending task, at most 1000)',
  },
  { name: 'max-running', kind: 'int', default: 32, min: 1, max: 100_000, help: 'slurm: array tasks running at once' },
  { name: 'time', kind: 'string', default: '01:00:00', help: 'slurm: wall time per array task' },
  { name: 'mem', kind: 'string', default: '2G', help: 'slurm: memory per array task' },
  { name: 'partition', kind: 'string', help: 'slurm: --partition' },
  { name: 'account', kind: 'string', help: 'slurm: --account' },
  { name: 'sbatch-args', kind: 'string', help: "slurm: more #SBATCH options, space-separated (e.g. '--qos=short')" },
  { name: 'json', kind: 'flag', help: 'write one JSON document (the sweep’s outcome) to stdout' },
  { name: 'quiet', kind: 'flag', help: 'no progress on stderr' },
]);

const DIR_PARAMS = defineParams([
  { name: 'json', kind: 'flag', help: 'write one JSON document to stdout' },
  { name: 'quiet', kind: 'flag', help: 'no progress on stderr' },
]);

const SLICE_PARAMS = defineParams([
  { name: 'index', kind: 'int', min: 0, max: 1_000_000, help: 'this array task’s index' },
  { name: 'count', kind: 'int', min: 1, max: 1_000_000, help: 'the number of array tasks' },
  { name: 'retries', kind: 'int', default: 1, min: 0, max: 100, help: 'extra attempts for a failed task' },
]);

/** The usage of `sweep`. */
export function sweepUsage(exp?: Experiment): string {
  const head = `replica-lab sweep <experiment> --grid 'name=values;…' [--seeds a..b] --out DIR [sweep flags] [experiment flags]
replica-lab sweep status DIR [--json]      finished, failed and pending tasks
replica-lab sweep merge DIR [--json]       one table (JSON, CSV, .npy) and figures: mean ± s.e. over seeds vs each parameter

Each task runs the experiment at one grid point with --seed derived from its replicate seed and
the point; its result is written whole into DIR/tasks/. Rerunning the command skips finished
tasks; a folder holding another grid, other flags or other code is refused without --force.

sweep flags:
${formatParams(SWEEP_PARAMS)}`;
  if (!exp) return `${head}\n\nexperiments: ${experiments.map((e) => e.name).join(', ')}`;
  return `${head}\n\n${exp.name} (${providerOf(exp)}) flags:\n${formatParams([...exp.params, ...BACKEND_PARAMS])}`;
}

/** Splits argv into the sweep's flags and the experiment's, by flag name (`other` says which of those are switches). */
function splitArgv(
  argv: readonly string[],
  own: readonly ParamSpec[],
  other: readonly ParamSpec[],
): { own: string[]; rest: string[] } {
  const mine = new Map(own.map((s) => [s.name, s]));
  const theirs = new Map(other.map((s) => [s.name, s]));
  const out = { own: [] as string[], rest: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.startsWith('--') ? a.slice(2).split('=')[0]! : '';
    const spec = mine.get(name) ?? theirs.get(name);
    const target = mine.has(name) ? out.own : out.rest;
    target.push(a);
    // a flag's value follows it, unless the flag is a switch or written --name=value
    if (spec !== undefined && spec.kind !== 'flag' && !a.includes('=') && i + 1 < argv.length) target.push(argv[++i]!);
  }
  return out;
}

async function runSweep(
  name: string,
  argv: readonly string[],
  reporter: (quiet: boolean) => Reporter,
): Promise<number> {
  const exp = findExperiment(name);
  if (!exp)
    throw new UsageError(
      `sweep: unknown experiment '${name}'; experiments: ${experiments.map((e) => e.name).join(', ')}`,
    );
  const expSpecs = [...exp.params, ...BACKEND_PARAMS];
  const { own, rest } = splitArgv(argv, SWEEP_PARAMS, expSpecs);
  const v = parseFlags(own, SWEEP_PARAMS, `sweep ${name}`);
  if (v.grid === undefined) throw new UsageError('--grid: required (e.g. --grid "n=200,400;alphas=0.1,0.14")');
  if (v.out === undefined) throw new UsageError('--out: required (the sweep folder)');
  checkOutputPath('out', v.out, 'output-dir');
  // the experiment's own flags, validated now (every task shares them)
  parseFlags(rest, expSpecs, `sweep ${name}`);
  const grid = parseGrid(v.grid, exp.params);
  for (const a of grid)
    if (rest.some((x) => x === `--${a.name}` || x.startsWith(`--${a.name}=`)))
      throw new UsageError(`--${a.name}: swept by --grid; do not give it as a flag too`);
  const seeds = parseSeeds(v.seeds);
  const tasks = sweepTasks(grid, seeds);
  const manifest: SweepManifest = {
    format: SWEEP_FORMAT,
    experiment: exp.name,
    grid,
    seeds,
    fixed: rest,
    params: exp.params,
    code: codeVersion(providerOf(exp)),
    created: new Date().toISOString(),
    tasks: tasks.length,
  };
  if (v['dry-run'] && v.executor !== 'slurm') throw new UsageError('--dry-run: only with --executor slurm');
  const existing = readManifest(v.out);
  prepareSweepDir(v.out, existing && !v.force ? { ...manifest, created: existing.created } : manifest, v.force);
  const done = finishedIds(v.out);
  const pending = tasks.filter((t) => !done.has(t.id));
  const rep = reporter(v.quiet);
  if (v.executor === 'slurm') {
    const arrayTasks = v['array-tasks'] ?? Math.max(1, Math.min(1000, pending.length));
    const script = slurmScript(v.out, manifest, {
      arrayTasks,
      ...(process.argv[1] !== undefined ? { launch: [process.execPath, ...process.execArgv, process.argv[1]] } : {}),
      maxRunning: v['max-running'],
      time: v.time,
      mem: v.mem,
      ...(v.partition !== undefined ? { partition: v.partition } : {}),
      ...(v.account !== undefined ? { account: v.account } : {}),
      ...(v['sbatch-args'] !== undefined ? { extra: v['sbatch-args'].split(/\s+/).filter((x) => x !== '') } : {}),
    });
    if (v['dry-run']) {
      process.stdout.write(script);
      return 0;
    }
    if (pending.length === 0) {
      rep.info(`sweep: all ${tasks.length} tasks of ${v.out} are finished; nothing to submit`);
      return 0;
    }
    const job = submitSlurm(v.out, script);
    rep.info(
      `sweep: submitted job ${job}: ${pending.length} pending tasks in ${arrayTasks} array tasks (sweep status ${v.out})`,
    );
    if (v.json)
      process.stdout.write(
        `${JSON.stringify({ executor: 'slurm', job, tasks: tasks.length, pending: pending.length, arrayTasks })}\n`,
      );
    return 0;
  }
  const release = lockSweep(v.out);
  try {
    const workers = v.workers ?? availableParallelism();
    const task = rep.task(`sweep ${exp.name}`);
    rep.info(
      `sweep: ${tasks.length} tasks (${done.size} already finished), ${pending.length} to run on ${Math.min(workers, Math.max(1, pending.length))} workers`,
    );
    const outcome = await runLocal(v.out, pending, {
      workers,
      retries: v.retries,
      taskTimeoutSeconds: v['task-timeout'],
      progress: task.progress,
      // the workers start as this CLI did (the bin, or the sources in the tests)
      ...(process.argv[1] !== undefined ? { entry: process.argv[1] } : {}),
    });
    task.end(`${outcome.finished} finished, ${outcome.failed.length} failed in ${outcome.seconds.toFixed(1)} s`);
    const doc = {
      executor: 'local',
      out: v.out,
      tasks: tasks.length,
      skipped: done.size,
      finished: outcome.finished,
      failed: outcome.failed,
      workers,
      seconds: outcome.seconds,
    };
    if (v.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return outcome.failed.length === 0 ? 0 : 1;
  } finally {
    release();
  }
}

function statusOf(dir: string) {
  const manifest = readManifest(dir);
  if (!manifest) throw new UsageError(`sweep: ${dir} has no manifest.json (not a sweep folder)`);
  const tasks = sweepTasks(manifest.grid, manifest.seeds);
  const done = finishedIds(dir);
  const failed = failures(dir);
  const finished = tasks.filter((t) => done.has(t.id)).length;
  const failedNow = tasks.filter((t) => !done.has(t.id) && failed.has(t.id));
  return {
    manifest,
    doc: {
      experiment: manifest.experiment,
      total: tasks.length,
      finished,
      failed: failedNow.length,
      pending: tasks.length - finished - failedNow.length,
      failures: failedNow.map((t) => failed.get(t.id)!),
    },
  };
}

/**
 * Runs `replica-lab sweep …` (argv after `sweep`).
 * @returns the exit code
 */
export async function sweepCommand(argv: readonly string[], reporter: (quiet: boolean) => Reporter): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined)
    throw new UsageError("sweep: which experiment? (replica-lab sweep <experiment> --grid '…' --out DIR)");
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(`${sweepUsage()}\n`);
    return 0;
  }
  const dirArg = (what: string) => {
    const dir = rest[0];
    if (dir === undefined || dir.startsWith('--'))
      throw new UsageError(`sweep ${what}: which folder? (sweep ${what} DIR)`);
    return dir;
  };
  switch (sub) {
    case 'worker':
      return sweepWorker(dirArg('worker'));
    case 'slice': {
      const dir = dirArg('slice');
      const v = parseFlags(rest.slice(1), SLICE_PARAMS, 'sweep slice');
      if (v.index === undefined || v.count === undefined)
        throw new UsageError('sweep slice: --index and --count are required');
      return runSlice(dir, v.index, v.count, v.retries);
    }
    case 'status': {
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(`replica-lab sweep status DIR\n\n${formatParams(DIR_PARAMS)}\n`);
        return 0;
      }
      const dir = dirArg('status');
      const v = parseFlags(rest.slice(1), DIR_PARAMS, 'sweep status');
      const { doc } = statusOf(dir);
      if (v.json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      else
        process.stdout.write(
          `${doc.experiment}: ${doc.finished} finished, ${doc.failed} failed, ${doc.pending} pending of ${doc.total}\n${doc.failures.map((f) => `  failed ${f.id} (${JSON.stringify(f.point)}, seed ${f.replicate}, ${f.attempts} attempts): ${f.error}`).join('\n')}${doc.failures.length ? '\n' : ''}`,
        );
      return 0;
    }
    case 'merge': {
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(
          `replica-lab sweep merge DIR — writes DIR/merged/{merged.json, rows.csv, rows.npy, figures}\n\n${formatParams(DIR_PARAMS)}\n`,
        );
        return 0;
      }
      const dir = dirArg('merge');
      const v = parseFlags(rest.slice(1), DIR_PARAMS, 'sweep merge');
      const { manifest, doc } = statusOf(dir);
      const { merged, figures, csv, npy } = await mergeSweep(
        manifest,
        readTaskRecords(dir),
        findExperiment(manifest.experiment),
        doc.failed,
      );
      const files = [];
      for (const f of figures) files.push({ name: `${f.name}.svg`, data: (await renderFigure(f)).svg });
      files.push(
        { name: 'rows.csv', data: csv },
        { name: 'rows.npy', data: npy },
        { name: 'merged.json', data: `${JSON.stringify(merged, null, 2)}\n` },
      );
      writeOutputSet(`${dir}/merged`, files);
      reporter(v.quiet).info(
        `sweep merge: ${merged.tasks.finished} of ${merged.tasks.total} tasks, ${figures.length} figures in ${dir}/merged`,
      );
      if (v.json) process.stdout.write(`${JSON.stringify(merged, null, 2)}\n`);
      return 0;
    }
    default:
      if (rest.includes('--help') || rest.includes('-h')) {
        const exp = findExperiment(sub);
        if (!exp) throw new UsageError(`sweep: unknown experiment '${sub}'`);
        process.stdout.write(`${sweepUsage(exp)}\n`);
        return 0;
      }
      return runSweep(sub, rest, reporter);
  }
}
