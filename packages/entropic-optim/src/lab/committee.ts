/**
 * `committee-rsgd`: the probability that gradient training finds ±1 weights of a binary
 * committee machine that store P = αNK random patterns, vs α, for plain SGD (y = 1) and
 * replicated SGD (y = 3, 7) on the replica axis, with the epochs it took; a run succeeds when
 * the centre sign(w̄) or any replica sign(wᵃ) classifies every pattern.
 * @module
 */

import { defineExperiment, median, seriesFigure, UsageError } from '@replica/lab-kit';
import { randomCommitteeProblem, trainBinaryCommittee } from '../committee';
import { COUPLING_MODES } from '../replicated-sgd';

/** One (y, α) row of `committee-rsgd --json`. */
interface CommitteePoint {
  readonly replicas: number;
  readonly alpha: number;
  readonly p: number;
  readonly trials: number;
  readonly successes: number;
  readonly successRate: number;
  readonly successStderr: number;
  /** Median epochs to a solution over the solved runs (null when none). */
  readonly medianEpochs: number | null;
  /** Mean over the runs of the fewest training errors reached (centre or a replica). */
  readonly meanBestErrors: number;
}

/** `committee-rsgd`: success probability vs α of SGD and replicated SGD on the binary committee machine. */
export const committeeRsgdExperiment = defineExperiment({
  name: 'committee-rsgd',
  summary:
    'Binary committee machine (±1 weights, continuous weights behind them): success probability vs α of SGD (y = 1) and replicated SGD (y = 3, 7) on the same random instances',
  params: [
    { name: 'n', kind: 'int', default: 51, min: 3, max: 100_001, help: 'N, inputs (odd)' },
    { name: 'k', kind: 'int', default: 5, min: 1, max: 1001, help: 'K, hidden units (odd)' },
    {
      name: 'alphas',
      kind: 'number-list',
      default: [0.2, 0.3, 0.4],
      min: 0.01,
      max: 2,
      help: 'α = P/(NK), patterns per synapse',
    },
    { name: 'replicas', kind: 'int-list', default: [1, 3, 7], min: 1, max: 64, help: 'y values (1: plain SGD)' },
    {
      name: 'trials',
      kind: 'int',
      default: 4,
      min: 1,
      max: 100_000,
      help: 'random instances per α (the same for every y)',
    },
    { name: 'epochs', kind: 'int', default: 300, min: 1, max: 1_000_000, help: 'the most epochs per run' },
    { name: 'batch', kind: 'int', default: 5, min: 1, max: 100_000, help: 'minibatch per replica' },
    { name: 'lr', kind: 'number', default: 0.1, min: 0, max: 100, help: 'SGD learning rate η' },
    { name: 'output-scale', kind: 'number', default: 6, min: 1e-3, max: 1e3, help: 'λ of the surrogate output z' },
    { name: 'gamma0', kind: 'number', default: 0.05, min: 0, max: 1e6, help: 'γ₀ of the coupling (y > 1)' },
    {
      name: 'gamma1',
      kind: 'number',
      default: 0.05,
      min: 0,
      max: 100,
      help: 'scoping γ = min(γ₀(1 + γ₁)^epoch, γ_max)',
    },
    { name: 'gamma-max', kind: 'number', default: 1, min: 0, max: 1e6, help: 'γ_max' },
    {
      name: 'coupling',
      kind: 'enum',
      values: COUPLING_MODES,
      default: 'elastic',
      help: 'the coupling as an elastic step wᵃ ← wᵃ − ηγ(wᵃ − w̄) after SGD (η = 1 here), or through the gradient',
    },
  ],
  tour: { n: 31, alphas: [0.2, 0.35], replicas: [1, 5], trials: 2, epochs: 100 },
  async run(ctx, v) {
    if (v.n % 2 === 0) throw new UsageError(`--n: must be odd (no zero fields), got ${v.n}`);
    if (v.k % 2 === 0) throw new UsageError(`--k: must be odd (no tied votes), got ${v.k}`);
    if (v.coupling === 'elastic' && v['gamma-max'] > 1)
      throw new UsageError(`--gamma-max: the elastic step ηγ (η = 1) must stay ≤ 1, got ${v['gamma-max']}`);
    const be = ctx.backend;
    const N = v.n;
    const K = v.k;
    const total = v.alphas.length * v.replicas.length * v.trials;
    let done = 0;
    const points: CommitteePoint[] = [];
    for (const [ai, alpha] of v.alphas.entries())
      for (const y of v.replicas) {
        const epochsToSolve: number[] = [];
        const bestErrors: number[] = [];
        let p = 0;
        for (let trial = 0; trial < v.trials; trial++) {
          // the same instance and starting replicas for every y: seeded by (α, trial) only
          const problem = randomCommitteeProblem({ inputs: N, hidden: K, alpha, seed: ctx.seedFor(ai, trial) });
          p = problem.p;
          const run = await trainBinaryCommittee(be, problem, {
            replicas: y,
            epochs: v.epochs,
            batchSize: v.batch,
            lr: v.lr,
            outputScale: v['output-scale'],
            gamma0: v.gamma0,
            gamma1: v.gamma1,
            gammaMax: v['gamma-max'],
            coupling: v.coupling,
            initSeed: ctx.seedFor(ai, trial, 1),
            seed: ctx.seedFor(ai, trial, 2),
          });
          bestErrors.push(run.bestErrors);
          if (run.solvedAt !== null) epochsToSolve.push(run.solvedAt);
          ctx.progress(
            ++done / total,
            `y = ${y}, α = ${alpha}, trial ${trial + 1}: ${run.solvedAt !== null ? `solved in ${run.solvedAt} epochs` : `${run.bestErrors} errors left`}`,
          );
        }
        const rate = epochsToSolve.length / v.trials;
        points.push({
          replicas: y,
          alpha,
          p,
          trials: v.trials,
          successes: epochsToSolve.length,
          successRate: rate,
          successStderr: Math.sqrt((rate * (1 - rate)) / v.trials),
          medianEpochs: epochsToSolve.length > 0 ? median(epochsToSolve) : null,
          meanBestErrors: bestErrors.reduce((a, b) => a + b, 0) / bestErrors.length,
        });
      }
    const name = (y: number) => (y === 1 ? 'SGD (y = 1)' : `replicated SGD (y = ${y})`);
    return {
      json: {
        n: N,
        k: K,
        epochs: v.epochs,
        batch: v.batch,
        lr: v.lr,
        coupling: { mode: v.coupling, gamma0: v.gamma0, gamma1: v.gamma1, gammaMax: v['gamma-max'] },
        points,
      },
      figures: [
        seriesFigure({
          name: 'committee-rsgd',
          title: `Binary committee machine N = ${N}, K = ${K}: success probability vs α`,
          caption: `Fraction of ${v.trials} random instances solved (centre or a replica with zero training errors) within ${v.epochs} epochs, ± binomial standard error; the same instances for every y. Continuous weights behind ±1 ones (straight-through sign, clipped to [−1, 1]), surrogate cross-entropy, SGD η = ${v.lr}, batch ${v.batch}.`,
          x: { title: 'α = P/(NK)' },
          y: { title: 'success probability', domain: [0, 1] },
          series: v.replicas.map((y) => ({
            name: name(y),
            kind: 'simulation' as const,
            mark: 'line' as const,
            points: points
              .filter((q) => q.replicas === y)
              .map((q) => ({ x: q.alpha, y: q.successRate, yErr: q.successStderr })),
          })),
        }),
      ],
      summary: points.map(
        (q) =>
          `${name(q.replicas)}, α = ${q.alpha} (P = ${q.p}): ${q.successes}/${q.trials} solved${q.medianEpochs !== null ? `, median ${q.medianEpochs} epochs` : ''}, mean fewest errors ${q.meanBestErrors.toFixed(2)}`,
      ),
    };
  },
});
