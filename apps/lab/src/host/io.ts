/**
 * The CLI's side effects, in one place: files written whole or not at all, a run's outputs
 * appearing together, output paths checked before any computation, inputs read from regular
 * files only under a size limit, and progress on stderr (a bar on a terminal, lines otherwise).
 *
 * Writes: a file goes to a temporary sibling created exclusively (`O_EXCL`, so no link is
 * followed) and is renamed over its target; a target that exists and is not a regular file (a
 * device, a FIFO, a directory, a symbolic link) is never replaced. A set of outputs (`--out`) is
 * written into a staging folder first and renamed into place: the whole folder when it did not
 * exist, else file by file with the result JSON last, so its presence says the set is complete.
 * Temporary files and staging folders carry the writer's PID: every exit path that runs code
 * (errors, SIGINT, SIGTERM, normal exit) removes its own, and the next write into the same
 * folder removes those of writers that are no longer alive (SIGKILL, power loss).
 * @module
 */
import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '@replica/lab-kit';

/** Temporary files and staging folders this process created and has not yet renamed. */
const live = new Set<string>();
let cleanupInstalled = false;

function removeLive(): void {
  for (const p of live) rmSync(p, { recursive: true, force: true });
  live.clear();
}

/**
 * Removes this process's temporary files on exit and on SIGINT/SIGTERM (then exits with
 * 128 + the signal's number, as a shell reports it). Called once by the CLI's entry point.
 */
export function installWriteCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', removeLive);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.on(signal, () => {
      removeLive();
      process.exit(code);
    });
}

const TMP_SUFFIX = '.replica-tmp';
const STAGING_MARK = '.replica-staging-';

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files and staging folders in `dir` left by writers that are gone. */
export function removeStaleTemporaries(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    // .<target>.<pid>.<n>.replica-tmp, or .<target>.replica-staging-<pid>-<n>
    const m = name.endsWith(TMP_SUFFIX)
      ? /\.(\d+)\.\d+\.replica-tmp$/.exec(name)
      : /\.replica-staging-(\d+)-\d+$/.exec(name);
    if (m && name.startsWith('.') && !alive(Number(m[1]))) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

let counter = 0;
const uniquePart = () => `${process.pid}.${Date.now() % 1e9}${counter++}`;

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    // ENOTDIR: a component of the path is a file, so nothing can be there
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isSymbolicLink()) return 'a symbolic link (name the file it points to)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Throws unless `path` is absent or a regular file (what a write may replace). */
function checkReplaceable(path: string): void {
  const s = lstatOrNull(path);
  if (s !== null && !s.isFile()) throw new Error(`refusing to replace '${path}': it is ${kindOf(s)}`);
}

/** Creates `file` exclusively and writes all of `data` into it. */
function writeNew(file: string, data: string | Uint8Array): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to `path` atomically: readers see the old file or the whole new one. Missing
 * parent folders are created. Never replaces anything but a regular file.
 * @throws Error when `path` exists and is not a regular file, or the write fails (nothing is left behind)
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  checkReplaceable(path);
  mkdirSync(dir, { recursive: true });
  removeStaleTemporaries(dir);
  const tmp = join(dir, `.${basename(path)}.${uniquePart()}${TMP_SUFFIX}`);
  live.add(tmp);
  try {
    writeNew(tmp, data);
    checkReplaceable(path);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
    live.delete(tmp);
  }
}

/** One file of an output set. */
export interface OutputFile {
  /** The file's name inside the folder (no separators). */
  readonly name: string;
  readonly data: string | Uint8Array;
}

/**
 * Writes a set of files into `dir` so that they appear together: into a staging folder, then
 * renamed into place — the whole folder at once when `dir` does not exist yet, else one file
 * at a time in the order given (put the file that says the set is complete, the result JSON,
 * last). Files already in `dir` and not in the set are kept.
 * @returns the paths written, in order
 * @throws Error when a target exists and is not a regular file (checked before anything is renamed)
 */
export function writeOutputSet(dir: string, files: readonly OutputFile[]): string[] {
  for (const f of files)
    if (f.name === '' || f.name.includes('/') || f.name.includes('\\') || f.name === '.' || f.name === '..')
      throw new Error(`output file name '${f.name}' is not a plain name`);
  const target = resolve(dir);
  const existing = lstatOrNull(target);
  if (existing !== null && !existing.isDirectory())
    throw new Error(`'${dir}' is ${existing.isFile() ? 'a file' : kindOf(existing)}, not a directory`);
  const parent = existing === null ? dirname(target) : target;
  mkdirSync(parent, { recursive: true });
  removeStaleTemporaries(parent);
  const staging = join(
    parent,
    `.${existing === null ? basename(target) : 'out'}${STAGING_MARK}${uniquePart().replace('.', '-')}`,
  );
  live.add(staging);
  try {
    mkdirSync(staging);
    for (const f of files) writeNew(join(staging, f.name), f.data);
    const paths = files.map((f) => join(dir, f.name));
    if (existing === null) {
      try {
        renameSync(staging, target);
        return paths;
      } catch (e) {
        // someone created the folder meanwhile: fall through to file-by-file renames
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
        mkdirSync(target, { recursive: true });
      }
    }
    for (const f of files) checkReplaceable(join(target, f.name));
    for (const f of files) renameSync(join(staging, f.name), join(target, f.name));
    return paths;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    live.delete(staging);
  }
}

