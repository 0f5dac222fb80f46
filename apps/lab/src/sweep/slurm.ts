/**
 * The SLURM executor: an sbatch script for a job array whose array task i runs
 * `replica-lab sweep slice DIR --index i --count N` — the pending tasks k with k mod N = i, one
 * after another, in that node's process. Results land in the same `tasks/` folder, so
 * `sweep status` and `sweep merge` work while the jobs run.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { UsageError } from '@replica/lab-kit';
import { writeFileAtomic } from '../host/io';
import { executeTask } from './execute';
import type { SweepTask } from './grid';
import { sweepTasks } from './grid';
import type { SweepManifest } from './store';
import { finishedIds, labRoot, readManifest, writeFailure } from './store';

/** Options of the sbatch script. */
export interface SlurmOptions {
  /** Array tasks (slices); each runs its share of the pending tasks in turn. */
  readonly arrayTasks: number;
  /** The most array tasks running at once (`--array=0-(N−1)%cap`). */
  readonly maxRunning: number;
  /** Wall time per array task, SLURM's format (e.g. `01:00:00`). */
  readonly time: string;
  /** Memory per array task (e.g. `2G`). */
  readonly mem: string;
  readonly partition?: string;
  readonly account?: string;
  /** More `#SBATCH` options, passed through (e.g. `--qos=short --constraint=avx512`). */
  readonly extra?: readonly string[];
  /** The command that starts the CLI (default: this Node with its options, and the package's bin). */
  readonly launch?: readonly string[];
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** The sbatch script of a sweep (absolute paths: array tasks may start anywhere). */
export function slurmScript(dir: string, manifest: SweepManifest, o: SlurmOptions): string {
  const abs = resolve(dir);
  const launch = o.launch ?? [process.execPath, ...process.execArgv, join(labRoot(), 'bin', 'replica-lab.js')];
  const lines = [
    '#!/bin/bash',
    `# replica-lab sweep of ${manifest.experiment}: ${manifest.tasks} tasks in ${o.arrayTasks} array tasks`,
    `#SBATCH --job-name=replica-${manifest.experiment}`,
    `#SBATCH --array=0-${o.arrayTasks - 1}%${o.maxRunning}`,
    `#SBATCH --time=${o.time}`,
    `#SBATCH --mem=${o.mem}`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${join(abs, 'slurm', '%A_%a.out')}`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.account ? [`#SBATCH --account=${o.account}`] : []),
    ...(o.extra ?? []).map((x) => `#SBATCH ${x}`),
    'set -euo pipefail',
    `cd ${shellQuote(process.cwd())}`,
    `exec ${launch.map(shellQuote).join(' ')} sweep slice ${shellQuote(abs)} --index "$SLURM_ARRAY_TASK_ID" --count ${o.arrayTasks}`,
    '',
  ];
  return lines.join('\n');
}

/**
 * Writes the script into `DIR/slurm/sweep.sbatch` and submits it with `sbatch --parsable`.
 * @returns the job id
 * @throws Error when sbatch is missing or refuses the job (its message)
 */
export function submitSlurm(dir: string, script: string): string {
  const path = join(resolve(dir), 'slurm', 'sweep.sbatch');
  writeFileAtomic(path, script);
  const r = spawnSync('sbatch', ['--parsable', path], { encoding: 'utf8' });
  if (r.error)
    throw new UsageError(
      `sweep: cannot run sbatch (${r.error.message}); is SLURM installed here? (--dry-run prints the script)`,
    );
  if (r.status !== 0) throw new Error(`sweep: sbatch refused the job: ${(r.stderr || r.stdout).trim()}`);
  const job = r.stdout.trim().split(';')[0]!;
  writeFileAtomic(
    join(resolve(dir), 'slurm', 'job.json'),
    `${JSON.stringify({ job, script: path, submitted: new Date().toISOString() })}\n`,
  );
  return job;
}

/**
 * Runs slice `index` of `count`: the tasks k (in the manifest's order) with k mod count = index
 * that have no result yet, one after another, each retried up to `retries` times.
 * @returns 0 when every task of the slice finished, 1 otherwise
 */
export async function runSlice(dir: string, index: number, count: number, retries: number): Promise<number> {
  const manifest = readManifest(dir);
  if (!manifest) throw new UsageError(`sweep slice: ${dir} has no manifest.json`);
  if (index >= count) throw new UsageError(`sweep slice: --index ${index} must be below --count ${count}`);
  const done = finishedIds(dir);
  const mine: SweepTask[] = sweepTasks(manifest.grid, manifest.seeds).filter(
    (t, k) => k % count === index && !done.has(t.id),
  );
  let failed = 0;
  for (const task of mine) {
    for (let attempt = 1; ; attempt++) {
      try {
        await executeTask(dir, manifest, task, attempt);
        break;
      } catch (e) {
        if (attempt > retries) {
          writeFailure(dir, task, attempt, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
          failed++;
          break;
        }
      }
    }
  }
  process.stderr.write(`sweep slice ${index}/${count}: ${mine.length - failed} of ${mine.length} tasks finished\n`);
  return failed === 0 ? 0 : 1;
}
