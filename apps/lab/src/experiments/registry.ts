/**
 * Every experiment of `replica-lab run`. Model packages add theirs here.
 * @module
 */
import type { Experiment } from './experiment';
import { samplingExperiment } from './sampling';

/** The experiments, in the order `list` and `tour` show them. */
export const experiments: readonly Experiment[] = [samplingExperiment];

/** The experiment called `name`, or undefined. */
export function findExperiment(name: string): Experiment | undefined {
  return experiments.find((e) => e.name === name);
}
