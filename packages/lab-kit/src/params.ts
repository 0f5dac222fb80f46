/**
 * Parameter specifications and the flag parser. An experiment or bench suite declares
 * its parameters once (kebab-case flags, kinds, ranges, defaults); the value types follow
 * from the declaration, and the parser turns argv into validated values or a
 * {@link UsageError} naming the flag and what it accepts.
 * @module
 */

/** Bad input from the user (a flag, a file it names): hosts print the message; the CLI exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface Base {
  /** Flag name without dashes, kebab-case, e.g. `mask-fraction`. */
  readonly name: string;
  /** One line for `list` and `--help`. */
  readonly help: string;
}

/** A numeric range: values outside [min, max] are refused, never clipped. */
interface Range {
  readonly min?: number;
  readonly max?: number;
}

/** An integer flag. */
export interface IntParam extends Base, Range {
  readonly kind: 'int';
  readonly default?: number;
}

/** A real-number flag. */
export interface NumberParam extends Base, Range {
  readonly kind: 'number';
  readonly default?: number;
}

/** Comma-separated integers, every one in range. */
export interface IntListParam extends Base, Range {
  readonly kind: 'int-list';
  readonly default?: readonly number[];
}

/** Comma-separated reals, every one in range. */
export interface NumberListParam extends Base, Range {
  readonly kind: 'number-list';
  readonly default?: readonly number[];
}

/** One of a fixed set of words. */
export interface EnumParam extends Base {
  readonly kind: 'enum';
  readonly values: readonly string[];
  readonly default?: string;
}

/** A comma list of words from a fixed set: no empty item, no repeat. */
export interface EnumListParam extends Base {
  readonly kind: 'enum-list';
  readonly values: readonly string[];
  readonly default?: readonly string[];
}

/** Free text (non-empty). */
export interface StringParam extends Base {
  readonly kind: 'string';
  readonly default?: string;
}

/** The name of an input or output the host resolves (a file path in the CLI). */
export interface PathParam extends Base {
  readonly kind: 'path';
  readonly default?: string;
  /**
   * What the path names: an input the run reads (default), a file it writes, or a folder that
   * receives its outputs. A host checks every output path before the run computes anything.
   */
  readonly role?: 'input' | 'output-file' | 'output-dir';
}

/** A switch without a value: true when given. */
export interface FlagParam extends Base {
  readonly kind: 'flag';
}

/** One parameter of an experiment, a bench suite or a command. */
export type ParamSpec =
  | IntParam
  | NumberParam
  | IntListParam
  | NumberListParam
  | EnumParam
  | EnumListParam
  | StringParam
  | PathParam
  | FlagParam;

/** T when the spec has a default, else T | undefined. */
export type OrUndefined<S, T> = S extends { readonly default: unknown } ? T : T | undefined;

/**
 * The value type of one spec: `number` for int/number, `number[]` for lists, the union of
 * the words for an enum, `string` for string/path, `boolean` for a flag; `| undefined`
 * when the spec has no default (flags are always defined).
 */
export type ParamValue<S extends ParamSpec> = S extends { readonly kind: 'flag' }
  ? boolean
  : S extends { readonly kind: 'int' | 'number' }
    ? OrUndefined<S, number>
    : S extends { readonly kind: 'int-list' | 'number-list' }
      ? OrUndefined<S, number[]>
      : S extends { readonly kind: 'enum'; readonly values: readonly (infer V extends string)[] }
        ? OrUndefined<S, V>
        : S extends { readonly kind: 'enum-list'; readonly values: readonly (infer V extends string)[] }
          ? OrUndefined<S, V[]>
          : S extends { readonly kind: 'string' | 'path' }
            ? OrUndefined<S, string>
            : never;

/** Parsed values of a spec list, keyed by flag name (kebab-case), typed from the specs. */
export type ParamValues<P extends readonly ParamSpec[]> = {
  -readonly [S in P[number] as S['name']]: ParamValue<S>;
};

/** Values of specs not known statically (what a host handles). */
export type AnyParamValues = Record<string, number | number[] | string | string[] | boolean | undefined>;

/**
 * Declares a list of parameters shared by several experiments, keeping the literal names,
 * kinds and enum words so that values stay typed where the list is spread.
 * @param specs - the parameter specs
 * @returns the same specs
 */
export function defineParams<const P extends readonly ParamSpec[]>(specs: P): P {
  return specs;
}

/**
 * What a spec accepts, for error messages and `--help`.
 * @param spec - the parameter
 * @returns e.g. `an integer in [1, 100]` or `cpu|webgpu|auto`
 */
export function describeAccepted(spec: ParamSpec): string {
  const range = (s: Range) =>
    s.min !== undefined && s.max !== undefined
      ? ` in [${s.min}, ${s.max}]`
      : s.min !== undefined
        ? ` ≥ ${s.min}`
        : s.max !== undefined
          ? ` ≤ ${s.max}`
          : '';
  switch (spec.kind) {
    case 'int':
      return `an integer${range(spec)}`;
    case 'number':
      return `a number${range(spec)}`;
    case 'int-list':
      return `comma-separated integers${range(spec)}`;
    case 'number-list':
      return `comma-separated numbers${range(spec)}`;
    case 'enum':
      return spec.values.join('|');
    case 'enum-list':
      return `a comma list of ${spec.values.join('|')}`;
    case 'string':
      return 'a string';
    case 'path':
      return 'a file path';
    case 'flag':
      return 'no value';
  }
}

