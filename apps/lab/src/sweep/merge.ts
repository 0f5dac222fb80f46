/**
 * Merging a sweep: one tidy row per finished task (its point, seeds and scalar results), the
 * mean ± standard error over seeds at every point, figures of each observable against each
 * swept parameter (one series per value of the other parameters, the theory beside it where
 * the experiment reports one), and CSV and `.npy` exports of the table.
 * @module
 */
import type { Experiment, Figure, Series } from '@replica/lab-kit';
import { meanStderr, seriesFigure } from '@replica/lab-kit';
import type { GridPoint } from './grid';
import { canonicalPoint, sweepTasks } from './grid';
import type { SweepManifest, TaskRecord } from './store';

/** The finite numbers at the top of a run's JSON, and those of a single-element `points` list. */
export function defaultObservables(json: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(json)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  const pts = json.points;
  if (Array.isArray(pts) && pts.length === 1 && pts[0] !== null && typeof pts[0] === 'object')
    for (const [k, v] of Object.entries(pts[0] as Record<string, unknown>))
      if (typeof v === 'number' && Number.isFinite(v) && !(k in out)) out[k] = v;
  return out;
}

/** Mean ± standard error of one observable at one point. */
export interface PointStat {
  readonly mean: number;
  readonly stderr: number;
  readonly n: number;
}

/** One grid point's summary over its seeds. */
export interface MergedGroup {
  readonly point: GridPoint;
  readonly seeds: number;
  readonly stats: Readonly<Record<string, PointStat>>;
}

/** One crossing of two curves (see {@link MergedSweep.crossings}). */
export interface Crossing {
  readonly observable: string;
  /** The parameter along the curves. */
  readonly along: string;
  /** The parameter whose two values the curves belong to. */
  readonly family: string;
  readonly between: readonly [number, number];
  readonly at: number;
  readonly slope: number;
}

/** The crossings of an observable's curves along `along` between consecutive values of `family` (other axes must be single-valued). */
function crossingsOf(
  groups: readonly MergedGroup[],
  grid: SweepManifest['grid'],
  o: string,
  along: string,
  family: string,
): Crossing[] {
  const fam = grid
    .find((a) => a.name === family)!
    .values.slice()
    .sort((a, b) => (a as number) - (b as number)) as number[];
  const out: Crossing[] = [];
  const curve = (f: number) =>
    new Map(
      groups
        .filter((g) => g.point[family] === f && g.stats[o])
        .map((g) => [g.point[along] as number, g.stats[o]!.mean]),
    );
  for (let i = 0; i + 1 < fam.length; i++) {
    const a = curve(fam[i]!);
    const b = curve(fam[i + 1]!);
    const xs = [...a.keys()].filter((x) => b.has(x)).sort((p, q) => p - q);
    for (let k = 0; k + 1 < xs.length; k++) {
      const d0 = a.get(xs[k]!)! - b.get(xs[k]!)!;
      const d1 = a.get(xs[k + 1]!)! - b.get(xs[k + 1]!)!;
      if (d0 === 0 || Math.sign(d0) === Math.sign(d1)) continue;
      const t = d0 / (d0 - d1);
      const x0 = xs[k]!;
      const x1 = xs[k + 1]!;
      out.push({
        observable: o,
        along,
        family,
        between: [fam[i]!, fam[i + 1]!],
        at: x0 + t * (x1 - x0),
        slope: (d1 - d0) / (x1 - x0),
      });
    }
  }
  return out;
}

/** `sweep merge`'s document. */
export interface MergedSweep {
  readonly experiment: string;
  readonly grid: SweepManifest['grid'];
  readonly seeds: readonly number[];
  readonly code: SweepManifest['code'];
  readonly tasks: {
    readonly total: number;
    readonly finished: number;
    readonly failed: number;
    readonly pending: number;
  };
  /** The row columns, in order: id, replicate, seed, the swept parameters, the observables. */
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, number | string>>[];
  readonly groups: readonly MergedGroup[];
  /** The observables drawn, and those not drawn with why. */
  readonly plotted: readonly string[];
  /**
   * Where the curves of one observable against one swept parameter cross between consecutive
   * values of another (the finite-size picture: m(α) at two N crossing near α_c), by linear
   * interpolation of the difference of their means; `slope` is that difference's change per
   * unit of the parameter there.
   */
  readonly crossings: readonly Crossing[];
  readonly notPlotted: readonly { readonly observable: string; readonly reason: string }[];
}

/**
 * Merges the finished tasks of a sweep (those of the manifest's grid; files of other grids are
 * left out and counted).
 */
