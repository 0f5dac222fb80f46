/**
 * `double-descent`: the test error of ridge regression on a linear teacher vs the sample ratio
 * α = P/D, simulated exactly (f64 normal equations) beside the Marchenko–Pastur theory — the
 * peak at the interpolation threshold α = 1 for small λ, gone at the optimal ridge λ* = Δ.
 * With `--model random-features`: the test error of a random-features student (frozen Gaussian
 * first layer, centred ReLU, ridge-trained second layer) vs the width ratio p/P at fixed α —
 * the peak at p = P — beside its closed-form Gaussian-equivalent theory (at λ and at the optimal λ*)
 * and a simulation of the Gaussian-equivalent model at a larger size.
 * @module
 */

import type { ExperimentResult, ParamValues, RunContext, Series } from '@replica/lab-kit';
import { defineExperiment, defineParams, seriesFigure, UsageError } from '@replica/lab-kit';
import {
  gaussianEquivalentSimulation,
  RELU_GAUSSIAN_EQUIVALENT,
  randomFeaturesOptimalRisk,
  randomFeaturesRisk,
  randomFeaturesSimulation,
  ridgeOptimalLambda,
  ridgeRisk,
  ridgeSimulation,
} from '../index';

/** One width ratio of `double-descent --model random-features --json`. */
interface RandomFeaturesPoint {
  /** p/P as requested. */
  readonly ratio: number;
  /** p = max(1, round(ratio·P)). */
  readonly width: number;
  readonly samples: number;
  /** The random-features student, exact test error per instance (no test set), mean over trials. */
  readonly test_error_sim: number;
  readonly test_error_sim_stderr: number;
  /** The closed-form (Gaussian-equivalent, D → ∞) test error at α = P/D, p/P as simulated. */
  readonly test_error_theory: number;
  /** The same theory at the optimal ridge λ* for this width (the peak removed). */
  readonly test_error_theory_optimal: number;
  readonly optimal_lambda: number;
  /** The Gaussian-equivalent model z = μ₁Fx/√D + μ_*ξ', SIMULATED at D_GE = ge-scale·D (null if ge-scale = 0). */
  readonly test_error_gaussian_equivalent_sim: number | null;
  readonly test_error_gaussian_equivalent_sim_stderr: number | null;
  /** The null predictor's error |w*|²/D + Δ (the λ → ∞ limit), mean over trials. */
  readonly test_error_null: number;
}

/** One ratio of `double-descent --json`. */
interface DoubleDescentPoint {
  /** α = P/D as requested. */
  readonly ratio: number;
  /** P = round(αD). */
  readonly samples: number;
  readonly test_error_sim: number;
  readonly test_error_sim_stderr: number;
  /** Theory at α = P/D (the ratio actually simulated). */
  readonly test_error_theory: number;
  readonly excess_sim: number;
  readonly excess_theory: number;
  /** Theory at the optimal ridge λ* = Δ, same α. */
  readonly test_error_theory_optimal: number;
}

/** The parameters. */
const PARAMS = defineParams([
  {
    name: 'model',
    kind: 'enum',
    values: ['ridge', 'random-features'],
    default: 'ridge',
    help: 'ridge: ridge regression of y = w*·x/√D + √Δ ξ vs α = P/D; random-features: ridge on z = relu(Fx/√D) − 1/√(2π), F frozen Gaussian, vs the width ratio p/P at fixed --alpha',
  },
  { name: 'd', kind: 'int', default: 200, min: 2, max: 400, help: 'input dimension D' },
  {
    name: 'ratios',
    kind: 'number-list',
    default: [0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4],
    min: 0,
    max: 10,
    help: 'ridge: sample ratios α = P/D (P = round(αD)); random-features: width ratios p/P (p = round(ratio·P))',
  },
  {
    name: 'alpha',
    kind: 'number',
    default: 2,
    min: 0.01,
    max: 10,
    help: 'random-features only: the fixed sample ratio α = P/D',
  },
  {
    name: 'ge-scale',
    kind: 'int',
    default: 2,
    min: 0,
    max: 4,
    help: 'random-features only: simulate the Gaussian-equivalent model at D_GE = ge-scale·D (0: skip)',
  },
  {
    name: 'lambda',
    kind: 'number',
    default: 0.01,
    min: 0,
    max: 1e6,
    help: 'ridge λ of Σ(y − w·x/√D)² + λ|w|² (0: ridgeless / min-norm; optimal λ* = Δ)',
  },
  { name: 'noise', kind: 'number', default: 0.5, min: 0, max: 100, help: 'label-noise variance Δ' },
  { name: 'trials', kind: 'int', default: 8, min: 1, max: 100_000, help: 'independent instances per ratio' },
]);

