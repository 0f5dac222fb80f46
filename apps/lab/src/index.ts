/**
 * `@replica/lab` — the `replica-lab` CLI as a module: `main(argv)` returns the exit code; the
 * plugins list and the figure renderer are exported for tests and other hosts.
 * @packageDocumentation
 */
export { main } from './cli';
export { installWriteCleanup } from './host/io';
export type { RenderedFigure } from './host/render';
export { renderFigure } from './host/render';
export { benchSuites, experiments, findExperiment, plugins } from './plugins';
