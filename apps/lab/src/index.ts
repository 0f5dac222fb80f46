/**
 * `@replica/lab` — the `replica-lab` CLI as a module: `main(argv)` returns the exit code; the
 * plugins list and the figure renderer are exported for tests and other hosts, and the sweep
 * machinery (grids, seeds, the local and SLURM executors, merging) for scripts that sweep
 * without the CLI.
 * @packageDocumentation
 */
export { main } from './cli';
export { installWriteCleanup } from './host/io';
export type { RenderedFigure } from './host/render';
export { renderFigure } from './host/render';
export { benchSuites, experiments, findExperiment, plugins } from './plugins';
export type { GridAxis, GridPoint, SweepTask } from './sweep/grid';
export { canonicalPoint, parseGrid, parseSeeds, sweepTasks, taskArgv, taskId, taskSeed } from './sweep/grid';
export type { LocalOptions, LocalOutcome } from './sweep/local';
export { runLocal } from './sweep/local';
export type { Crossing, MergedGroup, MergedSweep, PointStat } from './sweep/merge';
export { defaultObservables, mergeSweep } from './sweep/merge';
export type { SlurmOptions } from './sweep/slurm';
export { runSlice, slurmScript, submitSlurm } from './sweep/slurm';
export type { CodeVersion, FailureRecord, SweepManifest, TaskRecord } from './sweep/store';
export { codeVersion, prepareSweepDir, readManifest, readTaskRecords, SWEEP_FORMAT, sweepPaths } from './sweep/store';
