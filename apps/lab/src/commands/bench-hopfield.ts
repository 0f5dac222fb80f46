/**
 * `bench --suite hopfield`: the two Hopfield workloads.
 * - Capacity: zero-temperature sequential sweeps of the Hebb rule in pattern form
 *   (O(NK) memory) at N = 4096, K = αN, per backend (CPU with WebAssembly SIMD `cpu` and plain
 *   JS `cpu-js`, WebGPU when present), beside the same loop in C (`gcc -O3 -march=native`).
 * - Dense retrieval: queries/s of one batched update ξ ← X softmax(β Xᵀξ) (two gemms and a row
 *   softmax), per backend, beside numpy and PyTorch doing the same float32 update.
 * @module
 */
import { denseRetrieve, hebb, randomPatterns } from '@replica/hopfield';
import { isingModel } from '@replica/spin-core';
import { createBackend } from '@replica/webgpu-kernels';
import { runCPeer } from '../bench/c-peer';
import type { PeerInfo } from '../bench/peers';
import { PY_TIMEIT, runPythonPeer } from '../bench/peers';
import type { Progress } from '../io';
import type { DynamicsRow } from './bench-dynamics';
import { timeSweeps } from './bench-dynamics';

/** One dense-retrieval timing. */
export interface DenseRow {
  readonly kernel: 'dense-retrieval';
  /** N, the pattern dimension. */
  readonly size: number;
  /** P stored patterns. */
  readonly stored: number;
  /** B queries per batch. */
  readonly queries: number;
  readonly backend: string;
  readonly queriesPerSecond: number;
}

/** What the Hopfield suite times. */
export interface HopfieldPlan {
  readonly size: number;
  readonly alpha: number;
  readonly replicas: readonly number[];
  readonly denseSize: number;
  readonly stored: number;
  readonly queries: number;
  readonly beta: number;
  readonly minSeconds: number;
}

/** The dense peers of the suite. */
export const DENSE_PEERS = ['numpy', 'torch-cpu', 'torch-cuda'] as const;

const DENSE_SCRIPT = `
import json, sys
peer, n, p, b, beta, min_time = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
${PY_TIMEIT}
if peer == 'numpy':
    import numpy as np, os
    rng = np.random.default_rng(0)
    X = np.sign(rng.standard_normal((n, p))).astype(np.float32); Q = rng.standard_normal((b, n)).astype(np.float32)
    S = np.empty((b, p), np.float32); out = np.empty((b, n), np.float32)
    def step():
        np.matmul(Q, X, out=S); np.multiply(S, beta, out=S); np.subtract(S, S.max(axis=1, keepdims=True), out=S)
        np.exp(S, out=S); np.divide(S, S.sum(axis=1, keepdims=True), out=S); np.matmul(S, X.T, out=out)
    s = timeit(step)
    detail = "numpy %s, %s thread(s)" % (np.__version__, os.environ.get('OPENBLAS_NUM_THREADS') or os.cpu_count())
else:
    import torch
    dev = 'cuda' if peer == 'torch-cuda' else 'cpu'
    if dev == 'cuda' and not torch.cuda.is_available():
        print(json.dumps({"error": "torch.cuda.is_available() is False"})); sys.exit(0)
    torch.backends.cuda.matmul.allow_tf32 = False
    sync = torch.cuda.synchronize if dev == 'cuda' else (lambda: None)
    g = torch.Generator(device=dev).manual_seed(0)
    X = torch.randn(n, p, generator=g, device=dev).sign(); Q = torch.randn(b, n, generator=g, device=dev)
    def step():
        return torch.softmax(beta * (Q @ X), dim=1) @ X.T
    with torch.no_grad():
        s = timeit(step, sync)
    detail = "torch %s on %s, float32 without TF32" % (torch.__version__, torch.cuda.get_device_name() if dev == 'cuda' else '%d CPU threads' % torch.get_num_threads())
print(json.dumps({"queriesPerSecond": b / s, "detail": detail}))
`;

function measureDensePeer(peer: string, plan: HopfieldPlan): { info: PeerInfo; rate?: number } {
  const args = [peer, plan.denseSize, plan.stored, plan.queries, plan.beta, plan.minSeconds].map(String);
  const r = runPythonPeer<{ queriesPerSecond: number }>(peer, DENSE_SCRIPT, args);
  return r.out ? { info: r.info, rate: r.out.queriesPerSecond } : { info: r.info };
}

