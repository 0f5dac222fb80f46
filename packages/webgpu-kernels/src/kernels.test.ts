import { describe, it } from 'vitest';
import { describeKernelSuite } from './kernels.suite';
import { testBackends } from './testing';

// One suite, every backend available here. With REPLICA_REQUIRE_WEBGPU=1 (CI) a
// missing WebGPU adapter fails instead of skipping. REPLICA_FC_RUNS=N runs N cases
// per property on every backend (a stress run; the defaults keep CI quick).
const stress = Number(process.env.REPLICA_FC_RUNS ?? 0);
for (const b of await testBackends()) {
  if (b.available) {
    describeKernelSuite(b.name, b.create, { runs: stress || (b.name === 'cpu' ? 60 : 12), largeDispatch: true });
  } else {
    describe(`kernels on ${b.name}`, () => {
      it.skip(`skipped: ${b.reason}`, () => {});
    });
  }
}
