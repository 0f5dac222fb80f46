/**
 * The experiment contract: parameters declared once, a run that returns the
 * JSON document (the interface), figures and a few lines for the terminal.
 * @module
 */
import type { Backend } from '@replica/webgpu-kernels';
import type { Figure } from '../figures/plot';
import type { Progress } from '../io';
import type { ParamSpec, ParamValues } from '../params';

/** What a running experiment is given. */
export interface RunContext {
  /** The compute backend chosen with --backend. */
  readonly backend: Backend;
  /** The --seed: every random number of the run derives from it. */
  readonly seed: number;
  readonly progress: Progress;
}

/** What an experiment returns. */
export interface ExperimentResult {
  /** The JSON document `--json` prints (field names are part of the interface). */
  readonly json: Record<string, unknown>;
  /** Figures written to --out (and into the tour's report). */
  readonly figures: readonly Figure[];
  /** A short human summary for the terminal. */
  readonly summary: readonly string[];
}

/** One experiment of `replica-lab run`. */
export interface Experiment {
  /** The name after `run`, kebab-case. */
  readonly name: string;
  /** One line for `list`. */
  readonly summary: string;
  /** Its parameters (beyond the common --seed, --backend, --json, --out). */
  readonly params: readonly ParamSpec[];
  /**
   * False for experiments that never use the compute backend (file-based theory): they get
   * the CPU backend without probing WebGPU. Default true.
   */
  readonly usesBackend?: boolean;
  /** Parameter values for `tour`, or undefined when the experiment is not part of the tour. */
  readonly tour?: ParamValues;
  /** Runs it. Parameter values are validated against `params`; cross-parameter checks throw UsageError. */
  run(ctx: RunContext, values: ParamValues): Promise<ExperimentResult>;
}
