/**
 * A module's state — its parameters and buffers by name — out of and back into the backend:
 * as plain arrays (for `.npy` files, one per tensor, through `@replica/datasets`), or as one
 * JSON document. Loading checks every name and shape before it writes anything, so a
 * mismatched file leaves the module as it was.
 * @module
 */
import type { Tensor } from '@replica/webgpu-kernels';
import type { Module } from './modules';

/** One tensor of a module's state. */
export interface StateTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** The format tag of {@link stateToJson}'s documents. */
export const STATE_FORMAT = 'replica-nn-state/1';

function named(module: Module): { name: string; value: Tensor<'float32'> }[] {
  const all = [
    ...module.parameters().map((p) => ({ name: p.name, value: p.value })),
    ...(module.buffers?.() ?? []).map((b) => ({ name: b.name, value: b.value })),
  ];
  const seen = new Set<string>();
  for (const t of all) {
    if (seen.has(t.name)) throw new RangeError(`state: two tensors are named '${t.name}'`);
    seen.add(t.name);
  }
  return all;
}

/**
 * Reads a module's parameters, then its buffers, off the backend.
 * @returns one entry per tensor, in the module's order
 */
export async function exportState(module: Module): Promise<StateTensor[]> {
  return Promise.all(
    named(module).map(async (t) => ({
      name: t.name,
      shape: t.value.shape.slice(),
      data: (await t.value.read()) as Float32Array,
    })),
  );
}

/**
 * Writes tensors into a module's parameters and buffers by name. Every name the module has
 * must be given once with its shape (and nothing else), or nothing is written.
 * @throws RangeError naming the first missing, unknown or mis-shaped tensor
 */
export function importState(module: Module, state: readonly StateTensor[]): void {
  const targets = named(module);
  const byName = new Map<string, StateTensor>();
  for (const s of state) {
    if (byName.has(s.name)) throw new RangeError(`importState: '${s.name}' is given twice`);
    byName.set(s.name, s);
  }
  for (const t of targets) {
    const s = byName.get(t.name);
    if (s === undefined) throw new RangeError(`importState: the state has no tensor '${t.name}'`);
    const size = s.shape.reduce((a, d) => a * d, 1);
    if (
      s.shape.length !== t.value.shape.length ||
      s.shape.some((d, i) => d !== t.value.shape[i]) ||
      size !== s.data.length
    )
      throw new RangeError(
        `importState: '${t.name}' has shape [${s.shape.join(', ')}] (${s.data.length} values), the module expects [${t.value.shape.join(', ')}]`,
      );
    byName.delete(t.name);
  }
  const extra = [...byName.keys()];
  if (extra.length > 0) throw new RangeError(`importState: the module has no tensor '${extra[0]}'`);
  const given = new Map(state.map((s) => [s.name, s]));
  for (const t of targets) t.value.backend.write(t.value, given.get(t.name)!.data);
}

/**
 * The state as one JSON document: `{"format": "replica-nn-state/1", "tensors": [{"name",
 * "shape", "data"}]}`; numbers are written in the shortest form that reads back to the same
 * float32.
 * @param meta - other fields of the document (e.g. the architecture), written before the tensors
 * @throws RangeError when a value is NaN or ±∞ (JSON cannot hold it; use `.npy`)
 */
export async function stateToJson(module: Module, meta: Record<string, unknown> = {}): Promise<string> {
  const tensors = (await exportState(module)).map((t) => {
    const bad = t.data.findIndex((v) => !Number.isFinite(v));
    // JSON has no NaN or ±∞: refuse rather than write null
    if (bad >= 0) throw new RangeError(`stateToJson: '${t.name}'[${bad}] is ${t.data[bad]}; save as .npy instead`);
    return { name: t.name, shape: t.shape, data: Array.from(t.data) };
  });
  return `${JSON.stringify({ ...meta, format: STATE_FORMAT, tensors })}\n`;
}

/**
 * Parses a document of {@link stateToJson} and loads it (see {@link importState}).
 * @throws SyntaxError on bad JSON; RangeError on a wrong format or a mismatch
 */
export function loadStateJson(module: Module, text: string): void {
  const doc = JSON.parse(text) as { format?: unknown; tensors?: unknown };
  if (doc === null || typeof doc !== 'object' || doc.format !== STATE_FORMAT || !Array.isArray(doc.tensors))
    throw new RangeError(`loadStateJson: expected a document with "format": "${STATE_FORMAT}" and a "tensors" list`);
  const state = doc.tensors.map((t: unknown, i: number): StateTensor => {
    const e = t as { name?: unknown; shape?: unknown; data?: unknown };
    if (
      typeof e?.name !== 'string' ||
      !Array.isArray(e.shape) ||
      !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0) ||
      !Array.isArray(e.data) ||
      !e.data.every((v) => typeof v === 'number')
    )
      throw new RangeError(`loadStateJson: tensors[${i}] needs a name, a shape of integers and numeric data`);
    return { name: e.name, shape: e.shape as number[], data: Float32Array.from(e.data as number[]) };
  });
  importState(module, state);
}
