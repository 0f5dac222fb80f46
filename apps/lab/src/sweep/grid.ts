/**
 * Sweep grids: `--grid 'n=200,400;alpha=0.1:0.16:0.01'` expanded against an experiment's
 * parameter specs, `--seeds 1..20`, and the tasks (one per grid point and seed). A task's id and
 * seed depend only on its own coordinates (by name, not position) and its seed, so adding
 * points, axes' values or seeds never changes an existing task.
 * @module
 */
import type { ParamSpec } from '@replica/lab-kit';
import { parseFlags, UsageError } from '@replica/lab-kit';
import { deriveSeed } from '@replica/webgpu-kernels';

/** One swept parameter and its values, in the order given. */
export interface GridAxis {
  readonly name: string;
  readonly values: readonly (number | string)[];
}

/** A point of the grid: one value per swept parameter. */
export type GridPoint = Readonly<Record<string, number | string>>;

/** One run of a sweep. */
export interface SweepTask {
  /** Stable id (a hash of the point and the replicate seed), the name of its result file. */
  readonly id: string;
  readonly point: GridPoint;
  /** The replicate seed from `--seeds`. */
  readonly replicate: number;
  /** The run's `--seed`, derived from the replicate seed and the point. */
  readonly seed: number;
}

const SWEEPABLE = new Set(['int', 'number', 'int-list', 'number-list', 'enum', 'enum-list', 'string', 'path']);
const MAX_POINTS_PER_AXIS = 100_000;

/** Rounds away binary noise of stepped ranges (0.1 + 0.2 → 0.3), to 12 significant digits. */
const tidy = (x: number) => Number(x.toPrecision(12));

function numbersOf(axis: string, item: string, integer: boolean): number[] {
  const num = (s: string, what: string) => {
    const v = Number(s);
    if (s.trim() === '' || !Number.isFinite(v))
      throw new UsageError(`--grid: ${axis}: ${what} '${s}' is not a number (in '${item}')`);
    return v;
  };
  const parts = item.split(':');
  if (parts.length === 1) return [num(item, 'value')];
  if (parts.length !== 3)
    throw new UsageError(
      `--grid: ${axis}: a range is lo:hi:step, lo:hi:*factor or lo:hi:logN (N log-spaced points), got '${item}'`,
    );
  const lo = num(parts[0]!, 'lo');
  const hi = num(parts[1]!, 'hi');
  const step = parts[2]!;
  if (hi < lo) throw new UsageError(`--grid: ${axis}: the range '${item}' runs backwards (hi < lo)`);
  const out: number[] = [];
  if (step.startsWith('*')) {
    const f = num(step.slice(1), 'factor');
    if (!(f > 1) || !(lo > 0)) throw new UsageError(`--grid: ${axis}: '${item}' needs lo > 0 and a factor > 1`);
    for (let v = lo; v <= hi * (1 + 1e-12) && out.length <= MAX_POINTS_PER_AXIS; v *= f) out.push(tidy(v));
  } else if (step.startsWith('log')) {
    const n = num(step.slice(3), 'count');
    if (!Number.isInteger(n) || n < 2 || !(lo > 0))
      throw new UsageError(`--grid: ${axis}: '${item}' needs lo > 0 and an integer count ≥ 2 after 'log'`);
    for (let i = 0; i < n; i++) out.push(tidy(lo * (hi / lo) ** (i / (n - 1))));
    if (integer) return [...new Set(out.map(Math.round))];
  } else {
    const d = num(step, 'step');
    if (!(d > 0)) throw new UsageError(`--grid: ${axis}: the step of '${item}' must be > 0`);
    for (let i = 0; lo + i * d <= hi + 1e-9 * d && out.length <= MAX_POINTS_PER_AXIS; i++) out.push(tidy(lo + i * d));
  }
  if (out.length > MAX_POINTS_PER_AXIS)
    throw new UsageError(`--grid: ${axis}: '${item}' gives over ${MAX_POINTS_PER_AXIS} values`);
  return out;
}

/**
 * Parses `name=values;name=values` against the experiment's specs: values are comma lists whose
 * items may be ranges (lo:hi:step inclusive, lo:hi:*factor, lo:hi:logN); list parameters take
 * one value per task. Every value is validated as the flag would be.
 * @throws UsageError naming the axis and the value
 */
