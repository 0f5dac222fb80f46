/**
 * The IDX format of LeCun's MNIST files (and Fashion-MNIST's): a big-endian header — two zero
 * bytes, a type code (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64), the number of
 * dimensions — then one u32 extent per dimension and the data, row-major. Gzipped files
 * (`.gz`) are inflated first. Fashion-MNIST from a directory of the four standard files
 * (default: Debian's `dataset-fashion-mnist`, `/usr/share/datasets/fashion-mnist`).
 * @see Y. LeCun, C. Cortes, C. J. C. Burges, The MNIST database of handwritten digits (1998)
 * @see H. Xiao, K. Rasul, R. Vollgraf, Fashion-MNIST: a novel image dataset for benchmarking machine learning algorithms, arXiv:1708.07747 (2017)
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ImageSet } from './mnist';

/** A decoded IDX array. */
export interface IdxArray {
  /** Extents, outermost first. */
  readonly shape: readonly number[];
  /** The values in a typed array of the file's type (multi-byte types converted from big-endian). */
  readonly data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

const TYPES: Record<
  number,
  { size: number; make: (n: number) => IdxArray['data']; get: (v: DataView, o: number) => number }
> = {
  8: { size: 1, make: (n) => new Uint8Array(n), get: (v, o) => v.getUint8(o) },
  9: { size: 1, make: (n) => new Int8Array(n), get: (v, o) => v.getInt8(o) },
  11: { size: 2, make: (n) => new Int16Array(n), get: (v, o) => v.getInt16(o) },
  12: { size: 4, make: (n) => new Int32Array(n), get: (v, o) => v.getInt32(o) },
  13: { size: 4, make: (n) => new Float32Array(n), get: (v, o) => v.getFloat32(o) },
  14: { size: 8, make: (n) => new Float64Array(n), get: (v, o) => v.getFloat64(o) },
};

/**
 * Decodes an IDX file's bytes (inflating them first when they start with the gzip magic).
 * @param bytes - the file
 * @param name - the file's name, for messages
 * @returns the shape and the values
 * @throws RangeError when the header is malformed or the data length does not match the shape
 */
export function readIdx(bytes: Uint8Array, name = 'idx'): IdxArray {
  let b = bytes;
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) {
    try {
      b = gunzipSync(b);
    } catch (e) {
      throw new RangeError(`${name}: not a valid gzip stream (${(e as Error).message})`);
    }
  }
  if (b.length < 4 || b[0] !== 0 || b[1] !== 0)
    throw new RangeError(`${name}: not an IDX file (it must start with two zero bytes)`);
  const type = TYPES[b[2]!];
  if (!type) throw new RangeError(`${name}: unknown IDX type code 0x${b[2]!.toString(16)}`);
  const dims = b[3]!;
  if (dims === 0) throw new RangeError(`${name}: an IDX array needs at least one dimension`);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const header = 4 + 4 * dims;
  if (b.length < header) throw new RangeError(`${name}: truncated header (${dims} dimensions)`);
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, x) => a * x, 1);
  if (b.length !== header + count * type.size)
    throw new RangeError(
      `${name}: shape [${shape.join(', ')}] needs ${header + count * type.size} bytes, the file has ${b.length}`,
    );
  const data = type.make(count);
  if (type.size === 1) data.set(b.subarray(header) as never);
  else for (let i = 0; i < count; i++) data[i] = type.get(view, header + i * type.size);
  return { shape, data };
}

/** Where Debian's `dataset-fashion-mnist` package puts the four files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** The ten Fashion-MNIST classes, by label. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Options of {@link fashionMnist}. */
export interface FashionMnistOptions {
  /** The directory of `train-images-idx3-ubyte.gz` and the other three (default {@link FASHION_MNIST_DIR}). */
  readonly dir?: string;
}

/**
 * Fashion-MNIST: 60 000 training or 10 000 test images of 28×28 pixels, intensities scaled
 * to [0, 1] (byte/255), with their labels, in the files' order.
 * @param split - `train` or `test`
 * @returns the images, labels and indices (the position in the file)
 * @throws Error naming the directory and the Debian package when a file is missing; RangeError on malformed files
 */
export function fashionMnist(split: 'train' | 'test', options: FashionMnistOptions = {}): ImageSet {
  if (split !== 'train' && split !== 'test')
    throw new RangeError(`split: expected 'train' or 'test', got ${String(split)}`);
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const prefix = split === 'train' ? 'train' : 't10k';
  const read = (file: string) => {
    const path = join(dir, file);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch {
      throw new Error(
        `fashionMnist: cannot read ${path} (on Debian: apt-get install dataset-fashion-mnist; or pass options.dir)`,
      );
    }
    return readIdx(bytes, path);
  };
  const img = read(`${prefix}-images-idx3-ubyte.gz`);
  const lab = read(`${prefix}-labels-idx1-ubyte.gz`);
  if (img.shape.length !== 3 || !(img.data instanceof Uint8Array))
    throw new RangeError(`fashionMnist: the images must be a u8 array of rank 3, got shape [${img.shape.join(', ')}]`);
  if (lab.shape.length !== 1 || lab.shape[0] !== img.shape[0] || !(lab.data instanceof Uint8Array))
    throw new RangeError(`fashionMnist: ${img.shape[0]} images but labels of shape [${lab.shape.join(', ')}]`);
  const [count, height, width] = img.shape as [number, number, number];
  const images = new Float32Array(img.data.length);
  for (let i = 0; i < images.length; i++) images[i] = img.data[i]! / 255;
  for (let i = 0; i < count; i++)
    if (lab.data[i]! > 9) throw new RangeError(`fashionMnist: label ${lab.data[i]} of image ${i} is not a class 0–9`);
  return {
    images,
    labels: lab.data,
    indices: Uint32Array.from({ length: count }, (_, i) => i),
    count,
    width,
    height,
  };
}
