import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { exactExperiment } from './exact';

const couplings = JSON.stringify({
  J: [
    [0, 0.5, -0.25],
    [0.5, 0, 0.25],
    [-0.25, 0.25, 0],
  ],
  h: [0.25, -0.125, 0],
});

const run = (file: string, text: string, extra: string[] = []) =>
  runExperiment(exactExperiment, ['--couplings', file, '--beta', '0.7', ...extra], { inputs: { [file]: text } });

describe('exact', () => {
  it('enumerates a three-spin model: the magnetizations and energy sum to the brute-force values', async () => {
    const { result } = await run('c.json', couplings);
    const j = result.json as { N: number; logZ: number; magnetizations: number[]; magnetization: number };
    expect(j.N).toBe(3);
    // ⟨m⟩ is the mean of the single-site magnetizations
    expect(j.magnetization).toBeCloseTo(j.magnetizations.reduce((a, b) => a + b, 0) / 3, 14);
    expect(result.figures).toEqual([]);
  });

  it.each([
    [
      {
        J: [
          [0, 1],
          [0.5, 0],
        ],
      },
      /must be symmetric/,
    ],
    [{ J: [[0, 1], [1]] }, /J row 1 has 1 entries; expected 2/],
    [
      {
        J: [
          [0, 1],
          [1, 0],
        ],
        h: [1],
      },
      /h must have 2 entries/,
    ],
    [
      {
        J: [
          [0, 'x'],
          ['x', 0],
        ],
      },
      /J\[0\]\[1\] = "x" is not a finite number/,
    ],
    [
      { J: Array.from({ length: 25 }, () => new Array(25).fill(0)) },
      /N = 25 is too large for enumeration \(at most 24\)/,
    ],
    [{ nope: 1 }, /expected \{"J"/],
    [{ J: [] }, /J is empty/],
  ])('refuses bad couplings %#', async (doc, message) => {
    const r = run('bad.json', JSON.stringify(doc));
    await expect(r).rejects.toThrow(UsageError);
    await expect(run('bad.json', JSON.stringify(doc))).rejects.toThrow(message);
  });

  it('refuses β < 0, NaN, a missing file and invalid JSON', async () => {
    await expect(
      runExperiment(exactExperiment, ['--couplings', 'c.json', '--beta', '-1'], { inputs: { 'c.json': couplings } }),
    ).rejects.toThrow(/--beta: expected a number in \[0/);
    await expect(
      runExperiment(exactExperiment, ['--couplings', 'c.json', '--beta', 'NaN'], { inputs: { 'c.json': couplings } }),
    ).rejects.toThrow(/--beta: expected a number/);
    await expect(runExperiment(exactExperiment, ['--couplings', 'missing.json'])).rejects.toThrow(
      /--couplings: cannot read 'missing.json': no such file/,
    );
    await expect(runExperiment(exactExperiment, [])).rejects.toThrow(/--couplings: required/);
    await expect(run('c.json', '{"J": [[0')).rejects.toThrow(/--couplings: 'c.json' is not valid JSON/);
  });
});
