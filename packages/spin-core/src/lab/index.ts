/**
 * `@replica/spin-core/lab` — spin-core's experiments and bench suites for Replica's hosts:
 * the compute layer's `sampling` demo and `kernels` suite (webgpu-kernels sits below the
 * lab layer, so its lab lives here), `curie-weiss`, `sk`, `exact`, `inverse-ising`, and the
 * `dynamics` suite (Glauber sweeps/s beside a C loop).
 * @packageDocumentation
 */
import { defineLab } from '@replica/lab-kit';
import { curieWeissExperiment } from './curie-weiss';
import { dynamicsBench } from './dynamics-bench';
import { exactExperiment } from './exact';
import { inverseIsingExperiment } from './inverse-ising';
import { kernelsBench } from './kernels-bench';
import { samplingExperiment } from './sampling';
import { skExperiment } from './sk';

export type { CouplingsFile } from './couplings-file';
export { parseCouplingsFile, readCouplingsFile } from './couplings-file';
export { curieWeissExperiment } from './curie-weiss';
export type { DynamicsRow } from './dynamics-bench';
export { dynamicsBench, formatSweepRow, GLAUBER_C_PEER, timeSweeps } from './dynamics-bench';
export { exactExperiment } from './exact';
export { inverseIsingExperiment } from './inverse-ising';
export type { KernelRow } from './kernels-bench';
export { KERNEL_PEERS, kernelsBench } from './kernels-bench';
export { kolmogorovPValue, samplingExperiment } from './sampling';
export { skExperiment } from './sk';

/** spin-core's lab: its experiments and bench suites, in the order hosts list them. */
export const spinCoreLab = defineLab({
  package: '@replica/spin-core',
  experiments: [samplingExperiment, curieWeissExperiment, skExperiment, exactExperiment, inverseIsingExperiment],
  benchSuites: [kernelsBench, dynamicsBench],
});
