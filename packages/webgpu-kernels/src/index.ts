/**
 * `@replica/webgpu-kernels` — the tiny WGSL compute layer of Replica: backend
 * selection (CPU or WebGPU), tensors, a pipeline cache, chunked dispatch,
 * generic kernels (gemm, gemv, elementwise maps, row softmax and reductions,
 * sampling) each with a CPU twin, and the Philox4x32-10 counter RNG in
 * TypeScript and WGSL.
 * @packageDocumentation
 */
export type { Backend, BackendKind, CreateBackendOptions, WebGPUProbe, WebGPUUnavailableReason } from './backend';
export { createBackend, probeWebGPU, summarizeAdapter, WebGPUUnavailableError } from './backend';
export type { NumberBounds } from './checks';
export { checkArrayLike, checkInteger, checkNumber, checkOneOf } from './checks';
export { CPU_POOL_BYTES, CpuBackend, CpuTensor } from './cpu-backend';
export type { UniformField } from './dispatch';
export { LINEAR_WORKGROUP_WGSL, packUniforms, workgroupGrid } from './dispatch';
export type { DType, TensorData, TypedArrayOf } from './dtype';
export { dtypeOf, formatShape, sameShape, shapeSize } from './dtype';
export type { BinaryKernel, MapOptions, MapPlan, UnaryKernel } from './elementwise';
export {
  add,
  addKernel,
  axpy,
  axpyKernel,
  binaryKernels,
  binaryMapKernel,
  binaryWgsl,
  exp,
  expKernel,
  log,
  logKernel,
  mapBinary,
  mapUnary,
  mul,
  mulKernel,
  relu,
  reluKernel,
  scale,
  scaleKernel,
  sigmoid,
  sigmoidKernel,
  sign,
  signKernel,
  tanh,
  tanhKernel,
  unaryKernels,
  unaryMapKernel,
  unaryWgsl,
} from './elementwise';
export type { GemmConfig, GemmOptions, GemmPlan } from './gemm';
export { gemm, gemmKernel, gemmWgsl } from './gemm';
export type { GemmCpuArgs } from './gemm-cpu';
export { gemmCpu, gemmCpuEngine } from './gemm-cpu';
export type { GemvCpuArgs, GemvOptions, GemvPlan } from './gemv';
export { gemv, gemvCpu, gemvKernel, gemvWgsl } from './gemv';
export type { ComputeKernel } from './kernel';
export { runKernel } from './kernel';
export { FLOAT_BITS_WGSL } from './op-utils';
export type { PhiloxKey } from './philox';
export {
  deriveSeed,
  PHILOX_WGSL,
  PhiloxRng,
  philox4x32_10,
  philoxIndex,
  philoxKey,
  philoxStream,
  uniformFromU32,
} from './philox';
export type { ReduceRowsOptions, ReduceRowsPlan, RowReduction, SoftmaxOptions, SoftmaxPlan } from './reduce';
export {
  reduceRows,
  reduceRowsCpu,
  reduceRowsKernel,
  reduceRowsWgsl,
  softmax,
  softmaxCpu,
  softmaxKernel,
  softmaxWgsl,
} from './reduce';
export { ROW_WORKGROUP, WORKGROUP_REDUCE_WGSL } from './reduce-wgsl';
export type { SampleOp, SamplePlan, SamplingOptions } from './sampling';
export { bernoulli, normal, philoxFill, samplingKernel, samplingWgsl, uniform } from './sampling';
export type { KernelCheck } from './self-check';
export { compareWithBound, F32_UNIT_ROUNDOFF, f32SumErrorFactor, runKernelSelfChecks } from './self-check';
export type { Tensor } from './tensor';
export type { AdapterSummary, Binding, ComputeLimits, DispatchSpec } from './webgpu-backend';
export { GpuTensor, WebGPUBackend } from './webgpu-backend';