/** What an output flag names: a file a run writes, or a folder that receives its outputs. */
export type OutputRole = 'output-file' | 'output-dir';

/** The nearest existing ancestor of `path` (itself when it exists), with its stats. */
function nearestExisting(path: string): { path: string; stats: Stats } {
  let p = resolve(path);
  for (;;) {
    const s = lstatOrNull(p);
    if (s !== null) return { path: p, stats: s.isSymbolicLink() ? statSync(p) : s };
    const up = dirname(p);
    if (up === p) throw new Error(`no existing ancestor of '${path}'`);
    p = up;
  }
}

/** Whether a file can be created in folder `dir`: tried, not assumed (root ignores permission bits, a read-only mount does not). */
function probeWritable(dir: string): string | null {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    return 'is not writable';
  }
  const probe = join(dir, `.replica-probe.${uniquePart()}${TMP_SUFFIX}`);
  live.add(probe);
  try {
    writeNew(probe, '');
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EROFS' ? 'is on a read-only file system' : `is not writable (${code ?? (e as Error).message})`;
  } finally {
    rmSync(probe, { force: true });
    live.delete(probe);
  }
}

/**
 * Checks, before any computation, that an output flag's path can be written: a file that is
 * absent or a regular file in a writable folder; a folder that is absent (created below a
 * writable folder) or a writable folder. Nothing is created.
 * @param flag - the flag, without dashes (for the message)
 * @param path - its value
 * @param role - a file or a folder
 * @throws UsageError `--flag: …` naming what is wrong
 */
export function checkOutputPath(flag: string, path: string, role: OutputRole): void {
  const bad = (why: string): never => {
    throw new UsageError(`--${flag}: cannot write '${path}': ${why}`);
  };
  const own = lstatOrNull(resolve(path));
  if (own !== null) {
    if (role === 'output-file' && !own.isFile()) bad(`it is ${kindOf(own)}, and only a regular file is replaced`);
    if (role === 'output-dir' && !own.isDirectory())
      bad(`it is ${own.isFile() ? 'a file' : kindOf(own)}, not a directory`);
  }
  const folder = role === 'output-dir' && own !== null ? resolve(path) : dirname(resolve(path));
  const near = nearestExisting(folder);
  if (!near.stats.isDirectory())
    bad(`'${near.path}' is ${near.stats.isFile() ? 'a file' : kindOf(near.stats)}, not a directory`);
  const why = probeWritable(near.path);
  if (why !== null) bad(`'${near.path}' ${why}`);
}

/** The default limit on one input's size: 1 GiB. */
export const DEFAULT_INPUT_LIMIT_BYTES = 2 ** 30;

/**
 * The bytes of an input file, or an Error saying in a few words why it cannot be read. Only
 * regular files are read (a device, a FIFO or a socket is refused at once: opened without
 * blocking, checked by `fstat`), and only up to `limit` bytes.
 * @param path - the file
 * @param limit - the largest size accepted, in bytes
 */
export function readFileForInput(path: string, limit = DEFAULT_INPUT_LIMIT_BYTES): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message,
    );
  }
  try {
    const s = fstatSync(fd);
    if (s.isDirectory()) throw new Error('is a directory');
    if (!s.isFile()) throw new Error(`is ${kindOf(s)}, not a regular file`);
    if (s.size > limit)
      throw new Error(
        `is ${(s.size / 2 ** 20).toFixed(1)} MiB, above the input limit of ${(limit / 2 ** 20).toFixed(0)} MiB (raise it with --max-input-mb)`,
      );
    const out = new Uint8Array(s.size);
    let off = 0;
    while (off < out.length) {
      const n = readSync(fd, out, off, out.length - off, off);
      if (n === 0) break;
      off += n;
    }
    if (off !== out.length) throw new Error(`changed while being read (${off} of ${out.length} bytes)`);
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Progress of one task: the fraction done and what is happening. */
export type ProgressFn = (fraction: number, message?: string) => void;

/** Progress reporting on a stream. */
export interface Reporter {
  /** Starts a task: its progress function, and `end` to close it (prints the last message and the time taken). */
  task(label: string): { readonly progress: ProgressFn; end(message?: string): void };
  /** A line of information. */
  info(message: string): void;
}

/** A reporter writing to `stream`: a bar when it is a TTY, a line at the start and end of each task otherwise. */
export function streamReporter(stream: NodeJS.WriteStream = process.stderr, quiet = false): Reporter {
  const tty = stream.isTTY === true;
  return {
    task(label) {
      const started = performance.now();
      let announced = false;
      let last = '';
      let ended = false;
      const end = (message?: string) => {
        if (ended || quiet) return;
        ended = true;
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        if (tty) stream.write('\r\x1b[2K');
        stream.write(`${label}: ${message ?? (last || 'done')} (${secs} s)\n`);
      };
      const progress: ProgressFn = (fraction, message) => {
        if (quiet || ended) return;
        if (message !== undefined) last = message;
        if (!tty) {
          if (!announced) stream.write(`${label}…\n`);
          announced = true;
          return;
        }
        const f = Math.min(1, Math.max(0, fraction));
        const width = 28;
        const bar = '█'.repeat(Math.round(f * width)).padEnd(width, '░');
        stream.write(`\r\x1b[2K${bar} ${(100 * f).toFixed(0).padStart(3)}% ${label}${message ? ` — ${message}` : ''}`);
      };
      return { progress, end };
    },
    info(message) {
      if (!quiet) stream.write(`${message}\n`);
    },
  };
}
