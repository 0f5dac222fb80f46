/**
 * `@replica/entropic-optim` — local entropy and the entropic algorithms, beside their theory.
 * This step: the binary perceptron (random instances, errors and O(P) flip updates from stored
 * stabilities), its replica-symmetric entropy of solutions with the capacity as its zero and
 * the teacher–student transition, simulated annealing and replicated simulated annealing in the
 * robust ensemble.
 * @packageDocumentation
 */
export type { AnnealingResult, AnnealingSchedule, ReplicatedAnnealingOptions } from './annealing';
export { replicatedAnnealing, simulatedAnnealing } from './annealing';
export type { BinaryPerceptronProblem, RandomPerceptronOptions } from './perceptron';
export { applyFlip, flipDelta, perceptronErrors, randomBinaryPerceptron, stabilities } from './perceptron';
export type { BinaryPerceptronRS } from './theory';
export {
  binaryPerceptronCapacity,
  binaryPerceptronPotential,
  binaryPerceptronRS,
  binaryTeacherStudentTransition,
} from './theory';
