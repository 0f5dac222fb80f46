/**
 * Layers with named parameters and seeded initializers: {@link Linear}, activations and
 * {@link Sequential}. A module's `forward` records its ops on a tape; its parameters outlive
 * the tape.
 * @module
 */
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { checkInteger, checkNumber, checkOneOf, deriveSeed, PhiloxRng } from '@replica/webgpu-kernels';
import { activation, addBias, matmul } from './ops';
import type { ActivationName, Var } from './tape';
import { checkActivation, Parameter } from './tape';

/** A named tensor a module keeps but does not train (e.g. batch norm's running statistics). */
export interface Buffer {
  readonly name: string;
  readonly value: Tensor<'float32'>;
}

/** Something with parameters that maps a value on a tape to another. */
export interface Module {
  /** Records the forward pass of a minibatch on `x`'s tape. */
  forward(x: Var): Var;
  /** The parameters, in a fixed order, with unique names. */
  parameters(): readonly Parameter[];
  /** Non-trained state saved with the parameters, if any. */
  buffers?(): readonly Buffer[];
  /** Switches training behaviour (batch statistics, dropout) on or off, if the module has any. */
  setTraining?(training: boolean): void;
}

/** The initializers {@link initialTensor} knows. */
export const INITIALIZERS = [
  'kaiming-uniform',
  'kaiming-normal',
  'xavier-uniform',
  'xavier-normal',
  'normal',
  'uniform',
  'zeros',
] as const;

/** One of {@link INITIALIZERS}. */
export type Initializer = (typeof INITIALIZERS)[number];

/** Options of {@link initialTensor}. */
export interface InitOptions {
  readonly init: Initializer;
  /** Inputs per output unit, for the Kaiming and Xavier scales. */
  readonly fanIn: number;
  /** Outputs per input unit, for the Xavier scale. */
  readonly fanOut: number;
  /** Standard deviation (`normal`) or half-width (`uniform`), default 0.01. */
  readonly scale?: number;
  readonly seed: number | bigint;
  /** A Philox stream under the seed (e.g. the parameter's index), default 0. */
  readonly stream?: number;
}

/**
 * Seeded initial values, in f64 then rounded to f32:
 * Kaiming (He et al. 2015) for ReLU: N(0, 2/fan_in) or U(±√(6/fan_in));
 * Xavier/Glorot (2010): N(0, 2/(fan_in + fan_out)) or U(±√(6/(fan_in + fan_out)));
 * `normal`: N(0, scale²); `uniform`: U(±scale); `zeros`.
 * @param shape - the tensor's shape
 * @returns the values, row-major
 * @see K. He et al., Delving deep into rectifiers, ICCV 2015
 * @see X. Glorot, Y. Bengio, Understanding the difficulty of training deep feedforward neural networks, AISTATS 2010
 */
export function initialTensor(shape: readonly number[], options: InitOptions): Float32Array {
  const init = checkOneOf(options.init, 'options.init', INITIALIZERS);
  const fanIn = checkInteger(options.fanIn, 'options.fanIn', { min: 1 });
  const fanOut = checkInteger(options.fanOut, 'options.fanOut', { min: 1 });
  const scale = checkNumber(options.scale ?? 0.01, 'options.scale', { min: 0 });
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  if (init === 'zeros') return out;
  const rng = new PhiloxRng(options.seed, options.stream ?? 0);
  const std =
    init === 'kaiming-normal'
      ? Math.sqrt(2 / fanIn)
      : init === 'xavier-normal'
        ? Math.sqrt(2 / (fanIn + fanOut))
        : init === 'normal'
          ? scale
          : Number.NaN;
  const half =
    init === 'kaiming-uniform'
      ? Math.sqrt(6 / fanIn)
      : init === 'xavier-uniform'
        ? Math.sqrt(6 / (fanIn + fanOut))
        : init === 'uniform'
          ? scale
          : Number.NaN;
  for (let i = 0; i < size; i++)
    out[i] = Number.isNaN(std) ? half * (2 * rng.nextDouble() - 1) : std * rng.nextNormal();
  return out;
}

/** Options of {@link Linear}. */
export interface LinearOptions {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** With a bias row (default true). */
  readonly bias?: boolean;
  /** Weight initializer, default `kaiming-uniform`: He's U(±√(6/fan_in)), made for ReLU nets. */
  readonly init?: Initializer;
  readonly seed: number | bigint;
  /** The Philox stream of the weights under the seed (default 0): distinct layers take distinct streams. */
  readonly stream?: number;
  /** The parameters' name prefix, e.g. `0.` (default ''). */
  readonly name?: string;
  /**
   * A leading replica axis of R independent copies (default: none): W [R, in, out], b [R, 1, out],
   * inputs [R, rows, in]; replica r is initialized as a Linear of seed `deriveSeed(seed, r)` would be.
   */
  readonly replicas?: number;
}

