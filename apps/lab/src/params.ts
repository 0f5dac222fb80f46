/**
 * Parameter specifications and the flag parser: every experiment declares its
 * parameters once (kebab-case flags, types, ranges, defaults), and the parser
 * turns argv into validated values or a {@link UsageError} naming the flag and
 * what it accepts.
 * @module
 */

/** Bad command-line input: the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface Base {
  /** Flag name without dashes, kebab-case, e.g. `mask-fraction`. */
  readonly name: string;
  /** One line for `list` and `--help`. */
  readonly help: string;
}

/** One parameter of an experiment or command. */
export type ParamSpec =
  | (Base & { readonly kind: 'int'; readonly default?: number; readonly min?: number; readonly max?: number })
  | (Base & { readonly kind: 'number'; readonly default?: number; readonly min?: number; readonly max?: number })
  | (Base & {
      readonly kind: 'number-list';
      readonly default?: readonly number[];
      readonly min?: number;
      readonly max?: number;
    })
  | (Base & {
      readonly kind: 'int-list';
      readonly default?: readonly number[];
      readonly min?: number;
      readonly max?: number;
    })
  | (Base & { readonly kind: 'enum'; readonly values: readonly string[]; readonly default?: string })
  | (Base & { readonly kind: 'string'; readonly default?: string })
  | (Base & { readonly kind: 'path'; readonly default?: string })
  | (Base & { readonly kind: 'flag' });

/** Parsed values by flag name (kebab-case). */
export type ParamValues = Record<string, number | number[] | string | boolean | undefined>;

/** What each kind accepts, for error messages and `--help`. */
export function describeAccepted(spec: ParamSpec): string {
  const range = (s: { min?: number; max?: number }) =>
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
    case 'string':
      return 'a string';
    case 'path':
      return 'a file path';
    case 'flag':
      return 'no value';
  }
}

function parseNumber(spec: ParamSpec & { min?: number; max?: number }, text: string, integer: boolean): number {
  const t = text.trim();
  const v = t === '' ? Number.NaN : Number(t);
  if (!Number.isFinite(v) || (integer && !Number.isSafeInteger(v))) {
    throw new UsageError(`--${spec.name}: expected ${describeAccepted(spec)}, got '${text}'`);
  }
  if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
    throw new UsageError(`--${spec.name}: expected ${describeAccepted(spec)}, got ${v}`);
  }
  return v;
}

/** Converts one flag's text to its value. @throws UsageError naming the flag */
export function parseValue(spec: ParamSpec, text: string): number | number[] | string | boolean {
  switch (spec.kind) {
    case 'int':
      return parseNumber(spec, text, true);
    case 'number':
      return parseNumber(spec, text, false);
    case 'int-list':
    case 'number-list': {
      const parts = text.split(',');
      if (parts.some((p) => p.trim() === '')) {
        throw new UsageError(`--${spec.name}: expected ${describeAccepted(spec)}, got '${text}'`);
      }
      return parts.map((p) => parseNumber(spec, p, spec.kind === 'int-list'));
    }
    case 'enum':
      if (!spec.values.includes(text)) {
        throw new UsageError(`--${spec.name}: expected one of ${spec.values.join('|')}, got '${text}'`);
      }
      return text;
    case 'string':
    case 'path':
      if (text === '') throw new UsageError(`--${spec.name}: expected ${describeAccepted(spec)}, got an empty value`);
      return text;
    case 'flag':
      throw new UsageError(`--${spec.name}: takes no value`);
  }
}

/**
 * Parses `--name value` / `--name=value` flags against `specs`. Positional
 * arguments, unknown or repeated flags and missing values are usage errors.
 * @param context - e.g. `run sampling`, used in messages
 * @returns values with defaults filled in
 */
export function parseFlags(argv: readonly string[], specs: readonly ParamSpec[], context: string): ParamValues {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values: ParamValues = {};
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`${context}: unexpected argument '${arg}' (flags look like --name value)`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (!spec) {
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
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`--${name}: missing value (expected ${describeAccepted(spec)})`);
      }
      text = next;
      i++;
    }
    values[name] = parseValue(spec, text);
  }
  for (const spec of specs) {
    if (values[spec.name] === undefined && spec.kind !== 'flag' && spec.default !== undefined) {
      values[spec.name] = Array.isArray(spec.default) ? [...spec.default] : (spec.default as number | string);
    }
    if (spec.kind === 'flag' && values[spec.name] === undefined) values[spec.name] = false;
  }
  return values;
}

/** Renders the parameter table of `--help` / `list`. */
export function formatParams(specs: readonly ParamSpec[]): string {
  return specs
    .map((s) => {
      const def =
        s.kind !== 'flag' && s.default !== undefined
          ? ` (default ${Array.isArray(s.default) ? s.default.join(',') : String(s.default)})`
          : '';
      return `  --${s.name.padEnd(16)} ${s.help}; ${describeAccepted(s)}${def}`;
    })
    .join('\n');
}
