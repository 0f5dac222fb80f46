/**
 * `@replica/lab` — the `replica-lab` CLI as a module: `main(argv)` returns the
 * exit code; the experiment registry and parameter parser are exported for
 * other front ends (the explorer) and for tests.
 * @packageDocumentation
 */
export { main } from './cli';
export type { Experiment, ExperimentResult, RunContext } from './experiments/experiment';
export { experiments, findExperiment } from './experiments/registry';
export type { Figure, Series, SeriesPoint } from './figures/plot';
export { renderSvg, seriesFigure } from './figures/plot';
export type { ParamSpec, ParamValues } from './params';
export { parseFlags, UsageError } from './params';
