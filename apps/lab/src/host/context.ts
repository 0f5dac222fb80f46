/**
 * What the CLI provides to an experiment: the flags every run takes, the backend they
 * select, a run context over the file system, and the outputs `--out` receives.
 * @module
 */
import { join } from 'node:path';
import type { ExperimentResult, RunContext } from '@replica/lab-kit';
import { defineParams } from '@replica/lab-kit';
import type { Backend } from '@replica/webgpu-kernels';
import { createBackend, deriveSeed } from '@replica/webgpu-kernels';
import type { ProgressFn } from './io';
import { readFileForInput, writeFileAtomic } from './io';
import { renderFigure } from './render';

/** --backend and --allow-software: what selects the hardware. */
export const BACKEND_PARAMS = defineParams([
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
]);

/** --json and --quiet. */
export const OUTPUT_PARAMS = defineParams([
  { name: 'json', kind: 'flag', help: 'write exactly one JSON document to stdout' },
  { name: 'quiet', kind: 'flag', help: 'no progress on stderr' },
]);

/** The flags of `run <experiment>` besides the experiment's own. */
export const RUN_PARAMS = defineParams([
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
  { name: 'out', kind: 'path', help: 'directory that receives figures (SVG, PNG) and the result JSON' },
]);

/** Creates the backend --backend asks for (the CPU for experiments that never use one). */
export function backendFor(
  values: { backend: 'cpu' | 'webgpu' | 'auto'; 'allow-software': boolean },
  usesBackend = true,
): Promise<Backend> {
  if (!usesBackend) return createBackend({ kind: 'cpu' });
  return createBackend({ kind: values.backend, allowSoftware: values['allow-software'] });
}

/** A short description of a backend for summaries and reports. */
export function describeBackend(be: Backend): string {
  if (be.kind === 'cpu') return 'cpu';
  const a = be.adapter;
  return `webgpu (${[a.vendor, a.architecture, a.description].filter(Boolean).join(', ')}${a.fallback ? ', software' : ''})`;
}

/** A run context over the file system: inputs are paths, artifacts are written atomically. */
export function cliRunContext(backend: Backend, seed: number, progress: ProgressFn, signal: AbortSignal): RunContext {
  return {
    backend,
    seed,
    seedFor: (...parts) => deriveSeed(seed, ...parts),
    progress,
    signal,
    readInput: async (name) => readFileForInput(name),
    writeArtifact: async (name, data) => writeFileAtomic(name, data),
  };
}

/** Writes an experiment's figures (SVG, and PNG for image grids) and JSON into `dir`; returns the paths written. */
export async function writeExperimentOutputs(dir: string, name: string, result: ExperimentResult): Promise<string[]> {
  const paths: string[] = [];
  for (const f of result.figures) {
    const r = await renderFigure(f);
    const p = join(dir, `${f.name}.svg`);
    writeFileAtomic(p, r.svg);
    paths.push(p);
    if (r.png) {
      const q = join(dir, `${f.name}.png`);
      writeFileAtomic(q, r.png);
      paths.push(q);
    }
  }
  const p = join(dir, `${name}.json`);
  writeFileAtomic(p, `${JSON.stringify(result.json, null, 2)}\n`);
  paths.push(p);
  return paths;
}
