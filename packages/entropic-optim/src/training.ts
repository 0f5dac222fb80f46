/**
 * What the entropic training loops share: checked labelled rows, minibatch gathering, the γ
 * scoping schedule, and per-replica evaluation of a network with a replica axis.
 * @module
 */
import type { LabelledRows, Module } from '@replica/nn';
import { Tape } from '@replica/nn';
import type { Backend, Tensor } from '@replica/webgpu-kernels';
import { checkInteger, checkNumber } from '@replica/webgpu-kernels';

/** Checks a classification data set and returns its row count. */
export function checkRows(d: LabelledRows, features: number, classes: number, name: string): number {
  if (!(d.x instanceof Float32Array)) throw new TypeError(`${name}.x: expected a Float32Array`);
  if (d.x.length % features !== 0)
    throw new RangeError(`${name}.x: ${d.x.length} values is not a whole number of rows of ${features} features`);
  const rows = d.x.length / features;
  if (rows === 0) throw new RangeError(`${name}: no rows`);
  if (d.labels.length !== rows) throw new RangeError(`${name}.labels: expected ${rows} labels, got ${d.labels.length}`);
  for (let r = 0; r < rows; r++) {
    const y = d.labels[r]!;
    if (!Number.isInteger(y) || y < 0 || y >= classes)
      throw new RangeError(`${name}.labels[${r}]: expected a class in [0, ${classes}), got ${y}`);
  }
  return rows;
}

/** Copies rows order[start…start+n) of `d` into `x` (at `offset` rows) and their labels into `labels`. */
export function gatherRows(
  d: LabelledRows,
  features: number,
  order: Uint32Array,
  start: number,
  n: number,
  x: Float32Array,
  labels: number[],
  offset = 0,
): void {
  for (let r = 0; r < n; r++) {
    const src = order[start + r]!;
    x.set(d.x.subarray(src * features, (src + 1) * features), (offset + r) * features);
    labels[offset + r] = d.labels[src]!;
  }
}

/** γ scoping: γ_t = min(γ₀(1 + γ₁)^t, γ_max) at step or epoch t = 0, 1, … */
export interface GammaSchedule {
  /** γ₀ ≥ 0. */
  readonly gamma0: number;
  /** γ₁ ≥ 0 (default 0: constant γ). */
  readonly gamma1?: number;
  /** A cap (default ∞). */
  readonly gammaMax?: number;
}

/** Validates a schedule and returns t ↦ γ_t. */
export function gammaScheduler(s: GammaSchedule, name: string): (t: number) => number {
  const g0 = checkNumber(s.gamma0, `${name}.gamma0`, { min: 0 });
  const g1 = checkNumber(s.gamma1 ?? 0, `${name}.gamma1`, { min: 0 });
  const cap =
    s.gammaMax === undefined ? Number.POSITIVE_INFINITY : checkNumber(s.gammaMax, `${name}.gammaMax`, { min: 0 });
  return (t) => Math.min(g0 * (1 + g1) ** t, cap);
}

/** Loss and accuracy of one network (or one replica) on labelled rows. */
export interface ReplicaEvaluation {
  /** The mean cross-entropy. */
  readonly loss: number;
  readonly accuracy: number;
}

/**
 * Evaluates each replica r of a network with a replica axis (outputs [R, rows, classes] logits)
 * on the same rows: the mean cross-entropy (in f64 from the f32 logits) and the accuracy per replica.
 * @param backend - where the model lives
 * @param model - the network with the replica axis
 * @param replicas - R
 * @param data - the rows and labels
 * @param o - features, classes and the rows per forward pass (`batchSize`, default 500)
 */
export async function evaluateReplicas(
  backend: Backend,
  model: Module,
  replicas: number,
  data: LabelledRows,
  o: { readonly features: number; readonly classes: number; readonly batchSize?: number },
): Promise<ReplicaEvaluation[]> {
  const R = checkInteger(replicas, 'replicas', { min: 1 });
  const rows = checkRows(data, o.features, o.classes, 'data');
  const bs = checkInteger(o.batchSize ?? 500, 'batchSize', { min: 1 });
  const C = o.classes;
  model.setTraining?.(false);
  const loss = new Float64Array(R);
  const correct = new Float64Array(R);
  for (let start = 0; start < rows; start += bs) {
    const n = Math.min(bs, rows - start);
    const x = new Float32Array(R * n * o.features);
    const part = data.x.subarray(start * o.features, (start + n) * o.features);
    for (let r = 0; r < R; r++) x.set(part, r * n * o.features);
    const tape = new Tape(backend);
    try {
      const out = model.forward(tape.input(tape.own(backend.tensor(x, [R, n, o.features]) as Tensor<'float32'>)));
      if (out.value.size !== R * n * C)
        throw new RangeError(
          `evaluateReplicas: the model's output has ${out.value.size} values, expected [${R}, ${n}, ${C}]`,
        );
      const z = (await out.value.read()) as Float32Array;
      for (let r = 0; r < R; r++)
        for (let i = 0; i < n; i++) {
          const row = (r * n + i) * C;
          let best = 0;
          let max = z[row]!;
          for (let c = 1; c < C; c++)
            if (z[row + c]! > max) {
              max = z[row + c]!;
              best = c;
            }
          let s = 0;
          for (let c = 0; c < C; c++) s += Math.exp(z[row + c]! - max);
          const y = data.labels[start + i]!;
          loss[r]! += max + Math.log(s) - z[row + y]!;
          if (best === y) correct[r]!++;
        }
    } finally {
      tape.dispose();
    }
  }
  return Array.from({ length: R }, (_, r) => ({ loss: loss[r]! / rows, accuracy: correct[r]! / rows }));
}
