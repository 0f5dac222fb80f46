/**
 * `binary-perceptron-solvers`: the probability of solving random binary-perceptron instances
 * vs the load α, per solver — simulated annealing (SA), replicated simulated annealing (rSA)
 * and entropy-driven Monte Carlo (EdMC, opt-in: each move is a BP run) — on the same instances,
 * with the number of attempted flips (EdMC: proposals) to a solution.
 * @module
 */
import { defineExperiment, median, seriesFigure, UsageError } from '@replica/lab-kit';
import { replicatedAnnealing, simulatedAnnealing } from '../annealing';
import { entropyDrivenMonteCarlo } from '../edmc';
import type { BinaryPerceptronProblem } from '../perceptron';
import { randomBinaryPerceptron } from '../perceptron';
import { binaryPerceptronCapacity } from '../theory';

/** One (solver, α) row of `binary-perceptron-solvers --json`. */
interface SolverPoint {
  readonly solver: (typeof PERCEPTRON_SOLVERS)[number];
  readonly alpha: number;
  readonly p: number;
  readonly trials: number;
  readonly successes: number;
  readonly successRate: number;
  readonly successStderr: number;
  readonly medianIterations: number | null;
  readonly medianSweeps: number | null;
  readonly meanFinalEnergy: number;
}

/** The solvers `--solvers` takes. */
export const PERCEPTRON_SOLVERS = ['sa', 'rsa', 'edmc'] as const;

