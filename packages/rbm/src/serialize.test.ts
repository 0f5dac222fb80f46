import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { HiddenType, Rbm, VisibleType } from './model';
import { createRbm } from './model';
import { rbmFromJson, rbmToJson, serializeRbm } from './serialize';

const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);

/** Any finite float32 but −0 (JSON has no negative zero; see the dedicated test). */
const f32 = fc.float({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0) && Number.isFinite(x));

const anyRbm: fc.Arbitrary<Rbm> = fc
  .record({
    nv: fc.integer({ min: 1, max: 7 }),
    nh: fc.integer({ min: 1, max: 5 }),
    vt: fc.constantFrom<VisibleType>('bernoulli', 'spin'),
    ht: fc.constantFrom<HiddenType>('bernoulli', 'gaussian', 'relu'),
  })
  .chain(({ nv, nh, vt, ht }) =>
    fc
      .record({
        W: fc.array(f32, { minLength: nv * nh, maxLength: nv * nh }),
        a: fc.array(f32, { minLength: nv, maxLength: nv }),
        c: fc.array(f32, { minLength: nh, maxLength: nh }),
      })
      .map(
        ({ W, a, c }): Rbm => ({
          visible: nv,
          hidden: nh,
          visibleType: vt,
          hiddenType: ht,
          W: Float32Array.from(W),
          visibleBias: Float32Array.from(a),
          hiddenBias: Float32Array.from(c),
        }),
      ),
  );

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

function validDoc(): Record<string, unknown> {
  return {
    visible: 2,
    hidden: 3,
    visibleType: 'bernoulli',
    hiddenType: 'relu',
    W: [
      [0.5, -1, 2],
      [0, 0.25, 1e-3],
    ],
    visibleBias: [0.1, -0.2],
    hiddenBias: [0, 1, 2],
  };
}

