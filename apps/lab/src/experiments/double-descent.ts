/**
 * `double-descent`: the test error of ridge regression on a linear teacher vs the sample ratio
 * α = P/D, simulated exactly (f64 normal equations) beside the Marchenko–Pastur theory — the
 * peak at the interpolation threshold α = 1 for small λ, gone at the optimal ridge λ* = Δ.
 * @module
 */
import { ridgeOptimalLambda, ridgeRisk, ridgeSimulation } from '@replica/teacher-student';
import { deriveSeed } from '../common';
import type { Series } from '../figures/plot';
import { seriesFigure } from '../figures/plot';
import { UsageError } from '../params';
import type { Experiment } from './experiment';

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

export const doubleDescentExperiment: Experiment = {
  name: 'double-descent',
  summary:
    'Double descent of ridge regression on a linear teacher: simulated test error vs α = P/D beside the Marchenko–Pastur theory',
  usesBackend: false,
  params: [
    {
      name: 'model',
      kind: 'enum',
      values: ['ridge'],
      default: 'ridge',
      help: 'ridge: ridge regression of y = w*·x/√D + √Δ ξ (random features: not implemented yet)',
    },
    { name: 'd', kind: 'int', default: 200, min: 2, max: 400, help: 'input dimension D' },
    {
      name: 'ratios',
      kind: 'number-list',
      default: [0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 3, 4],
      min: 0,
      max: 10,
      help: 'sample ratios α = P/D (P = round(αD))',
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
  ],
  tour: {
    model: 'ridge',
    d: 200,
    ratios: [0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2, 3],
    lambda: 0.01,
    noise: 0.5,
    trials: 4,
  },
  async run(ctx, v) {
    const d = v.d as number;
    const ratios = v.ratios as number[];
    const lambda = v.lambda as number;
    const noise = v.noise as number;
    const trials = v.trials as number;
    if (lambda === 0)
      for (const a of ratios)
        if (Math.round(a * d) === d)
          throw new UsageError(
            `--ratios: α = ${a} at D = ${d} gives P = D, where λ = 0 has infinite risk; use --lambda > 0 or move α`,
          );
    ctx.progress.start('double-descent', ratios.length);
    const points: DoubleDescentPoint[] = [];
    const lStar = ridgeOptimalLambda(noise);
    for (const [ai, ratio] of ratios.entries()) {
      const r = ridgeSimulation({ d, alpha: ratio, lambda, noise, trials, seed: deriveSeed(ctx.seed, ai) });
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
      ctx.progress.update(ai + 1);
    }
    ctx.progress.end(`${ratios.length} ratios × ${trials} instances at D = ${d}`);

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
};
