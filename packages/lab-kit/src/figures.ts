/**
 * Figure specifications as plain data: what to draw (series of simulation and theory on
 * shared axes, bars, heatmaps, image grids), never how. Any host renders them — the CLI to
 * SVG/PNG with Vega-Lite, the web explorer live — and they survive `JSON.stringify` and
 * `postMessage` (image pixels as typed arrays).
 * @module
 */

/** An axis: its label, an optional unit (drawn as `title (unit)`), scale and fixed domain. */
export interface Axis {
  readonly title: string;
  readonly unit?: string;
  readonly scale?: 'linear' | 'log';
  readonly domain?: readonly [number, number];
}

/**
 * One point of a series. `yErr` draws a symmetric ±yErr bar; `yLow`/`yHigh` give an
 * asymmetric bar, or the edges of a band.
 */
export interface SeriesPoint {
  readonly x: number;
  readonly y: number;
  readonly yErr?: number;
  readonly yLow?: number;
  readonly yHigh?: number;
}

/** How a series is drawn. */
export type SeriesMark = 'line' | 'points' | 'band';

/**
 * A named series. `kind` says what it is — a simulation (measured, with error bars) or a
 * theory (computed) — and fixes the default mark: theory as a line joined in the order of
 * its points, simulation as points with their error bars.
 */
export interface Series {
  readonly name: string;
  readonly kind: 'simulation' | 'theory';
  /** Overrides the default mark (e.g. a simulated trajectory as a line, a theory band). */
  readonly mark?: SeriesMark;
  readonly points: readonly SeriesPoint[];
}

/** What every figure has: its file stem, title and caption. */
export interface FigureBase {
  /** File stem, e.g. `sampling-normal` → `sampling-normal.svg`. */
  readonly name: string;
  readonly title: string;
  /** One or two sentences: what is plotted and what agreement means. */
  readonly caption: string;
}

/** Series on shared x/y axes (lines, scatter, error bars, bands). */
export interface ChartFigure extends FigureBase {
  readonly type: 'chart';
  readonly x: Axis;
  readonly y: Axis;
  readonly series: readonly Series[];
}

/** One bar of a grouped bar chart. */
export interface Bar {
  readonly category: string;
  readonly group: string;
  readonly value: number;
}

/** A grouped bar chart of values by category, coloured by group (benchmarks). */
export interface BarFigure extends FigureBase {
  readonly type: 'bars';
  /** Title of the category axis. */
  readonly category: string;
  /** The value axis. */
  readonly value: Axis;
  readonly bars: readonly Bar[];
}

/** One cell of a heatmap, centred at (x, y). */
export interface HeatmapCell {
  readonly x: number;
  readonly y: number;
  readonly value: number;
}

/** Values on a grid of (x, y) cells, coloured by value (phase diagrams, matrices). */
export interface HeatmapFigure extends FigureBase {
  readonly type: 'heatmap';
  readonly x: Axis;
  readonly y: Axis;
  /** The colour scale: its title, unit and (optional) fixed domain. */
  readonly value: Axis;
  readonly cells: readonly HeatmapCell[];
}

/** One row of an image grid: a label and its images (each width·height values, row-major). */
export interface ImageRow {
  readonly label: string;
  readonly images: readonly ArrayLike<number>[];
}

/** Grey-level images in labelled rows (digits, samples, receptive fields). */
export interface ImageGridFigure extends FigureBase {
  readonly type: 'image-grid';
  readonly rows: readonly ImageRow[];
  readonly width: number;
  readonly height: number;
  /** Values drawn black and white; values outside are clamped for display only. */
  readonly range: readonly [number, number];
  /** Pixels per image pixel in a rendering. */
  readonly scale: number;
}

/** A figure of an experiment or a benchmark. */
export type Figure = ChartFigure | BarFigure | HeatmapFigure | ImageGridFigure;

/**
 * A chart of several series on shared axes.
 * @param opts - name, title, caption, the two axes and the series
 * @returns the figure spec
 */
export function seriesFigure(opts: Omit<ChartFigure, 'type'>): ChartFigure {
  return { type: 'chart', ...opts };
}

/**
 * A grouped bar chart.
 * @param opts - name, title, caption, the category title, the value axis and the bars
 * @returns the figure spec
 */
export function barFigure(opts: Omit<BarFigure, 'type'>): BarFigure {
  return { type: 'bars', ...opts };
}

/**
 * A heatmap of values on (x, y) cells.
 * @param opts - name, title, caption, axes, colour scale and cells
 * @returns the figure spec
 */
export function heatmapFigure(opts: Omit<HeatmapFigure, 'type'>): HeatmapFigure {
  return { type: 'heatmap', ...opts };
}

/**
 * An image grid; every image must hold width·height values.
 * @param opts - name, title, caption, rows, image size, the value range (default [−1, 1], spins) and scale (default 2)
 * @returns the figure spec
 * @throws RangeError naming the image of the wrong size
 */
export function imageGridFigure(
  opts: Omit<ImageGridFigure, 'type' | 'range' | 'scale'> & {
    readonly range?: readonly [number, number];
    readonly scale?: number;
  },
): ImageGridFigure {
  const { range = [-1, 1], scale = 2, ...rest } = opts;
  for (const [r, row] of opts.rows.entries())
    for (const [c, img] of row.images.entries())
      if (img.length !== opts.width * opts.height)
        throw new RangeError(
          `rows[${r}].images[${c}]: expected ${opts.width}×${opts.height} values, got ${img.length}`,
        );
  if (!(range[1] > range[0])) throw new RangeError(`range: expected [lo, hi] with hi > lo, got [${range.join(', ')}]`);
  return { type: 'image-grid', ...rest, range, scale };
}
