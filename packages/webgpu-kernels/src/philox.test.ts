import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { checkCounter, PhiloxRng, philox4x32_10, philoxIndex, philoxKey, philoxStream, uniformFromU32 } from './philox';

// Random123 tests/kat_vectors, the three "philox4x32 10" lines: counter (4), key (2), expected (4).
const KAT: [number[], number[], number[]][] = [
  [
    [0, 0, 0, 0],
    [0, 0],
    [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8],
  ],
  [
    [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    [0xffffffff, 0xffffffff],
    [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd],
  ],
  [
    [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344],
    [0xa4093822, 0x299f31d0],
    [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1],
  ],
];

describe('philox4x32_10', () => {
  it.each(KAT)('matches the Random123 known-answer vector for counter %j, key %j', (c, k, want) => {
    const out = new Uint32Array(4);
    philox4x32_10(c[0] as number, c[1] as number, c[2] as number, c[3] as number, k[0] as number, k[1] as number, out);
    expect(Array.from(out)).toEqual(want);
  });

  it('writes at an offset and allocates nothing itself', () => {
    const out = new Uint32Array(8);
    philox4x32_10(0, 0, 0, 0, 0, 0, out, 4);
    expect(Array.from(out.subarray(4))).toEqual(KAT[0]?.[2]);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0, 0]);
  });
});

describe('philoxStream', () => {
  propTest.prop({
    n: fc.integer({ min: 0, max: 50 }),
    seed: fc.nat(),
    c: fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 3 }),
  })('word i is word i mod 4 of block ⌊i/4⌋, and prefixes agree', ({ n, seed, c }) => {
    const s = philoxStream(new Uint32Array(n), seed, c);
    const block = new Uint32Array(4);
    const [k0, k1] = philoxKey(seed);
    const [c1, c2, c3] = checkCounter(c);
    for (let i = 0; i < n; i++) {
      philox4x32_10(i >>> 2, c1, c2, c3, k0, k1, block);
      expect(s[i]).toBe(block[i % 4]);
    }
    expect(Array.from(philoxStream(new Uint32Array(n + 3), seed, c).subarray(0, n))).toEqual(Array.from(s));
  });
});

describe('philoxKey', () => {
  it('splits seeds into (low, high) words', () => {
    expect(philoxKey(5)).toEqual([5, 0]);
    expect(philoxKey(2 ** 32 + 7)).toEqual([7, 1]);
    expect(philoxKey(Number.MAX_SAFE_INTEGER)).toEqual([0xffffffff, 0x1fffff]);
    expect(philoxKey(0xffffffff_ffffffffn)).toEqual([0xffffffff, 0xffffffff]);
  });
  it('rejects negative, fractional, NaN and oversized seeds, naming the argument', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53, Number.POSITIVE_INFINITY])
      expect(() => philoxKey(bad)).toThrow(/seed: expected a non-negative integer/);
    expect(() => philoxKey(-1n)).toThrow(/seed/);
    expect(() => philoxKey(1n << 64n)).toThrow(/seed/);
    expect(() => checkCounter([1, -2])).toThrow(/counter\[1\]/);
  });
});

describe('uniformFromU32', () => {
  it('maps onto [0, 1) on the 24-bit grid and never reaches 1', () => {
    expect(uniformFromU32(0)).toBe(0);
    expect(uniformFromU32(0xffffffff)).toBe(1 - 2 ** -24);
    expect(Math.fround(uniformFromU32(0xffffffff))).toBeLessThan(1);
    expect(uniformFromU32(0x100)).toBe(2 ** -24);
  });
});

describe('PhiloxRng', () => {
  it('is reproducible per (seed, stream) and streams differ', () => {
    const a = new PhiloxRng(42, 3);
    const b = new PhiloxRng(42, 3);
    const c = new PhiloxRng(42, 4);
    const xs = Array.from({ length: 10 }, () => a.nextU32());
    expect(Array.from({ length: 10 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => c.nextU32())).not.toEqual(xs);
  });

  it('walks the counter (block, stream, 0, 0)', () => {
    const r = new PhiloxRng(9, 2);
    const block = new Uint32Array(4);
    for (let b = 0; b < 3; b++) {
      philox4x32_10(b, 2, 0, 0, 9, 0, block);
      for (let j = 0; j < 4; j++) expect(r.nextU32()).toBe(block[j]);
    }
  });

  it('draws uniforms, integers and normals with the right moments (4σ bands)', () => {
    const r = new PhiloxRng(1234);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const u = r.nextDouble();
      expect(u >= 0 && u < 1).toBe(true);
      s += u;
    }
    expect(Math.abs(s / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[r.nextInt(7)]++;
    // each count ~ Binomial(70000, 1/7): 4σ ≈ 4·√(70000·(1/7)(6/7))
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(4 * Math.sqrt((70_000 * 6) / 49));
    s = 0;
    for (let i = 0; i < n; i++) {
      const z = r.nextNormal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('rejects bad streams and ranges', () => {
    expect(() => new PhiloxRng(1, -1)).toThrow(/stream/);
    expect(() => new PhiloxRng(1).nextInt(0)).toThrow(/n: expected an integer/);
  });
});

describe('philoxIndex', () => {
  propTest.prop({ w: fc.nat({ max: 0xffffffff }), n: fc.integer({ min: 1, max: 2 ** 32 - 1 }) })(
    'is ⌊w·n/2^32⌋ exactly (checked with BigInt) and lies in [0, n)',
    ({ w, n }) => {
      const i = philoxIndex(w, n);
      expect(i).toBe(Number((BigInt(w) * BigInt(n)) >> 32n));
      expect(i >= 0 && i < n).toBe(true);
    },
  );
});
