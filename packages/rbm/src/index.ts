/**
 * `@replica/rbm` — restricted Boltzmann machines: the bipartite spin glass with Bernoulli,
 * Gaussian and ReLU hidden priors, block Gibbs sampling on every backend, CD-k, PCD and
 * TAP training, exact and annealed-importance-sampling partition functions, and the
 * Hopfield equivalence.
 * @packageDocumentation
 */

export type { AisEstimate, AisOptions, AisResult } from './ais';
export { aisSchedule, annealedImportanceSampling } from './ais';
export { appendOneHot, classifyRows, labelPosterior } from './classify';
export type {
  AverageLogLikelihoodOptions,
  ExactLogPartition,
  LogPartitionExactOptions,
  RbmLayer,
} from './exact';
export { averageLogLikelihood, logPartitionExact, MAX_EXACT_UNITS } from './exact';
export type { ChainState, DeviceRbm, HalfStepOptions, RbmSamples, SampleRbmOptions } from './gibbs';
export {
  createChainState,
  disposeChainState,
  disposeDeviceRbm,
  downloadRbm,
  STREAMS,
  sampleHidden,
  sampleRbm,
  sampleVisible,
  uploadRbm,
} from './gibbs';
export type { HopfieldNetwork, HopfieldToRbmOptions, RbmToHopfieldOptions } from './hopfield';
export { hopfieldToRbm, rbmToHopfield } from './hopfield';
export type { SampleLayerCpuArgs, SampleLayerOptions, UnitType } from './layer-kernel';
export { layerKernelWgsl, sampleLayer, sampleLayerCpu, unitMean } from './layer-kernel';
export { pseudoLikelihood, reconstructionError } from './metrics';
export type { CreateRbmOptions, HiddenType, Rbm, VisibleType } from './model';
export {
  checkHiddenType,
  checkVisibleData,
  checkVisibleType,
  cloneRbm,
  createRbm,
  energy,
  freeEnergies,
  freeEnergy,
  HIDDEN_TYPES,
  hiddenFreeEnergy,
  hiddenLogPartition,
  hiddenMean,
  logTwoCosh,
  softplus,
  VISIBLE_TYPES,
  validateRbm,
  visibleLogPartition,
  visibleMean,
} from './model';
export type { RbmJson } from './serialize';
export { rbmFromJson, rbmToJson, serializeRbm } from './serialize';
export type {
  EpochReport,
  HopfieldInitializationOptions,
  TrainingMethod,
  TrainRbmOptions,
  TrainRbmResult,
} from './train';
export { hopfieldInitialization, trainRbm, visibleBiasFromData } from './train';
export { SGD_MOMENTUM_WGSL, sgdMomentum, sgdMomentumCpu, TAP_STEP_WGSL, tapStep, tapStepCpu } from './update-kernels';
