/**
 * The training loop every network of the seeds uses: epochs of minibatches shuffled from the
 * seed, one tape per step (disposed, so memory stays flat), evaluation on a held-out set with
 * loss, accuracy and the confusion matrix, a progress callback and early stopping.
 * @module
 */
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { axpy, checkInteger, checkNumber, PhiloxRng } from '@replica/webgpu-kernels';
import type { Module } from './modules';
import { crossEntropyWithLogits } from './ops';
import { Tape } from './tape';

/** A classification data set: rows of features and their class labels. */
export interface LabelledRows {
  /** rows × features, row-major. */
  readonly x: Float32Array;
  /** One class index in [0, classes) per row. */
  readonly labels: ArrayLike<number>;
}

/** An optimizer as {@link fit} drives it. */
export interface Optimizer {
  /** One update from the parameters' gradients. */
  step(): void;
  /** Zeroes the parameters' gradients. */
  zeroGrad(): void;
}

/** One epoch's figures. */
export interface EpochReport {
  readonly epoch: number;
  /** The mean minibatch loss over the epoch's steps (with the weights of each step). */
  readonly trainLoss: number;
  /** Loss and accuracy on the held-out rows (null without them). */
  readonly testLoss: number | null;
  readonly testAccuracy: number | null;
  /** Seconds of the epoch's training steps, its loss readback included (evaluation excluded). */
  readonly seconds: number;
}

/** Options of {@link fit}. */
export interface FitOptions {
  readonly model: Module;
  readonly optimizer: Optimizer;
  readonly train: LabelledRows;
  readonly test?: LabelledRows;
  /** Features per row. */
  readonly features: number;
  /** Classes (the model's outputs). */
  readonly classes: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** Seeds the shuffles: epoch e's order is a Philox permutation of stream e. */
  readonly seed: number | bigint;
  /** Called after every epoch; return `false` to stop. */
  readonly onEpoch?: (report: EpochReport) => boolean | undefined | Promise<boolean | undefined>;
  /** Called during an epoch with the fraction of all training done. */
  readonly progress?: (fraction: number, message: string) => void;
  /** Stop when the test loss has not improved by `minDelta` for `patience` epochs. */
  readonly earlyStop?: { readonly patience: number; readonly minDelta?: number };
}

/** What {@link fit} returns. */
export interface FitResult {
  readonly epochs: readonly EpochReport[];
  /** Why training ended. */
  readonly stopped: 'epochs' | 'early-stop' | 'callback';
  /** The evaluation on `test` after the last epoch (with its confusion matrix), when there is a test set. */
  readonly test: Evaluation | null;
}

function checkRows(d: LabelledRows, features: number, classes: number, name: string): number {
  if (!(d.x instanceof Float32Array)) throw new TypeError(`${name}.x: expected a Float32Array`);
  if (d.x.length % features !== 0)
    throw new RangeError(`${name}.x: ${d.x.length} values is not a whole number of rows of ${features} features`);
  const rows = d.x.length / features;
  if (d.labels.length !== rows) throw new RangeError(`${name}.labels: expected ${rows} labels, got ${d.labels.length}`);
  for (let r = 0; r < rows; r++) {
    const y = d.labels[r]!;
    if (!Number.isInteger(y) || y < 0 || y >= classes)
      throw new RangeError(`${name}.labels[${r}]: expected a class in [0, ${classes}), got ${y}`);
  }
  if (rows === 0) throw new RangeError(`${name}: no rows`);
  return rows;
}

/** A uniformly random permutation of 0…n−1 (Fisher–Yates on Philox). */
export function permutation(n: number, seed: number | bigint, stream: number): Uint32Array {
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  const rng = new PhiloxRng(seed, stream);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}

/** Loss, accuracy and confusion matrix of a classifier on labelled rows. */
export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
  /** confusion[true·classes + predicted] counts. */
  readonly confusion: Uint32Array;
}

/**
 * Evaluates a classifier in batches (no gradients): the mean cross-entropy, the accuracy and
 * the confusion matrix. The model is switched to evaluation mode first (`setTraining(false)`:
 * running batch-norm statistics, no dropout); {@link fit} switches it back for each epoch.
 * @param backend - where the model lives
 * @param model - the network (its outputs are logits)
 * @param data - the rows and labels
 * @param o - features, classes and the evaluation batch (default 1000)
 */
