/**
 * Shape ops on a {@link Tape}: permute, slice, pad, concat, broadcasting, and sums, means and
 * maxima over any set of axes. Each forward is one strided gather (or scatter) or a row
 * reduction after one; each VJP is the adjoint view (a permute's inverse, a slice's pad, a
 * broadcast's sum).
 * @module
 */
import type { Tensor } from '@replica/webgpu-kernels';
import { mapBinary, mapUnary, mulKernel, reduceRowsKernel, runKernel, scaleKernel } from '@replica/webgpu-kernels';
import { divKernel, equalMaskKernel, run } from './kernels';
import { logSumExp, reshape, softmaxLast } from './ops';
import type { Var } from './tape';
import type { ViewAxis } from './view-kernels';
import { MAX_VIEW_RANK, stridedViewKernel } from './view-kernels';

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d]!;
  }
  return s;
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, d) => a * d, 1);

function checkRank(op: string, rank: number): void {
  if (rank > MAX_VIEW_RANK) throw new RangeError(`${op}: at most ${MAX_VIEW_RANK} axes, got ${rank}`);
}

/** A new tensor of `shape` gathered from `x` through `axes` (see {@link stridedViewKernel}). */
function gather(
  x: Tensor<'float32'>,
  shape: readonly number[],
  axes: readonly ViewAxis[],
  fill = 0,
): Tensor<'float32'> {
  const out = x.backend.zeros(shape) as Tensor<'float32'>;
  if (out.size > 0) run(stridedViewKernel, out, { mode: 'gather', x, out, axes, fill });
  return out;
}

function normAxis(op: string, axis: number, rank: number, name = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank)
    throw new RangeError(`${op}: ${name} must be an integer in [${-rank}, ${rank}), got ${axis}`);
  return axis < 0 ? axis + rank : axis;
}

/** Tensor-level permute: out axis d is x's axis perm[d]. */
function permuteTensor(x: Tensor<'float32'>, perm: readonly number[]): Tensor<'float32'> {
  const st = stridesOf(x.shape);
  const shape = perm.map((p) => x.shape[p]!);
  return gather(
    x,
    shape,
    perm.map((p) => ({ dim: x.shape[p]!, offset: 0, extent: x.shape[p]!, stride: st[p]! })),
  );
}

/**
 * Reorders the axes: output axis d is x's axis perm[d] (a copy).
 * VJP: Ḡ permuted by the inverse permutation.
 * @throws RangeError when perm is not a permutation of x's axes
 */
export function permute(x: Var, perm: readonly number[]): Var {
  const rank = x.shape.length;
  checkRank('permute', rank);
  if (
    perm.length !== rank ||
    new Set(perm).size !== rank ||
    perm.some((p) => !Number.isInteger(p) || p < 0 || p >= rank)
  )
    throw new RangeError(`permute: perm must be a permutation of 0…${rank - 1}, got [${perm.join(', ')}]`);
  const inv = new Array<number>(rank);
  perm.forEach((p, d) => {
    inv[p] = d;
  });
  const tape = x.tape;
  return tape.record(permuteTensor(x.value, perm), [x], (g) => [tape.own(permuteTensor(g, inv))]);
}

function padTensor(
  x: Tensor<'float32'>,
  lo: readonly number[],
  outShape: readonly number[],
  value: number,
): Tensor<'float32'> {
  const st = stridesOf(x.shape);
  return gather(
    x,
    outShape,
    outShape.map((dim, d) => ({ dim, offset: -lo[d]!, extent: x.shape[d]!, stride: st[d]! })),
    value,
  );
}

/**
 * The block x[begin₀ : begin₀ + size₀, …] (one begin and size per axis; a copy).
 * VJP: Ḡ padded with zeros back to x's shape.
 * @throws RangeError when a range leaves x
 */
