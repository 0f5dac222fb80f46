/**
 * What the CLI provides to an experiment: the flags every run takes, the backend they
 * select, a run context over the file system, and the outputs `--out` receives.
 * @module
 */
import type { ExperimentResult, ParamSpec, RunContext } from '@replica/lab-kit';
import { defineParams } from '@replica/lab-kit';
import type { Backend } from '@replica/webgpu-kernels';
import { createBackend, deriveSeed, WebGPUUnavailableError } from '@replica/webgpu-kernels';
import type { OutputFile, ProgressFn } from './io';
import { checkOutputPath, DEFAULT_INPUT_LIMIT_BYTES, readFileForInput, writeFileAtomic, writeOutputSet } from './io';
import { renderFigure } from './render';

/** --backend and --allow-software: what selects the hardware. */
export const BACKEND_PARAMS = defineParams([
  {
    name: 'backend',
    kind: 'enum',
    values: ['cpu', 'webgpu', 'auto'],
    default: 'auto',
    help: 'compute backend (auto: a hardware GPU when present, else cpu; never a software adapter)',
  },
  {
    name: 'allow-software',
    kind: 'flag',
    help: 'let --backend webgpu use a software adapter such as SwiftShader (correctness only, slow; auto never does)',
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
  {
    name: 'max-input-mb',
    kind: 'int',
    default: DEFAULT_INPUT_LIMIT_BYTES / 2 ** 20,
    min: 1,
    max: 4096,
    help: 'largest input file read, in MiB (inputs must be regular files)',
  },
  {
    name: 'out',
    kind: 'path',
    role: 'output-dir',
    help: 'directory that receives figures (SVG, PNG) and the result JSON',
  },
]);

/**
 * Creates the backend --backend asks for (the CPU for experiments that never use one).
 * @throws Error in the CLI's words (its flags, not the library's options) when WebGPU is unavailable
 */
export async function backendFor(
  values: { backend: 'cpu' | 'webgpu' | 'auto'; 'allow-software': boolean },
  usesBackend = true,
): Promise<Backend> {
  if (!usesBackend) return createBackend({ kind: 'cpu' });
  try {
    return await createBackend({ kind: values.backend, allowSoftware: values['allow-software'] });
  } catch (e) {
    if (!(e instanceof WebGPUUnavailableError)) throw e;
    const a = e.adapter;
    const name = a ? a.description || a.architecture || a.vendor : '';
    if (e.reason === 'software-only')
      throw new Error(
        `--backend webgpu: only a software adapter was found (${name}); it is for correctness tests, ~100× slower than the CPU path: pass --allow-software to use it, or --backend cpu`,
      );
    if (e.reason === 'no-adapter')
      throw new Error(
        "--backend webgpu: no WebGPU adapter found; on Linux without a GPU, add SwiftShader (source tooling/scripts/webgpu-env.sh, which uses Debian's chromium) and pass --allow-software, or use --backend cpu",
      );
    throw new Error(`--backend webgpu: ${e.message}`);
  }
}

/** A short description of a backend for summaries and reports. */
export function describeBackend(be: Backend): string {
  if (be.kind === 'cpu') return 'cpu';
  const a = be.adapter;
  return `webgpu (${[a.vendor, a.architecture, a.description].filter(Boolean).join(', ')}${a.fallback ? ', software' : ''})`;
}

/**
 * A run context over the file system: inputs are regular files read whole under a size limit,
 * artifacts are written atomically.
 * @param inputLimitBytes - the largest input read (default 1 GiB)
 */
export function cliRunContext(
  backend: Backend,
  seed: number,
  progress: ProgressFn,
  signal: AbortSignal,
  inputLimitBytes = DEFAULT_INPUT_LIMIT_BYTES,
): RunContext {
  return {
    backend,
    seed,
    seedFor: (...parts) => deriveSeed(seed, ...parts),
    progress,
    signal,
    readInput: async (name) => readFileForInput(name, inputLimitBytes),
    writeArtifact: async (name, data) => writeFileAtomic(name, data),
    writeArtifactSet: async (dir, files) => {
      writeOutputSet(dir, files);
    },
  };
}

/**
 * Checks every output path among `values` (path parameters whose role is an output) before a
 * run computes anything.
 * @throws UsageError naming the flag whose path cannot be written
 */
export function checkOutputPaths(specs: readonly ParamSpec[], values: Readonly<Record<string, unknown>>): void {
  for (const s of specs) {
    if (s.kind !== 'path' || (s.role !== 'output-file' && s.role !== 'output-dir')) continue;
    const v = values[s.name];
    if (typeof v === 'string') checkOutputPath(s.name, v, s.role);
  }
}

/** An experiment's figures (SVG, and PNG for image grids), then its result JSON (last: it completes the set). */
export async function experimentOutputFiles(name: string, result: ExperimentResult): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  for (const f of result.figures) {
    const r = await renderFigure(f);
    files.push({ name: `${f.name}.svg`, data: r.svg });
    if (r.png) files.push({ name: `${f.name}.png`, data: r.png });
  }
  files.push({ name: `${name}.json`, data: `${JSON.stringify(result.json, null, 2)}\n` });
  return files;
}

/** Writes an experiment's outputs into `dir`, together (see {@link writeOutputSet}); returns the paths written. */
export async function writeExperimentOutputs(dir: string, name: string, result: ExperimentResult): Promise<string[]> {
  return writeOutputSet(dir, await experimentOutputFiles(name, result));
}
