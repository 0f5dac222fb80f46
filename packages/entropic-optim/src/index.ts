/**
 * `@replica/entropic-optim` — local entropy and the entropic algorithms, beside their theory:
 * the binary perceptron (random instances, errors and O(P) flip updates from stored
 * stabilities), its replica-symmetric entropy of solutions with the capacity as its zero and
 * the teacher–student transition, simulated annealing and replicated simulated annealing in the
 * robust ensemble, the Franz–Parisi entropy around typical solutions and the large-deviation
 * local entropy around the densest ones, belief propagation and entropy-driven Monte Carlo; on
 * `@replica/nn` networks, replicated SGD on the replica axis (and the binary committee machine),
 * Entropy-SGD, and the local energy and Hessian as measures of flatness.
 * @packageDocumentation
 */
export type { AnnealingResult, AnnealingSchedule, ReplicatedAnnealingOptions } from './annealing';
export { replicatedAnnealing, simulatedAnnealing } from './annealing';
export type { PerceptronBPOptions, PerceptronBPResult } from './bp';
export { BP_FACTOR_RULES, perceptronBP } from './bp';
export type {
  BinaryCommitteeOptions,
  CommitteeProblem,
  CommitteeTrainingOptions,
  CommitteeTrainingResult,
} from './committee';
export {
  BinaryCommittee,
  committeeErrors,
  perceptronAsCommittee,
  randomCommitteeProblem,
  signStraightThrough,
  trainBinaryCommittee,
} from './committee';
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
export type {
  LocalEntropyOptions,
  LocalEntropyParameters,
  LocalEntropyPoint,
  LocalEntropyProfile,
  LocalEntropyTransition,
  LocalEntropyYStarOptions,
  LocalEntropyYStarPoint,
} from './local-entropy';
export {
  LOCAL_ENTROPY_QUADRATURE_TOLERANCE,
  localEntropyAtYStar,
  localEntropyPotential,
  localEntropyProfile,
  localEntropyRS,
  localEntropyTransition,
} from './local-entropy';
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
export type { SolutionEntropyBPPoint, SolutionEntropySample } from './solution-entropy';
export { solutionEntropyBP, solutionEntropySampled } from './solution-entropy';
export type { BinaryPerceptronRS } from './theory';
export {
  binaryPerceptronCapacity,
  binaryPerceptronPotential,
  binaryPerceptronRS,
  binaryTeacherStudentTransition,
} from './theory';
export type { GammaSchedule, ReplicaEvaluation } from './training';
export { evaluateReplicas, gammaScheduler } from './training';
