/**
 * Figures: Vega-Lite specifications for "simulation beside theory" plots,
 * rendered to SVG headlessly with Vega (no browser, no canvas).
 * @module
 */
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';

/** One point of a series; `yErr` draws a ±yErr bar. */
export interface SeriesPoint {
  readonly x: number;
  readonly y: number;
  readonly yErr?: number;
}

/** A named series: simulations are drawn as points with error bars, theory as lines. */
export interface Series {
  readonly name: string;
  readonly kind: 'simulation' | 'theory';
  readonly points: readonly SeriesPoint[];
}

/** Axis options. */
export interface AxisSpec {
  readonly title: string;
  readonly scale?: 'linear' | 'log';
  readonly domain?: readonly [number, number];
}

/** What every figure has: its file stem, title and caption. */
export interface FigureBase {
  /** File stem, e.g. `sampling-normal` → `sampling-normal.svg`. */
  readonly name: string;
  readonly title: string;
  /** One or two sentences for the report: what is plotted and what agreement means. */
  readonly caption: string;
}

/** A chart: a Vega-Lite spec rendered to SVG. */
export interface ChartFigure extends FigureBase {
  readonly spec: TopLevelSpec;
}

/** A figure already drawn as a standalone SVG document (e.g. an image grid). */
export interface SvgFigure extends FigureBase {
  readonly svg: string;
  /** The raster inside the SVG (image grids), also written to --out as `<name>.png`. */
  readonly png?: Uint8Array;
}

/** A figure of an experiment or benchmark. */
export type Figure = ChartFigure | SvgFigure;

const WIDTH = 520;
const HEIGHT = 300;

/**
 * A line/point chart of several series on shared axes: theory as lines (joined in the
 * order of their points), simulation as points with error bars, colour by series name.
 */
export function seriesFigure(opts: {
  name: string;
  title: string;
  caption: string;
  x: AxisSpec;
  y: AxisSpec;
  series: readonly Series[];
}): ChartFigure {
  // On a log axis a bar reaching 0 or below is drawn down to the axis floor (it cannot be shown further).
  const floor = opts.y.scale === 'log' ? (opts.y.domain?.[0] ?? Number.MIN_VALUE) : Number.NEGATIVE_INFINITY;
  const rows = opts.series.flatMap((s) =>
    s.points.map((p, i) => ({
      series: s.name,
      i,
      kind: s.kind,
      x: p.x,
      y: p.y,
      lo: p.yErr === undefined ? null : Math.max(p.y - p.yErr, floor),
      hi: p.yErr === undefined ? null : p.y + p.yErr,
    })),
  );
  const scale = (a: AxisSpec) => ({
    type: a.scale ?? 'linear',
    ...(a.domain ? { domain: [...a.domain] } : a.scale === 'log' ? {} : { zero: false }),
  });
  const x = { field: 'x', type: 'quantitative' as const, title: opts.x.title, scale: scale(opts.x) };
  const y = { field: 'y', type: 'quantitative' as const, title: opts.y.title, scale: scale(opts.y) };
  const color = { field: 'series', type: 'nominal' as const, title: null, legend: { labelLimit: 320 } };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: opts.title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'theory'" }],
        mark: { type: 'line', strokeWidth: 2, clip: true },
        // points in the order given, so a line may turn back (re-entrant phase boundaries)
        encoding: { x, y, color, order: { field: 'i', type: 'quantitative' } },
      },
      {
        transform: [{ filter: "datum.kind === 'simulation' && datum.lo !== null" }],
        mark: { type: 'rule', clip: true },
        encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
      },
      {
        transform: [{ filter: "datum.kind === 'simulation'" }],
        mark: { type: 'point', filled: true, size: 40, clip: true },
        encoding: { x, y, color },
      },
    ],
  };
  return { name: opts.name, title: opts.title, caption: opts.caption, spec };
}

/** A grouped bar chart of `value` by `category`, coloured by `group` (benchmarks). */
export function barFigure(opts: {
  name: string;
  title: string;
  caption: string;
  category: string;
  value: string;
  scale?: 'linear' | 'log';
  rows: readonly { category: string; group: string; value: number }[];
}): ChartFigure {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: opts.title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: opts.rows.map((r) => ({ ...r })) },
    mark: 'bar',
    encoding: {
      x: { field: 'category', type: 'nominal', title: opts.category },
      xOffset: { field: 'group' },
      y: { field: 'value', type: 'quantitative', title: opts.value, scale: { type: opts.scale ?? 'linear' } },
      color: { field: 'group', type: 'nominal', title: null },
    },
  };
  return { name: opts.name, title: opts.title, caption: opts.caption, spec };
}

/** Renders a figure to a standalone SVG document. */
export async function renderSvg(figure: Figure): Promise<string> {
  if ('svg' in figure) return figure.svg;
  const view = new vega.View(vega.parse(compile(figure.spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
