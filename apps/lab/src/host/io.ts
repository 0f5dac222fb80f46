/**
 * The CLI's side effects: files written whole or not at all (a temporary sibling renamed
 * into place), inputs read from disk, and progress on stderr (a bar on a terminal, lines
 * otherwise).
 * @module
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/** The bytes of a file, or an Error saying in a few words why it cannot be read. */
export function readFileForInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message);
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