export async function mergeSweep(
  manifest: SweepManifest,
  records: readonly TaskRecord[],
  experiment: Experiment | undefined,
  failedCount: number,
): Promise<{ merged: MergedSweep; figures: Figure[]; csv: string; npy: Uint8Array }> {
  // loaded on use: the CLI starts without the datasets package's modules
  const { writeNpy } = await import('@replica/datasets');
  const tasks = sweepTasks(manifest.grid, manifest.seeds);
  const order = new Map(tasks.map((t, k) => [t.id, k]));
  const mine = records.filter((r) => order.has(r.id)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const observe = experiment?.sweep?.observables ?? defaultObservables;
  const axes = manifest.grid.map((a) => a.name);
  const obsNames: string[] = [];
  const rows = mine.map((r) => {
    const obs = observe(r.result);
    for (const k of Object.keys(obs)) if (!obsNames.includes(k) && !axes.includes(k)) obsNames.push(k);
    return {
      id: r.id,
      replicate: r.replicate,
      seed: r.seed,
      ...r.point,
      ...Object.fromEntries(Object.entries(obs).filter(([k]) => !axes.includes(k))),
    };
  });
  const columns = ['id', 'replicate', 'seed', ...axes, ...obsNames];
  // groups: one per point with results, in grid order
  const byPoint = new Map<string, { point: GridPoint; rows: typeof rows }>();
  for (const [k, r] of rows.entries()) {
    const point = mine[k]!.point;
    const key = canonicalPoint(point);
    if (!byPoint.has(key)) byPoint.set(key, { point, rows: [] });
    byPoint.get(key)!.rows.push(r);
  }
  const groups: MergedGroup[] = [...byPoint.values()].map(({ point, rows: rs }) => ({
    point,
    seeds: rs.length,
    stats: Object.fromEntries(
      obsNames.flatMap((o) => {
        const vals = rs.map((r) => (r as Record<string, unknown>)[o]).filter((v): v is number => typeof v === 'number');
        if (vals.length === 0) return [];
        const s = meanStderr(vals);
        return [[o, { mean: s.mean, stderr: s.stderr, n: s.n }]];
      }),
    ),
  }));
  const plotted: string[] = [];
  const notPlotted: { observable: string; reason: string }[] = [];
  const figures: Figure[] = [];
  const crossings: Crossing[] = [];
  const numericAxes = manifest.grid.filter((a) => a.values.every((v) => typeof v === 'number'));
  for (const o of obsNames) {
    if (o.endsWith('_theory') && obsNames.includes(o.slice(0, -'_theory'.length))) continue;
    const vals = rows.map((r) => (r as Record<string, unknown>)[o]).filter((v): v is number => typeof v === 'number');
    if (vals.every((v) => v === vals[0])) {
      notPlotted.push({ observable: o, reason: 'the same in every run' });
      continue;
    }
    if (numericAxes.length === 0) {
      notPlotted.push({ observable: o, reason: 'no numeric swept parameter' });
      continue;
    }
    plotted.push(o);
    const theory = obsNames.includes(`${o}_theory`) ? `${o}_theory` : null;
    for (const axis of numericAxes) figures.push(figureOf(manifest, groups, o, theory, axis.name));
    // crossings need every other axis single-valued
    for (const along of numericAxes)
      for (const family of numericAxes)
        if (along !== family && manifest.grid.every((ax) => ax === along || ax === family || ax.values.length === 1))
          crossings.push(...crossingsOf(groups, manifest.grid, o, along.name, family.name));
  }
  const esc = (v: unknown) => {
    const s = v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const csv = `${[columns.join(','), ...rows.map((r) => columns.map((c) => esc((r as Record<string, unknown>)[c])).join(','))].join('\n')}\n`;
  // the numeric columns as one float64 matrix (NaN where a run lacks a value)
  const npyColumns = columns.filter(
    (c) => c !== 'id' && rows.every((r) => typeof (r as Record<string, unknown>)[c] !== 'string'),
  );
  const table = new Float64Array(rows.length * npyColumns.length);
  for (const [i, r] of rows.entries())
    for (const [j, c] of npyColumns.entries()) {
      const v = (r as Record<string, unknown>)[c];
      table[i * npyColumns.length + j] = typeof v === 'number' ? v : Number.NaN;
    }
  const merged: MergedSweep & { npyColumns: readonly string[] } = {
    experiment: manifest.experiment,
    grid: manifest.grid,
    seeds: manifest.seeds,
    code: manifest.code,
    tasks: { total: tasks.length, finished: mine.length, failed: failedCount, pending: tasks.length - mine.length },
    columns,
    rows,
    groups,
    plotted,
    crossings,
    notPlotted,
    npyColumns,
  };
  return { merged, figures, csv, npy: writeNpy(table, [rows.length, npyColumns.length]) };
}

function figureOf(
  manifest: SweepManifest,
  groups: readonly MergedGroup[],
  o: string,
  theory: string | null,
  axis: string,
): Figure {
  const others = manifest.grid.map((a) => a.name).filter((n) => n !== axis);
  const label = (p: GridPoint) => (others.length === 0 ? '' : others.map((n) => `${n} = ${p[n]}`).join(', '));
  const lines = new Map<string, MergedGroup[]>();
  for (const g of groups) {
    const key = label(g.point);
    if (!lines.has(key)) lines.set(key, []);
    lines.get(key)!.push(g);
  }
  const series: Series[] = [];
  for (const [key, gs] of lines) {
    const sorted = gs.filter((g) => g.stats[o]).sort((a, b) => (a.point[axis] as number) - (b.point[axis] as number));
    series.push({
      name: key === '' ? o : key,
      kind: 'simulation',
      points: sorted.map((g) => ({ x: g.point[axis] as number, y: g.stats[o]!.mean, yErr: g.stats[o]!.stderr })),
    });
    if (theory)
      series.push({
        name: `theory${key === '' ? '' : `, ${key}`}`,
        kind: 'theory',
        points: sorted
          .filter((g) => g.stats[theory])
          .map((g) => ({ x: g.point[axis] as number, y: g.stats[theory]!.mean })),
      });
  }
  return seriesFigure({
    name: `sweep-${o}-vs-${axis}`.replace(/[^A-Za-z0-9._-]/g, '_'),
    title: `${manifest.experiment}: ${o} vs ${axis}`,
    caption: `Mean ± standard error over ${manifest.seeds.length} seeds at each point${theory ? `, beside ${theory} (lines)` : ''}; one series per value of ${others.join(', ') || 'nothing else'}.`,
    x: { title: axis },
    y: { title: o },
    series,
  });
}
