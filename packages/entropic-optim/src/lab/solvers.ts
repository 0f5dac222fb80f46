/**
 * `binary-perceptron-solvers`: the probability of solving random binary-perceptron instances
 * vs the load α, per solver — simulated annealing (SA), replicated simulated annealing (rSA)
 * entropy-driven Monte Carlo (EdMC, opt-in: each move is a BP run) and replicated SGD (rSGD,
 * opt-in: a K = 1 binary committee, continuous weights behind ±1 ones) — on the same instances,
 * with the iterations to a solution (attempted flips; EdMC proposals; rSGD steps per replica).
 * @module
 */
import { defineExperiment, median, seriesFigure, UsageError } from '@replica/lab-kit';
import { deriveSeed } from '@replica/webgpu-kernels';
import { replicatedAnnealing, simulatedAnnealing } from '../annealing';
import { perceptronAsCommittee, trainBinaryCommittee } from '../committee';
import { entropyDrivenMonteCarlo } from '../edmc';
import type { BinaryPerceptronProblem } from '../perceptron';
import { randomBinaryPerceptron } from '../perceptron';
import { binaryEntropy } from '../quadrature';
import { solutionEntropyBP, solutionEntropySampled } from '../solution-entropy';
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
export const PERCEPTRON_SOLVERS = ['sa', 'rsa', 'edmc', 'rsgd'] as const;

