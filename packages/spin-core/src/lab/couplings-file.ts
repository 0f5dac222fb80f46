/**
 * Couplings files of the spin-core experiments: `{"J": [[...], ...], "h": [...]}` with a
 * square, finite J and an optional field h of one entry per spin.
 * @module
 */
import type { RunContext } from '@replica/lab-kit';
import { readInputJson, UsageError } from '@replica/lab-kit';

/** A couplings file as matrices. */
export interface CouplingsFile {
  readonly J: number[][];
  readonly h: number[] | null;
}

/**
 * Validates a parsed couplings document.
 * @param doc - the parsed JSON
 * @param flag - the flag that named the file (for messages)
 * @returns J and h (null when absent)
 * @throws UsageError naming the flag and the offending entry
 */
export function parseCouplingsFile(doc: unknown, flag: string): CouplingsFile {
  if (doc === null || typeof doc !== 'object' || !Array.isArray((doc as { J?: unknown }).J))
    throw new UsageError(`--${flag}: expected {"J": [[...], ...], "h": [...]}`);
  const { J, h } = doc as { J: unknown[]; h?: unknown };
  const n = J.length;
  if (n === 0) throw new UsageError(`--${flag}: J is empty`);
  J.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n)
      throw new UsageError(
        `--${flag}: J row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries; expected ${n} (square)`,
      );
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

/**
 * Reads and validates the couplings file a flag names.
 * @param ctx - the run context
 * @param flag - the flag
 * @param name - its value
 * @returns J and h
 * @throws UsageError naming the flag
 */
export async function readCouplingsFile(
  ctx: Pick<RunContext, 'readInput'>,
  flag: string,
  name: string | undefined,
): Promise<CouplingsFile> {
  return parseCouplingsFile(await readInputJson(ctx, flag, name, 'a couplings file {"J": [[...]], "h": [...]}'), flag);
}
