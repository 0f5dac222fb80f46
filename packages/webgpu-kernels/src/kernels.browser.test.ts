import { describe, expect, it } from 'vitest';
import { createBackend } from './backend';
import { describeKernelSuite } from './kernels.suite';

// The same suite in a real browser: WebGPU from navigator.gpu (SwiftShader in CI).
describe('browser environment', () => {
  it('has navigator.gpu and a WebGPU adapter', async () => {
    expect(typeof navigator.gpu).toBe('object');
    const adapter = await navigator.gpu.requestAdapter();
    expect(adapter).not.toBeNull();
  });
});
describeKernelSuite('webgpu (browser)', () => createBackend({ kind: 'webgpu', allowSoftware: true }), {
  runs: 6,
  largeDispatch: false,
});
describeKernelSuite('cpu (browser)', () => createBackend({ kind: 'cpu' }), { runs: 20, largeDispatch: false });
