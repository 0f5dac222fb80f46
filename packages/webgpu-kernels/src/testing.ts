/**
 * Test support for packages built on the compute layer: the backends a test
 * suite should run on here. One suite, every available backend (the tfjs way).
 * @module
 */
import type { Backend } from './backend';
import { createBackend, probeWebGPU } from './backend';

/** A backend a shared suite runs against. */
export interface TestBackend {
  /** `cpu` or `webgpu`. */
  readonly name: 'cpu' | 'webgpu';
  /** True when this backend can be created here. */
  readonly available: boolean;
  /** Why not, when unavailable. */
  readonly reason?: string;
  /** Creates a fresh backend (dispose it after the suite). */
  create(): Promise<Backend>;
}

/**
 * The backends to test on: always `cpu`, plus `webgpu` (software adapters
 * allowed, since tests check correctness). When WebGPU is unavailable it is
 * listed with `available: false` so suites can skip it, unless
 * `REPLICA_REQUIRE_WEBGPU=1` is set in the environment (as CI does), which
 * turns its absence into an error instead of a skip.
 */
export async function testBackends(): Promise<TestBackend[]> {
  const probe = await probeWebGPU({ allowSoftware: true });
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (!probe.available && env?.REPLICA_REQUIRE_WEBGPU === '1') {
    throw new Error(`REPLICA_REQUIRE_WEBGPU=1 but WebGPU is unavailable: ${probe.reason}`);
  }
  return [
    { name: 'cpu', available: true, create: () => createBackend({ kind: 'cpu' }) },
    {
      name: 'webgpu',
      available: probe.available,
      ...(probe.reason === undefined ? {} : { reason: probe.reason }),
      create: () => createBackend({ kind: 'webgpu', allowSoftware: true }),
    },
  ];
}
