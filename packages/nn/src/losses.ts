/**
 * Losses and label ops on a {@link Tape} beyond cross-entropy and MSE: binary cross-entropy
 * with logits, the hinge loss, a per-row gather and one-hot codes; and classification accuracy.
 * @module
 */
import type { Tensor } from '@replica/webgpu-kernels';
import { run } from './kernels';
import { addScalar, mean, mul, relu, scale, softplus, sub } from './ops';
import type { Tape, Var } from './tape';
import { rowIndexKernel } from './view-kernels';

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

function checkSame(op: string, a: Var, b: Var): void {
  if (a.tape !== b.tape) throw new RangeError(`${op}: the inputs are on different tapes`);
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i]))
    throw new RangeError(`${op}: expected equal shapes, got ${shapeText(a.shape)} and ${shapeText(b.shape)}`);
}

/**
 * The mean binary cross-entropy of logits z against targets t ∈ [0, 1]:
 * L = (1/n) Σ [log(1 + e^{z}) − t·z] = (1/n) Σ −[t log σ(z) + (1 − t) log(1 − σ(z))],
 * with log(1 + eᶻ) evaluated stably. VJP: ∂z = (σ(z) − t)·Ḡ/n.
 */
export function bceWithLogits(logits: Var, targets: Var): Var {
  checkSame('bceWithLogits', logits, targets);
  return mean(sub(softplus(logits), mul(logits, targets)));
}

/**
 * The mean hinge loss of scores z against labels y ∈ {−1, +1}: L = (1/n) Σ max(0, 1 − y·z).
 * VJP: −y·Ḡ/n where y·z < 1.
 */
export function hingeLoss(scores: Var, labels: Var): Var {
  checkSame('hingeLoss', scores, labels);
  return mean(relu(addScalar(scale(mul(scores, labels), -1), 1)));
}

function indexTensor(op: string, tape: Tape, index: ArrayLike<number>, rows: number, n: number): Tensor {
  if (index.length !== rows) throw new RangeError(`${op}: expected ${rows} indices (one per row), got ${index.length}`);
  const u = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    const v = index[r]!;
    if (!Number.isInteger(v) || v < 0 || v >= n)
      throw new RangeError(`${op}: index[${r}] must be an integer in [0, ${n}), got ${v}`);
    u[r] = v;
  }
  return tape.own(tape.backend.tensor(u, [rows]));
}

/**
 * One entry per row of the last axis: y[…] = x[…, index[…]] (x [..., n], output [...]).
 * VJP: Ḡ placed back at each row's index (zeros elsewhere), as a gather, so deterministic.
 * @param index - one integer in [0, n) per row, row-major
 */
export function gatherLast(x: Var, index: ArrayLike<number>): Var {
  if (x.shape.length === 0) throw new RangeError('gatherLast: x needs at least one axis');
  const n = x.shape[x.shape.length - 1]!;
  const rows = x.value.size / n;
  const tape = x.tape;
  const idx = indexTensor('gatherLast', tape, index, rows, n);
  const out = tape.backend.zeros(x.shape.slice(0, -1)) as Tensor<'float32'>;
  run(rowIndexKernel, out, { mode: 'pick', x: x.value, index: idx, out, n });
  return tape.record(out, [x], (g) => {
    const gx = tape.own(tape.backend.zeros(x.shape) as Tensor<'float32'>);
    run(rowIndexKernel, gx, { mode: 'spread', x: g, index: idx, out: gx, n });
    return [gx];
  });
}

/**
 * One-hot codes of class labels as a constant on the tape: [labels.length, classes], row r
 * has a 1 at column labels[r].
 */
export function oneHot(tape: Tape, labels: ArrayLike<number>, classes: number): Var {
  if (!Number.isInteger(classes) || classes < 1)
    throw new RangeError(`oneHot: classes must be a positive integer, got ${classes}`);
  const rows = labels.length;
  const idx = indexTensor('oneHot', tape, labels, rows, classes);
  const ones = tape.own(tape.backend.tensor(new Float32Array(rows).fill(1), [rows]) as Tensor<'float32'>);
  const out = tape.own(tape.backend.zeros([rows, classes]) as Tensor<'float32'>);
  run(rowIndexKernel, out, { mode: 'spread', x: ones, index: idx, out, n: classes });
  return tape.input(out);
}

/**
 * The fraction of rows whose largest logit (the first, on ties) is at the label.
 * @param logits - [B, C] (or [..., C])
 * @param labels - one class per row
 * @returns a number in [0, 1]
 */
export async function accuracy(logits: Tensor<'float32'>, labels: ArrayLike<number>): Promise<number> {
  const c = logits.shape[logits.shape.length - 1];
  if (c === undefined) throw new RangeError('accuracy: logits need at least one axis');
  const rows = logits.size / c;
  if (labels.length !== rows) throw new RangeError(`accuracy: expected ${rows} labels, got ${labels.length}`);
  if (rows === 0) throw new RangeError('accuracy: no rows');
  const z = (await logits.read()) as Float32Array;
  let hits = 0;
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (z[r * c + j]! > z[r * c + best]!) best = j;
    if (best === labels[r]) hits++;
  }
  return hits / rows;
}
