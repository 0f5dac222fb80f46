/**
 * WebGPU-only behaviour at the device limits: buffers larger than the device
 * allows are refused with a clear error before anything is allocated.
 */
import { describe, expect, it } from 'vitest';
import { createBackend } from './backend';
import { testBackends } from './testing';
import type { WebGPUBackend } from './webgpu-backend';

const webgpu = (await testBackends()).find((b) => b.name === 'webgpu');

describe.runIf(webgpu?.available)('WebGPU limits', () => {
  it('refuses a tensor over maxBufferSize, naming the limit', async () => {
    const be = (await createBackend({ kind: 'webgpu', allowSoftware: true })) as WebGPUBackend;
    const tooMany = Math.floor(be.limits.maxBufferSize / 4) + 1;
    expect(() => be.zeros([tooMany])).toThrow(/exceed this device's maxBufferSize/);
    be.dispose();
  });

  it('refuses a binding over maxStorageBufferBindingSize instead of failing inside the driver', async () => {
    const be = (await createBackend({ kind: 'webgpu', allowSoftware: true })) as WebGPUBackend;
    const t = be.zeros([16]);
    const source =
      '@group(0) @binding(0) var<storage, read_write> x: array<f32>;\n@compute @workgroup_size(1) fn main() { x[0] = 1.0; }';
    const size = be.limits.maxStorageBufferBindingSize + 4;
    expect(() =>
      be.dispatch({ source, label: 'probe', bindings: [{ buffer: t.buffer, size }], workgroups: 1 }),
    ).toThrow(/probe: binding 0: \d+ bytes exceed this device's maxStorageBufferBindingSize/);
    // and a well-formed dispatch through the same API works
    be.dispatch({ source, bindings: [t], workgroups: 1 });
    expect((await t.read())[0]).toBe(1);
    be.dispose();
  });

  it('rethrows a WGSL compile error at the next sync, with the compiler message', async () => {
    const be = (await createBackend({ kind: 'webgpu', allowSoftware: true })) as WebGPUBackend;
    const t = be.zeros([4]);
    be.dispatch({ source: '@compute @workgroup_size(1) fn main() { let x: f32 = 1u; }', bindings: [], workgroups: 1 });
    await expect(be.sync()).rejects.toThrow(/WebGPU validation error/);
    expect((await t.read()).length).toBe(4); // the backend stays usable
    be.dispose();
    expect(() => be.zeros([1])).toThrow(/after dispose/);
  });
});
