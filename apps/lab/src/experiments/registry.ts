/**
 * Every experiment of `replica-lab run`. Model packages add theirs here.
 * @module
 */
import { ampPerceptronExperiment } from './amp-perceptron';
import { asymmetricFixedPointsExperiment } from './asymmetric-fixed-points';
import { gardnerCapacityExperiment, perceptronCapacityExperiment } from './capacity';
import { curieWeissExperiment } from './curie-weiss';
import { denseHopfieldMnistExperiment } from './dense-hopfield-mnist';
import { doubleDescentExperiment } from './double-descent';
import { exactExperiment } from './exact';
import type { Experiment } from './experiment';
import { hopfieldCapacityExperiment } from './hopfield-capacity';
import { hopfieldDreamingExperiment } from './hopfield-dreaming';
import { hopfieldPhaseDiagramExperiment } from './hopfield-phase-diagram';
import { hopfieldRetrievalExperiment } from './hopfield-retrieval';
import { inverseIsingExperiment } from './inverse-ising';
import { learningCurveExperiment } from './learning-curve';
import { onlineLearningExperiment } from './online-learning';
import { perceptronGeneralizationExperiment } from './perceptron-generalization';
import { rbmClassifyExperiment, rbmEvalExperiment, rbmTrainExperiment } from './rbm';
import { samplingExperiment } from './sampling';
import { skExperiment } from './sk';

/** The experiments, in the order `list` and `tour` show them. */
export const experiments: readonly Experiment[] = [
  samplingExperiment,
  curieWeissExperiment,
  skExperiment,
  exactExperiment,
  inverseIsingExperiment,
  hopfieldRetrievalExperiment,
  hopfieldCapacityExperiment,
  hopfieldPhaseDiagramExperiment,
  hopfieldDreamingExperiment,
  asymmetricFixedPointsExperiment,
  denseHopfieldMnistExperiment,
  rbmTrainExperiment,
  rbmEvalExperiment,
  rbmClassifyExperiment,
  perceptronCapacityExperiment,
  gardnerCapacityExperiment,
  onlineLearningExperiment,
  ampPerceptronExperiment,
  doubleDescentExperiment,
  perceptronGeneralizationExperiment,
  learningCurveExperiment,
];

/** The experiment called `name`, or undefined. */
export function findExperiment(name: string): Experiment | undefined {
  return experiments.find((e) => e.name === name);
}
