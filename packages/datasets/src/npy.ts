/**
 * NumPy's `.npy` format (version 1.0–3.0): the magic `\x93NUMPY`, a version, a header length,
 * a Python-literal header `{'descr': '<f4', 'fortran_order': False, 'shape': (r, c), }` padded
 * to a multiple of 64 bytes, then the data. Read and written here for float32, float64, int8,
 * uint8 (and int32 when reading), C order, little-endian — what users move to and from numpy.
 * @see NumPy Enhancement Proposal 1, A simple file format for NumPy arrays
 * @module
 */

/** The dtypes {@link readNpy} and {@link writeNpy} handle. */
export type NpyDtype = 'float32' | 'float64' | 'int8' | 'uint8' | 'int32';

/** A decoded `.npy` array. */
export interface NpyArray {
  readonly dtype: NpyDtype;
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array | Int8Array | Uint8Array | Int32Array;
}

const DESCR: Record<string, NpyDtype> = {
  '<f4': 'float32',
  '<f8': 'float64',
  '|i1': 'int8',
  '|u1': 'uint8',
  '<i4': 'int32',
};
const CODE: Record<NpyDtype, string> = { float32: '<f4', float64: '<f8', int8: '|i1', uint8: '|u1', int32: '<i4' };
const SIZE: Record<NpyDtype, number> = { float32: 4, float64: 8, int8: 1, uint8: 1, int32: 4 };
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

function make(dtype: NpyDtype, buf: ArrayBuffer): NpyArray['data'] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(buf);
    case 'float64':
      return new Float64Array(buf);
    case 'int8':
      return new Int8Array(buf);
    case 'uint8':
      return new Uint8Array(buf);
    case 'int32':
      return new Int32Array(buf);
  }
}

/**
 * Decodes a `.npy` file.
 * @param bytes - the file
 * @param name - its name, for messages
 * @throws RangeError naming what is wrong: the magic, the version, a dtype other than
 *   float32/float64/int8/uint8/int32 (little-endian), Fortran order, a malformed shape, or a
 *   data length that does not match the shape
 */
export function readNpy(bytes: Uint8Array, name = 'npy'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m))
    throw new RangeError(`${name}: not a .npy file (bad magic)`);
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new RangeError(`${name}: unsupported .npy version ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start + headerLen) throw new RangeError(`${name}: truncated header`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw new RangeError(`${name}: malformed header ${JSON.stringify(header.trim())}`);
  const dtype = DESCR[descr];
  if (!dtype) throw new RangeError(`${name}: dtype '${descr}' is not one of ${Object.keys(DESCR).join(', ')}`);
  if (fortran === 'True')
    throw new RangeError(`${name}: Fortran-order arrays are not read; save with np.ascontiguousarray`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const v = Number(s);
      if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name}: bad extent '${s}' in the shape`);
      return v;
    });
  const count = shape.reduce((a, x) => a * x, 1);
  const offset = start + headerLen;
  const want = count * SIZE[dtype];
  if (bytes.length - offset !== want)
    throw new RangeError(
      `${name}: shape (${shape.join(', ')}) of ${dtype} needs ${want} data bytes, the file has ${bytes.length - offset}`,
    );
  // copy into a fresh, aligned buffer (the header need not align the data, and a Node Buffer's
  // slice is a view into a shared pool)
  const copy = new Uint8Array(want);
  copy.set(bytes.subarray(offset));
  return { dtype, shape, data: make(dtype, copy.buffer) };
}

/**
 * Encodes an array as a version 1.0 `.npy` file (C order, little-endian).
 * @param data - the values: Float32Array, Float64Array, Int8Array, Uint8Array or Int32Array
 * @param shape - its extents (their product must equal data.length)
 * @returns the file's bytes
 * @throws RangeError when the shape does not match or the array type is not supported
 */
export function writeNpy(data: NpyArray['data'], shape: readonly number[]): Uint8Array {
  const dtype: NpyDtype | undefined =
    data instanceof Float32Array
      ? 'float32'
      : data instanceof Float64Array
        ? 'float64'
        : data instanceof Int8Array
          ? 'int8'
          : data instanceof Uint8Array
            ? 'uint8'
            : data instanceof Int32Array
              ? 'int32'
              : undefined;
  if (!dtype) throw new TypeError('data: expected a Float32Array, Float64Array, Int8Array, Uint8Array or Int32Array');
  for (const [i, d] of shape.entries())
    if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`shape[${i}]: expected an integer ≥ 0, got ${d}`);
  const count = shape.reduce((a, x) => a * x, 1);
  if (count !== data.length)
    throw new RangeError(`shape: (${shape.join(', ')}) holds ${count} values, data has ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${CODE[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += `${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
