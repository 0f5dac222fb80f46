/**
 * Differentiable ops on a {@link Tape}: each computes its forward on the compute layer and
 * records its vector–Jacobian product. Shapes are checked when the op is recorded, so a
 * mismatch names the op and both shapes.
 * @module
 */
import type { Tensor, UnaryKernel } from '@replica/webgpu-kernels';
import {
  addKernel,
  expKernel,
  gemm,
  logKernel,
  mapBinary,
  mapUnary,
  mulKernel,
  reduceRows,
  reluKernel,
  scaleKernel,
  sigmoidKernel,
  softmax,
  tanhKernel,
} from '@replica/webgpu-kernels';
import {
  absBackwardKernel,
  absKernel,
  biasAddKernel,
  clampMaxKernel,
  clampMinKernel,
  copyKernel,
  divKernel,
  erfBackwardKernel,
  erfKernel,
  passAtLeastKernel,
  passAtMostKernel,
  powBackwardKernel,
  powKernel,
  reluBackwardKernel,
  rowCombineKernel,
  run,
  scaleByScalarKernel,
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
import { broadcastShapes, broadcastTo } from './shape';
import type { ActivationName, Var } from './tape';
import { checkActivation } from './tape';

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

function sameTape(op: string, a: Var, b: Var): void {
  if (a.tape !== b.tape) throw new RangeError(`${op}: the inputs are on different tapes`);
}

function checkSameShape(op: string, a: Var, b: Var): void {
  sameTape(op, a, b);
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i]))
    throw new RangeError(`${op}: expected equal shapes, got ${shapeText(a.shape)} and ${shapeText(b.shape)}`);
}

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use aᵀ (a stored [K, M], or [R, K, M]). */
  readonly transA?: boolean;
  /** Use bᵀ (b stored [N, K], or [R, N, K]). */
  readonly transB?: boolean;
}

/**
 * Y = op(A)·op(B) (op = identity or transpose) for 2-D A, B, or batched over a leading
 * replica axis: A [R, ·, ·] and B [R, ·, ·] multiply slice by slice in one batched gemm (replica
 * r's weights on replica r's minibatch). VJP: ∂op(A) = Ḡ·op(B)ᵀ, ∂op(B) = op(A)ᵀ·Ḡ per slice,
 * transposed back to the stored layouts.
 * @throws RangeError when the ranks, the replica counts or the inner extents differ
 */
export function matmul(a: Var, b: Var, options: MatmulOptions = {}): Var {
  sameTape('matmul', a, b);
  const rank = a.shape.length;
  if ((rank !== 2 && rank !== 3) || b.shape.length !== rank)
    throw new RangeError(
      `matmul: a and b must both be 2-D, or both 3-D with a leading replica axis, got ${shapeText(a.shape)} and ${shapeText(b.shape)}`,
    );
  if (rank === 3 && a.shape[0] !== b.shape[0])
    throw new RangeError(`matmul: the replica counts differ: a has ${a.shape[0]}, b has ${b.shape[0]}`);
  const ta = options.transA === true;
  const tb = options.transB === true;
  const o = rank - 2;
  const [m, k] = ta ? [a.shape[o + 1]!, a.shape[o]!] : [a.shape[o]!, a.shape[o + 1]!];
  const [k2, n] = tb ? [b.shape[o + 1]!, b.shape[o]!] : [b.shape[o]!, b.shape[o + 1]!];
  if (k !== k2)
    throw new RangeError(
      `matmul: inner extents differ: op(a) is [${m}, ${k}] (a ${shapeText(a.shape)}${ta ? ', transposed' : ''}), op(b) is [${k2}, ${n}] (b ${shapeText(b.shape)}${tb ? ', transposed' : ''})`,
    );
  const tape = a.tape;
  const y = gemm(a.value, b.value, { transA: ta, transB: tb });
  return tape.record(y, [a, b], (g) => {
    // a parameter's gradient is accumulated in place (gemm with β = 1 into its grad)
    const grad = (v: Var, f: (o: { out?: Tensor; beta?: number }) => Tensor<'float32'>) => {
      if (!v.requiresGrad) return null;
      const p = tape.paramOf(v);
      if (p) {
        f({ out: p.grad, beta: 1 });
        return null;
      }
      return tape.own(f({}));
    };
    const ga = grad(a, (o) =>
      ta ? gemm(b.value, g, { transA: tb, transB: true, ...o }) : gemm(g, b.value, { transB: !tb, ...o }),
    );
    const gb = grad(b, (o) =>
      tb ? gemm(g, a.value, { transA: true, transB: ta, ...o }) : gemm(a.value, g, { transA: !ta, ...o }),
    );
    return [ga, gb];
  });
}

