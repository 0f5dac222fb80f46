/**
 * Output: files written whole or not at all (write to a temporary sibling,
 * then rename), and progress on stderr (a bar on a terminal, lines otherwise).
 * @module
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Writes `data` to `path` atomically: readers see the old file or the whole new one. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Progress reporting to stderr. */
export interface Progress {
  /** Starts a task of `total` steps. */
  start(label: string, total: number): void;
  /** Marks `done` of `total` steps finished. */
  update(done: number): void;
  /** Ends the task. */
  end(message?: string): void;
  /** A line of information. */
  info(message: string): void;
}

/** A progress reporter writing to `stream` (a bar when it is a TTY). */
export function stderrProgress(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  const tty = stream.isTTY === true;
  let label = '';
  let total = 1;
  let started = 0;
  return {
    start(l, t) {
      label = l;
      total = Math.max(1, t);
      started = performance.now();
      if (!quiet && !tty) stream.write(`${label}…\n`);
      if (!quiet && tty) this.update(0);
    },
    update(done) {
      if (quiet || !tty) return;
      const f = Math.min(1, done / total);
      const width = 28;
      const bar = '█'.repeat(Math.round(f * width)).padEnd(width, '░');
      stream.write(`\r${bar} ${(100 * f).toFixed(0).padStart(3)}% ${label}`);
    },
    end(message) {
      if (quiet) return;
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      if (tty) stream.write(`\r\x1b[2K`);
      stream.write(`${label}: ${message ?? 'done'} (${secs} s)\n`);
    },
    info(message) {
      if (!quiet) stream.write(`${message}\n`);
    },
  };
}
