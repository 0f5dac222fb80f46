/**
 * The one tsup configuration every package builds with. A package's own
 * `tsup.config.ts` is a single re-export of this file.
 *
 * Entries are read from the package's `exports` map: every subpath whose
 * `@replica/source` condition names a `src/*.ts` file becomes an entry, so
 * adding a subpath export (e.g. `@replica/spin-core/math`) needs no config edit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

interface ExportConditions {
  '@replica/source'?: string;
}

function entriesFromExports(dir: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    exports?: Record<string, ExportConditions | string>;
    replica?: { extraEntries?: Record<string, string> };
  };
  const entries: Record<string, string> = {};
  for (const conditions of Object.values(pkg.exports ?? {})) {
    if (typeof conditions === 'string') continue;
    const src = conditions['@replica/source'];
    if (!src) continue;
    const name = src.replace(/^\.\/src\//, '').replace(/\.ts$/, '');
    entries[name] = src;
  }
  Object.assign(entries, pkg.replica?.extraEntries ?? {});
  if (Object.keys(entries).length === 0) {
    throw new Error(`${dir}/package.json: no "@replica/source" entries in its exports map`);
  }
  return entries;
}

export default defineConfig({
  entry: entriesFromExports(process.cwd()),
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  // Keep `node:` specifiers as written (tsup strips them by default).
  removeNodeProtocol: false,
  // Optional peers (the Node `webgpu` package) and workspace siblings stay imports.
  external: ['webgpu', /^@replica\//, /^node:/],
});
