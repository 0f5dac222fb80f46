import { createBackend } from '@replica/webgpu-kernels';
import { describe, expect, it } from 'vitest';
import { peerRatios } from './bench';
import { defineExperiment } from './experiment';
import { imageGridFigure } from './figures';
import { asUsage, parseTextRows, readInputJson, readInputText } from './inputs';
import { UsageError } from './params';
import { defineLab } from './plugin';
import { memoryContext, runExperiment } from './testing';

const echo = defineExperiment({
  name: 'echo-seed',
  summary: 'returns its seeds',
  params: [{ name: 'parts', kind: 'int-list', default: [0], min: 0, help: 'indices' }],
  async run(ctx, v) {
    ctx.progress(0.5, 'half');
    await ctx.writeArtifact('out.txt', 'hello');
    return { json: { seed: ctx.seed, derived: String(ctx.seedFor(...v.parts)) }, figures: [], summary: [] };
  },
});

describe('defineExperiment and the in-process host', () => {
  it('runs from argv with the CLI seed derivation, collecting artifacts and progress', async () => {
    const a = await runExperiment(echo, ['--parts', '1,2'], { seed: 9 });
    const b = await runExperiment(echo, ['--parts', '1,2'], { seed: 9 });
    const c = await runExperiment(echo, ['--parts', '1,3'], { seed: 9 });
    expect(a.result.json).toEqual(b.result.json);
    expect(a.result.json.derived).not.toBe(c.result.json.derived);
    expect(a.artifacts.get('out.txt')).toBe('hello');
    expect(a.progress).toEqual([{ fraction: 0.5, message: 'half' }]);
    await expect(runExperiment(echo, ['--parts', '-1'])).rejects.toThrow(UsageError);
  });

  it('refuses names that are not kebab-case and duplicate flags', () => {
    expect(() => defineExperiment({ ...echo, name: 'Echo' })).toThrow(/kebab-case/);
    expect(() =>
      defineExperiment({
        name: 'dup',
        summary: 'two flags of one name',
        async run() {
          return { json: {}, figures: [], summary: [] };
        },
        params: [
          { name: 'a', kind: 'flag', help: '' },
          { name: 'a', kind: 'flag', help: '' },
        ],
      }),
    ).toThrow(/--a declared twice/);
    expect(() => defineLab({ package: 'x', experiments: [echo, echo], benchSuites: [] })).toThrow(/declared twice/);
  });
});

describe('inputs', () => {
  it('reads text and JSON, and turns every failure into a usage error naming the flag', async () => {
    const backend = await createBackend({ kind: 'cpu' });
    const { ctx } = memoryContext(backend, {
      inputs: {
        'a.json': '{"J": [[0]]}',
        'bad.json': '{',
        'latin1.txt': new Uint8Array([0xff, 0xfe]),
        // a UTF-8 byte-order mark is accepted for JSON as for text
        'bom.json': new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"J": [[0]]}')]),
        'bom.txt': new Uint8Array([0xef, 0xbb, 0xbf, 0x31, 0x20, 0x32]),
      },
    });
    expect(await readInputJson(ctx, 'couplings', 'bom.json', 'a couplings file')).toEqual({ J: [[0]] });
    expect(await readInputText(ctx, 'samples', 'bom.txt', 'x')).toBe('1 2');
    expect(await readInputJson(ctx, 'couplings', 'a.json', 'a couplings file')).toEqual({ J: [[0]] });
    await expect(readInputText(ctx, 'couplings', undefined, 'a couplings file')).rejects.toThrow(
      '--couplings: required (a couplings file)',
    );
    await expect(readInputText(ctx, 'couplings', 'missing.json', 'x')).rejects.toThrow(
      "--couplings: cannot read 'missing.json': no such file",
    );
    await expect(readInputJson(ctx, 'couplings', 'bad.json', 'x')).rejects.toThrow(/is not valid JSON/);
    await expect(readInputText(ctx, 'samples', 'latin1.txt', 'x')).rejects.toThrow(/is not UTF-8 text/);
    backend.dispose();
  });

  it('parseTextRows reads rows of numbers and refuses empty values and non-numbers, naming the line', () => {
    expect(parseTextRows('# c\n1 2, 3\n\n4;5\t6\n', 'data', 'f.csv')).toEqual({
      rows: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      lines: [2, 4],
    });
    expect(() => parseTextRows('1,2,\n', 'data', 'f.csv')).toThrow(
      /^--data: line 1 of f\.csv has an empty value at position 3 \(a leading, trailing or doubled separator\)$/,
    );
    expect(() => parseTextRows('1 2\n,1\n', 'data', 'f.csv')).toThrow(
      /line 2 of f\.csv has an empty value at position 1/,
    );
    expect(() => parseTextRows('1 NaN\n', 'data', 'f.csv')).toThrow(
      /^--data: line 1 of f\.csv: 'NaN' is not a number$/,
    );
    expect(() => parseTextRows('1 Infinity\n', 'data', 'f.csv')).toThrow(UsageError);
  });

  it('asUsage converts argument errors, synchronous or not, and passes others through', async () => {
    expect(() =>
      asUsage('beta', () => {
        throw new RangeError('beta: expected ≥ 0');
      }),
    ).toThrow(/^--beta: expected ≥ 0$/); // the argument's name is not repeated after the flag's
    await expect(asUsage('n', () => Promise.reject(new TypeError('bad n')))).rejects.toThrow(UsageError);
    expect(() =>
      asUsage('n', () => {
        throw new Error('boom');
      }),
    ).toThrow(/^boom$/);
    expect(asUsage('n', () => 3)).toBe(3);
  });
});

describe('figures and ratios', () => {
  it('image grids check every image size and the value range', () => {
    const ok = imageGridFigure({
      name: 'g',
      title: 't',
      caption: 'c',
      rows: [{ label: 'a', images: [[0, 1, 0, 1]] }],
      width: 2,
      height: 2,
    });
    expect(ok).toMatchObject({ type: 'image-grid', range: [-1, 1], scale: 2 });
    expect(() =>
      imageGridFigure({
        name: 'g',
        title: 't',
        caption: 'c',
        rows: [{ label: 'a', images: [[0, 1, 0]] }],
        width: 2,
        height: 2,
      }),
    ).toThrow('rows[0].images[0]: expected 2×2 values, got 3');
    expect(() =>
      imageGridFigure({ name: 'g', title: 't', caption: 'c', rows: [], width: 2, height: 2, range: [1, 1] }),
    ).toThrow(/hi > lo/);
  });

  it('peerRatios divides each of ours by every matching peer', () => {
    const rows = [
      { kernel: 'gemm', size: 8, backend: 'cpu', rate: 2 },
      { kernel: 'gemm', size: 16, backend: 'cpu', rate: 3 },
      { kernel: 'gemm', size: 8, backend: 'numpy', rate: 4 },
      { kernel: 'gemm', size: 16, backend: 'numpy', rate: 6 },
      { kernel: 'gemm', size: 16, backend: 'torch-cpu', rate: 1.5 },
    ];
    const r = peerRatios(rows, {
      isOurs: (x) => x.backend === 'cpu',
      matches: (a, b) => a.size === b.size,
      value: (x) => x.rate,
    });
    expect(r).toEqual([
      { kernel: 'gemm', size: 8, backend: 'cpu', peer: 'numpy', ratio: 0.5 },
      { kernel: 'gemm', size: 16, backend: 'cpu', peer: 'numpy', ratio: 0.5 },
      { kernel: 'gemm', size: 16, backend: 'cpu', peer: 'torch-cpu', ratio: 2 },
    ]);
  });
});