/**
 * y = x + 1·bᵀ: a bias row b (shape [1, n]) added to every row of x (shape [rows, n]); with a
 * replica axis, replica r's bias b[r] (shape [R, 1, n]) to every row of x[r] ([R, rows, n]).
 * VJP: ∂x = Ḡ, ∂b = 1ᵀḠ (column sums, one gemm, batched over replicas).
 */
export function addBias(x: Var, bias: Var): Var {
  sameTape('addBias', x, bias);
  const rank = x.shape.length;
  if (rank !== 2 && rank !== 3) throw new RangeError(`addBias: x must be 2-D or 3-D, got shape ${shapeText(x.shape)}`);
  const n = x.shape[rank - 1]!;
  const want = rank === 2 ? [1, n] : [x.shape[0]!, 1, n];
  if (bias.shape.length !== want.length || bias.shape.some((d, i) => d !== want[i]))
    throw new RangeError(
      `addBias: the bias must have shape ${shapeText(want)} for x of shape ${shapeText(x.shape)}, got ${shapeText(bias.shape)}`,
    );
  const tape = x.tape;
  const rows = x.shape[rank - 2]!;
  const out = tape.backend.zeros(x.shape) as Tensor<'float32'>;
  run(biasAddKernel, out, { x: x.value, bias: bias.value, out, rows });
  return tape.record(out, [x, bias], (g) => {
    if (!bias.requiresGrad) return [g, null];
    const ones = rank === 2 ? tape.onesColumn(rows) : tape.onesColumns(x.shape[0]!, rows);
    const p = tape.paramOf(bias);
    // a parameter's gradient is accumulated in place (gemm with β = 1 into its grad)
    if (p) {
      gemm(ones, g, { transA: true, out: p.grad, beta: 1 });
      return [g, null];
    }
    return [g, tape.own(gemm(ones, g, { transA: true }))];
  });
}

/** Both operands broadcast to their common shape (NumPy's rules), as tape values. */
function aligned(op: string, x: Var, y: Var): [Var, Var] {
  sameTape(op, x, y);
  if (x.shape.length === y.shape.length && x.shape.every((d, i) => d === y.shape[i])) return [x, y];
  const shape = broadcastShapes(op, x.shape, y.shape);
  return [broadcastTo(x, shape), broadcastTo(y, shape)];
}

/** x + y, broadcasting (NumPy's rules). VJP: Ḡ to both, summed over each one's broadcast axes. */
export function add(x: Var, y: Var): Var {
  const [a, b] = aligned('add', x, y);
  return a.tape.record(mapBinary(addKernel, a.value, b.value), [a, b], (g) => [g, g]);
}

/** x − y, broadcasting. VJP: Ḡ and −Ḡ. */
export function sub(x: Var, y: Var): Var {
  const [a, b] = aligned('sub', x, y);
  const tape = a.tape;
  return tape.record(mapBinary(subKernel, a.value, b.value), [a, b], (g) => [
    g,
    b.requiresGrad ? tape.own(mapUnary(scaleKernel, g, { a: -1 })) : null,
  ]);
}

/** x ⊙ y, broadcasting. VJP: Ḡ ⊙ y and Ḡ ⊙ x. */
export function mul(x: Var, y: Var): Var {
  const [a, b] = aligned('mul', x, y);
  const tape = a.tape;
  return tape.record(mapBinary(mulKernel, a.value, b.value), [a, b], (g) => [
    a.requiresGrad ? tape.own(mapBinary(mulKernel, g, b.value)) : null,
    b.requiresGrad ? tape.own(mapBinary(mulKernel, g, a.value)) : null,
  ]);
}

/** x / y, broadcasting. VJP: Ḡ/y and −Ḡ·x/y². */
export function div(x: Var, y: Var): Var {
  const [a, b] = aligned('div', x, y);
  const tape = a.tape;
  const out = mapBinary(divKernel, a.value, b.value);
  return tape.record(out, [a, b], (g) => {
    const gx = tape.own(mapBinary(divKernel, g, b.value));
    // ∂y = −Ḡ·(x/y)/y = −(Ḡ/y)·out
    const gy = b.requiresGrad
      ? tape.own(mapUnary(scaleKernel, tape.own(mapBinary(mulKernel, gx, out)), { a: -1 }))
      : null;
    return [a.requiresGrad ? gx : null, gy];
  });
}