describe('RBM JSON', () => {
  propTest.prop({ rbm: anyRbm }, { numRuns: stress || 100 })(
    'round-trips bit for bit (float32 shortest decimals), through the object and the text',
    ({ rbm }) => {
      for (const back of [rbmFromJson(rbmToJson(rbm)), rbmFromJson(serializeRbm(rbm))]) {
        expect(back.visible).toBe(rbm.visible);
        expect(back.hidden).toBe(rbm.hidden);
        expect(back.visibleType).toBe(rbm.visibleType);
        expect(back.hiddenType).toBe(rbm.hiddenType);
        expect(bits(back.W)).toEqual(bits(rbm.W));
        expect(bits(back.visibleBias)).toEqual(bits(rbm.visibleBias));
        expect(bits(back.hiddenBias)).toEqual(bits(rbm.hiddenBias));
      }
    },
  );

  it('round-trips a seeded random RBM, and writes W as n_v rows of n_h numbers', () => {
    const rbm = createRbm({
      visible: 5,
      hidden: 4,
      visibleType: 'spin',
      hiddenType: 'gaussian',
      weightScale: 0.3,
      seed: 9,
    });
    const doc = rbmToJson(rbm);
    expect(doc.W.length).toBe(5);
    expect(doc.W.every((row) => row.length === 4)).toBe(true);
    expect(serializeRbm(rbm).endsWith('}\n')).toBe(true);
    expect(bits(rbmFromJson(serializeRbm(rbm)).W)).toEqual(bits(rbm.W));
    // the shortest decimal: 0.1 is written as 0.1, not 0.10000000149011612
    const tenth = { ...rbm, visibleBias: new Float32Array(5).fill(0.1) };
    expect(rbmToJson(tenth).visibleBias[0]).toBe(0.1);
  });

  it('writes −0 as 0 (JSON has no negative zero); every other float32 is kept', () => {
    const rbm = createRbm({ visible: 1, hidden: 2, weightScale: 0 });
    rbm.W[0] = -0;
    rbm.W[1] = -1.401298464324817e-45; // the smallest subnormal
    const back = rbmFromJson(serializeRbm(rbm));
    expect(Object.is(back.W[0], 0)).toBe(true);
    expect(back.W[1]).toBe(rbm.W[1]);
  });

  it('names the field on bad documents', () => {
    const without = (key: string) => {
      const d = validDoc();
      delete d[key];
      return d;
    };
    expect(rbmFromJson(validDoc()).W).toEqual(Float32Array.from([0.5, -1, 2, 0, 0.25, 1e-3]));
    for (const key of ['visible', 'hidden', 'visibleType', 'hiddenType', 'W', 'visibleBias', 'hiddenBias'])
      expect(() => rbmFromJson(without(key))).toThrow(new RegExp(`^model\\.${key}: missing`));
    expect(() => rbmFromJson([])).toThrow(TypeError);
    expect(() => rbmFromJson(null)).toThrow(/^model: expected a JSON object/);
    expect(() => rbmFromJson('{"visible": 1')).toThrow(TypeError);
    expect(() => rbmFromJson('{')).toThrow(/^model: expected JSON text of an RBM, got unparseable text/);
    expect(() => rbmFromJson({ ...validDoc(), visible: 0 })).toThrow(/^model\.visible: expected an integer ≥ 1, got 0/);
    expect(() => rbmFromJson({ ...validDoc(), hidden: 2.5 })).toThrow(/^model\.hidden: expected an integer ≥ 1/);
    expect(() => rbmFromJson({ ...validDoc(), visibleType: 'gaussian' })).toThrow(
      /^model\.visibleType: expected 'bernoulli' or 'spin', got "gaussian"/,
    );
    expect(() => rbmFromJson({ ...validDoc(), hiddenType: 'softmax' })).toThrow(/^model\.hiddenType: expected/);
    // ragged or mis-shaped W
    expect(() => rbmFromJson({ ...validDoc(), W: [[0.5, -1, 2]] })).toThrow(
      /^model\.W: expected 2 rows \(one per visible unit\), got 1/,
    );
    expect(() => rbmFromJson({ ...validDoc(), W: [[0.5, -1, 2], [0]] })).toThrow(
      /^model\.W\[1\]: expected 3 numbers, got 1/,
    );
    expect(() => rbmFromJson({ ...validDoc(), W: [0.5, -1] })).toThrow(
      /^model\.W\[0\]: expected an array of 3 numbers/,
    );
    expect(() => rbmFromJson({ ...validDoc(), W: 'x' })).toThrow(/^model\.W: expected 2 rows/);
    // wrong bias lengths
    expect(() => rbmFromJson({ ...validDoc(), visibleBias: [0.1] })).toThrow(
      /^model\.visibleBias: expected 2 numbers, got 1/,
    );
    expect(() => rbmFromJson({ ...validDoc(), hiddenBias: [0, 1, 2, 3] })).toThrow(
      /^model\.hiddenBias: expected 3 numbers, got 4/,
    );
    // non-finite or non-numeric values
    expect(() => rbmFromJson({ ...validDoc(), hiddenBias: [0, Number.NaN, 2] })).toThrow(
      /^model\.hiddenBias\[1\]: expected a finite number, got null/,
    );
    expect(() => rbmFromJson({ ...validDoc(), visibleBias: [0, Number.POSITIVE_INFINITY] })).toThrow(
      /^model\.visibleBias\[1\]: expected a finite number/,
    );
    expect(() =>
      rbmFromJson({
        ...validDoc(),
        W: [
          [0.5, '1', 2],
          [0, 0, 0],
        ],
      }),
    ).toThrow(/^model\.W\[0\]\[1\]: expected a finite number, got "1"/);
    expect(() =>
      rbmFromJson({
        ...validDoc(),
        W: [
          [0.5, 1e39, 2],
          [0, 0, 0],
        ],
      }),
    ).toThrow(/^model\.W\[0\]\[1\]: 1e\+39 overflows float32/);
  });
});
