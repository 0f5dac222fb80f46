/**
 * `@replica/nn` — differentiable networks on the Replica compute layer: a reverse-mode tape
 * over CPU and WebGPU float32 tensors, dense layers and activations with seeded initializers,
 * cross-entropy and MSE losses, and SGD/Adam steps as single fused kernels per parameter.
 * @packageDocumentation
 */

export type { EpochReport, Evaluation, FitOptions, FitResult, LabelledRows, Optimizer } from './fit';
export { evaluateClassifier, fit, permutation } from './fit';
export type {
  AdamStepPlan,
  BiasAddPlan,
  CopyPlan,
  FillPlan,
  RowCombinePlan,
  ScaleByScalarPlan,
  SgdStepPlan,
} from './kernels';
export {
  adamStepKernel,
  biasAddKernel,
  copyKernel,
  divKernel,
  fillKernel,
  reluBackwardKernel,
  rowCombineKernel,
  scaleByScalarKernel,
  sgdStepKernel,
  sigmoidBackwardKernel,
  softplusBackwardKernel,
  softplusKernel,
  subKernel,
  tanhBackwardKernel,
} from './kernels';
export type { Initializer, InitOptions, LinearOptions, MlpOptions, Module } from './modules';
export { Activation, INITIALIZERS, initialTensor, Linear, mlp, Sequential } from './modules';
export type { MatmulOptions } from './ops';
export {
  activation,
  add,
  addBias,
  crossEntropyWithLogits,
  detach,
  div,
  exp,
  log,
  logSumExp,
  matmul,
  mean,
  mseLoss,
  mul,
  relu,
  reshape,
  scale,
  sigmoid,
  softmaxLast,
  softplus,
  sub,
  sum,
  tanh,
} from './ops';
export type { AdamOptions, LearningRate, SgdOptions } from './optim';
export { Adam, Sgd } from './optim';
export type { ActivationName, Var, Vjp } from './tape';
export { ACTIVATIONS, checkActivation, liveTapeTensorCount, Parameter, Tape, withTape } from './tape';