function parseNumber(spec: Base & Range, text: string, integer: boolean, accepted: string): number {
  const t = text.trim();
  const v = t === '' ? Number.NaN : Number(t);
  if (!Number.isFinite(v) || (integer && !Number.isSafeInteger(v)))
    throw new UsageError(`--${spec.name}: expected ${accepted}, got '${text}'`);
  if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max))
    throw new UsageError(`--${spec.name}: expected ${accepted}, got ${v}`);
  return v;
}

/**
 * Converts one flag's text to its value.
 * @param spec - the parameter
 * @param text - the text after the flag
 * @returns the validated value
 * @throws UsageError naming the flag and what it accepts
 */
export function parseValue(spec: ParamSpec, text: string): number | number[] | string | string[] | boolean {
  const accepted = describeAccepted(spec);
  switch (spec.kind) {
    case 'int':
    case 'number':
      return parseNumber(spec, text, spec.kind === 'int', accepted);
    case 'int-list':
    case 'number-list': {
      const parts = text.split(',');
      if (parts.some((p) => p.trim() === ''))
        throw new UsageError(`--${spec.name}: expected ${accepted}, got '${text}'`);
      return parts.map((p) => parseNumber(spec, p, spec.kind === 'int-list', accepted));
    }
    case 'enum':
      if (!spec.values.includes(text))
        throw new UsageError(`--${spec.name}: expected one of ${spec.values.join('|')}, got '${text}'`);
      return text;
    case 'enum-list': {
      const parts = text.split(',').map((p) => p.trim());
      for (const p of parts) {
        if (p === '') throw new UsageError(`--${spec.name}: expected ${accepted}, got '${text}' (an empty item)`);
        if (!spec.values.includes(p)) throw new UsageError(`--${spec.name}: expected ${accepted}, got '${p}'`);
      }
      const dup = parts.find((p, i) => parts.indexOf(p) !== i);
      if (dup !== undefined) throw new UsageError(`--${spec.name}: '${dup}' is given more than once`);
      return parts;
    }
    case 'string':
    case 'path':
      if (text === '') throw new UsageError(`--${spec.name}: expected ${accepted}, got an empty value`);
      return text;
    case 'flag':
      throw new UsageError(`--${spec.name}: takes no value`);
  }
}

/** Options of {@link parseFlags}. */
export interface ParseFlagsOptions {
  /**
   * Called with a flag no spec declares, before it is refused: return a message (e.g. "a flag of the
   * rbm suite") to name where it belongs, or undefined for the generic message.
   */
  readonly unknown?: (name: string) => string | undefined;
}

/**
 * Parses `--name value` / `--name=value` flags against `specs`, filling in defaults.
 * Positional arguments, unknown or repeated flags and missing values are usage errors.
 * @param argv - the arguments after the command
 * @param specs - the accepted parameters
 * @param context - e.g. `run sampling`, used in messages
 * @param options - see {@link ParseFlagsOptions}
 * @returns the values, typed from `specs`
 * @throws UsageError naming the flag
 */
export function parseFlags<const P extends readonly ParamSpec[]>(
  argv: readonly string[],
  specs: P,
  context: string,
  options: ParseFlagsOptions = {},
): ParamValues<P> {
  const byName = new Map<string, ParamSpec>(specs.map((s) => [s.name, s]));
  const values: AnyParamValues = {};
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--') || arg === '--')
      throw new UsageError(`${context}: unexpected argument '${arg}' (flags look like --name value)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) {
      const where = options.unknown?.(name);
      if (where !== undefined) throw new UsageError(`${context}: --${name} is ${where}`);
      const accepted = specs.map((s) => `--${s.name}`).join(', ');
      throw new UsageError(`${context}: unknown flag --${name}; accepted: ${accepted}`);
    }
    if (seen.has(name)) throw new UsageError(`--${name}: given more than once`);
    seen.add(name);
    if (spec.kind === 'flag') {
      if (eq >= 0) throw new UsageError(`--${name}: takes no value`);
      values[name] = true;
      continue;
    }
    let text: string;
    if (eq >= 0) text = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`--${name}: missing value (expected ${describeAccepted(spec)})`);
      text = next;
      i++;
    }
    values[name] = parseValue(spec, text);
  }
  for (const spec of specs) {
    if (spec.kind === 'flag') values[spec.name] ??= false;
    else if (values[spec.name] === undefined && spec.default !== undefined)
      values[spec.name] = (typeof spec.default === 'object' ? [...spec.default] : spec.default) as
        | number
        | string
        | number[]
        | string[];
  }
  return values as ParamValues<P>;
}

/**
 * Default values of `specs` (what {@link parseFlags} returns for no arguments).
 * @param specs - the parameters
 * @returns the defaults, flags false
 */
export function defaultValues<const P extends readonly ParamSpec[]>(specs: P): ParamValues<P> {
  return parseFlags([], specs, 'defaults');
}

/**
 * The parameter table of `--help` and `list`: one line per flag with its help, what it
 * accepts and its default.
 * @param specs - the parameters
 * @returns the table as text
 */
export function formatParams(specs: readonly ParamSpec[]): string {
  return specs
    .map((s) => {
      const def =
        s.kind !== 'flag' && s.default !== undefined
          ? ` (default ${typeof s.default === 'object' ? s.default.join(',') : String(s.default)})`
          : '';
      return `  --${s.name.padEnd(16)} ${s.help}; ${describeAccepted(s)}${def}`;
    })
    .join('\n');
}
