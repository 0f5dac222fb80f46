/**
 * Package metadata that other tools read stays in step with the exports maps: every entry of
 * every publishable package is in the API reference (typedocOptions and typedoc.json).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
interface Pkg {
  name: string;
  private?: boolean;
  exports: Record<string, string | Record<string, string>>;
  typedocOptions?: { entryPoints: string[] };
}
const packages = readdirSync(join(root, 'packages'))
  .filter((d) => existsSync(join(root, 'packages', d, 'package.json')))
  .map((d) => ({
    dir: `packages/${d}`,
    pkg: JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')) as Pkg,
  }))
  .filter((p) => !p.pkg.private);
const typedoc = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };

describe('package metadata', () => {
  it.each(packages.map((p) => [p.pkg.name, p]))(
    '%s: its API reference covers every entry of its exports map',
    (_, p) => {
      const entries = Object.values(p.pkg.exports)
        .filter((c): c is Record<string, string> => typeof c === 'object' && '@replica/source' in c)
        .map((c) => c['@replica/source']);
      expect(p.pkg.typedocOptions?.entryPoints).toEqual(entries);
      expect(typedoc.entryPoints).toContain(p.dir);
    },
  );

  it('the README’s package table gives every publishable package its version', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const p of packages) {
      const row = readme.split('\n').find((l) => l.startsWith(`| [\`${p.pkg.name}\`]`));
      expect(row, `${p.pkg.name} has a row`).toBeDefined();
      expect(row!.split('|').at(-2)!.trim()).toBe((p.pkg as unknown as { version: string }).version);
    }
  });
});
