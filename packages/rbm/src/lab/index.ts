/**
 * `@replica/rbm/lab` — the RBM experiments and bench suite for Replica's hosts: `rbm-train`
 * (CD-k, PCD or TAP with the likelihood per epoch), `rbm-eval` (exact and AIS log Z of a saved
 * model), `rbm-classify` (label units on MNIST) and `bench --suite rbm` (CD-1 beside
 * scikit-learn). MNIST needs the optional `@replica/datasets`.
 * @packageDocumentation
 */
import { defineLab } from '@replica/lab-kit';
import { rbmBench } from './bench';
import { rbmClassifyExperiment, rbmEvalExperiment, rbmTrainExperiment } from './experiments';

export type { RbmLikelihoodRow, RbmPlan, RbmSpeedRow } from './bench';
export { formatRbmRows, RBM_PEERS, rbmBench } from './bench';
export type { RbmData } from './data';
export { loadRbmData } from './data';
export { EXACT_LIKELIHOOD_UNITS, rbmClassifyExperiment, rbmEvalExperiment, rbmTrainExperiment } from './experiments';

/** The RBM lab: its experiments and bench suite, in the order hosts list them. */
export const rbmLab = defineLab({
  package: '@replica/rbm',
  experiments: [rbmTrainExperiment, rbmEvalExperiment, rbmClassifyExperiment],
  benchSuites: [rbmBench],
});