export function slice(x: Var, begin: readonly number[], size: readonly number[]): Var {
  const rank = x.shape.length;
  checkRank('slice', rank);
  if (begin.length !== rank || size.length !== rank)
    throw new RangeError(
      `slice: begin and size need ${rank} entries (one per axis), got ${begin.length} and ${size.length}`,
    );
  for (let d = 0; d < rank; d++) {
    const b = begin[d]!;
    const s = size[d]!;
    if (!Number.isInteger(b) || !Number.isInteger(s) || b < 0 || s < 1 || b + s > x.shape[d]!)
      throw new RangeError(
        `slice: axis ${d} has extent ${x.shape[d]}, so begin[${d}] = ${b} and size[${d}] = ${s} must satisfy 0 ≤ begin, 1 ≤ size, begin + size ≤ ${x.shape[d]}`,
      );
  }
  const st = stridesOf(x.shape);
  const tape = x.tape;
  const out = gather(
    x.value,
    size,
    size.map((dim, d) => ({ dim, offset: begin[d]!, extent: x.shape[d]!, stride: st[d]! })),
  );
  return tape.record(out, [x], (g) => [tape.own(padTensor(g, begin, x.shape, 0))]);
}

/**
 * Pads every axis with a constant: `padding[d] = [before, after]` (non-negative).
 * VJP: the slice of Ḡ where x sits.
 */
export function pad(x: Var, padding: readonly (readonly [number, number])[], value = 0): Var {
  const rank = x.shape.length;
  checkRank('pad', rank);
  if (padding.length !== rank)
    throw new RangeError(`pad: padding needs ${rank} [before, after] pairs (one per axis), got ${padding.length}`);
  padding.forEach(([lo, hi], d) => {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < 0)
      throw new RangeError(`pad: padding[${d}] must be two non-negative integers, got [${lo}, ${hi}]`);
  });
  if (!Number.isFinite(value)) throw new RangeError(`pad: value must be finite, got ${value}`);
  const lo = padding.map((p) => p[0]);
  const outShape = x.shape.map((dim, d) => dim + padding[d]![0] + padding[d]![1]);
  const tape = x.tape;
  const st = stridesOf(outShape);
  return tape.record(padTensor(x.value, lo, outShape, value), [x], (g) => [
    tape.own(
      gather(
        g,
        x.shape,
        x.shape.map((dim, d) => ({ dim, offset: lo[d]!, extent: outShape[d]!, stride: st[d]! })),
      ),
    ),
  ]);
}

/**
 * Joins tensors along one axis (the other extents must agree). Each input is scattered into
 * its block of the output. VJP: each input's slice of Ḡ.
 */
export function concat(xs: readonly Var[], axis: number): Var {
  if (xs.length === 0) throw new RangeError('concat: needs at least one input');
  const first = xs[0]!;
  const rank = first.shape.length;
  checkRank('concat', rank);
  const ax = normAxis('concat', axis, rank);
  xs.forEach((v, i) => {
    if (v.tape !== first.tape) throw new RangeError('concat: the inputs are on different tapes');
    if (v.shape.length !== rank || v.shape.some((d, k) => k !== ax && d !== first.shape[k]))
      throw new RangeError(
        `concat: input ${i} has shape ${shapeText(v.shape)}, which does not match ${shapeText(first.shape)} off axis ${ax}`,
      );
  });
  const outShape = first.shape.slice();
  outShape[ax] = xs.reduce((a, v) => a + v.shape[ax]!, 0);
  const st = stridesOf(outShape);
  const tape = first.tape;
  const out = tape.backend.zeros(outShape) as Tensor<'float32'>;
  const starts: number[] = [];
  let at = 0;
  for (const v of xs) {
    starts.push(at);
    const axes = v.shape.map((dim, d) => ({ dim, offset: d === ax ? at : 0, extent: outShape[d]!, stride: st[d]! }));
    run(stridedViewKernel, out, { mode: 'scatter', x: v.value, out, axes, fill: 0 });
    at += v.shape[ax]!;
  }
  return tape.record(out, xs, (g) =>
    xs.map((v, i) =>
      v.requiresGrad
        ? tape.own(
            gather(
              g,
              v.shape,
              v.shape.map((dim, d) => ({
                dim,
                offset: d === ax ? starts[i]! : 0,
                extent: outShape[d]!,
                stride: st[d]!,
              })),
            ),
          )
        : null,
    ),
  );
}

/**
 * The shape two shapes broadcast to (NumPy's rules: align on the right; extents equal or 1).
 * @throws RangeError naming both shapes when they do not broadcast
 */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let k = 1; k <= rank; k++) {
    const da = a[a.length - k] ?? 1;
    const db = b[b.length - k] ?? 1;
    if (da !== db && da !== 1 && db !== 1)
      throw new RangeError(`${op}: shapes ${shapeText(a)} and ${shapeText(b)} do not broadcast`);
    out[rank - k] = da === 1 ? db : da;
  }
  return out;
}

