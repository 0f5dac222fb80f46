/**
 * `@replica/entropic-optim/lab` — the entropic-algorithm experiments for Replica's hosts:
 * `binary-perceptron-theory` (the RS entropy of solutions, the capacity, the teacher–student
 * transition), `binary-perceptron-solvers` (SA and replicated SA vs α) and `local-energy`
 * (the flatness of SGD, replicated-SGD and Entropy-SGD minima).
 * @packageDocumentation
 */
import { defineLab } from '@replica/lab-kit';
import { entropicBench } from './bench';
import { committeeRsgdExperiment } from './committee';
import { localEnergyExperiment } from './local-energy';
import { binaryPerceptronSolversExperiment } from './solvers';
import { binaryPerceptronTheoryExperiment } from './theory';

export type { EntropicRow } from './bench';
export { entropicBench, RSA_C_PEER } from './bench';
export { committeeRsgdExperiment } from './committee';
export { FLATNESS_DATA, FLATNESS_OPTIMIZERS, localEnergyExperiment } from './local-energy';
export { binaryPerceptronSolversExperiment, PERCEPTRON_SOLVERS } from './solvers';
export { binaryPerceptronTheoryExperiment } from './theory';

/** The entropic-optim lab: its experiments, in the order hosts list them. */
export const entropicOptimLab = defineLab({
  package: '@replica/entropic-optim',
  experiments: [
    binaryPerceptronTheoryExperiment,
    binaryPerceptronSolversExperiment,
    committeeRsgdExperiment,
    localEnergyExperiment,
  ],
  benchSuites: [entropicBench],
});
