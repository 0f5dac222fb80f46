/**
 * Every experiment of `replica-lab run`. Model packages add theirs here.
 * @module
 */
import { curieWeissExperiment } from './curie-weiss';
import { exactExperiment } from './exact';
import type { Experiment } from './experiment';
import { inverseIsingExperiment } from './inverse-ising';
import { samplingExperiment } from './sampling';
import { skExperiment } from './sk';

/** The experiments, in the order `list` and `tour` show them. */
export const experiments: readonly Experiment[] = [
  samplingExperiment,
  curieWeissExperiment,
  skExperiment,
  exactExperiment,
  inverseIsingExperiment,
];

/** The experiment called `name`, or undefined. */
export function findExperiment(name: string): Experiment | undefined {
  return experiments.find((e) => e.name === name);
}
