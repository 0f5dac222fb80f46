import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_DIR, fashionMnist, readIdx } from './idx';
import { readNpy, writeNpy } from './npy';

/** An IDX file: header (type code, extents, big-endian) then the big-endian values. */
function idx(
  type: number,
  shape: number[],
  values: number[],
  size: number,
  set: (v: DataView, o: number, x: number) => void,
): Uint8Array {
  const header = 4 + 4 * shape.length;
  const b = new Uint8Array(header + values.length * size);
  const v = new DataView(b.buffer);
  b[2] = type;
  b[3] = shape.length;
  for (const [i, d] of shape.entries()) v.setUint32(4 + 4 * i, d);
  for (const [i, x] of values.entries()) set(v, header + i * size, x);
  return b;
}

describe('readIdx', () => {
  it('decodes u8 and big-endian f32/i32 arrays, gzipped or not', () => {
    const u8 = idx(0x08, [2, 3], [0, 1, 2, 253, 254, 255], 1, (v, o, x) => v.setUint8(o, x));
    expect(readIdx(u8)).toEqual({ shape: [2, 3], data: Uint8Array.from([0, 1, 2, 253, 254, 255]) });
    expect(readIdx(gzipSync(u8))).toEqual(readIdx(u8));
    const f32 = idx(0x0d, [3], [1.5, -2, 1e-3], 4, (v, o, x) => v.setFloat32(o, x));
    expect(Array.from(readIdx(f32).data)).toEqual([1.5, -2, Math.fround(1e-3)]);
    const i32 = idx(0x0c, [2], [-7, 2 ** 30], 4, (v, o, x) => v.setInt32(o, x));
    expect(Array.from(readIdx(i32).data)).toEqual([-7, 2 ** 30]);
  });

  it('refuses malformed files, naming the file', () => {
    expect(() => readIdx(Uint8Array.from([1, 0, 8, 1]), 'a.idx')).toThrow(/a\.idx: not an IDX file/);
    expect(() => readIdx(Uint8Array.from([0, 0, 0x42, 1, 0, 0, 0, 1, 0]), 'b')).toThrow(/unknown IDX type code 0x42/);
    const u8 = idx(0x08, [4], [1, 2, 3, 4], 1, (v, o, x) => v.setUint8(o, x));
    expect(() => readIdx(u8.subarray(0, 10), 'c')).toThrow(/c: shape \[4\] needs 12 bytes, the file has 10/);
    expect(() => readIdx(Uint8Array.from([0x1f, 0x8b, 1, 2]), 'd.gz')).toThrow(/d\.gz: not a valid gzip stream/);
  });
});

// npm test installs Debian's dataset-fashion-mnist (REPLICA_REQUIRE_DATASETS=1); elsewhere this runs when it is there
const haveFashion = existsSync(FASHION_MNIST_DIR) || process.env.REPLICA_REQUIRE_DATASETS === '1';
describe.skipIf(!haveFashion)('Fashion-MNIST from Debian’s dataset-fashion-mnist', () => {
  it('holds 60 000 + 10 000 images of 28×28 in [0, 1], 6 000 + 1 000 per class', () => {
    for (const [split, n] of [
      ['train', 60_000],
      ['test', 10_000],
    ] as const) {
      const s = fashionMnist(split);
      expect(s.count).toBe(n);
      expect([s.width, s.height]).toEqual([28, 28]);
      expect(s.images.length).toBe(n * 784);
      const counts = new Array(10).fill(0);
      for (const l of s.labels) counts[l]++;
      expect(counts).toEqual(new Array(10).fill(n / 10));
      let min = 1;
      let max = 0;
      for (const x of s.images) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      expect([min, max]).toEqual([0, 1]);
    }
    expect(() => fashionMnist('train', { dir: '/nonexistent' })).toThrow(/apt-get install dataset-fashion-mnist/);
  });
});

describe('.npy', () => {
  it('round-trips every dtype and shape', () => {
    const cases = [
      [Float32Array.from([1.5, -2, 3, 4, 5, 6]), [2, 3]],
      [Float64Array.from([Math.PI, -0, Number.MIN_VALUE]), [3]],
      [Int8Array.from([-128, 0, 127, 1]), [2, 2]],
      [Uint8Array.from([0, 255]), [1, 2]],
      [Int32Array.from([-1, 2 ** 31 - 1]), [2]],
      [new Float32Array(0), [0, 5]],
    ] as const;
    for (const [data, shape] of cases) {
      const bytes = writeNpy(data, shape);
      expect((bytes.length - data.byteLength) % 64).toBe(0); // the header is padded to 64 bytes
      const back = readNpy(bytes);
      expect(back.shape).toEqual(shape);
      expect(back.data).toEqual(data);
    }
  });

  it('reads what numpy writes and numpy reads what it writes (Debian numpy through /usr/bin/python3)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-'));
    writeFileSync(join(dir, 'ours.npy'), writeNpy(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]));
    const py = `
import numpy as np, sys
a = np.load(sys.argv[1] + '/ours.npy')
assert a.dtype == np.float32 and a.shape == (2, 3) and a[1, 2] == 6, (a.dtype, a.shape)
np.save(sys.argv[1] + '/theirs.npy', np.arange(12, dtype=np.float64).reshape(3, 4) / 8)
np.save(sys.argv[1] + '/fortran.npy', np.asfortranarray(np.ones((2, 3), dtype=np.float32)))
np.save(sys.argv[1] + '/big.npy', np.ones(3, dtype='>f4'))
print('ok')
`;
    const r = spawnSync('/usr/bin/python3', ['-c', py, dir], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
    const theirs = readNpy(readFileSync(join(dir, 'theirs.npy')), 'theirs.npy');
    expect(theirs.dtype).toBe('float64');
    expect(theirs.shape).toEqual([3, 4]);
    expect(Array.from(theirs.data)).toEqual(Array.from({ length: 12 }, (_, i) => i / 8));
    expect(() => readNpy(readFileSync(join(dir, 'fortran.npy')), 'fortran.npy')).toThrow(/Fortran-order/);
    expect(() => readNpy(readFileSync(join(dir, 'big.npy')), 'big.npy')).toThrow(/dtype '>f4' is not one of/);
    expect(() => readNpy(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 'x')).toThrow(/x: not a \.npy file/);
    expect(() => writeNpy(new Float32Array(3), [2, 2])).toThrow(/holds 4 values, data has 3/);
  });
});
