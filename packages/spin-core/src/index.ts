/**
 * `@replica/spin-core` — Ising spin systems and their dynamics on CPU and
 * WebGPU, exact enumeration, mean-field theory and inverse Ising: the physics
 * core of Replica. Theory numerics live in `@replica/spin-core/math`.
 * @packageDocumentation
 */
export type {
  Couplings,
  DenseCouplings,
  IsingModel,
  LowRankCouplings,
  PatternCouplings,
  SparseCouplings,
} from './couplings';
export {
  denseCouplings,
  isingModel,
  lowRankCouplings,
  patternCouplings,
  rotatedPatterns,
  sparseCouplings,
  toDenseMatrix,
} from './couplings';
export type { DynamicsKind, RecordOptions, RunOptions, SiteOrder, Trajectory } from './dynamics';
export { energy, localFields, mattisOverlaps } from './energy';
export type { CurieWeissExact, ExactDynamics, ExactOptions, ExactResult } from './exact';
export {
  allEnergies,
  curieWeissExact,
  exactEnumeration,
  MAX_ENUMERATION_N,
  MAX_TRANSITION_N,
  stateSpins,
  transitionMatrix,
} from './exact';
export type { BoltzmannLearningOptions, InverseIsingResult, SampleSet, SampleStatistics } from './inverse-ising';
export {
  inferenceErrors,
  inverseIsingBoltzmann,
  inverseIsingNaiveMeanField,
  inverseIsingPseudoLikelihood,
  inverseIsingTap,
  parseSamples,
  sampleExactly,
  sampleStatistics,
} from './inverse-ising';
export type {
  CurieWeissRoot,
  CurieWeissSolution,
  MeanFieldOptions,
  MeanFieldSolution,
  SkReplicaSymmetric,
} from './mean-field';
export { curieWeissSolutions, naiveMeanField, skReplicaSymmetric, tapMeanField } from './mean-field';
export type { BondDistribution } from './models';
export { curieWeiss, erdosRenyiGraph, periodicLattice, randomRegularGraph, sherringtonKirkpatrick } from './models';
export type { Simulation, SimulationOptions } from './simulation';
export { createSimulation } from './simulation';
export { checkSpins, magnetization, randomSpins, replicaOverlap, spinsFromBits, uniformSpins } from './spins';
