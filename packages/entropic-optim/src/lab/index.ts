/**
 * `@replica/entropic-optim/lab` — the entropic-algorithm experiments for Replica's hosts:
 * `binary-perceptron-theory` (the RS entropy of solutions, the capacity, the teacher–student
 * transition) and `binary-perceptron-solvers` (SA and replicated SA vs α).
 * @packageDocumentation
 */
import { defineLab } from '@replica/lab-kit';
import { binaryPerceptronSolversExperiment } from './solvers';
import { binaryPerceptronTheoryExperiment } from './theory';

export { binaryPerceptronSolversExperiment, PERCEPTRON_SOLVERS } from './solvers';
export { binaryPerceptronTheoryExperiment } from './theory';

/** The entropic-optim lab: its experiments, in the order hosts list them. */
export const entropicOptimLab = defineLab({
  package: '@replica/entropic-optim',
  experiments: [binaryPerceptronTheoryExperiment, binaryPerceptronSolversExperiment],
  benchSuites: [],
});
