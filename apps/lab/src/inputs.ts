/**
 * Reading input files named by flags: a missing, unreadable or malformed file
 * is bad input (exit 2), reported with the flag's name.
 * @module
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './params';

/** The text of the file a flag names. @throws UsageError naming the flag */
export function readInputFile(path: unknown, flag: string, what: string): string {
  if (typeof path !== 'string' || path === '') throw new UsageError(`--${flag}: required (${what})`);
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new UsageError(`--${flag}: cannot read '${path}': ${why}`);
  }
}

/** Parses a JSON file a flag names. @throws UsageError naming the flag */
export function readJsonFile(path: unknown, flag: string, what: string): unknown {
  const text = readInputFile(path, flag, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--${flag}: '${String(path)}' is not valid JSON (${(e as Error).message})`);
  }
}

/** Runs `f`, turning the RangeError/TypeError of a library's argument check into a usage error about `flag`. */
export function asUsage<T>(flag: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError) throw new UsageError(`--${flag}: ${e.message}`);
    throw e;
  }
}

/** A couplings file {"J": [[...]], "h": [...]} as matrices. */
export function parseCouplingsFile(doc: unknown, flag: string): { J: number[][]; h: number[] | null } {
  if (doc === null || typeof doc !== 'object' || !Array.isArray((doc as { J?: unknown }).J)) {
    throw new UsageError(`--${flag}: expected {"J": [[...], ...], "h": [...]}`);
  }
  const { J, h } = doc as { J: unknown[]; h?: unknown };
  const n = J.length;
  if (n === 0) throw new UsageError(`--${flag}: J is empty`);
  J.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) {
      throw new UsageError(
        `--${flag}: J row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries; expected ${n} (square)`,
      );
    }
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new UsageError(`--${flag}: J[${i}][${j}] = ${JSON.stringify(v)} is not a finite number`);
    });
  });
  if (h !== undefined && h !== null) {
    if (!Array.isArray(h) || h.length !== n)
      throw new UsageError(
        `--${flag}: h must have ${n} entries (one per spin), got ${Array.isArray(h) ? h.length : typeof h}`,
      );
    h.forEach((v, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new UsageError(`--${flag}: h[${i}] = ${JSON.stringify(v)} is not a finite number`);
    });
  }
  return { J: J as number[][], h: (h as number[] | undefined) ?? null };
}