function broadcastTensor(x: Tensor<'float32'>, shape: readonly number[]): Tensor<'float32'> {
  const lead = shape.length - x.shape.length;
  const st = stridesOf(x.shape);
  return gather(
    x,
    shape,
    shape.map((dim, d) => {
      const xd = d - lead;
      const own = xd >= 0 ? x.shape[xd]! : 1;
      return { dim, offset: 0, extent: dim, stride: own === 1 ? 0 : st[xd]! };
    }),
  );
}

/**
 * x broadcast to `shape` (NumPy's rules; a copy). VJP: Ḡ summed over the broadcast axes.
 * @throws RangeError when x does not broadcast to shape
 */
export function broadcastTo(x: Var, shape: readonly number[]): Var {
  checkRank('broadcastTo', shape.length);
  const b = broadcastShapes('broadcastTo', x.shape, shape);
  if (b.length !== shape.length || b.some((d, i) => d !== shape[i]))
    throw new RangeError(`broadcastTo: ${shapeText(x.shape)} does not broadcast to ${shapeText(shape)}`);
  if (b.length === x.shape.length && b.every((d, i) => d === x.shape[i])) return x;
  const tape = x.tape;
  return tape.record(broadcastTensor(x.value, shape), [x], (g) => [
    tape.own(sumToTensor(g, x.shape, (t) => tape.own(t))),
  ]);
}

/** Σ of g over the axes a broadcast from `shape` expanded, as a tensor of `shape`. */
function sumToTensor(
  g: Tensor<'float32'>,
  shape: readonly number[],
  own: (t: Tensor<'float32'>) => Tensor<'float32'>,
): Tensor<'float32'> {
  const lead = g.shape.length - shape.length;
  const axes: number[] = [];
  for (let d = 0; d < g.shape.length; d++) if (d < lead || (shape[d - lead] === 1 && g.shape[d] !== 1)) axes.push(d);
  return reduceTensor(g, axes, 'sum', shape, own);
}

/**
 * Reduces `x` over `axes` (sorted, distinct) by sum or max into a new tensor of `outShape`
 * (whose size is the product of the kept extents): the reduced axes are moved last by one
 * gather (none when they already are), then each row is reduced.
 */
function reduceTensor(
  x: Tensor<'float32'>,
  axes: readonly number[],
  op: 'sum' | 'max',
  outShape: readonly number[],
  own: (t: Tensor<'float32'>) => Tensor<'float32'>,
): Tensor<'float32'> {
  const rank = x.shape.length;
  const kept = [...Array(rank).keys()].filter((d) => !axes.includes(d));
  const rows = sizeOf(kept.map((d) => x.shape[d]!));
  const cols = sizeOf(axes.map((d) => x.shape[d]!));
  const trailing = axes.every((d, i) => d === rank - axes.length + i);
  const src = trailing
    ? x
    : own(
        gather(
          x,
          [rows, cols],
          [...kept, ...axes].map((p) => axisOf(x.shape, p)),
        ),
      );
  const out = x.backend.zeros(outShape) as Tensor<'float32'>;
  runKernel(reduceRowsKernel, x.backend, { op, x: src, out, rows, cols });
  return out;
}

const axisOf = (shape: readonly number[], p: number): ViewAxis => ({
  dim: shape[p]!,
  offset: 0,
  extent: shape[p]!,
  stride: stridesOf(shape)[p]!,
});

/** Options of the reductions over axes ({@link sumAxes}, {@link meanAxes}, {@link maxAxes}). */
export interface AxesOptions {
  /** The axes to reduce (negative counts from the end); every axis when omitted. */
  readonly axes?: readonly number[];
  /** Keep each reduced axis with extent 1 (so the result broadcasts against x), default false. */
  readonly keepDims?: boolean;
}

function resolveAxes(op: string, x: Var, options: AxesOptions): { axes: number[]; outShape: number[] } {
  const rank = x.shape.length;
  checkRank(op, rank);
  const given = options.axes ?? [...Array(rank).keys()];
  const axes = [...new Set(given.map((a, i) => normAxis(op, a, rank, `axes[${i}]`)))].sort((a, b) => a - b);
  if (axes.length !== given.length) throw new RangeError(`${op}: axes lists an axis twice: [${given.join(', ')}]`);
  const keep = options.keepDims === true;
  const outShape = x.shape.flatMap((d, k) => (axes.includes(k) ? (keep ? [1] : []) : [d]));
  return { axes, outShape };
}

