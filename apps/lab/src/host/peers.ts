/**
 * The peer runner: runs a bench suite's peers — Python scripts with the system Python
 * (/usr/bin/python3, or $REPLICA_PYTHON) and C loops compiled with `gcc -O3 -march=native`
 * (or $CC) — in the same session as ours, on the same data. A peer that cannot run is
 * reported with the reason, never dropped.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeerCall, PeerInfo, PeerResult, PeerSpec } from '@replica/lab-kit';

/** The Python interpreter of the peers. */
export function peerPython(): string {
  return process.env.REPLICA_PYTHON ?? '/usr/bin/python3';
}

const require = createRequire(import.meta.url);

/** The directory of the host's Python helper module `replica_peer.py` (dist/ → ../peers, src/host/ → ../../peers). */
function helperDir(): string {
  for (const rel of ['../peers', '../../peers']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(p, 'replica_peer.py'))) return p;
  }
  throw new Error('apps/lab/peers/replica_peer.py not found');
}

/** The absolute path of a peer's file, from its package's root. */
export function peerFile(spec: PeerSpec): string {
  const root = dirname(require.resolve(`${spec.package}/package.json`));
  return join(root, spec.file);
}

const compiled = new Map<string, { path: string } | { error: string }>();

/** Compiles a C peer once per compiler and file. */
function compileC(src: string): { path: string } | { error: string } {
  const cc = process.env.CC ?? 'gcc';
  const key = `${cc}\0${src}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const out = join(mkdtempSync(join(tmpdir(), 'replica-peer-')), 'peer');
  const r = spawnSync(cc, ['-O3', '-march=native', '-o', out, src, '-lm'], { encoding: 'utf8' });
  const result =
    r.error || r.status !== 0
      ? { error: `${cc} -O3 -march=native failed: ${r.error?.message ?? r.stderr.trim().split('\n')[0]}` }
      : { path: out };
  compiled.set(key, result);
  return result;
}

function unavailable(name: string, reason: string): PeerResult<never> {
  return { info: { name, available: false, reason } };
}

/**
 * Runs one call of a peer. Binary inputs are written to a scratch directory the peer finds in
 * `files`; the binary outputs it writes are read back; the directory is removed afterwards.
 * @param spec - the peer
 * @param call - arguments, JSON input, files
 * @returns what it printed, with its description or why it is unavailable
 */
export function runPeer<T>(spec: PeerSpec, call: PeerCall): PeerResult<T> {
  const file = peerFile(spec);
  if (!existsSync(file)) return unavailable(spec.name, `${spec.package}/${spec.file} not found`);
  const dir = mkdtempSync(join(tmpdir(), 'replica-peer-'));
  try {
    const files = Object.fromEntries(Object.keys(call.files ?? {}).map((k) => [k, join(dir, k)]));
    for (const [k, v] of Object.entries(call.files ?? {}))
      writeFileSync(files[k]!, new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    const outputs = Object.fromEntries((call.outputs ?? []).map((k) => [k, join(dir, `out-${k}`)]));
    let exe: string;
    let args: string[];
    const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
    if (spec.language === 'c') {
      const c = compileC(file);
      if ('error' in c) return unavailable(spec.name, c.error);
      exe = c.path;
      args = [...(call.args ?? [])];
    } else {
      exe = peerPython();
      const input = { ...call.input, files, outputs };
      args = [file, JSON.stringify(input), ...(call.args ?? [])];
      env.PYTHONPATH = [helperDir(), env.PYTHONPATH].filter(Boolean).join(':');
      // OpenBLAS's core-type and cache overrides of this machine would mislead the peer's BLAS
      delete env.OPENBLAS_CORETYPE;
      delete env.OPENBLAS_L2_SIZE;
    }
    const res = spawnSync(exe, args, { env, encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 28 });
    if (res.error || res.status !== 0) {
      const why = res.error?.message ?? res.stderr.trim().split('\n').pop() ?? `exit code ${res.status}`;
      return unavailable(spec.name, `${spec.language === 'c' ? spec.file : peerPython()}: ${why}`);
    }
    let out: T & { detail?: string; error?: string };
    try {
      out = JSON.parse(res.stdout);
    } catch {
      return unavailable(spec.name, `${spec.file} printed no JSON document: ${res.stdout.slice(0, 200)}`);
    }
    if (out.error) return unavailable(spec.name, out.error);
    const info: PeerInfo = { name: spec.name, available: true, ...(out.detail ? { detail: out.detail } : {}) };
    const read = Object.fromEntries(
      Object.entries(outputs)
        .filter(([, p]) => existsSync(p))
        .map(([k, p]) => [k, new Uint8Array(readFileSync(p))]),
    );
    return { info, out, ...(call.outputs ? { outputs: read } : {}) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
