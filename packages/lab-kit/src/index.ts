/**
 * `@replica/lab-kit` — the interfaces every package's lab and every host share: typed
 * parameter specs and the flag parser, the experiment contract and the run context a host
 * provides, figure specs as plain data, bench suites with their peers, and the statistics
 * and input helpers experiments use. No runtime dependencies.
 * @packageDocumentation
 */
export type {
  BenchContext,
  BenchMachine,
  BenchRatio,
  BenchReport,
  BenchResult,
  BenchRow,
  BenchSuite,
  PeerCall,
  PeerInfo,
  PeerResult,
  PeerSpec,
} from './bench';
export { defineBenchSuite, measuredOn, peerRatios, timeCalls } from './bench';
export type { Experiment, ExperimentResult, RunContext, SweepSpec } from './experiment';
export { defineExperiment } from './experiment';
export type {
  Axis,
  Bar,
  BarFigure,
  ChartFigure,
  Figure,
  FigureBase,
  HeatmapCell,
  HeatmapFigure,
  ImageGridFigure,
  ImageRow,
  Series,
  SeriesMark,
  SeriesPoint,
} from './figures';
export { barFigure, heatmapFigure, imageGridFigure, seriesFigure } from './figures';
export { asUsage, parseTextRows, readInputBytes, readInputJson, readInputText } from './inputs';
export type {
  AnyParamValues,
  EnumParam,
  FlagParam,
  IntListParam,
  IntParam,
  NumberListParam,
  NumberParam,
  OrUndefined,
  ParamSpec,
  ParamValue,
  ParamValues,
  ParseFlagsOptions,
  PathParam,
  StringParam,
} from './params';
export {
  defaultValues,
  defineParams,
  describeAccepted,
  formatParams,
  parseFlags,
  parseValue,
  UsageError,
} from './params';
export type { LabPlugin } from './plugin';
export { defineLab } from './plugin';
export type { MeanStderr } from './stats';
export { meanStderr, median } from './stats';
