/**
 * `@replica/nn` — differentiable networks on the Replica compute layer: a reverse-mode tape
 * over CPU and WebGPU float32 tensors (elementwise, shape, reduction, convolution, batch-norm,
 * dropout and noise ops), dense, convolutional and normalization layers with seeded
 * initializers, losses, state save/load, and SGD/Adam steps as single fused kernels per parameter.
 * @packageDocumentation
 */

export type { ConvOptions, ConvTransposeOptions } from './conv';
export { conv2d, convTranspose2d } from './conv';
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
  absBackwardKernel,
  absKernel,
  adamStepKernel,
  biasAddKernel,
  clampMaxKernel,
  clampMinKernel,
  copyKernel,
  divKernel,
  dropoutMaskKernel,
  equalMaskKernel,
  erfBackwardKernel,
  erfKernel,
  fillKernel,
  passAtLeastKernel,
  passAtMostKernel,
  powBackwardKernel,
  powKernel,
  reluBackwardKernel,
  rowCombineKernel,
  scaleByScalarKernel,
  sgdStepKernel,
  shiftKernel,
  sigmoidBackwardKernel,
  siluBackwardKernel,
  siluKernel,
  softplusBackwardKernel,
  softplusKernel,
  sqrtBackwardKernel,
  sqrtKernel,
  subKernel,
  tanhBackwardKernel,
} from './kernels';
export type { BatchNormLayerOptions, Conv2dOptions, ConvTranspose2dOptions, DropoutLayerOptions } from './layers';
export { BatchNorm1d, BatchNorm2d, Conv2d, ConvTranspose2d, Dropout } from './layers';
export { accuracy, bceWithLogits, gatherLast, hingeLoss, oneHot } from './losses';
export type { Buffer, Initializer, InitOptions, LinearOptions, MlpOptions, Module } from './modules';
export { Activation, INITIALIZERS, initialTensor, Linear, mlp, Sequential } from './modules';
export type { BatchNormOptions } from './norm';
export { batchNorm } from './norm';
export type { MatmulOptions } from './ops';
export {
  abs,
  activation,
  add,
  addBias,
  addScalar,
  clamp,
  crossEntropyWithLogits,
  detach,
  div,
  erf,
  exp,
  log,
  logSumExp,
  matmul,
  mean,
  mseLoss,
  mul,
  pow,
  relu,
  reshape,
  scale,
  sigmoid,
  silu,
  softmaxLast,
  softplus,
  sqrt,
  sub,
  sum,
  tanh,
} from './ops';
export type { AdamOptions, LearningRate, SgdOptions } from './optim';
export { Adam, Sgd } from './optim';
export type { DropoutOptions, GaussianNoiseOptions, NoiseSeed } from './random';
export { dropout, gaussianNoise } from './random';
export type { AxesOptions } from './shape';
export {
  broadcastShapes,
  broadcastTo,
  concat,
  logSumExpAxis,
  maxAxes,
  meanAxes,
  pad,
  permute,
  slice,
  softmaxAxis,
  stridesOf,
  sumAxes,
} from './shape';
export type { StateTensor } from './state';
export { exportState, importState, loadStateJson, STATE_FORMAT, stateToJson } from './state';
export type { ActivationName, Var, Vjp } from './tape';
export { ACTIVATIONS, checkActivation, liveTapeTensorCount, Parameter, Tape, withTape } from './tape';
export type { ConvGeometry, PatchPlan, RowIndexPlan, StridedViewPlan, ViewAxis } from './view-kernels';
export { MAX_VIEW_RANK, patchKernel, rowIndexKernel, stridedViewKernel } from './view-kernels';
