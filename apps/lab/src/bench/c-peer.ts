/**
 * The C reference loop of the dynamics benchmark (apps/lab/bench/glauber.c),
 * compiled with `gcc -O3 -march=native` on first use and run in the same session.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let compiled: { path: string } | { error: string } | null = null;

function sourcePath(): string | null {
  // dist/index.js → ../bench; src/bench/c-peer.ts → ../../bench
  for (const rel of ['../bench/glauber.c', '../../bench/glauber.c']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  return null;
}

/** Compiles the C loop once; returns its path or why it is unavailable. */
export function compileCPeer(): { path: string } | { error: string } {
  compiled ??= compile();
  return compiled;
}

function compile(): { path: string } | { error: string } {
  const src = sourcePath();
  if (!src) return { error: 'apps/lab/bench/glauber.c not found' };
  const out = join(mkdtempSync(join(tmpdir(), 'replica-bench-')), 'glauber');
  const cc = process.env.CC ?? 'gcc';
  const r = spawnSync(cc, ['-O3', '-march=native', '-o', out, src, '-lm'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    return { error: `${cc} -O3 -march=native failed: ${r.error?.message ?? r.stderr.trim().split('\n')[0]}` };
  }
  return { path: out };
}

/** Sweeps/s of the C loop for one configuration. */
export function runCPeer(
  kind: 'dense' | 'pattern' | 'pattern-zero',
  n: number,
  k: number,
  replicas: number,
  beta: number,
  minSeconds: number,
): { sweepsPerSecond: number; energyPerSpin: number } | { error: string } {
  const c = compileCPeer();
  if ('error' in c) return c;
  const r = spawnSync(c.path, [kind, String(n), String(k), String(replicas), String(beta), String(minSeconds)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.error || r.status !== 0) return { error: `glauber exited with ${r.status}: ${r.stderr.trim()}` };
  return JSON.parse(r.stdout) as { sweepsPerSecond: number; energyPerSpin: number };
}