export function parseGrid(text: string, specs: readonly ParamSpec[]): GridAxis[] {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const axes: GridAxis[] = [];
  const chunks = text.split(';').map((c) => c.trim());
  if (chunks.length === 0 || chunks.every((c) => c === ''))
    throw new UsageError('--grid: expected name=values;name=values');
  for (const chunk of chunks) {
    if (chunk === '') continue;
    const eq = chunk.indexOf('=');
    if (eq <= 0) throw new UsageError(`--grid: '${chunk}' is not name=values`);
    const name = chunk.slice(0, eq).trim();
    const spec = byName.get(name);
    if (!spec)
      throw new UsageError(
        `--grid: '${name}' is not a parameter of the experiment; its parameters: ${specs.map((s) => s.name).join(', ')}`,
      );
    if (!SWEEPABLE.has(spec.kind)) throw new UsageError(`--grid: '${name}' is a ${spec.kind}, which cannot be swept`);
    if (axes.some((a) => a.name === name)) throw new UsageError(`--grid: '${name}' is given twice`);
    const items = chunk
      .slice(eq + 1)
      .split(',')
      .map((s) => s.trim());
    if (items.some((s) => s === '')) throw new UsageError(`--grid: ${name}: an empty value in '${chunk}'`);
    const numeric =
      spec.kind === 'int' || spec.kind === 'number' || spec.kind === 'int-list' || spec.kind === 'number-list';
    const integer = spec.kind === 'int' || spec.kind === 'int-list';
    const values: (number | string)[] = numeric ? items.flatMap((it) => numbersOf(name, it, integer)) : items;
    if (new Set(values).size !== values.length) throw new UsageError(`--grid: ${name}: a value appears twice`);
    for (const v of values) {
      try {
        // validated exactly as the flag: bounds, integers, enum members
        parseFlags([`--${name}`, String(v)], [spec], 'grid');
      } catch (e) {
        throw new UsageError(`--grid: ${name}=${v}: ${(e as Error).message.replace(/^grid: /, '')}`);
      }
    }
    axes.push({ name, values });
  }
  if (axes.length === 0) throw new UsageError('--grid: expected name=values;name=values');
  return axes;
}

/**
 * Parses `--seeds`: `a..b` (inclusive), a comma list, or a mix (`1..4,10`); non-negative safe integers, no repeats.
 * @throws UsageError naming the item
 */
export function parseSeeds(text: string): number[] {
  const out: number[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    const m = /^(\d+)\.\.(\d+)$/.exec(item);
    const int = (s: string) => {
      const v = Number(s);
      if (!/^\d+$/.test(s) || !Number.isSafeInteger(v))
        throw new UsageError(`--seeds: '${s}' is not a non-negative integer`);
      return v;
    };
    if (m) {
      const lo = int(m[1]!);
      const hi = int(m[2]!);
      if (hi < lo) throw new UsageError(`--seeds: '${item}' runs backwards`);
      if (hi - lo >= 1_000_000) throw new UsageError(`--seeds: '${item}' is over a million seeds`);
      for (let s = lo; s <= hi; s++) out.push(s);
    } else out.push(int(item));
  }
  if (new Set(out).size !== out.length) throw new UsageError(`--seeds: '${text}' lists a seed twice`);
  return out;
}

/** The point as canonical text: names sorted, numbers in JavaScript's shortest form. */
export function canonicalPoint(point: GridPoint): string {
  return Object.keys(point)
    .sort()
    .map((k) => `${k}=${typeof point[k] === 'number' ? String(point[k]) : JSON.stringify(point[k])}`)
    .join(';');
}

/** FNV-1a, 64-bit, of a string's UTF-16 code units. */
function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

/**
 * The run seed of a task: `deriveSeed(replicate, hi, lo)` of the point's 64-bit hash (webgpu-kernels'
 * one scheme), cut to 53 bits so it is a safe integer like any `--seed`.
 */
export function taskSeed(replicate: number, point: GridPoint): number {
  const h = fnv1a64(canonicalPoint(point));
  const derived = deriveSeed(replicate, Number(h >> 32n), Number(h & 0xffffffffn));
  return Number(derived & 0x1fffffffffffffn);
}

/** A task's id: 16 hex digits of the hash of its point and replicate seed. */
export function taskId(replicate: number, point: GridPoint): string {
  return fnv1a64(`${canonicalPoint(point)}|seed=${replicate}`)
    .toString(16)
    .padStart(16, '0');
}

/** Every (point, seed) of the grid, points in row-major order of the axes, seeds innermost. */
export function sweepTasks(grid: readonly GridAxis[], seeds: readonly number[]): SweepTask[] {
  let points: Record<string, number | string>[] = [{}];
  for (const axis of grid) points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.name]: v })));
  return points.flatMap((point) =>
    seeds.map((replicate) => ({ id: taskId(replicate, point), point, replicate, seed: taskSeed(replicate, point) })),
  );
}

/** The flags of a task: the sweep's fixed flags, the point's values, and its `--seed`. */
export function taskArgv(fixed: readonly string[], task: SweepTask): string[] {
  return [
    ...fixed,
    ...Object.entries(task.point).flatMap(([k, v]) => [`--${k}`, String(v)]),
    '--seed',
    String(task.seed),
  ];
}
