/**
 * `@replica/teacher-student` — the statistical mechanics of learning in the teacher–student
 * scenario, each simulation beside its exact theory: data models (Gaussian, ±1, salient/weak and
 * hidden-manifold inputs; perceptron, linear, committee and two-layer teachers), perceptron capacity
 * (exact linear separability, Cover, Gardner), generalization of batch students (Hebb, Gibbs,
 * Bayes-optimal, ridge, logistic, random features) with double descent, online learning and its
 * ODEs (perceptron, soft committee machine), and AMP with state evolution.
 * @packageDocumentation
 */
export type {
  AmpOptions,
  AmpResult,
  ChannelOutput,
  PerceptronInstance,
  PerceptronInstanceOptions,
  PerceptronPrior,
  PerceptronProblem,
  PriorOutput,
} from './amp';
export { ampPerceptron, inverseMillsRatio, perceptronInstance, priorInput, signChannelOutput } from './amp';
export type { CapacityInputs, SeparableFractionOptions, SeparableFractionResult } from './capacity';
export {
  BINARY_PERCEPTRON_CAPACITY,
  BINARY_TEACHER_STUDENT_THRESHOLD,
  coverProbability,
  coverProbabilityAlpha,
  gardnerCapacity,
  separableFraction,
} from './capacity';
export type {
  Activation,
  InputModel,
  LatentLaw,
  TeacherModel,
  TeacherStudentSample,
  TeacherStudentTask,
  TeacherStudentTaskOptions,
} from './data';
export { activationFunction, teacherStudentTask } from './data';
export type { InformationThresholdOptions, PerceptronFreeEntropy } from './free-entropy';
export {
  informationTheoreticThreshold,
  perceptronFreeEntropy,
  perceptronPotential,
  priorFreeEntropy,
  signChannelFreeEntropy,
} from './free-entropy';
export type {
  GeneralizationAsymptotes,
  GeneralizationTheory,
  GibbsOverlapOptions,
  SimulatedStudent,
  StudentGeneralization,
  StudentGeneralizationOptions,
  StudentGeneralizationResult,
} from './generalization';
export {
  bayesOverlap,
  cosineOverlap,
  generalizationAsymptotes,
  generalizationTheory,
  gibbsOverlap,
  hebbOverlap,
  hebbStudent,
  studentGeneralization,
} from './generalization';
export type {
  GibbsStudentSimulationOptions,
  GibbsStudentSimulationResult,
  HmcDiagnostics,
  SampleVersionSpaceOptions,
  SimulatedStudentEstimate,
  TrialEstimate,
  VersionSpaceProblem,
  VersionSpaceSamples,
} from './gibbs-student';
export { gibbsStudentSimulation, sampleVersionSpace } from './gibbs-student';
export type {
  LearningCurveOptions,
  LearningCurvePoint,
  LearningCurveResult,
  LearningCurveTheory,
  StudentModel,
} from './learning-curve';
export { learningCurve, learningCurveTheory } from './learning-curve';
export type {
  LogisticRegressionOptions,
  LogisticRegressionResult,
  LogisticRisk,
  LogisticRiskOptions,
  LogisticSimulationOptions,
  LogisticSimulationResult,
} from './logistic';
export { logisticObjective, logisticRegression, logisticRisk, logisticSimulation } from './logistic';
export type { OnlineModel, OnlineSimulation, SimulateOnlineOptions } from './online';
export { simulateOnline } from './online';
export type {
  CommitteeOdeOptions,
  OrderParameterTrajectory,
  PerceptronOdeOptions,
  PerceptronRule,
} from './online-ode';
export {
  committeeGeneralizationError,
  committeeOde,
  committeeOdeRhs,
  erfI2,
  erfI3,
  erfI4,
  perceptronGeneralizationError,
  perceptronOde,
  perceptronOdeRhs,
} from './online-ode';
export type {
  RandomFeaturesInstance,
  RandomFeaturesInstanceOptions,
  RandomFeaturesSimulationOptions,
  RandomFeaturesSimulationResult,
} from './random-features';
export {
  centredRelu,
  gaussianEquivalentSimulation,
  RELU_GAUSSIAN_EQUIVALENT,
  randomFeaturesEstimator,
  randomFeaturesInstance,
  randomFeaturesSimulation,
  randomFeaturesTestError,
} from './random-features';
export type {
  RandomFeaturesOptimalOptions,
  RandomFeaturesOptimalRisk,
  RandomFeaturesRisk,
  RandomFeaturesRiskOptions,
} from './random-features-theory';
export { randomFeaturesOptimalRisk, randomFeaturesRisk } from './random-features-theory';
export type {
  RidgeEstimatorOptions,
  RidgeRisk,
  RidgeRiskOptions,
  RidgeSimulationOptions,
  RidgeSimulationResult,
} from './ridge';
export { marchenkoPasturStieltjes, ridgeEstimator, ridgeOptimalLambda, ridgeRisk, ridgeSimulation } from './ridge';
export type {
  StructuredRidgeOptions,
  StructuredRidgeRisk,
  StructuredRidgeSimulationOptions,
  StructuredRidgeSimulationResult,
} from './ridge-structured';
export { structuredRidgeRisk, structuredRidgeSimulation } from './ridge-structured';
export type { SeparabilityOptions, SeparabilityResult } from './separability';
export { isLinearlySeparable, separationMargin } from './separability';
export type { StateEvolutionOptions, StateEvolutionResult, ThresholdOptions } from './state-evolution';
export {
  ALPHA_IT_BINARY_LITERATURE,
  algorithmicThreshold,
  priorOverlap,
  signChannelHat,
  stateEvolution,
} from './state-evolution';
