import { describe, expect, it } from 'vitest';
import { isingModel, toDenseMatrix } from './couplings';
import {
  inferenceErrors,
  inverseIsingBoltzmann,
  inverseIsingNaiveMeanField,
  inverseIsingPseudoLikelihood,
  inverseIsingTap,
  parseSamples,
  sampleExactly,
  sampleStatistics,
} from './inverse-ising';
import { sherringtonKirkpatrick } from './models';

describe('inverse Ising without a finite answer', () => {
  // spin 2 copies spin 1 in every sample; spin 2 of `frozen` is always +1
  const dup = parseSamples('1 -1 -1\n-1 1 1\n1 1 1\n-1 -1 -1\n1 -1 -1\n');
  const frozen = parseSamples('1 -1 1\n-1 1 1\n1 1 1\n-1 -1 1\n');
  it('names the method and the locked pair or frozen spin (a RangeError, as for bad input)', async () => {
    expect(() => inverseIsingNaiveMeanField(sampleStatistics(dup))).toThrow(
      /^nmf: spins 1 and 2 are equal in every sample, so their coupling is infinite/,
    );
    expect(() => inverseIsingTap(sampleStatistics(dup))).toThrow(/^tap: spins 1 and 2 are equal/);
    await expect(inverseIsingBoltzmann(dup, { seed: 1, iterations: 2 })).rejects.toThrow(/^boltzmann: spins 1 and 2/);
    await expect(inverseIsingBoltzmann(frozen, { seed: 1, iterations: 2 })).rejects.toThrow(
      /^boltzmann: spin 2 takes one value in every sample/,
    );
    expect(() => inverseIsingPseudoLikelihood(dup, { l2: 0 })).toThrow(
      /^pseudo-likelihood: spins 1 and 2 .* use l2 > 0/,
    );
    const opposite = parseSamples('1 -1 1\n-1 1 -1\n1 1 -1\n-1 -1 1\n');
    expect(() => inverseIsingNaiveMeanField(sampleStatistics(opposite))).toThrow(/^nmf: spins 1 and 2 are opposite/);
    // with the ℓ2 penalty the pseudo-likelihood has a finite answer
    const r = inverseIsingPseudoLikelihood(dup, { l2: 0.01 });
    expect(r.J.every(Number.isFinite)).toBe(true);
  });
});

describe('parseSamples', () => {
  it('reads JSON and text (spaces or commas), ±1 or 0/1', () => {
    expect(parseSamples('{"samples": [[1, -1], [-1, -1]]}')).toEqual({
      samples: Int8Array.from([1, -1, -1, -1]),
      m: 2,
      n: 2,
    });
    expect(parseSamples('# header\n0 1 1\n1,0,0\n\n')).toEqual({
      samples: Int8Array.from([-1, 1, 1, 1, -1, -1]),
      m: 2,
      n: 3,
    });
    expect(parseSamples('1 -1\n-1 1').samples).toEqual(Int8Array.from([1, -1, -1, 1]));
  });
  it.each([
    ['', /no samples found/],
    ['1 -1\n1', /sample 2 has 1 values, expected 2 .*ragged/],
    ['1 x', /line 1: 'x' is not a number/],
    ['1 2', /sample 1, value 2 is 2; expected ±1 or 0\/1/],
    ['1 -1\n0 1', /mixes −1 and 0/],
    ['{"samples": 3}', /expected \{"samples"/],
    ['{"samples": [[1, "a"]]}', /samples\[0\]\[1\]: expected a number/],
    ['{oops', /invalid JSON/],
  ])('rejects %j', (text, message) => {
    expect(() => parseSamples(text)).toThrow(message);
  });
});

describe('inverse Ising recovers a known model from exact samples', () => {
  const n = 8;
  const truth = isingModel(
    sherringtonKirkpatrick(n, { seed: 4, J: 0.5 }),
    Float32Array.from({ length: n }, (_, i) => 0.15 * Math.sin(i)),
  );
  const TJ = toDenseMatrix(truth.couplings);
  const TH = Float64Array.from(truth.field!);
  const data = sampleExactly(truth, 1, 30_000, 9);
  const stats = sampleStatistics(data);
  // With M = 30 000 samples the statistical error of each J_ij is ~ 1/√M ≈ 0.006; the
  // consistent estimators (pseudo-likelihood, maximum likelihood) sit within a few of those.
  it('pseudo-likelihood and Boltzmann learning (exact and Monte Carlo negative phase) within 0.02', async () => {
    for (const [name, r] of [
      ['pseudo-likelihood', inverseIsingPseudoLikelihood(data)],
      [
        'boltzmann (exact)',
        await inverseIsingBoltzmann(data, { negativePhase: 'exact', iterations: 300, learningRate: 0.5 }),
      ],
      [
        'boltzmann (Monte Carlo)',
        await inverseIsingBoltzmann(data, { iterations: 300, learningRate: 0.2, chains: 400, seed: 3 }),
      ],
    ] as const) {
      const e = inferenceErrors(r, TJ, TH);
      expect(e.rmseJ, name).toBeLessThan(0.02);
      expect(e.rmseH, name).toBeLessThan(0.02);
    }
  });
  it('mean-field inversions are biased but close at these weak couplings (TAP ≤ nMF in h)', () => {
    const nmf = inferenceErrors(inverseIsingNaiveMeanField(stats), TJ, TH);
    const tap = inferenceErrors(inverseIsingTap(stats), TJ, TH);
    expect(nmf.rmseJ).toBeLessThan(0.05);
    expect(tap.rmseJ).toBeLessThan(0.05);
    expect(tap.rmseH).toBeLessThanOrEqual(nmf.rmseH + 1e-12);
  });
  it('refuses a frozen spin and mismatched truths', () => {
    const frozen = { samples: Int8Array.from([1, 1, 1, -1, 1, 1]), m: 3, n: 2 };
    expect(() => inverseIsingNaiveMeanField(sampleStatistics(frozen))).toThrow(
      /spin 0 takes one value in every sample/,
    );
    expect(() => inferenceErrors(inverseIsingNaiveMeanField(stats), [1, 2], TH)).toThrow(/truth J: expected 8×8/);
  });
});
