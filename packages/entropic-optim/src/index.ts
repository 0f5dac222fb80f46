/**
 * `@replica/entropic-optim` — local entropy and the entropic algorithms, beside their theory:
 * the binary perceptron (random instances, errors and O(P) flip updates from stored
 * stabilities), its replica-symmetric entropy of solutions with the capacity as its zero and
 * the teacher–student transition, simulated annealing and replicated simulated annealing in the
 * robust ensemble; on `@replica/nn` networks, replicated SGD on the replica axis, Entropy-SGD,
 * and the local energy as a measure of flatness.
 * @packageDocumentation
 */
export type { AnnealingResult, AnnealingSchedule, ReplicatedAnnealingOptions } from './annealing';
export { replicatedAnnealing, simulatedAnnealing } from './annealing';
export type { PerceptronBPOptions, PerceptronBPResult } from './bp';
export { BP_FACTOR_RULES, perceptronBP } from './bp';
export type { BinaryCommitteeOptions, CommitteeProblem } from './committee';
export { BinaryCommittee, committeeErrors, randomCommitteeProblem, signStraightThrough } from './committee';
export type { EdmcOptions, EdmcResult } from './edmc';
export { entropyDrivenMonteCarlo } from './edmc';
export type {
  EntropySgdEpochReport,
  EntropySgdOptions,
  EntropySgdResult,
  LangevinOptions,
} from './entropy-sgd';
export { ENTROPY_SGD_CONVENTIONS, entropySgdFit } from './entropy-sgd';
export type { HessianEigenvalue, HessianOptions, LocalEnergyOptions, LocalEnergyPoint } from './flatness';
export { localEnergy, PERTURBATIONS, topHessianEigenvalue } from './flatness';
export type {
  FranzParisiOptions,
  FranzParisiParameters,
  FranzParisiPoint,
  FranzParisiProfile,
} from './franz-parisi';
export {
  FRANZ_PARISI_QUADRATURE_TOLERANCE,
  franzParisiCurve,
  franzParisiEntropy,
  franzParisiPotential,
  franzParisiProfile,
} from './franz-parisi';
export type {
  ClipPlan,
  LangevinStepPlan,
  PerturbPlan,
  ReplicaCouplingPlan,
  ReplicaElasticPlan,
  ReplicaMeanPlan,
  ScaledDifferencePlan,
  SignStraightThroughPlan,
} from './kernels';
export {
  clipKernel,
  langevinStepKernel,
  perturbKernel,
  replicaElasticStepKernel,
  replicaGradientCouplingKernel,
  replicaMeanKernel,
  scaledDifferenceKernel,
  signStraightThroughKernel,
} from './kernels';
export type { BinaryPerceptronProblem, RandomPerceptronOptions } from './perceptron';
export { applyFlip, flipDelta, perceptronErrors, randomBinaryPerceptron, stabilities } from './perceptron';
export type {
  CouplingMode,
  ReplicaCoupling,
  ReplicatedEpochReport,
  ReplicatedFitOptions,
  ReplicatedFitResult,
} from './replicated-sgd';
export { COUPLING_MODES, replicatedFit, writeCentre } from './replicated-sgd';
export type { BinaryPerceptronRS } from './theory';
export {
  binaryPerceptronCapacity,
  binaryPerceptronPotential,
  binaryPerceptronRS,
  binaryTeacherStudentTransition,
} from './theory';
export type { GammaSchedule, ReplicaEvaluation } from './training';
export { evaluateReplicas, gammaScheduler } from './training';