/** c·x for a constant c. VJP: c·Ḡ. */
export function scale(x: Var, c: number): Var {
  if (!Number.isFinite(c)) throw new RangeError(`scale: c must be finite, got ${c}`);
  const tape = x.tape;
  return tape.record(mapUnary(scaleKernel, x.value, { a: c }), [x], (g) => [
    tape.own(mapUnary(scaleKernel, g, { a: c })),
  ]);
}

function unary(
  x: Var,
  fwd: UnaryKernel,
  vjp: (g: Tensor<'float32'>, out: Tensor<'float32'>) => Tensor<'float32'>,
): Var {
  const tape = x.tape;
  const out = mapUnary(fwd, x.value);
  return tape.record(out, [x], (g) => [tape.own(vjp(g, out))]);
}

/** max(x, 0). VJP: Ḡ where x > 0. */
export function relu(x: Var): Var {
  return unary(x, reluKernel, (g) => mapBinary(reluBackwardKernel, x.value, g));
}

/** tanh x. VJP: Ḡ(1 − tanh²x). */
export function tanh(x: Var): Var {
  return unary(x, tanhKernel, (g, t) => mapBinary(tanhBackwardKernel, t, g));
}

/** σ(x) = 1/(1 + e^{−x}). VJP: Ḡσ(1 − σ). */
export function sigmoid(x: Var): Var {
  return unary(x, sigmoidKernel, (g, s) => mapBinary(sigmoidBackwardKernel, s, g));
}

/** log(1 + eˣ). VJP: Ḡσ(x). */
export function softplus(x: Var): Var {
  return unary(x, softplusKernel, (g) => mapBinary(softplusBackwardKernel, x.value, g));
}

/** eˣ. VJP: Ḡeˣ. */
export function exp(x: Var): Var {
  return unary(x, expKernel, (g, e) => mapBinary(mulKernel, g, e));
}

/** log x. VJP: Ḡ/x. */
export function log(x: Var): Var {
  return unary(x, logKernel, (g) => mapBinary(divKernel, g, x.value));
}

/** √x. VJP: Ḡ/(2√x). */
export function sqrt(x: Var): Var {
  return unary(x, sqrtKernel, (g, r) => mapBinary(sqrtBackwardKernel, r, g));
}

/** |x|. VJP: Ḡ·sign x (0 at 0, as PyTorch). */
export function abs(x: Var): Var {
  return unary(x, absKernel, (g) => mapBinary(absBackwardKernel, x.value, g));
}

/**
 * x^p for a constant exponent p (as `Math.pow`: NaN for x < 0 and a non-integer p).
 * VJP: Ḡ·p·x^{p−1}.
 */
export function pow(x: Var, p: number): Var {
  if (!Number.isFinite(p)) throw new RangeError(`pow: p must be finite, got ${p}`);
  const tape = x.tape;
  return tape.record(mapUnary(powKernel, x.value, { a: p }), [x], (g) => [
    tape.own(mapBinary(powBackwardKernel, x.value, g, { a: p })),
  ]);
}

/** SiLU (swish), x·σ(x). VJP: Ḡ·σ(x)(1 + x(1 − σ(x))). */
export function silu(x: Var): Var {
  return unary(x, siluKernel, (g) => mapBinary(siluBackwardKernel, x.value, g));
}

/** erf x (Abramowitz–Stegun 7.1.26, absolute error ≤ 1.5·10⁻⁷). VJP: Ḡ·(2/√π)e^{−x²}. */
export function erf(x: Var): Var {
  return unary(x, erfKernel, (g) => mapBinary(erfBackwardKernel, x.value, g));
}

/**
 * min(max(x, lo), hi) (either bound may be omitted). VJP: Ḡ where lo ≤ x ≤ hi, else 0
 * (as PyTorch's clamp).
 * @throws RangeError when min > max or a bound is not finite (−∞ as min and +∞ as max count as none)
 */
export function clamp(x: Var, bounds: { readonly min?: number; readonly max?: number }): Var {
  // an infinite bound on its own side clamps nothing
  const lo = bounds.min === Number.NEGATIVE_INFINITY ? undefined : bounds.min;
  const hi = bounds.max === Number.POSITIVE_INFINITY ? undefined : bounds.max;
  if (lo === undefined && hi === undefined) throw new RangeError('clamp: give bounds.min, bounds.max or both');
  if ((lo !== undefined && !Number.isFinite(lo)) || (hi !== undefined && !Number.isFinite(hi)))
    throw new RangeError(`clamp: the bounds must be finite numbers, got min ${bounds.min} and max ${bounds.max}`);
  if (lo !== undefined && hi !== undefined && lo > hi) throw new RangeError(`clamp: min (${lo}) exceeds max (${hi})`);
  const tape = x.tape;
  let out = x.value;
  if (lo !== undefined) out = mapUnary(clampMinKernel, out, { a: lo });
  if (hi !== undefined) {
    const prev = out;
    out = mapUnary(clampMaxKernel, prev, { a: hi });
    if (prev !== x.value) tape.own(prev);
  }
  return tape.record(out, [x], (g) => {
    let gx = g;
    if (lo !== undefined) gx = tape.own(mapBinary(passAtLeastKernel, x.value, gx, { a: lo }));
    if (hi !== undefined) gx = tape.own(mapBinary(passAtMostKernel, x.value, gx, { a: hi }));
    return [gx];
  });
}

