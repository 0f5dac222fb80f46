import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { compileWat, generatedPath, renderGenerated, watFiles } from '../scripts/build-wasm.mjs';

const files: string[] = watFiles();

describe('every .wat has its generated module up to date (run `pnpm build:wasm` after editing one)', () => {
  it('finds the packages’ .wat files', () => {
    expect(files.map((f) => basename(f)).sort()).toEqual(expect.arrayContaining(['gemm.wat', 'kernels.wat']));
  });

  it.each(files.map((f) => [f.split('/packages/')[1]!, f]))('%s', async (_, wat) => {
    const stem = basename(wat, '.wat');
    const bytes = await compileWat(readFileSync(wat, 'utf8'), `${stem}.wat`);
    expect(readFileSync(generatedPath(wat), 'utf8')).toBe(renderGenerated(bytes, stem));
  });
});