/**
 * A fully connected layer y = x·W + b, W of shape [in, out], b of shape [1, out] (zeros at
 * the start), on `backend`.
 */
export class Linear implements Module {
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(backend: Backend, options: LinearOptions) {
    const nIn = checkInteger(options.inFeatures, 'options.inFeatures', { min: 1 });
    const nOut = checkInteger(options.outFeatures, 'options.outFeatures', { min: 1 });
    const R = options.replicas === undefined ? 0 : checkInteger(options.replicas, 'options.replicas', { min: 1 });
    const prefix = options.name ?? '';
    const init = (seed: number | bigint) =>
      initialTensor([nIn, nOut], {
        init: options.init ?? 'kaiming-uniform',
        fanIn: nIn,
        fanOut: nOut,
        seed,
        stream: options.stream ?? 0,
      });
    let w: Float32Array;
    if (R === 0) w = init(options.seed);
    else {
      w = new Float32Array(R * nIn * nOut);
      for (let r = 0; r < R; r++) w.set(init(deriveSeed(options.seed, r)), r * nIn * nOut);
    }
    const wShape = R === 0 ? [nIn, nOut] : [R, nIn, nOut];
    const bShape = R === 0 ? [1, nOut] : [R, 1, nOut];
    this.weight = new Parameter(`${prefix}weight`, backend.tensor(w, wShape) as Tensor<'float32'>);
    this.bias =
      options.bias === false ? null : new Parameter(`${prefix}bias`, backend.zeros(bShape) as Tensor<'float32'>);
  }

  forward(x: Var): Var {
    const tape = x.tape;
    const y = matmul(x, tape.param(this.weight));
    return this.bias ? addBias(y, tape.param(this.bias)) : y;
  }

  parameters(): readonly Parameter[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }
}

/** An activation as a module (no parameters). */
export class Activation implements Module {
  readonly name: ActivationName;
  constructor(name: ActivationName) {
    this.name = checkActivation(name, 'name');
  }
  forward(x: Var): Var {
    return activation(x, this.name);
  }
  /** No parameters. */
  parameters(): readonly Parameter[] {
    return [];
  }
}

/** Modules applied in order. */
export class Sequential implements Module {
  readonly layers: readonly Module[];
  constructor(layers: readonly Module[]) {
    if (!Array.isArray(layers) || layers.length === 0) throw new RangeError('layers: expected at least one module');
    this.layers = layers;
    const names = new Set<string>();
    for (const p of this.parameters()) {
      if (names.has(p.name)) throw new RangeError(`layers: two parameters are named '${p.name}'`);
      names.add(p.name);
    }
  }
  forward(x: Var): Var {
    let y = x;
    for (const l of this.layers) y = l.forward(y);
    return y;
  }
  parameters(): readonly Parameter[] {
    return this.layers.flatMap((l) => l.parameters());
  }
  buffers(): readonly Buffer[] {
    return this.layers.flatMap((l) => l.buffers?.() ?? []);
  }
  setTraining(training: boolean): void {
    for (const l of this.layers) l.setTraining?.(training);
  }
}

/** Options of {@link mlp}. */
export interface MlpOptions {
  /** Layer widths, input first, output last (at least two). */
  readonly sizes: readonly number[];
  /** The hidden layers' activation (default relu); the output layer is linear. */
  readonly activation?: ActivationName;
  readonly seed: number | bigint;
  readonly init?: Initializer;
  /** A leading replica axis of R independent networks (see {@link LinearOptions.replicas}). */
  readonly replicas?: number;
}

/**
 * A multilayer perceptron: Linear layers named `0.`, `2.`, … with the activation between them
 * (PyTorch's `nn.Sequential` numbering), each layer's weights from its own seed.
 */
export function mlp(backend: Backend, options: MlpOptions): Sequential {
  const sizes = options.sizes;
  if (!Array.isArray(sizes) || sizes.length < 2)
    throw new RangeError('options.sizes: expected at least two widths (input and output)');
  sizes.forEach((s, i) => {
    checkInteger(s, `options.sizes[${i}]`, { min: 1 });
  });
  const act = checkActivation(options.activation ?? 'relu', 'options.activation');
  const layers: Module[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    layers.push(
      new Linear(backend, {
        inFeatures: sizes[l]!,
        outFeatures: sizes[l + 1]!,
        seed: options.seed,
        stream: l,
        ...(options.init ? { init: options.init } : {}),
        ...(options.replicas !== undefined ? { replicas: options.replicas } : {}),
        name: `${layers.length}.`,
      }),
    );
    if (l + 2 < sizes.length) layers.push(new Activation(act));
  }
  return new Sequential(layers);
}