/** Spreads g (the reduction's output, keepDims or not) back over x's shape. */
function spread(g: Tensor<'float32'>, xShape: readonly number[], axes: readonly number[]): Tensor<'float32'> {
  const keptShape = xShape.map((d, k) => (axes.includes(k) ? 1 : d));
  const st = stridesOf(keptShape);
  return gather(
    g,
    xShape,
    xShape.map((dim, d) => ({ dim, offset: 0, extent: dim, stride: axes.includes(d) ? 0 : st[d]! })),
  );
}

/**
 * Σ over the given axes. VJP: Ḡ spread along the reduced axes.
 * @param options - `axes` (default all) and `keepDims`
 */
export function sumAxes(x: Var, options: AxesOptions = {}): Var {
  return sumOrMean('sumAxes', x, options, false);
}

/** The mean over the given axes. VJP: Ḡ/count spread along the reduced axes. */
export function meanAxes(x: Var, options: AxesOptions = {}): Var {
  return sumOrMean('meanAxes', x, options, true);
}

function sumOrMean(op: string, x: Var, options: AxesOptions, mean: boolean): Var {
  const { axes, outShape } = resolveAxes(op, x, options);
  const tape = x.tape;
  const own = (t: Tensor<'float32'>) => tape.own(t);
  const c = mean ? 1 / sizeOf(axes.map((d) => x.shape[d]!)) : 1;
  const total = reduceTensor(x.value, axes, 'sum', outShape, own);
  const out = mean ? mapUnary(scaleKernel, own(total), { a: c }) : total;
  return tape.record(out, [x], (g) => {
    const gx = own(spread(g, x.shape, axes));
    if (mean) mapUnary(scaleKernel, gx, { a: c, out: gx });
    return [gx];
  });
}

/**
 * The maximum over the given axes. VJP: Ḡ shared equally among the entries that attain the
 * maximum (as `torch.amax`), zero elsewhere.
 */
export function maxAxes(x: Var, options: AxesOptions = {}): Var {
  const { axes, outShape } = resolveAxes('maxAxes', x, options);
  const tape = x.tape;
  const own = (t: Tensor<'float32'>) => tape.own(t);
  const out = reduceTensor(x.value, axes, 'max', outShape, own);
  return tape.record(out, [x], (g) => {
    const mask = own(mapBinary(equalMaskKernel, x.value, own(spread(out, x.shape, axes))));
    const ties = own(reduceTensor(mask, axes, 'sum', outShape, own));
    const share = own(mapBinary(divKernel, g, ties));
    return [own(mapBinary(mulKernel, own(spread(share, x.shape, axes)), mask))];
  });
}

/** The permutation moving `axis` last, and its inverse. */
function moveLast(rank: number, axis: number): { perm: number[]; inv: number[] } {
  const perm = [...Array(rank).keys()].filter((d) => d !== axis);
  perm.push(axis);
  const inv = new Array<number>(rank);
  perm.forEach((p, d) => {
    inv[p] = d;
  });
  return { perm, inv };
}

/**
 * The softmax along any axis: yᵢ = e^{xᵢ}/Σⱼ e^{xⱼ} over that axis (negative counts from the
 * end). The axis is moved last, {@link softmaxLast} applied, and moved back. VJP: theirs.
 */
export function softmaxAxis(x: Var, axis: number): Var {
  const rank = x.shape.length;
  const ax = normAxis('softmaxAxis', axis, rank);
  if (ax === rank - 1) return softmaxLast(x);
  const { perm, inv } = moveLast(rank, ax);
  return permute(softmaxLast(permute(x, perm)), inv);
}

/**
 * log Σ e^{xⱼ} along any axis (dropped from the output, or kept with extent 1 by `keepDims`).
 * VJP: softmax along the axis times Ḡ.
 */
export function logSumExpAxis(x: Var, axis: number, options: { readonly keepDims?: boolean } = {}): Var {
  const rank = x.shape.length;
  const ax = normAxis('logSumExpAxis', axis, rank);
  const out = ax === rank - 1 ? logSumExp(x) : logSumExp(permute(x, moveLast(rank, ax).perm));
  return options.keepDims === true
    ? reshape(
        out,
        x.shape.map((d, k) => (k === ax ? 1 : d)),
      )
    : out;
}
