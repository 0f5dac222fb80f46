import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { packUniforms, workgroupGrid } from './dispatch';

describe('workgroupGrid', () => {
  propTest.prop({ count: fc.integer({ min: 0, max: 2 ** 40 }), max: fc.integer({ min: 1, max: 65535 }) })(
    'covers every workgroup with each extent under the limit, wasting less than one row per plane',
    ({ count, max }) => {
      fc.pre(count <= max ** 3);
      const [x, y, z] = workgroupGrid(count, max);
      expect(x).toBeLessThanOrEqual(max);
      expect(y).toBeLessThanOrEqual(max);
      expect(z).toBeLessThanOrEqual(max);
      expect(x * y * z).toBeGreaterThanOrEqual(count);
      if (count > 0) expect(x * y * z - count).toBeLessThan(x * z + y * z);
      if (count <= max) expect([x, y, z]).toEqual([count, 1, 1]);
    },
  );
  it('uses the second dimension past the limit and throws past max³', () => {
    expect(workgroupGrid(65536, 65535)).toEqual([32768, 2, 1]);
    expect(workgroupGrid(10, 3)).toEqual([3, 2, 2]);
    expect(() => workgroupGrid(28, 3)).toThrow(/exceed the device grid/);
    expect(() => workgroupGrid(-1, 3)).toThrow(/count/);
  });
});

describe('packUniforms', () => {
  it('packs scalars little-endian in order, padded to 16 bytes', () => {
    const b = packUniforms([
      ['u32', 0xdeadbeef],
      ['f32', 1.5],
      ['i32', -2],
      ['u32', 7],
      ['f32', -0.25],
    ]);
    expect(b.byteLength).toBe(32);
    const v = new DataView(b.buffer);
    expect(v.getUint32(0, true)).toBe(0xdeadbeef);
    expect(v.getFloat32(4, true)).toBe(1.5);
    expect(v.getInt32(8, true)).toBe(-2);
    expect(v.getUint32(12, true)).toBe(7);
    expect(v.getFloat32(16, true)).toBe(-0.25);
  });
  it('refuses values that do not fit their type', () => {
    expect(() => packUniforms([['u32', -1]])).toThrow(/does not fit u32/);
    expect(() => packUniforms([['i32', 2 ** 31]])).toThrow(/does not fit i32/);
    expect(() => packUniforms([['u32', 1.5]])).toThrow(/does not fit u32/);
  });
});
