import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { denseCouplings, isingModel, sampleExactly } from '../index';
import { inverseIsingExperiment } from './inverse-ising';

const J = [
  [0, 0.5, -0.25, 0],
  [0.5, 0, 0.25, -0.5],
  [-0.25, 0.25, 0, 0.625],
  [0, -0.5, 0.625, 0],
];
const h = [0.25, -0.125, 0, 0.5];
const n = 4;
const set = sampleExactly(isingModel(denseCouplings(J), h), 1, 20_000, 3);
const lines: string[] = [];
for (let a = 0; a < set.m; a++) lines.push(Array.from(set.samples.subarray(a * n, (a + 1) * n)).join(' '));
const samples = `${lines.join('\n')}\n`;
const truth = JSON.stringify({ J, h });

describe('inverse-ising', () => {
  it.each(['nmf', 'tap', 'pseudo-likelihood'])(
    '%s from ±1 samples recovers the couplings, and draws inferred against true J_ij',
    async (method) => {
      const { result } = await runExperiment(
        inverseIsingExperiment,
        ['--samples', 's.txt', '--truth', 't.json', '--method', method],
        { inputs: { 's.txt': samples, 't.json': truth } },
      );
      const j = result.json as { N: number; M: number; rmseJ: number; J: number[][] };
      expect(j).toMatchObject({ N: n, M: 20_000 });
      // weak couplings (|J| ≤ 0.625, β = 1): mean field is biased, the pseudo-likelihood consistent (1/√M ≈ 0.007)
      expect(j.rmseJ).toBeLessThan(method === 'pseudo-likelihood' ? 0.03 : 0.15);
      expect(result.figures.map((f) => f.name)).toEqual(['inverse-ising-couplings']);
      const fig = result.figures[0]!;
      expect(fig.type === 'chart' && fig.series[1]!.points).toHaveLength((n * (n - 1)) / 2);
    },
  );

  it('runs Boltzmann learning reproducibly from the seed', async () => {
    const args = ['--samples', 's.txt', '--method', 'boltzmann', '--iterations', '30', '--chains', '50'];
    const a = await runExperiment(inverseIsingExperiment, args, { seed: 4, inputs: { 's.txt': samples } });
    const b = await runExperiment(inverseIsingExperiment, args, { seed: 4, inputs: { 's.txt': samples } });
    expect(a.result.json).toEqual(b.result.json);
    expect(a.result.figures).toEqual([]);
  });

  it.each([
    ['1 -1 1\n1 -1\n', /ragged/],
    ['', /no samples found/],
    ['1 2 1\n', /expected ±1 or 0\/1/],
  ])('refuses a bad samples file %#', async (text, message) => {
    const r = () =>
      runExperiment(inverseIsingExperiment, ['--samples', 'bad.txt', '--method', 'nmf'], {
        inputs: { 'bad.txt': text },
      });
    await expect(r()).rejects.toThrow(UsageError);
    await expect(r()).rejects.toThrow(message);
  });

  it('refuses a truth of another N', async () => {
    const other = JSON.stringify({
      J: [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
    });
    await expect(
      runExperiment(inverseIsingExperiment, ['--samples', 's.txt', '--truth', 't3.json'], {
        inputs: { 's.txt': samples, 't3.json': other },
      }),
    ).rejects.toThrow(/--truth: has N = 3 spins but the samples have 4/);
  });
});
