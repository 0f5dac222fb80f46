/**
 * Benchmark peers measured in the same run: numpy (with the BLAS it actually
 * loaded, at its default thread count and at one thread) and PyTorch (CUDA when
 * present), run through the system Python (/usr/bin/python3, or $REPLICA_PYTHON).
 * @module
 */
import { spawnSync } from 'node:child_process';

/** A peer's measurement of float32 C = A·B at one size. */
export interface PeerRow {
  readonly peer: string;
  readonly size: number;
  readonly gflops: number;
}

/** What a peer is. */
export interface PeerInfo {
  readonly name: string;
  readonly available: boolean;
  /** Library versions, BLAS, threads, device. */
  readonly detail?: string;
  readonly reason?: string;
}

/** The peers `bench --peers` accepts. */
export const PEERS = ['numpy', 'numpy-1thread', 'torch-cpu', 'torch-cuda'] as const;
/** A peer name. */
export type PeerName = (typeof PEERS)[number];

/**
 * The Python timing helper every peer script starts with: `timeit(f, sync)` returns the median
 * seconds per call over batches grown to a fifth of `min_time` (a global the script sets first).
 */
export const PY_TIMEIT = `
import time
def timeit(f, sync=lambda: None):
    f(); sync()
    per, samples, start = 1, [], time.perf_counter()
    while len(samples) < 3 or time.perf_counter() - start < min_time:
        t0 = time.perf_counter()
        for _ in range(per): f()
        sync()
        dt = time.perf_counter() - t0
        if dt < min_time / 5 and not samples and per < (1 << 20):
            per *= 2; continue
        samples.append(dt / per)
        if len(samples) > 200: break
    samples.sort(); return samples[len(samples) // 2]
`;

const SCRIPT = `
import json, sys, os
peer, sizes, min_time = sys.argv[1], json.loads(sys.argv[2]), float(sys.argv[3])
${PY_TIMEIT}
rows = []
if peer.startswith('numpy'):
    import numpy as np
    rng = np.random.default_rng(0)
    for n in sizes:
        a = rng.standard_normal((n, n), dtype=np.float32); b = rng.standard_normal((n, n), dtype=np.float32); c = np.empty((n, n), np.float32)
        s = timeit(lambda: np.matmul(a, b, out=c))
        rows.append({"size": n, "gflops": 2 * n ** 3 / s / 1e9})
    blas = sorted({l.split()[-1].split('/')[-1] for l in open('/proc/self/maps') if 'blas' in l.lower()})
    threads = os.environ.get('OPENBLAS_NUM_THREADS') or str(os.cpu_count())
    detail = "numpy %s, BLAS %s, %s thread(s)" % (np.__version__, '+'.join(blas) or 'unknown', threads)
else:
    import torch
    dev = 'cuda' if peer == 'torch-cuda' else 'cpu'
    if dev == 'cuda' and not torch.cuda.is_available():
        print(json.dumps({"error": "torch.cuda.is_available() is False"})); sys.exit(0)
    torch.backends.cuda.matmul.allow_tf32 = False  # true float32, as the WGSL kernel computes
    sync = torch.cuda.synchronize if dev == 'cuda' else (lambda: None)
    g = torch.Generator(device=dev).manual_seed(0)
    for n in sizes:
        a = torch.randn(n, n, generator=g, device=dev); b = torch.randn(n, n, generator=g, device=dev); c = torch.empty(n, n, device=dev)
        s = timeit(lambda: torch.matmul(a, b, out=c), sync)
        rows.append({"size": n, "gflops": 2 * n ** 3 / s / 1e9})
    detail = "torch %s on %s, float32 without TF32" % (torch.__version__, torch.cuda.get_device_name() if dev == 'cuda' else '%d CPU threads' % torch.get_num_threads())
print(json.dumps({"rows": rows, "detail": detail}))
`;

/** The Python interpreter used for peers. */
export function peerPython(): string {
  return process.env.REPLICA_PYTHON ?? '/usr/bin/python3';
}

/**
 * Measures float32 gemm with a peer. Never throws for a missing peer: the
 * result says why it is unavailable (so a report states it rather than dropping it).
 */
export function measurePeer(
  peer: PeerName,
  sizes: readonly number[],
  minSeconds: number,
): { info: PeerInfo; rows: PeerRow[] } {
  const env = { ...process.env };
  if (peer === 'numpy-1thread')
    Object.assign(env, { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' });
  const r = runPythonPeer<{ rows?: { size: number; gflops: number }[] }>(
    peer,
    SCRIPT,
    [peer, JSON.stringify(sizes), String(minSeconds)],
    env,
  );
  if (!r.info.available) return { info: r.info, rows: [] };
  return { info: r.info, rows: (r.out?.rows ?? []).map((x) => ({ peer, size: x.size, gflops: x.gflops })) };
}

/**
 * Runs a peer script with the system Python; it prints one JSON object with `detail` (or
 * `error`). Never throws for a missing peer: the info says why it is unavailable.
 */
export function runPythonPeer<T>(
  name: string,
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { info: PeerInfo; out?: T } {
  const res = spawnSync(peerPython(), ['-c', script, ...args], { env, encoding: 'utf8', timeout: 600_000 });
  if (res.error || res.status !== 0) {
    const why = res.error?.message ?? res.stderr.trim().split('\n').pop() ?? `exit code ${res.status}`;
    return { info: { name, available: false, reason: `${peerPython()}: ${why}` } };
  }
  const out = JSON.parse(res.stdout) as T & { detail?: string; error?: string };
  if (out.error) return { info: { name, available: false, reason: out.error } };
  return { info: { name, available: true, ...(out.detail ? { detail: out.detail } : {}) }, out };
}