export async function evaluateClassifier(
  backend: Backend,
  model: Module,
  data: LabelledRows,
  o: { readonly features: number; readonly classes: number; readonly batchSize?: number },
): Promise<Evaluation> {
  const rows = checkRows(data, o.features, o.classes, 'data');
  const bs = checkInteger(o.batchSize ?? 1000, 'batchSize', { min: 1 });
  model.setTraining?.(false);
  const confusion = new Uint32Array(o.classes * o.classes);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < rows; start += bs) {
    const n = Math.min(bs, rows - start);
    const tape = new Tape(backend);
    try {
      const x = tape.input(
        tape.own(
          backend.tensor(data.x.slice(start * o.features, (start + n) * o.features), [
            n,
            o.features,
          ]) as Tensor<'float32'>,
        ),
      );
      const labels = Array.from({ length: n }, (_, r) => data.labels[start + r]!);
      const logits = model.forward(x);
      const loss = crossEntropyWithLogits(logits, labels);
      const [z, l] = await Promise.all([logits.value.read(), loss.value.read()]);
      lossSum += l[0]! * n;
      for (let r = 0; r < n; r++) {
        let best = 0;
        for (let c = 1; c < o.classes; c++) if (z[r * o.classes + c]! > z[r * o.classes + best]!) best = c;
        const y = labels[r]!;
        confusion[y * o.classes + best]!++;
        if (best === y) correct++;
      }
    } finally {
      tape.dispose();
    }
  }
  return { loss: lossSum / rows, accuracy: correct / rows, confusion };
}

/**
 * Trains a classifier by minibatch steps of cross-entropy: each epoch visits the training
 * rows in a fresh order from the seed (the last batch may be smaller), then evaluates on
 * `test`. Same seed and options → bit-identical weights on the CPU backend.
 * @param backend - where the model lives
 * @returns the per-epoch reports and why training stopped
 * @throws RangeError/TypeError on malformed data or options
 */
export async function fit(backend: Backend, o: FitOptions): Promise<FitResult> {
  const features = checkInteger(o.features, 'options.features', { min: 1 });
  const classes = checkInteger(o.classes, 'options.classes', { min: 2 });
  const epochs = checkInteger(o.epochs, 'options.epochs', { min: 1 });
  const bs = checkInteger(o.batchSize, 'options.batchSize', { min: 1 });
  const rows = checkRows(o.train, features, classes, 'options.train');
  if (o.test) checkRows(o.test, features, classes, 'options.test');
  const patience = o.earlyStop ? checkInteger(o.earlyStop.patience, 'options.earlyStop.patience', { min: 1 }) : 0;
  const minDelta = o.earlyStop ? checkNumber(o.earlyStop.minDelta ?? 0, 'options.earlyStop.minDelta', { min: 0 }) : 0;
  const steps = Math.ceil(rows / bs);
  const reports: EpochReport[] = [];
  // one host buffer and label array per batch size, filled in place each step
  const buffers = new Map<number, { x: Float32Array; labels: number[] }>();
  let best = Number.POSITIVE_INFINITY;
  let since = 0;
  let last: Evaluation | null = null;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    o.model.setTraining?.(true);
    const order = permutation(rows, o.seed, epoch);
    const started = performance.now();
    // Σ n·loss over the epoch's steps, accumulated where the model runs: no readback per step
    const lossSum = backend.zeros([]) as Tensor<'float32'>;
    for (let s = 0; s < steps; s++) {
      const start = s * bs;
      const n = Math.min(bs, rows - start);
      let buf = buffers.get(n);
      if (!buf) {
        buf = { x: new Float32Array(n * features), labels: new Array<number>(n) };
        buffers.set(n, buf);
      }
      for (let r = 0; r < n; r++) {
        const src = order[start + r]!;
        buf.x.set(o.train.x.subarray(src * features, (src + 1) * features), r * features);
        buf.labels[r] = o.train.labels[src]!;
      }
      const tape = new Tape(backend);
      try {
        const x = tape.input(tape.own(backend.tensor(buf.x, [n, features]) as Tensor<'float32'>));
        o.optimizer.zeroGrad();
        const loss = crossEntropyWithLogits(o.model.forward(x), buf.labels);
        tape.backward(loss);
        o.optimizer.step();
        axpy(n, loss.value, lossSum);
      } finally {
        tape.dispose();
      }
      o.progress?.(((epoch - 1) * steps + s + 1) / (epochs * steps), `epoch ${epoch}/${epochs}`);
    }
    const trainLoss = (await lossSum.read())[0]! / rows;
    lossSum.dispose();
    const seconds = (performance.now() - started) / 1000;
    const ev = o.test ? await evaluateClassifier(backend, o.model, o.test, { features, classes }) : null;
    last = ev;
    const report: EpochReport = {
      epoch,
      trainLoss,
      testLoss: ev ? ev.loss : null,
      testAccuracy: ev ? ev.accuracy : null,
      seconds,
    };
    reports.push(report);
    if ((await o.onEpoch?.(report)) === false) return { epochs: reports, stopped: 'callback', test: last };
    if (o.earlyStop && ev) {
      if (ev.loss < best - minDelta) {
        best = ev.loss;
        since = 0;
      } else if (++since >= patience) return { epochs: reports, stopped: 'early-stop', test: last };
    }
  }
  return { epochs: reports, stopped: 'epochs', test: last };
}
