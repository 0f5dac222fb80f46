/**
 * Binary data for the RBM experiments: `mnist` (the deterministic train/test split of
 * `@replica/datasets`, binarized at 0.5) or a file of rows (JSON array of rows, `{"data": rows}`,
 * or CSV/whitespace text with one row per line). Values are 0/1 or ±1; the visible type picks
 * the encoding (0/1 for Bernoulli units, ±1 for spins), and each file must use one of the two.
 * @module
 */
import type { RunContext } from '@replica/lab-kit';
import { parseTextRows, readInputText, UsageError } from '@replica/lab-kit';

/**
 * `@replica/datasets` is an optional peer of the rbm package (its MNIST digits weigh 40 MB):
 * loaded on first use, with how to get it when it is missing.
 */
export async function loadDatasets(flag: string): Promise<typeof import('@replica/datasets')> {
  // a computed specifier: bundlers leave the Node-only datasets package out of browser builds
  const specifier = '@replica/datasets';
  try {
    return (await import(/* @vite-ignore */ specifier)) as typeof import('@replica/datasets');
  } catch (e) {
    throw new UsageError(
      `--${flag}: MNIST digits need the optional package @replica/datasets (npm install @replica/datasets): ${(e as Error).message}`,
    );
  }
}

/** A binary data set ready for an RBM. */
export interface RbmData {
  /** rows × visible values, 0/1 or ±1 as `visibleType` says. */
  readonly data: Float32Array;
  readonly rows: number;
  readonly visible: number;
  /** Class labels (MNIST only). */
  readonly labels?: Uint8Array;
  /** Image side when the rows are square images (MNIST, or a perfect-square file). */
  readonly side?: number;
  /** Where it came from, e.g. `mnist (train split, 8 000 digits)`. */
  readonly source: string;
}

function encode(values: Float32Array, visibleType: 'bernoulli' | 'spin'): Float32Array {
  if (visibleType === 'spin') for (let t = 0; t < values.length; t++) values[t] = 2 * values[t]! - 1;
  return values;
}

/**
 * Loads `--data`: `mnist` (split `train` or `test`; needs the optional `@replica/datasets`) or a file.
 * @param ctx - the run context (reads the file)
 * @param spec - `mnist` or the file's name
 * @param flag - the flag, for messages
 * @param o - the MNIST split and the visible type to encode for
 * @returns the rows
 * @throws UsageError naming `--flag` on an unreadable file, ragged rows or non-binary values
 */
export async function loadRbmData(
  ctx: Pick<RunContext, 'readInput'>,
  spec: string,
  flag: string,
  o: { readonly split: 'train' | 'test'; readonly visibleType: 'bernoulli' | 'spin' },
): Promise<RbmData> {
  if (spec === 'mnist') {
    const { binarizeImages01, MNIST_SIDE, mnistSplit } = await loadDatasets(flag);
    const set = mnistSplit(o.split);
    return {
      data: encode(binarizeImages01(set.images), o.visibleType),
      rows: set.count,
      visible: set.width * set.height,
      labels: set.labels,
      side: MNIST_SIDE,
      source: `mnist (${o.split} split, ${set.count} digits binarized at 0.5)`,
    };
  }
  const text = await readInputText(ctx, flag, spec, 'a data file');
  let rowsIn: unknown[];
  if (/^\s*[[{]/.test(text)) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--${flag}: ${spec} is not valid JSON (${(e as Error).message})`);
    }
    const rows = Array.isArray(doc) ? doc : (doc as { data?: unknown })?.data;
    if (!Array.isArray(rows)) throw new UsageError(`--${flag}: ${spec} must hold an array of rows or {"data": rows}`);
    rowsIn = rows;
  } else {
    rowsIn = parseTextRows(text, flag, spec).rows;
  }
  if (rowsIn.length === 0) throw new UsageError(`--${flag}: ${spec} holds no rows`);
  const first = rowsIn[0];
  if (!Array.isArray(first) || first.length === 0)
    throw new UsageError(`--${flag}: row 0 of ${spec} is not a list of numbers`);
  const visible = first.length;
  const data = new Float32Array(rowsIn.length * visible);
  let sawZero = false;
  let sawMinus = false;
  rowsIn.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== visible)
      throw new UsageError(
        `--${flag}: row ${r} of ${spec} has ${Array.isArray(row) ? row.length : 'no'} values, row 0 has ${visible}`,
      );
    row.forEach((x, i) => {
      if (x !== 0 && x !== 1 && x !== -1)
        throw new UsageError(`--${flag}: row ${r}, column ${i} of ${spec} is ${JSON.stringify(x)}; expected 0/1 or ±1`);
      if (x === 0) sawZero = true;
      if (x === -1) sawMinus = true;
      data[r * visible + i] = x;
    });
  });
  if (sawZero && sawMinus) throw new UsageError(`--${flag}: ${spec} mixes 0 and −1; use 0/1 or ±1 throughout`);
  // Re-encode to the visible type: ±1 → 0/1 for Bernoulli units, 0/1 → ±1 for spins.
  for (let t = 0; t < data.length; t++) {
    const bit = data[t] === 1 ? 1 : 0;
    data[t] = o.visibleType === 'spin' ? 2 * bit - 1 : bit;
  }
  const side = Math.round(Math.sqrt(visible));
  return {
    data,
    rows: rowsIn.length,
    visible,
    ...(side * side === visible ? { side } : {}),
    source: `${spec} (${rowsIn.length} rows of ${visible} units)`,
  };
}
