/**
 * Convolution, normalization and dropout layers: {@link Conv2d}, {@link ConvTranspose2d},
 * {@link BatchNorm1d}, {@link BatchNorm2d}, {@link Dropout}. Parameter names follow PyTorch's
 * (`weight`, `bias`, `running_mean`, `running_var`) under the layer's prefix.
 * @module
 */
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { checkInteger, checkNumber } from '@replica/webgpu-kernels';
import { conv2d, convTranspose2d } from './conv';
import type { Buffer, Initializer, Module } from './modules';
import { initialTensor } from './modules';
import { batchNorm } from './norm';
import { dropout } from './random';
import type { Var } from './tape';
import { Parameter } from './tape';

/** Options of {@link Conv2d} and {@link ConvTranspose2d}. */
export interface Conv2dOptions {
  readonly inChannels: number;
  readonly outChannels: number;
  /** The square kernel's side. */
  readonly kernelSize: number;
  /** Default 1. */
  readonly stride?: number;
  /** Zero padding on every side, default 0. */
  readonly padding?: number;
  /** A bias per output channel, default true. */
  readonly bias?: boolean;
  /** Default `kaiming-uniform`. */
  readonly init?: Initializer;
  readonly seed: number | bigint;
  /** The Philox stream of the weights (distinct layers take distinct streams), default 0. */
  readonly stream?: number;
  /** Name prefix, e.g. `0.`. */
  readonly name?: string;
}

function kernelParams(
  backend: Backend,
  shape: [number, number, number, number],
  fanIn: number,
  fanOut: number,
  options: Conv2dOptions,
  biasSize: number,
): [Parameter, Parameter | null] {
  const prefix = options.name ?? '';
  const w = initialTensor(shape, {
    init: options.init ?? 'kaiming-uniform',
    fanIn,
    fanOut,
    seed: options.seed,
    stream: options.stream ?? 0,
  });
  const weight = new Parameter(`${prefix}weight`, backend.tensor(w, shape) as Tensor<'float32'>);
  const bias =
    options.bias === false ? null : new Parameter(`${prefix}bias`, backend.zeros([biasSize]) as Tensor<'float32'>);
  return [weight, bias];
}

function convSizes(options: Conv2dOptions): [number, number, number] {
  return [
    checkInteger(options.inChannels, 'options.inChannels', { min: 1 }),
    checkInteger(options.outChannels, 'options.outChannels', { min: 1 }),
    checkInteger(options.kernelSize, 'options.kernelSize', { min: 1 }),
  ];
}

/**
 * A 2-D convolution layer (see {@link conv2d}): weight [O, C, k, k], fan-in C·k², bias [O]
 * (zeros at the start). Input [N, C, H, W].
 */
export class Conv2d implements Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly stride: number;
  readonly padding: number;

  constructor(backend: Backend, options: Conv2dOptions) {
    const [c, o, k] = convSizes(options);
    this.stride = checkInteger(options.stride ?? 1, 'options.stride', { min: 1 });
    this.padding = checkInteger(options.padding ?? 0, 'options.padding', { min: 0 });
    [this.weight, this.bias] = kernelParams(backend, [o, c, k, k], c * k * k, o * k * k, options, o);
  }

  forward(x: Var): Var {
    const tape = x.tape;
    return conv2d(x, tape.param(this.weight), this.bias ? tape.param(this.bias) : null, {
      stride: this.stride,
      padding: this.padding,
    });
  }

  parameters(): readonly Parameter[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }
}

/** Options of {@link ConvTranspose2d}. */
export interface ConvTranspose2dOptions extends Conv2dOptions {
  /** Extra output rows and columns (< stride), default 0. */
  readonly outputPadding?: number;
}

/**
 * A transposed 2-D convolution layer (see {@link convTranspose2d}): weight [C, O, k, k] as in
 * PyTorch, fan-in taken as O·k² (PyTorch's convention for this layout), bias [O].
 */
export class ConvTranspose2d implements Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly stride: number;
  readonly padding: number;
  readonly outputPadding: number;

  constructor(backend: Backend, options: ConvTranspose2dOptions) {
    const [c, o, k] = convSizes(options);
    this.stride = checkInteger(options.stride ?? 1, 'options.stride', { min: 1 });
    this.padding = checkInteger(options.padding ?? 0, 'options.padding', { min: 0 });
    this.outputPadding = checkInteger(options.outputPadding ?? 0, 'options.outputPadding', { min: 0 });
    if (this.outputPadding >= this.stride)
      throw new RangeError(
        `options.outputPadding (${this.outputPadding}) must be below options.stride (${this.stride})`,
      );
    [this.weight, this.bias] = kernelParams(backend, [c, o, k, k], o * k * k, c * k * k, options, o);
  }

  forward(x: Var): Var {
    const tape = x.tape;
    return convTranspose2d(x, tape.param(this.weight), this.bias ? tape.param(this.bias) : null, {
      stride: this.stride,
      padding: this.padding,
      outputPadding: this.outputPadding,
    });
  }

  parameters(): readonly Parameter[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }
}

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d}. */
export interface BatchNormLayerOptions {
  readonly channels: number;
  /** Learn γ (ones at the start) and β (zeros), default true. */
  readonly affine?: boolean;
  /** Default 0.1. */
  readonly momentum?: number;
  /** Default 10⁻⁵. */
  readonly eps?: number;
  /** Name prefix. */
  readonly name?: string;
}

