/**
 * Flags every experiment takes, backend creation from them, and output writing.
 * @module
 */
import { join } from 'node:path';
import type { Backend } from '@replica/webgpu-kernels';
import { createBackend } from '@replica/webgpu-kernels';
import type { ExperimentResult } from './experiments/experiment';
import { renderSvg } from './figures/plot';
import { writeFileAtomic } from './io';
import type { ParamSpec, ParamValues } from './params';

/** --seed, --backend, --allow-software: what selects randomness and hardware. */
export const BACKEND_PARAMS: readonly ParamSpec[] = [
  {
    name: 'backend',
    kind: 'enum',
    values: ['cpu', 'webgpu', 'auto'],
    default: 'auto',
    help: 'compute backend (auto: a hardware GPU when present, else cpu)',
  },
  {
    name: 'allow-software',
    kind: 'flag',
    help: 'let webgpu use a software adapter such as SwiftShader (correctness only, slow)',
  },
];

/** Output flags. */
export const OUTPUT_PARAMS: readonly ParamSpec[] = [
  { name: 'json', kind: 'flag', help: 'write exactly one JSON document to stdout' },
  { name: 'out', kind: 'path', help: 'directory that receives figures (SVG) and the result JSON' },
  { name: 'quiet', kind: 'flag', help: 'no progress on stderr' },
];

/** The flags of `run <experiment>` besides the experiment's own. */
export const RUN_PARAMS: readonly ParamSpec[] = [
  {
    name: 'seed',
    kind: 'int',
    default: 1,
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    help: 'seed of every random number of the run',
  },
  ...BACKEND_PARAMS,
  ...OUTPUT_PARAMS,
];

/** Creates the backend --backend asks for. */
export function backendFromFlags(values: ParamValues): Promise<Backend> {
  return createBackend({
    kind: values.backend as 'cpu' | 'webgpu' | 'auto',
    allowSoftware: values['allow-software'] === true,
  });
}

/** A short description of a backend for summaries and reports. */
export function describeBackend(be: Backend): string {
  if (be.kind === 'cpu') return 'cpu';
  const a = be.adapter;
  return `webgpu (${[a.vendor, a.architecture, a.description].filter(Boolean).join(', ')}${a.fallback ? ', software' : ''})`;
}

/** Writes an experiment's figures (SVG) and JSON into `dir`; returns the paths written. */
export async function writeExperimentOutputs(dir: string, name: string, result: ExperimentResult): Promise<string[]> {
  const paths: string[] = [];
  for (const f of result.figures) {
    const p = join(dir, `${f.name}.svg`);
    writeFileAtomic(p, await renderSvg(f));
    paths.push(p);
    if ('png' in f && f.png) {
      const q = join(dir, `${f.name}.png`);
      writeFileAtomic(q, f.png);
      paths.push(q);
    }
  }
  const p = join(dir, `${name}.json`);
  writeFileAtomic(p, `${JSON.stringify(result.json, null, 2)}\n`);
  paths.push(p);
  return paths;
}

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64's finalizer: a bijective 64-bit mix. */
function mix64(x: bigint): bigint {
  let z = x & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * A seed for one part of a run (a trial, a load, a temperature), derived from --seed and the
 * part's indices by SplitMix64 mixing, so parts draw independent Philox streams and a run is
 * reproduced exactly from --seed.
 */
export function deriveSeed(seed: number, ...parts: readonly number[]): bigint {
  let h = mix64(BigInt(seed));
  for (const p of parts) h = mix64(h ^ mix64(BigInt(p) + 0x9e3779b97f4a7c15n));
  return h;
}