/** `binary-perceptron-solvers`: success rate vs α for SA and rSA. */
export const binaryPerceptronSolversExperiment = defineExperiment({
  name: 'binary-perceptron-solvers',
  summary:
    'Binary perceptron: success probability vs α of simulated annealing, replicated simulated annealing, entropy-driven Monte Carlo and replicated SGD on the same random instances',
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
    { name: 'rsgd-replicas', kind: 'int', default: 7, min: 1, max: 64, help: 'rSGD: y, replicas on the replica axis' },
    { name: 'rsgd-epochs', kind: 'int', default: 300, min: 1, max: 1_000_000, help: 'rSGD: the most epochs' },
    { name: 'rsgd-batch', kind: 'int', default: 5, min: 1, max: 100_000, help: 'rSGD: minibatch per replica' },
    { name: 'rsgd-lr', kind: 'number', default: 0.1, min: 0, max: 100, help: 'rSGD: SGD learning rate η' },
    {
      name: 'rsgd-output-scale',
      kind: 'number',
      default: 6,
      min: 1e-3,
      max: 1e3,
      help: 'rSGD: λ of the surrogate output (cross-entropy on λ tanh(w·ξ/√N))',
    },
    { name: 'rsgd-gamma0', kind: 'number', default: 0.05, min: 0, max: 1e6, help: 'rSGD: γ₀ of the elastic coupling' },
    {
      name: 'rsgd-gamma1',
      kind: 'number',
      default: 0.05,
      min: 0,
      max: 100,
      help: 'rSGD: scoping γ = min(γ₀(1 + γ₁)^epoch, γ_max)',
    },
    {
      name: 'rsgd-gamma-max',
      kind: 'number',
      default: 1,
      min: 0,
      max: 1,
      help: 'rSGD: γ_max (the elastic step ηγ, η = 1)',
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
    {
      name: 'solution-entropy',
      kind: 'flag',
      help: 'measure the local entropy S(d) around the solutions each solver found at the first α, by BP (external fields γW̃) and by sampling k flips',
    },
    {
      name: 'solution-gammas',
      kind: 'number-list',
      default: [3, 2, 1.5, 1, 0.7, 0.5, 0.3],
      min: 0,
      max: 100,
      help: 'γ values of the BP local entropy (large γ: small d)',
    },
    {
      name: 'solution-flips',
      kind: 'int-list',
      default: [1, 2, 3, 5, 8],
      min: 1,
      max: 100_000,
      help: 'k values of the sampled local entropy (d = k/N)',
    },
    { name: 'solution-samples', kind: 'int', default: 2000, min: 1, max: 10_000_000, help: 'samples per k' },
  ],
  tour: { n: 101, alphas: [0.3, 0.5], trials: 4, sweeps: 1000, 'scaling-sizes': [31, 61] },
  async run(ctx, v) {
    if (v.n % 2 === 0) throw new UsageError(`--n: must be odd (so that no stability is 0), got ${v.n}`);
    if (v['sa-beta-end'] < v['sa-beta-start']) throw new UsageError('--sa-beta-end: must be ≥ --sa-beta-start');
    const sizes = v['no-scaling'] ? [] : v['scaling-sizes'];
    for (const n of sizes) if (n % 2 === 0) throw new UsageError(`--scaling-sizes: N must be odd, got ${n}`);
    const anneal = (solver: 'sa' | 'rsa' | 'edmc', problem: BinaryPerceptronProblem, seed: bigint) =>
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
    // one run: solved, iterations (flips; EdMC proposals; rSGD steps per replica), sweeps (rSGD: epochs), final errors
    const solve = async (
      solver: (typeof PERCEPTRON_SOLVERS)[number],
      problem: BinaryPerceptronProblem,
      seed: bigint,
    ) => {
      if (solver !== 'rsgd') return anneal(solver, problem, seed);
      const r = await trainBinaryCommittee(ctx.backend, perceptronAsCommittee(problem), {
        replicas: v['rsgd-replicas'],
        epochs: v['rsgd-epochs'],
        batchSize: v['rsgd-batch'],
        lr: v['rsgd-lr'],
        outputScale: v['rsgd-output-scale'],
        gamma0: v['rsgd-gamma0'],
        gamma1: v['rsgd-gamma1'],
        gammaMax: v['rsgd-gamma-max'],
        initSeed: deriveSeed(seed, 1),
        seed: deriveSeed(seed, 2),
      });
      return {
        solved: r.solvedAt !== null,
        iterations: r.steps,
        sweeps: r.solvedAt ?? v['rsgd-epochs'],
        energy: r.bestErrors,
        weights: r.weights,
      };
    };
    const total = v.alphas.length * v.trials * v.solvers.length;
    let done = 0;
    const points: SolverPoint[] = [];
    // the solutions at the first α, per solver, with their instance (for --solution-entropy)
    const found: {
      solver: (typeof PERCEPTRON_SOLVERS)[number];
      problem: BinaryPerceptronProblem;
      weights: Int8Array;
    }[] = [];
    for (const [ai, alpha] of v.alphas.entries())
      for (const [si, solver] of v.solvers.entries()) {
        const runs = [];
        for (let trial = 0; trial < v.trials; trial++) {
          // the same instance for every solver: seeded by (α, trial) only
          const problem = randomBinaryPerceptron({ n: v.n, alpha, seed: ctx.seedFor(ai, trial), teacher: v.teacher });
          const seed = ctx.seedFor(ai, trial, si + 1);
          const r = await solve(solver, problem, seed);
          runs.push(r);
          if (ai === 0 && r.solved && r.weights) found.push({ solver, problem, weights: r.weights });
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
          const r = await solve(solver, problem, seed);
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
    // the local entropy around each solver's solutions: BP (Legendre transform of Φ(γ)) and sampling
    const solutionEntropy = v['solution-entropy']
      ? v.solvers.map((solver) => {
          const mine = found.filter((f) => f.solver === solver);
          const bp = mine.map((f) => solutionEntropyBP(f.problem, f.weights, v['solution-gammas']));
          const sampled = mine.map((f, i) =>
            solutionEntropySampled(f.problem, f.weights, {
              flips: v['solution-flips'].filter((k) => k <= v.n),
              samples: v['solution-samples'],
              seed: ctx.seedFor(9000, i),
            }),
          );
          const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
          return {
            solver,
            alpha: v.alphas[0]!,
            solutions: mine.length,
            bp: v['solution-gammas'].map((gamma, gi) => ({
              gamma,
              distance: mine.length > 0 ? mean(bp.map((b) => b[gi]!.distance)) : null,
              entropy: mine.length > 0 ? mean(bp.map((b) => b[gi]!.entropy)) : null,
            })),
            sampled: v['solution-flips']
              .filter((k) => k <= v.n)
              .map((k, ki) => {
                const rows = sampled.map((r) => r[ki]!);
                const ok = rows.filter((r) => r.entropy !== null);
                return {
                  flips: k,
                  distance: k / v.n,
                  measured: ok.length,
                  entropy: ok.length > 0 ? mean(ok.map((r) => r.entropy!)) : null,
                  allConfigurations: rows[0]?.allConfigurations ?? null,
                };
              }),
          };
        })
      : [];
    const alphaC = binaryPerceptronCapacity();
    const label = {
      sa: 'simulated annealing',
      rsa: `replicated SA (y = ${v.replicas})`,
      edmc: `EdMC (${v['edmc-y'] > 0 ? `y = ${v['edmc-y']}` : 'greedy'})`,
      rsgd: v['rsgd-replicas'] === 1 ? 'SGD (y = 1)' : `replicated SGD (y = ${v['rsgd-replicas']})`,
    } as const;
    const unit = { sa: 'flips', rsa: 'flips', edmc: 'proposals', rsgd: 'SGD steps' } as const;
    return {
      json: {
        n: v.n,
        labels: v.teacher ? 'teacher' : 'random',
        sweeps: v.sweeps,
        schedules: {
          sa: { betaStart: v['sa-beta-start'], betaEnd: v['sa-beta-end'] },
          rsa: { beta: v['rsa-beta'], replicas: v.replicas, gammaStart: v['gamma-start'], gammaRate: v['gamma-rate'] },
          rsgd: {
            replicas: v['rsgd-replicas'],
            epochs: v['rsgd-epochs'],
            batch: v['rsgd-batch'],
            lr: v['rsgd-lr'],
            outputScale: v['rsgd-output-scale'],
            gamma0: v['rsgd-gamma0'],
            gamma1: v['rsgd-gamma1'],
            gammaMax: v['rsgd-gamma-max'],
          },
        },
        iterationUnits: unit,
        capacityTheory: alphaC,
        points,
        scaling: { alpha: v['scaling-alpha'], rows: scaling },
        ...(v['solution-entropy'] ? { solutionEntropy } : {}),
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
                title: `Binary perceptron, α = ${v['scaling-alpha']}: iterations to a solution vs N`,
                caption: `Median over the solved runs of ${v.trials} instances per N (bars: quartiles), within the solver's budget; an N where a solver solved none has no point. Iterations are attempted flips for SA and rSA, BP-evaluated proposals for EdMC, SGD steps per replica for rSGD. The thesis reports SA's time growing exponentially with N and rSA's polynomially.`,
                x: { title: 'N', scale: 'log' },
                y: { title: 'iterations (flips; proposals; SGD steps)', scale: 'log' },
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
        ...(solutionEntropy.length === 0
          ? []
          : [
              seriesFigure({
                name: 'binary-perceptron-solution-entropy',
                title: `Binary perceptron, N = ${v.n}, α = ${v.alphas[0]}: local entropy around the solutions found`,
                caption: `S(d) = (1/N) ln #{solutions at distance d} around each solver's solutions (mean over those it found): lines by BP with fields γW̃ (Legendre transform of the Bethe free entropy), points by sampling ${v['solution-samples']} configurations at k flips; the α = 0 count ln C(N, k)/N on top. A solution in a dense region stays close to it at small d.`,
                x: { title: 'd' },
                y: { title: 'S(d)', unit: 'nats' },
                series: [
                  {
                    name: 'all configurations, ln C(N, dN)/N',
                    kind: 'theory' as const,
                    points: Array.from({ length: 30 }, (_, i) => {
                      const d = (i + 1) / 60;
                      return { x: d, y: binaryEntropy(d) };
                    }),
                  },
                  ...solutionEntropy.flatMap((e) => [
                    {
                      name: `${label[e.solver]} (BP)`,
                      kind: 'simulation' as const,
                      mark: 'line' as const,
                      points: e.bp.flatMap((b) =>
                        b.distance !== null && b.entropy !== null ? [{ x: b.distance, y: b.entropy }] : [],
                      ),
                    },
                    {
                      name: `${label[e.solver]} (sampled)`,
                      kind: 'simulation' as const,
                      points: e.sampled.flatMap((r) => (r.entropy !== null ? [{ x: r.distance, y: r.entropy }] : [])),
                    },
                  ]),
                ],
              }),
            ]),
      ],
      summary: points
        .map(
          (p) =>
            `${label[p.solver]}, α = ${p.alpha} (P = ${p.p}): ${p.successes}/${p.trials} solved${p.medianIterations !== null ? `, median ${p.medianIterations} ${unit[p.solver]} (${p.medianSweeps} ${p.solver === 'rsgd' ? 'epochs' : 'sweeps'})` : ''}, mean final errors ${p.meanFinalEnergy.toFixed(2)}`,
        )
        .concat(
          solutionEntropy.map(
            (e) =>
              `local entropy around ${label[e.solver]}'s ${e.solutions} solutions at α = ${e.alpha}: BP ${e.bp
                .filter((b) => b.entropy !== null)
                .map((b) => `S(${b.distance!.toFixed(3)}) = ${b.entropy!.toFixed(4)}`)
                .join(', ')}; sampled ${e.sampled
                .map((r) => `k = ${r.flips}: ${r.entropy === null ? 'none' : r.entropy.toFixed(4)}`)
                .join(', ')}`,
          ),
          scaling.map(
            (r) =>
              `scaling α = ${v['scaling-alpha']}, ${label[r.solver as (typeof PERCEPTRON_SOLVERS)[number]]}, N = ${r.n}: ${r.successes}/${r.trials} solved${r.medianIterations !== null ? `, median ${r.medianIterations} ${unit[r.solver as (typeof PERCEPTRON_SOLVERS)[number]]}` : ''}`,
          ),
        ),
    };
  },
});