/** `binary-perceptron-solvers`: success rate vs α for SA and rSA. */
export const binaryPerceptronSolversExperiment = defineExperiment({
  name: 'binary-perceptron-solvers',
  summary:
    'Binary perceptron: success probability vs α of simulated annealing, replicated simulated annealing and entropy-driven Monte Carlo on the same random instances',
  usesBackend: false,
  params: [
    { name: 'n', kind: 'int', default: 401, min: 3, max: 100_001, help: 'N, the number of ±1 weights (odd)' },
    { name: 'alphas', kind: 'number-list', default: [0.3, 0.5, 0.6], min: 0.01, max: 2, help: 'loads α = P/N' },
    {
      name: 'solvers',
      kind: 'enum-list',
      values: PERCEPTRON_SOLVERS,
      default: ['sa', 'rsa'],
      help: 'solvers to compare',
    },
    {
      name: 'trials',
      kind: 'int',
      default: 8,
      min: 1,
      max: 100_000,
      help: 'random instances per α (the same for every solver)',
    },
    {
      name: 'teacher',
      kind: 'flag',
      help: 'labels from a random ±1 teacher (teacher–student) instead of random labels',
    },
    {
      name: 'sweeps',
      kind: 'int',
      default: 2000,
      min: 1,
      max: 10_000_000,
      help: 'the most sweeps per run (N attempted flips per replica each)',
    },
    { name: 'sa-beta-start', kind: 'number', default: 0.5, min: 1e-6, max: 1e6, help: 'SA: β at the first sweep' },
    {
      name: 'sa-beta-end',
      kind: 'number',
      default: 20,
      min: 1e-6,
      max: 1e6,
      help: 'SA: β at the last sweep (geometric in between)',
    },
    { name: 'replicas', kind: 'int', default: 7, min: 1, max: 1024, help: 'rSA: y, the number of replicas' },
    {
      name: 'rsa-beta',
      kind: 'number',
      default: 3,
      min: 1e-6,
      max: 1e6,
      help: 'rSA: β (constant: scoping γ does the work)',
    },
    { name: 'gamma-start', kind: 'number', default: 0.3, min: 0, max: 1e6, help: 'rSA: γ at the first sweep' },
    { name: 'gamma-rate', kind: 'number', default: 0.001, min: 0, max: 10, help: 'rSA: scoping γ_t = γ₀(1 + rate)^t' },
    {
      name: 'edmc-gamma-start',
      kind: 'number',
      default: 0.05,
      min: 1e-6,
      max: 1e6,
      help: 'EdMC: γ at the first sweep',
    },
    {
      name: 'edmc-gamma-rate',
      kind: 'number',
      default: 0.2,
      min: 0,
      max: 10,
      help: 'EdMC: scoping γ_t = γ₀(1 + rate)^t per sweep',
    },
    {
      name: 'edmc-y',
      kind: 'number',
      default: 0,
      min: 0,
      max: 1e9,
      help: 'EdMC: y, the inverse temperature of the walk on the local free entropy (0: greedy, y = ∞)',
    },
    {
      name: 'edmc-sweeps',
      kind: 'int',
      default: 50,
      min: 1,
      max: 1_000_000,
      help: 'EdMC: the most sweeps (N BP-evaluated proposals each)',
    },
    {
      name: 'scaling-sizes',
      kind: 'int-list',
      default: [51, 101, 201],
      min: 3,
      max: 100_001,
      help: 'N values (odd) of the scaling study: attempted flips to a solution vs N at --scaling-alpha',
    },
    { name: 'scaling-alpha', kind: 'number', default: 0.3, min: 0.01, max: 2, help: 'the load of the scaling study' },
    { name: 'no-scaling', kind: 'flag', help: 'skip the scaling study' },
  ],
  tour: { n: 101, alphas: [0.3, 0.5], trials: 4, sweeps: 1000, 'scaling-sizes': [31, 61] },
  async run(ctx, v) {
    if (v.n % 2 === 0) throw new UsageError(`--n: must be odd (so that no stability is 0), got ${v.n}`);
    if (v['sa-beta-end'] < v['sa-beta-start']) throw new UsageError('--sa-beta-end: must be ≥ --sa-beta-start');
    const sizes = v['no-scaling'] ? [] : v['scaling-sizes'];
    for (const n of sizes) if (n % 2 === 0) throw new UsageError(`--scaling-sizes: N must be odd, got ${n}`);
    const solve = (solver: (typeof PERCEPTRON_SOLVERS)[number], problem: BinaryPerceptronProblem, seed: bigint) =>
      solver === 'sa'
        ? simulatedAnnealing(problem, {
            betaStart: v['sa-beta-start'],
            betaEnd: v['sa-beta-end'],
            sweeps: v.sweeps,
            seed,
          })
        : solver === 'edmc'
          ? entropyDrivenMonteCarlo(problem, {
              gammaStart: v['edmc-gamma-start'],
              gammaRate: v['edmc-gamma-rate'],
              ...(v['edmc-y'] > 0 ? { y: v['edmc-y'] } : {}),
              sweeps: v['edmc-sweeps'],
              seed,
            })
          : replicatedAnnealing(problem, {
              betaStart: v['rsa-beta'],
              betaEnd: v['rsa-beta'],
              sweeps: v.sweeps,
              seed,
              replicas: v.replicas,
              gammaStart: v['gamma-start'],
              gammaRate: v['gamma-rate'],
            });
    const total = v.alphas.length * v.trials * v.solvers.length;
    let done = 0;
    const points: SolverPoint[] = [];
    for (const [ai, alpha] of v.alphas.entries())
      for (const [si, solver] of v.solvers.entries()) {
        const runs = [];
        for (let trial = 0; trial < v.trials; trial++) {
          // the same instance for every solver: seeded by (α, trial) only
          const problem = randomBinaryPerceptron({ n: v.n, alpha, seed: ctx.seedFor(ai, trial), teacher: v.teacher });
          const seed = ctx.seedFor(ai, trial, si + 1);
          const r = solve(solver, problem, seed);
          runs.push(r);
          ctx.progress(++done / total, `${solver} α = ${alpha}, trial ${trial + 1}`);
        }
        const solved = runs.filter((r) => r.solved);
        const rate = solved.length / runs.length;
        points.push({
          solver,
          alpha,
          p: Math.round(alpha * v.n),
          trials: runs.length,
          successes: solved.length,
          successRate: rate,
          successStderr: Math.sqrt((rate * (1 - rate)) / runs.length),
          medianIterations: solved.length > 0 ? median(solved.map((r) => r.iterations)) : null,
          medianSweeps: solved.length > 0 ? median(solved.map((r) => r.sweeps)) : null,
          meanFinalEnergy: runs.reduce((a, r) => a + r.energy, 0) / runs.length,
        });
      }
    // iterations to a solution vs N at one load, on instances of their own
    const scaling: {
      solver: string;
      n: number;
      successes: number;
      trials: number;
      medianIterations: number | null;
      lowerQuartile: number | null;
      upperQuartile: number | null;
    }[] = [];
    const quantile = (xs: number[], q: number) => {
      const a = [...xs].sort((x, y) => x - y);
      const pos = q * (a.length - 1);
      const lo = Math.floor(pos);
      return a[lo]! + (a[Math.min(lo + 1, a.length - 1)]! - a[lo]!) * (pos - lo);
    };
    for (const [ni, n] of sizes.entries())
      for (const [si, solver] of v.solvers.entries()) {
        const its: number[] = [];
        for (let trial = 0; trial < v.trials; trial++) {
          const problem = randomBinaryPerceptron({
            n,
            alpha: v['scaling-alpha'],
            seed: ctx.seedFor(1000 + ni, trial),
            teacher: v.teacher,
          });
          const seed = ctx.seedFor(1000 + ni, trial, si + 1);
          const r = solve(solver, problem, seed);
          if (r.solved) its.push(r.iterations);
        }
        scaling.push({
          solver,
          n,
          successes: its.length,
          trials: v.trials,
          medianIterations: its.length > 0 ? median(its) : null,
          lowerQuartile: its.length > 0 ? quantile(its, 0.25) : null,
          upperQuartile: its.length > 0 ? quantile(its, 0.75) : null,
        });
        ctx.progress(1, `scaling ${solver} N = ${n}`);
      }
    const alphaC = binaryPerceptronCapacity();
    const label = {
      sa: 'simulated annealing',
      rsa: `replicated SA (y = ${v.replicas})`,
      edmc: `EdMC (${v['edmc-y'] > 0 ? `y = ${v['edmc-y']}` : 'greedy'})`,
    } as const;
    return {
      json: {
        n: v.n,
        labels: v.teacher ? 'teacher' : 'random',
        sweeps: v.sweeps,
        schedules: {
          sa: { betaStart: v['sa-beta-start'], betaEnd: v['sa-beta-end'] },
          rsa: { beta: v['rsa-beta'], replicas: v.replicas, gammaStart: v['gamma-start'], gammaRate: v['gamma-rate'] },
        },
        capacityTheory: alphaC,
        points,
        scaling: { alpha: v['scaling-alpha'], rows: scaling },
      },
      figures: [
        seriesFigure({
          name: 'binary-perceptron-solvers',
          title: `Binary perceptron, N = ${v.n}: success probability vs α`,
          caption: `Fraction of ${v.trials} random instances (${v.teacher ? 'teacher labels' : 'random labels'}) solved within ${v.sweeps} sweeps, ± binomial standard error; the same instances for every solver. The RS capacity α_c = ${alphaC.toFixed(3)} bounds every solver.`,
          x: { title: 'α = P/N' },
          y: { title: 'success probability', domain: [0, 1] },
          series: [
            ...v.solvers.map((s) => ({
              name: label[s],
              kind: 'simulation' as const,
              mark: 'line' as const,
              points: points
                .filter((p) => p.solver === s)
                .map((p) => ({ x: p.alpha, y: p.successRate, yErr: p.successStderr })),
            })),
            ...(v.teacher
              ? []
              : [
                  {
                    name: `α_c (RS) = ${alphaC.toFixed(3)}`,
                    kind: 'theory' as const,
                    points: [
                      { x: alphaC, y: 0 },
                      { x: alphaC, y: 1 },
                    ],
                  },
                ]),
          ],
        }),
        ...(scaling.length === 0
          ? []
          : [
              seriesFigure({
                name: 'binary-perceptron-scaling',
                title: `Binary perceptron, α = ${v['scaling-alpha']}: attempted flips to a solution vs N`,
                caption: `Median over the solved runs of ${v.trials} instances per N (bars: quartiles), within ${v.sweeps} sweeps; an N where a solver solved none has no point. The thesis reports SA's time growing exponentially with N and rSA's polynomially.`,
                x: { title: 'N', scale: 'log' },
                y: { title: 'attempted flips', scale: 'log' },
                series: v.solvers.map((solver) => ({
                  name: label[solver],
                  kind: 'simulation' as const,
                  mark: 'line' as const,
                  points: scaling
                    .filter((r) => r.solver === solver && r.medianIterations !== null)
                    .map((r) => ({ x: r.n, y: r.medianIterations!, yLow: r.lowerQuartile!, yHigh: r.upperQuartile! })),
                })),
              }),
            ]),
      ],
      summary: points
        .map(
          (p) =>
            `${label[p.solver]}, α = ${p.alpha} (P = ${p.p}): ${p.successes}/${p.trials} solved${p.medianIterations !== null ? `, median ${p.medianIterations} flips (${p.medianSweeps} sweeps)` : ''}, mean final errors ${p.meanFinalEnergy.toFixed(2)}`,
        )
        .concat(
          scaling.map(
            (r) =>
              `scaling α = ${v['scaling-alpha']}, ${label[r.solver as (typeof PERCEPTRON_SOLVERS)[number]]}, N = ${r.n}: ${r.successes}/${r.trials} solved${r.medianIterations !== null ? `, median ${r.medianIterations} flips` : ''}`,
          ),
        ),
    };
  },
});
