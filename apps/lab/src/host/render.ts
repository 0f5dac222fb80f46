/**
 * Renders lab-kit figure specs headlessly: charts, bars and heatmaps through Vega-Lite and
 * Vega to SVG (no browser, no canvas); image grids to one grey-level PNG embedded, pixelated,
 * in an SVG with its row labels (the PNG is also written beside it).
 * @module
 */
import type { Axis, BarFigure, ChartFigure, Figure, HeatmapFigure, ImageGridFigure } from '@replica/lab-kit';
import { PNG } from 'pngjs';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';

const WIDTH = 520;
const HEIGHT = 300;
const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A rendered figure: the SVG document, and the raster of an image grid. */
export interface RenderedFigure {
  readonly svg: string;
  readonly png?: Uint8Array;
}

const axisTitle = (a: Axis) => (a.unit ? `${a.title} (${a.unit})` : a.title);

function scale(a: Axis): Record<string, unknown> {
  return {
    type: a.scale ?? 'linear',
    ...(a.domain ? { domain: [...a.domain] } : a.scale === 'log' ? {} : { zero: false }),
  };
}

/** The Vega-Lite spec of a chart: theory as lines, simulation as points with error bars, unless a series says otherwise. */
export function chartSpec(f: ChartFigure): TopLevelSpec {
  // On a log axis a bar reaching 0 or below is drawn down to the axis floor (it cannot be shown further).
  const floor = f.y.scale === 'log' ? (f.y.domain?.[0] ?? Number.MIN_VALUE) : Number.NEGATIVE_INFINITY;
  const rows = f.series.flatMap((s) => {
    const mark = s.mark ?? (s.kind === 'theory' ? 'line' : 'points');
    return s.points.map((p, i) => {
      const lo = p.yLow ?? (p.yErr === undefined ? undefined : p.y - p.yErr);
      const hi = p.yHigh ?? (p.yErr === undefined ? undefined : p.y + p.yErr);
      return {
        series: s.name,
        i,
        kind: s.kind,
        mark,
        x: p.x,
        y: p.y,
        lo: lo === undefined ? null : Math.max(lo, floor),
        hi: hi === undefined ? null : hi,
      };
    });
  });
  const x = { field: 'x', type: 'quantitative' as const, title: axisTitle(f.x), scale: scale(f.x) };
  const y = { field: 'y', type: 'quantitative' as const, title: axisTitle(f.y), scale: scale(f.y) };
  const color = { field: 'series', type: 'nominal' as const, title: null, legend: { labelLimit: 320 } };
  return {
    $schema: SCHEMA,
    title: f.title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: "datum.mark === 'band' && datum.lo !== null" }],
        mark: { type: 'area', opacity: 0.25, clip: true },
        encoding: {
          x,
          y: { ...y, field: 'lo' },
          y2: { field: 'hi' },
          color,
          order: { field: 'i', type: 'quantitative' },
        },
      },
      {
        transform: [{ filter: "datum.mark === 'line' || datum.mark === 'band'" }],
        mark: { type: 'line', strokeWidth: 2, clip: true },
        // points in the order given, so a line may turn back (re-entrant phase boundaries)
        encoding: { x, y, color, order: { field: 'i', type: 'quantitative' } },
      },
      {
        transform: [{ filter: "datum.mark === 'points' && datum.lo !== null" }],
        mark: { type: 'rule', clip: true },
        encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
      },
      {
        transform: [{ filter: "datum.mark === 'points' || (datum.mark === 'line' && datum.kind === 'simulation')" }],
        mark: { type: 'point', filled: true, size: 40, clip: true },
        encoding: { x, y, color },
      },
    ],
  } as TopLevelSpec;
}

/** The Vega-Lite spec of a grouped bar chart. */
export function barSpec(f: BarFigure): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: f.title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: f.bars.map((r) => ({ ...r })) },
    mark: 'bar',
    encoding: {
      x: { field: 'category', type: 'nominal', title: f.category },
      xOffset: { field: 'group' },
      y: { field: 'value', type: 'quantitative', title: axisTitle(f.value), scale: scale(f.value) },
      color: { field: 'group', type: 'nominal', title: null },
    },
  } as TopLevelSpec;
}

