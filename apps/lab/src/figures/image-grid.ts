/**
 * Image grids (e.g. query / retrieved / target digits) as SVG documents that embed one
 * grey-level PNG, drawn pixelated: no browser or canvas needed.
 * @module
 */
import { PNG } from 'pngjs';
import type { SvgFigure } from './plot';

/** One row of the grid: a label and its images (each width·height values). */
export interface ImageRow {
  readonly label: string;
  readonly images: readonly ArrayLike<number>[];
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * A grey-level PNG of a grid of images, values mapped linearly from [lo, hi] to black…white
 * (values outside are clamped for display only), with a 1-pixel gap between images.
 */
export function gridPng(
  rows: readonly ImageRow[],
  width: number,
  height: number,
  range: readonly [number, number],
): Buffer {
  const cols = Math.max(...rows.map((r) => r.images.length));
  const W = cols * (width + 1) + 1;
  const H = rows.length * (height + 1) + 1;
  const png = new PNG({ width: W, height: H, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  // gaps are mid-grey so white and black digits both stand out
  png.data = Buffer.alloc(W * H, 128);
  const [lo, hi] = range;
  for (const [r, row] of rows.entries())
    for (const [c, img] of row.images.entries()) {
      if (img.length !== width * height)
        throw new RangeError(`rows[${r}].images[${c}]: expected ${width}×${height} values, got ${img.length}`);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const v = (img[y * width + x]! - lo) / (hi - lo);
          const g = Number.isFinite(v) ? Math.round(255 * Math.min(1, Math.max(0, v))) : 0;
          png.data[(1 + r * (height + 1) + y) * W + 1 + c * (width + 1) + x] = g;
        }
    }
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

/** An image-grid figure: row labels on the left, the PNG scaled up `scale` times. */
export function imageGridFigure(opts: {
  name: string;
  title: string;
  caption: string;
  rows: readonly ImageRow[];
  width: number;
  height: number;
  /** Values drawn black and white (default [−1, 1], spins). */
  range?: readonly [number, number];
  scale?: number;
}): SvgFigure {
  const scale = opts.scale ?? 2;
  const png = gridPng(opts.rows, opts.width, opts.height, opts.range ?? [-1, 1]);
  const cols = Math.max(...opts.rows.map((r) => r.images.length));
  const gw = (cols * (opts.width + 1) + 1) * scale;
  const gh = (opts.rows.length * (opts.height + 1) + 1) * scale;
  const labelW = 90;
  // wide enough for the title (≈ 7.5 px per character at 13 px)
  const width = Math.max(labelW + gw, Math.ceil(7.5 * opts.title.length));
  const titleH = 24;
  const rowH = (opts.height + 1) * scale;
  const labels = opts.rows
    .map(
      (r, i) =>
        `<text x="${labelW - 8}" y="${titleH + scale + i * rowH + rowH / 2}" text-anchor="end" dominant-baseline="middle" font-family="sans-serif" font-size="12">${escapeXml(r.label)}</text>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${titleH + gh}" viewBox="0 0 ${width} ${titleH + gh}"><text x="0" y="16" font-family="sans-serif" font-size="13" font-weight="bold">${escapeXml(opts.title)}</text>${labels}<image x="${labelW}" y="${titleH}" width="${gw}" height="${gh}" style="image-rendering:pixelated" preserveAspectRatio="none" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return { name: opts.name, title: opts.title, caption: opts.caption, svg, png };
}
