/**
 * A sweep's folder: `manifest.json` (what is swept, with which code), one result file per
 * finished task in `tasks/` (written atomically: a reader sees a whole file or none), one
 * record per failed task in `failed/`, and a lock so two local sweeps never run in one folder.
 * @module
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParamSpec } from '@replica/lab-kit';
import { UsageError } from '@replica/lab-kit';
import { writeFileAtomic } from '../host/io';
import type { GridAxis, GridPoint, SweepTask } from './grid';

/** The format tag of a sweep manifest. */
export const SWEEP_FORMAT = 'replica-sweep/1';

/** The code a sweep ran: the lab's version, the experiment's package and version, the git commit when known. */
export interface CodeVersion {
  readonly lab: string;
  readonly package: string;
  readonly commit: string | null;
}

/** What `manifest.json` records. */
export interface SweepManifest {
  readonly format: typeof SWEEP_FORMAT;
  readonly experiment: string;
  readonly grid: readonly GridAxis[];
  readonly seeds: readonly number[];
  /** The experiment flags every task shares (beyond the point and `--seed`). */
  readonly fixed: readonly string[];
  /** The experiment's parameter specs, for readers without the code. */
  readonly params: readonly ParamSpec[];
  readonly code: CodeVersion;
  readonly created: string;
  readonly tasks: number;
}

/** A finished task's file, `tasks/<id>.json`. */
export interface TaskRecord {
  readonly id: string;
  readonly point: GridPoint;
  readonly replicate: number;
  readonly seed: number;
  readonly argv: readonly string[];
  readonly seconds: number;
  readonly finished: string;
  readonly pid: number;
  readonly attempt: number;
  readonly result: Record<string, unknown>;
}

/** A failed task's record, `failed/<id>.json` (removed when it later succeeds). */
export interface FailureRecord {
  readonly id: string;
  readonly point: GridPoint;
  readonly replicate: number;
  readonly attempts: number;
  readonly error: string;
  readonly when: string;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The `@replica/lab` package folder (the CLI's), found upward from this module. */
export function labRoot(): string {
  let dir = here;
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === '@replica/lab')
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('sweep: cannot find the @replica/lab package folder');
    dir = up;
  }
}