class BatchNormBase implements Module {
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;
  readonly runningMean: Tensor<'float32'>;
  readonly runningVar: Tensor<'float32'>;
  readonly momentum: number;
  readonly eps: number;
  /** Batch statistics when true (the default), running statistics when false. */
  training = true;
  private readonly prefix: string;

  constructor(
    backend: Backend,
    options: BatchNormLayerOptions,
    private readonly rank: readonly number[],
  ) {
    const c = checkInteger(options.channels, 'options.channels', { min: 1 });
    this.momentum = checkNumber(options.momentum ?? 0.1, 'options.momentum', { min: 0, max: 1 });
    this.eps = checkNumber(options.eps ?? 1e-5, 'options.eps', { min: 0 });
    this.prefix = options.name ?? '';
    const affine = options.affine !== false;
    this.weight = affine
      ? new Parameter(`${this.prefix}weight`, backend.tensor(new Float32Array(c).fill(1), [c]) as Tensor<'float32'>)
      : null;
    this.bias = affine ? new Parameter(`${this.prefix}bias`, backend.zeros([c]) as Tensor<'float32'>) : null;
    this.runningMean = backend.zeros([c]) as Tensor<'float32'>;
    this.runningVar = backend.tensor(new Float32Array(c).fill(1), [c]) as Tensor<'float32'>;
  }

  forward(x: Var): Var {
    if (!this.rank.includes(x.shape.length))
      throw new RangeError(
        `${this.constructor.name}: expected an input of rank ${this.rank.join(' or ')}, got shape [${x.shape.join(', ')}]`,
      );
    const tape = x.tape;
    return batchNorm(x, {
      training: this.training,
      runningMean: this.runningMean,
      runningVar: this.runningVar,
      weight: this.weight ? tape.param(this.weight) : null,
      bias: this.bias ? tape.param(this.bias) : null,
      momentum: this.momentum,
      eps: this.eps,
    });
  }

  parameters(): readonly Parameter[] {
    return this.weight && this.bias ? [this.weight, this.bias] : [];
  }

  buffers(): readonly Buffer[] {
    return [
      { name: `${this.prefix}running_mean`, value: this.runningMean },
      { name: `${this.prefix}running_var`, value: this.runningVar },
    ];
  }

  setTraining(training: boolean): void {
    this.training = training;
  }
}

/** Batch normalization over [N, C] or [N, C, L] inputs (see {@link batchNorm}). */
export class BatchNorm1d extends BatchNormBase {
  constructor(backend: Backend, options: BatchNormLayerOptions) {
    super(backend, options, [2, 3]);
  }
}

/** Batch normalization over [N, C, H, W] inputs, per channel (see {@link batchNorm}). */
export class BatchNorm2d extends BatchNormBase {
  constructor(backend: Backend, options: BatchNormLayerOptions) {
    super(backend, options, [4]);
  }
}

/** Options of {@link Dropout}. */
export interface DropoutLayerOptions {
  /** The drop probability, in [0, 1). */
  readonly p: number;
  readonly seed: number | bigint;
  /** The first counter word (distinct dropout layers take distinct streams), default 0. */
  readonly stream?: number;
}

/**
 * Inverted dropout as a layer (see {@link dropout}): its n-th forward pass in training draws
 * the mask of Philox counter (stream, n, 0), so a run is reproducible from the seed.
 */
export class Dropout implements Module {
  readonly p: number;
  training = true;
  private calls = 0;

  constructor(private readonly options: DropoutLayerOptions) {
    this.p = checkNumber(options.p, 'options.p', { min: 0, max: 1 });
    if (this.p >= 1) throw new RangeError(`options.p must be below 1, got ${this.p}`);
  }

  forward(x: Var): Var {
    if (!this.training) return x;
    const counter = [this.options.stream ?? 0, this.calls++, 0];
    return dropout(x, { p: this.p, seed: this.options.seed, counter });
  }

  parameters(): readonly Parameter[] {
    return [];
  }

  setTraining(training: boolean): void {
    this.training = training;
  }
}
