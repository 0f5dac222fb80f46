/**
 * `@replica/nn/lab` — the network experiments for Replica's hosts: `mlp-train` (an MLP on
 * Fashion-MNIST or MNIST with its learning curve and confusion matrix) and `bench --suite nn`
 * (training steps/s beside PyTorch). The images need the
 * optional `@replica/datasets`.
 * @packageDocumentation
 */
import { defineLab } from '@replica/lab-kit';
import { nnBench } from './bench';
import { mlpTrainExperiment } from './mlp-train';

export type { NnRow } from './bench';
export { NN_PEERS, nnBench } from './bench';
export { MLP_DATA, mlpTrainExperiment } from './mlp-train';

/** The nn lab: its experiments, in the order hosts list them. */
export const nnLab = defineLab({
  package: '@replica/nn',
  experiments: [mlpTrainExperiment],
  benchSuites: [nnBench],
});
