import { describe, expect, it } from 'vitest';
import { createBackend, probeWebGPU, summarizeAdapter, WebGPUUnavailableError } from './backend';
import { CpuBackend } from './cpu-backend';

/** A fake GPU whose requestAdapter returns the given adapter (or null). */
function fakeGpu(adapter: Partial<GPUAdapter> | null): GPU {
  return { requestAdapter: async () => adapter as GPUAdapter } as unknown as GPU;
}
const swiftshader = {
  info: {
    vendor: 'google',
    architecture: 'swiftshader',
    description: 'SwiftShader driver 5.0.0',
    device: '',
    isFallbackAdapter: true,
  },
} as unknown as GPUAdapter;

describe('createBackend', () => {
  it('gives the CPU backend for kind cpu', async () => {
    const be = await createBackend({ kind: 'cpu' });
    expect(be).toBeInstanceOf(CpuBackend);
    expect(be.kind).toBe('cpu');
    be.dispose();
    expect(() => be.zeros([1])).toThrow(/after dispose/);
  });

  it('refuses a software adapter unless allowSoftware, and says so', async () => {
    const err = await createBackend({ kind: 'webgpu', gpu: fakeGpu(swiftshader) }).catch((e) => e);
    expect(err).toBeInstanceOf(WebGPUUnavailableError);
    expect(err.reason).toBe('software-only');
    expect(err.message).toMatch(/only a software adapter.*SwiftShader.*allowSoftware/);
  });

  it('auto never picks a software adapter: it falls back to the CPU and records why', async () => {
    const be = await createBackend({ kind: 'auto', gpu: fakeGpu(swiftshader) });
    expect(be.kind).toBe('cpu');
    expect(be.kind === 'cpu' && be.webgpuUnavailable).toMatch(/software adapter/);
  });

  it('reports a missing adapter with a hint', async () => {
    const err = await createBackend({ kind: 'webgpu', gpu: fakeGpu(null) }).catch((e) => e);
    expect(err.reason).toBe('no-adapter');
    expect(err.message).toMatch(/no adapter found.*VK_ADD_DRIVER_FILES/);
    expect(await probeWebGPU({ gpu: fakeGpu(null) })).toMatchObject({ available: false });
  });

  it('rejects unknown kinds', async () => {
    await expect(createBackend({ kind: 'metal' as 'cpu' })).rejects.toThrow(/kind: expected 'cpu', 'webgpu' or 'auto'/);
  });
});

describe('summarizeAdapter', () => {
  it('flags software adapters by flag or by name', () => {
    expect(summarizeAdapter(swiftshader).fallback).toBe(true);
    const llvmpipe = {
      info: { vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)', device: '' },
    };
    expect(summarizeAdapter(llvmpipe as unknown as GPUAdapter).fallback).toBe(true);
    const nvidia = {
      info: { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3', device: '' },
    };
    expect(summarizeAdapter(nvidia as unknown as GPUAdapter)).toEqual({
      vendor: 'nvidia',
      architecture: 'hopper',
      description: 'NVIDIA H100 80GB HBM3',
      device: '',
      fallback: false,
    });
  });
});

describe('the CPU backend reuses disposed arrays', () => {
  it('hands a disposed array out again, zeroed for zeros() and overwritten by tensor(), never a wrapped one', () => {
    const be = new CpuBackend();
    const n = 10_000;
    const a = be.tensor(new Float32Array(n).fill(7), [n]);
    const aData = a.data;
    a.dispose();
    const z = be.zeros([100, 100]);
    // the same memory, zeroed
    expect(z.data).toBe(aData);
    expect(z.data.every((v) => v === 0)).toBe(true);
    z.dispose();
    const src = Float32Array.from({ length: n }, (_, i) => i);
    const t = be.tensor(src, [n]);
    expect(t.data).toBe(aData);
    expect(Array.from(t.data.subarray(0, 4))).toEqual([0, 1, 2, 3]);
    // a wrapped array belongs to its caller: never reused
    const mine = new Float32Array(n).fill(3);
    be.wrap(mine).dispose();
    expect(be.zeros([n]).data).not.toBe(mine);
    expect(mine.every((v) => v === 3)).toBe(true);
    // other dtypes and sizes do not share
    t.dispose();
    expect(be.zeros([n], 'int32').data).not.toBe(aData);
    expect(be.zeros([n + 1]).data).not.toBe(aData);
    be.dispose();
  });
});