/** The Vega-Lite spec of a heatmap (one rect per cell, binned by its distinct x and y). */
export function heatmapSpec(f: HeatmapFigure): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: f.title,
    width: WIDTH,
    height: HEIGHT,
    data: { values: f.cells.map((c) => ({ ...c })) },
    mark: 'rect',
    encoding: {
      x: { field: 'x', type: 'ordinal', title: axisTitle(f.x) },
      y: { field: 'y', type: 'ordinal', title: axisTitle(f.y), sort: 'descending' },
      color: {
        field: 'value',
        type: 'quantitative',
        title: axisTitle(f.value),
        scale: { ...(f.value.domain ? { domain: [...f.value.domain] } : {}), type: f.value.scale ?? 'linear' },
      },
    },
  } as TopLevelSpec;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * A grey-level PNG of an image grid, values mapped linearly from the figure's range to
 * black…white (clamped for display only; non-finite values black), a 1-pixel mid-grey gap between images.
 */
export function gridPng(f: ImageGridFigure): Buffer {
  const cols = Math.max(1, ...f.rows.map((r) => r.images.length));
  const W = cols * (f.width + 1) + 1;
  const H = f.rows.length * (f.height + 1) + 1;
  const png = new PNG({ width: W, height: H, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  // gaps are mid-grey so white and black digits both stand out
  png.data = Buffer.alloc(W * H, 128);
  const [lo, hi] = f.range;
  for (const [r, row] of f.rows.entries())
    for (const [c, img] of row.images.entries())
      for (let y = 0; y < f.height; y++)
        for (let x = 0; x < f.width; x++) {
          const v = (img[y * f.width + x]! - lo) / (hi - lo);
          const g = Number.isFinite(v) ? Math.round(255 * Math.min(1, Math.max(0, v))) : 0;
          png.data[(1 + r * (f.height + 1) + y) * W + 1 + c * (f.width + 1) + x] = g;
        }
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

function imageGridSvg(f: ImageGridFigure): RenderedFigure {
  const png = gridPng(f);
  const cols = Math.max(1, ...f.rows.map((r) => r.images.length));
  const gw = (cols * (f.width + 1) + 1) * f.scale;
  const gh = (f.rows.length * (f.height + 1) + 1) * f.scale;
  const labelW = 90;
  // wide enough for the title (≈ 7.5 px per character at 13 px)
  const width = Math.max(labelW + gw, Math.ceil(7.5 * f.title.length));
  const titleH = 24;
  const rowH = (f.height + 1) * f.scale;
  const labels = f.rows
    .map(
      (r, i) =>
        `<text x="${labelW - 8}" y="${titleH + f.scale + i * rowH + rowH / 2}" text-anchor="end" dominant-baseline="middle" font-family="sans-serif" font-size="12">${escapeXml(r.label)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${titleH + gh}" viewBox="0 0 ${width} ${titleH + gh}"><text x="0" y="16" font-family="sans-serif" font-size="13" font-weight="bold">${escapeXml(f.title)}</text>${labels}<image x="${labelW}" y="${titleH}" width="${gw}" height="${gh}" style="image-rendering:pixelated" preserveAspectRatio="none" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return { svg, png };
}

async function vegaSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a figure spec to a standalone SVG document (and the PNG of an image grid). */
export async function renderFigure(f: Figure): Promise<RenderedFigure> {
  switch (f.type) {
    case 'chart':
      return { svg: await vegaSvg(chartSpec(f)) };
    case 'bars':
      return { svg: await vegaSvg(barSpec(f)) };
    case 'heatmap':
      return { svg: await vegaSvg(heatmapSpec(f)) };
    case 'image-grid':
      return imageGridSvg(f);
  }
}
