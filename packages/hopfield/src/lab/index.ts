/**
 * `@replica/hopfield/lab` — the Hopfield experiments and bench suite for Replica's hosts:
 * retrieval and basins, capacity beside AGS, the AGS phase diagram, dreaming kernels, mixture
 * states at low load, the
 * random asymmetric network's fixed points, dense retrieval of MNIST digits, and
 * `bench --suite hopfield`. MNIST experiments load the optional `@replica/datasets`.
 * @packageDocumentation
 */
import { defineLab } from '@replica/lab-kit';
import { asymmetricFixedPointsExperiment } from './asymmetric-fixed-points';
import { hopfieldBench } from './bench';
import { hopfieldCapacityExperiment } from './capacity';
import { denseHopfieldMnistExperiment } from './dense-hopfield-mnist';
import { hopfieldDreamingExperiment } from './dreaming';
import { hopfieldMixturesExperiment } from './mixtures';
import { hopfieldPhaseDiagramExperiment } from './phase-diagram';
import { hopfieldRetrievalExperiment } from './retrieval';

export { asymmetricFixedPointsExperiment } from './asymmetric-fixed-points';
export type { DenseRow, HopfieldRow } from './bench';
export { HOPFIELD_PEERS, hopfieldBench } from './bench';
export { hopfieldCapacityExperiment } from './capacity';
export { denseHopfieldMnistExperiment } from './dense-hopfield-mnist';
export { hopfieldDreamingExperiment } from './dreaming';
export { hopfieldMixturesExperiment } from './mixtures';
export { labCouplings, labPatterns, PATTERN_SOURCES, RULES } from './patterns';
export { hopfieldPhaseDiagramExperiment } from './phase-diagram';
export { hopfieldRetrievalExperiment } from './retrieval';

/** The Hopfield lab: its experiments and bench suite, in the order hosts list them. */
export const hopfieldLab = defineLab({
  package: '@replica/hopfield',
  experiments: [
    hopfieldRetrievalExperiment,
    hopfieldCapacityExperiment,
    hopfieldPhaseDiagramExperiment,
    hopfieldDreamingExperiment,
    hopfieldMixturesExperiment,
    asymmetricFixedPointsExperiment,
    denseHopfieldMnistExperiment,
  ],
  benchSuites: [hopfieldBench],
});
