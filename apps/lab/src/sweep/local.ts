/**
 * The local executor: a pool of worker processes (the CLI itself, `sweep worker`), one task at
 * a time each, over IPC. A task that throws, crashes its worker or passes the time limit is
 * retried up to `retries` times, then recorded in `failed/`. Workers exit when their parent
 * does (a worker whose parent is gone discards the result it was computing).
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ProgressFn } from '../host/io';
import { executeTask } from './execute';
import type { SweepTask } from './grid';
import { labRoot, readManifest, writeFailure } from './store';

/** Options of {@link runLocal}. */
export interface LocalOptions {
  /** Worker processes, ≥ 1. */
  readonly workers: number;
  /** Extra attempts for a failed task, ≥ 0. */
  readonly retries: number;
  /** Seconds a task may run before its worker is killed (0: no limit). */
  readonly taskTimeoutSeconds: number;
  readonly progress: ProgressFn;
  /**
   * The CLI entry the workers run (`replica-lab sweep worker DIR`), started with this process's
   * Node options; default the package's `bin/replica-lab.js`.
   */
  readonly entry?: string;
}

/** The outcome of a local sweep run. */
export interface LocalOutcome {
  readonly finished: number;
  readonly failed: readonly { readonly id: string; readonly error: string }[];
  readonly seconds: number;
}

type ToWorker = { type: 'task'; task: SweepTask; attempt: number };
type FromWorker = { type: 'done'; id: string } | { type: 'failed'; id: string; error: string };

/**
 * Runs `pending` tasks of the sweep in `dir` (its manifest already written) on a pool of worker processes.
 * @returns how many finished and which failed (after their retries)
 */
export function runLocal(dir: string, pending: readonly SweepTask[], o: LocalOptions): Promise<LocalOutcome> {
  const started = performance.now();
  const bin = o.entry ?? join(labRoot(), 'bin', 'replica-lab.js');
  const queue = pending.map((task) => ({ task, attempt: 1 }));
  const failed: { id: string; error: string }[] = [];
  let finished = 0;
  let running = 0;
  const total = pending.length;
  const report = () => {
    const done = finished + failed.length;
    const elapsed = (performance.now() - started) / 1000;
    const eta = done > 0 ? ((total - done) * elapsed) / done : Number.NaN;
    o.progress(
      total === 0 ? 1 : done / total,
      `${finished} done, ${running} running, ${failed.length} failed of ${total}${Number.isFinite(eta) && done < total ? `, ETA ${eta.toFixed(0)} s` : ''}`,
    );
  };
  return new Promise((resolveAll) => {
    const workers = new Set<ChildProcess>();
    const settle = () => {
      if (queue.length > 0 || running > 0) return;
      for (const w of workers) w.kill();
      report();
      resolveAll({ finished, failed, seconds: (performance.now() - started) / 1000 });
    };
    const fail = (job: { task: SweepTask; attempt: number }, error: string) => {
      if (job.attempt <= o.retries) queue.push({ task: job.task, attempt: job.attempt + 1 });
      else {
        writeFailure(dir, job.task, job.attempt, error);
        failed.push({ id: job.task.id, error });
      }
    };
    const spawnWorker = () => {
      const w = fork(bin, ['sweep', 'worker', dir], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      workers.add(w);
      let stderr = '';
      w.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
      });
      let job: { task: SweepTask; attempt: number } | null = null;
      let timer: NodeJS.Timeout | null = null;
      const next = () => {
        job = queue.shift() ?? null;
        if (job === null) {
          workers.delete(w);
          w.kill();
          settle();
          return;
        }
        running++;
        report();
        w.send({ type: 'task', task: job.task, attempt: job.attempt } satisfies ToWorker);
        if (o.taskTimeoutSeconds > 0)
          timer = setTimeout(() => {
            // the worker is killed; its exit handler records the failure and starts another
            w.kill('SIGKILL');
            if (job) (job as { timedOut?: boolean }).timedOut = true;
          }, o.taskTimeoutSeconds * 1000);
      };
      w.on('message', (m: FromWorker) => {
        if (timer) clearTimeout(timer);
        if (job === null || m.id !== job.task.id) return;
        running--;
        if (m.type === 'done') finished++;
        else fail(job, m.error);
        next();
      });
      w.on('exit', (code, signal) => {
        workers.delete(w);
        if (timer) clearTimeout(timer);
        if (job !== null) {
          // it died during a task: a crash or the time limit
          const j = job;
          job = null;
          running--;
          const timedOut = (j as { timedOut?: boolean }).timedOut === true;
          fail(
            j,
            timedOut
              ? `timed out after ${o.taskTimeoutSeconds} s (--task-timeout)`
              : `the worker exited (${signal ?? `code ${code}`})${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
          );
          if (queue.length > 0) spawnWorker();
          settle();
        }
      });
      next();
    };
    if (queue.length === 0) {
      settle();
      return;
    }
    for (let i = 0; i < Math.min(o.workers, queue.length); i++) spawnWorker();
  });
}

/**
 * The worker's side (`replica-lab sweep worker DIR`): runs the tasks its parent sends, one at a
 * time, and exits when the parent goes.
 */
export function sweepWorker(dir: string): Promise<number> {
  const manifest = readManifest(dir);
  if (!manifest || !process.send) return Promise.resolve(2);
  return new Promise((resolveExit) => {
    process.on('disconnect', () => resolveExit(0));
    process.on('message', async (m: ToWorker) => {
      if (m.type !== 'task') return;
      try {
        await executeTask(dir, manifest, m.task, m.attempt, () => process.connected);
        if (process.connected) process.send!({ type: 'done', id: m.task.id } satisfies FromWorker);
      } catch (e) {
        const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        if (process.connected) process.send!({ type: 'failed', id: m.task.id, error } satisfies FromWorker);
      }
    });
  });
}
