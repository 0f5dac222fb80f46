/**
 * Classification with an RBM whose visible layer is the input x (n_x units) followed by K
 * one-hot label units y: the joint model p(x, y) is trained generatively on [x, e_y], and a
 * class is read from the exact conditional
 *
 *   p(y | x) = e^{−F(x, e_y)} / Σ_{y′} e^{−F(x, e_{y′})},
 *   −F(x, e_y) = a·x + a_{n_x+y} + Σ_j φ(c_j + Σ_i x_i W_ij + W_{n_x+y, j}),
 *
 * which needs one pass over x for the hidden fields and K·n_h further terms per row.
 * @see H. Larochelle, Y. Bengio, Classification using discriminative restricted Boltzmann machines, ICML 2008
 * @module
 */
import type { Rbm } from './model';
import { hiddenLogPartition, validateRbm } from './model';

/**
 * The rows of `data` (rows × n_x) followed by the one-hot code of their labels: rows × (n_x + K),
 * label unit n_x + y set to 1 (0/1 units) and the other label units to 0 (−1 for spins).
 * @throws RangeError on a label outside [0, K) or a length mismatch
 */
export function appendOneHot(
  data: Float32Array,
  labels: ArrayLike<number>,
  classes: number,
  visibleType: Rbm['visibleType'] = 'bernoulli',
): Float32Array {
  if (!Number.isSafeInteger(classes) || classes < 2)
    throw new RangeError(`classes: expected an integer ≥ 2, got ${String(classes)}`);
  const rows = labels.length;
  if (rows === 0 || data.length % rows !== 0)
    throw new RangeError(`data: expected ${rows} rows (one per label), got ${data.length} values`);
  const nx = data.length / rows;
  const n = nx + classes;
  const off = visibleType === 'spin' ? -1 : 0;
  const out = new Float32Array(rows * n);
  for (let r = 0; r < rows; r++) {
    const y = labels[r]!;
    if (!Number.isInteger(y) || y < 0 || y >= classes)
      throw new RangeError(`labels: expected a class in [0, ${classes}), got ${y} at row ${r}`);
    out.set(data.subarray(r * nx, (r + 1) * nx), r * n);
    out.fill(off, r * n + nx, (r + 1) * n);
    out[r * n + nx + y] = 1;
  }
  return out;
}

/**
 * The exact class posterior p(y | x) of every row (see the module docs), in f64.
 * @param data - rows × n_x inputs, n_x = n_v − classes, values of the visible type
 * @returns rows × K probabilities
 * @throws RangeError when the RBM has no room for the label units or `data` has the wrong width
 */
export function labelPosterior(rbm: Rbm, data: ArrayLike<number>, classes: number): Float64Array {
  validateRbm(rbm);
  const { visible: nv, hidden: nh, W, visibleBias: a, hiddenBias: c, hiddenType } = rbm;
  const nx = nv - classes;
  if (!Number.isSafeInteger(classes) || classes < 2 || nx < 1)
    throw new RangeError(
      `classes: expected an integer in [2, ${nv - 1}] (label units among ${nv} visible), got ${classes}`,
    );
  if (data.length === 0 || data.length % nx !== 0)
    throw new RangeError(`data: expected rows of ${nx} input units, got ${data.length} values`);
  const rows = data.length / nx;
  const off = rbm.visibleType === 'spin' ? -1 : 0;
  const out = new Float64Array(rows * classes);
  const x = new Float64Array(nh);
  const score = new Float64Array(classes);
  // Label units that are off contribute off·(a_i + Σ_j W_ij h_j): for spins they shift the fields.
  for (let r = 0; r < rows; r++) {
    let base = 0;
    for (let j = 0; j < nh; j++) x[j] = c[j]!;
    for (let i = 0; i < nx; i++) {
      const v = data[r * nx + i]!;
      if (v === 0) continue;
      base += a[i]! * v;
      const row = i * nh;
      for (let j = 0; j < nh; j++) x[j]! += v * W[row + j]!;
    }
    if (off !== 0)
      for (let y = 0; y < classes; y++) {
        base += off * a[nx + y]!;
        const row = (nx + y) * nh;
        for (let j = 0; j < nh; j++) x[j]! += off * W[row + j]!;
      }
    let max = Number.NEGATIVE_INFINITY;
    for (let y = 0; y < classes; y++) {
      // turning label y on: v goes from off to 1
      const d = 1 - off;
      let s = base + d * a[nx + y]!;
      const row = (nx + y) * nh;
      for (let j = 0; j < nh; j++) s += hiddenLogPartition(hiddenType, x[j]! + d * W[row + j]!);
      score[y] = s;
      if (s > max) max = s;
    }
    let z = 0;
    for (let y = 0; y < classes; y++) z += Math.exp(score[y]! - max);
    for (let y = 0; y < classes; y++) out[r * classes + y] = Math.exp(score[y]! - max) / z;
  }
  return out;
}

/** argmax_y p(y | x) of every row (ties to the smaller class). */
export function classifyRows(rbm: Rbm, data: ArrayLike<number>, classes: number): Uint8Array | Uint16Array {
  const p = labelPosterior(rbm, data, classes);
  const rows = p.length / classes;
  const out = classes <= 256 ? new Uint8Array(rows) : new Uint16Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let y = 1; y < classes; y++) if (p[r * classes + y]! > p[r * classes + best]!) best = y;
    out[r] = best;
  }
  return out;
}
