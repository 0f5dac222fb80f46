/**
 * `@replica/rbm` — restricted Boltzmann machines: the bipartite spin glass with Bernoulli,
 * Gaussian and ReLU hidden priors, block Gibbs sampling on every backend, CD-k, PCD and
 * TAP training, exact and annealed-importance-sampling partition functions, and the
 * Hopfield equivalence. The device-level pieces (chain states, half steps, kernels) are in
 * `@replica/rbm/kernels`.
 * @packageDocumentation
 */

export type { AisEstimate, AisOptions, AisResult, ReverseStart } from './ais';
export { AIS_BRACKET_SIGMAS, AIS_DEFAULT_STEPS, aisSchedule, annealedImportanceSampling } from './ais';
export { appendOneHot, classifyRows, labelPosterior } from './classify';
export type {
  AverageLogLikelihoodOptions,
  ExactLogPartition,
  ExactSamples,
  LogPartitionExactOptions,
  RbmLayer,
  SampleExactOptions,
} from './exact';
export { averageLogLikelihood, logPartitionExact, MAX_EXACT_UNITS, sampleExact } from './exact';
export type { RbmSamples, SampleRbmOptions } from './gibbs';
export { sampleRbm } from './gibbs';
export type { HopfieldNetwork, HopfieldToRbmOptions, RbmToHopfieldOptions } from './hopfield';
export { hopfieldToRbm, rbmToHopfield } from './hopfield';
export type { EstimateLogZOptions, LogZEstimate } from './log-z';
export { estimateLogZ, exactLayer } from './log-z';
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