/** Times the capacity sweeps and the dense retrieval on each backend kind, and the peers. */
export async function runHopfieldBench(
  plan: HopfieldPlan,
  kinds: readonly ('cpu' | 'webgpu')[],
  allowSoftware: boolean,
  peers: { c: boolean; dense: readonly string[] },
  progress: Progress,
): Promise<{ rows: (DynamicsRow | DenseRow)[]; peers: PeerInfo[]; skipped: string[] }> {
  const k = Math.max(1, Math.round(plan.alpha * plan.size));
  const model = isingModel(hebb(randomPatterns(k, plan.size, { seed: 1 }), k, plan.size));
  const X = Float32Array.from(randomPatterns(plan.stored, plan.denseSize, { seed: 2 }));
  const Q = Float32Array.from({ length: plan.queries * plan.denseSize }, (_, t) => Math.sin(0.7 * t));
  const rows: (DynamicsRow | DenseRow)[] = [];
  const skipped: string[] = [];
  const peerInfo: PeerInfo[] = [];
  const zeroT = { dynamics: 'zero-temperature', order: 'sequential', beta: 0 } as const;
  const sweepRow = (R: number, backend: string, sps: number): DynamicsRow => ({
    kernel: 'zero-temperature-pattern',
    size: plan.size,
    replicas: R,
    patterns: k,
    backend,
    sweepsPerSecond: sps,
    spinUpdatesPerSecond: sps * plan.size * R,
  });
  const denseRow = (backend: string, qps: number): DenseRow => ({
    kernel: 'dense-retrieval',
    size: plan.denseSize,
    stored: plan.stored,
    queries: plan.queries,
    backend,
    queriesPerSecond: qps,
  });
  progress.start(
    'bench: hopfield',
    kinds.length * (plan.replicas.length + 1) + (peers.c ? plan.replicas.length : 0) + peers.dense.length,
  );
  let step = 0;
  for (const kind of kinds) {
    const be = await createBackend({ kind, allowSoftware });
    try {
      for (const R of plan.replicas) {
        rows.push(sweepRow(R, kind, await timeSweeps(be, model, R, zeroT, plan.minSeconds, true)));
        if (kind === 'cpu')
          rows.push(sweepRow(R, 'cpu-js', await timeSweeps(be, model, R, zeroT, plan.minSeconds, false)));
        progress.update(++step);
      }
      // one update per call, energies off: the retrieval itself
      const once = () =>
        denseRetrieve(be, X, plan.denseSize, plan.stored, Q, { beta: plan.beta, iterations: 1, energies: false });
      await once();
      let calls = 1;
      let seconds = 0;
      for (;;) {
        const t0 = performance.now();
        for (let c = 0; c < calls; c++) await once();
        seconds = (performance.now() - t0) / 1000;
        if (seconds >= plan.minSeconds || calls >= 1 << 16) break;
        calls *= 2;
      }
      rows.push(denseRow(kind, (plan.queries * calls) / seconds));
      progress.update(++step);
    } finally {
      be.dispose();
    }
  }
  if (peers.c) {
    let ok = true;
    for (const R of plan.replicas) {
      const r = runCPeer('pattern-zero', plan.size, k, R, 0, plan.minSeconds);
      if ('error' in r) {
        skipped.push(`c-gcc: ${r.error}`);
        peerInfo.push({ name: 'c-gcc', available: false, reason: r.error });
        ok = false;
        break;
      }
      rows.push(sweepRow(R, 'c-gcc', r.sweepsPerSecond));
      progress.update(++step);
    }
    if (ok)
      peerInfo.push({
        name: 'c-gcc',
        available: true,
        detail: 'apps/lab/bench/glauber.c pattern-zero, gcc -O3 -march=native, the same zero-temperature loop',
      });
  }
  for (const p of peers.dense) {
    const m = measureDensePeer(p, plan);
    peerInfo.push(m.info);
    if (m.rate !== undefined) rows.push(denseRow(p, m.rate));
    else skipped.push(`${p}: ${m.info.reason}`);
    progress.update(++step);
  }
  progress.end(`${rows.length} timings`);
  return { rows, peers: peerInfo, skipped };
}
