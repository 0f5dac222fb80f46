/**
 * Kernels as plain objects, in the style of tfjs kernel configs: a name, the CPU twin and the
 * WebGPU encoding of the same plan. An op validates its arguments once, builds the plan, and
 * hands it to {@link runKernel} — the one place that looks at the backend's kind.
 * @module
 */
import type { Backend } from './backend';
import type { CpuBackend } from './cpu-backend';
import type { WebGPUBackend } from './webgpu-backend';

/** A compute kernel: the same plan computed on the CPU or encoded as WebGPU dispatches. */
export interface ComputeKernel<Plan> {
  /** The kernel's name (pipeline labels, errors). */
  readonly name: string;
  /** The CPU twin: computes the plan on host arrays, synchronously. */
  cpu(backend: CpuBackend, plan: Plan): void;
  /** Encodes the plan's dispatches on a WebGPU device (queued, not awaited). */
  webgpu(backend: WebGPUBackend, plan: Plan): void;
}

/**
 * Runs a kernel's plan on `backend`: its CPU twin on the CPU backend, its dispatches on WebGPU.
 * @param kernel - the kernel
 * @param backend - where the plan's tensors live
 * @param plan - validated arguments
 */
export function runKernel<Plan>(kernel: ComputeKernel<Plan>, backend: Backend, plan: Plan): void {
  if (backend.kind === 'cpu') kernel.cpu(backend, plan);
  else kernel.webgpu(backend, plan);
}