function gitCommit(from: string): string | null {
  let dir = from;
  for (;;) {
    const git = join(dir, '.git');
    if (existsSync(git)) {
      try {
        const head = readFileSync(join(git, 'HEAD'), 'utf8').trim();
        if (!head.startsWith('ref: ')) return head;
        const ref = head.slice(5);
        const loose = join(git, ref);
        if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
        const packed = readFileSync(join(git, 'packed-refs'), 'utf8');
        return (
          packed
            .split('\n')
            .find((l) => l.endsWith(` ${ref}`))
            ?.split(' ')[0] ?? null
        );
      } catch {
        return null;
      }
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** The code version of an experiment's package as this CLI has it. */
export function codeVersion(packageName: string): CodeVersion {
  const root = labRoot();
  const req = createRequire(join(root, 'package.json'));
  const version = (name: string) => {
    try {
      return (JSON.parse(readFileSync(req.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  const lab = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { lab, package: `${packageName}@${version(packageName)}`, commit: gitCommit(root) };
}

/** Paths inside a sweep folder. */
export const sweepPaths = (dir: string) => ({
  manifest: join(dir, 'manifest.json'),
  tasks: join(dir, 'tasks'),
  failed: join(dir, 'failed'),
  lock: join(dir, '.lock'),
  task: (id: string) => join(dir, 'tasks', `${id}.json`),
  failure: (id: string) => join(dir, 'failed', `${id}.json`),
});

/** The manifest of a sweep folder, or null when there is none. */
export function readManifest(dir: string): SweepManifest | null {
  const p = sweepPaths(dir).manifest;
  if (!existsSync(p)) return null;
  let doc: SweepManifest;
  try {
    doc = JSON.parse(readFileSync(p, 'utf8')) as SweepManifest;
  } catch (e) {
    throw new UsageError(`sweep: ${p} is not valid JSON (${(e as Error).message})`);
  }
  if (doc.format !== SWEEP_FORMAT) throw new UsageError(`sweep: ${p} is not a ${SWEEP_FORMAT} manifest`);
  return doc;
}

/** What differs between two manifests' grid, seeds, flags, experiment and code (empty when compatible). */
export function manifestDifferences(a: SweepManifest, b: SweepManifest): string[] {
  const out: string[] = [];
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  if (a.experiment !== b.experiment) out.push(`experiment ${a.experiment} vs ${b.experiment}`);
  if (!same(a.grid, b.grid)) out.push('the grid');
  if (!same(a.seeds, b.seeds)) out.push('the seeds');
  if (!same(a.fixed, b.fixed)) out.push(`the flags (${a.fixed.join(' ') || 'none'} vs ${b.fixed.join(' ') || 'none'})`);
  if (!same(a.code, b.code)) out.push(`the code (${JSON.stringify(a.code)} vs ${JSON.stringify(b.code)})`);
  return out;
}

/**
 * Writes the manifest, or checks it against the one already there.
 * @param force - replace a different manifest (keeping the finished tasks: their ids depend only on their points)
 * @throws UsageError when the folder holds a different sweep and `force` is false
 */
export function prepareSweepDir(dir: string, manifest: SweepManifest, force: boolean): void {
  const existing = readManifest(dir);
  if (existing) {
    const diff = manifestDifferences(existing, manifest);
    if (diff.length === 0) return;
    if (!force)
      throw new UsageError(
        `sweep: ${dir} holds a sweep with a different ${diff.join(', ')}; refusing to mix results (use another --out, or --force to replace the manifest and keep the finished tasks)`,
      );
  }
  mkdirSync(sweepPaths(dir).tasks, { recursive: true });
  writeFileAtomic(sweepPaths(dir).manifest, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The ids of the finished tasks (complete result files only). */
export function finishedIds(dir: string): Set<string> {
  const d = sweepPaths(dir).tasks;
  if (!existsSync(d)) return new Set();
  return new Set(
    readdirSync(d)
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .map((f) => f.slice(0, -5)),
  );
}

/** The failure records of a sweep, by id. */
export function failures(dir: string): Map<string, FailureRecord> {
  const d = sweepPaths(dir).failed;
  const out = new Map<string, FailureRecord>();
  if (!existsSync(d)) return out;
  for (const f of readdirSync(d))
    if (f.endsWith('.json') && !f.startsWith('.')) {
      const r = JSON.parse(readFileSync(join(d, f), 'utf8')) as FailureRecord;
      out.set(r.id, r);
    }
  return out;
}

/** Records a finished task (atomically) and clears its failure record. */
export function writeTaskRecord(dir: string, record: TaskRecord): void {
  writeFileAtomic(sweepPaths(dir).task(record.id), `${JSON.stringify(record)}\n`);
  rmSync(sweepPaths(dir).failure(record.id), { force: true });
}

/** Records a failed task. */
export function writeFailure(dir: string, task: SweepTask, attempts: number, error: string): void {
  const rec: FailureRecord = {
    id: task.id,
    point: task.point,
    replicate: task.replicate,
    attempts,
    error,
    when: new Date().toISOString(),
  };
  writeFileAtomic(sweepPaths(dir).failure(task.id), `${JSON.stringify(rec, null, 2)}\n`);
}

/** Reads every finished task's record. */
export function readTaskRecords(dir: string): TaskRecord[] {
  return [...finishedIds(dir)]
    .sort()
    .map((id) => JSON.parse(readFileSync(sweepPaths(dir).task(id), 'utf8')) as TaskRecord);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder's lock for this process (a file holding the PID, created exclusively); a lock
 * left by a process that is gone is taken over.
 * @returns a function that releases it
 * @throws UsageError when a live process holds it
 */
export function lockSweep(dir: string): () => void {
  const p = sweepPaths(dir).lock;
  mkdirSync(resolve(dir), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(p, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        try {
          if (readFileSync(p, 'utf8') === String(process.pid)) rmSync(p, { force: true });
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(p, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && alive(pid))
        throw new UsageError(`sweep: another sweep (pid ${pid}) is running in ${dir}`);
      rmSync(p, { force: true });
    }
  }
  throw new UsageError(`sweep: cannot take the lock ${p}`);
}