/** x + c for a constant c. VJP: Ḡ. */
export function addScalar(x: Var, c: number): Var {
  if (!Number.isFinite(c)) throw new RangeError(`addScalar: c must be finite, got ${c}`);
  return x.tape.record(mapUnary(shiftKernel, x.value, { a: c }), [x], (g) => [g]);
}

/** The activation named `name` (`linear` is the identity). */
export function activation(x: Var, name: ActivationName): Var {
  switch (checkActivation(name, 'activation')) {
    case 'relu':
      return relu(x);
    case 'tanh':
      return tanh(x);
    case 'sigmoid':
      return sigmoid(x);
    case 'softplus':
      return softplus(x);
    case 'silu':
      return silu(x);
    case 'linear':
      return x;
  }
}

/** Rank-0 total of every element, summed in rows then over the row sums. */
function totalOf(t: Tensor<'float32'>, own: <T extends Tensor>(t: T) => T): Tensor<'float32'> {
  if (t.shape.length === 0) return t;
  let r = t;
  while (r.shape.length > 1) r = own(reduceRows(r, 'sum'));
  return own(reduceRows(r, 'sum'));
}

/** Σ of every element (rank 0). VJP: Ḡ spread over x's shape. */
export function sum(x: Var): Var {
  return meanOrSum(x, 1);
}

/** The mean of every element (rank 0). VJP: Ḡ/size spread over x's shape. */
export function mean(x: Var): Var {
  return meanOrSum(x, 1 / x.value.size);
}

function meanOrSum(x: Var, c: number): Var {
  const tape = x.tape;
  const total = totalOf(x.value, (t) => tape.own(t));
  // a new rank-0 tensor, whatever x was (the record owns it)
  const out = mapUnary(scaleKernel, total, { a: c });
  return tape.record(out, [x], (g) => {
    const gx = tape.own(tape.backend.zeros(x.shape) as Tensor<'float32'>);
    run(scaleByScalarKernel, gx, { x: null, s: g, a: c, out: gx });
    return [gx];
  });
}

/**
 * The mean cross-entropy of logits against class labels, L = (1/B) Σ_r [logsumexp(z_r) − z_{r,y_r}]
 * over the B rows of logits [B, C]; with a replica axis ([R, B, C], R·B labels, replica-major),
 * the sum over replicas of each replica's mean, so that replica r's gradient is its own loss's.
 * VJP: ∂z = (softmax(z) − onehot(y))·Ḡ/B.
 * @param logits - [B, C] or [R, B, C]
 * @param labels - one class index in [0, C) per row
 * @returns the rank-0 loss
 * @throws RangeError on a label out of range or a count mismatch
 */
export function crossEntropyWithLogits(logits: Var, labels: ArrayLike<number>): Var {
  const rank = logits.shape.length;
  if (rank !== 2 && rank !== 3)
    throw new RangeError(
      `crossEntropyWithLogits: logits must be [B, C] or [R, B, C], got shape ${shapeText(logits.shape)}`,
    );
  const classes = logits.shape[rank - 1]!;
  const perReplica = logits.shape[rank - 2]!;
  const rows = logits.value.size / classes;
  if (labels.length !== rows)
    throw new RangeError(
      `crossEntropyWithLogits: expected ${rows} labels (one per row of logits), got ${labels.length}`,
    );
  const oh = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    const y = labels[r]!;
    if (!Number.isInteger(y) || y < 0 || y >= classes)
      throw new RangeError(`crossEntropyWithLogits: labels[${r}] must be an integer in [0, ${classes}), got ${y}`);
    oh[r * classes + y] = 1;
  }
  const tape = logits.tape;
  const onehot = tape.own(tape.backend.tensor(oh, logits.shape) as Tensor<'float32'>);
  const lse = tape.own(reduceRows(logits.value, 'logsumexp'));
  const picked = tape.own(reduceRows(tape.own(mapBinary(mulKernel, logits.value, onehot)), 'sum'));
  const perRow = tape.own(mapBinary(subKernel, lse, picked));
  const loss = mapUnary(
    scaleKernel,
    totalOf(perRow, (t) => tape.own(t)),
    { a: 1 / perReplica },
  );
  return tape.record(loss, [logits], (g) => {
    const p = tape.own(softmax(logits.value));
    const d = tape.own(mapBinary(subKernel, p, onehot));
    const gz = tape.own(tape.backend.zeros(logits.shape) as Tensor<'float32'>);
    run(scaleByScalarKernel, gz, { x: d, s: g, a: 1 / perReplica, out: gz });
    return [gz];
  });
}

