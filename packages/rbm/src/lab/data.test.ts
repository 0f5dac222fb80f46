/**
 * `--data` of the RBM experiments: files of 0/1 or ±1 rows (CSV/whitespace text, a JSON array
 * of rows or {"data": rows}) re-encoded for the visible type, MNIST binarized, and the usage
 * errors naming the flag.
 */
import type { RunContext } from '@replica/lab-kit';
import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { loadRbmData } from './data';
import { rbmTrainExperiment } from './experiments';

/** A context reading inputs from memory, refusing unknown names as the hosts do. */
function files(named: Readonly<Record<string, string>>): Pick<RunContext, 'readInput'> {
  return {
    async readInput(name) {
      const v = named[name];
      if (v === undefined) throw new Error('no such file');
      return new TextEncoder().encode(v);
    },
  };
}

const bernoulli = { split: 'train', visibleType: 'bernoulli' } as const;
const spin = { split: 'train', visibleType: 'spin' } as const;

describe('loadRbmData on files', () => {
  it('reads CSV or whitespace rows, skipping blank lines and # comments, and re-encodes for the visible type', async () => {
    const ctx = files({ 'pm.txt': '# two rows of ±1\n1 -1, 1;-1\n\n  -1 -1 1 1  \r\n' });
    const b = await loadRbmData(ctx, 'pm.txt', 'data', bernoulli);
    expect(b).toMatchObject({ rows: 2, visible: 4, side: 2, source: 'pm.txt (2 rows of 4 units)' });
    expect(Array.from(b.data)).toEqual([1, 0, 1, 0, 0, 0, 1, 1]);
    expect(b.labels).toBeUndefined();
    const s = await loadRbmData(files({ '01.csv': '1,0,1\n0,0,1\n' }), '01.csv', 'data', spin);
    expect(s).toMatchObject({ rows: 2, visible: 3 });
    expect(s.side).toBeUndefined(); // 3 is not a perfect square
    expect(Array.from(s.data)).toEqual([1, -1, 1, -1, -1, 1]);
  });

  it('reads a JSON array of rows or {"data": rows}', async () => {
    const rows = [
      [0, 1],
      [1, 1],
    ];
    for (const text of [JSON.stringify(rows), JSON.stringify({ data: rows })]) {
      const d = await loadRbmData(files({ 'd.json': text }), 'd.json', 'data', spin);
      expect(d).toMatchObject({ rows: 2, visible: 2, source: 'd.json (2 rows of 2 units)' });
      expect(Array.from(d.data)).toEqual([-1, 1, 1, 1]);
    }
  });

  it.each([
    ['ragged.csv', '0 1 1\n1 0\n', /^--data: row 1 of ragged\.csv has 2 values, row 0 has 3$/],
    ['two.csv', '0 1\n2 0\n', /^--data: row 1, column 0 of two\.csv is 2; expected 0\/1 or ±1$/],
    ['nan.csv', '0 x\n', /^--data: line 1 of nan\.csv: 'x' is not a number$/],
    // a leading, trailing or doubled comma is an empty value, never an extra zero column
    ['trailing.csv', '0,1,1,\n1,0,1,\n', /^--data: line 1 of trailing\.csv has an empty value at position 4/],
    ['leading.csv', '0,1\n,1,0\n', /^--data: line 2 of leading\.csv has an empty value at position 1/],
    ['doubled.csv', '0,,1\n', /^--data: line 1 of doubled\.csv has an empty value at position 2/],
    ['empty.csv', '# nothing\n\n', /^--data: empty\.csv holds no rows$/],
    ['broken.json', '[[0, 1]', /^--data: broken\.json is not valid JSON/],
    ['object.json', '{"rows": []}', /^--data: object\.json must hold an array of rows or \{"data": rows\}$/],
    ['flat.json', '[0, 1]', /^--data: row 0 of flat\.json is not a list of numbers$/],
    ['mixed.txt', '0 1\n-1 1\n', /^--data: mixed\.txt mixes 0 and −1; use 0\/1 or ±1 throughout$/],
  ])('refuses %s with a usage error naming the flag', async (name, text, message) => {
    const load = loadRbmData(files({ [name]: text }), name, 'data', bernoulli);
    await expect(load).rejects.toThrow(UsageError);
    await expect(load).rejects.toThrow(message);
  });

  it('refuses a missing file, naming the flag', async () => {
    await expect(loadRbmData(files({}), 'gone.csv', 'data', bernoulli)).rejects.toThrow(
      /^--data: cannot read 'gone\.csv': no such file$/,
    );
  });

  it('rbm-train exits 2 naming --data on a file mixing 0 and −1', async () => {
    const run = runExperiment(rbmTrainExperiment, ['--data', 'mixed.csv', '--hidden', '2', '--epochs', '1'], {
      inputs: { 'mixed.csv': '0 1 1\n-1 1 1\n' },
    });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/--data: .*mixes 0 and −1/);
  });
});

describe('loadRbmData on MNIST', () => {
  it('binarizes the split at 0.5, as 0/1 or ±1, with labels and the image side', async () => {
    const b = await loadRbmData(files({}), 'mnist', 'data', { split: 'test', visibleType: 'bernoulli' });
    expect(b).toMatchObject({ visible: 784, side: 28 });
    expect(b.data).toHaveLength(b.rows * 784);
    expect(b.labels).toHaveLength(b.rows);
    expect(b.source).toBe(`mnist (test split, ${b.rows} digits binarized at 0.5)`);
    expect(new Set(b.data)).toEqual(new Set([0, 1]));
    const s = await loadRbmData(files({}), 'mnist', 'data', { split: 'test', visibleType: 'spin' });
    expect(s.rows).toBe(b.rows);
    expect(Array.from(s.data.subarray(0, 784 * 10))).toEqual(
      Array.from(b.data.subarray(0, 784 * 10), (x) => 2 * x - 1),
    );
  });
});
