/**
 * `@replica/nn/lab` — the network experiments for Replica's hosts: `mlp-train` (an MLP on
 * Fashion-MNIST or MNIST with its learning curve and confusion matrix). The images need the
 * optional `@replica/datasets`.
 * @packageDocumentation
 */
import { defineLab } from '@replica/lab-kit';
import { mlpTrainExperiment } from './mlp-train';

export { MLP_DATA, mlpTrainExperiment } from './mlp-train';

/** The nn lab: its experiments, in the order hosts list them. */
export const nnLab = defineLab({
  package: '@replica/nn',
  experiments: [mlpTrainExperiment],
  benchSuites: [],
});
