/**
 * The `src/lab` rule: a package's experiments and bench suites run in the CLI and in the
 * browser, so nothing under `packages/<name>/src/lab` (tests aside) imports a Node builtin;
 * the hosts read files, spawn peers and write artifacts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|js|mjs)$/.test(name) && !/\.test\.ts$/.test(name) ? [p] : [];
  });
}

const labs = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name, 'src', 'lab'))
  .filter((dir) => {
    try {
      return statSync(dir).isDirectory();
    } catch {
      return false;
    }
  });

/** Module specifiers of static and dynamic imports and requires. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const re of [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
  ])
    for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

const builtins = new Set(builtinModules);

describe('src/lab imports no Node builtin', () => {
  it('there are labs to check', () => {
    expect(labs.length).toBeGreaterThanOrEqual(4);
  });

  it.each(labs.flatMap(sources).map((p) => [p.slice(root.length + 1), p]))('%s', (_, path) => {
    const bad = specifiers(readFileSync(path, 'utf8')).filter(
      (s) => s.startsWith('node:') || builtins.has(s.split('/')[0]!),
    );
    expect(bad, `${path} imports ${bad.join(', ')}: the host does IO`).toEqual([]);
  });

  it('catches node: and bare builtin imports (the checker itself)', () => {
    expect(specifiers("import { readFileSync } from 'node:fs';\nconst x = await import('os');")).toEqual([
      'node:fs',
      'os',
    ]);
    expect(builtins.has('fs') && builtins.has('child_process')).toBe(true);
  });
});
