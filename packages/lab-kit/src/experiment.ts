/**
 * The experiment contract: parameters declared once with typed values, a run that gets
 * everything from the host through a {@link RunContext} (backend, seeds, progress,
 * cancellation, inputs, artifacts) and returns a JSON document, figure specs and a few
 * lines of summary. Experiments never touch files or the terminal, so the same definition
 * runs in the CLI, in a browser worker and in a test.
 * @module
 */
import type { Backend } from '@replica/webgpu-kernels';
import type { Figure } from './figures';
import type { ParamSpec, ParamValues } from './params';

/** What a running experiment is given by its host. */
export interface RunContext {
  /** The compute backend the user chose (`--backend`). */
  readonly backend: Backend;
  /** The run's seed: every random number of the run derives from it. */
  readonly seed: number;
  /**
   * A seed for one part of the run (a trial, a load, a temperature), derived from
   * {@link RunContext.seed} and the part's indices by one scheme (webgpu-kernels' `deriveSeed`),
   * so parts draw independent Philox streams and adding parts never changes existing ones.
   */
  seedFor(...parts: readonly number[]): bigint;
  /** Reports progress: the fraction done in [0, 1] and what is happening. */
  progress(fraction: number, message?: string): void;
  /** Aborted when the user cancels; long loops check it between steps. */
  readonly signal: AbortSignal;
  /**
   * The contents of an input the user named (a file path in the CLI, an upload in a browser).
   * Rejects with an Error saying why it cannot be read (e.g. `no such file`).
   */
  readInput(name: string): Promise<Uint8Array>;
  /** Writes an artifact the user asked for (e.g. `--save model.json`), whole or not at all. */
  writeArtifact(name: string, data: string | Uint8Array): Promise<void>;
  /**
   * Writes several artifacts into one folder so that they appear together (e.g. one `.npy`
   * per tensor, then a manifest last): all of them or, on failure, none of the new ones.
   * @param dir - the folder (created when missing)
   * @param files - plain file names (no separators) and contents, in the order to publish them
   */
  writeArtifactSet(
    dir: string,
    files: readonly { readonly name: string; readonly data: string | Uint8Array }[],
  ): Promise<void>;
}

/** What an experiment returns. */
export interface ExperimentResult {
  /** The JSON document `--json` prints (field names are part of the interface). */
  readonly json: Record<string, unknown>;
  /** Figure specs, drawn by the host. */
  readonly figures: readonly Figure[];
  /** A short human summary, one line each. */
  readonly summary: readonly string[];
}

/** How a sweep reads an experiment's runs (see {@link Experiment.sweep}). */
export interface SweepSpec {
  /**
   * The scalar results of one run, by name (e.g. `m` and `m_theory`). A key `x_theory` is the
   * theory of `x`: a sweep's merge draws it as a line beside the measured means of `x`.
   */
  observables(json: Record<string, unknown>): Record<string, number>;
}

/** One experiment, as hosts see it. */
export interface Experiment<P extends readonly ParamSpec[] = readonly ParamSpec[]> {
  /** The name after `run`, kebab-case. */
  readonly name: string;
  /** One line for `list`. */
  readonly summary: string;
  /** Its parameters (beyond the host's --seed, --backend, --json, --out). */
  readonly params: P;
  /**
   * False for experiments that never use the compute backend: hosts give them the CPU
   * backend without probing WebGPU. Default true.
   */
  readonly usesBackend?: boolean;
  /**
   * What a sweep over this experiment tabulates per run; without it, the finite numbers at the
   * top of the JSON and those of a single-element `points` list.
   */
  readonly sweep?: SweepSpec;
  /** Parameter values for the tour, or undefined when the experiment is not part of it. */
  readonly tour?: Partial<ParamValues<P>>;
  /**
   * Runs it with values validated against `params`.
   * @throws UsageError for cross-parameter problems or bad inputs (the CLI exits 2)
   */
  run(ctx: RunContext, values: ParamValues<P>): Promise<ExperimentResult>;
}

/**
 * Defines an experiment; the values `run` receives are typed from `params` (no casts).
 * @param experiment - name, summary, params, run, and optionally usesBackend and tour
 * @returns the experiment
 * @throws TypeError when the name is not kebab-case or two params share a name
 */
export function defineExperiment<const P extends readonly ParamSpec[]>(experiment: Experiment<P>): Experiment<P> {
  checkName(experiment.name, 'experiment');
  checkUniqueParams(experiment.params, `experiment ${experiment.name}`);
  return experiment;
}

/** @throws TypeError unless `name` is kebab-case */
export function checkName(name: string, what: string): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new TypeError(`${what} name '${name}': expected kebab-case`);
}

/** @throws TypeError when two specs share a name or a name is not kebab-case */
export function checkUniqueParams(params: readonly ParamSpec[], where: string): void {
  const seen = new Set<string>();
  for (const p of params) {
    checkName(p.name, `${where}: parameter`);
    if (seen.has(p.name)) throw new TypeError(`${where}: parameter --${p.name} declared twice`);
    seen.add(p.name);
  }
}
