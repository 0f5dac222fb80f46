import { describe, it } from 'vitest';
import { describeKernelSuite } from './kernels.suite';
import { testBackends } from './testing';

// One suite, every backend available here. With REPLICA_REQUIRE_WEBGPU=1 (CI) a
// missing WebGPU adapter fails instead of skipping.
for (const b of await testBackends()) {
  if (b.available) {
    describeKernelSuite(b.name, b.create, { runs: b.name === 'cpu' ? 60 : 12, largeDispatch: true });
  } else {
    describe(`kernels on ${b.name}`, () => {
      it.skip(`skipped: ${b.reason}`, () => {});
    });
  }
}