/**
 * The mean squared error over every element, L = (1/n) Σ (p − t)².
 * VJP: ∂p = 2(p − t)·Ḡ/n (and −that for t when it needs a gradient).
 */
export function mseLoss(pred: Var, target: Var): Var {
  checkSameShape('mseLoss', pred, target);
  const tape = pred.tape;
  const n = pred.value.size;
  const d = tape.own(mapBinary(subKernel, pred.value, target.value));
  const sq = tape.own(mapBinary(mulKernel, d, d));
  const total = totalOf(sq, (t) => tape.own(t));
  const loss = mapUnary(scaleKernel, total, { a: 1 / n });
  return tape.record(loss, [pred, target], (g) => {
    const gp = tape.own(tape.backend.zeros(pred.shape) as Tensor<'float32'>);
    run(scaleByScalarKernel, gp, { x: d, s: g, a: 2 / n, out: gp });
    return [gp, target.requiresGrad ? tape.own(mapUnary(scaleKernel, gp, { a: -1 })) : null];
  });
}

/**
 * The softmax over the last axis, yᵢ = e^{xᵢ}/Σⱼ e^{xⱼ} per row (any rank ≥ 1).
 * VJP: ∂x = y ⊙ (Ḡ − Σⱼ Ḡⱼyⱼ) per row.
 */
export function softmaxLast(x: Var): Var {
  if (x.shape.length === 0) throw new RangeError('softmaxLast: x needs at least one axis');
  const tape = x.tape;
  const n = x.shape[x.shape.length - 1]!;
  const y = softmax(x.value);
  return tape.record(y, [x], (g) => {
    const s = tape.own(reduceRows(tape.own(mapBinary(mulKernel, g, y)), 'sum'));
    const gx = tape.own(tape.backend.zeros(x.shape) as Tensor<'float32'>);
    run(rowCombineKernel, gx, { mode: 0, y, g, s, out: gx, n });
    return [gx];
  });
}

/**
 * log Σⱼ e^{xⱼ} over the last axis (the output drops that axis; computed as m + log Σ e^{x − m}).
 * VJP: ∂x = softmax(x) ⊙ Ḡ (Ḡ broadcast along the row).
 */
export function logSumExp(x: Var): Var {
  if (x.shape.length === 0) throw new RangeError('logSumExp: x needs at least one axis');
  const tape = x.tape;
  const n = x.shape[x.shape.length - 1]!;
  return tape.record(reduceRows(x.value, 'logsumexp'), [x], (g) => {
    const p = tape.own(softmax(x.value));
    const gx = tape.own(tape.backend.zeros(x.shape) as Tensor<'float32'>);
    run(rowCombineKernel, gx, { mode: 1, y: p, g: p, s: g, out: gx, n });
    return [gx];
  });
}

/**
 * The same values in another shape of the same size (row-major order kept; a copy).
 * VJP: Ḡ reshaped back.
 * @throws RangeError when the sizes differ or an extent is not a positive integer
 */
export function reshape(x: Var, shape: readonly number[]): Var {
  const size = shape.reduce((a, d) => a * d, 1);
  shape.forEach((d, i) => {
    if (!Number.isSafeInteger(d) || d < 1)
      throw new RangeError(`reshape: shape[${i}] must be a positive integer, got ${d}`);
  });
  if (size !== x.value.size)
    throw new RangeError(
      `reshape: ${shapeText(shape)} holds ${size} values, x ${shapeText(x.shape)} holds ${x.value.size}`,
    );
  const tape = x.tape;
  const out = tape.backend.zeros(shape) as Tensor<'float32'>;
  run(copyKernel, out, { x: x.value, out });
  return tape.record(out, [x], (g) => {
    const gx = tape.own(tape.backend.zeros(x.shape) as Tensor<'float32'>);
    run(copyKernel, gx, { x: g, out: gx });
    return [gx];
  });
}

/** The same value with no gradient flowing back (stop-gradient). */
export function detach(x: Var): Var {
  return x.tape.input(x.value);
}
