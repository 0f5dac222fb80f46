/**
 * Reading the inputs flags name, through the host's {@link RunContext.readInput}: a missing,
 * unreadable or malformed input is bad input (a {@link UsageError} naming the flag), never a crash.
 * @module
 */
import type { RunContext } from './experiment';
import { UsageError } from './params';

/**
 * The bytes of the input a flag names.
 * @param ctx - the run context
 * @param flag - the flag, without dashes (for messages)
 * @param name - the flag's value, or undefined when it was not given
 * @param what - what the input is, e.g. `a couplings file` (for messages)
 * @returns the bytes
 * @throws UsageError naming the flag when it was not given or cannot be read
 */
export async function readInputBytes(
  ctx: Pick<RunContext, 'readInput'>,
  flag: string,
  name: string | undefined,
  what: string,
): Promise<Uint8Array> {
  if (name === undefined || name === '') throw new UsageError(`--${flag}: required (${what})`);
  try {
    return await ctx.readInput(name);
  } catch (e) {
    throw new UsageError(`--${flag}: cannot read '${name}': ${(e as Error).message}`);
  }
}

/**
 * The text (UTF-8) of the input a flag names; a UTF-8 byte-order mark at the start is dropped.
 * @param ctx - the run context
 * @param flag - the flag, without dashes
 * @param name - the flag's value, or undefined
 * @param what - what the input is
 * @returns the text
 * @throws UsageError naming the flag when it was not given, cannot be read or is not UTF-8
 */
export async function readInputText(
  ctx: Pick<RunContext, 'readInput'>,
  flag: string,
  name: string | undefined,
  what: string,
): Promise<string> {
  const bytes = await readInputBytes(ctx, flag, name, what);
  try {
    // a leading byte-order mark is dropped (ignoreBOM: false), for text and JSON alike
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UsageError(`--${flag}: '${name}' is not UTF-8 text (${what})`);
  }
}

/**
 * The parsed JSON of the input a flag names.
 * @param ctx - the run context
 * @param flag - the flag, without dashes
 * @param name - the flag's value, or undefined
 * @param what - what the input is
 * @returns the parsed document
 * @throws UsageError naming the flag when it cannot be read or is not valid JSON
 */
export async function readInputJson(
  ctx: Pick<RunContext, 'readInput'>,
  flag: string,
  name: string | undefined,
  what: string,
): Promise<unknown> {
  const text = await readInputText(ctx, flag, name, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--${flag}: '${name}' is not valid JSON (${(e as Error).message})`);
  }
}

/**
 * Rows of numbers from text: one row per line, values separated by whitespace, commas or
 * semicolons; blank lines and lines starting with `#` are skipped. A value that is empty (a
 * leading, trailing or doubled comma or semicolon) or not a finite number is refused, never
 * read as 0. Rows may differ in length (the caller checks the shape it needs).
 * @param text - the input's text
 * @param flag - the flag, without dashes (for messages)
 * @param source - the input's name (for messages)
 * @returns the rows and the 1-based line number of each
 * @throws UsageError naming the flag, the line and the value
 */
export function parseTextRows(
  text: string,
  flag: string,
  source: string,
): { readonly rows: number[][]; readonly lines: number[] } {
  const rows: number[][] = [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((raw, ln) => {
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) return;
    // separators: runs of whitespace, or one comma/semicolon with optional whitespace around it
    const tokens = l.split(/\s*[,;]\s*|\s+/);
    const row = tokens.map((tok, i) => {
      if (tok === '')
        throw new UsageError(
          `--${flag}: line ${ln + 1} of ${source} has an empty value at position ${i + 1} (a leading, trailing or doubled separator)`,
        );
      const v = Number(tok);
      if (!Number.isFinite(v)) throw new UsageError(`--${flag}: line ${ln + 1} of ${source}: '${tok}' is not a number`);
      return v;
    });
    rows.push(row);
    lines.push(ln + 1);
  });
  return { rows, lines };
}

/**
 * Runs `f`, turning the RangeError/TypeError of a library's argument check into a usage
 * error about `flag` (the library names the argument; the user knows the flag).
 * @param flag - the flag the argument came from
 * @param f - the call (a promise it returns is converted when it rejects)
 * @returns what `f` returns
 * @throws UsageError `--flag: <the library's message>`
 */
export function asUsage<T>(flag: string, f: () => T): T {
  const convert = (e: unknown): never => {
    if (e instanceof RangeError || e instanceof TypeError) {
      // the library names its argument; when that is the flag's own name, say it once
      const m = e.message.startsWith(`${flag}: `) ? e.message.slice(flag.length + 2) : e.message;
      throw new UsageError(`--${flag}: ${m}`);
    }
    throw e;
  };
  try {
    const r = f();
    // an async call's rejection is converted the same way
    return (r instanceof Promise ? r.catch(convert) : r) as T;
  } catch (e) {
    return convert(e);
  }
}
