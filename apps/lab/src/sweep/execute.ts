/**
 * Runs one sweep task in this process: the experiment with the sweep's fixed flags, the point's
 * values and the task's seed, on the backend the flags ask for; the result is written
 * atomically into `tasks/<id>.json`.
 * @module
 */
import type { AnyParamValues } from '@replica/lab-kit';
import { parseFlags, UsageError } from '@replica/lab-kit';
import { backendFor, cliRunContext, RUN_PARAMS } from '../host/context';
import { findExperiment } from '../plugins';
import type { SweepTask } from './grid';
import { taskArgv } from './grid';
import type { SweepManifest } from './store';
import { writeTaskRecord } from './store';

/**
 * Runs a task and records its result.
 * @param keep - asked before writing: false discards the result (a worker whose parent is gone)
 * @throws whatever the experiment throws (the caller records the failure)
 */
export async function executeTask(
  dir: string,
  manifest: SweepManifest,
  task: SweepTask,
  attempt: number,
  keep: () => boolean = () => true,
): Promise<void> {
  const exp = findExperiment(manifest.experiment);
  if (!exp) throw new UsageError(`sweep: this CLI has no experiment '${manifest.experiment}'`);
  const argv = taskArgv(manifest.fixed, task);
  const values = parseFlags(argv, [...exp.params, ...RUN_PARAMS], `sweep ${exp.name}`) as AnyParamValues &
    ReturnType<typeof parseFlags<typeof RUN_PARAMS>>;
  const backend = await backendFor(values, exp.usesBackend !== false);
  const started = performance.now();
  let json: Record<string, unknown>;
  try {
    const ctx = cliRunContext(
      backend,
      values.seed,
      () => {},
      new AbortController().signal,
      values['max-input-mb'] * 2 ** 20,
    );
    json = (await exp.run(ctx, values)).json;
  } finally {
    backend.dispose();
  }
  if (!keep()) return;
  writeTaskRecord(dir, {
    id: task.id,
    point: task.point,
    replicate: task.replicate,
    seed: task.seed,
    argv,
    seconds: (performance.now() - started) / 1000,
    finished: new Date().toISOString(),
    pid: process.pid,
    attempt,
    result: json,
  });
}
