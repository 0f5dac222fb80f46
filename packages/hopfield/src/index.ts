/**
 * `@replica/hopfield` — associative memories with their theory: Hebbian,
 * projector, dreaming and example-based learning rules, retrieval on any
 * backend, the AGS replica-symmetric theory and phase diagram, low-load
 * mixture states, fixed points of the random asymmetric network, and the dense
 * (modern) Hopfield network.
 * @packageDocumentation
 */
export type { DenseRetrieval, DenseRetrieveOptions } from './dense';
export {
  denseEnergy,
  denseRetrieve,
  denseUpdate,
  globalAveragingRegime,
  lse,
  retrievalBeta,
  retrievalBetas,
  separations,
  softmaxBeta,
  softmaxJacobian,
} from './dense';
export { correlatedPatterns, flipFraction, maskRegion, patternOverlapMatrix, randomPatterns } from './patterns';
export type {
  Attractor,
  AttractorKind,
  ProbeOptions,
  ProbeResult,
  RetrievalOptions,
  RetrievalResult,
} from './retrieval';
export { classifyAttractor, isZeroTemperatureFixedPoint, probeRetrieval, retrieve } from './retrieval';
export type { HebbianFromExamplesOptions, NoisyExamplesOptions } from './rules';
export {
  asymmetricSigns,
  dreaming,
  hebb,
  hebbianFromExamples,
  noisyExamples,
  projector,
  randomAsymmetricNetwork,
} from './rules';
export type { RetrievalStability, RetrievalStabilityOptions } from './stability';
export { retrievalStability } from './stability';
export type { AgsRetrievalOverlap, AgsSolution, AgsZeroTemperature, LineOptions } from './theory/ags';
export {
  agsCriticalLoad,
  agsFreeEnergy,
  agsReplicaSymmetric,
  agsRetrievalCurve,
  agsRetrievalOverlap,
  agsZeroTemperature,
  globalMinimumLoad,
  retrievalLoad,
  spinGlassTemperature,
} from './theory/ags';
export {
  annealedFixedPointRate,
  annealedFixedPoints,
  countFixedPoints,
  countFixedPointsByCoupling,
  fixedPointRate,
  stableSpinProbability,
} from './theory/asymmetric';
export type { MixtureState } from './theory/low-load';
export { mixtureState } from './theory/low-load';
