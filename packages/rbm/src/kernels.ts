/**
 * `@replica/rbm/kernels` — the device-level pieces the trainer and AIS are built from, for
 * people writing their own samplers or training loops: the machine on a backend, block-Gibbs
 * half steps and chain states, the layer kernel (WGSL and its CPU twin) and the fused update
 * kernels. The package entry keeps to the model API; these may change between minor versions.
 * @packageDocumentation
 */
export type { ChainState, DeviceRbm, HalfStepOptions } from './gibbs';
export {
  createChainState,
  disposeChainState,
  disposeDeviceRbm,
  downloadRbm,
  STREAMS,
  sampleHidden,
  sampleVisible,
  uploadRbm,
} from './gibbs';
export type { LayerPlan, SampleLayerCpuArgs, SampleLayerOptions, UnitType } from './layer-kernel';
export { layerKernel, layerKernelWgsl, sampleLayer, sampleLayerCpu, unitMean } from './layer-kernel';
export type { SgdMomentumPlan, TapStepPlan } from './update-kernels';
export {
  SGD_MOMENTUM_WGSL,
  sgdMomentum,
  sgdMomentumCpu,
  sgdMomentumKernel,
  TAP_STEP_WGSL,
  tapStep,
  tapStepCpu,
  tapStepKernel,
} from './update-kernels';