/** Parameter values. */
type Values = ParamValues<typeof PARAMS>;

/** `double-descent`: ridge or random-features test error beside their closed forms. */
export const doubleDescentExperiment = defineExperiment({
  name: 'double-descent',
  summary:
    'Double descent on a linear teacher: ridge regression vs α = P/D beside the Marchenko–Pastur theory, or random features vs the width p/P',
  usesBackend: false,
  params: PARAMS,
  tour: {
    model: 'ridge',
    d: 200,
    ratios: [0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 3],
    lambda: 0.01,
    noise: 0.5,
    trials: 4,
  },
  async run(ctx, v) {
    if (v.model === 'random-features') return runRandomFeatures(ctx, v);
    const d = v.d;
    const ratios = v.ratios;
    const lambda = v.lambda;
    const noise = v.noise;
    const trials = v.trials;
    if (lambda === 0)
      for (const a of ratios)
        if (Math.round(a * d) === d)
          throw new UsageError(
            `--ratios: α = ${a} at D = ${d} gives P = D, where λ = 0 has infinite risk; use --lambda > 0 or move α`,
          );
    const progressTotal = ratios.length;
    const points: DoubleDescentPoint[] = [];
    const lStar = ridgeOptimalLambda(noise);
    for (const [ai, ratio] of ratios.entries()) {
      const r = ridgeSimulation({ d, alpha: ratio, lambda, noise, trials, seed: ctx.seedFor(ai) });
      points.push({
        ratio,
        samples: r.samples,
        test_error_sim: r.testError,
        test_error_sim_stderr: r.stderr,
        test_error_theory: r.theory.testError,
        excess_sim: r.excess,
        excess_theory: r.theory.excess,
        test_error_theory_optimal: ridgeRisk({ alpha: r.samples / d, lambda: lStar, noise }).testError,
      });
      ctx.progress((ai + 1) / progressTotal);
    }
    ctx.progress(1, `${ratios.length} ratios × ${trials} instances at D = ${d}`);

    const aMax = Math.max(...ratios, 1.5) * 1.05;
    const grid = Array.from({ length: 401 }, (_, i) => (aMax * i) / 400);
    const simMax = Math.max(...points.map((p) => p.test_error_sim + p.test_error_sim_stderr), 1 + noise);
    const cap = 4 * simMax; // the ridgeless peak diverges: clip the line where it leaves the plot
    const curve = (l: number) =>
      grid
        .map((a) => ({ x: a, y: ridgeRisk({ alpha: a, lambda: l, noise }).testError }))
        .filter((p) => Number.isFinite(p.y) && p.y <= cap);
    const series: Series[] = [
      { name: `theory, λ = ${lambda}`, kind: 'theory', points: curve(lambda) },
      { name: `theory, optimal λ* = Δ = ${lStar}`, kind: 'theory', points: curve(lStar) },
      {
        name: `simulation, D = ${d}, λ = ${lambda}`,
        kind: 'simulation',
        points: points.map((p) => ({ x: p.ratio, y: p.test_error_sim, yErr: p.test_error_sim_stderr })),
      },
    ];
    const ys = series.flatMap((s) => s.points.map((p) => p.y));
    const yMin = Math.min(...ys);
    const logY = yMin > 0 && Math.max(...ys) / yMin > 8;
    return {
      json: {
        model: 'ridge',
        d,
        lambda,
        noise,
        trials,
        optimal_lambda: lStar,
        normalization:
          'y = w*·x/√D + √Δ ξ, x ~ N(0, I_D), w* ~ N(0, I_D); ŵ = argmin Σ_μ (y_μ − w·x_μ/√D)² + λ|w|²; test error = E(y − ŵ·x/√D)² = |ŵ − w*|²/D + Δ',
        points,
      },
      figures: [
        seriesFigure({
          name: 'double-descent',
          title: `Double descent of ridge regression, D = ${d}, Δ = ${noise}`,
          caption: `Points: the test error |ŵ − w*|²/D + Δ of ridge regression (λ = ${lambda}) on P = αD samples of the linear teacher y = w*·x/√D + √Δ ξ, mean of ${trials} instances, error bars ±1 standard error. Lines: the exact D → ∞ test error from the Marchenko–Pastur Stieltjes transform (Hastie–Montanari–Rosset–Tibshirani 2022) at λ = ${lambda} — peaked at the interpolation threshold α = 1, divergent there as λ → 0 — and at the optimal ridge λ* = Δ, which removes the peak${logY ? '; log y-axis' : ''}.`,
          x: { title: 'sample ratio α = P/D' },
          y: logY ? { title: 'test error', scale: 'log' } : { title: 'test error' },
          series,
        }),
      ],
      summary: points.map(
        (p) =>
          `α = ${p.ratio} (P = ${p.samples}): test error ${p.test_error_sim.toFixed(4)} ± ${p.test_error_sim_stderr.toFixed(4)} (theory ${p.test_error_theory.toFixed(4)}; at λ* = Δ ${p.test_error_theory_optimal.toFixed(4)})`,
      ),
    };
  },
});

