/**
 * The RBM's JSON form, shared by every tool that saves or loads a model:
 *
 *   {"visible": n_v, "hidden": n_h, "visibleType": "bernoulli"|"spin",
 *    "hiddenType": "bernoulli"|"gaussian"|"relu",
 *    "W": [[…n_h values] × n_v rows], "visibleBias": [n_v], "hiddenBias": [n_h]}
 *
 * Float32 values print with the shortest decimal that reads back to the same float, so a
 * save/load round trip is exact.
 * @module
 */
import type { Rbm } from './model';
import { checkHiddenType, checkVisibleType, validateRbm } from './model';

/** The JSON document of an RBM (see the module docs). */
export interface RbmJson {
  readonly visible: number;
  readonly hidden: number;
  readonly visibleType: string;
  readonly hiddenType: string;
  readonly W: readonly (readonly number[])[];
  readonly visibleBias: readonly number[];
  readonly hiddenBias: readonly number[];
}

/** The shortest decimal that reads back (through Math.fround) to the float32 value v. */
function shortestF32(v: number): number {
  for (let p = 1; p < 9; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === v) return d;
  }
  return Number(v.toPrecision(9));
}

function f32Row(a: Float32Array): number[] {
  const out = new Array<number>(a.length);
  for (let t = 0; t < a.length; t++) out[t] = shortestF32(a[t]!);
  return out;
}

/** The JSON document of an RBM: W as n_v rows of n_h numbers (shortest round-tripping decimals). */
export function rbmToJson(rbm: Rbm): RbmJson {
  validateRbm(rbm);
  const W: number[][] = [];
  for (let i = 0; i < rbm.visible; i++) W.push(f32Row(rbm.W.subarray(i * rbm.hidden, (i + 1) * rbm.hidden)));
  return {
    visible: rbm.visible,
    hidden: rbm.hidden,
    visibleType: rbm.visibleType,
    hiddenType: rbm.hiddenType,
    W,
    visibleBias: f32Row(rbm.visibleBias),
    hiddenBias: f32Row(rbm.hiddenBias),
  };
}

function numberRow(x: unknown, length: number, name: string): Float32Array {
  if (!Array.isArray(x)) throw new TypeError(`${name}: expected an array of ${length} numbers`);
  if (x.length !== length) throw new RangeError(`${name}: expected ${length} numbers, got ${x.length}`);
  const out = new Float32Array(length);
  for (let t = 0; t < length; t++) {
    const v = x[t];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new TypeError(`${name}[${t}]: expected a finite number, got ${JSON.stringify(v)}`);
    if (!Number.isFinite(Math.fround(v))) throw new RangeError(`${name}[${t}]: ${v} overflows float32`);
    out[t] = v;
  }
  return out;
}

/** Parses JSON text, turning a SyntaxError into a TypeError naming the model. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new TypeError(`model: expected JSON text of an RBM, got unparseable text (${(e as Error).message})`);
  }
}

/**
 * Reads an RBM from its JSON document (parsed or text).
 * @throws TypeError/RangeError naming the field: text that is not JSON (TypeError), a missing field,
 *   an unknown type, W not n_v rows of n_h numbers, a bias of the wrong length, a non-finite value
 */
export function rbmFromJson(doc: unknown): Rbm {
  const d = typeof doc === 'string' ? parseJson(doc) : doc;
  if (d === null || typeof d !== 'object' || Array.isArray(d))
    throw new TypeError(
      'model: expected a JSON object with visible, hidden, visibleType, hiddenType, W, visibleBias, hiddenBias',
    );
  const o = d as Record<string, unknown>;
  for (const key of ['visible', 'hidden', 'visibleType', 'hiddenType', 'W', 'visibleBias', 'hiddenBias'])
    if (!(key in o)) throw new TypeError(`model.${key}: missing`);
  const nv = o.visible;
  const nh = o.hidden;
  if (typeof nv !== 'number' || !Number.isSafeInteger(nv) || nv < 1)
    throw new RangeError(`model.visible: expected an integer ≥ 1, got ${JSON.stringify(nv)}`);
  if (typeof nh !== 'number' || !Number.isSafeInteger(nh) || nh < 1)
    throw new RangeError(`model.hidden: expected an integer ≥ 1, got ${JSON.stringify(nh)}`);
  const visibleType = checkVisibleType(o.visibleType, 'model.visibleType');
  const hiddenType = checkHiddenType(o.hiddenType, 'model.hiddenType');
  if (!Array.isArray(o.W)) throw new TypeError(`model.W: expected ${nv} rows (one per visible unit) of ${nh} numbers`);
  if (o.W.length !== nv) throw new RangeError(`model.W: expected ${nv} rows (one per visible unit), got ${o.W.length}`);
  const W = new Float32Array(nv * nh);
  for (let i = 0; i < nv; i++) W.set(numberRow(o.W[i], nh, `model.W[${i}]`), i * nh);
  const rbm: Rbm = {
    visible: nv,
    hidden: nh,
    visibleType,
    hiddenType,
    W,
    visibleBias: numberRow(o.visibleBias, nv, 'model.visibleBias'),
    hiddenBias: numberRow(o.hiddenBias, nh, 'model.hiddenBias'),
  };
  return validateRbm(rbm, 'model');
}

/** The JSON text of an RBM (see {@link rbmToJson}), ending in a newline. */
export function serializeRbm(rbm: Rbm): string {
  return `${JSON.stringify(rbmToJson(rbm))}\n`;
}