/** `double-descent --model random-features`: test error vs the width ratio p/P at fixed α. */
function runRandomFeatures(ctx: RunContext, v: Values): ExperimentResult {
  const d = v.d;
  const ratios = v.ratios;
  const lambda = v.lambda;
  const noise = v.noise;
  const trials = v.trials;
  const alpha = v.alpha;
  const geScale = v['ge-scale'];
  const samples = Math.round(alpha * d);
  if (samples < 1) throw new UsageError(`--alpha: P = round(αD) = ${samples} at D = ${d}; use a larger --alpha or --d`);
  for (const r of ratios) {
    if (r <= 0) throw new UsageError(`--ratios: width ratios p/P must be > 0 for random-features, got ${r}`);
    if (lambda === 0 && Math.max(1, Math.round(r * samples)) === samples)
      throw new UsageError(
        `--ratios: p/P = ${r} gives p = P = ${samples}, where λ = 0 has infinite risk; use --lambda > 0 or move the ratio`,
      );
  }
  const progressTotal = ratios.length;
  const points: RandomFeaturesPoint[] = [];
  const aReal = samples / d; // the theory at the α actually simulated
  const theoryAt = (widthRatio: number, l: number) =>
    randomFeaturesRisk({ alpha: aReal, widthRatio, lambda: l, noise }).testError;
  for (const [ai, ratio] of ratios.entries()) {
    const seed = ctx.seedFor(ai);
    const o = { d, alpha, widthRatio: ratio, lambda, noise, trials, seed };
    const r = randomFeaturesSimulation(o);
    const opt = randomFeaturesOptimalRisk({ alpha: r.samples / d, widthRatio: r.width / r.samples, noise });
    const ge = geScale > 0 ? gaussianEquivalentSimulation({ ...o, d: geScale * d }) : null;
    points.push({
      ratio,
      width: r.width,
      samples: r.samples,
      test_error_sim: r.testError,
      test_error_sim_stderr: r.stderr,
      test_error_theory: theoryAt(r.width / r.samples, lambda),
      test_error_theory_optimal: opt.risk.testError,
      optimal_lambda: opt.lambda,
      test_error_gaussian_equivalent_sim: ge ? ge.testError : null,
      test_error_gaussian_equivalent_sim_stderr: ge ? ge.stderr : null,
      test_error_null: r.nullError,
    });
    ctx.progress((ai + 1) / progressTotal);
  }
  ctx.progress(1, `${ratios.length} width ratios × ${trials} instances at D = ${d}, P = ${samples}`);
  const { mu1, muStar } = RELU_GAUSSIAN_EQUIVALENT;
  const rMax = Math.max(...ratios, 1.5) * 1.05;
  const grid = Array.from({ length: 240 }, (_, i) => (rMax * (i + 1)) / 240);
  const simMax = Math.max(...points.map((p) => p.test_error_sim + p.test_error_sim_stderr), 1 + noise);
  const curve = (l: number | null) =>
    grid
      .map((x) => ({
        x,
        y:
          l === null
            ? randomFeaturesOptimalRisk({ alpha: aReal, widthRatio: x, noise }).risk.testError
            : theoryAt(x, l),
      }))
      .filter((p) => Number.isFinite(p.y) && p.y <= 4 * simMax);
  const series: Series[] = [
    { name: `theory (D → ∞), λ = ${lambda}`, kind: 'theory', points: curve(lambda) },
    { name: 'theory, optimal λ* per width', kind: 'theory', points: curve(null) },
    {
      name: `random features (simulation), D = ${d}, P = ${samples}, λ = ${lambda}`,
      kind: 'simulation',
      points: points.map((p) => ({ x: p.ratio, y: p.test_error_sim, yErr: p.test_error_sim_stderr })),
    },
  ];
  if (geScale > 0)
    series.push({
      name: `Gaussian-equivalent model (simulated), D = ${geScale * d}`,
      kind: 'simulation',
      points: points.map((p) => ({
        x: p.ratio,
        y: p.test_error_gaussian_equivalent_sim as number,
        yErr: p.test_error_gaussian_equivalent_sim_stderr as number,
      })),
    });
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const yMin = Math.min(...ys);
  const logY = yMin > 0 && Math.max(...ys) / yMin > 8;
  return {
    json: {
      model: 'random-features',
      d,
      alpha,
      samples,
      lambda,
      noise,
      trials,
      activation: 'relu, centred: σ(u) = max(u, 0) − 1/√(2π)',
      theory: 'closed-form D → ∞ test error of the Gaussian-equivalent model (randomFeaturesRisk), at α = P/D',
      gaussian_equivalent: {
        label: 'Gaussian-equivalent model, simulated at D_GE (beside the closed form)',
        d: geScale > 0 ? geScale * d : null,
        mu0: 0,
        mu1,
        mu_star: muStar,
      },
      normalization:
        'y = w*·x/√D + √Δ ξ, x ~ N(0, I_D), w* ~ N(0, I_D); z = σ(Fx/√D), F_ij ~ N(0, 1) (p×D, frozen); â = argmin Σ_μ (y_μ − a·z_μ/√p)² + λ|a|²; test error = E(y − â·z/√p)², exact per instance (arc-cosine kernel); ratio = p/P',
      points,
    },
    figures: [
      seriesFigure({
        name: 'double-descent',
        title: `Double descent of random-features regression, D = ${d}, P = ${samples}, Δ = ${noise}`,
        caption: `Points: the exact test error E(y − â·z/√p)² of a random-features student (frozen Gaussian first layer F, centred ReLU, second layer by ridge λ = ${lambda}) on P = ${samples} samples of y = w*·x/√D + √Δ ξ, vs the width ratio p/P, mean of ${trials} instances, ±1 standard error; it peaks at the interpolation threshold p = P for small λ. Lines: the closed-form D → ∞ test error of the Gaussian-equivalent model (Mei & Montanari 2022; one scalar fixed point and Marchenko–Pastur transforms) at λ = ${lambda}, and at the optimal λ* for each width, which removes the peak.${geScale > 0 ? ` Second series: the Gaussian-equivalent model z = μ₁Fx/√D + μ_*ξ' (μ₁ = 1/2, μ_* = ${muStar.toFixed(4)}) simulated at D = ${geScale * d}, same α and ratios — a simulation, not a closed-form theory.` : ''}${logY ? ' Log y-axis.' : ''}`,
        x: { title: 'width ratio p/P' },
        y: logY ? { title: 'test error', scale: 'log' } : { title: 'test error' },
        series,
      }),
    ],
    summary: points.map(
      (p) =>
        `p/P = ${p.ratio} (p = ${p.width}): test error ${p.test_error_sim.toFixed(4)} ± ${p.test_error_sim_stderr.toFixed(4)} (theory ${p.test_error_theory.toFixed(4)}; at λ* = ${p.optimal_lambda.toPrecision(3)}: ${p.test_error_theory_optimal.toFixed(4)})${p.test_error_gaussian_equivalent_sim === null ? '' : ` (Gaussian-equivalent model, simulated: ${p.test_error_gaussian_equivalent_sim.toFixed(4)})`}`,
    ),
  };
}
